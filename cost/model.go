// Package cost builds the monthly cost model of a case study (COST-001) from
// its inventory and a dated price table, plus the partner's own cost lines and
// business value analysis.
//
// Every line is Quantity × UnitPrice × Hours × (1 − Discount), rounded to the
// cent (half away from zero, after removing floating-point noise below a
// millionth of a dollar); the total is the sum of the rounded lines, so the
// printed lines always add up to the printed total. Hours is the
// hours_per_month assumption (730) for hourly prices and 1 for monthly ones.
//
// A resource whose price the table does not have (an unknown region or
// instance type, a Windows/ARM Fargate combination not listed) does not stop
// the model: it becomes a line with Known false and a note saying which price
// is missing, it is excluded from the total, and Model.Unpriced counts it, so
// the reader sees the gap instead of a silently lower total.
package cost

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/internal/words"
	"github.com/ecspack/ecspack/inventory"
)

// Line groups, in the order the model lists them.
const (
	GroupFargate      = "Fargate tasks"
	GroupEC2          = "EC2 capacity"
	GroupECSAnywhere  = "ECS Anywhere"
	GroupLoadBalancer = "Load balancers"
	GroupNAT          = "NAT gateways"
	GroupPartner      = "Partner-supplied"
)

var groupOrder = []string{GroupFargate, GroupEC2, GroupECSAnywhere, GroupLoadBalancer, GroupNAT, GroupPartner}

// Model is the monthly cost model of one case study.
type Model struct {
	CaseID string `json:"case_id"`
	Title  string `json:"title,omitempty"`
	// Region is the region of the estate, or the regions joined by ", " when several.
	Region   string `json:"region"`
	Currency string `json:"currency"`
	Lines    []Line `json:"lines"`
	// Assumptions are the named values the lines use besides prices.
	Assumptions []Assumption `json:"assumptions"`
	// Total is the sum of the lines with a known price, in Currency per month.
	Total float64 `json:"total"`
	// Unpriced counts the lines whose price is unknown (excluded from Total).
	Unpriced int `json:"unpriced,omitempty"`
	// PriceSource and PriceDate say where the unit prices come from.
	PriceSource string `json:"price_source"`
	PriceDate   string `json:"price_date"`
	// BusinessValue, CalculatorURL and EstimateBeforeUSD come from the case study's cost section.
	BusinessValue     string  `json:"business_value,omitempty"`
	CalculatorURL     string  `json:"calculator_url,omitempty"`
	EstimateBeforeUSD float64 `json:"estimate_before_usd,omitempty"`
}

// Line is one cost item: Monthly = Quantity × UnitPrice × Hours × (1 − Discount), rounded to the cent.
type Line struct {
	// Group is one of the Group* constants.
	Group string `json:"group"`
	// Item names the resource, e.g. "prod/web (task definition web:12)".
	Item   string `json:"item"`
	Region string `json:"region,omitempty"`
	// Quantity counts Unit, e.g. 2 tasks, 3 instances.
	Quantity float64 `json:"quantity"`
	Unit     string  `json:"unit"`
	// UnitPrice is the on-demand price per Unit per hour (or per month when Hours is 1).
	UnitPrice float64 `json:"unit_price"`
	Hours     float64 `json:"hours"`
	// Discount is the fraction taken off (Spot); DiscountKey names its assumption.
	Discount    float64 `json:"discount,omitempty"`
	DiscountKey string  `json:"discount_key,omitempty"`
	// QuantityKey names the assumption the quantity comes from, when it does (LCUs).
	QuantityKey string  `json:"quantity_key,omitempty"`
	Monthly     float64 `json:"monthly"`
	// Known is false when the price table has no price for the item.
	Known bool   `json:"known"`
	Note  string `json:"note,omitempty"`
}

// Assumption is one named value of the model.
type Assumption struct {
	Key   string  `json:"key"`
	Name  string  `json:"name"`
	Value float64 `json:"value"`
	Unit  string  `json:"unit"`
	Note  string  `json:"note,omitempty"`
}

