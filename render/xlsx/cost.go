package xlsx

import (
	"fmt"
	"math"
	"regexp"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/ecspack/ecspack/internal/words"
)

// Columns of the Cost sheet's table of lines.
const (
	costCase = iota + 1
	costGroup
	costItem
	costQuantity
	costUnit
	costUnitPrice
	costHours
	costDiscount
	costMonthly
	costQuantityLow
	costQuantityHigh
	costMonthlyLow
	costMonthlyHigh
	costPayee
	costNote
)

// payeeLabel is how the Paid to column names a line's payee; the totals
// select their lines by it.
func payeeLabel(p string) string {
	switch p {
	case "partner-fee":
		return "Partner"
	case "third-party":
		return "Third party"
	}
	return "AWS"
}

// Columns of the Assumptions block above the table. The value sits above
// the Quantity column and the unit above the Unit column, so numbers and
// units line up with the table's; the name and the note span several
// columns.
const (
	asKey        = costCase
	asName       = costGroup
	asNameEnd    = costItem
	asValue      = costQuantity
	asUnit       = costUnit
	asNote       = costUnitPrice
	asNoteEnd    = costNote
	fractionUnit = "fraction"
)

// maxFrozenCostRows bounds the rows kept visible at the top of the Cost
// sheet: the assumption block and the table header are frozen together
// unless per-case assumptions make the block too tall to leave room for the
// lines.
const maxFrozenCostRows = 20

// costSheet lays out the cost model: an Assumptions block of input cells
// (hours per month, Spot discounts, capacity units…) at the top, then one
// filterable table row per line whose Quantity, Hours and Discount are
// formulas over the assumption cells they come from and whose monthly cost
// is Quantity × Unit price × Hours × (1 − Discount) rounded to the cent (as
// the cost model rounds each line, so the sheet's totals are the PDF's to
// the cent), then a SUM per case study and a grand total. Changing an
// assumption cell therefore moves every dependent line and the totals.
// Cached values are written with every formula for readers that do not
// recalculate. It returns nil when there is no cost data.
func (wb *workbook) costSheet() *sheet {
	if len(wb.in.Cost) == 0 {
		return nil
	}
	st := wb.st
	s := &sheet{
		name:   CostSheetName,
		widths: []float64{20, 14, 40, 10, 14, 14, 10, 10, 16, 10, 10, 16, 16, 12, 48}, // 260 units: 6 pt or more on paper
	}
	refs := wb.costAssumptions(s)
	if len(s.rows) > 0 {
		s.add()
	}
	hdr := s.add(
		styled(st.header, "Case study"), styled(st.header, "Group"), styled(st.header, "Item"),
		styled(st.header, "Quantity"), styled(st.header, "Unit"), styled(st.header, "Unit price (USD)"),
		styled(st.header, "Hours / month"), styled(st.header, "Discount"), styled(st.header, "Monthly cost (USD)"),
		styled(st.header, "Quantity low"), styled(st.header, "Quantity high"), styled(st.header, "Monthly low (USD)"), styled(st.header, "Monthly high (USD)"),
		styled(st.header, "Paid to"), styled(st.header, "Note / assumption"),
	)
	if hdr <= maxFrozenCostRows {
		s.freezeRows = hdr
	}
	s.printTitles = [2]int{hdr, hdr}
	type span struct {
		caseID      string
		first, last int
		// totals are the cached sums by payee label: [steady, low, high].
		totals map[string]*[3]float64
	}
	var spans []span
	for ci, cs := range wb.in.Cost {
		sp := span{caseID: cs.CaseID, first: len(s.rows) + 1, totals: map[string]*[3]float64{}}
		for _, l := range cs.Lines {
			ref := func(key string) (assumptionRef, bool) { return refs.lookup(ci, key) }
			s.add(costLineCells(st, cs.CaseID, l, len(s.rows)+1, ref, sp.totals)...)
		}
		sp.last = len(s.rows)
		spans = append(spans, sp)
	}
	lastLine := len(s.rows)
	s.filter = cellName(costCase, hdr) + ":" + cellName(costNote, max(lastLine, hdr+1))
	s.add()
	var subtotals []int
	grand := [3]float64{}
	for _, sp := range spans {
		for _, payee := range []string{"AWS", "Partner", "Third party"} {
			t := sp.totals[payee]
			if payee != "AWS" && t == nil {
				continue
			}
			if t == nil {
				t = &[3]float64{}
			}
			row := len(s.rows) + 1
			label := map[string]string{"AWS": "AWS total ", "Partner": "Partner fees ", "Third party": "Third-party charges "}[payee] + sp.caseID
			cells := make([]any, costPayee)
			cells[costCase-1] = styled(st.bold, label)
			for i, col := range []int{costMonthly, costMonthlyLow, costMonthlyHigh} {
				if payee != "AWS" && i > 0 {
					break
				}
				f := "0"
				if sp.last >= sp.first {
					f = fmt.Sprintf("SUMIFS(%s,%s,%q)", colRange(col, sp.first, sp.last), colRange(costPayee, sp.first, sp.last), payee)
				}
				cells[col-1] = formula(st.moneyBold, f, roundCent(t[i]))
			}
			cells[costPayee-1] = styled(st.text, payee)
			s.add(cells...)
			if payee == "AWS" {
				subtotals = append(subtotals, row)
				for i := range grand {
					grand[i] += roundCent(t[i])
				}
			}
		}
	}
	cells := make([]any, costPayee)
	cells[costCase-1] = styled(st.bold, "AWS grand total")
	for i, col := range []int{costMonthly, costMonthlyLow, costMonthlyHigh} {
		gf := "0"
		if len(subtotals) > 0 {
			var parts []string
			for _, r := range subtotals {
				parts = append(parts, cellName(col, r))
			}
			gf = "SUM(" + strings.Join(parts, ",") + ")"
		}
		cells[col-1] = formula(st.moneyBold, gf, roundCent(grand[i]))
	}
	cells[costPayee-1] = styled(st.text, "AWS")
	s.add(cells...)
	s.add()
	s.add(styled(st.note, "Monthly cost = Quantity × Unit price × Hours per month × (1 − Discount), rounded to the cent as in the cost model; Hours is 1 for a fixed monthly charge. "+
		"Quantity is the steady state (services' desired counts, Auto Scaling groups' desired capacity); low and high are the bottom and the top of the Auto Scaling ranges. "+
		"Only lines paid to AWS are in the AWS totals; partner fees and third-party charges are totalled apart. A line marked \"not priced\" has no price in the table and is in no total."))
	if len(refs.rows) > 0 {
		s.add(styled(st.note, "Quantities, hours and discounts that come from an assumption are formulas over its cell above: change a yellow cell and every line and total that uses it follows."))
	}
	return s
}

