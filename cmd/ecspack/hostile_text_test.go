package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/internal/testkit/readback"
)

// TestHostileTextInAnAnswer builds the sample with an answer holding text
// the PDF cannot print (CJK, a control character, a right-to-left override)
// and links that must not be clickable. The build succeeds, warns naming the
// answer's file and line, prints visible markers in the PDF, and makes no
// javascript: or file: link.
func TestHostileTextInAnAnswer(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the sample casefile")
	}
	dir := filepath.Join(t.TempDir(), "harbor")
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "..", "samples", "harbor"))); err != nil {
		t.Fatal(err)
	}
	answer := filepath.Join(dir, "case-studies", "contoso-health", "answers", "ECS-001.md")
	body, err := os.ReadFile(answer)
	if err != nil {
		t.Fatal(err)
	}
	line := bytes.Count(body, []byte("\n")) + 2 // after one blank line
	body = append(body, "\nOperated by 東京チーム\x01 from \u202Eevil.exe: <javascript:alert(1)> [passwd](file:///etc/passwd) <https://example.com/ok>\n"...)
	if err := os.WriteFile(answer, body, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out")
	code, _, stderr := runCLI(t, "build", dir, "-o", out)
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	wantWarning := answer + ":" + strconv.Itoa(line) + ": 5 CJK characters, 1 control character, 1 bidirectional control character cannot be printed"
	if !strings.Contains(stderr, "ecspack: warning: "+wantWarning) {
		t.Errorf("no warning %q in stderr:\n%s", wantWarning, stderr)
	}
	pdf, err := os.ReadFile(filepath.Join(out, "submission.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"/URI (javascript", "/URI (file"} {
		if bytes.Contains(pdf, []byte(bad)) {
			t.Errorf("submission.pdf has a clickable %s link", bad)
		}
	}
	if !bytes.Contains(pdf, []byte("/URI (https://example.com/ok)")) {
		t.Errorf("the https link is not clickable")
	}
	text := readback.Squash(readback.Text(t, filepath.Join(out, "submission.pdf")))
	for _, want := range []string{"Operated by [unprintable: 5 CJK characters]\uFFFD from \uFFFDevil.exe: javascript:alert(1) passwd"} {
		if !strings.Contains(text, want) {
			i := strings.Index(text, "Operated by")
			t.Errorf("PDF text lacks %q; near it: %q", want, text[max(i, 0):min(max(i, 0)+200, len(text))])
		}
	}
}
