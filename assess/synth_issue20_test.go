package assess_test

import (
	"testing"

	"github.com/ecspack/ecspack/assess"
	"github.com/ecspack/ecspack/internal/testkit/synthcase"
)

// TestSynthExercisesIssue20Checks holds that the synthetic estate of 50
// services plants a defect for each check issue 20 added and also holds a
// resource that passes it, so both verdicts of every new check are
// exercised at the scale `synth --services 50` demonstrates.
func TestSynthExercisesIssue20Checks(t *testing.T) {
	cf, cat := synthcase.Casefile(t, 50)
	rep := assess.Evaluate(cf, cat)
	seen := map[string]map[assess.Outcome]int{}
	for _, cr := range rep.CaseStudies {
		for _, c := range cr.Controls {
			for _, f := range c.Findings {
				if seen[f.Check] == nil {
					seen[f.Check] = map[assess.Outcome]int{}
				}
				seen[f.Check][f.Outcome]++
			}
		}
	}
	for _, id := range []string{
		"ECS-005.privilege-escalation", "ECS-005.confused-deputy", "ECS-007.termination-protection", "ECS-012.fargate-platform",
		"ECS-011.host-access", "ECS-011.syscall-filter", "ECS-011.windows-user", "ECS-011.exec-sessions",
		"ECS-015.target-tls", "ECS-015.tls-policy", "ECS-018.log-mode", "ECS-021.access-points", "ECS-021.mount-target-subnet",
		"ACCT-001.trail-kms", "NETSEC-001.nacl-open-ports", "NETSEC-002.ecr-cmk", "NETSEC-002.ecs-storage-cmk",
		"NETSEC-001.rds-public", "NETSEC-002.rds-at-rest", "REL-002.rds-backup", "REL-002.rds-resilience",
		"NETSEC-002.dynamodb-kms", "REL-002.dynamodb-pitr", "REL-002.dynamodb-deletion-protection",
		"NETSEC-002.kms-rotation", "NETSEC-002.kms-key-state",
		"NETSEC-001.waf", "NETSEC-002.certificate-expiry", "NETSEC-002.certificate-key",
		"NETSEC-002.sqs-encryption", "NETSEC-002.sns-encryption", "NETSEC-001.messaging-public", "NETSEC-002.messaging-tls",
	} {
		o := seen[id]
		if id == "NETSEC-001.nacl-open-ports" {
			// synth's services run in private subnets: the default ACL's
			// allow-all on one of them is a note, not a warning
			o = map[assess.Outcome]int{assess.Warn: o[assess.Info], assess.Pass: o[assess.Pass]}
		}
		if o[assess.Fail]+o[assess.Warn] == 0 {
			t.Errorf("%s: no planted defect found (outcomes %v)", id, o)
		}
		if o[assess.Pass] == 0 && id != "ECS-011.windows-user" && id != "ACCT-001.trail-kms" && id != "ECS-021.access-points" {
			t.Errorf("%s: nothing passes (outcomes %v)", id, o)
		}
	}
	if o := seen["ACCT-001.trail-cloudwatch"]; o[assess.Pass] == 0 {
		t.Errorf("ACCT-001.trail-cloudwatch: the trail's delivery is not judged (outcomes %v)", o)
	}
	if o := seen["REL-002.lb-zones"]; o[assess.Pass] == 0 {
		t.Errorf("REL-002.lb-zones: no load balancer judged (outcomes %v)", o)
	}
}
