package diagram

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/ecspack/ecspack/inventory"
)

// regionView is one account-region of the snapshot with the relations the
// diagrams draw already resolved and sorted, so every page reads the same
// facts in the same order.
type regionView struct {
	acct    *inventory.Account
	reg     *inventory.Region
	ix      *inventory.Index
	key     string // "account/region", the prefix of every node identity
	vpcs    []*inventory.VPC
	subnets map[string][]*inventory.Subnet // by VPC id, sorted AZ, public first, name
	// clusters are the ECS clusters sorted by name, with their services.
	clusters []*clusterView
	// tgListeners maps a target group ARN to the listeners (per LB ARN)
	// that forward to it.
	tgListeners map[string]map[string][]string
	// natBySubnet maps a private subnet id to the NAT gateway ids its default route uses.
	natBySubnet map[string][]string
	// mountTargets maps a subnet id to the EFS file systems mounted in it.
	mountTargets map[string][]string
}

// clusterView is an ECS cluster with its services.
type clusterView struct {
	c        *inventory.Cluster
	services []*serviceView
	external int // ECS Anywhere container instances
	vpcs     []string
}

// serviceView is a service with its placement and connections.
type serviceView struct {
	s       *inventory.Service
	cluster *clusterView
	vpc     string
	// azTasks counts running tasks per AZ; subnetTasks per subnet.
	azTasks     map[string]int
	subnetTasks map[string]int
	running     int
	// targets are the service's target groups with the container port.
	targets []serviceTarget
	efs     []string // file system ids mounted by its task definition
	repos   []string // ECR repository names its images come from
	logs    bool     // awslogs driver in use
	scaling *inventory.ScalableTarget
}

type serviceTarget struct {
	tg   *inventory.TargetGroup
	port int
}

func newRegionView(a *inventory.Account, r *inventory.Region) *regionView {
	rv := &regionView{
		acct: a, reg: r, ix: inventory.NewIndex(r), key: a.ID + "/" + r.Name,
		subnets:      map[string][]*inventory.Subnet{},
		tgListeners:  map[string]map[string][]string{},
		natBySubnet:  map[string][]string{},
		mountTargets: map[string][]string{},
	}
	for i := range r.Network.VPCs {
		rv.vpcs = append(rv.vpcs, &r.Network.VPCs[i])
	}
	slices.SortFunc(rv.vpcs, func(x, y *inventory.VPC) int { return cmp.Compare(x.ID, y.ID) })
	for i := range r.Network.Subnets {
		sn := &r.Network.Subnets[i]
		rv.subnets[sn.VPCID] = append(rv.subnets[sn.VPCID], sn)
	}
	for _, list := range rv.subnets {
		slices.SortFunc(list, func(x, y *inventory.Subnet) int {
			return cmp.Or(cmp.Compare(x.AvailabilityZone, y.AvailabilityZone), -boolCmp(x.Public, y.Public),
				cmp.Compare(x.Tags["Name"], y.Tags["Name"]), cmp.Compare(x.ID, y.ID))
		})
	}
	rv.routes()
	for i := range r.ELB.LoadBalancers {
		lb := &r.ELB.LoadBalancers[i]
		for _, l := range lb.Listeners {
			name := fmt.Sprintf("%s:%d", l.Protocol, l.Port)
			var tgs []string
			for _, a := range l.DefaultActions {
				tgs = append(tgs, a.TargetGroups...)
			}
			for _, ru := range l.Rules {
				for _, a := range ru.Actions {
					tgs = append(tgs, a.TargetGroups...)
				}
			}
			for _, tg := range tgs {
				m := rv.tgListeners[tg]
				if m == nil {
					m = map[string][]string{}
					rv.tgListeners[tg] = m
				}
				if !slices.Contains(m[lb.ARN], name) {
					m[lb.ARN] = append(m[lb.ARN], name)
				}
			}
		}
	}
	for i := range r.EFS {
		fs := &r.EFS[i]
		for _, mt := range fs.MountTargets {
			rv.mountTargets[mt.SubnetID] = append(rv.mountTargets[mt.SubnetID], fs.ID)
		}
	}
	for _, l := range rv.mountTargets {
		slices.Sort(l)
	}
	for i := range r.ECS.Clusters {
		rv.clusters = append(rv.clusters, rv.cluster(&r.ECS.Clusters[i]))
	}
	slices.SortFunc(rv.clusters, func(x, y *clusterView) int {
		return cmp.Or(cmp.Compare(x.c.Name, y.c.Name), cmp.Compare(x.c.ARN, y.c.ARN))
	})
	return rv
}

