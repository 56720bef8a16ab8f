package estate

import (
	"reflect"
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

func TestWorkloadVPCs(t *testing.T) {
	withVPC := func(edit func(r *inventory.Region)) *inventory.Snapshot {
		r := inventory.Region{Name: "eu-west-1"}
		r.Network.VPCs = []inventory.VPC{{ID: "vpc-default", IsDefault: true}, {ID: "vpc-app"}}
		r.Network.Subnets = []inventory.Subnet{{ID: "subnet-d", VPCID: "vpc-default"}, {ID: "subnet-app", VPCID: "vpc-app"}}
		edit(&r)
		return &inventory.Snapshot{SchemaVersion: inventory.SchemaVersion, Accounts: []inventory.Account{{ID: "111122223333", Regions: []inventory.Region{r}}}}
	}
	tests := []struct {
		name string
		edit func(r *inventory.Region)
		want []string
	}{
		{"nothing in either VPC", func(*inventory.Region) {}, nil},
		{"a service's subnets", func(r *inventory.Region) {
			r.ECS.Clusters = []inventory.Cluster{{ARN: "c", Name: "c", Services: []inventory.Service{{ARN: "s", Name: "s",
				Network: &inventory.AwsVPCConfiguration{Subnets: []string{"subnet-app"}}}}}}
		}, []string{"vpc-app"}},
		{"a standalone task's subnet", func(r *inventory.Region) {
			r.ECS.Clusters = []inventory.Cluster{{ARN: "c", Name: "c", Tasks: []inventory.Task{{ARN: "t", SubnetID: "subnet-d"}}}}
		}, []string{"vpc-default"}},
		{"a container instance", func(r *inventory.Region) {
			r.EC2.Instances = []inventory.Instance{{ID: "i-1", SubnetID: "subnet-app"}}
			r.ECS.Clusters = []inventory.Cluster{{ARN: "c", Name: "c", ContainerInstances: []inventory.ContainerInstance{{ARN: "ci", EC2InstanceID: "i-1"}}}}
		}, []string{"vpc-app"}},
		{"an EC2 instance outside ECS is no workload", func(r *inventory.Region) {
			r.EC2.Instances = []inventory.Instance{{ID: "i-1", SubnetID: "subnet-d"}}
		}, nil},
		{"a load balancer", func(r *inventory.Region) {
			r.ELB.LoadBalancers = []inventory.LoadBalancer{{ARN: "lb", VPCID: "vpc-default"}}
		}, []string{"vpc-default"}},
		{"an Auto Scaling group and an EFS mount target", func(r *inventory.Region) {
			r.AutoScaling.Groups = []inventory.AutoScalingGroup{{ARN: "g", Subnets: []string{"subnet-app"}}}
			r.EFS = []inventory.FileSystem{{ID: "fs", MountTargets: []inventory.MountTarget{{ID: "mt", SubnetID: "subnet-d"}}}}
		}, []string{"vpc-app", "vpc-default"}},
		{"a subnet the snapshot lacks names no VPC", func(r *inventory.Region) {
			r.EFS = []inventory.FileSystem{{ID: "fs", MountTargets: []inventory.MountTarget{{ID: "mt", SubnetID: "subnet-gone"}}}}
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := New(withVPC(tt.edit))
			if got := e.Regions[0].WorkloadVPCs(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("WorkloadVPCs = %q, want %q", got, tt.want)
			}
		})
	}
}
