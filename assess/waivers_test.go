package assess

import (
	"strings"
	"testing"
	"time"

	"github.com/ecspack/ecspack/catalog"
	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/evidence/placeholder"
)

// waiverCase is one case study whose web task definition runs a privileged
// container (ECS-011.privileged fails) with a writable root file system
// (ECS-011.read-only-root warns), answered, in a package dated 2026-10-30,
// with the given waivers.
func waiverCase(t *testing.T, ws ...evidence.Waiver) (*Report, *CaseResult) {
	t.Helper()
	cat, err := catalog.Load("2025-02")
	if err != nil {
		t.Fatal(err)
	}
	s := ecsClean()
	web := ecsTDOf(s, "web")
	web.Containers[0].Privileged = true
	web.Containers[0].ReadonlyRootFilesystem = false
	day, _ := time.Parse(time.DateOnly, "2026-10-30")
	cf := &evidence.Casefile{Dir: "/cf", Package: evidence.PackageInfo{Date: evidence.Date{Time: day}},
		Tagging: evidence.Tagging{Required: evidence.DefaultRequiredTags()}}
	cs := &evidence.CaseStudy{ID: "cs1", Dir: "/cf/case-studies/cs1", File: "/cf/case-studies/cs1/case.yaml", Inventory: s, Waivers: ws,
		Answers: map[string]*evidence.Answer{"ECS-011": coveringAnswer(t, "ECS-011", "Containers run unprivileged; GuardDuty Runtime Monitoring covers Fargate.")}}
	cf.CaseStudies = []*evidence.CaseStudy{cs}
	rep := Evaluate(cf, cat)
	return rep, &rep.CaseStudies[0]
}

// waiver is a waiver written on line 40 of cs1's case.yaml.
func waiver(check, resource, expires string) evidence.Waiver {
	d, _ := time.Parse(time.DateOnly, expires)
	return evidence.Waiver{Check: check, Resource: resource, Reason: "vendor agent needs it", Approver: "Jane Doe (CISO)",
		Expires: evidence.Date{Time: d}, File: "/cf/case-studies/cs1/case.yaml", Line: 40}
}

// outcomesOf lists the outcomes of a check's findings on resources
// containing res.
func outcomesOf(r *ControlResult, check, res string) []Outcome {
	var out []Outcome
	for _, f := range r.Findings {
		if f.Check == check && strings.Contains(f.Resource, res) {
			out = append(out, f.Outcome)
		}
	}
	return out
}

// waiverNotes are the findings about the waivers themselves.
func waiverNotes(r *ControlResult) []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if f.Check == WaiverCheck {
			out = append(out, f)
		}
	}
	return out
}

func TestWaiverAcceptsMatchingFindings(t *testing.T) {
	_, cr := waiverCase(t)
	if r := cr.Control("ECS-011"); r.Status != NotMet {
		t.Fatalf("without a waiver ECS-011 is %s, want not-met", r.Status)
	}
	_, cr = waiverCase(t, waiver("ECS-011.privileged", "arn:aws:ecs:*:111122223333:task-definition/web:*", "2026-12-31"),
		waiver("ECS-011.read-only-root", "*task-definition/web*", "2026-10-30"))
	r := cr.Control("ECS-011")
	if r.Status != Met {
		t.Errorf("with the fail accepted ECS-011 is %s (%s), want met", r.Status, r.Reason)
	}
	for check, was := range map[string]Outcome{"ECS-011.privileged": Fail, "ECS-011.read-only-root": Warn} {
		got := outcomesOf(r, check, "task-definition/web")
		if len(got) != 1 || got[0] != AcceptedRisk {
			t.Errorf("%s on web: outcomes %v, want [accepted-risk]", check, got)
			continue
		}
		for _, f := range r.Findings {
			if f.Check == check && f.Outcome == AcceptedRisk {
				a := f.Waiver
				if a == nil || a.Reason != "vendor agent needs it" || a.Approver != "Jane Doe (CISO)" || a.File != "case-studies/cs1/case.yaml" || a.Line != 40 || a.Outcome != was {
					t.Errorf("%s: accepted under %+v, want the waiver's reason, approver, case-studies/cs1/case.yaml:40 and the check's own %s", check, a, was)
				}
			}
		}
	}
	if n := waiverNotes(r); len(n) != 0 {
		t.Errorf("matched, current waivers are reported: %+v", n)
	}
	if got := outcomesOf(r, "ECS-011.privileged", "task-definition/api"); len(got) != 1 || got[0] != Pass {
		t.Errorf("a pass of another resource changed: %v", got)
	}
}

