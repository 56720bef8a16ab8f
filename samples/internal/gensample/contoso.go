package main

import (
	"github.com/ecspack/ecspack/inventory"
)

// Contoso Health Ltd: HIPAA-scoped patient portal and clinical integration
// platform in us-east-1, two clusters (portal and clinical).
const cthAcct = "444455556666"
const cthLogArchive = "777788889999"

func contoso() *inventory.Snapshot {
	tags := map[string]string{"environment": "production", "data-classification": "phi", "cost-center": "CH-ENG-220"}
	e := newEnv(cthAcct, "us-east-1", "cth-prod", "10.60", []az{{"us-east-1a", "use1-az1"}, {"us-east-1b", "use1-az2"}, {"us-east-1c", "use1-az4"}}, tags)
	e.network(true, []string{"ecr.api", "ecr.dkr", "s3", "logs", "secretsmanager", "kms", "sts", "sqs", "monitoring", "xray"})
	e.executionRole("cth/prod")
	publicSG := e.albSG("cth-prod-portal-alb", false)
	internalSG := e.albSG("cth-prod-clinical-int-alb", true)
	e.alb("cth-prod-portal", false, publicSG, "ELBSecurityPolicy-TLS13-1-2-Res-2021-06", "portal.contoso-health.example")
	e.alb("cth-prod-clinical-int", true, internalSG, "ELBSecurityPolicy-TLS13-1-3-2021-06", "fhir.clinical.cth.internal")

	dnsNS := "ns-" + hexOf("clinical.cth.internal", 16)
	e.r.Namespaces = []inventory.Namespace{{ID: dnsNS, ARN: e.arn("servicediscovery", "namespace/"+dnsNS), Name: "clinical.cth.internal", Type: "DNS_PRIVATE",
		Description: "Private DNS for clinical workers (intake-ocr)", ServiceCount: 1}}

	portal := e.cluster("cth-prod-portal", []string{"FARGATE"}, []inventory.CapacityProviderItem{{CapacityProvider: "FARGATE", Weight: 1, Base: 1}}, "", "portal")
	clinical := e.cluster("cth-prod-clinical", []string{"FARGATE", "cth-prod-clinical-ec2"},
		[]inventory.CapacityProviderItem{{CapacityProvider: "cth-prod-clinical-ec2", Weight: 1}}, "", "clinical")
	e.fargateProviders(false)
	ami := inventory.Image{ID: "ami-0" + hexOf("al2023-ecs-use1", 16), Name: "al2023-ami-ecs-hvm-2023.0.20250915-kernel-6.1-x86_64",
		Description: "Amazon Linux AMI 2023.0.20250915 x86_64 ECS HVM EBS", OwnerID: "591542846629", OwnerAlias: "amazon", Architecture: "x86_64"}
	e.ec2Capacity(clinical, "cth-prod-clinical-ec2", []string{"m7i.xlarge", "m6i.xlarge"}, false, ami, "1.97.1")

	apptSG := rid("sg", e.vpc+"appointments-api")
	claimsSG := rid("sg", e.vpc+"claims-processor")
	for _, s := range contosoServices(e, portal.Name, clinical.Name) {
		e.addService(s, "cth/prod", "2025-10-19T22:40:31Z")
	}
	// The internal ALB admits the portal API and the claims worker only.
	in := e.sg(internalSG)
	in.Ingress = []inventory.SecurityRule{
		{Protocol: "tcp", FromPort: 443, ToPort: 443, SourceGroup: apptSG, Description: "HTTPS from appointments-api"},
		{Protocol: "tcp", FromPort: 443, ToPort: 443, SourceGroup: claimsSG, Description: "HTTPS from claims-processor"},
		{Protocol: "tcp", FromPort: 443, ToPort: 443, CIDR: "172.16.0.0/16", Description: "HTTPS from the hospital network over VPN"},
	}

	e.repos([]string{"cth/patient-portal", "cth/appointments-api", "cth/fhir-gateway", "cth/claims-processor", "cth/intake-ocr",
		"ecr-public/aws-observability/aws-otel-collector"})
	e.security("cth-org-trail", "cth-log-archive-cloudtrail-"+cthLogArchive, "us-east-1", cthAcct)
	// A known gap: the log group of the one-off backfill task was created by the
	// awslogs driver (awslogs-create-group), so it has no retention and no CMK.
	e.r.LogGroups = append(e.r.LogGroups,
		inventory.LogGroup{Name: "/ecs/cth-prod/claims-backfill-2024", ARN: e.arn("logs", "log-group:/ecs/cth-prod/claims-backfill-2024"), StoredBytes: 3_221_225_472},
		inventory.LogGroup{Name: "/aws/cloudtrail/cth-org-trail", ARN: e.arn("logs", "log-group:/aws/cloudtrail/cth-org-trail"), RetentionDays: 2557, KMSKey: e.logKey, StoredBytes: 21_474_836_480},
	)

	// Aurora: the portal API and the FHIR gateway connect with IAM
	// authentication (rds-db:connect on the cluster) inside its group.
	e.aurora(14, map[string]string{"appointments-api": apptSG, "fhir-gateway": rid("sg", e.vpc+"fhir-gateway")})

	calls := contosoCalls()
	return &inventory.Snapshot{SchemaVersion: inventory.SchemaVersion,
		Collection: inventory.Collection{Source: "discover", Tool: "ecspack 0.1.0", StartedAt: ts("2025-10-27T14:02:11Z"), FinishedAt: ts("2025-10-27T14:02:46Z"), Calls: calls},
		Accounts: []inventory.Account{{ID: cthAcct, Alias: "contoso-health-prod-workloads",
			IAM: inventory.IAM{Summary: iamSummary(6), Roles: e.roles}, S3PublicAccessBlock: accountBlockAllOn(),
			Regions: []inventory.Region{e.finish()}}}}
}

