package submission

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/ecspack/ecspack/assess"
	"github.com/ecspack/ecspack/catalog"
	"github.com/ecspack/ecspack/internal/words"
	"github.com/ecspack/ecspack/render/pdf"
)

// statusStyle is how a status is shown: label, colour and what it means to
// a reviewer. The table is immutable.
type statusStyle struct {
	label   string
	colour  pdf.RGB
	meaning string
}

var statusStyles = map[assess.Status]statusStyle{
	assess.Met:            {"MET", pdf.Green, "The partner answered the control and no automated check of the evidence failed."},
	assess.NotMet:         {"NOT MET", pdf.Red, "At least one automated check of the inventory failed; the failing findings are listed first in the control's table."},
	assess.NeedsNarrative: {"NEEDS NARRATIVE", pdf.Amber, "No automated check failed (or none exists), but the partner has not written an answer yet."},
	assess.NotApplicable:  {"NOT APPLICABLE", pdf.Grey, "A conditional control whose condition does not hold for the case study, with the reason; or one the partner states does not apply."},
	assess.Waived:         {"WAIVED", pdf.Blue, "A common control covered by a Well-Architected review with no high risks in Security, Reliability and Operational Excellence."},
}

func styleOf(s assess.Status) statusStyle {
	if st, ok := statusStyles[s]; ok {
		return st
	}
	return statusStyle{strings.ToUpper(string(s)), pdf.Grey, ""}
}

var outcomeColours = map[assess.Outcome]pdf.RGB{
	assess.Fail:         pdf.Red,
	assess.Warn:         pdf.Amber,
	assess.AcceptedRisk: pdf.Blue,
	assess.Pass:         pdf.Green,
	assess.Info:         pdf.Grey,
}

func (r *renderer) cover(d *pdf.Document) error {
	cf := r.cf
	d.Spacer(28)
	d.Spans([]pdf.Span{{Text: "AWS Service Delivery Program", Bold: true, Colour: &pdf.Grey}})
	d.HeadingWithOptions(1, r.designation(), pdf.HeadingOptions{ID: "cover", NoContents: true})
	d.Spans([]pdf.Span{{Text: "Technical validation package submitted by ", Italic: true}, {Text: cf.Partner.Name, Bold: true, Italic: true}})
	d.Spacer(6)
	kv := []pdf.KV{
		{Key: "AWS Partner", Value: words.Join(" — ", cf.Partner.Name, cf.Partner.LegalName)},
	}
	if cf.Partner.PartnerID != "" {
		kv = append(kv, pdf.KV{Key: "Partner ID", Value: cf.Partner.PartnerID})
	}
	if cf.Partner.Website != "" {
		kv = append(kv, pdf.KV{Key: "Website", Value: cf.Partner.Website})
	}
	kv = append(kv,
		pdf.KV{Key: "Designation", Value: r.designation()},
		pdf.KV{Key: "Checklist", Value: r.checklistLine()},
		pdf.KV{Key: "Package", Value: r.packageID},
		pdf.KV{Key: "Package date", Value: cf.Package.Date.String()},
	)
	if r.in.ToolVersion != "" {
		kv = append(kv, pdf.KV{Key: "Prepared with", Value: "ecspack " + r.in.ToolVersion})
	}
	d.KeyValue(kv)
	d.Spacer(4)
	d.Spans([]pdf.Span{{Text: "Customer case studies", Bold: true}})
	var rows [][]string
	for _, cv := range r.cases {
		rows = append(rows, []string{strconv.Itoa(cv.n), cv.name, legalEntity(cf, cv.cs), cv.cs.Title, cv.cs.ProductionDate.String()})
	}
	if len(rows) == 0 {
		d.Paragraph("No case study is part of this package.")
	} else {
		d.Table([]string{"#", "Customer", "Legal entity", "Project", "In production since"}, rows, pdf.TableOptions{Widths: []float64{4, 18, 22, 40, 16}})
	}
	d.Spacer(3)
	d.Spans([]pdf.Span{{Text: "Readiness across the package", Bold: true}, {Text: fmt.Sprintf(" (%d controls)", len(r.rep.Overall))}})
	r.statusCounts(d, overallStatuses(r.rep))
	if r.rep.Ready {
		d.Paragraph("Every control is met, waived or not applicable.")
	} else {
		missing := r.rep.Missing()
		d.Spans([]pdf.Span{{Text: "DRAFT — not ready for submission. ", Bold: true}, {Text: fmt.Sprintf("%d %s missing:", len(missing), words.Plural(len(missing), "item is", "items are"))}})
		shown := missing
		if len(shown) > maxMissingOnCover {
			shown = shown[:maxMissingOnCover]
		}
		var b strings.Builder
		for _, m := range shown {
			b.WriteString("- " + mdEscape(m) + "\n")
		}
		if n := len(missing) - len(shown); n > 0 {
			fmt.Fprintf(&b, "- … and %d more, listed in the readiness summary\n", n)
		}
		if err := d.Markdown([]byte(b.String()), pdf.MarkdownOptions{AnchorPrefix: "cover-missing/"}); err != nil {
			return err
		}
	}
	d.PageBreak()
	return nil
}

