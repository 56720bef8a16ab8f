// Package inventory is the snapshot of an AWS estate that ecspack works from.
//
// A Snapshot is the seam between discovery and everything after it: discovery
// (or import of aws CLI output, or the synthetic generator) writes one, and the
// assessment, diagrams and renderers read it offline, with no credentials and
// no AWS SDK. The JSON form is versioned by SchemaVersion and decoded strictly,
// so a typo in a hand-edited snapshot is an error rather than a silently
// missing resource.
//
// The model keeps what the checklist's controls and the diagrams need and
// nothing secret: container environment variables and secrets are stored by
// name only, never by value.
package inventory

import "time"

// SchemaVersion is the version of the snapshot format this package reads and
// writes. It changes whenever a field changes meaning or is removed; adding an
// optional field does not change it.
const SchemaVersion = "1"

// Snapshot is one collection of one or more AWS accounts, each with one or
// more regions.
type Snapshot struct {
	// SchemaVersion must equal the package's SchemaVersion.
	SchemaVersion string `json:"schema_version"`
	// Collection says how, when and by what the snapshot was made.
	Collection Collection `json:"collection"`
	// Accounts holds the estate, ordered by account id.
	Accounts []Account `json:"accounts"`
}

// Collection is the provenance of a snapshot: reviewers need to know when the
// evidence was taken and what could not be collected.
type Collection struct {
	// Source is how the snapshot was made: "discover", "import", "synth" or "manual".
	Source string `json:"source"`
	// Tool is the program and version that wrote the snapshot, e.g. "ecspack 0.1.0".
	Tool string `json:"tool,omitempty"`
	// StartedAt and FinishedAt bound the collection in UTC.
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at,omitzero"`
	// Calls counts API calls made, one entry per service and operation, sorted.
	Calls []CallCount `json:"calls,omitempty"`
	// Errors lists what could not be collected; the rest of the snapshot is still valid.
	Errors []CollectionError `json:"errors,omitempty"`
	// Incomplete is true when the collection stopped before it finished (an
	// interrupt): anything may be missing, so an absence proves nothing and
	// checks treat every verdict as unverified.
	Incomplete bool `json:"incomplete,omitempty"`
}

// Gap texts name one detail read of one resource that failed, e.g.
// "iam GetRolePolicy: Throttling". A resource with gaps is in the snapshot
// but not everything about it is: checks must read what is absent as unknown,
// never as a fact (a role whose policies could not be read is not a role
// without policies).

// CallCount is the number of calls made to one API operation.
type CallCount struct {
	Service   string `json:"service"`
	Operation string `json:"operation"`
	Count     int    `json:"count"`
}

// CollectionError records one API call (or imported file) that failed, so the
// package can say which evidence is missing instead of pretending it is absent.
type CollectionError struct {
	Account   string `json:"account,omitempty"`
	Region    string `json:"region,omitempty"`
	Service   string `json:"service"`
	Operation string `json:"operation"`
	// Code is the AWS error code (AccessDenied, Throttling, ...) or a short local code.
	Code    string `json:"code,omitempty"`
	Message string `json:"message"`
}

// CodeRegionNotCollected is the CollectionError code of a resource the
// estate names in a region that was not collected: a log group named by a
// container's awslogs-region outside the collected regions. Its facts are
// unknown, not absent.
const CodeRegionNotCollected = "RegionNotCollected"

// Account is one AWS account and what was found in it.
type Account struct {
	// ID is the 12-digit account id.
	ID string `json:"id"`
	// Alias is the account alias or a human name, when known.
	Alias string `json:"alias,omitempty"`
	// IAM holds the account-wide (global) IAM facts.
	IAM IAM `json:"iam"`
	// S3PublicAccessBlock is the account's S3 Block Public Access, read
	// once per account: it covers every bucket of the account, so a bucket
	// whose own block is off is still kept from the public when this one is
	// fully on (NETSEC-001). nil when it was not read (the s3control
	// collector did not run, or the snapshot predates the read): unknown.
	S3PublicAccessBlock *S3AccountBlock `json:"s3_public_access_block,omitempty"`
	// Regions holds the regional resources, ordered by region name.
	Regions []Region `json:"regions"`
}

