package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/ecspack/ecspack/cost"
	"github.com/ecspack/ecspack/internal/testkit/mototest"
)

// priceListDoc builds one PriceList document in the shape GetProducts
// returns (as in the aws CLI's pricing get-products example): the product
// with its attributes, the on-demand term with one price dimension, and the
// version and publication date. reserved adds a Reserved term, which the
// refresh must ignore.
func priceListDoc(sku, family, usd, unit, published string, attrs map[string]string, reserved bool) string {
	attrs["servicecode"] = map[string]string{"Compute": "AmazonECS", "Load Balancer-Application": "AWSELB", "Load Balancer-Network": "AWSELB"}[family]
	if attrs["servicecode"] == "" {
		attrs["servicecode"] = "AmazonEC2"
	}
	attrs["regionCode"] = "us-east-1"
	attrs["location"] = "US East (N. Virginia)"
	attrs["locationType"] = "AWS Region"
	term := sku + ".JRTCKXETXF"
	rate := term + ".6YS6EN2CT7"
	doc := map[string]any{
		"product":     map[string]any{"productFamily": family, "attributes": attrs, "sku": sku},
		"serviceCode": attrs["servicecode"],
		"terms": map[string]any{"OnDemand": map[string]any{term: map[string]any{
			"priceDimensions": map[string]any{rate: map[string]any{
				"unit": unit, "endRange": "Inf", "description": "$" + usd + " per " + unit, "appliesTo": []string{},
				"rateCode": rate, "beginRange": "0", "pricePerUnit": map[string]string{"USD": usd},
			}},
			"sku": sku, "effectiveDate": "2025-11-01T00:00:00Z", "offerTermCode": "JRTCKXETXF", "termAttributes": map[string]any{},
		}}},
		"version": "20251105000000",
	}
	if published != "" {
		doc["publicationDate"] = published
	}
	if reserved {
		doc["terms"].(map[string]any)["Reserved"] = map[string]any{sku + ".4NA7Y494T4": map[string]any{
			"priceDimensions": map[string]any{sku + ".4NA7Y494T4.6YS6EN2CT7": map[string]any{
				"unit": "Hrs", "beginRange": "0", "endRange": "Inf", "pricePerUnit": map[string]string{"USD": "0.0600000000"},
			}},
			"offerTermCode": "4NA7Y494T4", "termAttributes": map[string]string{"LeaseContractLength": "1yr", "PurchaseOption": "No Upfront"},
		}}
	}
	b, _ := json.Marshal(doc)
	return string(b)
}

// The prices the replaying server serves for us-east-1. They differ from the
// embedded table on purpose, so the test can tell a refreshed price from a kept one.
const (
	pubECS = "2025-11-05T18:22:01Z"
	pubEC2 = "2025-11-20T09:13:44Z"
)

