package inventory

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
)

// Validate checks the structural invariants the rest of ecspack relies on:
// account ids are 12 digits, regions are named and unique per account,
// resources have their identifiers, and references between resources inside
// a region resolve (a service's task definition, a subnet's VPC). It returns
// all problems found, joined.
func (s *Snapshot) Validate() error {
	var errs []error
	add := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	seenAcct := map[string]bool{}
	for ai, a := range s.Accounts {
		if !isAccountID(a.ID) {
			add("accounts[%d].id %q: expected a 12-digit AWS account id", ai, a.ID)
		}
		if seenAcct[a.ID] {
			add("accounts[%d].id %q: account appears twice", ai, a.ID)
		}
		seenAcct[a.ID] = true
		seenRegion := map[string]bool{}
		for ri, r := range a.Regions {
			at := fmt.Sprintf("accounts[%d].regions[%d]", ai, ri)
			if r.Name == "" {
				add("%s.name: expected a region code such as eu-west-1", at)
			}
			if seenRegion[r.Name] {
				add("%s.name %q: region appears twice in account %s", at, r.Name, a.ID)
			}
			seenRegion[r.Name] = true
			validateRegion(at, &r, add)
		}
	}
	return errors.Join(errs...)
}

func validateRegion(at string, r *Region, add func(string, ...any)) {
	vpcs := map[string]bool{}
	for i, v := range r.Network.VPCs {
		if v.ID == "" {
			add("%s.network.vpcs[%d].id: expected a VPC id", at, i)
		}
		vpcs[v.ID] = true
	}
	for i, sn := range r.Network.Subnets {
		if sn.ID == "" {
			add("%s.network.subnets[%d].id: expected a subnet id", at, i)
		}
		if sn.VPCID != "" && len(vpcs) > 0 && !vpcs[sn.VPCID] {
			add("%s.network.subnets[%d] %s: vpc_id %q is not among the region's VPCs", at, i, sn.ID, sn.VPCID)
		}
	}
	tds := map[string]bool{}
	for i, td := range r.ECS.TaskDefinitions {
		if td.ARN == "" || td.Family == "" {
			add("%s.ecs.task_definitions[%d]: expected arn and family", at, i)
		}
		tds[td.ARN] = true
	}
	for ci, c := range r.ECS.Clusters {
		if c.ARN == "" || c.Name == "" {
			add("%s.ecs.clusters[%d]: expected arn and name", at, ci)
		}
		for si, sv := range c.Services {
			if sv.ARN == "" || sv.Name == "" {
				add("%s.ecs.clusters[%d].services[%d]: expected arn and name", at, ci, si)
			}
			if sv.TaskDefinition != "" && len(tds) > 0 && !tds[sv.TaskDefinition] {
				add("%s.ecs.clusters[%d].services[%d] %s: task_definition %q is not among the region's task_definitions", at, ci, si, sv.Name, sv.TaskDefinition)
			}
			if sv.DesiredCount < 0 || sv.RunningCount < 0 {
				add("%s.ecs.clusters[%d].services[%d] %s: counts cannot be negative", at, ci, si, sv.Name)
			}
		}
		for ti, t := range c.Tasks {
			if t.ARN == "" {
				add("%s.ecs.clusters[%d].tasks[%d]: expected arn", at, ci, ti)
			}
		}
	}
	for i, lb := range r.ELB.LoadBalancers {
		if lb.ARN == "" || lb.Name == "" {
			add("%s.elb.load_balancers[%d]: expected arn and name", at, i)
		}
	}
}