// IAM holds the global IAM facts the controls use: the account summary and the
// roles that task definitions reference.
type IAM struct {
	// Summary is GetAccountSummary's SummaryMap (e.g. AccountMFAEnabled,
	// AccountAccessKeysPresent); nil when it was not collected.
	Summary map[string]int `json:"summary,omitempty"`
	// Roles are the task and execution roles referenced by task definitions,
	// ordered by ARN.
	Roles []Role `json:"roles,omitempty"`
}

// Role is an IAM role with its policies, so least privilege can be judged.
type Role struct {
	ARN  string `json:"arn"`
	Name string `json:"name"`
	// TrustPolicy is the assume-role policy document as JSON text.
	TrustPolicy string `json:"trust_policy,omitempty"`
	// InlinePolicies are the role's inline policies, ordered by name.
	InlinePolicies []Policy `json:"inline_policies,omitempty"`
	// AttachedPolicies are the managed policies attached to the role, ordered by ARN.
	AttachedPolicies []Policy          `json:"attached_policies,omitempty"`
	Tags             map[string]string `json:"tags,omitempty"`
	// Gaps lists the reads of this role that failed (GetRole, its policy
	// lists, a policy document): its trust or policies are then unknown.
	Gaps []string `json:"gaps,omitempty"`
}

// Policy is an IAM policy document. For AWS managed policies the document is
// usually not collected (AWSManaged is true, Document empty).
type Policy struct {
	Name       string `json:"name"`
	ARN        string `json:"arn,omitempty"`
	AWSManaged bool   `json:"aws_managed,omitempty"`
	// Document is the policy JSON text (URL-decoded), when collected.
	Document string `json:"document,omitempty"`
}

// Region is everything found in one account and region.
type Region struct {
	// Name is the region code, e.g. "eu-west-1".
	Name              string             `json:"name"`
	AvailabilityZones []AvailabilityZone `json:"availability_zones,omitempty"`
	Network           Network            `json:"network"`
	ECS               ECS                `json:"ecs"`
	EC2               EC2                `json:"ec2"`
	ELB               ELB                `json:"elb"`
	AutoScaling       AutoScaling        `json:"autoscaling"`
	ECR               ECR                `json:"ecr"`
	EFS               []FileSystem       `json:"efs,omitempty"`
	Trails            []Trail            `json:"cloudtrail,omitempty"`
	Alarms            []Alarm            `json:"cloudwatch_alarms,omitempty"`
	LogGroups         []LogGroup         `json:"log_groups,omitempty"`
	Namespaces        []Namespace        `json:"cloud_map_namespaces,omitempty"`
	GuardDuty         []Detector         `json:"guardduty,omitempty"`
	// RDS holds the region's DB instances and clusters (rds.go).
	RDS RDS `json:"rds,omitzero"`
	// Secrets are the Secrets Manager secrets the region's task
	// definitions inject, metadata only (keys.go).
	Secrets []Secret `json:"secrets,omitempty"`
	// DynamoDBTables are the DynamoDB tables the region's task roles grant
	// actions on (dynamodb.go).
	DynamoDBTables []DynamoDBTable `json:"dynamodb_tables,omitempty"`
	// KMSKeys are the KMS keys the region's resources in use and task
	// roles name, as DescribeKey describes them (keys.go).
	KMSKeys []KMSKey `json:"kms_keys,omitempty"`
	// Queues and Topics are the SQS queues and SNS topics of the region
	// its task roles' policies name (messaging.go).
	Queues []Queue `json:"sqs_queues,omitempty"`
	Topics []Topic `json:"sns_topics,omitempty"`
	// Buckets are the S3 buckets of the region its task roles reach
	// (buckets.go).
	Buckets []Bucket `json:"s3_buckets,omitempty"`
}

// AvailabilityZone is one zone of a region.
type AvailabilityZone struct {
	Name string `json:"name"`
	// ID is the zone id (e.g. "euw1-az1"), stable across accounts unlike Name.
	ID    string `json:"id,omitempty"`
	State string `json:"state,omitempty"`
	// Type is "availability-zone", "local-zone" or "wavelength-zone".
	Type string `json:"type,omitempty"`
}

