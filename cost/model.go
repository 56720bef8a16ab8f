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
//
// Quantities are the steady state the deployment is configured for: a
// service's desired count (not the tasks that happened to run when the
// snapshot was taken) and an Auto Scaling group's desired capacity. Each
// line also has a low and a high quantity, the bottom and top of its Auto
// Scaling range (the service's scalable target, the group's minimum and
// maximum). AWS charges, the partner's fees and third parties' charges have
// separate totals, so the AWS total is what an AWS estimate or bill is
// compared with (Comparison).
package cost

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/ecspack/ecspack/estate"
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
	// GroupAWSOther holds the AWS charges the partner lists because the
	// inventory cannot see them (Support, data transfer, databases…).
	GroupAWSOther   = "Other AWS charges"
	GroupPartnerFee = "Partner fees"
	GroupThirdParty = "Third-party charges"
)

var groupOrder = []string{GroupFargate, GroupEC2, GroupECSAnywhere, GroupLoadBalancer, GroupNAT, GroupAWSOther, GroupPartnerFee, GroupThirdParty}

// Payees of a line: who is paid. Only AWS lines count in Model.Total.
const (
	PayeeAWS        = evidence.CostKindAWS
	PayeePartnerFee = evidence.CostKindPartnerFee
	PayeeThirdParty = evidence.CostKindThirdParty
)

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
	// Total is the sum of the AWS lines with a known price, in Currency per
	// month, at the steady state; TotalLow and TotalHigh the same sum at the
	// bottom and the top of the Auto Scaling ranges.
	Total     float64 `json:"total"`
	TotalLow  float64 `json:"total_low"`
	TotalHigh float64 `json:"total_high"`
	// PartnerFees and ThirdParty are the sums of the partner's fees and of
	// third parties' charges: outside the AWS bill, never in Total.
	PartnerFees float64 `json:"partner_fees,omitempty"`
	ThirdParty  float64 `json:"third_party,omitempty"`
	// Unpriced counts the lines whose price is unknown (excluded from every total).
	Unpriced int `json:"unpriced,omitempty"`
	// PriceSource and PriceDate say where the unit prices come from.
	PriceSource string `json:"price_source"`
	PriceDate   string `json:"price_date"`
	// BusinessValue, CalculatorURL, EstimateBeforeUSD, ActualUSD and
	// ActualPeriod come from the case study's cost section.
	BusinessValue     string  `json:"business_value,omitempty"`
	CalculatorURL     string  `json:"calculator_url,omitempty"`
	EstimateBeforeUSD float64 `json:"estimate_before_usd,omitempty"`
	ActualUSD         float64 `json:"actual_usd,omitempty"`
	ActualPeriod      string  `json:"actual_period,omitempty"`
}

