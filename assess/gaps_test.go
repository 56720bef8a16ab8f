package assess

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

// allControls lists every control id the checks belong to.
func allControls() []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range Checks() {
		if !seen[c.Control()] {
			seen[c.Control()] = true
			out = append(out, c.Control())
		}
	}
	return out
}

// judged runs every check on a snapshot and applies the not-collected rule,
// as evaluateControl does.
func judged(s *inventory.Snapshot) []Finding {
	in := ecsInput(s)
	return unverified(in, ecsRun(in, allControls()...))
}

func TestNotCollectedIsNeverAPass(t *testing.T) {
	apiRole := ecsRoleARN("api-task")
	for _, tc := range []struct {
		name   string
		mutate func(s *inventory.Snapshot)
		// none: no pass of this check may name this resource (substring).
		noneCheck, noneResource string
		// want: a warning of this check on this resource mentioning this text.
		want ecsWant
	}{{
		// The known failure: iam:GetRolePolicy throttled, the role stored
		// with no policies, and ECS-005 passed a role whose real policy is
		// Action "*".
		name: "role policies not collected",
		mutate: func(s *inventory.Snapshot) {
			ro := &s.Accounts[0].IAM.Roles[0]
			ro.InlinePolicies, ro.Gaps = nil, []string{"iam GetRolePolicy: Throttling"}
		},
		noneCheck: "ECS-005.least-privilege", noneResource: apiRole,
		want: ecsWant{Warn, "ECS-005.least-privilege", apiRole, "iam GetRolePolicy: Throttling"},
	}, {
		name: "trust policy not collected",
		mutate: func(s *inventory.Snapshot) {
			ro := &s.Accounts[0].IAM.Roles[0]
			ro.Gaps = []string{"iam GetRole: AccessDenied"}
		},
		noneCheck: "ECS-005.trust", noneResource: apiRole,
		want: ecsWant{Warn, "ECS-005.trust", apiRole, "iam GetRole: AccessDenied"},
	}, {
		name: "a cluster's services only partly described",
		mutate: func(s *inventory.Snapshot) {
			ecsProd(s).Gaps = []string{"ecs DescribeServices: Throttling"}
		},
		noneCheck: "ECS-004", noneResource: ecsServiceARN("prod", "web"),
		want: ecsWant{Warn, "ECS-004", ecsServiceARN("prod", "web"), "ecs DescribeServices: Throttling"},
	}, {
		name: "a task definition not collected",
		mutate: func(s *inventory.Snapshot) {
			td := ecsTDOf(s, "web")
			*td = inventory.TaskDefinition{ARN: td.ARN, Family: "web", Revision: td.Revision, NotCollected: true, Containers: []inventory.ContainerDefinition{}}
		},
		noneCheck: "ECS-", noneResource: ecsServiceARN("prod", "web"),
		want: ecsWant{Warn, "ECS-", ecsServiceARN("prod", "web"), "DescribeTaskDefinition"},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			s := ecsClean()
			tc.mutate(s)
			fs := judged(s)
			for _, f := range fs {
				if f.Outcome == Pass && strings.HasPrefix(f.Check, tc.noneCheck) && strings.Contains(f.Resource, tc.noneResource) {
					t.Errorf("%s passes %s, which was not fully collected: %s", f.Check, f.Resource, f.Message)
				}
			}
			if !ecsHasPrefix(fs, tc.want) {
				t.Errorf("no %s %s* on %s mentioning %q; got:\n%s", tc.want.outcome, tc.want.check, tc.want.resource, tc.want.message, ecsDump(fs))
			}
		})
	}
}

func ecsHasPrefix(fs []Finding, w ecsWant) bool {
	for _, f := range fs {
		if f.Outcome == w.outcome && strings.HasPrefix(f.Check, w.check) && strings.Contains(f.Resource, w.resource) && strings.Contains(f.Message, w.message) {
			return true
		}
	}
	return false
}

