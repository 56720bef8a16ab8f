package cost

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/ecspack/ecspack/internal/words"
	"github.com/ecspack/ecspack/internal/yamlpos"
)

// ProductsFunc runs one query of the AWS Price List API's GetProducts: the
// products of serviceCode that match every filter (attribute name → value,
// TERM_MATCH), all pages, as the JSON documents of the PriceList field. The
// cost package does not link the AWS SDK (only discover does);
// discover.PriceList.Products is the real one, tests replay recorded answers.
type ProductsFunc func(ctx context.Context, serviceCode string, filters map[string]string) ([]string, error)

// PriceListSource is the Source of a refreshed price table.
const PriceListSource = "AWS Price List API"

// DefaultRefreshConcurrency bounds Price List queries in flight: the API
// throttles at a few requests a second.
const DefaultRefreshConcurrency = 4

// ErrNoPublicationDate is returned (wrapped) when the price list gives no
// publication date and RefreshOptions.Date is empty: the table's date is
// never taken from the clock, so the same answers always give the same file.
var ErrNoPublicationDate = errors.New("the price list gives no publication date: pass the date the prices were read as --date YYYY-MM-DD")

// ErrNothingRefreshed is returned (wrapped) when the price list gave none of
// the prices, which would otherwise write the embedded table under a new source.
var ErrNothingRefreshed = errors.New("the price list gave none of the prices")

// RefreshOptions say what to read from the price list.
type RefreshOptions struct {
	// Regions to read, by region code; empty means the regions of the
	// embedded table, in its order.
	Regions []string
	// Date (YYYY-MM-DD) is the refreshed table's date when set; otherwise it
	// is the latest publication date of the products read.
	Date string
	// Concurrency bounds queries in flight; 0 means DefaultRefreshConcurrency.
	Concurrency int
	// InstanceTypes are EC2 instance types to price besides the embedded
	// table's (the types an estate runs that the table lacks), e.g.
	// "c7i.xlarge"; each is read in every region.
	InstanceTypes []string
}

// PriceGap is a price the refresh did not read from the price list.
type PriceGap struct {
	// Region is the region code.
	Region string
	// Item names the price by its place in the table, e.g. "ec2.m5.large",
	// "fargate.linux_arm64", "load_balancer.application", "nat_gateway".
	Item string
	// Reason says why it was not read.
	Reason string
}

func (g PriceGap) String() string { return g.Region + " " + g.Item + " (" + g.Reason + ")" }

// RefreshResult is a price table read from the AWS Price List API.
type RefreshResult struct {
	// YAML is the table in the embedded table's format, with its assumptions.
	YAML []byte
	// Prices is YAML parsed back with ParsePrices.
	Prices *Prices
	// PublicationDate is the latest publication date (YYYY-MM-DD) of the
	// products whose prices were used; empty if the price list gave none.
	PublicationDate string
	// Kept are the prices not read, copied from the embedded table.
	Kept []PriceGap
	// Missing are the prices not read that the embedded table has not either;
	// they are absent from the result.
	Missing []PriceGap
	// Queries is the number of GetProducts queries made.
	Queries int
}

// Reasons of a PriceGap.
const (
	reasonNotFound  = "not in the price list"
	reasonNotRead   = "not read from the price list"
	reasonAmbiguous = "the price list gives several different prices"
)

// priceQuery is one GetProducts query and what its products are for.
type priceQuery struct {
	region, kind, instanceType string
	service                    string
	filters                    map[string]string
}

// Kinds of query.
const (
	kindFargate = "fargate"
	kindELB     = "elb"
	kindNAT     = "nat"
	kindEC2     = "ec2"
)

// fargateUsage maps Fargate usage types (without the region prefix) to the
// price they carry; immutable. Matching is exact: Spot, ephemeral storage and
// the Windows licence are distinct usage types whose names contain the others.
var fargateUsage = map[string]string{
	"Fargate-vCPU-Hours:perCPU":         "linux_x86_64.vcpu",
	"Fargate-GB-Hours":                  "linux_x86_64.gb",
	"Fargate-ARM-vCPU-Hours:perCPU":     "linux_arm64.vcpu",
	"Fargate-ARM-GB-Hours":              "linux_arm64.gb",
	"Fargate-Windows-vCPU-Hours:perCPU": "windows_x86_64.vcpu",
	"Fargate-Windows-OS-Hours:perCPU":   "windows_x86_64.os",
	"Fargate-Windows-GB-Hours":          "windows_x86_64.gb",
	"Fargate-EphemeralStorage-GB-Hours": "ephemeral",
}

