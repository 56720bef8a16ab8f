package diagram

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/internal/words"
	"github.com/ecspack/ecspack/inventory"
)

// mode is how much detail a page draws.
type mode struct {
	// summary draws each ECS cluster as one node (no services, no target groups).
	summary bool
	// aggLB draws one node per load balancer type and scheme instead of one per load balancer.
	aggLB bool
	// aggSubnets draws one node per AZ and subnet kind instead of one box per subnet.
	aggSubnets bool
	// lean leaves out the page's title (the document's heading shows it),
	// the VPC endpoints, and what the context page draws: the legend, the
	// regional services, the systems outside AWS — for pages that must fit
	// a sheet of paper (fit.go).
	lean bool
	// regionContext draws only a region's context: its regional services
	// and ECS Anywhere capacity; outsideOnly only the systems outside AWS;
	// legendOnly only the legend — the pages that carry what lean pages
	// leave out (fit.go).
	regionContext, outsideOnly, legendOnly bool
	// compact is lean and also leaves out the Availability Zone and subnet
	// boxes (drawn on the overview): a cluster's detail page on paper, its
	// load balancer → target group → service paths (fit.go).
	compact bool
}

// scope is what a page shows.
type scope struct {
	rv       *regionView           // nil: every region
	vpc      string                // "": every VPC in scope
	cluster  *clusterView          // nil: every cluster
	services map[*serviceView]bool // nil: every service of the cluster(s)
	mode
}

// page builds one graph for a scope.
type page struct {
	l     lab
	g     *graph
	sc    scope
	title text
	cloud *cluster
	users string
	// boxes holds, per ECS cluster box, its DOT id and the id of a node inside it.
	boxes map[string][2]string
	// bottom holds nodes at the bottom of the VPCs drawn so far, above
	// which the regional services must not rise.
	bottom []string
	// tails holds the last service node of every ECS cluster box drawn.
	tails []string
	// externalSystems are drawn outside the cloud on overview pages.
	externalSystems []External
	// firstVPC is the DOT id of the first VPC box drawn and a node inside it,
	// where private connections (VPN, Direct Connect) from outside land.
	firstVPC [2]string
	// declStores and declACLs are what the case study declares;
	// unusedDrawn is set once the declared stores no page service uses
	// have been drawn (in the first region of the page).
	declStores  []DataStore
	declACLs    []WebACL
	unusedDrawn bool
	// omittedVPCs counts the VPCs left out because no part of the workload
	// is in them (estate.Region.WorkloadVPCs); the legend says so.
	omittedVPCs int
}

func newPage(l lab, title text, sc scope) *page {
	g := newGraph()
	g.attrs = []attr{
		{k: "rankdir", v: "TB"}, {k: "compound", v: "true"}, {k: "newrank", v: "true"}, {k: "forcelabels", v: "true"},
		{k: "fontname", v: fontName}, {k: "fontsize", v: "10"}, {k: "nodesep", v: "0.3"},
		{k: "ranksep", v: "0.45"}, {k: "pad", v: "0.25"}, {k: "bgcolor", v: "#FFFFFF"},
		{k: "label", v: fmt.Sprintf(`<font point-size="14" color="%s"><b>%s</b></font>`, colText, title), html: true},
		{k: "labelloc", v: "t"}, {k: "labeljust", v: "l"},
	}
	g.nodeAttrs = []attr{{k: "shape", v: "box"}, {k: "fontname", v: fontName}, {k: "fontsize", v: "9"},
		{k: "margin", v: "0.06,0.03"}, {k: "penwidth", v: "1.2"}}
	g.edgeAttrs = []attr{{k: "fontname", v: fontName}, {k: "fontsize", v: "8"}, {k: "color", v: colEdge},
		{k: "fontcolor", v: colMuted}, {k: "arrowsize", v: "0.6"}, {k: "penwidth", v: "1"}}
	return &page{l: l, g: g, sc: sc, title: title, boxes: map[string][2]string{}}
}

// edgeLabel returns an edge's label attribute.
// Edge labels are xlabels: placed after layout, they do not widen ranks the
// way ordinary labels (laid out as virtual nodes) do.
func edgeLabel(t text) attr { return attr{k: "label", v: string(t), html: true} }

// build draws the scope over the given region views.
func (p *page) build(rvs []*regionView) *graph {
	switch {
	case p.sc.legendOnly:
		p.legend()
		return p.g
	case p.sc.outsideOnly:
		// Left to right: the systems stacked beside the Internet node
		// suit a landscape page; a row of their cards (each as wide as
		// its connection's words) did not.
		for i, a := range p.g.attrs {
			if a.k == "rankdir" {
				p.g.attrs[i].v = "LR"
			}
		}
		p.outsideAWS()
		return p.g
	}
	for _, rv := range rvs {
		if p.sc.rv != nil && p.sc.rv != rv {
			continue
		}
		p.region(rv)
	}
	if !p.sc.lean && !p.sc.regionContext {
		p.outsideAWS()
		p.legend()
	}
	return p.g
}

func (p *page) cloudBox() *cluster {
	if p.cloud == nil {
		p.cloud = p.g.addCluster(nil, clusterID("aws-cloud"), groupAttrs(grpCloud, cat("<b>", p.l.t("AWS Cloud"), "</b>"))...)
	}
	return p.cloud
}

// usersNode is the Internet / users node above the cloud.
func (p *page) usersNode() string {
	if p.users == "" {
		p.users = nodeID("internet")
		p.g.addNode(nil, p.users, cardAttrs(p.l, card{icon: "WWW", color: colCloud, title: p.l.t("Internet / users")}, colCloud, false)...)
	}
	return p.users
}

