// Package diagram draws architecture diagrams of an estate from its
// inventory snapshot: AWS Cloud → account → region → VPC → Availability Zone
// → public/private subnets as nested groups after AWS's diagram conventions,
// with the internet, gateways, load balancers (once, across their AZs),
// listener → target group → ECS service paths, ECS clusters and services
// with their capacity and per-AZ task spread, Auto Scaling groups, EFS, ECR,
// CloudWatch, CloudTrail, Cloud Map, GuardDuty, VPC endpoints and ECS
// Anywhere capacity; the data stores and managed services the services
// reach or the case study declares (databases, buckets, queues, topics,
// event buses, streams, keys, secrets), declared WAF web ACLs, and the
// security groups that let the traffic in. A VPC holding no part of the
// workload is left out, and the legend says so.
//
// Build returns one diagram when the estate fits the node budget of a page;
// above it, an overview per VPC (ECS clusters summarised) and detail pages
// per ECS cluster, so every page stays legible whatever the estate's size.
// Given the Room of a printed page (Options.Room), it splits further until
// the text of every page prints large enough there (fit.go): paper pages
// with per-VPC overviews, compact cluster details, and the context —
// regional services, systems outside AWS, legend — on pages of their own.
//
// Each Diagram carries its DOT source (written by this package,
// deterministically: node ids are hashes of resource identities, everything
// is emitted in sorted order), a self-contained SVG, and the drawing
// operations (package drawop) that package pdfdraw replays into a PDF as
// vectors. Every value from the estate in a node or edge label goes through
// one path (lab.v: shortened, made printable, escaped), so no name can
// break a label or squeeze a page whichever diagram draws it. Redaction
// needs no hook here: package redact rewrites the snapshot before any
// stage runs.
package diagram

import (
	"context"
	"fmt"
	"html"
	"slices"
	"strings"

	"github.com/ecspack/ecspack/diagram/drawop"
	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/internal/words"
	"github.com/ecspack/ecspack/inventory"
)

// DefaultNodeBudget is the most nodes a page holds before the estate is
// split: about what stays readable on an A4 landscape page.
const DefaultNodeBudget = 60

// Options tunes Build and Plan.
type Options struct {
	// NodeBudget is the most nodes per diagram; 0 means DefaultNodeBudget.
	NodeBudget int
	// Title names the estate (e.g. the case study) in diagram titles; optional.
	Title string
	// External are systems outside AWS the workload connects to (on-premises
	// servers, SaaS, devices): DOC-001 asks for them on the diagram. They are
	// drawn outside the AWS Cloud box on the overview pages.
	External []External
	// Estate is the view of the snapshot when the caller built it (the
	// pipeline builds one per case study for every stage); nil builds one.
	Estate *estate.Estate
	// DataStores are the data stores and managed services the case study
	// declares for what discovery cannot see; drawn beside those found in
	// the task roles' policies.
	DataStores []DataStore
	// WebACLs are the AWS WAF web ACLs the case study declares on its load
	// balancers.
	WebACLs []WebACL
	// Room, when set, is the page a diagram is printed on: Build splits the
	// estate into smaller pages until every drawing prints its smallest
	// text at Room.MinText or larger (see fit.go). Zero splits by
	// NodeBudget alone.
	Room Room
	// fitting is set on the Options of Build's own attempts within a fit;
	// lean asks them for paper pages, split for overview and detail pages
	// even when the estate fits the node budget, and budgets holds the
	// smaller node budgets of the clusters whose pages did not fit (see
	// fit.go).
	fitting, lean, split bool
	budgets              map[string]int
	// layouts carries the previous round's layouts into the next (see
	// layoutCache); nil outside a fit.
	layouts *layoutCache
}

// External is one system outside AWS and how it connects.
type External struct {
	Name string
	// Kind is e.g. "on-premises", "saas", "devices", "users", "partner-api".
	Kind string
	// Connection is e.g. "Site-to-Site VPN", "Direct Connect", "HTTPS".
	Connection string
}

// Diagram is one page of architecture drawing.
type Diagram struct {
	// ID is a stable file-name-safe identifier, e.g. "architecture",
	// "vpc-01", "cluster-02-3"; it reveals no resource identifier.
	ID string
	// Title describes what the page shows, already labelled.
	Title string
	// Nodes is the number of nodes drawn.
	Nodes int
	// DOT is the Graphviz source.
	DOT []byte
	// SVG is the rendered, self-contained SVG (empty from Plan).
	SVG []byte
	// Drawing is the layout as drawing operations for vector PDF output
	// (empty from Plan).
	Drawing drawop.Drawing
	// Overviews are the IDs of the overview pages that summarise what this
	// detail page draws (a cluster page's VPC overviews), so a document can
	// link each overview to its details; empty on overview and single pages.
	Overviews []string
	// cluster is the key of the ECS cluster a detail page draws (fit.go).
	cluster string
}

