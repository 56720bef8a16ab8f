package evidence_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ecspack/ecspack/catalog"
	"github.com/ecspack/ecspack/evidence"
)

// sampleDir is the bundled sample casefile that `make demo` builds.
const sampleDir = "../samples/harbor"

// TestLoadSample pins the bundled sample: it must load with no problem and
// answer every control of the checklist, at the right level.
func TestLoadSample(t *testing.T) {
	cf, cat, err := evidence.Load(sampleDir)
	if err != nil {
		t.Fatalf("Load(%s): %v", sampleDir, err)
	}
	if got := len(cf.CaseStudies); got != 2 {
		t.Fatalf("case studies = %d, want 2", got)
	}
	var rootIDs, caseIDs []string
	for _, c := range cat.Controls {
		if c.Scope == catalog.ScopePartner || c.Scope == catalog.ScopePackage {
			rootIDs = append(rootIDs, c.ID)
		} else {
			caseIDs = append(caseIDs, c.ID)
		}
	}
	if len(rootIDs) != 4 || len(caseIDs) != 35 {
		t.Fatalf("catalog split = %d root + %d case-study controls, want 4 + 35", len(rootIDs), len(caseIDs))
	}
	checkAnswers := func(t *testing.T, where string, got map[string]*evidence.Answer, want []string) {
		t.Helper()
		if len(got) != len(want) {
			t.Errorf("%s: %d answers, want %d", where, len(got), len(want))
		}
		for _, id := range want {
			a, ok := got[id]
			if !ok {
				t.Errorf("%s: no answer to %s", where, id)
				continue
			}
			if !a.Written() {
				t.Errorf("%s: answer to %s is empty", where, id)
			}
			if !strings.Contains(string(a.Body), " ") || len(strings.Fields(string(a.Body))) < 10 {
				t.Errorf("%s: answer to %s says almost nothing: %q", where, id, a.Body)
			}
		}
	}
	checkAnswers(t, "casefile root", cf.Answers, rootIDs)
	customers := map[string]bool{}
	for _, cs := range cf.CaseStudies {
		checkAnswers(t, cs.ID, cs.Answers, caseIDs)
		if cs.Inventory == nil || len(cs.Inventory.Accounts) == 0 {
			t.Errorf("%s: no inventory loaded", cs.ID)
		}
		if customers[cs.Customer.LegalEntity] {
			t.Errorf("%s: customer %q is used twice", cs.ID, cs.Customer.LegalEntity)
		}
		customers[cs.Customer.LegalEntity] = true
		limit := cf.Package.Date.AddDate(0, -18, 0)
		if cs.ProductionDate.Before(limit) || cs.ProductionDate.After(cf.Package.Date.Time) {
			t.Errorf("%s: production date %s is not within 18 months before %s", cs.ID, cs.ProductionDate, cf.Package.Date)
		}
	}
}

