package drawop

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// gvGraph is the part of Graphviz's json output the parser reads.
type gvGraph struct {
	BB          string     `json:"bb"`
	Draw        []gvOp     `json:"_draw_"`
	LDraw       []gvOp     `json:"_ldraw_"`
	SubgraphCnt int        `json:"_subgraph_cnt"`
	Objects     []gvObject `json:"objects"`
	Edges       []gvObject `json:"edges"`
}

// gvObject is a subgraph, node or edge with its drawing lists.
type gvObject struct {
	Draw   []gvOp `json:"_draw_"`
	LDraw  []gvOp `json:"_ldraw_"`
	HDraw  []gvOp `json:"_hdraw_"`
	TDraw  []gvOp `json:"_tdraw_"`
	HLDraw []gvOp `json:"_hldraw_"`
	TLDraw []gvOp `json:"_tldraw_"`
}

// gvOp is one xdot operation as json renders it.
type gvOp struct {
	Op       string       `json:"op"`
	Grad     string       `json:"grad"`
	Color    string       `json:"color"`
	Stops    []gvStop     `json:"stops"`
	Points   [][2]float64 `json:"points"`
	Rect     []float64    `json:"rect"`
	Pt       []float64    `json:"pt"`
	Align    string       `json:"align"`
	Width    float64      `json:"width"`
	Text     string       `json:"text"`
	Size     float64      `json:"size"`
	Face     string       `json:"face"`
	Style    string       `json:"style"`
	FontChar int          `json:"fontchar"`
}

type gvStop struct {
	Frac  float64 `json:"frac"`
	Color string  `json:"color"`
}

// ParseJSON turns Graphviz's "json" output (a laid-out graph) into a
// Drawing. Painting order is the graph, its clusters (outer before inner),
// the nodes, then the edges, so edges and their labels stay visible.
func ParseJSON(data []byte) (Drawing, error) {
	var g gvGraph
	if err := json.Unmarshal(data, &g); err != nil {
		return Drawing{}, fmt.Errorf("drawop: decoding graphviz json: %w", err)
	}
	llx, lly, urx, ury, err := parseBB(g.BB)
	if err != nil {
		return Drawing{}, err
	}
	p := parser{d: Drawing{Width: urx - llx, Height: ury - lly}, llx: llx, ury: ury}
	if err := p.list(g.Draw, g.LDraw); err != nil {
		return Drawing{}, err
	}
	for _, o := range g.Objects { // subgraphs first, then nodes: Graphviz's own order
		if err := p.list(o.Draw, o.LDraw); err != nil {
			return Drawing{}, err
		}
	}
	for _, e := range g.Edges {
		if err := p.list(e.Draw, e.TDraw, e.HDraw, e.LDraw, e.TLDraw, e.HLDraw); err != nil {
			return Drawing{}, err
		}
	}
	return p.d, nil
}

func parseBB(bb string) (llx, lly, urx, ury float64, err error) {
	f := strings.Split(bb, ",")
	if len(f) != 4 {
		return 0, 0, 0, 0, fmt.Errorf("drawop: graph bounding box %q: expected llx,lly,urx,ury", bb)
	}
	var v [4]float64
	for i, s := range f {
		if v[i], err = strconv.ParseFloat(strings.TrimSpace(s), 64); err != nil {
			return 0, 0, 0, 0, fmt.Errorf("drawop: graph bounding box %q: %w", bb, err)
		}
	}
	return v[0], v[1], v[2], v[3], nil
}

// parser holds the graphics state while one drawing list is read; Graphviz
// resets it at the start of every list.
type parser struct {
	d        Drawing
	llx, ury float64

	stroke, fill Color
	pen          Pen
	font         Font
}

func (p *parser) pt(x, y float64) Point { return Point{X: x - p.llx, Y: p.ury - y} }

func (p *parser) points(in [][2]float64) []Point {
	out := make([]Point, len(in))
	for i, q := range in {
		out[i] = p.pt(q[0], q[1])
	}
	return out
}

func (p *parser) list(lists ...[]gvOp) error {
	for _, ops := range lists {
		p.stroke, p.fill = Color{A: 255}, Color{A: 255}
		p.pen = Pen{Width: 1}
		p.font = Font{Name: "Times-Roman", Size: 14}
		for _, o := range ops {
			if err := p.op(o); err != nil {
				return err
			}
		}
	}
	return nil
}

