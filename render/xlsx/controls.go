package xlsx

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ecspack/ecspack/assess"
	"github.com/ecspack/ecspack/catalog"
	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/internal/words"
)

// Columns of the control sheets (Prerequisites and one per case study).
const (
	ctlID = iota + 1
	ctlTitle
	ctlScope
	ctlRequirement
	ctlStatus
	ctlReason
	ctlAnswer
	ctlFindings
	ctlEvidence
	ctlNotes
)

// controlHeaderRow is the header row of the control sheets; rows 1 and 2
// carry the sheet's title and context.
const controlHeaderRow = 3

// maxListedFindings is how many fail/warn messages a control row quotes; the
// rest are on the Findings sheet.
const maxListedFindings = 3

// isCaseScope reports whether a control is judged per case study.
func isCaseScope(c catalog.Control) bool {
	return c.Scope == catalog.ScopeEveryCaseStudy || c.Scope == catalog.ScopeOneCaseStudy
}

// scopeText is the scope in words, with the condition when there is one.
func scopeText(c catalog.Control) string {
	s := strings.ReplaceAll(string(c.Scope), "-", " ")
	if c.Condition != catalog.ConditionNone {
		s += "; only if " + string(c.Condition)
	}
	return s
}

// requirementText is the catalog's summary of a control with the evidence
// the reviewer asks for.
func requirementText(c catalog.Control) string {
	var b strings.Builder
	b.WriteString(strings.TrimSpace(c.Requirement))
	if len(c.Evidence) > 0 {
		b.WriteString("\n\nEvidence asked:")
		for _, e := range c.EvidenceLines() {
			b.WriteString("\n• " + e)
		}
	}
	if len(c.CLIOutputs) > 0 {
		b.WriteString("\n\nCLI output to attach:")
		for _, e := range c.CLIOutputs {
			b.WriteString("\n• " + e)
		}
	}
	if c.WAFRWaivable {
		b.WriteString("\n\nWaived by a Well-Architected review with no high risks.")
	}
	return fitCell(b.String())
}

// answerText is the partner's answer as plain text.
func answerText(a *evidence.Answer) string {
	if a == nil {
		return ""
	}
	body := plainText(a.Text())
	if a.NotApplicable != "" {
		na := "Not applicable: " + a.NotApplicable
		if body != "" {
			return fitCell(na + "\n\n" + body)
		}
		return fitCell(na)
	}
	return body
}

// findingsText counts the findings by outcome and quotes the first few
// fails and warnings.
func findingsText(fs []assess.Finding) string {
	if len(fs) == 0 {
		return "no automated findings"
	}
	counts := assess.TallyFindings(fs)
	var b strings.Builder
	b.WriteString(counts.String())
	listed, bad := 0, counts[assess.Fail]+counts[assess.Warn]
	for _, f := range fs {
		if f.Outcome != assess.Fail && f.Outcome != assess.Warn {
			continue
		}
		if listed == maxListedFindings {
			break
		}
		listed++
		b.WriteString("\n• " + string(f.Outcome) + ": ")
		if f.Resource != "" {
			b.WriteString(f.Resource + ": ")
		}
		b.WriteString(f.Message)
	}
	if bad > listed {
		fmt.Fprintf(&b, "\n… %d more on the %s sheet", bad-listed, FindingsSheet)
	}
	for _, f := range fs {
		if a := f.Waiver; f.Outcome == assess.AcceptedRisk && a != nil {
			fmt.Fprintf(&b, "\n• accepted risk (%s, until %s): ", a.Approver, a.Expires)
			if f.Resource != "" {
				b.WriteString(f.Resource + ": ")
			}
			b.WriteString(f.Message + " — " + a.Reason)
		}
	}
	return fitCell(b.String())
}

// evidenceText lists what supports the answer: attachments, references and
// the API fields the automated checks read.
func evidenceText(a *evidence.Answer, fs []assess.Finding) string {
	var lines []string
	if a != nil {
		for _, at := range a.Attachments {
			lines = append(lines, "attachment: "+at)
		}
		for _, r := range a.References {
			lines = append(lines, "reference: "+r)
		}
	}
	var apis []string
	for _, f := range fs {
		if f.Evidence != "" && !slices.Contains(apis, f.Evidence) {
			apis = append(apis, f.Evidence)
		}
	}
	slices.Sort(apis)
	for _, e := range apis {
		lines = append(lines, "checked: "+e)
	}
	return fitCell(strings.Join(lines, "\n"))
}

