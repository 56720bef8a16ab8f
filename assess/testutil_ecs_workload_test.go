package assess

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/catalog"
	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/inventory"
)

// Builders for the ECS-001..014 family tests. ecsClean builds a small estate
// every check of those controls passes on; each test case breaks one thing.

const (
	ecsAcct   = "111122223333"
	ecsRegion = "eu-west-1"
)

func ecsTDARN(family string, rev int) string {
	return fmt.Sprintf("arn:aws:ecs:%s:%s:task-definition/%s:%d", ecsRegion, ecsAcct, family, rev)
}

func ecsRoleARN(name string) string { return "arn:aws:iam::" + ecsAcct + ":role/" + name }

func ecsClusterARN(name string) string {
	return fmt.Sprintf("arn:aws:ecs:%s:%s:cluster/%s", ecsRegion, ecsAcct, name)
}

func ecsServiceARN(cluster, name string) string {
	return fmt.Sprintf("arn:aws:ecs:%s:%s:service/%s/%s", ecsRegion, ecsAcct, cluster, name)
}

func ecsRepoURI(name string) string {
	return ecsAcct + ".dkr.ecr." + ecsRegion + ".amazonaws.com/" + name
}

// ecsCtr is an essential application container with a sound configuration.
func ecsCtr(name, image string) inventory.ContainerDefinition {
	return inventory.ContainerDefinition{Name: name, Image: image, Essential: true, CPU: 128, Memory: 256, MemoryReservation: 128,
		ReadonlyRootFilesystem: true, User: "1000",
		LinuxParameters:  &inventory.LinuxParameters{CapabilitiesDrop: []string{"ALL"}},
		LogConfiguration: &inventory.LogConfiguration{Driver: "awslogs"},
		EnvironmentNames: []string{"PORT", "LOG_LEVEL"}, EnvironmentValuesChecked: true, Secrets: []inventory.SecretRef{{Name: "DB_PASSWORD", ValueFrom: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:db"}}}
}

// ecsTD is a Fargate task definition revision with its own task role.
func ecsTD(family string, rev int, ctrs ...inventory.ContainerDefinition) inventory.TaskDefinition {
	return inventory.TaskDefinition{ARN: ecsTDARN(family, rev), Family: family, Revision: rev, Status: "ACTIVE", CPU: "512", Memory: "1024",
		NetworkMode: "awsvpc", RequiresCompatibilities: []string{"FARGATE"}, TaskRoleARN: ecsRoleARN(family + "-task"),
		ExecutionRoleARN: ecsRoleARN("ecs-exec"), Containers: ctrs,
		Tags: map[string]string{"environment": "production", "application": family}}
}

// ecsSvc is a Fargate service with every recommended setting on.
func ecsSvc(cluster, name, tdARN string) inventory.Service {
	return inventory.Service{ARN: ecsServiceARN(cluster, name), Name: name, ClusterARN: ecsClusterARN(cluster), Status: "ACTIVE",
		CapacityProviderStrategy: []inventory.CapacityProviderItem{{CapacityProvider: "FARGATE", Weight: 1, Base: 1}},
		SchedulingStrategy:       "REPLICA", TaskDefinition: tdARN, DesiredCount: 2, RunningCount: 2,
		Network:              &inventory.AwsVPCConfiguration{Subnets: []string{"subnet-a", "subnet-b"}, SecurityGroups: []string{"sg-1"}},
		Deployment:           inventory.DeploymentConfig{Controller: "ECS", MinimumHealthyPercent: 100, MaximumPercent: 200, CircuitBreakerEnabled: true, CircuitBreakerRollback: true},
		EnableECSManagedTags: true, PropagateTags: "SERVICE",
		CreatedBy: ecsRoleARN("cfn-deploy"),
		Tags:      map[string]string{"environment": "production", "application": name, "aws:cloudformation:stack-name": "prod-" + name}}
}

func ecsTasks(cluster, service, tdARN string, n int, launch string) []inventory.Task {
	var out []inventory.Task
	for i := range n {
		out = append(out, inventory.Task{ARN: fmt.Sprintf("arn:aws:ecs:%s:%s:task/%s/%s%02d", ecsRegion, ecsAcct, cluster, service, i),
			ClusterARN: ecsClusterARN(cluster), TaskDefinition: tdARN, Group: "service:" + service, LastStatus: "RUNNING", LaunchType: launch,
			AvailabilityZone: []string{"eu-west-1a", "eu-west-1b"}[i%2]})
	}
	return out
}

// ecsPolicy is a least-privilege inline policy.
const ecsScopedPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::orders/*"}]}`

const ecsTasksTrust = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:SourceAccount":"111122223333"}}}}`

func ecsRole(name string) inventory.Role {
	return inventory.Role{ARN: ecsRoleARN(name), Name: name, TrustPolicy: ecsTasksTrust,
		InlinePolicies: []inventory.Policy{{Name: "app", Document: ecsScopedPolicy}}}
}

// ecsClean is one account, one region, one cluster "prod" with two Fargate
// services (web, api), their tasks, roles, ECR repositories and GuardDuty.
func ecsClean() *inventory.Snapshot {
	web := ecsTD("web", 3, ecsCtr("web", ecsRepoURI("web")+":3f9c2ab"))
	router := ecsCtr("log_router", ecsRepoURI("aws-for-fluent-bit")+":2.32.0")
	router.FirelensType, router.CPU, router.Memory, router.MemoryReservation, router.EnvironmentNames, router.Secrets = "fluentbit", 0, 0, 50, nil, nil
	api := ecsTD("api", 7, ecsCtr("api", ecsRepoURI("api")+":v1.4.2"), router)
	c := inventory.Cluster{ARN: ecsClusterARN("prod"), Name: "prod", Status: "ACTIVE",
		Settings:          []inventory.KeyValue{{Name: "containerInsights", Value: "enabled"}},
		CapacityProviders: []string{"FARGATE", "FARGATE_SPOT"},
		DefaultStrategy:   []inventory.CapacityProviderItem{{CapacityProvider: "FARGATE", Weight: 1}},
		Tags:              map[string]string{"environment": "production", "aws:cloudformation:stack-name": "prod-cluster"},
		Services:          []inventory.Service{ecsSvc("prod", "api", api.ARN), ecsSvc("prod", "web", web.ARN)},
	}
	c.Tasks = append(ecsTasks("prod", "api", api.ARN, 2, "FARGATE"), ecsTasks("prod", "web", web.ARN, 2, "FARGATE")...)
	repo := func(name string) inventory.Repository {
		ref := map[string]string{"api": "v1.4.2", "aws-for-fluent-bit": "2.32.0", "web": "3f9c2ab"}[name]
		return inventory.Repository{ARN: "arn:aws:ecr:" + ecsRegion + ":" + ecsAcct + ":repository/" + name, Name: name, URI: ecsRepoURI(name), TagMutability: "IMMUTABLE", ScanOnPush: true,
			PolicyCollected: true, LifecyclePolicy: ecsLifecyclePolicy, LifecyclePolicyCollected: true, Images: []inventory.RepositoryImage{{Reference: ref, Digest: "sha256:" + name, Tags: []string{ref}, ScanStatus: "COMPLETE",
				FindingCounts: map[string]int{"LOW": 2}}}}
	}
	r := inventory.Region{Name: ecsRegion,
		Network: inventory.Network{Subnets: []inventory.Subnet{
			{ID: "subnet-a", VPCID: "vpc-1", AvailabilityZone: "eu-west-1a", CIDR: "10.0.0.0/24", AvailableIPs: 200},
			{ID: "subnet-b", VPCID: "vpc-1", AvailabilityZone: "eu-west-1b", CIDR: "10.0.1.0/24", AvailableIPs: 200}}},
		ECS: inventory.ECS{Clusters: []inventory.Cluster{c}, TaskDefinitions: []inventory.TaskDefinition{api, web},
			CapacityProviders: []inventory.CapacityProvider{{Name: "FARGATE", Status: "ACTIVE"}, {Name: "FARGATE_SPOT", Status: "ACTIVE"}}},
		ECR:       inventory.ECR{Repositories: []inventory.Repository{repo("api"), repo("aws-for-fluent-bit"), repo("web")}, Scanning: &inventory.RegistryScanning{Type: "BASIC"}},
		GuardDuty: []inventory.Detector{{ID: "det1", Status: "ENABLED", RuntimeMonitoring: "ENABLED", ECSFargateAgent: "ENABLED"}},
	}
	return &inventory.Snapshot{SchemaVersion: inventory.SchemaVersion, Accounts: []inventory.Account{{ID: ecsAcct,
		IAM:     inventory.IAM{Roles: []inventory.Role{ecsRole("api-task"), ecsRole("web-task")}},
		Regions: []inventory.Region{r}}}}
}

// ecsReg returns the first region of the first account.
func ecsReg(s *inventory.Snapshot) *inventory.Region { return &s.Accounts[0].Regions[0] }

// ecsProd returns the "prod" cluster of the first region.
func ecsProd(s *inventory.Snapshot) *inventory.Cluster { return &ecsReg(s).ECS.Clusters[0] }

// ecsTDOf returns the task definition of a family in the first region.
func ecsTDOf(s *inventory.Snapshot, family string) *inventory.TaskDefinition {
	for i := range ecsReg(s).ECS.TaskDefinitions {
		if td := &ecsReg(s).ECS.TaskDefinitions[i]; td.Family == family {
			return td
		}
	}
	panic("no family " + family)
}

// ecsLifecyclePolicy is the clean estate's ECR lifecycle policy.
const ecsLifecyclePolicy = `{"rules":[{"rulePriority":1,"selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":14},"action":{"type":"expire"}}]}`

// ecsInput wraps a snapshot into a check input with a default casefile.
func ecsInput(s *inventory.Snapshot) *Input {
	cf := &evidence.Casefile{Tagging: evidence.Tagging{Required: evidence.DefaultRequiredTags()}}
	cs := &evidence.CaseStudy{ID: "cs1", Inventory: s}
	cf.CaseStudies = []*evidence.CaseStudy{cs}
	return NewInput(cf, cs)
}

// ecsCase is one table row: a mutation of the clean estate and what must
// (and must not) be found.
type ecsCase struct {
	name   string
	mutate func(s *inventory.Snapshot)
	// want are findings that must be present: outcome, check and a resource substring.
	want []ecsWant
	// clean lists checks that must produce no fail and no warn.
	clean []string
}

type ecsWant struct {
	outcome  Outcome
	check    string
	resource string
	// message, when set, must be a substring of the finding's message.
	message string
}

func ecsHas(fs []Finding, w ecsWant) bool {
	for _, f := range fs {
		if f.Outcome == w.outcome && f.Check == w.check && strings.Contains(f.Resource, w.resource) && strings.Contains(f.Message, w.message) {
			return true
		}
	}
	return false
}

// ecsRun runs the checks of the given controls on an input.
func ecsRun(in *Input, controls ...string) []Finding {
	var fs []Finding
	for _, ch := range Checks() {
		for _, c := range controls {
			if ch.Control() == c {
				fs = append(fs, ch.run(in)...)
			}
		}
	}
	return fs
}

// ecsRunTable runs a table of cases against the checks of the given controls.
func ecsRunTable(t *testing.T, controls []string, cases []ecsCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := ecsClean()
			if tc.mutate != nil {
				tc.mutate(s)
			}
			fs := ecsRun(ecsInput(s), controls...)
			for _, w := range tc.want {
				if !ecsHas(fs, w) {
					t.Errorf("missing %s %s on %q (message containing %q); got:\n%s", w.outcome, w.check, w.resource, w.message, ecsDump(fs))
				}
			}
			for _, ch := range tc.clean {
				for _, f := range fs {
					if (f.Outcome == Fail || f.Outcome == Warn) && (f.Check == ch || strings.HasPrefix(f.Check, ch+".")) {
						t.Errorf("%s must be clean, got %s %s %s: %s", ch, f.Outcome, f.Check, f.Resource, f.Message)
					}
				}
			}
			for _, f := range fs {
				if f.Message == "" || f.Check == "" {
					t.Errorf("finding without check or message: %+v", f)
				}
				if (f.Outcome == Fail || f.Outcome == Warn) && f.Remediation == "" {
					t.Errorf("%s %s on %s has no remediation", f.Outcome, f.Check, f.Resource)
				}
			}
		})
	}
}

func ecsDump(fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "  %s %s %s: %s\n", f.Outcome, f.Check, f.Resource, f.Message)
	}
	return b.String()
}

// ecsCatalog loads the 2025-02 catalog.
func ecsCatalog(t *testing.T) *catalog.Catalog {
	t.Helper()
	cat, err := catalog.Load("2025-02")
	if err != nil {
		t.Fatalf("load catalog: %v", err)
	}
	return cat
}
