package assess

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/inventory"
)

func TestWorkloadChecks(t *testing.T) {
	all := []string{"ECS-001", "ECS-002", "ECS-003", "ECS-004"}
	web := ecsServiceARN("prod", "web")
	ecsRunTable(t, all, slices.Concat(workloadEstateCases(web, all), workloadECS001Cases(web), workloadECS002Cases(web),
		workloadECS003Cases(), workloadECS004Cases(web)))
}

// workloadEstateCases: a clean estate passes every workload check; an empty
// inventory fails ECS-001 and leaves the others unknown.
func workloadEstateCases(web string, all []string) []ecsCase {
	return []ecsCase{
		{name: "clean estate", clean: all, want: []ecsWant{
			{Pass, "ECS-001.workload", web, "runs 2 task(s)"},
			{Info, "ECS-001.list-tasks", ecsClusterARN("prod"), "service:api: 2; service:web: 2"},
			{Pass, "ECS-001.compute", web, "FARGATE"},
			{Pass, "ECS-002.rollback", web, "circuit breaker"},
			{Pass, "ECS-002.iac-tags", web, "CloudFormation"},
			{Pass, "ECS-003.single-purpose", "task-definition/api:7", "api"},
			{Pass, "ECS-004.managed-tags", web, "SERVICE"},
			{Pass, "ECS-004.image-pinning", "web:3", ""},
			{Pass, "ECS-004.tag-dimensions", web, "environment"},
		}},
		{name: "empty inventory", mutate: func(s *inventory.Snapshot) { s.Accounts = nil }, want: []ecsWant{
			{Fail, "ECS-001.workload", "cs1", "no ECS service"},
			{Warn, "ECS-002.rollback", "cs1", ""},
			{Warn, "ECS-002.iac-tags", "cs1", ""},
			{Warn, "ECS-003.single-purpose", "cs1", ""},
			{Warn, "ECS-004.managed-tags", "cs1", ""},
			{Warn, "ECS-004.image-pinning", "cs1", ""},
			{Warn, "ECS-004.tag-dimensions", "cs1", ""},
		}},
	}
}

// workloadECS001Cases: the ECS workload and its compute (ECS-001).
func workloadECS001Cases(web string) []ecsCase {
	return []ecsCase{
		{name: "standalone tasks only count as ECS workload", mutate: func(s *inventory.Snapshot) {
			c := ecsProd(s)
			c.Services = nil
			for i := range c.Tasks {
				c.Tasks[i].Group = "family:batch"
			}
		}, want: []ecsWant{{Pass, "ECS-001.workload", "cs1", "4 standalone"}}, clean: []string{"ECS-001"}},
		{name: "service with no running task", mutate: func(s *inventory.Snapshot) {
			c := ecsProd(s)
			c.Services[1].RunningCount = 0
			c.Tasks = c.Tasks[:2] // only api's tasks remain
		}, want: []ecsWant{{Warn, "ECS-001.workload", web, "none is running"}}},
		{name: "running count from tasks when the service reports 0 (moto)", mutate: func(s *inventory.Snapshot) {
			ecsProd(s).Services[1].RunningCount = 0
		}, clean: []string{"ECS-001"}},
		{name: "ECS Anywhere compute warns", mutate: func(s *inventory.Snapshot) {
			c := ecsProd(s)
			c.Services[1].CapacityProviderStrategy = nil
			c.Services[1].LaunchType = "EXTERNAL"
		}, want: []ecsWant{{Warn, "ECS-001.compute", web, "EXTERNAL"}}},
		{name: "EC2 and Fargate mixed", mutate: func(s *inventory.Snapshot) {
			c := ecsProd(s)
			c.Services[1].CapacityProviderStrategy = []inventory.CapacityProviderItem{{CapacityProvider: "asg-cp", Weight: 1}, {CapacityProvider: "FARGATE", Weight: 1}}
		}, want: []ecsWant{{Pass, "ECS-001.compute", web, "EC2 and FARGATE"}}, clean: []string{"ECS-001"}},
	}
}

