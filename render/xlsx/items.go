package xlsx

import (
	"strings"

	"github.com/ecspack/ecspack/assess"
)

// ItemsSheet is the sheet of evidence items: for every control of every
// case study, each item the checklist asks for and where it is answered.
const ItemsSheet = "Evidence items"

// itemsSheet lays out the evidence items of every case study in report and
// catalog order, each linked to its control's row on the case sheet: the
// same map the reviewer PDF opens each control with.
func (wb *workbook) itemsSheet() *sheet {
	st := wb.st
	s := &sheet{
		name:       ItemsSheet,
		widths:     []float64{16, 11, 13, 60, 14, 50, 50},
		freezeRows: 1, freezeCols: 3,
		printTitles: [2]int{1, 1},
	}
	s.add(
		styled(st.header, "Case study"), styled(st.header, "Control"), styled(st.header, "Item"),
		styled(st.header, "What the checklist asks for"), styled(st.header, "Answered by"),
		styled(st.header, "Where"), styled(st.header, "What is missing"),
	)
	for _, cr := range wb.in.Report.CaseStudies {
		rows := wb.caseRow[cr.ID]
		for _, c := range wb.in.Catalog.Controls {
			r := cr.Control(c.ID)
			if r == nil {
				continue
			}
			var control any = styled(st.bold, c.ID)
			if row, ok := rows[c.ID]; ok {
				control = formula(st.link, `HYPERLINK("#`+strings.ReplaceAll(ref(wb.caseSheets[cr.ID], ctlID, row), `"`, `""`)+`","`+c.ID+`")`, c.ID)
			}
			for _, it := range r.Items {
				by, where := "not answered", ""
				if it.Covered {
					by, where = string(it.By), it.Where
				}
				if it.File != "" && !it.Covered {
					where = it.File
				}
				s.add(
					styled(st.text, cr.ID), control, styled(st.text, it.ID),
					styled(st.wrap, fitCell(it.Text)), styled(st.text, by),
					styled(st.wrap, fitCell(where)), styled(st.wrap, fitCell(it.Why)),
				)
			}
			if len(r.Items) == 0 && r.Status == assess.NotApplicable {
				s.add(styled(st.text, cr.ID), control, styled(st.text, ""),
					styled(st.wrap, "the control does not apply to this case study"), styled(st.text, ""),
					styled(st.wrap, fitCell(r.Reason)), styled(st.wrap, ""))
			}
		}
	}
	s.filter = "A1:" + cellName(7, max(len(s.rows), 2))
	return s
}