// Options adjust an estimate.
type Options struct {
	// Assumptions override the price table's assumptions by key.
	Assumptions map[string]float64
}

// Round rounds an amount to the cent, half away from zero, after rounding
// to a millionth to remove floating-point noise (so 0.125 stays 0.13).
func Round(v float64) float64 {
	return float64(cents(v)) / 100
}

func cents(v float64) int64 {
	micro := math.Round(v * 1e6)
	return int64(math.Round(micro / 1e4))
}

// Estimate builds the cost model of a case study. Only a nil case study or
// price table, or an invalid assumption override, is an error; missing
// prices become unpriced lines (see the package doc).
func Estimate(cs *evidence.CaseStudy, prices *Prices, opts Options) (*Model, error) {
	if cs == nil {
		return nil, fmt.Errorf("cost model: no case study")
	}
	if prices == nil {
		return nil, fmt.Errorf("cost model for %s: no price table", cs.ID)
	}
	as := map[string]float64{}
	for k, v := range prices.Assumptions {
		as[k] = v
	}
	for _, k := range slices.Sorted(maps.Keys(opts.Assumptions)) {
		info, ok := assumptionInfo[k]
		v := opts.Assumptions[k]
		if !ok {
			return nil, fmt.Errorf("cost model for %s: unknown assumption %q: expected one of %s", cs.ID, k, strings.Join(AssumptionKeys(), ", "))
		}
		if v < 0 || math.IsNaN(v) || (info.fraction && v >= 1) || (k == AssumptionHoursPerMonth && v == 0) {
			return nil, fmt.Errorf("cost model for %s: assumption %s = %v is out of range", cs.ID, k, v)
		}
		as[k] = v
	}
	for k, info := range assumptionInfo {
		if _, ok := as[k]; !ok {
			as[k] = info.defValue
		}
	}
	m := &Model{
		CaseID: cs.ID, Title: cs.Title, Currency: cmp.Or(prices.Currency, "USD"),
		PriceSource: prices.Source, PriceDate: prices.Date,
		BusinessValue: cs.Cost.BusinessValue, CalculatorURL: cs.Cost.CalculatorURL, EstimateBeforeUSD: cs.Cost.EstimateBeforeUSD,
	}
	e := &estimator{m: m, prices: prices, as: as}
	var regions []string
	if cs.Inventory != nil {
		for ai := range cs.Inventory.Accounts {
			a := &cs.Inventory.Accounts[ai]
			for ri := range a.Regions {
				r := &a.Regions[ri]
				if !slices.Contains(regions, r.Name) {
					regions = append(regions, r.Name)
				}
				e.region(r)
			}
		}
	}
	if len(regions) == 0 {
		regions = slices.Clone(cs.Regions)
	}
	slices.Sort(regions)
	m.Region = strings.Join(regions, ", ")
	for _, l := range cs.Cost.Lines {
		e.add(Line{Group: GroupPartner, Item: l.Name, Quantity: 1, Unit: "month", UnitPrice: l.MonthlyUSD, Hours: 1, Known: true, Note: l.Note})
	}
	slices.SortStableFunc(m.Lines, func(a, b Line) int {
		return cmp.Compare(slices.Index(groupOrder, a.Group), slices.Index(groupOrder, b.Group))
	})
	var total int64
	for _, l := range m.Lines {
		if l.Known {
			total += cents(l.Monthly)
		} else {
			m.Unpriced++
		}
	}
	m.Total = float64(total) / 100
	for _, k := range AssumptionKeys() {
		info := assumptionInfo[k]
		a := Assumption{Key: k, Name: info.name, Value: as[k], Unit: info.unit}
		if _, over := opts.Assumptions[k]; over {
			a.Note = "set for this estimate"
		} else {
			a.Note = "price table " + prices.Date
		}
		switch k {
		case AssumptionFargateSpotDiscount, AssumptionEC2SpotDiscount:
			a.Note += "; Spot prices vary, this is an assumption"
		case AssumptionNATGB:
			if as[k] == 0 {
				a.Note += "; data processing not modelled"
			}
		}
		m.Assumptions = append(m.Assumptions, a)
	}
	return m, nil
}

