package cost

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/ecspack/ecspack/internal/words"
)

// Comparison is what the model can say about the figures the casefile
// states, in sentences both the PDF and the Markdown print as they are.
type Comparison struct {
	// Figures state the estimate and the actual the casefile gives, and
	// how the actual differs from the estimate.
	Figures []string
	// Model compares the model's AWS total with the actual when the casefile
	// states one, else with the estimate; empty when it states neither.
	Model string
	// Causes are the lines and facts of the model the difference rests on:
	// its unpriced lines, what it does not cover, where the stated figure
	// lies in its Auto Scaling range, the charges outside the AWS total.
	Causes []string
}

// Compare words the comparison of the model with the casefile's estimate
// and actual. It compares AWS with AWS: the model's Total (AWS lines only)
// with the stated figures, which are AWS estimates and bills, and never the
// estimate with the model when the actual is known, since the model is not
// what was billed.
func (m *Model) Compare() Comparison {
	var c Comparison
	est, act := m.EstimateBeforeUSD, m.ActualUSD
	if est > 0 {
		c.Figures = append(c.Figures, fmt.Sprintf("Estimate given to the customer before implementation: %s per month.", Money(est)))
	}
	if act > 0 {
		s := fmt.Sprintf("Actual AWS cost stated by the partner: %s per month (%s)", Money(act), strings.TrimSpace(m.ActualPeriod))
		if est > 0 {
			s += fmt.Sprintf(", %s the estimate", diffText(act, est))
		}
		c.Figures = append(c.Figures, s+".")
	}
	ref, name := act, "the actual"
	if act == 0 {
		ref, name = est, "the estimate"
	}
	if ref == 0 {
		return c
	}
	c.Model = fmt.Sprintf("This model's AWS total, %s per month at the steady state, is %s %s.", Money(m.Total), diffText(m.Total, ref), name)
	if m.Total == ref {
		return c
	}
	if m.Unpriced > 0 {
		var items []string
		for _, l := range m.Lines {
			if !l.Known {
				items = append(items, l.Item)
			}
		}
		c.Causes = append(c.Causes, fmt.Sprintf("%s of the model %s no price, so %s not in its total: %s.",
			words.Count(m.Unpriced, "line", "lines"), words.Plural(m.Unpriced, "has", "have"), words.Plural(m.Unpriced, "it is", "they are"), strings.Join(items, "; ")))
	}
	c.Causes = append(c.Causes, "The model holds only what the inventory shows (ECS tasks on Fargate, EC2 capacity, ECS Anywhere, load balancers, NAT gateways) and the AWS charges listed under cost.lines; other AWS services in "+name+" (databases, storage, data transfer, monitoring) are not in it unless listed there.")
	if m.TotalLow != m.TotalHigh {
		where := "within"
		if ref < m.TotalLow || ref > m.TotalHigh {
			where = "outside"
		}
		c.Causes = append(c.Causes, fmt.Sprintf("Between the bottom and the top of its Auto Scaling ranges the model gives %s to %s per month; %s, %s, is %s that range.",
			Money(m.TotalLow), Money(m.TotalHigh), name, Money(ref), where))
	}
	c.Causes = append(c.Causes, "The model prices on-demand rates (Spot at the assumed discount); Savings Plans, Reserved Instances and credits lower a bill and are not in it.")
	var outside []string
	if m.PartnerFees > 0 {
		outside = append(outside, "partner fees ("+Money(m.PartnerFees)+")")
	}
	if m.ThirdParty > 0 {
		outside = append(outside, "third-party charges ("+Money(m.ThirdParty)+")")
	}
	if len(outside) > 0 {
		c.Causes = append(c.Causes, "Not AWS charges, so neither in the AWS total nor compared: "+strings.Join(outside, " and ")+".")
	}
	return c
}

// diffText says how a differs from b: "$550.00 (3.9 %) below", "… above",
// or "equal to".
func diffText(a, b float64) string {
	d := Round(a - b)
	if d == 0 {
		return "equal to"
	}
	dir := "above"
	if d < 0 {
		dir = "below"
	}
	return fmt.Sprintf("%s (%s %%) %s", Money(math.Abs(d)), words.Number(math.Round(math.Abs(d)/b*1000)/10), dir)
}

// RefreshCommand is the command that reads the prices of the model's
// unpriced EC2 instance types from the AWS Price List API into a table for
// --prices; "" when every instance type has a price (or the gap is another
// price).
func (m *Model) RefreshCommand() string {
	var regions, types []string
	for _, l := range m.Lines {
		typ, _, ok := strings.Cut(l.Item, " (")
		if l.Known || l.Group != GroupEC2 || !ok || !strings.Contains(l.Note, "no price for instance type") {
			continue
		}
		if !slices.Contains(regions, l.Region) {
			regions = append(regions, l.Region)
		}
		if !slices.Contains(types, typ) {
			types = append(types, typ)
		}
	}
	if len(types) == 0 {
		return ""
	}
	slices.Sort(regions)
	slices.Sort(types)
	return "ecspack prices --refresh -o prices.yaml --regions " + strings.Join(regions, ",") + " --instance-types " + strings.Join(types, ",")
}
