package assess

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/internal/words"
	"github.com/ecspack/ecspack/inventory"
)

// networkChecks returns this family's checks: ingress TLS (ECS-015), IP
// exhaustion (ECS-016) and service-to-service connectivity (ECS-017).
func networkChecks() []Check {
	return []Check{
		{ID: "ECS-015.listener-tls", Run: checkListenerTLS, Judges: "Load balancer listeners use TLS 1.2+ or redirect HTTP to HTTPS"},
		{ID: "ECS-015.target-tls", Run: checkTargetTLS, Judges: "Target groups behind the services' load balancers use HTTPS to the tasks and for health checks, as \"all layer 7 traffic must be secured with TLS\" (Security Hub ELB.21/ELB.22; a warning)"},
		{ID: "ECS-015.tls-policy", Run: checkRecommendedTLSPolicy, Judges: "HTTPS and TLS listeners in front of the services use a TLS 1.3 policy from AWS's recommended list (Security Hub ELB.17; a warning)"},
		{ID: "ECS-015.exposure", Run: checkServiceExposure, Judges: "How each service is reached (load balancer, target group)"},
		{ID: "ECS-016.subnet-ips", Run: checkSubnetIPs, Judges: "Free subnet IPs cover a deployment of each awsvpc service"},
		{ID: "ECS-016.subnet-spread", Run: checkSubnetSpread, Judges: "Awsvpc services use more than one subnet"},
		{ID: "ECS-016.trunking", Run: checkTrunking, Judges: "ENI trunking for awsvpc tasks on EC2"},
		{ID: "ECS-017.service-discovery", Run: checkServiceDiscovery, Judges: "Service Connect, Cloud Map or internal load balancers for service-to-service traffic"},
		{ID: "ECS-017.vpc-endpoints", Run: checkVPCEndpoints, Judges: "VPC endpoints for ECR, S3 and CloudWatch Logs"},
	}
}

// maxSameFindings is the number of pass or info findings of one check shown
// one by one; beyond it they are folded into a single finding so that a huge
// estate still gives a readable report.
const maxSameFindings = 50

// boundFindings folds the pass and info findings of a check into one when
// there are more than maxSameFindings of them, keeping fails and warns whole.
func boundFindings(fs []Finding) []Finding {
	type key struct {
		check   string
		outcome Outcome
	}
	count := map[key]int{}
	for _, f := range fs {
		if f.Outcome == Pass || f.Outcome == Info {
			count[key{f.Check, f.Outcome}]++
		}
	}
	folded := map[key]bool{}
	var out []Finding
	for _, f := range fs {
		k := key{f.Check, f.Outcome}
		if count[k] <= maxSameFindings {
			out = append(out, f)
			continue
		}
		if folded[k] {
			continue
		}
		folded[k] = true
		var names []string
		for _, g := range fs {
			if g.Check == f.Check && g.Outcome == f.Outcome {
				names = append(names, inventory.ShortName(g.Resource))
			}
		}
		verb := "pass"
		if f.Outcome == Info {
			verb = "noted"
		}
		out = append(out, Finding{Check: f.Check, Outcome: f.Outcome,
			Message:  fmt.Sprintf("%d resources %s this check (for example: %s)", count[k], verb, summarize(names)),
			Evidence: f.Evidence})
	}
	return out
}

// svcRef is one ECS service with the region, cluster and task definition it
// belongs to, so checks can look up its subnets, tasks and load balancers.
type svcRef struct {
	RV      RegionView
	Cluster *inventory.Cluster
	Svc     *inventory.Service
	// TD is nil when the service's task definition is not in the snapshot.
	TD *inventory.TaskDefinition
	// sv is the service's estate view: capacity, tasks, zones.
	sv *estate.Service
}

// label names the service for messages: "service web (cluster prod)".
func (r svcRef) label() string {
	return "service " + r.Svc.Name + " (cluster " + r.Cluster.Name + ")"
}

// where names the service's cluster and location for messages:
// "cluster prod (111122223333 eu-west-1)".
func (r svcRef) where() string {
	return fmt.Sprintf("cluster %s (%s %s)", r.Cluster.Name, r.RV.Account, r.RV.Region.Name)
}

// resource is the service's ARN, or its cluster/name when the ARN is missing.
func (r svcRef) resource() string {
	if r.Svc.ARN != "" {
		return r.Svc.ARN
	}
	return r.Cluster.Name + "/" + r.Svc.Name
}

