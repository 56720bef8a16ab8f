package pdf

import (
	"context"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/ecspack/ecspack/internal/testkit/readback"
)

// The tests read the PDFs back with independent tools (poppler, qpdf).
// Without them a test skips, except under CI=true, where it fails.

func run(t testing.TB, name string, args ...string) string { return readback.Run(t, name, args...) }

func writePDF(t testing.TB, data []byte) string { return readback.WritePDF(t, data) }

func pageText(t testing.TB, path string, page int) string { return readback.PageText(t, path, page) }

func allText(t testing.TB, path string) string { return readback.Text(t, path) }

func squash(s string) string { return readback.Squash(s) }

// spaceRun matches runs of white space (to join wrapped text).
var spaceRun = regexp.MustCompile(`\s+`)

func pageCount(t testing.TB, path string) int { return readback.PageCount(t, path) }

type outlineItem = readback.OutlineItem

func outline(t testing.TB, path string) []outlineItem { return readback.Outline(t, path) }

func qpdfCheck(t testing.TB, path string) { readback.QPDFCheck(t, path) }

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
