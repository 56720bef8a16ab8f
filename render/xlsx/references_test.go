package xlsx

import "testing"

// TestPeerReferencesInWorkbook: the Findings sheet's last column holds the
// Security Hub control ids and prowler check names of each finding's check,
// and stays empty for a finding without them.
func TestPeerReferencesInWorkbook(t *testing.T) {
	in := fixture(t)
	fs := in.Report.CaseStudies[0].Control("ECS-001").Findings
	fs[0].SecurityHub, fs[0].Prowler = []string{"ECS.4", "ECS.17"}, []string{"ecs_task_definitions_no_privileged_containers"}
	fs[1].SecurityHub, fs[1].Prowler = nil, nil
	f := open(t, write(t, in))
	rows, err := f.GetRows(FindingsSheet)
	if err != nil {
		t.Fatal(err)
	}
	if got := rows[0]; len(got) < 10 || got[9] != "Security Hub / prowler" {
		t.Fatalf("Findings header = %q, want a Security Hub / prowler column", got)
	}
	cell := func(check string) string {
		for _, r := range rows {
			if len(r) > 3 && r[0] == "alpha" && r[2] == check {
				if len(r) < 10 {
					return ""
				}
				return r[9]
			}
		}
		t.Fatalf("no row for %s", check)
		return ""
	}
	if got, want := cell(fs[0].Check), "Security Hub ECS.4, ECS.17 · prowler ecs_task_definitions_no_privileged_containers"; got != want {
		t.Errorf("references cell = %q, want %q", got, want)
	}
	if got := cell(fs[1].Check); got != "" {
		t.Errorf("a finding without references shows %q", got)
	}
}
