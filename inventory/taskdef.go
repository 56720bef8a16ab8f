package inventory

// TaskDefinition is one task definition revision. Environment variables and
// secrets are kept by name (and secret ARN) only: their values never enter a
// snapshot.
type TaskDefinition struct {
	ARN      string `json:"arn"`
	Family   string `json:"family"`
	Revision int    `json:"revision"`
	Status   string `json:"status,omitempty"`
	// NotCollected is true when a service or task refers to this revision but
	// it could not be read (see the collection errors): only ARN, Family and
	// Revision are known, so checks must not read absent fields as facts.
	NotCollected bool `json:"not_collected,omitempty"`
	// CPU and Memory are the task-level sizes as registered (CPU units / MiB, or "1 vCPU", "2 GB").
	CPU    string `json:"cpu,omitempty"`
	Memory string `json:"memory,omitempty"`
	// NetworkMode is "awsvpc", "bridge", "host" or "none".
	NetworkMode             string   `json:"network_mode,omitempty"`
	RequiresCompatibilities []string `json:"requires_compatibilities,omitempty"`
	TaskRoleARN             string   `json:"task_role_arn,omitempty"`
	ExecutionRoleARN        string   `json:"execution_role_arn,omitempty"`
	// PIDMode and IPCMode are "host", "task" or empty.
	PIDMode string `json:"pid_mode,omitempty"`
	IPCMode string `json:"ipc_mode,omitempty"`
	// CPUArchitecture is "X86_64" or "ARM64"; OSFamily e.g. "LINUX" (runtime platform).
	CPUArchitecture      string                `json:"cpu_architecture,omitempty"`
	OSFamily             string                `json:"os_family,omitempty"`
	EphemeralStorageGiB  int                   `json:"ephemeral_storage_gib,omitempty"`
	Containers           []ContainerDefinition `json:"containers"`
	Volumes              []Volume              `json:"volumes,omitempty"`
	PlacementConstraints []PlacementConstraint `json:"placement_constraints,omitempty"`
	Tags                 map[string]string     `json:"tags,omitempty"`
}

// ContainerDefinition is one container of a task definition.
type ContainerDefinition struct {
	Name  string `json:"name"`
	Image string `json:"image"`
	// CPU is in CPU units; Memory is the hard limit and MemoryReservation the
	// soft limit, both in MiB; 0 when unset.
	CPU                    int  `json:"cpu,omitempty"`
	Memory                 int  `json:"memory,omitempty"`
	MemoryReservation      int  `json:"memory_reservation,omitempty"`
	Essential              bool `json:"essential"`
	Privileged             bool `json:"privileged,omitempty"`
	ReadonlyRootFilesystem bool `json:"readonly_root_filesystem,omitempty"`
	// User is the user (and group) the container runs as; empty means the image's default (often root).
	User             string            `json:"user,omitempty"`
	LinuxParameters  *LinuxParameters  `json:"linux_parameters,omitempty"`
	LogConfiguration *LogConfiguration `json:"log_configuration,omitempty"`
	HealthCheck      *HealthCheck      `json:"health_check,omitempty"`
	PortMappings     []PortMapping     `json:"port_mappings,omitempty"`
	// EnvironmentNames are the names of plain environment variables; values are never stored.
	EnvironmentNames []string `json:"environment_names,omitempty"`
	// EnvironmentValuesChecked is true when discovery or import tested each
	// variable's value against the secret patterns (SecretPatterns) before
	// dropping it; false (an older or hand-made snapshot) means the values
	// were never looked at, so an empty EnvironmentSecrets proves nothing.
	EnvironmentValuesChecked bool `json:"environment_values_checked,omitempty"`
	// EnvironmentSecrets are the verdicts on the variables whose value looked
	// like a secret, ordered by name: the name and the pattern's name only,
	// never the value or any part of it.
	EnvironmentSecrets []EnvironmentSecret `json:"environment_secrets,omitempty"`
	// EnvironmentFiles are the S3 ARNs of environment files.
	EnvironmentFiles []string `json:"environment_files,omitempty"`
	// Secrets are injected from Secrets Manager or SSM: name and ARN only.
	Secrets     []SecretRef  `json:"secrets,omitempty"`
	MountPoints []MountPoint `json:"mount_points,omitempty"`
	DependsOn   []string     `json:"depends_on,omitempty"`
	// FirelensType is set for log router containers ("fluentbit" or "fluentd").
	FirelensType          string   `json:"firelens_type,omitempty"`
	DockerSecurityOptions []string `json:"docker_security_options,omitempty"`
	// CredentialsIn names where a credential was found in the container's
	// definition and removed before storing ("health_check.command",
	// "log_configuration.options.url", "command", "entry_point"): the value
	// never enters the snapshot (it is replaced by CredentialRemoved), but
	// the verdict does, so the checks can report it.
	CredentialsIn []string `json:"credentials_in,omitempty"`
}

