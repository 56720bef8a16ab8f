package assess

import (
	"strings"
	"testing"

	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/inventory"
)

const ecsASGARN = "arn:aws:autoscaling:eu-west-1:111122223333:autoScalingGroup:0f1e:autoScalingGroupName/prod-asg"

// ecsAddEC2 backs the prod cluster with an ASG capacity provider (managed
// scaling on), two container instances on an ECS-optimized AMI, and moves
// the web service onto it.
func ecsAddEC2(s *inventory.Snapshot) {
	r := ecsReg(s)
	r.AutoScaling.Groups = append(r.AutoScaling.Groups, inventory.AutoScalingGroup{ARN: ecsASGARN, Name: "prod-asg", MinSize: 2, MaxSize: 10, DesiredCapacity: 2,
		Subnets: []string{"subnet-a", "subnet-b"}, InstanceTypes: []string{"m6i.large"}, Instances: []string{"i-1", "i-2"}})
	r.ECS.CapacityProviders = append(r.ECS.CapacityProviders, inventory.CapacityProvider{Name: "prod-ec2", ARN: "arn:aws:ecs:eu-west-1:111122223333:capacity-provider/prod-ec2", Status: "ACTIVE",
		AutoScalingGroupARN: ecsASGARN, ManagedScaling: &inventory.ManagedScaling{Status: "ENABLED", TargetCapacity: 90}, ManagedTerminationProtection: "ENABLED"})
	r.EC2.Instances = []inventory.Instance{{ID: "i-1", ImageID: "ami-ecs", AvailabilityZone: "eu-west-1a", HTTPTokens: "required", HTTPPutResponseHopLimit: 1},
		{ID: "i-2", ImageID: "ami-ecs", AvailabilityZone: "eu-west-1b", HTTPTokens: "required", HTTPPutResponseHopLimit: 1}}
	r.EC2.Images = []inventory.Image{{ID: "ami-ecs", Name: "al2023-ami-ecs-hvm-2023.0.20250110-kernel-6.1-x86_64", OwnerAlias: "amazon"}}
	c := ecsProd(s)
	c.CapacityProviders = append(c.CapacityProviders, "prod-ec2")
	c.ContainerInstances = []inventory.ContainerInstance{
		{ARN: "arn:aws:ecs:eu-west-1:111122223333:container-instance/prod/ci1", EC2InstanceID: "i-1", AgentConnected: true, Status: "ACTIVE"},
		{ARN: "arn:aws:ecs:eu-west-1:111122223333:container-instance/prod/ci2", EC2InstanceID: "i-2", AgentConnected: true, Status: "ACTIVE"}}
	c.Services[1].CapacityProviderStrategy = []inventory.CapacityProviderItem{{CapacityProvider: "prod-ec2", Weight: 1}}
}

// ecsSpotASG turns prod-asg into a diversified Spot mix.
func ecsSpotASG(s *inventory.Snapshot) {
	ecsAddEC2(s)
	g := &ecsReg(s).AutoScaling.Groups[0]
	g.InstanceTypes = []string{"m6i.large", "m5.large", "m6a.large"}
	g.CapacityRebalance = true
	g.MixedInstances = &inventory.MixedInstances{OnDemandBaseCapacity: 1, OnDemandPercentageAboveBaseCapacity: 20, SpotAllocationStrategy: "price-capacity-optimized"}
}

