package runbook

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ecspack/ecspack/render/pdf"
	"github.com/ecspack/ecspack/sopfill"
)

func TestSplitStart(t *testing.T) {
	for _, tt := range []struct {
		name, md, start, body string
	}{
		{"no Start here chapter", "# Runbook\n\ntext\n", "", "# Runbook\n\ntext\n"},
		{"chapter then body", "# Start here\n\nfirst\n\n# Runbook\n\nrest\n", "# Start here\n\nfirst\n\n", "# Runbook\n\nrest\n"},
		{"a '# ' line in a code block is not a chapter", "# Start here\n\n```\n# not a heading\n```\n\n# Runbook\n", "# Start here\n\n```\n# not a heading\n```\n\n", "# Runbook\n"},
		{"tilde fences too", "# Start here\n~~~\n# x\n~~~\n# B\n", "# Start here\n~~~\n# x\n~~~\n", "# B\n"},
		{"a chapter with nothing after it is all body", "# Start here\n\nonly\n", "", "# Start here\n\nonly\n"},
		{"a level-2 heading does not end it", "# Start here\n## Sub\n# B\n", "# Start here\n## Sub\n", "# B\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			start, body := splitStart([]byte(tt.md))
			if string(start) != tt.start || string(body) != tt.body {
				t.Errorf("splitStart = %q, %q; want %q, %q", start, body, tt.start, tt.body)
			}
		})
	}
}

// sampleRunbook renders the sample's first case study's real runbook (the
// Markdown sopfill fills) and returns its PDF, its Markdown and the path.
func sampleRunbook(t *testing.T) (data, md []byte, path string) {
	t.Helper()
	in := sampleInput(t)
	md, err := sopfill.Runbook(context.Background(), in.Casefile, in.Case, sopfill.Options{})
	if err != nil {
		t.Fatal(err)
	}
	in.Markdown = md
	if data, err = Render(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	path = filepath.Join(t.TempDir(), "runbook.pdf")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return data, md, path
}

// fenced are the lines of the code blocks of a Markdown text.
func fenced(md string) []string {
	var out []string
	in := false
	for _, l := range strings.Split(md, "\n") {
		switch {
		case strings.HasPrefix(l, "```"):
			in = !in
		case in && strings.TrimSpace(l) != "":
			out = append(out, l)
		}
	}
	return out
}

// squeeze drops white space and the marks a wrapped code line may carry, so
// a command wrapped over lines compares equal to its one-line original.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '\n' || r == '\t' || r == '\f' || strings.ContainsRune(`\↵⏎↩↪`+pdf.ContinuationMark, r) {
			return -1
		}
		return r
	}, s)
}

// TestStartHerePage reads the sample runbook back: the Start here page
// follows the cover, before the contents, and holds the five things most
// likely to page someone each with its first command, the escalation
// matrix in level order, and the pages of the diagrams and sections it
// names, which are right.
func TestStartHerePage(t *testing.T) {
	data, md, path := sampleRunbook(t)
	in := sampleInput(t)
	pages := strings.Split(run(t, "pdftotext", "-layout", path, "-"), "\f")
	if !strings.Contains(pages[1], "Start here") || !strings.Contains(pages[1], "What most likely pages you") {
		t.Fatalf("page 2 is not the Start here page:\n%s", pages[1])
	}
	contents := 1
	for contents < len(pages) && !strings.Contains(pages[contents], "Contents\n") {
		contents++
	}
	start := strings.Join(pages[1:contents], "\n")
	raw := strings.Join(strings.Fields(strings.Join(strings.Split(run(t, "pdftotext", "-raw", path, "-"), "\f")[1:contents], " ")), " ")

	chapter, _, _ := strings.Cut(string(md), "\n# Operations Runbook")
	cmds := fenced(chapter)
	if len(cmds) != sopfill.MaxPages {
		t.Fatalf("the Start here chapter has %d commands, want %d:\n%s", len(cmds), sopfill.MaxPages, chapter)
	}
	for i, c := range cmds {
		if !strings.HasPrefix(c, "aws ") {
			t.Errorf("command %d is not an aws CLI command: %q", i+1, c)
		}
		if !strings.Contains(squeeze(start), squeeze(c)) {
			t.Errorf("command %d is not on the Start here page: %q", i+1, c)
		}
		if !regexp.MustCompile(`(?m)^\s*` + strconv.Itoa(i+1) + `\. \S`).MatchString(start) {
			t.Errorf("item %d is not on the Start here page", i+1)
		}
	}
	checkMatrix(t, raw, in)
	checkPageRefs(t, pages, start)
	again, _, _ := sampleRunbook(t)
	if !bytes.Equal(data, again) {
		t.Error("two renders of the sample runbook differ")
	}
}

