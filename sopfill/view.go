package sopfill

import (
	"cmp"
	"maps"
	"slices"
	"strings"

	"github.com/ecspack/ecspack/cost"
	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/internal/words"
	"github.com/ecspack/ecspack/inventory"
)

// newCaseView computes every view the templates use from a case study: its
// own facts, then, when it has an inventory, what the estate view says about
// each account-region, then the counts the templates summarise. e is the
// inventory's estate view, nil to build one.
func newCaseView(cf *evidence.Casefile, cs *evidence.CaseStudy, model *cost.Model, e *estate.Estate) *CaseView {
	v := &CaseView{
		ID: cs.ID, Title: cs.Title, Customer: cmp.Or(cs.CustomerName(cf), "the customer"),
		Industry: cs.Customer.Industry, Country: cs.Customer.Country,
		Problem: strings.TrimSpace(cs.Summary.Problem), Solution: strings.TrimSpace(cs.Summary.Solution), Outcome: strings.TrimSpace(cs.Summary.Outcome),
		ProductionDate: cs.ProductionDate.String(), Stage: cs.Stage,
		Regions: slices.Clone(cs.Regions), Accounts: slices.Clone(cs.Accounts),
		RTO: cs.RTO.Text, RPO: cs.RPO.Text, ComplianceScope: slices.Clone(cs.ComplianceScope),
		Contacts: slices.Clone(cs.Contacts), External: slices.Clone(cs.External),
		Ops: cs.Operations,
	}
	if cs.WAFR != nil {
		v.WAFR = &WAFRView{Date: cs.WAFR.Date.String(), Report: cs.WAFR.Report, Waives: cs.WAFR.Waives()}
	}
	v.Cost = CostView{BusinessValue: strings.TrimSpace(cs.Cost.BusinessValue), CalculatorURL: cs.Cost.CalculatorURL, Lines: slices.Clone(cs.Cost.Lines), Model: model}
	if cs.Cost.EstimateBeforeUSD > 0 {
		v.Cost.EstimateBefore = cost.Money(cs.Cost.EstimateBeforeUSD)
	}
	if model != nil {
		v.Cost.Total = cost.Money(model.Total)
		v.Cost.ModelMarkdown = string(model.Markdown())
	}
	if cs.Inventory != nil {
		if e == nil {
			e = estate.New(cs.Inventory)
		}
		v.addInventory(cs.Inventory, e)
		v.summarise()
	}
	if cf != nil {
		v.Start = v.startView(cf.Partner.Name, cf.Partner.Contacts)
	} else {
		v.Start = v.startView("", nil)
	}
	return v
}

// addInventory fills the views of a case study's snapshot: where it came
// from, each account's IAM facts and each account-region of its estate view e.
func (v *CaseView) addInventory(snap *inventory.Snapshot, e *estate.Estate) {
	v.HasInventory = true
	v.Snapshot = SnapshotView{Source: snap.Collection.Source, Tool: snap.Collection.Tool, Errors: len(snap.Collection.Errors)}
	if !snap.Collection.StartedAt.IsZero() {
		v.Snapshot.Taken = snap.Collection.StartedAt.UTC().Format("2006-01-02 15:04 UTC")
	}
	for _, a := range snap.Accounts {
		iv := IAMView{Account: a.ID}
		if a.IAM.Summary != nil {
			iv.RootMFA = words.YesNo(a.IAM.Summary["AccountMFAEnabled"] > 0)
			iv.RootAccessKeys = words.YesNo(a.IAM.Summary["AccountAccessKeysPresent"] > 0)
		}
		v.IAM = append(v.IAM, iv)
	}
	roles := map[string]*RoleView{}
	for _, rg := range e.Regions {
		v.addRegion(e, rg, roles)
	}
	for _, arn := range slices.Sorted(maps.Keys(roles)) {
		v.Roles = append(v.Roles, *roles[arn])
	}
	if len(v.Regions) == 0 {
		for _, c := range v.Clusters {
			if !slices.Contains(v.Regions, c.Region) {
				v.Regions = append(v.Regions, c.Region)
			}
		}
		slices.Sort(v.Regions)
	}
	slices.Sort(v.AZs)
	v.AZs = slices.Compact(v.AZs)
}

// summarise counts what the templates state in aggregate: services with a
// circuit breaker, rollback, auto scaling or several zones, KPIs found and
// proposed, KPIs grouped by kind and internet-facing load balancers.
func (v *CaseView) summarise() {
	for _, s := range v.Services {
		if s.CircuitBreaker {
			v.ServicesWithCircuitBreaker++
		}
		if s.Rollback {
			v.ServicesWithRollback++
		}
		if s.AutoScaling {
			v.ServicesWithAutoScaling++
		}
		if len(s.AZs) > 1 {
			v.ServicesInSeveralAZs++
		}
		for _, k := range s.KPIs {
			if k.Proposed {
				v.ProposedKPIs++
			} else {
				v.ImplementedKPIs++
			}
		}
	}
	for _, std := range append(standardKPIs[:len(standardKPIs):len(standardKPIs)], kpiSpec{kind: "other", name: "Other alarms"}) {
		g := KPIGroup{Kind: std.kind, Name: std.name}
		for _, s := range v.Services {
			for _, k := range s.KPIs {
				if k.Kind == std.kind {
					g.Entries = append(g.Entries, KPIEntry{Region: s.Region, Cluster: s.Cluster, Service: s.Name, KPIView: k})
				}
			}
		}
		if len(g.Entries) > 0 {
			v.KPIGroups = append(v.KPIGroups, g)
		}
	}
	for _, lb := range v.LoadBalancers {
		if lb.Scheme == "internet-facing" {
			v.InternetFacingLoadBalancers++
		}
	}
}
