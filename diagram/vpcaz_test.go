package diagram

import (
	"bytes"
	"cmp"
	"context"
	"regexp"
	"slices"
	"strconv"
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

// Two VPCs with subnets in the same AZ each get their own AZ box: a subnet is
// never drawn inside another VPC (a moto estate always has a default VPC).
func TestSharedAZIsDrawnOncePerVPC(t *testing.T) {
	snap := &inventory.Snapshot{SchemaVersion: inventory.SchemaVersion, Accounts: []inventory.Account{{ID: "123456789012", Regions: []inventory.Region{{
		Name: "eu-west-1",
		Network: inventory.Network{
			VPCs: []inventory.VPC{{ID: "vpc-default", CIDR: "172.31.0.0/16", IsDefault: true}, {ID: "vpc-app", CIDR: "10.0.0.0/16"}},
			Subnets: []inventory.Subnet{
				{ID: "subnet-default-a", VPCID: "vpc-default", AvailabilityZone: "eu-west-1a", CIDR: "172.31.0.0/20"},
				{ID: "subnet-app-a", VPCID: "vpc-app", AvailabilityZone: "eu-west-1a", CIDR: "10.0.1.0/24"},
			},
		},
		// A load balancer in each: a VPC with no part of the workload is not drawn.
		ELB: inventory.ELB{LoadBalancers: []inventory.LoadBalancer{
			{ARN: "arn:lb/default", Name: "lb-default", Type: "application", VPCID: "vpc-default"},
			{ARN: "arn:lb/app", Name: "lb-app", Type: "application", VPCID: "vpc-app"}}},
	}}}}}
	ds, err := Plan(snap, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var all []byte
	for _, d := range ds {
		all = append(all, d.DOT...)
	}
	// Walk the DOT's subgraph nesting: each subnet must sit inside the
	// subgraph whose label names its own VPC.
	for _, tc := range []struct{ subnet, vpc, other string }{
		{"subnet-app-a", "vpc-app", "vpc-default"},
		{"subnet-default-a", "vpc-default", "vpc-app"},
	} {
		enclosing := enclosingLabels(all, tc.subnet)
		if !bytes.Contains(enclosing, []byte(tc.vpc)) || bytes.Contains(enclosing, []byte(tc.other)) {
			t.Errorf("%s is drawn inside %q, want inside %s only", tc.subnet, enclosing, tc.vpc)
		}
	}
}

// enclosingLabels returns the labels of the subgraphs open where needle first
// occurs in the DOT source, joined.
func enclosingLabels(dot []byte, needle string) []byte {
	at := bytes.Index(dot, []byte(needle))
	if at < 0 {
		return nil
	}
	var stack [][]byte
	for _, line := range bytes.Split(dot[:at], []byte("\n")) {
		t := bytes.TrimSpace(line)
		switch {
		case bytes.HasPrefix(t, []byte("subgraph")):
			stack = append(stack, nil)
		case bytes.Equal(t, []byte("}")) && len(stack) > 0:
			stack = stack[:len(stack)-1]
		case bytes.HasPrefix(t, []byte("label")) && len(stack) > 0 && stack[len(stack)-1] == nil:
			stack[len(stack)-1] = t
		}
	}
	return bytes.Join(stack, []byte(" | "))
}

// Systems outside AWS (DOC-001) are drawn outside the cloud: a VPN lands in
// the VPC, an internet connection reaches the Internet node.
func TestExternalSystemsAreDrawn(t *testing.T) {
	snap := &inventory.Snapshot{SchemaVersion: inventory.SchemaVersion, Accounts: []inventory.Account{{ID: "123456789012", Regions: []inventory.Region{{
		Name: "eu-west-1",
		Network: inventory.Network{
			VPCs:    []inventory.VPC{{ID: "vpc-app", CIDR: "10.0.0.0/16"}},
			Subnets: []inventory.Subnet{{ID: "subnet-app-a", VPCID: "vpc-app", AvailabilityZone: "eu-west-1a", CIDR: "10.0.1.0/24"}},
		},
		ELB: inventory.ELB{LoadBalancers: []inventory.LoadBalancer{{ARN: "arn:lb/app", Name: "lb-app", Type: "application", VPCID: "vpc-app"}}},
	}}}}}
	external := []External{
		{Name: "SAP ERP", Kind: "on-premises", Connection: "Site-to-Site VPN"},
		{Name: "Mobile app", Kind: "users", Connection: "HTTPS"},
		{Name: "Claims hub", Kind: "saas", Connection: "HTTPS"},
	}
	ds, err := Plan(snap, Options{External: external})
	if err != nil {
		t.Fatal(err)
	}
	// Paper pages (what Build falls back to when a drawing does not fit)
	// give the systems a page of their own, laid out left to right.
	split, err := Plan(snap, Options{External: external, lean: true})
	if err != nil {
		t.Fatal(err)
	}
	dot := string(ds[0].DOT)
	for _, want := range []string{"Outside AWS", "SAP ERP", "Mobile app", "Site-to-Site VPN", "HTTPS"} {
		if !bytes.Contains([]byte(dot), []byte(want)) {
			t.Errorf("DOT lacks %q", want)
		}
	}
	if n := bytes.Count([]byte(dot), []byte("lhead=")); n < 1 {
		t.Error("the VPN connection does not land in the VPC box")
	}
	// On every page that draws them, they read top to bottom in the
	// casefile's order.
	drawn := map[string]bool{}
	ds = append(ds, split...)
	for i := range ds {
		if !bytes.Contains(ds[i].DOT, []byte("Claims hub")) {
			continue
		}
		drawn[ds[i].ID] = true
		if err := Render(context.Background(), &ds[i]); err != nil {
			t.Fatal(err)
		}
		var pos [][2]float64 // y then x: top to bottom, then left to right
		for _, name := range []string{"SAP ERP", "Mobile app", "Claims hub"} {
			m := regexp.MustCompile(`<text[^>]* x="([-\d.]+)" y="([-\d.]+)"[^>]*>` + name).FindSubmatch(ds[i].SVG)
			if m == nil {
				t.Fatalf("%s: no text %q in the SVG", ds[i].ID, name)
			}
			x, _ := strconv.ParseFloat(string(m[1]), 64)
			y, _ := strconv.ParseFloat(string(m[2]), 64)
			pos = append(pos, [2]float64{y, x})
		}
		if !slices.IsSortedFunc(pos, func(a, b [2]float64) int { return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1])) }) {
			t.Errorf("%s: the systems outside AWS stand at (y, x) %v, not in the casefile's reading order", ds[i].ID, pos)
		}
	}
	if !drawn["architecture"] || !drawn["outside-aws"] {
		t.Errorf("pages drawing the systems outside AWS: %v; want the overview and their own page", drawn)
	}
}
