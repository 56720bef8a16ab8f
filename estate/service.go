package estate

import (
	"maps"
	"slices"
	"sync"

	"github.com/ecspack/ecspack/inventory"
)

// Service is one ECS service with the facts every stage asks about it.
type Service struct {
	Region  *Region
	Cluster *Cluster
	Service *inventory.Service
	// TaskDef is the service's task definition revision; nil when the
	// snapshot does not hold it or could not collect it.
	TaskDef *inventory.TaskDefinition
	// Capacity is the service's resolved launch type or strategy.
	Capacity Capacity

	tasks   []*inventory.Task
	targets []Target
	// alarms and shared are filled in by attributeAlarms.
	alarms []AlarmMatch
	shared []SharedAlarm
	// used caches UsedResources: every database of the region asks it of
	// every service (databaseLink), and parsing the policies each time
	// cost seconds at 1,000 services.
	usedOnce sync.Once
	used     []ResourceRef
}

func newService(c *Cluster, s *inventory.Service) *Service {
	ix := c.Region.Index
	sv := &Service{Region: c.Region, Cluster: c, Service: s, TaskDef: ix.TaskDefinition(s.TaskDefinition),
		Capacity: ServiceCapacity(c.Cluster, s), tasks: ix.ServiceTasks(c.Cluster.ARN, s.Name)}
	sv.targets = serviceTargets(c.Region, s)
	return sv
}

// Name is the service's name.
func (s *Service) Name() string { return s.Service.Name }

// ClusterName is the name of the service's cluster.
func (s *Service) ClusterName() string { return s.Cluster.Cluster.Name }

// AccountID is the id of the service's account.
func (s *Service) AccountID() string { return s.Region.Account.ID }

// RegionName is the service's region code.
func (s *Service) RegionName() string { return s.Region.Region.Name }

// ResourceID is the service's Application Auto Scaling resource id,
// "service/CLUSTER/SERVICE".
func (s *Service) ResourceID() string { return "service/" + s.ClusterName() + "/" + s.Name() }

// Tasks are the tasks the service started (task group "service:NAME"),
// whatever their status, in inventory order.
func (s *Service) Tasks() []*inventory.Task { return s.tasks }

// RunningTasks are the service's tasks that TaskRunning counts: the
// equivalent of `aws ecs list-tasks --service-name`.
func (s *Service) RunningTasks() []*inventory.Task {
	var out []*inventory.Task
	for _, t := range s.tasks {
		if TaskRunning(t) {
			out = append(out, t)
		}
	}
	return out
}

// Subnets are the subnets of the service's awsvpc network configuration;
// nil for a service without one (bridge or host networking).
func (s *Service) Subnets() []string {
	if s.Service.Network == nil {
		return nil
	}
	return s.Service.Network.Subnets
}

// SecurityGroups are the security groups of the service's awsvpc network
// configuration, which its tasks wear; nil without one.
func (s *Service) SecurityGroups() []string {
	if s.Service.Network == nil {
		return nil
	}
	return s.Service.Network.SecurityGroups
}

// SubnetAZs returns the sorted distinct zones of the service's configured
// subnets, and the subnet ids whose zone the snapshot does not know.
func (s *Service) SubnetAZs() (azs, unknown []string) {
	set := map[string]bool{}
	for _, id := range s.Subnets() {
		if sn := s.Region.Index.Subnet(id); sn != nil && sn.AvailabilityZone != "" {
			set[sn.AvailabilityZone] = true
		} else {
			unknown = append(unknown, id)
		}
	}
	return slices.Sorted(maps.Keys(set)), unknown
}

// TaskSpread counts the service's running tasks per zone and per subnet
// (TaskPlacement); a task whose zone or subnet is unknown is not counted
// there.
func (s *Service) TaskSpread() (byAZ, bySubnet map[string]int) {
	byAZ, bySubnet = map[string]int{}, map[string]int{}
	for _, t := range s.RunningTasks() {
		p := s.Cluster.TaskPlacement(t)
		if p.AZ != "" {
			byAZ[p.AZ]++
		}
		if p.Subnet != "" {
			bySubnet[p.Subnet]++
		}
	}
	return byAZ, bySubnet
}

// TaskAZs returns the sorted distinct zones of the service's running tasks.
func (s *Service) TaskAZs() []string {
	byAZ, _ := s.TaskSpread()
	return slices.Sorted(maps.Keys(byAZ))
}

// VPC is the service's VPC: that of its first known configured subnet, else
// of its running tasks' subnets (in id order), else of its first target
// group; "" when none is known.
func (s *Service) VPC() string {
	ix := s.Region.Index
	for _, id := range s.Subnets() {
		if sn := ix.Subnet(id); sn != nil {
			return sn.VPCID
		}
	}
	_, bySubnet := s.TaskSpread()
	for _, id := range slices.Sorted(maps.Keys(bySubnet)) {
		if sn := ix.Subnet(id); sn != nil {
			return sn.VPCID
		}
	}
	for _, t := range s.targets {
		if t.TargetGroup != nil {
			return t.TargetGroup.VPCID
		}
	}
	return ""
}

// ScalableTarget is the service's Application Auto Scaling target, or nil.
func (s *Service) ScalableTarget() *inventory.ScalableTarget {
	return s.Region.Index.ScalableTarget(s.ClusterName(), s.Name())
}

// ScalingPolicies are the scaling policies on the service's desired count,
// in inventory order.
func (s *Service) ScalingPolicies() []*inventory.ScalingPolicy {
	var out []*inventory.ScalingPolicy
	id := s.ResourceID()
	ps := s.Region.Region.AutoScaling.ScalingPolicies
	for i := range ps {
		if ps[i].ResourceID == id {
			out = append(out, &ps[i])
		}
	}
	return out
}

// RoleRef is a role a task definition names, with the role's record when the
// snapshot holds it.
type RoleRef struct {
	ARN string
	// Role is nil when the ARN is empty or the role was not collected.
	Role *inventory.Role
}

// TaskRole is the role the service's containers act as; empty when the task
// definition names none or is unknown.
func (s *Service) TaskRole() RoleRef {
	if s.TaskDef == nil {
		return RoleRef{}
	}
	return s.Region.estate.roleRef(s.TaskDef.TaskRoleARN)
}

// ExecutionRole is the role ECS uses to pull the service's images and write
// its logs; empty when the task definition names none or is unknown.
func (s *Service) ExecutionRole() RoleRef {
	if s.TaskDef == nil {
		return RoleRef{}
	}
	return s.Region.estate.roleRef(s.TaskDef.ExecutionRoleARN)
}

func (e *Estate) roleRef(arn string) RoleRef {
	if arn == "" {
		return RoleRef{}
	}
	return RoleRef{ARN: arn, Role: e.roles[arn]}
}
