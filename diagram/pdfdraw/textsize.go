package pdfdraw

import (
	"codeberg.org/go-pdf/fpdf"

	"github.com/ecspack/ecspack/diagram/drawop"
)

// SmallestText returns the size, in points, of the smallest text Draw prints
// for d at scale 1 (one point of the drawing to one point of the page), in
// the given font family of pdf: the smallest Graphviz font size, after the
// shrink Draw applies where the substitute face would need condensing below
// minCondense to fit the width Graphviz measured. A drawing drawn at scale s prints its smallest text at
// s times this, which is what a page layout needs to keep text legible. It
// returns 0 for a drawing without text. pdf is used only to measure strings;
// its current font is restored.
func SmallestText(pdf *fpdf.Fpdf, d drawop.Drawing, family string) float64 {
	saved := save(pdf)
	defer saved.restore(pdf)
	smallest := 0.0
	for i := range d.Ops {
		op := &d.Ops[i]
		if op.Kind != drawop.Text || op.Text == "" || op.Stroke.Transparent() || op.Font.Size <= 0 {
			continue
		}
		size := op.Font.Size
		if op.Width > 0 {
			style := ""
			if op.Font.Bold {
				style += "B"
			}
			if op.Font.Italic {
				style += "I"
			}
			pdf.SetFont(family, style, 0)
			pdf.SetFontUnitSize(size)
			if w := pdf.GetStringWidth(op.Text); w > op.Width && op.Width/w < minCondense {
				size *= op.Width / w / minCondense
			}
		}
		if smallest == 0 || size < smallest {
			smallest = size
		}
	}
	return smallest
}
