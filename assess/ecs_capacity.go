package assess

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/inventory"
)

// capacityChecks returns the checks of ECS-007 (capacity providers), ECS-008
// (Spot strategy), ECS-009 (consistency across clusters), ECS-012 (container
// instance operating systems) and ECS-014 (ECS Anywhere).
func capacityChecks() []Check {
	return []Check{
		{ID: "ECS-007.capacity-providers", Run: checkCapacityProviders, Judges: "Clusters scale through capacity providers"},
		{ID: "ECS-007.managed-scaling", Run: checkManagedScaling, Judges: "EC2 capacity providers use managed scaling"},
		{ID: "ECS-007.termination-protection", Run: checkTerminationProtection, Judges: "EC2 capacity providers have managed termination protection (Security Hub ECS.19; a warning, as the checklist asks for capacity providers, not this setting)"},
		{ID: "ECS-007.launch-type", Run: checkLaunchType, Judges: "Services use a capacity provider strategy, not a launch type"},
		{ID: "ECS-008.describe-capacity-providers", Run: checkDescribeCapacityProviders, Judges: "Equivalent of `aws ecs describe-capacity-providers`"},
		{ID: "ECS-008.describe-spot-fleet-requests", Run: checkDescribeSpotFleets, Judges: "Equivalent of `aws ec2 describe-spot-fleet-requests`"},
		{ID: "ECS-008.on-demand-base", Run: checkOnDemandBase, Judges: "An on-demand base beside Spot capacity"},
		{ID: "ECS-008.spot-diversification", Run: checkSpotDiversification, Judges: "Spot diversified over instance types and AZs, capacity-optimized, with capacity rebalance"},
		{ID: "ECS-009.consistency", Run: checkClusterConsistency, Judges: "Consistent settings across clusters"},
		{ID: "ECS-012.os", Run: checkInstanceOS, Judges: "Container instances run an ECS-optimized or listed operating system"},
		{ID: "ECS-012.fargate-platform", Run: checkFargatePlatform, Judges: "Fargate services run the LATEST or the current pinned platform version (Security Hub ECS.10; an older pin warns)"},
		{ID: "ECS-014.external-instances", Run: checkExternalInstances, Judges: "ECS Anywhere instances listed and connected"},
	}
}

// clusterInUse reports whether a cluster runs anything.
func clusterInUse(c *inventory.Cluster) bool {
	return len(c.Services) > 0 || len(c.Tasks) > 0 || len(c.ContainerInstances) > 0 || c.RunningTasksCount > 0 || c.ActiveServicesCount > 0
}

// ec2ContainerInstances returns a cluster's container instances that are EC2 (not ECS Anywhere).
func ec2ContainerInstances(c *inventory.Cluster) []*inventory.ContainerInstance {
	var out []*inventory.ContainerInstance
	for i := range c.ContainerInstances {
		if ci := &c.ContainerInstances[i]; !ci.External {
			out = append(out, ci)
		}
	}
	return out
}

// asgOfInstance returns the Auto Scaling group an EC2 instance belongs to, or nil.
func asgOfInstance(r *inventory.Region, ix *inventory.Index, id string) *inventory.AutoScalingGroup {
	if inst := ix.Instance(id); inst != nil {
		if g := ix.AutoScalingGroup(inst.Tags["aws:autoscaling:groupName"]); g != nil {
			return g
		}
	}
	for i := range r.AutoScaling.Groups {
		if slices.Contains(r.AutoScaling.Groups[i].Instances, id) {
			return &r.AutoScaling.Groups[i]
		}
	}
	return nil
}

// ---------------------------------------------------------------- ECS-007