// controlRowSource gives, for one control, the result and the answer shown
// on a control sheet.
type controlRowSource func(id string) (*assess.ControlResult, *evidence.Answer)

// controlSheet lays out a sheet of control rows with the status dropdown,
// status colours, filter and frozen header; rows records the row of each
// control.
func (wb *workbook) controlSheet(name, title, context string, controls []catalog.Control, src controlRowSource, rows map[string]int) *sheet {
	st := wb.st
	s := &sheet{
		name:       name,
		widths:     []float64{10, 24, 12, 40, 15, 24, 52, 36, 28, 19},
		freezeRows: controlHeaderRow, freezeCols: 1,
	}
	s.add(styled(st.title, title))
	s.add(styled(st.text, context))
	s.add(
		styled(st.header, "ID"), styled(st.header, "Title"), styled(st.header, "Scope"),
		styled(st.header, "Requirement (summary)"), styled(st.header, "Status"),
		styled(st.header, "Why this status"), styled(st.header, "Partner's answer"),
		styled(st.header, "Automated findings"), styled(st.header, "Evidence references"),
		styled(st.header, "Reviewer notes"),
	)
	for _, c := range controls {
		res, ans := src(c.ID)
		status, reason := "", "not assessed"
		var fs []assess.Finding
		if res != nil {
			status, reason, fs = string(res.Status), res.Reason, res.Findings
		}
		row := s.add(
			styled(st.bold, c.ID), styled(st.wrap, c.Title), styled(st.wrap, scopeText(c)),
			styled(st.wrap, requirementText(c)), styled(st.status, status),
			styled(st.wrap, reason), styled(st.wrap, answerText(ans)),
			styled(st.wrap, findingsText(fs)), styled(st.wrap, evidenceText(ans, fs)),
			styled(st.wrap, ""),
		)
		rows[c.ID] = row
	}
	last := len(s.rows)
	s.filter = cellName(ctlID, controlHeaderRow) + ":" + cellName(ctlNotes, max(last, controlHeaderRow+1))
	s.printTitles = [2]int{controlHeaderRow, controlHeaderRow}
	if last > controlHeaderRow {
		r := colRange(ctlStatus, controlHeaderRow+1, last)
		s.statusRanges = []string{r}
		s.dropdowns = []string{r}
	}
	s.links = append(s.links, link{cell: cellName(ctlNotes, 1), target: ref(SummarySheet, 1, 1), tooltip: "Back to the summary"})
	s.rows[0] = append(s.rows[0], nil, nil, nil, nil, nil, nil, nil, nil, styled(st.link, "← Summary"))
	return s
}

// caseSheet lays out the sheet of one case study: every control judged per
// case study, in catalog order.
func (wb *workbook) caseSheet(cr *assess.CaseResult) *sheet {
	cs := wb.caseStudy(cr.ID)
	title := "Case study " + cr.ID
	if cr.Title != "" {
		title += ": " + cr.Title
	}
	var ctx []string
	if cs != nil {
		if n := cs.Customer.Name; n != "" {
			ctx = append(ctx, "Customer: "+n)
		}
		if d := cs.ProductionDate.String(); d != "" {
			ctx = append(ctx, "in production since "+d)
		}
		if len(cs.Regions) > 0 {
			ctx = append(ctx, "regions: "+strings.Join(cs.Regions, ", "))
		}
		if cs.WAFR.Waives() {
			ctx = append(ctx, "a Well-Architected review with no high risks waives the common controls")
		}
	}
	ctx = append(ctx, "Status values: "+strings.Join(statusValues(), ", "))
	var controls []catalog.Control
	for _, c := range wb.in.Catalog.Controls {
		if isCaseScope(c) {
			controls = append(controls, c)
		}
	}
	rows := map[string]int{}
	wb.caseRow[cr.ID] = rows
	return wb.controlSheet(wb.caseSheets[cr.ID], title, strings.Join(ctx, " · "), controls,
		func(id string) (*assess.ControlResult, *evidence.Answer) {
			var ans *evidence.Answer
			if cs != nil {
				ans = cs.Answers[id]
			}
			return cr.Control(id), ans
		}, rows)
}

