package discover

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ecspack/ecspack/inventory"
)

// builder assembles one region of the inventory from API outputs. Live
// discovery and `import` of aws CLI files feed it the same SDK output
// structs through the same add methods, so both paths convert identically.
// Every add method is safe for concurrent use.
type builder struct {
	mu sync.Mutex
	r  inventory.Region

	clusters           []inventory.Cluster
	services           []inventory.Service
	tasks              []inventory.Task
	containerInstances map[string][]inventory.ContainerInstance // by cluster ARN
	taskDefs           map[string]inventory.TaskDefinition
	capacityProviders  []inventory.CapacityProvider
	loadBalancers      []inventory.LoadBalancer
	lbTags             map[string]map[string]string
	lbAttrs            map[string]map[string]string    // by load balancer ARN
	listeners          map[string][]inventory.Listener // by load balancer ARN
	listenerCerts      map[string][]string             // by listener ARN: SNI certificates listed
	webACLs            map[string]*inventory.WebACL    // by load balancer ARN; nil for none
	rules              map[string][]inventory.Rule     // by listener ARN
	targetGroups       []inventory.TargetGroup
	targetHealth       map[string][]inventory.TargetHealth // by target group ARN
	fileSystems        []inventory.FileSystem
	mountTargets       map[string][]inventory.MountTarget     // by file system id
	mountTargetSGs     map[string][]string                    // by mount target id
	accessPoints       map[string][]inventory.AccessPoint     // by file system id
	fsBackup           map[string]string                      // by file system id; "" for no backup policy
	fsPolicy           map[string]string                      // by file system id; "" for no policy
	trailStatus        map[string]bool                        // by trail ARN or name
	trailBuckets       map[string]*inventory.BucketProtection // by bucket name
	dataBuckets        map[string]*dataBucket                 // by bucket name (s3_data.go)
	repoPolicies       map[string]string                      // by repository name; "" for none
	repoLifecycle      map[string]string                      // by repository name; "" for none
	repoGaps           map[string][]string                    // by repository name
	repoImages         map[ecrRef]inventory.RepositoryImage
	kmsKeys            map[string]inventory.KMSKey // by key ARN; by the estate's reference when DescribeKey failed
	kmsRotation        map[string]keyRotation      // by key ARN
	// interfacesRead and interfacesFailed say whether the network
	// interfaces were read whole (see networkInterfacesRead).
	interfacesRead, interfacesFailed bool
	// rdsRead says, by list operation, whether the RDS list was read whole
	// (see rdsListRead).
	rdsRead map[string]bool
	// gaps are the failed reads about known resources, by kind and key (see markGap).
	gaps map[gapKey][]string

	// Keys already fetched, so each is asked for once.
	taskDefsSeen, capacityProvidersSeen, instancesSeen, imagesSeen, certificatesSeen onceSet
}

func newBuilder(region string) *builder {
	return &builder{
		r:                  inventory.Region{Name: region},
		containerInstances: map[string][]inventory.ContainerInstance{},
		taskDefs:           map[string]inventory.TaskDefinition{},
		lbTags:             map[string]map[string]string{},
		lbAttrs:            map[string]map[string]string{},
		listeners:          map[string][]inventory.Listener{},
		listenerCerts:      map[string][]string{},
		webACLs:            map[string]*inventory.WebACL{},
		rules:              map[string][]inventory.Rule{},
		targetHealth:       map[string][]inventory.TargetHealth{},
		mountTargets:       map[string][]inventory.MountTarget{},
		mountTargetSGs:     map[string][]string{},
		accessPoints:       map[string][]inventory.AccessPoint{},
		fsBackup:           map[string]string{},
		fsPolicy:           map[string]string{},
		trailStatus:        map[string]bool{},
		trailBuckets:       map[string]*inventory.BucketProtection{},
		repoPolicies:       map[string]string{},
		repoLifecycle:      map[string]string{},
		repoGaps:           map[string][]string{},
		repoImages:         map[ecrRef]inventory.RepositoryImage{},
		kmsKeys:            map[string]inventory.KMSKey{},
		kmsRotation:        map[string]keyRotation{},
		gaps:               map[gapKey][]string{},
	}
}

// gapKind names the kind of resource a gap belongs to.
type gapKind int