// servicesOf returns the services of rv in the page's scope.
func (p *page) servicesOf(rv *regionView) []*serviceView {
	var out []*serviceView
	for _, cv := range rv.clusters {
		if p.sc.cluster != nil && p.sc.cluster != cv {
			continue
		}
		for _, sv := range cv.services {
			if p.sc.services != nil && !p.sc.services[sv] {
				continue
			}
			if p.sc.vpc != "" && sv.vpc != p.sc.vpc {
				continue
			}
			out = append(out, sv)
		}
	}
	return out
}

func (p *page) region(rv *regionView) {
	svcs := p.servicesOf(rv)
	detail := p.sc.cluster != nil
	var vpcs []*inventory.VPC
	for _, v := range rv.vpcs {
		switch {
		case !detail && !rv.inUse[v.ID]:
			p.omittedVPCs++
		case p.sc.vpc != "" && v.ID != p.sc.vpc:
		case detail && !slices.ContainsFunc(svcs, func(s *serviceView) bool { return s.vpc == v.ID }):
		default:
			vpcs = append(vpcs, v)
		}
	}
	var noVPC []*serviceView
	for _, sv := range svcs {
		if sv.vpc == "" || !slices.ContainsFunc(rv.vpcs, func(v *inventory.VPC) bool { return v.ID == sv.vpc }) {
			noVPC = append(noVPC, sv)
		}
	}
	if len(vpcs) == 0 && len(noVPC) == 0 && (detail || p.sc.vpc != "") {
		return
	}
	acctLabel := cat("<b>", p.l.t("AWS account"), "&#160;</b>", p.l.v(rv.acct.ID))
	if rv.acct.Alias != "" {
		acctLabel = cat(acctLabel, p.l.t(" · "), p.l.v(rv.acct.Alias))
	}
	var reg *cluster // a paper page names account and region in its title instead of boxes
	if !p.sc.lean {
		acct := p.g.addCluster(p.cloudBox(), clusterID("account", rv.acct.ID), groupAttrs(grpAccount, acctLabel)...)
		reg = p.g.addCluster(acct, clusterID("region", rv.key), groupAttrs(grpRegion, cat("<b>", p.l.t("Region"), "&#160;</b>", p.l.v(rv.reg.Name)))...)
	}
	for _, v := range vpcs {
		if p.sc.regionContext {
			break
		}
		var in []*serviceView
		for _, sv := range svcs {
			if sv.vpc == v.ID {
				in = append(in, sv)
			}
		}
		p.vpc(rv, reg, v, in)
	}
	if len(noVPC) > 0 && !p.sc.regionContext {
		p.services(rv, reg, nil, noVPC)
	}
	if !p.sc.lean {
		p.regional(rv, reg, svcs)
	}
	if !p.sc.regionContext && !p.sc.outsideOnly && !p.sc.legendOnly {
		// Data stores stay with the services that use them, on detail
		// pages too (the regional services and systems outside AWS have
		// paper pages of their own; a paper overview draws only those
		// no detail page does, see dataStores).
		p.dataStores(rv, reg, svcs)
	}
	if !p.sc.lean {
		// After the data stores, as on the screen drawing before paper
		// pages: the order of the edges steers Graphviz's layout.
		p.external(rv)
	}
}

// vpc draws one VPC: gateways, AZs with their subnets, load balancers,
// target groups, ECS clusters and services, endpoints, Auto Scaling groups.
func (p *page) vpc(rv *regionView, reg *cluster, v *inventory.VPC, svcs []*serviceView) {
	l := p.l
	label := cat("<b>", l.t("VPC"), "&#160;</b>")
	if n := v.Tags["Name"]; n != "" {
		label = cat(label, l.v(n), l.t(" · "))
	}
	label = cat(label, l.v(v.ID), l.t(" · "), l.v(v.CIDR))
	vc := p.g.addCluster(reg, clusterID("vpc", rv.key, v.ID), groupAttrs(grpVPC, label)...)

	// Load balancers in scope: all of the VPC's, or those reaching the page's services.
	lbs := p.loadBalancers(rv, v.ID, svcs)
	subnets := p.subnetsInScope(rv, v.ID, svcs, lbs)
	igw := p.internetGateway(rv, vc, v.ID, subnets, lbs)

	// Availability zones and subnets.
	var anchors map[string]anchor
	switch {
	case p.sc.lean && p.sc.summary:
		anchors = p.azCards(rv, vc, subnets)
	case !p.sc.compact:
		anchors = p.subnets(rv, vc, subnets, svcs)
		p.markAnchors(vc, subnets, anchors)
		p.natEgress(rv, subnets, anchors)
	}

	// Load balancers, drawn once in the VPC with the AZs they span, with
	// the web ACLs that protect them.
	lbNodes := p.lbNodes(rv, vc, lbs)
	p.webACLs(rv, reg, lbNodes, igw)
	if igw != "" {
		for _, lb := range lbs {
			if lb.Scheme == "internet-facing" {
				p.g.addEdge(igw, lbNodes[lb.ARN], "")
			}
		}
	}

	// ECS clusters and services, above the AZ columns.
	tails := len(p.tails)
	p.services(rv, vc, lbNodes, svcs)
	for _, tail := range p.tails[tails:] {
		for _, sn := range subnets {
			if a := anchors[sn.ID]; sn.Public && a.node != "" {
				p.g.addEdge(tail, a.node, "above-azs", attr{k: "style", v: "invis"})
			}
		}
	}
	if p.sc.lean && p.sc.summary {
		p.clustersAboveAZs(rv, v.ID, igw, anchors)
	}
	p.taskEdges(rv, v.ID, svcs, anchors)
	if !p.sc.lean {
		p.endpoints(rv, vc, v.ID)
	}
	if !p.sc.lean || !p.sc.summary { // a paper overview leaves capacity to the detail pages
		p.autoScaling(rv, vc, v.ID, svcs)
	}
}

