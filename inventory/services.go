package inventory

import "time"

// ELB holds Elastic Load Balancing v2 resources (ALB, NLB, GWLB).
type ELB struct {
	LoadBalancers []LoadBalancer `json:"load_balancers,omitempty"`
	TargetGroups  []TargetGroup  `json:"target_groups,omitempty"`
	// Certificates are the ACM certificates the region's HTTPS and TLS
	// listeners serve (acm DescribeCertificate), ordered by ARN; see
	// certificates.go.
	Certificates []Certificate `json:"certificates,omitempty"`
}

// LoadBalancer is an Application, Network or Gateway load balancer with its listeners.
type LoadBalancer struct {
	ARN     string `json:"arn"`
	Name    string `json:"name"`
	DNSName string `json:"dns_name,omitempty"`
	// Type is "application", "network" or "gateway".
	Type string `json:"type"`
	// Scheme is "internet-facing" or "internal".
	Scheme            string            `json:"scheme"`
	VPCID             string            `json:"vpc_id"`
	State             string            `json:"state,omitempty"`
	Subnets           []string          `json:"subnets,omitempty"`
	AvailabilityZones []string          `json:"availability_zones,omitempty"`
	SecurityGroups    []string          `json:"security_groups,omitempty"`
	Listeners         []Listener        `json:"listeners,omitempty"`
	Tags              map[string]string `json:"tags,omitempty"`
	// Attributes are the load balancer attributes the checks judge
	// (DescribeLoadBalancerAttributes: "routing.http.drop_invalid_header_fields.enabled",
	// "routing.http.desync_mitigation_mode", "deletion_protection.enabled",
	// "access_logs.s3.enabled", ...), by key as AWS names them. A key
	// absent from a collected map was not answered: unknown.
	Attributes map[string]string `json:"attributes,omitempty"`
	// AttributesCollected is true when DescribeLoadBalancerAttributes
	// answered; false means every attribute is unknown.
	AttributesCollected bool `json:"attributes_collected,omitempty"`
	// WebACL is the AWS WAF web ACL associated with the load balancer
	// (wafv2 GetWebACLForResource, read for internet-facing Application
	// Load Balancers only); nil when none is associated or it was not read
	// (WebACLCollected says which).
	WebACL          *WebACL `json:"web_acl,omitempty"`
	WebACLCollected bool    `json:"web_acl_collected,omitempty"`
	// Gaps lists the reads of this load balancer that failed (listeners,
	// rules, tags, attributes, listener certificates, web ACL): those are
	// then unknown, not empty.
	Gaps []string `json:"gaps,omitempty"`
}

// Listener is one listener of a load balancer (ECS-015, NETSEC-002).
type Listener struct {
	ARN      string `json:"arn"`
	Protocol string `json:"protocol"`
	Port     int    `json:"port"`
	// SSLPolicy is the TLS security policy name for HTTPS/TLS listeners.
	SSLPolicy string `json:"ssl_policy,omitempty"`
	// Certificates are the certificate ARNs the listener serves: the
	// default one first (DescribeListeners), then, once
	// DescribeListenerCertificates answered (CertificatesListed), the
	// additional SNI certificates, sorted.
	Certificates       []string `json:"certificates,omitempty"`
	CertificatesListed bool     `json:"certificates_listed,omitempty"`
	// MutualAuthentication is the mTLS mode ("off", "passthrough", "verify"), when set.
	MutualAuthentication string   `json:"mutual_authentication,omitempty"`
	DefaultActions       []Action `json:"default_actions,omitempty"`
	Rules                []Rule   `json:"rules,omitempty"`
}

// Action is a listener or rule action.
type Action struct {
	// Type is "forward", "redirect", "fixed-response", "authenticate-oidc", "authenticate-cognito".
	Type string `json:"type"`
	// TargetGroups are the target group ARNs a forward action sends to.
	TargetGroups []string `json:"target_groups,omitempty"`
	// RedirectProtocol and RedirectPort describe a redirect action.
	RedirectProtocol string `json:"redirect_protocol,omitempty"`
	RedirectPort     string `json:"redirect_port,omitempty"`
	StatusCode       string `json:"status_code,omitempty"`
}

