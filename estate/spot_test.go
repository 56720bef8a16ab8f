package estate

import (
	"slices"
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

// TestECSSpot: only Spot capacity that serves ECS counts (issue 16) — a
// group behind a listed capacity provider or holding a container instance,
// a fleet that launched a container instance, a Spot container instance.
func TestECSSpot(t *testing.T) {
	spot := &inventory.MixedInstances{OnDemandPercentageAboveBaseCapacity: 20}
	for _, tc := range []struct {
		name                     string
		edit                     func(r *inventory.Region)
		groups, fleets, instance []string
	}{
		{"fixture: on-demand group, no Spot", func(r *inventory.Region) {}, nil, nil, nil},
		{"Spot group behind a capacity provider the cluster lists", func(r *inventory.Region) {
			r.AutoScaling.Groups[0].MixedInstances = spot
			r.ECS.Clusters[0].CapacityProviders = []string{"asg-cp"}
		}, []string{"workers"}, nil, nil},
		{"Spot group behind a provider no cluster lists", func(r *inventory.Region) {
			r.AutoScaling.Groups[0].MixedInstances = spot
		}, nil, nil, nil},
		{"100% on-demand mix is no Spot", func(r *inventory.Region) {
			r.AutoScaling.Groups[0].MixedInstances = &inventory.MixedInstances{OnDemandPercentageAboveBaseCapacity: 100}
			r.ECS.Clusters[0].CapacityProviders = []string{"asg-cp"}
		}, nil, nil, nil},
		{"Spot group holding a container instance", func(r *inventory.Region) {
			r.AutoScaling.Groups = append(r.AutoScaling.Groups, inventory.AutoScalingGroup{Name: "hosts", MixedInstances: spot, Instances: []string{"i-1"}})
		}, []string{"hosts"}, nil, nil},
		{"Spot group named by a container instance's tag", func(r *inventory.Region) {
			r.AutoScaling.Groups = append(r.AutoScaling.Groups, inventory.AutoScalingGroup{Name: "hosts", MixedInstances: spot})
			r.EC2.Instances[0].Tags = map[string]string{"aws:autoscaling:groupName": "hosts"}
		}, []string{"hosts"}, nil, nil},
		{"Spot group of other instances", func(r *inventory.Region) {
			r.AutoScaling.Groups = append(r.AutoScaling.Groups, inventory.AutoScalingGroup{Name: "ci", MixedInstances: spot, Instances: []string{"i-9"}})
		}, nil, nil, nil},
		{"fleets: one launched a container instance, one did not, one cancelled", func(r *inventory.Region) {
			r.EC2.SpotFleetRequests = []inventory.SpotFleetRequest{{ID: "sfr-emr", State: "active"}, {ID: "sfr-ecs", State: "active"}, {ID: "sfr-old", State: "cancelled"}}
			r.EC2.Instances[0].Tags = map[string]string{SpotFleetTag: "sfr-ecs"}
		}, nil, []string{"sfr-ecs"}, nil},
		{"Spot container instance; a Spot instance outside ECS is not", func(r *inventory.Region) {
			r.EC2.Instances[0].Lifecycle = "spot"
			r.EC2.Instances = append(r.EC2.Instances, inventory.Instance{ID: "i-9", Lifecycle: "spot"})
		}, nil, nil, []string{"i-1"}},
		{"an ECS Anywhere instance is not EC2 Spot capacity", func(r *inventory.Region) {
			r.EC2.Instances[0].Lifecycle = "spot"
			r.ECS.Clusters[0].ContainerInstances[0].External = true
		}, nil, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := fixture()
			tc.edit(&s.Accounts[0].Regions[0])
			r := New(s).Regions[0]
			var groups, fleets []string
			for _, g := range r.ECSSpotGroups() {
				groups = append(groups, g.Name)
			}
			for _, f := range r.ECSSpotFleets() {
				fleets = append(fleets, f.ID)
				if !r.ServesECS(f) {
					t.Errorf("ServesECS(%s) = false for a fleet ECSSpotFleets lists", f.ID)
				}
			}
			if !slices.Equal(groups, tc.groups) || !slices.Equal(fleets, tc.fleets) || !slices.Equal(r.ECSSpotInstances(), tc.instance) {
				t.Errorf("groups %v fleets %v instances %v; want %v %v %v", groups, fleets, r.ECSSpotInstances(), tc.groups, tc.fleets, tc.instance)
			}
		})
	}
}