func TestCapacityChecks(t *testing.T) {
	web := ecsServiceARN("prod", "web")
	ecsRunTable(t, []string{"ECS-007", "ECS-012"}, []ecsCase{
		{name: "clean Fargate estate", clean: []string{"ECS-007", "ECS-012"}, want: []ecsWant{
			{Pass, "ECS-007.capacity-providers", ecsClusterARN("prod"), "FARGATE, FARGATE_SPOT"},
			{Pass, "ECS-007.launch-type", web, "FARGATE weight 1 base 1"},
			{Pass, "ECS-012.os", "cs1", "Fargate"},
		}},
		{name: "empty inventory", mutate: func(s *inventory.Snapshot) { s.Accounts = nil }, want: []ecsWant{
			{Warn, "ECS-007.capacity-providers", "cs1", "no ECS cluster"}, {Warn, "ECS-012.os", "cs1", "no ECS capacity"}}},
		{name: "EC2 with managed scaling and ECS-optimized AMI", mutate: ecsAddEC2, clean: []string{"ECS-007", "ECS-012"}, want: []ecsWant{
			{Pass, "ECS-007.managed-scaling", "capacity-provider/prod-ec2", "ENABLED"},
			{Pass, "ECS-012.os", "ami-ecs", "Amazon Linux"},
		}},
		{name: "managed scaling disabled fails", mutate: func(s *inventory.Snapshot) {
			ecsAddEC2(s)
			ecsReg(s).ECS.CapacityProviders[2].ManagedScaling.Status = "DISABLED"
		}, want: []ecsWant{{Fail, "ECS-007.managed-scaling", "capacity-provider/prod-ec2", "DISABLED"}}},
		{name: "ASG-backed cluster without capacity provider fails", mutate: func(s *inventory.Snapshot) {
			ecsAddEC2(s)
			c := ecsProd(s)
			c.CapacityProviders = []string{"FARGATE"}
			c.Services[1].CapacityProviderStrategy = nil
			c.Services[1].LaunchType = "EC2"
		}, want: []ecsWant{
			{Fail, "ECS-007.capacity-providers", ecsClusterARN("prod"), "prod-asg"},
			{Warn, "ECS-007.launch-type", web, "launchType EC2"},
		}},
		{name: "hand-registered instances fail", mutate: func(s *inventory.Snapshot) {
			ecsAddEC2(s)
			r := ecsReg(s)
			r.AutoScaling.Groups = nil
			r.ECS.CapacityProviders = r.ECS.CapacityProviders[:2]
			ecsProd(s).CapacityProviders = nil
		}, want: []ecsWant{{Fail, "ECS-007.capacity-providers", ecsClusterARN("prod"), "scaled by hand"}}},
		{name: "no capacity provider on a Fargate cluster warns", mutate: func(s *inventory.Snapshot) {
			c := ecsProd(s)
			c.CapacityProviders, c.DefaultStrategy = nil, nil
			for i := range c.Services {
				c.Services[i].CapacityProviderStrategy = nil
				c.Services[i].LaunchType = "FARGATE"
			}
		}, want: []ecsWant{{Warn, "ECS-007.capacity-providers", ecsClusterARN("prod"), "no capacity provider"}, {Warn, "ECS-007.launch-type", web, "launchType FARGATE"}}},
		{name: "default strategy counts", mutate: func(s *inventory.Snapshot) {
			ecsProd(s).Services[1].CapacityProviderStrategy = nil
		}, clean: []string{"ECS-007"}, want: []ecsWant{{Pass, "ECS-007.launch-type", web, "default strategy"}}},
		{name: "Ubuntu warns, unknown OS warns, Bottlerocket passes", mutate: func(s *inventory.Snapshot) {
			ecsAddEC2(s)
			r := ecsReg(s)
			r.EC2.Instances = append(r.EC2.Instances, inventory.Instance{ID: "i-3", ImageID: "ami-br"}, inventory.Instance{ID: "i-4", ImageID: "ami-x"})
			r.EC2.Images = []inventory.Image{{ID: "ami-ecs", Name: "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20250101"}, {ID: "ami-br", Name: "bottlerocket-aws-ecs-2-x86_64-v1.20.0"}, {ID: "ami-x", Name: "centos-7-custom"}}
			c := ecsProd(s)
			c.ContainerInstances = append(c.ContainerInstances, inventory.ContainerInstance{ARN: "ci3", EC2InstanceID: "i-3"}, inventory.ContainerInstance{ARN: "ci4", EC2InstanceID: "i-4"})
		}, want: []ecsWant{{Warn, "ECS-012.os", "ami-ecs", "Ubuntu"}, {Pass, "ECS-012.os", "ami-br", "Bottlerocket"}, {Warn, "ECS-012.os", "ami-x", "centos-7-custom"}}},
		{name: "Windows from attributes", mutate: func(s *inventory.Snapshot) {
			ecsAddEC2(s)
			ecsReg(s).EC2.Images = nil
			for i := range ecsProd(s).ContainerInstances {
				ecsProd(s).ContainerInstances[i].OSFamily = "WINDOWS_SERVER_2022_CORE"
			}
		}, want: []ecsWant{{Warn, "ECS-012.os", "ami-ecs", "Windows Server"}}},
		{name: "EC2 service without collected instances warns", mutate: func(s *inventory.Snapshot) {
			ecsAddEC2(s)
			ecsProd(s).ContainerInstances = nil
		}, want: []ecsWant{{Warn, "ECS-012.os", "cs1", "no container instance was collected"}}},
	})
}

