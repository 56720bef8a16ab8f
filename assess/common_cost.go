package assess

import (
	"fmt"
	"strings"

	"github.com/ecspack/ecspack/evidence"
)

// costChecks returns the checks behind COST-001: the casefile carries the
// cost model's inputs, the estimate given before implementation and the
// business value analysis the checklist asks for.
func costChecks() []Check {
	return []Check{
		{ID: "COST-001.inputs", Run: checkCostInputs, Judges: "Cost model inputs (cost lines) are recorded"},
		{ID: "COST-001.estimate", Run: checkCostEstimate, Judges: "An estimate was given before implementation"},
		{ID: "COST-001.business-value", Run: checkBusinessValue, Judges: "A business value analysis is recorded"},
	}
}

func caseRes(in *Input) string {
	if in.Case == nil {
		return ""
	}
	return in.Case.ID
}

func checkCostInputs(in *Input) []Finding {
	const ev = "case.yaml cost.lines"
	if in.Case == nil || len(in.Case.Cost.Lines) == 0 {
		return []Finding{{Outcome: Warn, Resource: caseRes(in), Message: "the case study records no cost model inputs", Evidence: ev,
			Remediation: "list the cost lines of the solution (Fargate/EC2 capacity, load balancers, NAT, storage, data transfer) under cost.lines with monthly_usd, or run ecspack's cost model from the inventory"}}
	}
	// AWS charges, partner fees and third-party charges are summed apart:
	// only the first are comparable with an AWS estimate or bill.
	totals := map[string]float64{}
	var names []string
	for _, l := range in.Case.Cost.Lines {
		totals[l.Payee()] += l.MonthlyUSD
		names = append(names, l.Name)
	}
	var sums []string
	for _, k := range []struct{ payee, label string }{{evidence.CostKindAWS, "AWS charges"}, {evidence.CostKindPartnerFee, "partner fees"}, {evidence.CostKindThirdParty, "third-party charges"}} {
		if v, ok := totals[k.payee]; ok {
			sums = append(sums, fmt.Sprintf("%.2f USD a month of %s", v, k.label))
		}
	}
	return []Finding{{Outcome: Pass, Resource: caseRes(in),
		Message: fmt.Sprintf("%d cost lines (%s): %s", len(names), strings.Join(sums, ", "), summarize(names)), Evidence: ev}}
}

func checkCostEstimate(in *Input) []Finding {
	const ev = "case.yaml cost.estimate_before_usd, cost.calculator_url"
	if in.Case == nil || (in.Case.Cost.EstimateBeforeUSD == 0 && in.Case.Cost.CalculatorURL == "") {
		return []Finding{{Outcome: Warn, Resource: caseRes(in), Message: "no estimate given to the customer before implementation is recorded", Evidence: ev,
			Remediation: "record the pre-implementation estimate (cost.estimate_before_usd) and the AWS Pricing Calculator link (cost.calculator_url)"}}
	}
	var parts []string
	if in.Case.Cost.EstimateBeforeUSD > 0 {
		parts = append(parts, fmt.Sprintf("%.2f USD a month estimated before implementation", in.Case.Cost.EstimateBeforeUSD))
	}
	if in.Case.Cost.CalculatorURL != "" {
		parts = append(parts, "AWS Pricing Calculator estimate "+in.Case.Cost.CalculatorURL)
	}
	return []Finding{{Outcome: Pass, Resource: caseRes(in), Message: strings.Join(parts, "; "), Evidence: ev}}
}

func checkBusinessValue(in *Input) []Finding {
	const ev = "case.yaml cost.business_value"
	if in.Case == nil || strings.TrimSpace(in.Case.Cost.BusinessValue) == "" {
		return []Finding{{Outcome: Warn, Resource: caseRes(in), Message: "no business value analysis is recorded", Evidence: ev,
			Remediation: "summarize the business value (savings, time to market, avoided costs) under cost.business_value"}}
	}
	v := clipText(strings.TrimSpace(in.Case.Cost.BusinessValue), 120)
	return []Finding{{Outcome: Pass, Resource: caseRes(in), Message: "business value recorded: " + v, Evidence: ev}}
}