// checkMatrix holds that every contact with an escalation level is in the
// matrix with its 24×7 number, in level order, and AWS Support after them.
func checkMatrix(t *testing.T, raw string, in Input) {
	t.Helper()
	last, lastLevel := -1, 0
	for level := 1; level <= 3; level++ {
		for _, c := range append(slices.Clone(in.Case.Contacts), in.Casefile.Partner.Contacts...) {
			if c.EscalationLevel != level {
				continue
			}
			i := strings.Index(raw, c.Name)
			if i < 0 {
				t.Errorf("level-%d contact %s is not in the matrix", level, c.Name)
				continue
			}
			if c.Phone24x7 != "" && !strings.Contains(raw[i:], "24×7 "+c.Phone24x7) {
				t.Errorf("%s's 24×7 number %s is not in the matrix", c.Name, c.Phone24x7)
			}
			if i < last && level > lastLevel {
				t.Errorf("level-%d contact %s comes before a level-%d one", level, c.Name, lastLevel)
			}
			last, lastLevel = i, level
		}
	}
	if lastLevel == 0 {
		t.Fatal("the sample has no contact with an escalation level")
	}
	if i := strings.Index(raw, "AWS Support"); i < last {
		t.Errorf("AWS Support is not the last step of the matrix (at %d, last contact at %d)", i, last)
	}
}

// checkPageRefs holds that each "… — page N" the Start here page gives
// lands on a page that shows that heading.
func checkPageRefs(t *testing.T, pages []string, start string) {
	t.Helper()
	refs := regexp.MustCompile(`(?m)^\s*(Architecture diagrams:|Section) (.+?) — pages? (\d+)(?:–\d+)?\s*$`).FindAllStringSubmatch(start, -1)
	if len(refs) != 5 { // the diagrams, and the alerting, troubleshooting, DR and contacts sections
		t.Fatalf("the Start here page gives %d pages, want the diagrams' and four sections':\n%s", len(refs), start)
	}
	for _, r := range refs {
		n, _ := strconv.Atoi(r[3])
		title := strings.Fields(r[2])[0:2]
		if n < 1 || n > len(pages) || !strings.Contains(pages[n-1], strings.Join(title, " ")) {
			t.Errorf("%q points to page %d, which does not show it", r[0], n)
		}
	}
}

// TestStartPagePageList holds which headings the Start here page gives the
// page of: the diagrams as one line (a range when they take several pages),
// the landmark sections of the runbook body, nothing the contents leave out.
func TestStartPagePageList(t *testing.T) {
	for _, tt := range []struct {
		name      string
		prev      []pdf.Entry
		want, not []string
	}{
		{"first pass: nothing known yet", nil, nil, []string{"Pages to turn to"}},
		{"diagrams on several pages and the landmarks", []pdf.Entry{
			{Level: 1, Text: "System overview", Anchor: "overview", Page: 5, InContents: true},
			{Level: 2, Text: "VPC overview", Anchor: "diagram/a", Page: 5, InContents: true},
			{Level: 2, Text: "Cluster detail", Anchor: "diagram/b", Page: 9, InContents: true},
			{Level: 2, Text: "4. Alerting", Anchor: "runbook/4-alerting", Page: 12, InContents: true},
			{Level: 2, Text: "5. Standard operations", Anchor: "runbook/5-standard-operations", Page: 13, InContents: true},
			{Level: 3, Text: "Troubleshooting detail", Anchor: "runbook/x", Page: 14, InContents: true},
			{Level: 2, Text: "7. Disaster recovery", Anchor: "runbook/7", Page: 15, InContents: false},
		}, []string{"Architecture diagrams: System overview — pages 5–9", "Section 4. Alerting — page 12"},
			[]string{"Standard operations", "Troubleshooting detail", "Disaster recovery", "Cluster detail"}},
		{"one diagram page", []pdf.Entry{{Level: 1, Text: "System overview", Anchor: "overview", Page: 4, InContents: true}},
			[]string{"Architecture diagrams: System overview — page 4"}, []string{"pages"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d, err := pdf.New(pdf.Options{Title: "t", Date: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)})
			if err != nil {
				t.Fatal(err)
			}
			if err := startPage(d, []byte("# Start here\n\nText.\n"), tt.prev); err != nil {
				t.Fatal(err)
			}
			data, err := d.Bytes()
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "s.pdf")
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			text := strings.Join(strings.Fields(run(t, "pdftotext", "-layout", path, "-")), " ")
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("page lacks %q:\n%s", w, text)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(text, n) {
					t.Errorf("page says %q:\n%s", n, text)
				}
			}
		})
	}
}
