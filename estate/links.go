package estate

import (
	"maps"
	"slices"
	"strings"

	"github.com/ecspack/ecspack/inventory"
)

// Target is one load balancer binding of a service followed through to the
// traffic that reaches it: container port ← target group ← load balancers
// and the listeners that forward to the group.
type Target struct {
	// Binding is the service's record of the binding (container and port).
	Binding inventory.ServiceLoadBalancer
	// TargetGroup is nil when the snapshot does not hold the group.
	TargetGroup *inventory.TargetGroup
	// LoadBalancers are the group's load balancers the snapshot holds, in
	// the group's order.
	LoadBalancers []*inventory.LoadBalancer
	// Listeners are the listeners that forward to the group, load balancer
	// by load balancer in inventory order.
	Listeners []ListenerRef
}

func serviceTargets(r *Region, s *inventory.Service) []Target {
	var out []Target
	for _, b := range s.LoadBalancers {
		t := Target{Binding: b, TargetGroup: r.Index.TargetGroup(b.TargetGroupARN)}
		if t.TargetGroup != nil {
			for _, arn := range t.TargetGroup.LoadBalancers {
				if lb := r.Index.LoadBalancer(arn); lb != nil {
					t.LoadBalancers = append(t.LoadBalancers, lb)
				}
			}
		}
		out = append(out, t)
	}
	return out
}

// Targets are the service's load balancer bindings, in the service's order,
// each resolved to its target group, load balancers and listeners. The
// listeners are filled in when the region is complete, so call this after New.
func (s *Service) Targets() []Target {
	out := make([]Target, len(s.targets))
	for i, t := range s.targets {
		t.Listeners = s.Region.TargetGroupListeners(t.Binding.TargetGroupARN)
		out[i] = t
	}
	return out
}

// MetricKind classifies a CloudWatch metric into the standard service KPIs:
// "cpu", "memory", "5xx", "unhealthy", "running", or "other".
func MetricKind(metric string) string {
	switch metric {
	case "CPUUtilization", "CpuUtilized":
		return "cpu"
	case "MemoryUtilization", "MemoryUtilized":
		return "memory"
	case "HTTPCode_Target_5XX_Count", "HTTPCode_ELB_5XX_Count":
		return "5xx"
	case "UnHealthyHostCount", "HealthyHostCount":
		return "unhealthy"
	case "RunningTaskCount":
		return "running"
	}
	return "other"
}

// LogGroupRef is where one container sends its logs through the awslogs
// driver.
type LogGroupRef struct {
	Container string
	// Group is the awslogs-group option.
	Group string
	// Region is the awslogs-region option; "" when unset (the task's region).
	Region string
	// Where is the account-region the group lives in: the task's region, or
	// the one awslogs-region names in the same account; nil when the estate
	// does not hold that region (its groups were not collected).
	Where *Region
	// LogGroup is the group's record when Where holds it; nil otherwise.
	LogGroup *inventory.LogGroup
}

// ContainerLogGroup returns the CloudWatch Logs group a container writes to
// through the awslogs driver, and its awslogs-region option ("" when unset:
// the task's region); ok is false for another driver or without an
// awslogs-group option.
func ContainerLogGroup(c *inventory.ContainerDefinition) (group, region string, ok bool) {
	lc := c.LogConfiguration
	if lc == nil || lc.Driver != "awslogs" || lc.Options["awslogs-group"] == "" {
		return "", "", false
	}
	return lc.Options["awslogs-group"], lc.Options["awslogs-region"], true
}

// TaskDefLogGroups lists, container by container, the log groups a task
// definition of the region writes to (ContainerLogGroup); nil for a nil
// task definition.
func (r *Region) TaskDefLogGroups(td *inventory.TaskDefinition) []LogGroupRef {
	if td == nil {
		return nil
	}
	var out []LogGroupRef
	for i := range td.Containers {
		group, region, ok := ContainerLogGroup(&td.Containers[i])
		if !ok {
			continue
		}
		ref := LogGroupRef{Container: td.Containers[i].Name, Group: group, Region: region, Where: r}
		if region != "" && region != r.Name() {
			ref.Where = r.estate.Region(r.AccountID(), region)
		}
		if ref.Where != nil {
			ref.LogGroup = ref.Where.logGroup(group)
		}
		out = append(out, ref)
	}
	return out
}

// LogGroups lists the log groups the service's task definition writes to
// (Region.TaskDefLogGroups); nil when the task definition is unknown.
func (s *Service) LogGroups() []LogGroupRef { return s.Region.TaskDefLogGroups(s.TaskDef) }

// UsesAWSLogs reports whether any container of the service logs through the
// awslogs driver.
func (s *Service) UsesAWSLogs() bool {
	if s.TaskDef == nil {
		return false
	}
	for _, ct := range s.TaskDef.Containers {
		if ct.LogConfiguration != nil && ct.LogConfiguration.Driver == "awslogs" {
			return true
		}
	}
	return false
}

// logGroup returns the region's log group with the given name, or nil.
func (r *Region) logGroup(name string) *inventory.LogGroup { return r.logGroups[name] }

// ImageRef is one container image of a service and the ECR repository it
// comes from.
type ImageRef struct {
	Container string
	Image     string
	// Repository is the region's ECR repository the image is in; nil when
	// the image is not in one of them.
	Repository *inventory.Repository
	// RepositoryName is the repository's name: Repository's, else the path
	// of an ECR image reference outside the region; "" for other registries.
	RepositoryName string
}

// Images lists the service's container images in task definition order; nil
// when the task definition is unknown.
func (s *Service) Images() []ImageRef {
	if s.TaskDef == nil {
		return nil
	}
	var out []ImageRef
	for _, ct := range s.TaskDef.Containers {
		ref := ImageRef{Container: ct.Name, Image: ct.Image, Repository: s.Region.Index.RepositoryForImage(ct.Image)}
		switch {
		case ref.Repository != nil:
			ref.RepositoryName = ref.Repository.Name
		case strings.Contains(ct.Image, ".dkr.ecr."):
			ref.RepositoryName = ECRRepositoryPath(ct.Image)
		}
		out = append(out, ref)
	}
	return out
}

// ECRRepositoryPath is the repository path of an image reference: without
// its registry host, tag and digest.
func ECRRepositoryPath(image string) string {
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

// FileSystems are the EFS file system ids the service's task definition
// mounts, sorted and distinct; nil when the task definition is unknown.
func (s *Service) FileSystems() []string {
	if s.TaskDef == nil {
		return nil
	}
	set := map[string]bool{}
	for _, v := range s.TaskDef.Volumes {
		if v.EFS != nil && v.EFS.FileSystemID != "" {
			set[v.EFS.FileSystemID] = true
		}
	}
	return slices.Sorted(maps.Keys(set))
}
