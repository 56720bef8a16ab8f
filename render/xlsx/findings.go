package xlsx

import (
	"strings"

	"github.com/ecspack/ecspack/assess"
)

// partnerCase labels partner-level findings in the Case column.
const partnerCase = "(partner)"

// findingsSheet lays out one row per finding across the package: partner
// level first, then each case study in report order, controls in catalog
// order, findings in the assessment's order (fails first). The Control cell
// links to the control's row with a HYPERLINK formula rather than a sheet
// hyperlink, because Excel allows only 65,530 of those per sheet and a large
// estate has more findings than that.
func (wb *workbook) findingsSheet() *sheet {
	st := wb.st
	s := &sheet{
		name:       FindingsSheet,
		widths:     []float64{14, 10, 24, 9, 36, 48, 30, 36, 28, 25}, // 260 units: 6 pt or more on paper
		freezeRows: 1, freezeCols: 2,
		printTitles: [2]int{1, 1},
	}
	s.add(
		styled(st.header, "Case study"), styled(st.header, "Control"), styled(st.header, "Check"),
		styled(st.header, "Outcome"), styled(st.header, "Resource"), styled(st.header, "Message"),
		styled(st.header, "Evidence"), styled(st.header, "Remediation"), styled(st.header, "Accepted risk"),
		styled(st.header, "Security Hub / prowler"),
	)
	emitRows := func(caseLabel, sheetName string, rows map[string]int, results []assess.ControlResult) {
		byID := map[string]*assess.ControlResult{}
		for i := range results {
			byID[results[i].ID] = &results[i]
		}
		for _, c := range wb.in.Catalog.Controls {
			r := byID[c.ID]
			if r == nil {
				continue
			}
			var control any = styled(st.bold, c.ID)
			if row, ok := rows[c.ID]; ok {
				control = formula(st.link, `HYPERLINK("#`+strings.ReplaceAll(ref(sheetName, ctlID, row), `"`, `""`)+`","`+c.ID+`")`, c.ID)
			}
			for _, f := range r.Findings {
				accepted := ""
				if f.Waiver != nil {
					accepted = f.Waiver.Summary()
				}
				s.add(
					styled(st.text, caseLabel), control, styled(st.text, f.Check),
					styled(st.status, string(f.Outcome)), styled(st.wrap, fitCell(f.Resource)),
					styled(st.wrap, fitCell(f.Message)), styled(st.wrap, fitCell(f.Evidence)),
					styled(st.wrap, fitCell(f.Remediation)), styled(st.wrap, fitCell(accepted)),
					styled(st.wrap, fitCell(f.References())),
				)
			}
		}
	}
	emitRows(partnerCase, PrerequisitesSheet, wb.prereqRow, wb.in.Report.Partner)
	for _, cr := range wb.in.Report.CaseStudies {
		emitRows(cr.ID, wb.caseSheets[cr.ID], wb.caseRow[cr.ID], cr.Controls)
	}
	last := max(len(s.rows), 2)
	s.filter = "A1:" + cellName(10, last)
	if len(s.rows) > 1 {
		s.outcomeRanges = []string{colRange(4, 2, len(s.rows))}
	}
	return s
}