func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// Normalize sorts every list whose order carries no meaning, so that two
// snapshots of the same estate encode to the same bytes whatever order the
// APIs answered in. Lists whose order matters (listener rules by priority,
// containers within a task definition, route order) are left as they are.
func (s *Snapshot) Normalize() {
	slices.SortFunc(s.Collection.Calls, func(a, b CallCount) int {
		return cmp.Or(cmp.Compare(a.Service, b.Service), cmp.Compare(a.Operation, b.Operation))
	})
	slices.SortStableFunc(s.Collection.Errors, func(a, b CollectionError) int {
		return cmp.Or(cmp.Compare(a.Account, b.Account), cmp.Compare(a.Region, b.Region),
			cmp.Compare(a.Service, b.Service), cmp.Compare(a.Operation, b.Operation), cmp.Compare(a.Message, b.Message))
	})
	slices.SortFunc(s.Accounts, func(a, b Account) int { return cmp.Compare(a.ID, b.ID) })
	for i := range s.Accounts {
		a := &s.Accounts[i]
		slices.SortFunc(a.IAM.Roles, func(x, y Role) int { return cmp.Compare(x.ARN, y.ARN) })
		for j := range a.IAM.Roles {
			ro := &a.IAM.Roles[j]
			slices.SortFunc(ro.InlinePolicies, func(x, y Policy) int { return cmp.Compare(x.Name, y.Name) })
			slices.SortFunc(ro.AttachedPolicies, func(x, y Policy) int { return cmp.Or(cmp.Compare(x.ARN, y.ARN), cmp.Compare(x.Name, y.Name)) })
			sortGaps(&ro.Gaps)
		}
		if a.S3PublicAccessBlock != nil {
			sortGaps(&a.S3PublicAccessBlock.Gaps)
		}
		slices.SortFunc(a.Regions, func(x, y Region) int { return cmp.Compare(x.Name, y.Name) })
		for j := range a.Regions {
			a.Regions[j].normalize()
		}
	}
}

// sortGaps orders a resource's gaps and drops repeats (a retried page, two
// failed reads of the same kind), so equal estates give equal bytes.
func sortGaps(g *[]string) {
	slices.Sort(*g)
	*g = slices.Compact(*g)
}

func byKey[T any](s []T, key func(T) string) {
	slices.SortStableFunc(s, func(a, b T) int { return cmp.Compare(key(a), key(b)) })
}

// byKeyWithGaps sorts s by key and each element's gaps.
func byKeyWithGaps[T any](s []T, key func(T) string, gaps func(*T) *[]string) {
	byKey(s, key)
	for i := range s {
		sortGaps(gaps(&s[i]))
	}
}

// normalizeStores orders the data stores and the keys and secrets they use.
func (r *Region) normalizeStores() {
	byKeyWithGaps(r.Secrets, func(v Secret) string { return v.ARN }, func(v *Secret) *[]string { return &v.Gaps })
	byKeyWithGaps(r.Buckets, func(v Bucket) string { return v.Name }, func(v *Bucket) *[]string { return &v.Gaps })
	byKeyWithGaps(r.DynamoDBTables, func(v DynamoDBTable) string { return v.ARN }, func(v *DynamoDBTable) *[]string { return &v.Gaps })
	byKeyWithGaps(r.KMSKeys, func(v KMSKey) string { return v.ARN }, func(v *KMSKey) *[]string { return &v.Gaps })
	byKeyWithGaps(r.Queues, func(v Queue) string { return v.ARN }, func(v *Queue) *[]string { return &v.Gaps })
	byKeyWithGaps(r.Topics, func(v Topic) string { return v.ARN }, func(v *Topic) *[]string { return &v.Gaps })
	r.RDS.normalize()
}

