package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ecspack/ecspack/internal/testkit/readback"
)

// TestHTMLCommentsAreNeverPrinted: HTML comments are guidance, never claims.
// check ignores them, so the package must not print them either: an answer
// written below init's stub comment (which says "Replace this comment with
// your answer") is ready, and neither the comment nor an inline one may reach
// the reviewer PDF or the workbook, where a reviewer would read them as the
// partner's words.
func TestHTMLCommentsAreNeverPrinted(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end build")
	}
	dir := copySample(t)
	stub := "<!--\n1.2 — Services Path Membership\n\nReplace this comment with your answer, in Markdown. COMMENTBLOCKCLAIM\n-->\n"
	p := filepath.Join(dir, "answers", "1.2.md")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.SplitN(string(b), "---\n", 3) // "", front matter, body
	if len(parts) != 3 {
		t.Fatalf("%s no longer opens with front matter", p)
	}
	writeFile(t, p, "---\n"+parts[1]+"---\n"+stub+parts[2])
	q := filepath.Join(dir, "case-studies", "contoso-health", "answers", "ECS-004.md")
	b, err = os.ReadFile(q)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, q, string(b)+"\nRollbacks are rehearsed <!-- INLINECLAIM --> every quarter.\n")

	if code, out, errOut := runCLI(t, "check", dir); code != 0 {
		t.Fatalf("check: exit %d, want 0 (comments are not read)\n%s%s", code, out, errOut)
	}
	pkg := filepath.Join(t.TempDir(), "out")
	if code, _, errOut := runCLI(t, "build", dir, "-o", pkg, "--quiet"); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, errOut)
	}
	readback.NeedTool(t, "pdftotext")
	text := readback.Squash(readback.Text(t, filepath.Join(pkg, "submission.pdf")))
	if !strings.Contains(text, "Rollbacks are rehearsed") {
		t.Fatalf("the answer's own text is missing from the PDF; the test no longer sees it")
	}
	f, err := excelize.OpenFile(filepath.Join(pkg, "self-assessment.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cells strings.Builder
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			cells.WriteString(strings.Join(r, " | ") + "\n")
		}
	}
	if !strings.Contains(cells.String(), "Rollbacks are rehearsed") {
		t.Fatalf("the answer's own text is missing from the workbook; the test no longer sees it")
	}
	for _, leak := range []string{"COMMENTBLOCKCLAIM", "INLINECLAIM", "Replace this comment", "<!--", "-->"} {
		if strings.Contains(text, leak) {
			t.Errorf("submission.pdf prints the HTML comment text %q", leak)
		}
		if strings.Contains(cells.String(), leak) {
			t.Errorf("self-assessment.xlsx prints the HTML comment text %q", leak)
		}
	}
}
