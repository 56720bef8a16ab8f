package diagram

import (
	"cmp"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/ecspack/ecspack/internal/words"
)

// regional draws the regional services outside the VPCs — ECR, EFS,
// CloudWatch, CloudTrail, Cloud Map, GuardDuty — in a group of their own,
// with one edge per ECS cluster box that uses them.
func (p *page) regional(rv *regionView, reg *cluster, svcs []*serviceView) {
	rg := &regionalGroup{p: p, rv: rv, parent: reg, svcs: svcs}
	rg.ecr()
	rg.efs()
	rg.cloudWatch()
	rg.cloudTrail()
	rg.cloudMap()
	rg.guardDuty()
	if len(rg.ids) == 0 {
		return
	}
	// Regional services sit in rows below the VPCs.
	p.g.grid(rg.box, rg.ids, 4)
	for _, b := range p.bottom {
		p.g.addEdge(b, rg.ids[0], "below", attr{k: "style", v: "invis"})
	}
	p.bottom = append(p.bottom, rg.ids[len(rg.ids)-1])
}

// regionalGroup is the "Regional services" group of one region on a page,
// created with its first node.
type regionalGroup struct {
	p      *page
	rv     *regionView
	parent *cluster
	svcs   []*serviceView
	box    *cluster
	ids    []string // the nodes drawn in it, in order
}

// user is an ECS box (or service) that uses a regional node: the edge
// starts at from and is clipped at the box ltail.
type user struct{ from, ltail string }

// add draws a card node in the group.
func (rg *regionalGroup) add(id string, c card) {
	if rg.box == nil {
		rg.box = rg.p.g.addCluster(rg.parent, clusterID("regional", rg.rv.key), groupAttrs(grpPlain, cat("<b>", rg.p.l.t("Regional services"), "</b>"))...)
	}
	rg.ids = append(rg.ids, id)
	rg.p.g.addNode(rg.box, id, cardAttrs(rg.p.l, c, c.color, false)...)
}

// link draws an edge from every user to a regional node. It carries no
// label: the node says what it is, and a label on an edge leaving a group
// box lands on the box's border.
func (rg *regionalGroup) link(to string, users []user, style string) {
	for _, u := range users {
		attrs := []attr{{k: "style", v: style}}
		if u.ltail != "" {
			attrs = append(attrs, attr{k: "ltail", v: u.ltail})
		}
		rg.p.g.addEdge(u.from, to, "regional", attrs...)
	}
}

// boxUsers are the ECS cluster boxes holding a page service for which pred holds, each once.
func (rg *regionalGroup) boxUsers(pred func(*serviceView) bool) []user {
	var out []user
	seen := map[string]bool{}
	for _, sv := range rg.svcs {
		if !pred(sv) {
			continue
		}
		b, ok := rg.p.boxes[rg.p.boxKey(rg.rv, sv.cluster, sv.vpc)]
		if !ok || seen[b[0]] {
			continue
		}
		seen[b[0]] = true
		out = append(out, user{from: b[1], ltail: b[0]})
	}
	return out
}

// ecr draws Amazon ECR with the repositories the page's services pull from.
func (rg *regionalGroup) ecr() {
	p, l, r := rg.p, rg.p.l, rg.rv.reg
	repos := map[string]bool{}
	for _, sv := range rg.svcs {
		for _, name := range sv.repos {
			repos[name] = true
		}
	}
	if len(repos) == 0 && (p.sc.cluster != nil || len(r.ECR.Repositories) == 0) {
		return
	}
	n := len(r.ECR.Repositories)
	lines := []text{cat(l.t(strconv.Itoa(n)), l.t(words.Plural(n, " repository", " repositories")), l.t(" in region"))}
	if s := r.ECR.Scanning; s != nil {
		lines = append(lines, cat(l.t("registry scanning "), l.t(strings.ToLower(s.Type))))
	}
	lines = append(lines, p.list(slices.Sorted(maps.Keys(repos)), 4)...)
	id := nodeID("ecr", rg.rv.key)
	rg.add(id, card{icon: "ECR", color: colECS, title: l.t("Amazon ECR"), lines: lines})
	rg.link(id, rg.boxUsers(func(sv *serviceView) bool { return len(sv.repos) > 0 }), "dashed")
}

