package estate

import (
	"slices"
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

func items(kv ...any) []inventory.CapacityProviderItem {
	var out []inventory.CapacityProviderItem
	for i := 0; i+2 < len(kv)+1; i += 3 {
		out = append(out, inventory.CapacityProviderItem{CapacityProvider: kv[i].(string), Weight: kv[i+1].(int), Base: kv[i+2].(int)})
	}
	return out
}

func TestServiceCapacity(t *testing.T) {
	tests := []struct {
		name         string
		launchType   string
		strategy     []inventory.CapacityProviderItem
		defaults     []inventory.CapacityProviderItem
		kinds        []Compute
		fromDefault  bool
		fargateOnly  bool
		usesFargate  bool
		fargateSpot  bool
		ec2Providers []string
	}{
		{name: "no launch type, empty cluster default → EC2", kinds: []Compute{EC2}},
		{name: "launch type FARGATE", launchType: "FARGATE", kinds: []Compute{Fargate}, fargateOnly: true, usesFargate: true},
		{name: "launch type in lower case", launchType: "fargate", kinds: []Compute{Fargate}, fargateOnly: true, usesFargate: true},
		{name: "launch type EXTERNAL", launchType: "EXTERNAL", kinds: []Compute{External}},
		{name: "launch type wins over cluster default", launchType: "EC2", defaults: items("FARGATE", 1, 0), kinds: []Compute{EC2}},
		{name: "cluster default strategy", defaults: items("FARGATE_SPOT", 1, 0), kinds: []Compute{Fargate}, fromDefault: true,
			fargateOnly: true, usesFargate: true, fargateSpot: true},
		{name: "own strategy wins over default", strategy: items("cp-ec2", 1, 0), defaults: items("FARGATE", 1, 0), kinds: []Compute{EC2},
			ec2Providers: []string{"cp-ec2"}},
		{name: "mixed Fargate and EC2", strategy: items("FARGATE", 1, 1, "cp-ec2", 3, 0), kinds: []Compute{EC2, Fargate},
			usesFargate: true, ec2Providers: []string{"cp-ec2"}},
		{name: "weight 0 base 0 places nothing", strategy: items("FARGATE", 1, 0, "cp-ec2", 0, 0), kinds: []Compute{Fargate},
			fargateOnly: true, usesFargate: true, ec2Providers: []string{"cp-ec2"}},
		{name: "weight 0 base 2 places tasks", strategy: items("FARGATE", 1, 0, "cp-ec2", 0, 2), kinds: []Compute{EC2, Fargate},
			usesFargate: true, ec2Providers: []string{"cp-ec2"}},
		{name: "lone weight 0 item still counts as a kind", strategy: items("FARGATE_SPOT", 0, 0), kinds: []Compute{Fargate},
			fargateOnly: true, usesFargate: true},
		{name: "FARGATE_SPOT at weight 0 places no Spot task", strategy: items("FARGATE", 1, 0, "FARGATE_SPOT", 0, 0), kinds: []Compute{Fargate},
			fargateOnly: true, usesFargate: true},
		{name: "FARGATE_SPOT base only", strategy: items("FARGATE", 1, 0, "FARGATE_SPOT", 0, 1), kinds: []Compute{Fargate},
			fargateOnly: true, usesFargate: true, fargateSpot: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &inventory.Cluster{Name: "prod", DefaultStrategy: tt.defaults}
			s := &inventory.Service{Name: "web", LaunchType: tt.launchType, CapacityProviderStrategy: tt.strategy}
			got := ServiceCapacity(c, s)
			if !slices.Equal(got.Kinds, tt.kinds) {
				t.Errorf("Kinds = %v, want %v", got.Kinds, tt.kinds)
			}
			if got.ClusterDefault != tt.fromDefault {
				t.Errorf("ClusterDefault = %v, want %v", got.ClusterDefault, tt.fromDefault)
			}
			if got.FargateOnly() != tt.fargateOnly || got.UsesFargate() != tt.usesFargate || got.FargateSpot() != tt.fargateSpot {
				t.Errorf("FargateOnly/UsesFargate/FargateSpot = %v/%v/%v, want %v/%v/%v", got.FargateOnly(), got.UsesFargate(), got.FargateSpot(),
					tt.fargateOnly, tt.usesFargate, tt.fargateSpot)
			}
			if !slices.Equal(got.EC2Providers(), tt.ec2Providers) {
				t.Errorf("EC2Providers = %v, want %v", got.EC2Providers(), tt.ec2Providers)
			}
			if tt.launchType != "" && got.Strategy != nil {
				t.Errorf("a launch type leaves no strategy, got %v", got.Strategy)
			}
		})
	}
}

func TestTaskCompute(t *testing.T) {
	tests := []struct {
		name string
		task inventory.Task
		want Compute
	}{
		{"launch type", inventory.Task{LaunchType: "EC2"}, EC2},
		{"launch type EXTERNAL", inventory.Task{LaunchType: "EXTERNAL"}, External},
		{"Fargate Spot provider", inventory.Task{CapacityProvider: "FARGATE_SPOT"}, Fargate},
		{"EC2 provider", inventory.Task{CapacityProvider: "asg-cp"}, EC2},
		{"launch type wins over provider", inventory.Task{LaunchType: "FARGATE", CapacityProvider: "asg-cp"}, Fargate},
		{"nothing recorded", inventory.Task{}, ""},
	}
	for _, tt := range tests {
		if got := TaskCompute(&tt.task); got != tt.want {
			t.Errorf("%s: TaskCompute = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestTaskListed(t *testing.T) {
	tests := []struct {
		desired, last string
		want          bool
	}{
		{"RUNNING", "PENDING", true},
		{"STOPPED", "RUNNING", false},
		{"", "PROVISIONING", true},
		{"", "", true},
		{"", "STOPPING", false},
		{"", "DEPROVISIONING", false},
	}
	for _, tt := range tests {
		if got := TaskListed(&inventory.Task{DesiredStatus: tt.desired, LastStatus: tt.last}); got != tt.want {
			t.Errorf("TaskListed(desired %q, last %q) = %v, want %v", tt.desired, tt.last, got, tt.want)
		}
	}
}

func TestTaskRunning(t *testing.T) {
	for status, want := range map[string]bool{"RUNNING": true, "running": true, "": true, "PENDING": false, "STOPPED": false, "DEPROVISIONING": false} {
		if got := TaskRunning(&inventory.Task{LastStatus: status}); got != want {
			t.Errorf("TaskRunning(%q) = %v, want %v", status, got, want)
		}
	}
}