// subnetsInScope are the VPC's subnets the page draws: all of them on an
// overview; on a detail page those its services' tasks and load balancers
// use, and the subnets of the NAT gateways their default routes go through.
func (p *page) subnetsInScope(rv *regionView, vpc string, svcs []*serviceView, lbs []*inventory.LoadBalancer) []*inventory.Subnet {
	subnets := rv.subnets[vpc]
	if p.sc.cluster == nil {
		return subnets
	}
	used := map[string]bool{}
	for _, sv := range svcs {
		for id := range sv.subnetTasks {
			used[id] = true
		}
		for _, id := range sv.es.Subnets() {
			used[id] = true
		}
	}
	for _, lb := range lbs {
		for _, id := range lb.Subnets {
			used[id] = true
		}
	}
	for _, id := range slices.Sorted(maps.Keys(used)) {
		for _, nat := range rv.er.NATGateways(id) {
			for _, ng := range rv.reg.Network.NATGateways {
				if ng.ID == nat {
					used[ng.SubnetID] = true
				}
			}
		}
	}
	return slices.DeleteFunc(slices.Clone(subnets), func(s *inventory.Subnet) bool { return !used[s.ID] })
}

// internetGateway draws the VPC's internet gateway, linked from the
// internet, when an internet-facing load balancer or a public subnet is on
// the page; it returns the gateway's node id, or "".
func (p *page) internetGateway(rv *regionView, vc *cluster, vpc string, subnets []*inventory.Subnet, lbs []*inventory.LoadBalancer) string {
	public := slices.ContainsFunc(subnets, func(s *inventory.Subnet) bool { return s.Public })
	facing := slices.ContainsFunc(lbs, func(lb *inventory.LoadBalancer) bool { return lb.Scheme == "internet-facing" })
	if !facing && !public {
		return ""
	}
	for _, gw := range rv.reg.Network.InternetGateways {
		if !slices.Contains(gw.VPCs, vpc) {
			continue
		}
		igw := nodeID("igw", rv.key, gw.ID)
		p.g.addNode(vc, igw, cardAttrs(p.l, card{icon: "IGW", color: colNetwork, title: p.l.t("Internet gateway"),
			lines: []text{p.l.v(gw.ID)}}, colNetwork, false)...)
		if !p.sc.lean { // on paper the gateway itself is the way in; the internet is on the outside-AWS page
			p.g.addEdge(p.usersNode(), igw, "")
		}
		return igw
	}
	return ""
}

// markAnchors remembers where outside connections land (the first VPC's
// first subnet) and which nodes the regional services must stay below (the
// private subnets).
func (p *page) markAnchors(vc *cluster, subnets []*inventory.Subnet, anchors map[string]anchor) {
	if p.firstVPC[0] == "" {
		for _, sn := range subnets {
			if a := anchors[sn.ID]; a.node != "" {
				p.firstVPC = [2]string{vc.id, a.node}
				break
			}
		}
	}
	for _, sn := range subnets {
		if a := anchors[sn.ID]; !sn.Public && a.node != "" && !slices.Contains(p.bottom, a.node) {
			p.bottom = append(p.bottom, a.node)
		}
	}
}

// natEgress draws private subnet → NAT gateway of its default route.
func (p *page) natEgress(rv *regionView, subnets []*inventory.Subnet, anchors map[string]anchor) {
	for _, sn := range subnets {
		if sn.Public {
			continue
		}
		for _, nat := range rv.er.NATGateways(sn.ID) {
			natID := nodeID("nat", rv.key, nat)
			a := anchors[sn.ID]
			if !p.g.hasNode(natID) || a.node == "" {
				continue
			}
			attrs := []attr{{k: "dir", v: "back"}, {k: "style", v: "dashed"}, {k: "color", v: colPublicLine}}
			if a.box != "" {
				attrs = append(attrs, attr{k: "lhead", v: a.box})
			}
			p.g.addEdge(natID, a.node, "nat", attrs...)
		}
	}
}

// taskEdges draws, per ECS cluster box in the VPC, one edge to each subnet
// its services' running tasks are in (the subnet says how many: an edge
// label there would sit on a box's border).
func (p *page) taskEdges(rv *regionView, vpc string, svcs []*serviceView, anchors map[string]anchor) {
	for _, cv := range rv.clusters {
		box, ok := p.boxes[p.boxKey(rv, cv, vpc)]
		if !ok {
			continue
		}
		counts := map[string]int{}
		for _, sv := range svcs {
			if sv.cluster != cv {
				continue
			}
			for id, n := range sv.subnetTasks {
				counts[id] += n
			}
		}
		for _, id := range slices.Sorted(maps.Keys(counts)) {
			a, ok := anchors[id]
			if !ok {
				continue
			}
			attrs := []attr{{k: "ltail", v: box[0]}, {k: "style", v: "dashed"}, {k: "color", v: colECS}}
			if a.box != "" {
				attrs = append(attrs, attr{k: "lhead", v: a.box})
			}
			p.g.addEdge(box[1], a.node, "tasks", attrs...)
		}
	}
}

// anchor is where edges to a subnet attach: a node inside it and the box to clip at.
type anchor struct{ node, box string }