// maxMissingOnCover bounds the missing items listed on the cover; the
// readiness summary lists them all.
const maxMissingOnCover = 12

// mdEscaper escapes the Markdown punctuation a missing-item line may hold.
var mdEscaper = strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`, "<", `\<`, "#", `\#`)

// mdEscape makes plain text safe to print through the Markdown renderer.
func mdEscape(s string) string { return mdEscaper.Replace(s) }

func (r *renderer) checklistLine() string {
	c := r.cat
	s := c.Version
	if c.Title != "" {
		s = c.Title + ", version " + c.Version
	}
	if c.ValidFrom != "" || c.ValidUntil != "" {
		s += fmt.Sprintf(" (valid %s to %s", c.ValidFrom, c.ValidUntil)
		if c.UsableUntil != "" {
			s += ", usable until " + c.UsableUntil
		}
		s += ")"
	}
	return s
}

func overallStatuses(rep *assess.Report) []assess.Status {
	var out []assess.Status
	for _, o := range rep.Overall {
		out = append(out, o.Status)
	}
	return out
}

// statusCounts prints one badge per status with its count, in the order of
// assess.Statuses, skipping statuses that do not occur.
func (r *renderer) statusCounts(d *pdf.Document, ss []assess.Status) {
	for _, s := range assess.Statuses() {
		n := 0
		for _, x := range ss {
			if x == s {
				n++
			}
		}
		if n > 0 {
			st := styleOf(s)
			d.Badge(fmt.Sprintf("%d %s", n, st.label), st.colour)
		}
	}
	d.Spacer(1)
}

