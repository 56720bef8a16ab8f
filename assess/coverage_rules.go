package assess

import (
	"slices"
	"strings"

	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/internal/words"
)

// The inventory rules. Each fills an item only from data the snapshot
// holds; an interrupted discovery fills none, since a partial list is not
// the output the checklist asks for.

// complete reports whether the snapshot was collected to the end.
func complete(in *Input) bool { return !in.Snapshot.Collection.Incomplete }

// ruleListTasks: the tasks `aws ecs list-tasks` lists in the case study's
// clusters (ECS-001 asks for its output): those whose desired status is
// RUNNING.
func ruleListTasks(in *Input) (bool, string) {
	n, clusters := 0, 0
	for _, rv := range in.Regions {
		for _, c := range rv.View.Clusters {
			listed := 0
			for i := range c.Cluster.Tasks {
				if estate.TaskListed(&c.Cluster.Tasks[i]) {
					listed++
				}
			}
			if listed > 0 {
				n += listed
				clusters++
			}
		}
	}
	if n == 0 || !complete(in) {
		return false, ""
	}
	return true, words.Count(n, "task", "tasks") + " listed in " + words.Count(clusters, "cluster", "clusters") + " (aws ecs list-tasks, from the inventory)"
}

// ruleTaskDefinitions: the task definitions the services and tasks use.
func ruleTaskDefinitions(in *Input) (bool, string) {
	n := len(in.Estate.TaskDefinitions())
	if n == 0 || !complete(in) {
		return false, ""
	}
	return true, words.Count(n, "task definition", "task definitions") + " in use, from the inventory"
}

// ruleTaskRoles: task definitions in use with the task role each carries.
func ruleTaskRoles(in *Input) (bool, string) {
	n, roles := 0, 0
	for _, u := range in.Estate.TaskDefinitions() {
		n++
		if u.TaskDef.TaskRoleARN != "" {
			roles++
		}
	}
	if roles == 0 || !complete(in) {
		return false, ""
	}
	return true, words.Count(n, "task definition", "task definitions") + " in use, " + words.Count(roles, "with its task role", "with their task roles") + ", from the inventory"
}

// ruleCapacityProviders: the capacity providers described in each region
// (ECS-008's aws ecs describe-capacity-providers output).
func ruleCapacityProviders(in *Input) (bool, string) {
	var names []string
	for _, rv := range in.Regions {
		for _, p := range rv.Region.ECS.CapacityProviders {
			if len(p.Gaps) == 0 {
				names = append(names, p.Name)
			}
		}
	}
	if len(names) == 0 || !complete(in) {
		return false, ""
	}
	return true, "capacity providers " + strings.Join(compactSorted(names), ", ") + " (aws ecs describe-capacity-providers, from the inventory)"
}

// ruleSpotFleets: the Spot fleet requests of each region (ECS-008's aws
// ec2 describe-spot-fleet-requests output).
func ruleSpotFleets(in *Input) (bool, string) {
	var ids []string
	for _, rv := range in.Regions {
		for _, f := range rv.Region.EC2.SpotFleetRequests {
			ids = append(ids, f.ID)
		}
	}
	if len(ids) == 0 || !complete(in) {
		return false, ""
	}
	return true, "Spot fleet requests " + strings.Join(compactSorted(ids), ", ") + " (aws ec2 describe-spot-fleet-requests, from the inventory)"
}

// ruleEFSUse: whether any task definition in use mounts EFS, which the
// task definitions show either way.
func ruleEFSUse(in *Input) (bool, string) {
	tds := in.Estate.TaskDefinitions()
	if len(tds) == 0 || !complete(in) {
		return false, ""
	}
	var fs []string
	for _, s := range in.Estate.Services() {
		fs = append(fs, s.FileSystems()...)
	}
	if len(fs) == 0 {
		return true, "no task definition in use mounts Amazon EFS (" + words.Count(len(tds), "task definition", "task definitions") + " in the inventory)"
	}
	return true, "Amazon EFS file systems " + strings.Join(compactSorted(fs), ", ") + " are mounted by the tasks, from the inventory"
}

// ruleEFSZones: the Availability Zones expected to run tasks that mount
// EFS (those of the services' subnets, and where their tasks run), which
// ECS-020's check compares with the file systems' mount targets.
func ruleEFSZones(in *Input) (bool, string) {
	var zones []string
	for _, s := range in.Estate.Services() {
		if len(s.FileSystems()) > 0 {
			azs, _ := s.SubnetAZs()
			zones = append(append(zones, azs...), s.TaskAZs()...)
		}
	}
	if len(zones) == 0 || !complete(in) {
		return false, ""
	}
	return true, "tasks mounting Amazon EFS are expected in " + strings.Join(compactSorted(zones), ", ") + "; ECS-020's check holds each to a mount target, from the inventory"
}

// ruleEBSVolumes: the services that attach ECS-managed EBS volumes to
// their tasks (ECS-022's list of volumes and tasks).
func ruleEBSVolumes(in *Input) (bool, string) {
	var svcs []string
	for _, s := range in.Estate.Services() {
		if len(s.Service.Volumes) > 0 {
			svcs = append(svcs, s.Name())
		}
	}
	if len(svcs) == 0 || !complete(in) {
		return false, ""
	}
	return true, "services attaching EBS volumes to their tasks: " + strings.Join(compactSorted(svcs), ", ") + ", from the inventory"
}

// ruleDiagram: the architecture diagram ecspack draws from the inventory,
// which needs at least one service to draw.
func ruleDiagram(in *Input) (bool, string) {
	n := len(in.Estate.Services())
	if n == 0 {
		return false, ""
	}
	return true, "the architecture diagram drawn from the inventory (" + words.Count(n, "service", "services") + ")"
}

// compactSorted sorts and de-duplicates names for a stable listing.
func compactSorted(names []string) []string {
	out := slices.Clone(names)
	slices.Sort(out)
	return slices.Compact(out)
}