func TestWaiverThatDoesNotHoldIsAFinding(t *testing.T) {
	for _, tc := range []struct {
		name string
		w    evidence.Waiver
		msg  string
	}{
		{"expired", waiver("ECS-011.privileged", "*", "2026-10-29"), "expired on 2026-10-29, before the package date 2026-10-30"},
		{"other resource", waiver("ECS-011.privileged", "*task-definition/api:*", "2027-01-01"), "matches no fail or warn finding of ECS-011.privileged"},
		{"other check", waiver("ECS-011.capabilities", "*", "2027-01-01"), "matches no fail or warn finding of ECS-011.capabilities"},
		{"unknown check", waiver("ECS-011.no-such-check", "*", "2027-01-01"), "matches no fail or warn finding of ECS-011.no-such-check"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep, cr := waiverCase(t, tc.w)
			r := cr.Control("ECS-011")
			if r.Status != NotMet {
				t.Errorf("ECS-011 is %s, want not-met: the waiver does not hold", r.Status)
			}
			if got := outcomesOf(r, "ECS-011.privileged", "task-definition/web"); len(got) != 1 || got[0] != Fail {
				t.Errorf("privileged on web: %v, want [fail]", got)
			}
			n := waiverNotes(r)
			if len(n) != 1 || n[0].Outcome != Warn || !strings.Contains(n[0].Message, tc.msg) ||
				!strings.Contains(n[0].Message, "case-studies/cs1/case.yaml line 40") || n[0].Remediation == "" {
				t.Fatalf("waiver findings = %+v, want one warning naming case-studies/cs1/case.yaml line 40 and %q", n, tc.msg)
			}
			if rep.Ready {
				t.Error("package ready with a failing control")
			}
		})
	}
}

// TestWaiverOnControlNotApplicable: a waiver of a control whose condition
// does not hold matches nothing and says so where the control is shown.
func TestWaiverOnControlNotApplicable(t *testing.T) {
	_, cr := waiverCase(t, waiver("ECS-014.external-instances", "*", "2027-01-01"))
	r := cr.Control("ECS-014")
	if r.Status != NotApplicable {
		t.Fatalf("ECS-014 is %s, want not-applicable", r.Status)
	}
	if n := waiverNotes(r); len(n) != 1 || !strings.Contains(n[0].Message, "matches no fail or warn finding") {
		t.Errorf("waiver findings = %+v", n)
	}
}

// TestWaiverNeverTouchesPassesOrInfo: only fail and warn findings are risks
// to accept; the rest keep their outcome even when the pattern matches.
func TestWaiverNeverTouchesPassesOrInfo(t *testing.T) {
	s := ecsClean()
	in := ecsInput(s)
	in.Case.Waivers = []evidence.Waiver{waiver("ECS-011.privileged", "*", "2030-01-01")}
	fs := []Finding{{Check: "ECS-011.privileged", Outcome: Pass, Resource: "x"}, {Check: "ECS-011.privileged", Outcome: Info, Resource: "y"}}
	got := acceptRisks(in, fs)
	if got[0].Outcome != Pass || got[1].Outcome != Info || got[0].Waiver != nil || got[1].Waiver != nil {
		t.Errorf("passes or info changed: %+v", got)
	}
}

// TestWaiverPlaceholderKeepsItsControlOpen: a placeholder left in a
// waiver's reason counts against the control of the check it waives (the
// reviewer reads the reason beside that control's findings), not 2.1.
func TestWaiverPlaceholderKeepsItsControlOpen(t *testing.T) {
	cat, err := catalog.Load("2025-02")
	if err != nil {
		t.Fatal(err)
	}
	w := waiver("ECS-011.privileged", "*", "2030-01-01")
	w.Reason = "TODO"
	cs := &evidence.CaseStudy{ID: "cs1", File: "/cf/case-studies/cs1/case.yaml", Inventory: ecsClean(), Waivers: []evidence.Waiver{w},
		Answers:      map[string]*evidence.Answer{"ECS-011": coveringAnswer(t, "ECS-011", "Containers run unprivileged.")},
		Placeholders: []evidence.TextPlaceholder{{File: "/cf/case-studies/cs1/case.yaml", Line: 43, Key: "waivers[0].reason", Hit: placeholder.FindPlain("TODO")[0]}}}
	cf := &evidence.Casefile{Dir: "/cf", CaseStudies: []*evidence.CaseStudy{cs}, Tagging: evidence.Tagging{Required: evidence.DefaultRequiredTags()}}
	rep := Evaluate(cf, cat)
	if r := rep.CaseStudies[0].Control("ECS-011"); r.Status != NeedsNarrative {
		t.Errorf("ECS-011 is %s (%s), want needs-narrative for the placeholder in its waiver", r.Status, r.Reason)
	}
	for _, r := range rep.Partner {
		for _, f := range r.Findings {
			if strings.Contains(f.Message+f.Evidence, "waivers[0]") {
				t.Errorf("%s carries the waiver's placeholder: %+v", r.ID, f)
			}
		}
	}
}
