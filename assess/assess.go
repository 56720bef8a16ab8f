// Package assess judges a casefile against the control catalog: it runs the
// automated checks on each case study's inventory, decides which conditional
// controls apply, and combines the findings with the partner's written answers
// into one status per control and case study.
//
// Checks live one file per control family (ecs_*.go, common_*.go,
// prerequisites.go) and register themselves in Checks; each is a pure function
// of its Input, so it is table-tested with small inventory fragments.
package assess

import (
	"cmp"
	"slices"

	"github.com/ecspack/ecspack/catalog"
	"github.com/ecspack/ecspack/catalog/peers"
	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/internal/words"
	"github.com/ecspack/ecspack/inventory"
)

// Outcome is the verdict of one finding.
type Outcome string

// Finding outcomes. Only Fail makes a control not met; Warn is shown to the
// partner as a risk a reviewer may raise; Info records evidence (what was
// found); AcceptedRisk (waivers.go) is a fail or warn the partner accepted.
const (
	Pass Outcome = "pass"
	Fail Outcome = "fail"
	Warn Outcome = "warn"
	Info Outcome = "info"
)

// Finding is one observation a check made about one resource.
type Finding struct {
	// Check is the stable id of the check that made it, e.g. "ECS-011.privileged".
	Check   string  `json:"check"`
	Outcome Outcome `json:"outcome"`
	// Resource is the ARN or name of the resource concerned ("" for estate-wide findings).
	Resource string `json:"resource"`
	Message  string `json:"message"`
	// Evidence is the API and field the finding rests on, e.g.
	// "ecs:DescribeTaskDefinition containerDefinitions[].privileged".
	Evidence string `json:"evidence,omitempty"`
	// Remediation says how to fix a fail or warn.
	Remediation string `json:"remediation,omitempty"`
	// Waiver is the partner's acceptance of the risk when Outcome is
	// AcceptedRisk: what the check found, the reason and the approver.
	Waiver *Acceptance `json:"waiver,omitempty"`
	// SecurityHub and Prowler are the peer scanners' names for what the
	// check judges (Security Hub CSPM control ids, prowler check names, from
	// catalog/peers), so a customer or reviewer recognises the verdict.
	SecurityHub []string `json:"securityhub,omitempty"`
	Prowler     []string `json:"prowler,omitempty"`

	// parts are the passes an aggregated pass stands for, and summary its
	// message's start, so that passes about resources not fully collected
	// can be taken out of it (see unverified).
	parts   []Finding
	summary string
}

// Status is the state of one control for one case study (or overall).
type Status string

// Control statuses, as the checklist's reviewers would read them.
const (
	Met            Status = "met"
	NotMet         Status = "not-met"
	NeedsNarrative Status = "needs-narrative"
	NotApplicable  Status = "not-applicable"
	Waived         Status = "waived"
)

// Statuses lists every status, in the order a readiness table shows them.
func Statuses() []Status { return []Status{NotMet, NeedsNarrative, Met, Waived, NotApplicable} }

// Done reports whether the status satisfies the checklist.
func (s Status) Done() bool { return s == Met || s == Waived || s == NotApplicable }

// Input is what a check sees: one case study with its merged inventory, the
// casefile it belongs to, and a per-region index for lookups.
type Input struct {
	Casefile *evidence.Casefile
	Case     *evidence.CaseStudy
	Snapshot *inventory.Snapshot
	// Estate is the view of the snapshot that checks ask about services,
	// capacity, tasks and their relations instead of re-deriving them.
	Estate *estate.Estate
	// Regions is every account-region of the snapshot with its index, in
	// the order of Estate.Regions.
	Regions []RegionView

	// gaps, failed and known are built on first use by unverified.
	gaps          gapIndex
	failed, known map[string]bool
	// waiverHits counts the findings each of Case.Waivers accepted.
	waiverHits []int
	// peers is the references table imported peer findings are attached by.
	peers *peers.Table
}

