package mototest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	aas "github.com/aws/aws-sdk-go-v2/service/applicationautoscaling"
	aastypes "github.com/aws/aws-sdk-go-v2/service/applicationautoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	ecrtypes "github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	"github.com/aws/aws-sdk-go-v2/service/efs"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
	s3ctypes "github.com/aws/aws-sdk-go-v2/service/s3control/types"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/servicediscovery"
	smithyendpoints "github.com/aws/smithy-go/endpoints"
)

// Canary is planted as an environment variable value, a log option value and
// a RunTask override: a discreet discovery stores none of them.
const Canary = "ECSPACK-CANARY-5e1f0c2a-do-not-store"

// Estate names every resource BuildEstate planted, so tests can assert the
// snapshot field by field.
//
// The estate, in Region of Account:
//   - VPC 10.0.0.0/16 (DNS hostnames on) with public subnets PublicSubnets
//     (10.0.0.0/24 in AZ a, 10.0.1.0/24 in AZ b) routed to the internet
//     gateway by an explicitly associated route table, and private subnets
//     PrivateSubnets (10.0.10.0/24 in a — explicitly associated with a route
//     table without internet route — and 10.0.11.0/24 in b, on the VPC's main
//     table, which has no internet route either).
//   - Security groups: ALB (80, 443 from 0.0.0.0/0), App (8080 from the ALB
//     group), SSH (22 from 0.0.0.0/0 — the bad one).
//   - An internet-facing ALB in the public subnets with an HTTPS:443
//     listener (ELBSecurityPolicy-TLS13-1-2-2021-06, forward to the target
//     group, plus a rule /api/* at priority 10) and an HTTP:80 listener
//     redirecting to HTTPS by default but forwarding /legacy/* in plain HTTP
//     to the target group (rule at priority 5 — the bad one); an ip target
//     group "web" on HTTP:8080, /health.
//   - Clusters "prod" (containerInsights=enabled) and "batch" (no setting,
//     capacity provider "batch-cp" on Auto Scaling group "batch-asg").
//   - Task definitions: web:1 and api:1 (awsvpc, FARGATE, 256/512, sharing
//     task role SharedTaskRole; web mounts EFS with transit encryption and an
//     access point, api mounts the scratch file system (transit encryption,
//     IAM authorization), has env MODE and CANARY (value Canary) and a secret
//     DB_PASSWORD from Secrets Manager, awslogs logging) and worker:1 (bridge,
//     EC2, privileged container, task role WorkerRole); all use ExecutionRole.
//   - Services: prod/web (FARGATE, private subnets, App group, target group,
//     desired 2, circuit breaker with rollback), prod/api (FARGATE, desired 1)
//     and batch/worker (EC2, desired 1). Tasks: two for web and one for api
//     started with group service:NAME; web and api then report runningCount
//     equal to desiredCount (worker: 0).
//   - One EC2 instance registered as a container instance of "batch", in the
//     SSH group (so the world-open SSH rule is on a group in use).
//   - ECR repositories "web" (scan on push) and "worker" (no scan on push).
//   - An encrypted EFS file system with mount targets in both private subnets
//     (App group) and an access point (/data, uid 1000), and an encrypted
//     "scratch" file system with a mount target in private subnet a only,
//     though api's subnets span both AZs (the bad one).
//   - A multi-region trail "org-trail" with log file validation, logging.
//   - A customer managed KMS key with automatic rotation, alias
//     alias/prod-secrets (SecretKeyARN): it encrypts the secret (named by its
//     alias) and worker's task role may decrypt with it (named by its ARN).
//   - A CloudWatch alarm, a log group /ecs/web (30 days), a private DNS
//     Cloud Map namespace, a GuardDuty detector, and a scalable target plus
//     target-tracking policy on prod/web.
//   - DynamoDB tables the shared task role names in its "use-tables" policy
//     (estate_dynamodb.go): orders (customer managed KMS key, point-in-time
//     recovery, deletion protection), sessions (AWS owned key, neither), a
//     table that does not exist and a pattern (audit-*).
//   - S3 buckets: the trail's and the data buckets the web task role reaches
//     (dataBuckets), and the account's S3 Block Public Access with all four
//     settings on (accountBlock), which covers estate-uploads, whose own
//     block is off.
type Estate struct {
	VPCID             string
	PublicSubnets     [2]string
	PrivateSubnets    [2]string
	InternetGateway   string
	PublicRouteTable  string
	PrivateRouteTable string
	ALBGroup          string
	AppGroup          string
	SSHGroup          string

	LoadBalancerARN string
	TargetGroupARN  string
	HTTPSListener   string
	HTTPListener    string
	// HTTPForwardRule is the HTTP listener's rule that forwards plain HTTP.
	HTTPForwardRule string
	CertificateARN  string
	// SNICertificateARN is the HTTPS listener's second certificate and
	// WebACLARN the web ACL associated with the load balancer (edge.go).
	SNICertificateARN string
	WebACLARN         string

	ProdClusterARN  string
	BatchClusterARN string
	// TaskDefinitions by family: "web", "api", "worker".
	TaskDefinitions map[string]string
	// Services by name: "web", "api", "worker".
	Services map[string]string
	// Tasks are the ARNs of the tasks started for services.
	Tasks             []string
	InstanceID        string
	ImageID           string
	ContainerInstance string
	CapacityProvider  string
	AutoScalingGroup  string

	SharedTaskRoleARN string
	WorkerRoleARN     string
	ExecutionRoleARN  string
	CustomPolicyARN   string
	SecretARN         string
	// SecretKeyARN is the customer managed key that encrypts the secret.
	SecretKeyARN string

	Repositories  map[string]string // name -> URI
	FileSystemID  string
	MountTargets  []string
	AccessPointID string
	// ScratchFileSystemID has one mount target (ScratchMountTarget, AZ a)
	// while api's tasks may run in AZ a or b.
	ScratchFileSystemID string
	ScratchMountTarget  string
	TrailARN            string
	Namespace           string
	DetectorID          string
	// DBGroup, DBInstanceARN ("orders"), DBClusterARN ("ledger") and
	// UnusedDBInstanceARN ("legacy"): see rds.go.
	DBGroup, DBInstanceARN, DBClusterARN, UnusedDBInstanceARN string
	// OrdersTableARN and SessionsTableARN are the DynamoDB tables the
	// shared task role reaches, TableKeyARN the orders table's KMS key
	// (estate_dynamodb.go).
	OrdersTableARN, SessionsTableARN, TableKeyARN string
	// QueueARN (at QueueURL) and TopicARN are the SQS queue and SNS topic
	// the web task's role reaches; GoneQueueARN and GoneTopicARN are a
	// queue and a topic it names that do not exist (messaging.go).
	QueueURL, QueueARN, TopicARN, GoneQueueARN, GoneTopicARN string
}

