package diagram

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/ecspack/ecspack/diagram/drawop"
	"github.com/ecspack/ecspack/internal/words"
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
// every page again.
const maxFitRounds = 10

// buildToFit builds the diagrams so that every page fits opts.Room. It
// first tries the drawing as it is; when a page does not fit, it draws
// paper pages (lean, see mode) and then, while a cluster's detail page
// does not fit, gives that cluster alone a smaller node budget. A page's
// area grows about with its node count and its printed text shrinks with
// the square root of that area, so the next budget is the page's divided by
// the square of its shortfall, and at least one node less. A page that
// still does not fit — an overview or context page, one service's page, or
// when the rounds run out — prints as large as the page allows.
func buildToFit(ctx context.Context, snap *inventory.Snapshot, opts Options) ([]Diagram, error) {
	budget := opts.NodeBudget
	if budget <= 0 {
		budget = DefaultNodeBudget
	}
	inner := opts
	inner.fitting, inner.NodeBudget, inner.budgets = true, budget, map[string]int{}
	inner.layouts = &layoutCache{}
	for round := 1; ; round++ {
		ds, err := Build(ctx, snap, inner)
		if err != nil {
			return nil, err
		}
		if !inner.lean {
			if !slices.ContainsFunc(ds, func(d Diagram) bool { return !opts.Room.Fits(d.Drawing) }) {
				return ds, nil
			}
			inner.lean = true // the screen drawing does not fit: paper pages
			continue
		}
		smaller := false
		if len(ds) > 0 && ds[len(ds)-1].ID == "architecture" && !opts.Room.Fits(ds[len(ds)-1].Drawing) {
			inner.split = true // the whole estate on one paper page does not fit
			continue
		}
		for _, d := range ds {
			t := opts.Room.PrintedText(d.Drawing)
			if d.cluster == "" || t == 0 || t >= opts.Room.MinText {
				continue
			}
			have := budget
			if b, ok := inner.budgets[d.cluster]; ok {
				have = b
			}
			if d.Nodes > have || d.Nodes <= 1 {
				continue // one service's page: no budget splits it
			}
			// From the page's own node count: a budget still above it (the
			// default's 60 for a 13-node page) split nothing, and the
			// rounds ran out before it came down.
			have = d.Nodes
			short := opts.Room.MinText / t
			next := max(1, min(have-1, int(float64(have)/(short*short))))
			if b, ok := inner.budgets[d.cluster]; !ok || next < b {
				inner.budgets[d.cluster] = next
				smaller = true
			}
		}
		if !smaller || round == maxFitRounds {
			return ds, nil
		}
	}
}

// budgetOf is the node budget of a cluster's detail pages.
func (pl *planner) budgetOf(rv *regionView, cv *clusterView) int {
	if b, ok := pl.budgets[clusterKey(rv, cv)]; ok {
		return b
	}
	return pl.budget
}

// clusterKey names a cluster of a region view in Options.budgets.
func clusterKey(rv *regionView, cv *clusterView) string { return rv.key + "|" + cv.c.ARN }

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
		sc.aggLB = sc.aggLB || sc.summary // an overview counts load balancers by kind
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
	// Tighter spacing, in inches: every point saved prints the text larger.
	for i, a := range p.g.attrs {
		switch a.k {
		case "nodesep":
			p.g.attrs[i].v = "0.2"
		case "ranksep":
			p.g.attrs[i].v = "0.3"
		case "pad":
			p.g.attrs[i].v = "0.05"
		}
	}
}

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

// azCards draws, on a paper overview, each Availability Zone of the VPC as
// one card — two lines per subnet (kind, name, id; CIDR, free addresses;
// past maxSubnets, the rest counted) and its NAT gateways — instead
// of boxes of subnet boxes; it returns every subnet's anchor, its zone's
// card.
func (p *page) azCards(rv *regionView, vc *cluster, subnets []*inventory.Subnet) map[string]anchor {
	l := p.l
	anchors := map[string]anchor{}
	byAZ := map[string][]*inventory.Subnet{}
	for _, sn := range subnets {
		byAZ[sn.AvailabilityZone] = append(byAZ[sn.AvailabilityZone], sn)
	}
	for _, az := range slices.Sorted(maps.Keys(byAZ)) {
		var lines []text
		shown := byAZ[az]
		if len(shown) > maxSubnets {
			shown = shown[:maxSubnets-1]
		}
		for _, sn := range shown {
			kind := "private subnet "
			if sn.Public {
				kind = "public subnet "
			}
			head := cat(l.t(kind), l.v(sn.ID))
			if n := sn.Tags["Name"]; n != "" {
				head = cat(l.t(kind), l.v(n), l.t(" "), l.v(sn.ID))
			}
			// Two lines a subnet keep the card, and three side by side, narrow.
			lines = append(lines, head, cat(l.t("    "), l.v(sn.CIDR), l.t(" · "), l.t(strconv.Itoa(sn.AvailableIPs)), l.t(" free IPs")))
		}
		if rest := byAZ[az][len(shown):]; len(rest) > 0 {
			free := 0
			for _, sn := range rest {
				free += sn.AvailableIPs
			}
			lines = append(lines, cat(l.t("+ "), l.t(strconv.Itoa(len(rest))), l.t(words.Plural(len(rest), " more subnet", " more subnets")), l.t(" · "), l.t(strconv.Itoa(free)), l.t(" free IPs")))
		}
		for _, sn := range byAZ[az] {
			for _, ng := range rv.reg.Network.NATGateways {
				if ng.SubnetID == sn.ID && (ng.State == "" || ng.State == "available") {
					lines = append(lines, cat(l.t("NAT gateway "), l.v(ng.ID)))
				}
			}
		}
		id := nodeID("az-card", rv.key, vc.id, az)
		p.g.addNode(vc, id, cardAttrs(l, card{icon: "AZ", color: colAZ, title: cat(l.t("Availability Zone "), l.v(az)), lines: lines}, colAZ, true)...)
		for _, sn := range byAZ[az] {
			anchors[sn.ID] = anchor{node: id}
		}
		// What the overview draws below the VPC (the declared stores
		// no service uses) goes under the cards.
		p.bottom = append(p.bottom, id)
	}
	return anchors
}

// maxSubnets is the most subnets an AZ card lists.
const maxSubnets = 4

// clustersAboveAZs keeps a paper overview's ECS cluster summaries in rows
// of at most summaryRow above its Availability Zone cards — or, in a VPC
// without clusters, its internet gateway igw (when not "") above them — so
// the page grows down as much as across.
func (p *page) clustersAboveAZs(rv *regionView, vpc, igw string, anchors map[string]anchor) {
	azs := map[string]bool{}
	for _, a := range anchors {
		azs[a.node] = true
	}
	var ids []string
	for _, cv := range rv.clusters {
		if box, ok := p.boxes[p.boxKey(rv, cv, vpc)]; ok {
			ids = append(ids, box[1])
		}
	}
	if len(ids) == 0 && igw != "" {
		ids = []string{igw}
	}
	for i, id := range ids {
		if i+summaryRow < len(ids) {
			p.g.addEdge(id, ids[i+summaryRow], "summary-rows", attr{k: "style", v: "invis"})
			continue
		}
		for _, az := range slices.Sorted(maps.Keys(azs)) {
			p.g.addEdge(id, az, "above-azs", attr{k: "style", v: "invis"})
		}
	}
}

// summaryRow is how many ECS cluster summaries a paper overview puts side
// by side: three fit the landscape page's width.
const summaryRow = 3
