package diagram

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
)

// attr is one DOT attribute; html values are written as <...> (Graphviz
// HTML-like labels), others quoted.
type attr struct {
	k, v string
	html bool
}

// node is one DOT node. Its id is derived from the resource it stands for
// (see nodeID) so that the same estate gives the same ids.
type node struct {
	id    string
	attrs []attr
}

// cluster is a DOT "cluster_" subgraph: an AWS group box (cloud, account,
// region, VPC, AZ, subnet, ECS cluster, ...).
type cluster struct {
	id       string
	attrs    []attr
	children []*cluster
	nodes    []*node
	// ranks are groups of node ids kept on one rank (one row).
	ranks [][]string
}

// edge is a DOT edge; attrs carry its label and style.
type edge struct {
	from, to string
	attrs    []attr
}

// graph is the diagram before Graphviz sees it. Everything is kept in
// insertion order and the builder inserts in sorted order, so the DOT text
// is a pure function of the snapshot.
type graph struct {
	attrs     []attr
	nodeAttrs []attr
	edgeAttrs []attr
	root      cluster
	edges     []*edge
	nodes     map[string]*node
	clusters  map[string]*cluster
	edgeIndex map[string]*edge
}

func newGraph() *graph {
	return &graph{nodes: map[string]*node{}, clusters: map[string]*cluster{}, edgeIndex: map[string]*edge{}}
}

// hashID turns a resource identity into a short, stable DOT identifier that
// does not reveal the identifier itself (the DOT and SVG are shared files,
// and labels may be redacted).
func hashID(prefix string, parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return prefix + hex.EncodeToString(h[:6])
}

// nodeID is the DOT id of a node for the resource identified by parts.
func nodeID(parts ...string) string { return hashID("n", parts...) }

// clusterID is the DOT id of a group box; Graphviz treats subgraphs whose
// name starts with "cluster" as boxes.
func clusterID(parts ...string) string { return hashID("cluster_", parts...) }

// addCluster returns the cluster with id inside parent (nil: top level),
// creating it with attrs when new.
func (g *graph) addCluster(parent *cluster, id string, attrs ...attr) *cluster {
	if c, ok := g.clusters[id]; ok {
		return c
	}
	if parent == nil {
		parent = &g.root
	}
	c := &cluster{id: id, attrs: attrs}
	parent.children = append(parent.children, c)
	g.clusters[id] = c
	return c
}

// addNode returns the node with id, creating it in parent (nil: top level) when new.
func (g *graph) addNode(parent *cluster, id string, attrs ...attr) *node {
	if n, ok := g.nodes[id]; ok {
		return n
	}
	if parent == nil {
		parent = &g.root
	}
	n := &node{id: id, attrs: attrs}
	parent.nodes = append(parent.nodes, n)
	g.nodes[id] = n
	return n
}

// hasNode reports whether a node with id exists.
func (g *graph) hasNode(id string) bool { _, ok := g.nodes[id]; return ok }

// addEdge adds an edge once per (from, to, key); a second call with the same
// key returns the existing edge so callers can merge labels.
func (g *graph) addEdge(from, to, key string, attrs ...attr) (*edge, bool) {
	k := from + "\x00" + to + "\x00" + key
	if e, ok := g.edgeIndex[k]; ok {
		return e, false
	}
	e := &edge{from: from, to: to, attrs: attrs}
	g.edges = append(g.edges, e)
	g.edgeIndex[k] = e
	return e, true
}

// rowLength is how many similar nodes go in one row: about as many columns
// as rows (cards are wider than tall, so the block comes out landscape),
// never fewer than three.
func rowLength(n int) int {
	k := 3
	for k*k < n {
		k++
	}
	return k
}

// grid lays out the nodes of a cluster in rows of at most perRow, one rank
// per row, rows stacked by invisible edges, so that a long list of similar
// nodes wraps instead of stretching the page.
func (g *graph) grid(c *cluster, ids []string, perRow int) {
	var prev string
	for start := 0; start < len(ids); start += perRow {
		row := ids[start:min(start+perRow, len(ids))]
		if len(row) > 1 {
			c.ranks = append(c.ranks, row)
		}
		if prev != "" {
			g.addEdge(prev, row[0], "grid", attr{k: "style", v: "invis"})
		}
		prev = row[0]
	}
}

// nodeCount is the number of nodes, the measure of a page's legibility.
func (g *graph) nodeCount() int { return len(g.nodes) }

// dot writes the graph in DOT.
func (g *graph) dot() []byte {
	var b bytes.Buffer
	b.WriteString("digraph ecspack {\n")
	writeAttrStmt(&b, "\t", "graph", g.attrs)
	writeAttrStmt(&b, "\t", "node", g.nodeAttrs)
	writeAttrStmt(&b, "\t", "edge", g.edgeAttrs)
	writeBody(&b, "\t", &g.root)
	for _, e := range g.edges {
		fmt.Fprintf(&b, "\t%s -> %s", e.from, e.to)
		writeAttrList(&b, e.attrs)
		b.WriteString(";\n")
	}
	b.WriteString("}\n")
	return b.Bytes()
}

func writeBody(b *bytes.Buffer, indent string, c *cluster) {
	for _, n := range c.nodes {
		b.WriteString(indent + n.id)
		writeAttrList(b, n.attrs)
		b.WriteString(";\n")
	}
	for _, r := range c.ranks {
		fmt.Fprintf(b, "%s{rank=same; %s;}\n", indent, strings.Join(r, "; "))
	}
	for _, ch := range c.children {
		fmt.Fprintf(b, "%ssubgraph %s {\n", indent, ch.id)
		for _, a := range ch.attrs {
			fmt.Fprintf(b, "%s\t%s=%s;\n", indent, a.k, quote(a))
		}
		writeBody(b, indent+"\t", ch)
		b.WriteString(indent + "}\n")
	}
}

func writeAttrStmt(b *bytes.Buffer, indent, kind string, attrs []attr) {
	if len(attrs) == 0 {
		return
	}
	b.WriteString(indent + kind)
	writeAttrList(b, attrs)
	b.WriteString(";\n")
}

func writeAttrList(b *bytes.Buffer, attrs []attr) {
	if len(attrs) == 0 {
		return
	}
	b.WriteString(" [")
	for i, a := range attrs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(a.k + "=" + quote(a))
	}
	b.WriteString("]")
}

// quote writes an attribute value: HTML labels in angle brackets, others as
// DOT strings with quotes and backslashes escaped.
func quote(a attr) string {
	if a.html {
		return "<" + a.v + ">"
	}
	if a.v == "" {
		// Graphviz (the wasm build) prints a node's name for label="".
		return `" "`
	}
	return `"` + dotEscaper.Replace(a.v) + `"`
}

// dotEscaper escapes a quoted DOT string. Built once (a Replacer per value
// was a fifth of planning a large estate); it is immutable and safe for
// concurrent use.
var dotEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", " ")