// Line is one cost item: Monthly = Quantity × UnitPrice × Hours × (1 − Discount), rounded to the cent.
type Line struct {
	// Group is one of the Group* constants.
	Group string `json:"group"`
	// Item names the resource, e.g. "prod/web (task definition web:12)".
	Item   string `json:"item"`
	Region string `json:"region,omitempty"`
	// Quantity counts Unit at the steady state, e.g. 2 tasks (a service's
	// desired count), 3 instances.
	Quantity float64 `json:"quantity"`
	// QuantityLow and QuantityHigh are the quantity at the bottom and the
	// top of the Auto Scaling range when Scales, else Quantity.
	QuantityLow  float64 `json:"quantity_low"`
	QuantityHigh float64 `json:"quantity_high"`
	Scales       bool    `json:"scales,omitempty"`
	Unit         string  `json:"unit"`
	// UnitPrice is the on-demand price per Unit per hour (or per month when Hours is 1).
	UnitPrice float64 `json:"unit_price"`
	Hours     float64 `json:"hours"`
	// Discount is the fraction taken off (Spot); DiscountKey names its assumption.
	Discount    float64 `json:"discount,omitempty"`
	DiscountKey string  `json:"discount_key,omitempty"`
	// QuantityKey names the assumption the quantity comes from, when it does (LCUs).
	QuantityKey string  `json:"quantity_key,omitempty"`
	Monthly     float64 `json:"monthly"`
	MonthlyLow  float64 `json:"monthly_low"`
	MonthlyHigh float64 `json:"monthly_high"`
	// Payee is who is paid: PayeeAWS for every line from the inventory.
	Payee string `json:"payee"`
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
	// Estate is the view of the case study's inventory when the caller built
	// it (the pipeline builds one per case study for every stage); nil
	// builds one.
	Estate *estate.Estate
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
	as, err := assumptionValues(cs.ID, prices, opts)
	if err != nil {
		return nil, err
	}
	m := &Model{
		CaseID: cs.ID, Title: cs.Title, Currency: cmp.Or(prices.Currency, "USD"),
		PriceSource: prices.Source, PriceDate: prices.Date,
		BusinessValue: cs.Cost.BusinessValue, CalculatorURL: cs.Cost.CalculatorURL, EstimateBeforeUSD: cs.Cost.EstimateBeforeUSD,
		ActualUSD: cs.Cost.ActualUSD, ActualPeriod: cs.Cost.ActualPeriod,
	}
	e := &estimator{m: m, prices: prices, as: as}
	view := opts.Estate
	if view == nil {
		view = estate.New(cs.Inventory)
	}
	var regions []string
	for _, r := range view.Regions {
		if !slices.Contains(regions, r.Name()) {
			regions = append(regions, r.Name())
		}
		e.region(r)
	}
	if len(regions) == 0 {
		regions = slices.Clone(cs.Regions)
	}
	slices.Sort(regions)
	m.Region = strings.Join(regions, ", ")
	for _, l := range cs.Cost.Lines {
		group := map[string]string{PayeeAWS: GroupAWSOther, PayeePartnerFee: GroupPartnerFee, PayeeThirdParty: GroupThirdParty}[l.Payee()]
		e.add(Line{Group: group, Item: l.Name, Quantity: 1, Unit: "month", UnitPrice: l.MonthlyUSD, Hours: 1, Known: true, Note: l.Note, Payee: l.Payee()})
	}
	slices.SortStableFunc(m.Lines, func(a, b Line) int {
		return cmp.Compare(slices.Index(groupOrder, a.Group), slices.Index(groupOrder, b.Group))
	})
	m.total()
	m.Assumptions = assumptionList(as, prices, opts)
	return m, nil
}

// total sums the priced lines by payee, in cents so the printed lines add
// up to the printed totals, and counts the unpriced ones.
func (m *Model) total() {
	var aws, low, high, fees, other int64
	for _, l := range m.Lines {
		switch {
		case !l.Known:
			m.Unpriced++
		case l.Payee == PayeePartnerFee:
			fees += cents(l.Monthly)
		case l.Payee == PayeeThirdParty:
			other += cents(l.Monthly)
		default:
			aws += cents(l.Monthly)
			low += cents(l.MonthlyLow)
			high += cents(l.MonthlyHigh)
		}
	}
	m.Total, m.TotalLow, m.TotalHigh = float64(aws)/100, float64(low)/100, float64(high)/100
	m.PartnerFees, m.ThirdParty = float64(fees)/100, float64(other)/100
}

// assumptionValues are the assumptions an estimate uses: the price table's,
// overridden by the options, and the defaults for any neither sets. An
// unknown or out-of-range override is an error naming the case study.
func assumptionValues(caseID string, prices *Prices, opts Options) (map[string]float64, error) {
	as := map[string]float64{}
	for k, v := range prices.Assumptions {
		as[k] = v
	}
	for _, k := range slices.Sorted(maps.Keys(opts.Assumptions)) {
		info, ok := assumptionInfo[k]
		v := opts.Assumptions[k]
		if !ok {
			return nil, fmt.Errorf("cost model for %s: unknown assumption %q: expected one of %s", caseID, k, strings.Join(AssumptionKeys(), ", "))
		}
		if v < 0 || math.IsNaN(v) || (info.fraction && v >= 1) || (k == AssumptionHoursPerMonth && v == 0) {
			return nil, fmt.Errorf("cost model for %s: assumption %s = %v is out of range", caseID, k, v)
		}
		as[k] = v
	}
	for k, info := range assumptionInfo {
		if _, ok := as[k]; !ok {
			as[k] = info.defValue
		}
	}
	return as, nil
}