type estimator struct {
	m      *Model
	prices *Prices
	as     map[string]float64
}

func (e *estimator) add(l Line) {
	if l.Known {
		l.Monthly = Round(l.Quantity * l.UnitPrice * l.Hours * (1 - l.Discount))
	}
	e.m.Lines = append(e.m.Lines, l)
}

func (e *estimator) unknown(l Line, why string) {
	l.Known = false
	l.Monthly = 0
	l.Note = strings.TrimPrefix(l.Note+"; price unknown: "+why, "; ")
	e.add(l)
}

func (e *estimator) source() string {
	return fmt.Sprintf("%s (%s)", e.prices.Source, e.prices.Date)
}

func (e *estimator) region(r *inventory.Region) {
	rp, haveRegion := e.prices.Regions[r.Name]
	noRegion := fmt.Sprintf("no prices for region %s in %s", r.Name, e.source())
	hours := e.as[AssumptionHoursPerMonth]
	ix := inventory.NewIndex(r)

	// Fargate tasks, per service and pricing kind.
	for ci := range r.ECS.Clusters {
		c := &r.ECS.Clusters[ci]
		for si := range c.Services {
			s := &c.Services[si]
			td := ix.TaskDefinition(s.TaskDefinition)
			split := fargateSplit(c, s, td, ix)
			for _, kind := range []string{"FARGATE", "FARGATE_SPOT"} {
				n := split[kind]
				if n == 0 {
					continue
				}
				e.fargate(r.Name, rp, haveRegion, noRegion, c, s, td, ix, kind, n, hours)
			}
		}
	}

	// EC2 capacity: running container instances by type and purchase option.
	type key struct{ typ, life string }
	counts := map[key]int{}
	for _, in := range r.EC2.Instances {
		if in.State != "" && in.State != "running" {
			continue
		}
		life := "on-demand"
		if in.Lifecycle == "spot" {
			life = "spot"
		}
		counts[key{in.InstanceType, life}]++
	}
	fromASG := map[key]string{}
	if len(r.EC2.Instances) == 0 {
		for _, g := range r.AutoScaling.Groups {
			if g.DesiredCapacity == 0 || len(g.InstanceTypes) == 0 {
				continue
			}
			k := key{g.InstanceTypes[0], "on-demand"}
			counts[k] += g.DesiredCapacity
			fromASG[k] = strings.TrimPrefix(fromASG[k]+", "+g.Name, ", ")
		}
	}
	keys := make([]key, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b key) int { return cmp.Or(cmp.Compare(a.typ, b.typ), cmp.Compare(a.life, b.life)) })
	for _, k := range keys {
		l := Line{Group: GroupEC2, Item: k.typ + " (" + k.life + ")", Region: r.Name, Quantity: float64(counts[k]), Unit: "instance", Hours: hours, Known: true}
		l.Note = "Linux on-demand price per instance-hour"
		if g := fromASG[k]; g != "" {
			l.Note = "desired capacity of Auto Scaling group " + g + " (first instance type); " + l.Note
		}
		if k.life == "spot" {
			l.Discount, l.DiscountKey = e.as[AssumptionEC2SpotDiscount], AssumptionEC2SpotDiscount
			l.Note += fmt.Sprintf("; Spot assumed %s below on-demand (assumption)", pct(l.Discount))
		}
		switch p, ok := rp.EC2[k.typ]; {
		case !haveRegion:
			e.unknown(l, noRegion)
		case k.typ == "":
			e.unknown(l, "instance type not recorded in the inventory")
		case !ok:
			e.unknown(l, fmt.Sprintf("no price for instance type %s in %s in %s", k.typ, r.Name, e.source()))
		default:
			l.UnitPrice = p
			e.add(l)
		}
	}

	// ECS Anywhere managed instances.
	external := 0
	for _, c := range r.ECS.Clusters {
		for _, ci := range c.ContainerInstances {
			if ci.External && (ci.Status == "" || ci.Status == "ACTIVE") {
				external++
			}
		}
	}
	if external > 0 {
		l := Line{Group: GroupECSAnywhere, Item: "ECS Anywhere managed instances", Region: r.Name, Quantity: float64(external), Unit: "instance", Hours: hours, Known: true,
			Note: "the on-premises hardware itself is not included"}
		switch {
		case !haveRegion:
			e.unknown(l, noRegion)
		case rp.ECSAnywhereInstanceHour == 0:
			e.unknown(l, fmt.Sprintf("no ECS Anywhere price for %s in %s", r.Name, e.source()))
		default:
			l.UnitPrice = rp.ECSAnywhereInstanceHour
			e.add(l)
		}
	}

	// Load balancers: an hourly line and a capacity unit line each.
	lbs := slices.Clone(r.ELB.LoadBalancers)
	slices.SortFunc(lbs, func(a, b inventory.LoadBalancer) int { return cmp.Compare(a.Name, b.Name) })
	for _, lb := range lbs {
		label, lcuKey, lcuUnit := lbLabel(lb.Type)
		item := fmt.Sprintf("%s %s (%s)", label, lb.Name, lb.Scheme)
		hourLine := Line{Group: GroupLoadBalancer, Item: item, Region: r.Name, Quantity: 1, Unit: "load balancer", Hours: hours, Known: true}
		lcu := e.as[lcuKey]
		lcuLine := Line{Group: GroupLoadBalancer, Item: item + " capacity units", Region: r.Name, Quantity: lcu, Unit: lcuUnit, QuantityKey: lcuKey, Hours: hours, Known: true,
			Note: fmt.Sprintf("%v %s per hour on average (assumption %s)", lcu, lcuUnit, lcuKey)}
		p, ok := rp.LoadBalancer[lb.Type]
		switch {
		case !haveRegion:
			e.unknown(hourLine, noRegion)
			e.unknown(lcuLine, noRegion)
		case !ok:
			why := fmt.Sprintf("no price for %q load balancers in %s in %s", lb.Type, r.Name, e.source())
			e.unknown(hourLine, why)
			e.unknown(lcuLine, why)
		default:
			hourLine.UnitPrice, lcuLine.UnitPrice = p.Hour, p.LCUHour
			e.add(hourLine)
			if lcu > 0 {
				e.add(lcuLine)
			}
		}
	}

	// NAT gateways.
	nats := 0
	for _, n := range r.Network.NATGateways {
		if n.State == "" || n.State == "available" || n.State == "pending" {
			nats++
		}
	}
	if nats > 0 {
		l := Line{Group: GroupNAT, Item: "NAT gateways", Region: r.Name, Quantity: float64(nats), Unit: "gateway", Hours: hours, Known: true}
		gb := e.as[AssumptionNATGB]
		dl := Line{Group: GroupNAT, Item: "NAT gateway data processing", Region: r.Name, Quantity: gb * float64(nats), Unit: "GB", Hours: 1, QuantityKey: AssumptionNATGB, Known: true,
			Note: fmt.Sprintf("%v GB per gateway per month (assumption %s)", gb, AssumptionNATGB)}
		switch {
		case !haveRegion:
			e.unknown(l, noRegion)
		case rp.NATGateway == nil:
			e.unknown(l, fmt.Sprintf("no NAT gateway price for %s in %s", r.Name, e.source()))
		default:
			l.UnitPrice = rp.NATGateway.Hour
			e.add(l)
			if gb > 0 {
				dl.UnitPrice = rp.NATGateway.GBProcessed
				e.add(dl)
			}
		}
	}
}