// The resources whose details are read by separate calls.
const (
	gapCluster          gapKind = iota // key: cluster ARN
	gapCapacityProvider                // key: provider name
	gapInstance                        // key: EC2 instance id
	gapImage                           // key: AMI id
	gapLoadBalancer                    // key: load balancer ARN
	gapTargetGroup                     // key: target group ARN
	gapFileSystem                      // key: file system id; "" for every file system
	gapTrail                           // key: trail ARN or name
	gapDetector                        // key: detector id
)

type gapKey struct {
	kind gapKind
	key  string
}

// markGap records that a read about one resource failed; finish attaches
// the gap to the resource, and keeps a stub of it (its key, marked) when the
// resource itself could not be read, so nothing referenced is silently absent.
func (b *builder) markGap(kind gapKind, key, gap string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	k := gapKey{kind, key}
	b.gaps[k] = append(b.gaps[k], gap)
}

// gapsOf returns the sorted keys with gaps of one kind.
func (b *builder) gapsOf(kind gapKind) []string {
	var out []string
	for k := range b.gaps {
		if k.kind == kind {
			out = append(out, k.key)
		}
	}
	slices.Sort(out)
	return out
}

// markGaps adds the gaps recorded for one kind of resource to the list's
// resources, matched by key; a resource with gaps that the list lacks (it
// could not be read at all) is appended as a stub made by stub, so what is
// referenced is never silently absent.
func markGaps[T any](b *builder, kind gapKind, list []T, field func(*T) (key string, gaps *[]string), stub func(key string) T) []T {
	for _, key := range b.gapsOf(kind) {
		i := slices.IndexFunc(list, func(x T) bool { k, _ := field(&x); return k == key })
		if i < 0 {
			list = append(list, stub(key))
			i = len(list) - 1
		}
		_, gaps := field(&list[i])
		*gaps = append(*gaps, b.gaps[gapKey{kind, key}]...)
	}
	return list
}