// assumptionList lists the assumptions in key order, each noting where its
// value comes from.
func assumptionList(as map[string]float64, prices *Prices, opts Options) []Assumption {
	var out []Assumption
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
		out = append(out, a)
	}
	return out
}

type estimator struct {
	m      *Model
	prices *Prices
	as     map[string]float64
}

func (e *estimator) add(l Line) {
	if !l.Scales {
		l.QuantityLow, l.QuantityHigh = l.Quantity, l.Quantity
	}
	if l.Payee == "" {
		l.Payee = PayeeAWS
	}
	if l.Known {
		l.Monthly = Round(l.Quantity * l.UnitPrice * l.Hours * (1 - l.Discount))
		l.MonthlyLow = Round(l.QuantityLow * l.UnitPrice * l.Hours * (1 - l.Discount))
		l.MonthlyHigh = Round(l.QuantityHigh * l.UnitPrice * l.Hours * (1 - l.Discount))
	}
	e.m.Lines = append(e.m.Lines, l)
}

func (e *estimator) unknown(l Line, why string) {
	l.Known = false
	l.Monthly, l.MonthlyLow, l.MonthlyHigh = 0, 0, 0
	l.Note = strings.TrimPrefix(l.Note+"; price unknown: "+why, "; ")
	e.add(l)
}

func (e *estimator) source() string {
	return fmt.Sprintf("%s (%s)", e.prices.Source, e.prices.Date)
}

// regionPricing is what one region's lines are priced with.
type regionPricing struct {
	// name is the region code.
	name string
	// prices are the region's prices; known is false when the table lacks
	// the region, and noRegion then says so.
	prices   RegionPrices
	known    bool
	noRegion string
	hours    float64
}

// region adds the lines of one account-region: Fargate tasks, EC2 capacity,
// ECS Anywhere instances, load balancers and NAT gateways, in that order.
func (e *estimator) region(r *estate.Region) {
	rp, known := e.prices.Regions[r.Name()]
	p := regionPricing{name: r.Name(), prices: rp, known: known, hours: e.as[AssumptionHoursPerMonth],
		noRegion: fmt.Sprintf("no prices for region %s in %s", r.Name(), e.source())}
	for _, s := range r.Services {
		desired := s.Service.DesiredCount
		steady := s.FargateSplit(desired)
		low, high := steady, steady
		lo, hi, scales := s.ScalingRange()
		if scales {
			low, high = s.FargateSplit(lo), s.FargateSplit(hi)
		}
		for _, kind := range []string{estate.ProviderFargate, estate.ProviderFargateSpot} {
			if steady[kind] > 0 || low[kind] > 0 || high[kind] > 0 {
				e.fargate(p, s, kind, [3]int{steady[kind], low[kind], high[kind]}, scales)
			}
		}
	}
	e.ec2(p, r)
	e.anywhere(p, r.Clusters)
	e.loadBalancers(p, r.Region.ELB.LoadBalancers)
	e.natGateways(p, r.Region.Network.NATGateways)
}

// instanceKind is an EC2 instance type and purchase option.
type instanceKind struct{ typ, life string }

func kindOf(in *inventory.Instance) instanceKind {
	if in.Lifecycle == "spot" {
		return instanceKind{in.InstanceType, "spot"}
	}
	return instanceKind{in.InstanceType, "on-demand"}
}

func instanceRunning(in *inventory.Instance) bool { return in.State == "" || in.State == "running" }

func sortedKinds(counts map[instanceKind]int) []instanceKind {
	return slices.SortedFunc(maps.Keys(counts), func(a, b instanceKind) int {
		return cmp.Or(cmp.Compare(a.typ, b.typ), cmp.Compare(a.life, b.life))
	})
}

