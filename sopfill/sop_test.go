package sopfill

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ecspack/ecspack/assess"
	"github.com/ecspack/ecspack/cost"
	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/inventory"
)

func date(s string) evidence.Date {
	t, _ := time.Parse(time.DateOnly, s)
	return evidence.Date{Time: t}
}

func minimalCasefile(dir string) *evidence.Casefile {
	return &evidence.Casefile{Dir: dir, Checklist: "2025-02",
		Package: evidence.PackageInfo{ID: "ACME-ECS-1", Date: date("2025-05-01"), Designation: "Amazon ECS Service Delivery"},
		Partner: evidence.Partner{Name: "Acme Cloud"}}
}

func minimalCase(inv *inventory.Snapshot) *evidence.CaseStudy {
	return &evidence.CaseStudy{ID: "min", Title: "Minimal", Customer: evidence.Customer{Name: "Min Corp"}, ProductionDate: date("2025-01-10"), Stage: "production", Inventory: inv}
}

const (
	acct     = "111122223333"
	region   = "eu-west-1"
	cluARN   = "arn:aws:ecs:eu-west-1:111122223333:cluster/shop-prod"
	webTD    = "arn:aws:ecs:eu-west-1:111122223333:task-definition/web:7"
	workTD   = "arn:aws:ecs:eu-west-1:111122223333:task-definition/worker:1"
	tgARN    = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/web-tg/abc"
	lbARN    = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/shop-alb/123"
	dbSecret = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:shop/db-AbCdEf"
)