// Network is the VPC layer of a region.
type Network struct {
	VPCs             []VPC             `json:"vpcs,omitempty"`
	Subnets          []Subnet          `json:"subnets,omitempty"`
	RouteTables      []RouteTable      `json:"route_tables,omitempty"`
	InternetGateways []InternetGateway `json:"internet_gateways,omitempty"`
	NATGateways      []NATGateway      `json:"nat_gateways,omitempty"`
	SecurityGroups   []SecurityGroup   `json:"security_groups,omitempty"`
	NetworkACLs      []NetworkACL      `json:"network_acls,omitempty"`
	VPCEndpoints     []VPCEndpoint     `json:"vpc_endpoints,omitempty"`
	// NetworkInterfaces are the region's elastic network interfaces
	// (DescribeNetworkInterfaces), so that a security group worn by anything
	// (a bastion host, a database, a Lambda function, an ECS task) counts as
	// in use (NETSEC-001), not only by the resources the snapshot models.
	NetworkInterfaces []NetworkInterface `json:"network_interfaces,omitempty"`
	// NetworkInterfacesCollected is true when every page of
	// DescribeNetworkInterfaces was read: only then does a group that no
	// interface wears prove unused. Snapshots made before it was collected,
	// or whose call failed, leave it false, and "in use" is then unknown.
	NetworkInterfacesCollected bool `json:"network_interfaces_collected,omitempty"`
}

// NetworkInterface is one elastic network interface and the security groups
// it wears. Addresses are not kept: what matters is who wears which group.
type NetworkInterface struct {
	ID string `json:"id"`
	// Type is the interface type: "interface" (EC2 instances, ECS awsvpc
	// tasks, RDS, Lambda, ...), "network_load_balancer", "nat_gateway",
	// "vpc_endpoint", "lambda", ... as EC2 reports it.
	Type string `json:"type,omitempty"`
	// Description is EC2's description, which names the owner of a managed
	// interface ("RDSNetworkInterface", "ELB app/web/...", "arn:aws:ecs:...").
	Description string `json:"description,omitempty"`
	// RequesterManaged is true when an AWS service created and manages the
	// interface (RDS, ELB, ECS awsvpc tasks, ...); RequesterID names it
	// ("amazon-rds", "amazon-elb", an account or principal id).
	RequesterManaged bool   `json:"requester_managed,omitempty"`
	RequesterID      string `json:"requester_id,omitempty"`
	// Status is "available", "in-use", "attaching", "detaching" or "associated".
	Status string `json:"status,omitempty"`
	// InstanceID is the EC2 instance the interface is attached to, when any.
	InstanceID       string `json:"instance_id,omitempty"`
	VPCID            string `json:"vpc_id,omitempty"`
	SubnetID         string `json:"subnet_id,omitempty"`
	AvailabilityZone string `json:"availability_zone,omitempty"`
	// SecurityGroups are the ids of the groups the interface wears, sorted.
	SecurityGroups []string `json:"security_groups,omitempty"`
}

// VPC is one virtual private cloud.
type VPC struct {
	ID        string            `json:"id"`
	CIDR      string            `json:"cidr"`
	IsDefault bool              `json:"is_default,omitempty"`
	Tags      map[string]string `json:"tags,omitempty"`
}

// Subnet is one subnet; Public is derived from its route table (a route to an
// internet gateway), which is what "public subnet" means on AWS.
type Subnet struct {
	ID               string `json:"id"`
	VPCID            string `json:"vpc_id"`
	AvailabilityZone string `json:"availability_zone"`
	CIDR             string `json:"cidr"`
	// Public is true when the subnet's route table routes 0.0.0.0/0 to an internet gateway.
	Public bool `json:"public"`
	// AvailableIPs is the number of free IPv4 addresses (ECS-016).
	AvailableIPs        int               `json:"available_ips"`
	MapPublicIPOnLaunch bool              `json:"map_public_ip_on_launch,omitempty"`
	Tags                map[string]string `json:"tags,omitempty"`
}

// RouteTable is one route table and the subnets it is associated with.
type RouteTable struct {
	ID    string `json:"id"`
	VPCID string `json:"vpc_id"`
	// Main is true for the VPC's main route table, which applies to subnets
	// without an explicit association.
	Main    bool     `json:"main,omitempty"`
	Subnets []string `json:"subnets,omitempty"`
	Routes  []Route  `json:"routes,omitempty"`
}

