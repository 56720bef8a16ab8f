package diagram

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"codeberg.org/go-pdf/fpdf"

	"github.com/ecspack/ecspack/diagram/pdfdraw"
	"github.com/ecspack/ecspack/inventory"
)

// need returns the path of an external tool, skipping the test when it is
// missing — or failing it under CI, where the tools are required.
func need(t *testing.T, tool string) string {
	t.Helper()
	p, err := exec.LookPath(tool)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required under CI=true: %v", tool, err)
		}
		t.Skipf("%s not installed", tool)
	}
	return p
}

func build(t *testing.T, snap *inventory.Snapshot, opts Options) []Diagram {
	t.Helper()
	ds, err := Build(context.Background(), snap, opts)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// TestGolden compares the small estate's DOT and SVG with testdata; run
// with UPDATE_GOLDEN=1 to rewrite them after an intended change.
func TestGolden(t *testing.T) {
	ds := build(t, smallSnapshot(), Options{Title: "Shop"})
	if len(ds) != 1 || ds[0].ID != "architecture" {
		t.Fatalf("small estate: got %d diagrams, want the single architecture page", len(ds))
	}
	for _, f := range []struct {
		name string
		got  []byte
	}{{"small.dot", ds[0].DOT}, {"small.svg", ds[0].SVG}} {
		path := filepath.Join("testdata", f.name)
		if os.Getenv("UPDATE_GOLDEN") != "" {
			if err := os.WriteFile(path, f.got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run with UPDATE_GOLDEN=1 to create it)", err)
		}
		if !bytes.Equal(f.got, want) {
			t.Errorf("%s differs from the golden file (UPDATE_GOLDEN=1 rewrites it after an intended change)", f.name)
		}
	}
}

func TestDeterministic(t *testing.T) {
	a := build(t, smallSnapshot(), Options{})
	b := build(t, smallSnapshot(), Options{})
	for i := range a {
		if !bytes.Equal(a[i].DOT, b[i].DOT) || !bytes.Equal(a[i].SVG, b[i].SVG) {
			t.Fatalf("diagram %s: two builds of the same snapshot differ", a[i].ID)
		}
	}
	// The order the APIs answered in does not matter either.
	shuffled := smallSnapshot()
	r := &shuffled.Accounts[0].Regions[0]
	reverse(r.Network.Subnets)
	reverse(r.ECS.Clusters)
	reverse(r.ECS.Clusters[1].Services)
	reverse(r.ECS.Clusters[1].Tasks)
	reverse(r.ELB.TargetGroups)
	c := build(t, shuffled, Options{})
	if !bytes.Equal(a[0].DOT, c[0].DOT) {
		t.Fatalf("reordering the snapshot's lists changed the DOT")
	}
}

func reverse[T any](s []T) {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}

var svgText = regexp.MustCompile(`>([^<>]+)</text>`)

// texts returns the SVG's text content, unescaped, joined by newlines.
func texts(svg []byte) string {
	var b strings.Builder
	for _, m := range svgText.FindAllSubmatch(svg, -1) {
		b.WriteString(htmlUnescape(string(m[1])) + "\n")
	}
	return b.String()
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&#45;", "-", "&amp;", "&", "&lt;", "<", "&gt;", ">", "&#160;", " ", "&quot;", `"`, "&#39;", "'").Replace(s)
}

// TestStructure checks that every VPC, AZ, subnet, load balancer and
// service of the snapshot is drawn and that every load balancer → target
// group → service path exists as edges.
func TestStructure(t *testing.T) {
	snap := smallSnapshot()
	ds := build(t, snap, Options{})
	var all strings.Builder
	var dot bytes.Buffer
	for _, d := range ds {
		all.WriteString(texts(d.SVG))
		dot.Write(d.DOT)
	}
	got := all.String()
	r := &snap.Accounts[0].Regions[0]
	var want []string
	for _, v := range r.Network.VPCs {
		want = append(want, v.ID, v.Tags["Name"])
	}
	for _, s := range r.Network.Subnets {
		want = append(want, s.ID, s.Tags["Name"], s.AvailabilityZone)
	}
	for _, lb := range r.ELB.LoadBalancers {
		want = append(want, lb.Name)
	}
	for _, c := range r.ECS.Clusters {
		for _, s := range c.Services {
			want = append(want, s.Name)
		}
	}
	want = append(want, "Internet gateway", "NAT gateway", "Amazon ECR", "shop-data", "Amazon CloudWatch", "AWS CloudTrail",
		"AWS Cloud Map", "Amazon GuardDuty", "VPC endpoints (3)", "Auto Scaling group", "2 external instances", "Legend",
		"tasks per AZ: 1a 2 · 1b 1", "HTTPS:443", "HTTP:8080", "HTTP:9000", "FARGATE w1 base 1 + FARGATE_SPOT w3")
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("%q is not drawn", w)
		}
	}
	key := acct + "/" + region
	for _, tg := range r.ELB.TargetGroups {
		for _, lbARN := range tg.LoadBalancers {
			edge := nodeID("lb", key, lbARN) + " -> " + nodeID("tg", key, tg.ARN)
			if !bytes.Contains(dot.Bytes(), []byte(edge)) {
				t.Errorf("no edge load balancer → target group %s", tg.Name)
			}
		}
	}
	for _, c := range r.ECS.Clusters {
		for _, s := range c.Services {
			for _, lb := range s.LoadBalancers {
				edge := nodeID("tg", key, lb.TargetGroupARN) + " -> " + nodeID("service", key, s.ARN)
				if !bytes.Contains(dot.Bytes(), []byte(edge)) {
					t.Errorf("no edge target group → service %s", s.Name)
				}
			}
		}
	}
}

