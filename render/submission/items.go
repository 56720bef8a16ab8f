package submission

import (
	"cmp"
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
		d.KeptSpans(spans) // a row split by a page break reads as two
	}
}

// itemPlace words where a covered item is answered and names the heading
// that holds it. A place whose heading the previous layout pass did not
// find (an appendix the package lacks) falls back to the control itself,
// whose page lists the attachments and the inventory evidence.
func (r *renderer) itemPlace(d *pdf.Document, cv *caseView, c catalog.Control, ir assess.ItemResult) (string, string) {
	here := controlAnchor(cv.cs.ID, c.ID)
	text, anchor := "", ""
	// fallback is the text when the row points at the control instead.
	fallback := ""
	switch rule, isRule := ir.By.Rule(); {
	case ir.By == catalog.ByNarrative && ir.Where == ir.Text:
		text, anchor = "the answer's section under these words", here+"/"+pdf.Slug(ir.Where)
	case ir.By == catalog.ByNarrative && ir.Where != "the answer":
		text, anchor = fmt.Sprintf("answer section “%s”", ir.Where), here+"/"+pdf.Slug(ir.Where)
	case ir.By == catalog.ByNarrative:
		text, anchor = "the partner's answer", here
	case ir.By == catalog.ByAttachment:
		fallback = "attachment " + ir.Where + ", listed with this control"
		text, anchor = r.attachmentPlace(cv.cs.ID, ir.Where)
	case ir.By == catalog.BySOP:
		fallback = "the partner's SOP"
		text, anchor = r.sopFor(cv.cs.ID, c.ID)
	case isRule:
		fallback = "from the inventory: " + ir.Where
		text = fallback
		if shown, id := r.ruleEvidence(cv, rule); id != "" {
			text, anchor = text+" — "+shown, id
		}
	default:
		text = ir.Where
	}
	if anchor == "" || anchor == here {
		return text, here
	}
	if _, ok := d.PageOf(anchor); !ok {
		if _, known := d.PageOf(here); known {
			return cmp.Or(fallback, text), here
		}
	}
	return text, anchor
}

// sopFor words the SOP that answers a control for a case study and names
// its heading: what it found and set up in the case study when the case
// study's part prints that, else the partner-level procedure.
func (r *renderer) sopFor(caseID, control string) (string, string) {
	for _, doc := range r.in.CaseSOPs[caseID] {
		if slices.Contains(doc.Controls, control) && len(doc.Applied) > 0 {
			return "the partner's SOP " + doc.ID + " as applied in this case study", sopAnchor(caseID, doc.ID)
		}
	}
	for _, doc := range r.in.SOPs {
		if slices.Contains(doc.Controls, control) {
			return "the partner's SOP “" + doc.Title + "”", sopAnchor("", doc.ID)
		}
	}
	return "the partner's SOP", ""
}

// attachmentPlace words an item a cited file answers and names the file's
// entry in the Attachments appendix, which prints it (or says why it could
// not be included). A file the appendix does not hold falls back to the
// control, whose evidence references list the answer's attachments.
func (r *renderer) attachmentPlace(caseID, cited string) (string, string) {
	a := r.atts.Lookup(caseID, cited)
	if a == nil {
		return "attachment " + cited + ", listed with this control", ""
	}
	text := "attachment " + a.Path + " in Appendix E"
	if a.Missing != "" {
		text += " (not included: " + a.Missing + ")"
	}
	return text, attachmentAnchor(a.CaseID, a.Path)
}

// ruleEvidence is the generated evidence that shows what an inventory rule
// found, worded as the row names it, and the heading that starts it: the
// CLI output appendix (A–C), the artifact of Appendix D, or the case
// study's architecture diagram. A rule whose evidence is the automated
// checks' findings has none (""), and its row points at the control.
func (r *renderer) ruleEvidence(cv *caseView, rule string) (string, string) {
	id := cv.cs.ID
	switch rule {
	case "list-tasks":
		return "output of aws ecs list-tasks in Appendix A", cliAnchor("list-tasks", id)
	case "capacity-providers":
		return "output of aws ecs describe-capacity-providers in Appendix B", cliAnchor("describe-capacity-providers", id)
	case "spot-fleet-requests":
		return "output of aws ec2 describe-spot-fleet-requests in Appendix C", cliAnchor("describe-spot-fleet-requests", id)
	case "task-definitions":
		if cv.view != nil {
			return "the example task definition in Appendix D", artifactAnchor("taskdef", id)
		}
	case "task-roles":
		if cv.view != nil {
			return "the task roles' policy documents in Appendix D", artifactAnchor("roles", id)
		}
	case "diagram":
		if ds := r.in.Diagrams[id]; len(ds) > 0 {
			return "the architecture diagram “" + cmp.Or(ds[0].Title, "Architecture diagram 1") + "”", cv.anchor + "/diagram/" + ds[0].ID
		}
	}
	return "", ""
}