// RegionView is one account-region of a case study's inventory.
type RegionView struct {
	Account string
	Region  *inventory.Region
	Index   *inventory.Index
	// View is the region's estate view.
	View *estate.Region
}

// Check is one automated check of one control. Its id is the only place its
// control is named: the control is what comes before the last dot, and the
// runner stamps the id on every finding, so check bodies never retype it.
type Check struct {
	// ID is unique and stable: "<CONTROL>.<name>", e.g. "ECS-011.privileged".
	ID string
	// Run judges one case study. Its findings leave Check empty; run fills it.
	Run func(in *Input) []Finding
	// Judges says in one sentence what the check judges, as README's list
	// of automated checks (generated from the registry) and the reviewer
	// PDF's legend of checks print it.
	Judges string
}

// Condition decides whether a conditional control applies to a case study,
// with a reason a reviewer can read either way.
type Condition func(in *Input) (applies bool, reason string)

// ControlResult is the assessment of one control for one case study.
type ControlResult struct {
	ID     string `json:"id"`
	Status Status `json:"status"`
	// Reason explains the status in one sentence.
	Reason   string    `json:"reason,omitempty"`
	Findings []Finding `json:"findings"`
	// Answered is true when the partner wrote an answer.
	Answered bool `json:"answered"`
	// Items are the control's evidence items, each with whether and where
	// it is answered; empty when the control does not apply.
	Items []ItemResult `json:"items,omitempty"`
}

// Counts tallies findings by outcome.
func (r ControlResult) Counts() map[Outcome]int {
	m := map[Outcome]int{}
	for _, f := range r.Findings {
		m[f.Outcome]++
	}
	return m
}

// CaseResult is the assessment of one case study.
type CaseResult struct {
	ID       string          `json:"id"`
	Title    string          `json:"title"`
	Controls []ControlResult `json:"controls"`
}

// Control returns the result for a control id.
func (c *CaseResult) Control(id string) *ControlResult {
	for i := range c.Controls {
		if c.Controls[i].ID == id {
			return &c.Controls[i]
		}
	}
	return nil
}

// Overall is a control's status across the package, following its scope:
// ECS controls must be done in every case study, common controls in at least one.
type Overall struct {
	ID     string `json:"id"`
	Status Status `json:"status"`
	// SatisfiedBy lists the case studies whose result satisfies the control.
	SatisfiedBy []string `json:"satisfied_by,omitempty"`
	Reason      string   `json:"reason,omitempty"`
}

// Report is the whole assessment.
type Report struct {
	Checklist string `json:"checklist"`
	// Partner holds the partner- and package-scope controls (prerequisites 1.1, 1.2, 2.1, 3.1).
	Partner     []ControlResult `json:"partner"`
	CaseStudies []CaseResult    `json:"case_studies"`
	Overall     []Overall       `json:"overall"`
	// Gaps are package-level problems no single control carries, such as a
	// checklist edition AWS no longer accepts.
	Gaps []Gap `json:"gaps,omitempty"`
	// Notes are what the partner should know about the edition in use but
	// does not block readiness: controls ecspack has no checks for (judged on
	// the narrative only) and answers to controls the edition no longer has.
	Notes []string `json:"notes,omitempty"`
	// Ready is true when every control's overall status is done and there
	// is no gap.
	Ready bool `json:"ready"`
}

// Gap is a package-level problem that keeps the package from being ready.
type Gap struct {
	// Check is a stable id, e.g. "edition.expired".
	Check       string `json:"check"`
	Message     string `json:"message"`
	Remediation string `json:"remediation,omitempty"`
}

// Options are the optional inputs of EvaluateWith.
type Options struct {
	// Documents are findings about the documents the package makes from the
	// casefile (SOPs, runbooks), by case study id and then control id: a
	// placeholder a template printed counts against the control it serves.
	Documents map[string]map[string][]Finding
	// Estates are the case studies' estate views, by case study id, when the
	// caller built them (the pipeline builds each once and shares it with
	// every stage); a case study without one gets a view of its inventory.
	Estates estate.ByCase
}