// TestSampleIsPlainUTF8 keeps the sample's text files readable everywhere:
// valid UTF-8, no byte-order mark, no tabs or carriage returns in Markdown.
func TestSampleIsPlainUTF8(t *testing.T) {
	err := filepath.WalkDir(sampleDir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch filepath.Ext(p) {
		case ".md", ".yaml", ".json", ".txt":
		default:
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		s := string(data)
		if !utf8.ValidString(s) || strings.ContainsRune(s, utf8.RuneError) {
			t.Errorf("%s: not valid UTF-8", p)
		}
		if strings.HasPrefix(s, "\uFEFF") || strings.ContainsAny(s, "\r\t") {
			t.Errorf("%s: byte-order mark, tab or carriage return", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestLoadMinimal makes sure the fixture the error cases start from is valid,
// so that each case below fails for its own reason only.
func TestLoadMinimal(t *testing.T) {
	dir := copyMinimal(t)
	cf, _, err := evidence.Load(dir)
	if err != nil {
		t.Fatalf("minimal casefile: %v", err)
	}
	if len(cf.CaseStudies) != 1 || len(cf.Answers) != 1 || len(cf.CaseStudies[0].Answers) != 1 {
		t.Fatalf("minimal casefile: %d case studies, %d root answers", len(cf.CaseStudies), len(cf.Answers))
	}
}

// TestLoadErrors breaks the minimal casefile one way at a time and expects a
// problem naming the file, the line and what was expected.
func TestLoadErrors(t *testing.T) {
	for _, tt := range append(loadErrorCases(), sopErrorCases()...) {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyMinimal(t)
			tt.break_(t, dir)
			cf, _, err := evidence.Load(dir)
			if err == nil {
				t.Fatalf("Load succeeded (%d case studies); want a problem in %s", len(cf.CaseStudies), tt.file)
			}
			var ee *evidence.Error
			if !errors.As(err, &ee) {
				t.Fatalf("error is %T (%v), want *evidence.Error", err, err)
			}
			want := filepath.Join(dir, filepath.FromSlash(tt.file))
			found := slices.ContainsFunc(ee.Problems, func(p evidence.Problem) bool {
				return p.File == want && p.Line == tt.line && strings.Contains(p.Msg, tt.msg)
			})
			if !found {
				t.Errorf("no problem %s:%d containing %q; got:\n%v", tt.file, tt.line, tt.msg, err)
			}
			if !strings.Contains(err.Error(), tt.file) {
				t.Errorf("error text does not name %s:\n%v", tt.file, err)
			}
		})
	}
}

// loadErrorCase breaks the minimal casefile one way and names the problem
// Load must report.
type loadErrorCase struct {
	name   string
	break_ func(t *testing.T, dir string)
	file   string // path relative to the casefile
	line   int    // 0: the problem has no line (whole-file problem)
	msg    string // substring of the message
}

// loadErrorCases are TestLoadErrors' cases, one way of breaking the casefile each.
func loadErrorCases() []loadErrorCase {
	return []loadErrorCase{
		{
			name: "broken YAML",
			break_: func(t *testing.T, dir string) {
				write(t, dir, "ecspack.yaml", "checklist: \"2025-02\"\npackage:\n\tid: TEST-1\n")
			},
			file: "ecspack.yaml", line: 3, msg: "invalid YAML: found character that cannot start any token",
		},
		{
			name:   "unknown setting",
			break_: func(t *testing.T, dir string) { appendTo(t, dir, "ecspack.yaml", "colour: blue\n") },
			file:   "ecspack.yaml", line: 12, msg: `unknown setting "colour" in ecspack.yaml`,
		},
		{
			name:   "unknown setting in a case study",
			break_: func(t *testing.T, dir string) { replace(t, dir, "cs-a/case.yaml", "regions:", "region:") },
			file:   "cs-a/case.yaml", line: 7, msg: `unknown setting "region" in case.yaml`,
		},
		{
			name:   "missing inventory file",
			break_: func(t *testing.T, dir string) { remove(t, dir, "cs-a/inventory.json") },
			file:   "cs-a/case.yaml", line: 9, msg: "inventory file inventory.json does not exist",
		},
		{
			name:   "truncated inventory",
			break_: func(t *testing.T, dir string) { truncate(t, dir, "cs-a/inventory.json", 200) },
			file:   "cs-a/inventory.json", line: 11, msg: "unexpected end of file: the snapshot is truncated",
		},
		{
			name:   "unknown field in inventory",
			break_: func(t *testing.T, dir string) { replace(t, dir, "cs-a/inventory.json", `"source"`, `"sauce"`) },
			file:   "cs-a/inventory.json", line: 4, msg: "unknown field \"sauce\"",
		},
		{
			name:   "answer to a control that does not exist",
			break_: func(t *testing.T, dir string) { write(t, dir, "cs-a/answers/ECS-099.md", "Nothing.\n") },
			file:   "cs-a/answers/ECS-099.md", line: 1, msg: `"ECS-099" is not a control of checklist 2025-02`,
		},
		{
			name:   "case-study answer at the casefile root",
			break_: func(t *testing.T, dir string) { write(t, dir, "answers/ECS-004.md", "Tags.\n") },
			file:   "answers/ECS-004.md", line: 1, msg: "ECS-004 is answered in the wrong place",
		},
		{
			name:   "partner answer in a case study",
			break_: func(t *testing.T, dir string) { write(t, dir, "cs-a/answers/1.2.md", "Validated.\n") },
			file:   "cs-a/answers/1.2.md", line: 1, msg: "1.2 is answered in the wrong place",
		},
		{
			name:   "file in answers/ that is not Markdown",
			break_: func(t *testing.T, dir string) { write(t, dir, "cs-a/answers/ECS-002.txt", "CI/CD.\n") },
			file:   "cs-a/answers/ECS-002.txt", line: 0, msg: "expected <CONTROL-ID>.md",
		},
		{
			name:   "bad date",
			break_: func(t *testing.T, dir string) { replace(t, dir, "cs-a/case.yaml", "2026-03-02", "2026-13-45") },
			// The YAML decoder reports a failed UnmarshalText without a
			// position; the loader finds the quoted value in the node tree.
			file: "cs-a/case.yaml", line: 4, msg: `expected a date as YYYY-MM-DD, found "2026-13-45"`,
		},
		{
			name:   "account id too short",
			break_: func(t *testing.T, dir string) { replace(t, dir, "cs-a/case.yaml", `"111122223333"`, `"11112222333"`) },
			file:   "cs-a/case.yaml", line: 6, msg: "expected a 12-digit AWS account id",
		},
		{
			name: "attachment path with ..",
			break_: func(t *testing.T, dir string) {
				replace(t, dir, "cs-a/answers/ECS-001.md", "attachments/note.md", "../ecspack.yaml")
			},
			file: "cs-a/answers/ECS-001.md", line: 3, msg: "expected a file inside the case study directory (no absolute paths or '..')",
		},
		{
			name: "missing attachment",
			break_: func(t *testing.T, dir string) {
				replace(t, dir, "cs-a/answers/ECS-001.md", "attachments/note.md", "attachments/missing.png")
			},
			file: "cs-a/answers/ECS-001.md", line: 3, msg: "attachment attachments/missing.png does not exist",
		},
		{
			name: "unclosed front matter",
			break_: func(t *testing.T, dir string) {
				write(t, dir, "cs-a/answers/ECS-003.md", "---\nattachments: []\nOne purpose per family.\n")
			},
			file: "cs-a/answers/ECS-003.md", line: 1, msg: "front matter opened with --- is never closed",
		},
		{
			name: "not_applicable on an unconditional control",
			break_: func(t *testing.T, dir string) {
				write(t, dir, "cs-a/answers/ECS-005.md", "---\nnot_applicable: no roles\n---\nNone.\n")
			},
			file: "cs-a/answers/ECS-005.md", line: 1, msg: "not_applicable is only accepted for conditional controls",
		},
		{
			name:   "case study listed twice",
			break_: func(t *testing.T, dir string) { appendTo(t, dir, "ecspack.yaml", "  - cs-a/\n") },
			file:   "ecspack.yaml", line: 12, msg: `case study directory "cs-a/" is listed twice`,
		},
		{
			name:   "case study directory missing",
			break_: func(t *testing.T, dir string) { appendTo(t, dir, "ecspack.yaml", "  - cs-b\n") },
			file:   "ecspack.yaml", line: 12, msg: "does not exist",
		},
		{
			name:   "services path stage misspelt",
			break_: func(t *testing.T, dir string) { replace(t, dir, "ecspack.yaml", "stage: validated", "stage: validatd") },
			file:   "ecspack.yaml", line: 8, msg: "expected one of registered, validated, differentiated",
		},
	}
}

func copyMinimal(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "casefile")
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("testdata", "minimal"))); err != nil {
		t.Fatal(err)
	}
	return dir
}

func write(t *testing.T, dir, rel, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, dir, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func appendTo(t *testing.T, dir, rel, s string) { t.Helper(); write(t, dir, rel, read(t, dir, rel)+s) }

func replace(t *testing.T, dir, rel, old, new string) {
	t.Helper()
	s := read(t, dir, rel)
	if !strings.Contains(s, old) {
		t.Fatalf("%s does not contain %q", rel, old)
	}
	write(t, dir, rel, strings.Replace(s, old, new, 1))
}

func remove(t *testing.T, dir, rel string) {
	t.Helper()
	if err := os.Remove(filepath.Join(dir, filepath.FromSlash(rel))); err != nil {
		t.Fatal(err)
	}
}

func truncate(t *testing.T, dir, rel string, n int) {
	t.Helper()
	write(t, dir, rel, read(t, dir, rel)[:n])
}