// Build plans the diagrams of a snapshot (see Plan) and renders each with
// Graphviz into SVG and drawing operations. The stages overlap: pages are
// planned on one goroutine, laid out one at a time by Graphviz (its
// WebAssembly module is global) on another, and each page's SVG is read into
// drawing operations on a third while the next page is laid out.
func Build(ctx context.Context, snap *inventory.Snapshot, opts Options) ([]Diagram, error) {
	if opts.Room.set() && !opts.fitting {
		return buildToFit(ctx, snap, opts)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	planned := make(chan Diagram, 4)
	var planErr error
	go func() {
		defer close(planned)
		planErr = plan(snap, opts, func(d Diagram) bool {
			select {
			case planned <- d:
				return true
			case <-ctx.Done():
				return false
			}
		})
	}()

	var ds []*Diagram
	laidOut := make(chan *Diagram, 4)
	var parseErr error
	parsed := make(chan struct{})
	go func() {
		defer close(parsed)
		for d := range laidOut {
			if parseErr != nil {
				continue
			}
			dr, err := drawop.ParseSVG(d.SVG)
			if err != nil {
				parseErr = fmt.Errorf("diagram %s: %w", d.ID, err)
				cancel()
				continue
			}
			d.Drawing = dr
		}
	}()
	var err error
	for d := range planned {
		if err != nil {
			continue // drain, so the planner can stop
		}
		if l, ok := opts.layouts.get(d.DOT); ok {
			d.SVG, d.Drawing = l.SVG, l.Drawing
			ds = append(ds, &d)
			continue
		}
		out, e := RenderDOT(ctx, d.DOT)
		if e != nil {
			err = fmt.Errorf("diagram %s: %w", d.ID, e)
			cancel()
			continue
		}
		d.SVG = out.SVG
		ds = append(ds, &d)
		laidOut <- &d
	}
	close(laidOut)
	<-parsed
	switch {
	case parseErr != nil:
		return nil, parseErr
	case planErr != nil:
		return nil, planErr
	case err != nil:
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := make([]Diagram, len(ds))
	for i, d := range ds {
		out[i] = *d
	}
	opts.layouts.keep(out)
	return out, nil
}

// Render fills a planned diagram's SVG and Drawing from its DOT.
func Render(ctx context.Context, d *Diagram) error {
	out, err := RenderDOT(ctx, d.DOT)
	if err != nil {
		return fmt.Errorf("diagram %s: %w", d.ID, err)
	}
	dr, err := drawop.ParseSVG(out.SVG)
	if err != nil {
		return fmt.Errorf("diagram %s: %w", d.ID, err)
	}
	d.SVG, d.Drawing = out.SVG, dr
	return nil
}

// Plan decides the pages of a snapshot and writes their DOT sources without
// running Graphviz.
func Plan(snap *inventory.Snapshot, opts Options) ([]Diagram, error) {
	var out []Diagram
	err := plan(snap, opts, func(d Diagram) bool { out = append(out, d); return true })
	if err != nil {
		return nil, err
	}
	return out, nil
}

// plan passes each page to emit as soon as it is planned, in order; it stops
// early, without error, when emit returns false.
func plan(snap *inventory.Snapshot, opts Options, emit func(Diagram) bool) error {
	if snap == nil {
		return fmt.Errorf("diagram: no snapshot")
	}
	budget := opts.NodeBudget
	if budget <= 0 {
		budget = DefaultNodeBudget
	}
	pl := planner{rvs: views(snap, opts.Estate), budget: budget, estate: opts.Title, external: opts.External,
		stores: opts.DataStores, acls: opts.WebACLs, lean: opts.lean, budgets: opts.budgets}
	if pl.lean && !pl.contextPages(emit) {
		return nil
	}

	// Every service is a node of the single-page drawing, so an estate with
	// more services than the budget needs no attempt at one.
	services := map[string]bool{}
	for _, rv := range pl.rvs {
		for _, cv := range rv.clusters {
			for _, sv := range cv.services {
				services[nodeID("service", rv.key, sv.s.ARN)] = true
			}
		}
	}
	if len(services) <= budget && !opts.split {
		full := pl.page("architecture", pl.title("Architecture"), scope{})
		if full.Nodes <= budget {
			emit(full)
			return nil
		}
	}
	n := 0
	overview := map[string]string{} // region key + "|" + VPC id → overview page id
	for _, rv := range pl.rvs {
		for _, v := range rv.vpcs {
			if !rv.inUse[v.ID] {
				continue // said in the legend of the pages that leave it out
			}
			n++
			overview[rv.key+"|"+v.ID] = fmt.Sprintf("vpc-%02d", n)
			name := pl.l.plain(v.ID)
			if t := v.Tags["Name"]; t != "" {
				name = pl.l.plain(t) + " (" + name + ")"
			}
			title := pl.title("VPC overview " + name + " · " + pl.l.plain(rv.acct.ID) + " · " + pl.l.plain(rv.reg.Name))
			if !emit(pl.fit(fmt.Sprintf("vpc-%02d", n), title, scope{rv: rv, vpc: v.ID, mode: mode{summary: true}})) {
				return nil
			}
		}
	}
	n = 0
	for _, rv := range pl.rvs {
		for _, cv := range rv.clusters {
			if len(cv.services) == 0 {
				continue
			}
			n++
			chunks := pl.chunks(rv, cv)
			for i, ch := range chunks {
				id := fmt.Sprintf("cluster-%02d", n)
				title := "ECS cluster " + pl.l.plain(cv.c.Name) + " · " + pl.l.plain(rv.acct.ID) + " · " + pl.l.plain(rv.reg.Name)
				if len(chunks) > 1 {
					id += fmt.Sprintf("-%d", i+1)
					title += fmt.Sprintf(" · part %d of %d (%s)", i+1, len(chunks), words.Count(len(ch), "service", "services"))
				}
				d := pl.fit(id, pl.title(title), scope{rv: rv, cluster: cv, services: ch})
				d.Overviews = overviewsOf(overview, rv, ch)
				d.cluster = clusterKey(rv, cv)
				if !emit(d) {
					return nil
				}
			}
		}
	}
	return nil
}

type planner struct {
	l        lab
	rvs      []*regionView
	budget   int
	estate   string
	external []External
	stores   []DataStore
	acls     []WebACL
	lean     bool           // paper pages: see fit.go
	budgets  map[string]int // node budgets of single clusters: see fit.go
}

func (pl *planner) title(s string) string {
	if pl.estate == "" || pl.lean { // a paper page's heading sits under the estate's own
		return s
	}
	if pl.estate == "" {
		return s
	}
	return pl.l.plain(pl.estate) + " · " + s
}

func (pl *planner) page(id, title string, sc scope) Diagram {
	sc = pl.paper(sc)
	pg := pl.newPage(text(html.EscapeString(title)), sc)
	pg.layOut()
	g := pg.build(pl.rvs)
	return Diagram{ID: id, Title: title, Nodes: g.nodeCount(), DOT: g.dot()}
}

// newPage starts a page with what the planner knows beyond the snapshot:
// the casefile's external systems, declared stores and web ACLs.
func (pl *planner) newPage(title text, sc scope) *page {
	pg := newPage(pl.l, title, sc)
	pg.externalSystems = pl.external
	pg.declStores, pg.declACLs = pl.stores, pl.acls
	return pg
}

// fit builds a page, aggregating load balancers and then subnets while it
// exceeds the budget.
func (pl *planner) fit(id, title string, sc scope) Diagram {
	d := pl.page(id, title, sc)
	for _, step := range []func(*scope){func(s *scope) { s.aggLB = true }, func(s *scope) { s.aggSubnets = true }} {
		if d.Nodes <= pl.budget {
			break
		}
		step(&sc)
		d = pl.page(id, title, sc)
	}
	return d
}

// chunks splits a cluster's services into groups whose detail page fits the
// budget, keeping services behind the same load balancer together.
func (pl *planner) chunks(rv *regionView, cv *clusterView) []map[*serviceView]bool {
	svcs := append([]*serviceView(nil), cv.services...)
	firstLB := func(sv *serviceView) string {
		best := "\uffff"
		for _, t := range sv.targets {
			for lb := range t.listeners {
				best = min(best, lb)
			}
		}
		return best
	}
	keys := make(map[*serviceView]string, len(svcs))
	for _, sv := range svcs {
		keys[sv] = firstLB(sv) + "\x00" + sv.vpc + "\x00" + sv.s.Name + "\x00" + sv.s.ARN
	}
	slices.SortStableFunc(svcs, func(a, b *serviceView) int { return strings.Compare(keys[a], keys[b]) })

	var out []map[*serviceView]bool
	cur := map[*serviceView]bool{}
	for _, sv := range svcs {
		cur[sv] = true
		if len(cur) > 1 {
			g := pl.newPage("", pl.paper(scope{rv: rv, cluster: cv, services: cur})).build(pl.rvs)
			if g.nodeCount() > pl.budgetOf(rv, cv) {
				delete(cur, sv)
				out = append(out, cur)
				cur = map[*serviceView]bool{sv: true}
			}
		}
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}