// deployedServices lists every service of the case study, region by region
// in snapshot order.
func deployedServices(in *Input) []svcRef {
	var out []svcRef
	for _, rv := range in.Regions {
		out = append(out, deployedServicesIn(rv)...)
	}
	return out
}

// awsvpc reports whether the service's tasks get their own ENI.
func (r svcRef) awsvpc() bool {
	return r.Svc.Network != nil || (r.TD != nil && r.TD.NetworkMode == "awsvpc")
}

// setMembers returns a set's members in order.
func setMembers(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// tlsPolicyClass classifies an ELB security policy: "modern" when it allows
// TLS 1.2 and later only, "legacy" when it also allows TLS 1.0 or 1.1, and
// "unknown" when the name is not one AWS publishes in a recognisable form.
func tlsPolicyClass(policy string) string {
	p := strings.ToUpper(policy)
	switch {
	case p == "":
		return "unknown"
	case strings.Contains(p, "TLS13-1-0"), strings.Contains(p, "TLS13-1-1"),
		strings.Contains(p, "TLS-1-0"), strings.Contains(p, "TLS-1-1"),
		strings.Contains(p, "FS-1-1"), strings.Contains(p, "FS-2018"),
		strings.HasPrefix(p, "ELBSECURITYPOLICY-201"):
		return "legacy"
	case strings.Contains(p, "TLS13-1-2"), strings.Contains(p, "TLS13-1-3"),
		strings.Contains(p, "TLS-1-2"), strings.Contains(p, "FS-1-2"):
		return "modern"
	}
	return "unknown"
}

// listenerVerdict is the judgement of one listener's transport security. It
// is shared by ECS-015 (ingress) and NETSEC-002 (encryption in transit) so
// both controls read the same facts the same way.
type listenerVerdict struct {
	Outcome     Outcome
	Message     string
	Remediation string
	// ForwardsPlain is true for an HTTP listener that forwards to targets.
	ForwardsPlain bool
}

// listenerName is "HTTP:80 listener of load balancer web-alb (internet-facing)".
func listenerName(lb *inventory.LoadBalancer, l *inventory.Listener) string {
	return fmt.Sprintf("%s:%d listener of %s load balancer %s (%s)", l.Protocol, l.Port, lbKind(lb), lb.Name, lb.Scheme)
}

func lbKind(lb *inventory.LoadBalancer) string {
	switch lb.Type {
	case "application":
		return "application"
	case "network":
		return "network"
	case "gateway":
		return "gateway"
	}
	return lb.Type
}

// forwardTargets returns the target groups an HTTP listener forwards to,
// through its default actions or its rules.
func forwardTargets(ix *inventory.Index, l *inventory.Listener) []string {
	var tgs []string
	add := func(as []inventory.Action) {
		for _, a := range as {
			if a.Type == "forward" || len(a.TargetGroups) > 0 {
				for _, tg := range a.TargetGroups {
					name := inventory.ShortName(tg)
					if g := ix.TargetGroup(tg); g != nil && g.Name != "" {
						name = g.Name
					}
					tgs = append(tgs, name)
				}
				if len(a.TargetGroups) == 0 {
					tgs = append(tgs, "(unnamed target group)")
				}
			}
		}
	}
	add(l.DefaultActions)
	for _, r := range l.Rules {
		add(r.Actions)
	}
	slices.Sort(tgs)
	return slices.Compact(tgs)
}

// judgeListener decides whether one listener protects layer-7 traffic with
// TLS 1.2 or later. Internet-facing defects fail; on internal load balancers
// they warn, since the checklist's TLS rule is aimed at ingress.
func judgeListener(ix *inventory.Index, lb *inventory.LoadBalancer, l *inventory.Listener) listenerVerdict {
	name := listenerName(lb, l)
	bad := Fail
	if lb.Scheme != "internet-facing" {
		bad = Warn
	}
	switch strings.ToUpper(l.Protocol) {
	case "HTTPS", "TLS":
		switch tlsPolicyClass(l.SSLPolicy) {
		case "modern":
			msg := name + " terminates TLS with policy " + l.SSLPolicy + " (TLS 1.2 or later only)"
			if l.MutualAuthentication == "verify" || l.MutualAuthentication == "passthrough" {
				msg += " and mutual TLS (" + l.MutualAuthentication + ")"
			}
			return listenerVerdict{Outcome: Pass, Message: msg}
		case "legacy":
			return listenerVerdict{Outcome: bad, Message: name + " uses TLS policy " + l.SSLPolicy + ", which still allows TLS 1.0 or 1.1",
				Remediation: "switch the listener to ELBSecurityPolicy-TLS13-1-2-2021-06 (or another TLS13-1-2 / TLS-1-2 / FS-1-2 policy)"}
		default:
			policy := l.SSLPolicy
			if policy == "" {
				policy = "not recorded"
			}
			return listenerVerdict{Outcome: Warn, Message: name + " TLS policy is " + policy + "; it cannot be confirmed to require TLS 1.2",
				Remediation: "use a predefined TLS 1.2+ policy such as ELBSecurityPolicy-TLS13-1-2-2021-06, or show the policy's protocols in the answer"}
		}
	case "HTTP":
		if tgs := forwardTargets(ix, l); len(tgs) > 0 {
			return listenerVerdict{Outcome: bad, ForwardsPlain: true,
				Message:     name + " forwards plain HTTP to target group " + strings.Join(tgs, ", ") + " instead of redirecting to HTTPS",
				Remediation: "change the listener's default action (and rules) to redirect to HTTPS:443 with status HTTP_301, and serve the application on an HTTPS listener"}
		}
		for _, a := range append(slices.Clone(l.DefaultActions), ruleActions(l)...) {
			if a.Type == "redirect" && !strings.EqualFold(a.RedirectProtocol, "HTTPS") {
				return listenerVerdict{Outcome: Warn, Message: name + " redirects to protocol " + a.RedirectProtocol + " rather than HTTPS",
					Remediation: "redirect HTTP requests to HTTPS"}
			}
		}
		return listenerVerdict{Outcome: Pass, Message: name + " only redirects to HTTPS or answers with a fixed response"}
	case "TCP", "UDP", "TCP_UDP":
		return listenerVerdict{Outcome: Info, Message: name + " passes " + l.Protocol + " through at layer 4; any layer-7 protocol must be encrypted by the tasks themselves"}
	}
	return listenerVerdict{Outcome: Info, Message: name + " uses protocol " + l.Protocol}
}

func ruleActions(l *inventory.Listener) []inventory.Action {
	var as []inventory.Action
	for _, r := range l.Rules {
		as = append(as, r.Actions...)
	}
	return as
}

// listenerFindings judges every listener of the load balancers keep selects
// (all when keep is nil) under one check id.
func listenerFindings(in *Input, evidence string, keep func(*inventory.LoadBalancer) bool) []Finding {
	var fs []Finding
	for _, rv := range in.Regions {
		for li := range rv.Region.ELB.LoadBalancers {
			lb := &rv.Region.ELB.LoadBalancers[li]
			if lb.Type == "gateway" || (keep != nil && !keep(lb)) {
				continue
			}
			for i := range lb.Listeners {
				l := &lb.Listeners[i]
				v := judgeListener(rv.Index, lb, l)
				res := l.ARN
				if res == "" {
					res = lb.ARN + "#" + l.Protocol + ":" + strconv.Itoa(l.Port)
				}
				fs = append(fs, Finding{Outcome: v.Outcome, Resource: res, Message: v.Message, Evidence: evidence, Remediation: v.Remediation})
			}
			if len(lb.Listeners) == 0 {
				fs = append(fs, Finding{Outcome: Info, Resource: lb.ARN, Message: "load balancer " + lb.Name + " has no listener in the inventory", Evidence: evidence})
			}
		}
	}
	return fs
}

const listenerEvidence = "elbv2:DescribeListeners Protocol, SslPolicy, DefaultActions; elbv2:DescribeRules Actions"

func checkListenerTLS(in *Input) []Finding {
	fs := listenerFindings(in, listenerEvidence, nil)
	if len(fs) == 0 {
		if len(deployedServices(in)) == 0 {
			return []Finding{{Outcome: Warn, Message: "no load balancer and no ECS service in the inventory: the ingress path cannot be shown",
				Evidence: "elbv2:DescribeLoadBalancers; ecs:DescribeServices", Remediation: "collect the inventory of the accounts and regions that run the workload"}}
		}
		return []Finding{{Outcome: Info, Message: "no Elastic Load Balancing v2 load balancer in the inventory; describe the ingress (API Gateway, CloudFront, Service Connect) in the answer",
			Evidence: "elbv2:DescribeLoadBalancers"}}
	}
	return boundFindings(fs)
}

// listenerVia names a listener that forwards to a service, for messages:
// "HTTPS:443 on internet-facing application load balancer web".
func listenerVia(ls []estate.ListenerRef) []string {
	var out []string
	for _, l := range ls {
		out = append(out, fmt.Sprintf("%s:%d on %s %s load balancer %s", l.Listener.Protocol, l.Listener.Port, l.LoadBalancer.Scheme, lbKind(l.LoadBalancer), l.LoadBalancer.Name))
	}
	return out
}

func checkServiceExposure(in *Input) []Finding {
	const ev = "ecs:DescribeServices loadBalancers; elbv2:DescribeTargetGroups, DescribeListeners"
	svcs := deployedServices(in)
	if len(svcs) == 0 {
		return []Finding{{Outcome: Warn, Message: "no ECS service in the inventory: nothing receives ingress traffic", Evidence: ev,
			Remediation: "collect the inventory of the accounts and regions that run the workload's services"}}
	}
	var fs []Finding
	for _, r := range svcs {
		var paths []string
		for _, slb := range r.Svc.LoadBalancers {
			switch {
			case slb.TargetGroupARN != "":
				tgName := inventory.ShortName(slb.TargetGroupARN)
				if tg := r.RV.Index.TargetGroup(slb.TargetGroupARN); tg != nil && tg.Name != "" {
					tgName = tg.Name
				}
				via := listenerVia(r.RV.View.TargetGroupListeners(slb.TargetGroupARN))
				if len(via) == 0 {
					paths = append(paths, fmt.Sprintf("target group %s (container %s:%d, no listener forwards to it in the inventory)", tgName, slb.ContainerName, slb.ContainerPort))
				} else {
					paths = append(paths, fmt.Sprintf("target group %s (container %s:%d) via %s", tgName, slb.ContainerName, slb.ContainerPort, strings.Join(via, ", ")))
				}
			case slb.LoadBalancerName != "":
				paths = append(paths, "Classic Load Balancer "+slb.LoadBalancerName)
			}
		}
		msg := r.label() + " is not behind a load balancer"
		if len(paths) > 0 {
			msg = r.label() + " is reached through " + strings.Join(paths, "; ")
		}
		if r.Svc.ServiceConnect != nil && r.Svc.ServiceConnect.Enabled && len(r.Svc.ServiceConnect.Services) > 0 {
			msg += "; it publishes endpoints through Service Connect"
		}
		fs = append(fs, Finding{Outcome: Info, Resource: r.resource(), Message: msg, Evidence: ev})
	}
	return boundFindings(fs)
}

// defaultMaxPercent is what ECS uses when a service sets no maximumPercent.
const defaultMaxPercent = 200

func checkSubnetIPs(in *Input) []Finding {
	const ev = "ec2:DescribeSubnets AvailableIpAddressCount; ecs:DescribeServices desiredCount, deploymentConfiguration.maximumPercent, networkConfiguration"
	svcs := deployedServices(in)
	if len(svcs) == 0 {
		return []Finding{{Outcome: Warn, Message: "no ECS service in the inventory: IP headroom cannot be assessed", Evidence: ev,
			Remediation: "collect the inventory of the accounts and regions that run the workload's services"}}
	}
	var fs []Finding
	awsvpc := 0
	for _, r := range svcs {
		if !r.awsvpc() || r.Svc.Network == nil {
			continue
		}
		awsvpc++
		maxPct := r.Svc.Deployment.MaximumPercent
		if maxPct <= 0 {
			maxPct = defaultMaxPercent
		}
		desired := r.Svc.DesiredCount
		peak := (desired*maxPct + 99) / 100
		surge := peak - desired
		free := 0
		var known, missing []string
		seen := map[string]bool{}
		for _, id := range r.Svc.Network.Subnets {
			if seen[id] {
				continue
			}
			seen[id] = true
			if sn := r.RV.Index.Subnet(id); sn != nil {
				free += sn.AvailableIPs
				known = append(known, fmt.Sprintf("%s %d free", id, sn.AvailableIPs))
			} else {
				missing = append(missing, id)
			}
		}
		f := Finding{Resource: r.resource(), Evidence: ev}
		numbers := fmt.Sprintf("desired %d, maximumPercent %d: up to %d tasks (%d more than running) during a deployment; its subnets have %d free IPs (%s)",
			desired, maxPct, peak, surge, free, strings.Join(known, ", "))
		switch {
		case len(known) == 0:
			f.Outcome, f.Message = Warn, r.label()+" uses subnets "+strings.Join(missing, ", ")+" that are not in the inventory: free IPs cannot be counted"
			f.Remediation = "collect the VPC (ec2:DescribeSubnets) of the account that owns the subnets"
		case free < surge:
			f.Outcome, f.Message = Fail, r.label()+" cannot complete a deployment: "+numbers
			f.Remediation = "add subnets (or larger ones, or a secondary VPC CIDR) to the service's network configuration, or lower maximumPercent"
		case free < 2*peak:
			f.Outcome, f.Message = Warn, r.label()+" has little IP headroom, under twice its deployment peak: "+numbers
			f.Remediation = "plan more subnet space before scaling out: add subnets in more AZs or a secondary CIDR, or raise task density"
		default:
			f.Outcome, f.Message = Pass, r.label()+" has IP headroom: "+numbers
		}
		if len(missing) > 0 && len(known) > 0 {
			f.Message += fmt.Sprintf("; subnets %s are not in the inventory", strings.Join(missing, ", "))
		}
		fs = append(fs, f)
	}
	if awsvpc == 0 {
		return []Finding{{Outcome: Info, Message: fmt.Sprintf("none of the %d services uses the awsvpc network mode: tasks share their instances' IP addresses", len(svcs)), Evidence: ev}}
	}
	return boundFindings(fs)
}

func checkSubnetSpread(in *Input) []Finding {
	const ev = "ecs:DescribeServices networkConfiguration.awsvpcConfiguration.subnets"
	var fs []Finding
	for _, r := range deployedServices(in) {
		if r.Svc.Network == nil {
			continue
		}
		n := len(slices.Compact(slices.Sorted(slices.Values(r.Svc.Network.Subnets))))
		switch n {
		case 0:
			fs = append(fs, Finding{Outcome: Warn, Resource: r.resource(), Message: r.label() + " lists no subnet in its network configuration", Evidence: ev,
				Remediation: "set at least two subnets in different AZs"})
		case 1:
			fs = append(fs, Finding{Outcome: Warn, Resource: r.resource(), Message: r.label() + " places every task in the single subnet " + r.Svc.Network.Subnets[0] + ", so its IPs bound the service", Evidence: ev,
				Remediation: "add subnets (one per AZ at least) to spread tasks and IP consumption"})
		default:
			fs = append(fs, Finding{Outcome: Pass, Resource: r.resource(), Message: fmt.Sprintf("%s spreads tasks over %d subnets", r.label(), n), Evidence: ev})
		}
	}
	return boundFindings(fs)
}

// accountSetting returns the effective value of an ECS account setting in a
// region, preferring the root principal's, and whether it was collected.
func accountSetting(r *inventory.Region, name string) (string, bool) {
	val, found := "", false
	for _, s := range r.ECS.AccountSettings {
		if !strings.EqualFold(s.Name, name) {
			continue
		}
		if !found || strings.HasSuffix(s.PrincipalARN, ":root") {
			val, found = s.Value, true
		}
	}
	return val, found
}

func checkTrunking(in *Input) []Finding {
	const ev = "ecs:ListAccountSettings awsvpcTrunking (effective); ecs:DescribeServices launchType, capacityProviderStrategy"
	type regionUse struct {
		rv   RegionView
		ec2  []string
		farg int
	}
	uses := map[string]*regionUse{}
	var order []string
	anyAwsvpc := false
	for _, r := range deployedServices(in) {
		if !r.awsvpc() {
			continue
		}
		anyAwsvpc = true
		k := r.RV.Account + "/" + r.RV.Region.Name
		u := uses[k]
		if u == nil {
			u = &regionUse{rv: r.RV}
			uses[k] = u
			order = append(order, k)
		}
		if r.sv.Capacity.FargateOnly() {
			u.farg++
		} else {
			u.ec2 = append(u.ec2, r.Svc.Name)
		}
	}
	if !anyAwsvpc {
		return []Finding{{Outcome: Info, Message: "no awsvpc service: ENI trunking does not apply", Evidence: ev}}
	}
	var fs []Finding
	for _, k := range order {
		u := uses[k]
		where := "account " + u.rv.Account + " region " + u.rv.Region.Name
		if len(u.ec2) == 0 {
			fs = append(fs, Finding{Outcome: Info, Resource: where,
				Message: fmt.Sprintf("%d awsvpc services in %s run on Fargate only: each task has its own ENI and ENI trunking does not apply; subnet size is the limit", u.farg, where), Evidence: ev})
			continue
		}
		val, ok := accountSetting(u.rv.Region, "awsvpcTrunking")
		switch {
		case strings.EqualFold(val, "enabled"):
			fs = append(fs, Finding{Outcome: Pass, Resource: where,
				Message: "awsvpcTrunking is enabled in " + where + " for the EC2 awsvpc services " + summarize(u.ec2), Evidence: ev})
		case !ok:
			fs = append(fs, Finding{Outcome: Warn, Resource: where,
				Message: "the awsvpcTrunking account setting was not collected in " + where + "; EC2 awsvpc services " + summarize(u.ec2) + " may be limited by the instances' ENI count", Evidence: ev,
				Remediation: "run aws ecs list-account-settings --effective-settings --name awsvpcTrunking and, if disabled, enable it (aws ecs put-account-setting-default --name awsvpcTrunking --value enabled)"})
		default:
			fs = append(fs, Finding{Outcome: Warn, Resource: where,
				Message: "awsvpcTrunking is " + val + " in " + where + ": EC2 awsvpc services " + summarize(u.ec2) + " are limited by each instance's ENI count", Evidence: ev,
				Remediation: "enable ENI trunking (aws ecs put-account-setting-default --name awsvpcTrunking --value enabled) and replace the container instances, or explain the task density chosen"})
		}
	}
	return fs
}

func checkServiceDiscovery(in *Input) []Finding {
	const ev = "ecs:DescribeServices serviceConnectConfiguration, serviceRegistries; servicediscovery:ListNamespaces; elbv2:DescribeLoadBalancers Scheme"
	svcs := deployedServices(in)
	if len(svcs) == 0 {
		return []Finding{{Outcome: Warn, Message: "no ECS service in the inventory: service-to-service communication cannot be shown", Evidence: ev,
			Remediation: "collect the inventory of the accounts and regions that run the workload's services"}}
	}
	var fs []Finding
	for _, rv := range in.Regions {
		var ns []string
		for _, n := range rv.Region.Namespaces {
			ns = append(ns, fmt.Sprintf("%s (%s, %s)", n.Name, n.Type, words.Count(n.ServiceCount, "service", "services")))
		}
		var internal []string
		for _, lb := range rv.Region.ELB.LoadBalancers {
			if lb.Scheme == "internal" {
				internal = append(internal, lb.Name)
			}
		}
		where := "account " + rv.Account + " region " + rv.Region.Name
		if len(ns) > 0 {
			fs = append(fs, Finding{Outcome: Info, Resource: where, Message: "Cloud Map namespaces in " + where + ": " + summarize(ns), Evidence: ev})
		}
		if len(internal) > 0 {
			fs = append(fs, Finding{Outcome: Info, Resource: where, Message: "internal load balancers in " + where + ": " + summarize(internal), Evidence: ev})
		}
		for ci := range rv.Region.ECS.Clusters {
			c := &rv.Region.ECS.Clusters[ci]
			var sc, reg, none []string
			for _, s := range c.Services {
				switch {
				case s.ServiceConnect != nil && s.ServiceConnect.Enabled:
					sc = append(sc, s.Name)
				case len(s.ServiceRegistries) > 0:
					reg = append(reg, s.Name)
				default:
					none = append(none, s.Name)
				}
			}
			if len(c.Services) == 0 {
				continue
			}
			var parts []string
			if len(sc) > 0 {
				parts = append(parts, fmt.Sprintf("%d use Service Connect (%s)", len(sc), summarize(sc)))
			}
			if len(reg) > 0 {
				parts = append(parts, fmt.Sprintf("%d register in Cloud Map (%s)", len(reg), summarize(reg)))
			}
			if c.ServiceConnectNamespace != "" {
				parts = append(parts, "default Service Connect namespace "+inventory.ShortName(c.ServiceConnectNamespace))
			}
			res := c.ARN
			switch {
			case len(sc)+len(reg) > 0:
				fs = append(fs, Finding{Outcome: Pass, Resource: res,
					Message: "cluster " + c.Name + ": " + strings.Join(parts, "; "), Evidence: ev})
			case len(c.Services) >= 2 && len(internal) == 0:
				fs = append(fs, Finding{Outcome: Warn, Resource: res,
					Message:  fmt.Sprintf("cluster %s runs %d services (%s) with no Service Connect, no Cloud Map registration and no internal load balancer: services can only reach each other through internet-facing endpoints", c.Name, len(c.Services), summarize(none)),
					Evidence: ev, Remediation: "enable ECS Service Connect (or Cloud Map service discovery, or an internal load balancer) for service-to-service calls, so they never leave the VPC"})
			case len(c.Services) >= 2:
				fs = append(fs, Finding{Outcome: Info, Resource: res,
					Message: fmt.Sprintf("cluster %s: %d services, none with Service Connect or Cloud Map; internal load balancers %s may carry service-to-service traffic", c.Name, len(c.Services), summarize(internal)), Evidence: ev})
			default:
				fs = append(fs, Finding{Outcome: Info, Resource: res,
					Message: "cluster " + c.Name + " runs a single service (" + c.Services[0].Name + "): no service-to-service traffic inside the cluster", Evidence: ev})
			}
		}
	}
	return boundFindings(fs)
}

// endpointNeeds are the AWS services ECS tasks in private subnets reach,
// with the endpoint service-name suffix that keeps that traffic in the VPC.
var endpointNeeds = []struct{ label, suffix string }{
	{"ECR API", ".ecr.api"},
	{"ECR Docker registry", ".ecr.dkr"},
	{"S3 (image layers)", ".s3"},
	{"CloudWatch Logs", ".logs"},
}

func checkVPCEndpoints(in *Input) []Finding {
	const ev = "ec2:DescribeVpcEndpoints ServiceName, State; ecs:DescribeServices networkConfiguration"
	var fs []Finding
	for _, r := range in.Regions {
		vpcs := map[string]bool{}
		for _, s := range deployedServicesIn(r) {
			if s.Svc.Network == nil {
				continue
			}
			for _, id := range s.Svc.Network.Subnets {
				if sn := r.Index.Subnet(id); sn != nil {
					vpcs[sn.VPCID] = true
				}
			}
		}
		for _, vpc := range setMembers(vpcs) {
			var have, lack []string
			for _, need := range endpointNeeds {
				found := false
				for _, e := range r.Region.Network.VPCEndpoints {
					if e.VPCID == vpc && strings.HasSuffix(e.ServiceName, need.suffix) && (e.State == "" || strings.EqualFold(e.State, "available")) {
						found = true
					}
				}
				if found {
					have = append(have, need.label)
				} else {
					lack = append(lack, need.label)
				}
			}
			switch {
			case len(lack) == 0:
				fs = append(fs, Finding{Outcome: Pass, Resource: vpc, Message: "VPC " + vpc + " has endpoints for " + strings.Join(have, ", ") + ": image pulls and logs stay inside the VPC", Evidence: ev})
			case len(have) == 0:
				fs = append(fs, Finding{Outcome: Info, Resource: vpc, Message: "VPC " + vpc + " has no VPC endpoint for ECR, S3 or CloudWatch Logs: tasks reach AWS services through a NAT or internet gateway", Evidence: ev})
			default:
				fs = append(fs, Finding{Outcome: Info, Resource: vpc, Message: "VPC " + vpc + " has endpoints for " + strings.Join(have, ", ") + " but not for " + strings.Join(lack, ", "), Evidence: ev})
			}
		}
	}
	return fs
}

// deployedServicesIn lists the services of one region.
func deployedServicesIn(rv RegionView) []svcRef {
	var out []svcRef
	for _, sv := range rv.View.Services {
		out = append(out, newSvcRef(rv, sv))
	}
	return out
}

func newSvcRef(rv RegionView, sv *estate.Service) svcRef {
	return svcRef{RV: rv, Cluster: sv.Cluster.Cluster, Svc: sv.Service, TD: sv.TaskDef, sv: sv}
}
