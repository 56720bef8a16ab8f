package assess

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ecspack/ecspack/catalog"
	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/inventory"
)

func TestAnswerSentences(t *testing.T) {
	md := "# Ingress\n\nAll traffic is **encrypted** with `TLS 1.2`. We use an [ALB](https://x).\n" +
		"- Read-only root file systems\n- Second item\n\n```yaml\nprivileged: true\n```\n| Item | Value |\n|---|---|\n| Multi-AZ | yes |\r\n"
	got := answerSentences([]byte(md))
	want := []string{"Ingress", "All traffic is encrypted with TLS 1.2.", "We use an ALB.", "Read-only root file systems", "Second item", "Item — Value", "Multi-AZ — yes"}
	if !slices.Equal(got, want) {
		t.Errorf("answerSentences:\n got %q\nwant %q", got, want)
	}
}

func TestClipText(t *testing.T) {
	if got := clipText("ééééé", 3); got != "éé…" {
		t.Errorf("clipText = %q", got)
	}
	if got := clipText("short", 10); got != "short" {
		t.Errorf("clipText = %q", got)
	}
}

func TestContradictions(t *testing.T) {
	forward := func(r *inventory.Region) {
		r.ELB.LoadBalancers[0].Listeners[0].DefaultActions = []inventory.Action{{Type: "forward", TargetGroups: []string{r.ELB.TargetGroups[0].ARN}}}
	}
	for _, tc := range []struct {
		name     string
		control  string
		answer   string
		edit     func(r *inventory.Region)
		resource string // "" when no contradiction is expected
	}{
		{"TLS claim refuted by a forwarding HTTP listener", "ECS-015", "We terminate TLS on the ALB. All traffic is encrypted with TLS.", forward, "l80"},
		{"TLS claim holds", "ECS-015", "All traffic is encrypted with TLS.", func(r *inventory.Region) {}, ""},
		{"negated TLS sentence is no claim", "NETSEC-002", "Not all internal traffic is encrypted with TLS yet.", forward, ""},
		{"HTTPS only", "NETSEC-002", "Our endpoints are HTTPS-only.", forward, "l80"},
		{"read-only root refuted", "ECS-011", "Containers use a read-only root filesystem.", func(r *inventory.Region) {
			r.ECS.TaskDefinitions[0].Containers[0].ReadonlyRootFilesystem = false
		}, "task-definition/web:3"},
		{"read-only root planned is no claim", "ECS-011", "We plan to enable read-only root filesystems.", func(r *inventory.Region) {
			r.ECS.TaskDefinitions[0].Containers[0].ReadonlyRootFilesystem = false
		}, ""},
		{"multi-AZ refuted", "DOC-001", "The service is deployed multi-AZ.", func(r *inventory.Region) {
			r.ECS.Clusters[0].Services[0].Network.Subnets = []string{"subnet-a"}
		}, "service/prod/web"},
		{"a Multi-AZ database is not a claim about services", "REL-002", "Aurora: Multi-AZ, PITR 35 days.", func(r *inventory.Region) {
			r.ECS.Clusters[0].Services[0].Network.Subnets = []string{"subnet-a"}
		}, ""},
		{"a table row about a database", "REL-002", "| Component | HA |\n|---|---|\n| Aurora | Multi-AZ, PITR 35 days |\n", func(r *inventory.Region) {
			r.ECS.Clusters[0].Services[0].Network.Subnets = []string{"subnet-a"}
		}, ""},
		{"a sentence about ASG instances", "ECS-008", "The ASG spreads instances across three AZs.", func(r *inventory.Region) {
			r.ECS.Clusters[0].Services[0].Network.Subnets = []string{"subnet-a"}
		}, ""},
		{"a stated exception is no blanket claim", "ECS-011", "Application containers use a read-only root file system; the log router is the one exception.", func(r *inventory.Region) {
			r.ECS.TaskDefinitions[0].Containers[0].ReadonlyRootFilesystem = false
		}, ""},
		{"a multi-AZ requirement is not a claim", "ECS-019", "Several tasks in several AZs must see the same directory tree.", func(r *inventory.Region) {
			r.ECS.Clusters[0].Services[0].Network.Subnets = []string{"subnet-a"}
		}, ""},
		{"highly available holds", "DOC-001", "The design is highly available across two availability zones.", func(r *inventory.Region) {}, ""},
		{"no privileged containers refuted", "ECS-011", "No containers run in privileged mode.", func(r *inventory.Region) {
			r.ECS.TaskDefinitions[0].Containers[0].Privileged = true
		}, "web:3"},
		{"privileged claim holds", "ECS-011", "We never run privileged containers.", func(r *inventory.Region) {}, ""},
		{"Container Insights refuted", "ECS-018", "Container Insights is enabled on every cluster.", func(r *inventory.Region) {
			r.ECS.Clusters[0].Settings = nil
		}, "cluster/prod"},
		{"Container Insights negated", "ECS-018", "Container Insights is not enabled; we use Datadog.", func(r *inventory.Region) {
			r.ECS.Clusters[0].Settings = nil
		}, ""},
		{"scan on push refuted", "ECS-010", "Every repository has scan on push.", func(r *inventory.Region) {
			r.ECR.Repositories = []inventory.Repository{{ARN: "arn:aws:ecr:eu-west-1:" + fxAcct + ":repository/app", Name: "app", URI: fxAcct + ".dkr.ecr.eu-west-1.amazonaws.com/app", TagMutability: "IMMUTABLE"}}
		}, "repository/app"},
		{"scan on push covered by registry rule", "ECS-010", "Images are scanned on push.", func(r *inventory.Region) {
			r.ECR.Repositories = []inventory.Repository{{ARN: "arn:aws:ecr:eu-west-1:" + fxAcct + ":repository/app", Name: "app", URI: fxAcct + ".dkr.ecr.eu-west-1.amazonaws.com/app"}}
			r.ECR.Scanning = &inventory.RegistryScanning{Type: "ENHANCED", Rules: []inventory.RegistryScanRule{{Frequency: "CONTINUOUS_SCAN", Filters: []string{"*"}}}}
		}, ""},
		{"encrypted at rest refuted by EFS", "NETSEC-002", "All data is encrypted at rest.", func(r *inventory.Region) {
			r.EFS = []inventory.FileSystem{{ID: "fs-9", Encrypted: false}}
		}, "fs-9"},
		{"non-root refuted", "ECS-011", "Containers run as a non-root user.", func(r *inventory.Region) {
			r.ECS.TaskDefinitions[0].Containers[0].User = "0"
		}, "web:3"},
		{"circuit breaker refuted", "ECS-002", "Every service uses the deployment circuit breaker.", func(r *inventory.Region) {
			r.ECS.Clusters[0].Services[0].Deployment.CircuitBreakerEnabled = false
		}, "service/prod/web"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := fxWeb()
			tc.edit(&r)
			in := fxInput(fxSnap(r))
			fs := contradictions(tc.control, in, &evidence.Answer{ControlID: tc.control, Body: []byte(tc.answer)})
			if tc.resource == "" {
				if len(fs) > 0 {
					t.Errorf("unexpected contradiction:\n%s", fxDump(fs))
				}
				return
			}
			if len(fs) != 1 || fs[0].Outcome != Warn || fs[0].Check != tc.control+".contradiction" || !strings.Contains(fs[0].Resource, tc.resource) {
				t.Fatalf("want one warn %s.contradiction on %s, got:\n%s", tc.control, tc.resource, fxDump(fs))
			}
			if !strings.Contains(fs[0].Message, "“") || fs[0].Evidence == "" {
				t.Errorf("contradiction should quote the sentence and cite evidence: %+v", fs[0])
			}
		})
	}
	if fs := contradictions("ECS-015", fxInput(fxSnap(fxWeb())), nil); fs != nil {
		t.Errorf("nil answer: %v", fs)
	}
}