func priceListAnswers(published bool) map[string][]string {
	pub := func(d string) string {
		if published {
			return d
		}
		return ""
	}
	ecs := func(sku, usage, usd, unit string) string {
		return priceListDoc(sku, "Compute", usd, unit, pub(pubECS), map[string]string{"usagetype": usage, "tenancy": "Shared", "operation": ""}, false)
	}
	elb := func(sku, family, usage, op, usd, unit string) string {
		return priceListDoc(sku, family, usd, unit, pub(pubECS), map[string]string{"usagetype": usage, "operation": op}, false)
	}
	return map[string][]string{
		"AmazonECS": {
			ecs("FARGATEVCPU00001", "USE1-Fargate-vCPU-Hours:perCPU", "0.0411100000", "hours"),
			ecs("FARGATEGB0000001", "USE1-Fargate-GB-Hours", "0.0045600000", "hours"),
			ecs("FARGATEARMVCPU01", "USE1-Fargate-ARM-vCPU-Hours:perCPU", "0.0329900000", "hours"),
			ecs("FARGATEARMGB0001", "USE1-Fargate-ARM-GB-Hours", "0.0036100000", "hours"),
			ecs("FARGATEWINVCPU01", "USE1-Fargate-Windows-vCPU-Hours:perCPU", "0.0915000000", "hours"),
			ecs("FARGATEWINOS0001", "USE1-Fargate-Windows-OS-Hours:perCPU", "0.0460000000", "hours"),
			ecs("FARGATEWINGB0001", "USE1-Fargate-Windows-GB-Hours", "0.0100600000", "hours"),
			ecs("FARGATEEPHEM0001", "USE1-Fargate-EphemeralStorage-GB-Hours", "0.0001120000", "GB-Hours"),
			// Not a Fargate on-demand rate: must not be taken for one.
			ecs("ANYWHERE00000001", "USE1-ECS-Anywhere-Instance-Hours", "0.0102500000", "hours"),
		},
		"AWSELB": {
			elb("ALBHOURS00000001", "Load Balancer-Application", "USE1-LoadBalancerUsage", "LoadBalancing:Application", "0.0233000000", "Hrs"),
			elb("ALBLCU0000000001", "Load Balancer-Application", "USE1-LCUUsage", "LoadBalancing:Application", "0.0081000000", "LCU-Hrs"),
			elb("NLBHOURS00000001", "Load Balancer-Network", "USE1-LoadBalancerUsage", "LoadBalancing:Network", "0.0234000000", "Hrs"),
			elb("NLBLCU0000000001", "Load Balancer-Network", "USE1-LCUUsage", "LoadBalancing:Network", "0.0061000000", "LCU-Hrs"),
			// The classic load balancer, which the table does not price.
			elb("CLBHOURS00000001", "Load Balancer", "USE1-LoadBalancerUsage", "LoadBalancing", "0.0250000000", "Hrs"),
		},
		"NAT": {
			priceListDoc("NATHOURS00000001", "NAT Gateway", "0.0466000000", "Hrs", pub(pubECS), map[string]string{"usagetype": "USE1-NatGateway-Hours", "operation": "NatGateway"}, false),
			priceListDoc("NATBYTES00000001", "NAT Gateway", "0.0455000000", "GB", pub(pubECS), map[string]string{"usagetype": "USE1-NatGateway-Bytes", "operation": "NatGateway"}, false),
		},
		"m5.large": {
			priceListDoc("M5LARGE000000001", "Compute Instance", "0.0999000000", "Hrs", pub(pubEC2), map[string]string{
				"usagetype": "BoxUsage:m5.large", "instanceType": "m5.large", "operatingSystem": "Linux", "tenancy": "Shared",
				"preInstalledSw": "NA", "capacitystatus": "Used", "marketoption": "OnDemand", "operation": "RunInstances",
				"licenseModel": "No License required", "vcpu": "2", "memory": "8 GiB"}, true),
		},
	}
}

// priceListRequest is one GetProducts request the replaying server received.
type priceListRequest struct {
	Target, Auth string
	Body         struct {
		ServiceCode, FormatVersion, NextToken string
		MaxResults                            int
		Filters                               []struct{ Type, Field, Value string }
	}
}

// filters returns the request's filters as sorted "Type Field=Value" strings.
func (r priceListRequest) filters() []string {
	var out []string
	for _, f := range r.Body.Filters {
		out = append(out, fmt.Sprintf("%s %s=%s", f.Type, f.Field, f.Value))
	}
	slices.Sort(out)
	return out
}

// replayPriceList serves GetProducts from answers, the first AmazonECS page
// split in two to exercise NextToken, and records every request.
func replayPriceList(t *testing.T, answers map[string][]string) (*httptest.Server, func() []priceListRequest) {
	t.Helper()
	var (
		mu   sync.Mutex
		reqs []priceListRequest
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req priceListRequest
		req.Target = r.Header.Get("X-Amz-Target")
		req.Auth = r.Header.Get("Authorization")
		b, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(b, &req.Body); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		mu.Lock()
		reqs = append(reqs, req)
		mu.Unlock()
		key := req.Body.ServiceCode
		for _, f := range req.Body.Filters {
			if f.Field == "instanceType" {
				key = f.Value
			}
			if f.Field == "productFamily" && f.Value == "NAT Gateway" {
				key = "NAT"
			}
		}
		docs := answers[key]
		out := map[string]any{"FormatVersion": "aws_v1", "PriceList": docs}
		if key == "AmazonECS" && len(docs) > 2 {
			if req.Body.NextToken == "" {
				out["PriceList"], out["NextToken"] = docs[:2], "WGDY7ko8fQXdlaUZVdasFQ==:page2"
			} else {
				out["PriceList"] = docs[2:]
			}
		}
		if docs == nil {
			out["PriceList"] = []string{}
		}
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		_ = json.NewEncoder(w).Encode(out)
	}))
	t.Cleanup(srv.Close)
	return srv, func() []priceListRequest {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(reqs)
	}
}