func checkCapacityProviders(in *Input) []Finding {
	const ev = "ecs:DescribeClusters capacityProviders, defaultCapacityProviderStrategy; ecs:DescribeContainerInstances; autoscaling:DescribeAutoScalingGroups"
	var fs []Finding
	ps := &wlPasses{evidence: ev, summary: "clusters scale through capacity providers"}
	used := 0
	for _, rv := range in.Regions {
		for ci := range rv.Region.ECS.Clusters {
			c := &rv.Region.ECS.Clusters[ci]
			if !clusterInUse(c) {
				continue
			}
			used++
			loc := fmt.Sprintf("cluster %s (%s %s)", c.Name, rv.Account, rv.Region.Name)
			if u := settingsUnknown(c); u != "" {
				fs = append(fs, Finding{Outcome: Warn, Resource: c.ARN,
					Message:     loc + ": its capacity providers are unknown: its settings were not collected (" + u + ")",
					Evidence:    ev,
					Remediation: "collect the cluster's description (aws ecs describe-clusters) and assess again"})
				continue
			}
			asgProviders := 0
			for _, name := range c.CapacityProviders {
				if estate.ProviderCompute(name) == estate.EC2 {
					asgProviders++
				}
			}
			instances := ec2ContainerInstances(c)
			if len(instances) > 0 && asgProviders == 0 {
				groups := map[string]int{}
				manual := 0
				for _, inst := range instances {
					if g := asgOfInstance(rv.Region, rv.Index, inst.EC2InstanceID); g != nil {
						groups[g.Name]++
					} else {
						manual++
					}
				}
				msg := fmt.Sprintf("%s runs %d EC2 container instance(s) without an EC2 capacity provider", loc, len(instances))
				if len(groups) > 0 {
					msg += fmt.Sprintf(": Auto Scaling group(s) %s scale it outside ECS's knowledge of task demand", strings.Join(slices.Sorted(maps.Keys(groups)), ", "))
				}
				if manual > 0 {
					msg += fmt.Sprintf("; %d instance(s) belong to no Auto Scaling group and are scaled by hand", manual)
				}
				fs = append(fs, Finding{Outcome: Fail, Resource: c.ARN, Message: msg, Evidence: ev,
					Remediation: "create an EC2 capacity provider for the Auto Scaling group with managed scaling ENABLED (and managed termination protection), attach it to the cluster and make it the default capacity provider strategy"})
				continue
			}
			if len(c.CapacityProviders) == 0 {
				fs = append(fs, Finding{Outcome: Warn, Resource: c.ARN,
					Message:     loc + " has no capacity provider associated: its services choose a launch type and the cluster's capacity is not managed by ECS",
					Evidence:    ev,
					Remediation: "associate FARGATE/FARGATE_SPOT or an EC2 capacity provider with the cluster (put-cluster-capacity-providers) and set a default capacity provider strategy"})
				continue
			}
			def := "no default strategy"
			if len(c.DefaultStrategy) > 0 {
				def = "default strategy " + strategyString(c.DefaultStrategy)
			}
			ps.add(c.ARN, fmt.Sprintf("%s uses capacity providers %s (%s)", loc, strings.Join(c.CapacityProviders, ", "), def))
		}
	}
	if used == 0 {
		return []Finding{{Outcome: Warn, Resource: caseID(in), Message: "no ECS cluster running services or tasks in the inventory, so the capacity strategy cannot be verified", Evidence: ev,
			Remediation: "collect the inventory in the accounts and regions where the workload's clusters run"}}
	}
	return append(fs, ps.findings()...)
}