// assumptionRef is the cell of one assumption and the value written there.
type assumptionRef struct {
	cell  string // absolute reference, "$D$3"
	value float64
}

// costRefs finds the assumption cell a line refers to.
type costRefs struct {
	// byCase maps case index → key → the cell of that case study's
	// definition (shared with other case studies when they agree).
	byCase map[int]map[string]assumptionRef
	// rows are the rows of the assumption cells.
	rows []int
}

// lookup returns the cell of the assumption key as case study ci defines it.
func (r costRefs) lookup(ci int, key string) (assumptionRef, bool) {
	a, ok := r.byCase[ci][key]
	return a, ok && key != ""
}

// costAssumptions adds the Assumptions block to s (nothing when no case
// study has assumptions) and returns where each assumption's cell is. Keys
// are listed in the order they first appear; a key every case study defines
// the same way gets one row and a defined name, a key defined differently
// gets one row per case study, labelled with the case id.
func (wb *workbook) costAssumptions(s *sheet) costRefs {
	st := wb.st
	refs := costRefs{byCase: map[int]map[string]assumptionRef{}}
	set := func(ci int, key string, r assumptionRef) {
		if refs.byCase[ci] == nil {
			refs.byCase[ci] = map[string]assumptionRef{}
		}
		refs.byCase[ci][key] = r
	}
	type def struct {
		ci int
		a  CostAssumption
	}
	var keys []string
	defs := map[string][]def{}
	for ci, cs := range wb.in.Cost {
		seen := map[string]bool{}
		for _, a := range cs.Assumptions {
			if a.Key == "" || seen[a.Key] {
				continue
			}
			seen[a.Key] = true
			if _, ok := defs[a.Key]; !ok {
				keys = append(keys, a.Key)
			}
			defs[a.Key] = append(defs[a.Key], def{ci, a})
		}
	}
	if len(keys) == 0 {
		return refs
	}
	s.add(styled(st.title, "Assumptions"), nil,
		styled(st.note, "Yellow cells are inputs: the lines below use them, so changing one recalculates every line and total that depends on it."))
	hdr := s.add(
		styled(st.header, "Key"), styled(st.header, "Assumption"), styled(st.header, ""),
		styled(st.header, "Value"), styled(st.header, "Unit"), styled(st.header, "Note"),
		styled(st.header, ""), styled(st.header, ""), styled(st.header, ""), styled(st.header, ""),
	)
	s.merges = append(s.merges, [2]string{cellName(asName, hdr), cellName(asNameEnd, hdr)}, [2]string{cellName(asNote, hdr), cellName(asNoteEnd, hdr)})
	addRow := func(a CostAssumption, label string) assumptionRef {
		row := len(s.rows) + 1
		style := st.input
		if a.Unit == fractionUnit {
			style = st.inputPercent
		}
		cells := make([]any, asNoteEnd)
		cells[asKey-1] = styled(st.text, a.Key)
		cells[asName-1] = styled(st.text, label)
		cells[asValue-1] = styled(style, a.Value)
		cells[asUnit-1] = styled(st.unit, a.Unit)
		cells[asNote-1] = styled(st.text, a.Note)
		s.add(cells...)
		s.merges = append(s.merges, [2]string{cellName(asName, row), cellName(asNameEnd, row)}, [2]string{cellName(asNote, row), cellName(asNoteEnd, row)})
		refs.rows = append(refs.rows, row)
		return assumptionRef{cell: absCell(asValue, row), value: a.Value}
	}
	for _, k := range keys {
		ds := defs[k]
		same := true
		for _, d := range ds[1:] {
			if d.a != ds[0].a {
				same = false
				break
			}
		}
		if same {
			r := addRow(ds[0].a, ds[0].a.Name)
			for _, d := range ds {
				set(d.ci, k, r)
			}
			if definedNameOK(k) {
				s.names = append(s.names, excelize.DefinedName{Name: k, RefersTo: quoteSheet(CostSheetName) + "!" + r.cell, Comment: ds[0].a.Name})
			}
			continue
		}
		for _, d := range ds {
			label := strings.TrimSpace(d.a.Name + " (" + wb.in.Cost[d.ci].CaseID + ")")
			set(d.ci, k, addRow(d.a, label))
		}
	}
	return refs
}

