package cost

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
)

func TestUsageKey(t *testing.T) {
	for _, c := range []struct {
		usage string
		known map[string]string
		want  string
	}{
		{"USE1-Fargate-vCPU-Hours:perCPU", fargateUsage, "linux_x86_64.vcpu"},
		{"Fargate-vCPU-Hours:perCPU", fargateUsage, "linux_x86_64.vcpu"},
		{"EU-Fargate-GB-Hours", fargateUsage, "linux_x86_64.gb"},
		{"APS2-Fargate-ARM-GB-Hours", fargateUsage, "linux_arm64.gb"},
		{"USE1-Fargate-EphemeralStorage-GB-Hours", fargateUsage, "ephemeral"},
		{"USE1-Fargate-Windows-OS-Hours:perCPU", fargateUsage, "windows_x86_64.os"},
		// Look-alikes that bill something else.
		{"USE1-SpotUsage-Fargate-vCPU-Hours:perCPU", fargateUsage, ""},
		{"use1-Fargate-GB-Hours", fargateUsage, ""},
		{"USE1-Fargate-GB-Hours-Extra", fargateUsage, ""},
		{"USE1-RegionalNatGateway-Hours", natUsage, ""},
		{"USE1-NatGateway-Bytes", natUsage, "gb"},
		{"LCUUsage", elbUsage, "lcu"},
		{"USE1-ReservedLCUUsage", elbUsage, ""},
	} {
		got, ok := usageKey(c.usage, c.known)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("usageKey(%q) = %q, %v; want %q", c.usage, got, ok, c.want)
		}
	}
}

func TestOnDemandUSD(t *testing.T) {
	dim := func(begin, usd string) string {
		return fmt.Sprintf(`{"unit":"Hrs","beginRange":%q,"endRange":"Inf","pricePerUnit":{"USD":%q}}`, begin, usd)
	}
	for _, c := range []struct {
		name, terms string
		want        float64
	}{
		{"one dimension", `{"OnDemand":{"T":{"priceDimensions":{"a":` + dim("0", "0.0960000000") + `}}}}`, 0.096},
		{"tiered: the first tier", `{"OnDemand":{"T":{"priceDimensions":{"a":` + dim("10240", "0.0900000000") + `,"b":` + dim("0", "0.0450000000") + `}}}}`, 0.045},
		{"reserved ignored", `{"OnDemand":{"T":{"priceDimensions":{"a":` + dim("0", "0.1") + `}}},"Reserved":{"R":{"priceDimensions":{"b":` + dim("0", "0.06") + `}}}}`, 0.1},
		{"two untiered prices", `{"OnDemand":{"T":{"priceDimensions":{"a":` + dim("", "0.1") + `,"b":` + dim("", "0.2") + `}}}}`, 0},
		{"zero", `{"OnDemand":{"T":{"priceDimensions":{"a":` + dim("0", "0.0000000000") + `}}}}`, 0},
		{"not a number", `{"OnDemand":{"T":{"priceDimensions":{"a":` + dim("0", "n/a") + `}}}}`, 0},
		{"no USD", `{"OnDemand":{"T":{"priceDimensions":{"a":{"pricePerUnit":{"CNY":"0.5"}}}}}}`, 0},
		{"no on-demand term", `{"Reserved":{"R":{"priceDimensions":{"b":` + dim("0", "0.06") + `}}}}`, 0},
	} {
		var d priceDoc
		if err := json.Unmarshal([]byte(`{"terms":`+c.terms+`}`), &d); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		got, ok := d.onDemandUSD()
		if got != c.want || ok != (c.want != 0) {
			t.Errorf("%s: %v, %v; want %v", c.name, got, ok, c.want)
		}
	}
}

// doc is a PriceList document with one on-demand price.
func doc(region, usage, usd, published string, attrs ...string) string {
	a := map[string]string{"usagetype": usage}
	if region != "" {
		a["regionCode"] = region
	}
	for i := 0; i+1 < len(attrs); i += 2 {
		a[attrs[i]] = attrs[i+1]
	}
	d := map[string]any{
		"product": map[string]any{"attributes": a, "sku": "SKU"},
		"terms": map[string]any{"OnDemand": map[string]any{"SKU.T": map[string]any{"priceDimensions": map[string]any{
			"SKU.T.R": map[string]any{"unit": "Hrs", "beginRange": "0", "endRange": "Inf", "pricePerUnit": map[string]string{"USD": usd}},
		}}}},
	}
	if published != "" {
		d["publicationDate"] = published
	}
	b, _ := json.Marshal(d)
	return string(b)
}

// fakePriceList answers queries by service code (and instance type or NAT
// family for EC2) and counts them.
type fakePriceList struct {
	mu      sync.Mutex
	answers map[string][]string
	calls   int
	fail    error
}