// strategyString renders a capacity provider strategy like the console does.
func strategyString(items []inventory.CapacityProviderItem) string {
	var parts []string
	for _, it := range items {
		p := fmt.Sprintf("%s weight %d", it.CapacityProvider, it.Weight)
		if it.Base > 0 {
			p += fmt.Sprintf(" base %d", it.Base)
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, ", ")
}

func checkManagedScaling(in *Input) []Finding {
	const ev = "ecs:DescribeCapacityProviders autoScalingGroupProvider.managedScaling.status"
	var fs []Finding
	ps := &wlPasses{evidence: ev, summary: "EC2 capacity providers have managed scaling enabled"}
	for _, rv := range in.Regions {
		attached := map[string][]string{}
		for _, c := range rv.Region.ECS.Clusters {
			for _, n := range c.CapacityProviders {
				attached[n] = append(attached[n], c.Name)
			}
		}
		for i := range rv.Region.ECS.CapacityProviders {
			cp := &rv.Region.ECS.CapacityProviders[i]
			if cp.AutoScalingGroupARN == "" || estate.ProviderCompute(cp.Name) != estate.EC2 {
				continue
			}
			res := cp.ARN
			if res == "" {
				res = cp.Name
			}
			where := fmt.Sprintf("capacity provider %s (%s %s, clusters: %s)", cp.Name, rv.Account, rv.Region.Name, orNone(attached[cp.Name]))
			if cp.ManagedScaling == nil || !strings.EqualFold(cp.ManagedScaling.Status, "ENABLED") {
				st := "absent"
				if cp.ManagedScaling != nil {
					st = cp.ManagedScaling.Status
				}
				fs = append(fs, Finding{Outcome: Fail, Resource: res,
					Message:     fmt.Sprintf("%s has managed scaling %s: the Auto Scaling group %s is not scaled from task demand", where, st, inventory.ShortName(cp.AutoScalingGroupARN)),
					Evidence:    ev,
					Remediation: "enable managed scaling on the capacity provider (targetCapacity 80–100) and managed termination protection, so ECS scales the group from CapacityProviderReservation"})
				continue
			}
			msg := fmt.Sprintf("%s has managed scaling ENABLED with target capacity %d%%", where, cp.ManagedScaling.TargetCapacity)
			if cp.ManagedTerminationProtection != "" {
				msg += ", managed termination protection " + cp.ManagedTerminationProtection
			}
			ps.add(res, msg)
		}
	}
	return append(fs, ps.findings()...)
}

func orNone(xs []string) string {
	if len(xs) == 0 {
		return "none"
	}
	return strings.Join(xs, ", ")
}

func checkLaunchType(in *Input) []Finding {
	const ev = "ecs:DescribeServices launchType, capacityProviderStrategy"
	var fs []Finding
	ps := &wlPasses{evidence: ev, summary: "services launch through a capacity provider strategy"}
	for _, w := range deployedServices(in) {
		lt := strings.ToUpper(w.Svc.LaunchType)
		switch {
		case lt == "EXTERNAL":
			continue // ECS Anywhere has no capacity providers; ECS-014 covers it
		case lt != "":
			fs = append(fs, Finding{Outcome: Warn, Resource: w.Svc.ARN,
				Message:     fmt.Sprintf("service %s in %s uses launchType %s instead of a capacity provider strategy", w.Svc.Name, w.where(), lt),
				Evidence:    ev,
				Remediation: fmt.Sprintf("replace launchType with a capacityProviderStrategy (e.g. %s) in the service definition (a forced new deployment applies it)", map[bool]string{true: "FARGATE base 1 weight 1", false: "the cluster's EC2 capacity provider"}[lt == "FARGATE"])})
		default:
			st := w.sv.Capacity.Strategy
			if len(st) == 0 {
				fs = append(fs, Finding{Outcome: Warn, Resource: w.Svc.ARN,
					Message:     fmt.Sprintf("service %s in %s has neither a launch type nor a capacity provider strategy and its cluster has no default strategy: it falls back to the EC2 launch type", w.Svc.Name, w.where()),
					Evidence:    ev,
					Remediation: "set a capacityProviderStrategy on the service or a default strategy on the cluster"})
				continue
			}
			from := "its own strategy"
			if w.sv.Capacity.ClusterDefault {
				from = "the cluster's default strategy"
			}
			ps.add(w.Svc.ARN, fmt.Sprintf("service %s in %s launches through %s: %s", w.Svc.Name, w.where(), from, strategyString(st)))
		}
	}
	return append(fs, ps.findings()...)
}

// ---------------------------------------------------------------- ECS-008

// spotProvider reports whether a capacity provider gives Spot capacity.
func spotProvider(ix *inventory.Index, name string) bool {
	if name == "FARGATE_SPOT" {
		return true
	}
	if cp := ix.CapacityProvider(name); cp != nil && cp.AutoScalingGroupARN != "" {
		return estate.SpotGroup(estate.GroupByARN(ix, cp.AutoScalingGroupARN))
	}
	return false
}

// onDemandProvider reports whether a capacity provider gives on-demand
// capacity: FARGATE, or an ASG that is not all Spot.
func onDemandProvider(ix *inventory.Index, name string) bool {
	if name == "FARGATE_SPOT" {
		return false
	}
	if cp := ix.CapacityProvider(name); cp != nil && cp.AutoScalingGroupARN != "" {
		if g := estate.GroupByARN(ix, cp.AutoScalingGroupARN); estate.SpotGroup(g) {
			return g.MixedInstances.OnDemandBaseCapacity > 0 || g.MixedInstances.OnDemandPercentageAboveBaseCapacity > 0
		}
	}
	return true
}

func checkDescribeCapacityProviders(in *Input) []Finding {
	const ev = "ecs:DescribeCapacityProviders (aws ecs describe-capacity-providers --region REGION)"
	var fs []Finding
	for _, rv := range in.Regions {
		for _, cp := range rv.Region.ECS.CapacityProviders {
			msg := fmt.Sprintf("aws ecs describe-capacity-providers --region %s (%s): %s, status %s", rv.Region.Name, rv.Account, cp.Name, orDash(cp.Status))
			if cp.AutoScalingGroupARN != "" {
				msg += ", Auto Scaling group " + inventory.ShortName(cp.AutoScalingGroupARN)
				if ms := cp.ManagedScaling; ms != nil {
					msg += fmt.Sprintf(", managed scaling %s (target capacity %d%%, step %d–%d)", ms.Status, ms.TargetCapacity, ms.MinimumScalingStepSize, ms.MaximumScalingStepSize)
				} else {
					msg += ", managed scaling not configured"
				}
				msg += ", managed termination protection " + orDash(cp.ManagedTerminationProtection)
				if g := estate.GroupByARN(rv.Index, cp.AutoScalingGroupARN); g != nil && g.MixedInstances != nil {
					msg += fmt.Sprintf(", Spot mix: on-demand base %d, %d%% on-demand above base", g.MixedInstances.OnDemandBaseCapacity, g.MixedInstances.OnDemandPercentageAboveBaseCapacity)
				}
			} else {
				msg += " (AWS Fargate)"
			}
			res := cp.ARN
			if res == "" {
				res = cp.Name
			}
			fs = append(fs, Finding{Outcome: Info, Resource: res, Message: msg, Evidence: ev})
		}
	}
	return fs
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func checkDescribeSpotFleets(in *Input) []Finding {
	const ev = "ec2:DescribeSpotFleetRequests (aws ec2 describe-spot-fleet-requests --region REGION)"
	var fs []Finding
	for _, rv := range in.Regions {
		for i := range rv.Region.EC2.SpotFleetRequests {
			f := &rv.Region.EC2.SpotFleetRequests[i]
			msg := fmt.Sprintf("aws ec2 describe-spot-fleet-requests --region %s (%s): %s, state %s, allocation strategy %s, target capacity %d (on-demand %d), instance types %s",
				rv.Region.Name, rv.Account, f.ID, orDash(f.State), orDash(f.AllocationStrategy), f.TargetCapacity, f.OnDemandTarget, orNone(f.InstanceTypes))
			if !rv.View.ServesECS(f) {
				msg += "; not serving ECS (no container instance was launched by it)"
			}
			fs = append(fs, Finding{Outcome: Info, Resource: f.ID, Message: msg, Evidence: ev})
		}
	}
	if len(fs) == 0 {
		fs = append(fs, Finding{Outcome: Info, Resource: caseID(in),
			Message: "aws ec2 describe-spot-fleet-requests: no Spot fleet request in the case study's regions (Spot capacity comes from FARGATE_SPOT or Auto Scaling groups)", Evidence: ev})
	}
	return fs
}

func checkOnDemandBase(in *Input) []Finding {
	const ev = "ecs:DescribeServices capacityProviderStrategy; ecs:DescribeClusters defaultCapacityProviderStrategy; autoscaling:DescribeAutoScalingGroups mixedInstancesPolicy.instancesDistribution"
	var fs []Finding
	ps := &wlPasses{evidence: ev, summary: "services keep on-demand capacity beside Spot"}
	for _, w := range deployedServices(in) {
		st := w.sv.Capacity.Strategy
		var spot, onDemand []string
		for _, it := range st {
			if it.Weight+it.Base == 0 {
				continue
			}
			if spotProvider(w.RV.Index, it.CapacityProvider) {
				spot = append(spot, it.CapacityProvider)
			}
			if onDemandProvider(w.RV.Index, it.CapacityProvider) {
				onDemand = append(onDemand, it.CapacityProvider)
			}
		}
		if len(spot) == 0 {
			continue
		}
		if len(onDemand) == 0 {
			fs = append(fs, Finding{Outcome: Warn, Resource: w.Svc.ARN,
				Message:     fmt.Sprintf("service %s in %s runs only on Spot capacity (%s): a Spot shortage or interruption wave can stop all its tasks", w.Svc.Name, w.where(), strategyString(st)),
				Evidence:    ev,
				Remediation: "add an on-demand provider with a base (e.g. FARGATE base 1 weight 1, FARGATE_SPOT weight 3), unless the service is interruptible batch or dev work — say so in the ECS-008 answer"})
			continue
		}
		ps.add(w.Svc.ARN, fmt.Sprintf("service %s in %s mixes Spot with on-demand capacity: %s", w.Svc.Name, w.where(), strategyString(st)))
	}
	for _, rv := range in.Regions {
		for _, g := range rv.View.ECSSpotGroups() {
			mi := g.MixedInstances
			if mi.OnDemandBaseCapacity < 1 && mi.OnDemandPercentageAboveBaseCapacity == 0 {
				fs = append(fs, Finding{Outcome: Warn, Resource: g.ARN,
					Message:     fmt.Sprintf("Auto Scaling group %s (%s %s) launches only Spot instances (on-demand base 0, 0%% on-demand above base)", g.Name, rv.Account, rv.Region.Name),
					Evidence:    ev,
					Remediation: "set OnDemandBaseCapacity ≥ 1 in the mixed instances policy, or back the cluster with a second, on-demand capacity provider"})
				continue
			}
			ps.add(g.ARN, fmt.Sprintf("Auto Scaling group %s (%s %s) keeps an on-demand base of %d and %d%% on-demand above it", g.Name, rv.Account, rv.Region.Name, mi.OnDemandBaseCapacity, mi.OnDemandPercentageAboveBaseCapacity))
		}
	}
	return append(fs, ps.findings()...)
}

// goodSpotAllocation reports whether an ASG or Spot fleet allocation strategy
// follows the capacity-optimized advice.
func goodSpotAllocation(s string) bool {
	n := strings.ToLower(strings.ReplaceAll(s, "-", ""))
	return strings.Contains(n, "capacityoptimized")
}

// azsOf returns the distinct AZs of the given subnets (and explicit zones).
func azsOf(ix *inventory.Index, subnets, zones []string) []string {
	set := map[string]bool{}
	for _, z := range zones {
		set[z] = true
	}
	for _, id := range subnets {
		if sn := ix.Subnet(id); sn != nil && sn.AvailabilityZone != "" {
			set[sn.AvailabilityZone] = true
		}
	}
	return slices.Sorted(maps.Keys(set))
}

func checkSpotDiversification(in *Input) []Finding {
	const ev = "autoscaling:DescribeAutoScalingGroups (mixedInstancesPolicy, capacityRebalance, availabilityZones); ec2:DescribeSpotFleetRequests; ecs:DescribeServices networkConfiguration"
	var fs []Finding
	ps := &wlPasses{evidence: ev, summary: "Spot capacity is diversified"}
	judge := func(res, what string, types, azs []string, allocation string, rebalance, knownAZ bool) {
		var fails, warns []string
		if len(types) < 2 {
			fails = append(fails, fmt.Sprintf("%d instance type (%s)", len(types), orNone(types)))
		}
		if knownAZ && len(azs) < 2 {
			fails = append(fails, fmt.Sprintf("one Availability Zone (%s)", orNone(azs)))
		}
		if !goodSpotAllocation(allocation) {
			a := allocation
			if a == "" {
				a = "lowest-price (the default)"
			}
			warns = append(warns, "Spot allocation strategy "+a)
		}
		if !rebalance {
			warns = append(warns, "capacity rebalance off")
		}
		switch {
		case len(fails) > 0:
			fs = append(fs, Finding{Outcome: Fail, Resource: res,
				Message:     fmt.Sprintf("%s draws Spot capacity from %s: one Spot pool running dry stops it", what, strings.Join(append(fails, warns...), ", ")),
				Evidence:    ev,
				Remediation: "list several instance types of similar size (or attribute-based selection) across at least two Availability Zones, use the price-capacity-optimized (or capacity-optimized) allocation strategy and turn capacity rebalance on"})
		case len(warns) > 0:
			fs = append(fs, Finding{Outcome: Warn, Resource: res,
				Message:     fmt.Sprintf("%s: %s", what, strings.Join(warns, ", ")),
				Evidence:    ev,
				Remediation: "use the price-capacity-optimized (or capacity-optimized) Spot allocation strategy and turn capacity rebalance on, so instances at risk are replaced before interruption"})
		default:
			ps.add(res, fmt.Sprintf("%s uses %d instance types over %d AZs, allocation %s, capacity rebalance on", what, len(types), len(azs), allocation))
		}
	}
	for _, rv := range in.Regions {
		for _, g := range rv.View.ECSSpotGroups() {
			azs := azsOf(rv.Index, g.Subnets, g.AvailabilityZones)
			judge(g.ARN, fmt.Sprintf("Auto Scaling group %s (%s %s)", g.Name, rv.Account, rv.Region.Name), g.InstanceTypes, azs, g.MixedInstances.SpotAllocationStrategy, g.CapacityRebalance, true)
		}
		for _, f := range rv.View.ECSSpotFleets() {
			azs := azsOf(rv.Index, f.Subnets, nil)
			judge(f.ID, fmt.Sprintf("Spot fleet %s (%s %s)", f.ID, rv.Account, rv.Region.Name), f.InstanceTypes, azs, f.AllocationStrategy, f.CapacityRebalance, len(f.Subnets) > 0)
		}
	}
	// Fargate Spot services: spread over the AZs of their subnets.
	for _, w := range deployedServices(in) {
		if !w.sv.Capacity.FargateSpot() || w.Svc.Network == nil {
			continue
		}
		azs, _ := w.sv.SubnetAZs()
		if len(azs) == 1 {
			fs = append(fs, Finding{Outcome: Warn, Resource: w.Svc.ARN,
				Message:     fmt.Sprintf("service %s in %s runs on FARGATE_SPOT in one Availability Zone (%s): Fargate Spot capacity can only be drawn from that zone", w.Svc.Name, w.where(), azs[0]),
				Evidence:    ev,
				Remediation: "give the service subnets in at least two (better three) Availability Zones"})
		} else if len(azs) > 1 {
			ps.add(w.Svc.ARN, fmt.Sprintf("service %s in %s runs on FARGATE_SPOT across %d Availability Zones (%s)", w.Svc.Name, w.where(), len(azs), strings.Join(azs, ", ")))
		}
	}
	return append(fs, ps.findings()...)
}

// ---------------------------------------------------------------- ECS-009

// containerInsights returns a cluster's Container Insights setting, falling
// back to the region's account default.
func containerInsights(r *inventory.Region, c *inventory.Cluster) string {
	for _, s := range c.Settings {
		if s.Name == "containerInsights" {
			return strings.ToLower(s.Value)
		}
	}
	for _, s := range r.ECS.AccountSettings {
		if s.Name == "containerInsights" {
			return strings.ToLower(s.Value) + " (account default)"
		}
	}
	return "disabled"
}

func checkClusterConsistency(in *Input) []Finding {
	const ev = "ecs:DescribeClusters settings, capacityProviders, tags; ecs:ListAccountSettings containerInsights"
	type clusterFacts struct {
		name, arn string
		values    map[string]string
	}
	dims := []string{"Container Insights", "capacity providers", "tag keys", "infrastructure-as-code tool"}
	var cs []clusterFacts
	locs := map[string][]string{}
	for _, rv := range in.Regions {
		for ci := range rv.Region.ECS.Clusters {
			c := &rv.Region.ECS.Clusters[ci]
			providers := slices.Clone(c.CapacityProviders)
			sort.Strings(providers)
			var keys []string
			for _, k := range slices.Sorted(maps.Keys(c.Tags)) {
				if !strings.HasPrefix(strings.ToLower(k), "aws:") {
					keys = append(keys, k)
				}
			}
			iac := iacMarker(c.Tags)
			if iac == "" {
				iac = "none"
			}
			facts := clusterFacts{name: c.Name, arn: c.ARN, values: map[string]string{
				dims[0]: containerInsights(rv.Region, c),
				dims[1]: orNone(providers),
				dims[2]: orNone(keys),
				dims[3]: iac,
			}}
			if settingsUnknown(c) != "" {
				for _, d := range dims {
					facts.values[d] = "unknown (not collected)"
				}
			}
			cs = append(cs, facts)
			loc := rv.Account + " " + rv.Region.Name
			locs[loc] = append(locs[loc], c.Name)
		}
	}
	if len(cs) < 2 {
		return nil
	}
	var parts []string
	for _, l := range slices.Sorted(maps.Keys(locs)) {
		parts = append(parts, l+": "+strings.Join(locs[l], ", "))
	}
	fs := []Finding{{Outcome: Info, Resource: caseID(in),
		Message: fmt.Sprintf("%d clusters in %d account-region(s) — %s", len(cs), len(locs), listUpTo(parts, 10)), Evidence: ev}}
	for _, d := range dims {
		groups := map[string][]string{}
		for _, c := range cs {
			groups[c.values[d]] = append(groups[c.values[d]], c.name)
		}
		if len(groups) == 1 {
			fs = append(fs, Finding{Outcome: Pass, Resource: d,
				Message: fmt.Sprintf("all %d clusters have the same %s: %s", len(cs), d, cs[0].values[d]), Evidence: ev})
			continue
		}
		var g []string
		for _, v := range slices.Sorted(maps.Keys(groups)) {
			g = append(g, fmt.Sprintf("%s on %s", v, listUpTo(groups[v], 8)))
		}
		fs = append(fs, Finding{Outcome: Warn, Resource: d,
			Message:     fmt.Sprintf("%s differs across clusters: %s", d, strings.Join(g, "; ")),
			Evidence:    ev,
			Remediation: "provision every cluster from the same IaC module with the same settings and tags, or explain each difference (e.g. a dev cluster on Fargate Spot only) in the ECS-009 answer"})
	}
	return fs
}

// ---------------------------------------------------------------- ECS-012

// osOf classifies a container instance's operating system from its AMI (name,
// description, owner) or, failing that, from its ECS attributes. listed is
// true for the operating systems the checklist names; optimized for the
// ECS-optimized variants.
func osOf(img *inventory.Image, ci *inventory.ContainerInstance) (name string, listed, optimized bool) {
	if img != nil {
		s := strings.ToLower(img.Name + " " + img.Description)
		ecs := strings.Contains(s, "ecs") || strings.Contains(s, "ecs_optimized")
		switch {
		case strings.Contains(s, "bottlerocket"):
			return "Bottlerocket", true, true
		case strings.Contains(s, "windows"):
			return "Windows Server", true, ecs
		case strings.Contains(s, "ubuntu"):
			return "Ubuntu", true, false
		case strings.Contains(s, "amzn") || strings.Contains(s, "al2023") || strings.Contains(s, "amazon linux"):
			return "Amazon Linux", true, ecs
		case strings.EqualFold(img.OwnerAlias, "amazon") && ecs:
			return "Amazon Linux", true, true
		}
		if img.Name != "" {
			return img.Name, false, false
		}
	}
	fam := strings.ToUpper(ci.OSFamily)
	if fam == "" && ci.Attributes != nil {
		fam = strings.ToUpper(ci.Attributes["ecs.os-family"])
	}
	switch {
	case strings.HasPrefix(fam, "WINDOWS"):
		return "Windows Server (" + fam + ")", true, false
	case strings.Contains(fam, "BOTTLEROCKET"):
		return "Bottlerocket", true, true
	}
	return "", false, false
}

func checkInstanceOS(in *Input) []Finding {
	const ev = "ecs:DescribeContainerInstances (ec2InstanceId, attributes ecs.ami-id, ecs.os-family); ec2:DescribeImages name, description, ownerAlias"
	type amiUse struct {
		ami       string
		instances int
		clusters  map[string]bool
		name      string
		listed    bool
		optimized bool
	}
	uses := map[string]*amiUse{}
	fargate := 0
	ec2Services := 0
	for _, w := range deployedServices(in) {
		k := w.sv.Capacity
		if k.Has(estate.Fargate) {
			fargate++
		}
		if k.Has(estate.EC2) {
			ec2Services++
		}
	}
	for _, rv := range in.Regions {
		for _, cv := range rv.View.Clusters {
			c := cv.Cluster
			for _, t := range cv.StandaloneTasks() {
				if estate.TaskCompute(t) == estate.Fargate {
					fargate++
				}
			}
			for _, inst := range ec2ContainerInstances(c) {
				ami := inst.AMIID
				if ami == "" && inst.Attributes != nil {
					ami = inst.Attributes["ecs.ami-id"]
				}
				if ami == "" {
					if e := rv.Index.Instance(inst.EC2InstanceID); e != nil {
						ami = e.ImageID
					}
				}
				key := rv.Account + "|" + rv.Region.Name + "|" + ami
				if ami == "" {
					key += "|" + inst.ARN
				}
				u := uses[key]
				if u == nil {
					name, listed, opt := osOf(rv.Index.Image(ami), inst)
					u = &amiUse{ami: ami, clusters: map[string]bool{}, name: name, listed: listed, optimized: opt}
					if ami == "" {
						u.ami = inst.ARN
					}
					uses[key] = u
				}
				u.instances++
				u.clusters[c.Name] = true
			}
		}
	}
	var fs []Finding
	ps := &wlPasses{evidence: ev, summary: "AMIs are ECS-optimized"}
	for _, k := range slices.Sorted(maps.Keys(uses)) {
		u := uses[k]
		where := fmt.Sprintf("%d container instance(s) of cluster(s) %s", u.instances, strings.Join(slices.Sorted(maps.Keys(u.clusters)), ", "))
		switch {
		case u.listed && u.optimized:
			ps.add(u.ami, fmt.Sprintf("%s run %s, an ECS-optimized operating system (AMI %s)", where, u.name, u.ami))
		case u.listed:
			fs = append(fs, Finding{Outcome: Warn, Resource: u.ami,
				Message:     fmt.Sprintf("%s run %s (AMI %s), a listed operating system but not the ECS-optimized AMI", where, u.name, u.ami),
				Evidence:    ev,
				Remediation: "move to the ECS-optimized AMI (Amazon Linux 2023, Bottlerocket or Windows ECS-optimized, from the SSM parameter /aws/service/ecs/optimized-ami/...), or justify the choice in the ECS-012 answer"})
		default:
			what := "an operating system that could not be identified"
			if u.name != "" {
				what = "AMI " + u.name
			}
			fs = append(fs, Finding{Outcome: Warn, Resource: u.ami,
				Message:     fmt.Sprintf("%s run %s (%s): not shown to be Amazon Linux, Ubuntu, Bottlerocket or Windows", where, what, u.ami),
				Evidence:    ev,
				Remediation: "use an ECS-optimized AMI (Amazon Linux, Bottlerocket or Windows), or name the distribution and justify it in the ECS-012 answer; make sure ec2:DescribeImages is collected"})
		}
	}
	fs = append(fs, ps.findings()...)
	if fargate > 0 {
		fs = append(fs, Finding{Outcome: Pass, Resource: caseID(in),
			Message: fmt.Sprintf("%d service(s) or task(s) run on AWS Fargate, where AWS manages and patches the host operating system", fargate), Evidence: "ecs:DescribeServices launchType, capacityProviderStrategy"})
	}
	if len(uses) == 0 && ec2Services > 0 {
		fs = append(fs, Finding{Outcome: Warn, Resource: caseID(in),
			Message:     fmt.Sprintf("%d service(s) run on EC2 capacity but no container instance was collected, so the operating system is unknown", ec2Services),
			Evidence:    ev,
			Remediation: "collect the inventory with ecs:DescribeContainerInstances and ec2:DescribeImages permissions"})
	}
	if len(fs) == 0 {
		fs = append(fs, Finding{Outcome: Warn, Resource: caseID(in), Message: "no ECS capacity (Fargate service or container instance) in the inventory, so the operating system cannot be verified", Evidence: ev,
			Remediation: "collect the inventory in the accounts and regions where the workload's clusters run"})
	}
	return fs
}

// ---------------------------------------------------------------- ECS-014

func checkExternalInstances(in *Input) []Finding {
	const ev = "ecs:DescribeContainerInstances (external instances: agentConnected, versionInfo, runningTasksCount)"
	var fs []Finding
	ps := &wlPasses{evidence: ev, summary: "ECS Anywhere instances are registered with a connected agent"}
	for _, rv := range in.Regions {
		for _, cv := range rv.View.Clusters {
			c := cv.Cluster
			for _, inst := range c.ContainerInstances {
				if !inst.External {
					continue
				}
				desc := fmt.Sprintf("ECS Anywhere instance %s of cluster %s (%s %s): status %s, agent %s, %d running task(s)", inventory.ShortName(inst.ARN), c.Name, rv.Account, rv.Region.Name, orDash(inst.Status), orDash(inst.AgentVersion), inst.RunningTasks)
				if !inst.AgentConnected {
					fs = append(fs, Finding{Outcome: Warn, Resource: inst.ARN,
						Message:     desc + ": the ECS agent is not connected, so ECS cannot place or monitor tasks there",
						Evidence:    ev,
						Remediation: "check the instance's connectivity to the ECS and SSM endpoints and the ecs and amazon-ssm-agent services; deregister it if it was retired"})
					continue
				}
				ps.add(inst.ARN, desc)
			}
			for _, sv := range cv.Services {
				if s := sv.Service; sv.Capacity.Has(estate.External) {
					fs = append(fs, Finding{Outcome: Info, Resource: s.ARN,
						Message: fmt.Sprintf("service %s of cluster %s (%s %s) runs on ECS Anywhere (launch type EXTERNAL), desired %d, running %d", s.Name, c.Name, rv.Account, rv.Region.Name, s.DesiredCount, s.RunningCount), Evidence: "ecs:DescribeServices launchType"})
				}
			}
		}
	}
	return append(fs, ps.findings()...)
}
