package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// extraControl is a control no built-in edition has, as a partner would
// transcribe it from a newer published checklist.
const extraControl = `
  - id: "ECS-024"
    title: "Service-to-service traffic uses ECS Service Connect or a service mesh"
    section: "Amazon ECS Customer Reference Requirements"
    category: "Amazon ECS Expertise"
    scope: every-case-study
    requirement: >-
      Services reach each other through Service Connect or a mesh with TLS.
    evidence:
      - id: ECS-024.e1
        summary: How services discover and reach each other
        wording: Description of how services discover and reach each other
        satisfied_by: [narrative, attachment]
        min_words: 8
`

// editionFile writes a copy of the built-in 2025-02 edition renamed to
// 2025-08 and changed by edit.
func editionFile(t *testing.T, dir string, edit func(s string) string) string {
	t.Helper()
	b, err := os.ReadFile("../../templates/catalog/2025-02.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(b), `checklist: "2025-02"`, `checklist: "2025-08"`, 1)
	return writeFile(t, filepath.Join(dir, "checklist-2025-08.yaml"), edit(s))
}

// dropControl removes one control's entry from a catalog text.
func dropControl(s, id string) string {
	start := strings.Index(s, "\n  - id: \""+id+"\"") + 1
	end := start + strings.Index(s[start:], "\n  - id: \"") + 1
	return s[:start] + s[end:]
}

func TestChecklistEditionFromAFile(t *testing.T) {
	withExtra := func(s string) string { return strings.TrimRight(s, "\n") + "\n" + extraControl }
	statusRow := regexp.MustCompile(`(?m)^ECS-024\s+needs-narrative\s+needs-narrative\s+needs-narrative\s*$`)

	t.Run("--checklist with one extra control", func(t *testing.T) {
		dir := copySample(t)
		ed := editionFile(t, t.TempDir(), withExtra)
		code, out, errOut := runCLI(t, "check", dir, "--checklist", ed)
		if code != ExitNotReady {
			t.Fatalf("exit %d, want %d\n%s%s", code, ExitNotReady, out, errOut)
		}
		if !statusRow.MatchString(out) {
			t.Errorf("ECS-024 is not needs-narrative in every case study:\n%s", out)
		}
		for _, want := range []string{"checklist 2025-08", "read from " + ed, "ECS-024; it is judged on the written answer alone"} {
			if !strings.Contains(out, want) {
				t.Errorf("output lacks %q:\n%s", want, out)
			}
		}
		code, out, _ = runCLI(t, "checklist", "diff", "2025-02", ed, "--casefile", dir)
		if code != 0 || !strings.Contains(out, "1 added, 0 removed, 0 changed") || !strings.Contains(out, "ECS-024") ||
			!strings.Contains(out, "to write: case-studies/northwind-freight/answers/ECS-024.md") {
			t.Errorf("checklist diff: exit %d\n%s", code, out)
		}
		code, out, _ = runCLI(t, "checklist", "diff", "2025-02", ed, "--format", "json")
		var d struct {
			Added []struct{ ID string } `json:"added"`
		}
		if err := json.Unmarshal([]byte(out), &d); code != 0 || err != nil || len(d.Added) != 1 || d.Added[0].ID != "ECS-024" {
			t.Errorf("checklist diff --format json: exit %d, %v\n%s", code, err, out)
		}
	})

	t.Run("checklist_file in ecspack.yaml, then answered", func(t *testing.T) {
		dir := copySample(t)
		editionFile(t, dir, withExtra)
		p := filepath.Join(dir, "ecspack.yaml")
		b, _ := os.ReadFile(p)
		writeFile(t, p, strings.Replace(string(b), `checklist: "2025-02"`, `checklist_file: checklist-2025-08.yaml`, 1))
		if code, out, _ := runCLI(t, "check", dir); code != ExitNotReady || !statusRow.MatchString(out) {
			t.Fatalf("exit %d, want ECS-024 needs-narrative:\n%s", code, out)
		}
		for _, cs := range []string{"northwind-freight", "contoso-health"} {
			writeFile(t, filepath.Join(dir, "case-studies", cs, "answers", "ECS-024.md"), "Every service calls the others through ECS Service Connect with TLS.\n")
		}
		if code, out, errOut := runCLI(t, "check", dir); code != 0 {
			t.Errorf("answered: exit %d\n%s%s", code, out, errOut)
		}
		// The edition file is an input of the package: the manifest sums it.
		pkg := filepath.Join(t.TempDir(), "out")
		if code, _, errOut := runCLI(t, "build", dir, "-o", pkg, "--quiet"); code != 0 {
			t.Fatalf("build: exit %d\n%s", code, errOut)
		}
		man, err := os.ReadFile(filepath.Join(pkg, "manifest.json"))
		if err != nil || !strings.Contains(string(man), `"path": "checklist-2025-08.yaml"`) {
			t.Errorf("manifest does not list the edition file (%v):\n%.600s", err, man)
		}
	})

	t.Run("a control the new edition drops is reported", func(t *testing.T) {
		dir := copySample(t)
		ed := editionFile(t, t.TempDir(), func(s string) string {
			// ECS-014 is the only control of its condition, which goes too.
			s = regexp.MustCompile(`(?m)^  ecs-anywhere: .*\n`).ReplaceAllString(s, "")
			return dropControl(s, "ECS-014")
		})
		code, out, errOut := runCLI(t, "check", dir, "--checklist", ed)
		if code != 0 {
			t.Fatalf("exit %d\n%s%s", code, out, errOut)
		}
		if !strings.Contains(out, "case-studies/contoso-health/answers/ECS-014.md: answers ECS-014, which checklist 2025-08 no longer has") {
			t.Errorf("the dropped answer is not reported:\n%s", out)
		}
		_, out, _ = runCLI(t, "checklist", "diff", "2025-02", ed, "--casefile", dir)
		if !strings.Contains(out, "removed:") || !strings.Contains(out, "answer: case-studies/contoso-health/answers/ECS-014.md") {
			t.Errorf("checklist diff does not name the dropped answer:\n%s", out)
		}
	})

	t.Run("a bad edition file is named with its line", func(t *testing.T) {
		ed := editionFile(t, t.TempDir(), func(s string) string {
			return strings.Replace(withExtra(s), "scope: every-case-study\n    requirement: >-\n      Services reach", "scope: every-customer\n    requirement: >-\n      Services reach", 1)
		})
		b, _ := os.ReadFile(ed)
		line := 0
		for i, l := range strings.Split(string(b), "\n") {
			if strings.Contains(l, "every-customer") {
				line = i + 1
			}
		}
		for _, args := range [][]string{{"check", copySample(t), "--checklist", ed}, {"checklist", "show", ed}} {
			code, _, errOut := runCLI(t, args...)
			if code != ExitBadInput || !strings.Contains(errOut, ed+":"+strconv.Itoa(line)+": control \"ECS-024\": unknown scope") {
				t.Errorf("%v: exit %d, want 2 naming %s:%d:\n%s", args, code, ed, line, errOut)
			}
		}
	})

	t.Run("checklist show of a file and of a built-in edition", func(t *testing.T) {
		ed := editionFile(t, t.TempDir(), withExtra)
		code, out, _ := runCLI(t, "checklist", "show", ed)
		if code != 0 || !strings.Contains(out, "edition 2025-08") || !strings.Contains(out, "40 controls") || !strings.Contains(out, "ECS-024") {
			t.Errorf("show FILE: exit %d\n%.500s", code, out)
		}
		code, out, _ = runCLI(t, "checklist", "show", "2025-02", "--format", "json")
		var cat struct {
			Checklist   string            `json:"checklist"`
			UsableUntil string            `json:"usable_until"`
			Controls    []json.RawMessage `json:"controls"`
		}
		if err := json.Unmarshal([]byte(out), &cat); code != 0 || err != nil || cat.Checklist != "2025-02" || cat.UsableUntil != "2025-11" || len(cat.Controls) != 39 {
			t.Errorf("show --format json: exit %d, %v: %+v", code, err, cat)
		}
		if code, _, _ := runCLI(t, "checklist", "show", "1999-01"); code != ExitBadInput {
			t.Errorf("unknown edition: exit %d, want 2", code)
		}
	})
}