// finish links what the APIs return separately (services into clusters,
// listeners into load balancers, mount targets into file systems, ...),
// derives public subnets from route tables, and returns the region sorted.
func (b *builder) finish() inventory.Region {
	b.mu.Lock()
	defer b.mu.Unlock()
	r := b.r
	dedupeRegion(&r)

	r.ECS.Clusters = b.finishClusters()
	for _, td := range b.taskDefs {
		r.ECS.TaskDefinitions = append(r.ECS.TaskDefinitions, td)
	}
	// A revision referenced but not read (its describe failed, or its file
	// is missing) is kept as a marked stub so references still resolve.
	for _, arn := range b.missingTaskDefinitions(r.ECS.Clusters) {
		r.ECS.TaskDefinitions = append(r.ECS.TaskDefinitions, taskDefinitionStub(arn))
	}
	r.ECS.CapacityProviders = dedupe(b.capacityProviders, func(c inventory.CapacityProvider) string { return c.Name })
	r.ECS.CapacityProviders = markGaps(b, gapCapacityProvider, r.ECS.CapacityProviders,
		func(c *inventory.CapacityProvider) (string, *[]string) { return c.Name, &c.Gaps },
		func(name string) inventory.CapacityProvider { return inventory.CapacityProvider{Name: name} })
	r.EC2.Instances = markGaps(b, gapInstance, slices.Clone(r.EC2.Instances),
		func(x *inventory.Instance) (string, *[]string) { return x.ID, &x.Gaps },
		func(id string) inventory.Instance { return inventory.Instance{ID: id} })
	r.EC2.Images = markGaps(b, gapImage, slices.Clone(r.EC2.Images),
		func(x *inventory.Image) (string, *[]string) { return x.ID, &x.Gaps },
		func(id string) inventory.Image { return inventory.Image{ID: id} })
	r.GuardDuty = markGaps(b, gapDetector, slices.Clone(r.GuardDuty),
		func(x *inventory.Detector) (string, *[]string) { return x.ID, &x.Gaps },
		func(id string) inventory.Detector { return inventory.Detector{ID: id} })

	// ELB: listeners with their rules into load balancers, target health into target groups.
	for _, lb := range dedupe(b.loadBalancers, func(l inventory.LoadBalancer) string { return l.ARN }) {
		if t := b.lbTags[lb.ARN]; t != nil {
			lb.Tags = t
		}
		if a, ok := b.lbAttrs[lb.ARN]; ok {
			lb.Attributes, lb.AttributesCollected = a, true
		}
		if w, ok := b.webACLs[lb.ARN]; ok {
			lb.WebACL, lb.WebACLCollected = w, true
		}
		lb.Gaps = append(slices.Clone(lb.Gaps), b.gaps[gapKey{gapLoadBalancer, lb.ARN}]...)
		for _, l := range dedupe(b.listeners[lb.ARN], func(l inventory.Listener) string { return l.ARN }) {
			l.Rules = dedupe(b.rules[l.ARN], func(r inventory.Rule) string { return r.ARN })
			if extra, ok := b.listenerCerts[l.ARN]; ok {
				l = withListedCertificates(l, extra)
			}
			slices.SortStableFunc(l.Rules, func(x, y inventory.Rule) int { return comparePriority(x.Priority, y.Priority) })
			lb.Listeners = append(lb.Listeners, l)
		}
		r.ELB.LoadBalancers = append(r.ELB.LoadBalancers, lb)
	}
	for _, tg := range dedupe(b.targetGroups, func(t inventory.TargetGroup) string { return t.ARN }) {
		tg.Targets = dedupe(b.targetHealth[tg.ARN], func(t inventory.TargetHealth) string { return t.ID + " " + itoa(t.Port) })
		tg.Gaps = append(slices.Clone(tg.Gaps), b.gaps[gapKey{gapTargetGroup, tg.ARN}]...)
		r.ELB.TargetGroups = append(r.ELB.TargetGroups, tg)
	}

	// EFS: mount targets (with their security groups) and access points into file systems.
	for _, fs := range dedupe(b.fileSystems, func(f inventory.FileSystem) string { return f.ID }) {
		for _, mt := range dedupe(b.mountTargets[fs.ID], func(m inventory.MountTarget) string { return m.ID }) {
			if sgs, ok := b.mountTargetSGs[mt.ID]; ok {
				mt.SecurityGroups = sgs
			}
			fs.MountTargets = append(fs.MountTargets, mt)
		}
		fs.AccessPoints = dedupe(b.accessPoints[fs.ID], func(a inventory.AccessPoint) string { return a.ID })
		if st, ok := b.fsBackup[fs.ID]; ok {
			fs.BackupPolicy, fs.BackupPolicyCollected = st, true
		}
		if p, ok := b.fsPolicy[fs.ID]; ok {
			fs.Policy, fs.PolicyCollected = p, true
		}
		fs.Gaps = append(slices.Clone(fs.Gaps), b.gaps[gapKey{gapFileSystem, fs.ID}]...)
		fs.Gaps = append(fs.Gaps, b.gaps[gapKey{gapFileSystem, ""}]...)
		r.EFS = append(r.EFS, fs)
	}

	// CloudTrail: status by ARN (or by name, as GetTrailStatus was asked).
	r.Trails = slices.Clone(r.Trails)
	for i := range r.Trails {
		t := &r.Trails[i]
		t.Gaps = append(slices.Clone(t.Gaps), b.gaps[gapKey{gapTrail, t.ARN}]...)
		if t.ARN == "" {
			t.Gaps = append(t.Gaps, b.gaps[gapKey{gapTrail, t.Name}]...)
		}
		if p := b.trailBuckets[t.S3Bucket]; p != nil && t.S3Bucket != "" && (t.HomeRegion == "" || t.HomeRegion == r.Name) {
			c := *p
			c.Gaps = slices.Clone(p.Gaps)
			slices.Sort(c.Gaps)
			t.Bucket = &c
		}
		if v, ok := b.trailStatus[t.ARN]; ok {
			t.IsLogging = &v
		} else if v, ok := b.trailStatus[t.Name]; ok {
			t.IsLogging = &v
		}
	}

	r.ECR.Repositories = b.finishRepositories(slices.Clone(r.ECR.Repositories))
	r.KMSKeys = b.finishKMSKeys()
	r.Buckets = b.finishDataBuckets()

	markPublicSubnets(&r.Network)
	r.Network.NetworkInterfacesCollected = b.interfacesRead && !b.interfacesFailed
	r.RDS.InstancesCollected, r.RDS.ClustersCollected = b.rdsRead["DescribeDBInstances"], b.rdsRead["DescribeDBClusters"]
	s := inventory.Snapshot{Accounts: []inventory.Account{{Regions: []inventory.Region{r}}}}
	s.Normalize()
	return s.Accounts[0].Regions[0]
}