func lbLabel(typ string) (label, lcuKey, lcuUnit string) {
	switch typ {
	case "network":
		return "Network Load Balancer", AssumptionNLBLCU, "NLCU"
	case "gateway":
		return "Gateway Load Balancer", AssumptionGWLBLCU, "GLCU"
	default:
		return "Application Load Balancer", AssumptionALBLCU, "LCU"
	}
}

func (e *estimator) fargate(region string, rp RegionPrices, haveRegion bool, noRegion string, c *inventory.Cluster, s *inventory.Service, td *inventory.TaskDefinition, ix *inventory.Index, kind string, n int, hours float64) {
	tdName := inventory.ShortName(s.TaskDefinition)
	l := Line{Group: GroupFargate, Item: c.Name + "/" + s.Name, Region: region, Quantity: float64(n), Unit: "task", Hours: hours, Known: true}
	if kind == "FARGATE_SPOT" {
		l.Item += " (Fargate Spot)"
		l.Discount, l.DiscountKey = e.as[AssumptionFargateSpotDiscount], AssumptionFargateSpotDiscount
	}
	vcpu, gb, ok := taskSize(td, ix.ServiceTasks(c.ARN, s.Name))
	if !ok {
		e.unknown(l, fmt.Sprintf("task size of %s unknown (no task-level cpu and memory in the inventory)", tdName))
		return
	}
	osName, arch := "linux", "x86_64"
	if td != nil {
		if strings.HasPrefix(strings.ToUpper(td.OSFamily), "WINDOWS") {
			osName = "windows"
		}
		if strings.EqualFold(td.CPUArchitecture, "ARM64") {
			arch = "arm64"
		}
	}
	pk := osName + "_" + arch
	if !haveRegion {
		l.Note = fmt.Sprintf("%s: %s vCPU / %s GB, %s", tdName, words.Number(vcpu), words.Number(gb), pk)
		e.unknown(l, noRegion)
		return
	}
	p, ok := rp.Fargate[pk]
	if !ok {
		l.Note = fmt.Sprintf("%s: %s vCPU / %s GB", tdName, words.Number(vcpu), words.Number(gb))
		e.unknown(l, fmt.Sprintf("no Fargate %s price for %s in %s", pk, region, e.source()))
		return
	}
	l.UnitPrice = vcpu*p.VCPUHour + gb*p.GBHour
	l.Note = fmt.Sprintf("%s: %s vCPU × $%s + %s GB × $%s per task-hour (%s)", tdName, words.Number(vcpu), words.Number(p.VCPUHour), words.Number(gb), words.Number(p.GBHour), pk)
	if td != nil && td.EphemeralStorageGiB > 20 {
		extra := float64(td.EphemeralStorageGiB - 20)
		if rp.FargateEphemeralGBHour > 0 {
			l.UnitPrice += extra * rp.FargateEphemeralGBHour
			l.Note += fmt.Sprintf(" + %s GB ephemeral storage above 20 GB × $%s", words.Number(extra), words.Number(rp.FargateEphemeralGBHour))
		} else {
			l.Note += fmt.Sprintf("; %s GB ephemeral storage above 20 GB not priced (no price in table)", words.Number(extra))
		}
	}
	if kind == "FARGATE_SPOT" {
		l.Note += fmt.Sprintf("; Spot assumed %s below on-demand (assumption)", pct(l.Discount))
	}
	e.add(l)
}

