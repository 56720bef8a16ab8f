package diagram

import (
	"maps"
	"slices"
	"strings"

	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/inventory"
)

// DataStore is a data store or managed service the case study declares
// for what discovery cannot see (case.yaml architecture.data_stores).
type DataStore struct {
	Name string
	// Kind is one of estate.ResourceKinds ("aurora", "sqs", …).
	Kind string
	// ID is the identifier discovery sees the store by, when known: the
	// name, ARN or resource id ("cluster-…") a task role's policy names.
	// A store the policies reach by that identifier is drawn as this one.
	ID string
	// UsedBy are the ECS service names that use it.
	UsedBy []string
}

// WebACL is an AWS WAF web ACL the case study declares on its load
// balancers (case.yaml architecture.web_acls). Those discovery read on the
// load balancers (LoadBalancer.WebACL) are drawn the same way.
type WebACL struct {
	Name string
	// LoadBalancers are the names of the load balancers it protects.
	LoadBalancers []string
}

// storeLook is how one kind of data store or managed service is drawn.
type storeLook struct {
	title, icon, shape, color string
}

// Distinct shapes per category, explained in the legend: databases as
// cylinders, object storage as folders, messaging and streams as arrows,
// keys, secrets, parameters and web ACLs as double-bordered boxes.
const (
	shapeDatabase  = "cylinder"
	shapeObjects   = "folder"
	shapeMessaging = "cds"
	shapeSecurity  = "box"
	colDatabase    = "#3B48CC"
)

var storeLooks = map[estate.ResourceKind]storeLook{
	estate.KindAurora:         {"Amazon Aurora", "RDS", shapeDatabase, colDatabase},
	estate.KindRDS:            {"Amazon RDS", "RDS", shapeDatabase, colDatabase},
	estate.KindDynamoDB:       {"Amazon DynamoDB", "DDB", shapeDatabase, colDatabase},
	estate.KindElastiCache:    {"Amazon ElastiCache", "EC", shapeDatabase, colDatabase},
	estate.KindOpenSearch:     {"Amazon OpenSearch Service", "OS", shapeDatabase, colDatabase},
	estate.KindS3:             {"Amazon S3", "S3", shapeObjects, colStorage},
	estate.KindSQS:            {"Amazon SQS", "SQS", shapeMessaging, colIntegration},
	estate.KindSNS:            {"Amazon SNS", "SNS", shapeMessaging, colIntegration},
	estate.KindEventBridge:    {"Amazon EventBridge", "EB", shapeMessaging, colIntegration},
	estate.KindKinesis:        {"Amazon Kinesis Data Streams", "KDS", shapeMessaging, colIntegration},
	estate.KindFirehose:       {"Amazon Data Firehose", "KDF", shapeMessaging, colIntegration},
	estate.KindKMS:            {"AWS KMS keys", "KMS", shapeSecurity, colSecurity},
	estate.KindSecretsManager: {"AWS Secrets Manager secrets", "SM", shapeSecurity, colSecurity},
	estate.KindSSMParameter:   {"SSM Parameter Store parameters", "SSM", shapeSecurity, colSecurity},
}

// storeGroup is one kind's node on a page: the names drawn and who uses them.
type storeGroup struct {
	names    map[string]bool // name → declared only (not seen in the snapshot)
	users    []user
	declared bool
}

// dataStores draws, in a group of the region, one node per kind of data
// store or managed service the page's services reach (their task roles'
// policy resources and injected secrets, estate.Service.UsedResources)
// and those the case study declares, with an edge from each user.
func (p *page) dataStores(rv *regionView, reg *cluster, svcs []*serviceView) {
	groups := map[estate.ResourceKind]*storeGroup{}
	group := func(k estate.ResourceKind) *storeGroup {
		if groups[k] == nil {
			groups[k] = &storeGroup{names: map[string]bool{}}
		}
		return groups[k]
	}
	// A paper overview of a VPC leaves the stores its services use to
	// their detail pages: beside its AZ cards they made the page too
	// wide to print legibly.
	overview := p.sc.lean && p.sc.summary
	for _, sv := range svcs {
		if overview {
			break
		}
		u := p.storeUser(rv, sv)
		for _, ref := range sv.es.UsedResources() {
			if _, ok := storeLooks[ref.Kind]; !ok {
				continue
			}
			g := group(ref.Kind)
			name := ref.Name
			if d := p.declaredAs(ref); d != nil {
				name = d.Name
			}
			g.names[name] = false
			g.users = addUser(g.users, u)
		}
	}
	for i := range p.declStores {
		d := &p.declStores[i]
		k := estate.ResourceKind(d.Kind)
		if _, ok := storeLooks[k]; !ok {
			continue
		}
		if overview && len(d.UsedBy) > 0 {
			continue
		}
		var users []user
		for _, sv := range svcs {
			if slices.Contains(d.UsedBy, sv.s.Name) {
				users = addUser(users, p.storeUser(rv, sv))
			}
		}
		// A store declared without users is drawn once, on a page that
		// shows the whole estate or a VPC of it; one with users where
		// they are.
		if len(users) == 0 && (len(d.UsedBy) > 0 || p.sc.cluster != nil || p.unusedDrawn) {
			continue
		}
		g := group(k)
		if _, seen := g.names[d.Name]; !seen {
			g.names[d.Name] = true
		}
		for _, u := range users {
			g.users = addUser(g.users, u)
		}
		g.declared = true
	}
	if len(groups) == 0 {
		return
	}
	p.unusedDrawn = true
	p.drawStores(rv, reg, groups)
}