func (r *Region) normalize() {
	byKey(r.AvailabilityZones, func(z AvailabilityZone) string { return z.Name })
	n := &r.Network
	byKey(n.VPCs, func(v VPC) string { return v.ID })
	byKey(n.Subnets, func(v Subnet) string { return v.ID })
	byKey(n.RouteTables, func(v RouteTable) string { return v.ID })
	for i := range n.RouteTables {
		slices.Sort(n.RouteTables[i].Subnets)
	}
	byKey(n.InternetGateways, func(v InternetGateway) string { return v.ID })
	byKey(n.NATGateways, func(v NATGateway) string { return v.ID })
	byKey(n.SecurityGroups, func(v SecurityGroup) string { return v.ID })
	byKey(n.NetworkACLs, func(v NetworkACL) string { return v.ID })
	for i := range n.NetworkACLs {
		slices.Sort(n.NetworkACLs[i].Subnets)
		slices.SortStableFunc(n.NetworkACLs[i].Entries, func(a, b ACLEntry) int {
			if a.Egress != b.Egress {
				if a.Egress {
					return 1
				}
				return -1
			}
			return cmp.Compare(a.RuleNumber, b.RuleNumber)
		})
	}
	byKey(n.VPCEndpoints, func(v VPCEndpoint) string { return v.ID })
	for i := range n.VPCEndpoints {
		slices.Sort(n.VPCEndpoints[i].SecurityGroups)
	}
	byKey(n.NetworkInterfaces, func(v NetworkInterface) string { return v.ID })
	for i := range n.NetworkInterfaces {
		slices.Sort(n.NetworkInterfaces[i].SecurityGroups)
	}

	e := &r.ECS
	byKey(e.AccountSettings, func(v AccountSetting) string { return v.Name + "\x00" + v.PrincipalARN })
	byKey(e.Clusters, func(v Cluster) string { return v.ARN })
	for i := range e.Clusters {
		c := &e.Clusters[i]
		byKey(c.Settings, func(v KeyValue) string { return v.Name })
		byKey(c.Services, func(v Service) string { return v.ARN })
		byKey(c.Tasks, func(v Task) string { return v.ARN })
		byKey(c.ContainerInstances, func(v ContainerInstance) string { return v.ARN })
		sortGaps(&c.Gaps)
	}
	byKey(e.TaskDefinitions, func(v TaskDefinition) string { return v.ARN })
	byKey(e.CapacityProviders, func(v CapacityProvider) string { return v.Name })
	for i := range e.CapacityProviders {
		sortGaps(&e.CapacityProviders[i].Gaps)
	}

	byKey(r.EC2.Instances, func(v Instance) string { return v.ID })
	for i := range r.EC2.Instances {
		slices.Sort(r.EC2.Instances[i].SecurityGroups)
		sortGaps(&r.EC2.Instances[i].Gaps)
	}
	byKey(r.EC2.Images, func(v Image) string { return v.ID })
	for i := range r.EC2.Images {
		sortGaps(&r.EC2.Images[i].Gaps)
	}
	byKey(r.EC2.SpotFleetRequests, func(v SpotFleetRequest) string { return v.ID })
	r.normalizeStores()
	byKey(r.ELB.LoadBalancers, func(v LoadBalancer) string { return v.ARN })
	for i := range r.ELB.LoadBalancers {
		byKey(r.ELB.LoadBalancers[i].Listeners, func(v Listener) string { return fmt.Sprintf("%08d %s", v.Port, v.ARN) })
		sortGaps(&r.ELB.LoadBalancers[i].Gaps)
	}
	byKey(r.ELB.Certificates, func(v Certificate) string { return v.ARN })
	for i := range r.ELB.Certificates {
		sortGaps(&r.ELB.Certificates[i].Gaps)
	}
	byKey(r.ELB.TargetGroups, func(v TargetGroup) string { return v.ARN })
	for i := range r.ELB.TargetGroups {
		byKey(r.ELB.TargetGroups[i].Targets, func(v TargetHealth) string { return fmt.Sprintf("%s %08d", v.ID, v.Port) })
		sortGaps(&r.ELB.TargetGroups[i].Gaps)
	}
	byKey(r.AutoScaling.Groups, func(v AutoScalingGroup) string { return v.Name })
	byKey(r.AutoScaling.ScalableTargets, func(v ScalableTarget) string { return v.ResourceID + " " + v.ScalableDimension })
	byKey(r.AutoScaling.ScalingPolicies, func(v ScalingPolicy) string { return v.ResourceID + " " + v.Name })
	byKey(r.ECR.Repositories, func(v Repository) string { return v.Name })
	for i := range r.ECR.Repositories {
		repo := &r.ECR.Repositories[i]
		byKey(repo.Images, func(v RepositoryImage) string { return v.Reference })
		for j := range repo.Images {
			slices.Sort(repo.Images[j].Tags)
			sortGaps(&repo.Images[j].Gaps)
		}
		sortGaps(&repo.Gaps)
	}
	byKey(r.EFS, func(v FileSystem) string { return v.ID })
	for i := range r.EFS {
		byKey(r.EFS[i].MountTargets, func(v MountTarget) string { return v.ID })
		byKey(r.EFS[i].AccessPoints, func(v AccessPoint) string { return v.ID })
		sortGaps(&r.EFS[i].Gaps)
	}
	byKey(r.Trails, func(v Trail) string { return v.ARN })
	for i := range r.Trails {
		sortGaps(&r.Trails[i].Gaps)
	}
	byKey(r.Alarms, func(v Alarm) string { return v.Name })
	byKey(r.LogGroups, func(v LogGroup) string { return v.Name })
	byKey(r.Namespaces, func(v Namespace) string { return v.Name })
	byKey(r.GuardDuty, func(v Detector) string { return v.ID })
	for i := range r.GuardDuty {
		sortGaps(&r.GuardDuty[i].Gaps)
		byKey(r.GuardDuty[i].Coverage, func(v RuntimeCoverage) string { return v.ClusterName })
	}
}
