package estate

import (
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

func TestClusterRunningTaskCount(t *testing.T) {
	tasks := func(statuses ...string) []inventory.Task {
		var out []inventory.Task
		for _, s := range statuses {
			out = append(out, inventory.Task{LastStatus: s})
		}
		return out
	}
	services := []inventory.Service{{Name: "a", RunningCount: 2}, {Name: "b", RunningCount: 3}}
	tests := []struct {
		name    string
		cluster inventory.Cluster
		want    int
	}{
		{"the cluster's own count wins", inventory.Cluster{RunningTasksCount: 7, Tasks: tasks("RUNNING"), Services: services}, 7},
		{"else its running tasks", inventory.Cluster{Tasks: tasks("RUNNING", "STOPPED", "running", "PENDING"), Services: services}, 2},
		{"a task without a status counts as running", inventory.Cluster{Tasks: tasks("")}, 1},
		{"else its services' running counts", inventory.Cluster{Tasks: tasks("STOPPED"), Services: services}, 5},
		{"nothing recorded", inventory.Cluster{}, 0},
	}
	for _, tt := range tests {
		snap := &inventory.Snapshot{Accounts: []inventory.Account{{ID: "1", Regions: []inventory.Region{{Name: "r", ECS: inventory.ECS{Clusters: []inventory.Cluster{tt.cluster}}}}}}}
		if got := New(snap).Regions[0].Clusters[0].RunningTaskCount(); got != tt.want {
			t.Errorf("%s: RunningTaskCount() = %d, want %d", tt.name, got, tt.want)
		}
	}
}
