package evidence_test

import (
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ecspack/ecspack/evidence"
)

// knownChecks stands for the assessment's registry, which evidence cannot
// import: the CLI passes assess's check ids the same way.
var knownChecks = []string{"ECS-011.privileged", "ECS-011.runtime-protection", "NETSEC-001.open-ingress"}

// waiverYAML is one valid waiver appended to the minimal case.yaml (whose
// last line is 9): waivers: is line 10, its item (check:) line 11, then
// resource 12, reason 13, approver 14, expires 15.
const waiverYAML = `waivers:
  - check: ECS-011.privileged
    resource: "arn:aws:ecs:*:111122223333:task-definition/agent:*"
    reason: The monitoring agent needs the host's PID namespace; vendor-supported.
    approver: Jane Doe (CISO)
    expires: 2026-12-31
`

// TestWaiversLoad reads a valid waiver with the line it is on, so findings
// about it can name case.yaml and the line.
func TestWaiversLoad(t *testing.T) {
	dir := copyMinimal(t)
	appendTo(t, dir, "cs-a/case.yaml", waiverYAML)
	cf, _, err := evidence.LoadWith(dir, evidence.LoadOptions{Checks: knownChecks})
	if err != nil {
		t.Fatal(err)
	}
	ws := cf.CaseStudies[0].Waivers
	if len(ws) != 1 {
		t.Fatalf("waivers = %d, want 1", len(ws))
	}
	w := ws[0]
	if w.Check != "ECS-011.privileged" || w.Approver != "Jane Doe (CISO)" || !strings.HasPrefix(w.Reason, "The monitoring agent") ||
		w.Expires.Format(time.DateOnly) != "2026-12-31" || w.Resource != "arn:aws:ecs:*:111122223333:task-definition/agent:*" {
		t.Errorf("waiver = %+v", w)
	}
	if w.File != filepath.Join(dir, "cs-a", "case.yaml") || w.Line != 11 {
		t.Errorf("waiver at %s:%d, want cs-a/case.yaml:11", w.File, w.Line)
	}
}

// TestWaiverErrors breaks a waiver one way at a time: each problem names
// case.yaml, the line and what was expected.
func TestWaiverErrors(t *testing.T) {
	tests := []struct {
		name, old, new string
		line           int
		msg            string
	}{
		{"no check", "  - check: ECS-011.privileged\n    resource", "  - resource", 11, "waivers[0].check is missing: expected the id of the check whose findings it accepts"},
		{"check of no control", "ECS-011.privileged", "ECS-099.privileged", 11, `waivers[0].check "ECS-099.privileged": ECS-099 is not a control of checklist 2025-02`},
		{"check ecspack does not have", "ECS-011.privileged", "ECS-011.privilege", 11, `waivers[0].check "ECS-011.privilege" is not one of ecspack's checks: expected one of ECS-011.privileged, ECS-011.runtime-protection`},
		{"control without checks", "ECS-011.privileged", "ECS-003.anything", 11, `waivers[0].check "ECS-003.anything" is not one of ecspack's checks: ecspack has no automated check for ECS-003`},
		{"partner-level control", "ECS-011.privileged", "2.1.count", 11, `waivers[0].check "2.1.count": 2.1 is judged once for the partner, not per case study`},
		{"check without a name", "ECS-011.privileged", "ECS-011", 11, `waivers[0].check "ECS-011": expected <CONTROL>.<check>, e.g. ECS-011.privileged`},
		{"no resource", "    resource: \"arn:aws:ecs:*:111122223333:task-definition/agent:*\"\n", "", 11, "waivers[0].resource is missing: expected a pattern of the resources it accepts"},
		{"no reason", "    reason: The monitoring agent needs the host's PID namespace; vendor-supported.\n", "", 11, "waivers[0].reason is missing: expected why the risk is accepted"},
		{"blank reason", "reason: The monitoring agent needs the host's PID namespace; vendor-supported.", `reason: " "`, 13, "waivers[0].reason is missing"},
		{"no approver", "    approver: Jane Doe (CISO)\n", "", 11, "waivers[0].approver is missing: expected who accepted the risk"},
		{"no expiry", "    expires: 2026-12-31\n", "", 11, "waivers[0].expires is missing: expected the date the acceptance ends, YYYY-MM-DD"},
		{"bad expiry", "2026-12-31", "2026-12-32", 15, `expected a date as YYYY-MM-DD, found "2026-12-32"`},
		{"unknown setting", "approver:", "approved_by:", 14, `unknown setting "approved_by" in a waiver of case.yaml`},
		{"not a list", waiverYAML, "waivers: ECS-011.privileged\n", 10, "waivers expects a list of waivers"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyMinimal(t)
			appendTo(t, dir, "cs-a/case.yaml", waiverYAML)
			replace(t, dir, "cs-a/case.yaml", tt.old, tt.new)
			_, _, err := evidence.LoadWith(dir, evidence.LoadOptions{Checks: knownChecks})
			var ee *evidence.Error
			if !errors.As(err, &ee) {
				t.Fatalf("error = %v, want *evidence.Error", err)
			}
			want := filepath.Join(dir, "cs-a", "case.yaml")
			if !slices.ContainsFunc(ee.Problems, func(p evidence.Problem) bool {
				return p.File == want && p.Line == tt.line && strings.Contains(p.Msg, tt.msg)
			}) {
				t.Errorf("no problem cs-a/case.yaml:%d containing %q; got:\n%v", tt.line, tt.msg, err)
			}
		})
	}
}