// workloadECS002Cases: deployment rollback, infrastructure as code and console
// changes (ECS-002).
func workloadECS002Cases(web string) []ecsCase {
	return []ecsCase{
		{name: "no circuit breaker", mutate: func(s *inventory.Snapshot) {
			ecsProd(s).Services[1].Deployment = inventory.DeploymentConfig{Controller: "ECS"}
		}, want: []ecsWant{{Warn, "ECS-002.rollback", web, "neither"}}},
		{name: "breaker without rollback", mutate: func(s *inventory.Snapshot) {
			ecsProd(s).Services[1].Deployment.CircuitBreakerRollback = false
		}, want: []ecsWant{{Warn, "ECS-002.rollback", web, "rollback off"}}},
		{name: "alarm rollback and CodeDeploy pass", mutate: func(s *inventory.Snapshot) {
			c := ecsProd(s)
			c.Services[1].Deployment = inventory.DeploymentConfig{AlarmsEnabled: true, AlarmsRollback: true, AlarmNames: []string{"web-5xx"}}
			c.Services[0].Deployment = inventory.DeploymentConfig{Controller: "CODE_DEPLOY"}
		}, want: []ecsWant{{Pass, "ECS-002.rollback", web, "web-5xx"}, {Pass, "ECS-002.rollback", "service/prod/api", "CodeDeploy"}}, clean: []string{"ECS-002.rollback"}},
		{name: "no IaC tag anywhere", mutate: func(s *inventory.Snapshot) {
			c := ecsProd(s)
			c.Tags = nil
			for i := range c.Services {
				delete(c.Services[i].Tags, "aws:cloudformation:stack-name")
			}
		}, want: []ecsWant{{Warn, "ECS-002.iac-tags", "cs1", "none of the 3"}}},
		{name: "one service without IaC tag", mutate: func(s *inventory.Snapshot) {
			delete(ecsProd(s).Services[1].Tags, "aws:cloudformation:stack-name")
		}, want: []ecsWant{{Warn, "ECS-002.iac-tags", web, "other ECS resources do"}}},
		{name: "terraform managed-by tags count", mutate: func(s *inventory.Snapshot) {
			c := ecsProd(s)
			c.Tags = map[string]string{"ManagedBy": "Terraform"}
			for i := range c.Services {
				c.Services[i].Tags = map[string]string{"environment": "prod", "application": "x", "managed-by": "terraform"}
			}
		}, clean: []string{"ECS-002.iac-tags"}, want: []ecsWant{{Pass, "ECS-002.iac-tags", web, "terraform"}}},
		{name: "console user created service", mutate: func(s *inventory.Snapshot) {
			sv := &ecsProd(s).Services[1]
			sv.CreatedBy = "arn:aws:iam::" + ecsAcct + ":user/alice"
			delete(sv.Tags, "aws:cloudformation:stack-name")
		}, want: []ecsWant{{Warn, "ECS-002.console-changes", web, "IAM user alice"}}},
		{name: "user-created but IaC tagged is fine", mutate: func(s *inventory.Snapshot) {
			ecsProd(s).Services[1].CreatedBy = "arn:aws:iam::" + ecsAcct + ":user/ci"
		}, clean: []string{"ECS-002"}},
	}
}

// workloadECS003Cases: one purpose per task definition (ECS-003).
func workloadECS003Cases() []ecsCase {
	return []ecsCase{
		{name: "two essential app containers", mutate: func(s *inventory.Snapshot) {
			td := ecsTDOf(s, "web")
			td.Containers = append(td.Containers, ecsCtr("worker", ecsRepoURI("worker")+":3f9c2ab"))
		}, want: []ecsWant{{Warn, "ECS-003.single-purpose", "web:3", "web, worker"}}},
		{name: "sidecars recognised", mutate: func(s *inventory.Snapshot) {
			td := ecsTDOf(s, "web")
			td.Containers = append(td.Containers,
				ecsCtr("xray", "public.ecr.aws/xray/aws-xray-daemon:3.3.7"),
				ecsCtr("collector", "public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0"),
				ecsCtr("envoy", "840364872350.dkr.ecr.eu-west-1.amazonaws.com/aws-appmesh-envoy:v1.27.2.0-prod"),
				ecsCtr("logs", "fluent/fluentd:v1.16"),
				ecsCtr("migrate", ecsRepoURI("web")+":3f9c2ab"))
			td.Containers[len(td.Containers)-1].Essential = false
		}, clean: []string{"ECS-003"}, want: []ecsWant{{Pass, "ECS-003.single-purpose", "web:3", "X-Ray daemon"}}},
	}
}

