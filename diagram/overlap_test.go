package diagram

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/diagram/drawop"
	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/inventory"
	"github.com/ecspack/ecspack/inventory/synth"
)

// box is an axis-aligned rectangle in the SVG's coordinates.
type box struct{ x0, y0, x1, y1 float64 }

func (b box) grow(x, y float64) box {
	return box{math.Min(b.x0, x), math.Min(b.y0, y), math.Max(b.x1, x), math.Max(b.y1, y)}
}

// overlaps reports whether two boxes share more than a sliver (slack
// points each way: Graphviz's text width is an estimate).
func (b box) overlaps(o box, slack float64) bool {
	return b.x0+slack < o.x1 && o.x0+slack < b.x1 && b.y0+slack < o.y1 && o.y0+slack < b.y1
}

// inside reports whether b lies within o (with slack).
func (b box) inside(o box, slack float64) bool {
	return b.x0+slack >= o.x0 && b.x1-slack <= o.x1 && b.y0+slack >= o.y0 && b.y1-slack <= o.y1
}

func (b box) String() string { return fmt.Sprintf("[%.0f,%.0f %.0f,%.0f]", b.x0, b.y0, b.x1, b.y1) }

// svgObject is one node, cluster or edge of Graphviz's SVG: the box around
// its shapes and the boxes of its texts.
type svgObject struct {
	class, title string
	shape        box
	hasShape     bool
	texts        []labelText
}

// labelText is a text's content, baseline position and anchor, and the box
// computed from them.
type labelText struct {
	s, anchor string
	x, y      float64
	b         box
}

var svgNumber = regexp.MustCompile(`-?[0-9]+(?:\.[0-9]+)?`)

// svgObjects reads the nodes, clusters and edges of a Graphviz SVG. A
// text's box is its baseline run, Graphviz's own width estimate, from
// 0.8 of the font size above the baseline to 0.2 below.
func svgObjects(svg []byte) ([]*svgObject, error) {
	dec := xml.NewDecoder(bytes.NewReader(svg))
	var objs []*svgObject
	var cur *svgObject
	var inTitle bool
	var text *labelText
	var font drawop.Font
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return objs, nil
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			a := map[string]string{}
			for _, at := range t.Attr {
				a[at.Name.Local] = at.Value
			}
			switch t.Name.Local {
			case "g":
				if c := a["class"]; c == "node" || c == "cluster" || c == "edge" {
					cur = &svgObject{class: c}
					objs = append(objs, cur)
				}
			case "title":
				inTitle = true
			case "polygon", "polyline", "path", "ellipse":
				if cur == nil {
					continue
				}
				nums := svgNumber.FindAllString(a["points"]+" "+a["d"], -1)
				if t.Name.Local == "ellipse" {
					cx, cy, rx, ry := num(a["cx"]), num(a["cy"]), num(a["rx"]), num(a["ry"])
					nums = []string{ftoa(cx - rx), ftoa(cy - ry), ftoa(cx + rx), ftoa(cy + ry)}
				}
				for i := 0; i+1 < len(nums); i += 2 {
					x, y := num(nums[i]), num(nums[i+1])
					if !cur.hasShape {
						cur.shape, cur.hasShape = box{x, y, x, y}, true
					}
					cur.shape = cur.shape.grow(x, y)
				}
			case "text":
				if cur == nil {
					continue
				}
				font = drawop.Font{Name: strings.Split(a["font-family"], ",")[0], Size: num(a["font-size"]), Bold: a["font-weight"] == "bold"}
				text = &labelText{x: num(a["x"]), y: num(a["y"]), anchor: a["text-anchor"]}
			}
		case xml.CharData:
			switch {
			case inTitle && cur != nil:
				cur.title += string(t)
			case text != nil:
				text.s += string(t)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "title":
				inTitle = false
			case "text":
				if text != nil && cur != nil && strings.TrimSpace(text.s) != "" {
					w := drawop.TextWidth(text.s, font)
					x0 := text.x
					switch text.anchor {
					case "middle":
						x0 -= w / 2
					case "end":
						x0 -= w
					}
					text.b = box{x0, text.y - 0.8*font.Size, x0 + w, text.y + 0.2*font.Size}
					cur.texts = append(cur.texts, *text)
				}
				text = nil
			}
		}
	}
}

func num(s string) float64        { v, _ := strconv.ParseFloat(s, 64); return v }
func ftoa(v float64) string       { return strconv.FormatFloat(v, 'f', 2, 64) }
func short(s string) string       { return strings.TrimSpace(htmlUnescape(s)) }
func objName(o *svgObject) string { return o.class + " " + strings.TrimSpace(htmlUnescape(o.title)) }

// overlaps lists every text that overlaps a node it does not belong to,
// crosses the border of a group box (a cluster) — a label is either inside
// a box or outside it — or overlaps the text of another object.
func overlaps(svg []byte) ([]string, error) {
	objs, err := svgObjects(svg)
	if err != nil {
		return nil, err
	}
	const slack = 1
	var out []string
	for i, o := range objs {
		for _, t := range o.texts {
			for _, other := range objs[i+1:] {
				for _, u := range other.texts {
					if t.b.overlaps(u.b, slack) {
						out = append(out, fmt.Sprintf("%q of %s %s overlaps %q of %s %s", short(t.s), objName(o), t.b, short(u.s), objName(other), u.b))
					}
				}
			}
			for _, other := range objs {
				if other == o || !other.hasShape {
					continue
				}
				switch other.class {
				case "node":
					if t.b.overlaps(other.shape, slack) {
						out = append(out, fmt.Sprintf("%q of %s %s overlaps %s %s", short(t.s), objName(o), t.b, objName(other), other.shape))
					}
				case "cluster":
					if t.b.overlaps(other.shape, slack) && !t.b.inside(other.shape, slack) {
						out = append(out, fmt.Sprintf("%q of %s %s crosses the border of %s %s", short(t.s), objName(o), t.b, objName(other), other.shape))
					}
				}
			}
		}
	}
	return out, nil
}

