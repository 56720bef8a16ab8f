package xlsx

import (
	"path"
	"strings"

	"github.com/ecspack/ecspack/assess"
	"github.com/ecspack/ecspack/catalog"
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
					by, where = string(it.By), itemWhere(cr.ID, wb.redacted(cr.ID), it)
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

// itemWhere names where the package holds what answers a covered item, as
// the reviewer PDF's evidence map points at it: an attached file by its
// path, with the PDF appendix that prints it and its copy in the package
// (none in a redacted case study, whose files cannot be anonymised); an
// inventory item by what the inventory holds and the generated evidence
// that shows it. An inventory rule with no generated evidence of its own
// is shown by the control's automated-check findings.
func itemWhere(caseID string, redacted bool, it assess.ItemResult) string {
	if it.By == catalog.ByAttachment {
		p := path.Clean(strings.TrimPrefix(it.Where, "./"))
		if redacted {
			return "file " + p + ", named in Appendix E (Attachments) of the reviewer PDF; not included: the case study is redacted, and an attached file cannot be anonymised"
		}
		return "file " + p + ", printed in Appendix E (Attachments) of the reviewer PDF and copied to " + path.Join("attachments", caseID, p)
	}
	rule, ok := it.By.Rule()
	if !ok {
		return it.Where
	}
	shown := "the control's automated-check findings (reviewer PDF and this case study's sheet)"
	switch rule {
	case "list-tasks":
		shown = "the output of aws ecs list-tasks in Appendix A of the reviewer PDF"
	case "capacity-providers":
		shown = "the output of aws ecs describe-capacity-providers in Appendix B of the reviewer PDF"
	case "spot-fleet-requests":
		shown = "the output of aws ec2 describe-spot-fleet-requests in Appendix C of the reviewer PDF"
	case "task-definitions":
		shown = "the example task definition in Appendix D of the reviewer PDF"
	case "task-roles":
		shown = "the task roles' policy documents in Appendix D of the reviewer PDF"
	case "diagram":
		shown = "the case study's architecture diagram in the reviewer PDF and " + path.Join("diagrams", caseID) + "/"
	}
	return it.Where + "; shown in " + shown
}

// redacted reports whether the case study's attached files are left out
// of the package: the whole casefile or the case study is redacted.
func (wb *workbook) redacted(caseID string) bool {
	cf := wb.in.Casefile
	if cf == nil {
		return false
	}
	if cf.Redact {
		return true
	}
	for _, cs := range cf.CaseStudies {
		if cs.ID == caseID {
			return cs.Redact
		}
	}
	return false
}
