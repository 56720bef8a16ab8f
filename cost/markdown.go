package cost

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/ecspack/ecspack/internal/words"
)

// Markdown renders the model for the reviewer PDF and the runbook: the lines
// with their Auto Scaling low and high, the AWS total apart from the
// partner's fees and third parties' charges, the unpriced lines as gaps,
// the assumptions, the comparison with the stated estimate and actual, and
// the business value analysis, with the price source and date.
func (m *Model) Markdown() []byte {
	var b strings.Builder
	cur := m.Currency
	fmt.Fprintf(&b, "Prices: %s, %s, in %s. Each line is quantity × unit price × hours × (1 − discount), "+
		"rounded to the cent; a total is the sum of its rounded lines. Quantities are the steady state the deployment is configured for "+
		"(services' desired counts, Auto Scaling groups' desired capacity); Low and High are the bottom and the top of the Auto Scaling ranges.\n\n", cell(m.PriceSource), cell(m.PriceDate), cell(cur))
	if len(m.Lines) == 0 {
		b.WriteString("**[to be completed: no priced resources were found in the inventory and no partner-supplied cost lines were given]**\n\n")
	} else {
		b.WriteString("| Group | Item | Region | Quantity | Unit price | Hours | Discount | Monthly | Low | High | Note |\n")
		b.WriteString("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n")
		for _, l := range m.Lines {
			price, monthly, low, high := UnitMoney(l.UnitPrice), Money(l.Monthly), rangeCell(l.MonthlyLow, l.QuantityLow), rangeCell(l.MonthlyHigh, l.QuantityHigh)
			if !l.Known {
				price, monthly, low, high = "price unknown", "not priced", "—", "—"
			}
			disc := ""
			if l.Discount > 0 {
				disc = pct(l.Discount)
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s %s | %s | %s | %s | %s | %s | %s | %s |\n",
				cell(l.Group), cell(l.Item), cell(l.Region), words.Number(l.Quantity), cell(l.Unit), price, words.Number(l.Hours), disc, monthly, low, high, cell(l.Note))
		}
		fmt.Fprintf(&b, "| **AWS total** | | | | | | | **%s** | **%s** | **%s** | %s per month |\n", Money(m.Total), Money(m.TotalLow), Money(m.TotalHigh), cell(cur))
		if m.PartnerFees > 0 {
			fmt.Fprintf(&b, "| **Partner fees** | | | | | | | **%s** | | | %s per month, outside the AWS bill |\n", Money(m.PartnerFees), cell(cur))
		}
		if m.ThirdParty > 0 {
			fmt.Fprintf(&b, "| **Third-party charges** | | | | | | | **%s** | | | %s per month, outside the AWS bill |\n", Money(m.ThirdParty), cell(cur))
		}
		b.WriteString("\n")
	}
	if m.Unpriced > 0 {
		fmt.Fprintf(&b, "**%s %s no price in the table and %s not in any total: %s.** "+
			"Add their prices with a price table override (`--prices FILE`) or as lines under cost.lines",
			words.Count(m.Unpriced, "line", "lines"), words.Plural(m.Unpriced, "has", "have"), words.Plural(m.Unpriced, "is", "are"), cell(strings.Join(m.unpricedItems(), "; ")))
		if c := m.RefreshCommand(); c != "" {
			fmt.Fprintf(&b, "; `%s` reads the instance types' prices", c)
		}
		b.WriteString(".\n\n")
	}
	b.WriteString("### Assumptions\n\n| Assumption | Key | Value | Unit | Note |\n| --- | --- | ---: | --- | --- |\n")
	for _, a := range m.Assumptions {
		fmt.Fprintf(&b, "| %s | `%s` | %s | %s | %s |\n", cell(a.Name), a.Key, words.Number(a.Value), cell(a.Unit), cell(a.Note))
	}
	b.WriteString("\n### Estimate, actual and this model\n\n")
	c := m.Compare()
	for _, f := range c.Figures {
		b.WriteString(f + "\n\n")
	}
	if m.EstimateBeforeUSD == 0 {
		b.WriteString("**[to be completed: the monthly estimate given to the customer before implementation (cost.estimate_before_usd)]**\n\n")
	}
	if c.Model != "" {
		b.WriteString(c.Model + "\n\n")
	}
	if len(c.Causes) > 0 {
		b.WriteString("What the difference rests on:\n\n")
		for _, cause := range c.Causes {
			b.WriteString("- " + cause + "\n")
		}
		b.WriteString("\n")
	}
	if m.CalculatorURL != "" {
		fmt.Fprintf(&b, "AWS Pricing Calculator estimate: <%s>\n\n", m.CalculatorURL)
	}
	b.WriteString("### Business value\n\n")
	if strings.TrimSpace(m.BusinessValue) != "" {
		b.WriteString(strings.TrimSpace(m.BusinessValue))
		b.WriteString("\n")
	} else {
		b.WriteString("**[to be completed: business value analysis (cost.business_value)]**\n")
	}
	return []byte(b.String())
}

// unpricedItems names the lines without a price, in model order, each with
// what is missing.
func (m *Model) unpricedItems() []string {
	var out []string
	for _, l := range m.Lines {
		if !l.Known {
			why := l.Note
			if i := strings.Index(why, "price unknown: "); i >= 0 {
				why = why[i+len("price unknown: "):]
			}
			out = append(out, l.Item+" ("+why+")")
		}
	}
	return out
}

// rangeCell is a low or high cell: the monthly cost and the quantity it
// is for, "$72.08 at 2".
func rangeCell(monthly, quantity float64) string {
	return Money(monthly) + " at " + words.Number(math.Round(quantity*100)/100)
}

// Money formats an amount as $1,234.56 (rounded to the cent).
func Money(v float64) string {
	c := cents(v)
	neg := c < 0
	if neg {
		c = -c
	}
	whole := strconv.FormatInt(c/100, 10)
	var g []string
	for len(whole) > 3 {
		g = append([]string{whole[len(whole)-3:]}, g...)
		whole = whole[:len(whole)-3]
	}
	g = append([]string{whole}, g...)
	s := fmt.Sprintf("$%s.%02d", strings.Join(g, ","), c%100)
	if neg {
		s = "-" + s
	}
	return s
}

// UnitMoney formats a unit price with up to six decimals, e.g. $0.024685.
func UnitMoney(v float64) string { return "$" + words.Number(math.Round(v*1e6)/1e6) }

// cell makes text safe inside a Markdown table cell: one line, pipes escaped.
func cell(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.ReplaceAll(s, "|", `\|`)
}
