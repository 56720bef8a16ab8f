package inventory

import "strings"

// Index answers the lookups that checks, diagrams and cost models make over
// one region, in constant time. Build it once per region with NewIndex; it
// holds pointers into the region, which must not be modified meanwhile.
type Index struct {
	Region          *Region
	taskDefs        map[string]*TaskDefinition
	subnets         map[string]*Subnet
	securityGroups  map[string]*SecurityGroup
	targetGroups    map[string]*TargetGroup
	loadBalancers   map[string]*LoadBalancer
	fileSystems     map[string]*FileSystem
	serviceTasks    map[string][]*Task
	instances       map[string]*Instance
	images          map[string]*Image
	asgs            map[string]*AutoScalingGroup
	capacityProvs   map[string]*CapacityProvider
	repositories    map[string]*Repository
	scalableTargets map[string]*ScalableTarget
}

// NewIndex indexes a region's resources by their identifiers.
func NewIndex(r *Region) *Index {
	ix := &Index{
		Region:          r,
		taskDefs:        make(map[string]*TaskDefinition, len(r.ECS.TaskDefinitions)),
		subnets:         make(map[string]*Subnet, len(r.Network.Subnets)),
		securityGroups:  make(map[string]*SecurityGroup, len(r.Network.SecurityGroups)),
		targetGroups:    make(map[string]*TargetGroup, len(r.ELB.TargetGroups)),
		loadBalancers:   make(map[string]*LoadBalancer, len(r.ELB.LoadBalancers)),
		fileSystems:     make(map[string]*FileSystem, len(r.EFS)),
		serviceTasks:    map[string][]*Task{},
		instances:       make(map[string]*Instance, len(r.EC2.Instances)),
		images:          make(map[string]*Image, len(r.EC2.Images)),
		asgs:            map[string]*AutoScalingGroup{},
		capacityProvs:   map[string]*CapacityProvider{},
		repositories:    map[string]*Repository{},
		scalableTargets: map[string]*ScalableTarget{},
	}
	for i := range r.ECS.TaskDefinitions {
		td := &r.ECS.TaskDefinitions[i]
		ix.taskDefs[td.ARN] = td
	}
	for i := range r.Network.Subnets {
		ix.subnets[r.Network.Subnets[i].ID] = &r.Network.Subnets[i]
	}
	for i := range r.Network.SecurityGroups {
		ix.securityGroups[r.Network.SecurityGroups[i].ID] = &r.Network.SecurityGroups[i]
	}
	for i := range r.ELB.TargetGroups {
		ix.targetGroups[r.ELB.TargetGroups[i].ARN] = &r.ELB.TargetGroups[i]
	}
	for i := range r.ELB.LoadBalancers {
		ix.loadBalancers[r.ELB.LoadBalancers[i].ARN] = &r.ELB.LoadBalancers[i]
	}
	for i := range r.EFS {
		ix.fileSystems[r.EFS[i].ID] = &r.EFS[i]
	}
	for ci := range r.ECS.Clusters {
		c := &r.ECS.Clusters[ci]
		for ti := range c.Tasks {
			t := &c.Tasks[ti]
			if name, ok := strings.CutPrefix(t.Group, "service:"); ok {
				k := c.ARN + "|" + name
				ix.serviceTasks[k] = append(ix.serviceTasks[k], t)
			}
		}
	}
	for i := range r.EC2.Instances {
		ix.instances[r.EC2.Instances[i].ID] = &r.EC2.Instances[i]
	}
	for i := range r.EC2.Images {
		ix.images[r.EC2.Images[i].ID] = &r.EC2.Images[i]
	}
	for i := range r.AutoScaling.Groups {
		g := &r.AutoScaling.Groups[i]
		ix.asgs[g.Name] = g
		ix.asgs[g.ARN] = g
	}
	for i := range r.ECS.CapacityProviders {
		ix.capacityProvs[r.ECS.CapacityProviders[i].Name] = &r.ECS.CapacityProviders[i]
	}
	for i := range r.ECR.Repositories {
		repo := &r.ECR.Repositories[i]
		ix.repositories[repo.URI] = repo
	}
	for i := range r.AutoScaling.ScalableTargets {
		st := &r.AutoScaling.ScalableTargets[i]
		ix.scalableTargets[st.ResourceID] = st
	}
	return ix
}

// TaskDefinition returns the task definition revision with the given ARN, or
// nil when it is unknown — including a revision that could not be collected
// (NotCollected stubs), whose empty fields are not facts to judge.
func (ix *Index) TaskDefinition(arn string) *TaskDefinition {
	if td := ix.taskDefs[arn]; td != nil && !td.NotCollected {
		return td
	}
	return nil
}

// Subnet returns the subnet with the given id.
func (ix *Index) Subnet(id string) *Subnet { return ix.subnets[id] }

// SecurityGroup returns the security group with the given id.
func (ix *Index) SecurityGroup(id string) *SecurityGroup { return ix.securityGroups[id] }

// TargetGroup returns the target group with the given ARN.
func (ix *Index) TargetGroup(arn string) *TargetGroup { return ix.targetGroups[arn] }

// LoadBalancer returns the load balancer with the given ARN.
func (ix *Index) LoadBalancer(arn string) *LoadBalancer { return ix.loadBalancers[arn] }

// FileSystem returns the EFS file system with the given id.
func (ix *Index) FileSystem(id string) *FileSystem { return ix.fileSystems[id] }

// Instance returns the EC2 instance with the given id.
func (ix *Index) Instance(id string) *Instance { return ix.instances[id] }

// Image returns the AMI with the given id.
func (ix *Index) Image(id string) *Image { return ix.images[id] }

// AutoScalingGroup returns the group with the given name or ARN.
func (ix *Index) AutoScalingGroup(nameOrARN string) *AutoScalingGroup { return ix.asgs[nameOrARN] }

// CapacityProvider returns the capacity provider with the given name.
func (ix *Index) CapacityProvider(name string) *CapacityProvider { return ix.capacityProvs[name] }

// ScalableTarget returns the Application Auto Scaling target of a service, if any.
func (ix *Index) ScalableTarget(clusterName, serviceName string) *ScalableTarget {
	return ix.scalableTargets["service/"+clusterName+"/"+serviceName]
}

// ServiceTasks returns the tasks a service started (task group "service:NAME").
func (ix *Index) ServiceTasks(clusterARN, serviceName string) []*Task {
	return ix.serviceTasks[clusterARN+"|"+serviceName]
}

// RepositoryForImage returns the ECR repository an image reference points
// into ("URI:tag" or "URI@sha256:..."), or nil when it is not one of the
// region's repositories.
func (ix *Index) RepositoryForImage(image string) *Repository {
	ref := image
	if i := strings.IndexByte(ref, '@'); i >= 0 {
		ref = ref[:i]
	}
	if i := strings.LastIndexByte(ref, ':'); i > strings.LastIndexByte(ref, '/') {
		ref = ref[:i]
	}
	return ix.repositories[ref]
}

// ARNPart returns the resource part of an ARN (after the fifth colon), or the
// input when it is not an ARN; used to show short names.
func ARNPart(arn string) string {
	if !strings.HasPrefix(arn, "arn:") {
		return arn
	}
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 {
		return arn
	}
	return parts[5]
}

// ShortName returns the last path segment of an ARN's resource part, e.g.
// "web" for ".../service/prod/web" and "web:12" for a task definition.
func ShortName(arn string) string {
	p := ARNPart(arn)
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[i+1:]
	}
	return p
}