// MustBuildEstate builds the estate or fails the test.
func MustBuildEstate(t testing.TB, cfg aws.Config) *Estate {
	t.Helper()
	e, err := BuildEstate(Context(t), cfg)
	if err != nil {
		t.Fatalf("building the estate in moto: %v", err)
	}
	return e
}

// BuildEstate plants the estate described on Estate with real SDK write
// calls through cfg (which must point at moto: it creates resources).
func BuildEstate(ctx context.Context, cfg aws.Config) (*Estate, error) {
	b := &estateBuilder{ctx: ctx, cfg: cfg, e: &Estate{TaskDefinitions: map[string]string{}, Services: map[string]string{}, Repositories: map[string]string{}}}
	for _, step := range []struct {
		name string
		fn   func() error
	}{
		{"network", b.network},
		{"load balancer", b.loadBalancer},
		{"kms", b.kms},
		{"edge", b.edge},
		{"iam", b.iam},
		{"messaging", b.messaging},
		{"ecr", b.ecr},
		{"efs", b.efs},
		{"ecs", b.ecs},
		{"container instance", b.containerInstance},
		{"observability", b.observability},
		{"rds", b.rds},
		{"dynamodb", b.dynamodb},
	} {
		if err := step.fn(); err != nil {
			return nil, fmt.Errorf("%s: %w", step.name, err)
		}
	}
	return b.e, nil
}

type estateBuilder struct {
	ctx context.Context
	cfg aws.Config
	e   *Estate
}

func tagSpec(rt ec2types.ResourceType, name string) []ec2types.TagSpecification {
	return []ec2types.TagSpecification{{ResourceType: rt, Tags: []ec2types.Tag{{Key: aws.String("Name"), Value: aws.String(name)}}}}
}

func (b *estateBuilder) network() error {
	c := ec2.NewFromConfig(b.cfg)
	ctx := b.ctx
	vpc, err := c.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.0.0.0/16"), TagSpecifications: tagSpec(ec2types.ResourceTypeVpc, "estate")})
	if err != nil {
		return err
	}
	b.e.VPCID = aws.ToString(vpc.Vpc.VpcId)
	if _, err := c.ModifyVpcAttribute(ctx, &ec2.ModifyVpcAttributeInput{VpcId: vpc.Vpc.VpcId, EnableDnsHostnames: &ec2types.AttributeBooleanValue{Value: aws.Bool(true)}}); err != nil {
		return err
	}
	subnet := func(cidr, az, name string) (string, error) {
		out, err := c.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: vpc.Vpc.VpcId, CidrBlock: aws.String(cidr), AvailabilityZone: aws.String(Region + az),
			TagSpecifications: tagSpec(ec2types.ResourceTypeSubnet, name)})
		if err != nil {
			return "", err
		}
		return aws.ToString(out.Subnet.SubnetId), nil
	}
	for i, s := range []struct{ cidr, az, name string }{{"10.0.0.0/24", "a", "public-a"}, {"10.0.1.0/24", "b", "public-b"}} {
		if b.e.PublicSubnets[i], err = subnet(s.cidr, s.az, s.name); err != nil {
			return err
		}
	}
	for i, s := range []struct{ cidr, az, name string }{{"10.0.10.0/24", "a", "private-a"}, {"10.0.11.0/24", "b", "private-b"}} {
		if b.e.PrivateSubnets[i], err = subnet(s.cidr, s.az, s.name); err != nil {
			return err
		}
	}
	igw, err := c.CreateInternetGateway(ctx, &ec2.CreateInternetGatewayInput{})
	if err != nil {
		return err
	}
	b.e.InternetGateway = aws.ToString(igw.InternetGateway.InternetGatewayId)
	if _, err := c.AttachInternetGateway(ctx, &ec2.AttachInternetGatewayInput{InternetGatewayId: igw.InternetGateway.InternetGatewayId, VpcId: vpc.Vpc.VpcId}); err != nil {
		return err
	}
	pub, err := c.CreateRouteTable(ctx, &ec2.CreateRouteTableInput{VpcId: vpc.Vpc.VpcId})
	if err != nil {
		return err
	}
	b.e.PublicRouteTable = aws.ToString(pub.RouteTable.RouteTableId)
	if _, err := c.CreateRoute(ctx, &ec2.CreateRouteInput{RouteTableId: pub.RouteTable.RouteTableId, DestinationCidrBlock: aws.String("0.0.0.0/0"), GatewayId: igw.InternetGateway.InternetGatewayId}); err != nil {
		return err
	}
	for _, s := range b.e.PublicSubnets {
		if _, err := c.AssociateRouteTable(ctx, &ec2.AssociateRouteTableInput{RouteTableId: pub.RouteTable.RouteTableId, SubnetId: aws.String(s)}); err != nil {
			return err
		}
	}
	priv, err := c.CreateRouteTable(ctx, &ec2.CreateRouteTableInput{VpcId: vpc.Vpc.VpcId})
	if err != nil {
		return err
	}
	b.e.PrivateRouteTable = aws.ToString(priv.RouteTable.RouteTableId)
	if _, err := c.AssociateRouteTable(ctx, &ec2.AssociateRouteTableInput{RouteTableId: priv.RouteTable.RouteTableId, SubnetId: aws.String(b.e.PrivateSubnets[0])}); err != nil {
		return err
	}
	group := func(name string) (string, error) {
		out, err := c.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{GroupName: aws.String(name), Description: aws.String(name + " group"), VpcId: vpc.Vpc.VpcId})
		if err != nil {
			return "", err
		}
		return aws.ToString(out.GroupId), nil
	}
	if b.e.ALBGroup, err = group("alb"); err != nil {
		return err
	}
	if b.e.AppGroup, err = group("app"); err != nil {
		return err
	}
	if b.e.SSHGroup, err = group("ssh"); err != nil {
		return err
	}
	world := func(port int32) ec2types.IpPermission {
		return ec2types.IpPermission{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(port), ToPort: aws.Int32(port),
			IpRanges: []ec2types.IpRange{{CidrIp: aws.String("0.0.0.0/0"), Description: aws.String("world")}}}
	}
	for _, in := range []*ec2.AuthorizeSecurityGroupIngressInput{
		{GroupId: aws.String(b.e.ALBGroup), IpPermissions: []ec2types.IpPermission{world(80), world(443)}},
		{GroupId: aws.String(b.e.AppGroup), IpPermissions: []ec2types.IpPermission{{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(8080), ToPort: aws.Int32(8080),
			UserIdGroupPairs: []ec2types.UserIdGroupPair{{GroupId: aws.String(b.e.ALBGroup)}}}}},
		{GroupId: aws.String(b.e.SSHGroup), IpPermissions: []ec2types.IpPermission{world(22)}},
	} {
		if _, err := c.AuthorizeSecurityGroupIngress(ctx, in); err != nil {
			return err
		}
	}
	return nil
}