// TestNoLabelOverlapsAnotherShape lays out the small estate, the sample's
// case studies and synthetic estates of several sizes and holds that no
// text of a node, group box or edge overlaps a node it does not belong to
// or another object's text, or straddles a group box's border — on the
// screen drawing and on the paper pages a landscape page gets.
func TestNoLabelOverlapsAnotherShape(t *testing.T) {
	if testing.Short() {
		t.Skip("lays out many pages")
	}
	type estateCase struct {
		name string
		snap func(t *testing.T) *inventory.Snapshot
		opts Options
	}
	cases := []estateCase{{name: "small", snap: func(*testing.T) *inventory.Snapshot { return smallSnapshot() },
		opts: Options{WebACLs: []WebACL{{Name: "shop-waf", LoadBalancers: []string{"prod-alb"}}}}}}
	cf, _, err := evidence.Load(filepath.Join("..", "samples", "harbor"))
	if err != nil {
		t.Fatal(err)
	}
	for _, cs := range cf.CaseStudies {
		cases = append(cases, estateCase{name: "sample " + cs.ID, snap: func(*testing.T) *inventory.Snapshot { return cs.Inventory },
			opts: sampleOptions(cs)})
	}
	for _, n := range []int{5, 30, 100} {
		cases = append(cases, estateCase{name: fmt.Sprintf("synth %d services", n), snap: func(t *testing.T) *inventory.Snapshot {
			s, err := synth.Generate(synth.Options{Services: n, Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			return s
		}})
	}
	// The paper pages too: the landscape room of TestBuildToFitRoom.
	paper := Room{Width: 728, Height: 408, MinText: 6.4}
	for _, tc := range cases {
		for _, room := range []Room{{}, paper} {
			name := tc.name
			if room.set() {
				name += " on paper"
			}
			t.Run(name, func(t *testing.T) {
				opts := tc.opts
				opts.Room = room
				for _, d := range build(t, tc.snap(t), opts) {
					found, err := overlaps(d.SVG)
					if err != nil {
						t.Fatalf("page %s: %v", d.ID, err)
					}
					for _, f := range found {
						t.Errorf("page %s: %s", d.ID, f)
					}
				}
			})
		}
	}
}

// sampleOptions draws a sample case study as the pipeline does: with its
// systems outside AWS and its declared stores and web ACLs.
func sampleOptions(cs *evidence.CaseStudy) Options {
	o := Options{Title: cs.Title}
	for _, x := range cs.External {
		o.External = append(o.External, External{Name: x.Name, Kind: x.Kind, Connection: x.Connection})
	}
	for _, d := range cs.Architecture.DataStores {
		o.DataStores = append(o.DataStores, DataStore{Name: d.Name, Kind: d.Kind, ID: d.ID, UsedBy: d.UsedBy})
	}
	for _, w := range cs.Architecture.WebACLs {
		o.WebACLs = append(o.WebACLs, WebACL{Name: w.Name, LoadBalancers: w.LoadBalancers})
	}
	return o
}

// TestOverlapsFindsWhatItMust holds the geometry check itself to account on
// hand-made SVG: a label on another node, on another label or across a
// box's border is found, one inside its own node or wholly inside or
// outside a box is not.
func TestOverlapsFindsWhatItMust(t *testing.T) {
	const head = `<svg viewBox="0 0 400 400"><g id="graph0" class="graph" transform="scale(1 1) translate(4 396)">`
	node := func(title string, x0, y0, x1, y1 int, label string, lx, ly int) string {
		return fmt.Sprintf(`<g class="node"><title>%s</title><polygon points="%d,%d %d,%d %d,%d %d,%d"/>`+
			`<text text-anchor="start" x="%d" y="%d" font-family="Helvetica,sans-Serif" font-size="10.00">%s</text></g>`,
			title, x0, y0, x1, y0, x1, y1, x0, y1, lx, ly, label)
	}
	cluster := `<g class="cluster"><title>cluster_a</title><polygon points="0,-300 200,-300 200,-100 0,-100"/></g>`
	edge := func(x, y int) string {
		return fmt.Sprintf(`<g class="edge"><title>a&#45;&gt;b</title><path d="M10,-10C20,-20 30,-30 40,-40"/>`+
			`<text text-anchor="middle" x="%d" y="%d" font-family="Helvetica,sans-Serif" font-size="8.00">HTTPS:443</text></g>`, x, y)
	}
	tests := []struct {
		name, body string
		want       int
	}{
		{"labels inside their own nodes", node("a", 10, -90, 110, -60, "web", 20, -70) + node("b", 150, -90, 250, -60, "api", 160, -70), 0},
		{"a label running into the next node", node("a", 10, -90, 110, -60, "a rather long service name", 20, -70) + node("b", 120, -90, 250, -60, "api", 160, -70), 1},
		{"an edge label wholly inside a box", cluster + edge(100, -200), 0},
		{"an edge label wholly outside a box", cluster + edge(300, -200), 0},
		{"an edge label across a box's border", cluster + edge(200, -200), 1},
		{"two edge labels on each other", edge(300, -200) + edge(310, -202), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			found, err := overlaps([]byte(head + tt.body + `</g></svg>`))
			if err != nil {
				t.Fatal(err)
			}
			if len(found) != tt.want {
				t.Errorf("found %d overlaps %q, want %d", len(found), found, tt.want)
			}
		})
	}
}