// ec2 adds the region's EC2 capacity: each Auto Scaling group at its desired
// capacity with its minimum–maximum range (asgLines), then the running
// instances no group launched, one line per instance type and purchase
// option.
func (e *estimator) ec2(p regionPricing, r *estate.Region) {
	inGroup := map[string]bool{}
	for gi := range r.Region.AutoScaling.Groups {
		g := &r.Region.AutoScaling.Groups[gi]
		var running []*inventory.Instance
		for _, in := range r.GroupInstances(g) {
			inGroup[in.ID] = true
			if instanceRunning(in) {
				running = append(running, in)
			}
		}
		e.asgLines(p, g, running)
	}
	counts := map[instanceKind]int{}
	for i := range r.Region.EC2.Instances {
		if in := &r.Region.EC2.Instances[i]; !inGroup[in.ID] && instanceRunning(in) {
			counts[kindOf(in)]++
		}
	}
	for _, k := range sortedKinds(counts) {
		n := float64(counts[k])
		e.ec2Line(p, k, [3]float64{n, n, n}, false, "running, in no Auto Scaling group")
	}
}

// asgLines adds an Auto Scaling group's lines. When the snapshot holds as
// many running instances of the group as its desired capacity, they give
// the lines by type and purchase option, and the range scales each in
// proportion (min/desired, max/desired); otherwise the desired capacity,
// minimum and maximum are priced as the group's first instance type,
// on-demand, and the note says so. A group that can have no instance is
// left out; one whose instance type is unknown is an unpriced line.
func (e *estimator) asgLines(p regionPricing, g *inventory.AutoScalingGroup, running []*inventory.Instance) {
	d, lo, hi := g.DesiredCapacity, g.MinSize, g.MaxSize
	if d == 0 && hi == 0 && len(running) == 0 {
		return
	}
	rng := fmt.Sprintf("Auto Scaling group %s: desired %d, range %d–%d", g.Name, d, lo, hi)
	if len(running) == d && d > 0 {
		counts := map[instanceKind]int{}
		for _, in := range running {
			counts[kindOf(in)]++
		}
		for _, k := range sortedKinds(counts) {
			n := float64(counts[k])
			e.ec2Line(p, k, [3]float64{n, n * float64(lo) / float64(d), n * float64(hi) / float64(d)}, true,
				rng+" in the proportions of its running instances")
		}
		return
	}
	typ := ""
	if len(g.InstanceTypes) > 0 {
		typ = g.InstanceTypes[0]
	}
	why := fmt.Sprintf("%d of its instances running in the snapshot; priced as its first instance type, on-demand", len(running))
	if typ == "" {
		why = fmt.Sprintf("%d of its instances running in the snapshot, and its instance type not recorded", len(running))
	}
	e.ec2Line(p, instanceKind{typ, "on-demand"}, [3]float64{float64(d), float64(lo), float64(hi)}, true, rng+"; "+why)
}

// ec2Line adds the line of instances of one kind: q holds the steady,
// low and high quantities; where says where they come from.
func (e *estimator) ec2Line(p regionPricing, k instanceKind, q [3]float64, scales bool, where string) {
	item := k.typ + " (" + k.life + ")"
	if k.typ == "" {
		item = "instance type unknown (" + k.life + ")"
	}
	l := Line{Group: GroupEC2, Item: item, Region: p.name, Quantity: q[0], QuantityLow: q[1], QuantityHigh: q[2], Scales: scales,
		Unit: "instance", Hours: p.hours, Known: true}
	l.Note = where + "; Linux on-demand price per instance-hour"
	if k.life == "spot" {
		l.Discount, l.DiscountKey = e.as[AssumptionEC2SpotDiscount], AssumptionEC2SpotDiscount
		l.Note += fmt.Sprintf("; Spot assumed %s below on-demand (assumption)", pct(l.Discount))
	}
	switch price, ok := p.prices.EC2[k.typ]; {
	case !p.known:
		e.unknown(l, p.noRegion)
	case k.typ == "":
		e.unknown(l, "instance type not recorded in the inventory")
	case !ok:
		e.unknown(l, fmt.Sprintf("no price for instance type %s in %s in %s", k.typ, p.name, e.source()))
	default:
		l.UnitPrice = price
		e.add(l)
	}
}

