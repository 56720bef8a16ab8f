package main

import (
	"github.com/ecspack/ecspack/inventory"
)

// Northwind Freight AB: shipment tracking and EDI platform in eu-north-1,
// with a pilot-light recovery region in eu-west-1.
const nwfAcct = "111122223333"

func northwind() *inventory.Snapshot {
	tags := map[string]string{"environment": "production", "cost-center": "nwf-it-4410", "owner": "platform@northwind-freight.example"}
	e := newEnv(nwfAcct, "eu-north-1", "nwf-prod", "10.40", []az{{"eu-north-1a", "eun1-az1"}, {"eu-north-1b", "eun1-az2"}, {"eu-north-1c", "eun1-az3"}}, tags)
	e.network(true, []string{"ecr.api", "ecr.dkr", "s3", "logs", "secretsmanager", "ssm", "sts", "elasticfilesystem"})
	e.executionRole("nwf/prod")
	albSG := e.albSG("nwf-prod-public-alb", false)
	_ = albSG
	e.alb("nwf-prod-public", false, albSG, "ELBSecurityPolicy-TLS13-1-2-2021-06", "track.northwind-freight.example")

	ns := e.arn("servicediscovery", "namespace/ns-"+hexOf("nwf.internal", 16))
	e.r.Namespaces = []inventory.Namespace{{ID: "ns-" + hexOf("nwf.internal", 16), ARN: ns, Name: "nwf.internal", Type: "HTTP",
		Description: "Service Connect namespace of nwf-prod-core", ServiceCount: 3}}
	c := e.cluster("nwf-prod-core", []string{"FARGATE", "FARGATE_SPOT", "nwf-prod-core-ec2"},
		[]inventory.CapacityProviderItem{{CapacityProvider: "FARGATE", Weight: 1, Base: 1}}, ns, "core")
	e.fargateProviders(true)
	ami := inventory.Image{ID: "ami-0" + hexOf("al2023-ecs-eun1", 16), Name: "al2023-ami-ecs-hvm-2023.0.20250915-kernel-6.1-x86_64",
		Description: "Amazon Linux AMI 2023.0.20250915 x86_64 ECS HVM EBS", OwnerID: "591542846629", OwnerAlias: "amazon", Architecture: "x86_64"}
	e.ec2Capacity(c, "nwf-prod-core-ec2", []string{"c7i.xlarge", "c6i.xlarge", "c6a.xlarge", "m7i.xlarge"}, true, ami, "1.97.1")

	// EFS for the EDI spool.
	fsID := "fs-0" + hexOf("nwf-edi-spool", 16)
	apID := "fsap-0" + hexOf("nwf-edi-ap", 16)
	fsARN := e.arn("elasticfilesystem", "file-system/"+fsID)
	efsSG := rid("sg", e.vpc+"efs")
	fs := inventory.FileSystem{ID: fsID, ARN: fsARN, Name: "nwf-prod-edi-spool", Encrypted: true, KMSKey: e.dataKey,
		PerformanceMode: "generalPurpose", ThroughputMode: "elastic", LifeCycleState: "available",
		BackupPolicy: "ENABLED", BackupPolicyCollected: true, PolicyCollected: true,
		Policy: `{"Version":"2012-10-17","Statement":[{"Sid":"tls-only","Effect":"Deny","Principal":{"AWS":"*"},"Action":"*",` +
			`"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`,
		AccessPoints: []inventory.AccessPoint{{ID: apID, ARN: e.arn("elasticfilesystem", "access-point/"+apID), Name: "edi-gateway", RootDirectory: "/edi", PosixUser: "1000:1000"}},
		Tags:         e.tagged(map[string]string{"application": "edi", "Name": "nwf-prod-edi-spool", "aws:cloudformation:stack-name": "nwf-prod-storage"})}
	for i, z := range e.azs {
		fs.MountTargets = append(fs.MountTargets, inventory.MountTarget{ID: "fsmt-0" + hexOf(fsID+z.name, 16), SubnetID: e.priv[i], AvailabilityZone: z.name,
			IPAddress: "10.40." + []string{"31", "47", "63"}[i] + ".250", SecurityGroups: []string{efsSG}, LifeCycleState: "available"})
	}
	e.r.EFS = []inventory.FileSystem{fs}
	// The eta-predictor's feature table, as DescribeTable and
	// DescribeContinuousBackups describe it: the data key, point-in-time
	// recovery, deletion protection.
	e.r.DynamoDBTables = []inventory.DynamoDBTable{{Name: "nwf-prod-eta-features", ARN: e.arn("dynamodb", "table/nwf-prod-eta-features"), Status: "ACTIVE",
		BillingMode: "PAY_PER_REQUEST", SSEType: "KMS", SSEStatus: "ENABLED", KMSKey: e.dataKey, DeletionProtection: true, PointInTimeRecovery: "ENABLED"}}

	ediSG := rid("sg", e.vpc+"edi-gateway")
	for _, s := range northwindServices(e, c.Name, fsID, apID, fsARN) {
		e.addService(s, "nwf/prod", "2025-10-21T06:12:09Z")
	}
	// EFS accepts NFS only from the EDI gateway.
	e.r.Network.SecurityGroups = append(e.r.Network.SecurityGroups, inventory.SecurityGroup{ID: efsSG, Name: "nwf-prod-efs-edi-spool", VPCID: e.vpc,
		Description: "EFS mount targets: NFS from edi-gateway tasks only",
		Ingress:     []inventory.SecurityRule{{Protocol: "tcp", FromPort: 2049, ToPort: 2049, SourceGroup: ediSG, Description: "NFS from edi-gateway"}},
		Tags:        e.tagged(map[string]string{"application": "edi"})})
	e.repos([]string{"nwf/tracking-web", "nwf/shipment-api", "nwf/eta-predictor", "nwf/edi-gateway", "nwf/notification-worker",
		"ecr-public/aws-observability/aws-otel-collector", "ecr-public/aws-observability/aws-for-fluent-bit"})
	e.security("nwf-org-trail", "nwf-cloudtrail-logs-"+nwfAcct, "eu-north-1", nwfAcct)
	e.r.LogGroups = append(e.r.LogGroups, inventory.LogGroup{Name: "/aws/cloudtrail/nwf-org-trail", ARN: e.arn("logs", "log-group:/aws/cloudtrail/nwf-org-trail"),
		RetentionDays: 365, KMSKey: e.logKey, StoredBytes: 9_663_676_416})

	// Aurora: shipment-api signs in with a password secret, so only the
	// security group links it.
	e.aurora(35, map[string]string{"shipment-api": rid("sg", e.vpc+"shipment-api")})

	// eu-west-1: pilot light for recovery (network, replicated images, detection).
	w := newEnv(nwfAcct, "eu-west-1", "nwf-dr", "10.41", []az{{"eu-west-1a", "euw1-az1"}, {"eu-west-1b", "euw1-az2"}, {"eu-west-1c", "euw1-az3"}}, tags)
	w.network(false, []string{"ecr.api", "ecr.dkr", "s3", "logs"})
	w.repos([]string{"nwf/tracking-web", "nwf/shipment-api", "nwf/eta-predictor", "nwf/edi-gateway", "nwf/notification-worker"})
	w.security("nwf-org-trail", "nwf-cloudtrail-logs-"+nwfAcct, "eu-north-1", nwfAcct)
	w.r.RDS.InstancesCollected, w.r.RDS.ClustersCollected = true, true // no database there

	calls := northwindCalls()
	return &inventory.Snapshot{SchemaVersion: inventory.SchemaVersion,
		Collection: inventory.Collection{Source: "discover", Tool: "ecspack 0.1.0", StartedAt: ts("2025-10-26T08:14:03Z"), FinishedAt: ts("2025-10-26T08:14:51Z"), Calls: calls},
		Accounts: []inventory.Account{{ID: nwfAcct, Alias: "northwind-freight-prod",
			IAM: inventory.IAM{Summary: iamSummary(6), Roles: e.roles}, S3PublicAccessBlock: accountBlockAllOn(),
			Regions: []inventory.Region{e.finish(), w.finish()}}}}
}