// workloadECS004Cases: managed tags, image pinning, tag dimensions and image
// tags across revisions (ECS-004).
func workloadECS004Cases(web string) []ecsCase {
	return []ecsCase{
		{name: "managed tags off", mutate: func(s *inventory.Snapshot) {
			ecsProd(s).Services[1].EnableECSManagedTags = false
			ecsProd(s).Services[0].PropagateTags = "NONE"
		}, want: []ecsWant{{Fail, "ECS-004.managed-tags", web, "enableECSManagedTags is false"}, {Fail, "ECS-004.managed-tags", "service/prod/api", "propagateTags is NONE"}}},
		{name: "latest image fails, floating tag warns, sidecar latest warns", mutate: func(s *inventory.Snapshot) {
			ecsTDOf(s, "web").Containers[0].Image = ecsRepoURI("web") + ":latest"
			ecsTDOf(s, "api").Containers[0].Image = ecsRepoURI("api") + ":stable"
		}, want: []ecsWant{{Fail, "ECS-004.image-pinning", "web:3", "latest"}, {Warn, "ECS-004.image-pinning", "api:7", ":stable"}}},
		{name: "untagged image fails", mutate: func(s *inventory.Snapshot) {
			ecsTDOf(s, "web").Containers[0].Image = "nginx"
		}, want: []ecsWant{{Fail, "ECS-004.image-pinning", "web:3", "nginx"}}},
		{name: "digest pinned passes", mutate: func(s *inventory.Snapshot) {
			ecsTDOf(s, "web").Containers[0].Image = ecsRepoURI("web") + "@sha256:" + strings.Repeat("ab", 32)
		}, clean: []string{"ECS-004.image-pinning"}},
		{name: "missing default tag dimensions warn", mutate: func(s *inventory.Snapshot) {
			ecsProd(s).Services[1].Tags = map[string]string{"Env": "prod", "aws:cloudformation:stack-name": "x"}
		}, want: []ecsWant{{Warn, "ECS-004.tag-dimensions", web, "application"}}},
		{name: "tags propagated from task definition count", mutate: func(s *inventory.Snapshot) {
			sv := &ecsProd(s).Services[1]
			sv.Tags = map[string]string{"aws:cloudformation:stack-name": "x"}
			sv.PropagateTags = "TASK_DEFINITION"
		}, clean: []string{"ECS-004"}},
		{name: "one image tag reused across revisions", mutate: func(s *inventory.Snapshot) {
			r := ecsReg(s)
			old := ecsTD("web", 2, ecsCtr("web", ecsRepoURI("web")+":3f9c2ab"))
			r.ECS.TaskDefinitions = append(r.ECS.TaskDefinitions, old)
			r.ECS.Clusters[0].Tasks = append(r.ECS.Clusters[0].Tasks, ecsTasks("prod", "web", old.ARN, 1, "FARGATE")...)
		}, want: []ecsWant{{Warn, "ECS-004.revision-tags", "web:3", "revisions 2, 3"}}},
		{name: "distinct tags across revisions", mutate: func(s *inventory.Snapshot) {
			r := ecsReg(s)
			r.ECS.TaskDefinitions = append(r.ECS.TaskDefinitions, ecsTD("web", 2, ecsCtr("web", ecsRepoURI("web")+":99aa11b")))
		}, clean: []string{"ECS-004"}, want: []ecsWant{{Pass, "ECS-004.revision-tags", "web:3", "2 revisions"}}},
	}
}

func TestTagDimensionsCasefileRequired(t *testing.T) {
	s := ecsClean()
	in := ecsInput(s)
	in.Casefile.Tagging.Required = []string{"cost-center"}
	in.Casefile.Tagging.Declared = true
	fs := fxRunCheck(t, in, "ECS-004.tag-dimensions")
	if !ecsHas(fs, ecsWant{Fail, "ECS-004.tag-dimensions", ecsServiceARN("prod", "web"), "cost-center"}) {
		t.Errorf("a partner-declared tag missing must fail:\n%s", ecsDump(fs))
	}
	in.Casefile = nil // a nil casefile falls back to the defaults
	if fs := fxRunCheck(t, in, "ECS-004.tag-dimensions"); !ecsHas(fs, ecsWant{Pass, "ECS-004.tag-dimensions", ecsServiceARN("prod", "web"), "environment"}) {
		t.Errorf("nil casefile: defaults expected:\n%s", ecsDump(fs))
	}
}

