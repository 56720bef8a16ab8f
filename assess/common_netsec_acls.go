package assess

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ecspack/ecspack/inventory"
)

// The NETSEC-001 check of what the network ACLs of the services' subnets
// let in from the internet. Registered in netsecChecks (common_netsec.go).

// aclFromInternet returns the action ("allow" or "deny") and rule number
// of the first inbound rule of a network ACL that matches TCP traffic from
// anywhere (0.0.0.0/0 or ::/0) to a port; port 0 asks about every port,
// which only an all-protocols or all-ports rule decides. Network ACLs apply
// the lowest-numbered matching rule; none matching means the implicit deny.
func aclFromInternet(a *inventory.NetworkACL, port int) (action string, rule int) {
	entries := slices.Clone(a.Entries)
	slices.SortFunc(entries, func(x, y inventory.ACLEntry) int { return x.RuleNumber - y.RuleNumber })
	for _, e := range entries {
		if e.Egress || (e.CIDR != "0.0.0.0/0" && e.IPv6CIDR != "::/0") {
			continue
		}
		all := e.Protocol == "-1" || strings.EqualFold(e.Protocol, "all")
		tcp := e.Protocol == "6" || strings.EqualFold(e.Protocol, "tcp")
		switch {
		case all:
		case !tcp:
			continue
		case port == 0 && !(e.FromPort <= 0 && e.ToPort >= 65535):
			continue
		case port != 0 && (port < e.FromPort || port > e.ToPort):
			continue
		}
		return strings.ToLower(e.Action), e.RuleNumber
	}
	return "deny", 0
}

// serviceSubnets returns the subnets the services of a region run in.
func serviceSubnets(rv RegionView) map[string]bool {
	out := map[string]bool{}
	for _, r := range deployedServicesIn(rv) {
		for _, s := range r.sv.Subnets() {
			out[s] = true
		}
	}
	return out
}

func checkNACLOpenPorts(in *Input) []Finding {
	const ev = "ec2:DescribeNetworkAcls Entries, Associations (the network ACLs of the services' subnets)"
	var fs []Finding
	ps := &wlPasses{evidence: ev, summary: "network ACLs of the services' subnets keep all ports, SSH and RDP closed to the internet"}
	for _, rv := range in.Regions {
		used := serviceSubnets(rv)
		for i := range rv.Region.Network.NetworkACLs {
			a := &rv.Region.Network.NetworkACLs[i]
			var subnets, public []string
			for _, s := range a.Subnets {
				if !used[s] {
					continue
				}
				subnets = append(subnets, s)
				if sn := rv.Index.Subnet(s); sn == nil || sn.Public {
					public = append(public, s) // an uncollected subnet may be public: not a reason to pass
				}
			}
			if len(subnets) == 0 {
				continue
			}
			var open []string
			for _, p := range []struct {
				port int
				name string
			}{{0, "all ports"}, {22, "SSH (22)"}, {3389, "RDP (3389)"}} {
				if act, rule := aclFromInternet(a, p.port); act == "allow" {
					open = append(open, fmt.Sprintf("%s (rule %d)", p.name, rule))
				}
			}
			where := fmt.Sprintf("network ACL %s of %s (subnets %s of the services, %s %s)", a.ID, a.VPCID, listUpTo(subnets, 5), rv.Account, rv.Region.Name)
			if len(open) == 0 {
				ps.add(a.ID, where+" admits nothing from the internet on all ports, SSH or RDP")
				continue
			}
			if len(public) == 0 {
				fs = append(fs, Finding{Outcome: Info, Resource: a.ID, Evidence: ev,
					Message: where + " admits 0.0.0.0/0 on " + strings.Join(open, ", ") + ", but these subnets have no route from an internet gateway, so only return traffic of their own connections can arrive that way (Security Hub EC2.21 still flags the rule)"})
				continue
			}
			fs = append(fs, Finding{Outcome: Warn, Resource: a.ID,
				Message:     where + " admits the internet (0.0.0.0/0) on " + strings.Join(open, ", ") + " into public subnet(s) " + listUpTo(public, 5) + ": only security groups filter that traffic",
				Evidence:    ev,
				Remediation: "add inbound deny rules for 0.0.0.0/0 and ::/0 on ports 22 and 3389 below the allow rules, and allow only the ports the subnets serve (plus the ephemeral return ports)"})
		}
	}
	return append(fs, ps.findings()...)
}