// EnvironmentSecret is the verdict that one plain environment variable's
// value looked like a secret when it was collected (NETSEC-002).
type EnvironmentSecret struct {
	// Name is the variable's name.
	Name string `json:"name"`
	// Pattern names the first secret pattern its value matched, one of
	// SecretPatterns.
	Pattern string `json:"pattern"`
}

// The names of the secret patterns an environment variable's value is tested
// against at collection time (discover/secretvalue.go holds and documents the
// patterns). The list is conservative: each match is strong evidence of a
// credential in plain text.
const (
	// PatternAWSAccessKeyID is an AWS access key id (AKIA… or ASIA…, 20 characters).
	PatternAWSAccessKeyID = "aws-access-key-id"
	// PatternPrivateKey is a PEM private key header.
	PatternPrivateKey = "private-key"
	// PatternJWT is a JSON Web Token (three base64url parts, the first a JSON header).
	PatternJWT = "jwt"
	// PatternPasswordInURL is a URL carrying user:password@.
	PatternPasswordInURL = "password-in-url"
	// PatternAWSSecretKey is a value shaped like an AWS secret access key:
	// exactly 40 base64 characters mixing upper case, lower case and digits.
	PatternAWSSecretKey = "aws-secret-access-key-shape"
	// PatternHighEntropy is a long token of random-looking characters.
	PatternHighEntropy = "high-entropy-token"
)

// SecretPatterns returns the pattern names in the order they are tried.
func SecretPatterns() []string {
	return []string{PatternAWSAccessKeyID, PatternPrivateKey, PatternJWT, PatternPasswordInURL, PatternAWSSecretKey, PatternHighEntropy}
}

// CredentialRemoved replaces a value in which discovery or import found a
// credential (a password in a URL, an Authorization header, an API key).
const CredentialRemoved = "(credential removed by ecspack)"

// LinuxParameters is the subset of Linux parameters that matter for runtime security (ECS-011).
type LinuxParameters struct {
	CapabilitiesAdd    []string `json:"capabilities_add,omitempty"`
	CapabilitiesDrop   []string `json:"capabilities_drop,omitempty"`
	InitProcessEnabled bool     `json:"init_process_enabled,omitempty"`
	Devices            []string `json:"devices,omitempty"`
}

// LogConfiguration is a container's log driver; options are kept except
// values that look like credentials.
type LogConfiguration struct {
	Driver  string            `json:"driver"`
	Options map[string]string `json:"options,omitempty"`
	// SecretOptionNames are the names of secret log options; values never stored.
	SecretOptionNames []string `json:"secret_option_names,omitempty"`
}

// HealthCheck is a container health check.
type HealthCheck struct {
	Command     []string `json:"command"`
	Interval    int      `json:"interval,omitempty"`
	Timeout     int      `json:"timeout,omitempty"`
	Retries     int      `json:"retries,omitempty"`
	StartPeriod int      `json:"start_period,omitempty"`
}

// PortMapping is a container port mapping.
type PortMapping struct {
	ContainerPort int    `json:"container_port"`
	HostPort      int    `json:"host_port,omitempty"`
	Protocol      string `json:"protocol,omitempty"`
	Name          string `json:"name,omitempty"`
	AppProtocol   string `json:"app_protocol,omitempty"`
}

// SecretRef names a secret injected into a container; ValueFrom is the ARN
// or parameter name of the secret, never its value.
type SecretRef struct {
	Name      string `json:"name"`
	ValueFrom string `json:"value_from"`
}

// MountPoint mounts a task volume into a container.
type MountPoint struct {
	SourceVolume  string `json:"source_volume"`
	ContainerPath string `json:"container_path"`
	ReadOnly      bool   `json:"read_only,omitempty"`
}

// Volume is a task definition volume; exactly one kind is described.
type Volume struct {
	Name string `json:"name"`
	// Type is "efs", "ebs" (configured at deployment), "docker", "bind" or "fsx-windows".
	Type string `json:"type"`
	// HostPath is set for bind mounts with a host path.
	HostPath string        `json:"host_path,omitempty"`
	EFS      *EFSVolume    `json:"efs,omitempty"`
	Docker   *DockerVolume `json:"docker,omitempty"`
	// ConfiguredAtLaunch is true for volumes (EBS) supplied by the service or RunTask.
	ConfiguredAtLaunch bool `json:"configured_at_launch,omitempty"`
}

// EFSVolume is the EFS configuration of a task volume (ECS-020, ECS-021).
type EFSVolume struct {
	FileSystemID  string `json:"file_system_id"`
	RootDirectory string `json:"root_directory,omitempty"`
	// TransitEncryption is "ENABLED" or "DISABLED".
	TransitEncryption string `json:"transit_encryption,omitempty"`
	AccessPointID     string `json:"access_point_id,omitempty"`
	// IAM is "ENABLED" when the task role is used for EFS authorization.
	IAM string `json:"iam,omitempty"`
}

// DockerVolume is a Docker volume of a task (ECS-019).
type DockerVolume struct {
	Scope         string `json:"scope,omitempty"`
	Driver        string `json:"driver,omitempty"`
	Autoprovision bool   `json:"autoprovision,omitempty"`
}