// finishClusters places services, tasks and container instances in their
// clusters (called by finish, locked).
func (b *builder) finishClusters() []inventory.Cluster {
	byARN := map[string]int{}
	// A cluster listed twice (two overlapping batches) is one cluster: its
	// services and tasks must land in the copy that is kept.
	clusters := dedupe(slices.Clone(b.clusters), func(c inventory.Cluster) string { return c.ARN })
	for i := range clusters {
		byARN[clusters[i].ARN] = i
	}
	place := func(arn string) *inventory.Cluster {
		i, ok := byARN[arn]
		if !ok {
			// A resource whose cluster was not described (a failed
			// DescribeClusters): keep it under a stub so it is not lost.
			clusters = append(clusters, inventory.Cluster{ARN: arn, Name: inventory.ShortName(arn)})
			i = len(clusters) - 1
			byARN[arn] = i
		}
		return &clusters[i]
	}
	for _, s := range dedupe(b.services, func(s inventory.Service) string { return s.ARN }) {
		c := place(s.ClusterARN)
		c.Services = append(c.Services, s)
	}
	for _, t := range dedupe(b.tasks, func(t inventory.Task) string { return t.ARN }) {
		c := place(t.ClusterARN)
		c.Tasks = append(c.Tasks, t)
	}
	for arn, cis := range b.containerInstances {
		c := place(arn)
		c.ContainerInstances = append(c.ContainerInstances, dedupe(cis, func(ci inventory.ContainerInstance) string { return ci.ARN })...)
	}
	for _, arn := range b.gapsOf(gapCluster) {
		c := place(arn)
		c.Gaps = append(c.Gaps, b.gaps[gapKey{gapCluster, arn}]...)
	}
	return dedupe(clusters, func(c inventory.Cluster) string { return c.ARN })
}

// missingTaskDefinitions lists revisions referenced by services or tasks
// that were not read, sorted.
func (b *builder) missingTaskDefinitions(clusters []inventory.Cluster) []string {
	missing := map[string]bool{}
	for _, c := range clusters {
		for _, s := range c.Services {
			if _, ok := b.taskDefs[s.TaskDefinition]; !ok && s.TaskDefinition != "" {
				missing[s.TaskDefinition] = true
			}
		}
		for _, t := range c.Tasks {
			if _, ok := b.taskDefs[t.TaskDefinition]; !ok && t.TaskDefinition != "" {
				missing[t.TaskDefinition] = true
			}
		}
	}
	return slices.Sorted(maps.Keys(missing))
}

// taskDefinitionStub is what the ARN tells of a revision: family and revision.
func taskDefinitionStub(arn string) inventory.TaskDefinition {
	td := inventory.TaskDefinition{ARN: arn, NotCollected: true, Containers: []inventory.ContainerDefinition{}}
	name := inventory.ShortName(arn)
	if i := strings.LastIndexByte(name, ':'); i >= 0 {
		td.Family = name[:i]
		td.Revision, _ = strconv.Atoi(name[i+1:])
	} else {
		td.Family = name
	}
	return td
}

// markPublicSubnets sets Subnet.Public: a subnet is public when its route
// table — the explicitly associated one, else its VPC's main table — sends
// 0.0.0.0/0 (or ::/0) to an internet gateway.
func markPublicSubnets(n *inventory.Network) {
	tables := n.SubnetRouteTables()
	for i := range n.Subnets {
		sn := &n.Subnets[i]
		rt := tables[sn.ID]
		sn.Public = rt != nil && routesToInternet(rt)
	}
}

func routesToInternet(rt *inventory.RouteTable) bool {
	for _, ro := range rt.Routes {
		if (ro.Destination == "0.0.0.0/0" || ro.Destination == "::/0") && strings.HasPrefix(ro.Target, "igw-") && ro.State != "blackhole" {
			return true
		}
	}
	return false
}

