package assess

import (
	"strconv"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/inventory"
)

// Builders for the network, observability, storage, tenancy and common
// control tests: small inventory fragments, built in Go.

const fxAcct = "111111111111"

// fxRegion returns a region with three subnets (two private, one public) in
// three AZs, each with 200 free IPs, in VPC vpc-1.
func fxRegion(name string) inventory.Region {
	return inventory.Region{
		Name: name,
		Network: inventory.Network{
			VPCs: []inventory.VPC{{ID: "vpc-1", CIDR: "10.0.0.0/16"}},
			Subnets: []inventory.Subnet{
				fxSubnet("subnet-a", name+"a", 200, false),
				fxSubnet("subnet-b", name+"b", 200, false),
				fxSubnet("subnet-pub", name+"c", 200, true),
			},
		},
	}
}

func fxSubnet(id, az string, free int, public bool) inventory.Subnet {
	return inventory.Subnet{ID: id, VPCID: "vpc-1", AvailabilityZone: az, CIDR: "10.0.0.0/24", AvailableIPs: free, Public: public}
}

func fxClusterARN(region, name string) string {
	return "arn:aws:ecs:" + region + ":" + fxAcct + ":cluster/" + name
}

func fxTDARN(region, family string, rev int) string {
	return "arn:aws:ecs:" + region + ":" + fxAcct + ":task-definition/" + family + ":" + strconv.Itoa(rev)
}

// fxCluster returns a cluster with Container Insights enabled and the services given.
func fxCluster(region, name string, svcs ...inventory.Service) inventory.Cluster {
	c := inventory.Cluster{ARN: fxClusterARN(region, name), Name: name,
		Settings: []inventory.KeyValue{{Name: "containerInsights", Value: "enabled"}}}
	for _, s := range svcs {
		s.ClusterARN = c.ARN
		s.ARN = "arn:aws:ecs:" + region + ":" + fxAcct + ":service/" + name + "/" + s.Name
		c.Services = append(c.Services, s)
	}
	return c
}

// fxService returns a Fargate awsvpc service in the given subnets.
func fxService(name, tdARN string, desired int, subnets ...string) inventory.Service {
	return inventory.Service{Name: name, TaskDefinition: tdARN, DesiredCount: desired, RunningCount: desired, LaunchType: "FARGATE",
		SchedulingStrategy: "REPLICA",
		Network:            &inventory.AwsVPCConfiguration{Subnets: subnets, SecurityGroups: []string{"sg-task"}},
		Deployment:         inventory.DeploymentConfig{Controller: "ECS", MinimumHealthyPercent: 100, MaximumPercent: 200, CircuitBreakerEnabled: true, CircuitBreakerRollback: true}}
}

// fxTD returns an awsvpc Fargate task definition with one logging, sized app container.
func fxTD(region, family string, rev int, containers ...inventory.ContainerDefinition) inventory.TaskDefinition {
	if len(containers) == 0 {
		containers = []inventory.ContainerDefinition{fxContainer("app")}
	}
	return inventory.TaskDefinition{ARN: fxTDARN(region, family, rev), Family: family, Revision: rev, CPU: "256", Memory: "512",
		NetworkMode: "awsvpc", RequiresCompatibilities: []string{"FARGATE"},
		TaskRoleARN: "arn:aws:iam::" + fxAcct + ":role/" + family + "-task", Containers: containers}
}

func fxContainer(name string) inventory.ContainerDefinition {
	return inventory.ContainerDefinition{Name: name, Image: fxAcct + ".dkr.ecr.eu-west-1.amazonaws.com/" + name + ":abc1234", Essential: true,
		ReadonlyRootFilesystem: true, User: "1000",
		LogConfiguration: &inventory.LogConfiguration{Driver: "awslogs", Options: map[string]string{"awslogs-group": "/ecs/" + name}}}
}

