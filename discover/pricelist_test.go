package discover

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/pricing"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/ecspack/ecspack/internal/testkit/mototest"
)

// priceListServer answers GetProducts in two pages and records every request.
type priceListServer struct {
	mu      sync.Mutex
	targets []string
	bodies  []map[string]any
	scopes  []string
}

func (s *priceListServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	var in map[string]any
	_ = json.Unmarshal(body, &in)
	s.mu.Lock()
	s.targets = append(s.targets, r.Header.Get("X-Amz-Target"))
	s.bodies = append(s.bodies, in)
	s.scopes = append(s.scopes, r.Header.Get("Authorization"))
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	if in["NextToken"] == nil {
		_, _ = io.WriteString(w, `{"FormatVersion":"aws_v1","NextToken":"page2","PriceList":["{\"product\":{\"sku\":\"A\"}}"]}`)
		return
	}
	_, _ = io.WriteString(w, `{"FormatVersion":"aws_v1","PriceList":["{\"product\":{\"sku\":\"B\"}}"]}`)
}

// priceListConfig is the discovery configuration for a test of the Price
// List: static test credentials and --endpoint-url at a fake Price List
// server, closed when t ends.
func priceListConfig(t *testing.T) (*priceListServer, aws.Config) {
	t.Helper()
	isolatedAWS(t)
	srv := &priceListServer{}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	cfg, err := LoadConfig(context.Background(), Options{EndpointURL: ts.URL})
	if err != nil {
		t.Fatal(err)
	}
	return srv, cfg
}

// isolatedAWS points the credentials chain at static test credentials only.
func isolatedAWS(t *testing.T) {
	t.Helper()
	mototest.IsolateAWS(t)
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDTEST")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "SECRET")
	t.Setenv("AWS_REGION", "eu-west-1")
}

func TestPriceListProductsThroughLoadConfig(t *testing.T) {
	srv, cfg := priceListConfig(t)
	docs, err := NewPriceList(cfg).Products(context.Background(), "AmazonEC2",
		map[string]string{"regionCode": "us-east-1", "instanceType": "m5.large"})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{`{"product":{"sku":"A"}}`, `{"product":{"sku":"B"}}`}; !slices.Equal(docs, want) {
		t.Fatalf("documents %q, want both pages %q", docs, want)
	}
	if len(srv.targets) != 2 {
		t.Fatalf("%d requests, want 2 pages", len(srv.targets))
	}
	for i, target := range srv.targets {
		if target != "AWSPriceListService.GetProducts" {
			t.Errorf("request %d: target %q", i, target)
		}
		if !strings.Contains(srv.scopes[i], "/us-east-1/pricing/aws4_request") {
			t.Errorf("request %d not signed for pricing in us-east-1: %s", i, srv.scopes[i])
		}
		b := srv.bodies[i]
		if b["ServiceCode"] != "AmazonEC2" || b["FormatVersion"] != "aws_v1" {
			t.Errorf("request %d: %v", i, b)
		}
		f, _ := json.Marshal(b["Filters"])
		if want := `[{"Field":"instanceType","Type":"TERM_MATCH","Value":"m5.large"},{"Field":"regionCode","Type":"TERM_MATCH","Value":"us-east-1"}]`; string(f) != want {
			t.Errorf("request %d filters %s, want %s", i, f, want)
		}
	}
	if srv.bodies[1]["NextToken"] != "page2" {
		t.Errorf("second page did not pass the token: %v", srv.bodies[1])
	}
}

func TestLoadConfigGuardRefusesWhatIsNotADeclaredRead(t *testing.T) {
	srv, cfg := priceListConfig(t)
	ctx := context.Background()
	pc := pricing.NewFromConfig(cfg, func(o *pricing.Options) { o.Region = PriceListRegion })
	// A read of the Price List API that nothing declares.
	if _, err := pc.DescribeServices(ctx, &pricing.DescribeServicesInput{}); !errors.Is(err, ErrUndeclared) {
		t.Errorf("pricing DescribeServices: want ErrUndeclared, got %v", err)
	}
	// Writes through the same configuration.
	if _, err := ecs.NewFromConfig(cfg).DeleteCluster(ctx, &ecs.DeleteClusterInput{Cluster: aws.String("prod")}); !errors.Is(err, ErrNotReadOnly) {
		t.Errorf("ecs DeleteCluster: want ErrNotReadOnly, got %v", err)
	}
	if _, err := sts.NewFromConfig(cfg).AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::111111111111:role/x"), RoleSessionName: aws.String("s")}); !errors.Is(err, ErrNotReadOnly) {
		t.Errorf("sts AssumeRole: want ErrNotReadOnly, got %v", err)
	}
	if len(srv.targets) != 0 {
		t.Fatalf("refused calls reached the server: %v", srv.targets)
	}
}

func TestPricingIsDeclaredButIsNoCollector(t *testing.T) {
	if !slices.Contains(Operations(), Operation{Service: "pricing", Name: "GetProducts"}) {
		t.Fatal("pricing GetProducts is not declared")
	}
	if got := (Operation{Service: "pricing", Name: "GetProducts"}).IAMAction(); got != "pricing:GetProducts" {
		t.Errorf("IAM action %q", got)
	}
	if !slices.Contains(IAMPolicy().Statement[0].Action, "pricing:GetProducts") {
		t.Error("iam-policy does not grant pricing:GetProducts")
	}
	if slices.Contains(ServiceNames(), "pricing") {
		t.Errorf("ServiceNames lists pricing as a collector: %v", ServiceNames())
	}
	_, err := RunConfig(context.Background(), testConfig("http://127.0.0.1:1"), Options{Services: []string{"pricing"}})
	if !errors.Is(err, ErrUnknownService) {
		t.Errorf("discover --services pricing: want ErrUnknownService, got %v", err)
	}
}
