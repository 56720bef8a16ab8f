package drawop

import (
	"strings"
	"testing"
)

// svgSample is shaped like Graphviz's svg output: a 100x50 graph with a pad
// of 4, so y_svg = -y_graphviz and the drawing's top-left y is 50 + y_svg.
const svgSample = `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<svg width="108pt" height="58pt" viewBox="0.00 0.00 108.00 58.00" xmlns="http://www.w3.org/2000/svg">
<g id="graph0" class="graph" transform="scale(1 1) rotate(0) translate(4 54)">
<title>g</title>
<polygon fill="white" stroke="none" points="-4,4 -4,-54 104,-54 104,4 -4,4"/>
<g id="clust1" class="cluster"><title>cluster_a</title>
<path fill="none" stroke="#8c4fff" stroke-dasharray="5,2" d="M10,-10C10,-20 20,-20 20,-10"/>
</g>
<g id="node1" class="node"><title>n</title>
<path fill="#eeeeee" stroke="#000000" stroke-width="1.5" d="M30,-30C30,-40 40,-40 40,-30"/>
<ellipse fill="none" stroke="black" stroke-dasharray="1,5" cx="50" cy="-25" rx="5" ry="3"/>
<text text-anchor="middle" x="50" y="-10" font-family="Helvetica,sans-Serif" font-weight="bold" font-size="10.00" fill="#232f3e">web &amp; db</text>
<text text-anchor="end" x="90" y="-10" font-family="Helvetica,sans-Serif" font-style="italic" font-size="8.00">a·b</text>
</g>
<g id="edge1" class="edge"><title>a&#45;&gt;b</title>
<polyline fill="none" stroke="#ff0000" stroke-opacity="0.501961" points="1,-1 2,-2"/>
<polygon fill="black" stroke="black" points="1,-1 2,-2 3,-1 1,-1"/>
</g>
</g>
</svg>`

func TestParseSVG(t *testing.T) {
	d, err := ParseSVG([]byte(svgSample))
	if err != nil {
		t.Fatal(err)
	}
	if d.Width != 100 || d.Height != 50 {
		t.Fatalf("size %gx%g, want 100x50 (viewBox less the pad)", d.Width, d.Height)
	}
	kinds := []Kind{Polygon, Bezier, Bezier, Ellipse, Text, Text, Polyline, Polygon}
	if len(d.Ops) != len(kinds) {
		t.Fatalf("%d ops, want %d: %+v", len(d.Ops), len(kinds), d.Ops)
	}
	for i, k := range kinds {
		if d.Ops[i].Kind != k {
			t.Errorf("op %d: kind %d, want %d", i, d.Ops[i].Kind, k)
		}
	}
	bg, cl, node, ell, txt, it, line, head := d.Ops[0], d.Ops[1], d.Ops[2], d.Ops[3], d.Ops[4], d.Ops[5], d.Ops[6], d.Ops[7]
	if !bg.Filled || !bg.Stroke.Transparent() || bg.Fill != (Color{255, 255, 255, 255}) || len(bg.Points) != 4 || bg.Points[0] != (Point{-4, 54}) {
		t.Errorf("background (closing point dropped, y flipped): %+v", bg)
	}
	if cl.Filled || cl.Pen.Dash != "dashed" || cl.Stroke != (Color{0x8c, 0x4f, 0xff, 255}) || len(cl.Points) != 4 || cl.Points[3] != (Point{20, 40}) {
		t.Errorf("unfilled dashed path: %+v", cl)
	}
	if !node.Filled || node.Pen.Width != 1.5 || node.Fill != (Color{0xee, 0xee, 0xee, 255}) {
		t.Errorf("filled path: %+v", node)
	}
	if ell.Filled || ell.Center != (Point{50, 25}) || ell.RX != 5 || ell.RY != 3 || ell.Pen.Dash != "dotted" {
		t.Errorf("dotted ellipse: %+v", ell)
	}
	// Helvetica-Bold at 10 pt: w 778, e 556, b 611, two spaces 278, & 722, d 611, b 611.
	if txt.Text != "web & db" || txt.Anchor != AnchorCenter || !txt.Font.Bold || txt.Font.Size != 10 || txt.Pos != (Point{50, 40}) ||
		txt.Stroke != (Color{0x23, 0x2f, 0x3e, 255}) || txt.Width != 44.45 {
		t.Errorf("text: %+v", txt)
	}
	// Black text has no fill attribute; a (556) · (two UTF-8 bytes, 278 each) b (556) at 8 pt.
	if it.Anchor != AnchorRight || !it.Font.Italic || it.Stroke != (Color{0, 0, 0, 255}) || it.Width != 13.34 {
		t.Errorf("right-aligned italic black text: %+v", it)
	}
	if line.Stroke != (Color{255, 0, 0, 128}) || line.Filled {
		t.Errorf("half-transparent polyline: %+v", line)
	}
	if head.Stroke != (Color{0, 0, 0, 255}) || head.Pen.Width != 1 || len(head.Points) != 3 {
		t.Errorf("arrowhead: %+v", head)
	}
}

func TestParseSVGErrors(t *testing.T) {
	graph := `<svg viewBox="0 0 10 10"><g class="graph" transform="translate(4 54)">%s</g></svg>`
	for name, doc := range map[string]string{
		"not xml":         "<svg",
		"no graph group":  `<svg viewBox="0 0 10 10"></svg>`,
		"no viewBox":      `<svg><g class="graph" transform="translate(4 54)"></g></svg>`,
		"rotated":         `<svg viewBox="0 0 10 10"><g class="graph" transform="rotate(90) translate(4 54)"></g></svg>`,
		"odd points":      strings.Replace(graph, "%s", `<polygon fill="none" stroke="black" points="1,2 3"/>`, 1),
		"path without C":  strings.Replace(graph, "%s", `<path fill="none" stroke="black" d="M1,2L3,4"/>`, 1),
		"path of 2 cubic": strings.Replace(graph, "%s", `<path fill="none" stroke="black" d="M1,2C3,4 5,6"/>`, 1),
		"bad colour":      strings.Replace(graph, "%s", `<polygon fill="chartreuse" stroke="black" points="1,2 3,4"/>`, 1),
		"bad font size":   strings.Replace(graph, "%s", `<text x="1" y="2" font-size="big">x</text>`, 1),
	} {
		if _, err := ParseSVG([]byte(doc)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
