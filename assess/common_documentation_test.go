package assess

import (
	"strings"
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

func TestDiagramInputs(t *testing.T) {
	for _, tc := range []struct {
		name string
		snap *inventory.Snapshot
		want fxExpect
	}{
		{"nil inventory", nil, fxExpect{"2.2.diagram", Fail, "cs1"}},
		{"account without regions", &inventory.Snapshot{Accounts: []inventory.Account{{ID: fxAcct}}}, fxExpect{"2.2.diagram", Fail, "cs1"}},
		{"network only", fxSnap(fxRegion("eu-west-1")), fxExpect{"2.2.diagram", Warn, "cs1"}},
		{"services without VPC", func() *inventory.Snapshot {
			r := fxWeb()
			r.Network.VPCs = nil
			return fxSnap(r)
		}(), fxExpect{"2.2.diagram", Warn, "cs1"}},
		{"drawable", fxSnap(fxWeb()), fxExpect{"2.2.diagram", Pass, "cs1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fxAssert(t, fxRun(fxInput(tc.snap), "2.2"), tc.want)
		})
	}
}

func TestMultiAZ(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(r *inventory.Region)
		want []fxExpect
	}{
		{"two tasks in two AZs", func(r *inventory.Region) {}, []fxExpect{{"DOC-001.multi-az", Pass, "service/prod/web"}}},
		{"one AZ of subnets: warn per service and fail for the estate", func(r *inventory.Region) {
			r.ECS.Clusters[0].Services[0].Network.Subnets = []string{"subnet-a"}
			r.ECS.Clusters[0].Tasks[1].AvailabilityZone = "eu-west-1a"
		}, []fxExpect{{"DOC-001.multi-az", Warn, "service/prod/web"}, {"DOC-001.multi-az", Fail, "none of the 1 services"}}},
		{"desired 1", func(r *inventory.Region) {
			r.ECS.Clusters[0].Services[0].DesiredCount = 1
			r.ECS.Clusters[0].Tasks = r.ECS.Clusters[0].Tasks[:1]
		}, []fxExpect{{"DOC-001.multi-az", Warn, "service/prod/web"}, {"DOC-001.multi-az", Fail, "none of the 1 services"}}},
		{"tasks bunched in one AZ although subnets span two", func(r *inventory.Region) {
			r.ECS.Clusters[0].Tasks[1].AvailabilityZone = "eu-west-1a"
		}, []fxExpect{{"DOC-001.multi-az", Warn, "service/prod/web"}, {"DOC-001.multi-az", Fail, "none of the 1 services"}}},
		{"one good service is enough for the estate", func(r *inventory.Region) {
			s := fxService("batch", r.ECS.TaskDefinitions[0].ARN, 1, "subnet-a")
			s.ARN = "arn:aws:ecs:eu-west-1:" + fxAcct + ":service/prod/batch"
			r.ECS.Clusters[0].Services = append(r.ECS.Clusters[0].Services, s)
			r.AutoScaling.ScalableTargets = append(r.AutoScaling.ScalableTargets, inventory.ScalableTarget{ResourceID: "service/prod/batch", MinCapacity: 1, MaxCapacity: 2})
		}, []fxExpect{{"DOC-001.multi-az", Pass, "service/prod/web"}, {"DOC-001.multi-az", Warn, "service/prod/batch"}}},
		{"EC2 bridge service with tasks in two AZs", func(r *inventory.Region) {
			r.ECS.Clusters[0].Services[0].Network = nil
		}, []fxExpect{{"DOC-001.multi-az", Pass, "service/prod/web"}}},
		// issue 16: "runs 2 tasks over " with an empty list passed live.
		{"no task and no subnet AZ known: unknown, not pass", func(r *inventory.Region) {
			r.ECS.Clusters[0].Services[0].Network = nil
			r.ECS.Clusters[0].Tasks = nil
		}, []fxExpect{{"DOC-001.multi-az", Warn, "service/prod/web"}}},
		{"subnets not collected and no running task: unknown", func(r *inventory.Region) {
			r.Network.Subnets = nil
			r.ECS.Clusters[0].Tasks = nil
		}, []fxExpect{{"DOC-001.multi-az", Warn, "service/prod/web"}}},
		{"one subnet's AZ unknown is no proof of one AZ", func(r *inventory.Region) {
			r.Network.Subnets = r.Network.Subnets[:1]
			r.ECS.Clusters[0].Tasks = nil
		}, []fxExpect{{"DOC-001.multi-az", Warn, "service/prod/web"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := fxWeb()
			tc.edit(&r)
			fs := fxRunCheck(t, fxInput(fxSnap(r)), "DOC-001.multi-az")
			fxAssert(t, fs, tc.want...)
			for _, f := range fs {
				if f.Outcome == Pass && strings.HasSuffix(f.Message, " over ") {
					t.Errorf("pass without zones: %s", f.Message)
				}
			}
		})
	}
	fxAssert(t, fxRunCheck(t, fxInput(nil), "DOC-001.multi-az"), fxExpect{"DOC-001.multi-az", Warn, "no ECS service"})
	// subnets in two AZs but no running task: the pass says what the
	// evidence is, not that tasks run there.
	r := fxWeb()
	r.ECS.Clusters[0].Tasks = nil
	fs := fxRunCheck(t, fxInput(fxSnap(r)), "DOC-001.multi-az")
	fxAssert(t, fs, fxExpect{"DOC-001.multi-az", Pass, "service/prod/web"})
	if !strings.Contains(fs[0].Message, "subnets in eu-west-1a, eu-west-1b") || strings.Contains(fs[0].Message, "runs 2 tasks") {
		t.Errorf("pass from subnet AZs only: %s", fs[0].Message)
	}
}

func TestServiceAutoScaling(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(r *inventory.Region)
		want []fxExpect
	}{
		{"target present", func(r *inventory.Region) {}, []fxExpect{{"DOC-001.autoscaling", Pass, "service/prod/web"}}},
		{"no target", func(r *inventory.Region) { r.AutoScaling.ScalableTargets = nil }, []fxExpect{{"DOC-001.autoscaling", Warn, "service/prod/web"}}},
		{"suspended", func(r *inventory.Region) { r.AutoScaling.ScalableTargets[0].Suspended = true }, []fxExpect{{"DOC-001.autoscaling", Warn, "service/prod/web"}}},
		{"min equals max", func(r *inventory.Region) { r.AutoScaling.ScalableTargets[0].MaxCapacity = 2 }, []fxExpect{{"DOC-001.autoscaling", Warn, "service/prod/web"}}},
		{"policies collected but none for the service", func(r *inventory.Region) {
			r.AutoScaling.ScalingPolicies = []inventory.ScalingPolicy{{Name: "p", ResourceID: "service/prod/other", Type: "TargetTrackingScaling"}}
		}, []fxExpect{{"DOC-001.autoscaling", Warn, "service/prod/web"}}},
		{"daemon service", func(r *inventory.Region) {
			r.AutoScaling.ScalableTargets = nil
			r.ECS.Clusters[0].Services[0].SchedulingStrategy = "DAEMON"
		}, []fxExpect{{"DOC-001.autoscaling", Info, "service/prod/web"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := fxWeb()
			tc.edit(&r)
			fxAssert(t, fxRunCheck(t, fxInput(fxSnap(r)), "DOC-001.autoscaling"), tc.want...)
		})
	}
}
