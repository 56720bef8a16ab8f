// Package estate is the one view of a case study's AWS estate that every
// stage after discovery reads.
//
// The snapshot model (package inventory) stores what AWS returned; the
// questions the checks, SOPs, cost model, workbook and diagrams ask of it —
// which capacity a service really runs on, where its tasks are, which load
// balancer listeners reach it, which alarms watch it — need rules (ECS
// defaults, task status, alarm dimensions). Those rules are written here,
// once, so that two documents of one package cannot disagree about the same
// service. The view is built once per case study with New and is read-only
// afterwards; it holds pointers into the snapshots, which must not change
// while it is in use. It formats nothing: consumers word the facts.
package estate

import (
	"strings"
	"sync"

	"github.com/ecspack/ecspack/inventory"
)

// Estate is the view of every account-region of a case study.
type Estate struct {
	// Regions are the account-regions in snapshot order (accounts, then
	// their regions), snapshot after snapshot.
	Regions []*Region
	roles   map[string]*inventory.Role
}

// Region is one account-region with its index, its clusters and services
// in inventory order, and the reverse lookups built from it.
type Region struct {
	// Account is the account the region belongs to.
	Account *inventory.Account
	// Region is the snapshot's record of the region.
	Region *inventory.Region
	// Index answers lookups by identifier.
	Index *inventory.Index
	// Clusters and Services are in inventory order.
	Clusters []*Cluster
	Services []*Service

	estate      *Estate
	wearers     map[string][]Wearer
	tgListeners map[string][]ListenerRef
	natBySubnet map[string][]string
	efsBySubnet map[string][]string
	logGroups   map[string]*inventory.LogGroup
	// logsUnknown is set when the region's log groups were not (fully)
	// collected: DescribeLogGroups failed there or the collection stopped.
	logsUnknown bool
	taskDefs    []*TaskDefUse
	// alarmWatchers are, per alarm of the region, the services it is
	// attributed to; sharedAlarms the load balancer alarms no service gets,
	// by alarm position.
	alarmWatchers [][]ServiceAlarm
	sharedAlarms  map[int]SharedAlarm
	// databases caches Databases (asked by every RDS check and the key
	// checks).
	databasesOnce sync.Once
	databases     []*Database
}

// Cluster is an ECS cluster with its services in inventory order.
type Cluster struct {
	Region   *Region
	Cluster  *inventory.Cluster
	Services []*Service
	// instances maps a container instance ARN to its record.
	instances map[string]*inventory.ContainerInstance
	// alarms are the cluster-level alarms (Cluster.Alarms).
	alarms []*inventory.Alarm
}

// New builds the view of the given snapshots; nil snapshots are skipped.
func New(snaps ...*inventory.Snapshot) *Estate {
	e := &Estate{roles: map[string]*inventory.Role{}}
	for _, snap := range snaps {
		if snap == nil {
			continue
		}
		for ai := range snap.Accounts {
			a := &snap.Accounts[ai]
			for i := range a.IAM.Roles {
				if _, dup := e.roles[a.IAM.Roles[i].ARN]; !dup {
					e.roles[a.IAM.Roles[i].ARN] = &a.IAM.Roles[i]
				}
			}
			for ri := range a.Regions {
				rg := newRegion(e, a, &a.Regions[ri])
				rg.logsUnknown = snap.Collection.Incomplete || logsFailed(snap.Collection.Errors, a.ID, rg.Name())
				e.Regions = append(e.Regions, rg)
			}
		}
	}
	return e
}

// newRegion builds one region's view: clusters, services and the reverse lookups.
func newRegion(e *Estate, a *inventory.Account, r *inventory.Region) *Region {
	rg := &Region{Account: a, Region: r, Index: inventory.NewIndex(r), estate: e}
	for ci := range r.ECS.Clusters {
		c := &r.ECS.Clusters[ci]
		cv := &Cluster{Region: rg, Cluster: c, instances: make(map[string]*inventory.ContainerInstance, len(c.ContainerInstances))}
		for i := range c.ContainerInstances {
			cv.instances[c.ContainerInstances[i].ARN] = &c.ContainerInstances[i]
		}
		for si := range c.Services {
			sv := newService(cv, &c.Services[si])
			cv.Services = append(cv.Services, sv)
			rg.Services = append(rg.Services, sv)
		}
		rg.Clusters = append(rg.Clusters, cv)
	}
	rg.wearers = securityGroupWearers(rg)
	rg.tgListeners = targetGroupListeners(r)
	rg.natBySubnet = natBySubnet(&r.Network)
	rg.efsBySubnet = efsBySubnet(r.EFS)
	rg.logGroups = make(map[string]*inventory.LogGroup, len(r.LogGroups))
	for i := range r.LogGroups {
		rg.logGroups[r.LogGroups[i].Name] = &r.LogGroups[i]
	}
	rg.taskDefs = taskDefUses(rg)
	attributeAlarms(rg)
	return rg
}

// logsFailed reports whether a snapshot's collection errors include a
// CloudWatch Logs read of the account-region (an error naming no account
// or region counts for every one).
func logsFailed(errs []inventory.CollectionError, account, region string) bool {
	for _, e := range errs {
		if e.Service == "logs" && (e.Account == "" || e.Account == account) && (e.Region == "" || e.Region == region) {
			return true
		}
	}
	return false
}

