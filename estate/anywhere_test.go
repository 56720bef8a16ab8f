package estate

import (
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

func TestActiveExternalInstances(t *testing.T) {
	tests := []struct {
		name            string
		instances       []inventory.ContainerInstance
		active, allExts int
	}{
		{name: "no instances"},
		{name: "EC2 instances are not ECS Anywhere", instances: []inventory.ContainerInstance{{Status: "ACTIVE"}, {}}},
		{name: "active and unrecorded status count", instances: []inventory.ContainerInstance{{External: true, Status: "ACTIVE"}, {External: true}},
			active: 2, allExts: 2},
		{name: "draining and inactive are registered but not billed",
			instances: []inventory.ContainerInstance{{External: true, Status: "DRAINING"}, {External: true, Status: "INACTIVE"}, {External: true, Status: "ACTIVE"}, {Status: "ACTIVE"}},
			active:    1, allExts: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := inventory.Region{Name: "eu-west-1", ECS: inventory.ECS{Clusters: []inventory.Cluster{{ARN: "c", Name: "c", ContainerInstances: tt.instances}}}}
			c := New(&inventory.Snapshot{Accounts: []inventory.Account{{ID: "1", Regions: []inventory.Region{r}}}}).Regions[0].Clusters[0]
			if got := c.ActiveExternalInstances(); got != tt.active {
				t.Errorf("ActiveExternalInstances = %d, want %d", got, tt.active)
			}
			if got := c.ExternalInstances(); got != tt.allExts {
				t.Errorf("ExternalInstances = %d, want %d", got, tt.allExts)
			}
		})
	}
}