// comparePriority orders listener rules numerically, "default" last.
func comparePriority(a, b string) int {
	ai, aerr := strconv.Atoi(a)
	bi, berr := strconv.Atoi(b)
	switch {
	case aerr == nil && berr == nil:
		return ai - bi
	case aerr == nil:
		return -1
	case berr == nil:
		return 1
	}
	return strings.Compare(a, b)
}

// dedupe keeps the first of each key, in order: an overlapping import or a
// retried page must not duplicate a resource. Items without a key are all
// kept: nothing says two of them are the same resource.
func dedupe[T any](s []T, key func(T) string) []T {
	if len(s) < 2 {
		return s
	}
	seen := make(map[string]bool, len(s))
	out := s[:0:0]
	for _, v := range s {
		k := key(v)
		if k != "" && seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, v)
	}
	return out
}

// orName is a resource's identity: its ARN, else its name.
func orName(arn, name string) string {
	if arn != "" {
		return arn
	}
	return name
}

// dedupeRegion keeps one of each resource the region's add methods append
// as they come (two batch files, or a retried page, listing the same one),
// identified by its ARN or id.
func dedupeRegion(r *inventory.Region) {
	r.AvailabilityZones = dedupe(r.AvailabilityZones, func(x inventory.AvailabilityZone) string { return x.Name })
	n := &r.Network
	n.VPCs = dedupe(n.VPCs, func(x inventory.VPC) string { return x.ID })
	n.Subnets = dedupe(n.Subnets, func(x inventory.Subnet) string { return x.ID })
	n.RouteTables = dedupe(n.RouteTables, func(x inventory.RouteTable) string { return x.ID })
	n.InternetGateways = dedupe(n.InternetGateways, func(x inventory.InternetGateway) string { return x.ID })
	n.NATGateways = dedupe(n.NATGateways, func(x inventory.NATGateway) string { return x.ID })
	n.SecurityGroups = dedupe(n.SecurityGroups, func(x inventory.SecurityGroup) string { return x.ID })
	n.NetworkACLs = dedupe(n.NetworkACLs, func(x inventory.NetworkACL) string { return x.ID })
	n.VPCEndpoints = dedupe(n.VPCEndpoints, func(x inventory.VPCEndpoint) string { return x.ID })
	r.ECS.AccountSettings = dedupe(r.ECS.AccountSettings, func(x inventory.AccountSetting) string { return x.Name + "\x00" + x.PrincipalARN })
	r.EC2.Instances = dedupe(r.EC2.Instances, func(x inventory.Instance) string { return x.ID })
	r.EC2.Images = dedupe(r.EC2.Images, func(x inventory.Image) string { return x.ID })
	r.EC2.SpotFleetRequests = dedupe(r.EC2.SpotFleetRequests, func(x inventory.SpotFleetRequest) string { return x.ID })
	r.AutoScaling.Groups = dedupe(r.AutoScaling.Groups, func(x inventory.AutoScalingGroup) string { return orName(x.ARN, x.Name) })
	r.AutoScaling.ScalableTargets = dedupe(r.AutoScaling.ScalableTargets, func(x inventory.ScalableTarget) string { return x.ResourceID + " " + x.ScalableDimension })
	r.AutoScaling.ScalingPolicies = dedupe(r.AutoScaling.ScalingPolicies, func(x inventory.ScalingPolicy) string { return orName(x.ARN, x.ResourceID+" "+x.Name) })
	r.ECR.Repositories = dedupe(r.ECR.Repositories, func(x inventory.Repository) string { return orName(x.ARN, x.Name) })
	r.Trails = dedupe(r.Trails, func(x inventory.Trail) string { return orName(x.ARN, x.Name) })
	r.Alarms = dedupe(r.Alarms, func(x inventory.Alarm) string { return orName(x.ARN, x.Name) })
	r.LogGroups = dedupe(r.LogGroups, func(x inventory.LogGroup) string { return x.Name })
	r.Namespaces = dedupe(r.Namespaces, func(x inventory.Namespace) string { return orName(x.ID, x.ARN) })
	r.GuardDuty = dedupe(r.GuardDuty, func(x inventory.Detector) string { return x.ID })
}

func sortedUnique(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	s = slices.Clone(s)
	slices.Sort(s)
	return slices.Compact(s)
}

func itoa(i int) string { return strconv.Itoa(i) }

// utc returns the time in UTC, or the zero time for nil.
func utc(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}