// subnets draws the AZ boxes with their subnet boxes (or, aggregated, one
// node per AZ and kind) and NAT gateways; it returns the anchor per subnet id.
func (p *page) subnets(rv *regionView, vc *cluster, subnets []*inventory.Subnet, svcs []*serviceView) map[string]anchor {
	l := p.l
	anchors := map[string]anchor{}
	byAZ := map[string][]*inventory.Subnet{}
	for _, sn := range subnets {
		byAZ[sn.AvailabilityZone] = append(byAZ[sn.AvailabilityZone], sn)
	}
	for _, az := range slices.Sorted(maps.Keys(byAZ)) {
		azc := p.g.addCluster(vc, clusterID("az", rv.key, vc.id, az), groupAttrs(grpAZ, cat("<b>", l.t("Availability Zone"), "&#160;</b>", l.v(az)))...)
		var pubAnchor, privAnchor string
		if p.sc.aggSubnets {
			for _, public := range []bool{true, false} {
				var list []*inventory.Subnet
				for _, sn := range byAZ[az] {
					if sn.Public == public {
						list = append(list, sn)
					}
				}
				if len(list) == 0 {
					continue
				}
				kind, grp := "Private subnets", grpPrivate
				if public {
					kind, grp = "Public subnets", grpPublic
				}
				box := clusterID("subnets", rv.key, vc.id, az, kind)
				bc := p.g.addCluster(azc, box, groupAttrs(grp, cat("<b>", l.t(kind), "</b>"))...)
				free := 0
				ids := make([]string, len(list))
				for i, sn := range list {
					free += sn.AvailableIPs
					ids[i] = sn.ID
				}
				id := nodeID("subnets", rv.key, vc.id, az, kind)
				lines := append([]text{cat(l.t(strconv.Itoa(free)), l.t(" free IPs"))}, p.taskLines(rv, svcs, ids)...)
				p.g.addNode(bc, id, subnetInfoAttrs(cat(l.t(strconv.Itoa(len(list))), l.t(words.Plural(len(list), " subnet", " subnets"))), lines)...)
				for _, sn := range list {
					anchors[sn.ID] = anchor{node: id}
					p.nats(rv, bc, sn)
				}
				if public {
					pubAnchor = id
				} else {
					privAnchor = id
				}
			}
		} else {
			for _, sn := range byAZ[az] {
				kind, grp := "Private subnet", grpPrivate
				if sn.Public {
					kind, grp = "Public subnet", grpPublic
				}
				box := clusterID("subnet", rv.key, sn.ID)
				title := cat("<b>", l.t(kind), "</b>")
				if n := sn.Tags["Name"]; n != "" {
					title = cat("<b>", l.t(kind), "&#160;</b>", l.v(n))
				}
				bc := p.g.addCluster(azc, box, groupAttrs(grp, title)...)
				lines := []text{cat(l.v(sn.CIDR), l.t(" · "), l.t(strconv.Itoa(sn.AvailableIPs)), l.t(" free IPs"))}
				for _, fs := range rv.er.MountedFileSystems(sn.ID) {
					lines = append(lines, cat(l.t("EFS mount target "), l.v(fs)))
				}
				lines = append(lines, p.taskLines(rv, svcs, []string{sn.ID})...)
				id := nodeID("subnet", rv.key, sn.ID)
				p.g.addNode(bc, id, subnetInfoAttrs(l.v(sn.ID), lines)...)
				anchors[sn.ID] = anchor{node: id, box: box}
				p.nats(rv, bc, sn)
				if sn.Public && pubAnchor == "" {
					pubAnchor = id
				}
				if !sn.Public && privAnchor == "" {
					privAnchor = id
				}
			}
		}
		// Public subnets above private ones in every AZ column.
		if pubAnchor != "" && privAnchor != "" {
			p.g.addEdge(pubAnchor, privAnchor, "order", attr{k: "style", v: "invis"})
		}
	}
	return anchors
}

// taskLines says how many running tasks of the page's services each ECS
// cluster has in the subnets: the number the dashed cluster → subnet edge
// stands for.
func (p *page) taskLines(rv *regionView, svcs []*serviceView, subnets []string) []text {
	l := p.l
	var out []text
	for _, cv := range rv.clusters {
		n := 0
		for _, sv := range svcs {
			if sv.cluster != cv {
				continue
			}
			for _, id := range subnets {
				n += sv.subnetTasks[id]
			}
		}
		if n > 0 {
			out = append(out, cat(l.t(strconv.Itoa(n)), l.t(words.Plural(n, " task", " tasks")), l.t(" of "), l.v(cv.c.Name)))
		}
	}
	return out
}

func subnetInfoAttrs(title text, lines []text) []attr {
	var b strings.Builder
	fmt.Fprintf(&b, `<table border="0" cellborder="0" cellspacing="0" cellpadding="1"><tr><td align="left"><font point-size="9" color="%s">%s</font></td></tr>`, colText, title)
	for _, line := range lines {
		fmt.Fprintf(&b, `<tr><td align="left"><font point-size="8" color="%s">%s</font></td></tr>`, colMuted, line)
	}
	b.WriteString(`</table>`)
	return []attr{{k: "label", v: b.String(), html: true}, {k: "shape", v: "plain"}}
}

