package discover

import (
	"maps"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"

	"github.com/ecspack/ecspack/inventory"
)

// autoscalingOperations are the EC2 Auto Scaling reads.
var autoscalingOperations = ops("autoscaling", "DescribeAutoScalingGroups")

// autoscalingPageSize is DescribeAutoScalingGroups' largest page.
const autoscalingPageSize = 100

func (r *regionRun) collectAutoScaling() {
	c := autoscaling.NewFromConfig(r.cfg)
	readPages(r, "autoscaling", autoscaling.NewDescribeAutoScalingGroupsPaginator(c, &autoscaling.DescribeAutoScalingGroupsInput{MaxRecords: aws.Int32(autoscalingPageSize)}), r.b.addAutoScalingGroups)
}

func (b *builder) addAutoScalingGroups(out *autoscaling.DescribeAutoScalingGroupsOutput) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, g := range out.AutoScalingGroups {
		a := inventory.AutoScalingGroup{ARN: aws.ToString(g.AutoScalingGroupARN), Name: aws.ToString(g.AutoScalingGroupName),
			MinSize: i32(g.MinSize), MaxSize: i32(g.MaxSize), DesiredCapacity: i32(g.DesiredCapacity),
			AvailabilityZones: slices.Sorted(slices.Values(g.AvailabilityZones)), CapacityRebalance: aws.ToBool(g.CapacityRebalance),
			NewInstancesProtectedFromScaleIn: aws.ToBool(g.NewInstancesProtectedFromScaleIn)}
		for _, s := range strings.Split(aws.ToString(g.VPCZoneIdentifier), ",") {
			if s = strings.TrimSpace(s); s != "" {
				a.Subnets = append(a.Subnets, s)
			}
		}
		slices.Sort(a.Subnets)
		types := map[string]bool{}
		if lt := g.LaunchTemplate; lt != nil {
			a.LaunchTemplate = aws.ToString(lt.LaunchTemplateName)
			if a.LaunchTemplate == "" {
				a.LaunchTemplate = aws.ToString(lt.LaunchTemplateId)
			}
		}
		if a.LaunchTemplate == "" {
			a.LaunchTemplate = aws.ToString(g.LaunchConfigurationName)
		}
		if m := g.MixedInstancesPolicy; m != nil {
			if lt := m.LaunchTemplate; lt != nil {
				if s := lt.LaunchTemplateSpecification; s != nil && a.LaunchTemplate == "" {
					a.LaunchTemplate = aws.ToString(s.LaunchTemplateName)
					if a.LaunchTemplate == "" {
						a.LaunchTemplate = aws.ToString(s.LaunchTemplateId)
					}
				}
				for _, o := range lt.Overrides {
					if t := aws.ToString(o.InstanceType); t != "" {
						types[t] = true
					}
				}
			}
			if d := m.InstancesDistribution; d != nil {
				a.MixedInstances = &inventory.MixedInstances{OnDemandBaseCapacity: i32(d.OnDemandBaseCapacity),
					OnDemandPercentageAboveBaseCapacity: i32(d.OnDemandPercentageAboveBaseCapacity),
					SpotAllocationStrategy:              aws.ToString(d.SpotAllocationStrategy), OnDemandAllocationStrategy: aws.ToString(d.OnDemandAllocationStrategy)}
			}
		}
		for _, in := range g.Instances {
			a.Instances = append(a.Instances, aws.ToString(in.InstanceId))
			if t := aws.ToString(in.InstanceType); t != "" {
				types[t] = true
			}
		}
		slices.Sort(a.Instances)
		a.InstanceTypes = slices.Sorted(maps.Keys(types))
		a.Tags = tagMap(g.Tags, func(t astypes.TagDescription) (*string, *string) { return t.Key, t.Value })
		b.r.AutoScaling.Groups = append(b.r.AutoScaling.Groups, a)
	}
}