// Rule is a non-default listener rule.
type Rule struct {
	ARN        string   `json:"arn"`
	Priority   string   `json:"priority"`
	Conditions []string `json:"conditions,omitempty"`
	Actions    []Action `json:"actions,omitempty"`
}

// TargetGroup is a target group and the health of its targets.
type TargetGroup struct {
	ARN      string `json:"arn"`
	Name     string `json:"name"`
	Protocol string `json:"protocol,omitempty"`
	Port     int    `json:"port,omitempty"`
	VPCID    string `json:"vpc_id,omitempty"`
	// TargetType is "ip", "instance", "lambda" or "alb".
	TargetType          string         `json:"target_type,omitempty"`
	LoadBalancers       []string       `json:"load_balancers,omitempty"`
	HealthCheckPath     string         `json:"health_check_path,omitempty"`
	HealthCheckProtocol string         `json:"health_check_protocol,omitempty"`
	Targets             []TargetHealth `json:"targets,omitempty"`
	// Gaps is set when DescribeTargetHealth failed: the targets are unknown.
	Gaps []string `json:"gaps,omitempty"`
}

// TargetHealth is one registered target and its state.
type TargetHealth struct {
	ID               string `json:"id"`
	Port             int    `json:"port,omitempty"`
	AvailabilityZone string `json:"availability_zone,omitempty"`
	// State is "healthy", "unhealthy", "initial", "draining", "unused" or "unavailable".
	State  string `json:"state"`
	Reason string `json:"reason,omitempty"`
}

// AutoScaling holds EC2 Auto Scaling groups and Application Auto Scaling for ECS services.
type AutoScaling struct {
	Groups          []AutoScalingGroup `json:"groups,omitempty"`
	ScalableTargets []ScalableTarget   `json:"scalable_targets,omitempty"`
	ScalingPolicies []ScalingPolicy    `json:"scaling_policies,omitempty"`
}

// AutoScalingGroup is an EC2 Auto Scaling group backing ECS capacity.
type AutoScalingGroup struct {
	ARN               string   `json:"arn"`
	Name              string   `json:"name"`
	MinSize           int      `json:"min_size"`
	MaxSize           int      `json:"max_size"`
	DesiredCapacity   int      `json:"desired_capacity"`
	AvailabilityZones []string `json:"availability_zones,omitempty"`
	Subnets           []string `json:"subnets,omitempty"`
	// InstanceTypes lists the launch template's type and every override of a mixed instances policy.
	InstanceTypes                    []string          `json:"instance_types,omitempty"`
	LaunchTemplate                   string            `json:"launch_template,omitempty"`
	MixedInstances                   *MixedInstances   `json:"mixed_instances,omitempty"`
	CapacityRebalance                bool              `json:"capacity_rebalance,omitempty"`
	NewInstancesProtectedFromScaleIn bool              `json:"new_instances_protected_from_scale_in,omitempty"`
	Instances                        []string          `json:"instances,omitempty"`
	Tags                             map[string]string `json:"tags,omitempty"`
}

// MixedInstances is the distribution part of a mixed instances policy (ECS-008).
type MixedInstances struct {
	OnDemandBaseCapacity                int    `json:"on_demand_base_capacity"`
	OnDemandPercentageAboveBaseCapacity int    `json:"on_demand_percentage_above_base_capacity"`
	SpotAllocationStrategy              string `json:"spot_allocation_strategy,omitempty"`
	OnDemandAllocationStrategy          string `json:"on_demand_allocation_strategy,omitempty"`
}

