package inventory

import "time"

// ECS holds the Amazon ECS resources of one region.
type ECS struct {
	// AccountSettings are the effective account settings (ListAccountSettings
	// with effectiveSettings), e.g. awsvpcTrunking, containerInsights.
	AccountSettings []AccountSetting `json:"account_settings,omitempty"`
	// Clusters are ordered by ARN; services, tasks and container instances live inside them.
	Clusters []Cluster `json:"clusters,omitempty"`
	// TaskDefinitions are the revisions used by services and running tasks,
	// each stored once, ordered by ARN.
	TaskDefinitions []TaskDefinition `json:"task_definitions,omitempty"`
	// CapacityProviders are the capacity providers attached to the clusters,
	// including FARGATE and FARGATE_SPOT when in use, ordered by name.
	CapacityProviders []CapacityProvider `json:"capacity_providers,omitempty"`
}

// AccountSetting is one effective ECS account setting.
type AccountSetting struct {
	Name  string `json:"name"`
	Value string `json:"value"`
	// PrincipalARN is the principal the setting applies to (root or a role/user).
	PrincipalARN string `json:"principal_arn,omitempty"`
}

// Cluster is an ECS cluster and everything scheduled on it.
type Cluster struct {
	ARN    string `json:"arn"`
	Name   string `json:"name"`
	Status string `json:"status,omitempty"`
	// Settings are the cluster settings, e.g. containerInsights=enabled|enhanced.
	Settings []KeyValue `json:"settings,omitempty"`
	// ExecuteCommandLogging is the execute command configuration's logging
	// ("NONE", "DEFAULT", "OVERRIDE"), empty when not configured.
	ExecuteCommandLogging string `json:"execute_command_logging,omitempty"`
	// ExecuteCommandKMSKey is the KMS key for ECS Exec sessions, when set.
	ExecuteCommandKMSKey string `json:"execute_command_kms_key,omitempty"`
	// ManagedStorageKMSKey and FargateEphemeralKMSKey come from the managed storage configuration.
	ManagedStorageKMSKey     string                 `json:"managed_storage_kms_key,omitempty"`
	FargateEphemeralKMSKey   string                 `json:"fargate_ephemeral_storage_kms_key,omitempty"`
	CapacityProviders        []string               `json:"capacity_providers,omitempty"`
	DefaultStrategy          []CapacityProviderItem `json:"default_capacity_provider_strategy,omitempty"`
	ServiceConnectNamespace  string                 `json:"service_connect_namespace,omitempty"`
	RegisteredInstancesCount int                    `json:"registered_container_instances,omitempty"`
	RunningTasksCount        int                    `json:"running_tasks,omitempty"`
	PendingTasksCount        int                    `json:"pending_tasks,omitempty"`
	ActiveServicesCount      int                    `json:"active_services,omitempty"`
	Tags                     map[string]string      `json:"tags,omitempty"`
	Services                 []Service              `json:"services,omitempty"`
	Tasks                    []Task                 `json:"tasks,omitempty"`
	ContainerInstances       []ContainerInstance    `json:"container_instances,omitempty"`
	// Gaps lists the reads of this cluster that failed (DescribeClusters,
	// its services, tasks or container instances): the lists above may then
	// be short, and the cluster's settings unknown.
	Gaps []string `json:"gaps,omitempty"`
}

// KeyValue is a name/value pair as ECS uses them for settings.
type KeyValue struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// CapacityProviderItem is one entry of a capacity provider strategy.
type CapacityProviderItem struct {
	CapacityProvider string `json:"capacity_provider"`
	Weight           int    `json:"weight"`
	Base             int    `json:"base,omitempty"`
}

