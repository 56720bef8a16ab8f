package diagram

import (
	"cmp"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/inventory"
)

// regionView is one account-region of the estate view with what the
// diagrams draw put in drawing order — VPCs by id, subnets by zone (public
// first), clusters and services by name — so every page reads the same
// facts in the same order. The facts themselves (placement, load balancer
// chains, routes, mounts, capacity) are the estate view's.
type regionView struct {
	er   *estate.Region
	acct *inventory.Account
	reg  *inventory.Region
	key  string // "account/region", the prefix of every node identity
	// vpcs are the region's VPCs; inUse those holding part of the
	// workload (estate.Region.WorkloadVPCs): the others are not drawn.
	vpcs    []*inventory.VPC
	inUse   map[string]bool
	subnets map[string][]*inventory.Subnet // by VPC id, sorted AZ, public first, name
	// clusters are the ECS clusters sorted by name, with their services.
	clusters []*clusterView
}

// clusterView is an ECS cluster with its services sorted by name.
type clusterView struct {
	ec       *estate.Cluster
	c        *inventory.Cluster
	services []*serviceView
	// vpcs are the VPCs its services run in, sorted: where its boxes are.
	vpcs []string
}

// serviceView is a service of the estate view with the answers every page
// reads kept at hand: pages are drawn several times while the planner fits
// them to the node budget.
type serviceView struct {
	es      *estate.Service
	s       *inventory.Service
	cluster *clusterView
	vpc     string
	// azTasks counts running tasks per AZ; subnetTasks per subnet.
	azTasks     map[string]int
	subnetTasks map[string]int
	// targets are the service's known target groups, sorted by name for layout.
	targets []serviceTarget
	efs     []string // file system ids mounted by its task definition
	repos   []string // ECR repository names its images come from, sorted
}

// serviceTarget is a target group a service's container port is registered
// in, with the listeners that forward to it.
type serviceTarget struct {
	tg   *inventory.TargetGroup
	port int
	// listeners are the "PROTOCOL:port" names of those listeners, per load
	// balancer ARN.
	listeners map[string][]string
}

func newRegionView(er *estate.Region) *regionView {
	r := er.Region
	rv := &regionView{er: er, acct: er.Account, reg: r, key: er.AccountID() + "/" + er.Name(), subnets: map[string][]*inventory.Subnet{}}
	for i := range r.Network.VPCs {
		rv.vpcs = append(rv.vpcs, &r.Network.VPCs[i])
	}
	rv.inUse = map[string]bool{}
	for _, id := range er.WorkloadVPCs() {
		rv.inUse[id] = true
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
	for _, ec := range er.Clusters {
		rv.clusters = append(rv.clusters, newClusterView(ec))
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

func newClusterView(ec *estate.Cluster) *clusterView {
	cv := &clusterView{ec: ec, c: ec.Cluster}
	vpcs := map[string]bool{}
	for _, es := range ec.Services {
		sv := newServiceView(cv, es)
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

func newServiceView(cv *clusterView, es *estate.Service) *serviceView {
	sv := &serviceView{es: es, s: es.Service, cluster: cv, vpc: es.VPC(), efs: es.FileSystems()}
	sv.azTasks, sv.subnetTasks = es.TaskSpread()
	for _, t := range es.Targets() {
		if t.TargetGroup != nil {
			sv.targets = append(sv.targets, serviceTarget{tg: t.TargetGroup, port: t.Binding.ContainerPort, listeners: listenerNames(t.Listeners)})
		}
	}
	slices.SortFunc(sv.targets, func(x, y serviceTarget) int {
		return cmp.Or(cmp.Compare(x.tg.Name, y.tg.Name), cmp.Compare(x.tg.ARN, y.tg.ARN), cmp.Compare(x.port, y.port))
	})
	repos := map[string]bool{}
	for _, im := range es.Images() {
		if im.RepositoryName != "" {
			repos[im.RepositoryName] = true
		}
	}
	sv.repos = slices.Sorted(maps.Keys(repos))
	return sv
}

// listenerNames labels listeners "PROTOCOL:port", grouped by load balancer
// ARN, each name once per load balancer.
func listenerNames(refs []estate.ListenerRef) map[string][]string {
	m := map[string][]string{}
	for _, ref := range refs {
		name := listenerName(ref.Listener)
		if !slices.Contains(m[ref.LoadBalancer.ARN], name) {
			m[ref.LoadBalancer.ARN] = append(m[ref.LoadBalancer.ARN], name)
		}
	}
	return m
}

// listenerName is a listener's "PROTOCOL:port".
func listenerName(l *inventory.Listener) string { return l.Protocol + ":" + strconv.Itoa(l.Port) }

// views returns the region views of a snapshot's estate in account, region
// order; e is the snapshot's estate view, nil to build one.
func views(snap *inventory.Snapshot, e *estate.Estate) []*regionView {
	if e == nil {
		e = estate.New(snap)
	}
	regions := slices.Clone(e.Regions)
	slices.SortStableFunc(regions, func(x, y *estate.Region) int {
		return cmp.Or(cmp.Compare(x.AccountID(), y.AccountID()), cmp.Compare(x.Name(), y.Name()))
	})
	out := make([]*regionView, len(regions))
	for i, er := range regions {
		out[i] = newRegionView(er)
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
