package submission

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/ecspack/ecspack/assess"
	"github.com/ecspack/ecspack/catalog"
	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/internal/words"
	"github.com/ecspack/ecspack/render/figure"
	"github.com/ecspack/ecspack/render/pdf"
)

// maxFindingRows bounds a control's findings table; the spreadsheet has all.
const maxFindingRows = 40

func (r *renderer) caseStudy(ctx context.Context, d *pdf.Document, cv *caseView) error {
	cs := cv.cs
	d.HeadingWithOptions(1, fmt.Sprintf("Case study %d — %s", cv.n, cv.name), pdf.HeadingOptions{ID: cv.anchor})
	d.Spans([]pdf.Span{{Text: cs.Title, Bold: true}})
	if err := r.caseSummary(d, cv); err != nil {
		return err
	}

	if err := r.diagrams(ctx, d, cv); err != nil {
		return err
	}

	groups := []struct {
		title string
		id    string
		keep  func(catalog.Control) bool
	}{
		{"Amazon ECS requirements", "ecs", catalog.Control.IsECS},
		{"Common customer reference requirements", "common", catalog.Control.IsCommon},
	}
	for _, g := range groups {
		var ids []catalog.Control
		for _, c := range r.cat.Controls {
			if g.keep(c) && !c.IsPrerequisite() && cv.res.Control(c.ID) != nil {
				ids = append(ids, c)
			}
		}
		if len(ids) == 0 {
			continue
		}
		d.PageBreak()
		d.HeadingWithOptions(2, g.title, pdf.HeadingOptions{ID: cv.anchor + "/" + g.id})
		for _, c := range ids {
			if err := r.control(d, cv, c, cv.res.Control(c.ID)); err != nil {
				return err
			}
		}
	}
	if err := r.appliedPart(d, cv); err != nil {
		return err
	}
	if m := r.in.Costs[cs.ID]; m != nil {
		d.PageBreak()
		d.HeadingWithOptions(2, "Cost model", pdf.HeadingOptions{ID: costAnchor(cs.ID)})
		d.SetRunningHeader(fmt.Sprintf("Case study %d — %s · cost model", cv.n, cv.name))
		if err := r.costModel(d, cs.ID, m); err != nil {
			return err
		}
	}
	d.PageBreak()
	return nil
}

func (r *renderer) caseSummary(d *pdf.Document, cv *caseView) error {
	cs := cv.cs
	d.HeadingWithOptions(2, "Customer and project", pdf.HeadingOptions{ID: cv.anchor + "/summary"})
	kv := []pdf.KV{
		{Key: "Customer", Value: cv.name},
		{Key: "Legal entity", Value: legalEntity(r.cf, cs)},
	}
	if cs.Customer.Industry != "" || cs.Customer.Country != "" {
		kv = append(kv, pdf.KV{Key: "Industry, country", Value: words.Join(", ", cs.Customer.Industry, cs.Customer.Country)})
	}
	kv = append(kv,
		pdf.KV{Key: "In production since", Value: orDash(cs.ProductionDate.String()) + stageNote(cs.Stage)},
		pdf.KV{Key: "Public reference", Value: orDash(cs.PublicReference)},
	)
	var accts []string
	for _, a := range cs.Accounts {
		accts = append(accts, words.Join(" — ", a.ID, a.Purpose))
	}
	kv = append(kv,
		pdf.KV{Key: "AWS accounts", Value: orDash(strings.Join(accts, "\n"))},
		pdf.KV{Key: "Regions", Value: orDash(strings.Join(cs.Regions, ", "))},
		pdf.KV{Key: "Recovery objectives", Value: recovery(cs)},
		pdf.KV{Key: "Compliance scope", Value: orDash(strings.Join(cs.ComplianceScope, ", "))},
		pdf.KV{Key: "Well-Architected review", Value: wafrLine(cs.WAFR)},
	)
	if len(cs.External) > 0 {
		var ext []string
		for _, e := range cs.External {
			ext = append(ext, words.Join(" — ", e.Name, words.Join(", ", e.Kind, e.Connection)))
		}
		kv = append(kv, pdf.KV{Key: "Systems outside AWS", Value: strings.Join(ext, "\n")})
	}
	d.KeyValue(kv)
	for _, part := range []struct{ title, md string }{
		{"The problem", cs.Summary.Problem},
		{"The solution", cs.Summary.Solution},
		{"The outcome", cs.Summary.Outcome},
	} {
		if strings.TrimSpace(part.md) == "" {
			continue
		}
		d.HeadingWithOptions(3, part.title, pdf.HeadingOptions{ID: cv.anchor + "/summary/" + pdf.Slug(part.title), NoContents: true})
		if err := d.Markdown([]byte(part.md), pdf.MarkdownOptions{HeadingOffset: 3, NoBookmarks: true, AnchorPrefix: cv.anchor + "/summary/", ResolveLink: r.resolver(cs.ID)}); err != nil {
			return fmt.Errorf("summary of %s: %w", cs.ID, err)
		}
	}
	return nil
}