func (b *estateBuilder) loadBalancer() error {
	c := elbv2.NewFromConfig(b.cfg)
	ctx := b.ctx
	lb, err := c.CreateLoadBalancer(ctx, &elbv2.CreateLoadBalancerInput{Name: aws.String("web-alb"), Subnets: b.e.PublicSubnets[:],
		SecurityGroups: []string{b.e.ALBGroup}, Scheme: elbtypes.LoadBalancerSchemeEnumInternetFacing, Type: elbtypes.LoadBalancerTypeEnumApplication,
		Tags: []elbtypes.Tag{{Key: aws.String("app"), Value: aws.String("web")}}})
	if err != nil {
		return err
	}
	b.e.LoadBalancerARN = aws.ToString(lb.LoadBalancers[0].LoadBalancerArn)
	// Hardened as Security Hub ELB.4, ELB.6 and ELB.12 ask; access logs stay off (ELB.5).
	if _, err := c.ModifyLoadBalancerAttributes(ctx, &elbv2.ModifyLoadBalancerAttributesInput{LoadBalancerArn: lb.LoadBalancers[0].LoadBalancerArn,
		Attributes: []elbtypes.LoadBalancerAttribute{{Key: aws.String("routing.http.drop_invalid_header_fields.enabled"), Value: aws.String("true")},
			{Key: aws.String("deletion_protection.enabled"), Value: aws.String("true")},
			{Key: aws.String("routing.http.desync_mitigation_mode"), Value: aws.String("strictest")}}}); err != nil {
		return err
	}
	tg, err := c.CreateTargetGroup(ctx, &elbv2.CreateTargetGroupInput{Name: aws.String("web"), Protocol: elbtypes.ProtocolEnumHttp, Port: aws.Int32(8080),
		VpcId: aws.String(b.e.VPCID), TargetType: elbtypes.TargetTypeEnumIp, HealthCheckPath: aws.String("/health"), HealthCheckProtocol: elbtypes.ProtocolEnumHttp})
	if err != nil {
		return err
	}
	b.e.TargetGroupARN = aws.ToString(tg.TargetGroups[0].TargetGroupArn)
	if b.e.CertificateARN, err = b.certificate(); err != nil {
		return err
	}
	https, err := c.CreateListener(ctx, &elbv2.CreateListenerInput{LoadBalancerArn: lb.LoadBalancers[0].LoadBalancerArn, Protocol: elbtypes.ProtocolEnumHttps,
		Port: aws.Int32(443), SslPolicy: aws.String("ELBSecurityPolicy-TLS13-1-2-2021-06"),
		Certificates:   []elbtypes.Certificate{{CertificateArn: aws.String(b.e.CertificateARN)}},
		DefaultActions: []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward, TargetGroupArn: aws.String(b.e.TargetGroupARN)}}})
	if err != nil {
		return err
	}
	b.e.HTTPSListener = aws.ToString(https.Listeners[0].ListenerArn)
	http, err := c.CreateListener(ctx, &elbv2.CreateListenerInput{LoadBalancerArn: lb.LoadBalancers[0].LoadBalancerArn, Protocol: elbtypes.ProtocolEnumHttp,
		Port: aws.Int32(80), DefaultActions: []elbtypes.Action{{Type: elbtypes.ActionTypeEnumRedirect,
			RedirectConfig: &elbtypes.RedirectActionConfig{Protocol: aws.String("HTTPS"), Port: aws.String("443"), StatusCode: elbtypes.RedirectActionStatusCodeEnumHttp301}}}})
	if err != nil {
		return err
	}
	b.e.HTTPListener = aws.ToString(http.Listeners[0].ListenerArn)
	legacy, err := c.CreateRule(ctx, &elbv2.CreateRuleInput{ListenerArn: http.Listeners[0].ListenerArn, Priority: aws.Int32(5),
		Conditions: []elbtypes.RuleCondition{{Field: aws.String("path-pattern"), Values: []string{"/legacy/*"}}},
		Actions:    []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward, TargetGroupArn: aws.String(b.e.TargetGroupARN)}}})
	if err != nil {
		return err
	}
	b.e.HTTPForwardRule = aws.ToString(legacy.Rules[0].RuleArn)
	_, err = c.CreateRule(ctx, &elbv2.CreateRuleInput{ListenerArn: https.Listeners[0].ListenerArn, Priority: aws.Int32(10),
		Conditions: []elbtypes.RuleCondition{{Field: aws.String("path-pattern"), Values: []string{"/api/*"}}},
		Actions:    []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward, TargetGroupArn: aws.String(b.e.TargetGroupARN)}}})
	return err
}

const ecsTrust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}`

func (b *estateBuilder) iam() error {
	c := iam.NewFromConfig(b.cfg)
	ctx := b.ctx
	role := func(name string) (string, error) {
		out, err := c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String(name), AssumeRolePolicyDocument: aws.String(ecsTrust),
			Tags: []iamTag{{Key: aws.String("team"), Value: aws.String("platform")}}})
		if err != nil {
			return "", err
		}
		return aws.ToString(out.Role.Arn), nil
	}
	var err error
	if b.e.SharedTaskRoleARN, err = role("shared-task-role"); err != nil {
		return err
	}
	if b.e.WorkerRoleARN, err = role("worker-task-role"); err != nil {
		return err
	}
	if b.e.ExecutionRoleARN, err = role("ecs-execution-role"); err != nil {
		return err
	}
	if _, err := c.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String("shared-task-role"), PolicyName: aws.String("read-bucket"),
		PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":["arn:aws:s3:::assets/*","arn:aws:s3:::estate-uploads"]}]}`)}); err != nil {
		return err
	}
	pol, err := c.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: aws.String("worker-queue"),
		PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:*","Resource":"*"}]}`)})
	if err != nil {
		return err
	}
	b.e.CustomPolicyARN = aws.ToString(pol.Policy.Arn)
	for _, a := range []struct{ role, policy string }{
		{"worker-task-role", b.e.CustomPolicyARN},
		{"ecs-execution-role", "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"},
	} {
		if _, err := c.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: aws.String(a.role), PolicyArn: aws.String(a.policy)}); err != nil {
			return err
		}
	}
	// The secret the web task injects, created for real so discovery can
	// describe it; its value is the canary, which no snapshot may hold.
	sec, err := secretsmanager.NewFromConfig(b.cfg).CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String("prod/db-password"),
		SecretString: aws.String(Canary), Description: aws.String("web's database password"), KmsKeyId: aws.String(SecretKeyAlias)})
	if err != nil {
		return err
	}
	b.e.SecretARN = aws.ToString(sec.ARN)
	// worker may decrypt with the secrets' key, named by its ARN.
	_, err = c.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String("worker-task-role"), PolicyName: aws.String("decrypt"),
		PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Decrypt","Resource":"` + b.e.SecretKeyARN + `"}]}`)})
	return err
}

