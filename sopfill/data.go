package sopfill

import (
	"github.com/ecspack/ecspack/cost"
	"github.com/ecspack/ecspack/evidence"
)

// Data is what every SOP and runbook template receives. Templates never walk
// the raw inventory: everything they show is computed here, in Go, as views
// with display-ready fields. Slices are sorted; strings that may be absent
// are "" (templates show {{todo "..."}} for them).
type Data struct {
	// Doc is the document being rendered.
	Doc DocInfo
	// Partner is the partner's profile from ecspack.yaml.
	Partner PartnerView
	// Package identifies the submission: id, date (YYYY-MM-DD), designation and checklist edition.
	Package PackageView
	// Case is the case study the "In <customer>'s deployment" part describes;
	// nil when the documents are rendered at partner level.
	Case *CaseView
}

// DocInfo names the document and the controls it answers.
type DocInfo struct {
	ID       string
	Title    string
	Controls []string
	// Status is the assessed status of the document's first control for the
	// case study ("" when not given in Options).
	Status string
}

// PartnerView is the partner's profile.
type PartnerView struct {
	Name, LegalName, Website string
	Contacts                 []evidence.Contact
}

// PackageView identifies the submission.
type PackageView struct {
	ID, Date, Designation, Checklist string
}

// CaseView is one case study with its inventory turned into views.
type CaseView struct {
	ID, Title string
	// Customer is the customer's name, or its public name (or "the customer")
	// when the case study is redacted.
	Customer                   string
	Industry, Country          string
	Problem, Solution, Outcome string
	ProductionDate             string
	Stage                      string
	Regions                    []string
	Accounts                   []evidence.AccountRef
	RTO, RPO                   string
	ComplianceScope            []string
	WAFR                       *WAFRView
	Contacts                   []evidence.Contact
	External                   []evidence.ExternalSystem
	// Ops are the partner's delivery facts from case.yaml's operations:.
	Ops                           evidence.Operations
	Cost                          CostView
	HasInventory                  bool
	Snapshot                      SnapshotView
	IAM                           []IAMView
	Clusters                      []ClusterView
	Services                      []ServiceView
	TaskDefinitions               []TaskDefView
	Alarms                        []AlarmView
	LogGroups                     []LogGroupView
	ScalingPolicies               []ScalingView
	VPCs                          []VPCView
	Subnets                       []SubnetView
	AZs                           []string
	SecurityGroups                []SGView
	NACLs                         []NACLView
	Endpoints                     []EndpointView
	NATGateways                   []NATView
	LoadBalancers                 []LBView
	Trails                        []TrailView
	KMS                           []KMSUse
	Secrets                       []SecretView
	AutoScalingGroups             []ASGView
	Repositories                  []RepoView
	GuardDuty                     []DetectorView
	EBSEncryptionByDefault        []RegionFlag
	FileSystems                   []FileSystemView
	Roles                         []RoleView
	InternetFacingLoadBalancers   int
	ServicesWithCircuitBreaker    int
	ServicesWithRollback          int
	ServicesWithAutoScaling       int
	ServicesInSeveralAZs          int
	ProposedKPIs, ImplementedKPIs int
	// KPIGroups gathers every service's KPIs by kind, for troubleshooting per KPI.
	KPIGroups []KPIGroup
	// Start is what the runbook's "Start here" page says (sopfill/start.go).
	Start StartView
}

// KPIGroup is one standard KPI (or "other") across the services.
type KPIGroup struct {
	Kind, Name string
	Entries    []KPIEntry
}

// KPIEntry is one service's implementation of a KPI.
type KPIEntry struct {
	Region, Cluster, Service string
	KPIView
}

// WAFRView is the Well-Architected review of the case study.
type WAFRView struct {
	Date, Report string
	// Waives is true when the review has no high risks in Security,
	// Operational Excellence and Reliability.
	Waives bool
}

