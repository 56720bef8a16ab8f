package submission

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/inventory"
)

// The checklist asks for the output of three aws CLI commands (ECS-001,
// ECS-008). The package prints them as the aws CLI v2 would, rebuilt from the
// snapshot: JSON with a four-space indent, keys in the order the API returns
// them, non-ASCII left as is, timestamps in ISO 8601 with an offset. Fields the
// snapshot does not hold are left out rather than guessed.

// cliJSON encodes v the way the aws CLI's json output does (Python's
// json.dumps(indent=4, ensure_ascii=False)): four spaces, ": " between key
// and value, no HTML escaping.
func cliJSON(v any) (string, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "    ")
	if err := enc.Encode(v); err != nil {
		return "", fmt.Errorf("encode CLI output: %w", err)
	}
	return strings.TrimRight(b.String(), "\n"), nil
}

// cliTime prints a timestamp as aws CLI v2 does by default (Python's
// datetime.isoformat(): microseconds only when non-zero, "+00:00" for UTC).
func cliTime(t time.Time) string {
	t = t.UTC()
	if t.Nanosecond()/1000 != 0 {
		return t.Format("2006-01-02T15:04:05.000000") + "+00:00"
	}
	return t.Format("2006-01-02T15:04:05") + "+00:00"
}

// listTasksOutput is `aws ecs list-tasks --cluster NAME`: the ARNs of the
// cluster's tasks the command lists by default (estate.TaskListed), in ARN
// order.
func listTasksOutput(c *inventory.Cluster) (string, error) {
	arns := []string{}
	for i := range c.Tasks {
		if estate.TaskListed(&c.Tasks[i]) {
			arns = append(arns, c.Tasks[i].ARN)
		}
	}
	slices.Sort(arns)
	return cliJSON(struct {
		TaskArns []string `json:"taskArns"`
	}{arns})
}

type cliTag struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

type cliManagedScaling struct {
	Status                 string `json:"status,omitempty"`
	TargetCapacity         int    `json:"targetCapacity,omitempty"`
	MinimumScalingStepSize int    `json:"minimumScalingStepSize,omitempty"`
	MaximumScalingStepSize int    `json:"maximumScalingStepSize,omitempty"`
	InstanceWarmupPeriod   int    `json:"instanceWarmupPeriod,omitempty"`
}

type cliASGProvider struct {
	AutoScalingGroupArn          string             `json:"autoScalingGroupArn"`
	ManagedScaling               *cliManagedScaling `json:"managedScaling,omitempty"`
	ManagedTerminationProtection string             `json:"managedTerminationProtection,omitempty"`
	ManagedDraining              string             `json:"managedDraining,omitempty"`
}

type cliCapacityProvider struct {
	CapacityProviderArn      string          `json:"capacityProviderArn"`
	Name                     string          `json:"name"`
	Status                   string          `json:"status,omitempty"`
	AutoScalingGroupProvider *cliASGProvider `json:"autoScalingGroupProvider,omitempty"`
	Tags                     []cliTag        `json:"tags"`
}

// describeCapacityProvidersOutput is `aws ecs describe-capacity-providers
// --region REGION` for one account and region. A capacity provider without
// an ARN in the snapshot (FARGATE, FARGATE_SPOT) gets the ARN ECS gives it.
func describeCapacityProvidersOutput(account, region string, cps []inventory.CapacityProvider) (string, error) {
	out := []cliCapacityProvider{}
	for _, cp := range cps {
		c := cliCapacityProvider{
			CapacityProviderArn: cp.ARN,
			Name:                cp.Name,
			Status:              cp.Status,
			Tags:                sortedTags(cp.Tags),
		}
		if c.CapacityProviderArn == "" {
			c.CapacityProviderArn = fmt.Sprintf("arn:%s:ecs:%s:%s:capacity-provider/%s", partition(region), region, account, cp.Name)
		}
		if cp.AutoScalingGroupARN != "" {
			p := &cliASGProvider{
				AutoScalingGroupArn:          cp.AutoScalingGroupARN,
				ManagedTerminationProtection: cp.ManagedTerminationProtection,
				ManagedDraining:              cp.ManagedDraining,
			}
			if ms := cp.ManagedScaling; ms != nil {
				p.ManagedScaling = &cliManagedScaling{ms.Status, ms.TargetCapacity, ms.MinimumScalingStepSize, ms.MaximumScalingStepSize, ms.InstanceWarmupPeriod}
			}
			c.AutoScalingGroupProvider = p
		}
		out = append(out, c)
	}
	return cliJSON(struct {
		CapacityProviders []cliCapacityProvider `json:"capacityProviders"`
	}{out})
}

