package assess

import (
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

func TestLoadBalancerHygiene(t *testing.T) {
	const tg = "targetgroup/web-tg"
	const lb = "loadbalancer/app/web-alb"
	for _, tc := range []struct {
		name string
		edit func(r *inventory.Region)
		want []fxExpect
	}{
		{"HTTP target group warns", func(r *inventory.Region) {
			r.ELB.TargetGroups[0].Protocol, r.ELB.TargetGroups[0].HealthCheckProtocol = "HTTP", ""
		}, []fxExpect{{"ECS-015.target-tls", Warn, tg}}},
		{"HTTPS target group with HTTP health checks warns", func(r *inventory.Region) {
			r.ELB.TargetGroups[0].Protocol, r.ELB.TargetGroups[0].HealthCheckProtocol = "HTTPS", "HTTP"
		}, []fxExpect{{"ECS-015.target-tls", Warn, tg}}},
		{"HTTPS end to end passes", func(r *inventory.Region) {
			r.ELB.TargetGroups[0].Protocol, r.ELB.TargetGroups[0].HealthCheckProtocol = "HTTPS", "HTTPS"
		}, []fxExpect{{"ECS-015.target-tls", Pass, tg}}},
		{"a layer 4 target group is not judged", func(r *inventory.Region) {
			r.ELB.TargetGroups[0].Protocol, r.ELB.TargetGroups[0].HealthCheckProtocol = "TCP", "TCP"
		}, nil},
		{"a TLS 1.2-only policy outside the recommended list warns", func(r *inventory.Region) {
			r.ELB.LoadBalancers[0].Listeners[1].SSLPolicy = "ELBSecurityPolicy-TLS-1-2-2017-01"
		}, []fxExpect{{"ECS-015.tls-policy", Warn, lb}}},
		{"TLS13-1-1 is not recommended", func(r *inventory.Region) {
			r.ELB.LoadBalancers[0].Listeners[1].SSLPolicy = "ELBSecurityPolicy-TLS13-1-1-2021-06"
		}, []fxExpect{{"ECS-015.tls-policy", Warn, lb}}},
		{"a recommended policy passes", func(r *inventory.Region) {}, []fxExpect{{"ECS-015.tls-policy", Pass, lb}}},
		{"one AZ warns", func(r *inventory.Region) {
			r.ELB.LoadBalancers[0].AvailabilityZones = []string{"eu-west-1a"}
		}, []fxExpect{{"REL-002.lb-zones", Warn, lb}}},
		{"zones from subnets", func(r *inventory.Region) {
			r.ELB.LoadBalancers[0].AvailabilityZones = nil
			r.ELB.LoadBalancers[0].Subnets = []string{"subnet-a", "subnet-pub"}
		}, []fxExpect{{"REL-002.lb-zones", Pass, lb}}},
		{"zones not recorded is unverified", func(r *inventory.Region) {
			r.ELB.LoadBalancers[0].AvailabilityZones = nil
		}, []fxExpect{{"REL-002.lb-zones", Warn, lb}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := fxWeb()
			r.ELB.TargetGroups[0].Protocol, r.ELB.TargetGroups[0].HealthCheckProtocol = "HTTPS", "HTTPS"
			tc.edit(&r)
			in := fxInput(fxSnap(r))
			var fs []Finding
			for _, id := range []string{"ECS-015.target-tls", "ECS-015.tls-policy", "REL-002.lb-zones"} {
				fs = append(fs, fxRunCheck(t, in, id)...)
			}
			fxAssert(t, fs, tc.want...)
		})
	}
}

func TestLogMode(t *testing.T) {
	web := ecsTDARN("web", 3)
	ecsRunTable(t, []string{"ECS-018"}, []ecsCase{
		{name: "no mode set passes", want: []ecsWant{{Pass, "ECS-018.log-mode", web, "no container logs in blocking mode"}}},
		{name: "explicit blocking warns", mutate: func(s *inventory.Snapshot) {
			ecsTDOf(s, "web").Containers[0].LogConfiguration.Options = map[string]string{"mode": "blocking"}
		}, want: []ecsWant{{Warn, "ECS-018.log-mode", web, "container web logs in blocking mode"}}},
		{name: "the account default blocking warns on containers without a mode", mutate: func(s *inventory.Snapshot) {
			ecsReg(s).ECS.AccountSettings = []inventory.AccountSetting{{Name: "defaultLogDriverMode", Value: "blocking", PrincipalARN: "arn:aws:iam::111122223333:root"}}
		}, want: []ecsWant{{Warn, "ECS-018.log-mode", web, "defaultLogDriverMode is blocking"}}},
		{name: "non-blocking overrides a blocking default", mutate: func(s *inventory.Snapshot) {
			ecsReg(s).ECS.AccountSettings = []inventory.AccountSetting{{Name: "defaultLogDriverMode", Value: "blocking"}}
			for _, f := range []string{"web", "api"} {
				for i := range ecsTDOf(s, f).Containers {
					ecsTDOf(s, f).Containers[i].LogConfiguration.Options = map[string]string{"mode": "non-blocking"}
				}
			}
		}, want: []ecsWant{{Pass, "ECS-018.log-mode", web, ""}, {Pass, "ECS-018.log-mode", "api:7", ""}}},
	})
}
