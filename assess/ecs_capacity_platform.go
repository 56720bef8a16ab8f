package assess

import (
	"fmt"
	"strings"

	"github.com/ecspack/ecspack/estate"
)

// The ECS-007 and ECS-012 checks of settings peers judge on capacity:
// managed termination protection and the Fargate platform version.
// Registered in capacityChecks (ecs_capacity.go).

func checkTerminationProtection(in *Input) []Finding {
	const ev = "ecs:DescribeCapacityProviders autoScalingGroupProvider.managedTerminationProtection"
	var fs []Finding
	ps := &wlPasses{evidence: ev, summary: "EC2 capacity providers have managed termination protection"}
	for _, rv := range in.Regions {
		for i := range rv.Region.ECS.CapacityProviders {
			cp := &rv.Region.ECS.CapacityProviders[i]
			if cp.AutoScalingGroupARN == "" || estate.ProviderCompute(cp.Name) != estate.EC2 || len(cp.Gaps) > 0 {
				continue // Fargate, or not read (ECS-007.managed-scaling says so)
			}
			res := cp.ARN
			if res == "" {
				res = cp.Name
			}
			where := fmt.Sprintf("capacity provider %s (%s %s)", cp.Name, rv.Account, rv.Region.Name)
			switch strings.ToUpper(cp.ManagedTerminationProtection) {
			case "ENABLED":
				ps.add(res, where+" has managed termination protection ENABLED: scale-in spares instances that run tasks")
			case "":
				fs = append(fs, Finding{Outcome: Warn, Resource: res,
					Message:     where + ": its managed termination protection is not recorded in the inventory, so it is unverified",
					Evidence:    ev,
					Remediation: "collect the inventory again with `ecspack discover` (DescribeCapacityProviders returns the setting)"})
			default:
				fs = append(fs, Finding{Outcome: Warn, Resource: res,
					Message:     fmt.Sprintf("%s has managed termination protection %s: when the Auto Scaling group scales in it may terminate instances that still run tasks", where, cp.ManagedTerminationProtection),
					Evidence:    ev,
					Remediation: "enable managed termination protection on the capacity provider (it needs managed scaling and instance scale-in protection on the Auto Scaling group)"})
			}
		}
	}
	return append(fs, ps.findings()...)
}

// currentFargatePlatform is the newest Fargate platform version of each
// operating system family: a service pinned to it runs the same platform as
// LATEST. Peers disagree on pinning; ecspack accepts LATEST and the current
// version, and warns about older pins.
var currentFargatePlatform = map[bool]string{false: "1.4.0", true: "1.0.0"}

func checkFargatePlatform(in *Input) []Finding {
	const ev = "ecs:DescribeServices platformVersion, launchType, capacityProviderStrategy; ecs:DescribeTaskDefinition runtimePlatform"
	var fs []Finding
	ps := &wlPasses{evidence: ev, summary: "Fargate services run the latest platform version"}
	for _, r := range deployedServices(in) {
		if !r.sv.Capacity.UsesFargate() {
			continue
		}
		windows := r.TD != nil && estate.RunsWindows(r.TD)
		current := currentFargatePlatform[windows]
		pv := strings.TrimSpace(r.Svc.PlatformVersion)
		switch {
		case pv == "" || strings.EqualFold(pv, "LATEST"):
			ps.add(r.resource(), fmt.Sprintf("%s in %s runs platform version LATEST (%s)", r.label(), r.RV.Region.Name, current))
		case strings.TrimPrefix(pv, "v") == current:
			ps.add(r.resource(), fmt.Sprintf("%s in %s is pinned to platform version %s, the current one", r.label(), r.RV.Region.Name, pv))
		default:
			fs = append(fs, Finding{Outcome: Warn, Resource: r.resource(),
				Message:     fmt.Sprintf("%s in %s is pinned to Fargate platform version %s, older than the current %s: it misses the kernel, runtime and security updates of newer versions", r.label(), r.RV.Region.Name, pv, current),
				Evidence:    ev,
				Remediation: "set platformVersion to LATEST (or " + current + ") and redeploy the service"})
		}
	}
	return append(fs, ps.findings()...)
}
