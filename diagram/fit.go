package diagram

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/ecspack/ecspack/diagram/drawop"
	"github.com/ecspack/ecspack/inventory"
)

// Room is the page a diagram is printed on, so that Build can split an
// estate until every page is legible there. The documents (render/figure)
// say what their diagram pages hold; this package knows no paper.
type Room struct {
	// Width and Height are the box the drawing is scaled into, in points.
	Width, Height float64
	// MinText is the smallest size, in points, a page may print text at.
	MinText float64
	// SmallestText returns the size, in points, of the smallest text the
	// renderer prints of a drawing at scale 1 (its face may differ from
	// Graphviz's); nil takes the smallest font size of the text operations.
	SmallestText func(drawop.Drawing) float64
}

func (r Room) set() bool { return r.Width > 0 && r.Height > 0 && r.MinText > 0 }

// Scale is the scale a drawing is printed at in the room: the largest at
// which it fits the box without distortion (0 for an empty drawing).
func (r Room) Scale(dr drawop.Drawing) float64 {
	if dr.Width <= 0 || dr.Height <= 0 {
		return 0
	}
	return min(r.Width/dr.Width, r.Height/dr.Height)
}

// PrintedText returns the size, in points, of the smallest text of dr once
// scaled into the room; 0 when the drawing has no text.
func (r Room) PrintedText(dr drawop.Drawing) float64 {
	return r.Scale(dr) * r.smallest(dr)
}

// Fits reports whether dr prints every text at MinText or larger in the
// room (a drawing without text always fits).
func (r Room) Fits(dr drawop.Drawing) bool {
	t := r.PrintedText(dr)
	return t == 0 || t >= r.MinText-1e-9
}

func (r Room) smallest(dr drawop.Drawing) float64 {
	if r.SmallestText != nil {
		return r.SmallestText(dr)
	}
	return smallestFont(dr)
}

// smallestFont is the smallest font size of the visible text of dr, in
// points; 0 without text.
func smallestFont(dr drawop.Drawing) float64 {
	out := 0.0
	for _, op := range dr.Ops {
		if op.Kind != drawop.Text || op.Text == "" || op.Stroke.Transparent() || op.Font.Size <= 0 {
			continue
		}
		if out == 0 || op.Font.Size < out {
			out = op.Font.Size
		}
	}
	return out
}

// maxFitRounds bounds the layouts buildToFit tries: each round lays out
// every page, and the budget falls geometrically, so a handful suffice.
const maxFitRounds = 8

// buildToFit builds the diagrams with a node budget small enough that every
// page fits opts.Room. A page's area grows about with its node count and
// its printed text shrinks with the square root of that area, so the next
// budget is the current one divided by the square of the worst page's
// shortfall. When the budget reaches one node per page, or the rounds run
// out, the last (most split) result is returned: a page that still does
// not fit draws one thing too large for the paper, and the documents print
// it as large as the page allows.
func buildToFit(ctx context.Context, snap *inventory.Snapshot, opts Options) ([]Diagram, error) {
	budget := opts.NodeBudget
	if budget <= 0 {
		budget = DefaultNodeBudget
	}
	inner := opts
	inner.fitting = true
	for round := 1; ; round++ {
		inner.NodeBudget = budget
		ds, err := Build(ctx, snap, inner)
		if err != nil {
			return nil, err
		}
		worst := 1.0
		for _, d := range ds {
			// Only a cluster's pages split further with a smaller budget; an
			// overview or context page that does not fit prints as large as
			// the page allows.
			if t := opts.Room.PrintedText(d.Drawing); t > 0 && (!inner.lean || splits(d, budget)) {
				worst = max(worst, opts.Room.MinText/t)
			}
		}
		switch {
		case worst <= 1+1e-9 || budget <= 1 || round == maxFitRounds:
			return ds, nil
		case !inner.lean:
			// The pages as drawn for the screen do not fit: draw paper
			// pages, starting again from the budget asked for.
			inner.lean = true
			continue
		}
		budget = max(1, min(budget-1, int(float64(budget)/(worst*worst))))
	}
}

// overviewsOf returns the overview page ids of the VPCs a detail page's
// services run in, sorted; for services outside any VPC drawn (bridge or
// host networking on instances the snapshot does not place), the overviews
// of their region.
func overviewsOf(overview map[string]string, rv *regionView, services map[*serviceView]bool) []string {
	var out []string
	for sv := range services {
		if id, ok := overview[rv.key+"|"+sv.vpc]; ok {
			out = append(out, id)
			continue
		}
		for k, id := range overview {
			if strings.HasPrefix(k, rv.key+"|") {
				out = append(out, id)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// paper turns a page's scope into its paper form when the planner makes
// paper pages: lean everywhere but on the context pages (contextPages),
// compact on a cluster's detail pages.
func (pl *planner) paper(sc scope) scope {
	if pl.lean && !sc.regionContext && !sc.outsideOnly && !sc.legendOnly {
		sc.lean = true
		sc.compact = sc.cluster != nil
	}
	return sc
}

// layOut sets a paper page's graph attributes: no title, which the
// document's heading above the drawing shows.
func (p *page) layOut() {
	if !p.sc.lean {
		return
	}
	p.g.attrs = slices.DeleteFunc(p.g.attrs, func(a attr) bool { return a.k == "label" || a.k == "labelloc" || a.k == "labeljust" })
	for i, a := range p.g.attrs {
		if v, ok := paperSpacing[a.k]; ok {
			p.g.attrs[i].v = v
		}
	}
}

// paperSpacing is the tighter spacing of paper pages, in inches: every
// point saved lets the page print its text larger.
var paperSpacing = map[string]string{"nodesep": "0.2", "ranksep": "0.3", "pad": "0.05"}

// contextPages emits what the lean pages leave out, each on a page of its
// own: per region its regional services, then the systems outside AWS
// (when the casefile names any) and the legend. It returns false when emit
// asks to stop.
func (pl *planner) contextPages(emit func(Diagram) bool) bool {
	for i, rv := range pl.rvs {
		id := "regional"
		if len(pl.rvs) > 1 {
			id += fmt.Sprintf("-%02d", i+1)
		}
		title := pl.title("Regional services · " + pl.l.plain(rv.acct.ID) + " · " + pl.l.plain(rv.reg.Name))
		if !emit(pl.page(id, title, scope{rv: rv, mode: mode{regionContext: true}})) {
			return false
		}
	}
	if len(pl.external) > 0 && !emit(pl.page("outside-aws", pl.title("Systems outside AWS"), scope{mode: mode{outsideOnly: true}})) {
		return false
	}
	return emit(pl.page("legend", pl.title("Legend of the diagrams"), scope{mode: mode{legendOnly: true}}))
}

// splits reports whether a smaller node budget than the one it was planned
// with can split a page: the single page of a whole estate or a cluster's
// detail page, unless it already holds more nodes than the budget — one
// service's page, which the planner cannot split.
func splits(d Diagram, budget int) bool {
	return (d.ID == "architecture" || strings.HasPrefix(d.ID, "cluster-")) && d.Nodes <= budget
}
