package submission

import (
	"fmt"
	"math"
	"strings"

	"github.com/ecspack/ecspack/cost"
	"github.com/ecspack/ecspack/internal/words"
	"github.com/ecspack/ecspack/render/pdf"
)

// costModel prints a cost model (COST-001). It lays the model's lines out
// with widths fitted to a portrait page (the columns of cost.Model.Markdown
// do not fit one), keeps the model's figures as they are — the steady state
// and the Auto Scaling low and high, the AWS total apart from the partner's
// fees and third parties' charges, the unpriced lines as gaps — and renders
// the partner's business value Markdown as written.
func (r *renderer) costModel(d *pdf.Document, caseID string, m *cost.Model) error {
	cur := strings.TrimSpace(m.Currency)
	d.Paragraph(fmt.Sprintf("Monthly cost of the deployment as found in its inventory, plus the partner's own lines. Prices: %s, %s, in %s. Each line is quantity × unit price × hours × (1 − discount), rounded to the cent; a total is the sum of its rounded lines. Quantities are the steady state the deployment is configured for (services' desired counts, Auto Scaling groups' desired capacity); Low and High are the bottom and the top of the Auto Scaling ranges.",
		orDash(m.PriceSource), orDash(m.PriceDate), orDash(cur)))
	if len(m.Lines) == 0 {
		d.Spans([]pdf.Span{{Text: "To be completed: no priced resource was found in the inventory and no partner-supplied cost line was given.", Bold: true, Colour: &pdf.Amber}})
	} else {
		d.Table([]string{"Group", "Item", "Region", "Quantity", "Unit price", "Hours, discount", "Monthly", "Low", "High"}, costRows(m), pdf.TableOptions{
			Widths:   []float64{11, 23, 13, 10, 11, 10, 11, 11, 11},
			Align:    []pdf.Align{pdf.AlignLeft, pdf.AlignLeft, pdf.AlignLeft, pdf.AlignRight, pdf.AlignRight, pdf.AlignRight, pdf.AlignRight, pdf.AlignRight, pdf.AlignRight},
			FontSize: 7.5, Zebra: true,
		})
	}
	if m.Unpriced > 0 {
		var items []string
		for _, l := range m.Lines {
			if !l.Known {
				items = append(items, l.Item)
			}
		}
		d.Spans([]pdf.Span{{Text: fmt.Sprintf("%s %s no price in the price table and %s not in any total: %s.", words.Count(m.Unpriced, "line", "lines"),
			words.Plural(m.Unpriced, "has", "have"), words.Plural(m.Unpriced, "is", "are"), strings.Join(items, "; ")), Bold: true, Colour: &pdf.Red}})
		if c := m.RefreshCommand(); c != "" {
			d.Paragraph("To price the instance types from the AWS Price List API and build with them (--prices prices.yaml):")
			// One flag per line: the list of types is the long part.
			d.Code(strings.Replace(c, " --instance-types ", " \\\n  --instance-types ", 1))
		}
	}
	if len(m.Assumptions) > 0 {
		d.Spans([]pdf.Span{{Text: "Assumptions", Bold: true}})
		rows := make([][]string, 0, len(m.Assumptions))
		for _, a := range m.Assumptions {
			rows = append(rows, []string{a.Name, words.Number(a.Value) + " " + a.Unit, a.Note})
		}
		d.Table([]string{"Assumption", "Value", "Source"}, rows, pdf.TableOptions{Widths: []float64{4, 2, 5}, FontSize: 7.5})
	}
	d.Spans([]pdf.Span{{Text: "Estimate, actual and this model", Bold: true}})
	c := m.Compare()
	for _, f := range c.Figures {
		d.Paragraph(f)
	}
	if m.EstimateBeforeUSD == 0 {
		d.Spans([]pdf.Span{{Text: "To be completed: the monthly estimate given to the customer before implementation (cost.estimate_before_usd).", Colour: &pdf.Amber}})
	}
	if c.Model != "" {
		d.Paragraph(c.Model)
	}
	if len(c.Causes) > 0 {
		d.Paragraph("What the difference rests on:")
		for _, cause := range c.Causes {
			d.Paragraph("• " + cause)
		}
	}
	if m.CalculatorURL != "" {
		d.Spans([]pdf.Span{{Text: "AWS Pricing Calculator estimate: "}, {Text: m.CalculatorURL, URL: m.CalculatorURL}})
	}
	d.Spans([]pdf.Span{{Text: "Business value", Bold: true}})
	if strings.TrimSpace(m.BusinessValue) == "" {
		d.Spans([]pdf.Span{{Text: "To be completed: business value analysis (cost.business_value).", Colour: &pdf.Amber}})
		return nil
	}
	if err := d.Markdown([]byte(m.BusinessValue), pdf.MarkdownOptions{HeadingOffset: 3, NoBookmarks: true, AnchorPrefix: costAnchor(caseID) + "/", ResolveLink: r.resolver(caseID)}); err != nil {
		return fmt.Errorf("business value of %s: %w", caseID, err)
	}
	return nil
}

// costRows are the table rows of a model's lines, then its totals: AWS
// (steady, low, high), and the partner's fees and third parties' charges
// apart when there are any.
func costRows(m *cost.Model) [][]string {
	rows := make([][]string, 0, len(m.Lines)+3)
	for _, l := range m.Lines {
		item := l.Item
		if l.Note != "" {
			item += "\n" + l.Note
		}
		price, monthly := cost.UnitMoney(l.UnitPrice), cost.Money(l.Monthly)
		low := cost.Money(l.MonthlyLow) + "\nat " + words.Number(math.Round(l.QuantityLow*100)/100)
		high := cost.Money(l.MonthlyHigh) + "\nat " + words.Number(math.Round(l.QuantityHigh*100)/100)
		if !l.Known {
			price, monthly, low, high = "—", "not priced", "—", "—"
		}
		hours := words.Number(l.Hours)
		if l.Discount > 0 {
			hours += fmt.Sprintf("\n−%s%%", words.Number(l.Discount*100))
		}
		rows = append(rows, []string{l.Group, item, orDash(l.Region), words.Number(l.Quantity) + " " + l.Unit, price, hours, monthly, low, high})
	}
	cur := strings.TrimSpace(m.Currency)
	rows = append(rows, []string{"AWS total", "per month, " + cur, "", "", "", "", cost.Money(m.Total), cost.Money(m.TotalLow), cost.Money(m.TotalHigh)})
	if m.PartnerFees > 0 {
		rows = append(rows, []string{"Partner fees", "per month, " + cur, "", "", "", "", cost.Money(m.PartnerFees), "", ""})
	}
	if m.ThirdParty > 0 {
		rows = append(rows, []string{"Third-party charges", "per month, " + cur, "", "", "", "", cost.Money(m.ThirdParty), "", ""})
	}
	return rows
}