// richCase builds a case study with one of everything the documents describe.
func richCase() *evidence.CaseStudy {
	yes := true
	r := inventory.Region{Name: region,
		Network: inventory.Network{
			VPCs:    []inventory.VPC{{ID: "vpc-1", CIDR: "10.0.0.0/16", Tags: map[string]string{"Name": "shop"}}},
			Subnets: []inventory.Subnet{{ID: "subnet-a", VPCID: "vpc-1", AvailabilityZone: "eu-west-1a", CIDR: "10.0.1.0/24", AvailableIPs: 200}, {ID: "subnet-b", VPCID: "vpc-1", AvailabilityZone: "eu-west-1b", CIDR: "10.0.2.0/24", AvailableIPs: 190}, {ID: "subnet-pub", VPCID: "vpc-1", AvailabilityZone: "eu-west-1a", CIDR: "10.0.0.0/24", Public: true}},
			SecurityGroups: []inventory.SecurityGroup{
				{ID: "sg-alb", Name: "alb", VPCID: "vpc-1", Ingress: []inventory.SecurityRule{{Protocol: "tcp", FromPort: 443, ToPort: 443, CIDR: "0.0.0.0/0", Description: "HTTPS | public"}}},
				{ID: "sg-web", Name: "web", VPCID: "vpc-1", Ingress: []inventory.SecurityRule{{Protocol: "tcp", FromPort: 8080, ToPort: 8080, SourceGroup: "sg-alb"}}, Egress: []inventory.SecurityRule{{Protocol: "-1", CIDR: "0.0.0.0/0"}}},
			},
			NetworkACLs:  []inventory.NetworkACL{{ID: "acl-1", VPCID: "vpc-1", Subnets: []string{"subnet-a", "subnet-b"}, Entries: []inventory.ACLEntry{{RuleNumber: 100, Protocol: "6", Action: "allow", CIDR: "10.0.0.0/16", FromPort: 0, ToPort: 65535}, {RuleNumber: 32767, Protocol: "-1", Action: "deny", CIDR: "0.0.0.0/0"}}}},
			NATGateways:  []inventory.NATGateway{{ID: "nat-1", VPCID: "vpc-1", SubnetID: "subnet-pub", State: "available"}},
			VPCEndpoints: []inventory.VPCEndpoint{{ID: "vpce-1", VPCID: "vpc-1", ServiceName: "com.amazonaws.eu-west-1.ecr.dkr", Type: "Interface"}},
		},
		ECS: inventory.ECS{
			Clusters: []inventory.Cluster{{ARN: cluARN, Name: "shop-prod", CapacityProviders: []string{"FARGATE", "FARGATE_SPOT", "shop-ec2"},
				Settings: []inventory.KeyValue{{Name: "containerInsights", Value: "enabled"}}, ExecuteCommandKMSKey: "arn:aws:kms:eu-west-1:111122223333:key/exec-key",
				Services: []inventory.Service{
					{ARN: cluARN + "/web", Name: "web", ClusterARN: cluARN, LaunchType: "FARGATE", TaskDefinition: webTD, DesiredCount: 2, RunningCount: 2,
						Network:       &inventory.AwsVPCConfiguration{Subnets: []string{"subnet-a", "subnet-b"}, SecurityGroups: []string{"sg-web"}},
						LoadBalancers: []inventory.ServiceLoadBalancer{{TargetGroupARN: tgARN, ContainerName: "web", ContainerPort: 8080}},
						Deployment:    inventory.DeploymentConfig{Controller: "ECS", MinimumHealthyPercent: 100, MaximumPercent: 200, CircuitBreakerEnabled: true, CircuitBreakerRollback: true}},
					{ARN: cluARN + "/worker", Name: "worker", ClusterARN: cluARN, TaskDefinition: workTD, DesiredCount: 4, RunningCount: 4,
						CapacityProviderStrategy: []inventory.CapacityProviderItem{{CapacityProvider: "FARGATE", Base: 1, Weight: 1}, {CapacityProvider: "FARGATE_SPOT", Weight: 3}},
						Network:                  &inventory.AwsVPCConfiguration{Subnets: []string{"subnet-a"}, SecurityGroups: []string{"sg-web"}}},
					{ARN: cluARN + "/batch", Name: "batch", ClusterARN: cluARN, TaskDefinition: workTD, DesiredCount: 1, RunningCount: 1,
						CapacityProviderStrategy: []inventory.CapacityProviderItem{{CapacityProvider: "shop-ec2", Weight: 1}}},
				}}},
			TaskDefinitions: []inventory.TaskDefinition{
				{ARN: webTD, Family: "web", Revision: 7, CPU: "512", Memory: "1024", TaskRoleARN: "arn:aws:iam::111122223333:role/web-task", ExecutionRoleARN: "arn:aws:iam::111122223333:role/web-exec",
					Containers: []inventory.ContainerDefinition{{Name: "web", Image: "web:1", Essential: true,
						LogConfiguration: &inventory.LogConfiguration{Driver: "awslogs", Options: map[string]string{"awslogs-group": "/ecs/shop/web"}},
						Secrets:          []inventory.SecretRef{{Name: "DB_PASSWORD", ValueFrom: dbSecret + ":password::"}, {Name: "API_KEY", ValueFrom: "arn:aws:ssm:eu-west-1:111122223333:parameter/shop/api-key"}}}}},
				{ARN: workTD, Family: "worker", Revision: 1, CPU: "1024", Memory: "2048", CPUArchitecture: "ARM64", Containers: []inventory.ContainerDefinition{{Name: "worker", Essential: true}}},
			},
			CapacityProviders: []inventory.CapacityProvider{{Name: "shop-ec2", AutoScalingGroupARN: "arn:aws:autoscaling:eu-west-1:111122223333:autoScalingGroup:x:autoScalingGroupName/shop-asg"}},
		},
		EC2: inventory.EC2{EBSEncryptionByDefault: &yes, Instances: []inventory.Instance{{ID: "i-1", InstanceType: "m6g.large", State: "running"}}},
		ELB: inventory.ELB{
			LoadBalancers: []inventory.LoadBalancer{{ARN: lbARN, Name: "shop-alb", Type: "application", Scheme: "internet-facing", VPCID: "vpc-1", SecurityGroups: []string{"sg-alb"},
				Listeners: []inventory.Listener{
					{ARN: "l1", Protocol: "HTTPS", Port: 443, SSLPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", Certificates: []string{"cert"}, DefaultActions: []inventory.Action{{Type: "forward", TargetGroups: []string{tgARN}}}},
					{ARN: "l2", Protocol: "HTTP", Port: 80, DefaultActions: []inventory.Action{{Type: "redirect", RedirectProtocol: "HTTPS", RedirectPort: "443"}}}}}},
			TargetGroups: []inventory.TargetGroup{{ARN: tgARN, Name: "web-tg", LoadBalancers: []string{lbARN}}},
		},
		AutoScaling: inventory.AutoScaling{
			Groups:          []inventory.AutoScalingGroup{{ARN: "arn:aws:autoscaling:eu-west-1:111122223333:autoScalingGroup:x:autoScalingGroupName/shop-asg", Name: "shop-asg", MinSize: 1, MaxSize: 4, DesiredCapacity: 1, InstanceTypes: []string{"m6g.large"}}},
			ScalableTargets: []inventory.ScalableTarget{{ResourceID: "service/shop-prod/web", ScalableDimension: "ecs:service:DesiredCount", MinCapacity: 2, MaxCapacity: 10}},
			ScalingPolicies: []inventory.ScalingPolicy{{Name: "web-cpu-tt", ResourceID: "service/shop-prod/web", Type: "TargetTrackingScaling", Metric: "ECSServiceAverageCPUUtilization", TargetValue: 60}},
		},
		Trails: []inventory.Trail{{ARN: "arn:trail", Name: "org-trail", MultiRegion: true, LogFileValidation: true, S3Bucket: "shop-cloudtrail-logs", KMSKey: "arn:aws:kms:eu-west-1:111122223333:key/trail-key", IsLogging: &yes}},
		Alarms: []inventory.Alarm{
			{Name: "web-cpu-high", Namespace: "AWS/ECS", MetricName: "CPUUtilization", Dimensions: []string{"ClusterName=shop-prod", "ServiceName=web"}, Statistic: "Average", ComparisonOperator: "GreaterThanThreshold", Threshold: 75, Period: 60, EvaluationPeriods: 5, ActionsEnabled: true, AlarmActions: []string{"arn:aws:sns:eu-west-1:111122223333:shop-oncall"}},
			{Name: "web-unhealthy", Namespace: "AWS/ApplicationELB", MetricName: "UnHealthyHostCount", Dimensions: []string{"LoadBalancer=app/shop-alb/123", "TargetGroup=targetgroup/web-tg/abc"}, Statistic: "Maximum", ComparisonOperator: "GreaterThanOrEqualToThreshold", Threshold: 1, Period: 60, EvaluationPeriods: 3, ActionsEnabled: true, AlarmActions: []string{"arn:aws:sns:eu-west-1:111122223333:shop-oncall"}},
		},
		LogGroups: []inventory.LogGroup{{Name: "/ecs/shop/web", RetentionDays: 30}},
		GuardDuty: []inventory.Detector{{ID: "det-1", Status: "ENABLED", RuntimeMonitoring: "ENABLED"}},
		ECR:       inventory.ECR{Repositories: []inventory.Repository{{ARN: "arn:repo", Name: "shop/web", URI: "x", ScanOnPush: true, EncryptionType: "KMS", KMSKey: "arn:aws:kms:eu-west-1:111122223333:key/ecr-key"}}},
	}
	rto, rpo := evidence.Duration{Duration: 4 * time.Hour, Text: "4h"}, evidence.Duration{Duration: 15 * time.Minute, Text: "15m"}
	return &evidence.CaseStudy{ID: "shop", Title: "Shop platform on ECS", Customer: evidence.Customer{Name: "Shop GmbH", Industry: "Retail"},
		Summary:        evidence.Summary{Solution: "Moved the shop to ECS. {{.Partner.Name}} {{template \"x\"}}"},
		ProductionDate: date("2025-01-10"), Stage: "production", Regions: []string{region}, Accounts: []evidence.AccountRef{{ID: acct, Purpose: "production"}},
		RTO: rto, RPO: rpo, ComplianceScope: []string{"PCI-DSS"},
		Contacts: []evidence.Contact{{Name: "Eva Ops", Role: "Head of operations", Email: "ops@shop.example", EscalationLevel: 1, Hours: "Mon–Fri 07:00–19:00 CET"}},
		External: []evidence.ExternalSystem{{Name: "Payment provider", Kind: "saas", Connection: "HTTPS (TLS 1.2)"}},
		Cost:     evidence.Cost{BusinessValue: "Releases went from monthly to daily.", EstimateBeforeUSD: 400, Lines: []evidence.CostLine{{Name: "Support", MonthlyUSD: 100}}},
		Inventory: &inventory.Snapshot{SchemaVersion: inventory.SchemaVersion, Collection: inventory.Collection{Source: "discover", StartedAt: time.Date(2025, 4, 1, 9, 0, 0, 0, time.UTC)},
			Accounts: []inventory.Account{{ID: acct, IAM: inventory.IAM{Summary: map[string]int{"AccountMFAEnabled": 1, "AccountAccessKeysPresent": 0},
				Roles: []inventory.Role{{ARN: "arn:aws:iam::111122223333:role/web-task", Name: "web-task", InlinePolicies: []inventory.Policy{{Name: "read-orders"}}}}},
				Regions: []inventory.Region{r}}}},
	}
}

var marker = regexp.MustCompile(`\*\*\[to be completed: [^\]]+\]\*\*`)

func TestEverySOPRendersForMinimalInput(t *testing.T) {
	cf := minimalCasefile(t.TempDir())
	for name, cs := range map[string]*evidence.CaseStudy{
		"partner level":   nil,
		"no inventory":    minimalCase(nil),
		"empty inventory": minimalCase(&inventory.Snapshot{SchemaVersion: inventory.SchemaVersion}),
	} {
		t.Run(name, func(t *testing.T) {
			docs, err := Render(context.Background(), cf, cs, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(docs) != len(Specs()) {
				t.Fatalf("%d documents, want %d", len(docs), len(Specs()))
			}
			for _, d := range docs {
				md := string(d.Markdown)
				if !strings.HasPrefix(md, "# "+d.Title+"\n") {
					t.Errorf("%s does not start with its title: %.80q", d.ID, md)
				}
				if strings.Contains(md, "<no value>") || strings.Contains(md, "%!") {
					t.Errorf("%s has a formatting leak", d.ID)
				}
				inCase := strings.Contains(md, "## In Min Corp's deployment")
				if (cs != nil) != inCase {
					t.Errorf("%s: customer part present = %v, want %v", d.ID, inCase, cs != nil)
				}
				if cs != nil && d.ID != "ECS-013" && !marker.MatchString(md) {
					t.Errorf("%s: minimal case study shows no to-be-completed marker", d.ID)
				}
			}
			if cs != nil {
				rb, err := Runbook(context.Background(), cf, cs, Options{})
				if err != nil {
					t.Fatal(err)
				}
				if !marker.Match(rb) || !strings.Contains(string(rb), "# Operations Runbook — Minimal") {
					t.Errorf("runbook for a minimal case:\n%s", rb)
				}
			}
		})
	}
}

func renderRich(t *testing.T) (map[string]string, []byte) {
	t.Helper()
	cf := minimalCasefile(t.TempDir())
	cf.Partner.Contacts = []evidence.Contact{{Name: "Sam Partner", Role: "Delivery lead", Email: "sam@acme.example", EscalationLevel: 2, Phone24x7: "+44 20 5550 0100"}}
	cs := richCase()
	prices, err := cost.EmbeddedPrices()
	if err != nil {
		t.Fatal(err)
	}
	model, err := cost.Estimate(cs, prices, cost.Options{})
	if err != nil {
		t.Fatal(err)
	}
	docs, err := Render(context.Background(), cf, cs, Options{Cost: model, Statuses: map[string]assess.Status{"ACCT-001": assess.Met}})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, d := range docs {
		out[d.ID] = string(d.Markdown)
		if d.ID == "ACCT-001" && docs[0].Source != "embedded:acct-001-account-governance.md.tmpl" {
			t.Errorf("source = %q", d.Source)
		}
	}
	rb, err := Runbook(context.Background(), cf, cs, Options{Cost: model})
	if err != nil {
		t.Fatal(err)
	}
	return out, rb
}

func TestRichCaseStudyFacts(t *testing.T) {
	docs, _ := renderRich(t)
	want := map[string][]string{
		"ACCT-001":   {"## In Shop GmbH's deployment", "| 111122223333 | yes | no |", "| org-trail | eu-west-1 | yes | yes | yes | shop-cloudtrail-logs | trail-key |"},
		"ACCT-002":   {"| web:7 | eu-west-1 | web-task | web-exec |", "read-orders (inline)"},
		"OPE-001":    {"### Service shop-prod/web (eu-west-1)", "alarm web-cpu-high (matched on service dimensions)", "| shop-prod/web (target group) |", "Average > 75 for 5 × 60 s", "SNS topic shop-oncall", "**proposed default**", "Average > 85% for 5 minutes", "| /ecs/shop/web | eu-west-1 | 30 days |"},
		"OPE-002":    {"3 ECS services on 1 cluster in eu-west-1", "runbooks/shop.pdf", "| worker | shop-prod | worker:1 | FARGATE (base 1, weight 1), FARGATE_SPOT (weight 3) | 4 / 4 |"},
		"OPE-003":    {"| shop-prod/web | rolling update (ECS) | yes | yes | 100% / 200% | — | 2–10 tasks | 2 |"},
		"NETSEC-001": {"**sg-alb alb**", "| inbound | tcp | 443 | 0.0.0.0/0 (internet) | HTTPS \\| public |", "sg-alb (alb)", "**Open to the internet.**", "| subnet-b |", "inbound #100 allow tcp all 10.0.0.0/16", "com.amazonaws.eu-west-1.ecr.dkr", "runtime monitoring ENABLED"},
		"NETSEC-002": {"| shop-alb (application) | internet-facing | HTTPS:443 | ELBSecurityPolicy-TLS13-1-2-2021-06 | 1 | forward to web-tg |", "HTTP:80 | not encrypted", "redirect to HTTPS 443", "Payment provider (saas): HTTPS (TLS 1.2)", "eu-west-1 yes", "| DB_PASSWORD | web | web:7 | Secrets Manager |", "| org-trail | CloudTrail logs |", "ECS Exec sessions"},
		"REL-001":    {"1 of 3 services have the deployment circuit breaker enabled", "| shop-prod/web | rolling update (ECS) | yes | yes | web:7 | web:6 |"},
		"REL-002":    {"Recommended RTO: **4h**", "RPO: **15m**", "eu-west-1a, eu-west-1b", "single AZ: **an AZ failure stops this service**"},
		"COST-001":   {"AWS public price list", "of AWS charges at the steady state", "[The cost model of this case study](cost:)"},
		"ECS-013":    {"Frameworks in scope: **PCI-DSS**", "org-trail (all Regions, log file validation)", "shop/web scan on push yes"},
	}
	for id, subs := range want {
		for _, s := range subs {
			if !strings.Contains(docs[id], s) {
				t.Errorf("%s lacks %q:\n%s", id, s, docs[id])
			}
		}
	}
	// Casefile text is data, never a template.
	for id, md := range docs {
		if strings.Contains(md, "Acme Cloud {{") {
			t.Errorf("%s evaluated casefile text", id)
		}
	}
}

func TestRunbookNamesEveryServiceAndRealCommands(t *testing.T) {
	_, rb := renderRich(t)
	md := string(rb)
	cs := richCase()
	for _, c := range cs.Inventory.Accounts[0].Regions[0].ECS.Clusters {
		for _, s := range c.Services {
			if !strings.Contains(md, "| "+c.Name+" | **"+s.Name+"** |") {
				t.Errorf("service inventory lacks %s/%s", c.Name, s.Name)
			}
		}
	}
	for _, s := range []string{
		"Moved the shop to ECS. {{.Partner.Name}} {{template \"x\"}}",
		"aws ecs update-service --region eu-west-1 --cluster shop-prod --service web --task-definition web:<new-revision>",
		"redeploy the previous revision **web:6**",
		"aws ecs update-service --region eu-west-1 --cluster shop-prod --service web --task-definition web:6",
		"previous revision of worker (this is its first revision)",
		"--resource-id service/shop-prod/web --scalable-dimension ecs:service:DesiredCount",
		"aws ecs update-service --region eu-west-1 --cluster shop-prod --service worker --desired-count <count>",
		"aws secretsmanager rotate-secret --region eu-west-1 --secret-id " + dbSecret + "\n",
		"aws ssm put-parameter --region eu-west-1 --name /shop/api-key --type SecureString",
		"aws ecs update-service --region eu-west-1 --cluster shop-prod --service web --force-new-deployment",
		"aws autoscaling start-instance-refresh --region eu-west-1 --auto-scaling-group-name shop-asg",
		"capacity provider shop-ec2",
		"| CPU utilisation | AWS/ECS CPUUtilization | Average > 75 for 5 × 60 s | alarm web-cpu-high (matched on service dimensions) |",
		"| Memory utilisation | AWS/ECS MemoryUtilization | Average > 85% for 5 minutes (5 × 60 s) | **proposed default** |",
		"| Server error rate |", "| Unhealthy targets | AWS/ApplicationELB UnHealthyHostCount | Maximum ≥ 1 for 3 × 60 s | alarm web-unhealthy (matched on target group) |",
		"### Running tasks below desired", "### Unhealthy targets", "aws elbv2 describe-target-health",
		"RTO 4h, RPO 15m", "| Eva Ops | Head of operations |", "| Sam Partner |",
		"per month** at AWS public price list prices", "/amazon-linux-2023/arm64/recommended/image_id", "| shop-prod | eu-west-1 | 111122223333 | FARGATE, FARGATE_SPOT, shop-ec2 | 3 | 7 |",
	} {
		if !strings.Contains(md, s) {
			t.Errorf("runbook lacks %q", s)
		}
	}
	// The worker has no load balancer: no 5xx or unhealthy-target KPI is proposed for it.
	i := strings.Index(md, "### shop-prod/worker")
	j := strings.Index(md[i:], "### shop-prod/batch")
	if sec := md[i : i+j]; strings.Contains(sec, "Server error rate") || !strings.Contains(sec, "Running tasks below desired") {
		t.Errorf("worker KPIs:\n%s", sec)
	}
	if strings.Contains(md, "<no value>") {
		t.Error("runbook has <no value>")
	}
	// Deterministic.
	_, again := renderRich(t)
	if string(again) != md {
		t.Error("runbook is not deterministic")
	}
}

func TestOverrides(t *testing.T) {
	dir := t.TempDir()
	sops := filepath.Join(dir, "sops")
	os.MkdirAll(sops, 0o755)
	cf := minimalCasefile(dir)
	cf.SOPs.Dir = "sops"
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(sops, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("acct-001-account-governance.md.tmpl", "# Our own governance SOP\n\n{{with .Case}}For {{.Customer}}.{{end}}\n")
	docs, err := Render(context.Background(), cf, richCase(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := string(docs[0].Markdown); got != "# Our own governance SOP\n\nFor Shop GmbH.\n" || docs[0].Source != filepath.Join(sops, "acct-001-account-governance.md.tmpl") {
		t.Errorf("override not used: %q from %s", got, docs[0].Source)
	}
	if !strings.Contains(string(docs[1].Markdown), "Identity and Access") {
		t.Error("other documents must stay embedded")
	}

	tests := []struct{ name, file, text, want string }{
		{"parse error", "ope-001-health-kpis.md.tmpl", "# KPIs\n\nline two\n{{if .Case}}\n", "ope-001-health-kpis.md.tmpl:5"},
		{"unknown field", "rel-002-resilience.md.tmpl", "# R\n\n{{.Case.RTOO}}\n", "rel-002-resilience.md.tmpl:3"},
		{"unknown function", "runbook.md.tmpl", "# R\n{{shell \"ls\"}}\n", "runbook.md.tmpl:2"},
		{"unknown name", "acct-001-governance.md.tmpl", "# x\n", "not the name of an SOP template"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sub := filepath.Join(dir, tc.name)
			os.MkdirAll(sub, 0o755)
			os.WriteFile(filepath.Join(sub, tc.file), []byte(tc.text), 0o600)
			cf.SOPs.Dir = tc.name
			_, err := Render(context.Background(), cf, richCase(), Options{})
			if tc.file == "runbook.md.tmpl" {
				_, err = Runbook(context.Background(), cf, richCase(), Options{})
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
			if tc.name != "unknown name" && !strings.Contains(err.Error(), filepath.Join(sub, tc.file)) {
				t.Errorf("error does not name the override's path: %v", err)
			}
		})
	}
}

// TestEmbeddedTemplatesAreStrict runs every embedded template against the
// rich data with an extra check: every {{todo}} in a rendering for the rich
// case study must be one the rich data cannot fill (partner narrative), so
// that a template typo cannot hide behind a marker.
func TestEmbeddedTemplatesAreStrict(t *testing.T) {
	docs, rb := renderRich(t)
	allowed := []string{"corporate contact", "identity provider", "pipeline", "Pipeline", "CI/CD", "IaC", "repository", "Infrastructure as code",
		"Data stores", "databases", "communicated", "walkthrough", "WAF", "services and their in-scope", "control mapping", "Continuous compliance",
		"Example template", "recovery Region", "previous revision of worker", "example template", "an excerpt",
		// the rich data deliberately leaves these out: the worker has no logs and no roles
		"log group", "no task role", "no execution role", "RTO/RPO were presented", "AWS Config", "web ACLs"}
	check := func(id, md string) {
		for _, m := range marker.FindAllString(md, -1) {
			ok := false
			for _, a := range allowed {
				if strings.Contains(m, a) {
					ok = true
				}
			}
			if !ok {
				t.Errorf("%s: unexpected marker for rich data: %s", id, m)
			}
		}
	}
	for id, md := range docs {
		check(id, md)
	}
	check("runbook", string(rb))
}

func TestForControl(t *testing.T) {
	for id, want := range map[string]string{"ECS-002": "REL-001", "REL-001": "REL-001", "COST-001": "COST-001", "ECS-013": "ECS-013"} {
		s, ok := ForControl(id)
		if !ok || s.ID != want {
			t.Errorf("ForControl(%s) = %v %v, want %s", id, s.ID, ok, want)
		}
	}
	if _, ok := ForControl("ECS-004"); ok {
		t.Error("ECS-004 has no SOP")
	}
	for _, f := range TemplateFiles() {
		if _, err := EmbeddedTemplate(f); err != nil {
			t.Error(err)
		}
	}
}

func TestSampleHarbor(t *testing.T) {
	dir := filepath.Join("..", "samples", "harbor")
	if _, err := os.Stat(filepath.Join(dir, evidence.FileName)); err != nil {
		t.Skip("samples/harbor is not there yet")
	}
	cf, _, err := evidence.Load(dir)
	if err != nil {
		t.Fatalf("load sample: %v", err)
	}
	prices, err := cost.EmbeddedPrices()
	if err != nil {
		t.Fatal(err)
	}
	for _, cs := range cf.CaseStudies {
		model, err := cost.Estimate(cs, prices, cost.Options{})
		if err != nil {
			t.Fatal(err)
		}
		docs, err := Render(context.Background(), cf, cs, Options{Cost: model})
		if err != nil {
			t.Fatalf("%s: %v", cs.ID, err)
		}
		if len(docs) != len(Specs()) {
			t.Errorf("%s: %d documents", cs.ID, len(docs))
		}
		rb, err := Runbook(context.Background(), cf, cs, Options{Cost: model})
		if err != nil {
			t.Fatalf("%s runbook: %v", cs.ID, err)
		}
		if cs.Inventory != nil {
			for _, a := range cs.Inventory.Accounts {
				for _, r := range a.Regions {
					for _, c := range r.ECS.Clusters {
						for _, s := range c.Services {
							if !strings.Contains(string(rb), "**"+s.Name+"**") {
								t.Errorf("%s runbook does not name service %s", cs.ID, s.Name)
							}
						}
					}
				}
			}
		}
	}
	if _, err := Render(context.Background(), cf, nil, Options{}); err != nil {
		t.Fatal(err)
	}
}

// TestOverrideCommentsAreNotPrinted: HTML comments in an override are the
// partner's guidance to themselves, never claims: the readiness verdict
// ignores them, so the rendered document must not print them (the reviewer
// would read them as the partner's words), and template actions inside them
// do not run. Line numbers of errors after a comment stay those of the file.
func TestOverrideCommentsAreNotPrinted(t *testing.T) {
	tests := []struct{ name, text, want, wantErr string }{
		{"block comment", "<!--\nGuidance: GUIDANCECLAIM\n-->\n# Our SOP\n\nFor {{.Case.Customer}}.\n", "# Our SOP\n\nFor Shop GmbH.\n", ""},
		{"inline comment", "# Our SOP\n\nWe rotate keys <!-- INLINECLAIM --> yearly.\n", "# Our SOP\n\nWe rotate keys  yearly.\n", ""},
		{"action inside a comment", "# Our SOP\n<!-- {{.Case.Nope}} -->\nDone.\n", "# Our SOP\n\nDone.\n", ""},
		{"error line after a comment", "<!--\none\ntwo\n-->\n{{.Case.Nope}}\n", "", "acct-001-account-governance.md.tmpl:5"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.MkdirAll(filepath.Join(dir, "sops"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "sops", "acct-001-account-governance.md.tmpl"), []byte(tc.text), 0o600); err != nil {
				t.Fatal(err)
			}
			cf := minimalCasefile(dir)
			cf.SOPs.Dir = "sops"
			docs, err := Render(context.Background(), cf, richCase(), Options{})
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want it to contain %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := string(docs[0].Markdown); got != tc.want {
				t.Errorf("rendered %q, want %q", got, tc.want)
			}
		})
	}
}
