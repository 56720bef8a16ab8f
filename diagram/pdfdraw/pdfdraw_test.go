package pdfdraw

import (
	"bytes"
	"compress/zlib"
	"io"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"

	"codeberg.org/go-pdf/fpdf"

	"github.com/ecspack/ecspack/diagram/drawop"
)

func pt(x, y float64) drawop.Point { return drawop.Point{X: x, Y: y} }

func drawing() drawop.Drawing {
	black := drawop.Color{A: 255}
	return drawop.Drawing{Width: 200, Height: 100, Ops: []drawop.Op{
		{Kind: drawop.Polygon, Points: []drawop.Point{pt(0, 0), pt(200, 0), pt(200, 100)}, Filled: true, Fill: drawop.Color{R: 255, G: 255, B: 255, A: 255}, Pen: drawop.Pen{Width: 1}},
		{Kind: drawop.Bezier, Points: []drawop.Point{pt(10, 10), pt(10, 20), pt(20, 20), pt(20, 10)}, Stroke: black, Pen: drawop.Pen{Width: 1, Dash: "dashed"}},
		{Kind: drawop.Polyline, Points: []drawop.Point{pt(1, 1), pt(50, 50)}, Stroke: black, Pen: drawop.Pen{Width: 2}},
		{Kind: drawop.Ellipse, Center: pt(100, 50), RX: 10, RY: 5, Stroke: black, Pen: drawop.Pen{Width: 1}},
		{Kind: drawop.Text, Text: "Availability Zone ü", Pos: pt(100, 50), Anchor: drawop.AnchorCenter, Width: 20,
			Font: drawop.Font{Name: "Helvetica", Size: 14, Bold: true}, Stroke: black},
	}}
}

// content returns the uncompressed page content streams of a PDF.
func content(t *testing.T, pdf []byte) string {
	t.Helper()
	var out bytes.Buffer
	for _, m := range regexp.MustCompile(`(?s)stream\r?\n(.*?)endstream`).FindAllSubmatch(pdf, -1) {
		r, err := zlib.NewReader(bytes.NewReader(m[1]))
		if err != nil {
			continue
		}
		b, _ := io.ReadAll(r)
		out.Write(b)
	}
	return out.String()
}

func TestDrawFitsBoxAndRestoresState(t *testing.T) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddPage()
	pdf.SetFont("Helvetica", "", 11)
	pdf.SetDrawColor(1, 2, 3)
	pdf.SetXY(12, 140)
	if err := Draw(pdf, drawing(), 10, 10, 100, 100, Options{}); err != nil {
		t.Fatal(err)
	}
	if x, y := pdf.GetXY(); x != 12 || y != 140 {
		t.Errorf("cursor left at (%g, %g), want (12, 140): the text after a drawing would print over it", x, y)
	}
	if r, g, b := pdf.GetDrawColor(); r != 1 || g != 2 || b != 3 {
		t.Errorf("draw colour not restored: %d %d %d", r, g, b)
	}
	if pt, _ := pdf.GetFontSize(); pt != 11 || pdf.GetFontFamily() != "helvetica" {
		t.Errorf("font not restored: %s %g", pdf.GetFontFamily(), pt)
	}
	var out bytes.Buffer
	if err := pdf.Output(&out); err != nil {
		t.Fatal(err)
	}
	c := content(t, out.Bytes())
	if !regexp.MustCompile(`\d c\n`).MatchString(c) {
		t.Error("no Bézier curve in the page")
	}
	if !regexp.MustCompile(`\[[0-9.]+ [0-9.]+\] 0\.00 d`).MatchString(c) {
		t.Error("no dash pattern in the page")
	}
	if !bytes.Contains([]byte(c), []byte("BT")) {
		t.Error("no text object: labels must be real text")
	}
	if bytes.Contains(out.Bytes(), []byte("/Subtype /Image")) {
		t.Error("a raster image was written")
	}
	// A 200x100 pt drawing in a 100x100 mm box: scale 0.5 mm/pt, centred vertically.
	if s, w, h := Fit(drawing(), 100, 100); s != 0.5 || w != 100 || h != 50 {
		t.Errorf("Fit = %g %g %g, want 0.5 100 50", s, w, h)
	}
}

func TestDrawErrors(t *testing.T) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddPage()
	if err := Draw(pdf, drawing(), 0, 0, 0, 10, Options{}); err == nil {
		t.Error("zero-width box: no error")
	}
	if err := Draw(pdf, drawop.Drawing{}, 0, 0, 10, 10, Options{}); err != nil {
		t.Errorf("empty drawing: %v", err)
	}
}

// TestDrawClipsToItsBox prints a heading, then a drawing whose white
// background polygon reaches past the drawing's bounds (as Graphviz's does
// by its padding), and rasterises the page with poppler: the heading above
// the box must still show, as an SVG viewer would clip the polygon.
func TestDrawClipsToItsBox(t *testing.T) {
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Skip("pdftoppm (poppler-utils) not installed")
	}
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddPage()
	pdf.SetFont("Helvetica", "B", 28)
	pdf.Text(12, 25, "HEADING")
	white := drawop.Color{R: 255, G: 255, B: 255, A: 255}
	d := drawop.Drawing{Width: 200, Height: 100, Ops: []drawop.Op{
		{Kind: drawop.Polygon, Points: []drawop.Point{pt(-60, -60), pt(260, -60), pt(260, 160), pt(-60, 160)}, Filled: true, Fill: white, Stroke: white, Pen: drawop.Pen{Width: 1}},
	}}
	if err := Draw(pdf, d, 10, 30, 100, 50, Options{}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "page.pdf")
	if err := pdf.OutputFileAndClose(file); err != nil {
		t.Fatal(err)
	}
	// The heading's band, 10–26 mm from the top, at 50 dpi, as greys.
	out, err := exec.Command("pdftoppm", "-gray", "-r", "50", "-x", "20", "-y", "20", "-W", "200", "-H", "32", "-f", "1", "-l", "1", file).Output()
	if err != nil {
		t.Fatal(err)
	}
	parts := bytes.SplitN(out, []byte("\n"), 4) // P5, width height, 255, pixels
	if len(parts) != 4 || string(parts[0]) != "P5" {
		t.Fatalf("pdftoppm wrote no PGM image: %q", out[:min(len(out), 20)])
	}
	dark := 0
	for _, px := range parts[3] {
		if px < 100 {
			dark++
		}
	}
	if dark < 20 {
		t.Errorf("the heading above the drawing is painted over: %d dark pixels in its band", dark)
	}
}