// nats draws the NAT gateways that live in a subnet.
func (p *page) nats(rv *regionView, in *cluster, sn *inventory.Subnet) {
	for _, ng := range rv.reg.Network.NATGateways {
		if ng.SubnetID != sn.ID || (ng.State != "" && ng.State != "available") {
			continue
		}
		lines := []text{p.l.v(ng.ID)}
		if ng.ConnectivityType == "private" {
			lines = append(lines, p.l.t("private connectivity"))
		}
		p.g.addNode(in, nodeID("nat", rv.key, ng.ID), cardAttrs(p.l, card{icon: "NAT", color: colNetwork, title: p.l.t("NAT gateway"), lines: lines}, colNetwork, false)...)
	}
}

// loadBalancers returns the VPC's load balancers in scope, sorted by name.
func (p *page) loadBalancers(rv *regionView, vpc string, svcs []*serviceView) []*inventory.LoadBalancer {
	want := map[string]bool{}
	if p.sc.cluster != nil {
		for _, sv := range svcs {
			for _, t := range sv.targets {
				for lbARN := range t.listeners {
					want[lbARN] = true
				}
				for _, a := range t.tg.LoadBalancers {
					want[a] = true
				}
			}
		}
	}
	var out []*inventory.LoadBalancer
	for i := range rv.reg.ELB.LoadBalancers {
		lb := &rv.reg.ELB.LoadBalancers[i]
		if lb.VPCID == vpc && (p.sc.cluster == nil || want[lb.ARN]) {
			out = append(out, lb)
		}
	}
	slices.SortFunc(out, func(x, y *inventory.LoadBalancer) int {
		return cmp.Or(cmp.Compare(x.Name, y.Name), cmp.Compare(x.ARN, y.ARN))
	})
	return out
}

var lbAbbrev = map[string]string{"application": "ALB", "network": "NLB", "gateway": "GWLB"}
var lbTitle = map[string]string{"application": "Application Load Balancer", "network": "Network Load Balancer", "gateway": "Gateway Load Balancer"}

// lbNodes draws the load balancers and returns the node id per LB ARN.
func (p *page) lbNodes(rv *regionView, vc *cluster, lbs []*inventory.LoadBalancer) map[string]string {
	l := p.l
	ids := map[string]string{}
	var order []string
	defer func() { p.g.grid(vc, order, rowLength(len(order))) }()
	for _, lb := range lbs {
		abbr := cmp.Or(lbAbbrev[lb.Type], "ELB")
		if p.sc.aggLB {
			key := lb.Type + "/" + lb.Scheme
			id := nodeID("lbs", rv.key, lb.VPCID, key)
			ids[lb.ARN] = id
			if p.g.hasNode(id) {
				continue
			}
			n := 0
			azs := map[string]bool{}
			for _, o := range lbs {
				if o.Type == lb.Type && o.Scheme == lb.Scheme {
					n++
					for _, az := range o.AvailabilityZones {
						azs[az] = true
					}
				}
			}
			order = append(order, id)
			title := cat(l.t(strconv.Itoa(n)), l.t(" × "), l.t(cmp.Or(lbTitle[lb.Type], "Load balancer")))
			lines := []text{l.t(lb.Scheme), cat(l.t("AZs "), p.azList(rv, slices.Sorted(maps.Keys(azs))))}
			p.g.addNode(vc, id, cardAttrs(l, card{icon: abbr, color: colNetwork, title: title, lines: lines}, colNetwork, false)...)
			continue
		}
		id := nodeID("lb", rv.key, lb.ARN)
		ids[lb.ARN] = id
		order = append(order, id)
		lines := []text{cat(l.t(cmp.Or(lbTitle[lb.Type], "Load balancer")), l.t(" · "), l.t(lb.Scheme))}
		azs := slices.Clone(lb.AvailabilityZones)
		slices.Sort(azs)
		if len(azs) > 0 {
			lines = append(lines, cat(l.t("spans AZs "), p.azList(rv, azs)))
		}
		var ls []text
		for _, li := range lb.Listeners {
			t := l.v(listenerName(&li))
			for _, a := range li.DefaultActions {
				if a.Type == "redirect" {
					t = cat(t, l.t(" → "), l.v(strings.Trim(a.RedirectProtocol+":"+a.RedirectPort, ":")))
				}
			}
			ls = append(ls, t)
		}
		if len(ls) > 0 {
			lines = append(lines, cat(l.t("listeners "), join(l.t(", "), ls)))
		}
		lines = append(lines, p.internetGroups(rv, lb)...)
		p.g.addNode(vc, id, cardAttrs(l, card{icon: abbr, color: colNetwork, title: l.v(lb.Name), lines: lines}, colNetwork, false)...)
	}
	return ids
}

func (p *page) azList(rv *regionView, azs []string) text {
	parts := make([]text, len(azs))
	for i, az := range azs {
		parts[i] = p.l.v(az)
	}
	return join(p.l.t(", "), parts)
}

func (p *page) boxKey(rv *regionView, cv *clusterView, vpc string) string {
	return rv.key + "|" + cv.c.ARN + "|" + vpc
}