// accountBlockAllOn is the account-level S3 Block Public Access both
// customers keep, as AWS recommends: all four settings on.
func accountBlockAllOn() *inventory.S3AccountBlock {
	return &inventory.S3AccountBlock{BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true}
}

func iamSummary(roles int) map[string]int {
	return map[string]int{"AccountMFAEnabled": 1, "AccountAccessKeysPresent": 0, "AccountSigningCertificatesPresent": 0,
		"Users": 0, "Groups": 0, "MFADevices": 1, "MFADevicesInUse": 1, "Roles": roles + 38, "Policies": 14, "Providers": 1}
}

// northwindServices are Northwind's five services on the core cluster, with
// the EFS spool the EDI gateway mounts.
func northwindServices(e *env, cluster, fsID, apID, fsARN string) []svc {
	bucket := func(name string) string { return "arn:aws:s3:::" + name }
	queue := func(name string) string { return e.arn("sqs", name) }

	shipmentSG := rid("sg", e.vpc+"shipment-api")
	webSG := rid("sg", e.vpc+"tracking-web")
	ediSG := rid("sg", e.vpc+"edi-gateway")
	return []svc{
		{name: "tracking-web", family: "nwf-tracking-web", app: "tracking", revision: 42, cluster: cluster, capacity: "FARGATE+SPOT",
			desired: 3, azs: []int{0, 1, 2}, port: 3000, cpu: 512, mem: 1024, appCPU: 448, appMem: 896, appRs: 640,
			repo: "nwf/tracking-web", sha: "8e41c07", lb: "nwf-prod-public", protocol: "HTTPS", sc: true,
			env:     []string{"NODE_ENV", "SHIPMENT_API_URL", "OTEL_SERVICE_NAME", "PUBLIC_BASE_URL"},
			secrets: []string{"SESSION_SIGNING_KEY"}, readonly: true, user: "1000:1000",
			health: []string{"CMD-SHELL", "wget -q -O /dev/null https://127.0.0.1:3000/healthz --no-check-certificate || exit 1"},
			minCap: 3, maxCap: 12, metric: "ALBRequestCountPerTarget", target: 800, created: "2025-02-03T13:05:11Z",
			policy: []map[string]any{stmt("ReadStaticAssets", []string{"s3:GetObject"}, []string{bucket("nwf-prod-tracking-assets/web/*")}, nil)}},
		{name: "shipment-api", family: "nwf-shipment-api", app: "tracking", revision: 118, cluster: cluster, capacity: "FARGATE",
			desired: 3, azs: []int{0, 1, 2}, port: 8443, cpu: 1024, mem: 2048, appCPU: 896, appMem: 1792, appRs: 1280,
			repo: "nwf/shipment-api", sha: "3f9c2a1", otel: true, lb: "nwf-prod-public|/api/*|10", protocol: "HTTPS", sc: true, scPublish: "yes",
			sgFrom:  []string{webSG, ediSG},
			env:     []string{"SPRING_PROFILES_ACTIVE", "DB_HOST", "DB_NAME", "EVENT_BUS_NAME", "NOTIFY_QUEUE_URL", "POD_BUCKET", "OTEL_EXPORTER_OTLP_ENDPOINT"},
			secrets: []string{"DB_USERNAME", "DB_PASSWORD", "JWT_ISSUER_KEY"}, readonly: true, user: "1001:1001",
			health: []string{"CMD-SHELL", "curl -fsk https://127.0.0.1:8443/actuator/health/liveness || exit 1"},
			minCap: 3, maxCap: 15, metric: "ECSServiceAverageCPUUtilization", target: 60, created: "2025-02-03T13:05:40Z",
			policy: []map[string]any{
				stmt("PublishShipmentEvents", []string{"events:PutEvents"}, []string{e.arn("events", "event-bus/nwf-prod-shipments")}, nil),
				stmt("QueueNotifications", []string{"sqs:SendMessage"}, []string{queue("nwf-prod-notifications")}, nil),
				stmt("ProofOfDelivery", []string{"s3:PutObject", "s3:GetObject"}, []string{bucket("nwf-prod-proof-of-delivery/pod/*")}, nil),
				stmt("EncryptProofOfDelivery", []string{"kms:GenerateDataKey", "kms:Decrypt"}, []string{e.dataKey}, nil),
			}},
		{name: "eta-predictor", family: "nwf-eta-predictor", app: "routing", revision: 27, cluster: cluster, capacity: "nwf-prod-core-ec2",
			desired: 3, azs: []int{0, 1, 2}, port: 9000, cpu: 2048, mem: 4096, appCPU: 1920, appMem: 3840, appRs: 3072,
			repo: "nwf/eta-predictor", sha: "c71d9e4", otel: true, sc: true, scPublish: "yes", sgFrom: []string{shipmentSG},
			env:      []string{"MODEL_BUCKET", "MODEL_VERSION", "FEATURE_TABLE", "WORKERS"},
			readonly: true, user: "1002:1002",
			health: []string{"CMD-SHELL", "curl -fsk https://127.0.0.1:9000/ping || exit 1"},
			minCap: 3, maxCap: 9, metric: "ECSServiceAverageCPUUtilization", target: 55, created: "2025-02-10T08:44:02Z",
			policy: []map[string]any{
				stmt("ReadModels", []string{"s3:GetObject"}, []string{bucket("nwf-prod-ml-models/eta/*")}, nil),
				stmt("ReadFeatures", []string{"dynamodb:GetItem", "dynamodb:Query", "dynamodb:BatchGetItem"}, []string{e.arn("dynamodb", "table/nwf-prod-eta-features")}, nil),
			}},
		{name: "edi-gateway", family: "nwf-edi-gateway", app: "edi", revision: 35, cluster: cluster, capacity: "FARGATE",
			desired: 2, azs: []int{0, 1, 2}, port: 8081, cpu: 512, mem: 1024, appCPU: 384, appMem: 768, appRs: 512,
			repo: "nwf/edi-gateway", sha: "a04be93", firelens: true, sc: true, scPublish: "yes", sgFrom: []string{shipmentSG},
			efs:     &efsMount{fs: fsID, ap: apID, path: "/var/spool/edi"},
			env:     []string{"ERP_SFTP_HOST", "ERP_SFTP_PORT", "SPOOL_DIR", "CARRIER_AS2_URL", "SHIPMENT_API_URL"},
			secrets: []string{"ERP_SFTP_PRIVATE_KEY", "AS2_SIGNING_KEY"}, readonly: true, user: "1000:1000",
			health: []string{"CMD-SHELL", "curl -fsk https://127.0.0.1:8081/healthz || exit 1"},
			minCap: 2, maxCap: 4, metric: "ECSServiceAverageCPUUtilization", target: 65, created: "2025-02-17T10:21:37Z",
			policy: []map[string]any{
				stmt("MountSpoolThroughAccessPoint", []string{"elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"}, []string{fsARN},
					map[string]any{"StringEquals": map[string]any{"elasticfilesystem:AccessPointArn": e.arn("elasticfilesystem", "access-point/"+apID)}, "Bool": map[string]any{"aws:SecureTransport": "true"}}),
				stmt("ArchiveMessages", []string{"s3:PutObject"}, []string{bucket("nwf-prod-edi-archive/edifact/*")}, nil),
			}},
		{name: "notification-worker", family: "nwf-notification-worker", app: "notifications", revision: 19, cluster: cluster, capacity: "SPOT",
			desired: 2, azs: []int{0}, cpu: 256, mem: 512, appCPU: 256, appMem: 512, appRs: 384,
			repo: "nwf/notification-worker", sha: "5d2f81b", readonly: true, user: "1000:1000",
			env:    []string{"QUEUE_URL", "SES_CONFIGURATION_SET", "SMS_TOPIC_ARN", "BATCH_SIZE"},
			health: []string{"CMD-SHELL", "test -f /tmp/alive && find /tmp/alive -mmin -1 | grep -q alive"},
			minCap: 2, maxCap: 10, metric: "AWS/SQS/ApproximateNumberOfMessagesVisible", target: 200, created: "2025-02-24T15:02:50Z",
			policy: []map[string]any{
				stmt("ConsumeNotifications", []string{"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"}, []string{queue("nwf-prod-notifications")}, nil),
				stmt("SendEmail", []string{"ses:SendEmail", "ses:SendRawEmail"}, []string{e.arn("ses", "identity/northwind-freight.example"), e.arn("ses", "configuration-set/nwf-prod-transactional")}, nil),
				stmt("SendSms", []string{"sns:Publish"}, []string{e.arn("sns", "nwf-prod-sms-notifications")}, nil),
			}},
	}
}