func TestPinKind(t *testing.T) {
	for _, tc := range []struct{ image, want string }{
		{"nginx", "latest"},
		{"nginx:latest", "latest"},
		{"localhost:5000/app", "latest"},
		{"localhost:5000/app:3f9c2ab", "commit"},
		{"123.dkr.ecr.eu-west-1.amazonaws.com/app:main-3f9c2ab1", "commit"},
		{"app:sha-3f9c2ab", "commit"},
		{"app:v1.2.0-4-g3f9c2ab", "commit"},
		{"app:" + strings.Repeat("a", 40), "commit"},
		{"app:deadbee", "floating"},
		{"app:v1.4.2", "version"},
		{"app:2.0.1+build.7", "version"},
		{"app:build-812", "version"},
		{"app:20250114-1532", "version"},
		{"app:stable", "floating"},
		{"app:prod", "floating"},
		{"app@sha256:abcd", "digest"},
		{"app:1.0@sha256:abcd", "digest"},
	} {
		if got := pinKind(tc.image); got != tc.want {
			t.Errorf("pinKind(%q) = %s, want %s", tc.image, got, tc.want)
		}
	}
}

func TestParseImage(t *testing.T) {
	for _, tc := range []struct {
		image string
		want  imageRef
	}{
		{"nginx", imageRef{Registry: "docker.io", Repository: "nginx"}},
		{"library/nginx:1.25", imageRef{Registry: "docker.io", Repository: "library/nginx", Tag: "1.25"}},
		{"public.ecr.aws/nginx/nginx:1", imageRef{Registry: "public.ecr.aws", Repository: "nginx/nginx", Tag: "1"}},
		{"localhost:5000/a/b@sha256:00", imageRef{Registry: "localhost:5000", Repository: "a/b", Digest: "sha256:00"}},
	} {
		if got := parseImage(tc.image); got != tc.want {
			t.Errorf("parseImage(%q) = %+v, want %+v", tc.image, got, tc.want)
		}
	}
}

func TestIaCMarker(t *testing.T) {
	for _, tc := range []struct {
		tags map[string]string
		want string
	}{
		{nil, ""},
		{map[string]string{"aws:cloudformation:stack-name": "x"}, "CloudFormation"},
		{map[string]string{"aws:cdk:path": "x"}, "AWS CDK"},
		{map[string]string{"terraform": "true"}, "Terraform"},
		{map[string]string{"Managed_By": "OpenTofu"}, "OpenTofu"},
		{map[string]string{"managed-by": "platform-team"}, ""},
		{map[string]string{"copilot-application": "shop"}, "AWS Copilot"},
		{map[string]string{"environment": "terraform-lab"}, ""},
	} {
		if got := iacMarker(tc.tags); got != tc.want {
			t.Errorf("iacMarker(%v) = %q, want %q", tc.tags, got, tc.want)
		}
	}
}

func TestWorkloadAggregatesPasses(t *testing.T) {
	s := ecsClean()
	c := ecsProd(s)
	base := c.Services[0]
	for i := range 120 {
		sv := base
		sv.Name = fmt.Sprintf("svc%03d", i)
		sv.ARN = ecsServiceARN("prod", sv.Name)
		c.Services = append(c.Services, sv)
	}
	fs := fxRunCheck(t, ecsInput(s), "ECS-004.managed-tags")
	if len(fs) != 1 || fs[0].Outcome != Pass || !strings.Contains(fs[0].Message, "122 services") {
		t.Fatalf("want one aggregated pass for 122 services, got %d findings:\n%s", len(fs), ecsDump(fs[:min(3, len(fs))]))
	}
	// a defect among many still stands out on its own
	c.Services[50].EnableECSManagedTags = false
	fs = fxRunCheck(t, ecsInput(s), "ECS-004.managed-tags")
	if len(fs) != 2 || !ecsHas(fs, ecsWant{Fail, "ECS-004.managed-tags", c.Services[50].ARN, ""}) {
		t.Fatalf("want the failing service and one aggregated pass, got:\n%s", ecsDump(fs))
	}
}

func TestWorkloadSeveralAccountsAndRegions(t *testing.T) {
	s := ecsClean()
	second := s.Accounts[0]
	second.ID = "444455556666"
	second.Regions = []inventory.Region{*ecsReg(ecsClean())}
	second.Regions[0].Name = "us-east-1"
	second.Regions[0].ECS.Clusters[0].Services[0].EnableECSManagedTags = false
	s.Accounts = append(s.Accounts, second)
	fs := ecsRun(ecsInput(s), "ECS-004")
	n := 0
	for _, f := range fs {
		if f.Outcome == Fail {
			n++
			if !strings.Contains(f.Message, "444455556666 us-east-1") {
				t.Errorf("the failing service must be located in the second account: %s", f.Message)
			}
		}
	}
	if n != 1 {
		t.Errorf("want exactly 1 fail, got %d:\n%s", n, ecsDump(fs))
	}
}