func TestSpotChecks(t *testing.T) {
	web := ecsServiceARN("prod", "web")
	ecsRunTable(t, []string{"ECS-008"}, []ecsCase{
		{name: "diversified Spot ASG with on-demand base", mutate: ecsSpotASG, clean: []string{"ECS-008"}, want: []ecsWant{
			{Pass, "ECS-008.spot-diversification", ecsASGARN, "3 instance types over 2 AZs"},
			{Pass, "ECS-008.on-demand-base", ecsASGARN, "on-demand base of 1"},
			{Info, "ECS-008.describe-capacity-providers", "capacity-provider/prod-ec2", "managed scaling ENABLED"},
			{Info, "ECS-008.describe-capacity-providers", "FARGATE_SPOT", "Fargate"},
			{Info, "ECS-008.describe-spot-fleet-requests", "cs1", "no Spot fleet"},
		}},
		{name: "single type single AZ lowest price", mutate: func(s *inventory.Snapshot) {
			ecsSpotASG(s)
			g := &ecsReg(s).AutoScaling.Groups[0]
			g.InstanceTypes, g.Subnets, g.CapacityRebalance = []string{"m6i.large"}, []string{"subnet-a"}, false
			g.MixedInstances = &inventory.MixedInstances{SpotAllocationStrategy: "lowest-price"}
		}, want: []ecsWant{
			{Fail, "ECS-008.spot-diversification", ecsASGARN, "1 instance type"},
			{Fail, "ECS-008.spot-diversification", ecsASGARN, "one Availability Zone"},
			{Warn, "ECS-008.on-demand-base", ecsASGARN, "only Spot"},
		}},
		{name: "allocation and rebalance warn", mutate: func(s *inventory.Snapshot) {
			ecsSpotASG(s)
			g := &ecsReg(s).AutoScaling.Groups[0]
			g.CapacityRebalance = false
			g.MixedInstances.SpotAllocationStrategy = ""
		}, want: []ecsWant{{Warn, "ECS-008.spot-diversification", ecsASGARN, "lowest-price (the default), capacity rebalance off"}}},
		{name: "service all on FARGATE_SPOT in one AZ", mutate: func(s *inventory.Snapshot) {
			sv := &ecsProd(s).Services[1]
			sv.CapacityProviderStrategy = []inventory.CapacityProviderItem{{CapacityProvider: "FARGATE_SPOT", Weight: 1}}
			sv.Network.Subnets = []string{"subnet-a"}
		}, want: []ecsWant{{Warn, "ECS-008.on-demand-base", web, "only on Spot"}, {Warn, "ECS-008.spot-diversification", web, "one Availability Zone"}}},
		{name: "service with FARGATE base beside FARGATE_SPOT", mutate: func(s *inventory.Snapshot) {
			ecsProd(s).Services[1].CapacityProviderStrategy = []inventory.CapacityProviderItem{{CapacityProvider: "FARGATE", Base: 1, Weight: 1}, {CapacityProvider: "FARGATE_SPOT", Weight: 3}}
		}, clean: []string{"ECS-008"}, want: []ecsWant{{Pass, "ECS-008.on-demand-base", web, "FARGATE weight 1 base 1, FARGATE_SPOT weight 3"}, {Pass, "ECS-008.spot-diversification", web, "2 Availability Zones"}}},
		{name: "Spot fleet evidence and judgement (fleets that launched container instances)", mutate: func(s *inventory.Snapshot) {
			ecsAddEC2(s)
			ecsReg(s).EC2.Instances[0].Tags = map[string]string{"aws:ec2spot:fleet-request-id": "sfr-good"}
			ecsReg(s).EC2.Instances[1].Tags = map[string]string{"aws:ec2spot:fleet-request-id": "sfr-bad"}
			ecsReg(s).EC2.SpotFleetRequests = []inventory.SpotFleetRequest{
				{ID: "sfr-good", State: "active", AllocationStrategy: "capacityOptimized", TargetCapacity: 4, InstanceTypes: []string{"c5.large", "c6i.large"}, Subnets: []string{"subnet-a", "subnet-b"}, CapacityRebalance: true},
				{ID: "sfr-bad", State: "active", AllocationStrategy: "lowestPrice", TargetCapacity: 2, InstanceTypes: []string{"c5.large"}},
				{ID: "sfr-old", State: "cancelled", InstanceTypes: []string{"c5.large"}},
			}
		}, want: []ecsWant{
			{Info, "ECS-008.describe-spot-fleet-requests", "sfr-good", "capacityOptimized"},
			{Info, "ECS-008.describe-spot-fleet-requests", "sfr-old", "cancelled"},
			{Pass, "ECS-008.spot-diversification", "sfr-good", ""},
			{Fail, "ECS-008.spot-diversification", "sfr-bad", "1 instance type"},
		}},
	})
}