// elbUsage and elbOperation classify load balancer products; immutable.
var (
	elbUsage     = map[string]string{"LoadBalancerUsage": "hour", "LCUUsage": "lcu"}
	elbOperation = map[string]string{
		"LoadBalancing:Application": "application",
		"LoadBalancing:Network":     "network",
		"LoadBalancing:Gateway":     "gateway",
	}
	natUsage = map[string]string{"NatGateway-Hours": "hour", "NatGateway-Bytes": "gb"}
)

// usagePrefixRE matches the region prefix of a usage type ("USE1", "EU",
// "APS2"); us-east-1's EC2 usage types have none.
var usagePrefixRE = regexp.MustCompile(`^[A-Z]{2,4}[0-9]{0,2}$`)

var regionCodeRE = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)

// instanceTypeRE matches an EC2 instance type: family, optional
// generation and attribute letters, a dot and a size ("m7i.xlarge",
// "u-6tb1.metal").
var instanceTypeRE = regexp.MustCompile(`^[a-z][a-z0-9-]*\.[a-z0-9-]+$`)

// usageKey looks a usage type up in known, with or without its region prefix.
func usageKey(usageType string, known map[string]string) (string, bool) {
	if v, ok := known[usageType]; ok {
		return v, true
	}
	if i := strings.IndexByte(usageType, '-'); i > 0 && usagePrefixRE.MatchString(usageType[:i]) {
		v, ok := known[usageType[i+1:]]
		return v, ok
	}
	return "", false
}

// queries returns the GetProducts queries for one region.
func queries(region string, ec2Types []string) []priceQuery {
	inRegion := func(extra map[string]string) map[string]string {
		f := map[string]string{"regionCode": region, "locationType": "AWS Region"}
		for k, v := range extra {
			f[k] = v
		}
		return f
	}
	qs := []priceQuery{
		{region: region, kind: kindFargate, service: "AmazonECS", filters: inRegion(nil)},
		{region: region, kind: kindELB, service: "AWSELB", filters: inRegion(nil)},
		{region: region, kind: kindNAT, service: "AmazonEC2", filters: inRegion(map[string]string{"productFamily": "NAT Gateway"})},
	}
	for _, t := range ec2Types {
		qs = append(qs, priceQuery{region: region, kind: kindEC2, instanceType: t, service: "AmazonEC2", filters: inRegion(map[string]string{
			"instanceType":    t,
			"operatingSystem": "Linux",
			"tenancy":         "Shared",
			"preInstalledSw":  "NA",
			"capacitystatus":  "Used",
			"marketoption":    "OnDemand",
			// RunInstances is Linux/UNIX without a licence (RunInstances:0800
			// and the like are other operating systems and licence models).
			"operation": "RunInstances",
		})})
	}
	return qs
}

// priceDoc is the part of a PriceList document the refresh reads.
type priceDoc struct {
	Product struct {
		ProductFamily string            `json:"productFamily"`
		Attributes    map[string]string `json:"attributes"`
	} `json:"product"`
	Terms struct {
		OnDemand map[string]struct {
			PriceDimensions map[string]struct {
				Unit         string            `json:"unit"`
				BeginRange   string            `json:"beginRange"`
				PricePerUnit map[string]string `json:"pricePerUnit"`
			} `json:"priceDimensions"`
		} `json:"OnDemand"`
	} `json:"terms"`
	PublicationDate string `json:"publicationDate"`
}

