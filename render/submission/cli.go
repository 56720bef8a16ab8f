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

// envValueWithheld stands in a reconstructed task definition for an
// environment variable's value: the snapshot keeps names only, and no value
// is ever printed.
const envValueWithheld = "(value not collected: ecspack keeps variable names only)"

type cliKV struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type cliSecret struct {
	Name      string `json:"name"`
	ValueFrom string `json:"valueFrom"`
}

type cliEnvFile struct {
	Value string `json:"value"`
	Type  string `json:"type"`
}

type cliPortMapping struct {
	ContainerPort int    `json:"containerPort"`
	HostPort      int    `json:"hostPort,omitempty"`
	Protocol      string `json:"protocol,omitempty"`
	Name          string `json:"name,omitempty"`
	AppProtocol   string `json:"appProtocol,omitempty"`
}

type cliMountPoint struct {
	SourceVolume  string `json:"sourceVolume"`
	ContainerPath string `json:"containerPath"`
	ReadOnly      bool   `json:"readOnly"`
}

type cliLogConfiguration struct {
	LogDriver     string            `json:"logDriver"`
	Options       map[string]string `json:"options,omitempty"`
	SecretOptions []cliSecret       `json:"secretOptions,omitempty"`
}

type cliHealthCheck struct {
	Command     []string `json:"command"`
	Interval    int      `json:"interval,omitempty"`
	Timeout     int      `json:"timeout,omitempty"`
	Retries     int      `json:"retries,omitempty"`
	StartPeriod int      `json:"startPeriod,omitempty"`
}

// cliContainer is a container definition with the keys in the order
// DescribeTaskDefinition returns them.
type cliContainer struct {
	Name                   string               `json:"name"`
	Image                  string               `json:"image"`
	CPU                    int                  `json:"cpu,omitempty"`
	Memory                 int                  `json:"memory,omitempty"`
	MemoryReservation      int                  `json:"memoryReservation,omitempty"`
	PortMappings           []cliPortMapping     `json:"portMappings"`
	Essential              bool                 `json:"essential"`
	Environment            []cliKV              `json:"environment"`
	EnvironmentFiles       []cliEnvFile         `json:"environmentFiles,omitempty"`
	MountPoints            []cliMountPoint      `json:"mountPoints"`
	Secrets                []cliSecret          `json:"secrets,omitempty"`
	User                   string               `json:"user,omitempty"`
	Privileged             bool                 `json:"privileged,omitempty"`
	ReadonlyRootFilesystem bool                 `json:"readonlyRootFilesystem,omitempty"`
	DockerSecurityOptions  []string             `json:"dockerSecurityOptions,omitempty"`
	LogConfiguration       *cliLogConfiguration `json:"logConfiguration,omitempty"`
	HealthCheck            *cliHealthCheck      `json:"healthCheck,omitempty"`
}

type cliRuntimePlatform struct {
	CPUArchitecture       string `json:"cpuArchitecture,omitempty"`
	OperatingSystemFamily string `json:"operatingSystemFamily,omitempty"`
}

type cliTaskDefinition struct {
	TaskDefinitionArn       string              `json:"taskDefinitionArn"`
	ContainerDefinitions    []cliContainer      `json:"containerDefinitions"`
	Family                  string              `json:"family"`
	TaskRoleArn             string              `json:"taskRoleArn,omitempty"`
	ExecutionRoleArn        string              `json:"executionRoleArn,omitempty"`
	NetworkMode             string              `json:"networkMode,omitempty"`
	Revision                int                 `json:"revision"`
	Status                  string              `json:"status,omitempty"`
	RuntimePlatform         *cliRuntimePlatform `json:"runtimePlatform,omitempty"`
	RequiresCompatibilities []string            `json:"requiresCompatibilities,omitempty"`
	CPU                     string              `json:"cpu,omitempty"`
	Memory                  string              `json:"memory,omitempty"`
	PidMode                 string              `json:"pidMode,omitempty"`
	IpcMode                 string              `json:"ipcMode,omitempty"`
}

