package submission

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The tests read the PDFs back with independent tools (poppler, qpdf).
// Without them a test skips, except under CI=true, where it fails.
// (Mirrors render/pdf's helpers; test code is not importable.)

func needTool(t testing.TB, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required when CI=true (apt-get install -y poppler-utils qpdf): %v", name, err)
		}
		t.Skipf("%s not installed; skipping (apt-get install -y poppler-utils qpdf)", name)
	}
	return path
}

func run(t testing.TB, name string, args ...string) string {
	t.Helper()
	tool := needTool(t, name)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, tool, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

func writePDF(t testing.TB, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "out.pdf")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// pages is the text of every page (pdftotext separates pages with form feeds).
func pages(t testing.TB, path string) []string {
	t.Helper()
	out := run(t, "pdftotext", "-layout", path, "-")
	ps := strings.Split(out, "\f")
	if len(ps) > 0 && strings.TrimSpace(ps[len(ps)-1]) == "" {
		ps = ps[:len(ps)-1]
	}
	return ps
}

var spaceRun = regexp.MustCompile(`\s+`)

func squash(s string) string { return spaceRun.ReplaceAllString(s, " ") }

func pageCount(t testing.TB, path string) int {
	t.Helper()
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindStringSubmatch(run(t, "pdfinfo", path))
	if m == nil {
		t.Fatal("pdfinfo: no page count")
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

type outlineItem struct {
	Title string        `json:"title"`
	Page  int           `json:"destpageposfrom1"`
	Kids  []outlineItem `json:"kids"`
}

func outline(t testing.TB, path string) []outlineItem {
	t.Helper()
	var doc struct {
		Outlines []outlineItem `json:"outlines"`
	}
	if err := json.Unmarshal([]byte(run(t, "qpdf", "--json=2", "--json-key=outlines", path)), &doc); err != nil {
		t.Fatalf("qpdf json: %v", err)
	}
	return doc.Outlines
}

func qpdfCheck(t testing.TB, path string) {
	t.Helper()
	out := run(t, "qpdf", "--check", path)
	if !strings.Contains(out, "No syntax or stream encoding errors") {
		t.Errorf("qpdf --check: %s", out)
	}
}
