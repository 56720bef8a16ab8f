package inventory

// SubnetRouteTables maps each subnet id to the route table that routes its
// traffic: the table explicitly associated with it, else its VPC's main
// table. A subnet with neither is absent. Discovery marks public subnets by
// it and the estate view finds a subnet's NAT gateways by it, so the two
// cannot disagree about which table applies.
func (n *Network) SubnetRouteTables() map[string]*RouteTable {
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
