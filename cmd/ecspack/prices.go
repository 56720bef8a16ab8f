package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/ecspack/ecspack/cost"
	"github.com/ecspack/ecspack/discover"
)

// newPricesCmd is `ecspack prices`: print the price table the cost model
// uses (the embedded one, or a --prices override after validating it), so a
// partner can see the source and date of every unit price and start an
// override from it.
func newPricesCmd() *cobra.Command {
	var (
		format, file string
		refresh      refreshFlags
	)
	cmd := &cobra.Command{
		Use:   "prices [--format text|json|yaml] [--prices FILE] | --refresh -o FILE",
		Short: "Print the dated price table the cost model uses",
		Long: `prices prints the price table behind the cost model (COST-001): its source and
date, the named assumptions (hours per month, Spot discounts, load balancer capacity
units, NAT data), and per region the on-demand prices of Fargate (per vCPU-hour and
GB-hour, by OS and CPU architecture), load balancers, NAT gateways and EC2 instance
types.

Without --prices it prints the table embedded in ecspack. With --prices FILE it
validates FILE (same shape, YAML or JSON) and prints it; errors name the file and
line. --format yaml prints the embedded file as shipped, a starting point for an
override; --format json prints the parsed table.

With --refresh it reads current prices from the AWS Price List API instead
(pricing:GetProducts only, through the same read-only guard, credentials chain,
--profile and --endpoint-url as discover; the API is served from us-east-1
whatever the regions priced) and writes a table in the same format to -o FILE,
with the embedded table's assumptions: for each region (--regions, default the
embedded table's) Fargate per vCPU-hour and GB-hour (Linux x86 and ARM, Windows
with its licence fee, ephemeral storage), application, network and gateway load
balancers, NAT gateways, and EC2 Linux on-demand prices for the instance types
the embedded table lists and those --instance-types adds (the types your estate
runs that the table lacks: the cost model lists their lines as unpriced). A price the price list does not give is kept from the
embedded table, marked so in FILE and listed on stderr ("kept from the embedded
table"); ECS Anywhere is not read. The table's date is --date YYYY-MM-DD when
given, otherwise the latest publication date of the products read; when the
API gives none, --date is required (never the clock, so the same answers give
the same file). Use FILE with --prices. The policy 'ecspack iam-policy'
prints grants pricing:GetProducts, which only --refresh needs.

` + exitCodesHelp,
		Example: "  ecspack prices\n  ecspack prices --format yaml > my-prices.yaml\n  ecspack prices --prices my-prices.yaml --format json\n" +
			"  ecspack prices --refresh --regions us-east-1,eu-west-1 -o prices-refreshed.yaml\n" +
			"  ecspack prices --refresh --regions eu-north-1 --instance-types c7i.xlarge,c6a.xlarge -o prices-refreshed.yaml",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if refresh.on {
				if cmd.Flags().Changed("format") || file != "" {
					return badInput(errors.New("--refresh writes a price table to -o FILE: --format and --prices do not apply"))
				}
				return runPricesRefresh(cmd, refresh)
			}
			if refresh.changed(cmd) {
				return badInput(errors.New("--regions, --instance-types, --profile, --endpoint-url, --date and -o go with --refresh"))
			}
			var (
				p   *cost.Prices
				err error
			)
			if file != "" {
				p, err = cost.ReadPricesFile(file)
			} else {
				p, err = cost.EmbeddedPrices()
			}
			if err != nil {
				return badInput(err)
			}
			out := cmd.OutOrStdout()
			switch format {
			case "text", "":
				return writePricesText(out, p)
			case "json":
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				return enc.Encode(p)
			case "yaml":
				if file != "" {
					return badInput(fmt.Errorf("--format yaml prints the embedded table as shipped; your file %s is already YAML or JSON", file))
				}
				src, err := cost.EmbeddedPricesSource()
				if err != nil {
					return err
				}
				_, err = out.Write(src)
				return err
			default:
				return badInput(fmt.Errorf("--format %q: expected text, json or yaml", format))
			}
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output `FORMAT`: text, json or yaml")
	cmd.Flags().StringVar(&file, "prices", "", "price table `FILE` to validate and print instead of the embedded one")
	f := cmd.Flags()
	f.BoolVar(&refresh.on, "refresh", false, "read current prices from the AWS Price List API and write them to -o FILE")
	f.StringSliceVar(&refresh.regions, "regions", nil, "with --refresh: comma-separated `REGIONS` to price (default: the embedded table's)")
	f.StringSliceVar(&refresh.instanceTypes, "instance-types", nil, "with --refresh: comma-separated EC2 instance `TYPES` to price besides the embedded table's")
	f.StringVar(&refresh.profile, "profile", "", "with --refresh: shared config `PROFILE` to use")
	f.StringVar(&refresh.endpointURL, "endpoint-url", "", "with --refresh: `URL` of the Price List API endpoint (a test server)")
	f.StringVar(&refresh.date, "date", "", "with --refresh: the table's `DATE` (YYYY-MM-DD), required when the API gives no publication date")
	f.StringVarP(&refresh.out, "output", "o", "", "with --refresh: price table `FILE` to write")
	return cmd
}

// refreshFlags are the flags of `prices --refresh`.
type refreshFlags struct {
	on                              bool
	regions, instanceTypes          []string
	profile, endpointURL, date, out string
}

// changed reports whether a --refresh-only flag was given.
func (r refreshFlags) changed(cmd *cobra.Command) bool {
	for _, n := range []string{"regions", "instance-types", "profile", "endpoint-url", "date", "output"} {
		if cmd.Flags().Changed(n) {
			return true
		}
	}
	return false
}

// awsCallError marks a failure of the Price List API itself (exit 3), apart
// from the user's input (exit 2).
type awsCallError struct{ err error }

func (e *awsCallError) Error() string { return e.err.Error() }
func (e *awsCallError) Unwrap() error { return e.err }

// runPricesRefresh is `prices --refresh`: read the Price List API through
// discover's guarded configuration, write the table, list what was kept.
func runPricesRefresh(cmd *cobra.Command, r refreshFlags) error {
	if r.out == "" {
		return badInput(errors.New("--refresh needs -o FILE: the price table to write"))
	}
	if err := checkOutFile(r.out, "a price table", isPriceTableFile); err != nil {
		return err
	}
	ctx := cmd.Context()
	if ctx == nil {
		ctx = context.Background()
	}
	stderr := cmd.ErrOrStderr()
	quiet := false
	if q := cmd.Flag("quiet"); q != nil {
		quiet = q.Value.String() == "true"
	}
	cfg, err := discover.LoadConfig(ctx, discover.Options{
		Profile:     r.profile,
		EndpointURL: r.endpointURL,
		Regions:     []string{discover.PriceListRegion},
		Concurrency: cost.DefaultRefreshConcurrency,
	})
	if err != nil {
		return &exitError{code: ExitAWS, err: err}
	}
	pl := discover.NewPriceList(cfg)
	get := func(ctx context.Context, service string, filters map[string]string) ([]string, error) {
		docs, err := pl.Products(ctx, service, filters)
		if err != nil {
			return nil, &awsCallError{err: err}
		}
		return docs, nil
	}
	if !quiet {
		fmt.Fprintf(stderr, "ecspack: reading prices from the AWS Price List API (%s)\n", regionsLabel(r.regions))
	}
	res, err := cost.RefreshPrices(ctx, get, cost.RefreshOptions{Regions: r.regions, Date: r.date, InstanceTypes: r.instanceTypes})
	if err != nil {
		var ae *awsCallError
		if errors.As(err, &ae) {
			return &exitError{code: ExitAWS, err: err}
		}
		return badInput(err)
	}
	if err := writeFileAtomic(r.out, res.YAML); err != nil {
		return err
	}
	base, err := cost.EmbeddedPrices()
	if err != nil {
		return err
	}
	if len(res.Kept) > 0 {
		fmt.Fprintf(stderr, "ecspack: warning: %d price(s) kept from the embedded table (%s):\n", len(res.Kept), base.Date)
		for _, g := range res.Kept {
			fmt.Fprintf(stderr, "  kept from the embedded table: %s\n", g)
		}
	}
	if len(res.Missing) > 0 {
		fmt.Fprintf(stderr, "ecspack: warning: %d price(s) neither in the price list nor in the embedded table, left out:\n", len(res.Missing))
		for _, g := range res.Missing {
			fmt.Fprintf(stderr, "  left out: %s\n", g)
		}
	}
	if !quiet {
		dateNote := "the latest publication date of the products read"
		if r.date != "" {
			dateNote = "from --date"
			if res.PublicationDate != "" && res.PublicationDate != r.date {
				dateNote += "; the products read were published up to " + res.PublicationDate
			}
		}
		fmt.Fprintf(stderr, "ecspack: wrote %s (%s, dated %s, %s; %d queries)\n", r.out, res.Prices.Source, res.Prices.Date, dateNote, res.Queries)
	}
	return nil
}

func regionsLabel(regions []string) string {
	if len(regions) == 0 {
		return "the embedded table's regions"
	}
	return strings.Join(regions, ", ")
}

func writePricesText(w io.Writer, p *cost.Prices) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "Source:\t%s\nDate:\t%s\nCurrency:\t%s\n\nAssumptions\n", p.Source, p.Date, p.Currency)
	for _, k := range cost.AssumptionKeys() {
		fmt.Fprintf(tw, "  %s\t%v\n", k, p.Assumptions[k])
	}
	regions := make([]string, 0, len(p.Regions))
	for r := range p.Regions {
		regions = append(regions, r)
	}
	slices.Sort(regions)
	for _, r := range regions {
		rp := p.Regions[r]
		fmt.Fprintf(tw, "\n%s\n", r)
		for _, k := range sorted(rp.Fargate) {
			f := rp.Fargate[k]
			fmt.Fprintf(tw, "  Fargate %s\t%v per vCPU-hour\t%v per GB-hour\n", k, f.VCPUHour, f.GBHour)
		}
		if rp.FargateEphemeralGBHour > 0 {
			fmt.Fprintf(tw, "  Fargate ephemeral storage\t%v per GB-hour above 20 GB\t\n", rp.FargateEphemeralGBHour)
		}
		if rp.ECSAnywhereInstanceHour > 0 {
			fmt.Fprintf(tw, "  ECS Anywhere\t%v per instance-hour\t\n", rp.ECSAnywhereInstanceHour)
		}
		for _, k := range sorted(rp.LoadBalancer) {
			l := rp.LoadBalancer[k]
			fmt.Fprintf(tw, "  Load balancer %s\t%v per hour\t%v per capacity unit-hour\n", k, l.Hour, l.LCUHour)
		}
		if n := rp.NATGateway; n != nil {
			fmt.Fprintf(tw, "  NAT gateway\t%v per hour\t%v per GB processed\n", n.Hour, n.GBProcessed)
		}
		for _, t := range sorted(rp.EC2) {
			fmt.Fprintf(tw, "  EC2 %s\t%v per instance-hour\t\n", t, rp.EC2[t])
		}
	}
	return tw.Flush()
}

func sorted[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}
