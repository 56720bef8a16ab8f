package assess

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/ecspack/ecspack/inventory"
)

// The ECS-015 and REL-002 checks of the load balancers in front of the
// services: TLS to the targets, the listener policy, and their AZs.
// Registered in networkChecks (ecs_network.go) and reliabilityChecks
// (common_reliability.go).

// serviceLBs returns the target groups and load balancers the services of
// a case study are bound to, each once, in service order, with the region
// each was found in.
func serviceLBs(in *Input) (tgs []*inventory.TargetGroup, lbs []*inventory.LoadBalancer, regionOf map[string]RegionView) {
	regionOf = map[string]RegionView{}
	for _, r := range deployedServices(in) {
		for _, t := range r.sv.Targets() {
			if tg := t.TargetGroup; tg != nil && !slices.Contains(tgs, tg) {
				tgs = append(tgs, tg)
				regionOf[tg.ARN] = r.RV
			}
			for _, lb := range t.LoadBalancers {
				if !slices.Contains(lbs, lb) {
					lbs = append(lbs, lb)
					regionOf[lb.ARN] = r.RV
				}
			}
		}
	}
	return tgs, lbs, regionOf
}

func checkTargetTLS(in *Input) []Finding {
	const ev = "elbv2:DescribeTargetGroups Protocol, HealthCheckProtocol (target groups of the services)"
	var fs []Finding
	ps := &wlPasses{evidence: ev, summary: "target groups reach the tasks over HTTPS"}
	tgs, _, _ := serviceLBs(in)
	for _, tg := range tgs {
		proto := strings.ToUpper(tg.Protocol)
		hc := strings.ToUpper(cmp.Or(tg.HealthCheckProtocol, tg.Protocol))
		if proto != "HTTP" && proto != "HTTPS" {
			continue // layer 4 (TCP, UDP, TLS) or GENEVE: no layer 7 hop to judge
		}
		var plain []string
		if proto == "HTTP" {
			plain = append(plain, "forwards to the tasks over HTTP")
		}
		if hc == "HTTP" {
			plain = append(plain, "health-checks them over HTTP")
		}
		if len(plain) == 0 {
			ps.add(tg.ARN, fmt.Sprintf("target group %s forwards to the tasks and health-checks them over HTTPS", tg.Name))
			continue
		}
		fs = append(fs, Finding{Outcome: Warn, Resource: tg.ARN,
			Message:     fmt.Sprintf("target group %s %s: TLS ends at the load balancer and the hop to the tasks is plain text inside the VPC, while ECS-015 says all layer 7 traffic must be secured with TLS", tg.Name, strings.Join(plain, " and ")),
			Evidence:    ev,
			Remediation: "serve TLS in the task (or a TLS sidecar such as Envoy or Service Connect TLS) and set the target group's protocol and health check protocol to HTTPS, or state in the ECS-015 answer why the VPC hop is accepted in plain text"})
	}
	return append(fs, ps.findings()...)
}

// recommendedTLSPolicy reports whether an ELB security policy is one of
// AWS's recommended TLS 1.3 policies (ELBSecurityPolicy-TLS13-1-2-*,
// TLS13-1-3-*, with their Res, Ext, FIPS and PQ variants), which allow TLS
// 1.2 at least and offer TLS 1.3.
func recommendedTLSPolicy(p string) bool {
	return strings.Contains(p, "TLS13-1-2") || strings.Contains(p, "TLS13-1-3")
}

func checkRecommendedTLSPolicy(in *Input) []Finding {
	const ev = "elbv2:DescribeListeners Protocol, SslPolicy (load balancers of the services)"
	var fs []Finding
	ps := &wlPasses{evidence: ev, summary: "TLS listeners use a recommended TLS 1.3 policy"}
	_, lbs, _ := serviceLBs(in)
	for _, lb := range lbs {
		for _, l := range lb.Listeners {
			p := strings.ToUpper(l.Protocol)
			if p != "HTTPS" && p != "TLS" {
				continue
			}
			res := cmp.Or(l.ARN, lb.ARN+"#"+l.Protocol+":"+strconv.Itoa(l.Port))
			name := listenerName(lb, &l)
			if recommendedTLSPolicy(l.SSLPolicy) {
				ps.add(res, name+" uses "+l.SSLPolicy+", a recommended TLS 1.3 policy")
				continue
			}
			fs = append(fs, Finding{Outcome: Warn, Resource: res,
				Message:     fmt.Sprintf("%s uses %s, which is not among AWS's recommended TLS 1.3 policies", name, cmp.Or(l.SSLPolicy, "no recorded policy")),
				Evidence:    ev,
				Remediation: "switch the listener to ELBSecurityPolicy-TLS13-1-2-2021-06 (or a -Res, -FIPS or -PQ variant of the TLS13-1-2 / TLS13-1-3 policies)"})
		}
	}
	return append(fs, ps.findings()...)
}

// lbZones returns the AZs a load balancer spans: those it reports, else its
// subnets' zones.
func lbZones(rv RegionView, lb *inventory.LoadBalancer) []string {
	if len(lb.AvailabilityZones) > 0 {
		return lb.AvailabilityZones
	}
	var zs []string
	for _, id := range lb.Subnets {
		if sn := rv.Index.Subnet(id); sn != nil && sn.AvailabilityZone != "" && !slices.Contains(zs, sn.AvailabilityZone) {
			zs = append(zs, sn.AvailabilityZone)
		}
	}
	return zs
}

func checkLoadBalancerZones(in *Input) []Finding {
	const ev = "elbv2:DescribeLoadBalancers AvailabilityZones (load balancers of the services)"
	var fs []Finding
	ps := &wlPasses{evidence: ev, summary: "load balancers span two or more AZs"}
	_, lbs, regionOf := serviceLBs(in)
	for _, lb := range lbs {
		zs := lbZones(regionOf[lb.ARN], lb)
		switch {
		case len(zs) >= 2:
			ps.add(lb.ARN, fmt.Sprintf("%s load balancer %s spans %d AZs (%s)", lbKind(lb), lb.Name, len(zs), strings.Join(zs, ", ")))
		case len(zs) == 1:
			fs = append(fs, Finding{Outcome: Warn, Resource: lb.ARN,
				Message:     fmt.Sprintf("%s load balancer %s is in one AZ only (%s): if that AZ fails, the services behind it are unreachable", lbKind(lb), lb.Name, zs[0]),
				Evidence:    ev,
				Remediation: "add a subnet in a second AZ to the load balancer (aws elbv2 set-subnets)"})
		default:
			fs = append(fs, Finding{Outcome: Warn, Resource: lb.ARN,
				Message:     fmt.Sprintf("the AZs of %s load balancer %s are not recorded in the inventory, so its spread is unverified", lbKind(lb), lb.Name),
				Evidence:    ev,
				Remediation: "collect the inventory again with `ecspack discover`"})
		}
	}
	return append(fs, ps.findings()...)
}