// drawStores draws the store nodes of a region, in kind order, and their
// users' edges: in rows of four below the VPCs, or on a paper page in
// columns of at most storeColumn beside them (see storeGrid).
func (p *page) drawStores(rv *regionView, reg *cluster, groups map[estate.ResourceKind]*storeGroup) {
	l := p.l
	box := p.g.addCluster(reg, clusterID("stores", rv.key), groupAttrs(grpPlain, cat("<b>", l.t("Data stores and managed services"), "</b>"))...)
	var ids []string
	for _, k := range slices.Sorted(maps.Keys(groups)) {
		g, look := groups[k], storeLooks[k]
		var names []string
		for _, n := range slices.Sorted(maps.Keys(g.names)) {
			if g.names[n] {
				n += " (declared)"
			}
			names = append(names, n)
		}
		id := nodeID("store", rv.key, string(k))
		ids = append(ids, id)
		c := card{icon: look.icon, color: look.color, title: l.t(look.title), lines: p.list(names, 4)}
		p.g.addNode(box, id, storeAttrs(l, c, look.shape)...)
		style := "solid"
		if look.shape == shapeSecurity {
			style = "dashed"
		}
		for _, u := range g.users {
			attrs := []attr{{k: "style", v: style}, {k: "color", v: look.color}}
			if p.sc.lean {
				// The stores' ranks do not follow their users': see storeGrid.
				attrs = append(attrs, attr{k: "constraint", v: "false"})
			}
			if u.ltail != "" {
				attrs = append(attrs, attr{k: "ltail", v: u.ltail})
			}
			p.g.addEdge(u.from, id, "store", attrs...)
		}
	}
	p.g.grid(box, ids, p.storeGrid(len(ids)))
	for _, b := range p.bottom {
		p.g.addEdge(b, ids[0], "below", attr{k: "style", v: "invis"})
	}
	p.bottom = append(p.bottom, ids[len(ids)-1])
}

// storeColumn is the most data stores a paper page stacks in a column:
// about as tall as the VPC beside them (gateway, load balancer, target
// group, service, Auto Scaling group).
const storeColumn = 5

// storeGrid is how many store nodes a row of a page's store box holds. The
// screen drawing hangs them below the VPCs in rows of four. On a paper page
// — a cluster's detail page, which a node budget cannot split below one
// service, or a VPC's overview — a row of stores ranked below their users
// makes the drawing too wide and too tall for the landscape page: its edges
// do not rank them, so the stores stand in columns of at most storeColumn
// beside the VPC, from its top.
//
// A paper overview draws only the declared stores no service uses, which
// have no edges to rank them: they go below its AZ cards in rows of four.
func (p *page) storeGrid(n int) int {
	if !p.sc.lean || p.sc.summary {
		return 4
	}
	return (n + storeColumn - 1) / storeColumn
}

// storeAttrs are a store node's attributes: the card's label inside the
// kind's shape.
func storeAttrs(l lab, c card, shape string) []attr {
	a := []attr{
		{k: "label", v: c.html(l), html: true},
		{k: "shape", v: shape},
		{k: "color", v: c.color},
		{k: "style", v: "filled"},
		{k: "fillcolor", v: "#FFFFFF"},
		{k: "margin", v: "0.12,0.06"},
	}
	if shape == shapeSecurity {
		a = append(a, attr{k: "peripheries", v: "2"})
	}
	return a
}