// OverallFor returns the overall result for a control id.
func (r *Report) OverallFor(id string) *Overall {
	for i := range r.Overall {
		if r.Overall[i].ID == id {
			return &r.Overall[i]
		}
	}
	return nil
}

// NewInput prepares the view of one case study that checks run on.
func NewInput(cf *evidence.Casefile, cs *evidence.CaseStudy) *Input {
	return newInput(cf, cs, nil)
}

// newInput is NewInput over the estate view the caller built for the case
// study, if any.
func newInput(cf *evidence.Casefile, cs *evidence.CaseStudy, views estate.ByCase) *Input {
	in := &Input{Casefile: cf, Case: cs, Snapshot: cs.Inventory}
	if cs.Inventory == nil {
		in.Snapshot = &inventory.Snapshot{SchemaVersion: inventory.SchemaVersion}
	}
	in.Estate = views.For(cs.ID, in.Snapshot)
	for _, r := range in.Estate.Regions {
		in.Regions = append(in.Regions, RegionView{Account: r.AccountID(), Region: r.Region, Index: r.Index, View: r})
	}
	return in
}

// sortFindings orders findings fails first, then by check and resource, so
// outputs are stable and the worst news comes first.
func sortFindings(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.Outcome.Rank(), b.Outcome.Rank()), cmp.Compare(a.Check, b.Check), cmp.Compare(a.Resource, b.Resource), cmp.Compare(a.Message, b.Message))
	})
}

// Evaluate assesses every control of the catalog for every case study.
func Evaluate(cf *evidence.Casefile, cat *catalog.Catalog) *Report {
	return EvaluateWith(cf, cat, Options{})
}

// EvaluateWith is Evaluate with the findings of the documents made from the
// casefile, which only the caller that renders them can supply.
func EvaluateWith(cf *evidence.Casefile, cat *catalog.Catalog, opts Options) *Report {
	rep := &Report{Checklist: cat.Version}
	text := routeTextPlaceholders(cf, cat, rep)
	checks := Checks()
	conds := Conditions()
	tab, tabErr := peers.Load()
	inputs := make([]*Input, len(cf.CaseStudies))
	for i, cs := range cf.CaseStudies {
		inputs[i] = newInput(cf, cs, opts.Estates)
		inputs[i].peers = tab
	}
	for i, cs := range cf.CaseStudies {
		in := inputs[i]
		cr := CaseResult{ID: cs.ID, Title: cs.Title}
		for _, c := range cat.Controls {
			if c.Scope != catalog.ScopeEveryCaseStudy && c.Scope != catalog.ScopeOneCaseStudy {
				continue
			}
			extra := append(answerPlaceholders(c.ID, cf, cs.Answers[c.ID]), text[cs.ID][c.ID]...)
			extra = append(extra, opts.Documents[cs.ID][c.ID]...)
			cr.Controls = append(cr.Controls, evaluateControl(c, in, cs.Answers[c.ID], checks, conds, extra))
		}
		waiverFindings(in, &cr)
		rep.CaseStudies = append(rep.CaseStudies, cr)
	}
	for _, c := range cat.Controls {
		if c.Scope == catalog.ScopePartner || c.Scope == catalog.ScopePackage {
			extra := append(answerPlaceholders(c.ID, cf, cf.Answers[c.ID]), text[""][c.ID]...)
			rep.Partner = append(rep.Partner, evaluatePartnerControl(c, cf, inputs, cf.Answers[c.ID], rep, extra))
		}
	}
	rep.Overall = rollup(cat, rep)
	rep.Notes = editionNotes(cf, cat)
	if tabErr != nil {
		rep.Notes = append(rep.Notes, "Security Hub and prowler references are missing from the findings, and imported findings are not shown: "+tabErr.Error())
	} else {
		referencePeers(rep, tab)
	}
	if g, ok := editionGap(cat, cf.Package.Date.Time); ok {
		rep.Gaps = append(rep.Gaps, g)
	}
	rep.Ready = len(rep.Gaps) == 0
	for _, o := range rep.Overall {
		if !o.Status.Done() {
			rep.Ready = false
		}
	}
	return rep
}

