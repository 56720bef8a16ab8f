package drawop

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// ParseSVG turns the SVG that Graphviz's "svg" renderer writes into a
// Drawing equal to what ParseJSON reads from the "json" output of the same
// layout. It exists for speed: in go-graphviz's WebAssembly build the json
// renderer costs more than the layout itself (it regenerates the xdot lists
// and writes every attribute), while the SVG is written anyway, so reading
// the drawing back from it halves the Graphviz time of a diagram.
//
// Graphviz's SVG has a fixed shape: one <g class="graph"> whose transform
// translates the graph's y-up coordinates into the viewBox, then the graph's,
// clusters', nodes' and edges' shapes in painting order as <polygon>,
// <polyline>, <path> (M then C Bézier segments), <ellipse> and <text>, each
// with its own fill, stroke, stroke-width and stroke-dasharray. Text widths,
// which SVG does not carry, are Graphviz's own estimate (see TextWidth).
func ParseSVG(data []byte) (Drawing, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	// Graphviz declares a DTD that defines no entities; never fetch it.
	dec.Strict = true
	var (
		p       svgParser
		haveBox bool
		vbW     float64
		vbH     float64
		text    *Op
		textBuf strings.Builder
	)
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return Drawing{}, fmt.Errorf("drawop: decoding graphviz svg: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			a := attrMap(t.Attr)
			switch t.Name.Local {
			case "svg":
				f := strings.Fields(a["viewBox"])
				if len(f) != 4 {
					return Drawing{}, fmt.Errorf("drawop: svg viewBox %q: expected four numbers", a["viewBox"])
				}
				if vbW, err = strconv.ParseFloat(f[2], 64); err == nil {
					vbH, err = strconv.ParseFloat(f[3], 64)
				}
				if err != nil {
					return Drawing{}, fmt.Errorf("drawop: svg viewBox %q: %w", a["viewBox"], err)
				}
				haveBox = true
			case "g":
				if a["class"] != "graph" {
					continue
				}
				if !haveBox {
					return Drawing{}, errors.New("drawop: svg graph group before the svg element's viewBox")
				}
				sx, sy, tx, ty, err := parseTransform(a["transform"])
				if err != nil {
					return Drawing{}, err
				}
				// The viewBox is the graph's bounding box scaled, plus the
				// pad on both sides; the translation is the pad (x) and the
				// box's height plus the pad (y).
				p.h = 2*ty - vbH/sy
				p.d = Drawing{Width: round2(vbW/sx - 2*tx), Height: round2(p.h)}
				p.inGraph = true
			case "polygon", "polyline", "path", "ellipse":
				if !p.inGraph {
					continue
				}
				if err := p.shape(t.Name.Local, a); err != nil {
					return Drawing{}, err
				}
			case "text":
				if !p.inGraph {
					continue
				}
				op, err := p.textOp(a)
				if err != nil {
					return Drawing{}, err
				}
				text = &op
				textBuf.Reset()
			}
		case xml.CharData:
			if text != nil {
				textBuf.Write(t)
			}
		case xml.EndElement:
			if t.Name.Local == "text" && text != nil {
				text.Text = textBuf.String()
				text.Width = TextWidth(text.Text, text.Font)
				p.d.Ops = append(p.d.Ops, *text)
				text = nil
			}
		}
	}
	if !p.inGraph {
		return Drawing{}, errors.New("drawop: svg has no graph group (not Graphviz output?)")
	}
	return p.d, nil
}

// svgParser converts shapes into ops in the drawing's top-left coordinates.
type svgParser struct {
	d       Drawing
	h       float64 // graph height: y_svg = -y_graphviz, so top-left y = h + y_svg
	inGraph bool
}

func attrMap(attrs []xml.Attr) map[string]string {
	m := make(map[string]string, len(attrs))
	for _, a := range attrs {
		m[a.Name.Local] = a.Value
	}
	return m
}