// ScalableTarget is an Application Auto Scaling target for an ECS service's desired count.
type ScalableTarget struct {
	// ResourceID is "service/CLUSTER/SERVICE".
	ResourceID        string `json:"resource_id"`
	ScalableDimension string `json:"scalable_dimension"`
	MinCapacity       int    `json:"min_capacity"`
	MaxCapacity       int    `json:"max_capacity"`
	Suspended         bool   `json:"suspended,omitempty"`
}

// ScalingPolicy is a scaling policy on a scalable target.
type ScalingPolicy struct {
	Name       string `json:"name"`
	ARN        string `json:"arn,omitempty"`
	ResourceID string `json:"resource_id"`
	// Type is "TargetTrackingScaling", "StepScaling" or "PredictiveScaling".
	Type string `json:"type"`
	// Metric is the predefined metric type or a "namespace/metric" name.
	Metric      string   `json:"metric,omitempty"`
	TargetValue float64  `json:"target_value,omitempty"`
	Alarms      []string `json:"alarms,omitempty"`
}

// ECR holds Amazon ECR repositories and the registry scanning configuration (ECS-010).
type ECR struct {
	Repositories []Repository `json:"repositories,omitempty"`
	// ScanningConfiguration is nil when it could not be read.
	Scanning *RegistryScanning `json:"registry_scanning,omitempty"`
}

// Repository is one ECR repository.
type Repository struct {
	ARN  string `json:"arn"`
	Name string `json:"name"`
	URI  string `json:"uri"`
	// TagMutability is "MUTABLE" or "IMMUTABLE" (or the *_WITH_EXCLUSION variants).
	TagMutability string `json:"tag_mutability,omitempty"`
	ScanOnPush    bool   `json:"scan_on_push"`
	// EncryptionType is "AES256", "KMS" or "KMS_DSSE".
	EncryptionType string            `json:"encryption_type,omitempty"`
	KMSKey         string            `json:"kms_key,omitempty"`
	Tags           map[string]string `json:"tags,omitempty"`
	// Policy is the repository policy document as JSON text
	// (GetRepositoryPolicy), so that a check can see a public ("*") or
	// cross-account pull; empty when the repository has none or it was not
	// read (PolicyCollected says which).
	Policy string `json:"policy,omitempty"`
	// PolicyCollected is true when GetRepositoryPolicy answered, with a
	// policy or with RepositoryPolicyNotFoundException (no policy).
	PolicyCollected bool `json:"policy_collected,omitempty"`
	// LifecyclePolicy is the lifecycle policy as JSON text
	// (GetLifecyclePolicy): which images ECR expires (Security Hub ECR.3).
	// Empty when the repository has none or it was not read
	// (LifecyclePolicyCollected says which).
	LifecyclePolicy string `json:"lifecycle_policy,omitempty"`
	// LifecyclePolicyCollected is true when GetLifecyclePolicy answered,
	// with a policy or with LifecyclePolicyNotFoundException (none).
	LifecyclePolicyCollected bool `json:"lifecycle_policy_collected,omitempty"`
	// Images are the images of this repository that task definitions or
	// tasks run, one per tag or digest looked up (DescribeImages), ordered
	// by Reference. An image in use without an entry was not looked up:
	// its existence and scan results are unknown.
	Images []RepositoryImage `json:"images,omitempty"`
	// Gaps lists the reads about this repository that failed
	// (GetRepositoryPolicy, GetLifecyclePolicy): those facts are then unknown.
	Gaps []string `json:"gaps,omitempty"`
}