// Route is one route; Target is the gateway, NAT gateway, endpoint or
// interface it points to ("local" for the VPC's own range).
type Route struct {
	Destination string `json:"destination"`
	Target      string `json:"target"`
	State       string `json:"state,omitempty"`
}

// InternetGateway is an internet gateway and the VPCs it is attached to.
type InternetGateway struct {
	ID   string            `json:"id"`
	VPCs []string          `json:"vpcs,omitempty"`
	Tags map[string]string `json:"tags,omitempty"`
}

// NATGateway lets private subnets reach the internet; it lives in one subnet (and so one AZ).
type NATGateway struct {
	ID       string `json:"id"`
	VPCID    string `json:"vpc_id"`
	SubnetID string `json:"subnet_id"`
	State    string `json:"state,omitempty"`
	// ConnectivityType is "public" or "private".
	ConnectivityType string            `json:"connectivity_type,omitempty"`
	PublicIPs        []string          `json:"public_ips,omitempty"`
	Tags             map[string]string `json:"tags,omitempty"`
}

// SecurityGroup is a security group with its rules.
type SecurityGroup struct {
	ID          string            `json:"id"`
	Name        string            `json:"name"`
	VPCID       string            `json:"vpc_id,omitempty"`
	Description string            `json:"description,omitempty"`
	Ingress     []SecurityRule    `json:"ingress,omitempty"`
	Egress      []SecurityRule    `json:"egress,omitempty"`
	Tags        map[string]string `json:"tags,omitempty"`
}

// SecurityRule is one permission of a security group, flattened to one
// source per rule so that checks can reason about each source.
type SecurityRule struct {
	// Protocol is "tcp", "udp", "icmp" or "-1" (all).
	Protocol string `json:"protocol"`
	FromPort int    `json:"from_port"`
	ToPort   int    `json:"to_port"`
	// Exactly one of the sources is set.
	CIDR        string `json:"cidr,omitempty"`
	IPv6CIDR    string `json:"ipv6_cidr,omitempty"`
	SourceGroup string `json:"source_group,omitempty"`
	PrefixList  string `json:"prefix_list,omitempty"`
	Description string `json:"description,omitempty"`
}

// NetworkACL is a stateless subnet firewall.
type NetworkACL struct {
	ID        string     `json:"id"`
	VPCID     string     `json:"vpc_id"`
	IsDefault bool       `json:"is_default,omitempty"`
	Subnets   []string   `json:"subnets,omitempty"`
	Entries   []ACLEntry `json:"entries,omitempty"`
}

// ACLEntry is one numbered rule of a network ACL.
type ACLEntry struct {
	RuleNumber int    `json:"rule_number"`
	Egress     bool   `json:"egress"`
	Protocol   string `json:"protocol"`
	// Action is "allow" or "deny".
	Action   string `json:"action"`
	CIDR     string `json:"cidr,omitempty"`
	IPv6CIDR string `json:"ipv6_cidr,omitempty"`
	FromPort int    `json:"from_port,omitempty"`
	ToPort   int    `json:"to_port,omitempty"`
}

// VPCEndpoint is a gateway or interface endpoint that keeps AWS traffic inside the VPC (ECS-017).
type VPCEndpoint struct {
	ID          string `json:"id"`
	VPCID       string `json:"vpc_id"`
	ServiceName string `json:"service_name"`
	// Type is "Gateway", "Interface" or "GatewayLoadBalancer".
	Type              string   `json:"type"`
	State             string   `json:"state,omitempty"`
	Subnets           []string `json:"subnets,omitempty"`
	PrivateDNSEnabled bool     `json:"private_dns_enabled,omitempty"`
	// SecurityGroups are the ids of the groups on an interface endpoint's
	// network interfaces (DescribeVpcEndpoints Groups[].GroupId), so that a
	// group used only by an endpoint counts as in use (NETSEC-001). Gateway
	// endpoints have none.
	SecurityGroups []string `json:"security_groups,omitempty"`
}