func (f *fakePriceList) get(_ context.Context, service string, filters map[string]string) ([]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if f.fail != nil {
		return nil, f.fail
	}
	key := filters["regionCode"] + " " + service
	if t := filters["instanceType"]; t != "" {
		key = filters["regionCode"] + " " + t
	}
	if filters["productFamily"] == "NAT Gateway" {
		key = filters["regionCode"] + " NAT"
	}
	return f.answers[key], nil
}

func m5(region, usd, published string) string {
	return doc(region, "BoxUsage:m5.large", usd, published, "instanceType", "m5.large")
}

func gapNames(gs []PriceGap) string {
	var s []string
	for _, g := range gs {
		s = append(s, g.String())
	}
	return strings.Join(s, "; ")
}

func TestRefreshPrices(t *testing.T) {
	for _, c := range append(refreshResultCases(), refreshErrorCases()...) {
		t.Run(c.name, func(t *testing.T) { runRefreshCase(t, c) })
	}
}

// refreshCase is one price-list answer set and what RefreshPrices must make
// of it.
type refreshCase struct {
	name    string
	regions []string
	date    string
	answers map[string][]string
	fail    error
	// want: an error it wraps or contains, or checks on the result.
	wantErr   error
	errText   string
	check     func(t *testing.T, r *RefreshResult)
	wantCalls int
}

// runRefreshCase refreshes against a fake price list serving c.answers and
// checks the error or, when none is expected, the result.
func runRefreshCase(t *testing.T, c refreshCase) {
	f := &fakePriceList{answers: c.answers, fail: c.fail}
	r, err := RefreshPrices(context.Background(), f.get, RefreshOptions{Regions: c.regions, Date: c.date, Concurrency: 3})
	if c.wantCalls == -1 && f.calls != 0 {
		t.Errorf("%d queries made before the options were checked", f.calls)
	}
	switch {
	case c.wantErr != nil || c.errText != "":
		if err == nil {
			t.Fatalf("no error; want %v %q", c.wantErr, c.errText)
		}
		if c.wantErr != nil && !errors.Is(err, c.wantErr) {
			t.Errorf("error %v, want %v", err, c.wantErr)
		}
		if !strings.Contains(err.Error(), c.errText) {
			t.Errorf("error %q lacks %q", err, c.errText)
		}
	case err != nil:
		t.Fatal(err)
	default:
		if _, err := ParsePrices("again", r.YAML); err != nil {
			t.Fatalf("the YAML does not parse: %v", err)
		}
		if r.Prices.Source != PriceListSource || r.Queries != f.calls {
			t.Errorf("source %q, queries %d (made %d)", r.Prices.Source, r.Queries, f.calls)
		}
		c.check(t, r)
	}
}

// refreshFargate is the price list's Fargate products in us-east-1: Linux
// x86 vCPU and GB, Windows vCPU, OS licence and GB.
func refreshFargate() []string {
	return []string{
		doc("us-east-1", "USE1-Fargate-vCPU-Hours:perCPU", "0.0404800000", "2025-09-01T00:00:00Z"),
		doc("us-east-1", "USE1-Fargate-GB-Hours", "0.0044450000", "2025-09-01T00:00:00Z"),
		doc("us-east-1", "USE1-Fargate-Windows-vCPU-Hours:perCPU", "0.0914800000", "2025-09-01T00:00:00Z"),
		doc("us-east-1", "USE1-Fargate-Windows-OS-Hours:perCPU", "0.0460000000", "2025-09-01T00:00:00Z"),
		doc("us-east-1", "USE1-Fargate-Windows-GB-Hours", "0.0100500000", "2025-09-01T00:00:00Z"),
	}
}

