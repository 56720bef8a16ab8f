package discover

import (
	"slices"
	"strings"
	"unicode"
)

// Operation is one AWS API operation a collector calls. The table of all
// operations (Operations) is the single source of truth for three things: the
// read-only guard refuses any operation that is not in it, `ecspack iam-policy`
// grants exactly these actions, and `ecspack collect-script` runs the same
// calls through the aws CLI.
type Operation struct {
	// Service is the aws CLI's name of the service ("ecs", "elbv2", ...); it
	// is also how calls and errors are labelled in a snapshot.
	Service string
	// Name is the API operation name, e.g. "DescribeServices".
	Name string
}

// IAMAction returns the IAM action that authorises the operation, e.g.
// "elasticloadbalancing:DescribeLoadBalancers".
func (o Operation) IAMAction() string {
	if a, ok := iamActionOverrides[o]; ok {
		return a
	}
	return services[o.Service].iamPrefix + ":" + o.Name
}

// iamActionOverrides are the operations whose IAM action is not named
// after the operation (S3's bucket-level reads, and S3 Control's read of
// the account's block, which IAM tells from the bucket's by name).
var iamActionOverrides = map[Operation]string{
	{"s3", "GetBucketEncryption"}:         "s3:GetEncryptionConfiguration",
	{"s3", "GetObjectLockConfiguration"}:  "s3:GetBucketObjectLockConfiguration",
	{"s3", "GetPublicAccessBlock"}:        "s3:GetBucketPublicAccessBlock",
	{"s3control", "GetPublicAccessBlock"}: "s3:GetAccountPublicAccessBlock",
}

// CLICommand returns the aws CLI command words, e.g. "ecs describe-services".
func (o Operation) CLICommand() string { return o.Service + " " + kebab(o.Name) }

// serviceInfo ties the aws CLI name of a service to the SDK's service id (what
// the middleware sees) and the IAM action prefix.
type serviceInfo struct {
	sdkID     string
	iamPrefix string
	// global services are called once per account, not per region.
	global bool
	// otherCommand names the ecspack command that calls the service when
	// discover does not (pricing: `prices --refresh`); such a service is no
	// collector, so ServiceNames leaves it out.
	otherCommand string
}

// services is immutable after init: the services ecspack reads.
var services = map[string]serviceInfo{
	"acm":                     {sdkID: "ACM", iamPrefix: "acm"},
	"application-autoscaling": {sdkID: "Application Auto Scaling", iamPrefix: "application-autoscaling"},
	"autoscaling":             {sdkID: "Auto Scaling", iamPrefix: "autoscaling"},
	"cloudtrail":              {sdkID: "CloudTrail", iamPrefix: "cloudtrail"},
	"cloudwatch":              {sdkID: "CloudWatch", iamPrefix: "cloudwatch"},
	"dynamodb":                {sdkID: "DynamoDB", iamPrefix: "dynamodb"},
	"ec2":                     {sdkID: "EC2", iamPrefix: "ec2"},
	"ecr":                     {sdkID: "ECR", iamPrefix: "ecr"},
	"ecs":                     {sdkID: "ECS", iamPrefix: "ecs"},
	"efs":                     {sdkID: "EFS", iamPrefix: "elasticfilesystem"},
	"elbv2":                   {sdkID: "Elastic Load Balancing v2", iamPrefix: "elasticloadbalancing"},
	"guardduty":               {sdkID: "GuardDuty", iamPrefix: "guardduty"},
	"iam":                     {sdkID: "IAM", iamPrefix: "iam", global: true},
	"kms":                     {sdkID: "KMS", iamPrefix: "kms"},
	"logs":                    {sdkID: "CloudWatch Logs", iamPrefix: "logs"},
	"pricing":                 {sdkID: "Pricing", iamPrefix: "pricing", global: true, otherCommand: "prices --refresh"},
	"rds":                     {sdkID: "RDS", iamPrefix: "rds"},
	"s3":                      {sdkID: "S3", iamPrefix: "s3"},
	"s3control":               {sdkID: "S3 Control", iamPrefix: "s3", global: true},
	"secretsmanager":          {sdkID: "Secrets Manager", iamPrefix: "secretsmanager"},
	"servicediscovery":        {sdkID: "ServiceDiscovery", iamPrefix: "servicediscovery"},
	"sns":                     {sdkID: "SNS", iamPrefix: "sns"},
	"sqs":                     {sdkID: "SQS", iamPrefix: "sqs"},
	"sts":                     {sdkID: "STS", iamPrefix: "sts", global: true},
	"wafv2":                   {sdkID: "WAFV2", iamPrefix: "wafv2"},
}

// serviceBySDKID maps the SDK's service id back to the aws CLI name.
func serviceBySDKID(id string) string {
	for name, s := range services {
		if s.sdkID == id {
			return name
		}
	}
	return ""
}

// ops builds one collector's table.
func ops(service string, names ...string) []Operation {
	out := make([]Operation, len(names))
	for i, n := range names {
		out[i] = Operation{Service: service, Name: n}
	}
	return out
}