// keyedCell is the cell of a line's hours or discount: a formula over the
// assumption named by key when the case study has it and its value is the
// line's (a line that disagrees with its assumption keeps its own number,
// so the sheet never silently changes the model), else the number. It
// returns the value the cell holds.
func keyedCell(style int, v float64, key string, ref func(string) (assumptionRef, bool)) (float64, excelize.Cell) {
	if a, ok := ref(key); ok && same(a.value, v) {
		return a.value, formula(style, a.cell, a.value)
	}
	return v, excelize.Cell{StyleID: style, Value: v}
}

// costQuantityCell is the Quantity cell of a line: a formula over its
// assumption when QuantityKey names one and the quantity is a whole
// multiple of it (LCUs per hour, or GB per NAT gateway × gateways), else
// the number. It returns the value the cell holds.
func costQuantityCell(st *styles, l CostLine, ref func(string) (assumptionRef, bool)) (float64, excelize.Cell) {
	if a, ok := ref(l.QuantityKey); ok {
		switch {
		case same(a.value, l.Quantity):
			return a.value, formula(st.text, a.cell, a.value)
		case a.value != 0:
			if k := math.Round(l.Quantity / a.value); k >= 1 && same(a.value*k, l.Quantity) {
				return a.value * k, formula(st.text, a.cell+"*"+words.Number(k), a.value*k)
			}
		}
	}
	return l.Quantity, excelize.Cell{StyleID: st.text, Value: l.Quantity}
}