// parseTransform reads Graphviz's "scale(sx sy) rotate(0) translate(tx ty)".
func parseTransform(s string) (sx, sy, tx, ty float64, err error) {
	sx, sy = 1, 1
	rest := s
	for rest = strings.TrimSpace(rest); rest != ""; rest = strings.TrimSpace(rest) {
		name, args, ok := strings.Cut(rest, "(")
		if !ok {
			return 0, 0, 0, 0, fmt.Errorf("drawop: svg transform %q", s)
		}
		args, rest, ok = strings.Cut(args, ")")
		if !ok {
			return 0, 0, 0, 0, fmt.Errorf("drawop: svg transform %q", s)
		}
		nums, err := parseNumbers(args)
		if err != nil {
			return 0, 0, 0, 0, fmt.Errorf("drawop: svg transform %q: %w", s, err)
		}
		switch strings.TrimSpace(name) {
		case "scale":
			if len(nums) == 1 {
				nums = append(nums, nums[0])
			}
			if len(nums) != 2 || nums[0] == 0 || nums[1] == 0 {
				return 0, 0, 0, 0, fmt.Errorf("drawop: svg transform %q: bad scale", s)
			}
			sx, sy = nums[0], nums[1]
		case "translate":
			if len(nums) != 2 {
				return 0, 0, 0, 0, fmt.Errorf("drawop: svg transform %q: bad translate", s)
			}
			tx, ty = nums[0], nums[1]
		case "rotate":
			if len(nums) == 0 || nums[0] != 0 {
				return 0, 0, 0, 0, fmt.Errorf("drawop: svg transform %q: rotated graphs are not supported", s)
			}
		}
	}
	return sx, sy, tx, ty, nil
}