func priceCredentials(t *testing.T) {
	t.Helper()
	mototest.IsolateAWS(t)
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDPRICETEST")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "price-secret")
}

func TestPricesRefreshWritesTheTableFromThePriceList(t *testing.T) {
	priceCredentials(t)
	srv, requests := replayPriceList(t, priceListAnswers(true))
	out := filepath.Join(t.TempDir(), "prices.yaml")
	code, stdout, stderr := runCLI(t, "prices", "--refresh", "--regions", "us-east-1", "--endpoint-url", srv.URL, "-o", out)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if stdout != "" {
		t.Errorf("stdout should stay empty, got %q", stdout)
	}
	p, err := cost.ReadPricesFile(out)
	if err != nil {
		t.Fatalf("the written table does not parse: %v", err)
	}
	base, err := cost.EmbeddedPrices()
	if err != nil {
		t.Fatal(err)
	}
	assertRefreshedPrices(t, p, base)
	data, _ := os.ReadFile(out)
	assertKeptPricesSaid(t, string(data), stderr)
	// What the server received: GetProducts only, signed for the pricing
	// service in us-east-1, with the filters of each query.
	assertPriceListQueries(t, requests(), base)

	// The same answers give the same bytes.
	again := filepath.Join(t.TempDir(), "again.yaml")
	if code, _, stderr := runCLI(t, "prices", "--refresh", "--regions", "us-east-1", "--endpoint-url", srv.URL, "-o", again); code != 0 {
		t.Fatalf("second run: exit %d\n%s", code, stderr)
	}
	data2, _ := os.ReadFile(again)
	if string(data) != string(data2) {
		t.Error("two refreshes from the same answers differ")
	}
	// And `prices --prices` accepts the file.
	if code, out, stderr := runCLI(t, "prices", "--prices", out); code != 0 || !strings.Contains(out, "AWS Price List API") {
		t.Errorf("prices --prices on the refreshed file: exit %d\n%s%s", code, out, stderr)
	}
}

// assertRefreshedPrices: the table holds the price list's latest date and
// prices for us-east-1 only, and keeps the embedded prices the list did not
// serve and the embedded assumptions.
func assertRefreshedPrices(t *testing.T, p, base *cost.Prices) {
	t.Helper()
	if p.Source != "AWS Price List API" || p.Date != "2025-11-20" || p.Currency != "USD" {
		t.Errorf("source %q, date %q (want the latest publication date 2025-11-20), currency %q", p.Source, p.Date, p.Currency)
	}
	if len(p.Regions) != 1 {
		t.Errorf("regions %v, want only us-east-1", sorted(p.Regions))
	}
	r := p.Regions["us-east-1"]
	checks := []struct {
		what      string
		got, want float64
	}{
		{"fargate linux_x86_64 vcpu", r.Fargate["linux_x86_64"].VCPUHour, 0.04111},
		{"fargate linux_x86_64 gb", r.Fargate["linux_x86_64"].GBHour, 0.00456},
		{"fargate linux_arm64 vcpu", r.Fargate["linux_arm64"].VCPUHour, 0.03299},
		{"fargate linux_arm64 gb", r.Fargate["linux_arm64"].GBHour, 0.00361},
		{"fargate windows vcpu (with the OS licence fee)", r.Fargate["windows_x86_64"].VCPUHour, 0.1375},
		{"fargate windows gb", r.Fargate["windows_x86_64"].GBHour, 0.01006},
		{"fargate ephemeral", r.FargateEphemeralGBHour, 0.000112},
		{"alb hour", r.LoadBalancer["application"].Hour, 0.0233},
		{"alb lcu", r.LoadBalancer["application"].LCUHour, 0.0081},
		{"nlb hour", r.LoadBalancer["network"].Hour, 0.0234},
		{"nlb lcu", r.LoadBalancer["network"].LCUHour, 0.0061},
		{"nat hour", r.NATGateway.Hour, 0.0466},
		{"nat gb", r.NATGateway.GBProcessed, 0.0455},
		{"ec2 m5.large", r.EC2["m5.large"], 0.0999},
		// Not served: kept from the embedded table.
		{"ec2 m5.xlarge (kept)", r.EC2["m5.xlarge"], base.Regions["us-east-1"].EC2["m5.xlarge"]},
		{"gwlb hour (kept)", r.LoadBalancer["gateway"].Hour, base.Regions["us-east-1"].LoadBalancer["gateway"].Hour},
		{"ecs anywhere (kept)", r.ECSAnywhereInstanceHour, base.Regions["us-east-1"].ECSAnywhereInstanceHour},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.what, c.got, c.want)
		}
	}
	if len(r.EC2) != len(base.Regions["us-east-1"].EC2) {
		t.Errorf("%d EC2 types, want the embedded table's %d", len(r.EC2), len(base.Regions["us-east-1"].EC2))
	}
	for k, v := range base.Assumptions {
		if p.Assumptions[k] != v {
			t.Errorf("assumption %s = %v, want the embedded %v", k, p.Assumptions[k], v)
		}
	}
}

