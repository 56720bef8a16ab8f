package xlsx

import (
	"strings"
	"testing"

	"github.com/ecspack/ecspack/assess"
)

// TestAcceptedRiskInWorkbook: a finding a waiver accepted shows as
// accepted-risk on the Findings sheet, coloured, with the reason, approver,
// expiry, what the check found and where the waiver is written; the case
// sheet's findings cell counts and quotes it.
func TestAcceptedRiskInWorkbook(t *testing.T) {
	in := fixture(t)
	fs := in.Report.CaseStudies[0].Control("ECS-001").Findings
	fs[1].Outcome = assess.AcceptedRisk
	fs[1].Waiver = &assess.Acceptance{Outcome: assess.Warn, Reason: "alarm lives in Datadog", Approver: "Jane Doe (CISO)",
		Expires: "2026-12-31", File: "case-studies/alpha/case.yaml", Line: 42}
	f := open(t, write(t, in))
	rows, err := f.GetRows(FindingsSheet)
	if err != nil {
		t.Fatal(err)
	}
	if got := rows[0]; len(got) < 9 || got[8] != "Accepted risk" {
		t.Fatalf("Findings header = %q, want an Accepted risk column", got)
	}
	var row []string
	for _, r := range rows {
		if len(r) > 3 && r[0] == "alpha" && r[2] == "ECS-001.b" {
			row = r
		}
	}
	if row == nil || row[3] != "accepted-risk" || len(row) < 9 {
		t.Fatalf("accepted finding row = %q", row)
	}
	want := "was warn; accepted by Jane Doe (CISO) until 2026-12-31: alarm lives in Datadog (case-studies/alpha/case.yaml line 42)"
	if row[8] != want {
		t.Errorf("Accepted risk cell = %q, want %q", row[8], want)
	}
	cfs, err := f.GetConditionalFormats(FindingsSheet)
	if err != nil || len(cfs["D2:D8"]) != 5 {
		t.Errorf("outcome colours = %v (%v), want 5 rules (accepted-risk too) on D2:D8", cfs, err)
	}
	cell := ""
	crow, err := f.GetRows("alpha")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range crow {
		if len(r) > 7 && r[0] == "ECS-001" {
			cell = r[7]
		}
	}
	for _, w := range []string{"1 fail, 1 accepted risk, 1 pass", "• accepted risk (Jane Doe (CISO), until 2026-12-31): orders: no alarm — alarm lives in Datadog"} {
		if !strings.Contains(cell, w) {
			t.Errorf("alpha ECS-001 findings cell lacks %q:\n%s", w, cell)
		}
	}
}