// describeTaskDefinitionOutput is `aws ecs describe-task-definition
// --task-definition FAMILY:REV` rebuilt from the snapshot: secrets by
// reference (valueFrom), environment variables by name with envValueWithheld
// for every value (the snapshot holds none), fields the snapshot does not
// record (command, entry point, dependencies, volumes) left out.
func describeTaskDefinitionOutput(td *inventory.TaskDefinition) (string, error) {
	out := cliTaskDefinition{TaskDefinitionArn: td.ARN, Family: td.Family, TaskRoleArn: td.TaskRoleARN, ExecutionRoleArn: td.ExecutionRoleARN,
		NetworkMode: td.NetworkMode, Revision: td.Revision, Status: td.Status, RequiresCompatibilities: td.RequiresCompatibilities,
		CPU: td.CPU, Memory: td.Memory, PidMode: td.PIDMode, IpcMode: td.IPCMode, ContainerDefinitions: []cliContainer{}}
	if td.CPUArchitecture != "" || td.OSFamily != "" {
		out.RuntimePlatform = &cliRuntimePlatform{td.CPUArchitecture, td.OSFamily}
	}
	for _, ct := range td.Containers {
		c := cliContainer{Name: ct.Name, Image: ct.Image, CPU: ct.CPU, Memory: ct.Memory, MemoryReservation: ct.MemoryReservation,
			Essential: ct.Essential, User: ct.User, Privileged: ct.Privileged, ReadonlyRootFilesystem: ct.ReadonlyRootFilesystem,
			DockerSecurityOptions: ct.DockerSecurityOptions, PortMappings: []cliPortMapping{}, Environment: []cliKV{}, MountPoints: []cliMountPoint{}}
		for _, p := range ct.PortMappings {
			c.PortMappings = append(c.PortMappings, cliPortMapping{p.ContainerPort, p.HostPort, p.Protocol, p.Name, p.AppProtocol})
		}
		for _, n := range ct.EnvironmentNames {
			c.Environment = append(c.Environment, cliKV{Name: n, Value: envValueWithheld})
		}
		for _, f := range ct.EnvironmentFiles {
			c.EnvironmentFiles = append(c.EnvironmentFiles, cliEnvFile{Value: f, Type: "s3"})
		}
		for _, m := range ct.MountPoints {
			c.MountPoints = append(c.MountPoints, cliMountPoint{m.SourceVolume, m.ContainerPath, m.ReadOnly})
		}
		for _, s := range ct.Secrets {
			c.Secrets = append(c.Secrets, cliSecret{s.Name, s.ValueFrom})
		}
		if lc := ct.LogConfiguration; lc != nil {
			c.LogConfiguration = &cliLogConfiguration{LogDriver: lc.Driver, Options: lc.Options}
			for _, n := range lc.SecretOptionNames {
				c.LogConfiguration.SecretOptions = append(c.LogConfiguration.SecretOptions, cliSecret{n, "(reference not collected)"})
			}
		}
		if hc := ct.HealthCheck; hc != nil {
			c.HealthCheck = &cliHealthCheck{hc.Command, hc.Interval, hc.Timeout, hc.Retries, hc.StartPeriod}
		}
		out.ContainerDefinitions = append(out.ContainerDefinitions, c)
	}
	return cliJSON(struct {
		TaskDefinition cliTaskDefinition `json:"taskDefinition"`
	}{out})
}

// indentJSON re-indents a JSON document (a policy) as the aws CLI prints
// it, keeping its key order.
func indentJSON(doc string) (string, error) {
	var b bytes.Buffer
	if err := json.Indent(&b, []byte(strings.TrimSpace(doc)), "", "    "); err != nil {
		return "", fmt.Errorf("policy document: %w", err)
	}
	return b.String(), nil
}