// assertKeptPricesSaid: the written file and stderr say which prices were
// kept from the embedded table, and only those.
func assertKeptPricesSaid(t *testing.T, data, stderr string) {
	t.Helper()
	for _, want := range []string{"m5.xlarge: 0.192 # kept from the embedded table (2025-06-01)", "m5.large: 0.0999\n", "# Hours in a month"} {
		if !strings.Contains(data, want) {
			t.Errorf("the file lacks %q", want)
		}
	}
	for _, want := range []string{"kept from the embedded table: us-east-1 ec2.m5.xlarge (not in the price list)",
		"kept from the embedded table: us-east-1 load_balancer.gateway (not in the price list)",
		"kept from the embedded table: us-east-1 ecs_anywhere_instance_hour (not read from the price list)"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, "m5.large (") || strings.Contains(stderr, "fargate.linux") || strings.Contains(stderr, "nat_gateway") {
		t.Errorf("stderr lists a refreshed price as kept:\n%s", stderr)
	}

}

// assertPriceListQueries: the server received GetProducts only, signed for
// the pricing service in us-east-1, with the filters of each query.
func assertPriceListQueries(t *testing.T, reqs []priceListRequest, base *cost.Prices) {
	t.Helper()
	if want := 3 + len(base.Regions["us-east-1"].EC2) + 1; len(reqs) != want {
		t.Errorf("%d requests, want %d (Fargate in two pages, load balancers, NAT, one per EC2 type)", len(reqs), want)
	}
	region := []string{"TERM_MATCH locationType=AWS Region", "TERM_MATCH regionCode=us-east-1"}
	wantFilters := map[string][]string{
		"AmazonECS": region,
		"AWSELB":    region,
		"NAT":       {"TERM_MATCH locationType=AWS Region", "TERM_MATCH productFamily=NAT Gateway", "TERM_MATCH regionCode=us-east-1"},
		"m5.large": {"TERM_MATCH capacitystatus=Used", "TERM_MATCH instanceType=m5.large", "TERM_MATCH locationType=AWS Region",
			"TERM_MATCH marketoption=OnDemand", "TERM_MATCH operatingSystem=Linux", "TERM_MATCH operation=RunInstances", "TERM_MATCH preInstalledSw=NA",
			"TERM_MATCH regionCode=us-east-1", "TERM_MATCH tenancy=Shared"},
	}
	seen := map[string]int{}
	for _, q := range reqs {
		if q.Target != "AWSPriceListService.GetProducts" {
			t.Errorf("the server received %q, want only GetProducts", q.Target)
		}
		if !strings.Contains(q.Auth, "/us-east-1/pricing/aws4_request") {
			t.Errorf("request not signed for pricing in us-east-1: %s", q.Auth)
		}
		if q.Body.FormatVersion != "aws_v1" || q.Body.MaxResults != 100 {
			t.Errorf("format %q, max results %d", q.Body.FormatVersion, q.Body.MaxResults)
		}
		f := q.filters()
		key := q.Body.ServiceCode
		switch {
		case slices.Contains(f, "TERM_MATCH productFamily=NAT Gateway"):
			key = "NAT"
		case slices.Contains(f, "TERM_MATCH instanceType=m5.large"):
			key = "m5.large"
		}
		if want, ok := wantFilters[key]; ok {
			seen[key]++
			if !slices.Equal(f, want) {
				t.Errorf("%s query filters\n got %q\nwant %q", key, f, want)
			}
			if key == "NAT" || key == "m5.large" {
				if q.Body.ServiceCode != "AmazonEC2" {
					t.Errorf("%s query on service %q, want AmazonEC2", key, q.Body.ServiceCode)
				}
			}
		}
	}
	if seen["AmazonECS"] != 2 || seen["AWSELB"] != 1 || seen["NAT"] != 1 || seen["m5.large"] != 1 {
		t.Errorf("queries seen %v", seen)
	}

}