// SecretKeyAlias is the alias of the key that encrypts the secret.
const SecretKeyAlias = "alias/prod-secrets"

// kms creates the customer managed key the secret is encrypted with,
// rotating automatically (Security Hub KMS.4), under SecretKeyAlias.
func (b *estateBuilder) kms() error {
	c := kms.NewFromConfig(b.cfg)
	key, err := c.CreateKey(b.ctx, &kms.CreateKeyInput{Description: aws.String("prod secrets")})
	if err != nil {
		return err
	}
	b.e.SecretKeyARN = aws.ToString(key.KeyMetadata.Arn)
	if _, err := c.EnableKeyRotation(b.ctx, &kms.EnableKeyRotationInput{KeyId: key.KeyMetadata.KeyId}); err != nil {
		return err
	}
	_, err = c.CreateAlias(b.ctx, &kms.CreateAliasInput{AliasName: aws.String(SecretKeyAlias), TargetKeyId: key.KeyMetadata.KeyId})
	return err
}

func (b *estateBuilder) ecr() error {
	c := ecr.NewFromConfig(b.cfg)
	for _, r := range []struct {
		name, tag string
		scan      bool
	}{{"web", "1.0", true}, {"worker", "latest", false}} {
		out, err := c.CreateRepository(b.ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String(r.name),
			ImageScanningConfiguration: &ecrtypes.ImageScanningConfiguration{ScanOnPush: r.scan}, ImageTagMutability: ecrtypes.ImageTagMutabilityImmutable})
		if err != nil {
			return err
		}
		b.e.Repositories[r.name] = aws.ToString(out.Repository.RepositoryUri)
		// The tag each task definition runs is pushed, so the image a task
		// pulls exists in its repository (ECS-010.image-in-repository).
		if _, err := c.PutImage(b.ctx, &ecr.PutImageInput{RepositoryName: aws.String(r.name), ImageTag: aws.String(r.tag),
			ImageManifest: aws.String(imageManifest)}); err != nil {
			return err
		}
	}
	// web expires untagged images (Security Hub ECR.3); worker keeps all.
	_, err := c.PutLifecyclePolicy(b.ctx, &ecr.PutLifecyclePolicyInput{RepositoryName: aws.String("web"), LifecyclePolicyText: aws.String(LifecyclePolicy)})
	return err
}

// FileSystemPolicy is the data file system's resource policy: no mount
// without TLS.
const FileSystemPolicy = `{"Version":"2012-10-17","Statement":[{"Sid":"tls-only","Effect":"Deny","Principal":{"AWS":"*"},` +
	`"Action":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`

// LifecyclePolicy is the web repository's lifecycle policy.
const LifecyclePolicy = `{"rules":[{"rulePriority":1,"description":"expire untagged images after 14 days",` +
	`"selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":14},"action":{"type":"expire"}}]}`

// imageManifest is a minimal Docker image manifest for PutImage: moto stores
// it and answers DescribeImages with its tag and digest (it never scans it:
// StartImageScan stays IN_PROGRESS and DescribeImages carries no scan status).
const imageManifest = `{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",` +
	`"config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":7023,` +
	`"digest":"sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7"},"layers":[]}`

func (b *estateBuilder) efs() error {
	c := efs.NewFromConfig(b.cfg)
	ctx := b.ctx
	fs, err := c.CreateFileSystem(ctx, &efs.CreateFileSystemInput{CreationToken: aws.String("estate-data"), Encrypted: aws.Bool(true), Backup: aws.Bool(true),
		Tags: []efsTag{{Key: aws.String("Name"), Value: aws.String("data")}}})
	if err != nil {
		return err
	}
	b.e.FileSystemID = aws.ToString(fs.FileSystemId)
	for _, s := range b.e.PrivateSubnets {
		mt, err := c.CreateMountTarget(ctx, &efs.CreateMountTargetInput{FileSystemId: fs.FileSystemId, SubnetId: aws.String(s), SecurityGroups: []string{b.e.AppGroup}})
		if err != nil {
			return err
		}
		b.e.MountTargets = append(b.e.MountTargets, aws.ToString(mt.MountTargetId))
	}
	ap, err := c.CreateAccessPoint(ctx, &efs.CreateAccessPointInput{ClientToken: aws.String("ap-data"), FileSystemId: fs.FileSystemId,
		PosixUser:     &efsPosixUser{Uid: aws.Int64(1000), Gid: aws.Int64(1000)},
		RootDirectory: &efsRootDirectory{Path: aws.String("/data")}})
	if err != nil {
		return err
	}
	b.e.AccessPointID = aws.ToString(ap.AccessPointId)
	// data is backed up (Backup at creation: moto has no PutBackupPolicy;
	// Security Hub EFS.2) and refuses mounts without TLS; scratch has neither.
	if _, err := c.PutFileSystemPolicy(ctx, &efs.PutFileSystemPolicyInput{FileSystemId: fs.FileSystemId, Policy: aws.String(FileSystemPolicy)}); err != nil {
		return err
	}
	scratch, err := c.CreateFileSystem(ctx, &efs.CreateFileSystemInput{CreationToken: aws.String("estate-scratch"), Encrypted: aws.Bool(true),
		Tags: []efsTag{{Key: aws.String("Name"), Value: aws.String("scratch")}}})
	if err != nil {
		return err
	}
	b.e.ScratchFileSystemID = aws.ToString(scratch.FileSystemId)
	mt, err := c.CreateMountTarget(ctx, &efs.CreateMountTargetInput{FileSystemId: scratch.FileSystemId, SubnetId: aws.String(b.e.PrivateSubnets[0]), SecurityGroups: []string{b.e.AppGroup}})
	if err != nil {
		return err
	}
	b.e.ScratchMountTarget = aws.ToString(mt.MountTargetId)
	return nil
}

