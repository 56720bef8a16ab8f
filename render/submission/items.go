package submission

import (
	"fmt"
	"slices"

	"github.com/ecspack/ecspack/assess"
	"github.com/ecspack/ecspack/catalog"
	"github.com/ecspack/ecspack/render/pdf"
)

// itemsTitle opens every control of a case study: the map from what the
// checklist asks for to where the package answers it.
const itemsTitle = "Evidence the checklist asks for"

// evidenceItems prints, for one control of one case study, each evidence
// item the checklist asks for with where it is answered: the answer's
// section, an attachment, the partner's SOP or the evidence ecspack made
// from the inventory, as a link with the page it is on; or, in red, why it
// is not answered yet. A reviewer grades the list item by item.
func (r *renderer) evidenceItems(d *pdf.Document, cv *caseView, c catalog.Control, res *assess.ControlResult) {
	if len(c.Evidence) == 0 {
		return
	}
	d.Spans([]pdf.Span{{Text: itemsTitle, Bold: true}})
	byID := map[string]assess.ItemResult{}
	for _, it := range res.Items {
		byID[it.ID] = it
	}
	for _, it := range c.Evidence {
		spans := []pdf.Span{{Text: it.ID, Bold: true}, {Text: " " + it.Text() + " → "}}
		ir, judged := byID[it.ID]
		switch {
		case !judged && res.Status == assess.NotApplicable:
			spans = append(spans, pdf.Span{Text: "not asked: the control does not apply to this case study", Italic: true, Colour: &pdf.Grey})
		case !ir.Covered && res.Status == assess.Waived:
			spans = append(spans, pdf.Span{Text: "not asked: the Well-Architected review waives this control's evidence", Italic: true, Colour: &pdf.Grey})
		case !judged || !ir.Covered:
			why := "not judged"
			if judged {
				why = ir.Why
			}
			spans = append(spans, pdf.Span{Text: "not answered yet: " + why, Italic: true, Colour: &pdf.Red})
		default:
			text, anchor := r.itemPlace(d, cv, c, ir)
			spans = append(spans, pdf.Span{Text: text, Anchor: anchor})
			if p, ok := d.PageOf(anchor); ok {
				spans = append(spans, pdf.Span{Text: fmt.Sprintf(", p. %d", p)})
			}
		}
		d.Spans(spans)
	}
}

// itemPlace words where a covered item is answered and names the heading
// that holds it. A place whose heading the previous layout pass did not
// find (an appendix the package lacks) falls back to the control itself,
// whose page lists the attachments and the inventory evidence.
func (r *renderer) itemPlace(d *pdf.Document, cv *caseView, c catalog.Control, ir assess.ItemResult) (string, string) {
	here := controlAnchor(cv.cs.ID, c.ID)
	text, anchor := "", ""
	switch rule, isRule := ir.By.Rule(); {
	case ir.By == catalog.ByNarrative && ir.Where == ir.Text:
		text, anchor = "the answer's section under these words", here+"/"+pdf.Slug(ir.Where)
	case ir.By == catalog.ByNarrative && ir.Where != "the answer":
		text, anchor = fmt.Sprintf("answer section “%s”", ir.Where), here+"/"+pdf.Slug(ir.Where)
	case ir.By == catalog.ByNarrative:
		text, anchor = "the partner's answer", here
	case ir.By == catalog.ByAttachment:
		text, anchor = "attachment "+ir.Where+", listed with this control", here
	case ir.By == catalog.BySOP:
		text, anchor = "the partner's SOP", r.sopFor(cv.cs.ID, c.ID)
	case isRule:
		text, anchor = "from the inventory: "+ir.Where, r.ruleAnchor(cv, rule)
	default:
		text = ir.Where
	}
	if anchor == "" || anchor == here {
		return text, here
	}
	if _, ok := d.PageOf(anchor); !ok {
		if _, known := d.PageOf(here); known {
			return text, here
		}
	}
	return text, anchor
}

// sopFor is the anchor of the SOP that answers a control for a case study:
// the one applied to the case study, else the partner-level one.
func (r *renderer) sopFor(caseID, control string) string {
	for _, doc := range r.in.CaseSOPs[caseID] {
		if slices.Contains(doc.Controls, control) {
			return sopAnchor(caseID, doc.ID)
		}
	}
	for _, doc := range r.in.SOPs {
		if slices.Contains(doc.Controls, control) {
			return sopAnchor("", doc.ID)
		}
	}
	return ""
}

// ruleAnchor is where the package prints what an inventory rule found: the
// CLI output appendix, the architecture diagram, or (for the rules whose
// evidence is the automated checks' findings) the control itself.
func (r *renderer) ruleAnchor(cv *caseView, rule string) string {
	switch rule {
	case "list-tasks":
		return cliAnchor("list-tasks", cv.cs.ID)
	case "capacity-providers":
		return cliAnchor("describe-capacity-providers", cv.cs.ID)
	case "spot-fleet-requests":
		return cliAnchor("describe-spot-fleet-requests", cv.cs.ID)
	case "diagram":
		if ds := r.in.Diagrams[cv.cs.ID]; len(ds) > 0 {
			return cv.anchor + "/diagram/" + ds[0].ID
		}
	}
	return ""
}