// contosoServices are Contoso's five services on the portal and clinical
// clusters.
func contosoServices(e *env, portal, clinical string) []svc {
	bucket := func(name string) string { return "arn:aws:s3:::" + name }
	queue := func(name string) string { return e.arn("sqs", name) }
	auroraUser := func(user string) string {
		return "arn:aws:rds-db:us-east-1:" + cthAcct + ":dbuser:cluster-" + hexOf("cth-prod-aurora", 26) + "/" + user
	}
	portalSG := rid("sg", e.vpc+"patient-portal")
	apptSG := rid("sg", e.vpc+"appointments-api")
	claimsSG := rid("sg", e.vpc+"claims-processor")
	_ = portalSG

	return []svc{
		{name: "patient-portal", family: "cth-patient-portal", app: "patient-portal", revision: 64, cluster: portal, capacity: "FARGATE",
			desired: 3, azs: []int{0, 1, 2}, port: 8443, cpu: 512, mem: 1024, appCPU: 384, appMem: 768, appRs: 512,
			repo: "cth/patient-portal", sha: "b2e7f40", otel: true, lb: "cth-prod-portal", protocol: "HTTPS",
			env: []string{"NODE_ENV", "API_BASE_URL", "COGNITO_USER_POOL_ID", "OTEL_SERVICE_NAME"}, secrets: []string{"SESSION_SECRET"},
			readonly: true, user: "1000:1000",
			health: []string{"CMD-SHELL", "curl -fsk https://127.0.0.1:8443/healthz || exit 1"},
			minCap: 3, maxCap: 12, metric: "ALBRequestCountPerTarget", target: 600, created: "2024-08-26T16:40:12Z",
			policy: []map[string]any{stmt("ReadPortalAssets", []string{"s3:GetObject"}, []string{bucket("cth-prod-portal-assets/static/*")}, nil)}},
		{name: "appointments-api", family: "cth-appointments-api", app: "patient-portal", revision: 91, cluster: portal, capacity: "FARGATE",
			desired: 3, azs: []int{0, 1, 2}, port: 8443, cpu: 1024, mem: 2048, appCPU: 896, appMem: 1792, appRs: 1280,
			repo: "cth/appointments-api", sha: "e19a3c6", otel: true, lb: "cth-prod-portal|/api/*|20", protocol: "HTTPS",
			env:     []string{"ASPNETCORE_ENVIRONMENT", "DB_HOST", "DB_NAME", "FHIR_BASE_URL", "REMINDER_QUEUE_URL"},
			secrets: []string{"DB_CONNECTION_USER"}, readonly: true, user: "1654:1654",
			health: []string{"CMD-SHELL", "curl -fsk https://127.0.0.1:8443/health/live || exit 1"},
			minCap: 3, maxCap: 12, metric: "ECSServiceAverageCPUUtilization", target: 60, created: "2024-08-26T16:41:55Z",
			policy: []map[string]any{
				stmt("ConnectAurora", []string{"rds-db:connect"}, []string{auroraUser("appointments_api")}, nil),
				stmt("QueueReminders", []string{"sqs:SendMessage"}, []string{queue("cth-prod-reminders")}, nil),
				stmt("UsePhiKey", []string{"kms:Decrypt", "kms:GenerateDataKey"}, []string{e.dataKey}, nil),
			}},
		{name: "fhir-gateway", family: "cth-fhir-gateway", app: "clinical-integration", revision: 57, cluster: clinical, capacity: "cth-prod-clinical-ec2",
			desired: 3, azs: []int{0, 1, 2}, port: 8443, cpu: 2048, mem: 6144, appCPU: 1920, appMem: 5888, appRs: 4608,
			repo: "cth/fhir-gateway", sha: "7a0d5b2", otel: true, lb: "cth-prod-clinical-int", protocol: "HTTPS",
			sgFrom:  nil,
			env:     []string{"JAVA_TOOL_OPTIONS", "EHR_MLLP_HOST", "EHR_MLLP_PORT", "DB_HOST", "AUDIT_STREAM"},
			secrets: []string{"DB_CONNECTION_USER", "EHR_CLIENT_CERT_KEY"}, readonly: true, user: "1001:1001",
			health: []string{"CMD-SHELL", "curl -fsk https://127.0.0.1:8443/fhir/metadata?_summary=true || exit 1"},
			minCap: 3, maxCap: 9, metric: "ECSServiceAverageCPUUtilization", target: 55, created: "2024-08-28T11:02:19Z",
			policy: []map[string]any{
				stmt("ConnectAurora", []string{"rds-db:connect"}, []string{auroraUser("fhir_gateway")}, nil),
				stmt("WriteAuditTrail", []string{"firehose:PutRecord", "firehose:PutRecordBatch"}, []string{e.arn("firehose", "deliverystream/cth-prod-phi-audit")}, nil),
				stmt("UsePhiKey", []string{"kms:Decrypt", "kms:GenerateDataKey"}, []string{e.dataKey}, nil),
			}},
		{name: "claims-processor", family: "cth-claims-processor", app: "claims", revision: 33, cluster: clinical, capacity: "FARGATE",
			desired: 2, azs: []int{0, 1, 2}, cpu: 1024, mem: 2048, appCPU: 896, appMem: 1792, appRs: 1280,
			repo: "cth/claims-processor", sha: "41c8e0d", otel: true, readonly: true, user: "1001:1001",
			env:     []string{"CLAIMS_QUEUE_URL", "CLEARINGHOUSE_URL", "FHIR_BASE_URL", "OCR_ENDPOINT"},
			secrets: []string{"CLEARINGHOUSE_API_KEY"},
			health:  []string{"CMD-SHELL", "test -f /tmp/heartbeat && find /tmp/heartbeat -mmin -2 | grep -q heartbeat"},
			minCap:  2, maxCap: 8, metric: "AWS/SQS/ApproximateAgeOfOldestMessage", target: 120, created: "2024-09-02T09:15:48Z",
			policy: []map[string]any{
				stmt("ConsumeClaims", []string{"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"}, []string{queue("cth-prod-claims")}, nil),
				stmt("StoreRemittances", []string{"s3:PutObject"}, []string{bucket("cth-prod-remittances/era/*")}, nil),
				stmt("UsePhiKey", []string{"kms:Decrypt", "kms:GenerateDataKey"}, []string{e.dataKey}, nil),
			}},
		{name: "intake-ocr", family: "cth-intake-ocr", app: "clinical-integration", revision: 22, cluster: clinical, capacity: "cth-prod-clinical-ec2",
			desired: 2, azs: []int{0, 1, 2}, port: 9443, cpu: 2048, mem: 4096, appCPU: 2048, appMem: 4096, appRs: 3072,
			repo: "cth/intake-ocr", sha: "d8836fa", registry: "intake-ocr.clinical.cth.internal", sgFrom: []string{claimsSG, apptSG},
			env: []string{"INPUT_BUCKET", "TESSDATA_PREFIX", "MAX_PAGES"}, readonly: true, user: "1003:1003",
			health: []string{"CMD-SHELL", "curl -fsk https://127.0.0.1:9443/healthz || exit 1"},
			minCap: 2, maxCap: 6, metric: "ECSServiceAverageCPUUtilization", target: 60, created: "2024-09-09T13:37:05Z",
			policy: []map[string]any{
				stmt("ReadIntakeScans", []string{"s3:GetObject"}, []string{bucket("cth-prod-intake-scans/incoming/*")}, nil),
				stmt("UsePhiKey", []string{"kms:Decrypt"}, []string{e.dataKey}, nil),
			}},
	}
}