// prerequisitesSheet lays out the partner- and package-level controls.
func (wb *workbook) prerequisitesSheet() *sheet {
	var controls []catalog.Control
	for _, c := range wb.in.Catalog.Controls {
		if !isCaseScope(c) {
			controls = append(controls, c)
		}
	}
	ctx := "Judged once for the partner or across the whole package, not per case study."
	if cf := wb.in.Casefile; cf != nil && cf.Partner.ServicesPathStage != "" {
		ctx += " Services Path stage: " + cf.Partner.ServicesPathStage + "."
	}
	return wb.controlSheet(PrerequisitesSheet, "Prerequisites (partner and package level)", ctx, controls,
		func(id string) (*assess.ControlResult, *evidence.Answer) {
			var ans *evidence.Answer
			if wb.in.Casefile != nil {
				ans = wb.in.Casefile.Answers[id]
			}
			for i := range wb.in.Report.Partner {
				if wb.in.Report.Partner[i].ID == id {
					return &wb.in.Report.Partner[i], ans
				}
			}
			return nil, ans
		}, wb.prereqRow)
}

// Columns of the Summary matrix.
const (
	sumID = iota + 1
	sumTitle
	sumSection
	sumScope
	sumOverall
	sumFirstCase
)

// summaryHeaderRow is the matrix header row on Summary.
const summaryHeaderRow = 8

// summarySheet lays out the front sheet: the package facts, the control ×
// case study matrix and the counts per status.
func (wb *workbook) summarySheet() *sheet {
	st := wb.st
	in := wb.in
	lastCol := sumOverall + len(wb.caseOrder)
	widths := []float64{16, 44, 26, 18, 17}
	for range wb.caseOrder {
		widths = append(widths, 17)
	}
	s := &sheet{name: SummarySheet, widths: widths, freezeRows: summaryHeaderRow, freezeCols: 2}
	missing := in.Report.Missing()
	wb.summaryFacts(s, missing)
	s.add()
	header := []any{
		styled(st.header, "ID"), styled(st.header, "Title"), styled(st.header, "Section"),
		styled(st.header, "Scope"), styled(st.header, "Overall"),
	}
	for _, id := range wb.caseOrder {
		header = append(header, styled(st.header, id))
	}
	s.add(header...)
	for _, c := range in.Catalog.Controls {
		wb.summaryControlRow(s, c)
	}
	lastControl := len(s.rows)
	s.filter = cellName(sumID, summaryHeaderRow) + ":" + cellName(lastCol, max(lastControl, summaryHeaderRow+1))
	s.printTitles = [2]int{summaryHeaderRow, summaryHeaderRow}
	if lastControl > summaryHeaderRow {
		s.statusRanges = append(s.statusRanges, cellName(sumOverall, summaryHeaderRow+1)+":"+cellName(lastCol, lastControl))
	}
	wb.summaryStatusCounts(s, lastCol, lastControl)
	s.add()
	s.add(styled(st.note, "Statuses: "+strings.Join(statusValues(), ", ")+
		". Click a status to open the control's row; the case study sheets carry the answers, findings and evidence."))
	if !in.Report.Ready {
		s.add()
		s.add(styled(st.header, "DRAFT: missing"), styled(st.header, ""))
		for _, m := range missing {
			s.add(styled(st.text, "•"), styled(st.wrap, m))
		}
	}
	return s
}

// summaryFacts adds the Summary's title and package facts: partner,
// package, checklist, date and whether the package is ready (with how many
// items are missing when it is not).
func (wb *workbook) summaryFacts(s *sheet, missing []string) {
	st := wb.st
	in := wb.in
	date := in.Date
	if date.IsZero() && in.Casefile != nil {
		date = in.Casefile.Package.Date.Time
	}
	dateText := ""
	if !date.IsZero() {
		dateText = date.Format("2006-01-02")
	}
	ready := "yes"
	if !in.Report.Ready {
		ready = fmt.Sprintf("no: %s; %d %s missing, listed at the end of this sheet", assess.DraftMark, len(missing), words.Plural(len(missing), "item", "items"))
	}
	s.add(styled(st.title, "Amazon ECS Service Delivery: self-assessment"))
	s.add(styled(st.label, "Partner"), styled(st.text, wb.partnerName()))
	s.add(styled(st.label, "Package"), styled(st.text, wb.packageID()))
	s.add(styled(st.label, "Checklist"), styled(st.text, in.Catalog.Version+": "+in.Catalog.Title))
	s.add(styled(st.label, "Date"), styled(st.text, dateText))
	s.add(styled(st.label, "Ready"), styled(st.text, ready))
}