// services draws the ECS cluster boxes with their services (or one summary
// node per cluster), target groups and the listener → target group →
// service edges.
func (p *page) services(rv *regionView, in *cluster, lbNodes map[string]string, svcs []*serviceView) {
	l := p.l
	vpc := ""
	if len(svcs) > 0 {
		vpc = svcs[0].vpc
	}
	var tgs []string
	ports := targetPorts(svcs)
	type boxRows struct {
		box *cluster
		ids []string
	}
	var boxes []boxRows
	defer func() {
		// Target groups in rows above the services, services in rows in their box.
		p.g.grid(in, tgs, rowLength(len(tgs)))
		for _, b := range boxes {
			p.g.grid(b.box, b.ids, rowLength(len(b.ids)))
			p.tails = append(p.tails, b.ids[len(b.ids)-1])
			if len(tgs) > 0 {
				p.g.addEdge(tgs[len(tgs)-1], b.ids[0], "tg-above", attr{k: "style", v: "invis"})
			}
		}
	}()
	for _, cv := range rv.clusters {
		var mine []*serviceView
		for _, sv := range svcs {
			if sv.cluster == cv {
				mine = append(mine, sv)
			}
		}
		if len(mine) == 0 {
			continue
		}
		boxID := clusterID("ecs", rv.key, cv.c.ARN, vpc)
		box := p.g.addCluster(in, boxID, groupAttrs(grpECS, cat("<b>", l.t("ECS cluster"), "&#160;</b>", l.v(cv.c.Name)))...)
		if p.sc.summary {
			id := nodeID("ecs-summary", rv.key, cv.c.ARN, vpc)
			desired, running := 0, 0
			mix := map[string]int{}
			for _, sv := range mine {
				desired += sv.s.DesiredCount
				running += sv.s.RunningCount
				mix[p.mixKey(sv)]++
			}
			lines := []text{cat(l.t(strconv.Itoa(len(mine))), l.t(words.Plural(len(mine), " service", " services")), l.t(" · tasks running "),
				l.t(strconv.Itoa(running)), l.t(" / desired "), l.t(strconv.Itoa(desired)))}
			for _, k := range slices.Sorted(maps.Keys(mix)) {
				lines = append(lines, cat(l.t(strconv.Itoa(mix[k])), l.t(" × "), l.v(k)))
			}
			p.g.addNode(box, id, cardAttrs(l, card{icon: "ECS", color: colECS, title: cat(l.t("Services of "), l.v(cv.c.Name)), lines: lines}, colECS, false)...)
			p.boxes[p.boxKey(rv, cv, vpc)] = [2]string{boxID, id}
			for _, sv := range mine {
				for _, t := range sv.targets {
					for _, lbARN := range slices.Sorted(maps.Keys(t.listeners)) {
						lbID, ok := lbNodes[lbARN]
						if !ok {
							continue
						}
						// No listener label: the load balancer's card lists
						// them, and a label on an edge into a box can land
						// on a border.
						p.g.addEdge(lbID, id, "lb", attr{k: "lhead", v: boxID})
					}
				}
			}
			continue
		}
		ids := make([]string, 0, len(mine))
		for i, sv := range mine {
			id := nodeID("service", rv.key, sv.s.ARN)
			ids = append(ids, id)
			p.g.addNode(box, id, cardAttrs(l, p.serviceCard(rv, sv), colECS, false)...)
			if i == 0 {
				p.boxes[p.boxKey(rv, cv, vpc)] = [2]string{boxID, id}
			}
			for _, t := range sv.targets {
				tgID := nodeID("tg", rv.key, t.tg.ARN)
				if !p.g.hasNode(tgID) {
					tgs = append(tgs, tgID)
					lines := []text{cat(l.v(tgPort(t.tg)), l.t(" · "), l.t(cmp.Or(t.tg.TargetType, "?")), l.t(" targets")),
						cat(l.t(words.Plural(len(ports[t.tg.ARN]), "to container port ", "to container ports ")), portsText(l, ports[t.tg.ARN]))}
					lines = append(lines, p.viaListeners(t)...)
					if h := healthSummary(t.tg); h != "" {
						lines = append(lines, l.t(h))
					}
					lines = append(lines, p.serviceGroupsFrom(rv, sv, t)...)
					p.g.addNode(in, tgID, cardAttrs(l, card{icon: "TG", color: colNetwork, title: l.v(t.tg.Name), lines: lines}, colNetwork, false)...)
				}
				for _, lbARN := range slices.Sorted(maps.Keys(t.listeners)) {
					if lbID, ok := lbNodes[lbARN]; ok {
						p.g.addEdge(lbID, tgID, "lb")
					}
				}
				// The container port is on the target group's card: a label
				// on this edge, which enters the ECS cluster box, would sit
				// on the box's border.
				port := fmt.Sprintf("%s:%d", cmp.Or(t.tg.Protocol, "TCP"), t.port)
				p.g.addEdge(tgID, id, port)
			}
		}
		boxes = append(boxes, boxRows{box: box, ids: ids})
	}
}

// targetPorts are the container ports the services register in each
// target group (by ARN), sorted: a group two services share may reach two.
func targetPorts(svcs []*serviceView) map[string][]int {
	out := map[string][]int{}
	for _, sv := range svcs {
		for _, t := range sv.targets {
			if !slices.Contains(out[t.tg.ARN], t.port) {
				out[t.tg.ARN] = append(out[t.tg.ARN], t.port)
			}
		}
	}
	for _, ps := range out {
		slices.Sort(ps)
	}
	return out
}

// portsText labels ports: "8080, 9000".
func portsText(l lab, ports []int) text {
	parts := make([]text, len(ports))
	for i, p := range ports {
		parts[i] = l.t(strconv.Itoa(p))
	}
	return join(l.t(", "), parts)
}

// viaListeners is the line of a target group's card naming the listeners
// that forward to it: on the edge from the load balancer, the label would
// be placed past the VPC box's border when it is the rightmost in its row.
func (p *page) viaListeners(t serviceTarget) []text {
	var names []string
	for _, ls := range t.listeners {
		names = append(names, ls...)
	}
	names = sortedUnique(names)
	if len(names) == 0 {
		return nil
	}
	parts := make([]text, len(names))
	for i, n := range names {
		parts[i] = p.l.v(n)
	}
	return []text{cat(p.l.t("via listeners "), join(p.l.t(", "), parts))}
}

