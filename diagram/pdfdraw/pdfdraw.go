// Package pdfdraw replays a laid-out diagram (drawop.Drawing) onto an fpdf
// page as vector graphics with real text, so diagram pages in the reviewer
// PDF stay sharp at any zoom and their labels can be searched and extracted.
// No raster image is ever written.
package pdfdraw

import (
	"fmt"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gobolditalic"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"

	"github.com/ecspack/ecspack/diagram/drawop"
)

// DefaultFamily is the font family Draw registers (the Go fonts, UTF-8) when
// Options.FontFamily is empty.
const DefaultFamily = "ecspack-diagram"

// Options tunes Draw.
type Options struct {
	// FontFamily is an already registered UTF-8 family with regular, "B",
	// "I" and "BI" styles to print labels in, e.g. the document's body font,
	// so the PDF embeds one set of fonts. Empty registers the Go fonts as
	// DefaultFamily.
	FontFamily string
	// NoCenter places the drawing at the box's top-left corner instead of
	// centring it in the box.
	NoCenter bool
}

// Fit returns the scale (user units per point) and the size in user units at
// which a drawing fits a w×h box without distortion.
func Fit(d drawop.Drawing, w, h float64) (scale, dw, dh float64) {
	if d.Width <= 0 || d.Height <= 0 {
		return 0, 0, 0
	}
	scale = min(w/d.Width, h/d.Height)
	return scale, d.Width * scale, d.Height * scale
}

// Draw paints d scaled to fit the box (x, y, w, h), in the page's user
// units, keeping its aspect ratio. The caller's colours, line width, font
// and cursor (which fpdf's path operators move) are restored afterwards. It returns the pdf's error state, if any.
func Draw(pdf *fpdf.Fpdf, d drawop.Drawing, x, y, w, h float64, opt Options) error {
	if w <= 0 || h <= 0 {
		return fmt.Errorf("pdfdraw: box %gx%g: expected a positive width and height", w, h)
	}
	s, dw, dh := Fit(d, w, h)
	if s == 0 {
		return nil // an empty drawing
	}
	if !opt.NoCenter {
		x += (w - dw) / 2
		y += (h - dh) / 2
	}
	family := opt.FontFamily
	if family == "" {
		family = DefaultFamily
		pdf.AddUTF8FontFromBytes(family, "", goregular.TTF)
		pdf.AddUTF8FontFromBytes(family, "B", gobold.TTF)
		pdf.AddUTF8FontFromBytes(family, "I", goitalic.TTF)
		pdf.AddUTF8FontFromBytes(family, "BI", gobolditalic.TTF)
	}
	saved := save(pdf)
	defer saved.restore(pdf)
	// An SVG viewer clips to the viewport; so does the page. Graphviz's
	// background polygon reaches past the drawing's bounds by its padding,
	// and unclipped it painted white over the heading above the drawing.
	pdf.ClipRect(x, y, dw, dh, false)
	defer pdf.ClipEnd()

	r := replay{pdf: pdf, s: s, x0: x, y0: y, family: family}
	pdf.SetLineJoinStyle("round")
	pdf.SetLineCapStyle("round")
	for i := range d.Ops {
		r.op(&d.Ops[i])
	}
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("pdfdraw: %w", err)
	}
	return nil
}

type state struct {
	x, y             float64 // the cursor, which fpdf's path calls move
	draw, fill, text [3]int
	lineWidth        float64
	family, style    string
	size             float64
}

func save(pdf *fpdf.Fpdf) state {
	var st state
	st.x, st.y = pdf.GetXY()
	st.draw[0], st.draw[1], st.draw[2] = pdf.GetDrawColor()
	st.fill[0], st.fill[1], st.fill[2] = pdf.GetFillColor()
	st.text[0], st.text[1], st.text[2] = pdf.GetTextColor()
	st.lineWidth = pdf.GetLineWidth()
	st.family, st.style = pdf.GetFontFamily(), pdf.GetFontStyle()
	st.size, _ = pdf.GetFontSize()
	return st
}

func (st state) restore(pdf *fpdf.Fpdf) {
	pdf.SetDrawColor(st.draw[0], st.draw[1], st.draw[2])
	pdf.SetFillColor(st.fill[0], st.fill[1], st.fill[2])
	pdf.SetTextColor(st.text[0], st.text[1], st.text[2])
	pdf.SetLineWidth(st.lineWidth)
	pdf.SetDashPattern(nil, 0)
	pdf.SetLineJoinStyle("miter")
	pdf.SetLineCapStyle("butt")
	if st.family != "" {
		pdf.SetFont(st.family, st.style, st.size)
	}
	pdf.SetXY(st.x, st.y)
}

type replay struct {
	pdf    *fpdf.Fpdf
	s      float64
	x0, y0 float64
	family string
}

func (r *replay) xy(p drawop.Point) (float64, float64) { return r.x0 + p.X*r.s, r.y0 + p.Y*r.s }

