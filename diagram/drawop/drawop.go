// Package drawop holds a laid-out diagram as neutral drawing operations
// (polygons, polylines, Bézier paths, ellipses, text), so that a renderer
// without an SVG importer — the PDF engine — can draw Graphviz's layout as
// vectors with its own primitives.
//
// The operations come from Graphviz's own output of a layout: ParseSVG reads
// its SVG (what the pipeline uses: the SVG is written anyway, and reading it
// back costs a fraction of asking Graphviz for a second format), ParseJSON its
// "json" format, which carries the same drawing lists as "xdot" (_draw_,
// _ldraw_, _hdraw_, ...) already tokenised. Both give the same operations.
// Coordinates are converted to a top-left origin with y growing downwards,
// in points, which is what page-oriented renderers expect.
//
// This package imports neither Graphviz nor a PDF library: it is the seam
// between the two.
package drawop

// Point is a position in points (1/72 inch) from the drawing's top-left corner.
type Point struct{ X, Y float64 }

// Kind says which primitive an Op draws.
type Kind int

// The primitives Graphviz emits.
const (
	// Polygon is a closed straight-edged shape (Points), possibly filled.
	Polygon Kind = iota + 1
	// Polyline is an open sequence of straight segments (Points).
	Polyline
	// Bezier is a cubic Bézier path: Points[0] then groups of three
	// (control, control, end); closed and filled when Filled is set.
	Bezier
	// Ellipse is centred on Center with radii RX, RY.
	Ellipse
	// Text is a single line of text whose baseline starts, centres or ends at
	// Pos according to Anchor.
	Text
)

// Anchor is the horizontal alignment of a text op relative to its position.
type Anchor int

// Text anchors.
const (
	AnchorLeft Anchor = iota
	AnchorCenter
	AnchorRight
)

// Color is an sRGB colour with alpha (A=255 opaque, 0 transparent).
type Color struct{ R, G, B, A uint8 }

// Transparent reports whether drawing with the colour would leave no mark.
func (c Color) Transparent() bool { return c.A == 0 }

// Font is the face of a text op. Graphviz estimates text widths from its
// built-in metrics of Name (e.g. "Helvetica"); a renderer substitutes its own
// face and fits the text to Width.
type Font struct {
	Name   string
	Size   float64 // points
	Bold   bool
	Italic bool
}

// Pen is how lines are stroked.
type Pen struct {
	// Width is the line width in points (Graphviz's penwidth, default 1).
	Width float64
	// Dash is "" (solid), "dashed" or "dotted".
	Dash string
}

// Op is one drawing operation with the graphics state it is drawn in, so a
// renderer can draw each op on its own without tracking state.
type Op struct {
	Kind   Kind
	Points []Point
	// Filled is set when the shape is filled with Fill (and outlined with Stroke).
	Filled bool
	Center Point
	RX, RY float64

	Text   string
	Pos    Point
	Anchor Anchor
	// Width is the text's width as Graphviz measured it, in points.
	Width float64
	Font  Font

	Stroke Color
	Fill   Color
	Pen    Pen
}

// Drawing is one laid-out diagram: its size in points and its operations in
// painting order (later ops paint over earlier ones).
type Drawing struct {
	Width, Height float64
	Ops           []Op
}
