package estate

import (
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

func taskARNs(ts []*inventory.Task) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.ARN)
	}
	return out
}

func TestServicePlacement(t *testing.T) {
	e := New(fixture())
	tests := []struct {
		service        string
		tasks, running []string
		subnets        []string
		subnetAZs      []string
		unknown        []string
		taskAZs        []string
		bySubnet       map[string]int
		vpc            string
	}{
		{service: "web", tasks: []string{"t1", "t2", "t3"}, running: []string{"t1", "t2"},
			subnets: []string{"subnet-b", "subnet-a", "subnet-gone"}, subnetAZs: []string{"eu-west-1a", "eu-west-1b"}, unknown: []string{"subnet-gone"},
			taskAZs: []string{"eu-west-1a", "eu-west-1b"}, bySubnet: map[string]int{"subnet-a": 1, "subnet-b": 1}, vpc: "vpc-1"},
		// No network configuration: zones and subnet come from the container instance's EC2 instance.
		{service: "worker", tasks: []string{"t4"}, running: []string{"t4"}, subnetAZs: []string{},
			taskAZs: []string{"eu-west-1b"}, bySubnet: map[string]int{"subnet-b": 1}, vpc: "vpc-1"},
		{service: "api", subnets: []string{"subnet-a"}, subnetAZs: []string{"eu-west-1a"}, taskAZs: []string{}, bySubnet: map[string]int{}, vpc: "vpc-1"},
	}
	for _, tt := range tests {
		t.Run(tt.service, func(t *testing.T) {
			s := service(e, tt.service)
			if got := taskARNs(s.Tasks()); !slices.Equal(got, tt.tasks) {
				t.Errorf("Tasks = %v, want %v", got, tt.tasks)
			}
			if got := taskARNs(s.RunningTasks()); !slices.Equal(got, tt.running) {
				t.Errorf("RunningTasks = %v, want %v", got, tt.running)
			}
			if !slices.Equal(s.Subnets(), tt.subnets) {
				t.Errorf("Subnets = %v, want %v", s.Subnets(), tt.subnets)
			}
			azs, unknown := s.SubnetAZs()
			if !slices.Equal(azs, tt.subnetAZs) || !slices.Equal(unknown, tt.unknown) {
				t.Errorf("SubnetAZs = %v, %v; want %v, %v", azs, unknown, tt.subnetAZs, tt.unknown)
			}
			if got := s.TaskAZs(); !slices.Equal(got, tt.taskAZs) {
				t.Errorf("TaskAZs = %v, want %v", got, tt.taskAZs)
			}
			if _, bySubnet := s.TaskSpread(); !maps.Equal(bySubnet, tt.bySubnet) {
				t.Errorf("TaskSpread by subnet = %v, want %v", bySubnet, tt.bySubnet)
			}
			if got := s.VPC(); got != tt.vpc {
				t.Errorf("VPC = %q, want %q", got, tt.vpc)
			}
		})
	}
}

