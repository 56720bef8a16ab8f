package xlsx

import (
	"fmt"
	"strings"
)

// Columns of the Cost sheet.
const (
	costCase = iota + 1
	costGroup
	costItem
	costQuantity
	costUnit
	costUnitPrice
	costHours
	costMonthly
	costNote
)

// costSheet lays out the cost model as one filterable table (one row per
// line, the monthly cost a formula over the line's quantity, unit price and
// hours), then a total per case study and a grand total, all SUM formulas, so
// changing any assumption cell moves the totals. Cached values are written
// with the formulas for readers that do not recalculate. It returns nil when
// there is no cost data.
func (wb *workbook) costSheet() *sheet {
	if len(wb.in.Cost) == 0 {
		return nil
	}
	st := wb.st
	s := &sheet{
		name:        CostSheetName,
		widths:      []float64{16, 16, 44, 10, 10, 14, 12, 16, 50},
		freezeRows:  1,
		printTitles: [2]int{1, 1},
	}
	s.add(
		styled(st.header, "Case study"), styled(st.header, "Group"), styled(st.header, "Item"),
		styled(st.header, "Quantity"), styled(st.header, "Unit"), styled(st.header, "Unit price (USD)"),
		styled(st.header, "Hours / month"), styled(st.header, "Monthly cost (USD)"), styled(st.header, "Note / assumption"),
	)
	type span struct {
		caseID      string
		first, last int
		total       float64
	}
	var spans []span
	for _, cs := range wb.in.Cost {
		sp := span{caseID: cs.CaseID, first: len(s.rows) + 1}
		for _, l := range cs.Lines {
			row := len(s.rows) + 1
			monthly := l.Quantity * l.UnitPrice * l.Hours
			sp.total += monthly
			s.add(
				styled(st.text, cs.CaseID), styled(st.text, l.Group), styled(st.wrap, l.Item),
				styled(st.text, l.Quantity), styled(st.text, l.Unit), styled(st.price, l.UnitPrice),
				styled(st.text, l.Hours),
				formula(st.money, fmt.Sprintf("%s*%s*%s", cellName(costQuantity, row), cellName(costUnitPrice, row), cellName(costHours, row)), monthly),
				styled(st.wrap, l.Note),
			)
		}
		sp.last = len(s.rows)
		spans = append(spans, sp)
	}
	lastLine := len(s.rows)
	s.filter = "A1:" + cellName(costNote, max(lastLine, 2))
	s.add()
	var subtotals []string
	grand := 0.0
	for _, sp := range spans {
		row := len(s.rows) + 1
		f := "0"
		if sp.last >= sp.first {
			f = "SUM(" + colRange(costMonthly, sp.first, sp.last) + ")"
		}
		grand += sp.total
		subtotals = append(subtotals, cellName(costMonthly, row))
		cells := make([]any, costMonthly)
		cells[costCase-1] = styled(st.bold, "Total "+sp.caseID)
		cells[costMonthly-1] = formula(st.moneyBold, f, sp.total)
		s.add(cells...)
	}
	cells := make([]any, costMonthly)
	cells[costCase-1] = styled(st.bold, "Grand total")
	gf := "0"
	if len(subtotals) > 0 {
		gf = "SUM(" + strings.Join(subtotals, ",") + ")"
	}
	cells[costMonthly-1] = formula(st.moneyBold, gf, grand)
	s.add(cells...)
	s.add()
	s.add(styled(st.note, "Monthly cost = Quantity × Unit price × Hours per month (730 for always-on resources; 1 for a fixed monthly charge). Change any of them and the totals follow."))
	return s
}