// paint sets the colours and pen for op and returns fpdf's style string, or
// "" when the op would leave no mark.
func (r *replay) paint(op *drawop.Op, canFill bool) string {
	stroke := !op.Stroke.Transparent() && op.Pen.Width > 0
	fill := canFill && op.Filled && !op.Fill.Transparent()
	if stroke {
		r.pdf.SetDrawColor(int(op.Stroke.R), int(op.Stroke.G), int(op.Stroke.B))
		r.pdf.SetLineWidth(op.Pen.Width * r.s)
		switch op.Pen.Dash {
		case "dashed":
			r.pdf.SetDashPattern([]float64{5 * r.s, 2 * r.s}, 0)
		case "dotted":
			r.pdf.SetDashPattern([]float64{1 * r.s, 2 * r.s}, 0)
		default:
			r.pdf.SetDashPattern(nil, 0)
		}
	}
	if fill {
		r.pdf.SetFillColor(int(op.Fill.R), int(op.Fill.G), int(op.Fill.B))
	}
	switch {
	case stroke && fill:
		return "FD"
	case fill:
		return "F"
	case stroke:
		return "D"
	}
	return ""
}

func (r *replay) op(op *drawop.Op) {
	switch op.Kind {
	case drawop.Polygon:
		style := r.paint(op, true)
		if style == "" || len(op.Points) < 2 {
			return
		}
		pts := make([]fpdf.PointType, len(op.Points))
		for i, p := range op.Points {
			pts[i].X, pts[i].Y = r.xy(p)
		}
		r.pdf.Polygon(pts, style)
	case drawop.Polyline:
		style := r.paint(op, false)
		if style == "" || len(op.Points) < 2 {
			return
		}
		r.pdf.MoveTo(r.xy(op.Points[0]))
		for _, p := range op.Points[1:] {
			r.pdf.LineTo(r.xy(p))
		}
		r.pdf.DrawPath(style)
	case drawop.Bezier:
		style := r.paint(op, true)
		if style == "" || len(op.Points) < 4 {
			return
		}
		r.pdf.MoveTo(r.xy(op.Points[0]))
		for i := 1; i+2 < len(op.Points); i += 3 {
			c0x, c0y := r.xy(op.Points[i])
			c1x, c1y := r.xy(op.Points[i+1])
			ex, ey := r.xy(op.Points[i+2])
			r.pdf.CurveBezierCubicTo(c0x, c0y, c1x, c1y, ex, ey)
		}
		if op.Filled {
			r.pdf.ClosePath()
		}
		r.pdf.DrawPath(style)
	case drawop.Ellipse:
		style := r.paint(op, true)
		if style == "" {
			return
		}
		cx, cy := r.xy(op.Center)
		r.pdf.Ellipse(cx, cy, op.RX*r.s, op.RY*r.s, 0, style)
	case drawop.Text:
		r.text(op)
	}
}

func (r *replay) text(op *drawop.Op) {
	if op.Text == "" || op.Stroke.Transparent() {
		return
	}
	style := ""
	if op.Font.Bold {
		style += "B"
	}
	if op.Font.Italic {
		style += "I"
	}
	size := op.Font.Size * r.s
	if size <= 0 {
		return
	}
	r.pdf.SetFont(r.family, style, 0)
	r.pdf.SetFontUnitSize(size)
	width := r.pdf.GetStringWidth(op.Text)
	// Graphviz sized the box for its own metrics of the font it named; the
	// substitute face is narrowed, never widened, to the width it was given:
	// condensed first (the type keeps its size, which is what legibility and
	// the page's smallest-text rule measure), and only below minCondense
	// made smaller as well.
	condense := 1.0
	if want := op.Width * r.s; want > 0 && width > want {
		condense = want / width
		if condense < minCondense {
			size *= condense / minCondense
			r.pdf.SetFontUnitSize(size)
			condense = minCondense
		}
		width = want
	}
	r.pdf.SetTextColor(int(op.Stroke.R), int(op.Stroke.G), int(op.Stroke.B))
	x, y := r.xy(op.Pos)
	switch op.Anchor {
	case drawop.AnchorCenter:
		x -= width / 2
	case drawop.AnchorRight:
		x -= width
	}
	if condense == 1 {
		r.pdf.Text(x, y, op.Text)
		return
	}
	r.pdf.TransformBegin()
	r.pdf.TransformScaleX(condense*100, x, y)
	r.pdf.Text(x, y, op.Text)
	r.pdf.TransformEnd()
}

// minCondense is the narrowest Draw condenses a label to fit the width
// Graphviz measured (Go fonts run up to a tenth wider than Helvetica's
// metrics on names, and a third wider on the legend's spaced dashes "- - -");
// narrower than that, the text is made smaller instead.
const minCondense = 0.65

// DrawTurnable draws d to fit the box like Draw, but turns it a quarter (top
// to the left) when that prints it noticeably larger — as landscape figures
// are printed in reports. Both PDF documents place their diagrams this way.
func DrawTurnable(pdf *fpdf.Fpdf, d drawop.Drawing, x, y, w, h float64, opt Options) error {
	upright, _, _ := Fit(d, w, h)
	turned, _, _ := Fit(d, h, w)
	if turned <= upright*1.15 {
		return Draw(pdf, d, x, y, w, h, opt)
	}
	cx, cy := x+w/2, y+h/2
	pdf.TransformBegin()
	pdf.TransformRotate(90, cx, cy)
	err := Draw(pdf, d, cx-h/2, cy-w/2, h, w, opt)
	pdf.TransformEnd()
	return err
}