// onDemandUSD returns the product's on-demand price in USD: its one price
// dimension, or the first tier of a tiered price. ok is false when there is
// none, several untiered ones, or it is not a positive number.
func (d *priceDoc) onDemandUSD() (float64, bool) {
	var all, first []string
	for _, term := range d.Terms.OnDemand {
		for _, dim := range term.PriceDimensions {
			usd, ok := dim.PricePerUnit["USD"]
			if !ok {
				continue
			}
			all = append(all, usd)
			if dim.BeginRange == "0" {
				first = append(first, usd)
			}
		}
	}
	pick := all
	if len(all) > 1 {
		pick = first
	}
	if len(pick) != 1 {
		return 0, false
	}
	v, err := strconv.ParseFloat(pick[0], 64)
	if err != nil || v <= 0 || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

// found gathers the prices read for one region: every candidate per item.
type found struct {
	prices map[string][]float64
	dates  map[string]string // item → latest publication date of its products
}

func (f *found) add(item string, v float64, doc *priceDoc) {
	if !slices.Contains(f.prices[item], v) {
		f.prices[item] = append(f.prices[item], v)
	}
	if d := doc.PublicationDate; len(d) >= 10 && dateRE.MatchString(d[:10]) && d[:10] > f.dates[item] {
		f.dates[item] = d[:10]
	}
}

// get returns the item's price when the price list gives exactly one.
func (f *found) get(item string) (float64, string) {
	switch vs := f.prices[item]; len(vs) {
	case 0:
		return 0, reasonNotFound
	case 1:
		return vs[0], ""
	default:
		return 0, reasonAmbiguous
	}
}

// collect classifies one query's documents into f.
func collect(q priceQuery, docs []string, f *found) error {
	for i, raw := range docs {
		var d priceDoc
		if err := json.Unmarshal([]byte(raw), &d); err != nil {
			return fmt.Errorf("%s %s product %d: not a PriceList document: %w", q.service, q.region, i+1, err)
		}
		a := d.Product.Attributes
		if rc := a["regionCode"]; rc != "" && rc != q.region {
			continue
		}
		v, ok := d.onDemandUSD()
		if !ok {
			continue
		}
		ut := a["usagetype"]
		switch q.kind {
		case kindFargate:
			if item, ok := usageKey(ut, fargateUsage); ok {
				f.add(item, v, &d)
			}
		case kindELB:
			lb, okOp := elbOperation[a["operation"]]
			part, okUsage := usageKey(ut, elbUsage)
			if okOp && okUsage {
				f.add("load_balancer."+lb+"."+part, v, &d)
			}
		case kindNAT:
			if part, ok := usageKey(ut, natUsage); ok {
				f.add("nat_gateway."+part, v, &d)
			}
		case kindEC2:
			if a["instanceType"] != q.instanceType {
				continue
			}
			if _, ok := usageKey(ut, map[string]string{"BoxUsage:" + q.instanceType: "box"}); !ok {
				continue
			}
			f.add("ec2."+q.instanceType, v, &d)
		}
	}
	return nil
}

// RefreshPrices reads the prices of the embedded table's items from the AWS
// Price List API through get and returns a table in the embedded table's
// format, with its assumptions: per region Fargate (Linux x86 and ARM, Windows
// with its licence fee, ephemeral storage), application, network and gateway
// load balancers, NAT gateways, and EC2 Linux on-demand prices for every
// instance type the embedded table lists and those opts.InstanceTypes adds. A price the list does not give
// (or gives several of) is kept from the embedded table and reported in Kept;
// ECS Anywhere is never read. Nothing depends on the clock: the same answers
// give the same bytes.
func RefreshPrices(ctx context.Context, get ProductsFunc, opts RefreshOptions) (*RefreshResult, error) {
	src, err := EmbeddedPricesSource()
	if err != nil {
		return nil, err
	}
	base, err := ParsePrices(EmbeddedPricesFile, src)
	if err != nil {
		return nil, err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, fmt.Errorf("read embedded price table: %w", err)
	}
	root := doc.Content[0]
	baseRegions, ec2Types := tableOrder(root)
	regions := opts.Regions
	if len(regions) == 0 {
		regions = baseRegions
	}
	for i, r := range regions {
		if !regionCodeRE.MatchString(r) {
			return nil, fmt.Errorf("region %q: expected a region code such as us-east-1", r)
		}
		if slices.Contains(regions[:i], r) {
			return nil, fmt.Errorf("region %s is listed twice", r)
		}
	}
	if opts.Date != "" && !dateRE.MatchString(opts.Date) {
		return nil, fmt.Errorf("date %q: expected YYYY-MM-DD", opts.Date)
	}
	for _, t := range opts.InstanceTypes {
		if !instanceTypeRE.MatchString(t) {
			return nil, fmt.Errorf("instance type %q: expected an EC2 instance type such as m7i.xlarge", t)
		}
		if !slices.Contains(ec2Types, t) {
			ec2Types = append(ec2Types, t)
		}
	}

	var qs []priceQuery
	for _, r := range regions {
		qs = append(qs, queries(r, ec2Types)...)
	}
	answers, err := runQueries(ctx, get, qs, opts.Concurrency)
	if err != nil {
		return nil, err
	}
	byRegion := map[string]*found{}
	for _, r := range regions {
		byRegion[r] = &found{prices: map[string][]float64{}, dates: map[string]string{}}
	}
	for i, q := range qs {
		if err := collect(q, answers[i], byRegion[q.region]); err != nil {
			return nil, err
		}
	}

	res := &RefreshResult{Queries: len(qs)}
	out := map[string]RegionPrices{}
	kept := map[string]map[string]bool{} // region → items kept
	read := 0
	for _, r := range regions {
		b := newRegionBuilder(r, base.Regions[r], byRegion[r], res)
		rp := b.build(ec2Types)
		if b.read == 0 {
			return nil, fmt.Errorf("region %s: %w for it: is it a region code the price list knows?", r, ErrNothingRefreshed)
		}
		read += b.read
		out[r] = rp
		kept[r] = b.kept
		if b.date > res.PublicationDate {
			res.PublicationDate = b.date
		}
	}
	if read == 0 {
		return nil, ErrNothingRefreshed
	}
	date := opts.Date
	if date == "" {
		date = res.PublicationDate
	}
	if date == "" {
		return nil, ErrNoPublicationDate
	}
	res.YAML, err = encodeRefreshed(root, base.Date, date, regions, ec2Types, out, kept)
	if err != nil {
		return nil, err
	}
	res.Prices, err = ParsePrices("refreshed price table", res.YAML)
	if err != nil {
		return nil, fmt.Errorf("the refreshed table does not validate: %w", err)
	}
	return res, nil
}

// runQueries runs qs with at most n in flight and returns each one's
// documents by index; the first failure (in query order) is returned.
func runQueries(ctx context.Context, get ProductsFunc, qs []priceQuery, n int) ([][]string, error) {
	if n <= 0 {
		n = DefaultRefreshConcurrency
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	answers := make([][]string, len(qs))
	errs := make([]error, len(qs))
	sem := make(chan struct{}, n)
	var wg sync.WaitGroup
	for i, q := range qs {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			errs[i] = ctx.Err()
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			docs, err := get(ctx, q.service, q.filters)
			if err != nil {
				errs[i] = fmt.Errorf("price list %s in %s: %w", q.service, q.region, err)
				cancel()
				return
			}
			answers[i] = docs
		}()
	}
	wg.Wait()
	// The first real failure, not the cancellations it caused.
	for _, err := range errs {
		if err != nil && !errors.Is(err, context.Canceled) {
			return nil, err
		}
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return answers, nil
}

// regionBuilder assembles one region's prices from what was read, falling
// back to the embedded table.
type regionBuilder struct {
	region string
	base   RegionPrices
	f      *found
	res    *RefreshResult
	kept   map[string]bool
	read   int
	date   string
}

func newRegionBuilder(region string, base RegionPrices, f *found, res *RefreshResult) *regionBuilder {
	return &regionBuilder{region: region, base: base, f: f, res: res, kept: map[string]bool{}}
}

// use reads items from the price list: ok when every one has exactly one
// price; otherwise the gap is reported (kept when hasBase) and ok is false.
func (b *regionBuilder) use(item string, hasBase bool, parts ...string) ([]float64, bool) {
	vs := make([]float64, len(parts))
	for i, p := range parts {
		v, reason := b.f.get(p)
		if reason != "" {
			b.gap(item, hasBase, reason)
			return nil, false
		}
		vs[i] = v
	}
	for _, p := range parts {
		if d := b.f.dates[p]; d > b.date {
			b.date = d
		}
	}
	b.read++
	return vs, true
}

func (b *regionBuilder) gap(item string, hasBase bool, reason string) {
	g := PriceGap{Region: b.region, Item: item, Reason: reason}
	if hasBase {
		b.res.Kept = append(b.res.Kept, g)
		b.kept[item] = true
		return
	}
	b.res.Missing = append(b.res.Missing, g)
}

// round10 rounds a sum to the price list's ten decimals, so 0.09148 + 0.046
// prints as 0.13748.
func round10(v float64) float64 { return math.Round(v*1e10) / 1e10 }

func (b *regionBuilder) build(ec2Types []string) RegionPrices {
	rp := RegionPrices{Fargate: map[string]FargatePrice{}, LoadBalancer: map[string]LBPrice{}, EC2: map[string]float64{}}
	for _, k := range []string{"linux_x86_64", "linux_arm64", "windows_x86_64"} {
		old, has := b.base.Fargate[k]
		parts := []string{k + ".vcpu", k + ".gb"}
		if k == "windows_x86_64" {
			parts = append(parts, k+".os")
		}
		if vs, ok := b.use("fargate."+k, has, parts...); ok {
			vcpu := vs[0]
			if len(vs) == 3 {
				vcpu = round10(vs[0] + vs[2])
			}
			rp.Fargate[k] = FargatePrice{VCPUHour: vcpu, GBHour: vs[1]}
		} else if has {
			rp.Fargate[k] = old
		}
	}
	if vs, ok := b.use("fargate_ephemeral_gb_hour", b.base.FargateEphemeralGBHour > 0, "ephemeral"); ok {
		rp.FargateEphemeralGBHour = vs[0]
	} else {
		rp.FargateEphemeralGBHour = b.base.FargateEphemeralGBHour
	}
	if b.base.ECSAnywhereInstanceHour > 0 {
		b.gap("ecs_anywhere_instance_hour", true, reasonNotRead)
		rp.ECSAnywhereInstanceHour = b.base.ECSAnywhereInstanceHour
	}
	for _, k := range lbKeys {
		old, has := b.base.LoadBalancer[k]
		if vs, ok := b.use("load_balancer."+k, has, "load_balancer."+k+".hour", "load_balancer."+k+".lcu"); ok {
			rp.LoadBalancer[k] = LBPrice{Hour: vs[0], LCUHour: vs[1]}
		} else if has {
			rp.LoadBalancer[k] = old
		}
	}
	if vs, ok := b.use("nat_gateway", b.base.NATGateway != nil, "nat_gateway.hour", "nat_gateway.gb"); ok {
		rp.NATGateway = &NATPrice{Hour: vs[0], GBProcessed: vs[1]}
	} else if b.base.NATGateway != nil {
		n := *b.base.NATGateway
		rp.NATGateway = &n
	}
	for _, t := range ec2Types {
		old, has := b.base.EC2[t]
		if vs, ok := b.use("ec2."+t, has, "ec2."+t); ok {
			rp.EC2[t] = vs[0]
		} else if has {
			rp.EC2[t] = old
		}
	}
	return rp
}

// tableOrder returns the embedded table's regions and the union of its EC2
// instance types, each in the order the file lists them.
func tableOrder(root *yaml.Node) (regions, ec2Types []string) {
	rs := yamlpos.At(root, "regions")
	if rs == nil || rs.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(rs.Content); i += 2 {
		regions = append(regions, rs.Content[i].Value)
		ec2 := yamlpos.At(rs.Content[i+1], "ec2")
		if ec2 == nil || ec2.Kind != yaml.MappingNode || ec2 == rs.Content[i+1] {
			continue
		}
		for j := 0; j+1 < len(ec2.Content); j += 2 {
			if t := ec2.Content[j].Value; !slices.Contains(ec2Types, t) {
				ec2Types = append(ec2Types, t)
			}
		}
	}
	return regions, ec2Types
}

// refreshedHeader heads a refreshed table; %s is the embedded table's date.
const refreshedHeader = `Price table for the ecspack cost model (COST-001), written by
` + "`ecspack prices --refresh`" + ` from the AWS Price List API (GetProducts):
on-demand prices, Linux unless stated, in USD, for the regions below. The date
is --date when given, otherwise the latest publication date of the products
read. Fargate windows_x86_64 vcpu_hour includes the OS licence fee per
vCPU-hour.

A price the price list did not give is kept from the table embedded in ecspack
(dated %s) and marked "kept from the embedded table"; ECS Anywhere is not
read from the price list.

Use this file with ` + "`--prices FILE`" + ` or ` + "`prices:`" + ` in ecspack.yaml. Spot prices
are not listed: the model applies the discounts under ` + "`assumptions`" + ` to
on-demand prices.`

// encodeRefreshed writes the refreshed table in the embedded table's layout,
// reusing its assumptions (with their comments).
func encodeRefreshed(base *yaml.Node, baseDate, date string, regions, ec2Types []string, out map[string]RegionPrices, kept map[string]map[string]bool) ([]byte, error) {
	keptNote := "kept from the embedded table (" + baseDate + ")"
	m := yamlMapping(false)
	m.HeadComment = fmt.Sprintf(refreshedHeader, baseDate)
	addPair(m, "source", stringScalar(PriceListSource))
	addPair(m, "date", stringScalar(date))
	addPair(m, "currency", stringScalar("USD"))
	if a := yamlpos.At(base, "assumptions"); a != nil && a != base {
		addPair(m, "assumptions", a)
	}
	rs := yamlMapping(false)
	for _, r := range regions {
		rp := out[r]
		note := func(n *yaml.Node, item string) *yaml.Node {
			if kept[r][item] {
				n.LineComment = keptNote
			}
			return n
		}
		reg := yamlMapping(false)
		if len(rp.Fargate) > 0 {
			fg := yamlMapping(false)
			for _, k := range fargateKeys {
				if f, ok := rp.Fargate[k]; ok {
					v := yamlMapping(true)
					addPair(v, "vcpu_hour", priceScalar(f.VCPUHour))
					addPair(v, "gb_hour", priceScalar(f.GBHour))
					addPair(fg, k, note(v, "fargate."+k))
				}
			}
			addPair(reg, "fargate", fg)
		}
		if rp.FargateEphemeralGBHour > 0 {
			addPair(reg, "fargate_ephemeral_gb_hour", note(priceScalar(rp.FargateEphemeralGBHour), "fargate_ephemeral_gb_hour"))
		}
		if rp.ECSAnywhereInstanceHour > 0 {
			addPair(reg, "ecs_anywhere_instance_hour", note(priceScalar(rp.ECSAnywhereInstanceHour), "ecs_anywhere_instance_hour"))
		}
		if len(rp.LoadBalancer) > 0 {
			lb := yamlMapping(false)
			for _, k := range lbKeys {
				if l, ok := rp.LoadBalancer[k]; ok {
					v := yamlMapping(true)
					addPair(v, "hour", priceScalar(l.Hour))
					addPair(v, "lcu_hour", priceScalar(l.LCUHour))
					addPair(lb, k, note(v, "load_balancer."+k))
				}
			}
			addPair(reg, "load_balancer", lb)
		}
		if n := rp.NATGateway; n != nil {
			v := yamlMapping(true)
			addPair(v, "hour", priceScalar(n.Hour))
			addPair(v, "gb_processed", priceScalar(n.GBProcessed))
			addPair(reg, "nat_gateway", note(v, "nat_gateway"))
		}
		if len(rp.EC2) > 0 {
			ec2 := yamlMapping(false)
			for _, t := range ec2Types {
				if v, ok := rp.EC2[t]; ok {
					addPair(ec2, t, note(priceScalar(v), "ec2."+t))
				}
			}
			addPair(reg, "ec2", ec2)
		}
		addPair(rs, r, reg)
	}
	addPair(m, "regions", rs)
	var buf strings.Builder
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{m}}); err != nil {
		return nil, fmt.Errorf("encode the refreshed price table: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("encode the refreshed price table: %w", err)
	}
	return []byte(buf.String()), nil
}

func yamlMapping(flow bool) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	if flow {
		n.Style = yaml.FlowStyle
	}
	return n
}

func addPair(m *yaml.Node, key string, v *yaml.Node) {
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, v)
}

// stringScalar is a string scalar, quoted as the embedded table quotes its strings
// when it could read as another type (a date).
func stringScalar(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	if s != "USD" {
		n.Style = yaml.DoubleQuotedStyle
	}
	return n
}

// priceScalar is a number scalar in its shortest exact decimal form.
func priceScalar(v float64) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Value: words.Number(v)}
}
