package assess

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/ecspack/ecspack/evidence"
)

// AcceptedRisk is the outcome of a fail or warn finding a current waiver of
// case.yaml covers: the partner accepted the risk, with a reason and an
// approver the package prints beside it, so it no longer decides the
// control's status.
const AcceptedRisk Outcome = "accepted-risk"

// WaiverCheck is the check id of the findings about waivers themselves: one
// that has expired or matches no finding is reported, never silently kept.
const WaiverCheck = "waiver"

// Acceptance is the waiver a finding was accepted under.
type Acceptance struct {
	// Outcome is what the check found: fail or warn.
	Outcome  Outcome `json:"outcome"`
	Reason   string  `json:"reason"`
	Approver string  `json:"approver"`
	// Expires is the waiver's last day, YYYY-MM-DD.
	Expires string `json:"expires"`
	// File (relative to the casefile, '/'-separated) and Line locate the waiver.
	File string `json:"file"`
	Line int    `json:"line"`
}

// Summary is the acceptance in one line, as every output prints it: what
// the check found, who accepted it until when, why, and where it is written.
func (a *Acceptance) Summary() string {
	return fmt.Sprintf("was %s; accepted by %s until %s: %s (%s line %d)", a.Outcome, a.Approver, a.Expires, a.Reason, a.File, a.Line)
}

// acceptRisks turns each fail or warn finding that a current waiver of the
// case study covers (its check, a resource its pattern matches) into an
// accepted risk, and counts the match so waiverFindings can report the
// waivers that matched nothing.
func acceptRisks(in *Input, fs []Finding) []Finding {
	if in.Case == nil || len(in.Case.Waivers) == 0 {
		return fs
	}
	if in.waiverHits == nil {
		in.waiverHits = make([]int, len(in.Case.Waivers))
	}
	for i := range fs {
		f := &fs[i]
		if f.Outcome != Fail && f.Outcome != Warn {
			continue
		}
		for wi, w := range in.Case.Waivers {
			if w.Check != f.Check || !w.Matches(f.Resource) || w.Expired(in.Casefile.Package.Date) {
				continue
			}
			in.waiverHits[wi]++
			f.Waiver = &Acceptance{Outcome: f.Outcome, Reason: w.Reason, Approver: w.Approver,
				Expires: w.Expires.Format(time.DateOnly), File: waiverFile(in, w), Line: w.Line}
			f.Outcome = AcceptedRisk
			break
		}
	}
	return fs
}

// waiverFindings adds to each control of cr a warning for every waiver of
// its checks that has expired or matched no fail or warn finding: the
// acceptance a partner wrote must either hold or be seen not to.
func waiverFindings(in *Input, cr *CaseResult) {
	if in.Case == nil {
		return
	}
	for wi, w := range in.Case.Waivers {
		r := cr.Control(Check{ID: w.Check}.Control())
		if r == nil {
			continue // the edition has no such control: evidence refuses it
		}
		where := fmt.Sprintf("the waiver at %s line %d (%s on %q, approved by %s)", waiverFile(in, w), w.Line, w.Check, w.Resource, w.Approver)
		var f Finding
		switch {
		case w.Expired(in.Casefile.Package.Date):
			f = Finding{Message: fmt.Sprintf("%s expired on %s, before the package date %s: the findings it accepted count again",
				where, w.Expires.Format(time.DateOnly), in.Casefile.Package.Date.Format(time.DateOnly)),
				Remediation: "fix the findings and remove the waiver, or have the risk accepted again with a new expiry"}
		case in.waiverHits == nil || in.waiverHits[wi] == 0:
			f = Finding{Message: fmt.Sprintf("%s matches no fail or warn finding of %s in case study %s", where, w.Check, cr.ID),
				Remediation: "remove the waiver, or correct its check id or resource pattern (`ecspack check --format json` lists each finding's check and resource)"}
		default:
			continue
		}
		f.Check, f.Outcome, f.Resource, f.Evidence = WaiverCheck, Warn, w.Resource, "case.yaml waivers"
		r.Findings = append(r.Findings, f)
		sortFindings(r.Findings)
	}
}

// waiverOfKey returns the waiver a case.yaml setting path such as
// "waivers[2].reason" belongs to.
func waiverOfKey(cs *evidence.CaseStudy, key string) (evidence.Waiver, bool) {
	rest, ok := strings.CutPrefix(key, "waivers[")
	if !ok {
		return evidence.Waiver{}, false
	}
	n, _, _ := strings.Cut(rest, "]")
	i, err := strconv.Atoi(n)
	if err != nil || i < 0 || i >= len(cs.Waivers) {
		return evidence.Waiver{}, false
	}
	return cs.Waivers[i], true
}

// waiverFile is the waiver's file relative to the casefile, as a reviewer
// finds it in the package's casefile, the same on every machine.
func waiverFile(in *Input, w evidence.Waiver) string {
	if rel, err := filepath.Rel(in.Casefile.Dir, w.File); err == nil && filepath.IsLocal(rel) {
		return filepath.ToSlash(rel)
	}
	// Outside the casefile (a redacted path): never print a machine's
	// absolute path.
	return filepath.Base(w.File)
}