// CostView is the case study's cost input and, when given, its model.
type CostView struct {
	BusinessValue, CalculatorURL string
	// EstimateBefore is the pre-implementation estimate formatted as money, or "".
	EstimateBefore string
	Lines          []evidence.CostLine
	// Model is the computed cost model (nil when Options.Cost was not given).
	Model *cost.Model
	// Total is Model.Total formatted as money, or "".
	Total string
	// ModelMarkdown is Model.Markdown(), for templates that embed the model.
	ModelMarkdown string
}

// SnapshotView says where the inventory came from.
type SnapshotView struct {
	Source, Tool, Taken string
	Errors              int
}

// IAMView holds the account-level IAM facts of one account.
type IAMView struct {
	Account string
	// RootMFA and RootAccessKeys are "yes", "no" or "" (not collected).
	RootMFA, RootAccessKeys string
}

// ClusterView is an ECS cluster.
type ClusterView struct {
	Account, Region, Name, ARN string
	CapacityProviders          []string
	DefaultStrategy            string
	ContainerInsights          string
	ExecLogging                string
	Services, RunningTasks     int
	ContainerInstances         int
}

// ServiceView is an ECS service with everything the documents say about it.
type ServiceView struct {
	Account, Region, Cluster, ClusterARN, Name, ARN string
	// Capacity is the launch type or the capacity provider strategy, e.g.
	// "FARGATE" or "FARGATE (base 1, weight 1), FARGATE_SPOT (weight 3)".
	Capacity string
	Spot     bool
	// Fargate is true when the service runs (at least partly) on Fargate.
	Fargate           bool
	Desired, Running  int
	TaskDefinition    string // family:revision
	TaskDefinitionARN string
	Family            string
	Revision          int
	// PreviousRevision is family:(revision-1), "" for revision 1.
	PreviousRevision             string
	CPU, Memory, Arch            string
	AZs, Subnets, SecurityGroups []string
	PublicIP                     bool
	// LoadBalancers are "name (type, scheme)"; TargetGroups are target group names.
	LoadBalancers, TargetGroups []string
	// InternetFacing is true when a load balancer of the service is
	// internet-facing; TargetGroupARNs are its target groups' ARNs.
	InternetFacing           bool
	TargetGroupARNs          []string
	Controller               string
	CircuitBreaker, Rollback bool
	MinHealthy, MaxPercent   int
	DeploymentAlarms         []string
	MinTasks, MaxTasks       int
	AutoScaling              bool
	ScalingPolicies          []ScalingView
	Alarms                   []AlarmView
	// SharedAlarms are the alarms on the service's load balancer that are
	// attributed to no service, each with why: "NAME (load balancer … serves
	// 2 services: …)".
	SharedAlarms      []string
	KPIs              []KPIView
	LogGroups         []string
	Secrets           []SecretView
	AutoScalingGroups []string
	ExecEnabled       bool
	Containers        []string
}

// KPIView is one health KPI of a service: an alarm found in the inventory or
// a proposed default (Proposed true).
type KPIView struct {
	// Kind is "cpu", "memory", "5xx", "unhealthy", "running" or "other".
	Kind, Name, Metric, Condition string
	Proposed                      bool
	Alarm                         string
	// Rule is why the alarm is the service's (estate.AlarmRule): "service
	// dimensions", "target group", …; "" for a proposed default.
	Rule    string
	Actions []string
}

// TaskDefView is a task definition revision.
type TaskDefView struct {
	Region, Name, ARN, CPU, Memory, Arch, NetworkMode string
	TaskRole, ExecutionRole                           string
	Containers                                        []string
	LogGroups                                         []string
}

// AlarmView is a CloudWatch alarm.
type AlarmView struct {
	Region, Name, Metric, Dimensions, Condition string
	Threshold                                   string
	Actions                                     []string
	ActionsEnabled                              bool
	State                                       string
	// Watches names the services the alarm is attributed to, each with its
	// rule, or why none ("no single service: load balancer … serves 2
	// services: …"); "" in a service's own list.
	Watches string
}