func (b *estateBuilder) ecs() error {
	c := ecs.NewFromConfig(b.cfg)
	ctx := b.ctx
	prod, err := c.CreateCluster(ctx, &ecs.CreateClusterInput{ClusterName: aws.String("prod"),
		Settings: []ecstypes.ClusterSetting{{Name: ecstypes.ClusterSettingNameContainerInsights, Value: aws.String("enabled")}},
		Tags:     []ecstypes.Tag{{Key: aws.String("env"), Value: aws.String("production")}}})
	if err != nil {
		return err
	}
	b.e.ProdClusterARN = aws.ToString(prod.Cluster.ClusterArn)
	batch, err := c.CreateCluster(ctx, &ecs.CreateClusterInput{ClusterName: aws.String("batch")})
	if err != nil {
		return err
	}
	b.e.BatchClusterARN = aws.ToString(batch.Cluster.ClusterArn)

	logs := &ecstypes.LogConfiguration{LogDriver: ecstypes.LogDriverAwslogs, Options: map[string]string{
		"awslogs-group": "/ecs/web", "awslogs-region": Region, "awslogs-stream-prefix": "web",
		"splunk-token": Canary, // a credential in plain options: must not be stored
	}}
	register := func(in *ecs.RegisterTaskDefinitionInput) error {
		out, err := c.RegisterTaskDefinition(ctx, in)
		if err != nil {
			return err
		}
		b.e.TaskDefinitions[aws.ToString(in.Family)] = aws.ToString(out.TaskDefinition.TaskDefinitionArn)
		return nil
	}
	if err := register(&ecs.RegisterTaskDefinitionInput{Family: aws.String("web"), NetworkMode: ecstypes.NetworkModeAwsvpc,
		RequiresCompatibilities: []ecstypes.Compatibility{ecstypes.CompatibilityFargate}, Cpu: aws.String("256"), Memory: aws.String("512"),
		TaskRoleArn: aws.String(b.e.SharedTaskRoleARN), ExecutionRoleArn: aws.String(b.e.ExecutionRoleARN),
		ContainerDefinitions: []ecstypes.ContainerDefinition{{Name: aws.String("web"), Image: aws.String(b.e.Repositories["web"] + ":1.0"),
			Memory: aws.Int32(512), Essential: aws.Bool(true), ReadonlyRootFilesystem: aws.Bool(true), User: aws.String("1000"),
			PortMappings:     []ecstypes.PortMapping{{ContainerPort: aws.Int32(8080), Protocol: ecstypes.TransportProtocolTcp, Name: aws.String("http")}},
			Environment:      []ecstypes.KeyValuePair{{Name: aws.String("MODE"), Value: aws.String("production")}, {Name: aws.String("CANARY"), Value: aws.String(Canary)}},
			Secrets:          []ecstypes.Secret{{Name: aws.String("DB_PASSWORD"), ValueFrom: aws.String(b.e.SecretARN)}},
			MountPoints:      []ecstypes.MountPoint{{SourceVolume: aws.String("data"), ContainerPath: aws.String("/data"), ReadOnly: aws.Bool(false)}},
			HealthCheck:      &ecstypes.HealthCheck{Command: []string{"CMD-SHELL", "curl -f http://localhost:8080/health || exit 1"}, Interval: aws.Int32(30), Retries: aws.Int32(3), Timeout: aws.Int32(5)},
			LogConfiguration: logs}},
		Volumes: []ecstypes.Volume{{Name: aws.String("data"), EfsVolumeConfiguration: &ecstypes.EFSVolumeConfiguration{FileSystemId: aws.String(b.e.FileSystemID),
			TransitEncryption: ecstypes.EFSTransitEncryptionEnabled, AuthorizationConfig: &ecstypes.EFSAuthorizationConfig{AccessPointId: aws.String(b.e.AccessPointID), Iam: ecstypes.EFSAuthorizationConfigIAMEnabled}}}},
		Tags: []ecstypes.Tag{{Key: aws.String("app"), Value: aws.String("web")}},
	}); err != nil {
		return err
	}
	if err := register(&ecs.RegisterTaskDefinitionInput{Family: aws.String("api"), NetworkMode: ecstypes.NetworkModeAwsvpc,
		RequiresCompatibilities: []ecstypes.Compatibility{ecstypes.CompatibilityFargate}, Cpu: aws.String("256"), Memory: aws.String("512"),
		TaskRoleArn: aws.String(b.e.SharedTaskRoleARN), ExecutionRoleArn: aws.String(b.e.ExecutionRoleARN),
		ContainerDefinitions: []ecstypes.ContainerDefinition{{Name: aws.String("api"), Image: aws.String("public.ecr.aws/nginx/nginx:1.27"),
			Memory: aws.Int32(512), Essential: aws.Bool(true), PortMappings: []ecstypes.PortMapping{{ContainerPort: aws.Int32(9000)}},
			MountPoints: []ecstypes.MountPoint{{SourceVolume: aws.String("scratch"), ContainerPath: aws.String("/scratch")}}}},
		Volumes: []ecstypes.Volume{{Name: aws.String("scratch"), EfsVolumeConfiguration: &ecstypes.EFSVolumeConfiguration{FileSystemId: aws.String(b.e.ScratchFileSystemID),
			TransitEncryption: ecstypes.EFSTransitEncryptionEnabled, AuthorizationConfig: &ecstypes.EFSAuthorizationConfig{Iam: ecstypes.EFSAuthorizationConfigIAMEnabled}}}},
	}); err != nil {
		return err
	}
	if err := register(&ecs.RegisterTaskDefinitionInput{Family: aws.String("worker"), NetworkMode: ecstypes.NetworkModeBridge,
		RequiresCompatibilities: []ecstypes.Compatibility{ecstypes.CompatibilityEc2},
		TaskRoleArn:             aws.String(b.e.WorkerRoleARN), ExecutionRoleArn: aws.String(b.e.ExecutionRoleARN),
		ContainerDefinitions: []ecstypes.ContainerDefinition{{Name: aws.String("worker"), Image: aws.String(b.e.Repositories["worker"] + ":latest"),
			Memory: aws.Int32(1024), Cpu: 512, Essential: aws.Bool(true), Privileged: aws.Bool(true)}},
	}); err != nil {
		return err
	}

	awsvpc := &ecstypes.NetworkConfiguration{AwsvpcConfiguration: &ecstypes.AwsVpcConfiguration{Subnets: b.e.PrivateSubnets[:],
		SecurityGroups: []string{b.e.AppGroup}, AssignPublicIp: ecstypes.AssignPublicIpDisabled}}
	for _, s := range []*ecs.CreateServiceInput{
		{Cluster: aws.String("prod"), ServiceName: aws.String("web"), TaskDefinition: aws.String(b.e.TaskDefinitions["web"]), DesiredCount: aws.Int32(2),
			LaunchType: ecstypes.LaunchTypeFargate, NetworkConfiguration: awsvpc,
			LoadBalancers: []ecstypes.LoadBalancer{{TargetGroupArn: aws.String(b.e.TargetGroupARN), ContainerName: aws.String("web"), ContainerPort: aws.Int32(8080)}},
			DeploymentConfiguration: &ecstypes.DeploymentConfiguration{MinimumHealthyPercent: aws.Int32(100), MaximumPercent: aws.Int32(200),
				DeploymentCircuitBreaker: &ecstypes.DeploymentCircuitBreaker{Enable: true, Rollback: true}},
			Tags: []ecstypes.Tag{{Key: aws.String("app"), Value: aws.String("web")}}},
		{Cluster: aws.String("prod"), ServiceName: aws.String("api"), TaskDefinition: aws.String(b.e.TaskDefinitions["api"]), DesiredCount: aws.Int32(1),
			LaunchType: ecstypes.LaunchTypeFargate, NetworkConfiguration: awsvpc},
		{Cluster: aws.String("batch"), ServiceName: aws.String("worker"), TaskDefinition: aws.String(b.e.TaskDefinitions["worker"]), DesiredCount: aws.Int32(1),
			LaunchType: ecstypes.LaunchTypeEc2},
	} {
		out, err := c.CreateService(ctx, s)
		if err != nil {
			return fmt.Errorf("service %s: %w", aws.ToString(s.ServiceName), err)
		}
		b.e.Services[aws.ToString(s.ServiceName)] = aws.ToString(out.Service.ServiceArn)
	}
	// moto's services start no tasks: start them as the scheduler would.
	for _, r := range []struct {
		service string
		count   int32
	}{{"web", 2}, {"api", 1}} {
		out, err := c.RunTask(ctx, &ecs.RunTaskInput{Cluster: aws.String("prod"), TaskDefinition: aws.String(b.e.TaskDefinitions[r.service]),
			Count: aws.Int32(r.count), Group: aws.String("service:" + r.service), LaunchType: ecstypes.LaunchTypeFargate, NetworkConfiguration: awsvpc,
			StartedBy: aws.String("ecs-svc/" + r.service),
			Overrides: &ecstypes.TaskOverride{ContainerOverrides: []ecstypes.ContainerOverride{{Name: aws.String(r.service),
				Environment: []ecstypes.KeyValuePair{{Name: aws.String("OVERRIDE"), Value: aws.String(Canary)}}}}}})
		if err != nil {
			return fmt.Errorf("run-task for %s: %w", r.service, err)
		}
		if len(out.Failures) > 0 {
			return fmt.Errorf("run-task for %s: %s", r.service, aws.ToString(out.Failures[0].Reason))
		}
		for _, t := range out.Tasks {
			b.e.Tasks = append(b.e.Tasks, aws.ToString(t.TaskArn))
		}
		// moto reports runningCount 0 until the desired count is updated;
		// then it reports runningCount = desiredCount, as a steady service does.
		if _, err := c.UpdateService(ctx, &ecs.UpdateServiceInput{Cluster: aws.String("prod"), Service: aws.String(r.service), DesiredCount: aws.Int32(r.count)}); err != nil {
			return fmt.Errorf("steady state of %s: %w", r.service, err)
		}
	}
	return nil
}

