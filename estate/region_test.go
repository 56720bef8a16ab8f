package estate

import (
	"fmt"
	"slices"
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

func TestRegionLookups(t *testing.T) {
	e := New(fixture())
	r := e.Regions[0]
	wearers := func(sg string) []string {
		var out []string
		for _, w := range r.SecurityGroupWearers(sg) {
			out = append(out, fmt.Sprintf("%s %s %s %s", w.Kind, w.ID, w.Name, w.Cluster))
		}
		return out
	}
	listeners := func(tg string) []string {
		var out []string
		for _, l := range r.TargetGroupListeners(tg) {
			out = append(out, l.LoadBalancer.Name+" "+l.Listener.ARN)
		}
		return out
	}
	tests := []struct {
		name string
		got  []string
		want []string
	}{
		{"service and endpoint share a group", wearers("sg-app"), []string{"service svc/web web ", "service svc/api api ", "vpc-endpoint vpce-1 com.amazonaws.eu-west-1.ecr.api "}},
		{"load balancer", wearers("sg-lb"), []string{"load-balancer " + lbARN + " shared-alb "}},
		{"container instance", wearers("sg-host"), []string{"instance i-1  prod"}},
		{"mount targets", wearers("sg-efs"), []string{"efs-mount-target fsmt-2 fs-2 ", "efs-mount-target fsmt-1 fs-1 "}},
		{"nothing wears it", wearers("sg-none"), nil},
		{"groups worn", r.SecurityGroupsWorn(), []string{"sg-api", "sg-app", "sg-efs", "sg-host", "sg-lb"}},
		{"listener forwarding by default and by rule counts once", listeners(tgWeb), []string{"shared-alb l-443"}},
		{"listener forwarding by rule", listeners(tgAPI), []string{"shared-alb l-443"}},
		{"unknown target group", listeners("arn:gone"), nil},
		{"private subnet through the main route table", r.NATGateways("subnet-a"), []string{"nat-1"}},
		{"public subnet", r.NATGateways("subnet-pub"), nil},
		{"mount targets sorted by file system", r.MountedFileSystems("subnet-a"), []string{"fs-1", "fs-2"}},
		{"no mount target", r.MountedFileSystems("subnet-b"), nil},
		{"listener target groups, rules after defaults", ListenerTargetGroups(&r.Region.ELB.LoadBalancers[0].Listeners[0]), []string{tgWeb, tgAPI}},
	}
	for _, tt := range tests {
		if !slices.Equal(tt.got, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
	if r.AccountID() != "111122223333" || r.Name() != "eu-west-1" || len(r.Clusters) != 1 || len(r.Services) != 3 {
		t.Errorf("region %s/%s with %d clusters, %d services", r.AccountID(), r.Name(), len(r.Clusters), len(r.Services))
	}
	if arn, g := r.ProviderGroup("asg-cp"); arn != "arn:asg/workers" || g == nil || g.Name != "workers" {
		t.Errorf("ProviderGroup(asg-cp) = %q, %v", arn, g)
	}
	for _, p := range []string{"FARGATE", "cp-gone", "cp-no-group"} {
		if arn, g := r.ProviderGroup(p); arn != "" || g != nil {
			t.Errorf("ProviderGroup(%s) = %q, %v; want none", p, arn, g)
		}
	}
	if got := taskARNs(r.Clusters[0].StandaloneTasks()); !slices.Equal(got, []string{"t5"}) {
		t.Errorf("StandaloneTasks = %v, want [t5]", got)
	}
	if n := r.Clusters[0].ExternalInstances(); n != 0 {
		t.Errorf("ExternalInstances = %d, want 0", n)
	}
}

func TestServiceDetails(t *testing.T) {
	e := New(fixture())
	web, api, worker := service(e, "web"), service(e, "api"), service(e, "worker")
	var logs, images []string
	for _, l := range web.LogGroups() {
		logs = append(logs, fmt.Sprintf("%s %s %s %v", l.Container, l.Group, l.Region, l.LogGroup != nil))
	}
	for _, im := range web.Images() {
		images = append(images, fmt.Sprintf("%s %s %v", im.Container, im.RepositoryName, im.Repository != nil))
	}
	var policies []string
	for _, p := range web.ScalingPolicies() {
		policies = append(policies, p.Name)
	}
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"log groups: only the home region's is resolved", logs, []string{"app /ecs/web eu-west-1 true", "sidecar /ecs/envoy us-east-1 false"}},
		{"images and their repositories", images, []string{"app team/web true", "sidecar shared/envoy false", "init  false"}},
		{"file systems", web.FileSystems(), []string{"fs-1"}},
		{"task role collected", web.TaskRole(), RoleRef{ARN: roleT, Role: e.Role(roleT)}},
		{"execution role not collected", web.ExecutionRole(), RoleRef{ARN: roleX}},
		{"unknown task definition has no role", api.TaskRole(), RoleRef{}},
		{"unknown task definition has no images", api.Images() == nil && api.LogGroups() == nil && api.FileSystems() == nil, true},
		{"task definition without a task role", worker.TaskRole(), RoleRef{}},
		{"awslogs", []bool{web.UsesAWSLogs(), worker.UsesAWSLogs()}, []bool{true, false}},
		{"scaling policies", policies, []string{"cpu"}},
		{"scalable target", web.ScalableTarget() != nil && api.ScalableTarget() == nil, true},
		{"names", []string{web.AccountID(), web.RegionName(), web.ClusterName(), web.ResourceID()}, []string{"111122223333", "eu-west-1", "prod", "service/prod/web"}},
		{"no network configuration", worker.Subnets() == nil && worker.SecurityGroups() == nil, true},
	}
	for _, tt := range tests {
		if fmt.Sprint(tt.got) != fmt.Sprint(tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}
	if e.Role(roleT) == nil {
		t.Fatal("the collected task role is not found")
	}
}

func TestTaskDefinitions(t *testing.T) {
	e := New(fixture())
	var got []string
	for _, u := range e.TaskDefinitions() {
		var svcs []string
		for _, s := range u.Services {
			svcs = append(svcs, s.Name())
		}
		got = append(got, fmt.Sprintf("%s %v %v only=%v any=%v", inventory.ShortName(u.TaskDef.ARN), svcs, u.Kinds, u.FargateOnly(), u.UsesFargate()))
	}
	// First-use order; api's revision is not in the snapshot, so it is not
	// listed; the standalone EXTERNAL task adds its kind to job's revision.
	want := []string{"web:3 [web] [FARGATE] only=true any=true", "job:1 [worker] [EC2 EXTERNAL] only=false any=false"}
	if !slices.Equal(got, want) {
		t.Errorf("TaskDefinitions = %q, want %q", got, want)
	}
}

func TestTaskDefUseWithoutRecordedCapacity(t *testing.T) {
	tests := []struct {
		requires  []string
		only, any bool
	}{
		{[]string{"FARGATE"}, true, true},
		{[]string{"FARGATE", "EC2"}, false, true},
		{[]string{"EC2"}, false, false},
		{nil, false, false},
	}
	for _, tt := range tests {
		u := &TaskDefUse{TaskDef: &inventory.TaskDefinition{RequiresCompatibilities: tt.requires}}
		if u.FargateOnly() != tt.only || u.UsesFargate() != tt.any {
			t.Errorf("requires %v: FargateOnly %v UsesFargate %v, want %v %v", tt.requires, u.FargateOnly(), u.UsesFargate(), tt.only, tt.any)
		}
	}
}

func TestNewSkipsNilAndJoinsSnapshots(t *testing.T) {
	a, b := fixture(), fixture()
	b.Accounts[0].ID = "444455556666"
	e := New(nil, a, b)
	if len(e.Regions) != 2 || len(e.Services()) != 6 || e.Regions[1].AccountID() != "444455556666" {
		t.Fatalf("got %d regions, %d services", len(e.Regions), len(e.Services()))
	}
	if empty := New(); len(empty.Regions) != 0 || empty.Services() != nil || empty.Role(roleT) != nil {
		t.Error("an estate of no snapshot is not empty")
	}
}

func TestContainerLogGroup(t *testing.T) {
	tests := []struct {
		name          string
		lc            *inventory.LogConfiguration
		group, region string
		ok            bool
	}{
		{"awslogs with region", &inventory.LogConfiguration{Driver: "awslogs", Options: map[string]string{"awslogs-group": "/g", "awslogs-region": "us-east-1"}}, "/g", "us-east-1", true},
		{"awslogs in the task's region", &inventory.LogConfiguration{Driver: "awslogs", Options: map[string]string{"awslogs-group": "/g"}}, "/g", "", true},
		{"awslogs without a group", &inventory.LogConfiguration{Driver: "awslogs"}, "", "", false},
		{"another driver with an awslogs-group option", &inventory.LogConfiguration{Driver: "awsfirelens", Options: map[string]string{"awslogs-group": "/g"}}, "", "", false},
		{"no log configuration", nil, "", "", false},
	}
	for _, tt := range tests {
		g, r, ok := ContainerLogGroup(&inventory.ContainerDefinition{LogConfiguration: tt.lc})
		if g != tt.group || r != tt.region || ok != tt.ok {
			t.Errorf("%s: ContainerLogGroup = %q %q %v, want %q %q %v", tt.name, g, r, ok, tt.group, tt.region, tt.ok)
		}
	}
	e := New(fixture())
	var got []string
	for _, u := range e.TaskDefinitions() {
		for _, l := range u.LogGroups() {
			got = append(got, inventory.ShortName(u.TaskDef.ARN)+" "+l.Container+" "+l.Group)
		}
	}
	if want := []string{"web:3 app /ecs/web", "web:3 sidecar /ecs/envoy"}; !slices.Equal(got, want) {
		t.Errorf("TaskDefUse.LogGroups = %q, want %q", got, want)
	}
}
