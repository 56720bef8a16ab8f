package submission

import (
	"context"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/assess"
)

// TestPeerReferencesInFindings: the reviewer PDF prints, under a finding's
// message, the Security Hub control ids and prowler check names its check
// carries, and nothing for a finding whose check has none.
func TestPeerReferencesInFindings(t *testing.T) {
	fs := []assess.Finding{
		{Check: "ECS-001.workload", Outcome: assess.Fail, Resource: "svc-privileged", Message: "runs privileged", Remediation: "drop it",
			SecurityHub: []string{"ECS.4"}, Prowler: []string{"ecs_task_definitions_no_privileged_containers"}},
		{Check: "ECS-001.compute", Outcome: assess.Pass, Resource: "svc-plain", Message: "plain pass"},
	}
	data, err := Render(context.Background(), smallCase(t, "We run on ECS.", fs))
	if err != nil {
		t.Fatal(err)
	}
	text := squash(strings.Join(pages(t, writePDF(t, data)), " "))
	want := "Security Hub ECS.4 · prowler ecs_task_definitions_no_privileged_containers"
	if !strings.Contains(text, want) {
		t.Errorf("PDF text lacks %q", want)
	}
	if n := strings.Count(text, "Security Hub ECS"); n != 1 {
		t.Errorf("PDF prints Security Hub references %d times, want once (only the finding that has them)", n)
	}
}
