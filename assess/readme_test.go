package assess

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/catalog"
)

// The README's list of automated checks lies between these markers; the
// text between them is generated from Checks() and the catalog.
const (
	checksBegin = "<!-- checks:begin — generated from assess.Checks(); regenerate: ECSPACK_UPDATE_README=1 go test ./assess -run TestREADMEListsEveryCheck -->\n"
	checksEnd   = "<!-- checks:end -->\n"
)

// checksMarkdown lists, per control of edition cat in checklist order, what
// each of its automated checks judges, as registered.
func checksMarkdown(cat *catalog.Catalog, checks []Check) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d automated checks judge %d controls of checklist %s, each case study on its own. A control's status also rests on the partner's written answer; the prerequisites %s are judged once for the partner (from ecspack.yaml, the case studies and the assessment), and the other controls not listed here on the answer alone. A check's id is what `check --format json`, the PDF and the workbook print beside each finding, and what a case.yaml waiver names.\n",
		len(checks), countControls(checks), cat.Version, strings.Join(slices.Sorted(maps.Keys(partnerJudges())), ", "))
	for _, c := range cat.Controls {
		first := true
		for _, ch := range checks {
			if ch.Control() != c.ID {
				continue
			}
			if first {
				fmt.Fprintf(&b, "\n**%s — %s**\n\n", c.ID, c.Title)
				first = false
			}
			fmt.Fprintf(&b, "- `%s` — %s\n", ch.ID, ch.Judges)
		}
	}
	return b.String()
}

func countControls(checks []Check) int {
	seen := map[string]bool{}
	for _, ch := range checks {
		seen[ch.Control()] = true
	}
	return len(seen)
}

// TestREADMEListsEveryCheck keeps README's "What the automated checks
// judge" equal to the registry: a check added, removed or re-worded without
// regenerating the section fails here.
func TestREADMEListsEveryCheck(t *testing.T) {
	cat, err := catalog.Load("2025-02")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("..", "README.md")
	readme, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	start, end := bytes.Index(readme, []byte(checksBegin)), bytes.Index(readme, []byte(checksEnd))
	if start < 0 || end < start {
		t.Fatalf("%s has no section between %q and %q", path, strings.TrimSpace(checksBegin), strings.TrimSpace(checksEnd))
	}
	want := checksMarkdown(cat, Checks())
	got := string(readme[start+len(checksBegin) : end])
	if os.Getenv("ECSPACK_UPDATE_README") != "" && got != want {
		out := append(append(append([]byte{}, readme[:start+len(checksBegin)]...), want...), readme[end:]...)
		if err := os.WriteFile(path, out, 0o644); err != nil {
			t.Fatal(err)
		}
		got = want
	}
	if got != want {
		t.Fatalf("%s lists stale checks: run ECSPACK_UPDATE_README=1 go test ./assess -run TestREADMEListsEveryCheck", path)
	}
	for _, ch := range Checks() {
		if !strings.Contains(got, "`"+ch.ID+"` — "+ch.Judges) {
			t.Errorf("README does not list %s", ch.ID)
		}
	}
}

// TestChecksMarkdown pins the generator on a two-check registry: controls in
// catalog order, their titles, each check with what it judges.
func TestChecksMarkdown(t *testing.T) {
	cat, err := catalog.Load("2025-02")
	if err != nil {
		t.Fatal(err)
	}
	got := checksMarkdown(cat, []Check{{ID: "ECS-011.b", Judges: "B things"}, {ID: "ECS-001.a", Judges: "A things"}, {ID: "ECS-011.c", Judges: "C things"}})
	c1, _ := cat.Control("ECS-001")
	c11, _ := cat.Control("ECS-011")
	want := "3 automated checks judge 2 controls of checklist 2025-02, each case study on its own."
	if !strings.HasPrefix(got, want) {
		t.Errorf("starts %q, want %q", got[:60], want)
	}
	tail := "\n**ECS-001 — " + c1.Title + "**\n\n- `ECS-001.a` — A things\n\n**ECS-011 — " + c11.Title + "**\n\n- `ECS-011.b` — B things\n- `ECS-011.c` — C things\n"
	if !strings.HasSuffix(got, tail) {
		t.Errorf("got\n%s\nwant it to end\n%s", got, tail)
	}
}
