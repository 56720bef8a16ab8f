package inventory

// SubnetRouteTables maps each subnet of a network to the route table that
// applies to it: the table it is explicitly associated with, else its VPC's
// main table. A subnet with neither is absent. Whether a subnet is public
// (discovery) and which NAT gateways it uses (the estate view) both start
// from this rule.
func SubnetRouteTables(n *Network) map[string]*RouteTable {
	explicit := map[string]*RouteTable{}
	mainOf := map[string]*RouteTable{}
	for i := range n.RouteTables {
		rt := &n.RouteTables[i]
		for _, s := range rt.Subnets {
			explicit[s] = rt
		}
		if rt.Main {
			mainOf[rt.VPCID] = rt
		}
	}
	out := make(map[string]*RouteTable, len(n.Subnets))
	for _, sn := range n.Subnets {
		if rt := explicit[sn.ID]; rt != nil {
			out[sn.ID] = rt
		} else if rt := mainOf[sn.VPCID]; rt != nil {
			out[sn.ID] = rt
		}
	}
	return out
}
