package inventory

import "testing"

func TestSubnetRouteTables(t *testing.T) {
	n := &Network{
		Subnets: []Subnet{{ID: "s-explicit", VPCID: "vpc-1"}, {ID: "s-main", VPCID: "vpc-1"}, {ID: "s-orphan", VPCID: "vpc-2"}},
		RouteTables: []RouteTable{
			{ID: "rtb-main", VPCID: "vpc-1", Main: true},
			{ID: "rtb-own", VPCID: "vpc-1", Subnets: []string{"s-explicit", "s-unknown"}},
		},
	}
	got := SubnetRouteTables(n)
	tests := []struct {
		subnet, want string
	}{
		{"s-explicit", "rtb-own"},
		{"s-main", "rtb-main"},
		{"s-orphan", ""},  // its VPC has no main table in the snapshot
		{"s-unknown", ""}, // associated, but not a subnet of the network
	}
	for _, tt := range tests {
		id := ""
		if rt := got[tt.subnet]; rt != nil {
			id = rt.ID
		}
		if id != tt.want {
			t.Errorf("route table of %s = %q, want %q", tt.subnet, id, tt.want)
		}
	}
}