func (b *estateBuilder) containerInstance() error {
	ctx := b.ctx
	ec := ec2.NewFromConfig(b.cfg)
	imgs, err := ec.DescribeImages(ctx, &ec2.DescribeImagesInput{Owners: []string{"amazon"}})
	if err != nil {
		return err
	}
	for _, im := range imgs.Images {
		if im.Platform == "" && strings.Contains(strings.ToLower(aws.ToString(im.Name)), "amzn") {
			b.e.ImageID = aws.ToString(im.ImageId)
			break
		}
	}
	if b.e.ImageID == "" && len(imgs.Images) > 0 {
		b.e.ImageID = aws.ToString(imgs.Images[0].ImageId)
	}
	run, err := ec.RunInstances(ctx, &ec2.RunInstancesInput{ImageId: aws.String(b.e.ImageID), InstanceType: ec2types.InstanceTypeM5Large,
		MinCount: aws.Int32(1), MaxCount: aws.Int32(1), SubnetId: aws.String(b.e.PrivateSubnets[1]), SecurityGroupIds: []string{b.e.SSHGroup},
		TagSpecifications: tagSpec(ec2types.ResourceTypeInstance, "batch-node"),
		MetadataOptions:   &ec2types.InstanceMetadataOptionsRequest{HttpTokens: ec2types.HttpTokensStateRequired, HttpPutResponseHopLimit: aws.Int32(1)}})
	if err != nil {
		return err
	}
	b.e.InstanceID = aws.ToString(run.Instances[0].InstanceId)
	c := ecs.NewFromConfig(b.cfg)
	ci, err := c.RegisterContainerInstance(ctx, &ecs.RegisterContainerInstanceInput{Cluster: aws.String("batch"),
		InstanceIdentityDocument: aws.String(fmt.Sprintf(`{"instanceId":%q,"region":%q,"availabilityZone":%q}`, b.e.InstanceID, Region, Region+"b"))})
	if err != nil {
		return err
	}
	b.e.ContainerInstance = aws.ToString(ci.ContainerInstance.ContainerInstanceArn)

	as := autoscaling.NewFromConfig(b.cfg)
	if _, err := as.CreateLaunchConfiguration(ctx, &autoscaling.CreateLaunchConfigurationInput{LaunchConfigurationName: aws.String("batch-lc"),
		ImageId: aws.String(b.e.ImageID), InstanceType: aws.String("m5.large")}); err != nil {
		return err
	}
	b.e.AutoScalingGroup = "batch-asg"
	if _, err := as.CreateAutoScalingGroup(ctx, &autoscaling.CreateAutoScalingGroupInput{AutoScalingGroupName: aws.String(b.e.AutoScalingGroup),
		LaunchConfigurationName: aws.String("batch-lc"), MinSize: aws.Int32(0), MaxSize: aws.Int32(4), DesiredCapacity: aws.Int32(0),
		VPCZoneIdentifier: aws.String(b.e.PrivateSubnets[0] + "," + b.e.PrivateSubnets[1])}); err != nil {
		return err
	}
	groups, err := as.DescribeAutoScalingGroups(ctx, &autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: []string{b.e.AutoScalingGroup}})
	if err != nil || len(groups.AutoScalingGroups) == 0 {
		return fmt.Errorf("reading back the group: %v", err)
	}
	b.e.CapacityProvider = "batch-cp"
	if _, err := c.CreateCapacityProvider(ctx, &ecs.CreateCapacityProviderInput{Name: aws.String(b.e.CapacityProvider),
		AutoScalingGroupProvider: &ecstypes.AutoScalingGroupProvider{AutoScalingGroupArn: groups.AutoScalingGroups[0].AutoScalingGroupARN,
			ManagedScaling:               &ecstypes.ManagedScaling{Status: ecstypes.ManagedScalingStatusEnabled, TargetCapacity: aws.Int32(90)},
			ManagedTerminationProtection: ecstypes.ManagedTerminationProtectionDisabled}}); err != nil {
		return err
	}
	_, err = c.PutClusterCapacityProviders(ctx, &ecs.PutClusterCapacityProvidersInput{Cluster: aws.String("batch"), CapacityProviders: []string{b.e.CapacityProvider},
		DefaultCapacityProviderStrategy: []ecstypes.CapacityProviderStrategyItem{{CapacityProvider: aws.String(b.e.CapacityProvider), Weight: 1}}})
	return err
}

