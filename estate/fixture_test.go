package estate

import "github.com/ecspack/ecspack/inventory"

const (
	tgWeb = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/web-tg/aaa"
	tgAPI = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/api-tg/bbb"
	lbARN = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/shared-alb/ccc"
	tdWeb = "arn:aws:ecs:eu-west-1:111122223333:task-definition/web:3"
	tdJob = "arn:aws:ecs:eu-west-1:111122223333:task-definition/job:1"
	ciARN = "arn:aws:ecs:eu-west-1:111122223333:container-instance/prod/ci1"
	roleT = "arn:aws:iam::111122223333:role/web-task"
	roleX = "arn:aws:iam::111122223333:role/web-exec"
)

// fixture is one account-region: cluster prod runs web and api (awsvpc,
// Fargate, behind one shared ALB) and worker (bridge networking on an EC2
// container instance, no network configuration), plus a standalone job task.
func fixture() *inventory.Snapshot {
	r := inventory.Region{Name: "eu-west-1"}
	r.Network.VPCs = []inventory.VPC{{ID: "vpc-1"}}
	r.Network.Subnets = []inventory.Subnet{
		{ID: "subnet-a", VPCID: "vpc-1", AvailabilityZone: "eu-west-1a"},
		{ID: "subnet-b", VPCID: "vpc-1", AvailabilityZone: "eu-west-1b"},
		{ID: "subnet-pub", VPCID: "vpc-1", AvailabilityZone: "eu-west-1a", Public: true},
	}
	r.Network.RouteTables = []inventory.RouteTable{
		{ID: "rtb-main", VPCID: "vpc-1", Main: true, Routes: []inventory.Route{{Destination: "0.0.0.0/0", Target: "nat-1"}}},
		{ID: "rtb-pub", VPCID: "vpc-1", Subnets: []string{"subnet-pub"}, Routes: []inventory.Route{{Destination: "0.0.0.0/0", Target: "igw-1"}}},
	}
	r.Network.VPCEndpoints = []inventory.VPCEndpoint{{ID: "vpce-1", ServiceName: "com.amazonaws.eu-west-1.ecr.api", SecurityGroups: []string{"sg-app"}}}
	r.EC2.Instances = []inventory.Instance{{ID: "i-1", SubnetID: "subnet-b", AvailabilityZone: "eu-west-1b", SecurityGroups: []string{"sg-host"}}}
	r.ELB.LoadBalancers = []inventory.LoadBalancer{{ARN: lbARN, Name: "shared-alb", Type: "application", SecurityGroups: []string{"sg-lb"},
		Listeners: []inventory.Listener{
			{ARN: "l-443", Protocol: "HTTPS", Port: 443, DefaultActions: []inventory.Action{{Type: "forward", TargetGroups: []string{tgWeb}}},
				Rules: []inventory.Rule{{ARN: "r1", Actions: []inventory.Action{{Type: "forward", TargetGroups: []string{tgAPI, tgWeb}}}}}},
			{ARN: "l-80", Protocol: "HTTP", Port: 80, DefaultActions: []inventory.Action{{Type: "redirect", RedirectPort: "443"}}},
		}}}
	r.ELB.TargetGroups = []inventory.TargetGroup{
		{ARN: tgWeb, Name: "web-tg", VPCID: "vpc-1", LoadBalancers: []string{lbARN}},
		{ARN: tgAPI, Name: "api-tg", VPCID: "vpc-1", LoadBalancers: []string{lbARN}},
	}
	r.EFS = []inventory.FileSystem{{ID: "fs-2", MountTargets: []inventory.MountTarget{{ID: "fsmt-2", SubnetID: "subnet-a", SecurityGroups: []string{"sg-efs"}}}},
		{ID: "fs-1", MountTargets: []inventory.MountTarget{{ID: "fsmt-1", SubnetID: "subnet-a", SecurityGroups: []string{"sg-efs"}}}}}
	r.AutoScaling.ScalableTargets = []inventory.ScalableTarget{{ResourceID: "service/prod/web", MinCapacity: 2, MaxCapacity: 6}}
	r.AutoScaling.ScalingPolicies = []inventory.ScalingPolicy{{Name: "cpu", ResourceID: "service/prod/web"}, {Name: "other", ResourceID: "service/prod/api"}}
	r.ECR.Repositories = []inventory.Repository{{Name: "team/web", URI: "111122223333.dkr.ecr.eu-west-1.amazonaws.com/team/web"}}
	r.AutoScaling.Groups = []inventory.AutoScalingGroup{{ARN: "arn:asg/workers", Name: "workers"}}
	r.ECS.CapacityProviders = []inventory.CapacityProvider{{Name: "FARGATE"}, {Name: "asg-cp", AutoScalingGroupARN: "arn:asg/workers"}, {Name: "cp-no-group"}}
	r.LogGroups = []inventory.LogGroup{{Name: "/ecs/web", RetentionDays: 30}}
	r.Alarms = []inventory.Alarm{
		{Name: "web-cpu", MetricName: "CPUUtilization", Dimensions: []string{"ClusterName=prod", "ServiceName=web"}},
		{Name: "web-cpu-other-cluster", MetricName: "CPUUtilization", Dimensions: []string{"ClusterName=stage", "ServiceName=web"}},
		{Name: "alb-5xx", MetricName: "HTTPCode_ELB_5XX_Count", Dimensions: []string{"LoadBalancer=app/shared-alb/ccc"}},
		{Name: "alb-unhealthy", MetricName: "UnHealthyHostCount", Dimensions: []string{"LoadBalancer=app/shared-alb/ccc"}},
		{Name: "api-tg-unhealthy", MetricName: "UnHealthyHostCount", Dimensions: []string{"LoadBalancer=app/shared-alb/ccc", "TargetGroup=targetgroup/api-tg/bbb"}},
	}
	r.ECS.TaskDefinitions = []inventory.TaskDefinition{
		{ARN: tdJob, RequiresCompatibilities: []string{"EC2"}},
		{ARN: tdWeb, TaskRoleARN: roleT, ExecutionRoleARN: roleX, RequiresCompatibilities: []string{"FARGATE"},
			Containers: []inventory.ContainerDefinition{
				{Name: "app", Image: "111122223333.dkr.ecr.eu-west-1.amazonaws.com/team/web:1.2", LogConfiguration: &inventory.LogConfiguration{Driver: "awslogs",
					Options: map[string]string{"awslogs-group": "/ecs/web", "awslogs-region": "eu-west-1"}}},
				{Name: "sidecar", Image: "444455556666.dkr.ecr.us-east-1.amazonaws.com/shared/envoy@sha256:abc", LogConfiguration: &inventory.LogConfiguration{Driver: "awslogs",
					Options: map[string]string{"awslogs-group": "/ecs/envoy", "awslogs-region": "us-east-1"}}},
				{Name: "init", Image: "public.ecr.aws/docker/library/busybox:1"},
			},
			Volumes: []inventory.Volume{{Name: "data", EFS: &inventory.EFSVolume{FileSystemID: "fs-1"}}}},
	}
	web := inventory.Service{ARN: "svc/web", Name: "web", ClusterARN: "c/prod", LaunchType: "FARGATE", TaskDefinition: tdWeb,
		Network:       &inventory.AwsVPCConfiguration{Subnets: []string{"subnet-b", "subnet-a", "subnet-gone"}, SecurityGroups: []string{"sg-app"}},
		LoadBalancers: []inventory.ServiceLoadBalancer{{TargetGroupARN: tgWeb, ContainerName: "app", ContainerPort: 8080}}}
	api := inventory.Service{ARN: "svc/api", Name: "api", ClusterARN: "c/prod", TaskDefinition: "arn:unknown:1",
		Network:       &inventory.AwsVPCConfiguration{Subnets: []string{"subnet-a"}, SecurityGroups: []string{"sg-app", "sg-api"}},
		LoadBalancers: []inventory.ServiceLoadBalancer{{TargetGroupARN: tgAPI, ContainerName: "api", ContainerPort: 80}, {TargetGroupARN: "arn:gone", ContainerName: "api", ContainerPort: 81}}}
	worker := inventory.Service{ARN: "svc/worker", Name: "worker", ClusterARN: "c/prod", LaunchType: "EC2", TaskDefinition: tdJob}
	r.ECS.Clusters = []inventory.Cluster{{ARN: "c/prod", Name: "prod", DefaultStrategy: items("FARGATE", 1, 0),
		ContainerInstances: []inventory.ContainerInstance{{ARN: ciARN, EC2InstanceID: "i-1", AvailabilityZone: "eu-west-1b"}},
		Services:           []inventory.Service{web, api, worker},
		Tasks: []inventory.Task{
			{ARN: "t1", Group: "service:web", LastStatus: "RUNNING", AvailabilityZone: "eu-west-1a", SubnetID: "subnet-a", LaunchType: "FARGATE"},
			{ARN: "t2", Group: "service:web", LastStatus: "", SubnetID: "subnet-b"},
			{ARN: "t3", Group: "service:web", LastStatus: "STOPPED", AvailabilityZone: "eu-west-1c"},
			{ARN: "t4", Group: "service:worker", LastStatus: "RUNNING", ContainerInstance: ciARN, TaskDefinition: tdJob},
			{ARN: "t5", Group: "family:job", LastStatus: "RUNNING", TaskDefinition: tdJob, LaunchType: "EXTERNAL"},
		}}}
	acct := inventory.Account{ID: "111122223333", Regions: []inventory.Region{r},
		IAM: inventory.IAM{Roles: []inventory.Role{{ARN: roleT, Name: "web-task"}}}}
	return &inventory.Snapshot{SchemaVersion: inventory.SchemaVersion, Accounts: []inventory.Account{acct}}
}

// service returns the fixture's service with the given name.
func service(e *Estate, name string) *Service {
	for _, s := range e.Services() {
		if s.Name() == name {
			return s
		}
	}
	return nil
}
