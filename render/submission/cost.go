package submission

import (
	"fmt"
	"strings"

	"github.com/ecspack/ecspack/cost"
	"github.com/ecspack/ecspack/internal/words"
	"github.com/ecspack/ecspack/render/pdf"
)

// costModel prints a cost model (COST-001). It lays the model's lines out
// with widths fitted to a portrait page (the nine columns of
// cost.Model.Markdown do not fit one), keeps the model's figures as they are
// and renders the partner's business value Markdown as written.
func (r *renderer) costModel(d *pdf.Document, caseID string, m *cost.Model) error {
	cur := strings.TrimSpace(m.Currency)
	d.Paragraph(fmt.Sprintf("Monthly cost of the deployment as found in its inventory, plus the partner's own lines. Prices: %s, %s, in %s. Each line is quantity × unit price × hours × (1 − discount), rounded to the cent; the total is the sum of the rounded lines.",
		orDash(m.PriceSource), orDash(m.PriceDate), orDash(cur)))
	if len(m.Lines) == 0 {
		d.Spans([]pdf.Span{{Text: "To be completed: no priced resource was found in the inventory and no partner-supplied cost line was given.", Bold: true, Colour: &pdf.Amber}})
	} else {
		rows := make([][]string, 0, len(m.Lines)+1)
		for _, l := range m.Lines {
			item := l.Item
			if l.Note != "" {
				item += "\n" + l.Note
			}
			price, monthly := cost.UnitMoney(l.UnitPrice), cost.Money(l.Monthly)
			if !l.Known {
				price, monthly = "unknown", "not priced"
			}
			hours := words.Number(l.Hours)
			if l.Discount > 0 {
				hours += fmt.Sprintf("\n−%s%%", words.Number(l.Discount*100))
			}
			rows = append(rows, []string{l.Group, item, orDash(l.Region), words.Number(l.Quantity) + " " + l.Unit, price, hours, monthly})
		}
		rows = append(rows, []string{"Total", "per month, " + cur, "", "", "", "", cost.Money(m.Total)})
		d.Table([]string{"Group", "Item", "Region", "Quantity", "Unit price", "Hours, discount", "Monthly"}, rows, pdf.TableOptions{
			Widths:   []float64{13, 38, 12, 12, 11, 10, 12},
			Align:    []pdf.Align{pdf.AlignLeft, pdf.AlignLeft, pdf.AlignLeft, pdf.AlignRight, pdf.AlignRight, pdf.AlignRight, pdf.AlignRight},
			FontSize: 7.5, Zebra: true,
		})
	}
	if m.Unpriced > 0 {
		d.Spans([]pdf.Span{{Text: fmt.Sprintf("%d line(s) have no price in the price table and are not in the total.", m.Unpriced), Bold: true, Colour: &pdf.Red}})
	}
	if len(m.Assumptions) > 0 {
		d.Spans([]pdf.Span{{Text: "Assumptions", Bold: true}})
		rows := make([][]string, 0, len(m.Assumptions))
		for _, a := range m.Assumptions {
			rows = append(rows, []string{a.Name, words.Number(a.Value) + " " + a.Unit, a.Note})
		}
		d.Table([]string{"Assumption", "Value", "Source"}, rows, pdf.TableOptions{Widths: []float64{4, 2, 5}, FontSize: 7.5})
	}
	d.Spans([]pdf.Span{{Text: "Estimate before implementation", Bold: true}})
	if m.EstimateBeforeUSD > 0 {
		diff := (m.Total - m.EstimateBeforeUSD) / m.EstimateBeforeUSD * 100
		d.Paragraph(fmt.Sprintf("The customer was given an estimate of %s per month before implementation; this model gives %s per month (%+.1f%%).", cost.Money(m.EstimateBeforeUSD), cost.Money(m.Total), diff))
	} else {
		d.Spans([]pdf.Span{{Text: "To be completed: the monthly estimate given to the customer before implementation (cost.estimate_before_usd).", Colour: &pdf.Amber}})
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
