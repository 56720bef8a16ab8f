package estate

import (
	"maps"
	"slices"
)

// WorkloadVPCs lists, sorted, the VPCs of the region that hold part of the
// workload: an ECS service's network configuration or a task's subnet, a
// container instance, a load balancer, an Auto Scaling group's subnet or
// an EFS mount target. A VPC holding none of these (the default VPC every
// account and every emulator starts with) is empty for the diagrams.
func (r *Region) WorkloadVPCs() []string {
	in := map[string]bool{}
	subnet := func(id string) {
		if sn := r.Index.Subnet(id); sn != nil && sn.VPCID != "" {
			in[sn.VPCID] = true
		}
	}
	for _, s := range r.Services {
		for _, id := range s.Subnets() {
			subnet(id)
		}
		for _, t := range s.Tasks() {
			subnet(t.SubnetID)
		}
	}
	for _, c := range r.Clusters {
		for i := range c.Cluster.Tasks {
			subnet(c.Cluster.Tasks[i].SubnetID)
		}
		for _, ci := range c.Cluster.ContainerInstances {
			if inst := r.Index.Instance(ci.EC2InstanceID); inst != nil {
				subnet(inst.SubnetID)
			}
		}
	}
	reg := r.Region
	for _, lb := range reg.ELB.LoadBalancers {
		if lb.VPCID != "" {
			in[lb.VPCID] = true
		}
	}
	for _, g := range reg.AutoScaling.Groups {
		for _, id := range g.Subnets {
			subnet(id)
		}
	}
	for _, fs := range reg.EFS {
		for _, mt := range fs.MountTargets {
			subnet(mt.SubnetID)
		}
	}
	return slices.Sorted(maps.Keys(in))
}
