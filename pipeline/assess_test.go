package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/assess"
	"github.com/ecspack/ecspack/evidence"
)

// TestAssessCountsDocumentPlaceholders: what the SOPs, runbooks and cost
// analysis would print in place of a missing fact keeps the control they
// serve open, with a finding that names where to look.
func TestAssessCountsDocumentPlaceholders(t *testing.T) {
	const nwf = "case-studies/northwind-freight/"
	drop := func(key string) func(t *testing.T, dir string) {
		return func(t *testing.T, dir string) {
			p := filepath.Join(dir, nwf+"case.yaml")
			re := regexp.MustCompile(`(?m)^  ` + key + `: >-\n(    .*\n)+`)
			s := readFile(t, p)
			if !re.MatchString(s) {
				t.Fatalf("case.yaml has no operations.%s", key)
			}
			writeFile(t, p, re.ReplaceAllString(s, ""))
		}
	}
	for _, tc := range []struct {
		name     string
		edit     func(t *testing.T, dir string)
		controls []string // open in northwind-freight
		where    []string // per control, the place its finding names
	}{
		{"the untouched sample is complete", func(*testing.T, string) {}, nil, nil},
		{"missing IaC tool shows in the REL-001 SOP", drop("iac_tool"), []string{"REL-001", "ECS-002"},
			[]string{"template rel-001-deployment-automation.md.tmpl (built in):41", "template rel-001-deployment-automation.md.tmpl (built in):41"}},
		{"missing data stores show in the runbook and the REL-002 SOP", drop("data_stores"), []string{"REL-002", "OPE-002"},
			[]string{"template rel-002-resilience.md.tmpl (built in):47", "template runbook.md.tmpl (built in):219"}},
		{"a TBD written in an SOP override", func(t *testing.T, dir string) {
			src, err := os.ReadFile("../templates/soptext/ope-003-deployment-readiness.md.tmpl")
			if err != nil {
				t.Fatal(err)
			}
			if err := os.MkdirAll(filepath.Join(dir, "sops"), 0o755); err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join(dir, "sops", "ope-003-deployment-readiness.md.tmpl"), string(src)+"\nRelease calendar: TBD\n")
			p := filepath.Join(dir, "ecspack.yaml")
			writeFile(t, p, readFile(t, p)+"\nsops: sops\n")
		}, []string{"OPE-003"}, []string{"sops/ope-003-deployment-readiness.md.tmpl:"}},
		{"missing business value with a COST-001 override that does not mention it", func(t *testing.T, dir string) {
			p := filepath.Join(dir, nwf+"case.yaml")
			re := regexp.MustCompile(`(?m)^  business_value: \|\n(    .*\n|\n)+`)
			writeFile(t, p, re.ReplaceAllString(readFile(t, p), ""))
			if err := os.MkdirAll(filepath.Join(dir, "sops"), 0o755); err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join(dir, "sops", "cost-001-cost-modelling.md.tmpl"), "# Cost modelling\n\nSee the cost analysis.\n")
			e := filepath.Join(dir, "ecspack.yaml")
			writeFile(t, e, readFile(t, e)+"\nsops: sops\n")
		}, []string{"COST-001"}, []string{nwf + "case.yaml: the cost analysis"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep := assessEditedSample(t, "harbor", tc.edit)
			if rep.Ready != (len(tc.controls) == 0) {
				t.Fatalf("ready = %v, want %v; missing %q", rep.Ready, len(tc.controls) == 0, rep.Missing())
			}
			for i, id := range tc.controls {
				r := rep.CaseStudies[0].Control(id)
				if r.Status != assess.NeedsNarrative {
					t.Errorf("%s is %s, want needs-narrative", id, r.Status)
				}
				ok := false
				for _, f := range r.Findings {
					if assess.IsPlaceholder(f) && strings.Contains(f.Message, tc.where[i]) {
						ok = true
					}
				}
				if !ok {
					t.Errorf("%s: no placeholder finding naming %q in %+v", id, tc.where[i], r.Findings)
				}
			}
		})
	}
}

// assessEditedSample copies the sample casefile to a folder named name,
// applies edit to it, and assesses it as `ecspack check` does.
func assessEditedSample(t *testing.T, name string, edit func(t *testing.T, dir string)) *assess.Report {
	t.Helper()
	dir := filepath.Join(t.TempDir(), name)
	if err := os.CopyFS(dir, os.DirFS(sampleDir)); err != nil {
		t.Fatal(err)
	}
	edit(t, dir)
	cf, cat, err := evidence.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Assess(context.Background(), cf, cat, "")
	if err != nil {
		t.Fatal(err)
	}
	return rep
}
