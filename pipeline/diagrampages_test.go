package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/catalog"
	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/internal/testkit/readback"
	"github.com/ecspack/ecspack/internal/testkit/synthcase"
	"github.com/ecspack/ecspack/render/pdf"
)

// boxPerPoint calibrates what `pdftotext -bbox` reports: the height of a
// word's box per point of type size, measured on body text of a known size
// (10 pt, render/pdf's body) in the regular and bold Go fonts the diagrams
// print in. It returns the larger of the two, so a size read with it is
// never overstated. (Measured: 1.154 — poppler's box is the
// font's ascent plus descent.)
func boxPerPoint(t *testing.T) float64 {
	t.Helper()
	out, err := pdf.Render(context.Background(), pdf.Options{}, func(d *pdf.Document) error {
		d.Spans([]pdf.Span{{Text: "Calibrate "}, {Text: "Bold", Bold: true}})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	ratio := 0.0
	for _, w := range readback.Boxes(t, readback.WritePDF(t, out))[0].Words {
		if w.Text == "Calibrate" || w.Text == "Bold" {
			ratio = max(ratio, w.Height()/10)
		}
	}
	if ratio < 0.8 || ratio > 1.6 {
		t.Fatalf("calibration: a 10 pt word's box is %.2f pt high per point; expected about 1.2", ratio)
	}
	t.Logf("calibration: a word's box is %.4f pt high per point of type", ratio)
	return ratio
}

// diagramPages returns the 1-based pages whose outline entry is a diagram
// heading: the children of "Architecture" (reviewer PDF; the 2.2 control's
// heading excepted) and of "System overview" (runbook).
func diagramPages(t *testing.T, path string) []int {
	t.Helper()
	var pages []int
	var walk func(items []readback.OutlineItem)
	walk = func(items []readback.OutlineItem) {
		for _, it := range items {
			if it.Title == "Architecture" || it.Title == "System overview" {
				for _, k := range it.Kids {
					if !strings.HasPrefix(k.Title, "2.2 ") {
						pages = append(pages, k.Page)
					}
				}
				continue
			}
			walk(it.Kids)
		}
	}
	walk(readback.Outline(t, path))
	return pages
}

// TestDiagramPagesAreLandscapeAndLegible is issue 18's measurement: on the
// sample and on the synthetic estate of 100 services, every diagram page of
// the reviewer PDF and of every runbook is landscape (page size from
// pdfinfo) and every word on it prints at 6 pt or more (word boxes from
// `pdftotext -bbox`, turned into type sizes with boxPerPoint). The number
// of diagram pages must match the diagrams written, so a diagram missing
// from a document cannot pass unseen.
func TestDiagramPagesAreLandscapeAndLegible(t *testing.T) {
	readback.NeedTool(t, "pdfinfo")
	readback.NeedTool(t, "qpdf")
	perPoint := boxPerPoint(t)
	tests := []struct {
		name string
		load func(t *testing.T) (*evidence.Casefile, *catalog.Catalog)
	}{
		{"sample", func(t *testing.T) (*evidence.Casefile, *catalog.Catalog) {
			cf, cat, err := evidence.Load(sampleDir)
			if err != nil {
				t.Fatal(err)
			}
			return cf, cat
		}},
		{"synth --services 100", func(t *testing.T) (*evidence.Casefile, *catalog.Catalog) { return synthcase.Casefile(t, 100) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cf, cat := tt.load(t)
			out := filepath.Join(t.TempDir(), "out")
			if _, err := Build(context.Background(), cf, cat, Options{OutDir: out, ToolVersion: "test"}); err != nil {
				t.Fatal(err)
			}
			want := map[string]int{} // document → diagrams it must show
			cases, err := os.ReadDir(filepath.Join(out, "diagrams"))
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range cases {
				svgs, _ := filepath.Glob(filepath.Join(out, "diagrams", c.Name(), "*.svg"))
				want["submission.pdf"] += len(svgs)
				want[filepath.Join("runbooks", c.Name()+".pdf")] = len(svgs)
			}
			for doc, n := range want {
				checkDiagramPages(t, filepath.Join(out, doc), n, perPoint)
			}
		})
	}
}

// checkDiagramPages holds one document to the rule of
// TestDiagramPagesAreLandscapeAndLegible and logs what it measured.
func checkDiagramPages(t *testing.T, path string, want int, perPoint float64) {
	t.Helper()
	name := filepath.Base(path)
	sizes := readback.PageSizes(t, path)
	boxes := readback.Boxes(t, path)
	pages := diagramPages(t, path)
	if len(pages) != want || want == 0 {
		t.Errorf("%s: %d diagram pages, want %d (one per diagram written)", name, len(pages), want)
	}
	smallest, where, what := 0.0, 0, ""
	for _, p := range pages {
		if p < 1 || p > len(sizes) || p > len(boxes) {
			t.Fatalf("%s: outline points at page %d of %d", name, p, len(sizes))
		}
		if w, h := sizes[p-1][0], sizes[p-1][1]; w <= h {
			t.Errorf("%s p.%d: %g × %g pt, not landscape", name, p, w, h)
		}
		if len(boxes[p-1].Words) == 0 {
			t.Errorf("%s p.%d: no text on a diagram page", name, p)
		}
		for _, w := range boxes[p-1].Words {
			if size := w.Height() / perPoint; smallest == 0 || size < smallest {
				smallest, where, what = size, p, w.Text
			}
		}
	}
	if smallest < 6 {
		t.Errorf("%s: the smallest text on a diagram page is %.2f pt (%q on p.%d), want ≥ 6 pt", name, smallest, what, where)
	}
	t.Logf("%s: %d pages, %d diagram pages (all landscape), smallest text %.2f pt (%q, p.%d)", name, len(sizes), len(pages), smallest, what, where)
}
