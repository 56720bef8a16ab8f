package inventory

import "testing"

func TestSubnetRouteTables(t *testing.T) {
	n := &Network{
		Subnets: []Subnet{
			{ID: "subnet-own", VPCID: "vpc-1"},
			{ID: "subnet-main", VPCID: "vpc-1"},
			{ID: "subnet-lone", VPCID: "vpc-2"}, // vpc-2 has no main table recorded
			{ID: "subnet-other", VPCID: "vpc-3"},
		},
		RouteTables: []RouteTable{
			{ID: "rtb-main", VPCID: "vpc-1", Main: true},
			{ID: "rtb-own", VPCID: "vpc-1", Subnets: []string{"subnet-own"}},
			{ID: "rtb-main3", VPCID: "vpc-3", Main: true, Subnets: []string{"subnet-gone"}},
		},
	}
	got := n.SubnetRouteTables()
	tests := []struct {
		subnet, want string // "" for no table
	}{
		{"subnet-own", "rtb-own"},     // explicit association wins over the main table
		{"subnet-main", "rtb-main"},   // no association: the VPC's main table
		{"subnet-lone", ""},           // neither
		{"subnet-other", "rtb-main3"}, // a main table that also names a subnet not in the snapshot
		{"subnet-gone", ""},           // only subnets of the snapshot are mapped
	}
	for _, tt := range tests {
		rt := got[tt.subnet]
		switch {
		case tt.want == "" && rt != nil:
			t.Errorf("%s: route table %s, want none", tt.subnet, rt.ID)
		case tt.want != "" && (rt == nil || rt.ID != tt.want):
			t.Errorf("%s: route table %v, want %s", tt.subnet, rt, tt.want)
		}
	}
	if len(got) != 3 {
		t.Errorf("mapped %d subnets, want 3", len(got))
	}
}