// TestWaiverMatches pins the resource pattern: a glob over the whole
// resource where * spans any characters, '/' and ':' included.
func TestWaiverMatches(t *testing.T) {
	const svc = "arn:aws:ecs:eu-west-1:111122223333:service/prod/web"
	tests := []struct {
		pattern, resource string
		want              bool
	}{
		{"*", svc, true},
		{"*", "", true},
		{svc, svc, true},
		{"arn:aws:ecs:*:111122223333:service/prod/*", svc, true},
		{"arn:aws:ecs:*:111122223333:service/*", svc, true},
		{"arn:aws:ecs:*:444455556666:service/*", svc, false},
		{"arn:aws:ecs:eu-west-1:111122223333:service/prod/we?", svc, true},
		{"arn:aws:ecs:eu-west-1:111122223333:service/prod/w?", svc, false},
		{"arn:aws:ecs:eu-west-1:111122223333:service/prod", svc, false},
		{"*web", svc, true},
		{"*/web*", svc + "-canary", true},
		{"*[abc]*", "x[abc]y", true}, // brackets are literal, not a class
		{"*[abc]*", "xay", false},
		{"", svc, false},
		{"task-definition/agent:*", "task-definition/agent:12", true},
		{"task-definition/agent:*", "task-definition/agents:12", false},
	}
	for _, tt := range tests {
		w := evidence.Waiver{Resource: tt.pattern}
		if got := w.Matches(tt.resource); got != tt.want {
			t.Errorf("pattern %q on %q = %v, want %v", tt.pattern, tt.resource, got, tt.want)
		}
	}
}

// TestWaiverExpired compares the expiry with the package date, the last day
// included, never with the clock.
func TestWaiverExpired(t *testing.T) {
	day := func(s string) evidence.Date {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return evidence.Date{Time: d}
	}
	w := evidence.Waiver{Expires: day("2026-06-30")}
	for _, tt := range []struct {
		on   string
		want bool
	}{{"2026-06-29", false}, {"2026-06-30", false}, {"2026-07-01", true}, {"2030-01-01", true}} {
		if got := w.Expired(day(tt.on)); got != tt.want {
			t.Errorf("expires 2026-06-30, package date %s: expired = %v, want %v", tt.on, got, tt.want)
		}
	}
}

// TestTooManyWaivers: the count is bounded, so a hostile case.yaml cannot
// make matching findings against waivers take forever.
func TestTooManyWaivers(t *testing.T) {
	dir := copyMinimal(t)
	var b strings.Builder
	b.WriteString("waivers:\n")
	for range evidence.MaxWaivers + 1 {
		b.WriteString("  - {check: ECS-011.privileged, resource: \"*\", reason: r, approver: a, expires: 2027-01-01}\n")
	}
	appendTo(t, dir, "cs-a/case.yaml", b.String())
	_, _, err := evidence.LoadWith(dir, evidence.LoadOptions{Checks: knownChecks})
	if err == nil || !strings.Contains(err.Error(), "case.yaml:11: waivers: 501 waivers, expected at most 500") {
		t.Errorf("error = %v, want case.yaml:11 (the list) refusing 501 waivers", err)
	}
}
