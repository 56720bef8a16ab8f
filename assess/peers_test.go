package assess

import (
	"strings"
	"testing"

	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/evidence/peerfind"
	"github.com/ecspack/ecspack/inventory"
)

// TestImportedPeerFindings: a peer finding imported into the case study is
// shown, with its source, under the control its check serves; one that
// contradicts our verdict on the same resource adds a warning naming both;
// and the control's status is the one our own findings give.
func TestImportedPeerFindings(t *testing.T) {
	web := ecsTDARN("web", 3)
	cluster := ecsClusterARN("prod")
	privileged := func(s *inventory.Snapshot) { ecsTDOf(s, "web").Containers[0].Privileged = true }
	sh := func(control, status, res string) peerfind.Finding {
		return peerfind.Finding{Source: peerfind.SecurityHub, Control: control, Status: status, Resource: res, From: "asff.json:3"}
	}
	pr := func(control, status, res string) peerfind.Finding {
		return peerfind.Finding{Source: peerfind.Prowler, Control: control, Status: status, Resource: res, From: "ocsf.json:2"}
	}
	for _, tc := range []struct {
		name     string
		mutate   func(*inventory.Snapshot)
		peer     peerfind.Finding
		control  string
		info     string // the info finding's message
		disagree string // the warning's message, "" for none
	}{
		{"peer fails what we pass", nil, sh("ECS.4", peerfind.Failed, web), "ECS-011",
			"Security Hub: FAILED ECS.4 on " + web, "Disagreement: Security Hub ECS.4 FAILED " + web + ", but our check ECS-011.privileged passed it"},
		{"peer agrees with our fail", privileged, pr("ecs_task_definitions_no_privileged_containers", peerfind.Failed, web), "ECS-011",
			"prowler: FAILED ecs_task_definitions_no_privileged_containers on " + web, ""},
		{"peer passes what we fail", privileged, pr("ecs_task_definitions_no_privileged_containers", peerfind.Passed, web), "ECS-011",
			"prowler: PASSED ecs_task_definitions_no_privileged_containers", "Disagreement: prowler ecs_task_definitions_no_privileged_containers PASSED " + web + ", but our check ECS-011.privileged did not"},
		{"peer agrees with our pass", nil, sh("ECS.12", peerfind.Passed, cluster), "ECS-018", "Security Hub: PASSED ECS.12 on " + cluster, ""},
		{"one peer id, two controls", nil, sh("ECS.12", peerfind.Passed, cluster), "OPE-001", "Security Hub: PASSED ECS.12 on " + cluster, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			snap := ecsClean()
			if tc.mutate != nil {
				tc.mutate(snap)
			}
			plain := Evaluate(&evidence.Casefile{CaseStudies: []*evidence.CaseStudy{{ID: "cs1", Inventory: snap}}}, ecsCatalog(t))
			unknown := pr("accessanalyzer_enabled", peerfind.Failed, "arn:aws:accessanalyzer:eu-west-1:111122223333:analyzer")
			cs := &evidence.CaseStudy{ID: "cs1", Inventory: snap, PeerFindings: []peerfind.Finding{tc.peer, unknown}}
			rep := Evaluate(&evidence.Casefile{CaseStudies: []*evidence.CaseStudy{cs}}, ecsCatalog(t))
			r, before := rep.CaseStudies[0].Control(tc.control), plain.CaseStudies[0].Control(tc.control)
			if r.Status != before.Status {
				t.Errorf("status %s with the peer finding, %s without: a peer's verdict replaced ours", r.Status, before.Status)
			}
			var infos, warns []Finding
			for _, f := range r.Findings {
				if strings.Contains(f.Evidence, "import-findings") {
					if f.Outcome == Info {
						infos = append(infos, f)
					} else {
						warns = append(warns, f)
					}
				}
			}
			if len(infos) != 1 || !strings.HasPrefix(infos[0].Message, tc.info) || infos[0].Resource != tc.peer.Resource {
				t.Fatalf("imported findings %+v, want one info %q", infos, tc.info)
			}
			if len(infos[0].SecurityHub)+len(infos[0].Prowler) == 0 {
				t.Error("the imported finding carries no references")
			}
			switch {
			case tc.disagree == "" && len(warns) > 0:
				t.Errorf("unexpected disagreement %+v", warns)
			case tc.disagree != "" && (len(warns) != 1 || warns[0].Outcome != Warn || warns[0].Message != tc.disagree):
				t.Errorf("disagreement %+v, want one warning %q", warns, tc.disagree)
			}
			for _, c := range rep.CaseStudies[0].Controls {
				for _, f := range c.Findings {
					if strings.Contains(f.Message, "accessanalyzer") {
						t.Errorf("%s shows a peer finding no check maps to: %s", c.ID, f.Message)
					}
				}
			}
		})
	}
}