// summaryControlRow adds a control's row of the Summary matrix: its overall
// status and its status per case study, each linked to the row that
// explains it (a case study sheet, or Prerequisites for partner-level
// controls).
func (wb *workbook) summaryControlRow(s *sheet, c catalog.Control) {
	st := wb.st
	rep := wb.in.Report
	row := len(s.rows) + 1
	overall := ""
	if o := rep.OverallFor(c.ID); o != nil {
		overall = string(o.Status)
	}
	cells := []any{
		styled(st.bold, c.ID), styled(st.wrap, c.Title), styled(st.wrap, c.Section),
		styled(st.wrap, scopeText(c)), styled(st.status, overall),
	}
	if !isCaseScope(c) {
		for range wb.caseOrder {
			cells = append(cells, styled(st.muted, "partner level"))
		}
		if pr, ok := wb.prereqRow[c.ID]; ok {
			s.links = append(s.links,
				link{cell: cellName(sumID, row), target: ref(PrerequisitesSheet, ctlID, pr)},
				link{cell: cellName(sumOverall, row), target: ref(PrerequisitesSheet, ctlStatus, pr), tooltip: c.ID + " on " + PrerequisitesSheet})
		}
		s.add(cells...)
		return
	}
	for i, id := range wb.caseOrder {
		status := ""
		if r := rep.CaseStudies[i].Control(c.ID); r != nil {
			status = string(r.Status)
		}
		cells = append(cells, styled(st.status, status))
		if cr, ok := wb.caseRow[id][c.ID]; ok {
			col := sumFirstCase + i
			s.links = append(s.links, link{cell: cellName(col, row), target: ref(wb.caseSheets[id], ctlStatus, cr), tooltip: c.ID + " in " + id})
		}
	}
	if len(wb.caseOrder) > 0 {
		if cr, ok := wb.caseRow[wb.caseOrder[0]][c.ID]; ok {
			s.links = append(s.links, link{cell: cellName(sumID, row), target: ref(wb.caseSheets[wb.caseOrder[0]], ctlID, cr)})
		}
	}
	s.add(cells...)
}

// summaryStatusCounts adds the counts per status below the matrix: live
// COUNTIF formulas over it, with the values cached for readers that do not
// recalculate.
func (wb *workbook) summaryStatusCounts(s *sheet, lastCol, lastControl int) {
	st := wb.st
	in := wb.in
	s.add()
	countHeader := []any{styled(st.header, "Status counts"), styled(st.header, ""), styled(st.header, ""), styled(st.header, ""), styled(st.header, "Overall")}
	for _, id := range wb.caseOrder {
		countHeader = append(countHeader, styled(st.header, id))
	}
	s.add(countHeader...)
	first := len(s.rows) + 1
	for _, status := range statusValues() {
		cells := []any{styled(st.status, status), nil, nil, nil}
		for col := sumOverall; col <= lastCol; col++ {
			n := 0
			for _, c := range in.Catalog.Controls {
				if statusIn(in.Report, wb.caseOrder, c, col) == status {
					n++
				}
			}
			f := fmt.Sprintf(`COUNTIF(%s,"%s")`, colRange(col, summaryHeaderRow+1, max(lastControl, summaryHeaderRow+1)), status)
			cells = append(cells, formula(st.number, f, n))
		}
		s.add(cells...)
	}
	s.statusRanges = append(s.statusRanges, colRange(sumID, first, len(s.rows)))
}

// statusIn is the status the Summary matrix shows in column col for control
// c: the overall status, or a case study's status ("" for partner-level
// controls in case columns).
func statusIn(rep *assess.Report, cases []string, c catalog.Control, col int) string {
	if col == sumOverall {
		if o := rep.OverallFor(c.ID); o != nil {
			return string(o.Status)
		}
		return ""
	}
	i := col - sumFirstCase
	if !isCaseScope(c) || i < 0 || i >= len(cases) {
		return ""
	}
	if r := rep.CaseStudies[i].Control(c.ID); r != nil {
		return string(r.Status)
	}
	return ""
}