// TestSpotOutsideECS: issue 16 — ECS-008 is about Spot capacity that serves
// ECS, not any Spot fleet or Spot Auto Scaling group of the region.
func TestSpotOutsideECS(t *testing.T) {
	foreign := func(s *inventory.Snapshot) {
		r := ecsReg(s)
		r.EC2.SpotFleetRequests = []inventory.SpotFleetRequest{{ID: "sfr-emr", State: "active", AllocationStrategy: "lowestPrice", InstanceTypes: []string{"c5.large"}}}
		r.AutoScaling.Groups = append(r.AutoScaling.Groups, inventory.AutoScalingGroup{ARN: "arn:asg/ci-runners", Name: "ci-runners", InstanceTypes: []string{"c5.large"},
			MixedInstances: &inventory.MixedInstances{}})
		r.EC2.Instances = append(r.EC2.Instances, inventory.Instance{ID: "i-spot", Lifecycle: "spot"})
	}
	s := ecsClean()
	foreign(s)
	in := ecsInput(s)
	if ok, why := spotUsed(in); ok {
		t.Errorf("Spot outside ECS made ECS-008 apply: %s", why)
	}
	for _, id := range []string{"ECS-008.spot-diversification", "ECS-008.on-demand-base"} {
		for _, f := range fxRunCheck(t, in, id) {
			if f.Outcome == Fail || f.Outcome == Warn {
				t.Errorf("%s judged Spot outside ECS: %s %s", id, f.Resource, f.Message)
			}
		}
	}
	for _, f := range fxRunCheck(t, in, "ECS-008.describe-spot-fleet-requests") {
		if f.Resource == "sfr-emr" && !strings.Contains(f.Message, "not serving ECS") {
			t.Errorf("a fleet without container instances is listed as if it served ECS: %s", f.Message)
		}
	}
	// The same fleet serves ECS once a container instance came from it.
	s = ecsClean()
	foreign(s)
	ecsAddEC2(s)
	r := ecsReg(s)
	r.EC2.Instances[0].Tags = map[string]string{"aws:ec2spot:fleet-request-id": "sfr-emr"}
	in = ecsInput(s)
	if ok, why := spotUsed(in); !ok || !strings.Contains(why, "sfr-emr") || strings.Contains(why, "ci-runners") {
		t.Errorf("a Spot fleet that launched a container instance: got %v %q", ok, why)
	}
	if !ecsHas(fxRunCheck(t, in, "ECS-008.spot-diversification"), ecsWant{Fail, "ECS-008.spot-diversification", "sfr-emr", "1 instance type"}) {
		t.Errorf("the fleet serving ECS must be judged")
	}
}

func TestSpotConditionAndEvaluate(t *testing.T) {
	cat := ecsCatalog(t)
	spot := ecsClean()
	ecsSpotASG(spot)
	g := &ecsReg(spot).AutoScaling.Groups[0]
	g.InstanceTypes = []string{"m6i.large"}
	cf := &evidence.Casefile{CaseStudies: []*evidence.CaseStudy{
		{ID: "no-spot", Inventory: ecsClean(), Answers: map[string]*evidence.Answer{}},
		{ID: "spot", Inventory: spot, Answers: map[string]*evidence.Answer{"ECS-008": coveringAnswer(t, "ECS-008", "We use Spot for batch.")}},
	}}
	rep := Evaluate(cf, cat)
	if r := rep.CaseStudies[0].Control("ECS-008"); r.Status != NotApplicable {
		t.Errorf("ECS-008 without Spot: got %s (%s)", r.Status, r.Reason)
	}
	r := rep.CaseStudies[1].Control("ECS-008")
	if r.Status != NotMet {
		t.Errorf("ECS-008 with a single-type Spot ASG: got %s (%s)", r.Status, r.Reason)
	}
	if !ecsHas(r.Findings, ecsWant{Fail, "ECS-008.spot-diversification", ecsASGARN, ""}) {
		t.Errorf("the failing ASG must be named:\n%s", ecsDump(r.Findings))
	}
}