// EC2 holds the EC2 facts that matter to ECS: container instances, their AMIs,
// Spot fleets and the account's EBS encryption default.
type EC2 struct {
	Instances         []Instance         `json:"instances,omitempty"`
	Images            []Image            `json:"images,omitempty"`
	SpotFleetRequests []SpotFleetRequest `json:"spot_fleet_requests,omitempty"`
	// EBSEncryptionByDefault is nil when it could not be read.
	EBSEncryptionByDefault *bool `json:"ebs_encryption_by_default,omitempty"`
}

// Instance is an EC2 instance that backs an ECS cluster.
type Instance struct {
	ID               string `json:"id"`
	InstanceType     string `json:"instance_type"`
	ImageID          string `json:"image_id"`
	AvailabilityZone string `json:"availability_zone"`
	SubnetID         string `json:"subnet_id,omitempty"`
	State            string `json:"state,omitempty"`
	// Lifecycle is "spot", "scheduled" or empty for on-demand.
	Lifecycle    string            `json:"lifecycle,omitempty"`
	Architecture string            `json:"architecture,omitempty"`
	Platform     string            `json:"platform,omitempty"`
	PrivateIP    string            `json:"private_ip,omitempty"`
	PublicIP     string            `json:"public_ip,omitempty"`
	Tags         map[string]string `json:"tags,omitempty"`
	// SecurityGroups are the ids of the instance's security groups
	// (DescribeInstances SecurityGroups[].GroupId): a group attached to a
	// container instance is in use, so its world-open ingress is a hole
	// (NETSEC-001). A VPC instance always has at least one; an empty list
	// means the snapshot did not record them.
	SecurityGroups []string `json:"security_groups,omitempty"`
	// HTTPTokens is DescribeInstances MetadataOptions.HttpTokens:
	// "required" when the instance metadata service answers only
	// session-token (IMDSv2) requests, "optional" when IMDSv1 still works,
	// so one forged request from a container can read the instance role's
	// credentials (Security Hub EC2.8). Empty: not recorded.
	HTTPTokens string `json:"http_tokens,omitempty"`
	// HTTPEndpoint is MetadataOptions.HttpEndpoint: "disabled" turns the
	// metadata service off altogether ("enabled" or empty otherwise).
	HTTPEndpoint string `json:"http_endpoint,omitempty"`
	// HTTPPutResponseHopLimit is MetadataOptions.HttpPutResponseHopLimit:
	// with 1, a container behind the bridge network cannot get an IMDSv2
	// token, so only the host reaches the instance role (0: not recorded).
	HTTPPutResponseHopLimit int `json:"http_put_response_hop_limit,omitempty"`
	// Gaps is set when the instance is known (from its container instance)
	// but DescribeInstances failed for it: only ID is then a fact.
	Gaps []string `json:"gaps,omitempty"`
}

// Image is an AMI used by a container instance (ECS-012).
type Image struct {
	ID           string `json:"id"`
	Name         string `json:"name,omitempty"`
	Description  string `json:"description,omitempty"`
	OwnerID      string `json:"owner_id,omitempty"`
	OwnerAlias   string `json:"owner_alias,omitempty"`
	Platform     string `json:"platform,omitempty"`
	Architecture string `json:"architecture,omitempty"`
	// Gaps is set when the AMI is used but DescribeImages failed for it.
	Gaps []string `json:"gaps,omitempty"`
}

// SpotFleetRequest is an EC2 Spot fleet request (ECS-008 asks for its describe output).
type SpotFleetRequest struct {
	ID    string `json:"id"`
	State string `json:"state,omitempty"`
	// AllocationStrategy is e.g. "capacityOptimized", "lowestPrice", "diversified".
	AllocationStrategy string    `json:"allocation_strategy,omitempty"`
	TargetCapacity     int       `json:"target_capacity,omitempty"`
	OnDemandTarget     int       `json:"on_demand_target_capacity,omitempty"`
	InstanceTypes      []string  `json:"instance_types,omitempty"`
	Subnets            []string  `json:"subnets,omitempty"`
	ReplaceUnhealthy   bool      `json:"replace_unhealthy_instances,omitempty"`
	CapacityRebalance  bool      `json:"capacity_rebalance,omitempty"`
	CreateTime         time.Time `json:"create_time,omitzero"`
}

// Tags is a convenience type for resource tags; JSON encodes maps with sorted keys.
type Tags = map[string]string
