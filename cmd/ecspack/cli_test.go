package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// runCLI runs the command line in-process and returns its exit code and outputs.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

const tinySnapshot = `{
  "schema_version": "1",
  "collection": {"source": "manual", "started_at": "2026-05-01T10:00:00Z"},
  "accounts": [{
    "id": "123456789012",
    "iam": {},
    "regions": [{
      "name": "eu-west-1",
      "network": {},
      "ecs": {"clusters": [{"arn": "arn:aws:ecs:eu-west-1:123456789012:cluster/prod", "name": "prod"}]},
      "ec2": {}, "elb": {}, "autoscaling": {}, "ecr": {}
    }]
  }]
}
`

func writeFile(t *testing.T, path, body string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestUsageAndVersion(t *testing.T) {
	tests := []struct {
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{[]string{"version"}, 0, "ecspack " + Version, ""},
		{[]string{"--help"}, 0, "Exit codes:", ""},
		{[]string{"check", "--help"}, 0, "--format", ""},
		{[]string{"build", "--help"}, 0, "OUTDIR", ""},
		{[]string{"init", "--help"}, 0, "answer stub", ""},
		{[]string{"check", "--bogus"}, 2, "", "unknown flag: --bogus"},
		{[]string{"nosuchcommand"}, 2, "", "unknown command"},
		{[]string{"check"}, 2, "", "expected a CASEFILE directory or --inventory FILE"},
		{[]string{"check", "--format", "xml", "x"}, 2, "", `--format "xml"`},
		{[]string{"build", "x"}, 2, "", "-o OUTDIR is required"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, out, errOut := runCLI(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, errOut)
			}
			if !strings.Contains(out, tt.stdout) {
				t.Errorf("stdout %q does not contain %q", out, tt.stdout)
			}
			if !strings.Contains(errOut, tt.stderr) {
				t.Errorf("stderr %q does not contain %q", errOut, tt.stderr)
			}
		})
	}
}