func TestClusterConsistency(t *testing.T) {
	two := func(mutate func(c *inventory.Cluster)) *inventory.Snapshot {
		s := ecsClean()
		c := *ecsProd(s)
		c.ARN, c.Name = ecsClusterARN("batch"), "batch"
		c.Services, c.Tasks = nil, nil
		c.Tags = map[string]string{"environment": "production", "aws:cloudformation:stack-name": "batch-cluster"}
		c.Settings = []inventory.KeyValue{{Name: "containerInsights", Value: "enabled"}}
		if mutate != nil {
			mutate(&c)
		}
		ecsReg(s).ECS.Clusters = append(ecsReg(s).ECS.Clusters, c)
		return s
	}
	if fs := fxRunCheck(t, ecsInput(ecsClean()), "ECS-009.consistency"); len(fs) != 0 {
		t.Errorf("one cluster: no findings expected, got:\n%s", ecsDump(fs))
	}
	fs := fxRunCheck(t, ecsInput(two(nil)), "ECS-009.consistency")
	for _, f := range fs {
		if f.Outcome == Warn || f.Outcome == Fail {
			t.Errorf("identical clusters flagged: %s", f.Message)
		}
	}
	if !ecsHas(fs, ecsWant{Info, "ECS-009.consistency", "cs1", "2 clusters"}) {
		t.Errorf("cluster list expected:\n%s", ecsDump(fs))
	}
	fs = fxRunCheck(t, ecsInput(two(func(c *inventory.Cluster) {
		c.Settings = nil
		c.Tags = map[string]string{"ManagedBy": "terraform", "env": "prod"}
	})), "ECS-009.consistency")
	for _, w := range []ecsWant{
		{Warn, "ECS-009.consistency", "Container Insights", "disabled on batch"},
		{Warn, "ECS-009.consistency", "infrastructure-as-code tool", "CloudFormation on prod"},
		{Warn, "ECS-009.consistency", "tag keys", "ManagedBy, env on batch"},
		{Pass, "ECS-009.consistency", "capacity providers", "FARGATE"},
	} {
		if !ecsHas(fs, w) {
			t.Errorf("missing %+v in:\n%s", w, ecsDump(fs))
		}
	}
	// the account default counts when the cluster has no setting
	s := two(func(c *inventory.Cluster) { c.Settings = nil })
	ecsReg(s).ECS.AccountSettings = []inventory.AccountSetting{{Name: "containerInsights", Value: "enabled"}}
	if fs := fxRunCheck(t, ecsInput(s), "ECS-009.consistency"); !ecsHas(fs, ecsWant{Warn, "ECS-009.consistency", "Container Insights", "enabled (account default) on batch"}) {
		t.Errorf("account default not shown:\n%s", ecsDump(fs))
	}
}

func TestExternalInstances(t *testing.T) {
	s := ecsClean()
	c := ecsProd(s)
	c.ContainerInstances = []inventory.ContainerInstance{
		{ARN: "arn:aws:ecs:eu-west-1:111122223333:container-instance/prod/ext1", External: true, AgentConnected: true, AgentVersion: "1.89.0", Status: "ACTIVE", RunningTasks: 2},
		{ARN: "arn:aws:ecs:eu-west-1:111122223333:container-instance/prod/ext2", External: true, AgentConnected: false, Status: "ACTIVE"},
	}
	c.Services[0].CapacityProviderStrategy, c.Services[0].LaunchType = nil, "EXTERNAL"
	in := ecsInput(s)
	if ok, _ := anywhereUsed(in); !ok {
		t.Fatal("condition must hold")
	}
	fs := fxRunCheck(t, in, "ECS-014.external-instances")
	for _, w := range []ecsWant{
		{Pass, "ECS-014.external-instances", "ext1", "agent 1.89.0, 2 running task(s)"},
		{Warn, "ECS-014.external-instances", "ext2", "not connected"},
		{Info, "ECS-014.external-instances", "service/prod/api", "EXTERNAL"},
	} {
		if !ecsHas(fs, w) {
			t.Errorf("missing %+v in:\n%s", w, ecsDump(fs))
		}
	}
	// External instances are neither EC2 capacity for ECS-007 nor AMIs for ECS-012.
	for _, f := range ecsRun(in, "ECS-007", "ECS-012") {
		if f.Outcome == Fail || strings.Contains(f.Resource, "ext") {
			t.Errorf("external instances must not be judged as EC2 capacity: %s %s %s", f.Outcome, f.Check, f.Message)
		}
	}
}