func evaluateControl(c catalog.Control, in *Input, ans *evidence.Answer, checks []Check, conds map[catalog.Condition]Condition, extra []Finding) ControlResult {
	res := ControlResult{ID: c.ID, Answered: ans.Written(), Findings: []Finding{}}
	if c.Condition != catalog.ConditionNone {
		if cond, ok := conds[c.Condition]; ok {
			applies, reason := cond(in)
			if !applies {
				res.Status, res.Reason = NotApplicable, reason
				if ans.Written() {
					// The package prints a written answer even here, so a
					// placeholder in it still keeps the control open.
					if fs := answerPlaceholders(c.ID, in.Casefile, ans); len(fs) > 0 {
						res.Findings = fs
						res.Status, res.Reason = NeedsNarrative, placeholderStatus(fs)
					}
				}
				return res
			}
			res.Reason = reason
		}
	}
	for _, ch := range checks {
		if ch.Control() == c.ID {
			res.Findings = append(res.Findings, ch.run(in)...)
		}
	}
	res.Findings = acceptRisks(in, unverified(in, res.Findings))
	res.Findings = append(res.Findings, peerFindings(c.ID, in, res.Findings, in.peers)...)
	res.Findings = append(res.Findings, contradictions(c.ID, in, ans)...)
	res.Findings = append(res.Findings, extra...)
	sortFindings(res.Findings)
	res.Items = itemCoverage(c, in, ans)
	res.Status, res.Reason = combine(c, in, ans, res.Findings, res.Reason)
	if open := uncovered(res.Items); res.Status == Met && len(open) > 0 {
		// Every item the checklist asks for must be answered, not just
		// the control: a reviewer grades the list item by item.
		res.Status, res.Reason = NeedsNarrative, uncoveredReason(open)
	}
	return res
}

// combine turns findings and the answer into a status:
// any fail → not-met; a WAFR with no high risks → waived (common controls);
// no answer → needs-narrative; else met. evaluateControl then turns met
// into needs-narrative while an evidence item is not answered.
func combine(c catalog.Control, in *Input, ans *evidence.Answer, fs []Finding, condReason string) (Status, string) {
	fails := 0
	for _, f := range fs {
		if f.Outcome == Fail {
			fails++
		}
	}
	if fails > 0 {
		return NotMet, words.Count(fails, "automated check failed", "automated checks failed")
	}
	if why := placeholderStatus(fs); why != "" {
		return NeedsNarrative, why
	}
	if c.WAFRWaivable && in.Case != nil && in.Case.WAFR.Waives() {
		return Waived, "a Well-Architected review with no high risks in Security, Reliability and Operational Excellence covers it"
	}
	if !ans.Written() {
		return NeedsNarrative, "no written answer yet"
	}
	if ans.NotApplicable != "" {
		return NotApplicable, "the partner states: " + ans.NotApplicable
	}
	if condReason != "" {
		return Met, condReason
	}
	return Met, "answered, and no automated check failed"
}

