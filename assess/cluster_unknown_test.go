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
	// A second cluster whose settings were read, so ECS-009 compares them.
	reg := ecsReg(s)
	reg.ECS.Clusters = append(reg.ECS.Clusters, inventory.Cluster{ARN: c.ARN + "-other", Name: c.Name + "-other",
		Settings: []inventory.KeyValue{{Name: "containerInsights", Value: "enabled"}}})
	c = ecsProd(s)
	unknown := false
	for _, f := range judged(s) {
		if strings.Contains(f.Message, "disabled on "+c.Name) ||
			(f.Resource == c.ARN && strings.Contains(f.Message, "has no capacity provider")) {
			t.Errorf("a statement about settings never collected: %s %s: %s", f.Check, f.Resource, f.Message)
		}
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

// TestServicesNotCollectedStillRunOnECS: tasks started by services no file
// describes (the cluster's describe-services output is missing) still show
// that ECS runs the workload; ECS-001 warns that the services are unknown
// instead of failing "no ECS service and no running task".
func TestServicesNotCollectedStillRunOnECS(t *testing.T) {
	s := ecsClean()
	for i := range s.Accounts[0].Regions {
		for ci := range s.Accounts[0].Regions[i].ECS.Clusters {
			c := &s.Accounts[0].Regions[i].ECS.Clusters[ci]
			for _, sv := range c.Services {
				c.Gaps = append(c.Gaps, "ecs DescribeServices: service "+sv.Name+" not collected (its tasks run; no describe-services file holds it), so its settings are unknown")
			}
			c.Services = nil
		}
	}
	warned := false
	for _, f := range judged(s) {
		if f.Check == "ECS-001.workload" && f.Outcome == Fail {
			t.Errorf("running tasks of services not collected are ECS running the workload: %+v", f)
		}
		if f.Check == "ECS-001.workload" && f.Outcome == Warn && strings.Contains(f.Message, "not collected") && strings.Contains(f.Message, "web") {
			warned = true
		}
	}
	if !warned {
		t.Error("ECS-001 must say which services run tasks but were not collected")
	}
}