// anywhere adds the line of the region's billed ECS Anywhere instances.
func (e *estimator) anywhere(p regionPricing, clusters []*estate.Cluster) {
	external := 0
	for _, c := range clusters {
		external += c.ActiveExternalInstances()
	}
	if external == 0 {
		return
	}
	l := Line{Group: GroupECSAnywhere, Item: "ECS Anywhere managed instances", Region: p.name, Quantity: float64(external), Unit: "instance", Hours: p.hours, Known: true,
		Note: "the on-premises hardware itself is not included"}
	switch {
	case !p.known:
		e.unknown(l, p.noRegion)
	case p.prices.ECSAnywhereInstanceHour == 0:
		e.unknown(l, fmt.Sprintf("no ECS Anywhere price for %s in %s", p.name, e.source()))
	default:
		l.UnitPrice = p.prices.ECSAnywhereInstanceHour
		e.add(l)
	}
}

// loadBalancers adds, per load balancer in name order, an hourly line and a
// capacity unit line.
func (e *estimator) loadBalancers(p regionPricing, lbs []inventory.LoadBalancer) {
	lbs = slices.Clone(lbs)
	slices.SortFunc(lbs, func(a, b inventory.LoadBalancer) int { return cmp.Compare(a.Name, b.Name) })
	for _, lb := range lbs {
		label, lcuKey, lcuUnit := lbLabel(lb.Type)
		item := fmt.Sprintf("%s %s (%s)", label, lb.Name, lb.Scheme)
		hourLine := Line{Group: GroupLoadBalancer, Item: item, Region: p.name, Quantity: 1, Unit: "load balancer", Hours: p.hours, Known: true}
		lcu := e.as[lcuKey]
		lcuLine := Line{Group: GroupLoadBalancer, Item: item + " capacity units", Region: p.name, Quantity: lcu, Unit: lcuUnit, QuantityKey: lcuKey, Hours: p.hours, Known: true,
			Note: fmt.Sprintf("%v %s per hour on average (assumption %s)", lcu, lcuUnit, lcuKey)}
		price, ok := p.prices.LoadBalancer[lb.Type]
		switch {
		case !p.known:
			e.unknown(hourLine, p.noRegion)
			e.unknown(lcuLine, p.noRegion)
		case !ok:
			why := fmt.Sprintf("no price for %q load balancers in %s in %s", lb.Type, p.name, e.source())
			e.unknown(hourLine, why)
			e.unknown(lcuLine, why)
		default:
			hourLine.UnitPrice, lcuLine.UnitPrice = price.Hour, price.LCUHour
			e.add(hourLine)
			if lcu > 0 {
				e.add(lcuLine)
			}
		}
	}
}