// northwindCalls are the API calls the Northwind snapshot says discovery made.
func northwindCalls() []inventory.CallCount {
	return []inventory.CallCount{
		{Service: "autoscaling", Operation: "DescribeAutoScalingGroups", Count: 2},
		{Service: "application-autoscaling", Operation: "DescribeScalableTargets", Count: 2},
		{Service: "application-autoscaling", Operation: "DescribeScalingPolicies", Count: 2},
		{Service: "cloudtrail", Operation: "DescribeTrails", Count: 2},
		{Service: "cloudtrail", Operation: "GetTrailStatus", Count: 2},
		{Service: "cloudwatch", Operation: "DescribeAlarms", Count: 2},
		{Service: "ec2", Operation: "DescribeInstances", Count: 2},
		{Service: "ec2", Operation: "DescribeSubnets", Count: 2},
		{Service: "ec2", Operation: "DescribeVpcs", Count: 2},
		{Service: "ecr", Operation: "DescribeRepositories", Count: 2},
		{Service: "ecs", Operation: "DescribeServices", Count: 1},
		{Service: "ecs", Operation: "DescribeTaskDefinition", Count: 5},
		{Service: "ecs", Operation: "DescribeTasks", Count: 1},
		{Service: "ecs", Operation: "ListTasks", Count: 1},
		{Service: "elasticfilesystem", Operation: "DescribeFileSystems", Count: 2},
		{Service: "elasticloadbalancing", Operation: "DescribeLoadBalancers", Count: 2},
		{Service: "elasticloadbalancing", Operation: "DescribeTargetHealth", Count: 4},
		{Service: "guardduty", Operation: "GetDetector", Count: 2},
		{Service: "iam", Operation: "GetAccountSummary", Count: 1},
		{Service: "iam", Operation: "GetRole", Count: 6},
		{Service: "logs", Operation: "DescribeLogGroups", Count: 2},
		{Service: "rds", Operation: "DescribeDBClusters", Count: 2},
		{Service: "rds", Operation: "DescribeDBInstances", Count: 2},
		{Service: "s3control", Operation: "GetPublicAccessBlock", Count: 1},
	}
}