func TestIncompleteSnapshotPassesNothing(t *testing.T) {
	s := ecsClean()
	passes := 0
	for _, f := range judged(s) {
		if f.Outcome == Pass {
			passes++
		}
	}
	if passes == 0 {
		t.Fatal("the clean estate passes nothing: this test would prove nothing")
	}
	s.Collection.Incomplete = true
	for _, f := range judged(s) {
		if f.Outcome == Pass {
			t.Errorf("%s passes %s in an incomplete snapshot: %s", f.Check, f.Resource, f.Message)
		}
	}
}

func TestEstateWidePassesNeedTheirServiceRead(t *testing.T) {
	estateWide := func(s *inventory.Snapshot) []Finding {
		in := ecsInput(s)
		known := knownResources(s)
		var out []Finding
		for _, f := range unverified(in, ecsRun(in, allControls()...)) {
			if f.Outcome == Pass && !known[f.Resource] && !known[firstWord(f.Resource)] && strings.Contains(f.Evidence, "ecs:") {
				out = append(out, f)
			}
		}
		return out
	}
	s := ecsClean()
	if len(estateWide(s)) == 0 {
		t.Fatal("the clean estate has no estate-wide ECS pass: this test would prove nothing")
	}
	s.Collection.Errors = []inventory.CollectionError{{Account: ecsAcct, Region: ecsRegion, Service: "ecs", Operation: "ListServices", Code: "AccessDenied", Message: "denied"}}
	for _, f := range estateWide(s) {
		t.Errorf("%s passes %q though an ecs read failed: %s", f.Check, f.Resource, f.Message)
	}
}

// TestAggregatedPassLetsGappedResourcesOut: a pass summarising more than
// maxPassFindings resources is split when one of them was not fully
// collected: that one becomes a warning, the rest stays one pass.
func TestAggregatedPassLetsGappedResourcesOut(t *testing.T) {
	s := ecsClean()
	r := ecsReg(s)
	n := maxPassFindings + 5
	for i := range n {
		fam := fmt.Sprintf("job%02d", i)
		td := ecsTD(fam, 1, ecsCtr(fam, ecsRepoURI(fam)+":1"))
		r.ECS.TaskDefinitions = append(r.ECS.TaskDefinitions, td)
		r.ECS.Clusters[0].Services = append(r.ECS.Clusters[0].Services, ecsSvc("prod", fam, td.ARN))
		role := ecsRole(fam + "-task")
		if i == 3 {
			role.Gaps = []string{"iam ListRolePolicies: Throttling"}
		}
		s.Accounts[0].IAM.Roles = append(s.Accounts[0].IAM.Roles, role)
	}
	var warn, pass []Finding
	for _, f := range judged(s) {
		if f.Check != "ECS-005.least-privilege" {
			continue
		}
		switch f.Outcome {
		case Warn:
			warn = append(warn, f)
		case Pass:
			pass = append(pass, f)
		}
	}
	if len(warn) != 1 || warn[0].Resource != ecsRoleARN("job03-task") {
		t.Errorf("warnings: %s", ecsDump(warn))
	}
	if len(pass) != 1 || pass[0].Resource != "" || !strings.HasPrefix(pass[0].Message, fmt.Sprintf("%d ", n+2-1)) || strings.Contains(pass[0].Message, "job03-task") {
		t.Errorf("the aggregated pass must cover the %d others only: %s", n+1, ecsDump(pass))
	}
}

func TestInlineCredentials(t *testing.T) {
	ecsRunTable(t, []string{"ECS-011"}, []ecsCase{
		{name: "clean", clean: []string{"ECS-011.inline-credentials"},
			want: []ecsWant{{Pass, "ECS-011.inline-credentials", "", ""}}},
		{name: "credential in a health check and a log option",
			mutate: func(s *inventory.Snapshot) {
				ecsTDOf(s, "web").Containers[0].CredentialsIn = []string{"health_check.command", "log_configuration.options.url"}
			},
			want: []ecsWant{{Fail, "ECS-011.inline-credentials", ecsTDARN("web", 3), "health_check.command, log_configuration.options.url"}}},
	})
}