// Service is an ECS service.
type Service struct {
	ARN        string `json:"arn"`
	Name       string `json:"name"`
	ClusterARN string `json:"cluster_arn"`
	Status     string `json:"status,omitempty"`
	// LaunchType is "FARGATE", "EC2" or "EXTERNAL"; empty when a capacity
	// provider strategy is used instead.
	LaunchType               string                 `json:"launch_type,omitempty"`
	CapacityProviderStrategy []CapacityProviderItem `json:"capacity_provider_strategy,omitempty"`
	PlatformVersion          string                 `json:"platform_version,omitempty"`
	// SchedulingStrategy is "REPLICA" or "DAEMON".
	SchedulingStrategy string `json:"scheduling_strategy,omitempty"`
	TaskDefinition     string `json:"task_definition"`
	DesiredCount       int    `json:"desired_count"`
	RunningCount       int    `json:"running_count"`
	PendingCount       int    `json:"pending_count,omitempty"`
	// Network is the awsvpc configuration; nil for bridge/host network modes.
	Network              *AwsVPCConfiguration  `json:"network,omitempty"`
	LoadBalancers        []ServiceLoadBalancer `json:"load_balancers,omitempty"`
	ServiceRegistries    []string              `json:"service_registries,omitempty"`
	ServiceConnect       *ServiceConnect       `json:"service_connect,omitempty"`
	Deployment           DeploymentConfig      `json:"deployment"`
	EnableECSManagedTags bool                  `json:"enable_ecs_managed_tags"`
	// PropagateTags is "SERVICE", "TASK_DEFINITION" or "NONE"/empty.
	PropagateTags        string                `json:"propagate_tags,omitempty"`
	EnableExecuteCommand bool                  `json:"enable_execute_command,omitempty"`
	PlacementConstraints []PlacementConstraint `json:"placement_constraints,omitempty"`
	PlacementStrategy    []PlacementStrategy   `json:"placement_strategy,omitempty"`
	HealthCheckGraceSecs int                   `json:"health_check_grace_period_seconds,omitempty"`
	// Volumes are the volumes configured at deployment (EBS volumes managed by ECS).
	Volumes   []ServiceVolume   `json:"volumes,omitempty"`
	CreatedAt time.Time         `json:"created_at,omitzero"`
	CreatedBy string            `json:"created_by,omitempty"`
	Tags      map[string]string `json:"tags,omitempty"`
}

// AwsVPCConfiguration is the awsvpc network configuration of a service or task.
type AwsVPCConfiguration struct {
	Subnets        []string `json:"subnets,omitempty"`
	SecurityGroups []string `json:"security_groups,omitempty"`
	AssignPublicIP bool     `json:"assign_public_ip,omitempty"`
}

// ServiceLoadBalancer links a service's container port to a target group.
type ServiceLoadBalancer struct {
	TargetGroupARN   string `json:"target_group_arn,omitempty"`
	LoadBalancerName string `json:"load_balancer_name,omitempty"`
	ContainerName    string `json:"container_name"`
	ContainerPort    int    `json:"container_port"`
}

// ServiceConnect is a service's Service Connect configuration (ECS-017).
type ServiceConnect struct {
	Enabled   bool   `json:"enabled"`
	Namespace string `json:"namespace,omitempty"`
	// Services are the port names it publishes, with their discovery names.
	Services []ServiceConnectService `json:"services,omitempty"`
	// LogDriver is the Envoy proxy's log driver, when configured.
	LogDriver string `json:"log_driver,omitempty"`
}

// ServiceConnectService is one endpoint a service publishes through Service Connect.
type ServiceConnectService struct {
	PortName      string `json:"port_name"`
	DiscoveryName string `json:"discovery_name,omitempty"`
	// Aliases are "dnsName:port" strings clients use.
	Aliases []string `json:"aliases,omitempty"`
	// TLS is true when Service Connect TLS is configured.
	TLS bool `json:"tls,omitempty"`
}

// DeploymentConfig is a service's deployment controller and safety settings (ECS-002, REL-001).
type DeploymentConfig struct {
	// Controller is "ECS" (rolling), "CODE_DEPLOY" (blue/green) or "EXTERNAL".
	Controller             string   `json:"controller,omitempty"`
	Strategy               string   `json:"strategy,omitempty"`
	MinimumHealthyPercent  int      `json:"minimum_healthy_percent"`
	MaximumPercent         int      `json:"maximum_percent"`
	CircuitBreakerEnabled  bool     `json:"circuit_breaker_enabled"`
	CircuitBreakerRollback bool     `json:"circuit_breaker_rollback"`
	AlarmsEnabled          bool     `json:"alarms_enabled,omitempty"`
	AlarmsRollback         bool     `json:"alarms_rollback,omitempty"`
	AlarmNames             []string `json:"alarm_names,omitempty"`
}

// PlacementConstraint is a task placement constraint (ECS-022).
type PlacementConstraint struct {
	// Type is "memberOf" or "distinctInstance".
	Type       string `json:"type"`
	Expression string `json:"expression,omitempty"`
}

// PlacementStrategy is a task placement strategy, e.g. spread by AZ.
type PlacementStrategy struct {
	Type  string `json:"type"`
	Field string `json:"field,omitempty"`
}

// ServiceVolume is a volume configured on a service at deployment (ECS-managed EBS).
type ServiceVolume struct {
	Name       string `json:"name"`
	Type       string `json:"type"` // "ebs"
	SizeGiB    int    `json:"size_gib,omitempty"`
	VolumeType string `json:"volume_type,omitempty"`
	Encrypted  bool   `json:"encrypted,omitempty"`
	KMSKeyID   string `json:"kms_key_id,omitempty"`
	// FilesystemType is e.g. "ext4" or "xfs".
	FilesystemType string `json:"filesystem_type,omitempty"`
}

