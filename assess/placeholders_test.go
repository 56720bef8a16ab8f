package assess_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/assess"
	"github.com/ecspack/ecspack/evidence"
)

// sampleCopy copies the bundled sample casefile into a temporary directory.
func sampleCopy(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "harbor")
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "samples", "harbor"))); err != nil {
		t.Fatal(err)
	}
	return dir
}

func write(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func replaceIn(t *testing.T, path, old, new string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s does not contain %q", path, old)
	}
	write(t, path, strings.Replace(string(b), old, new, 1))
}

// TestPlaceholdersAreNotAnswers breaks one thing in a copy of the ready sample
// and expects exactly that control (in that case study, or at partner level)
// to need a narrative, with a finding naming the file and line.
func TestPlaceholdersAreNotAnswers(t *testing.T) {
	const nwf = "case-studies/northwind-freight/"
	for _, tc := range []struct {
		name    string
		edit    func(t *testing.T, dir string)
		caseID  string // "" for partner-level controls
		control string
		where   string // file:line expected in the finding
	}{
		{"stub answer", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, nwf+"answers/ECS-003.md"), "---\n# attachments: []\n---\n<!--\nECS-003 guidance\n-->\n")
		}, "northwind-freight", "ECS-003", nwf + "answers/ECS-003.md:4"},
		{"TODO in an answer", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, nwf+"answers/ECS-005.md"), "Each family has its own role.\n\nTODO: list the roles.\n")
		}, "northwind-freight", "ECS-005", nwf + "answers/ECS-005.md:3"},
		{"ecspack marker in an answer after front matter", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, nwf+"answers/ECS-006.md"), "---\nreferences: [x]\n---\nSizing.\n[to be completed: the load test]\n")
		}, "northwind-freight", "ECS-006", nwf + "answers/ECS-006.md:5"},
		{"TODO in the answer of a control that does not apply", func(t *testing.T, dir string) {
			// ECS-020 (EFS) does not apply at Contoso, but a written answer is printed.
			write(t, filepath.Join(dir, "case-studies/contoso-health/answers/ECS-020.md"), "No EFS. TODO confirm.\n")
		}, "contoso-health", "ECS-020", "case-studies/contoso-health/answers/ECS-020.md:1"},
		{"TBD in a partner answer", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "answers/3.1.md"), "Self-assessment reviewed on TBD.\n")
		}, "", "3.1", "answers/3.1.md:1"},
		{"placeholder case title counts against 2.1", func(t *testing.T, dir string) {
			replaceIn(t, filepath.Join(dir, nwf+"case.yaml"), "\ntitle: ", "\ntitle: TBD ")
		}, "", "2.1", nwf + "case.yaml:"},
		{"placeholder contact counts against OPE-002", func(t *testing.T, dir string) {
			replaceIn(t, filepath.Join(dir, nwf+"case.yaml"), "\ncontacts:\n  - name: ", "\ncontacts:\n  - name: Replace with ")
		}, "northwind-freight", "OPE-002", nwf + "case.yaml:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := sampleCopy(t)
			tc.edit(t, dir)
			cf, cat, err := evidence.Load(dir)
			if err != nil {
				t.Fatal(err)
			}
			rep := assess.Evaluate(cf, cat)
			if rep.Ready {
				t.Fatal("the package is ready with a stub or placeholder in it")
			}
			var r *assess.ControlResult
			if tc.caseID == "" {
				for i := range rep.Partner {
					if rep.Partner[i].ID == tc.control {
						r = &rep.Partner[i]
					}
				}
			} else {
				for i := range rep.CaseStudies {
					if rep.CaseStudies[i].ID == tc.caseID {
						r = rep.CaseStudies[i].Control(tc.control)
					}
				}
			}
			if r == nil {
				t.Fatalf("no result for %s %s", tc.caseID, tc.control)
			}
			if r.Status != assess.NeedsNarrative {
				t.Errorf("%s is %s, want needs-narrative", tc.control, r.Status)
			}
			found := false
			for _, f := range r.Findings {
				if assess.IsPlaceholder(f) && strings.HasPrefix(tc.where, f.Resource) && strings.Contains(f.Message, tc.where) && strings.Contains(f.Evidence, tc.where) {
					found = true
				}
			}
			if !found {
				t.Errorf("no placeholder finding naming %s in %+v", tc.where, r.Findings)
			}
			if o := rep.OverallFor(tc.control); o.Status.Done() {
				t.Errorf("overall %s is %s: a placeholder anywhere keeps it open", tc.control, o.Status)
			}
		})
	}
}

func TestHTMLCommentsAreNeverClaims(t *testing.T) {
	dir := sampleCopy(t)
	// northwind-freight runs a service in a single subnet, so a multi-AZ claim
	// in prose is refuted; the same words in a comment must not be read.
	p := filepath.Join(dir, "case-studies/northwind-freight/answers/DOC-001.md")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	write(t, p, string(b)+"\n<!-- Every service is deployed multi-AZ. TODO -->\n")
	cf, cat, err := evidence.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	rep := assess.Evaluate(cf, cat)
	if !rep.Ready {
		t.Fatal("a comment made the sample not ready")
	}
	for _, cr := range rep.CaseStudies {
		for _, f := range cr.Control("DOC-001").Findings {
			if strings.Contains(f.Message, "Every service is deployed multi-AZ") {
				t.Errorf("the comment was read as a claim: %s", f.Message)
			}
		}
	}
}

func TestEditionPastUsableUntilIsAGap(t *testing.T) {
	for _, tc := range []struct {
		date  string
		ready bool
	}{
		{"2025-11-30", true},  // the last usable day
		{"2025-12-01", false}, // one day after
		{"2026-10-30", false},
	} {
		t.Run(tc.date, func(t *testing.T) {
			dir := sampleCopy(t)
			replaceIn(t, filepath.Join(dir, "ecspack.yaml"), "date: 2025-10-30", "date: "+tc.date)
			cf, cat, err := evidence.Load(dir)
			if err != nil {
				t.Fatal(err)
			}
			rep := assess.Evaluate(cf, cat)
			if rep.Ready != tc.ready {
				t.Fatalf("ready = %v, want %v (gaps %+v)", rep.Ready, tc.ready, rep.Gaps)
			}
			if !tc.ready {
				if len(rep.Gaps) != 1 || rep.Gaps[0].Check != "edition.expired" ||
					!strings.Contains(rep.Gaps[0].Message, "2025-02") || !strings.Contains(rep.Gaps[0].Message, "2025-11") || !strings.Contains(rep.Gaps[0].Message, tc.date) {
					t.Errorf("gaps %+v: want one naming edition 2025-02, 2025-11 and %s", rep.Gaps, tc.date)
				}
			}
		})
	}
}
