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
			[]string{"template rel-002-resilience.md.tmpl (built in):47", "template runbook.md.tmpl (built in):225"}},
		{"a TBD written in an SOP override", func(t *testing.T, dir string) {
			src, err := os.ReadFile("../templates/soptext/ope-003-deployment-readiness.md.tmpl")
			if err != nil {
				t.Fatal(err)
			}
			if err := os.MkdirAll(filepath.Join(dir, "sops"), 0o755); err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join(dir, "sops", "ope-003-deployment-readiness.md.tmpl"), string(src)+"\nRelease calendar: TBD\n")
			ownSOP(t, dir, "OPE-003", "sops/ope-003-deployment-readiness.md.tmpl")
		}, []string{"OPE-003"}, []string{"sops/ope-003-deployment-readiness.md.tmpl:"}},
		{"missing business value with a COST-001 override that does not mention it", func(t *testing.T, dir string) {
			p := filepath.Join(dir, nwf+"case.yaml")
			re := regexp.MustCompile(`(?m)^  business_value: \|\n(    .*\n|\n)+`)
			writeFile(t, p, re.ReplaceAllString(readFile(t, p), ""))
			if err := os.MkdirAll(filepath.Join(dir, "sops"), 0o755); err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join(dir, "sops", "cost-001-cost-modelling.md.tmpl"), "# Cost modelling\n\nSee the cost analysis.\n")
			ownSOP(t, dir, "COST-001", "sops/cost-001-cost-modelling.md.tmpl")
		}, []string{"COST-001"}, []string{nwf + "case.yaml: the cost analysis"}},
		{"OPE-001 left out of sops: is ecspack's template, not the partner's", func(t *testing.T, dir string) {
			editSOPs(t, dir, func(s string) string { return strings.Replace(s, "  - OPE-001\n", "", 1) })
		}, []string{"OPE-001"}, []string{"SOP 'Workload Health KPIs' (OPE-001) is ecspack's template"}},
		{"no sops: adopts no template", func(t *testing.T, dir string) {
			editSOPs(t, dir, func(s string) string { return sopsList.ReplaceAllString(s, "") })
		}, unadopted, unadoptedWhy},
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
				// A template not adopted is the reason the control gives.
				if strings.Contains(tc.where[i], "ecspack's template") && !strings.Contains(r.Reason, tc.where[i]) {
					t.Errorf("%s: reason %q does not say %q", id, r.Reason, tc.where[i])
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

// The controls the sample's SOPs answer in northwind-freight (ECS-013 does
// not apply there), and the reason each gives when no template is adopted.
var (
	unadopted    = []string{"ACCT-001", "ACCT-002", "OPE-001", "OPE-002", "OPE-003", "NETSEC-001", "NETSEC-002", "REL-001", "ECS-002", "REL-002", "COST-001"}
	unadoptedWhy = []string{"SOP 'Secure AWS Account Governance' (ACCT-001) is ecspack's template; adopt it with `sops:` in ecspack.yaml or supply your own",
		"(ACCT-002) is ecspack's template", "(OPE-001) is ecspack's template", "(OPE-002) is ecspack's template", "(OPE-003) is ecspack's template",
		"(NETSEC-001) is ecspack's template", "(NETSEC-002) is ecspack's template", "(REL-001) is ecspack's template", "(REL-001) is ecspack's template",
		"(REL-002) is ecspack's template", "(COST-001) is ecspack's template"}
)

// sopsList is the sample's `sops:` list in ecspack.yaml.
var sopsList = regexp.MustCompile(`(?m)^sops:\n(  - .*\n)+`)

// editSOPs rewrites the `sops:` list of the casefile in dir with edit,
// failing when the edit changes nothing.
func editSOPs(t *testing.T, dir string, edit func(string) string) {
	t.Helper()
	p := filepath.Join(dir, evidence.FileName)
	s := readFile(t, p)
	if !sopsList.MatchString(s) {
		t.Fatalf("%s has no sops: list", p)
	}
	e := edit(s)
	if e == s {
		t.Fatalf("the edit left %s as it was", p)
	}
	writeFile(t, p, e)
}

// ownSOP makes the casefile in dir use its own template file for SOP id.
func ownSOP(t *testing.T, dir, id, file string) {
	t.Helper()
	editSOPs(t, dir, func(s string) string {
		return strings.Replace(s, "\n  - "+id+"\n", "\n  - id: "+id+"\n    file: "+file+"\n", 1)
	})
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
