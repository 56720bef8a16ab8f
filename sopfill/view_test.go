package sopfill

import (
	"fmt"
	"slices"
	"testing"

	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/inventory"
)

// TestCaseViewReadsTheEstateView checks the facts the case view takes from
// the estate view, on the rich case study with one change each: the rule
// is the estate's (capacity, running tasks, zones, log groups, wearers),
// the wording is sopfill's.
func TestCaseViewReadsTheEstateView(t *testing.T) {
	region := func(cs *evidence.CaseStudy) *inventory.Region { return &cs.Inventory.Accounts[0].Regions[0] }
	services := func(cs *evidence.CaseStudy) []inventory.Service { return region(cs).ECS.Clusters[0].Services }
	svc := func(v *CaseView, name string) ServiceView {
		for _, s := range v.Services {
			if s.Name == name {
				return s
			}
		}
		t.Fatalf("no service %s in the view", name)
		return ServiceView{}
	}
	tests := []struct {
		name   string
		change func(cs *evidence.CaseStudy)
		got    func(v *CaseView) string
		want   string
	}{
		{"launch type capacity", nil, func(v *CaseView) string {
			s := svc(v, "web")
			return fmt.Sprintf("%s %v %v", s.Capacity, s.Fargate, s.Spot)
		}, "FARGATE true false"},
		{"strategy with Spot", nil, func(v *CaseView) string {
			s := svc(v, "worker")
			return fmt.Sprintf("%s %v %v", s.Capacity, s.Fargate, s.Spot)
		},
			"FARGATE (base 1, weight 1), FARGATE_SPOT (weight 3) true true"},
		{"a FARGATE_SPOT item with weight 0 places no task", func(cs *evidence.CaseStudy) { services(cs)[1].CapacityProviderStrategy[1].Weight = 0 },
			func(v *CaseView) string { return fmt.Sprint(svc(v, "worker").Spot) }, "false"},
		{"an unused FARGATE item beside an EC2 provider", func(cs *evidence.CaseStudy) {
			services(cs)[2].CapacityProviderStrategy = append(services(cs)[2].CapacityProviderStrategy, inventory.CapacityProviderItem{CapacityProvider: "FARGATE"})
		}, func(v *CaseView) string { s := svc(v, "batch"); return fmt.Sprint(s.Fargate, s.AutoScalingGroups) }, "false [shop-asg]"},
		{"cluster default strategy", func(cs *evidence.CaseStudy) {
			services(cs)[2].CapacityProviderStrategy = nil
			region(cs).ECS.Clusters[0].DefaultStrategy = []inventory.CapacityProviderItem{{CapacityProvider: "shop-ec2", Base: 1, Weight: 1}}
		}, func(v *CaseView) string {
			s := svc(v, "batch")
			return fmt.Sprint(s.Capacity, " ", s.AutoScalingGroups)
		}, "shop-ec2 (base 1, weight 1) (cluster default) [shop-asg]"},
		{"zones: configured subnets and running tasks, not stopped ones", func(cs *evidence.CaseStudy) {
			region(cs).ECS.Clusters[0].Tasks = []inventory.Task{{Group: "service:worker", LastStatus: "RUNNING", AvailabilityZone: "eu-west-1c"},
				{Group: "service:worker", LastStatus: "STOPPED", AvailabilityZone: "eu-west-1d"}}
		}, func(v *CaseView) string { return fmt.Sprint(svc(v, "worker").AZs, svc(v, "batch").AZs) }, "[eu-west-1a eu-west-1c] []"},
		{"cluster running count from its running tasks", func(cs *evidence.CaseStudy) {
			region(cs).ECS.Clusters[0].Tasks = []inventory.Task{{LastStatus: "RUNNING"}, {LastStatus: ""}, {LastStatus: "STOPPED"}}
		}, func(v *CaseView) string { return fmt.Sprint(v.Clusters[0].RunningTasks) }, "2"},
		{"cluster running count from its services", nil, func(v *CaseView) string { return fmt.Sprint(v.Clusters[0].RunningTasks) }, "7"},
		{"log groups of the awslogs driver only", func(cs *evidence.CaseStudy) {
			td := &region(cs).ECS.TaskDefinitions[0]
			td.Containers = append(td.Containers, inventory.ContainerDefinition{Name: "fluent", LogConfiguration: &inventory.LogConfiguration{Driver: "awsfirelens", Options: map[string]string{"awslogs-group": "/not/awslogs"}}},
				inventory.ContainerDefinition{Name: "web2", LogConfiguration: &inventory.LogConfiguration{Driver: "awslogs", Options: map[string]string{"awslogs-group": "/ecs/shop/web"}}})
		}, func(v *CaseView) string { return fmt.Sprint(svc(v, "web").LogGroups, v.TaskDefinitions[0].LogGroups) }, "[/ecs/shop/web] [/ecs/shop/web]"},
		{"security group users: services, then load balancers, then file systems once", func(cs *evidence.CaseStudy) {
			r := region(cs)
			r.ELB.LoadBalancers[0].SecurityGroups = append(r.ELB.LoadBalancers[0].SecurityGroups, "sg-web")
			r.EFS = []inventory.FileSystem{{ID: "fs-1", MountTargets: []inventory.MountTarget{{ID: "m1", SecurityGroups: []string{"sg-web"}}, {ID: "m2", SecurityGroups: []string{"sg-web"}}}}}
			r.EC2.Instances[0].SecurityGroups = []string{"sg-web"}
		}, func(v *CaseView) string { return fmt.Sprint(v.SecurityGroups[1].UsedBy) }, "[service shop-prod/web service shop-prod/worker load balancer shop-alb EFS fs-1]"},
		{"alarms and KPIs that watch the service", nil, func(v *CaseView) string {
			var out []string
			for _, k := range svc(v, "web").KPIs {
				out = append(out, fmt.Sprintf("%s:%s:%v", k.Kind, k.Alarm, k.Proposed))
			}
			return fmt.Sprint(len(svc(v, "web").Alarms), out)
		}, "2 [cpu:web-cpu-high:false memory::true 5xx::true unhealthy:web-unhealthy:false running::true]"},
		{"target groups and load balancers", nil, func(v *CaseView) string { s := svc(v, "web"); return fmt.Sprint(s.TargetGroups, s.LoadBalancers) },
			"[web-tg → web:8080] [shop-alb (application, internet-facing)]"},
		{"scaling bounds from the policy's target", nil, func(v *CaseView) string {
			s := svc(v, "web")
			return fmt.Sprint(s.AutoScaling, s.MinTasks, s.MaxTasks, s.ScalingPolicies, len(v.ScalingPolicies))
		}, "true 2 10 [{eu-west-1 shop-prod/web web-cpu-tt TargetTrackingScaling ECSServiceAverageCPUUtilization 60 2 10}] 1"},
		{"roles used by task definitions", nil, func(v *CaseView) string { return fmt.Sprint(v.Roles) }, "[{web-task arn:aws:iam::111122223333:role/web-task [web:7] [read-orders (inline)]}]"},
		{"secrets with the services that receive them", nil, func(v *CaseView) string { return fmt.Sprint(len(v.Secrets), v.Secrets[0].Services) }, "2 [{shop-prod web}]"},
		{"capacity provider of an Auto Scaling group", nil, func(v *CaseView) string { return v.AutoScalingGroups[0].CapacityProvider }, "shop-ec2"},
	}
	for _, tt := range tests {
		cs := richCase()
		if tt.change != nil {
			tt.change(cs)
		}
		v := newCaseView(minimalCasefile(t.TempDir()), cs, nil, nil)
		if got := tt.got(v); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
	if v := newCaseView(minimalCasefile(t.TempDir()), richCase(), nil, nil); !slices.Equal(v.AZs, []string{"eu-west-1a", "eu-west-1b"}) {
		t.Errorf("case zones = %q", v.AZs)
	}
}
