package diagram

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/diagram/drawop"
)

// TestDrawingFromSVGMatchesJSON checks that reading the drawing back from
// Graphviz's SVG (what Build does, for speed) gives the operations Graphviz's
// own json output describes for the same layout: the same shapes with the
// same points, paint, pens, fonts and text, and text widths within a tenth of
// a point of Graphviz's estimate. The order may differ: the SVG lists the
// objects in the order Graphviz paints them, the json groups them by kind.
func TestDrawingFromSVGMatchesJSON(t *testing.T) {
	if testing.Short() {
		t.Skip("renders every page twice")
	}
	var pages []Diagram
	for _, opts := range []Options{{}, {NodeBudget: 1 << 20}} {
		ds, err := Plan(smallSnapshot(), opts)
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, ds...)
	}
	ds, err := Plan(synthEstate(60), Options{})
	if err != nil {
		t.Fatal(err)
	}
	pages = append(pages, ds...)
	for _, d := range pages {
		out, err := renderFormats(context.Background(), d.DOT, "svg", "json")
		if err != nil {
			t.Fatal(err)
		}
		got, err := drawop.ParseSVG(selfContained(out[0]))
		if err != nil {
			t.Fatalf("%s: %v", d.ID, err)
		}
		want, err := drawop.ParseJSON(out[1])
		if err != nil {
			t.Fatalf("%s: %v", d.ID, err)
		}
		if msg := diffDrawings(got, want); msg != "" {
			t.Errorf("page %s (%d ops): %s", d.ID, len(want.Ops), msg)
		}
	}
}

// diffDrawings describes the first difference that a renderer would show.
// Graphviz's json rounds the bounding box to a tenth of a point, which
// shifts every y of its drawing by the same few hundredths; that shift is
// taken out before comparing.
func diffDrawings(got, want drawop.Drawing) string {
	if math.Abs(got.Width-want.Width) > 0.051 || math.Abs(got.Height-want.Height) > 0.051 {
		return fmt.Sprintf("size %gx%g, json %gx%g", got.Width, got.Height, want.Width, want.Height)
	}
	if len(got.Ops) != len(want.Ops) {
		return fmt.Sprintf("%d ops, json %d", len(got.Ops), len(want.Ops))
	}
	shift := got.Height - want.Height
	g, w := canonical(got.Ops, 0), canonical(want.Ops, shift)
	for i := range g {
		if g[i].key != w[i].key {
			return fmt.Sprintf("op sorted %d:\n svg  %s\n json %s", i, g[i].key, w[i].key)
		}
		if math.Abs(g[i].width-w[i].width) > 0.1 {
			return fmt.Sprintf("%s: text width %g, json %g", g[i].key, g[i].width, w[i].width)
		}
	}
	return ""
}

type opKey struct {
	key   string
	width float64
}

// canonical describes each op by what a renderer draws (the fill only of
// filled shapes, no colour of invisible paint), y shifted by dy, sorted.
func canonical(ops []drawop.Op, dy float64) []opKey {
	r := func(v float64) string { return strconv.FormatFloat(math.Round(v*100)/100, 'f', 2, 64) }
	pt := func(p drawop.Point) string { return r(p.X) + "," + r(p.Y+dy) }
	visible := func(c drawop.Color) drawop.Color {
		if c.Transparent() {
			return drawop.Color{}
		}
		return c
	}
	out := make([]opKey, len(ops))
	for i, o := range ops {
		var b strings.Builder
		fmt.Fprintf(&b, "kind=%d stroke=%v", o.Kind, visible(o.Stroke))
		if o.Kind == drawop.Text {
			fmt.Fprintf(&b, " text=%q at %s anchor=%d font=%g/%v/%v", o.Text, pt(o.Pos), o.Anchor, o.Font.Size, o.Font.Bold, o.Font.Italic)
			out[i] = opKey{key: b.String(), width: o.Width}
			continue
		}
		fmt.Fprintf(&b, " pen=%+v", o.Pen)
		if o.Filled {
			fmt.Fprintf(&b, " fill=%v", visible(o.Fill))
		}
		if o.Kind == drawop.Ellipse {
			fmt.Fprintf(&b, " centre=%s r=%s,%s", pt(o.Center), r(o.RX), r(o.RY))
		}
		for _, p := range o.Points {
			b.WriteString(" " + pt(p))
		}
		out[i] = opKey{key: b.String()}
	}
	slices.SortFunc(out, func(a, b opKey) int { return strings.Compare(a.key, b.key) })
	return out
}

// TestBuildMatchesPlanAndRender checks that the concurrent Build gives the
// pages, in order, that Plan then Render one by one give; and that a
// cancelled context stops it with the context's error.
func TestBuildMatchesPlanAndRender(t *testing.T) {
	snap := synthEstate(60)
	got, err := Build(context.Background(), snap, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want, err := Plan(snap, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) || len(want) < 2 {
		t.Fatalf("Build gave %d pages, Plan %d (want several)", len(got), len(want))
	}
	for i := range want {
		if err := Render(context.Background(), &want[i]); err != nil {
			t.Fatal(err)
		}
		if got[i].ID != want[i].ID || !bytes.Equal(got[i].SVG, want[i].SVG) || !reflect.DeepEqual(got[i].Drawing, want[i].Drawing) {
			t.Errorf("page %d: Build %s differs from Plan+Render %s", i, got[i].ID, want[i].ID)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Build(ctx, snap, Options{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled Build: %v, want context.Canceled", err)
	}
}