// efs draws one node per EFS file system (on a detail page, those its
// services mount) with its mount targets per AZ, linked to its users.
func (rg *regionalGroup) efs() {
	p, l, rv := rg.p, rg.p.l, rg.rv
	usedFS := map[string]bool{}
	for _, sv := range rg.svcs {
		for _, fs := range sv.efs {
			usedFS[fs] = true
		}
	}
	for i := range rv.reg.EFS {
		fs := &rv.reg.EFS[i]
		if p.sc.cluster != nil && !usedFS[fs.ID] {
			continue
		}
		id := nodeID("efs", rv.key, fs.ID)
		title := l.v(fs.ID)
		if fs.Name != "" {
			title = l.v(fs.Name)
		}
		azs := map[string]bool{}
		for _, mt := range fs.MountTargets {
			azs[mt.AvailabilityZone] = true
		}
		lines := []text{cat(l.t("mount targets in "), p.azList(rv, slices.Sorted(maps.Keys(azs))))}
		if fs.AvailabilityZone != "" {
			lines = append(lines, cat(l.t("One Zone: "), l.v(fs.AvailabilityZone)))
		}
		enc := "not encrypted"
		if fs.Encrypted {
			enc = "encrypted at rest"
		}
		lines = append(lines, cat(l.t(enc), l.t(" · "), l.t(cmp.Or(fs.ThroughputMode, "?")), l.t(" throughput")))
		rg.add(id, card{icon: "EFS", color: colStorage, title: title, lines: lines})
		uses := func(sv *serviceView) bool { return slices.Contains(sv.efs, fs.ID) }
		if p.sc.summary {
			rg.link(id, rg.boxUsers(uses), "solid")
			continue
		}
		for _, sv := range rg.svcs {
			if uses(sv) {
				rg.link(id, []user{{from: nodeID("service", rv.key, sv.s.ARN)}}, "solid")
			}
		}
	}
}

// cloudWatch draws Amazon CloudWatch with the region's alarms and log
// groups, linked to the boxes whose services log through awslogs.
func (rg *regionalGroup) cloudWatch() {
	l, r := rg.p.l, rg.rv.reg
	if len(r.Alarms) == 0 && len(r.LogGroups) == 0 {
		return
	}
	lines := []text{
		cat(l.t(strconv.Itoa(len(r.Alarms))), l.t(words.Plural(len(r.Alarms), " alarm", " alarms")), l.t(" · "),
			l.t(strconv.Itoa(len(r.LogGroups))), l.t(words.Plural(len(r.LogGroups), " log group", " log groups"))),
	}
	id := nodeID("cloudwatch", rg.rv.key)
	rg.add(id, card{icon: "CW", color: colManagement, title: l.t("Amazon CloudWatch"), lines: lines})
	rg.link(id, rg.boxUsers(func(sv *serviceView) bool { return sv.es.UsesAWSLogs() }), "dashed")
}

// cloudTrail draws AWS CloudTrail with the region's trails.
func (rg *regionalGroup) cloudTrail() {
	p, l, r := rg.p, rg.p.l, rg.rv.reg
	if len(r.Trails) == 0 {
		return
	}
	names := make([]string, 0, len(r.Trails))
	multi := false
	for _, t := range r.Trails {
		names = append(names, t.Name)
		multi = multi || t.MultiRegion
	}
	slices.Sort(names)
	lines := p.list(names, 3)
	if multi {
		lines = append(lines, l.t("multi-region trail"))
	}
	rg.add(nodeID("cloudtrail", rg.rv.key), card{icon: "CT", color: colManagement, title: l.t("AWS CloudTrail"), lines: lines})
}

// cloudMap draws AWS Cloud Map with the region's namespaces, linked to the
// boxes whose services register in it or use Service Connect.
func (rg *regionalGroup) cloudMap() {
	p, l, r := rg.p, rg.p.l, rg.rv.reg
	if len(r.Namespaces) == 0 {
		return
	}
	names := make([]string, 0, len(r.Namespaces))
	for _, n := range r.Namespaces {
		names = append(names, n.Name)
	}
	slices.Sort(names)
	id := nodeID("cloudmap", rg.rv.key)
	rg.add(id, card{icon: "MAP", color: colIntegration, title: l.t("AWS Cloud Map"), lines: p.list(names, 4)})
	rg.link(id, rg.boxUsers(func(sv *serviceView) bool {
		return len(sv.s.ServiceRegistries) > 0 || (sv.s.ServiceConnect != nil && sv.s.ServiceConnect.Enabled)
	}), "dashed")
}

