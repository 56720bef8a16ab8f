package discover

import (
	"context"
	"fmt"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/pricing"
	"github.com/aws/aws-sdk-go-v2/service/pricing/types"
)

// pricingOperations is the AWS Price List API read. Discovery never calls it:
// only `ecspack prices --refresh` does, to refresh the cost model's price
// table. It is declared here, in its own table, so the read-only guard allows
// it and `ecspack iam-policy` grants it; a role used only for discover can go
// without pricing:GetProducts.
var pricingOperations = ops("pricing", "GetProducts")

// PriceListRegion is the region whose endpoint serves the AWS Price List API
// for every region's prices.
const PriceListRegion = "us-east-1"

// priceListPageSize is GetProducts' documented maximum page size.
const priceListPageSize = 100

// maxPriceListPages bounds one query's pages, so a server that keeps handing
// out new tokens cannot keep the command running for ever; a narrowly filtered
// query needs one or two.
const maxPriceListPages = 200

// PriceList reads products from the AWS Price List API (GetProducts only).
// It is the SDK side of `prices --refresh`: the cost package parses what it
// returns without linking the SDK.
type PriceList struct {
	client *pricing.Client
}

// NewPriceList returns a PriceList calling the Price List API in
// PriceListRegion with cfg, which should come from LoadConfig so the
// read-only guard and the user's credentials and --endpoint-url apply.
func NewPriceList(cfg aws.Config) *PriceList {
	return &PriceList{client: pricing.NewFromConfig(cfg, func(o *pricing.Options) {
		o.Region = PriceListRegion
	})}
}

// Products calls GetProducts for serviceCode with one TERM_MATCH filter per
// entry of filters (sent sorted by field, so requests are reproducible),
// follows NextToken through every page, and returns every PriceList document
// (the JSON text of one product with its terms) in the order received.
func (p *PriceList) Products(ctx context.Context, serviceCode string, filters map[string]string) ([]string, error) {
	fields := make([]string, 0, len(filters))
	for f := range filters {
		fields = append(fields, f)
	}
	slices.Sort(fields)
	in := &pricing.GetProductsInput{
		ServiceCode:   aws.String(serviceCode),
		FormatVersion: aws.String("aws_v1"),
		MaxResults:    aws.Int32(priceListPageSize),
	}
	for _, f := range fields {
		in.Filters = append(in.Filters, types.Filter{Type: types.FilterTypeTermMatch, Field: aws.String(f), Value: aws.String(filters[f])})
	}
	var docs []string
	pages := pricing.NewGetProductsPaginator(p.client, in)
	for n := 0; pages.HasMorePages(); n++ {
		if n == maxPriceListPages {
			return nil, fmt.Errorf("pricing GetProducts %s: more than %d pages: narrow the filters", serviceCode, maxPriceListPages)
		}
		out, err := pages.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("pricing GetProducts %s: %w", serviceCode, err)
		}
		docs = append(docs, out.PriceList...)
	}
	return docs, nil
}