// query sends an AWS query-protocol request to moto, which routes it by the
// credential scope of the (unverified) Authorization header.
func (b *estateBuilder) query(signingName string, form url.Values) error {
	req, err := http.NewRequestWithContext(b.ctx, http.MethodPost, aws.ToString(b.cfg.BaseEndpoint)+"/", strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAMOTOTEST/20250101/"+Region+"/"+signingName+"/aws4_request, SignedHeaders=host, Signature=0")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		body, _ := io.ReadAll(resp.Body)
		return fmt.Errorf("%s %s: %s: %s", signingName, form.Get("Action"), resp.Status, body)
	}
	return nil
}

func (b *estateBuilder) observability() error {
	ctx := b.ctx
	// CloudTrail wants its bucket to exist: a dedicated one with Object
	// Lock (which turns versioning on) and every public access blocked.
	s3c := s3.NewFromConfig(b.cfg, func(o *s3.Options) { o.UsePathStyle = true })
	if _, err := s3c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("estate-trail-logs"), ObjectLockEnabledForBucket: aws.Bool(true),
		CreateBucketConfiguration: &s3types.CreateBucketConfiguration{LocationConstraint: s3types.BucketLocationConstraint(Region)}}); err != nil {
		return fmt.Errorf("creating the trail bucket: %w", err)
	}
	if _, err := s3c.PutPublicAccessBlock(ctx, &s3.PutPublicAccessBlockInput{Bucket: aws.String("estate-trail-logs"),
		PublicAccessBlockConfiguration: &s3types.PublicAccessBlockConfiguration{BlockPublicAcls: aws.Bool(true), BlockPublicPolicy: aws.Bool(true),
			IgnorePublicAcls: aws.Bool(true), RestrictPublicBuckets: aws.Bool(true)}}); err != nil {
		return fmt.Errorf("blocking public access to the trail bucket: %w", err)
	}
	if err := b.dataBuckets(s3c); err != nil {
		return err
	}
	if err := b.accountBlock(); err != nil {
		return err
	}
	ct := cloudtrail.NewFromConfig(b.cfg)
	tr, err := ct.CreateTrail(ctx, &cloudtrail.CreateTrailInput{Name: aws.String("org-trail"), S3BucketName: aws.String("estate-trail-logs"),
		IsMultiRegionTrail: aws.Bool(true), EnableLogFileValidation: aws.Bool(true), IncludeGlobalServiceEvents: aws.Bool(true)})
	if err != nil {
		return err
	}
	b.e.TrailARN = aws.ToString(tr.TrailARN)
	if _, err := ct.StartLogging(ctx, &cloudtrail.StartLoggingInput{Name: aws.String("org-trail")}); err != nil {
		return err
	}
	// The SDK speaks CloudWatch's rpc-v2 CBOR protocol, which moto 5.2.1 does
	// not serve (discovery's DescribeAlarms is then a recorded gap): create the
	// alarm through the query protocol moto does serve.
	if err := b.query("monitoring", url.Values{"Action": {"PutMetricAlarm"}, "Version": {"2010-08-01"},
		"AlarmName": {"web-cpu-high"}, "Namespace": {"AWS/ECS"}, "MetricName": {"CPUUtilization"}, "Statistic": {"Average"},
		"Dimensions.member.1.Name": {"ClusterName"}, "Dimensions.member.1.Value": {"prod"},
		"Dimensions.member.2.Name": {"ServiceName"}, "Dimensions.member.2.Value": {"web"},
		"ComparisonOperator": {"GreaterThanThreshold"}, "Threshold": {"80"}, "Period": {"60"}, "EvaluationPeriods": {"3"},
		"ActionsEnabled": {"true"}, "AlarmActions.member.1": {"arn:aws:sns:" + Region + ":" + Account + ":ops"}}); err != nil {
		return err
	}
	lg := cloudwatchlogs.NewFromConfig(b.cfg)
	if _, err := lg.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String("/ecs/web")}); err != nil {
		return err
	}
	if _, err := lg.PutRetentionPolicy(ctx, &cloudwatchlogs.PutRetentionPolicyInput{LogGroupName: aws.String("/ecs/web"), RetentionInDays: aws.Int32(30)}); err != nil {
		return err
	}
	sd := servicediscovery.NewFromConfig(b.cfg)
	if _, err := sd.CreatePrivateDnsNamespace(ctx, &servicediscovery.CreatePrivateDnsNamespaceInput{Name: aws.String("internal.local"), Vpc: aws.String(b.e.VPCID)}); err != nil {
		return err
	}
	ns, err := sd.ListNamespaces(ctx, &servicediscovery.ListNamespacesInput{})
	if err != nil || len(ns.Namespaces) == 0 {
		return fmt.Errorf("reading back the namespace: %v", err)
	}
	b.e.Namespace = aws.ToString(ns.Namespaces[0].Id)
	det, err := guardduty.NewFromConfig(b.cfg).CreateDetector(ctx, &guardduty.CreateDetectorInput{Enable: aws.Bool(true)})
	if err != nil {
		return err
	}
	b.e.DetectorID = aws.ToString(det.DetectorId)
	sc := aas.NewFromConfig(b.cfg)
	resource := "service/prod/web"
	if _, err := sc.RegisterScalableTarget(ctx, &aas.RegisterScalableTargetInput{ServiceNamespace: aastypes.ServiceNamespaceEcs, ResourceId: aws.String(resource),
		ScalableDimension: aastypes.ScalableDimensionECSServiceDesiredCount, MinCapacity: aws.Int32(2), MaxCapacity: aws.Int32(10)}); err != nil {
		return err
	}
	_, err = sc.PutScalingPolicy(ctx, &aas.PutScalingPolicyInput{PolicyName: aws.String("web-cpu"), ServiceNamespace: aastypes.ServiceNamespaceEcs,
		ResourceId: aws.String(resource), ScalableDimension: aastypes.ScalableDimensionECSServiceDesiredCount, PolicyType: aastypes.PolicyTypeTargetTrackingScaling,
		TargetTrackingScalingPolicyConfiguration: &aastypes.TargetTrackingScalingPolicyConfiguration{TargetValue: aws.Float64(60),
			PredefinedMetricSpecification: &aastypes.PredefinedMetricSpecification{PredefinedMetricType: aastypes.MetricTypeECSServiceAverageCPUUtilization}}})
	return err
}

