package assess

import (
	"testing"
	"time"

	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/inventory"
)

func TestDeploymentAutomation(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(r *inventory.Region)
		want fxExpect
	}{
		{"CloudFormation tag", func(r *inventory.Region) {
			r.ECS.Clusters[0].Services[0].Tags = map[string]string{"aws:cloudformation:stack-name": "web"}
		}, fxExpect{"REL-001.automation", Pass, "service/prod/web"}},
		{"pipeline role", func(r *inventory.Region) {
			r.ECS.Clusters[0].Services[0].CreatedBy = "arn:aws:iam::1:role/github-actions-deploy"
		}, fxExpect{"REL-001.automation", Pass, "service/prod/web"}},
		{"created by a user", func(r *inventory.Region) {
			r.ECS.Clusters[0].Services[0].CreatedBy = "arn:aws:iam::1:user/alice"
		}, fxExpect{"REL-001.automation", Warn, "service/prod/web"}},
		{"nothing to tell", func(r *inventory.Region) {}, fxExpect{"REL-001.automation", Info, "service/prod/web"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := fxWeb()
			tc.edit(&r)
			fxAssert(t, fxRunCheck(t, fxInput(fxSnap(r)), "REL-001.automation"), tc.want)
		})
	}
}

func TestRecovery(t *testing.T) {
	rto := func(rto, rpo string) func(*evidence.CaseStudy) {
		return func(cs *evidence.CaseStudy) {
			if rto != "" {
				cs.RTO = evidence.Duration{Duration: time.Hour, Text: rto}
			}
			if rpo != "" {
				cs.RPO = evidence.Duration{Duration: time.Minute, Text: rpo}
			}
		}
	}
	for _, tc := range []struct {
		name string
		mod  func(*evidence.CaseStudy)
		edit func(r *inventory.Region)
		want []fxExpect
	}{
		{"stated, multi-AZ, health checked", rto("4h", "15m"), func(r *inventory.Region) {},
			[]fxExpect{{"REL-002.rto-rpo", Pass, "cs1"}, {"REL-002.multi-az", Pass, "all 1 services"}, {"REL-002.health-checks", Pass, "service/prod/web"}}},
		{"nothing stated", rto("", ""), func(r *inventory.Region) {}, []fxExpect{{"REL-002.rto-rpo", Fail, "cs1"}}},
		{"RPO missing", rto("4h", ""), func(r *inventory.Region) {}, []fxExpect{{"REL-002.rto-rpo", Fail, "cs1"}}},
		{"single AZ and no health checks", rto("4h", "1h"), func(r *inventory.Region) {
			r.ECS.Clusters[0].Services[0].DesiredCount = 1
			r.ECS.Clusters[0].Services[0].LoadBalancers = nil
		}, []fxExpect{{"REL-002.rto-rpo", Pass, "cs1"}, {"REL-002.multi-az", Warn, "web"}, {"REL-002.health-checks", Warn, "service/prod/web"}}},
		{"no AZ evidence: unknown, not pass", rto("4h", "1h"), func(r *inventory.Region) {
			r.ECS.Clusters[0].Services[0].Network = nil
			r.ECS.Clusters[0].Tasks = nil
		}, []fxExpect{{"REL-002.rto-rpo", Pass, "cs1"}, {"REL-002.multi-az", Warn, "unknown"}}},
		{"container health check", rto("4h", "1h"), func(r *inventory.Region) {
			r.ECS.Clusters[0].Services[0].LoadBalancers = nil
			r.ECS.TaskDefinitions[0].Containers[0].HealthCheck = &inventory.HealthCheck{Command: []string{"CMD-SHELL", "curl -f localhost/health"}}
		}, []fxExpect{{"REL-002.health-checks", Pass, "service/prod/web"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := fxWeb()
			tc.edit(&r)
			fxAssert(t, fxRun(fxInput(fxSnap(r), tc.mod), "REL-002"), tc.want...)
		})
	}
}
