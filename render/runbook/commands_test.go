package runbook

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/internal/testkit/synthcase"
	"github.com/ecspack/ecspack/render/pdf"
	"github.com/ecspack/ecspack/sopfill"
)

// runbookCommands are the aws CLI commands a runbook's Markdown gives the
// reader: each line of a fenced code block that starts with "aws ", and each
// code span that does.
func runbookCommands(md string) (fenced, inline []string) {
	inFence := false
	for _, l := range strings.Split(md, "\n") {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "```") {
			inFence = !inFence
			continue
		}
		if inFence && strings.HasPrefix(t, "aws ") {
			fenced = append(fenced, t)
		}
		if !inFence {
			for _, m := range codeSpan.FindAllStringSubmatch(l, -1) {
				inline = append(inline, m[1])
			}
		}
	}
	return fenced, inline
}

var codeSpan = regexp.MustCompile("`(aws [^`]+)`")

func squashSpaces(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestRunbookCommandsCopyOut (issue 18): every command of the runbook, read
// back from the PDF with pdftotext and its continuation lines rejoined
// (pdf.Rejoin), is the command the runbook generated — no command is broken
// inside an argument. The sample's case studies and a synthetic estate
// (long generated names) are both checked.
func TestRunbookCommandsCopyOut(t *testing.T) {
	cf, _, err := evidence.Load("../../samples/harbor")
	if err != nil {
		t.Fatal(err)
	}
	synth, _ := synthcase.Casefile(t, 10)
	cases := map[string]struct {
		cf *evidence.Casefile
		cs *evidence.CaseStudy
	}{"synthetic": {synth, synth.CaseStudies[0]}}
	for _, cs := range cf.CaseStudies {
		cases[cs.ID] = struct {
			cf *evidence.Casefile
			cs *evidence.CaseStudy
		}{cf, cs}
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			md, err := sopfill.Runbook(context.Background(), c.cf, c.cs, sopfill.Options{})
			if err != nil {
				t.Fatal(err)
			}
			data, err := Render(context.Background(), Input{Casefile: c.cf, Case: c.cs, Markdown: md})
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "runbook.pdf")
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			text := pdf.Rejoin(run(t, "pdftotext", "-raw", path, "-"))
			lines := map[string]bool{}
			for _, l := range strings.Split(text, "\n") {
				lines[squashSpaces(l)] = true
			}
			fenced, inline := runbookCommands(string(md))
			if len(fenced) < 3 {
				t.Fatalf("only %d commands in the runbook's code blocks; the template gives more", len(fenced))
			}
			for _, cmd := range fenced {
				if !lines[squashSpaces(cmd)] {
					t.Errorf("command not found as one line after rejoining:\n%s", cmd)
				}
			}
			flat := squashSpaces(text)
			for _, cmd := range inline {
				if !strings.Contains(flat, squashSpaces(cmd)) {
					t.Errorf("inline command broken in the PDF text:\n%s", cmd)
				}
			}
			t.Logf("%d commands in code blocks, %d in text", len(fenced), len(inline))
		})
	}
}