// fargateSplit returns how many of a service's running tasks run on FARGATE
// and FARGATE_SPOT. It counts the inventory's running tasks by capacity
// provider when the inventory holds all of them; otherwise it splits the
// running count by the service's (or cluster default) capacity provider
// strategy the way ECS does: base first, the rest by weight.
func fargateSplit(c *inventory.Cluster, s *inventory.Service, td *inventory.TaskDefinition, ix *inventory.Index) map[string]int {
	out := map[string]int{}
	n := s.RunningCount
	if n <= 0 {
		return out
	}
	switch s.LaunchType {
	case "FARGATE":
		out["FARGATE"] = n
		return out
	case "EC2", "EXTERNAL":
		return out
	}
	strategy := s.CapacityProviderStrategy
	if len(strategy) == 0 {
		strategy = c.DefaultStrategy
	}
	if len(strategy) == 0 {
		if td != nil && slices.Contains(td.RequiresCompatibilities, "FARGATE") && !slices.Contains(td.RequiresCompatibilities, "EC2") {
			out["FARGATE"] = n
		}
		return out
	}
	var running []*inventory.Task
	for _, t := range ix.ServiceTasks(c.ARN, s.Name) {
		if t.LastStatus == "RUNNING" {
			running = append(running, t)
		}
	}
	if len(running) == n {
		for _, t := range running {
			switch {
			case t.CapacityProvider == "FARGATE" || t.CapacityProvider == "FARGATE_SPOT":
				out[t.CapacityProvider]++
			case t.CapacityProvider == "" && t.LaunchType == "FARGATE":
				out["FARGATE"]++
			}
		}
		return out
	}
	for name, k := range SplitByStrategy(n, strategy) {
		if name == "FARGATE" || name == "FARGATE_SPOT" {
			out[name] += k
		}
	}
	return out
}