// rollup derives each control's overall status from its scope.
func rollup(cat *catalog.Catalog, rep *Report) []Overall {
	var out []Overall
	for _, c := range cat.Controls {
		o := Overall{ID: c.ID}
		switch c.Scope {
		case catalog.ScopePartner, catalog.ScopePackage:
			for _, p := range rep.Partner {
				if p.ID == c.ID {
					o.Status, o.Reason = p.Status, p.Reason
				}
			}
		case catalog.ScopeEveryCaseStudy:
			o.Status = Met
			worst := -1
			allNA := len(rep.CaseStudies) > 0
			for _, cr := range rep.CaseStudies {
				r := cr.Control(c.ID)
				if r == nil {
					continue
				}
				if r.Status.Done() {
					o.SatisfiedBy = append(o.SatisfiedBy, cr.ID)
				}
				if r.Status != NotApplicable {
					allNA = false
				}
				if rk := statusRank(r.Status); rk > worst {
					worst = rk
					o.Status = r.Status
				}
			}
			if allNA {
				o.Status = NotApplicable
			} else if o.Status == NotApplicable || o.Status == Waived {
				o.Status = Met
			}
			if len(rep.CaseStudies) == 0 {
				o.Status, o.Reason = NeedsNarrative, "no case study"
			} else if o.Status.Done() {
				o.Reason = "done in every case study"
			} else {
				o.Reason = "must be met in every case study"
			}
		case catalog.ScopeOneCaseStudy:
			best := 99
			o.Status = NeedsNarrative
			for _, cr := range rep.CaseStudies {
				r := cr.Control(c.ID)
				if r == nil {
					continue
				}
				if r.Status.Done() {
					o.SatisfiedBy = append(o.SatisfiedBy, cr.ID)
				}
				if rk := bestRank(r.Status); rk < best {
					best = rk
					o.Status = r.Status
				}
			}
			if o.Status.Done() {
				o.Reason = "satisfied by at least one case study"
			} else {
				o.Reason = "must be met in at least one case study"
			}
			for _, cr := range rep.CaseStudies {
				if r := cr.Control(c.ID); r != nil && o.Status.Done() {
					if why := placeholderStatus(r.Findings); why != "" {
						// The package prints every case study's evidence, so a
						// placeholder in any of them is seen by the reviewer.
						o.Status, o.Reason = NeedsNarrative, "case study "+cr.ID+": "+why
					}
				}
			}
		}
		out = append(out, o)
	}
	return out
}

// statusRank orders statuses from best to worst for "every case study" roll-ups.
func statusRank(s Status) int {
	switch s {
	case NotApplicable:
		return 0
	case Waived:
		return 1
	case Met:
		return 2
	case NeedsNarrative:
		return 3
	default:
		return 4
	}
}

// bestRank orders statuses for "at least one case study" roll-ups.
func bestRank(s Status) int {
	switch s {
	case Met:
		return 0
	case Waived:
		return 1
	case NotApplicable:
		return 2
	case NeedsNarrative:
		return 3
	default:
		return 4
	}
}

// Missing lists, one line each, what keeps the package from being ready: the
// package-level gaps, then every control whose overall status is not done,
// with its status and reason. It is empty when the package is ready; the
// documents print it on their cover and summary so a draft says why.
func (r *Report) Missing() []string {
	var out []string
	for _, g := range r.Gaps {
		out = append(out, g.Message)
	}
	for _, o := range r.Overall {
		if o.Status.Done() {
			continue
		}
		line := o.ID + ": " + string(o.Status)
		if why := r.firstReason(o); why != "" {
			line += " — " + why
		}
		out = append(out, line)
	}
	return out
}

// firstReason is the most specific reason for an open control: the reason of
// the first case study (or the partner result) where it is not done.
func (r *Report) firstReason(o Overall) string {
	for _, p := range r.Partner {
		if p.ID == o.ID && !p.Status.Done() {
			return p.Reason
		}
	}
	for _, cr := range r.CaseStudies {
		if res := cr.Control(o.ID); res != nil && !res.Status.Done() && res.Status == o.Status {
			return cr.ID + ": " + res.Reason
		}
	}
	return o.Reason
}

// DraftMark is the tag every page of a not-ready package's documents carries.
const DraftMark = "DRAFT — not ready for submission (ecspack check exits 1)"

// referencePeers gives every finding of the report the Security Hub control
// ids and prowler check names of its check (catalog/peers).
func referencePeers(rep *Report, tab *peers.Table) {
	stampAll := func(crs []ControlResult) {
		for i := range crs {
			for j := range crs[i].Findings {
				f := &crs[i].Findings[j]
				f.SecurityHub, f.Prowler = tab.For(f.Check)
			}
		}
	}
	stampAll(rep.Partner)
	for i := range rep.CaseStudies {
		stampAll(rep.CaseStudies[i].Controls)
	}
}