// RepositoryImage is what ECR says about one image reference in use (ECS-010).
type RepositoryImage struct {
	// Reference is the tag ("latest") or digest ("sha256:...") a task
	// definition or task names.
	Reference string `json:"reference"`
	// Missing is true when ECR answered ImageNotFoundException: no image
	// with that tag or digest exists in the repository (any more).
	Missing bool   `json:"missing,omitempty"`
	Digest  string `json:"digest,omitempty"`
	// Tags are all the image's tags, sorted.
	Tags     []string  `json:"tags,omitempty"`
	PushedAt time.Time `json:"pushed_at,omitzero"`
	// ScanStatus is imageScanStatus.status ("COMPLETE", "FAILED",
	// "IN_PROGRESS", "UNSUPPORTED_IMAGE", "ACTIVE", "PENDING",
	// "SCAN_ELIGIBILITY_EXPIRED", "FINDINGS_UNAVAILABLE"); empty when the
	// image was never scanned.
	ScanStatus            string `json:"scan_status,omitempty"`
	ScanStatusDescription string `json:"scan_status_description,omitempty"`
	// ScanCompletedAt is when the last scan finished.
	ScanCompletedAt time.Time `json:"scan_completed_at,omitzero"`
	// VulnerabilitySourceUpdatedAt is the vulnerability database's date at that scan.
	VulnerabilitySourceUpdatedAt time.Time `json:"vulnerability_source_updated_at,omitzero"`
	// FindingCounts are the scan findings by severity ("CRITICAL", "HIGH",
	// "MEDIUM", "LOW", "INFORMATIONAL", "UNDEFINED"); empty when the image
	// was never scanned, and also after a COMPLETE scan that found nothing.
	FindingCounts map[string]int `json:"finding_counts,omitempty"`
	// Gaps is set when DescribeImages failed for this reference (other
	// than "not found"): everything but Reference is then unknown.
	Gaps []string `json:"gaps,omitempty"`
}

// RegistryScanning is the registry-level scanning configuration.
type RegistryScanning struct {
	// Type is "BASIC" or "ENHANCED".
	Type  string             `json:"type"`
	Rules []RegistryScanRule `json:"rules,omitempty"`
}

// RegistryScanRule is one scanning rule of the registry.
type RegistryScanRule struct {
	// Frequency is "SCAN_ON_PUSH", "CONTINUOUS_SCAN" or "MANUAL".
	Frequency string   `json:"frequency"`
	Filters   []string `json:"filters,omitempty"`
}

// FileSystem is an EFS file system with its mount targets and access points.
type FileSystem struct {
	ID        string `json:"id"`
	ARN       string `json:"arn,omitempty"`
	Name      string `json:"name,omitempty"`
	Encrypted bool   `json:"encrypted"`
	KMSKey    string `json:"kms_key,omitempty"`
	// PerformanceMode and ThroughputMode describe the performance choice (ECS-019).
	PerformanceMode string `json:"performance_mode,omitempty"`
	ThroughputMode  string `json:"throughput_mode,omitempty"`
	// AvailabilityZone is set for One Zone file systems.
	AvailabilityZone string            `json:"availability_zone,omitempty"`
	LifeCycleState   string            `json:"lifecycle_state,omitempty"`
	MountTargets     []MountTarget     `json:"mount_targets,omitempty"`
	AccessPoints     []AccessPoint     `json:"access_points,omitempty"`
	Tags             map[string]string `json:"tags,omitempty"`
	// BackupPolicy is the automatic backup status (DescribeBackupPolicy:
	// "ENABLED", "ENABLING", "DISABLED", "DISABLING"); empty when the file
	// system has no backup policy or it was not read (BackupPolicyCollected
	// says which).
	BackupPolicy          string `json:"backup_policy,omitempty"`
	BackupPolicyCollected bool   `json:"backup_policy_collected,omitempty"`
	// Policy is the file system's resource policy as JSON text
	// (DescribeFileSystemPolicy), which can require IAM authorization or
	// TLS for mounts (ECS-021); empty when it has none or it was not read
	// (PolicyCollected says which).
	Policy          string `json:"policy,omitempty"`
	PolicyCollected bool   `json:"policy_collected,omitempty"`
	// Gaps lists the reads of this file system that failed (mount targets,
	// their security groups, access points, backup and resource policies):
	// those are then unknown.
	Gaps []string `json:"gaps,omitempty"`
}

