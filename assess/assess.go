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
	"strconv"

	"github.com/ecspack/ecspack/assess/catalog"
	"github.com/ecspack/ecspack/discover/inventory"
	"github.com/ecspack/ecspack/evidence"
)

// Outcome is the verdict of one finding.
type Outcome string

// Finding outcomes. Only Fail makes a control not met; Warn is shown to the
// partner as a risk a reviewer may raise; Info records evidence (what was found).
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
	// Regions is every account-region of the snapshot with its index.
	Regions []RegionView

	// gaps, failed and known are built on first use by unverified.
	gaps          gapIndex
	failed, known map[string]bool
}

// RegionView is one account-region of a case study's inventory.
type RegionView struct {
	Account string
	Region  *inventory.Region
	Index   *inventory.Index
}

// Check is one automated check of one control.
type Check struct {
	// ID is unique and stable: "<CONTROL>.<name>".
	ID      string
	Control string
	// Title says in a few words what is checked, for the package's legend.
	Title string
	Run   func(in *Input) []Finding
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
	// Ready is true when every control's overall status is done.
	Ready bool `json:"ready"`
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
	in := &Input{Casefile: cf, Case: cs, Snapshot: cs.Inventory}
	if cs.Inventory == nil {
		in.Snapshot = &inventory.Snapshot{SchemaVersion: inventory.SchemaVersion}
	}
	for ai := range in.Snapshot.Accounts {
		a := &in.Snapshot.Accounts[ai]
		for ri := range a.Regions {
			r := &a.Regions[ri]
			in.Regions = append(in.Regions, RegionView{Account: a.ID, Region: r, Index: inventory.NewIndex(r)})
		}
	}
	return in
}

// sortFindings orders findings fails first, then by check and resource, so
// outputs are stable and the worst news comes first.
func sortFindings(fs []Finding) {
	rank := map[Outcome]int{Fail: 0, Warn: 1, Pass: 2, Info: 3}
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(rank[a.Outcome], rank[b.Outcome]), cmp.Compare(a.Check, b.Check), cmp.Compare(a.Resource, b.Resource), cmp.Compare(a.Message, b.Message))
	})
}

// Evaluate assesses every control of the catalog for every case study.
func Evaluate(cf *evidence.Casefile, cat *catalog.Catalog) *Report {
	rep := &Report{Checklist: cat.Version}
	checks := Checks()
	conds := Conditions()
	inputs := make([]*Input, len(cf.CaseStudies))
	for i, cs := range cf.CaseStudies {
		inputs[i] = NewInput(cf, cs)
	}
	for i, cs := range cf.CaseStudies {
		in := inputs[i]
		cr := CaseResult{ID: cs.ID, Title: cs.Title}
		for _, c := range cat.Controls {
			if c.Scope != catalog.ScopeEveryCaseStudy && c.Scope != catalog.ScopeOneCaseStudy {
				continue
			}
			cr.Controls = append(cr.Controls, evaluateControl(c, in, cs.Answers[c.ID], checks, conds))
		}
		rep.CaseStudies = append(rep.CaseStudies, cr)
	}
	for _, c := range cat.Controls {
		if c.Scope == catalog.ScopePartner || c.Scope == catalog.ScopePackage {
			rep.Partner = append(rep.Partner, evaluatePartnerControl(c, cf, inputs, cf.Answers[c.ID], rep))
		}
	}
	rep.Overall = rollup(cat, rep)
	rep.Ready = true
	for _, o := range rep.Overall {
		if !o.Status.Done() {
			rep.Ready = false
		}
	}
	return rep
}

func evaluateControl(c catalog.Control, in *Input, ans *evidence.Answer, checks []Check, conds map[catalog.Condition]Condition) ControlResult {
	res := ControlResult{ID: c.ID, Answered: ans.Written(), Findings: []Finding{}}
	if c.Condition != catalog.ConditionNone {
		if cond, ok := conds[c.Condition]; ok {
			applies, reason := cond(in)
			if !applies {
				res.Status, res.Reason = NotApplicable, reason
				return res
			}
			res.Reason = reason
		}
	}
	for _, ch := range checks {
		if ch.Control == c.ID {
			res.Findings = append(res.Findings, ch.Run(in)...)
		}
	}
	res.Findings = unverified(in, res.Findings)
	res.Findings = append(res.Findings, contradictions(c.ID, in, ans)...)
	sortFindings(res.Findings)
	res.Status, res.Reason = combine(c, in, ans, res.Findings, res.Reason)
	return res
}

// combine turns findings and the answer into a status:
// any fail → not-met; a WAFR with no high risks → waived (common controls);
// no answer → needs-narrative; else met.
func combine(c catalog.Control, in *Input, ans *evidence.Answer, fs []Finding, condReason string) (Status, string) {
	fails := 0
	for _, f := range fs {
		if f.Outcome == Fail {
			fails++
		}
	}
	if fails > 0 {
		return NotMet, plural(fails, "automated check failed", "automated checks failed")
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

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
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
