package submission

import (
	"context"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/assess"
)

// TestAcceptedRiskInFindings: the reviewer PDF prints a finding a waiver
// accepted as ACCEPTED RISK, with the reason, approver, expiry and where the
// waiver is written, counts it, ranks it after fails and warnings, and
// explains the outcome in "How to read this package".
func TestAcceptedRiskInFindings(t *testing.T) {
	fs := []assess.Finding{
		{Check: "ECS-001.compute", Outcome: assess.Pass, Resource: "svc-passing", Message: "ok"},
		{Check: "ECS-001.workload", Outcome: assess.AcceptedRisk, Resource: "svc-accepted", Message: "runs outside ECS",
			Remediation: "move it", Waiver: &assess.Acceptance{Outcome: assess.Fail, Reason: "legacy batch host retires in Q2",
				Approver: "Jane Doe (CISO)", Expires: "2026-12-31", File: "case-studies/alpha/case.yaml", Line: 42}},
		{Check: "ECS-001.workload", Outcome: assess.Warn, Resource: "svc-warning", Message: "hmm"},
	}
	data, err := Render(context.Background(), smallCase(t, "We run on ECS.", fs))
	if err != nil {
		t.Fatal(err)
	}
	text := squash(strings.Join(pages(t, writePDF(t, data)), " "))
	for _, want := range []string{
		"1 warn, 1 accepted risk, 1 pass",
		"ACCEPTED RISK",
		"Accepted risk: was fail; accepted by Jane Doe (CISO) until 2026-12-31: legacy batch host retires in Q2 (case-studies/alpha/case.yaml line 42)",
		"fail or warning the partner accepted (a waiver in the case study's case.yaml",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	if strings.Contains(text, "ACCEPT ED") || strings.Contains(text, "ACCEPTE D") {
		t.Error("the outcome ACCEPTED RISK is broken inside a word")
	}
	if strings.Contains(text, "Fix: move it") {
		t.Error("an accepted risk is printed with a fix, as if it were open")
	}
	if w, a, p := strings.Index(text, "svc-warning"), strings.Index(text, "svc-accepted"), strings.Index(text, "svc-passing"); !(w < a && a < p) {
		t.Errorf("rows not ordered warn, accepted risk, pass: %d %d %d", w, a, p)
	}
}

// TestChecksLegend: beside a control's findings the PDF says what each of
// the control's automated checks judges, in the registry's own words, so a
// reviewer can read the Check column.
func TestChecksLegend(t *testing.T) {
	fs := []assess.Finding{{Check: "ECS-001.workload", Outcome: assess.Pass, Resource: "svc", Message: "ok"}}
	data, err := Render(context.Background(), smallCase(t, "We run on ECS.", fs))
	if err != nil {
		t.Fatal(err)
	}
	text := squash(strings.Join(pages(t, writePDF(t, data)), " "))
	for _, ch := range assess.Checks() {
		if ch.Control() != "ECS-001" {
			continue
		}
		if want := ch.ID + ": " + strings.ReplaceAll(ch.Judges, "`", ""); !strings.Contains(text, want) {
			t.Errorf("PDF text lacks the legend entry %q", want)
		}
	}
	if !strings.Contains(text, "What the checks judge:") {
		t.Error("no legend heading")
	}
}
