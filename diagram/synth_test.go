package diagram

import (
	"fmt"
	"time"

	"github.com/ecspack/ecspack/inventory"
)

// synthEstate generates an estate of n services: 100 services per ECS
// cluster, one ALB per 25 services with a target group and listener rule per
// service, a VPC per 500 services with three AZs of public and private
// subnets, two running tasks per service spread over the AZs.
func synthEstate(n int) *inventory.Snapshot {
	azs := []string{"eu-west-1a", "eu-west-1b", "eu-west-1c"}
	r := inventory.Region{Name: region}
	for _, az := range azs {
		r.AvailabilityZones = append(r.AvailabilityZones, inventory.AvailabilityZone{Name: az})
	}
	nVPC := 1 + (n-1)/500
	for v := 0; v < nVPC; v++ {
		vpc := fmt.Sprintf("vpc-%04d", v)
		r.Network.VPCs = append(r.Network.VPCs, inventory.VPC{ID: vpc, CIDR: fmt.Sprintf("10.%d.0.0/16", v), Tags: map[string]string{"Name": "synth-" + vpc}})
		r.Network.InternetGateways = append(r.Network.InternetGateways, inventory.InternetGateway{ID: "igw-" + vpc, VPCs: []string{vpc}})
		for i, az := range azs {
			pub, priv := fmt.Sprintf("subnet-%s-pub-%d", vpc, i), fmt.Sprintf("subnet-%s-priv-%d", vpc, i)
			r.Network.Subnets = append(r.Network.Subnets,
				inventory.Subnet{ID: pub, VPCID: vpc, AvailabilityZone: az, CIDR: fmt.Sprintf("10.%d.%d.0/24", v, i), Public: true, AvailableIPs: 200, Tags: map[string]string{"Name": fmt.Sprintf("pub-%d", i)}},
				inventory.Subnet{ID: priv, VPCID: vpc, AvailabilityZone: az, CIDR: fmt.Sprintf("10.%d.%d.0/22", v, 64+4*i), AvailableIPs: 900, Tags: map[string]string{"Name": fmt.Sprintf("priv-%d", i)}})
			nat := fmt.Sprintf("nat-%s-%d", vpc, i)
			r.Network.NATGateways = append(r.Network.NATGateways, inventory.NATGateway{ID: nat, VPCID: vpc, SubnetID: pub, State: "available"})
			r.Network.RouteTables = append(r.Network.RouteTables, inventory.RouteTable{ID: "rtb-" + priv, VPCID: vpc, Subnets: []string{priv},
				Routes: []inventory.Route{{Destination: "0.0.0.0/0", Target: nat}}})
		}
	}
	var cluster *inventory.Cluster
	var lb *inventory.LoadBalancer
	for i := 0; i < n; i++ {
		vpc := fmt.Sprintf("vpc-%04d", i/500)
		privs := []string{fmt.Sprintf("subnet-%s-priv-0", vpc), fmt.Sprintf("subnet-%s-priv-1", vpc), fmt.Sprintf("subnet-%s-priv-2", vpc)}
		if i%100 == 0 {
			name := fmt.Sprintf("cluster-%02d", i/100)
			r.ECS.Clusters = append(r.ECS.Clusters, inventory.Cluster{ARN: arn("ecs", "cluster/"+name), Name: name})
		}
		cluster = &r.ECS.Clusters[len(r.ECS.Clusters)-1]
		if i%25 == 0 {
			name := fmt.Sprintf("alb-%03d", i/25)
			r.ELB.LoadBalancers = append(r.ELB.LoadBalancers, inventory.LoadBalancer{ARN: arn("elasticloadbalancing", "loadbalancer/app/"+name), Name: name,
				Type: "application", Scheme: "internet-facing", VPCID: vpc, AvailabilityZones: azs,
				Subnets:   []string{fmt.Sprintf("subnet-%s-pub-0", vpc), fmt.Sprintf("subnet-%s-pub-1", vpc), fmt.Sprintf("subnet-%s-pub-2", vpc)},
				Listeners: []inventory.Listener{{ARN: arn("elasticloadbalancing", "listener/app/"+name+"/443"), Protocol: "HTTPS", Port: 443}}})
		}
		lb = &r.ELB.LoadBalancers[len(r.ELB.LoadBalancers)-1]
		svc := fmt.Sprintf("svc-%04d", i)
		tg := arn("elasticloadbalancing", "targetgroup/tg-"+svc)
		td := arn("ecs", "task-definition/"+svc+":1")
		r.ELB.TargetGroups = append(r.ELB.TargetGroups, inventory.TargetGroup{ARN: tg, Name: "tg-" + svc, Protocol: "HTTP", Port: 8080, VPCID: vpc, TargetType: "ip", LoadBalancers: []string{lb.ARN}})
		lst := &lb.Listeners[0]
		if len(lst.DefaultActions) == 0 {
			lst.DefaultActions = []inventory.Action{{Type: "forward", TargetGroups: []string{tg}}}
		} else {
			lst.Rules = append(lst.Rules, inventory.Rule{ARN: tg + "/rule", Priority: fmt.Sprint(i), Actions: []inventory.Action{{Type: "forward", TargetGroups: []string{tg}}}})
		}
		s := inventory.Service{ARN: arn("ecs", "service/"+cluster.Name+"/"+svc), Name: svc, ClusterARN: cluster.ARN, TaskDefinition: td,
			DesiredCount: 2, RunningCount: 2, Network: &inventory.AwsVPCConfiguration{Subnets: privs},
			LoadBalancers: []inventory.ServiceLoadBalancer{{TargetGroupARN: tg, ContainerName: "app", ContainerPort: 8080}}}
		if i%3 == 0 {
			s.LaunchType = "FARGATE"
		} else {
			s.CapacityProviderStrategy = []inventory.CapacityProviderItem{{CapacityProvider: "FARGATE", Weight: 1, Base: 1}, {CapacityProvider: "FARGATE_SPOT", Weight: 2}}
		}
		cluster.Services = append(cluster.Services, s)
		for k := 0; k < 2; k++ {
			az := (i + k) % 3
			cluster.Tasks = append(cluster.Tasks, inventory.Task{ARN: arn("ecs", fmt.Sprintf("task/%s/%s-%d", cluster.Name, svc, k)), ClusterARN: cluster.ARN,
				TaskDefinition: td, Group: "service:" + svc, LastStatus: "RUNNING", AvailabilityZone: azs[az], SubnetID: privs[az]})
		}
		r.ECS.TaskDefinitions = append(r.ECS.TaskDefinitions, inventory.TaskDefinition{ARN: td, Family: svc, Revision: 1,
			Containers: []inventory.ContainerDefinition{{Name: "app", Image: acct + ".dkr.ecr." + region + ".amazonaws.com/synth/" + svc + ":1", Essential: true,
				LogConfiguration: &inventory.LogConfiguration{Driver: "awslogs"}}}})
		r.ECR.Repositories = append(r.ECR.Repositories, inventory.Repository{ARN: arn("ecr", "repository/synth/"+svc), Name: "synth/" + svc,
			URI: acct + ".dkr.ecr." + region + ".amazonaws.com/synth/" + svc})
	}
	r.LogGroups = []inventory.LogGroup{{Name: "/ecs/synth"}}
	return &inventory.Snapshot{
		SchemaVersion: inventory.SchemaVersion,
		Collection:    inventory.Collection{Source: "synth", StartedAt: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)},
		Accounts:      []inventory.Account{{ID: acct, Regions: []inventory.Region{r}}},
	}
}