// TestSVGSelfContained checks the SVG is well-formed XML without a DOCTYPE
// or any reference to another file.
func TestSVGSelfContained(t *testing.T) {
	for _, d := range build(t, smallSnapshot(), Options{}) {
		dec := xml.NewDecoder(bytes.NewReader(d.SVG))
		for {
			tok, err := dec.Token()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("%s: SVG is not well-formed: %v", d.ID, err)
			}
			switch tok := tok.(type) {
			case xml.Directive:
				t.Errorf("%s: SVG keeps a directive %q", d.ID, tok)
			case xml.StartElement:
				for _, a := range tok.Attr {
					if a.Name.Local == "href" || a.Name.Local == "src" {
						t.Errorf("%s: SVG references %q", d.ID, a.Value)
					}
				}
				if tok.Name.Local == "image" {
					t.Errorf("%s: SVG embeds an image", d.ID)
				}
			}
		}
	}
}

// TestNativeDotParses checks our DOT is valid for native Graphviz too.
func TestNativeDotParses(t *testing.T) {
	dot := need(t, "dot")
	for _, d := range build(t, smallSnapshot(), Options{NodeBudget: 12}) {
		cmd := exec.Command(dot, "-Tcanon", "-o", os.DevNull)
		cmd.Stdin = bytes.NewReader(d.DOT)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			t.Errorf("%s: native dot rejects our DOT: %v: %s", d.ID, err, stderr.String())
		}
	}
}

// TestEveryEstateValueLabelled: a name that is too long or carries a
// control character comes out shortened and printable in every diagram,
// whichever field holds it and whether the estate fits one page or is
// split — every estate value reaches a label through the one path, lab.v.
func TestEveryEstateValueLabelled(t *testing.T) {
	reg := func(s *inventory.Snapshot) *inventory.Region { return &s.Accounts[0].Regions[0] }
	tests := []struct {
		field string
		set   func(s *inventory.Snapshot, v string)
	}{
		{"case study title", nil},
		{"account alias", func(s *inventory.Snapshot, v string) { s.Accounts[0].Alias = v }},
		{"VPC name", func(s *inventory.Snapshot, v string) { reg(s).Network.VPCs[0].Tags["Name"] = v }},
		{"subnet name", func(s *inventory.Snapshot, v string) { reg(s).Network.Subnets[0].Tags["Name"] = v }},
		{"ECS cluster", func(s *inventory.Snapshot, v string) { reg(s).ECS.Clusters[0].Name = v }},
		{"ECS service", func(s *inventory.Snapshot, v string) { reg(s).ECS.Clusters[0].Services[0].Name = v }},
		{"load balancer", func(s *inventory.Snapshot, v string) { reg(s).ELB.LoadBalancers[0].Name = v }},
		{"target group", func(s *inventory.Snapshot, v string) { reg(s).ELB.TargetGroups[0].Name = v }},
		{"Auto Scaling group", func(s *inventory.Snapshot, v string) { reg(s).AutoScaling.Groups[0].Name = v }},
		{"file system", func(s *inventory.Snapshot, v string) { reg(s).EFS[0].Name = v }},
		{"repository", func(s *inventory.Snapshot, v string) { reg(s).ECR.Repositories[0].Name = v }},
		{"trail", func(s *inventory.Snapshot, v string) { reg(s).Trails[0].Name = v }},
		{"namespace", func(s *inventory.Snapshot, v string) { reg(s).Namespaces[0].Name = v }},
	}
	run := strings.Repeat("n", MaxLabel)
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			value := "long-" + strings.Repeat("n", 400) + "\x07-end"
			want := string(lab{}.v(value))
			snap, opts := smallSnapshot(), Options{Title: "Shop"}
			if tt.set == nil {
				opts.Title = value
			} else {
				tt.set(snap, value)
			}
			for _, budget := range []int{0, 12} {
				opts.NodeBudget = budget
				found := false
				for _, d := range build(t, snap, opts) {
					for name, b := range map[string]string{"DOT": string(d.DOT), "SVG": string(d.SVG), "title": d.Title} {
						if strings.Contains(b, run) || strings.Contains(b, "\x07") {
							t.Errorf("budget %d, %s %s: the %s is printed unshortened or with its control character", budget, d.ID, name, tt.field)
						}
					}
					found = found || strings.Contains(string(d.DOT), want)
				}
				// Split pages may aggregate subnets and load balancers; the
				// single page draws every one.
				if !found && budget == 0 {
					t.Errorf("budget %d: no diagram shows the %s as %q", budget, tt.field, want)
				}
			}
		})
	}
}