func sortedTags(m map[string]string) []cliTag {
	tags := []cliTag{}
	for k, v := range m {
		tags = append(tags, cliTag{k, v})
	}
	slices.SortFunc(tags, func(a, b cliTag) int { return strings.Compare(a.Key, b.Key) })
	return tags
}

// partition is the ARN partition of a region.
func partition(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	default:
		return "aws"
	}
}

type cliLaunchSpec struct {
	InstanceType string `json:"InstanceType,omitempty"`
	SubnetId     string `json:"SubnetId,omitempty"`
}

type cliCapacityRebalance struct{}

type cliSpotMaintenance struct {
	CapacityRebalance *cliCapacityRebalance `json:"CapacityRebalance,omitempty"`
}

type cliSpotFleetConfig struct {
	AllocationStrategy        string              `json:"AllocationStrategy,omitempty"`
	LaunchSpecifications      []cliLaunchSpec     `json:"LaunchSpecifications,omitempty"`
	SpotMaintenanceStrategies *cliSpotMaintenance `json:"SpotMaintenanceStrategies,omitempty"`
	TargetCapacity            int                 `json:"TargetCapacity"`
	OnDemandTargetCapacity    int                 `json:"OnDemandTargetCapacity"`
	ReplaceUnhealthyInstances bool                `json:"ReplaceUnhealthyInstances"`
}

type cliSpotFleet struct {
	CreateTime             string             `json:"CreateTime,omitempty"`
	SpotFleetRequestConfig cliSpotFleetConfig `json:"SpotFleetRequestConfig"`
	SpotFleetRequestId     string             `json:"SpotFleetRequestId"`
	SpotFleetRequestState  string             `json:"SpotFleetRequestState,omitempty"`
}

// describeSpotFleetRequestsOutput is `aws ec2 describe-spot-fleet-requests
// --region REGION`, with EC2's PascalCase keys. The snapshot keeps instance
// types and subnets but not the launch templates they came from, so they are
// shown as one launch specification per instance type over the subnets.
func describeSpotFleetRequestsOutput(reqs []inventory.SpotFleetRequest) (string, error) {
	out := []cliSpotFleet{}
	for _, r := range reqs {
		cfg := cliSpotFleetConfig{
			AllocationStrategy:        r.AllocationStrategy,
			TargetCapacity:            r.TargetCapacity,
			OnDemandTargetCapacity:    r.OnDemandTarget,
			ReplaceUnhealthyInstances: r.ReplaceUnhealthy,
		}
		subnets := strings.Join(r.Subnets, ", ")
		for _, it := range r.InstanceTypes {
			cfg.LaunchSpecifications = append(cfg.LaunchSpecifications, cliLaunchSpec{InstanceType: it, SubnetId: subnets})
		}
		if len(r.InstanceTypes) == 0 && subnets != "" {
			cfg.LaunchSpecifications = []cliLaunchSpec{{SubnetId: subnets}}
		}
		if r.CapacityRebalance {
			cfg.SpotMaintenanceStrategies = &cliSpotMaintenance{CapacityRebalance: &cliCapacityRebalance{}}
		}
		f := cliSpotFleet{SpotFleetRequestConfig: cfg, SpotFleetRequestId: r.ID, SpotFleetRequestState: r.State}
		if !r.CreateTime.IsZero() {
			f.CreateTime = cliTime(r.CreateTime)
		}
		out = append(out, f)
	}
	return cliJSON(struct {
		SpotFleetRequestConfigs []cliSpotFleet `json:"SpotFleetRequestConfigs"`
	}{out})
}