// MountTarget is an EFS mount target in one subnet and AZ.
type MountTarget struct {
	ID               string   `json:"id"`
	SubnetID         string   `json:"subnet_id"`
	AvailabilityZone string   `json:"availability_zone"`
	IPAddress        string   `json:"ip_address,omitempty"`
	SecurityGroups   []string `json:"security_groups,omitempty"`
	LifeCycleState   string   `json:"lifecycle_state,omitempty"`
}

// AccessPoint is an EFS access point (ECS-021).
type AccessPoint struct {
	ID            string `json:"id"`
	ARN           string `json:"arn,omitempty"`
	Name          string `json:"name,omitempty"`
	RootDirectory string `json:"root_directory,omitempty"`
	// PosixUser is "uid:gid" when enforced.
	PosixUser string `json:"posix_user,omitempty"`
}

// Trail is a CloudTrail trail and its status (ACCT-001).
type Trail struct {
	ARN                 string `json:"arn"`
	Name                string `json:"name"`
	HomeRegion          string `json:"home_region,omitempty"`
	MultiRegion         bool   `json:"multi_region"`
	Organization        bool   `json:"organization,omitempty"`
	LogFileValidation   bool   `json:"log_file_validation"`
	S3Bucket            string `json:"s3_bucket,omitempty"`
	KMSKey              string `json:"kms_key,omitempty"`
	CloudWatchLogsGroup string `json:"cloudwatch_logs_group,omitempty"`
	IncludeGlobalEvents bool   `json:"include_global_service_events,omitempty"`
	// IsLogging is nil when the status could not be read.
	IsLogging *bool `json:"is_logging,omitempty"`
	// Gaps is set when GetTrailStatus failed for the trail.
	Gaps []string `json:"gaps,omitempty"`
	// Bucket is how S3Bucket protects the logs from deletion and exposure
	// (ACCT-001: "protect CloudTrail logs from accidental deletion with a
	// dedicated S3 bucket"); nil when it was not read (the trail's copy in
	// another region than its home, or a snapshot that predates the read).
	Bucket *BucketProtection `json:"s3_bucket_protection,omitempty"`
}

// BucketProtection is what S3 says about a bucket's protection from
// deletion (versioning, Object Lock) and from the public.
type BucketProtection struct {
	// Region is the bucket's (GetBucketLocation).
	Region string `json:"region,omitempty"`
	// Versioning is GetBucketVersioning Status: "Enabled", "Suspended",
	// or "" for a bucket whose versioning was never enabled.
	Versioning string `json:"versioning,omitempty"`
	MFADelete  bool   `json:"mfa_delete,omitempty"`
	// ObjectLock is GetObjectLockConfiguration ObjectLockEnabled; Mode and
	// Days are its default retention (Years counted as 365 days).
	ObjectLock     bool   `json:"object_lock,omitempty"`
	ObjectLockMode string `json:"object_lock_mode,omitempty"`
	ObjectLockDays int    `json:"object_lock_days,omitempty"`
	// PublicAccessBlocked is true when all four settings of the bucket's
	// public access block are on (GetPublicAccessBlock).
	PublicAccessBlocked bool `json:"public_access_blocked,omitempty"`
	// Gaps are the reads that failed: the fields they fill are unknown.
	Gaps []string `json:"gaps,omitempty"`
}

// Alarm is a CloudWatch metric alarm (OPE-001).
type Alarm struct {
	Name       string `json:"name"`
	ARN        string `json:"arn,omitempty"`
	Namespace  string `json:"namespace,omitempty"`
	MetricName string `json:"metric_name,omitempty"`
	// Dimensions are "Name=Value" pairs, sorted.
	Dimensions         []string `json:"dimensions,omitempty"`
	Statistic          string   `json:"statistic,omitempty"`
	ComparisonOperator string   `json:"comparison_operator,omitempty"`
	Threshold          float64  `json:"threshold"`
	Period             int      `json:"period,omitempty"`
	EvaluationPeriods  int      `json:"evaluation_periods,omitempty"`
	ActionsEnabled     bool     `json:"actions_enabled"`
	AlarmActions       []string `json:"alarm_actions,omitempty"`
	State              string   `json:"state,omitempty"`
}

