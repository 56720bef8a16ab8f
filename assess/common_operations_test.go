package assess

import (
	"slices"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

func TestServiceAlarms(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(r *inventory.Region)
		want []fxExpect
	}{
		{"ServiceName alarm", func(r *inventory.Region) {}, []fxExpect{{"OPE-001.service-alarms", Pass, "service/prod/web"}}},
		{"target group alarm", func(r *inventory.Region) {
			r.Alarms = []inventory.Alarm{{Name: "5xx", Namespace: "AWS/ApplicationELB", Dimensions: []string{"LoadBalancer=app/web-alb/123", "TargetGroup=targetgroup/web-tg/abc"}}}
		}, []fxExpect{{"OPE-001.service-alarms", Pass, "service/prod/web"}}},
		{"load balancer alarm", func(r *inventory.Region) {
			r.Alarms = []inventory.Alarm{{Name: "lb-5xx", Dimensions: []string{"LoadBalancer=app/web-alb/123"}}}
		}, []fxExpect{{"OPE-001.service-alarms", Pass, "service/prod/web"}}},
		{"load balancer alarm, the load balancer shared with another service", func(r *inventory.Region) {
			r.Alarms = []inventory.Alarm{{Name: "lb-5xx", Dimensions: []string{"LoadBalancer=app/web-alb/123"}}}
			shareWebALB(r)
		}, []fxExpect{{"OPE-001.service-alarms", Warn, "service/prod/web"}, {"OPE-001.service-alarms", Warn, "prod/api"}}},
		{"own target group alarm, the load balancer shared with another service", func(r *inventory.Region) {
			r.Alarms = []inventory.Alarm{{Name: "5xx", Dimensions: []string{"LoadBalancer=app/web-alb/123", "TargetGroup=targetgroup/web-tg/abc"}}}
			shareWebALB(r)
		}, []fxExpect{{"OPE-001.service-alarms", Pass, "service/prod/web"}, {"OPE-001.service-alarms", Warn, "prod/api"}}},
		{"alarm on same-named service of another cluster", func(r *inventory.Region) {
			r.Alarms[0].Dimensions = []string{"ClusterName=staging", "ServiceName=web"}
		}, []fxExpect{{"OPE-001.service-alarms", Warn, "service/prod/web"}}},
		{"cluster alarm only", func(r *inventory.Region) {
			r.Alarms[0].Dimensions = []string{"ClusterName=prod"}
		}, []fxExpect{{"OPE-001.service-alarms", Warn, "service/prod/web"}}},
		{"no alarms", func(r *inventory.Region) { r.Alarms = nil }, []fxExpect{{"OPE-001.service-alarms", Warn, "service/prod/web"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := fxWeb()
			tc.edit(&r)
			fxAssert(t, fxRunCheck(t, fxInput(fxSnap(r)), "OPE-001.service-alarms"), tc.want...)
		})
	}
}

func TestOpsInsightsAndLogs(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(r *inventory.Region)
		want []fxExpect
	}{
		{"clean", func(r *inventory.Region) {}, []fxExpect{{"OPE-001.container-insights", Pass, "every cluster"}, {"OPE-001.log-groups", Pass, "/ecs/app"}}},
		{"insights off, never-expiring logs", func(r *inventory.Region) {
			r.ECS.Clusters[0].Settings = nil
			r.LogGroups[0].RetentionDays = 0
		}, []fxExpect{{"OPE-001.container-insights", Warn, "prod"}, {"OPE-001.log-groups", Warn, "/ecs/app"}}},
		{"log group missing", func(r *inventory.Region) {
			r.LogGroups = []inventory.LogGroup{{Name: "/other", RetentionDays: 7}}
		}, []fxExpect{{"OPE-001.container-insights", Pass, "every cluster"}, {"OPE-001.log-groups", Warn, "/ecs/app"}}},
		{"log groups not collected", func(r *inventory.Region) { r.LogGroups = nil },
			[]fxExpect{{"OPE-001.container-insights", Pass, "every cluster"}, {"OPE-001.log-groups", Info, "/ecs/app"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := fxWeb()
			tc.edit(&r)
			in := fxInput(fxSnap(r))
			fxAssert(t, append(fxRunCheck(t, in, "OPE-001.container-insights"), fxRunCheck(t, in, "OPE-001.log-groups")...), tc.want...)
		})
	}
}

// TestLogGroupsInAWSLogsRegion: issue 16 — a container's log group is looked
// up in the region its awslogs-region option names; a group in a region not
// collected is unknown, never missing, and a same-named group of the task's
// own region proves nothing.
func TestLogGroupsInAWSLogsRegion(t *testing.T) {
	east := func(groups ...inventory.LogGroup) inventory.Region {
		r := fxRegion("us-east-1")
		r.LogGroups = groups
		return r
	}
	for _, tc := range []struct {
		name  string
		other []inventory.Region
		want  []fxExpect
		not   string
	}{
		{"region not collected: unknown, even though eu-west-1 has a group of that name", nil,
			[]fxExpect{{"OPE-001.log-groups", Info, "/ecs/app"}}, "keeps events"},
		{"found in the named region", []inventory.Region{east(inventory.LogGroup{Name: "/ecs/app", RetentionDays: 7})},
			[]fxExpect{{"OPE-001.log-groups", Pass, "/ecs/app"}}, "30 days"},
		{"missing in the named region", []inventory.Region{east(inventory.LogGroup{Name: "/other", RetentionDays: 7})},
			[]fxExpect{{"OPE-001.log-groups", Warn, "/ecs/app"}}, "keeps events"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := fxWeb()
			r.ECS.TaskDefinitions[0].Containers[0].LogConfiguration.Options["awslogs-region"] = "us-east-1"
			fs := fxRunCheck(t, fxInput(fxSnap(append([]inventory.Region{r}, tc.other...)...)), "OPE-001.log-groups")
			fxAssert(t, fs, tc.want...)
			for _, f := range fs {
				if strings.Contains(f.Message, tc.not) || (f.Outcome == Warn && !strings.Contains(f.Message, "us-east-1")) {
					t.Errorf("%s: %s", f.Outcome, f.Message)
				}
			}
		})
	}
}