// TestEvaluateEndToEnd runs the whole catalog on a clean and a defective
// estate, checking statuses and that contradictions reach the report.
func TestEvaluateEndToEnd(t *testing.T) {
	cat, err := catalog.Load("2025-02")
	if err != nil {
		t.Fatal(err)
	}
	build := func(r inventory.Region, answers map[string]string) *evidence.Casefile {
		cs := &evidence.CaseStudy{ID: "cs1", Title: "Case", Inventory: fxSnap(r), Answers: map[string]*evidence.Answer{},
			RTO: evidence.Duration{Duration: 4 * time.Hour, Text: "4h"}, RPO: evidence.Duration{Duration: time.Hour, Text: "1h"}}
		for id, body := range answers {
			cs.Answers[id] = coveringAnswer(t, id, body)
		}
		return &evidence.Casefile{CaseStudies: []*evidence.CaseStudy{cs}}
	}
	answers := map[string]string{"ECS-015": "All traffic is encrypted with TLS.", "ECS-018": "Container Insights is on.", "ECS-016": "Several subnets.",
		"ECS-017": "Service Connect.", "ECS-019": "Stateless.", "REL-002": "RTO 4h.", "NETSEC-001": "Security groups.", "ECS-020": "Mount targets.", "ECS-021": "Access points."}

	clean := Evaluate(build(fxEFS(), answers), cat)
	cs := clean.CaseStudies[0]
	for _, id := range []string{"ECS-015", "ECS-016", "ECS-018", "ECS-019", "ECS-020", "ECS-021", "REL-002", "NETSEC-001"} {
		r := cs.Control(id)
		if r == nil || r.Status != Met {
			t.Errorf("clean estate: %s = %+v", id, r)
		}
	}
	if r := cs.Control("ECS-022"); r.Status != NotApplicable {
		t.Errorf("ECS-022 without EBS = %s", r.Status)
	}
	if r := cs.Control("ECS-023"); r.Status != NotApplicable {
		t.Errorf("ECS-023 without tenants = %s", r.Status)
	}
	if r := cs.Control("ECS-017"); r.Status != Met {
		t.Errorf("ECS-017 = %s", r.Status)
	}

	bad := fxEFS()
	bad.ELB.LoadBalancers[0].Listeners[0].DefaultActions = []inventory.Action{{Type: "forward", TargetGroups: []string{bad.ELB.TargetGroups[0].ARN}}}
	bad.ECS.Clusters[0].Settings = nil
	bad.EFS[0].MountTargets = bad.EFS[0].MountTargets[:1]
	bad.Network.SecurityGroups = append(bad.Network.SecurityGroups, inventory.SecurityGroup{ID: "sg-ssh", Ingress: []inventory.SecurityRule{{Protocol: "tcp", FromPort: 22, ToPort: 22, CIDR: "0.0.0.0/0"}}})
	bad.ECS.Clusters[0].Services[0].Network.SecurityGroups = append(bad.ECS.Clusters[0].Services[0].Network.SecurityGroups, "sg-ssh") // in use: a hole, not hygiene
	rep := Evaluate(build(bad, answers), cat)
	cs = rep.CaseStudies[0]
	for id, res := range map[string]string{"ECS-015": "web-alb/123/l80", "ECS-018": "cluster/prod", "ECS-020": "fs-1", "NETSEC-001": "sg-ssh"} {
		r := cs.Control(id)
		if r.Status != NotMet {
			t.Errorf("%s = %s, want not-met", id, r.Status)
		}
		found := false
		for _, f := range r.Findings {
			if f.Outcome == Fail && strings.Contains(f.Resource, res) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no fail naming %s:\n%s", id, res, fxDump(r.Findings))
		}
	}
	for _, id := range []string{"ECS-015", "ECS-018"} {
		found := false
		for _, f := range cs.Control(id).Findings {
			if f.Check == id+".contradiction" && f.Outcome == Warn {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: contradiction missing", id)
		}
	}
	if rep.Ready {
		t.Error("defective estate reported ready")
	}
}