// guardDuty draws Amazon GuardDuty with the region's detector.
func (rg *regionalGroup) guardDuty() {
	l, r := rg.p.l, rg.rv.reg
	if len(r.GuardDuty) == 0 {
		return
	}
	d := r.GuardDuty[0]
	lines := []text{cat(l.t("detector "), l.t(strings.ToLower(d.Status)))}
	if d.RuntimeMonitoring != "" {
		lines = append(lines, cat(l.t("runtime monitoring "), l.t(strings.ToLower(d.RuntimeMonitoring))))
	}
	rg.add(nodeID("guardduty", rg.rv.key), card{icon: "GD", color: colSecurity, title: l.t("Amazon GuardDuty"), lines: lines})
}

// list labels up to max names, then "+ n more".
func (p *page) list(names []string, max int) []text {
	var out []text
	for i, n := range names {
		if i == max {
			out = append(out, cat(p.l.t("+ "), p.l.t(strconv.Itoa(len(names)-max)), p.l.t(" more")))
			break
		}
		out = append(out, p.l.v(n))
	}
	return out
}

// external draws ECS Anywhere capacity outside the AWS Cloud box, linked to
// the clusters it is registered to.
func (p *page) external(rv *regionView) {
	l := p.l
	for _, cv := range rv.clusters {
		external := cv.ec.ExternalInstances()
		if external == 0 || (p.sc.cluster != nil && p.sc.cluster != cv) {
			continue
		}
		onPrem := p.g.addCluster(nil, clusterID("on-premises"), groupAttrs(grpOnPrem, cat("<b>", l.t("On-premises / edge (ECS Anywhere)"), "</b>"))...)
		id := nodeID("external", rv.key, cv.c.ARN)
		var osTypes []string
		for _, ci := range cv.c.ContainerInstances {
			if ci.External && ci.OSFamily != "" && !slices.Contains(osTypes, ci.OSFamily) {
				osTypes = append(osTypes, ci.OSFamily)
			}
		}
		slices.Sort(osTypes)
		lines := []text{cat(l.t("registered to "), l.v(cv.c.Name), l.t(" ("), l.v(rv.reg.Name), l.t(")"))}
		if len(osTypes) > 0 {
			lines = append(lines, l.t(strings.Join(osTypes, ", ")))
		}
		p.g.addNode(onPrem, id, cardAttrs(l, card{icon: "EXT", color: colOnPrem,
			title: cat(l.t(strconv.Itoa(external)), l.t(words.Plural(external, " external instance", " external instances"))), lines: lines}, colOnPrem, false)...)
		for _, vpc := range append([]string{""}, cv.vpcs...) {
			if b, ok := p.boxes[p.boxKey(rv, cv, vpc)]; ok {
				p.g.addEdge(id, b[1], "external", attr{k: "lhead", v: b[0]}, edgeLabel(l.t("ECS agent")), attr{k: "style", v: "dashed"})
				break
			}
		}
	}
}