// Region returns the view of one account-region; nil when the estate does
// not hold it.
func (e *Estate) Region(account, name string) *Region {
	for _, r := range e.Regions {
		if r.AccountID() == account && r.Name() == name {
			return r
		}
	}
	return nil
}

// LogGroupsCollected reports whether the region's log groups were read in
// full, so that a group absent from it does not exist; false when
// DescribeLogGroups failed there, the collection stopped early, or the
// region holds no log group at all (a region running containers with no log
// group is far likelier uncollected than empty).
func (r *Region) LogGroupsCollected() bool {
	return !r.logsUnknown && len(r.Region.LogGroups) > 0
}

// AccountID is the region's account id.
func (r *Region) AccountID() string { return r.Account.ID }

// Name is the region code, e.g. "eu-west-1".
func (r *Region) Name() string { return r.Region.Name }

// Services lists every service of the estate, region by region in
// inventory order.
func (e *Estate) Services() []*Service {
	var out []*Service
	for _, r := range e.Regions {
		out = append(out, r.Services...)
	}
	return out
}

// TaskDefinitions lists the task definition revisions in use, region by
// region, each region's in first-use order (Region.TaskDefinitions).
func (e *Estate) TaskDefinitions() []*TaskDefUse {
	var out []*TaskDefUse
	for _, r := range e.Regions {
		out = append(out, r.TaskDefinitions()...)
	}
	return out
}

// TaskDefinitions lists the region's task definition revisions in use, in
// first-use order: cluster by cluster, its services' then its tasks'.
func (r *Region) TaskDefinitions() []*TaskDefUse { return r.taskDefs }

// Role returns the IAM role with the given ARN from any account of the
// estate, or nil when the snapshot does not hold it.
func (e *Estate) Role(arn string) *inventory.Role { return e.roles[arn] }

// TaskRunning reports whether a task counts as running: its last status is
// RUNNING (in any case) or was not recorded — what `aws ecs list-tasks`
// (desired status RUNNING) would list.
func TaskRunning(t *inventory.Task) bool {
	return t.LastStatus == "" || strings.EqualFold(t.LastStatus, "RUNNING")
}

// TaskListed reports whether `aws ecs list-tasks` without --desired-status
// lists the task: its desired status is RUNNING, or, when the snapshot lacks
// the desired status, it has not begun to stop. Unlike TaskRunning it
// counts PENDING and ACTIVATING tasks.
func TaskListed(t *inventory.Task) bool {
	if t.DesiredStatus != "" {
		return t.DesiredStatus == "RUNNING"
	}
	switch t.LastStatus {
	case "STOPPED", "STOPPING", "DEPROVISIONING", "DELETED":
		return false
	}
	return true
}

// ContainerInstance returns the cluster's container instance with the given
// ARN, or nil.
func (c *Cluster) ContainerInstance(arn string) *inventory.ContainerInstance {
	return c.instances[arn]
}

// StandaloneTasks are the cluster's tasks that no service started (their
// group is not "service:NAME"), whatever their status, in inventory order.
func (c *Cluster) StandaloneTasks() []*inventory.Task {
	var out []*inventory.Task
	for i := range c.Cluster.Tasks {
		if t := &c.Cluster.Tasks[i]; !strings.HasPrefix(t.Group, "service:") {
			out = append(out, t)
		}
	}
	return out
}

// ExternalInstances counts the cluster's ECS Anywhere container instances.
func (c *Cluster) ExternalInstances() int {
	n := 0
	for _, ci := range c.Cluster.ContainerInstances {
		if ci.External {
			n++
		}
	}
	return n
}

// Placement is where one task runs.
type Placement struct {
	// Subnet is the task's awsvpc subnet, else its container instance's
	// EC2 subnet; "" when unknown.
	Subnet string
	// AZ is the task's reported zone, else its EC2 instance's, else its
	// container instance's, else its subnet's; "" when unknown.
	AZ string
}

// TaskPlacement locates a task of the cluster.
func (c *Cluster) TaskPlacement(t *inventory.Task) Placement {
	p := Placement{Subnet: t.SubnetID, AZ: t.AvailabilityZone}
	if ci := c.instances[t.ContainerInstance]; ci != nil && t.ContainerInstance != "" {
		if inst := c.Region.Index.Instance(ci.EC2InstanceID); inst != nil {
			if p.Subnet == "" {
				p.Subnet = inst.SubnetID
			}
			if p.AZ == "" {
				p.AZ = inst.AvailabilityZone
			}
		}
		if p.AZ == "" {
			p.AZ = ci.AvailabilityZone
		}
	}
	if p.AZ == "" && p.Subnet != "" {
		if sn := c.Region.Index.Subnet(p.Subnet); sn != nil {
			p.AZ = sn.AvailabilityZone
		}
	}
	return p
}

// ByCase holds the views a caller built, one per case study, by case study
// id: the pipeline builds each case study's view once (after redaction, so
// from the snapshots every output prints) and hands the same view to every
// stage.
type ByCase map[string]*Estate

// For is the view built for case study id, or, when the caller built none
// (a unit test, a stage run on its own), a new view of snap.
func (b ByCase) For(id string, snap *inventory.Snapshot) *Estate {
	if e := b[id]; e != nil {
		return e
	}
	return New(snap)
}
