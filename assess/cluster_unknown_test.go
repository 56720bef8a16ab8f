package assess

import (
	"strings"
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

// TestClusterSettingsNotCollectedAreUnknown: a cluster known only from its
// tasks and services (an import folder without its describe-clusters
// output) has no settings because none were read, not because they are
// off: no check may fail on what was never collected (issue 16).
func TestClusterSettingsNotCollectedAreUnknown(t *testing.T) {
	s := ecsClean()
	c := ecsProd(s)
	*c = inventory.Cluster{ARN: c.ARN, Name: c.Name, Services: c.Services, Tasks: c.Tasks, ContainerInstances: c.ContainerInstances,
		Gaps: []string{"ecs DescribeClusters: not collected (no describe-clusters file holds it), so its settings are unknown"}}
	for i := range s.Accounts[0].Regions {
		s.Accounts[0].Regions[i].ECS.AccountSettings = nil
	}
	unknown := false
	for _, f := range judged(s) {
		if f.Outcome == Fail && (f.Resource == c.ARN || strings.Contains(f.Message, "cluster "+c.Name)) {
			t.Errorf("a failure rests on settings never collected: %s %s: %s", f.Check, f.Resource, f.Message)
		}
		if f.Check == "ECS-018.container-insights" && f.Resource == c.ARN && f.Outcome == Warn && strings.Contains(f.Message, "unknown") &&
			strings.Contains(f.Message, "DescribeClusters") {
			unknown = true
		}
		if f.Check == "OPE-001.container-insights" && f.Outcome != Warn {
			t.Errorf("OPE-001 cannot say every cluster collects metrics: %+v", f)
		}
	}
	if !unknown {
		t.Error("ECS-018 must say the cluster's Container Insights is unknown, naming what was not collected")
	}
}