func (r *renderer) howToRead(d *pdf.Document) error {
	d.HeadingWithOptions(1, "How to read this package", pdf.HeadingOptions{ID: "how-to-read"})
	d.Paragraph("This document answers the " + r.checklistLine() + " for " + r.cf.Partner.Name +
		". Each customer case study has its own part, and inside it one section per control that the checklist judges per case study, in checklist order. Every section has the same parts:")
	d.Table(nil, [][]string{
		{"Status", "A coloured badge (below) with the reason for it."},
		{"Evidence asked for", "Each item of evidence the checklist asks for, and where this package answers it: the answer's section, an attached file (Appendix E) or the evidence generated from the inventory (Appendices A–D, the architecture diagram), with its page."},
		{"Requirement", "Our summary of what the checklist asks."},
		{"Answer", "The partner's own answer, with its diagrams and screenshots."},
		{"Findings", "What the automated checks found in the customer's AWS inventory: one row per check and resource, failures and warnings first."},
		{"Evidence", "Where each finding comes from (AWS API and field), the files attached to the answer, and the references the partner cites."},
	}, pdf.TableOptions{Widths: []float64{1, 4}, BoldFirstColumn: true})
	d.Spans([]pdf.Span{{Text: "Statuses", Bold: true}})
	for _, s := range assess.Statuses() {
		st := styleOf(s)
		legendRow(d, st.label, st.colour, st.meaning)
	}
	d.Spacer(2)
	d.Spans([]pdf.Span{{Text: "Finding outcomes", Bold: true}})
	for _, o := range []struct {
		o    assess.Outcome
		text string
	}{
		{assess.Fail, "the resource does not meet the requirement; the control is not met until it is fixed."},
		{assess.Warn, "a risk a reviewer may raise; it does not decide the status."},
		{assess.AcceptedRisk, "a fail or warning the partner accepted (a waiver in the case study's case.yaml, with its reason, approver and expiry printed beside it); it does not decide the status."},
		{assess.Pass, "the resource meets the requirement."},
		{assess.Info, "a fact recorded as evidence (what was found, counts, configurations)."},
	} {
		legendRow(d, strings.ToUpper(outcomeWords(o.o)), outcomeColours[o.o], capitalise(o.text)+".")
	}
	d.Spacer(2)
	d.Spans([]pdf.Span{{Text: "Common controls", Bold: true}})
	d.Paragraph("The ECS controls must be met in every case study. The common controls (DOC, ACCT, OPE, NETSEC, REL, COST) need to be met in at least one case study: each says which case study satisfies it. Partner-level documents (SOPs, policies) are in their own part and are linked from the controls they answer.")
	d.Spans([]pdf.Span{{Text: "Where the raw evidence is", Bold: true}})
	d.Paragraph("The automated findings are computed from inventory snapshots: read-only JSON records of each customer's AWS accounts, taken at the time shown below. The snapshots travel with this package in the casefile, and manifest.json lists the SHA-256 of every input (casefile, answers, attachments, snapshots) and every output (this PDF, the self-assessment spreadsheet), so a reviewer can check that nothing changed after the package was built. The aws CLI outputs the checklist asks for are in the appendices, rebuilt from the same snapshots. The self-assessment spreadsheet holds every finding, including those this document leaves out for length.")
	var rows [][]string
	for _, cv := range r.cases {
		snap := cv.cs.Inventory
		taken, source, errs := "no snapshot", "", "—"
		if snap != nil {
			taken = collectionTime(snap.Collection.StartedAt, snap.Collection.FinishedAt)
			source = words.Join(", ", snap.Collection.Source, snap.Collection.Tool)
			errs = strconv.Itoa(len(snap.Collection.Errors))
		}
		rows = append(rows, []string{cv.name, strings.Join(snapshotPaths(r.cf.Dir, cv.cs.Dir, cv.cs.InventoryFiles), "\n"), taken, source, errs})
	}
	if len(rows) > 0 {
		// Keep the table's header with its first rows.
		if _, _, _, h := d.Available(); h < 30 {
			d.PageBreak()
		}
		d.Table([]string{"Case study", "Snapshot files (in the casefile)", "Collected (UTC)", "Source", "Collection errors"}, rows, pdf.TableOptions{Widths: []float64{16, 30, 22, 16, 10}, FontSize: 8})
	}
	d.PageBreak()
	return nil
}

// readiness prints the control × case study matrix.
func (r *renderer) readiness(d *pdf.Document) error {
	d.HeadingWithOptions(1, "Readiness summary", pdf.HeadingOptions{ID: "readiness"})
	d.Paragraph("One row per checklist item. The overall column follows each control's scope: prerequisites are judged once for the partner, ECS controls must be done in every case study, common controls in at least one. Each status links to its section.")
	r.statusCounts(d, overallStatuses(r.rep))
	cols := []string{"Control", "Title", "Overall"}
	for _, cv := range r.cases {
		cols = append(cols, fmt.Sprintf("Case study %d\n%s", cv.n, cv.name))
	}
	m := newMatrix(d, cols)
	section := ""
	for _, c := range r.cat.Controls {
		if c.Section != section {
			section = c.Section
			m.band(section)
		}
		o := r.rep.OverallFor(c.ID)
		row := matrixRow{id: c.ID, title: c.Title, idAnchor: r.firstAnchor(c)}
		if o != nil {
			row.cells = append(row.cells, matrixCell{status: o.Status, anchor: r.firstAnchor(c)})
		} else {
			row.cells = append(row.cells, matrixCell{})
		}
		for _, cv := range r.cases {
			if res := cv.res.Control(c.ID); res != nil {
				row.cells = append(row.cells, matrixCell{status: res.Status, anchor: controlAnchor(cv.cs.ID, c.ID)})
			} else if c.Scope == catalog.ScopePartner || c.Scope == catalog.ScopePackage {
				row.cells = append(row.cells, matrixCell{text: "partner-level"})
			} else {
				row.cells = append(row.cells, matrixCell{text: "not assessed"})
			}
		}
		m.row(row)
	}
	m.end()
	d.PageBreak()
	return nil
}

