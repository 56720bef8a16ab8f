package estate

import (
	"slices"

	"github.com/ecspack/ecspack/inventory"
)

// SpotFleetTag is the tag EC2 puts on every instance a Spot fleet launches;
// its value is the fleet request's id.
const SpotFleetTag = "aws:ec2spot:fleet-request-id"

// SpotGroup reports whether an Auto Scaling group launches Spot instances:
// its mixed-instances policy keeps less than 100% on-demand above the base.
func SpotGroup(g *inventory.AutoScalingGroup) bool {
	return g != nil && g.MixedInstances != nil && g.MixedInstances.OnDemandPercentageAboveBaseCapacity < 100
}

// activeFleet reports whether a Spot fleet request still provides capacity.
func activeFleet(f *inventory.SpotFleetRequest) bool {
	return f.State == "" || f.State == "active" || f.State == "modifying"
}

// ecsInstances returns the EC2 instance ids that are container instances of
// the region's clusters (ECS Anywhere instances excluded).
func (r *Region) ecsInstances() map[string]bool {
	ids := map[string]bool{}
	for _, c := range r.Region.ECS.Clusters {
		for _, ci := range c.ContainerInstances {
			if !ci.External && ci.EC2InstanceID != "" {
				ids[ci.EC2InstanceID] = true
			}
		}
	}
	return ids
}

// ECSSpotGroups returns the region's Auto Scaling groups that give ECS Spot
// capacity (SpotGroup): a group behind a capacity provider that one of the
// region's clusters lists, or a group one of whose instances is a container
// instance. A Spot group serving something else is not ECS's. Region order.
func (r *Region) ECSSpotGroups() []*inventory.AutoScalingGroup {
	behind := map[*inventory.AutoScalingGroup]bool{}
	for _, c := range r.Region.ECS.Clusters {
		for _, p := range c.CapacityProviders {
			if _, g := r.ProviderGroup(p); g != nil {
				behind[g] = true
			}
		}
	}
	ecs := r.ecsInstances()
	var out []*inventory.AutoScalingGroup
	for i := range r.Region.AutoScaling.Groups {
		g := &r.Region.AutoScaling.Groups[i]
		if !SpotGroup(g) {
			continue
		}
		if behind[g] || slices.ContainsFunc(g.Instances, func(id string) bool { return ecs[id] }) || r.groupTagged(g, ecs) {
			out = append(out, g)
		}
	}
	return out
}

// groupTagged reports whether a container instance carries the group's
// aws:autoscaling:groupName tag.
func (r *Region) groupTagged(g *inventory.AutoScalingGroup, ecs map[string]bool) bool {
	for id := range ecs {
		if inst := r.Index.Instance(id); inst != nil && inst.Tags["aws:autoscaling:groupName"] == g.Name {
			return true
		}
	}
	return false
}

// ECSSpotFleets returns the region's active Spot fleet requests that launched
// one of its container instances (SpotFleetTag on the instance). Region order.
func (r *Region) ECSSpotFleets() []*inventory.SpotFleetRequest {
	fleets := map[string]bool{}
	for id := range r.ecsInstances() {
		if inst := r.Index.Instance(id); inst != nil && inst.Tags[SpotFleetTag] != "" {
			fleets[inst.Tags[SpotFleetTag]] = true
		}
	}
	var out []*inventory.SpotFleetRequest
	for i := range r.Region.EC2.SpotFleetRequests {
		if f := &r.Region.EC2.SpotFleetRequests[i]; activeFleet(f) && fleets[f.ID] {
			out = append(out, f)
		}
	}
	return out
}

// ServesECS reports whether a Spot fleet request launched one of the
// region's container instances, whatever its state.
func (r *Region) ServesECS(f *inventory.SpotFleetRequest) bool {
	for id := range r.ecsInstances() {
		if inst := r.Index.Instance(id); inst != nil && inst.Tags[SpotFleetTag] == f.ID {
			return true
		}
	}
	return false
}

// ECSSpotInstances returns the ids of the region's container instances whose
// EC2 instance is a Spot instance, sorted.
func (r *Region) ECSSpotInstances() []string {
	var out []string
	for id := range r.ecsInstances() {
		if inst := r.Index.Instance(id); inst != nil && inst.Lifecycle == "spot" {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}
