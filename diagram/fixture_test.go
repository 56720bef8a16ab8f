package diagram

import (
	"fmt"
	"time"

	"github.com/ecspack/ecspack/inventory"
)

const (
	acct   = "123456789012"
	region = "eu-west-1"
	// apiRole is the small estate's api's task role.
	apiRole = "arn:aws:iam::" + acct + ":role/api-task"
)

func arn(service, res string) string {
	return fmt.Sprintf("arn:aws:%s:%s:%s:%s", service, region, acct, res)
}

// smallSnapshot is a hand-made estate with one of everything the diagrams
// draw: two AZs with public and private subnets, an internet-facing ALB
// with a redirect and path rules, Fargate, Fargate Spot and EC2 capacity,
// EFS, ECR, regional services, endpoints and ECS Anywhere.
func smallSnapshot() *inventory.Snapshot {
	cluster := arn("ecs", "cluster/prod")
	edge := arn("ecs", "cluster/edge")
	td := func(name string) string { return arn("ecs", "task-definition/"+name+":1") }
	tgWeb, tgAPI := arn("elasticloadbalancing", "targetgroup/tg-web/1"), arn("elasticloadbalancing", "targetgroup/tg-api/2")
	alb := arn("elasticloadbalancing", "loadbalancer/app/prod-alb/3")
	repo := acct + ".dkr.ecr." + region + ".amazonaws.com/shop/web"
	task := func(svc, az, subnet string, n int) inventory.Task {
		return inventory.Task{ARN: arn("ecs", fmt.Sprintf("task/prod/%s-%s-%d", svc, az, n)), ClusterARN: cluster, TaskDefinition: td(svc),
			Group: "service:" + svc, LastStatus: "RUNNING", AvailabilityZone: az, SubnetID: subnet}
	}
	awslogs := &inventory.LogConfiguration{Driver: "awslogs"}
	return &inventory.Snapshot{
		SchemaVersion: inventory.SchemaVersion,
		Collection:    inventory.Collection{Source: "manual", StartedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)},
		Accounts: []inventory.Account{{
			ID: acct, Alias: "shop-prod",
			IAM: shopIAM(),
			Regions: []inventory.Region{{
				Name:              region,
				AvailabilityZones: []inventory.AvailabilityZone{{Name: "eu-west-1a"}, {Name: "eu-west-1b"}},
				Network: inventory.Network{
					VPCs: []inventory.VPC{{ID: "vpc-0a1", CIDR: "10.0.0.0/16", Tags: map[string]string{"Name": "shop-vpc"}}},
					Subnets: []inventory.Subnet{
						{ID: "subnet-pub-a", VPCID: "vpc-0a1", AvailabilityZone: "eu-west-1a", CIDR: "10.0.0.0/24", Public: true, AvailableIPs: 250, Tags: map[string]string{"Name": "public-a"}},
						{ID: "subnet-pub-b", VPCID: "vpc-0a1", AvailabilityZone: "eu-west-1b", CIDR: "10.0.1.0/24", Public: true, AvailableIPs: 249, Tags: map[string]string{"Name": "public-b"}},
						{ID: "subnet-priv-a", VPCID: "vpc-0a1", AvailabilityZone: "eu-west-1a", CIDR: "10.0.10.0/24", AvailableIPs: 240, Tags: map[string]string{"Name": "private-a"}},
						{ID: "subnet-priv-b", VPCID: "vpc-0a1", AvailabilityZone: "eu-west-1b", CIDR: "10.0.11.0/24", AvailableIPs: 241, Tags: map[string]string{"Name": "private-b"}},
					},
					RouteTables: []inventory.RouteTable{
						{ID: "rtb-pub", VPCID: "vpc-0a1", Subnets: []string{"subnet-pub-a", "subnet-pub-b"}, Routes: []inventory.Route{{Destination: "0.0.0.0/0", Target: "igw-1"}}},
						{ID: "rtb-a", VPCID: "vpc-0a1", Subnets: []string{"subnet-priv-a"}, Routes: []inventory.Route{{Destination: "0.0.0.0/0", Target: "nat-a"}}},
						{ID: "rtb-b", VPCID: "vpc-0a1", Subnets: []string{"subnet-priv-b"}, Routes: []inventory.Route{{Destination: "0.0.0.0/0", Target: "nat-b"}}},
					},
					InternetGateways: []inventory.InternetGateway{{ID: "igw-1", VPCs: []string{"vpc-0a1"}}},
					NATGateways: []inventory.NATGateway{
						{ID: "nat-a", VPCID: "vpc-0a1", SubnetID: "subnet-pub-a", State: "available", ConnectivityType: "public"},
						{ID: "nat-b", VPCID: "vpc-0a1", SubnetID: "subnet-pub-b", State: "available", ConnectivityType: "public"},
					},
					VPCEndpoints: []inventory.VPCEndpoint{
						{ID: "vpce-1", VPCID: "vpc-0a1", ServiceName: "com.amazonaws.eu-west-1.s3", Type: "Gateway"},
						{ID: "vpce-2", VPCID: "vpc-0a1", ServiceName: "com.amazonaws.eu-west-1.ecr.dkr", Type: "Interface"},
						{ID: "vpce-3", VPCID: "vpc-0a1", ServiceName: "com.amazonaws.eu-west-1.logs", Type: "Interface"},
					},
				},
				ECS: inventory.ECS{
					Clusters: []inventory.Cluster{
						{ARN: cluster, Name: "prod", CapacityProviders: []string{"FARGATE", "FARGATE_SPOT", "cp-ec2"},
							Services: []inventory.Service{
								{ARN: arn("ecs", "service/prod/web"), Name: "web", ClusterARN: cluster, LaunchType: "FARGATE", TaskDefinition: td("web"),
									DesiredCount: 2, RunningCount: 2, Network: &inventory.AwsVPCConfiguration{Subnets: []string{"subnet-priv-a", "subnet-priv-b"}},
									LoadBalancers:     []inventory.ServiceLoadBalancer{{TargetGroupARN: tgWeb, ContainerName: "web", ContainerPort: 8080}},
									ServiceRegistries: []string{"arn:aws:servicediscovery:eu-west-1:123456789012:service/srv-1"}},
								{ARN: arn("ecs", "service/prod/api"), Name: "api", ClusterARN: cluster, TaskDefinition: td("api"),
									CapacityProviderStrategy: []inventory.CapacityProviderItem{{CapacityProvider: "FARGATE", Weight: 1, Base: 1}, {CapacityProvider: "FARGATE_SPOT", Weight: 3}},
									DesiredCount:             3, RunningCount: 3, Network: &inventory.AwsVPCConfiguration{Subnets: []string{"subnet-priv-a", "subnet-priv-b"}},
									LoadBalancers: []inventory.ServiceLoadBalancer{{TargetGroupARN: tgAPI, ContainerName: "api", ContainerPort: 9000}}},
								{ARN: arn("ecs", "service/prod/worker"), Name: "worker", ClusterARN: cluster, TaskDefinition: td("worker"),
									CapacityProviderStrategy: []inventory.CapacityProviderItem{{CapacityProvider: "cp-ec2", Weight: 1}},
									DesiredCount:             2, RunningCount: 1, PendingCount: 1, Network: &inventory.AwsVPCConfiguration{Subnets: []string{"subnet-priv-a", "subnet-priv-b"}}},
							},
							Tasks: []inventory.Task{
								task("web", "eu-west-1a", "subnet-priv-a", 1), task("web", "eu-west-1b", "subnet-priv-b", 1),
								task("api", "eu-west-1a", "subnet-priv-a", 1), task("api", "eu-west-1a", "subnet-priv-a", 2), task("api", "eu-west-1b", "subnet-priv-b", 1),
								task("worker", "eu-west-1b", "subnet-priv-b", 1),
							}},
						{ARN: edge, Name: "edge", Services: []inventory.Service{
							{ARN: arn("ecs", "service/edge/collector"), Name: "collector", ClusterARN: edge, LaunchType: "EXTERNAL", TaskDefinition: td("collector"), DesiredCount: 2, RunningCount: 2},
						}, ContainerInstances: []inventory.ContainerInstance{
							{ARN: arn("ecs", "container-instance/edge/1"), External: true, OSFamily: "LINUX", AgentConnected: true},
							{ARN: arn("ecs", "container-instance/edge/2"), External: true, OSFamily: "LINUX", AgentConnected: true},
						}},
					},
					TaskDefinitions: []inventory.TaskDefinition{
						{ARN: td("web"), Family: "web", Revision: 1, Containers: []inventory.ContainerDefinition{{Name: "web", Image: repo + ":1.4", Essential: true, LogConfiguration: awslogs}}},
						{ARN: td("api"), Family: "api", Revision: 1, TaskRoleARN: apiRole, Containers: []inventory.ContainerDefinition{{Name: "api", Image: acct + ".dkr.ecr." + region + ".amazonaws.com/shop/api@sha256:abc", Essential: true, LogConfiguration: awslogs,
							Secrets: []inventory.SecretRef{{Name: "DB_PASSWORD", ValueFrom: arn("secretsmanager", "secret:shop/db-Ab12Cd")}}}},
							Volumes: []inventory.Volume{{Name: "data", Type: "efs", EFS: &inventory.EFSVolume{FileSystemID: "fs-01", TransitEncryption: "ENABLED"}}}},
						{ARN: td("worker"), Family: "worker", Revision: 1, Containers: []inventory.ContainerDefinition{{Name: "worker", Image: "public.ecr.aws/docker/library/busybox:1", Essential: true}}},
						{ARN: td("collector"), Family: "collector", Revision: 1, Containers: []inventory.ContainerDefinition{{Name: "c", Image: "otel/collector:1", Essential: true}}},
					},
					CapacityProviders: []inventory.CapacityProvider{{Name: "FARGATE"}, {Name: "FARGATE_SPOT"},
						{Name: "cp-ec2", AutoScalingGroupARN: "arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:1:autoScalingGroupName/asg-ecs"}},
				},
				ELB: inventory.ELB{
					LoadBalancers: []inventory.LoadBalancer{{ARN: alb, Name: "prod-alb", Type: "application", Scheme: "internet-facing", VPCID: "vpc-0a1",
						Subnets: []string{"subnet-pub-a", "subnet-pub-b"}, AvailabilityZones: []string{"eu-west-1b", "eu-west-1a"},
						Listeners: []inventory.Listener{
							{ARN: alb + "/l80", Protocol: "HTTP", Port: 80, DefaultActions: []inventory.Action{{Type: "redirect", RedirectProtocol: "HTTPS", RedirectPort: "443"}}},
							{ARN: alb + "/l443", Protocol: "HTTPS", Port: 443, DefaultActions: []inventory.Action{{Type: "forward", TargetGroups: []string{tgWeb}}},
								Rules: []inventory.Rule{{ARN: alb + "/r1", Priority: "10", Conditions: []string{"path-pattern=/api/*"}, Actions: []inventory.Action{{Type: "forward", TargetGroups: []string{tgAPI}}}}}},
						}}},
					TargetGroups: []inventory.TargetGroup{
						{ARN: tgWeb, Name: "tg-web", Protocol: "HTTP", Port: 8080, VPCID: "vpc-0a1", TargetType: "ip", LoadBalancers: []string{alb},
							Targets: []inventory.TargetHealth{{ID: "10.0.10.5", State: "healthy"}, {ID: "10.0.11.5", State: "healthy"}}},
						{ARN: tgAPI, Name: "tg-api", Protocol: "HTTP", Port: 9000, VPCID: "vpc-0a1", TargetType: "ip", LoadBalancers: []string{alb}},
					},
				},
				AutoScaling: inventory.AutoScaling{
					Groups: []inventory.AutoScalingGroup{{ARN: "arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:1:autoScalingGroupName/asg-ecs", Name: "asg-ecs",
						MinSize: 1, MaxSize: 4, DesiredCapacity: 2, AvailabilityZones: []string{"eu-west-1a", "eu-west-1b"}, Subnets: []string{"subnet-priv-a", "subnet-priv-b"},
						InstanceTypes: []string{"m7g.large", "m6g.large"}}},
					ScalableTargets: []inventory.ScalableTarget{{ResourceID: "service/prod/web", ScalableDimension: "ecs:service:DesiredCount", MinCapacity: 2, MaxCapacity: 10}},
				},
				ECR: inventory.ECR{Repositories: []inventory.Repository{
					{ARN: arn("ecr", "repository/shop/api"), Name: "shop/api", URI: acct + ".dkr.ecr." + region + ".amazonaws.com/shop/api"},
					{ARN: arn("ecr", "repository/shop/web"), Name: "shop/web", URI: repo},
				}, Scanning: &inventory.RegistryScanning{Type: "ENHANCED"}},
				EFS: []inventory.FileSystem{{ID: "fs-01", Name: "shop-data", Encrypted: true, ThroughputMode: "elastic", MountTargets: []inventory.MountTarget{
					{ID: "fsmt-a", SubnetID: "subnet-priv-a", AvailabilityZone: "eu-west-1a"}, {ID: "fsmt-b", SubnetID: "subnet-priv-b", AvailabilityZone: "eu-west-1b"}}}},
				Trails:     []inventory.Trail{{ARN: arn("cloudtrail", "trail/org-trail"), Name: "org-trail", MultiRegion: true, LogFileValidation: true}},
				Alarms:     []inventory.Alarm{{Name: "web-5xx", Threshold: 5}, {Name: "api-latency", Threshold: 1}},
				LogGroups:  []inventory.LogGroup{{Name: "/ecs/web"}, {Name: "/ecs/api"}},
				Namespaces: []inventory.Namespace{{ID: "ns-1", Name: "shop.local", Type: "DNS_PRIVATE"}},
				GuardDuty:  []inventory.Detector{{ID: "det-1", Status: "ENABLED", RuntimeMonitoring: "ENABLED"}},
			}},
		}},
	}
}

// shopIAM holds the api's task role: it reaches a queue, a table, a bucket
// and a key.
func shopIAM() inventory.IAM {
	return inventory.IAM{Roles: []inventory.Role{{ARN: apiRole, Name: "api-task", InlinePolicies: []inventory.Policy{{Name: "api", Document: `{"Statement":[
		{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"` + arn("sqs", "shop-orders") + `"},
		{"Effect":"Allow","Action":"dynamodb:Query","Resource":["` + arn("dynamodb", "table/shop-carts") + `","` + arn("dynamodb", "table/shop-carts/index/by-user") + `"]},
		{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::shop-media/*"},
		{"Effect":"Allow","Action":"kms:Decrypt","Resource":"` + arn("kms", "key/k-shop") + `"}]}`}}}}}
}
