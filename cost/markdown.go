package cost

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/ecspack/ecspack/internal/words"
)

// Markdown renders the model for the reviewer PDF and the runbook: the lines,
// the total, the assumptions, the estimate given before implementation and
// the business value analysis, with the price source and date.
func (m *Model) Markdown() []byte {
	var b strings.Builder
	cur := m.Currency
	fmt.Fprintf(&b, "Prices: %s, %s, in %s. Each line is quantity × unit price × hours × (1 − discount), "+
		"rounded to the cent; the total is the sum of the rounded lines.\n\n", cell(m.PriceSource), cell(m.PriceDate), cell(cur))
	if len(m.Lines) == 0 {
		b.WriteString("**[to be completed: no priced resources were found in the inventory and no partner-supplied cost lines were given]**\n\n")
	} else {
		b.WriteString("| Group | Item | Region | Quantity | Unit price | Hours | Discount | Monthly | Note |\n")
		b.WriteString("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |\n")
		for _, l := range m.Lines {
			price, monthly := UnitMoney(l.UnitPrice), Money(l.Monthly)
			if !l.Known {
				price, monthly = "price unknown", "—"
			}
			disc := ""
			if l.Discount > 0 {
				disc = pct(l.Discount)
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s %s | %s | %s | %s | %s | %s |\n",
				cell(l.Group), cell(l.Item), cell(l.Region), words.Number(l.Quantity), cell(l.Unit), price, words.Number(l.Hours), disc, monthly, cell(l.Note))
		}
		fmt.Fprintf(&b, "| **Total** | | | | | | | **%s** | %s per month |\n\n", Money(m.Total), cell(cur))
	}
	if m.Unpriced > 0 {
		fmt.Fprintf(&b, "**%d line(s) have no price in the table and are not included in the total.** "+
			"Add their prices with a price table override (`--prices FILE`) or as partner-supplied lines.\n\n", m.Unpriced)
	}
	b.WriteString("### Assumptions\n\n| Assumption | Key | Value | Unit | Note |\n| --- | --- | ---: | --- | --- |\n")
	for _, a := range m.Assumptions {
		fmt.Fprintf(&b, "| %s | `%s` | %s | %s | %s |\n", cell(a.Name), a.Key, words.Number(a.Value), cell(a.Unit), cell(a.Note))
	}
	b.WriteString("\n### Estimate before implementation\n\n")
	if m.EstimateBeforeUSD > 0 {
		fmt.Fprintf(&b, "The estimate given to the customer before implementation was **%s per month**; this model gives **%s per month**",
			Money(m.EstimateBeforeUSD), Money(m.Total))
		diff := (m.Total - m.EstimateBeforeUSD) / m.EstimateBeforeUSD * 100
		fmt.Fprintf(&b, " (%+.1f%%).\n\n", diff)
	} else {
		b.WriteString("**[to be completed: the monthly estimate given to the customer before implementation (cost.estimate_before_usd)]**\n\n")
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
