package pdf

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
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
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

// pageText is pdftotext -layout of one page.
func pageText(t testing.TB, path string, page int) string {
	t.Helper()
	p := strconv.Itoa(page)
	return run(t, "pdftotext", "-layout", "-f", p, "-l", p, path, "-")
}

func allText(t testing.TB, path string) string {
	t.Helper()
	return run(t, "pdftotext", "-layout", path, "-")
}

var spaceRun = regexp.MustCompile(`\s+`)

// squash collapses white space so phrases can be found in layout output.
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

// outline reads the bookmarks with qpdf --json.
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

// word is one word of pdftotext -bbox output, in points.
type word struct {
	xMin, yMin, xMax float64
	text             string
}

var wordRE = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>`)

func words(t testing.TB, path string) []word {
	t.Helper()
	var out []word
	for _, m := range wordRE.FindAllStringSubmatch(run(t, "pdftotext", "-bbox", path, "-"), -1) {
		x0, _ := strconv.ParseFloat(m[1], 64)
		y0, _ := strconv.ParseFloat(m[2], 64)
		x1, _ := strconv.ParseFloat(m[3], 64)
		out = append(out, word{x0, y0, x1, m[4]})
	}
	return out
}

var fixedDate = time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)

func testOptions() Options {
	return Options{
		Title:      "ecspack test document",
		Subject:    "render/pdf tests",
		Author:     "ecspack",
		Creator:    "ecspack test",
		Keywords:   "ecs, pdf",
		Language:   "en-GB",
		Date:       fixedDate,
		FooterText: "pkg-test-0001",
	}
}

func render(t testing.TB, body func(d *Document) error) []byte {
	t.Helper()
	out, err := Render(context.Background(), testOptions(), body)
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	return out
}
