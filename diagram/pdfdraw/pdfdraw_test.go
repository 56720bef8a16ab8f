package pdfdraw

import (
	"bytes"
	"compress/zlib"
	"io"
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