// refreshResultCases: answer sets RefreshPrices turns into a table.
func refreshResultCases() []refreshCase {
	fargate := refreshFargate()
	return []refreshCase{
		{
			name: "prices read, the rest kept; Windows adds its licence fee", regions: []string{"us-east-1"},
			answers: map[string][]string{"us-east-1 AmazonECS": fargate, "us-east-1 m5.large": {m5("us-east-1", "0.0990000000", "2025-10-02T11:00:00Z")}},
			check: func(t *testing.T, r *RefreshResult) {
				p := r.Prices.Regions["us-east-1"]
				if f := p.Fargate["windows_x86_64"]; f.VCPUHour != 0.13748 || f.GBHour != 0.01005 {
					t.Errorf("windows %+v", f)
				}
				if !strings.Contains(string(r.YAML), "windows_x86_64: {vcpu_hour: 0.13748, gb_hour: 0.01005}\n") {
					t.Errorf("the sum is not written in the price list's decimals:\n%s", r.YAML)
				}
				if p.EC2["m5.large"] != 0.099 || r.Prices.Date != "2025-10-02" || r.PublicationDate != "2025-10-02" {
					t.Errorf("m5.large %v, date %q", p.EC2["m5.large"], r.Prices.Date)
				}
				if p.Fargate["linux_arm64"].VCPUHour != 0.03238 {
					t.Errorf("arm64 not kept: %+v", p.Fargate["linux_arm64"])
				}
				kept := gapNames(r.Kept)
				for _, want := range []string{"us-east-1 fargate.linux_arm64 (not in the price list)", "us-east-1 nat_gateway (not in the price list)", "us-east-1 ec2.m5.xlarge (not in the price list)"} {
					if !strings.Contains(kept, want) {
						t.Errorf("kept lacks %q: %s", want, kept)
					}
				}
				if strings.Contains(kept, "m5.large") || strings.Contains(kept, "linux_x86_64") || len(r.Missing) != 0 {
					t.Errorf("kept %s; missing %s", kept, gapNames(r.Missing))
				}
			},
		},
		{
			name: "several prices for one item: kept; the same price twice: used", regions: []string{"us-east-1"},
			answers: map[string][]string{
				"us-east-1 m5.large":  {m5("us-east-1", "0.0990000000", "2025-10-02T00:00:00Z"), m5("us-east-1", "0.1200000000", "2025-10-02T00:00:00Z")},
				"us-east-1 AmazonECS": append(fargate[:2:2], fargate[0]),
			},
			check: func(t *testing.T, r *RefreshResult) {
				if got := r.Prices.Regions["us-east-1"].EC2["m5.large"]; got != 0.096 {
					t.Errorf("m5.large %v, want the embedded 0.096", got)
				}
				if !strings.Contains(gapNames(r.Kept), "us-east-1 ec2.m5.large (the price list gives several different prices)") {
					t.Errorf("kept: %s", gapNames(r.Kept))
				}
				if r.Prices.Date != "2025-09-01" {
					t.Errorf("date %q: only the products used count", r.Prices.Date)
				}
			},
		},
		{
			name: "a product of another region is ignored", regions: []string{"eu-west-1"},
			answers: map[string][]string{"eu-west-1 m5.large": {m5("us-east-1", "0.5", "2025-10-02T00:00:00Z"), m5("eu-west-1", "0.1070000000", "2025-10-01T00:00:00Z")}},
			check: func(t *testing.T, r *RefreshResult) {
				if got := r.Prices.Regions["eu-west-1"].EC2["m5.large"]; got != 0.107 || r.Prices.Date != "2025-10-01" {
					t.Errorf("m5.large %v, date %s", got, r.Prices.Date)
				}
			},
		},
		{
			name: "a region the embedded table lacks: what is not found is missing, not kept", regions: []string{"ap-northeast-1"},
			answers: map[string][]string{"ap-northeast-1 AWSELB": {
				doc("ap-northeast-1", "APN1-LoadBalancerUsage", "0.0243000000", "2025-08-01T00:00:00Z", "operation", "LoadBalancing:Application"),
				doc("ap-northeast-1", "APN1-LCUUsage", "0.0080000000", "2025-08-01T00:00:00Z", "operation", "LoadBalancing:Application"),
				doc("ap-northeast-1", "APN1-LoadBalancerUsage", "0.0250000000", "2026-01-01T00:00:00Z", "operation", "LoadBalancing"),
			}},
			check: func(t *testing.T, r *RefreshResult) {
				p := r.Prices.Regions["ap-northeast-1"]
				if p.LoadBalancer["application"] != (LBPrice{Hour: 0.0243, LCUHour: 0.008}) || len(p.LoadBalancer) != 1 || len(p.EC2) != 0 {
					t.Errorf("region %+v", p)
				}
				if len(r.Kept) != 0 || !strings.Contains(gapNames(r.Missing), "ap-northeast-1 ec2.m5.large (not in the price list)") {
					t.Errorf("kept %s; missing %s", gapNames(r.Kept), gapNames(r.Missing))
				}
				if r.Prices.Date != "2025-08-01" {
					t.Errorf("date %q: the classic load balancer's later date must not count", r.Prices.Date)
				}
			},
		},
		{
			name: "--date wins over the publication date", regions: []string{"us-east-1"}, date: "2025-12-24",
			answers: map[string][]string{"us-east-1 m5.large": {m5("us-east-1", "0.0990000000", "2025-10-02T00:00:00Z")}},
			check: func(t *testing.T, r *RefreshResult) {
				if r.Prices.Date != "2025-12-24" || r.PublicationDate != "2025-10-02" {
					t.Errorf("date %q, publication %q", r.Prices.Date, r.PublicationDate)
				}
			},
		},
	}
}