func stageNote(stage string) string {
	if stage == "" || stage == "production" {
		return ""
	}
	return " (stage: " + stage + ")"
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

func recovery(cs *evidence.CaseStudy) string {
	var parts []string
	if cs.RTO.Set() {
		parts = append(parts, "RTO "+cs.RTO.Text)
	}
	if cs.RPO.Set() {
		parts = append(parts, "RPO "+cs.RPO.Text)
	}
	return orDash(strings.Join(parts, ", "))
}

func wafrLine(w *evidence.WAFR) string {
	if w == nil {
		return "none"
	}
	s := fmt.Sprintf("%s; high risks open: security %d, reliability %d, operational excellence %d",
		orDash(w.Date.String()), w.HighRisks.Security, w.HighRisks.Reliability, w.HighRisks.OperationalExcellence)
	if w.Report != "" {
		s += "; report " + w.Report
	}
	if w.Waives() {
		s += " (waives the common controls)"
	}
	return s
}

// diagrams prints the 2.2 control and then every architecture diagram on a
// landscape page of its own, as vectors, overviews linked to their details.
func (r *renderer) diagrams(ctx context.Context, d *pdf.Document, cv *caseView) error {
	cs := cv.cs
	d.PageBreak()
	d.HeadingWithOptions(2, "Architecture", pdf.HeadingOptions{ID: cv.anchor + "/architecture"})
	if c, ok := r.cat.Control("2.2"); ok && cv.res.Control(c.ID) != nil {
		if err := r.control(d, cv, c, cv.res.Control(c.ID)); err != nil {
			return err
		}
	}
	ds := r.in.Diagrams[cs.ID]
	if len(ds) == 0 {
		d.Paragraph("No architecture diagram was generated for this case study (no inventory snapshot, or the diagram stage did not run).")
		return nil
	}
	anchor := func(id string) string { return cv.anchor + "/diagram/" + id }
	for i, dg := range ds {
		if err := ctx.Err(); err != nil {
			return err
		}
		figure.Page(d)
		title := dg.Title
		if title == "" {
			title = "Architecture diagram " + strconv.Itoa(i+1)
		}
		d.HeadingWithOptions(3, title, pdf.HeadingOptions{ID: anchor(dg.ID)})
		d.SetRunningHeader(fmt.Sprintf("Case study %d — %s · architecture", cv.n, cv.name))
		if err := figure.Draw(d, dg, figure.Links(ds, dg, anchor)); err != nil {
			return fmt.Errorf("diagram %s of %s: %w", dg.ID, cs.ID, err)
		}
	}
	return nil
}

// control prints one control of one case study.
func (r *renderer) control(d *pdf.Document, cv *caseView, c catalog.Control, res *assess.ControlResult) error {
	cs := cv.cs
	d.Spacer(2)
	d.HeadingWithOptions(3, c.ID+" "+c.Title, pdf.HeadingOptions{ID: controlAnchor(cs.ID, c.ID)})
	d.SetRunningHeader(fmt.Sprintf("Case study %d — %s · %s", cv.n, cv.name, c.ID))
	r.statusLine(d, res.Status, res.Reason)
	if c.IsCommon() {
		if o := r.rep.OverallFor(c.ID); o != nil {
			r.satisfiedBy(d, o)
		}
	}
	r.evidenceItems(d, cv, c, res)
	r.requirement(d, c, false)
	ans := cs.Answers[c.ID]
	if res.Status == assess.NotApplicable && !ans.Written() {
		return nil
	}
	if err := r.answer(d, cs.ID, c, ans, cs.Dir, cs.Redact || r.cf.Redact); err != nil {
		return err
	}
	r.links(d, cs.ID, c)
	r.findings(d, res.Findings)
	r.checksLegend(d, c.ID)
	r.evidenceRefs(d, cs.ID, res.Findings, ans)
	return d.Err()
}

// satisfiedBy says how a common control stands across the package.
func (r *renderer) satisfiedBy(d *pdf.Document, o *assess.Overall) {
	spans := []pdf.Span{{Text: "Across the package: ", Bold: true}, {Text: styleOf(o.Status).label + " — "}}
	if len(o.SatisfiedBy) == 0 {
		spans = append(spans, pdf.Span{Text: "no case study satisfies it yet; one is enough."})
	} else {
		spans = append(spans, pdf.Span{Text: "satisfied by "})
		spans = appendList(spans, ", ", o.SatisfiedBy, func(id string) pdf.Span {
			return pdf.Span{Text: r.caseLabel(id), Anchor: controlAnchor(id, o.ID)}
		})
		spans = append(spans, pdf.Span{Text: " (one case study is enough)."})
	}
	d.Spans(spans)
}

func (r *renderer) caseLabel(id string) string {
	for _, cv := range r.cases {
		if cv.cs.ID == id {
			return fmt.Sprintf("case study %d (%s)", cv.n, cv.name)
		}
	}
	return id
}

// answer prints the partner's answer as Markdown nested below the control.
func (r *renderer) answer(d *pdf.Document, caseID string, c catalog.Control, ans *evidence.Answer, base string, redacted bool) error {
	d.Label([]pdf.Span{{Text: "Partner's answer", Bold: true}})
	// After the label: keep-with-next may move the label to the next page, and the
	// link must land where the answer is.
	d.Anchor(answerAnchor(caseID, c.ID))
	if !ans.Written() {
		d.Spans([]pdf.Span{{Text: "No answer has been written for this control yet.", Italic: true, Colour: &pdf.Amber}})
		return nil
	}
	if ans.NotApplicable != "" {
		d.Spans([]pdf.Span{{Text: "Not applicable: ", Bold: true}, {Text: ans.NotApplicable}})
	}
	prefix := controlAnchor(caseID, c.ID) + "/"
	mo := pdf.MarkdownOptions{
		HeadingOffset: 3,
		NoBookmarks:   true,
		AnchorPrefix:  prefix,
		ResolveLink:   r.attachmentLinks(caseID, r.resolver(caseID)),
		OpenImage:     imageOpener(base, ans.File, redacted),
	}
	if err := d.Markdown(ans.Text(), mo); err != nil {
		return fmt.Errorf("answer %s: %w", ans.File, err)
	}
	// Image attachments are shown after the answer; others are listed as evidence.
	for _, a := range ans.Attachments {
		if imageKind(a) == "" {
			continue
		}
		rd, kind, err := imageOpener(base, ans.File, redacted)(a)
		if err != nil {
			d.Spans([]pdf.Span{{Text: fmt.Sprintf("[attachment %s not shown: %v]", a, err), Italic: true, Colour: &pdf.Red}})
			continue
		}
		err = d.Image(prefix+a, rd, kind)
		closeIf(rd)
		if err != nil {
			d.Spans([]pdf.Span{{Text: fmt.Sprintf("[attachment %s not shown: %v]", a, err), Italic: true, Colour: &pdf.Red}})
			continue
		}
		d.Spans(append([]pdf.Span{{Text: "Attachment: ", Italic: true, Colour: &pdf.Grey}}, r.citation(caseID, a)...))
	}
	return d.Err()
}

// links points from a control to the documents, cost model and CLI outputs
// that answer it.
func (r *renderer) links(d *pdf.Document, caseID string, c catalog.Control) {
	var spans []pdf.Span
	add := func(text, anchor string) {
		if len(spans) > 0 {
			spans = append(spans, pdf.Span{Text: " · "})
		}
		spans = append(spans, pdf.Span{Text: text, Anchor: anchor})
	}
	for _, doc := range r.in.SOPs {
		if slices.Contains(doc.Controls, c.ID) {
			add("SOP: "+doc.Title, sopAnchor("", doc.ID))
		}
	}
	for _, doc := range r.in.CaseSOPs[caseID] {
		if slices.Contains(doc.Controls, c.ID) && len(doc.Applied) > 0 {
			add(doc.ID+" as applied in this case study", sopAnchor(caseID, doc.ID))
		}
	}
	if c.ID == "COST-001" && r.in.Costs[caseID] != nil {
		add("Cost model of this case study", costAnchor(caseID))
	}
	for _, cmd := range c.CLIOutputs {
		if k := cliKind(cmd); k != "" {
			add("Output of "+cmd, cliAnchor(k, caseID))
		}
	}
	texts, anchors := r.artifactLinks(caseID, c.ID)
	for i := range texts {
		add(texts[i], anchors[i])
	}
	if len(spans) == 0 {
		return
	}
	d.Spans(append([]pdf.Span{{Text: "See also: ", Bold: true}}, spans...))
}

// findings prints the bounded findings table: fails and warnings first.
func (r *renderer) findings(d *pdf.Document, fs []assess.Finding) {
	if len(fs) == 0 {
		d.Spans([]pdf.Span{{Text: "Automated checks: ", Bold: true}, {Text: "none for this control; the answer and its evidence are what a reviewer judges."}})
		return
	}
	d.Label([]pdf.Span{{Text: "Automated findings: ", Bold: true}, {Text: assess.TallyFindings(fs).String()}})
	sorted := slices.Clone(fs)
	slices.SortStableFunc(sorted, func(a, b assess.Finding) int { return a.Outcome.Rank() - b.Outcome.Rank() })
	shown := sorted
	if len(shown) > maxFindingRows {
		shown = shown[:maxFindingRows]
	}
	rows := make([][]string, 0, len(shown))
	for _, f := range shown {
		// One word a line: the outcome column is narrow ("ACCEPTED\nRISK").
		outcome := strings.ReplaceAll(strings.ToUpper(outcomeWords(f.Outcome)), " ", "\n")
		rows = append(rows, []string{f.Check, orDash(f.Resource), outcome, findingText(f)})
	}
	d.Table([]string{"Check", "Resource", "Outcome", "Message"}, rows, pdf.TableOptions{Widths: []float64{17, 28, 11, 44}, FontSize: 7.5, Zebra: true})
	if n := len(sorted) - len(shown); n > 0 {
		d.Spans([]pdf.Span{{Text: fmt.Sprintf("%d more in the XLSX Findings sheet (self-assessment spreadsheet): %s.", n, omittedByCheck(sorted[len(shown):])), Italic: true}})
	}
}

// omittedByCheck names the checks of the findings a table left out, each
// with its tally ("NETSEC-002.placeholder: 1 warn"), so every check the
// assessment ran is named in the PDF even when its rows are only in the
// workbook.
func omittedByCheck(fs []assess.Finding) string {
	by := map[string][]assess.Finding{}
	for _, f := range fs {
		by[f.Check] = append(by[f.Check], f)
	}
	parts := make([]string, 0, len(by))
	for _, id := range slices.Sorted(maps.Keys(by)) {
		parts = append(parts, id+": "+assess.TallyFindings(by[id]).String())
	}
	return strings.Join(parts, "; ")
}

// checksLegend says what each automated check of the control judges, in
// the registry's words (README's list is generated from the same), so the
// Check column of the findings table can be read.
func (r *renderer) checksLegend(d *pdf.Document, controlID string) {
	checks := r.checks[controlID]
	if len(checks) == 0 {
		return
	}
	parts := make([]string, 0, len(checks))
	for _, ch := range checks {
		parts = append(parts, ch.ID+": "+strings.ReplaceAll(ch.Judges, "`", ""))
	}
	d.Spans([]pdf.Span{{Text: "What the checks judge: ", Bold: true}, {Text: strings.Join(parts, "; ") + ".", Italic: true}})
}

// outcomeWords is an outcome as a reviewer reads it ("accepted risk").
func outcomeWords(o assess.Outcome) string { return strings.ReplaceAll(string(o), "-", " ") }

// findingText is a finding's cell: its message, what accepts or fixes it,
// and the peers' names for its check (Security Hub, prowler).
func findingText(f assess.Finding) string {
	text := f.Message
	if f.Outcome == assess.AcceptedRisk && f.Waiver != nil {
		text += "\nAccepted risk: " + f.Waiver.Summary()
	} else if f.Remediation != "" && (f.Outcome == assess.Fail || f.Outcome == assess.Warn) {
		text += "\nFix: " + f.Remediation
	}
	if refs := f.References(); refs != "" {
		text += "\n" + refs
	}
	return text
}

// evidenceRefs lists where the findings come from and what the partner attached.
func (r *renderer) evidenceRefs(d *pdf.Document, caseID string, fs []assess.Finding, ans *evidence.Answer) {
	var apis []string
	for _, f := range fs {
		if f.Evidence != "" && !slices.Contains(apis, f.Evidence) {
			apis = append(apis, f.Evidence)
		}
	}
	slices.Sort(apis)
	var refs []string
	if ans != nil {
		refs = ans.References
	}
	atts := r.citedBy(caseID, ans)
	if len(apis)+len(atts)+len(refs) == 0 {
		return
	}
	d.Label([]pdf.Span{{Text: "Evidence references", Bold: true}})
	mono := func(s string) pdf.Span { return pdf.Span{Text: s, Mono: true} }
	if len(apis) > 0 {
		d.Spans(appendList([]pdf.Span{{Text: "Inventory (API and field): "}}, "; ", apis, mono))
	}
	if len(atts) > 0 {
		spans := []pdf.Span{{Text: "Attachments (in Appendix E): "}}
		for i, a := range atts {
			if i > 0 {
				spans = append(spans, pdf.Span{Text: ", "})
			}
			spans = append(spans, r.citation(caseID, a)...)
		}
		d.Spans(spans)
	}
	if len(refs) > 0 {
		d.Spans(appendList([]pdf.Span{{Text: "References: "}}, ", ", refs, func(ref string) pdf.Span {
			sp := pdf.Span{Text: ref}
			if strings.HasPrefix(ref, "https://") || strings.HasPrefix(ref, "http://") {
				sp.URL = ref
			}
			return sp
		}))
	}
}

// appendList appends items to spans as span makes them, sep between two.
func appendList(spans []pdf.Span, sep string, items []string, span func(string) pdf.Span) []pdf.Span {
	for i, it := range items {
		if i > 0 {
			spans = append(spans, pdf.Span{Text: sep})
		}
		spans = append(spans, span(it))
	}
	return spans
}

// document prints one partner-level SOP document under a heading of the
// given level, with a note when it is ecspack's template not adopted.
func (r *renderer) document(d *pdf.Document, doc Document, level int) error {
	anchor := sopAnchor("", doc.ID)
	d.HeadingWithOptions(level, doc.Title, pdf.HeadingOptions{ID: anchor})
	if len(doc.Controls) > 0 {
		d.Spans(appendList([]pdf.Span{{Text: "Answers: ", Bold: true}}, ", ", doc.Controls, func(id string) pdf.Span {
			return pdf.Span{Text: id, Anchor: r.controlTarget("", id)}
		}))
	}
	if doc.Template {
		d.Spans([]pdf.Span{{Text: "Not adopted: ", Bold: true, Colour: &pdf.Amber}, {Text: "this is ecspack's built-in template, not yet " + r.cf.Partner.Name +
			"'s procedure; adopt it with sops: in ecspack.yaml or supply your own. The controls it answers need a narrative until then.", Italic: true, Colour: &pdf.Amber}})
	}
	md, offset := dropTitle(doc.Markdown, doc.Title), level-1
	if err := d.Markdown(md, pdf.MarkdownOptions{HeadingOffset: offset, NoBookmarks: true, AnchorPrefix: anchor + "/", ResolveLink: r.resolver("")}); err != nil {
		return fmt.Errorf("document %s: %w", doc.ID, err)
	}
	return nil
}

// appliedPart prints, for one case study, what each procedure found and set
// up in that customer's deployment (Document.Applied), each linked to the
// procedure itself, which the "Standard operating procedures" part prints
// once. The procedures' titles stay out of these headings, so that each is
// one entry of the outline.
func (r *renderer) appliedPart(d *pdf.Document, cv *caseView) error {
	var docs []Document
	for _, doc := range r.in.CaseSOPs[cv.cs.ID] {
		if len(doc.Applied) > 0 {
			docs = append(docs, doc)
		}
	}
	if len(docs) == 0 {
		return nil
	}
	d.PageBreak()
	d.HeadingWithOptions(2, "Procedures as applied for "+cv.name, pdf.HeadingOptions{ID: cv.anchor + "/procedures"})
	d.SetRunningHeader(fmt.Sprintf("Case study %d — %s · procedures", cv.n, cv.name))
	d.Spans([]pdf.Span{{Text: "What each of " + r.cf.Partner.Name + "'s procedures found and set up in " + cv.name + "'s deployment. The procedures themselves are in "},
		{Text: "Standard operating procedures", Anchor: "sops"}, {Text: "."}})
	for _, doc := range docs {
		anchor := sopAnchor(cv.cs.ID, doc.ID)
		lead, level, rest := leadingHeading(doc.Applied)
		title := doc.ID + " as applied"
		if lead != "" && lead != doc.Title {
			title = doc.ID + " — " + lead
		}
		if lead == "" {
			level, rest = 1, doc.Applied
		}
		d.Spacer(2)
		d.HeadingWithOptions(3, title, pdf.HeadingOptions{ID: anchor})
		proc := pdf.Span{Text: doc.Title}
		if r.hasPartnerSOP(doc.ID) {
			proc.Anchor = sopAnchor("", doc.ID)
		}
		spans := []pdf.Span{{Text: "Procedure: ", Bold: true}, proc, {Text: " · answers "}}
		d.Spans(appendList(spans, ", ", doc.Controls, func(id string) pdf.Span {
			return pdf.Span{Text: id, Anchor: r.controlTarget(cv.cs.ID, id)}
		}))
		mo := pdf.MarkdownOptions{HeadingOffset: max(0, 3-level), NoBookmarks: true, AnchorPrefix: anchor + "/", ResolveLink: r.resolver(cv.cs.ID)}
		if err := d.Markdown(rest, mo); err != nil {
			return fmt.Errorf("document %s of %s: %w", doc.ID, cv.cs.ID, err)
		}
	}
	return nil
}

// hasPartnerSOP reports whether the partner-level part prints document id.
func (r *renderer) hasPartnerSOP(id string) bool {
	return slices.ContainsFunc(r.in.SOPs, func(doc Document) bool { return doc.ID == id })
}

// leadingHeading splits a leading ATX heading off md: its text, its level
// and the rest; "" when md does not start with a heading.
func leadingHeading(md []byte) (string, int, []byte) {
	text := strings.TrimLeft(string(md), "\n")
	line, rest, _ := strings.Cut(text, "\n")
	level := len(line) - len(strings.TrimLeft(line, "#"))
	if level == 0 || level > 6 || !strings.HasPrefix(line[level:], " ") {
		return "", 0, md
	}
	return strings.TrimSpace(strings.TrimRight(line[level:], "# ")), level, []byte(rest)
}

// dropTitle removes a leading level-1 heading that repeats the document's
// title, which its own heading already prints.
func dropTitle(md []byte, title string) []byte {
	if lead, level, rest := leadingHeading(md); level == 1 && lead == strings.TrimSpace(title) {
		return rest
	}
	return md
}

// sops prints the partner-level documents: the one place each is printed.
func (r *renderer) sops(d *pdf.Document) error {
	if len(r.in.SOPs) == 0 {
		return nil
	}
	d.HeadingWithOptions(1, "Standard operating procedures", pdf.HeadingOptions{ID: "sops"})
	d.Paragraph(r.cf.Partner.Name + "'s own procedures, policies and guidance, the same for every customer. Each control they answer links here; what each found and set up for a customer is in that case study's part, under \"Procedures as applied\".")
	for i, doc := range r.in.SOPs {
		if i > 0 {
			d.PageBreak()
		}
		if err := r.document(d, doc, 2); err != nil {
			return err
		}
	}
	d.PageBreak()
	return nil
}
