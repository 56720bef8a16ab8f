package estate

import (
	"maps"
	"slices"
	"strings"

	"github.com/ecspack/ecspack/inventory"
)

// WearerKind says what kind of resource wears a security group.
type WearerKind string

// The resources the snapshot models as wearing security groups. Task ENIs
// are not modelled: a service's tasks wear its awsvpc groups, and
// DescribeTasks does not report the groups of standalone tasks.
const (
	WearerLoadBalancer WearerKind = "load-balancer"
	WearerService      WearerKind = "service"
	WearerMountTarget  WearerKind = "efs-mount-target"
	WearerInstance     WearerKind = "instance"
	WearerVPCEndpoint  WearerKind = "vpc-endpoint"
)

// Wearer is one resource that wears a security group.
type Wearer struct {
	Kind WearerKind
	// ID identifies the wearer: the load balancer's or service's ARN, the
	// mount target's, instance's or endpoint's id.
	ID string
	// Name is the load balancer's or service's name, the file system id of
	// a mount target, or the endpoint's service name.
	Name string
	// Cluster is the cluster an instance is a container instance of; "" for
	// other wearers and for instances outside ECS.
	Cluster string
	// Service is set for a service wearer.
	Service *Service
}

// securityGroupWearers maps each security group id to its wearers:
// load balancers, services, EFS mount targets, EC2 instances, VPC endpoints,
// each kind in inventory order.
func securityGroupWearers(rg *Region) map[string][]Wearer {
	r := rg.Region
	m := map[string][]Wearer{}
	for _, lb := range r.ELB.LoadBalancers {
		for _, sg := range lb.SecurityGroups {
			m[sg] = append(m[sg], Wearer{Kind: WearerLoadBalancer, ID: lb.ARN, Name: lb.Name})
		}
	}
	for _, s := range rg.Services {
		for _, sg := range s.SecurityGroups() {
			m[sg] = append(m[sg], Wearer{Kind: WearerService, ID: s.Service.ARN, Name: s.Name(), Service: s})
		}
	}
	for _, f := range r.EFS {
		for _, mt := range f.MountTargets {
			for _, sg := range mt.SecurityGroups {
				m[sg] = append(m[sg], Wearer{Kind: WearerMountTarget, ID: mt.ID, Name: f.ID})
			}
		}
	}
	clusterOf := map[string]string{}
	for _, c := range r.ECS.Clusters {
		for _, ci := range c.ContainerInstances {
			if ci.EC2InstanceID != "" {
				clusterOf[ci.EC2InstanceID] = c.Name
			}
		}
	}
	for _, in := range r.EC2.Instances {
		for _, sg := range in.SecurityGroups {
			m[sg] = append(m[sg], Wearer{Kind: WearerInstance, ID: in.ID, Cluster: clusterOf[in.ID]})
		}
	}
	for _, e := range r.Network.VPCEndpoints {
		for _, sg := range e.SecurityGroups {
			m[sg] = append(m[sg], Wearer{Kind: WearerVPCEndpoint, ID: e.ID, Name: e.ServiceName})
		}
	}
	return m
}

// SecurityGroupWearers lists what wears the security group with the given id.
func (r *Region) SecurityGroupWearers(id string) []Wearer { return r.wearers[id] }

// SecurityGroupsWorn lists the ids of the security groups something in the
// region wears, sorted.
func (r *Region) SecurityGroupsWorn() []string { return slices.Sorted(maps.Keys(r.wearers)) }

// ListenerRef is one listener of one load balancer.
type ListenerRef struct {
	LoadBalancer *inventory.LoadBalancer
	Listener     *inventory.Listener
}