func boolCmp(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// routes resolves which NAT gateways each subnet's default route uses.
func (rv *regionView) routes() {
	n := &rv.reg.Network
	explicit := map[string]*inventory.RouteTable{}
	main := map[string]*inventory.RouteTable{}
	for i := range n.RouteTables {
		rt := &n.RouteTables[i]
		for _, s := range rt.Subnets {
			explicit[s] = rt
		}
		if rt.Main {
			main[rt.VPCID] = rt
		}
	}
	for _, sn := range n.Subnets {
		rt := explicit[sn.ID]
		if rt == nil {
			rt = main[sn.VPCID]
		}
		if rt == nil {
			continue
		}
		for _, ro := range rt.Routes {
			if ro.Destination == "0.0.0.0/0" && strings.HasPrefix(ro.Target, "nat-") {
				rv.natBySubnet[sn.ID] = append(rv.natBySubnet[sn.ID], ro.Target)
			}
		}
	}
}

func (rv *regionView) cluster(c *inventory.Cluster) *clusterView {
	cv := &clusterView{c: c}
	for _, ci := range c.ContainerInstances {
		if ci.External {
			cv.external++
		}
	}
	vpcs := map[string]bool{}
	for i := range c.Services {
		sv := rv.service(cv, &c.Services[i])
		cv.services = append(cv.services, sv)
		if sv.vpc != "" {
			vpcs[sv.vpc] = true
		}
	}
	slices.SortFunc(cv.services, func(x, y *serviceView) int {
		return cmp.Or(cmp.Compare(x.s.Name, y.s.Name), cmp.Compare(x.s.ARN, y.s.ARN))
	})
	cv.vpcs = slices.Sorted(maps.Keys(vpcs))
	return cv
}

func (rv *regionView) service(cv *clusterView, s *inventory.Service) *serviceView {
	ix := rv.ix
	sv := &serviceView{s: s, cluster: cv, azTasks: map[string]int{}, subnetTasks: map[string]int{}}
	for _, t := range ix.ServiceTasks(cv.c.ARN, s.Name) {
		if t.LastStatus != "RUNNING" && t.LastStatus != "" {
			continue
		}
		sv.running++
		az, subnet := t.AvailabilityZone, t.SubnetID
		if subnet == "" && t.ContainerInstance != "" {
			for _, ci := range cv.c.ContainerInstances {
				if ci.ARN == t.ContainerInstance {
					if inst := ix.Instance(ci.EC2InstanceID); inst != nil {
						subnet = inst.SubnetID
						az = cmp.Or(az, inst.AvailabilityZone)
					}
					az = cmp.Or(az, ci.AvailabilityZone)
				}
			}
		}
		if subnet != "" {
			sv.subnetTasks[subnet]++
			if sn := ix.Subnet(subnet); sn != nil {
				az = cmp.Or(az, sn.AvailabilityZone)
			}
		}
		if az != "" {
			sv.azTasks[az]++
		}
	}
	// The VPC: the service's awsvpc subnets, else where its tasks run, else its target groups'.
	if s.Network != nil {
		for _, id := range s.Network.Subnets {
			if sn := ix.Subnet(id); sn != nil {
				sv.vpc = sn.VPCID
				break
			}
		}
	}
	if sv.vpc == "" {
		for _, id := range slices.Sorted(maps.Keys(sv.subnetTasks)) {
			if sn := ix.Subnet(id); sn != nil {
				sv.vpc = sn.VPCID
				break
			}
		}
	}
	for _, lb := range s.LoadBalancers {
		tg := ix.TargetGroup(lb.TargetGroupARN)
		if tg == nil {
			continue
		}
		sv.targets = append(sv.targets, serviceTarget{tg: tg, port: lb.ContainerPort})
		if sv.vpc == "" {
			sv.vpc = tg.VPCID
		}
	}
	slices.SortFunc(sv.targets, func(x, y serviceTarget) int {
		return cmp.Or(cmp.Compare(x.tg.Name, y.tg.Name), cmp.Compare(x.tg.ARN, y.tg.ARN), cmp.Compare(x.port, y.port))
	})
	if td := ix.TaskDefinition(s.TaskDefinition); td != nil {
		efs, repos := map[string]bool{}, map[string]bool{}
		for _, v := range td.Volumes {
			if v.EFS != nil && v.EFS.FileSystemID != "" {
				efs[v.EFS.FileSystemID] = true
			}
		}
		for _, c := range td.Containers {
			if repo := ix.RepositoryForImage(c.Image); repo != nil {
				repos[repo.Name] = true
			} else if strings.Contains(c.Image, ".dkr.ecr.") {
				repos[repoName(c.Image)] = true
			}
			if c.LogConfiguration != nil && c.LogConfiguration.Driver == "awslogs" {
				sv.logs = true
			}
		}
		sv.efs, sv.repos = slices.Sorted(maps.Keys(efs)), slices.Sorted(maps.Keys(repos))
	}
	sv.scaling = ix.ScalableTarget(cv.c.Name, s.Name)
	return sv
}

// repoName is the repository path of an ECR image reference.
func repoName(image string) string {
	ref := image
	if i := strings.IndexByte(ref, '@'); i >= 0 {
		ref = ref[:i]
	}
	if i := strings.LastIndexByte(ref, ':'); i > strings.LastIndexByte(ref, '/') {
		ref = ref[:i]
	}
	if i := strings.IndexByte(ref, '/'); i >= 0 {
		return ref[i+1:]
	}
	return ref
}

// views returns the region views of a snapshot in account, region order.
func views(snap *inventory.Snapshot) []*regionView {
	accts := make([]*inventory.Account, 0, len(snap.Accounts))
	for i := range snap.Accounts {
		accts = append(accts, &snap.Accounts[i])
	}
	slices.SortFunc(accts, func(x, y *inventory.Account) int { return cmp.Compare(x.ID, y.ID) })
	var out []*regionView
	for _, a := range accts {
		regs := make([]*inventory.Region, 0, len(a.Regions))
		for i := range a.Regions {
			regs = append(regs, &a.Regions[i])
		}
		slices.SortFunc(regs, func(x, y *inventory.Region) int { return cmp.Compare(x.Name, y.Name) })
		for _, r := range regs {
			out = append(out, newRegionView(a, r))
		}
	}
	return out
}

// shortAZ trims the region from an AZ name ("eu-west-1a" → "1a") for compact spreads.
func shortAZ(region, az string) string {
	if s, ok := strings.CutPrefix(az, region[:max(0, strings.LastIndexByte(region, '-'))]+"-"); ok && region != "" && s != "" {
		return s
	}
	return az
}
