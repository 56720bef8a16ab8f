package drawop

import (
	"strings"
	"testing"
)

const sample = `{"bb": "0,0,100,50",
 "_draw_": [{"op": "c", "grad": "none", "color": "#fffffe00"}, {"op": "C", "grad": "none", "color": "#ffffff"},
            {"op": "P", "points": [[0,0],[0,50],[100,50],[100,0]]}],
 "objects": [
  {"name": "cluster_a", "_draw_": [{"op": "S", "style": "dashed"}, {"op": "c", "grad": "none", "color": "#8c4fff"},
     {"op": "b", "points": [[10,10],[10,20],[20,20],[20,10]]}]},
  {"name": "n", "_draw_": [{"op": "S", "style": "setlinewidth(1.5)"}, {"op": "c", "grad": "none", "color": "#000000"}, {"op": "C", "grad": "none", "color": "#eeeeee"},
     {"op": "B", "points": [[30,30],[30,40],[40,40],[40,30]]}, {"op": "e", "rect": [50, 25, 5, 3]}],
   "_ldraw_": [{"op": "F", "size": 10, "face": "Helvetica"}, {"op": "c", "grad": "none", "color": "#232f3e"}, {"op": "t", "fontchar": 1},
     {"op": "T", "pt": [50, 10], "align": "c", "width": 30, "text": "web"}]}],
 "edges": [{"_draw_": [{"op": "c", "grad": "none", "color": "black"}, {"op": "L", "points": [[1,1],[2,2]]}],
            "_hdraw_": [{"op": "P", "points": [[1,1],[2,2],[3,1]]}]}]}`

func TestParseJSON(t *testing.T) {
	d, err := ParseJSON([]byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	if d.Width != 100 || d.Height != 50 {
		t.Fatalf("size %gx%g, want 100x50", d.Width, d.Height)
	}
	kinds := []Kind{Polygon, Bezier, Bezier, Ellipse, Text, Polyline, Polygon}
	if len(d.Ops) != len(kinds) {
		t.Fatalf("%d ops, want %d: %+v", len(d.Ops), len(kinds), d.Ops)
	}
	for i, k := range kinds {
		if d.Ops[i].Kind != k {
			t.Errorf("op %d: kind %d, want %d", i, d.Ops[i].Kind, k)
		}
	}
	bg, cl, node, ell, txt, line, head := d.Ops[0], d.Ops[1], d.Ops[2], d.Ops[3], d.Ops[4], d.Ops[5], d.Ops[6]
	if !bg.Filled || !bg.Stroke.Transparent() || bg.Fill != (Color{255, 255, 255, 255}) {
		t.Errorf("background: %+v", bg)
	}
	if cl.Filled || cl.Pen.Dash != "dashed" || cl.Stroke != (Color{0x8c, 0x4f, 0xff, 255}) {
		t.Errorf("json's lower-case b is an unfilled dashed path: %+v", cl)
	}
	if !node.Filled || node.Pen.Width != 1.5 || node.Fill != (Color{0xee, 0xee, 0xee, 255}) {
		t.Errorf("json's upper-case B is a filled path: %+v", node)
	}
	if ell.Filled || ell.Center != (Point{50, 25}) || ell.RX != 5 || ell.RY != 3 {
		t.Errorf("ellipse: %+v", ell)
	}
	if txt.Text != "web" || txt.Anchor != AnchorCenter || !txt.Font.Bold || txt.Font.Size != 10 || txt.Pos != (Point{50, 40}) || txt.Width != 30 {
		t.Errorf("text (y flipped to top-left origin): %+v", txt)
	}
	if line.Stroke != (Color{0, 0, 0, 255}) {
		t.Errorf("named colour black: %+v", line.Stroke)
	}
	if head.Stroke != (Color{0, 0, 0, 255}) || head.Pen.Width != 1 {
		t.Errorf("each drawing list starts from the default state: %+v", head)
	}
}

func TestParseJSONErrors(t *testing.T) {
	for name, in := range map[string]string{
		"not json":   `{`,
		"bad bb":     `{"bb": "0,0,1"}`,
		"bad colour": `{"bb": "0,0,1,1", "_draw_": [{"op": "c", "color": "mauve"}]}`,
		"bad bezier": `{"bb": "0,0,1,1", "_draw_": [{"op": "b", "points": [[0,0],[1,1]]}]}`,
		"bad text":   `{"bb": "0,0,1,1", "_draw_": [{"op": "T", "pt": [1]}]}`,
	} {
		if _, err := ParseJSON([]byte(in)); err == nil || !strings.HasPrefix(err.Error(), "drawop:") {
			t.Errorf("%s: error %v, want a drawop error", name, err)
		}
	}
}

func TestParseColor(t *testing.T) {
	for in, want := range map[string]Color{"#102030": {0x10, 0x20, 0x30, 255}, "#10203040": {0x10, 0x20, 0x30, 0x40}, "none": {}, "White": {255, 255, 255, 255}} {
		if got, err := ParseColor(in); err != nil || got != want {
			t.Errorf("ParseColor(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
}