// collectorTables lists every collector's table; each is declared in the
// file of the collector that makes the calls. pricingOperations is the one
// table of another command (`prices --refresh`, see pricelist.go).
var collectorTables = [][]Operation{
	stsOperations, ec2Operations, ecsOperations, elbv2Operations, autoscalingOperations,
	appAutoscalingOperations, iamOperations, ecrOperations, efsOperations, cloudtrailOperations,
	cloudwatchOperations, logsOperations, servicediscoveryOperations, guarddutyOperations,
	secretsmanagerOperations, s3Operations, s3controlOperations, rdsOperations, pricingOperations, dynamodbOperations, kmsOperations, acmOperations, wafv2Operations, snsOperations, sqsOperations,
}

// Operations returns every operation the collectors may call, sorted by
// service and name. It is the allow-list of the read-only guard and the
// source of the IAM policy.
func Operations() []Operation {
	var all []Operation
	for _, t := range collectorTables {
		all = append(all, t...)
	}
	slices.SortFunc(all, func(a, b Operation) int {
		if c := strings.Compare(a.Service, b.Service); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	return slices.Compact(all)
}

// kebab turns "GetEbsEncryptionByDefault" into "get-ebs-encryption-by-default",
// the aws CLI's spelling of an operation.
func kebab(name string) string {
	var b strings.Builder
	rs := []rune(name)
	for i, r := range rs {
		if unicode.IsUpper(r) {
			prevLower := i > 0 && unicode.IsLower(rs[i-1])
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			prevUpper := i > 0 && unicode.IsUpper(rs[i-1])
			if i > 0 && (prevLower || (prevUpper && nextLower)) {
				b.WriteByte('-')
			}
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// ServiceNames returns the aws CLI names of the services discovery reads, sorted.
// Services only another command calls (pricing) are not among them.
func ServiceNames() []string {
	out := make([]string, 0, len(services))
	for n, s := range services {
		if s.otherCommand != "" {
			continue
		}
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// detailOperations are the reads about one resource already known from a
// list (a cluster's services, a role's policies, a load balancer's
// listeners, ...). When one fails, the resource stays in the snapshot marked
// with a gap (the inventory's Gaps fields, or TaskDefinition.NotCollected)
// instead of looking complete, so the checks read it as unknown.
var detailOperations = []Operation{
	{"acm", "DescribeCertificate"},
	{"cloudtrail", "GetTrailStatus"},
	{"dynamodb", "DescribeContinuousBackups"}, {"dynamodb", "DescribeTable"},
	{"ec2", "DescribeImages"}, {"ec2", "DescribeInstances"},
	{"ecr", "GetLifecyclePolicy"}, {"ecr", "GetRepositoryPolicy"},
	{"ecs", "DescribeCapacityProviders"}, {"ecs", "DescribeClusters"}, {"ecs", "DescribeContainerInstances"},
	{"ecs", "DescribeServices"}, {"ecs", "DescribeTaskDefinition"}, {"ecs", "DescribeTasks"},
	{"ecs", "ListContainerInstances"}, {"ecs", "ListServices"}, {"ecs", "ListTasks"},
	{"efs", "DescribeAccessPoints"}, {"efs", "DescribeBackupPolicy"}, {"efs", "DescribeFileSystemPolicy"}, {"efs", "DescribeMountTargetSecurityGroups"}, {"efs", "DescribeMountTargets"},
	{"elbv2", "DescribeListenerCertificates"}, {"elbv2", "DescribeListeners"}, {"elbv2", "DescribeLoadBalancerAttributes"}, {"elbv2", "DescribeRules"}, {"elbv2", "DescribeTags"}, {"elbv2", "DescribeTargetHealth"},
	{"guardduty", "GetDetector"},
	{"iam", "GetPolicy"}, {"iam", "GetPolicyVersion"}, {"iam", "GetRole"}, {"iam", "GetRolePolicy"},
	{"iam", "ListAttachedRolePolicies"}, {"iam", "ListRolePolicies"},
	{"kms", "DescribeKey"}, {"kms", "GetKeyRotationStatus"},
	{"s3", "GetBucketEncryption"}, {"s3", "GetBucketLocation"}, {"s3", "GetBucketPolicy"}, {"s3", "GetBucketVersioning"}, {"s3", "GetObjectLockConfiguration"}, {"s3", "GetPublicAccessBlock"},
	{"s3control", "GetPublicAccessBlock"},
	{"secretsmanager", "DescribeSecret"},
	{"sns", "GetTopicAttributes"}, {"sqs", "GetQueueAttributes"}, {"sqs", "GetQueueUrl"},
	{"wafv2", "GetWebACLForResource"},
}

// DetailOperations returns the operations whose failure marks a resource as
// not fully collected rather than dropping it, sorted. Tests fault each in
// turn and check that no verdict becomes a pass.
func DetailOperations() []Operation { return slices.Clone(detailOperations) }
