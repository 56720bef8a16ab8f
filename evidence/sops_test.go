package evidence_test

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/ecspack/ecspack/evidence"
)

// sopErrorCases break `sops:` of the minimal casefile (TestLoadErrors runs
// them): each problem names ecspack.yaml, the line and what was expected.
func sopErrorCases() []loadErrorCase {
	return []loadErrorCase{
		{
			name:   "unknown SOP id",
			break_: func(t *testing.T, dir string) { appendTo(t, dir, "ecspack.yaml", "sops:\n  - OPE-001\n  - OPE-009\n") },
			file:   "ecspack.yaml", line: 14, msg: `sops: unknown SOP id "OPE-009": expected one of ECS-013, ACCT-001, ACCT-002, OPE-001`,
		},
		{
			name:   "a control that is no SOP",
			break_: func(t *testing.T, dir string) { appendTo(t, dir, "ecspack.yaml", "sops: [ECS-004]\n") },
			file:   "ecspack.yaml", line: 12, msg: `sops: unknown SOP id "ECS-004"`,
		},
		{
			name: "SOP adopted twice",
			break_: func(t *testing.T, dir string) {
				appendTo(t, dir, "ecspack.yaml", "sops:\n  - REL-001\n  - id: REL-001\n")
			},
			file: "ecspack.yaml", line: 14, msg: "sops: REL-001 is listed twice",
		},
		{
			name: "own SOP file missing",
			break_: func(t *testing.T, dir string) {
				appendTo(t, dir, "ecspack.yaml", "sops:\n  - id: OPE-001\n    file: sops/kpis.md.tmpl\n")
			},
			file: "ecspack.yaml", line: 13, msg: `sops: OPE-001 file "sops/kpis.md.tmpl"`,
		},
		{
			name: "own SOP file outside the casefile",
			break_: func(t *testing.T, dir string) {
				appendTo(t, dir, "ecspack.yaml", "sops:\n  - id: OPE-001\n    file: ../kpis.md.tmpl\n")
			},
			file: "ecspack.yaml", line: 13, msg: "expected a file inside the casefile",
		},
		{
			name: "unknown setting in an adopted SOP",
			break_: func(t *testing.T, dir string) {
				appendTo(t, dir, "ecspack.yaml", "sops:\n  - id: OPE-001\n    path: x\n")
			},
			file: "ecspack.yaml", line: 14, msg: `unknown setting "path" in an adopted SOP`,
		},
		{
			name:   "sops as a mapping",
			break_: func(t *testing.T, dir string) { appendTo(t, dir, "ecspack.yaml", "sops:\n  OPE-001: yes\n") },
			file:   "ecspack.yaml", line: 13, msg: "sops: expected a list of SOP ids to adopt",
		},
	}
}

// TestSOPsAdopted: both forms of `sops:` load; the list form keeps each
// entry and its own file, and records the line of `sops:`.
func TestSOPsAdopted(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       evidence.SOPs
		input      string // an own template the manifest lists as an input
	}{
		{"absent", "", evidence.SOPs{Line: 2}, ""}, // the top-level mapping, below the comment
		{"list", "sops:\n  - ACCT-001\n  - id: OPE-001\n    file: kpis.md.tmpl\n", evidence.SOPs{Line: 12,
			Adopted: []evidence.SOPAdoption{{ID: "ACCT-001"}, {ID: "OPE-001", File: "kpis.md.tmpl"}}}, "kpis.md.tmpl"},
		{"folder", "sops: own\n", evidence.SOPs{Dir: "own", Line: 12}, "own/ope-001-health-kpis.md.tmpl"},
		{"alias to a list", "redact_terms: &terms [ACCT-001, OPE-001]\nsops: *terms\n", evidence.SOPs{Line: 13,
			Adopted: []evidence.SOPAdoption{{ID: "ACCT-001"}, {ID: "OPE-001"}}}, ""},
		{"aliased items", "redact_terms: [&a ACCT-001, OPE-001]\nsops: [*a, {id: OPE-001}]\n", evidence.SOPs{Line: 13,
			Adopted: []evidence.SOPAdoption{{ID: "ACCT-001"}, {ID: "OPE-001"}}}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := copyMinimal(t)
			write(t, dir, "kpis.md.tmpl", "# KPIs\n")
			write(t, dir, "own/ope-001-health-kpis.md.tmpl", "# KPIs\n")
			appendTo(t, dir, "ecspack.yaml", tc.yaml)
			cf, _, err := evidence.Load(dir)
			if err != nil {
				t.Fatal(err)
			}
			got := cf.SOPs
			if got.Dir != tc.want.Dir || got.Line != tc.want.Line || len(got.Adopted) != len(tc.want.Adopted) {
				t.Fatalf("sops = %+v, want %+v", got, tc.want)
			}
			for i, a := range tc.want.Adopted {
				if got.Adopted[i] != a {
					t.Errorf("sops[%d] = %+v, want %+v", i, got.Adopted[i], a)
				}
				if b, ok := got.Adoption(a.ID); !ok || b != a {
					t.Errorf("Adoption(%s) = %+v, %v", a.ID, b, ok)
				}
			}
			if _, ok := got.Adoption("REL-002"); ok {
				t.Error("REL-002 is not adopted")
			}
			own := []string{filepath.Join(dir, "kpis.md.tmpl"), filepath.Join(dir, "own", "ope-001-health-kpis.md.tmpl")}
			for _, p := range own {
				if listed := slices.Contains(cf.Inputs(), p); listed != (tc.input != "" && p == filepath.Join(dir, filepath.FromSlash(tc.input))) {
					t.Errorf("Inputs lists %s: %v", p, listed)
				}
			}
		})
	}
}