// contosoCalls are the API calls the Contoso snapshot says discovery made.
func contosoCalls() []inventory.CallCount {
	return []inventory.CallCount{
		{Service: "autoscaling", Operation: "DescribeAutoScalingGroups", Count: 1},
		{Service: "application-autoscaling", Operation: "DescribeScalableTargets", Count: 1},
		{Service: "application-autoscaling", Operation: "DescribeScalingPolicies", Count: 1},
		{Service: "cloudtrail", Operation: "DescribeTrails", Count: 1},
		{Service: "cloudtrail", Operation: "GetTrailStatus", Count: 1},
		{Service: "cloudwatch", Operation: "DescribeAlarms", Count: 1},
		{Service: "ec2", Operation: "DescribeInstances", Count: 1},
		{Service: "ec2", Operation: "DescribeSubnets", Count: 1},
		{Service: "ecr", Operation: "DescribeRepositories", Count: 1},
		{Service: "ecs", Operation: "DescribeServices", Count: 2},
		{Service: "ecs", Operation: "DescribeTaskDefinition", Count: 5},
		{Service: "ecs", Operation: "DescribeTasks", Count: 2},
		{Service: "ecs", Operation: "ListTasks", Count: 2},
		{Service: "elasticloadbalancing", Operation: "DescribeLoadBalancers", Count: 1},
		{Service: "elasticloadbalancing", Operation: "DescribeTargetHealth", Count: 4},
		{Service: "guardduty", Operation: "GetDetector", Count: 1},
		{Service: "iam", Operation: "GetAccountSummary", Count: 1},
		{Service: "iam", Operation: "GetRole", Count: 6},
		{Service: "logs", Operation: "DescribeLogGroups", Count: 1},
		{Service: "rds", Operation: "DescribeDBClusters", Count: 1},
		{Service: "rds", Operation: "DescribeDBInstances", Count: 1},
		{Service: "s3control", Operation: "GetPublicAccessBlock", Count: 1},
	}
}
