package evidence_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/evidence"
)

// TestChecklistFileSetting: checklist_file: names a catalog file inside the
// casefile; every way to get it wrong is an error naming ecspack.yaml's line.
func TestChecklistFileSetting(t *testing.T) {
	edition, err := os.ReadFile("../templates/catalog/2025-02.yaml")
	if err != nil {
		t.Fatal(err)
	}
	newer := strings.Replace(string(edition), `checklist: "2025-02"`, `checklist: "2025-08"`, 1)
	// The line the invalid case breaks, counted so that edits elsewhere in the
	// edition file do not break this test.
	scopeLine := strings.Count(newer[:strings.Index(newer, "    scope: partner\n")], "\n") + 1
	for _, tc := range []struct {
		name    string
		setting string // replaces the checklist: line of the sample
		file    string // written as edition.yaml when not empty
		want    string // "" for success; else part of the error
	}{
		{"file replaces the built-in edition", "checklist_file: edition.yaml", newer, ""},
		{"agreeing checklist: is fine", "checklist: \"2025-08\"\nchecklist_file: edition.yaml", newer, ""},
		{"contradicting checklist:", "checklist: \"2025-02\"\nchecklist_file: edition.yaml", newer, `ecspack.yaml:10: checklist "2025-02", but checklist_file edition.yaml is edition "2025-08"`},
		{"missing file", "checklist_file: nowhere.yaml", "", "ecspack.yaml:10: checklist_file nowhere.yaml: file not found"},
		{"outside the casefile", "checklist_file: ../edition.yaml", "", `ecspack.yaml:10: checklist_file "../edition.yaml": expected a file inside the casefile`},
		{"invalid edition names its own line", "checklist_file: edition.yaml", strings.Replace(newer, "    scope: partner\n", "    scope: partners\n", 1), fmt.Sprintf("edition.yaml:%d: control \"1.1\": unknown scope", scopeLine)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "harbor")
			if err := os.CopyFS(dir, os.DirFS("../samples/harbor")); err != nil {
				t.Fatal(err)
			}
			p := filepath.Join(dir, "ecspack.yaml")
			b, _ := os.ReadFile(p)
			if err := os.WriteFile(p, []byte(strings.Replace(string(b), `checklist: "2025-02"`, tc.setting, 1)), 0o644); err != nil {
				t.Fatal(err)
			}
			if tc.file != "" {
				if err := os.WriteFile(filepath.Join(dir, "edition.yaml"), []byte(tc.file), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			cf, cat, err := evidence.Load(dir)
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				if cat.Version != "2025-08" || cf.Checklist != "2025-08" || cf.ChecklistSource != filepath.Join(dir, "edition.yaml") {
					t.Errorf("edition %q, casefile %q from %q", cat.Version, cf.Checklist, cf.ChecklistSource)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}
