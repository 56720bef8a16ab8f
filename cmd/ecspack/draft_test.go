package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/internal/testkit/readback"
)

// copySample copies the bundled sample casefile into a temporary directory.
func copySample(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "harbor")
	if err := os.CopyFS(dir, os.DirFS(sampleDir)); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestStubAndPlaceholderMakeADraft is the acceptance: a casefile with
// one stub answer and one placeholder is not ready, check names both controls
// with file and line, and build marks every page of every PDF as a draft and
// lists what is missing on the cover and the workbook's Summary.
func TestStubAndPlaceholderMakeADraft(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end build")
	}
	dir := copySample(t)
	writeFile(t, filepath.Join(dir, "case-studies/northwind-freight/answers/ECS-003.md"),
		"---\n# attachments: [attachments/example.png]\n---\n<!--\nECS-003 — what the reviewer asks for\n-->\n")
	ans := filepath.Join(dir, "case-studies/contoso-health/answers/ECS-005.md")
	b, err := os.ReadFile(ans)
	if err != nil {
		t.Fatal(err)
	}
	body := strings.TrimRight(string(b), "\n") + "\n\nTBD: the role of the claims backfill task.\n"
	writeFile(t, ans, body)
	placeholderLine := strings.Count(body, "\n")

	code, out, errOut := runCLI(t, "check", dir)
	if code != ExitNotReady {
		t.Fatalf("check: exit %d, want %d\n%s%s", code, ExitNotReady, out, errOut)
	}
	for _, want := range []string{
		"ECS-003", "case-studies/northwind-freight/answers/ECS-003.md:4",
		"ECS-005", "case-studies/contoso-health/answers/ECS-005.md:" + strconv.Itoa(placeholderLine),
		"NOT READY",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("check output lacks %q:\n%s", want, out)
		}
	}

	pkg := filepath.Join(t.TempDir(), "out")
	if code, _, errOut := runCLI(t, "build", dir, "-o", pkg, "--quiet"); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, errOut)
	}
	pkg2 := filepath.Join(t.TempDir(), "out")
	if code, _, errOut := runCLI(t, "build", dir, "-o", pkg2, "--quiet"); code != 0 {
		t.Fatalf("second build: exit %d\n%s", code, errOut)
	}
	s1, s2 := readback.TreeSums(t, pkg), readback.TreeSums(t, pkg2)
	for p, h := range s1 {
		if s2[p] != h {
			t.Errorf("%s differs between two builds of the same draft", p)
		}
	}
	readback.NeedTool(t, "pdftotext", "pdfinfo")
	pdfs := []string{"submission.pdf", "runbooks/northwind-freight.pdf", "runbooks/contoso-health.pdf"}
	for _, name := range pdfs {
		path := filepath.Join(pkg, name)
		n := readback.PageCount(t, path)
		for p := 1; p <= n; p++ {
			text := readback.Squash(readback.PageText(t, path, p))
			if !strings.Contains(text, "DRAFT") || !strings.Contains(text, "not ready for submission") {
				t.Errorf("%s page %d of %d carries no draft mark:\n%.300s", name, p, n, text)
			}
		}
	}
	cover := readback.Squash(readback.PageText(t, filepath.Join(pkg, "submission.pdf"), 1))
	for _, want := range []string{"missing", "ECS-003: needs-narrative", "ECS-005: needs-narrative", "ECS-003.md:4"} {
		if !strings.Contains(cover, want) {
			t.Errorf("the cover does not list %q:\n%s", want, cover)
		}
	}

	f := openWorkbook(t, filepath.Join(pkg, "self-assessment.xlsx"))
	all := sheetText(t, f, "Summary", " | ")
	if v, _ := f.GetCellValue("Summary", "B6"); !strings.HasPrefix(v, "no: DRAFT") {
		t.Errorf("Summary Ready cell is %q, want a draft mark", v)
	}
	for _, want := range []string{"DRAFT: missing", "ECS-003: needs-narrative", "ECS-005: needs-narrative"} {
		if !strings.Contains(all, want) {
			t.Errorf("Summary lacks %q", want)
		}
	}
}