func TestWorkloadEvaluateStatus(t *testing.T) {
	cat := ecsCatalog(t)
	good := ecsClean()
	bad := ecsClean()
	ecsTDOf(bad, "web").Containers[0].Image = "nginx:latest"
	answer := coveringAnswer(t, "ECS-004", "We tag images with the git SHA.")
	cf := &evidence.Casefile{Tagging: evidence.Tagging{Required: evidence.DefaultRequiredTags()}, CaseStudies: []*evidence.CaseStudy{
		{ID: "good", Inventory: good, Answers: map[string]*evidence.Answer{"ECS-004": answer}},
		{ID: "bad", Inventory: bad, Answers: map[string]*evidence.Answer{"ECS-004": answer}},
		{ID: "unanswered", Inventory: ecsClean(), Answers: map[string]*evidence.Answer{}},
	}}
	rep := Evaluate(cf, cat)
	for _, tc := range []struct {
		cs, control string
		want        Status
	}{
		{"good", "ECS-004", Met},
		{"bad", "ECS-004", NotMet},
		{"unanswered", "ECS-004", NeedsNarrative},
		{"unanswered", "ECS-001", NeedsNarrative},
	} {
		var got *ControlResult
		for i := range rep.CaseStudies {
			if rep.CaseStudies[i].ID == tc.cs {
				got = rep.CaseStudies[i].Control(tc.control)
			}
		}
		if got == nil || got.Status != tc.want {
			t.Errorf("%s %s: got %+v, want %s", tc.cs, tc.control, got, tc.want)
		}
	}
	if o := rep.OverallFor("ECS-004"); o == nil || o.Status != NotMet {
		t.Errorf("ECS-004 must be not met overall when one case study fails: %+v", o)
	}
}

// TestECSChecksDeterministic runs every ECS-001..014 check twice on a mixed
// estate and expects identical findings (map iteration must not leak).
func TestECSChecksDeterministic(t *testing.T) {
	build := func() *Input {
		s := ecsClean()
		ecsSpotASG(s)
		ecsTDOf(s, "web").Containers[0].EnvironmentNames = []string{"B_TOKEN", "A_PASSWORD"}
		ecsProd(s).Services[0].Tags = map[string]string{"z": "1", "a": "2", "m": "3"}
		return ecsInput(s)
	}
	var controls []string
	for i := 1; i <= 14; i++ {
		controls = append(controls, fmt.Sprintf("ECS-%03d", i))
	}
	first := ecsDump(ecsRun(build(), controls...))
	for range 5 {
		if again := ecsDump(ecsRun(build(), controls...)); again != first {
			t.Fatalf("findings differ between runs:\n%s\n---\n%s", first, again)
		}
	}
}

// TestRevisionTagsMutable: issue 16 — two revisions that both run :latest
// (or an untagged image) do not have "a distinct image tag" each.
func TestRevisionTagsMutable(t *testing.T) {
	for _, tc := range []struct{ name, image string }{{"latest", ":latest"}, {"untagged", ""}} {
		t.Run(tc.name, func(t *testing.T) {
			s := ecsClean()
			r := ecsReg(s)
			ecsTDOf(s, "web").Containers[0].Image = ecsRepoURI("web") + tc.image
			r.ECS.TaskDefinitions = append(r.ECS.TaskDefinitions, ecsTD("web", 2, ecsCtr("web", ecsRepoURI("web")+tc.image)))
			fs := fxRunCheck(t, ecsInput(s), "ECS-004.revision-tags")
			for _, f := range fs {
				if f.Outcome == Pass && strings.Contains(f.Message, "family web ") {
					t.Errorf("pass for revisions on a mutable tag: %s", f.Message)
				}
			}
			if !ecsHas(fs, ecsWant{Warn, "ECS-004.revision-tags", "web:3", "revisions 2, 3"}) {
				t.Errorf("want a warning naming the revisions on a mutable tag; got:\n%s", ecsDump(fs))
			}
		})
	}
}
