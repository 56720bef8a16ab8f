package assess

import (
	"fmt"
	"sort"
	"strings"

	"github.com/ecspack/ecspack/catalog"
	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/inventory"
)

// conditions decides, from the inventory and the casefile, whether each
// conditional control applies. The reason is shown to the reviewer either way.
func conditions() map[catalog.Condition]Condition {
	return map[catalog.Condition]Condition{
		catalog.ConditionSpotCapacity:    spotUsed,
		catalog.ConditionMultiCluster:    multiCluster,
		catalog.ConditionComplianceScope: complianceDeclared,
		catalog.ConditionECSAnywhere:     anywhereUsed,
		catalog.ConditionEFS:             efsUsed,
		catalog.ConditionEBS:             ebsUsed,
		catalog.ConditionMultiTenant:     tenantsDeclared,
	}
}

func spotUsed(in *Input) (bool, string) {
	var uses []string
	for _, rv := range in.Regions {
		for _, c := range rv.Region.ECS.Clusters {
			if estate.UsesFargateSpot(c.DefaultStrategy) {
				uses = append(uses, "cluster "+c.Name+" default strategy uses FARGATE_SPOT")
			}
			for _, s := range c.Services {
				if estate.UsesFargateSpot(s.CapacityProviderStrategy) {
					uses = append(uses, "service "+s.Name+" uses FARGATE_SPOT")
				}
			}
			for _, t := range c.Tasks {
				if t.CapacityProvider == "FARGATE_SPOT" {
					uses = append(uses, "task of "+t.Group+" runs on FARGATE_SPOT")
				}
			}
		}
		for _, g := range rv.View.ECSSpotGroups() {
			uses = append(uses, "Auto Scaling group "+g.Name+" launches Spot instances for ECS")
		}
		for _, f := range rv.View.ECSSpotFleets() {
			uses = append(uses, "Spot fleet request "+f.ID+" launched container instances")
		}
		for _, id := range rv.View.ECSSpotInstances() {
			uses = append(uses, "container instance "+id+" is a Spot instance")
		}
	}
	if len(uses) == 0 {
		return false, "no Spot capacity serves ECS: no FARGATE_SPOT strategy or task, no Spot container instance, no Spot Auto Scaling group behind a capacity provider or holding container instances, no Spot fleet that launched container instances"
	}
	return true, "Spot capacity in use: " + summarize(uses)
}

func multiCluster(in *Input) (bool, string) {
	var names []string
	for _, rv := range in.Regions {
		for _, c := range rv.Region.ECS.Clusters {
			names = append(names, c.Name)
		}
	}
	if len(names) < 2 {
		return false, fmt.Sprintf("the workload runs on %d cluster(s); the control covers workloads spread over several clusters", len(names))
	}
	sort.Strings(names)
	return true, fmt.Sprintf("%d clusters: %s", len(names), summarize(names))
}

func complianceDeclared(in *Input) (bool, string) {
	if in.Case == nil || len(in.Case.ComplianceScope) == 0 {
		return false, "the case study declares no regulatory compliance scope"
	}
	return true, "compliance scope declared: " + strings.Join(in.Case.ComplianceScope, ", ")
}

func anywhereUsed(in *Input) (bool, string) {
	var uses []string
	for _, rv := range in.Regions {
		for _, cv := range rv.View.Clusters {
			c := cv.Cluster
			for _, s := range cv.Services {
				if s.Capacity.Has(estate.External) {
					uses = append(uses, "service "+s.Name()+" uses launch type EXTERNAL")
				}
			}
			for _, ci := range c.ContainerInstances {
				if ci.External {
					uses = append(uses, "external instance "+inventory.ShortName(ci.ARN))
				}
			}
			for _, t := range c.Tasks {
				if t.LaunchType == "EXTERNAL" {
					uses = append(uses, "task "+inventory.ShortName(t.ARN)+" runs on ECS Anywhere")
				}
			}
		}
	}
	if len(uses) == 0 {
		return false, "no ECS Anywhere capacity found: no EXTERNAL launch type, no external container instances"
	}
	return true, "ECS Anywhere in use: " + summarize(uses)
}

// usedTaskDefinitions returns the task definitions that services or tasks
// use, region by region in first-use order (see regionTaskDefs).
func usedTaskDefinitions(in *Input) []*inventory.TaskDefinition {
	var out []*inventory.TaskDefinition
	for _, rv := range in.Regions {
		out = append(out, regionTaskDefs(rv)...)
	}
	return out
}

func efsUsed(in *Input) (bool, string) {
	var uses []string
	for _, td := range usedTaskDefinitions(in) {
		for _, v := range td.Volumes {
			if v.EFS != nil || v.Type == "efs" {
				uses = append(uses, td.Family+" mounts "+v.Name)
			}
		}
	}
	if len(uses) == 0 {
		return false, "no task definition in use mounts an EFS volume"
	}
	return true, "EFS volumes in use: " + summarize(uses)
}

func ebsUsed(in *Input) (bool, string) {
	var uses []string
	for _, td := range usedTaskDefinitions(in) {
		for _, v := range td.Volumes {
			if v.Type == "ebs" {
				uses = append(uses, td.Family+" volume "+v.Name)
			}
		}
	}
	for _, rv := range in.Regions {
		for _, c := range rv.Region.ECS.Clusters {
			for _, s := range c.Services {
				for _, v := range s.Volumes {
					if v.Type == "ebs" {
						uses = append(uses, "service "+s.Name+" EBS volume "+v.Name)
					}
				}
			}
		}
	}
	if len(uses) == 0 {
		return false, "no task or service uses an EBS volume"
	}
	return true, "EBS volumes in use: " + summarize(uses)
}

func tenantsDeclared(in *Input) (bool, string) {
	if in.Case == nil || len(in.Case.Tenants) == 0 {
		return false, "the case study declares no tenants: not a multi-tenant workload"
	}
	var names []string
	for _, t := range in.Case.Tenants {
		names = append(names, t.Name)
	}
	return true, fmt.Sprintf("%d tenants declared: %s", len(names), summarize(names))
}

// summarize joins up to five items and counts the rest.
func summarize(items []string) string {
	seen := map[string]bool{}
	var u []string
	for _, s := range items {
		if !seen[s] {
			seen[s] = true
			u = append(u, s)
		}
	}
	if len(u) <= 5 {
		return strings.Join(u, "; ")
	}
	return strings.Join(u[:5], "; ") + fmt.Sprintf("; and %d more", len(u)-5)
}
