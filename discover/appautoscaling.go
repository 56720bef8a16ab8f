package discover

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	aas "github.com/aws/aws-sdk-go-v2/service/applicationautoscaling"
	aastypes "github.com/aws/aws-sdk-go-v2/service/applicationautoscaling/types"

	"github.com/ecspack/ecspack/inventory"
)

// appAutoscalingOperations are the Application Auto Scaling reads (ECS namespace only).
var appAutoscalingOperations = ops("application-autoscaling", "DescribeScalableTargets", "DescribeScalingPolicies")

func (r *regionRun) collectAppAutoScaling() {
	c := aas.NewFromConfig(r.cfg)
	r.spawn(func() {
		readPages(r, "application-autoscaling", aas.NewDescribeScalableTargetsPaginator(c, &aas.DescribeScalableTargetsInput{ServiceNamespace: aastypes.ServiceNamespaceEcs}), r.b.addScalableTargets)
	})
	readPages(r, "application-autoscaling", aas.NewDescribeScalingPoliciesPaginator(c, &aas.DescribeScalingPoliciesInput{ServiceNamespace: aastypes.ServiceNamespaceEcs}), r.b.addScalingPolicies)
}

func (b *builder) addScalableTargets(out *aas.DescribeScalableTargetsOutput) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, t := range out.ScalableTargets {
		st := inventory.ScalableTarget{ResourceID: aws.ToString(t.ResourceId), ScalableDimension: string(t.ScalableDimension),
			MinCapacity: i32(t.MinCapacity), MaxCapacity: i32(t.MaxCapacity)}
		if s := t.SuspendedState; s != nil {
			st.Suspended = aws.ToBool(s.DynamicScalingInSuspended) || aws.ToBool(s.DynamicScalingOutSuspended) || aws.ToBool(s.ScheduledScalingSuspended)
		}
		b.r.AutoScaling.ScalableTargets = append(b.r.AutoScaling.ScalableTargets, st)
	}
}

func (b *builder) addScalingPolicies(out *aas.DescribeScalingPoliciesOutput) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, p := range out.ScalingPolicies {
		sp := inventory.ScalingPolicy{Name: aws.ToString(p.PolicyName), ARN: aws.ToString(p.PolicyARN), ResourceID: aws.ToString(p.ResourceId),
			Type: string(p.PolicyType)}
		if t := p.TargetTrackingScalingPolicyConfiguration; t != nil {
			sp.TargetValue = aws.ToFloat64(t.TargetValue)
			if m := t.PredefinedMetricSpecification; m != nil {
				sp.Metric = string(m.PredefinedMetricType)
			} else if m := t.CustomizedMetricSpecification; m != nil {
				sp.Metric = aws.ToString(m.Namespace) + "/" + aws.ToString(m.MetricName)
			}
		}
		for _, a := range p.Alarms {
			sp.Alarms = append(sp.Alarms, aws.ToString(a.AlarmName))
		}
		b.r.AutoScaling.ScalingPolicies = append(b.r.AutoScaling.ScalingPolicies, sp)
	}
}