// outsideAWS draws the casefile's external systems outside the AWS Cloud box
// on overview pages: users and internet-reached systems connect to the
// Internet node; private links (VPN, Direct Connect) land in the first VPC.
func (p *page) outsideAWS() {
	if len(p.externalSystems) == 0 || p.sc.cluster != nil {
		return
	}
	l := p.l
	box := p.g.addCluster(nil, clusterID("outside-aws"), groupAttrs(grpOnPrem, cat("<b>", l.t("Outside AWS"), "</b>"))...)
	// Left to right (the page of its own), Graphviz stacks a rank's nodes
	// from the bottom up in the order they are added: added last first,
	// they read top to bottom in the casefile's order. Top to bottom, they
	// read left to right as added.
	order := make([]int, len(p.externalSystems))
	for i := range order {
		order[i] = i
	}
	if p.sc.outsideOnly {
		slices.Reverse(order)
	}
	for _, i := range order {
		x := p.externalSystems[i]
		id := nodeID("outside", strconv.Itoa(i), x.Name)
		// The connection is a line of the card, not the edge's label:
		// the edges converge on the Internet node, where their labels
		// would overlap each other.
		var lines []text
		if x.Kind != "" {
			lines = append(lines, l.v(x.Kind))
		}
		if x.Connection != "" {
			lines = append(lines, l.v(x.Connection))
		}
		p.g.addNode(box, id, cardAttrs(l, card{icon: "EXT", color: colOnPrem, title: l.v(x.Name), lines: lines}, colOnPrem, false)...)
		conn := strings.ToLower(x.Connection)
		private := strings.Contains(conn, "vpn") || strings.Contains(conn, "direct connect") || strings.Contains(conn, "privatelink") || strings.Contains(conn, "transit")
		switch {
		case private && p.firstVPC[0] != "":
			p.g.addEdge(id, p.firstVPC[1], "outside", attr{k: "lhead", v: p.firstVPC[0]}, attr{k: "style", v: "dashed"})
		default:
			p.g.addEdge(id, p.usersNode(), "outside", attr{k: "style", v: "dashed"})
		}
	}
}

// legend explains the boxes and lines in one table node.
func (p *page) legend() {
	l := p.l
	row := func(b *strings.Builder, sample, caption string) {
		b.WriteString(`<tr>` + sample + `<td align="left"><font point-size="8" color="` + colMuted + `">` + string(l.t(caption)) + `</font></td></tr>`)
	}
	swatch := func(line, fill string, dashed bool) string {
		if dashed {
			// Graphviz 12's wasm build corrupts its json output for
			// style="dashed" table cells: draw the dashes as text.
			return `<td width="22" height="10"><font point-size="8" color="` + line + `"><b>- - -</b></font></td>`
		}
		if fill == "" {
			fill = "#FFFFFF"
		}
		return `<td border="1" color="` + line + `" bgcolor="` + fill + `" width="22" height="10"> </td>`
	}
	var b strings.Builder
	b.WriteString(`<table border="0" cellborder="0" cellspacing="3" cellpadding="1">`)
	b.WriteString(`<tr><td colspan="2" align="left"><font point-size="9" color="` + colText + `"><b>` + string(l.t("Legend")) + `</b></font></td></tr>`)
	for _, it := range []struct {
		g    group
		name string
	}{{grpCloud, "AWS Cloud"}, {grpAccount, "AWS account"}, {grpRegion, "Region"}, {grpVPC, "VPC"}, {grpAZ, "Availability Zone"},
		{grpPublic, "Public subnet"}, {grpPrivate, "Private subnet"}, {grpECS, "ECS cluster"}, {grpOnPrem, "On-premises"}} {
		row(&b, swatch(it.g.line, it.g.fill, it.g.dashed), it.name)
	}
	row(&b, `<td><font point-size="8" color="`+colEdge+`">`+string(l.t("——→"))+`</font></td>`, "traffic: listener → target group → service")
	row(&b, `<td><font point-size="8" color="`+colECS+`">`+string(l.t("- - →"))+`</font></td>`, "tasks placed, capacity, images, logs, discovery, file systems")
	row(&b, `<td><font point-size="8" color="`+colPublicLine+`">`+string(l.t("←- -"))+`</font></td>`, "private subnet egress via NAT")
	for _, it := range storeLegend() {
		row(&b, swatch(it.color, "", false), it.caption)
	}
	if n := p.omittedVPCs; n > 0 {
		b.WriteString(`<tr><td colspan="2" align="left"><font point-size="8" color="` + colMuted + `">` +
			string(l.t(strconv.Itoa(n)+words.Plural(n, " VPC", " VPCs")+" with no ECS cluster, service, task, load balancer or data store not drawn")) + `</font></td></tr>`)
	}
	b.WriteString(`</table>`)
	id := nodeID("legend")
	p.g.addNode(nil, id, attr{k: "label", v: b.String(), html: true}, attr{k: "shape", v: "box"},
		attr{k: "style", v: "rounded"}, attr{k: "color", v: "#D5DBDB"})
	// The legend goes below the drawing.
	for _, b := range p.bottom {
		p.g.addEdge(b, id, "legend", attr{k: "style", v: "invis"})
	}
}