func TestCheckInventoryJSON(t *testing.T) {
	inv := writeFile(t, filepath.Join(t.TempDir(), "inv.json"), tinySnapshot)
	code, out, errOut := runCLI(t, "check", "--inventory", inv, "--format", "json")
	if code != 1 {
		t.Fatalf("exit %d, want 1 (a bare inventory is never ready); stderr %s", code, errOut)
	}
	var got struct {
		Checklist   string `json:"checklist"`
		CaseStudies []struct {
			ID       string `json:"id"`
			Controls []struct {
				ID       string `json:"id"`
				Status   string `json:"status"`
				Findings []struct {
					Check, Outcome, Resource, Message string
				} `json:"findings"`
			} `json:"controls"`
		} `json:"case_studies"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if got.Checklist != "2025-02" || len(got.CaseStudies) != 1 {
		t.Fatalf("checklist %q, %d case studies", got.Checklist, len(got.CaseStudies))
	}
	valid := map[string]bool{"met": true, "not-met": true, "needs-narrative": true, "not-applicable": true, "waived": true}
	ids := map[string]bool{}
	for _, c := range got.CaseStudies[0].Controls {
		ids[c.ID] = true
		if !valid[c.Status] {
			t.Errorf("%s: status %q is not one of the five", c.ID, c.Status)
		}
		if c.Findings == nil {
			t.Errorf("%s: findings is null, want a list", c.ID)
		}
	}
	for _, id := range []string{"2.2", "ECS-001", "ECS-023", "DOC-001", "COST-001"} {
		if !ids[id] {
			t.Errorf("control %s missing from the case study", id)
		}
	}
}

func TestBadInputNamesFileAndWritesNothing(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, filepath.Join(dir, "good.json"), tinySnapshot)
	truncated := writeFile(t, filepath.Join(dir, "truncated.json"), tinySnapshot[:len(tinySnapshot)/2])
	unknown := writeFile(t, filepath.Join(dir, "unknown.json"), strings.Replace(tinySnapshot, `"network"`, `"netwrok"`, 1))

	out := filepath.Join(dir, "out")
	writeFile(t, filepath.Join(out, "keep.txt"), "previous package")

	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"truncated inventory", []string{"build", "--inventory", truncated, "-o", out}, []string{"truncated.json", "truncated"}},
		{"unknown field", []string{"build", "--inventory", unknown, "-o", out}, []string{"unknown.json:", `"netwrok"`}},
		{"missing inventory", []string{"build", "--inventory", filepath.Join(dir, "nope.json"), "-o", out}, []string{"nope.json"}},
		{"both inputs", []string{"build", dir, "--inventory", good, "-o", out}, []string{"not both"}},
		{"no casefile", []string{"build", filepath.Join(dir, "nocase"), "-o", out}, []string{"ecspack.yaml", "file not found"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := runCLI(t, tt.args...)
			if code != 2 {
				t.Errorf("exit %d, want 2; stderr %s", code, errOut)
			}
			for _, w := range tt.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr %q does not name %q", errOut, w)
				}
			}
			entries, _ := os.ReadDir(out)
			if len(entries) != 1 || entries[0].Name() != "keep.txt" {
				t.Errorf("OUTDIR changed: %v", entries)
			}
			siblings, _ := os.ReadDir(dir)
			for _, e := range siblings {
				if strings.Contains(e.Name(), ".tmp-") {
					t.Errorf("temporary directory left behind: %s", e.Name())
				}
			}
		})
	}
}

func TestInitScaffoldsEveryControl(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "app")
	code, _, errOut := runCLI(t, "init", dir)
	if code != 0 {
		t.Fatalf("init: exit %d: %s", code, errOut)
	}
	for _, p := range []string{"ecspack.yaml", "answers/1.1.md", "answers/3.1.md",
		"case-studies/customer-a/case.yaml", "case-studies/customer-a/answers/ECS-023.md",
		"case-studies/customer-b/answers/COST-001.md", "case-studies/customer-b/answers/2.2.md"} {
		if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
			t.Errorf("init did not write %s", p)
		}
	}
	if code, _, _ := runCLI(t, "init", dir); code != 2 {
		t.Errorf("init into a non-empty directory: exit %d, want 2", code)
	}
	// With inventories in place the scaffold is a valid casefile whose stubs
	// all count as unanswered.
	for _, cs := range []string{"customer-a", "customer-b"} {
		writeFile(t, filepath.Join(dir, "case-studies", cs, "inventory.json"), tinySnapshot)
	}
	code, out, errOut := runCLI(t, "check", dir, "--format", "json")
	if code != 1 {
		t.Fatalf("check of a fresh scaffold: exit %d, want 1; stderr %s", code, errOut)
	}
	if strings.Count(out, `"answered": true`) != 0 {
		t.Errorf("stubs counted as answers")
	}
	checkStubHeadings(t, filepath.Join(dir, "case-studies/customer-a/answers/ECS-002.md"))
}

// checkStubHeadings holds issue 19's scaffold: the ECS-002 stub has one
// heading per evidence item, in the checklist's words and order, and
// filling one section answers that item alone.
func checkStubHeadings(t *testing.T, stub string) {
	t.Helper()
	b, err := os.ReadFile(stub)
	if err != nil {
		t.Fatal(err)
	}
	var heads []string
	for _, l := range strings.Split(string(b), "\n") {
		if h, ok := strings.CutPrefix(l, "## "); ok {
			heads = append(heads, h)
		}
	}
	want := []string{"Infrastructure as code tooling used to manage infrastructure", "Description of the tools used for automated deployment",
		"Description of deployment process and rollback procedures", "Description of source repository that stores infrastructure and task definition files in source control",
		"Version control system used to manage technical artifacts", "Description of CI/CD tooling to automate updates to underlying workloads"}
	if !slices.Equal(heads, want) {
		t.Fatalf("stub headings\n got %q\nwant %q", heads, want)
	}
	filled := strings.Replace(string(b), "## Version control system used to manage technical artifacts\n", "## Version control system used to manage technical artifacts\n\nGit on GitHub.\n", 1)
	writeFile(t, stub, filled)
	_, out, _ := runCLI(t, "check", filepath.Dir(filepath.Dir(filepath.Dir(filepath.Dir(stub)))))
	// customer-b's stub is left as it was.
	if strings.Count(out, "missing ECS-002.e4") != 2 || strings.Count(out, "missing ECS-002.e5") != 1 || !strings.Contains(out, "nothing is written under its heading yet") {
		t.Errorf("after answering customer-a's ECS-002.e5 only, check should name the other items and not that one:\n%s", out)
	}
}

func TestUnwritableOutputExits4(t *testing.T) {
	// Root writes through permissions, so the output path runs through a
	// regular file instead, which fails for every user.
	dir := t.TempDir()
	inv := writeFile(t, filepath.Join(dir, "inv.json"), tinySnapshot)
	blocker := writeFile(t, filepath.Join(dir, "file"), "not a directory")
	code, _, errOut := runCLI(t, "build", "--inventory", inv, "-o", filepath.Join(blocker, "sub", "out"), "--quiet")
	if code != ExitFailed {
		t.Errorf("exit %d, want %d; stderr %s", code, ExitFailed, errOut)
	}
}

func TestBuildFormatJSONAndPrices(t *testing.T) {
	dir := t.TempDir()
	inv := writeFile(t, filepath.Join(dir, "inv.json"), tinySnapshot)
	out := filepath.Join(dir, "out")
	code, stdout, errOut := runCLI(t, "build", "--inventory", inv, "-o", out, "--format", "json", "--quiet")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got struct {
		OutDir string   `json:"out_dir"`
		Ready  bool     `json:"ready"`
		Files  []string `json:"files"`
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, stdout)
	}
	if got.OutDir != out || got.Ready || !slices.Contains(got.Files, "submission.pdf") || !slices.Contains(got.Files, "manifest.json") {
		t.Errorf("unexpected summary %+v", got)
	}
	bad := writeFile(t, filepath.Join(dir, "prices.yaml"), "source: x\nbogus: 1\n")
	code, _, errOut = runCLI(t, "build", "--inventory", inv, "-o", out, "--prices", bad, "--quiet")
	if code != 2 || !strings.Contains(errOut, "prices.yaml") {
		t.Errorf("a broken --prices file: exit %d, stderr %q; want 2 naming the file", code, errOut)
	}
}

// TestInitPackageDate: the scaffold's package date is today unless --date
// names another; a date that is not YYYY-MM-DD is refused before anything is
// written.
func TestInitPackageDate(t *testing.T) {
	today := time.Now().UTC().Format(time.DateOnly)
	tests := []struct {
		name  string
		args  []string
		code  int
		dates []string // the package date written (one of, for a run across midnight)
	}{
		{"default is today", nil, 0, []string{today, time.Now().UTC().Format(time.DateOnly)}},
		{"--date", []string{"--date", "2025-06-01"}, 0, []string{"2025-06-01"}},
		{"not a date", []string{"--date", "2025-13-01"}, 2, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "app")
			code, _, errOut := runCLI(t, append([]string{"init", dir, "-q"}, tt.args...)...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d: %s", code, tt.code, errOut)
			}
			if tt.code != 0 {
				if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("a refused init wrote %s", dir)
				}
				return
			}
			data, err := os.ReadFile(filepath.Join(dir, "ecspack.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, d := range tt.dates {
				found = found || strings.Contains(string(data), "\n  date: "+d+" ")
			}
			if !found {
				t.Errorf("ecspack.yaml does not carry the package date %v:\n%s", tt.dates, data)
			}
		})
	}
}

// TestInitSOPHintAdopts holds that the commented sops: block init writes is
// a valid adoption once uncommented: every SOP template it lists is then the
// partner's, and none is reported as ecspack's template.
func TestInitSOPHintAdopts(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "app")
	if code, _, errOut := runCLI(t, "init", dir, "-q"); code != 0 {
		t.Fatalf("init: exit %d: %s", code, errOut)
	}
	for _, cs := range []string{"customer-a", "customer-b"} {
		writeFile(t, filepath.Join(dir, "case-studies", cs, "inventory.json"), tinySnapshot)
	}
	const template = "is ecspack's template; adopt it"
	_, before, _ := runCLI(t, "check", dir, "--format", "json")
	if !strings.Contains(before, template) {
		t.Fatalf("a fresh scaffold reports no unadopted SOP template")
	}
	path := filepath.Join(dir, "ecspack.yaml")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(raw), "\n")
	n := 0
	for i, l := range lines {
		switch {
		case l == "# sops:":
			lines[i] = "sops:"
		case strings.HasPrefix(l, "#   - "):
			lines[i] = strings.TrimPrefix(l, "#")
			n++
		}
	}
	if n == 0 {
		t.Fatalf("ecspack.yaml holds no commented SOP ids:\n%s", raw)
	}
	writeFile(t, path, strings.Join(lines, "\n"))
	code, after, errOut := runCLI(t, "check", dir, "--format", "json")
	if code != 1 {
		t.Fatalf("check with the hint uncommented: exit %d, want 1 (stubs unanswered): %s", code, errOut)
	}
	if strings.Contains(after, template) {
		t.Errorf("with all %d SOPs adopted, a template is still reported as not adopted", n)
	}
}