func TestTaskPlacement(t *testing.T) {
	e := New(fixture())
	c := e.Regions[0].Clusters[0]
	tests := []struct {
		name string
		task inventory.Task
		want Placement
	}{
		{"reported zone and subnet", inventory.Task{AvailabilityZone: "eu-west-1c", SubnetID: "subnet-a"}, Placement{Subnet: "subnet-a", AZ: "eu-west-1c"}},
		{"zone from subnet", inventory.Task{SubnetID: "subnet-b"}, Placement{Subnet: "subnet-b", AZ: "eu-west-1b"}},
		{"zone and subnet from container instance", inventory.Task{ContainerInstance: ciARN}, Placement{Subnet: "subnet-b", AZ: "eu-west-1b"}},
		{"unknown container instance", inventory.Task{ContainerInstance: "ci-gone"}, Placement{}},
		{"unknown subnet", inventory.Task{SubnetID: "subnet-gone"}, Placement{Subnet: "subnet-gone"}},
	}
	for _, tt := range tests {
		if got := c.TaskPlacement(&tt.task); got != tt.want {
			t.Errorf("%s: TaskPlacement = %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

func TestServiceCapacityInEstate(t *testing.T) {
	e := New(fixture())
	tests := []struct {
		service     string
		fargateOnly bool
		fromDefault bool
	}{
		{"web", true, false},
		{"api", true, true}, // no launch type: the cluster's default strategy
		{"worker", false, false},
	}
	for _, tt := range tests {
		c := service(e, tt.service).Capacity
		if c.FargateOnly() != tt.fargateOnly || c.ClusterDefault != tt.fromDefault {
			t.Errorf("%s: FargateOnly %v ClusterDefault %v, want %v %v", tt.service, c.FargateOnly(), c.ClusterDefault, tt.fargateOnly, tt.fromDefault)
		}
	}
}

func targetText(ts []Target) []string {
	var out []string
	for _, t := range ts {
		tg, lbs, ls := "?", []string{}, []string{}
		if t.TargetGroup != nil {
			tg = t.TargetGroup.Name
		}
		for _, lb := range t.LoadBalancers {
			lbs = append(lbs, lb.Name)
		}
		for _, l := range t.Listeners {
			ls = append(ls, fmt.Sprintf("%s %s:%d", l.LoadBalancer.Name, l.Listener.Protocol, l.Listener.Port))
		}
		out = append(out, fmt.Sprintf("%s:%d ← %s ← %v %v", t.Binding.ContainerName, t.Binding.ContainerPort, tg, lbs, ls))
	}
	return out
}

func TestTargets(t *testing.T) {
	e := New(fixture())
	tests := []struct {
		service string
		want    []string
	}{
		{"web", []string{"app:8080 ← web-tg ← [shared-alb] [shared-alb HTTPS:443]"}},
		{"api", []string{"api:80 ← api-tg ← [shared-alb] [shared-alb HTTPS:443]", "api:81 ← ? ← [] []"}},
		{"worker", nil},
	}
	for _, tt := range tests {
		if got := targetText(service(e, tt.service).Targets()); !slices.Equal(got, tt.want) {
			t.Errorf("%s: Targets = %q, want %q", tt.service, got, tt.want)
		}
	}
}

func TestMetricKind(t *testing.T) {
	for metric, want := range map[string]string{"CPUUtilization": "cpu", "CpuUtilized": "cpu", "MemoryUtilized": "memory",
		"HTTPCode_ELB_5XX_Count": "5xx", "HealthyHostCount": "unhealthy", "RunningTaskCount": "running", "RequestCount": "other", "": "other"} {
		if got := MetricKind(metric); got != want {
			t.Errorf("MetricKind(%q) = %q, want %q", metric, got, want)
		}
	}
}

func TestVPCFallbacks(t *testing.T) {
	snap := fixture()
	r := &snap.Accounts[0].Regions[0]
	r.ECS.Clusters[0].Services = append(r.ECS.Clusters[0].Services,
		inventory.Service{Name: "behind-lb", LaunchType: "EC2", LoadBalancers: []inventory.ServiceLoadBalancer{{TargetGroupARN: "arn:gone"}, {TargetGroupARN: tgAPI}}},
		inventory.Service{Name: "nowhere", LaunchType: "EC2", Network: &inventory.AwsVPCConfiguration{Subnets: []string{"subnet-gone"}}})
	r.ECS.Clusters[0].ContainerInstances = append(r.ECS.Clusters[0].ContainerInstances, inventory.ContainerInstance{ARN: "ci-external", External: true})
	e := New(snap)
	for name, want := range map[string]string{"behind-lb": "vpc-1", "nowhere": "", "worker": "vpc-1"} {
		if got := service(e, name).VPC(); got != want {
			t.Errorf("%s: VPC = %q, want %q", name, got, want)
		}
	}
	if n := e.Regions[0].Clusters[0].ExternalInstances(); n != 1 {
		t.Errorf("ExternalInstances = %d, want 1", n)
	}
	if ci := e.Regions[0].Clusters[0].ContainerInstance(ciARN); ci == nil || ci.EC2InstanceID != "i-1" {
		t.Errorf("ContainerInstance(%s) = %+v", ciARN, ci)
	}
}

func TestECRRepositoryPath(t *testing.T) {
	for image, want := range map[string]string{
		"111122223333.dkr.ecr.eu-west-1.amazonaws.com/team/web:1.2":  "team/web",
		"111122223333.dkr.ecr.eu-west-1.amazonaws.com/web@sha256:ab": "web",
		"registry:5000/app": "app",
		"nginx":             "nginx",
	} {
		if got := ECRRepositoryPath(image); got != want {
			t.Errorf("ECRRepositoryPath(%q) = %q, want %q", image, got, want)
		}
	}
}
