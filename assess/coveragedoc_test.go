package assess

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/catalog/peers"
)

// coverageDoc is the generated comparison of our checks with the peers'.
const coverageDoc = "docs/coverage.md"

// coverageMarkdown compares the peers' controls and checks with ours, from
// the references table alone: for each Security Hub control and prowler
// check in the peers' lists, the checks of ours that judge the same thing
// (with where they differ), or "not covered"; then how many of our checks
// no peer makes.
func coverageMarkdown(tab *peers.Table, checks []Check) string {
	var b strings.Builder
	b.WriteString("# Coverage: our checks beside Security Hub and prowler\n\n")
	b.WriteString("<!-- Generated from templates/peers/*.yaml and assess.Checks(); regenerate: ECSPACK_UPDATE_DOCS=1 go test ./assess -run TestCoverageDoc -->\n\n")
	b.WriteString("Each row is one of a peer's controls or checks in the space ecspack judges (ECS, ECR, EFS, Elastic Load Balancing v2) and the account controls our checks meet, with the checks of ours that judge the same thing. A note says where the two differ. The same table puts the peers' ids beside every finding (`check --format json`, the reviewer PDF, the workbook) and attaches findings `ecspack import-findings` reads.\n")
	peerTable(&b, "Security Hub CSPM controls", tab.SecurityHub, tab)
	peerTable(&b, "prowler checks", tab.Prowler, tab)
	referenced := 0
	for _, c := range checks {
		if sh, pr := tab.For(c.ID); len(sh)+len(pr) > 0 {
			referenced++
		}
	}
	fmt.Fprintf(&b, "\n## Our checks\n\n%d of our %d checks have a Security Hub or prowler equivalent in the references table; the other %d have none in the two lists above.\n",
		referenced, len(checks), len(checks)-referenced)
	return b.String()
}

// peerTable writes one peer's list as a table with its coverage summary.
func peerTable(b *strings.Builder, title string, list []peers.Control, tab *peers.Table) {
	var rows []string
	covered := 0
	for _, c := range list {
		ours := tab.ChecksFor(c.ID)
		cell := "not covered"
		if len(ours) > 0 {
			covered++
			var parts []string
			for _, id := range ours {
				part := "`" + id + "`"
				for _, r := range tab.References {
					if r.Check == id && r.Note != "" && (slices.Contains(r.SecurityHub, c.ID) || slices.Contains(r.Prowler, c.ID)) {
						part += " (" + r.Note + ")"
					}
				}
				parts = append(parts, part)
			}
			cell = strings.Join(parts, "; ")
		}
		rows = append(rows, fmt.Sprintf("| `%s` | %s | %s |", c.ID, strings.ReplaceAll(c.Title, "|", "\\|"), cell))
	}
	fmt.Fprintf(b, "\n## %s\n\n%d of %d covered.\n\n| id | title | our checks |\n| --- | --- | --- |\n%s\n", title, covered, len(list), strings.Join(rows, "\n"))
}

// TestCoverageDoc keeps docs/coverage.md equal to what the references
// table and the registry give: a reference added or a check renamed
// without regenerating the document fails here.
func TestCoverageDoc(t *testing.T) {
	tab, err := peers.Load()
	if err != nil {
		t.Fatal(err)
	}
	want := coverageMarkdown(tab, Checks())
	path := filepath.Join("..", coverageDoc)
	if os.Getenv("ECSPACK_UPDATE_DOCS") != "" {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v: run ECSPACK_UPDATE_DOCS=1 go test ./assess -run TestCoverageDoc", err)
	}
	if string(got) != want {
		t.Fatalf("%s is stale: run ECSPACK_UPDATE_DOCS=1 go test ./assess -run TestCoverageDoc", coverageDoc)
	}
	for _, c := range tab.SecurityHub {
		if !strings.Contains(want, "| `"+c.ID+"` |") {
			t.Errorf("%s lacks Security Hub %s", coverageDoc, c.ID)
		}
	}
	if !strings.Contains(want, "| `ECS.4` | ECS containers should run as non-privileged | `ECS-011.privileged` |") {
		t.Error("the ECS.4 row does not name ECS-011.privileged")
	}
}
