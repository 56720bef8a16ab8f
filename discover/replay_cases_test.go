package discover

import (
	"bytes"
	"context"
	"maps"
	"slices"
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

func TestReplayPagesBatchesAndCallsTheMinimum(t *testing.T) {
	r, srv := newReplay(250, 2) // 125 services per cluster: two pages of ListServices each
	defer srv.Close()
	res, err := runReplay(context.Background(), r, srv.URL, 8)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.snap.Collection.Errors) != 0 {
		t.Fatalf("errors: %+v", res.snap.Collection.Errors)
	}
	if len(r.tooBig) != 0 {
		t.Fatalf("batch limits exceeded: %v", r.tooBig)
	}
	want := r.minimumCalls()
	if !maps.Equal(res.calls, want) {
		for _, k := range slices.Sorted(maps.Keys(want)) {
			if res.calls[k] != want[k] {
				t.Errorf("%s: %d calls, minimum %d", k, res.calls[k], want[k])
			}
		}
		for k, v := range res.calls {
			if _, ok := want[k]; !ok {
				t.Errorf("unexpected %s: %d calls", k, v)
			}
		}
	}
	reg := res.snap.Accounts[0].Regions[0]
	services, tasks := 0, 0
	for _, c := range reg.ECS.Clusters {
		services += len(c.Services)
		tasks += len(c.Tasks)
	}
	if services != 250 || tasks != 250 || len(reg.ECS.TaskDefinitions) != 250 {
		t.Errorf("services %d tasks %d task definitions %d, want 250 each", services, tasks, len(reg.ECS.TaskDefinitions))
	}
	if len(reg.Network.Subnets) != 7 || len(reg.ELB.LoadBalancers) != 3 || len(reg.ELB.TargetGroups) != 3 || len(reg.ELB.TargetGroups[0].Targets) != 1 {
		t.Errorf("subnets %d load balancers %d target groups %d", len(reg.Network.Subnets), len(reg.ELB.LoadBalancers), len(reg.ELB.TargetGroups))
	}
	if reg.EC2.EBSEncryptionByDefault == nil || !*reg.EC2.EBSEncryptionByDefault {
		t.Error("EBS encryption default not read from XML")
	}
	b, _ := inventory.Marshal(res.snap)
	if bytes.Contains(b, []byte(replayCanary)) {
		t.Error("an environment value or override reached the snapshot")
	}
	if !bytes.Contains(b, []byte(`"API_KEY"`)) || !bytes.Contains(b, []byte(`parameter/db`)) {
		t.Error("environment names and secret references must be kept")
	}
}

func TestReplayThrottlingIsRetried(t *testing.T) {
	r, srv := newReplay(30, 1)
	defer srv.Close()
	r.throttle["ecs DescribeServices"] = 2
	res, err := runReplay(context.Background(), r, srv.URL, 4)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.snap.Collection.Errors) != 0 {
		t.Fatalf("throttling within the retry budget must not be a gap: %+v", res.snap.Collection.Errors)
	}
	if got := len(res.snap.Accounts[0].Regions[0].ECS.Clusters[0].Services); got != 30 {
		t.Errorf("services: %d", got)
	}
	if res.calls["ecs DescribeServices"] != 3 || r.hitCount("ecs DescribeServices") != 5 {
		t.Errorf("DescribeServices: %d calls, %d requests; want 3 calls, 5 requests (2 retried)", res.calls["ecs DescribeServices"], r.hitCount("ecs DescribeServices"))
	}
}

func TestReplayGapsAreRecordedAndTheRestGoesOn(t *testing.T) {
	r, srv := newReplay(30, 3)
	defer srv.Close()
	r.throttle["ecs ListTasks"] = 1000 // throttled past every retry
	r.deny["elbv2 DescribeLoadBalancers"] = true
	res, err := runReplay(context.Background(), r, srv.URL, 4)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range res.snap.Collection.Errors {
		if e.Account != synthAccount || e.Region != synthRegion {
			t.Errorf("error without its place: %+v", e)
		}
		got = append(got, e.Service+" "+e.Operation+" "+e.Code)
	}
	want := []string{"ecs ListTasks Throttling", "ecs ListTasks Throttling", "ecs ListTasks Throttling", "elbv2 DescribeLoadBalancers AccessDenied"}
	if !slices.Equal(got, want) {
		t.Errorf("errors: %v, want %v", got, want)
	}
	reg := res.snap.Accounts[0].Regions[0]
	services := 0
	for _, c := range reg.ECS.Clusters {
		services += len(c.Services)
		if len(c.Tasks) != 0 {
			t.Errorf("tasks despite ListTasks failing: %d", len(c.Tasks))
		}
	}
	if services != 30 || len(reg.ELB.TargetGroups) != 3 || len(reg.Network.Subnets) != 7 {
		t.Errorf("the rest was not collected: services %d target groups %d subnets %d", services, len(reg.ELB.TargetGroups), len(reg.Network.Subnets))
	}
}

func TestReplayNoAccountIsAnError(t *testing.T) {
	r, srv := newReplay(1, 1)
	defer srv.Close()
	r.deny["sts GetCallerIdentity"] = true
	snap, err := RunConfig(context.Background(), r.config(srv.URL), Options{Services: []string{"ecs"}, Now: fixedClock})
	if err == nil {
		t.Fatal("want an error when no account can be identified")
	}
	if snap == nil || len(snap.Collection.Errors) != 1 || snap.Collection.Errors[0].Code != "AccessDenied" {
		t.Fatalf("snapshot: %+v", snap)
	}
}
