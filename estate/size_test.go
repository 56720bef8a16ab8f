package estate

import (
	"fmt"
	"maps"
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

func TestSplitByStrategy(t *testing.T) {
	tests := []struct {
		n     int
		s     []inventory.CapacityProviderItem
		a, sp int
	}{
		{5, items("FARGATE", 1, 1, "FARGATE_SPOT", 3, 0), 2, 3},
		{4, items("FARGATE", 1, 0, "FARGATE_SPOT", 1, 0), 2, 2},
		{3, items("FARGATE", 1, 0, "FARGATE_SPOT", 1, 0), 2, 1},
		{1, items("FARGATE", 0, 2, "FARGATE_SPOT", 1, 0), 1, 0},
		{6, items("FARGATE", 0, 2, "FARGATE_SPOT", 1, 0), 2, 4},
		{3, items("FARGATE", 0, 0, "FARGATE_SPOT", 0, 0), 0, 0},
		{0, items("FARGATE", 1, 1), 0, 0},
	}
	for _, tc := range tests {
		got := SplitByStrategy(tc.n, tc.s)
		if got["FARGATE"] != tc.a || got["FARGATE_SPOT"] != tc.sp {
			t.Errorf("SplitByStrategy(%d, %+v) = %v, want %d/%d", tc.n, tc.s, got, tc.a, tc.sp)
		}
	}
}

func TestParseSizes(t *testing.T) {
	tests := []struct {
		in       string
		cpu, mem float64
		okC, okM bool
	}{
		{"1024", 1, 1, true, true},
		{"512", 0.5, 0.5, true, true},
		{"0.25 vCPU", 0.25, 0, true, false},
		{"2 vcpu", 2, 0, true, false},
		{"2gb", 0, 2, false, true},
		{"2048MiB", 0, 2, false, true},
		{"", 0, 0, false, false},
		{"-1", -1.0 / 1024, -1.0 / 1024, false, false},
	}
	for _, tt := range tests {
		c, okC := ParseCPU(tt.in)
		m, okM := ParseMemory(tt.in)
		if okC != tt.okC || (okC && c != tt.cpu) || okM != tt.okM || (okM && m != tt.mem) {
			t.Errorf("%q: ParseCPU %v %v, ParseMemory %v %v; want %v %v, %v %v", tt.in, c, okC, m, okM, tt.cpu, tt.okC, tt.mem, tt.okM)
		}
	}
}

func TestFargateSplitAndTaskSize(t *testing.T) {
	task := func(status, provider, launch string) inventory.Task {
		return inventory.Task{Group: "service:s", LastStatus: status, CapacityProvider: provider, LaunchType: launch, CPU: "256", Memory: "512"}
	}
	tests := []struct {
		name     string
		svc      inventory.Service
		defaults []inventory.CapacityProviderItem
		tasks    []inventory.Task
		want     map[string]int
	}{
		{"launch type FARGATE", inventory.Service{LaunchType: "FARGATE", DesiredCount: 3}, nil, nil, map[string]int{"FARGATE": 3}},
		{"launch type EC2", inventory.Service{LaunchType: "EC2", DesiredCount: 3}, nil, nil, map[string]int{}},
		{"nothing desired", inventory.Service{LaunchType: "FARGATE", RunningCount: 2}, nil, nil, map[string]int{}},
		{"desired 2, none running yet: 2", inventory.Service{LaunchType: "FARGATE", DesiredCount: 2}, nil, nil, map[string]int{"FARGATE": 2}},
		{"no launch type, no strategy: EC2", inventory.Service{DesiredCount: 2}, nil, []inventory.Task{task("RUNNING", "", "FARGATE"), task("RUNNING", "", "FARGATE")}, map[string]int{}},
		{"all running tasks collected: counted", inventory.Service{DesiredCount: 2}, items("FARGATE", 1, 0, "FARGATE_SPOT", 1, 0),
			[]inventory.Task{task("RUNNING", "FARGATE_SPOT", ""), task("RUNNING", "FARGATE_SPOT", ""), task("STOPPED", "FARGATE", "")}, map[string]int{"FARGATE_SPOT": 2}},
		{"tasks missing: split by strategy", inventory.Service{DesiredCount: 4}, items("FARGATE", 1, 0, "FARGATE_SPOT", 1, 0),
			[]inventory.Task{task("RUNNING", "FARGATE_SPOT", "")}, map[string]int{"FARGATE": 2, "FARGATE_SPOT": 2}},
		{"unknown status is not counted as running here", inventory.Service{DesiredCount: 1}, items("FARGATE_SPOT", 1, 0),
			[]inventory.Task{task("", "FARGATE", ""), task("RUNNING", "FARGATE", "")}, map[string]int{"FARGATE": 1}},
		{"EC2 provider tasks are not Fargate", inventory.Service{DesiredCount: 1}, items("asg-cp", 1, 0),
			[]inventory.Task{task("RUNNING", "asg-cp", "")}, map[string]int{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.svc.Name, tt.svc.ClusterARN = "s", "c"
			r := inventory.Region{Name: "eu-west-1", ECS: inventory.ECS{Clusters: []inventory.Cluster{{ARN: "c", Name: "c", DefaultStrategy: tt.defaults,
				Services: []inventory.Service{tt.svc}, Tasks: tt.tasks}}}}
			snap := &inventory.Snapshot{Accounts: []inventory.Account{{ID: "1", Regions: []inventory.Region{r}}}}
			s := New(snap).Services()[0]
			if got := s.FargateSplit(tt.svc.DesiredCount); !maps.Equal(got, tt.want) {
				t.Errorf("FargateSplit = %v, want %v", got, tt.want)
			}
			v, g, ok := s.TaskSize()
			want := fmt.Sprint(0.25, 0.5, true)
			if len(tt.tasks) == 0 {
				want = fmt.Sprint(0, 0, false)
			}
			if got := fmt.Sprint(v, g, ok); got != want {
				t.Errorf("TaskSize = %s, want %s", got, want)
			}
		})
	}
}