// targetGroupListeners maps each target group ARN to the listeners whose
// default actions or rules forward to it, each listener once.
func targetGroupListeners(r *inventory.Region) map[string][]ListenerRef {
	m := map[string][]ListenerRef{}
	for li := range r.ELB.LoadBalancers {
		lb := &r.ELB.LoadBalancers[li]
		for i := range lb.Listeners {
			l := &lb.Listeners[i]
			for _, tg := range ListenerTargetGroups(l) {
				m[tg] = append(m[tg], ListenerRef{LoadBalancer: lb, Listener: l})
			}
		}
	}
	return m
}

// ListenerTargetGroups lists the target group ARNs a listener forwards to,
// through its default actions then its rules, each once.
func ListenerTargetGroups(l *inventory.Listener) []string {
	var out []string
	add := func(as []inventory.Action) {
		for _, a := range as {
			for _, tg := range a.TargetGroups {
				if !slices.Contains(out, tg) {
					out = append(out, tg)
				}
			}
		}
	}
	add(l.DefaultActions)
	for _, ru := range l.Rules {
		add(ru.Actions)
	}
	return out
}

// TargetGroupListeners lists the listeners that forward to the target group
// with the given ARN, load balancer by load balancer in inventory order.
func (r *Region) TargetGroupListeners(arn string) []ListenerRef { return r.tgListeners[arn] }

// natBySubnet maps a subnet id to the NAT gateway ids its default route
// (0.0.0.0/0) uses, through its own route table or its VPC's main one.
func natBySubnet(n *inventory.Network) map[string][]string {
	tables := n.SubnetRouteTables()
	m := map[string][]string{}
	for _, sn := range n.Subnets {
		rt := tables[sn.ID]
		if rt == nil {
			continue
		}
		for _, ro := range rt.Routes {
			if ro.Destination == "0.0.0.0/0" && strings.HasPrefix(ro.Target, "nat-") {
				m[sn.ID] = append(m[sn.ID], ro.Target)
			}
		}
	}
	return m
}

// NATGateways lists the NAT gateways the subnet's default route uses.
func (r *Region) NATGateways(subnetID string) []string { return r.natBySubnet[subnetID] }

// efsBySubnet maps a subnet id to the EFS file systems with a mount target
// in it, sorted.
func efsBySubnet(fss []inventory.FileSystem) map[string][]string {
	m := map[string][]string{}
	for _, fs := range fss {
		for _, mt := range fs.MountTargets {
			m[mt.SubnetID] = append(m[mt.SubnetID], fs.ID)
		}
	}
	for _, l := range m {
		slices.Sort(l)
	}
	return m
}

// MountedFileSystems lists the EFS file system ids with a mount target in
// the subnet, sorted.
func (r *Region) MountedFileSystems(subnetID string) []string { return r.efsBySubnet[subnetID] }

// ProviderGroup returns the Auto Scaling group ARN behind an EC2 capacity
// provider of the region, and the group when the snapshot holds it; "" and
// nil for FARGATE, FARGATE_SPOT and unknown providers.
func (r *Region) ProviderGroup(provider string) (arn string, group *inventory.AutoScalingGroup) {
	cp := r.Index.CapacityProvider(provider)
	if cp == nil || cp.AutoScalingGroupARN == "" {
		return "", nil
	}
	return cp.AutoScalingGroupARN, GroupByARN(r.Index, cp.AutoScalingGroupARN)
}

// GroupByARN finds the Auto Scaling group a capacity provider names by ARN:
// by the ARN itself, else by the group name its resource part carries
// (…:autoScalingGroup:UUID:autoScalingGroupName/NAME), else by the ARN's
// last segment. nil when the snapshot does not hold it.
func GroupByARN(ix *inventory.Index, arn string) *inventory.AutoScalingGroup {
	if g := ix.AutoScalingGroup(arn); g != nil {
		return g
	}
	if i := strings.LastIndex(arn, "autoScalingGroupName/"); i >= 0 {
		return ix.AutoScalingGroup(arn[i+len("autoScalingGroupName/"):])
	}
	return ix.AutoScalingGroup(inventory.ShortName(arn))
}
