package estate

import (
	"fmt"
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

func TestRegionScalableTarget(t *testing.T) {
	r := New(fixture()).Regions[0]
	tests := []struct {
		name, resourceID string
		wantMax          int
		wantNil          bool
	}{
		{"a service's target", "service/prod/web", 6, false},
		{"a policy's resource without a target", "service/prod/api", 0, true},
		{"a resource of another cluster", "service/stage/web", 0, true},
		{"no resource id", "", 0, true},
	}
	for _, tt := range tests {
		got := r.ScalableTarget(tt.resourceID)
		if (got == nil) != tt.wantNil || got != nil && got.MaxCapacity != tt.wantMax {
			t.Errorf("%s: ScalableTarget(%q) = %+v, want max %d (nil %v)", tt.name, tt.resourceID, got, tt.wantMax, tt.wantNil)
		}
	}
	if svc := service(New(fixture()), "web"); svc.ScalableTarget() == nil || svc.Region.ScalableTarget(svc.ResourceID()).MaxCapacity != svc.ScalableTarget().MaxCapacity {
		t.Errorf("Region.ScalableTarget disagrees with Service.ScalableTarget for web")
	}
}

func TestScalingRangeAndGroupInstances(t *testing.T) {
	snap := fixture()
	r := &snap.Accounts[0].Regions[0]
	r.AutoScaling.ScalableTargets = append(r.AutoScaling.ScalableTargets, inventory.ScalableTarget{ResourceID: "service/prod/api", MinCapacity: 1, MaxCapacity: 3, Suspended: true})
	r.EC2.Instances = append(r.EC2.Instances, inventory.Instance{ID: "i-2", Tags: map[string]string{"aws:autoscaling:groupName": "workers"}}, inventory.Instance{ID: "i-3"})
	r.AutoScaling.Groups[0].Instances = []string{"i-1"}
	e := New(snap)
	for name, want := range map[string]string{"web": "2 6 true", "api": "0 0 false", "worker": "0 0 false"} {
		if lo, hi, ok := service(e, name).ScalingRange(); fmt.Sprint(lo, hi, ok) != want {
			t.Errorf("%s: ScalingRange = %d %d %v, want %s", name, lo, hi, ok, want)
		}
	}
	var ids []string
	for _, in := range e.Regions[0].GroupInstances(&r.AutoScaling.Groups[0]) {
		ids = append(ids, in.ID)
	}
	if fmt.Sprint(ids) != "[i-1 i-2]" {
		t.Errorf("GroupInstances(workers) = %v, want [i-1 i-2]", ids)
	}
}
