package estate

import (
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

// TestGroupByARN: a capacity provider's group ARN finds the group by ARN, by
// the name in the ARN's resource part, or by its last segment.
func TestGroupByARN(t *testing.T) {
	const arn = "arn:aws:autoscaling:eu-west-1:111122223333:autoScalingGroup:0f1e2d3c-aaaa-bbbb-cccc-123456789012:autoScalingGroupName/ecs-asg"
	r := &inventory.Region{Name: "eu-west-1", AutoScaling: inventory.AutoScaling{Groups: []inventory.AutoScalingGroup{{Name: "ecs-asg"}, {Name: "other", ARN: "arn:x:other"}}}}
	ix := inventory.NewIndex(r)
	for _, tc := range []struct {
		name, arn, want string
	}{
		{"the group's own ARN", "arn:x:other", "other"},
		{"the name in the resource part when the snapshot lacks the ARN", arn, "ecs-asg"},
		{"the last segment of a short form", "autoScalingGroup/ecs-asg", "ecs-asg"},
		{"a group the snapshot does not hold", "arn:aws:autoscaling:eu-west-1:1:autoScalingGroup:x:autoScalingGroupName/gone", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ""
			if g := GroupByARN(ix, tc.arn); g != nil {
				got = g.Name
			}
			if got != tc.want {
				t.Errorf("GroupByARN(%q) = %q, want %q", tc.arn, got, tc.want)
			}
		})
	}
}