// TestSplitKeepsBudget: a 1,000-service estate splits into pages within the
// node budget, and every service is drawn on some page.
func TestSplitKeepsBudget(t *testing.T) {
	snap := synthEstate(1000)
	const budget = 60
	ds, err := Plan(snap, Options{NodeBudget: budget})
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) < 10 {
		t.Fatalf("1,000 services on %d pages: expected an overview per VPC and detail pages per cluster", len(ds))
	}
	ids := map[string]bool{}
	var dot bytes.Buffer
	for _, d := range ds {
		if d.Nodes > budget {
			t.Errorf("%s has %d nodes, budget %d", d.ID, d.Nodes, budget)
		}
		if ids[d.ID] {
			t.Errorf("duplicate diagram id %s", d.ID)
		}
		ids[d.ID] = true
		dot.Write(d.DOT)
	}
	for _, c := range snap.Accounts[0].Regions[0].ECS.Clusters {
		for _, s := range c.Services {
			if !bytes.Contains(dot.Bytes(), []byte(nodeID("service", acct+"/"+region, s.ARN))) {
				t.Errorf("service %s is on no page", s.Name)
			}
		}
	}
	if testing.Short() {
		return
	}
	for i := range ds {
		if err := Render(context.Background(), &ds[i]); err != nil {
			t.Fatal(err)
		}
		if len(ds[i].SVG) == 0 || len(ds[i].Drawing.Ops) == 0 {
			t.Fatalf("%s rendered empty", ds[i].ID)
		}
	}
}

// TestPDFReplay draws the diagrams into a PDF: the text must extract with
// pdftotext and the PDF must hold no raster image.
func TestPDFReplay(t *testing.T) {
	ds := build(t, smallSnapshot(), Options{})
	pdf := fpdf.New("L", "mm", "A4", "")
	pdf.SetCompression(false)
	for _, d := range ds {
		pdf.AddPage()
		if err := pdfdraw.Draw(pdf, d.Drawing, 10, 10, 277, 190, pdfdraw.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	var out bytes.Buffer
	if err := pdf.Output(&out); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(out.Bytes(), []byte("/Subtype /Image")) {
		t.Fatal("the PDF holds a raster image")
	}
	tool := need(t, "pdftotext")
	path := filepath.Join(t.TempDir(), "d.pdf")
	if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	txt, err := exec.Command(tool, path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"prod-alb", "tg-web", "web", "worker", "collector", "Internet gateway", "Availability Zone", "public-a", "subnet-priv-b", "Amazon ECR", "Legend"} {
		if !strings.Contains(string(txt), w) {
			t.Errorf("pdftotext does not find %q", w)
		}
	}
}

func TestPlanErrors(t *testing.T) {
	if _, err := Plan(nil, Options{}); err == nil {
		t.Fatal("nil snapshot: no error")
	}
	if _, err := RenderDOT(context.Background(), []byte("digraph {")); err == nil {
		t.Fatal("broken DOT: no error")
	}
}