// roundCent rounds an amount to the cent, half away from zero, after
// removing floating-point noise below a millionth (the cost model's
// rounding), so 0.125 gives 0.13 as the spreadsheet's ROUND does.
func roundCent(v float64) float64 {
	return math.Round(math.Round(v*1e6)/1e4) / 100
}

// same reports whether two model numbers are equal up to floating-point
// noise.
func same(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*max(1, math.Abs(a), math.Abs(b))
}

// absCell is "$D$3".
func absCell(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row, true)
	return c
}

// cellLikeName matches names Excel would read as a cell reference (A1 or
// R1C1 style), which cannot be defined names.
var cellLikeName = regexp.MustCompile(`(?i)^([a-z]{1,3}[0-9]+|r[0-9]*c?[0-9]*|c[0-9]*)$`)

// definedNameOK reports whether key can name a cell: a letter or "_" first,
// then letters, digits, "_" or ".", at most 255 characters, not a cell
// reference nor a boolean.
func definedNameOK(key string) bool {
	if len(key) == 0 || len(key) > 255 || cellLikeName.MatchString(key) || strings.EqualFold(key, "TRUE") || strings.EqualFold(key, "FALSE") {
		return false
	}
	for i, r := range key {
		letter := r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')
		if !letter && (i == 0 || !(r == '.' || (r >= '0' && r <= '9'))) {
			return false
		}
	}
	return true
}

// costLineCells are the cells of one cost line on row: its quantity, hours
// and discount (formulas over their assumptions when keyed), the monthly
// cost at the steady state and at the bottom and top of its Auto Scaling
// range as formulas, and who is paid. A line without a price keeps its
// quantities, says "not priced" and why, and has no monthly cost. It adds
// the line's cached monthly costs to totals under its payee.
func costLineCells(st *styles, caseID string, l CostLine, row int, ref func(string) (assumptionRef, bool), totals map[string]*[3]float64) []any {
	payee := payeeLabel(l.Payee)
	q, qCell := costQuantityCell(st, l, ref)
	h, hCell := keyedCell(st.text, l.Hours, l.HoursKey, ref)
	d, dCell := keyedCell(st.percent, l.Discount, l.DiscountKey, ref)
	lo, hi := q, q
	loCell, hiCell := formula(st.text, cellName(costQuantity, row), q), formula(st.text, cellName(costQuantity, row), q)
	if l.Scales {
		lo, hi = l.QuantityLow, l.QuantityHigh
		loCell, hiCell = styled(st.text, lo), styled(st.text, hi)
	}
	head := []any{styled(st.text, l.Group), styled(st.wrap, l.Item), qCell, styled(st.unit, l.Unit)}
	if l.Unpriced != "" {
		note := strings.TrimPrefix(l.Note+"; not priced: "+l.Unpriced, "; ")
		return append(append([]any{styled(st.text, caseID)}, head...), styled(st.text, "not priced"), hCell, dCell, nil, loCell, hiCell, nil, nil,
			styled(st.text, payee), styled(st.wrapIndent, note))
	}
	monthly := func(qCol int, qv float64) excelize.Cell {
		// Same operand order as the formula, so the cached value is the
		// number a recalculating reader gets.
		return formula(st.money, fmt.Sprintf("ROUND(%s*%s*%s*(1-%s),2)", cellName(qCol, row), cellName(costUnitPrice, row),
			cellName(costHours, row), cellName(costDiscount, row)), roundCent(qv*l.UnitPrice*h*(1-d)))
	}
	t := totals[payee]
	if t == nil {
		t = &[3]float64{}
		totals[payee] = t
	}
	t[0] += roundCent(q * l.UnitPrice * h * (1 - d))
	t[1] += roundCent(lo * l.UnitPrice * h * (1 - d))
	t[2] += roundCent(hi * l.UnitPrice * h * (1 - d))
	return append(append([]any{styled(st.text, caseID)}, head...), styled(st.price, l.UnitPrice), hCell, dCell,
		monthly(costQuantity, q), loCell, hiCell, monthly(costQuantityLow, lo), monthly(costQuantityHigh, hi),
		styled(st.text, payee), styled(st.wrapIndent, l.Note))
}