func TestPricesRefreshDate(t *testing.T) {
	priceCredentials(t)
	srv, _ := replayPriceList(t, priceListAnswers(false))
	dir := t.TempDir()
	out := filepath.Join(dir, "prices.yaml")
	code, _, stderr := runCLI(t, "prices", "--refresh", "--regions", "us-east-1", "--endpoint-url", srv.URL, "-o", out)
	if code != ExitBadInput || !strings.Contains(stderr, "--date") {
		t.Fatalf("no publication date and no --date: exit %d, want %d naming --date\n%s", code, ExitBadInput, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a table was written without a date")
	}
	code, _, stderr = runCLI(t, "prices", "--refresh", "--regions", "us-east-1", "--endpoint-url", srv.URL, "--date", "2025-12-01", "-o", out)
	if code != 0 {
		t.Fatalf("with --date: exit %d\n%s", code, stderr)
	}
	p, err := cost.ReadPricesFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if p.Date != "2025-12-01" {
		t.Errorf("date %q, want --date's 2025-12-01", p.Date)
	}
}

func TestPricesRefreshErrors(t *testing.T) {
	priceCredentials(t)
	srv, _ := replayPriceList(t, priceListAnswers(true))
	denied := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = io.WriteString(w, `{"__type":"AccessDeniedException","Message":"User is not authorized to perform: pricing:GetProducts"}`)
	}))
	defer denied.Close()
	out := filepath.Join(t.TempDir(), "prices.yaml")
	for _, c := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"no output", []string{"prices", "--refresh", "--endpoint-url", srv.URL}, ExitBadInput, "-o FILE"},
		{"refresh with --format", []string{"prices", "--refresh", "--format", "json", "-o", out}, ExitBadInput, "--format"},
		{"refresh flag without --refresh", []string{"prices", "--regions", "us-east-1"}, ExitBadInput, "--refresh"},
		{"bad region", []string{"prices", "--refresh", "--regions", "US East", "--endpoint-url", srv.URL, "-o", out}, ExitBadInput, "region code"},
		{"bad date", []string{"prices", "--refresh", "--date", "1 Dec 2025", "--endpoint-url", srv.URL, "-o", out}, ExitBadInput, "YYYY-MM-DD"},
		{"region the price list does not know", []string{"prices", "--refresh", "--regions", "xx-nowhere-9", "--endpoint-url", srv.URL, "-o", out}, ExitBadInput, "xx-nowhere-9"},
		{"access denied", []string{"prices", "--refresh", "--regions", "us-east-1", "--endpoint-url", denied.URL, "-o", out}, ExitAWS, "AccessDenied"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, c.args...)
			if code != c.code || !strings.Contains(stderr, c.msg) {
				t.Errorf("exit %d, want %d with %q:\n%s", code, c.code, c.msg, stderr)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("%s wrote %s", c.name, out)
			}
		})
	}
}