func (p *parser) op(o gvOp) error {
	base := Op{Stroke: p.stroke, Fill: p.fill, Pen: p.pen}
	switch o.Op {
	case "c", "C":
		col := o.Color
		if o.Grad != "" && o.Grad != "none" && len(o.Stops) > 0 {
			col = o.Stops[0].Color // gradients are drawn flat with their first stop
		}
		c, err := ParseColor(col)
		if err != nil {
			return err
		}
		if o.Op == "c" {
			p.stroke = c
		} else {
			p.fill = c
		}
	case "S":
		p.style(o.Style)
	case "F":
		p.font.Name, p.font.Size = o.Face, o.Size
	case "t":
		p.font.Bold, p.font.Italic = o.FontChar&1 != 0, o.FontChar&2 != 0
	case "P", "p":
		base.Kind, base.Points, base.Filled = Polygon, p.points(o.Points), o.Op == "P"
		p.d.Ops = append(p.d.Ops, base)
	case "L":
		base.Kind, base.Points = Polyline, p.points(o.Points)
		p.d.Ops = append(p.d.Ops, base)
	case "B", "b":
		// Graphviz's json writer names the filled B-spline "B" and the
		// unfilled one "b" (xdot text uses the opposite letters).
		if len(o.Points) < 4 || (len(o.Points)-1)%3 != 0 {
			return fmt.Errorf("drawop: Bézier op with %d points: expected 3n+1", len(o.Points))
		}
		base.Kind, base.Points, base.Filled = Bezier, p.points(o.Points), o.Op == "B"
		p.d.Ops = append(p.d.Ops, base)
	case "E", "e":
		if len(o.Rect) != 4 {
			return fmt.Errorf("drawop: ellipse op with %d values: expected 4", len(o.Rect))
		}
		base.Kind, base.Center, base.RX, base.RY, base.Filled = Ellipse, p.pt(o.Rect[0], o.Rect[1]), o.Rect[2], o.Rect[3], o.Op == "E"
		p.d.Ops = append(p.d.Ops, base)
	case "T":
		if len(o.Pt) != 2 {
			return fmt.Errorf("drawop: text op with %d coordinates: expected 2", len(o.Pt))
		}
		base.Kind, base.Pos, base.Text, base.Width, base.Font = Text, p.pt(o.Pt[0], o.Pt[1]), o.Text, o.Width, p.font
		switch o.Align {
		case "c":
			base.Anchor = AnchorCenter
		case "r":
			base.Anchor = AnchorRight
		default:
			base.Anchor = AnchorLeft
		}
		p.d.Ops = append(p.d.Ops, base)
	}
	// Images ("I") are never emitted by ecspack's graphs and are ignored.
	return nil
}

func (p *parser) style(s string) {
	switch {
	case s == "dashed", s == "dotted":
		p.pen.Dash = s
	case s == "solid":
		p.pen.Dash = ""
	case s == "bold":
		p.pen.Width = 2
	case strings.HasPrefix(s, "setlinewidth("):
		if w, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimPrefix(s, "setlinewidth("), ")"), 64); err == nil {
			p.pen.Width = w
		}
	}
}

// namedColors are the colour names Graphviz may write back instead of hex.
var namedColors = map[string]Color{
	"black":       {0, 0, 0, 255},
	"white":       {255, 255, 255, 255},
	"none":        {},
	"transparent": {},
}

// ParseColor reads "#rrggbb", "#rrggbbaa" or one of the few colour names
// Graphviz writes.
func ParseColor(s string) (Color, error) {
	if c, ok := namedColors[strings.ToLower(s)]; ok {
		return c, nil
	}
	h, ok := strings.CutPrefix(s, "#")
	if !ok || (len(h) != 6 && len(h) != 8) {
		return Color{}, fmt.Errorf("drawop: colour %q: expected #rrggbb[aa]", s)
	}
	v, err := strconv.ParseUint(h, 16, 32)
	if err != nil {
		return Color{}, fmt.Errorf("drawop: colour %q: %w", s, err)
	}
	if len(h) == 6 {
		v = v<<8 | 0xff
	}
	return Color{R: uint8(v >> 24), G: uint8(v >> 16), B: uint8(v >> 8), A: uint8(v)}, nil
}