// storeUser is where a store edge starts for a service: the service's
// node, or its ECS cluster box on a summary page.
func (p *page) storeUser(rv *regionView, sv *serviceView) user {
	if p.sc.summary {
		b := p.boxes[p.boxKey(rv, sv.cluster, sv.vpc)]
		return user{from: b[1], ltail: b[0]}
	}
	return user{from: nodeID("service", rv.key, sv.s.ARN)}
}

func addUser(users []user, u user) []user {
	if u.from == "" || slices.Contains(users, u) {
		return users
	}
	return append(users, u)
}

// declaredAs is the declared store a discovered one is, by kind and the
// declared identifier (a name, resource id or ARN); nil when none.
func (p *page) declaredAs(ref estate.ResourceRef) *DataStore {
	for i := range p.declStores {
		d := &p.declStores[i]
		if estate.ResourceKind(d.Kind) != ref.Kind || d.ID == "" {
			continue
		}
		id := d.ID
		if r, ok := estate.ClassifyARN(d.ID); ok {
			id = r.Name
		}
		if id == ref.Name {
			return d
		}
	}
	return nil
}

// webACLs draws the AWS WAF web ACLs, declared or read, of the page's load balancers
// in the region, each with an edge to the load balancers it protects. On a
// paper overview they stand above the VPC's internet gateway igw (when not
// ""), not beside a VPC already as wide as its AZ cards.
func (p *page) webACLs(rv *regionView, reg *cluster, lbNodes map[string]string, igw string) {
	l := p.l
	for _, acl := range regionACLs(p.declACLs, rv.reg) {
		var targets []string
		for i := range rv.reg.ELB.LoadBalancers {
			lb := &rv.reg.ELB.LoadBalancers[i]
			if id, ok := lbNodes[lb.ARN]; ok && slices.Contains(acl.LoadBalancers, lb.Name) && !slices.Contains(targets, id) {
				targets = append(targets, id)
			}
		}
		if len(targets) == 0 {
			continue
		}
		id := nodeID("waf", rv.key, acl.Name)
		source := l.t("declared in case.yaml")
		if acl.collected {
			source = l.t("read from AWS WAF")
		}
		c := card{icon: "WAF", color: colSecurity, title: l.t("AWS WAF web ACL"), lines: []text{l.v(acl.Name), source}}
		p.g.addNode(reg, id, storeAttrs(l, c, shapeSecurity)...)
		slices.Sort(targets)
		for _, t := range targets {
			p.g.addEdge(id, t, "waf", attr{k: "color", v: colSecurity}, attr{k: "style", v: "dashed"})
		}
		if p.sc.lean && p.sc.summary && igw != "" {
			p.g.addEdge(id, igw, "above-igw", attr{k: "style", v: "invis"})
		}
	}
}

// drawnACL is a web ACL to draw: declared, or only collected.
type drawnACL struct {
	WebACL
	collected bool
}

// regionACLs are the declared web ACLs, each also on the region's load
// balancers discovery found associated with it by name, followed by the
// web ACLs discovery found that the case study does not declare, by name.
func regionACLs(declared []WebACL, r *inventory.Region) []drawnACL {
	out := make([]drawnACL, 0, len(declared))
	byName := map[string]int{}
	for _, d := range declared {
		byName[d.Name] = len(out)
		out = append(out, drawnACL{WebACL: WebACL{Name: d.Name, LoadBalancers: slices.Clone(d.LoadBalancers)}})
	}
	var found []drawnACL
	for _, lb := range r.ELB.LoadBalancers {
		if lb.WebACL == nil {
			continue
		}
		if i, ok := byName[lb.WebACL.Name]; ok {
			if !slices.Contains(out[i].LoadBalancers, lb.Name) {
				out[i].LoadBalancers = append(out[i].LoadBalancers, lb.Name)
			}
			continue
		}
		i := slices.IndexFunc(found, func(a drawnACL) bool { return a.Name == lb.WebACL.Name })
		if i < 0 {
			found = append(found, drawnACL{WebACL: WebACL{Name: lb.WebACL.Name}, collected: true})
			i = len(found) - 1
		}
		found[i].LoadBalancers = append(found[i].LoadBalancers, lb.Name)
	}
	slices.SortFunc(found, func(a, b drawnACL) int { return strings.Compare(a.Name, b.Name) })
	return append(out, found...)
}

// storeLegend is the legend's rows for the store shapes.
func storeLegend() []struct{ color, caption string } {
	return []struct{ color, caption string }{
		{colDatabase, "database (cylinder)"},
		{colStorage, "object storage (folder)"},
		{colIntegration, "queue, topic, event bus, stream (arrow)"},
		{colSecurity, "keys, secrets, parameters, WAF (double border)"},
	}
}
