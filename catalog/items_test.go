package catalog

import (
	"bufio"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

var (
	// seedControl is a control's heading bullet in the published checklist.
	seedControl = regexp.MustCompile(`^\* \*\*([A-Z]+-[0-9]{3}) \\- `)
	// seedItem is an indented bullet: an evidence item when it follows
	// "... the following as evidence".
	seedItem = regexp.MustCompile(`^ {2,}\* (.*)$`)
	// seedLink and seedEscape are the Markdown the catalog's wording drops.
	seedLink   = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	seedEscape = regexp.MustCompile(`\\(.)`)
)

// seedEvidence reads the evidence lists of the published checklist (kept in
// testdata as AWS publishes it, Markdown and all): after a line saying "the
// following as evidence", every indented bullet until the next top-level
// bullet is an item, sub-bullets included.
func seedEvidence(t *testing.T, path string) map[string][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string][]string{}
	cur, listing := "", false
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if m := seedControl.FindStringSubmatch(line); m != nil {
			cur, listing = m[1], false
			out[cur] = []string{}
			continue
		}
		switch {
		case strings.HasPrefix(line, "## "):
			cur = ""
		case cur == "":
		case strings.Contains(strings.ToLower(line), "following as evidence"):
			listing = true
		case strings.HasPrefix(line, "* "):
			listing = false
		case listing:
			if m := seedItem.FindStringSubmatch(line); m != nil {
				out[cur] = append(out[cur], seedText(m[1]))
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// seedText is an item's text as the catalog words it: link targets,
// Markdown escapes and emphasis removed, spaces collapsed.
func seedText(s string) string {
	s = seedLink.ReplaceAllString(s, "$1")
	s = seedEscape.ReplaceAllString(s, "$1")
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "*", "")), " ")
}

// TestItemsMatchTheChecklist holds the catalog's evidence items to the
// published checklist's "Please provide the following as evidence" lists:
// same controls, same number of items, same order and words, ids numbered
// in order. A transcription slip would otherwise ask partners for the wrong
// thing and grade them against it.
func TestItemsMatchTheChecklist(t *testing.T) {
	seed := seedEvidence(t, "testdata/checklist-2025-02.md")
	if len(seed) < 30 {
		t.Fatalf("read %d controls from the checklist; the parser no longer understands it", len(seed))
	}
	cat := load2025(t)
	for _, c := range cat.Controls {
		want, listed := seed[c.ID]
		if c.IsPrerequisite() {
			if listed {
				t.Errorf("%s: the checklist has an evidence list for a prerequisite", c.ID)
			}
			continue
		}
		if !listed {
			t.Errorf("%s: not in the checklist", c.ID)
			continue
		}
		var got []string
		for i, it := range c.Evidence {
			got = append(got, it.Wording)
			if id := c.ID + ".e" + strconv.Itoa(i+1); it.ID != id {
				t.Errorf("%s item %d: id %q, want %q", c.ID, i+1, it.ID, id)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: evidence wording\n got %q\nwant %q", c.ID, got, want)
		}
	}
	for id := range seed {
		if _, ok := cat.Control(id); !ok {
			t.Errorf("the checklist's %s is not in the catalog", id)
		}
	}
}

// TestSeedParserFindsEachShape runs the parser over the shapes the checklist
// uses: "Please provide" under the heading, as its own top-level bullet, the
// ECS-A wording without "Please", sub-bullets, and a second list after a
// top-level bullet; bullets before the list are not items.
func TestSeedParserFindsEachShape(t *testing.T) {
	doc := "## Part\n" +
		"* **ECS-001 \\- One**  \n  Text.  \n  * not an item  \n  Please provide the following as evidence:  \n  * A \\- [link](http://x)  \n    * A.1  \n" +
		"* **ECS-002 \\- Two**  \n* Please provide the following as evidence:  \n  * B  \n* Something else  \n  * not an item  \n  Please Provide the following as evidence:  \n  * C  \n" +
		"* **ECS-003 \\- Three**  \n  Partners must provide the following as evidence  \n  * D  \n## Resources\n  * not an item\n"
	path := t.TempDir() + "/seed.md"
	if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	got := seedEvidence(t, path)
	want := map[string][]string{"ECS-001": {"A - link", "A.1"}, "ECS-002": {"B", "C"}, "ECS-003": {"D"}}
	for id, w := range want {
		if !slices.Equal(got[id], w) {
			t.Errorf("%s = %q, want %q", id, got[id], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("controls = %v, want %d", got, len(want))
	}
}
