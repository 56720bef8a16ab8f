package sopfill

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/inventory"
)

// addNetwork lists the region's VPCs and subnets, and the zones its subnets
// are in.
func (v *CaseView) addNetwork(rg *estate.Region) {
	rn := rg.Name()
	for _, vpc := range rg.Region.Network.VPCs {
		v.VPCs = append(v.VPCs, VPCView{Region: rn, ID: vpc.ID, CIDR: vpc.CIDR, Name: vpc.Tags["Name"]})
	}
	for _, s := range rg.Region.Network.Subnets {
		kind := "private"
		if s.Public {
			kind = "public"
		}
		v.Subnets = append(v.Subnets, SubnetView{Region: rn, ID: s.ID, VPC: s.VPCID, AZ: s.AvailabilityZone, CIDR: s.CIDR, Name: s.Tags["Name"], Kind: kind, FreeIPs: s.AvailableIPs})
		if s.AvailabilityZone != "" {
			v.AZs = append(v.AZs, s.AvailabilityZone)
		}
	}
}

// addSecurityGroups lists the region's security groups with their rules and
// what wears them.
func (v *CaseView) addSecurityGroups(rg *estate.Region) {
	sgNames := map[string]string{}
	for _, sg := range rg.Region.Network.SecurityGroups {
		sgNames[sg.ID] = sg.Name
	}
	for _, sg := range rg.Region.Network.SecurityGroups {
		gv := SGView{Region: rg.Name(), ID: sg.ID, Name: sg.Name, VPC: sg.VPCID, Description: sg.Description, UsedBy: wearerNames(rg.SecurityGroupWearers(sg.ID))}
		for _, rule := range sg.Ingress {
			rv := ruleView(rule, sgNames)
			gv.OpenToInternet = gv.OpenToInternet || rv.Internet
			gv.Ingress = append(gv.Ingress, rv)
		}
		for _, rule := range sg.Egress {
			gv.Egress = append(gv.Egress, ruleView(rule, sgNames))
		}
		v.SecurityGroups = append(v.SecurityGroups, gv)
	}
}

// wearerOrder is the order the SOPs name a security group's wearers in, and
// the kinds they name: services, load balancers, EFS file systems.
var wearerOrder = []estate.WearerKind{estate.WearerService, estate.WearerLoadBalancer, estate.WearerMountTarget}

// wearerNames words the wearers of a security group: "service C/S",
// "load balancer N", "EFS fs-…" (once per file system, whatever its number
// of mount targets).
func wearerNames(ws []estate.Wearer) []string {
	var out []string
	for _, kind := range wearerOrder {
		for _, w := range ws {
			var name string
			switch {
			case w.Kind != kind:
				continue
			case kind == estate.WearerService:
				name = "service " + w.Service.ClusterName() + "/" + w.Name
			case kind == estate.WearerLoadBalancer:
				name = "load balancer " + w.Name
			default:
				name = "EFS " + w.Name
				if slices.Contains(out, name) {
					continue
				}
			}
			out = append(out, name)
		}
	}
	return out
}

// addNACLs lists the region's network ACLs with their rules, inbound then
// outbound, by rule number.
func (v *CaseView) addNACLs(rg *estate.Region) {
	for _, acl := range rg.Region.Network.NetworkACLs {
		nv := NACLView{Region: rg.Name(), ID: acl.ID, VPC: acl.VPCID, Default: acl.IsDefault, Subnets: len(acl.Subnets), AllowsAll: true}
		for _, e := range acl.Entries {
			dir := "inbound"
			if e.Egress {
				dir = "outbound"
			}
			peer := cmp.Or(e.CIDR, e.IPv6CIDR)
			nv.Rules = append(nv.Rules, NACLRuleView{Number: e.RuleNumber, Direction: dir, Protocol: protoText(e.Protocol), Ports: portsText(e.Protocol, e.FromPort, e.ToPort), CIDR: peer, Action: e.Action})
			if e.RuleNumber != 32767 && !(e.Action == "allow" && e.Protocol == "-1" && (peer == "0.0.0.0/0" || peer == "::/0")) {
				nv.AllowsAll = false
			}
		}
		slices.SortStableFunc(nv.Rules, func(a, b NACLRuleView) int {
			return cmp.Or(cmp.Compare(a.Direction, b.Direction), cmp.Compare(a.Number, b.Number))
		})
		v.NACLs = append(v.NACLs, nv)
	}
}