// firstAnchor is where a control is best read: its partner-level section,
// or its section in the first case study.
func (r *renderer) firstAnchor(c catalog.Control) string {
	if c.Scope == catalog.ScopePartner || c.Scope == catalog.ScopePackage {
		return controlAnchor("", c.ID)
	}
	if c.IsPrerequisite() {
		return controlAnchor("", c.ID)
	}
	for _, cv := range r.cases {
		if cv.res.Control(c.ID) != nil {
			return controlAnchor(cv.cs.ID, c.ID)
		}
	}
	return "readiness"
}

// prerequisites prints 1.1–3.1: partner-level ones with their answers, and
// 2.2 (judged per case study) with each case study's status.
func (r *renderer) prerequisites(d *pdf.Document) error {
	d.HeadingWithOptions(1, "Program prerequisites", pdf.HeadingOptions{ID: "prerequisites"})
	d.Paragraph("The AWS Service Delivery Program Manager validates these items before the technical validation is scheduled.")
	for _, c := range r.cat.Controls {
		if !c.IsPrerequisite() {
			continue
		}
		d.HeadingWithOptions(2, c.ID+" "+c.Title, pdf.HeadingOptions{ID: controlAnchor("", c.ID)})
		var res *assess.ControlResult
		for i := range r.rep.Partner {
			if r.rep.Partner[i].ID == c.ID {
				res = &r.rep.Partner[i]
			}
		}
		if res != nil {
			r.statusLine(d, res.Status, res.Reason)
		} else if o := r.rep.OverallFor(c.ID); o != nil {
			r.statusLine(d, o.Status, o.Reason)
			for _, cv := range r.cases {
				if cr := cv.res.Control(c.ID); cr != nil {
					st := styleOf(cr.Status)
					d.Badge(st.label, st.colour)
					d.Spans([]pdf.Span{{Text: fmt.Sprintf("Case study %d, %s: ", cv.n, cv.name)}, {Text: "see its section", Anchor: controlAnchor(cv.cs.ID, c.ID)}})
				}
			}
		}
		r.requirement(d, c, true)
		if res != nil {
			if err := r.answer(d, "", c, r.cf.Answers[c.ID], r.cf.Dir, r.cf.Redact); err != nil {
				return err
			}
			r.findings(d, res.Findings)
			r.evidenceRefs(d, "", res.Findings, r.cf.Answers[c.ID])
		}
	}
	d.PageBreak()
	return nil
}

// statusLine prints the status badge with its reason.
func (r *renderer) statusLine(d *pdf.Document, s assess.Status, reason string) {
	st := styleOf(s)
	d.Badge(st.label, st.colour)
	if reason == "" {
		reason = st.meaning
	}
	d.Spans([]pdf.Span{{Text: capitalise(reason) + ".", Italic: true}})
}

func capitalise(s string) string {
	s = strings.TrimSuffix(strings.TrimSpace(s), ".")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// requirement prints our summary of the control and, when listItems is
// set, the evidence asked for. A case study's control lists the items in
// its evidence table instead (evidenceItems), so it passes false: the list
// printed twice on one page reads as two requirements.
func (r *renderer) requirement(d *pdf.Document, c catalog.Control, listItems bool) {
	d.Spans([]pdf.Span{{Text: "Requirement. ", Bold: true}, {Text: c.Requirement}})
	if listItems && len(c.Evidence) > 0 {
		d.Spans([]pdf.Span{{Text: "A reviewer looks for: ", Bold: true}, {Text: strings.Join(c.EvidenceLines(), "; ") + "."}})
	}
}