func sortedUnique(s []string) []string {
	slices.Sort(s)
	return slices.Compact(s)
}

// serviceGroupsFrom is the line of a target group's card naming ("sg-…
// :8080") the service's security groups whose rules let its load
// balancers' traffic reach the container port; nil when none does. It sits
// on the card, not on the edge into the ECS cluster box: a label there
// lands on the box's border.
func (p *page) serviceGroupsFrom(rv *regionView, sv *serviceView, t serviceTarget) []text {
	var allows []estate.Allow
	for _, lbARN := range slices.Sorted(maps.Keys(t.listeners)) {
		if lb := rv.er.Index.LoadBalancer(lbARN); lb != nil {
			allows = append(allows, rv.er.IngressAllowing(sv.es.SecurityGroups(), t.port, estate.Source{Groups: lb.SecurityGroups})...)
		}
	}
	return p.groupsLine("allowed in by ", allows)
}

// groupsLine is a card line naming security group allowances after lead,
// each group once with its ports ("sg-… :443 :80").
func (p *page) groupsLine(lead string, allows []estate.Allow) []text {
	ports := map[string][]string{}
	for _, a := range allows {
		ports[a.Group] = sortedUnique(append(ports[a.Group], rulePorts(a.Rule)))
	}
	if len(ports) == 0 {
		return nil
	}
	var parts []text
	for _, g := range slices.Sorted(maps.Keys(ports)) {
		parts = append(parts, p.l.v(g+" "+strings.Join(ports[g], " ")))
	}
	return []text{cat(p.l.t(lead), join(p.l.t(", "), parts))}
}

// internetGroups is the line of a load balancer's card naming ("sg-…
// :443") its security groups whose rules let the internet reach its
// listeners; nil when none does.
func (p *page) internetGroups(rv *regionView, lb *inventory.LoadBalancer) []text {
	var allows []estate.Allow
	for _, li := range lb.Listeners {
		allows = append(allows, rv.er.IngressAllowing(lb.SecurityGroups, li.Port, estate.Source{Internet: true})...)
	}
	return p.groupsLine("internet allowed by ", allows)
}

// rulePorts is a rule's ports as a label: ":443", ":9000-9100", "all traffic".
func rulePorts(r inventory.SecurityRule) string {
	switch {
	case r.Protocol == "-1" || r.Protocol == "all":
		return "all traffic"
	case r.FromPort == r.ToPort:
		return ":" + strconv.Itoa(r.FromPort)
	}
	return ":" + strconv.Itoa(r.FromPort) + "-" + strconv.Itoa(r.ToPort)
}

// tgPort is a target group's "PROTOCOL:port" (Lambda targets have neither).
func tgPort(tg *inventory.TargetGroup) string {
	switch {
	case tg.Port == 0:
		return cmp.Or(tg.Protocol, "-")
	case tg.Protocol == "":
		return strconv.Itoa(tg.Port)
	}
	return fmt.Sprintf("%s:%d", tg.Protocol, tg.Port)
}

func healthSummary(tg *inventory.TargetGroup) string {
	if len(tg.Targets) == 0 {
		return ""
	}
	n := map[string]int{}
	for _, t := range tg.Targets {
		n[t.State]++
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(n)) {
		parts = append(parts, fmt.Sprintf("%d %s", n[k], k))
	}
	return strings.Join(parts, " · ")
}

// mixKey is the capacity description of a service used to group it in a
// summary: its launch type, else the providers of the strategy it launches
// with.
func (p *page) mixKey(sv *serviceView) string {
	c := sv.es.Capacity
	if c.LaunchType != "" {
		return c.LaunchType
	}
	strat := c.Strategy
	names := make([]string, len(strat))
	for i, it := range strat {
		names[i] = it.CapacityProvider
	}
	slices.Sort(names)
	return cmp.Or(strings.Join(names, "+"), "default capacity")
}

// serviceCard is a service's node: cluster, capacity, counts, spread, scaling.
func (p *page) serviceCard(rv *regionView, sv *serviceView) card {
	l := p.l
	s := sv.s
	capText := l.t("default capacity")
	switch c := sv.es.Capacity; {
	case c.LaunchType != "":
		capText = l.v(c.LaunchType)
	default:
		if strat := c.Strategy; len(strat) > 0 {
			parts := make([]text, len(strat))
			for i, it := range strat {
				parts[i] = cat(l.v(it.CapacityProvider), l.t(" w"), l.t(strconv.Itoa(it.Weight)))
				if it.Base > 0 {
					parts[i] = cat(parts[i], l.t(" base "), l.t(strconv.Itoa(it.Base)))
				}
			}
			capText = join(l.t(" + "), parts)
		}
	}
	lines := []text{cat(l.t("cluster "), l.v(sv.cluster.c.Name)), cat(l.t("capacity "), capText)}
	counts := cat(l.t("desired "), l.t(strconv.Itoa(s.DesiredCount)), l.t(" · running "), l.t(strconv.Itoa(s.RunningCount)))
	if s.PendingCount > 0 {
		counts = cat(counts, l.t(" · pending "), l.t(strconv.Itoa(s.PendingCount)))
	}
	if s.SchedulingStrategy == "DAEMON" {
		counts = cat(counts, l.t(" · daemon"))
	}
	lines = append(lines, counts)
	if len(sv.azTasks) > 0 {
		var parts []text
		for _, az := range slices.Sorted(maps.Keys(sv.azTasks)) {
			parts = append(parts, cat(l.v(shortAZ(rv.reg.Name, az)), l.t(" "), l.t(strconv.Itoa(sv.azTasks[az]))))
		}
		lines = append(lines, cat(l.t("tasks per AZ: "), join(l.t(" · "), parts)))
	}
	if st := sv.es.ScalableTarget(); st != nil {
		lines = append(lines, cat(l.t("auto scaling "), l.t(strconv.Itoa(st.MinCapacity)), l.t("–"), l.t(strconv.Itoa(st.MaxCapacity)), l.t(" tasks")))
	}
	return card{icon: "ECS", color: colECS, title: l.v(s.Name), lines: lines}
}