// SplitByStrategy distributes n tasks over a capacity provider strategy as
// ECS does: each provider's base is placed first (in strategy order), the
// remaining tasks by weight; whole tasks left over by rounding go to the
// providers with the largest fractional share, earlier entries first on ties.
func SplitByStrategy(n int, strategy []inventory.CapacityProviderItem) map[string]int {
	out := map[string]int{}
	rem := n
	for _, it := range strategy {
		b := min(it.Base, rem)
		if b > 0 {
			out[it.CapacityProvider] += b
			rem -= b
		}
	}
	total := 0
	for _, it := range strategy {
		total += max(it.Weight, 0)
	}
	if rem == 0 || total == 0 {
		return out
	}
	type frac struct {
		i    int
		part int
	}
	fr := make([]frac, 0, len(strategy))
	given := 0
	for i, it := range strategy {
		w := max(it.Weight, 0)
		share := rem * w / total
		out[it.CapacityProvider] += share
		given += share
		fr = append(fr, frac{i, rem * w % total})
	}
	slices.SortStableFunc(fr, func(a, b frac) int { return cmp.Compare(b.part, a.part) })
	for k := 0; given < rem && k < len(fr); k++ {
		if strategy[fr[k].i].Weight > 0 {
			out[strategy[fr[k].i].CapacityProvider]++
			given++
		}
	}
	return out
}

// taskSize returns a task's vCPU and memory in GB from its task definition,
// or from the running tasks when the definition does not say.
func taskSize(td *inventory.TaskDefinition, tasks []*inventory.Task) (vcpu, gb float64, ok bool) {
	var cpu, mem string
	if td != nil {
		cpu, mem = td.CPU, td.Memory
	}
	for _, t := range tasks {
		if cpu == "" {
			cpu = t.CPU
		}
		if mem == "" {
			mem = t.Memory
		}
	}
	v, ok1 := ParseCPU(cpu)
	g, ok2 := ParseMemory(mem)
	return v, g, ok1 && ok2
}

// ParseCPU reads a task CPU size as ECS accepts it: CPU units ("512") or
// vCPU ("0.5 vCPU", "1 vcpu"), and returns vCPU.
func ParseCPU(s string) (float64, bool) {
	s = strings.TrimSpace(strings.ToLower(s))
	if v, ok := strings.CutSuffix(s, "vcpu"); ok {
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		return f, err == nil && f > 0
	}
	f, err := strconv.ParseFloat(s, 64)
	return f / 1024, err == nil && f > 0
}

// ParseMemory reads a task memory size as ECS accepts it: MiB ("1024") or
// GB ("1 GB", "2gb"), and returns GB (1 GB = 1024 MiB, as Fargate bills).
func ParseMemory(s string) (float64, bool) {
	s = strings.TrimSpace(strings.ToLower(s))
	if v, ok := strings.CutSuffix(s, "gb"); ok {
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		return f, err == nil && f > 0
	}
	f, err := strconv.ParseFloat(strings.TrimSuffix(s, "mib"), 64)
	return f / 1024, err == nil && f > 0
}

func pct(f float64) string { return words.Number(math.Round(f*10000)/100) + "%" }