// accountBlock turns on all four settings of the account's S3 Block Public
// Access. S3 Control's endpoint rules put the account id in front of the
// endpoint's host, which moto does not answer to: the request goes to the
// endpoint's own host (the account id is in its header).
func (b *estateBuilder) accountBlock() error {
	c := s3control.NewFromConfig(b.cfg, func(o *s3control.Options) {
		if o.BaseEndpoint != nil {
			if u, err := url.Parse(*o.BaseEndpoint); err == nil {
				o.EndpointResolverV2 = endpointHost{inner: o.EndpointResolverV2, host: u.Host}
			}
		}
	})
	_, err := c.PutPublicAccessBlock(b.ctx, &s3control.PutPublicAccessBlockInput{AccountId: aws.String(Account),
		PublicAccessBlockConfiguration: &s3ctypes.PublicAccessBlockConfiguration{BlockPublicAcls: aws.Bool(true), BlockPublicPolicy: aws.Bool(true),
			IgnorePublicAcls: aws.Bool(true), RestrictPublicBuckets: aws.Bool(true)}})
	if err != nil {
		return fmt.Errorf("blocking public access in the account: %w", err)
	}
	return nil
}

// endpointHost resolves S3 Control endpoints, then puts the configured
// endpoint's host back.
type endpointHost struct {
	inner s3control.EndpointResolverV2
	host  string
}

// ResolveEndpoint implements s3control.EndpointResolverV2.
func (r endpointHost) ResolveEndpoint(ctx context.Context, p s3control.EndpointParameters) (smithyendpoints.Endpoint, error) {
	ep, err := r.inner.ResolveEndpoint(ctx, p)
	if err == nil {
		ep.URI.Host = r.host
	}
	return ep, err
}

// dataBuckets creates the buckets the web task role reaches: assets (its
// objects, "assets/*": SSE-S3, a policy denying requests without TLS,
// every public access blocked) and estate-uploads (the bucket itself:
// SSE-KMS with a customer managed key, versioned, no policy, no public
// access block).
func (b *estateBuilder) dataBuckets(s3c *s3.Client) error {
	ctx := b.ctx
	for _, name := range []string{"assets", "estate-uploads"} {
		if _, err := s3c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(name),
			CreateBucketConfiguration: &s3types.CreateBucketConfiguration{LocationConstraint: s3types.BucketLocationConstraint(Region)}}); err != nil {
			return fmt.Errorf("creating bucket %s: %w", name, err)
		}
	}
	tlsOnly := `{"Version":"2012-10-17","Statement":[{"Sid":"TLSOnly","Effect":"Deny","Principal":"*","Action":"s3:*",` +
		`"Resource":["arn:aws:s3:::assets","arn:aws:s3:::assets/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`
	if _, err := s3c.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: aws.String("assets"), Policy: aws.String(tlsOnly)}); err != nil {
		return fmt.Errorf("assets bucket policy: %w", err)
	}
	if _, err := s3c.PutBucketEncryption(ctx, &s3.PutBucketEncryptionInput{Bucket: aws.String("assets"),
		ServerSideEncryptionConfiguration: &s3types.ServerSideEncryptionConfiguration{Rules: []s3types.ServerSideEncryptionRule{
			{ApplyServerSideEncryptionByDefault: &s3types.ServerSideEncryptionByDefault{SSEAlgorithm: s3types.ServerSideEncryptionAes256}}}}}); err != nil {
		return fmt.Errorf("assets encryption: %w", err)
	}
	if _, err := s3c.PutPublicAccessBlock(ctx, &s3.PutPublicAccessBlockInput{Bucket: aws.String("assets"),
		PublicAccessBlockConfiguration: &s3types.PublicAccessBlockConfiguration{BlockPublicAcls: aws.Bool(true), BlockPublicPolicy: aws.Bool(true),
			IgnorePublicAcls: aws.Bool(true), RestrictPublicBuckets: aws.Bool(true)}}); err != nil {
		return fmt.Errorf("blocking public access to assets: %w", err)
	}
	if _, err := s3c.PutBucketEncryption(ctx, &s3.PutBucketEncryptionInput{Bucket: aws.String("estate-uploads"),
		ServerSideEncryptionConfiguration: &s3types.ServerSideEncryptionConfiguration{Rules: []s3types.ServerSideEncryptionRule{
			{ApplyServerSideEncryptionByDefault: &s3types.ServerSideEncryptionByDefault{SSEAlgorithm: s3types.ServerSideEncryptionAwsKms,
				KMSMasterKeyID: aws.String(b.e.SecretKeyARN)}, BucketKeyEnabled: aws.Bool(true)}}}}); err != nil {
		return fmt.Errorf("estate-uploads encryption: %w", err)
	}
	if _, err := s3c.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: aws.String("estate-uploads"),
		VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusEnabled}}); err != nil {
		return fmt.Errorf("estate-uploads versioning: %w", err)
	}
	return nil
}