// natGateways adds the hourly and data processing lines of the region's NAT
// gateways that exist (available or pending).
func (e *estimator) natGateways(p regionPricing, gateways []inventory.NATGateway) {
	nats := 0
	for _, n := range gateways {
		if n.State == "" || n.State == "available" || n.State == "pending" {
			nats++
		}
	}
	if nats == 0 {
		return
	}
	l := Line{Group: GroupNAT, Item: "NAT gateways", Region: p.name, Quantity: float64(nats), Unit: "gateway", Hours: p.hours, Known: true}
	gb := e.as[AssumptionNATGB]
	dl := Line{Group: GroupNAT, Item: "NAT gateway data processing", Region: p.name, Quantity: gb * float64(nats), Unit: "GB", Hours: 1, QuantityKey: AssumptionNATGB, Known: true,
		Note: fmt.Sprintf("%v GB per gateway per month (assumption %s)", gb, AssumptionNATGB)}
	switch {
	case !p.known:
		e.unknown(l, p.noRegion)
	case p.prices.NATGateway == nil:
		e.unknown(l, fmt.Sprintf("no NAT gateway price for %s in %s", p.name, e.source()))
	default:
		l.UnitPrice = p.prices.NATGateway.Hour
		e.add(l)
		if gb > 0 {
			dl.UnitPrice = p.prices.NATGateway.GBProcessed
			e.add(dl)
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

// fargate adds the line of a service's tasks on one Fargate provider
// (FARGATE or FARGATE_SPOT), priced from its task size and runtime platform:
// n holds the tasks there at its desired count and at the bottom and top of
// its Auto Scaling range.
func (e *estimator) fargate(p regionPricing, s *estate.Service, kind string, n [3]int, scales bool) {
	tdName := inventory.ShortName(s.Service.TaskDefinition)
	l := Line{Group: GroupFargate, Item: s.ClusterName() + "/" + s.Name(), Region: p.name, Quantity: float64(n[0]), QuantityLow: float64(n[1]), QuantityHigh: float64(n[2]),
		Scales: scales, Unit: "task", Hours: p.hours, Known: true}
	counts := fmt.Sprintf("desired count %d", s.Service.DesiredCount)
	if s.Service.RunningCount != s.Service.DesiredCount {
		counts += fmt.Sprintf(" (%d running when the snapshot was taken)", s.Service.RunningCount)
	}
	if lo, hi, ok := s.ScalingRange(); ok {
		counts += fmt.Sprintf(", Auto Scaling %d–%d", lo, hi)
	}
	if kind == estate.ProviderFargateSpot {
		l.Item += " (Fargate Spot)"
		l.Discount, l.DiscountKey = e.as[AssumptionFargateSpotDiscount], AssumptionFargateSpotDiscount
	}
	vcpu, gb, ok := s.TaskSize()
	if !ok {
		l.Note = counts
		e.unknown(l, fmt.Sprintf("task size of %s unknown (no task-level cpu and memory in the inventory)", tdName))
		return
	}
	pk := fargatePriceKey(s.TaskDef)
	if !p.known {
		l.Note = fmt.Sprintf("%s; %s: %s vCPU / %s GB, %s", counts, tdName, words.Number(vcpu), words.Number(gb), pk)
		e.unknown(l, p.noRegion)
		return
	}
	price, ok := p.prices.Fargate[pk]
	if !ok {
		l.Note = fmt.Sprintf("%s; %s: %s vCPU / %s GB", counts, tdName, words.Number(vcpu), words.Number(gb))
		e.unknown(l, fmt.Sprintf("no Fargate %s price for %s in %s", pk, p.name, e.source()))
		return
	}
	l.UnitPrice = vcpu*price.VCPUHour + gb*price.GBHour
	l.Note = fmt.Sprintf("%s; %s: %s vCPU × $%s + %s GB × $%s per task-hour (%s)", counts, tdName, words.Number(vcpu), words.Number(price.VCPUHour), words.Number(gb), words.Number(price.GBHour), pk)
	if td := s.TaskDef; td != nil && td.EphemeralStorageGiB > 20 {
		extra := float64(td.EphemeralStorageGiB - 20)
		if p.prices.FargateEphemeralGBHour > 0 {
			l.UnitPrice += extra * p.prices.FargateEphemeralGBHour
			l.Note += fmt.Sprintf(" + %s GB ephemeral storage above 20 GB × $%s", words.Number(extra), words.Number(p.prices.FargateEphemeralGBHour))
		} else {
			l.Note += fmt.Sprintf("; %s GB ephemeral storage above 20 GB not priced (no price in table)", words.Number(extra))
		}
	}
	if kind == estate.ProviderFargateSpot {
		l.Note += fmt.Sprintf("; Spot assumed %s below on-demand (assumption)", pct(l.Discount))
	}
	e.add(l)
}

// fargatePriceKey is the key of the price table's Fargate prices for a task
// definition's runtime platform: "linux_x86_64", "windows_arm64", ….
func fargatePriceKey(td *inventory.TaskDefinition) string {
	osName, arch := "linux", "x86_64"
	if estate.RunsWindows(td) {
		osName = "windows"
	}
	if estate.RunsARM64(td) {
		arch = "arm64"
	}
	return osName + "_" + arch
}

func pct(f float64) string { return words.Number(math.Round(f*10000)/100) + "%" }
