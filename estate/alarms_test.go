package estate

import (
	"fmt"
	"slices"
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

// alarmText lists a service's alarms as "NAME (RULE)".
func alarmText(ms []AlarmMatch) []string {
	var out []string
	for _, m := range ms {
		out = append(out, fmt.Sprintf("%s (%s)", m.Alarm.Name, m.Rule))
	}
	return out
}

// sharedText lists a service's unattributed load balancer alarms as
// "NAME on LB: N services[, others]".
func sharedText(ss []SharedAlarm) []string {
	var out []string
	for _, sh := range ss {
		t := fmt.Sprintf("%s on %s: %d services", sh.Alarm.Name, sh.LoadBalancer.Name, len(sh.Services))
		if sh.Others {
			t += ", others"
		}
		out = append(out, t)
	}
	return out
}

const (
	lbSolo = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/solo-alb/ddd"
	tgSolo = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/solo-tg/eee"
	tgEC2  = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/ec2-tg/fff"
)

// TestAlarms: two services behind one ALB (the fixture's web and api) each
// get only their own target group's alarms, and the ALB-level alarms go to
// neither; a load balancer serving one service gives it its LB-level alarm,
// unless it also forwards to a target group no service uses.
func TestAlarms(t *testing.T) {
	tests := []struct {
		name         string
		edit         func(r *inventory.Region)
		service      string
		want, shared []string
	}{
		{"web: own dimensions only", nil, "web", []string{"web-cpu (service dimensions)"},
			[]string{"alb-5xx on shared-alb: 2 services", "alb-unhealthy on shared-alb: 2 services"}},
		{"api: own target group only", nil, "api", []string{"api-tg-unhealthy (target group)"},
			[]string{"alb-5xx on shared-alb: 2 services", "alb-unhealthy on shared-alb: 2 services"}},
		{"each its own target group alarm", func(r *inventory.Region) {
			r.Alarms = append(r.Alarms,
				inventory.Alarm{Name: "web-tg-5xx", MetricName: "HTTPCode_Target_5XX_Count", Dimensions: []string{"LoadBalancer=app/shared-alb/ccc", "TargetGroup=targetgroup/web-tg/aaa"}},
				inventory.Alarm{Name: "api-tg-5xx", MetricName: "HTTPCode_Target_5XX_Count", Dimensions: []string{"LoadBalancer=app/shared-alb/ccc", "TargetGroup=targetgroup/api-tg/bbb"}},
				inventory.Alarm{Name: "api-latency", MetricName: "TargetResponseTime", Dimensions: []string{"TargetGroup=targetgroup/api-tg/bbb"}})
		}, "web", []string{"web-cpu (service dimensions)", "web-tg-5xx (target group)"},
			[]string{"alb-5xx on shared-alb: 2 services", "alb-unhealthy on shared-alb: 2 services"}},
		{"the other one", func(r *inventory.Region) {
			r.Alarms = append(r.Alarms,
				inventory.Alarm{Name: "web-tg-5xx", MetricName: "HTTPCode_Target_5XX_Count", Dimensions: []string{"LoadBalancer=app/shared-alb/ccc", "TargetGroup=targetgroup/web-tg/aaa"}},
				inventory.Alarm{Name: "api-tg-5xx", MetricName: "HTTPCode_Target_5XX_Count", Dimensions: []string{"LoadBalancer=app/shared-alb/ccc", "TargetGroup=targetgroup/api-tg/bbb"}})
		}, "api", []string{"api-tg-unhealthy (target group)", "api-tg-5xx (target group)"},
			[]string{"alb-5xx on shared-alb: 2 services", "alb-unhealthy on shared-alb: 2 services"}},
		{"a load balancer serving one service", soloLB(false), "worker", []string{"solo-5xx (load balancer (serves only this service))"}, nil},
		{"a load balancer also serving EC2 targets", soloLB(true), "worker", nil, []string{"solo-5xx on solo-alb: 1 services, others"}},
		{"ServiceName without ClusterName, unique", func(r *inventory.Region) {
			r.Alarms = append(r.Alarms, inventory.Alarm{Name: "worker-mem", Dimensions: []string{"ServiceName=worker"}})
		}, "worker", []string{"worker-mem (service dimensions)"}, nil},
		{"ServiceName without ClusterName, two such services", func(r *inventory.Region) {
			r.Alarms = append(r.Alarms, inventory.Alarm{Name: "worker-mem", Dimensions: []string{"ServiceName=worker"}})
			r.ECS.Clusters = append(r.ECS.Clusters, inventory.Cluster{ARN: "c/stage", Name: "stage", Services: []inventory.Service{{Name: "worker", ClusterARN: "c/stage"}}})
		}, "worker", nil, nil},
		{"a deployment alarm", func(r *inventory.Region) {
			r.ECS.Clusters[0].Services[2].Deployment.AlarmNames = []string{"alb-5xx", "gone"}
		}, "worker", []string{"alb-5xx (deployment alarm of the service)"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			snap := fixture()
			if tt.edit != nil {
				tt.edit(&snap.Accounts[0].Regions[0])
			}
			s := service(New(snap), tt.service)
			if got := alarmText(s.Alarms()); !slices.Equal(got, tt.want) {
				t.Errorf("%s: Alarms = %q, want %q", tt.service, got, tt.want)
			}
			if got := sharedText(s.SharedAlarms()); !slices.Equal(got, tt.shared) {
				t.Errorf("%s: SharedAlarms = %q, want %q", tt.service, got, tt.shared)
			}
		})
	}
}

// soloLB puts the fixture's worker behind a load balancer of its own with an
// LB-level 5xx alarm; withEC2 adds a target group of EC2 instances no
// service uses to the same load balancer.
func soloLB(withEC2 bool) func(r *inventory.Region) {
	return func(r *inventory.Region) {
		r.ELB.LoadBalancers = append(r.ELB.LoadBalancers, inventory.LoadBalancer{ARN: lbSolo, Name: "solo-alb", Type: "application"})
		r.ELB.TargetGroups = append(r.ELB.TargetGroups, inventory.TargetGroup{ARN: tgSolo, Name: "solo-tg", LoadBalancers: []string{lbSolo}})
		if withEC2 {
			r.ELB.TargetGroups = append(r.ELB.TargetGroups, inventory.TargetGroup{ARN: tgEC2, Name: "ec2-tg", TargetType: "instance", LoadBalancers: []string{lbSolo}})
		}
		r.ECS.Clusters[0].Services[2].LoadBalancers = []inventory.ServiceLoadBalancer{{TargetGroupARN: tgSolo, ContainerName: "job", ContainerPort: 80}}
		r.Alarms = append(r.Alarms, inventory.Alarm{Name: "solo-5xx", MetricName: "HTTPCode_ELB_5XX_Count", Dimensions: []string{"LoadBalancer=app/solo-alb/ddd"}})
	}
}

// TestAlarmWatchers: the region's view of the same attribution, alarm by alarm.
func TestAlarmWatchers(t *testing.T) {
	r := New(fixture()).Regions[0]
	want := []string{"web-cpu: [web service dimensions]", "web-cpu-other-cluster: []", "alb-5xx: [] shared by 2", "alb-unhealthy: [] shared by 2", "api-tg-unhealthy: [api target group]"}
	for i, a := range r.Region.Alarms {
		var ws []string
		for _, w := range r.AlarmWatchers(i) {
			ws = append(ws, w.Service.Name()+" "+string(w.Rule))
		}
		got := fmt.Sprintf("%s: %v", a.Name, ws)
		if ws == nil {
			got = a.Name + ": []"
		}
		if sh, ok := r.SharedAlarm(i); ok {
			got += fmt.Sprintf(" shared by %d", len(sh.Services))
		}
		if got != want[i] {
			t.Errorf("alarm %d: %q, want %q", i, got, want[i])
		}
	}
}