// parseNumbers reads numbers separated by spaces or commas.
func parseNumbers(s string) ([]float64, error) {
	f := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '\n' || r == '\t' })
	out := make([]float64, len(f))
	for i, x := range f {
		v, err := strconv.ParseFloat(x, 64)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

func (p *svgParser) pt(x, y float64) Point { return Point{X: x, Y: round2(p.h + y)} }

// points converts "x,y x,y ..." pairs.
func (p *svgParser) points(s string) ([]Point, error) {
	nums, err := parseNumbers(s)
	if err != nil || len(nums)%2 != 0 {
		return nil, fmt.Errorf("drawop: svg points %q: expected x,y pairs", s)
	}
	out := make([]Point, len(nums)/2)
	for i := range out {
		out[i] = p.pt(nums[2*i], nums[2*i+1])
	}
	return out, nil
}

// style reads the paint and pen of a shape.
func (p *svgParser) style(a map[string]string) (stroke, fill Color, filled bool, pen Pen, err error) {
	if stroke, err = paint(a["stroke"], a["stroke-opacity"]); err != nil {
		return
	}
	fillAttr := a["fill"]
	filled = fillAttr != "" && fillAttr != "none"
	if fill, err = paint(fillAttr, a["fill-opacity"]); err != nil {
		return
	}
	pen = Pen{Width: 1}
	if w := a["stroke-width"]; w != "" {
		if pen.Width, err = strconv.ParseFloat(w, 64); err != nil {
			err = fmt.Errorf("drawop: svg stroke-width %q: %w", w, err)
			return
		}
	}
	switch a["stroke-dasharray"] {
	case "":
	case "1,5":
		pen.Dash = "dotted"
	default:
		pen.Dash = "dashed"
	}
	return
}

// paint reads an SVG fill or stroke with its opacity; "" and "none" are
// transparent.
func paint(v, opacity string) (Color, error) {
	if v == "" || v == "none" {
		return Color{}, nil
	}
	c, err := ParseColor(v)
	if err != nil {
		return Color{}, err
	}
	if opacity != "" {
		o, err := strconv.ParseFloat(opacity, 64)
		if err != nil {
			return Color{}, fmt.Errorf("drawop: svg opacity %q: %w", opacity, err)
		}
		c.A = uint8(math.Round(max(0, min(1, o)) * 255))
	}
	return c, nil
}

func (p *svgParser) shape(name string, a map[string]string) error {
	stroke, fill, filled, pen, err := p.style(a)
	if err != nil {
		return err
	}
	op := Op{Stroke: stroke, Fill: fill, Filled: filled, Pen: pen}
	switch name {
	case "polygon":
		pts, err := p.points(a["points"])
		if err != nil {
			return err
		}
		// Graphviz closes SVG polygons by repeating the first point.
		if n := len(pts); n > 1 && pts[0] == pts[n-1] {
			pts = pts[:n-1]
		}
		op.Kind, op.Points = Polygon, pts
	case "polyline":
		pts, err := p.points(a["points"])
		if err != nil {
			return err
		}
		op.Kind, op.Points, op.Filled = Polyline, pts, false
	case "path":
		pts, err := p.path(a["d"])
		if err != nil {
			return err
		}
		op.Kind, op.Points = Bezier, pts
	case "ellipse":
		var v [4]float64
		for i, k := range []string{"cx", "cy", "rx", "ry"} {
			if v[i], err = strconv.ParseFloat(a[k], 64); err != nil {
				return fmt.Errorf("drawop: svg ellipse %s %q: %w", k, a[k], err)
			}
		}
		op.Kind, op.Center, op.RX, op.RY = Ellipse, p.pt(v[0], v[1]), v[2], v[3]
	}
	p.d.Ops = append(p.d.Ops, op)
	return nil
}

// path reads Graphviz's "Mx,yCx,y x,y x,y ..." cubic Bézier paths.
func (p *svgParser) path(d string) ([]Point, error) {
	m, rest, ok := strings.Cut(strings.TrimSpace(d), "C")
	if !ok || !strings.HasPrefix(m, "M") {
		return nil, fmt.Errorf("drawop: svg path %.40q: expected \"M x,y C x,y x,y x,y\"", d)
	}
	start, err := p.points(m[1:])
	if err != nil || len(start) != 1 {
		return nil, fmt.Errorf("drawop: svg path %.40q: bad start point", d)
	}
	// Graphviz writes a single C followed by every control and end point.
	pts, err := p.points(strings.ReplaceAll(rest, "C", " "))
	if err != nil {
		return nil, err
	}
	if len(pts) == 0 || len(pts)%3 != 0 {
		return nil, fmt.Errorf("drawop: svg path %.40q: %d points after the start, expected 3n", d, len(pts))
	}
	return append(start, pts...), nil
}

func (p *svgParser) textOp(a map[string]string) (Op, error) {
	var x, y, size float64
	var err error
	for _, f := range []struct {
		k string
		v *float64
	}{{"x", &x}, {"y", &y}, {"font-size", &size}} {
		if *f.v, err = strconv.ParseFloat(a[f.k], 64); err != nil {
			return Op{}, fmt.Errorf("drawop: svg text %s %q: %w", f.k, a[f.k], err)
		}
	}
	// Text is painted with the pen colour; Graphviz omits fill for black.
	col := Color{A: 255}
	if v := a["fill"]; v != "" {
		if col, err = paint(v, a["fill-opacity"]); err != nil {
			return Op{}, err
		}
	}
	family, _, _ := strings.Cut(a["font-family"], ",")
	op := Op{Kind: Text, Pos: p.pt(x, y), Stroke: col, Fill: col, Pen: Pen{Width: 1},
		Font: Font{Name: family, Size: size, Bold: a["font-weight"] == "bold", Italic: a["font-style"] == "italic"}}
	switch a["text-anchor"] {
	case "middle":
		op.Anchor = AnchorCenter
	case "end":
		op.Anchor = AnchorRight
	default:
		op.Anchor = AnchorLeft
	}
	return op, nil
}

// round2 keeps two decimals, Graphviz's precision, so that values derived
// by subtraction carry no binary noise.
func round2(v float64) float64 { return math.Round(v*100) / 100 }

// TextWidth is Graphviz's estimate of a text's width in points when it has no
// font library (as in go-graphviz's WebAssembly build): the Helvetica advance
// width of each ASCII byte (bold when the font is), and 0.278 em for every
// byte of a multi-byte UTF-8 character, which is what Graphviz 12 does for
// characters outside its tables. ecspack draws every label in Helvetica.
func TextWidth(s string, f Font) float64 {
	tab := &helvetica
	if f.Bold {
		tab = &helveticaBold
	}
	units := 0
	for i := 0; i < len(s); i++ {
		if b := s[i]; b >= 32 && b < 127 {
			units += int(tab[b-32])
		} else {
			units += 278
		}
	}
	return round2(float64(units) * f.Size / 1000)
}

// helvetica and helveticaBold are the advance widths, in 1/1000 em, of the
// printable ASCII characters (space to tilde) in Adobe's Helvetica metrics.
var helvetica = [95]uint16{
	278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
	556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
	1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
	667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
	333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
	556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
}

var helveticaBold = [95]uint16{
	278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
	556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
	975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
	667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
	333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
	611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
}