func TestOpsNarrativeInfo(t *testing.T) {
	r := fxWeb()
	in := fxInput(fxSnap(r))
	fxAssert(t, fxRun(in, "OPE-002"), fxExpect{"OPE-002.alarm-actions", Info, "eu-west-1"})
	fxAssert(t, fxRun(in, "OPE-003"), fxExpect{"OPE-003.deployment-safety", Pass, "service/prod/web"})
	r.ECS.Clusters[0].Services[0].Deployment.CircuitBreakerEnabled = false
	fxAssert(t, fxRun(fxInput(fxSnap(r)), "OPE-003"), fxExpect{"OPE-003.deployment-safety", Info, "service/prod/web"})
	fxAssert(t, fxRun(fxInput(nil), "OPE-001"),
		fxExpect{"OPE-001.service-alarms", Warn, "no ECS service"}, fxExpect{"OPE-001.container-insights", Warn, "no ECS cluster"})
}

// When DescribeAlarms could not be collected, a service's alarms are
// unknown: no warning that it has none.
func TestServiceAlarmsUnknownWhenNotCollected(t *testing.T) {
	r := fxWeb()
	r.Alarms = nil
	snap := fxSnap(r)
	without := fxRunCheck(t, fxInput(snap), "OPE-001.service-alarms")
	if !slices.ContainsFunc(without, func(f Finding) bool { return f.Outcome == Warn }) {
		t.Fatal("the fixture has no alarm-less warning to begin with")
	}
	snap.Collection.Errors = []inventory.CollectionError{{Account: fxAcct, Service: "cloudwatch", Operation: "DescribeAlarms", Code: "AccessDenied", Message: "denied"}}
	for _, f := range fxRunCheck(t, fxInput(snap), "OPE-001.service-alarms") {
		if f.Outcome == Warn || f.Outcome == Fail {
			t.Errorf("alarms not collected, yet: %s %s", f.Outcome, f.Message)
		}
	}
}

// shareWebALB puts a second service, api, behind fxWeb's load balancer with
// a target group of its own.
func shareWebALB(r *inventory.Region) {
	lb := r.ELB.LoadBalancers[0].ARN
	tg := "arn:aws:elasticloadbalancing:eu-west-1:" + fxAcct + ":targetgroup/api-tg/def"
	r.ELB.TargetGroups = append(r.ELB.TargetGroups, inventory.TargetGroup{ARN: tg, Name: "api-tg", LoadBalancers: []string{lb}})
	c := &r.ECS.Clusters[0]
	api := c.Services[0]
	api.Name, api.ARN = "api", c.ARN+"/api"
	api.LoadBalancers = []inventory.ServiceLoadBalancer{{TargetGroupARN: tg, ContainerName: "api", ContainerPort: 80}}
	c.Services = append(c.Services, api)
}
