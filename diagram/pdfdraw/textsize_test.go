package pdfdraw

import (
	"math"
	"testing"

	"codeberg.org/go-pdf/fpdf"

	"github.com/ecspack/ecspack/diagram/drawop"
)

// TestSmallestText: a label the Go font prints wider than Graphviz measured
// is condensed and keeps its size, down to minCondense; beyond that it is
// made smaller, and SmallestText says by how much.
func TestSmallestText(t *testing.T) {
	pdf := fpdf.New("L", "pt", "A4", "")
	pdf.AddPage()
	pdf.SetFont("Helvetica", "", 10)
	label := "availability-zone-1a"
	pdf.SetFontUnitSize(8)
	natural := pdf.GetStringWidth(label) // Helvetica: the family this test measures with
	pdf.SetFontSize(10)
	black := drawop.Color{A: 255}
	text := func(size, width float64) drawop.Op {
		return drawop.Op{Kind: drawop.Text, Text: label, Width: width, Font: drawop.Font{Size: size}, Stroke: black}
	}
	tests := []struct {
		name string
		ops  []drawop.Op
		want float64
	}{
		{"no text", nil, 0},
		{"fits", []drawop.Op{text(8, natural), text(10, 0)}, 8},
		{"condensed keeps its size", []drawop.Op{text(8, natural*0.8)}, 8},
		{"too narrow shrinks", []drawop.Op{text(8, natural*minCondense/2)}, 4},
		{"invisible text ignored", []drawop.Op{{Kind: drawop.Text, Text: "x", Font: drawop.Font{Size: 2}}, text(9, 0)}, 9},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SmallestText(pdf, drawop.Drawing{Width: 100, Height: 100, Ops: tt.ops}, "Helvetica")
			if math.Abs(got-tt.want) > 0.01 {
				t.Errorf("SmallestText = %.3f, want %.3f", got, tt.want)
			}
		})
	}
	if size, _ := pdf.GetFontSize(); pdf.GetFontFamily() != "helvetica" || size != 10 {
		t.Errorf("font left as %s %g, want helvetica 10", pdf.GetFontFamily(), size)
	}
}