// LogGroup is a CloudWatch Logs log group.
type LogGroup struct {
	Name          string `json:"name"`
	ARN           string `json:"arn,omitempty"`
	RetentionDays int    `json:"retention_days,omitempty"`
	KMSKey        string `json:"kms_key,omitempty"`
	StoredBytes   int64  `json:"stored_bytes,omitempty"`
}

// RuntimeCoverage is GuardDuty Runtime Monitoring's coverage of one ECS
// cluster (ListCoverage EcsClusterDetails).
type RuntimeCoverage struct {
	// ClusterName is the cluster's name as GuardDuty reports it.
	ClusterName string `json:"cluster_name"`
	// Status is "HEALTHY" or "UNHEALTHY"; Issue says why a cluster is unhealthy.
	Status string `json:"status,omitempty"`
	Issue  string `json:"issue,omitempty"`
	// FargateManagement is the Fargate agent management type ("AUTO_MANAGED",
	// "MANUAL", "DISABLED"), when the cluster runs Fargate tasks.
	FargateManagement string `json:"fargate_management,omitempty"`
	// CoveredInstances and CompatibleInstances count the cluster's container
	// instances that run the GuardDuty agent and that could run it.
	CoveredInstances    int       `json:"covered_instances,omitempty"`
	CompatibleInstances int       `json:"compatible_instances,omitempty"`
	UpdatedAt           time.Time `json:"updated_at,omitzero"`
}

// Namespace is a Cloud Map namespace (ECS-017, ECS-023).
type Namespace struct {
	ID   string `json:"id"`
	ARN  string `json:"arn,omitempty"`
	Name string `json:"name"`
	// Type is "DNS_PUBLIC", "DNS_PRIVATE" or "HTTP".
	Type         string `json:"type"`
	Description  string `json:"description,omitempty"`
	ServiceCount int    `json:"service_count,omitempty"`
}

// Detector is a GuardDuty detector and whether ECS runtime monitoring is on (ECS-011).
type Detector struct {
	ID     string `json:"id"`
	Status string `json:"status"`
	// RuntimeMonitoring is the RUNTIME_MONITORING feature status ("ENABLED"/"DISABLED").
	RuntimeMonitoring string `json:"runtime_monitoring,omitempty"`
	// ECSFargateAgent is the ECS_FARGATE_AGENT_MANAGEMENT additional configuration status.
	ECSFargateAgent string `json:"ecs_fargate_agent_management,omitempty"`
	// EC2Agent is the EC2_AGENT_MANAGEMENT additional configuration status
	// of RUNTIME_MONITORING: on EC2-backed clusters GuardDuty watches the
	// containers only when its agent runs on the instances, managed by
	// GuardDuty (this) or installed by the partner (Coverage says).
	EC2Agent string `json:"ec2_agent_management,omitempty"`
	// EKSRuntimeMonitoring is the older EKS_RUNTIME_MONITORING feature
	// status; it covers EKS only, never ECS, and is kept so that a check
	// can say so rather than mistake it for ECS coverage.
	EKSRuntimeMonitoring string    `json:"eks_runtime_monitoring,omitempty"`
	UpdatedAt            time.Time `json:"updated_at,omitzero"`
	// Coverage is GuardDuty's runtime coverage of the region's ECS clusters
	// (ListCoverage, resource type ECS), ordered by cluster; meaningful only
	// when CoverageCollected is true.
	Coverage []RuntimeCoverage `json:"ecs_coverage,omitempty"`
	// CoverageCollected is true when every page of ListCoverage was read: a
	// cluster absent from Coverage is then not covered. False (an older
	// snapshot, a failed or denied call) leaves coverage unknown.
	CoverageCollected bool `json:"ecs_coverage_collected,omitempty"`
	// Gaps is set when the detector is listed but GetDetector failed: its
	// status and features are then unknown.
	Gaps []string `json:"gaps,omitempty"`
}