// refreshErrorCases: options and answer sets RefreshPrices refuses.
func refreshErrorCases() []refreshCase {
	return []refreshCase{
		{
			name: "no publication date and no --date", regions: []string{"us-east-1"},
			answers: map[string][]string{"us-east-1 m5.large": {m5("us-east-1", "0.0990000000", "")}},
			wantErr: ErrNoPublicationDate,
		},
		{
			name: "nothing found", regions: []string{"us-east-1"}, date: "2025-12-24",
			wantErr: ErrNothingRefreshed,
		},
		{
			name: "the API fails", regions: []string{"us-east-1"}, fail: errors.New("AccessDeniedException"),
			errText: "price list Amazon",
		},
		{
			name: "not a PriceList document", regions: []string{"us-east-1"},
			answers: map[string][]string{"us-east-1 AWSELB": {`{"product":`}},
			errText: "AWSELB us-east-1 product 1: not a PriceList document",
		},
		{name: "bad region", regions: []string{"US East"}, errText: "region code", wantCalls: -1},
		{name: "region twice", regions: []string{"us-east-1", "us-east-1"}, errText: "twice", wantCalls: -1},
		{name: "bad date", regions: []string{"us-east-1"}, date: "2025/12/24", errText: "YYYY-MM-DD", wantCalls: -1},
	}
}

func TestRefreshPricesIsDeterministic(t *testing.T) {
	answers := map[string][]string{}
	for _, r := range []string{"us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "eu-north-1", "ap-southeast-2"} {
		answers[r+" m5.large"] = []string{m5(r, "0.1000000000", "2025-10-02T00:00:00Z")}
		answers[r+" NAT"] = []string{
			doc(r, "NatGateway-Hours", "0.0450000000", "2025-10-01T00:00:00Z"),
			doc(r, "NatGateway-Bytes", "0.0450000000", "2025-10-01T00:00:00Z"),
		}
	}
	var first []byte
	for i := range 5 {
		f := &fakePriceList{answers: answers}
		r, err := RefreshPrices(context.Background(), f.get, RefreshOptions{Concurrency: 8})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = r.YAML
			if len(r.Prices.Regions) != 6 {
				t.Fatalf("default regions: %d, want the embedded table's 6", len(r.Prices.Regions))
			}
			if !strings.HasPrefix(string(r.YAML[strings.Index(string(r.YAML), "regions:"):]), "regions:\n  us-east-1:") {
				t.Error("regions are not in the embedded table's order")
			}
			continue
		}
		if string(r.YAML) != string(first) {
			t.Fatal("two refreshes from the same answers differ")
		}
	}
}

func TestRefreshPricesStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	get := func(ctx context.Context, _ string, _ map[string]string) ([]string, error) { return nil, ctx.Err() }
	if _, err := RefreshPrices(ctx, get, RefreshOptions{Regions: []string{"us-east-1"}}); !errors.Is(err, context.Canceled) {
		t.Fatalf("want context.Canceled, got %v", err)
	}
}

// TestRefreshPricesExtraInstanceTypes: instance types an estate runs that the
// embedded table lacks are read when asked for; one the price list does not
// give is reported missing; a malformed type is refused before any query.
func TestRefreshPricesExtraInstanceTypes(t *testing.T) {
	c7i := doc("eu-north-1", "EUN1-BoxUsage:c7i.xlarge", "0.1900000000", "2025-10-02T00:00:00Z", "instanceType", "c7i.xlarge")
	f := &fakePriceList{answers: map[string][]string{"eu-north-1 c7i.xlarge": {c7i}, "eu-north-1 m5.large": {m5("eu-north-1", "0.1020000000", "2025-10-01T00:00:00Z")}}}
	r, err := RefreshPrices(context.Background(), f.get, RefreshOptions{Regions: []string{"eu-north-1"}, InstanceTypes: []string{"c7i.xlarge", "c6a.xlarge", "m5.large"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Prices.Regions["eu-north-1"].EC2["c7i.xlarge"]; got != 0.19 {
		t.Errorf("c7i.xlarge %v, want 0.19", got)
	}
	if _, ok := r.Prices.Regions["eu-north-1"].EC2["c6a.xlarge"]; ok || !strings.Contains(gapNames(r.Missing), "eu-north-1 ec2.c6a.xlarge (not in the price list)") {
		t.Errorf("c6a.xlarge priced or not reported missing: %s", gapNames(r.Missing))
	}
	f = &fakePriceList{}
	if _, err := RefreshPrices(context.Background(), f.get, RefreshOptions{Regions: []string{"eu-north-1"}, InstanceTypes: []string{"c7i xlarge"}}); err == nil ||
		!strings.Contains(err.Error(), `instance type "c7i xlarge": expected an EC2 instance type`) || f.calls != 0 {
		t.Errorf("malformed type: err %v after %d queries", err, f.calls)
	}
}