// Task is one task found running (or recently stopped) on a cluster.
type Task struct {
	ARN            string `json:"arn"`
	ClusterARN     string `json:"cluster_arn"`
	TaskDefinition string `json:"task_definition"`
	// Group is "service:NAME" for service tasks, "family:NAME" otherwise.
	Group             string `json:"group,omitempty"`
	LastStatus        string `json:"last_status"`
	DesiredStatus     string `json:"desired_status,omitempty"`
	LaunchType        string `json:"launch_type,omitempty"`
	CapacityProvider  string `json:"capacity_provider,omitempty"`
	AvailabilityZone  string `json:"availability_zone,omitempty"`
	ContainerInstance string `json:"container_instance,omitempty"`
	PlatformVersion   string `json:"platform_version,omitempty"`
	// CPU and Memory are the task-level sizes as ECS reports them (CPU units and MiB).
	CPU          string `json:"cpu,omitempty"`
	Memory       string `json:"memory,omitempty"`
	HealthStatus string `json:"health_status,omitempty"`
	// SubnetID and PrivateIP come from the task's awsvpc attachment, when any.
	SubnetID  string            `json:"subnet_id,omitempty"`
	PrivateIP string            `json:"private_ip,omitempty"`
	PublicIP  string            `json:"public_ip,omitempty"`
	StartedAt time.Time         `json:"started_at,omitzero"`
	StartedBy string            `json:"started_by,omitempty"`
	Tags      map[string]string `json:"tags,omitempty"`
	// Containers are the task's containers with their images (ECS-010).
	Containers []TaskContainer `json:"containers,omitempty"`
}

// TaskContainer is a container of a running task.
type TaskContainer struct {
	Name         string `json:"name"`
	Image        string `json:"image,omitempty"`
	ImageDigest  string `json:"image_digest,omitempty"`
	LastStatus   string `json:"last_status,omitempty"`
	HealthStatus string `json:"health_status,omitempty"`
}

// ContainerInstance is an EC2 instance (or ECS Anywhere machine) registered to a cluster.
type ContainerInstance struct {
	ARN            string `json:"arn"`
	EC2InstanceID  string `json:"ec2_instance_id,omitempty"`
	Status         string `json:"status,omitempty"`
	AgentVersion   string `json:"agent_version,omitempty"`
	AgentConnected bool   `json:"agent_connected"`
	// CapacityProvider is the capacity provider that launched it, when any.
	CapacityProvider string `json:"capacity_provider,omitempty"`
	AvailabilityZone string `json:"availability_zone,omitempty"`
	InstanceType     string `json:"instance_type,omitempty"`
	AMIID            string `json:"ami_id,omitempty"`
	// OSType is the ecs.os-type attribute ("linux", "windows").
	OSType string `json:"os_type,omitempty"`
	// OSFamily is the ecs.os-family attribute (e.g. "LINUX", "WINDOWS_SERVER_2022_CORE").
	OSFamily string `json:"os_family,omitempty"`
	// External is true for ECS Anywhere instances (ECS-014).
	External     bool              `json:"external,omitempty"`
	RunningTasks int               `json:"running_tasks,omitempty"`
	Attributes   map[string]string `json:"attributes,omitempty"`
	Tags         map[string]string `json:"tags,omitempty"`
}

// CapacityProvider is an ECS capacity provider (ECS-007, ECS-008).
type CapacityProvider struct {
	Name   string `json:"name"`
	ARN    string `json:"arn,omitempty"`
	Status string `json:"status,omitempty"`
	// AutoScalingGroupARN is set for EC2 capacity providers; empty for FARGATE and FARGATE_SPOT.
	AutoScalingGroupARN string          `json:"auto_scaling_group_arn,omitempty"`
	ManagedScaling      *ManagedScaling `json:"managed_scaling,omitempty"`
	// ManagedTerminationProtection is "ENABLED" or "DISABLED".
	ManagedTerminationProtection string            `json:"managed_termination_protection,omitempty"`
	ManagedDraining              string            `json:"managed_draining,omitempty"`
	Tags                         map[string]string `json:"tags,omitempty"`
	// Gaps is set when a cluster uses the provider but DescribeCapacityProviders
	// failed for it: only Name is then a fact.
	Gaps []string `json:"gaps,omitempty"`
}

// ManagedScaling is the managed scaling setting of an EC2 capacity provider.
type ManagedScaling struct {
	Status                 string `json:"status"`
	TargetCapacity         int    `json:"target_capacity,omitempty"`
	MinimumScalingStepSize int    `json:"minimum_scaling_step_size,omitempty"`
	MaximumScalingStepSize int    `json:"maximum_scaling_step_size,omitempty"`
	InstanceWarmupPeriod   int    `json:"instance_warmup_period,omitempty"`
}