// addEndpointsAndNATs lists the region's VPC endpoints and NAT gateways.
func (v *CaseView) addEndpointsAndNATs(rg *estate.Region) {
	for _, ep := range rg.Region.Network.VPCEndpoints {
		v.Endpoints = append(v.Endpoints, EndpointView{Region: rg.Name(), Service: ep.ServiceName, Type: ep.Type})
	}
	for _, n := range rg.Region.Network.NATGateways {
		nv := NATView{Region: rg.Name(), ID: n.ID, Subnet: n.SubnetID}
		if s := rg.Index.Subnet(n.SubnetID); s != nil {
			nv.AZ = s.AvailabilityZone
		}
		v.NATGateways = append(v.NATGateways, nv)
	}
}

// addLoadBalancers lists the region's load balancers with their listeners
// by port.
func (v *CaseView) addLoadBalancers(rg *estate.Region) {
	for _, lb := range rg.Region.ELB.LoadBalancers {
		lv := LBView{Region: rg.Name(), Name: lb.Name, Type: lb.Type, Scheme: lb.Scheme, DNS: lb.DNSName, AZs: slices.Clone(lb.AvailabilityZones), SecurityGroups: slices.Clone(lb.SecurityGroups)}
		for _, l := range lb.Listeners {
			lv.Listeners = append(lv.Listeners, listenerView(rg, l))
		}
		slices.SortFunc(lv.Listeners, func(a, b ListenerView) int { return cmp.Compare(a.Port, b.Port) })
		v.LoadBalancers = append(v.LoadBalancers, lv)
	}
}

// listenerView words a listener and what its default actions do.
func listenerView(rg *estate.Region, l inventory.Listener) ListenerView {
	li := ListenerView{Protocol: l.Protocol, Port: l.Port, TLSPolicy: l.SSLPolicy, Certificates: len(l.Certificates),
		Encrypted: l.Protocol == "HTTPS" || l.Protocol == "TLS", MutualAuthentication: l.MutualAuthentication}
	var acts []string
	for _, a := range l.DefaultActions {
		switch a.Type {
		case "redirect":
			acts = append(acts, "redirect to "+strings.TrimSpace(a.RedirectProtocol+" "+a.RedirectPort))
		case "forward":
			var names []string
			for _, arn := range a.TargetGroups {
				name := inventory.ShortName(arn)
				if tg := rg.Index.TargetGroup(arn); tg != nil {
					name = cmp.Or(tg.Name, name)
				}
				names = append(names, name)
			}
			acts = append(acts, "forward to "+strings.Join(names, ", "))
		default:
			acts = append(acts, a.Type)
		}
	}
	li.Action = strings.Join(acts, "; ")
	return li
}

func ruleView(r inventory.SecurityRule, names map[string]string) RuleView {
	rv := RuleView{Protocol: protoText(r.Protocol), Ports: portsText(r.Protocol, r.FromPort, r.ToPort), Description: r.Description}
	switch {
	case r.CIDR != "":
		rv.Peer = r.CIDR
	case r.IPv6CIDR != "":
		rv.Peer = r.IPv6CIDR
	case r.SourceGroup != "":
		rv.Peer = r.SourceGroup
		if n := names[r.SourceGroup]; n != "" {
			rv.Peer += " (" + n + ")"
		}
	case r.PrefixList != "":
		rv.Peer = "prefix list " + r.PrefixList
	}
	rv.Internet = r.CIDR == "0.0.0.0/0" || r.IPv6CIDR == "::/0"
	if rv.Internet {
		rv.Peer += " (internet)"
	}
	return rv
}

func protoText(p string) string {
	switch strings.ToLower(p) {
	case "-1", "all":
		return "all"
	case "6":
		return "tcp"
	case "17":
		return "udp"
	case "1":
		return "icmp"
	}
	return strings.ToLower(p)
}

func portsText(proto string, from, to int) string {
	if proto == "-1" || strings.EqualFold(proto, "all") {
		return "all"
	}
	if from == to {
		return strconv.Itoa(from)
	}
	if from == 0 && to == 65535 || from == -1 {
		return "all"
	}
	return fmt.Sprintf("%d-%d", from, to)
}