// endpoints draws one node listing the VPC's endpoints.
func (p *page) endpoints(rv *regionView, vc *cluster, vpc string) {
	l := p.l
	var eps []inventory.VPCEndpoint
	for _, e := range rv.reg.Network.VPCEndpoints {
		if e.VPCID == vpc {
			eps = append(eps, e)
		}
	}
	if len(eps) == 0 {
		return
	}
	slices.SortFunc(eps, func(a, b inventory.VPCEndpoint) int {
		return cmp.Or(cmp.Compare(a.ServiceName, b.ServiceName), cmp.Compare(a.ID, b.ID))
	})
	var lines []text
	const maxLines = 8
	for i, e := range eps {
		if i == maxLines {
			lines = append(lines, cat(l.t("+ "), l.t(strconv.Itoa(len(eps)-maxLines)), l.t(" more")))
			break
		}
		name := e.ServiceName
		if i := strings.LastIndex(name, "."+rv.reg.Name+"."); i >= 0 {
			name = name[i+len(rv.reg.Name)+2:]
		}
		lines = append(lines, cat(l.v(name), l.t(" ("), l.t(strings.ToLower(e.Type)), l.t(")")))
	}
	p.g.addNode(vc, nodeID("endpoints", rv.key, vpc), cardAttrs(l, card{icon: "VPCE", color: colNetwork,
		title: cat(l.t("VPC endpoints ("), l.t(strconv.Itoa(len(eps))), l.t(")")), lines: lines}, colNetwork, false)...)
}

// autoScaling draws the Auto Scaling groups behind the capacity providers of
// the ECS clusters on the page (overview: every group in the VPC).
func (p *page) autoScaling(rv *regionView, vc *cluster, vpc string, svcs []*serviceView) {
	l := p.l
	type use struct {
		box [2]string
		cp  string
	}
	uses := map[string][]use{}
	var groups []*inventory.AutoScalingGroup
	seen := map[string]bool{}
	for _, cv := range rv.clusters {
		box, ok := p.boxes[p.boxKey(rv, cv, vpc)]
		if !ok {
			continue
		}
		for _, name := range cv.c.CapacityProviders {
			_, g := rv.er.ProviderGroup(name)
			if g == nil || !p.inVPC(rv, g, vpc) {
				continue
			}
			uses[g.ARN] = append(uses[g.ARN], use{box: box, cp: name})
			if !seen[g.ARN] {
				seen[g.ARN] = true
				groups = append(groups, g)
			}
		}
	}
	if p.sc.cluster == nil {
		for i := range rv.reg.AutoScaling.Groups {
			g := &rv.reg.AutoScaling.Groups[i]
			if !seen[g.ARN] && p.inVPC(rv, g, vpc) {
				seen[g.ARN] = true
				groups = append(groups, g)
			}
		}
	}
	slices.SortFunc(groups, func(a, b *inventory.AutoScalingGroup) int { return cmp.Compare(a.Name, b.Name) })
	for _, g := range groups {
		id := nodeID("asg", rv.key, g.ARN)
		azs := slices.Clone(g.AvailabilityZones)
		slices.Sort(azs)
		lines := []text{
			cat(l.t("min "), l.t(strconv.Itoa(g.MinSize)), l.t(" · desired "), l.t(strconv.Itoa(g.DesiredCapacity)), l.t(" · max "), l.t(strconv.Itoa(g.MaxSize))),
			cat(l.t("spans AZs "), p.azList(rv, azs)),
		}
		if len(g.InstanceTypes) > 0 {
			parts := make([]text, len(g.InstanceTypes))
			for i, it := range g.InstanceTypes {
				parts[i] = l.v(it)
			}
			lines = append(lines, join(l.t(", "), parts))
		}
		if m := g.MixedInstances; m != nil {
			lines = append(lines, cat(l.t("on-demand base "), l.t(strconv.Itoa(m.OnDemandBaseCapacity)), l.t(" · "),
				l.t(strconv.Itoa(m.OnDemandPercentageAboveBaseCapacity)), l.t("% on-demand above base")))
		}
		for _, u := range uses[g.ARN] {
			lines = append(lines, cat(l.t("capacity provider "), l.v(u.cp)))
		}
		p.g.addNode(vc, id, cardAttrs(l, card{icon: "ASG", color: colECS, title: cat(l.t("Auto Scaling group "), l.v(g.Name)), lines: lines}, colECS, true)...)
		for _, u := range uses[g.ARN] {
			p.g.addEdge(u.box[1], id, "asg", attr{k: "ltail", v: u.box[0]}, attr{k: "style", v: "dashed"}, attr{k: "color", v: colECS})
		}
	}
}

func (p *page) inVPC(rv *regionView, g *inventory.AutoScalingGroup, vpc string) bool {
	for _, id := range g.Subnets {
		if sn := rv.er.Index.Subnet(id); sn != nil {
			return sn.VPCID == vpc
		}
	}
	return false
}