func fxTask(clusterARN, svc, tdARN, az, subnet string) inventory.Task {
	return inventory.Task{ARN: clusterARN + "/task/" + svc + az, ClusterARN: clusterARN, TaskDefinition: tdARN, Group: "service:" + svc,
		LastStatus: "RUNNING", AvailabilityZone: az, SubnetID: subnet}
}

// fxSnap wraps regions into a one-account snapshot.
func fxSnap(regions ...inventory.Region) *inventory.Snapshot {
	return &inventory.Snapshot{SchemaVersion: inventory.SchemaVersion, Accounts: []inventory.Account{{ID: fxAcct, Regions: regions}}}
}

// fxInput builds the check input of a one-case-study casefile.
func fxInput(snap *inventory.Snapshot, mods ...func(*evidence.CaseStudy)) *Input {
	cs := &evidence.CaseStudy{ID: "cs1", Title: "Case", Inventory: snap}
	for _, m := range mods {
		m(cs)
	}
	cf := &evidence.Casefile{CaseStudies: []*evidence.CaseStudy{cs}}
	return NewInput(cf, cs)
}

// fxWeb is a clean estate: one region, one cluster, service web with two
// tasks in two AZs behind an internet-facing ALB that redirects HTTP to HTTPS.
func fxWeb() inventory.Region {
	const reg = "eu-west-1"
	r := fxRegion(reg)
	td := fxTD(reg, "web", 3)
	r.ECS.TaskDefinitions = []inventory.TaskDefinition{td}
	svc := fxService("web", td.ARN, 2, "subnet-a", "subnet-b")
	tg := "arn:aws:elasticloadbalancing:eu-west-1:" + fxAcct + ":targetgroup/web-tg/abc"
	lbARN := "arn:aws:elasticloadbalancing:eu-west-1:" + fxAcct + ":loadbalancer/app/web-alb/123"
	svc.LoadBalancers = []inventory.ServiceLoadBalancer{{TargetGroupARN: tg, ContainerName: "app", ContainerPort: 8080}}
	c := fxCluster(reg, "prod", svc)
	c.Tasks = []inventory.Task{fxTask(c.ARN, "web", td.ARN, reg+"a", "subnet-a"), fxTask(c.ARN, "web", td.ARN, reg+"b", "subnet-b")}
	r.ECS.Clusters = []inventory.Cluster{c}
	r.ELB.TargetGroups = []inventory.TargetGroup{{ARN: tg, Name: "web-tg", Protocol: "HTTP", Port: 8080, HealthCheckPath: "/health", LoadBalancers: []string{lbARN}}}
	r.ELB.LoadBalancers = []inventory.LoadBalancer{{ARN: lbARN, Name: "web-alb", Type: "application", Scheme: "internet-facing", VPCID: "vpc-1",
		SecurityGroups: []string{"sg-alb"}, AvailabilityZones: []string{"eu-west-1a", "eu-west-1b"},
		Attributes: fxHardenedLB(), AttributesCollected: true,
		Listeners: []inventory.Listener{
			{ARN: lbARN + "/l80", Protocol: "HTTP", Port: 80, DefaultActions: []inventory.Action{{Type: "redirect", RedirectProtocol: "HTTPS", RedirectPort: "443", StatusCode: "HTTP_301"}}},
			{ARN: lbARN + "/l443", Protocol: "HTTPS", Port: 443, SSLPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", DefaultActions: []inventory.Action{{Type: "forward", TargetGroups: []string{tg}}}},
		}}}
	r.Network.SecurityGroups = []inventory.SecurityGroup{
		{ID: "sg-alb", Name: "alb", VPCID: "vpc-1", Ingress: []inventory.SecurityRule{
			{Protocol: "tcp", FromPort: 80, ToPort: 80, CIDR: "0.0.0.0/0"}, {Protocol: "tcp", FromPort: 443, ToPort: 443, CIDR: "0.0.0.0/0"}, {Protocol: "tcp", FromPort: 443, ToPort: 443, IPv6CIDR: "::/0"}}},
		{ID: "sg-task", Name: "task", VPCID: "vpc-1", Ingress: []inventory.SecurityRule{{Protocol: "tcp", FromPort: 8080, ToPort: 8080, SourceGroup: "sg-alb"}}},
	}
	r.AutoScaling.ScalableTargets = []inventory.ScalableTarget{{ResourceID: "service/prod/web", ScalableDimension: "ecs:service:DesiredCount", MinCapacity: 2, MaxCapacity: 10}}
	r.Alarms = []inventory.Alarm{{Name: "web-cpu", Namespace: "AWS/ECS", MetricName: "CPUUtilization", Dimensions: []string{"ClusterName=prod", "ServiceName=web"}, ActionsEnabled: true, AlarmActions: []string{"arn:aws:sns:eu-west-1:" + fxAcct + ":ops"}}}
	r.LogGroups = []inventory.LogGroup{{Name: "/ecs/app", RetentionDays: 30}}
	return r
}

// fxHardenedLB are the attributes of a load balancer every attribute check passes.
func fxHardenedLB() map[string]string {
	return map[string]string{"routing.http.drop_invalid_header_fields.enabled": "true", "routing.http.desync_mitigation_mode": "defensive",
		"deletion_protection.enabled": "true", "access_logs.s3.enabled": "true", "access_logs.s3.bucket": "alb-logs"}
}

// fxRun runs every registered check of a control.
func fxRun(in *Input, control string) []Finding {
	var fs []Finding
	for _, c := range Checks() {
		if c.Control() == control {
			fs = append(fs, c.run(in)...)
		}
	}
	return fs
}

// fxRunCheck runs one check by id.
func fxRunCheck(t *testing.T, in *Input, id string) []Finding {
	t.Helper()
	for _, c := range Checks() {
		if c.ID == id {
			return c.run(in)
		}
	}
	t.Fatalf("no check %s", id)
	return nil
}

// fxExpect is one expected finding: outcome, check id and a substring of its
// resource (or of its message when resource is empty).
type fxExpect struct {
	check    string
	outcome  Outcome
	resource string
}

// fxAssert checks that every expected finding is present and that no fail
// or warn other than the expected ones is (so clean resources stay clean).
func fxAssert(t *testing.T, fs []Finding, want ...fxExpect) {
	t.Helper()
	for _, w := range want {
		if !fxHas(fs, w) {
			t.Errorf("missing %s %s on %q; got:\n%s", w.outcome, w.check, w.resource, fxDump(fs))
		}
	}
	for _, f := range fs {
		if f.Outcome != Fail && f.Outcome != Warn {
			continue
		}
		expected := false
		for _, w := range want {
			if w.outcome == f.Outcome && fxMatch(f, w) {
				expected = true
			}
		}
		if !expected {
			t.Errorf("unexpected %s %s on %q: %s", f.Outcome, f.Check, f.Resource, f.Message)
		}
	}
	for _, f := range fs {
		if f.Message == "" || f.Check == "" || f.Evidence == "" {
			t.Errorf("finding without message, check or evidence: %+v", f)
		}
		if (f.Outcome == Fail || f.Outcome == Warn) && f.Remediation == "" && !strings.HasSuffix(f.Check, ".contradiction") {
			t.Errorf("%s %s on %q has no remediation", f.Outcome, f.Check, f.Resource)
		}
	}
}

func fxMatch(f Finding, w fxExpect) bool {
	if f.Check != w.check {
		return false
	}
	return strings.Contains(f.Resource, w.resource) || (f.Resource == "" && strings.Contains(f.Message, w.resource))
}

func fxHas(fs []Finding, w fxExpect) bool {
	for _, f := range fs {
		if f.Outcome == w.outcome && fxMatch(f, w) {
			return true
		}
	}
	return false
}

func fxDump(fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString("  " + string(f.Outcome) + " " + f.Check + " " + f.Resource + ": " + f.Message + "\n")
	}
	return b.String()
}
