package estate

import "testing"

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