// LogGroupView is a CloudWatch Logs group.
type LogGroupView struct {
	Region, Name, Retention, Encryption string
}

// ScalingView is an Application Auto Scaling policy of a service.
type ScalingView struct {
	Region, Service, Name, Type, Metric, Target string
	Min, Max                                    int
}

// VPCView is a VPC.
type VPCView struct{ Region, ID, CIDR, Name string }

// SubnetView is a subnet.
type SubnetView struct {
	Region, ID, VPC, AZ, CIDR, Name, Kind string
	FreeIPs                               int
}

// SGView is a security group with its rules.
type SGView struct {
	Region, ID, Name, VPC, Description string
	Ingress, Egress                    []RuleView
	// OpenToInternet is true when an ingress rule allows 0.0.0.0/0 or ::/0.
	OpenToInternet bool
	UsedBy         []string
}

// RuleView is one security group rule.
type RuleView struct {
	Protocol, Ports, Peer, Description string
	Internet                           bool
}

// NACLView is a network ACL.
type NACLView struct {
	Region, ID, VPC string
	Default         bool
	Subnets         int
	Rules           []NACLRuleView
	// AllowsAll is true when the ACL only has the default allow-all rules.
	AllowsAll bool
}

// NACLRuleView is one numbered NACL rule.
type NACLRuleView struct {
	Number                                   int
	Direction, Protocol, Ports, CIDR, Action string
}

// EndpointView is a VPC endpoint.
type EndpointView struct{ Region, Service, Type string }

// NATView is a NAT gateway.
type NATView struct{ Region, ID, AZ, Subnet string }

// LBView is a load balancer with its listeners.
type LBView struct {
	Region, Name, Type, Scheme, DNS string
	AZs, SecurityGroups             []string
	Listeners                       []ListenerView
}

// ListenerView is one listener; Encrypted is true for HTTPS/TLS.
type ListenerView struct {
	Protocol             string
	Port                 int
	TLSPolicy            string
	Certificates         int
	Action               string
	Encrypted            bool
	MutualAuthentication string
}

// TrailView is a CloudTrail trail.
type TrailView struct {
	Region, Name, Bucket, KMSKey, CloudWatchLogs string
	MultiRegion, Validation, Organization        bool
	// Logging is "yes", "no" or "" (unknown).
	Logging string
}

// KMSUse is a resource encrypted with a customer-chosen KMS key.
type KMSUse struct{ Region, Kind, Resource, Key string }

// SecretView is a secret injected into a container, by reference only.
type SecretView struct {
	Region, TaskDefinition, Container, Name, ARN string
	// Store is "Secrets Manager" or "SSM Parameter Store".
	Store string
	// ID is what the store's CLI takes: the secret ARN, or the parameter name.
	ID string
	// Services are the services whose tasks receive the secret.
	Services []ServiceRef
}

// ServiceRef names an ECS service.
type ServiceRef struct{ Cluster, Name string }

// ASGView is an Auto Scaling group backing ECS capacity.
type ASGView struct {
	Region, Name, LaunchTemplate, CapacityProvider string
	// AMIParameter is the SSM parameter of the recommended ECS-optimized
	// Amazon Linux 2023 AMI for the group's architecture.
	AMIParameter       string
	Min, Max, Desired  int
	InstanceTypes, AZs []string
}

// RepoView is an ECR repository.
type RepoView struct {
	Region, Name, Mutability, Encryption string
	ScanOnPush                           bool
}

// DetectorView is a GuardDuty detector.
type DetectorView struct{ Region, ID, Status, RuntimeMonitoring string }

// RegionFlag is a per-region yes/no/unknown fact.
type RegionFlag struct{ Region, Value string }

// FileSystemView is an EFS file system.
type FileSystemView struct {
	Region, ID, Name, KMSKey string
	Encrypted                bool
	MountTargets             int
}

// RoleView is an IAM role referenced by task definitions.
type RoleView struct {
	Name, ARN string
	UsedBy    []string
	Policies  []string
}
