package discover

import (
	"cmp"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/ecspack/ecspack/inventory"
)

// An import folder is laid out by region, but nothing stops a file from
// holding resources of another region or account (a folder assembled by
// hand, a profile pointing elsewhere, a batch that spans accounts). Each
// resource that carries an ARN is filed where its ARN says it lives, before
// the builders link anything, so a service still finds its cluster and task
// definition. Resources without an ARN in the CLI output (VPCs, subnets,
// security groups, instances, network interfaces, GuardDuty detectors) stay
// with the folder's region; so do trails, which DescribeTrails lists in
// every region a multi-region trail covers. An ECR repository moves with
// its policy and image look-ups, which are filed by repository name.

// arnRegion matches an AWS region code (eu-west-1, us-gov-west-1, ap-southeast-5).
var arnRegion = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)

// arnHome returns the account and region an ARN names; ok is false for a
// malformed ARN or a global one (IAM, no region).
func arnHome(arn string) (regionAt, bool) {
	p := strings.SplitN(arn, ":", 6)
	if len(p) < 6 || p[0] != "arn" || !arnRegion.MatchString(p[3]) || !isAccountID(p[4]) {
		return regionAt{}, false
	}
	return regionAt{account: p[4], region: p[3]}, true
}

func isAccountID(s string) bool { return len(s) == 12 && isDigits(s) }

// builders holds one builder per account and region an import files
// resources under.
type builders map[regionAt]*builder

func (bs builders) get(at regionAt) *builder {
	b := bs[at]
	if b == nil {
		b = newBuilder(at.region)
		bs[at] = b
	}
	return b
}

// sorted returns the places in account, then region order.
func (bs builders) sorted() []regionAt {
	return slices.SortedFunc(maps.Keys(bs), func(x, y regionAt) int {
		return cmp.Or(cmp.Compare(x.account, y.account), cmp.Compare(x.region, y.region))
	})
}

// refile moves every staged resource whose ARN names another account or
// region than its builder's to the builder of that place. Import runs it
// once, single-threaded, after reading every file and before finish.
func (bs builders) refile() {
	for _, at := range bs.sorted() {
		bs[at].moveForeign(at, bs)
	}
}

// moveList keeps the items of list that live at home and hands the others
// to put with the place their ARN names.
func moveList[T any](list []T, home regionAt, arn func(*T) string, put func(regionAt, T)) []T {
	keep := list[:0:0]
	for _, x := range list {
		if to, ok := arnHome(arn(&x)); ok && to != home {
			put(to, x)
			continue
		}
		keep = append(keep, x)
	}
	return keep
}

// moveMap moves the entries of a map keyed by ARN whose ARN names another place.
func moveMap[V any](m map[string]V, home regionAt, dest func(regionAt) map[string]V) {
	for k, v := range m {
		if to, ok := arnHome(k); ok && to != home {
			dest(to)[k] = v
			delete(m, k)
		}
	}
}

// moveForeign is refile for one builder.
func (b *builder) moveForeign(home regionAt, bs builders) {
	b.clusters = moveList(b.clusters, home, func(x *inventory.Cluster) string { return x.ARN },
		func(to regionAt, x inventory.Cluster) { d := bs.get(to); d.clusters = append(d.clusters, x) })
	b.services = moveList(b.services, home, func(x *inventory.Service) string { return orName(x.ARN, x.ClusterARN) },
		func(to regionAt, x inventory.Service) { d := bs.get(to); d.services = append(d.services, x) })
	b.tasks = moveList(b.tasks, home, func(x *inventory.Task) string { return orName(x.ARN, x.ClusterARN) },
		func(to regionAt, x inventory.Task) { d := bs.get(to); d.tasks = append(d.tasks, x) })
	b.capacityProviders = moveList(b.capacityProviders, home, func(x *inventory.CapacityProvider) string { return x.ARN },
		func(to regionAt, x inventory.CapacityProvider) {
			d := bs.get(to)
			d.capacityProviders = append(d.capacityProviders, x)
		})
	b.loadBalancers = moveList(b.loadBalancers, home, func(x *inventory.LoadBalancer) string { return x.ARN },
		func(to regionAt, x inventory.LoadBalancer) {
			d := bs.get(to)
			d.loadBalancers = append(d.loadBalancers, x)
		})
	b.targetGroups = moveList(b.targetGroups, home, func(x *inventory.TargetGroup) string { return x.ARN },
		func(to regionAt, x inventory.TargetGroup) {
			d := bs.get(to)
			d.targetGroups = append(d.targetGroups, x)
		})
	moveMap(b.containerInstances, home, func(to regionAt) map[string][]inventory.ContainerInstance { return bs.get(to).containerInstances })
	moveMap(b.taskDefs, home, func(to regionAt) map[string]inventory.TaskDefinition { return bs.get(to).taskDefs })
	moveMap(b.lbTags, home, func(to regionAt) map[string]map[string]string { return bs.get(to).lbTags })
	moveMap(b.lbAttrs, home, func(to regionAt) map[string]map[string]string { return bs.get(to).lbAttrs })
	moveMap(b.listeners, home, func(to regionAt) map[string][]inventory.Listener { return bs.get(to).listeners })
	moveMap(b.rules, home, func(to regionAt) map[string][]inventory.Rule { return bs.get(to).rules })
	moveMap(b.targetHealth, home, func(to regionAt) map[string][]inventory.TargetHealth { return bs.get(to).targetHealth })
	for k, g := range b.gaps {
		if to, ok := arnHome(k.key); ok && to != home {
			d := bs.get(to)
			d.gaps[k] = append(d.gaps[k], g...)
			delete(b.gaps, k)
		}
	}
	b.moveFileSystems(home, bs)
	r := &b.r
	b.moveRepositories(home, bs)
	r.Alarms = moveList(r.Alarms, home, func(x *inventory.Alarm) string { return x.ARN },
		func(to regionAt, x inventory.Alarm) { d := &bs.get(to).r; d.Alarms = append(d.Alarms, x) })
	r.RDS.Instances = moveList(r.RDS.Instances, home, func(x *inventory.DBInstance) string { return x.ARN },
		func(to regionAt, x inventory.DBInstance) {
			d := &bs.get(to).r
			d.RDS.Instances = append(d.RDS.Instances, x)
		})
	r.RDS.Clusters = moveList(r.RDS.Clusters, home, func(x *inventory.DBCluster) string { return x.ARN },
		func(to regionAt, x inventory.DBCluster) {
			d := &bs.get(to).r
			d.RDS.Clusters = append(d.RDS.Clusters, x)
		})
	r.LogGroups = moveList(r.LogGroups, home, func(x *inventory.LogGroup) string { return x.ARN },
		func(to regionAt, x inventory.LogGroup) { d := &bs.get(to).r; d.LogGroups = append(d.LogGroups, x) })
	r.AutoScaling.Groups = moveList(r.AutoScaling.Groups, home, func(x *inventory.AutoScalingGroup) string { return x.ARN },
		func(to regionAt, x inventory.AutoScalingGroup) {
			d := &bs.get(to).r
			d.AutoScaling.Groups = append(d.AutoScaling.Groups, x)
		})
	r.AutoScaling.ScalingPolicies = moveList(r.AutoScaling.ScalingPolicies, home, func(x *inventory.ScalingPolicy) string { return x.ARN },
		func(to regionAt, x inventory.ScalingPolicy) {
			d := &bs.get(to).r
			d.AutoScaling.ScalingPolicies = append(d.AutoScaling.ScalingPolicies, x)
		})
	r.Namespaces = moveList(r.Namespaces, home, func(x *inventory.Namespace) string { return x.ARN },
		func(to regionAt, x inventory.Namespace) { d := &bs.get(to).r; d.Namespaces = append(d.Namespaces, x) })
}

// moveFileSystems moves file systems by ARN, with their mount targets (and
// their security groups), access points and backup and resource policies,
// which are keyed by id.
func (b *builder) moveFileSystems(home regionAt, bs builders) {
	b.fileSystems = moveList(b.fileSystems, home, func(x *inventory.FileSystem) string { return x.ARN },
		func(to regionAt, fs inventory.FileSystem) {
			d := bs.get(to)
			d.fileSystems = append(d.fileSystems, fs)
			for _, mt := range b.mountTargets[fs.ID] {
				if sgs, ok := b.mountTargetSGs[mt.ID]; ok {
					d.mountTargetSGs[mt.ID] = sgs
				}
			}
			if mts, ok := b.mountTargets[fs.ID]; ok {
				d.mountTargets[fs.ID] = append(d.mountTargets[fs.ID], mts...)
				delete(b.mountTargets, fs.ID)
			}
			if aps, ok := b.accessPoints[fs.ID]; ok {
				d.accessPoints[fs.ID] = append(d.accessPoints[fs.ID], aps...)
				delete(b.accessPoints, fs.ID)
			}
			if st, ok := b.fsBackup[fs.ID]; ok {
				d.fsBackup[fs.ID] = st
				delete(b.fsBackup, fs.ID)
			}
			if p, ok := b.fsPolicy[fs.ID]; ok {
				d.fsPolicy[fs.ID] = p
				delete(b.fsPolicy, fs.ID)
			}
		})
}

// moveRepositories moves repositories by ARN with what was read about them
// by name (policy, failed reads, image look-ups): the files holding those
// may be read before describe-repositories, so they wait in the folder's
// builder and must follow their repository. A repository of the same name
// that stays at home (two registries in one folder) keeps a copy.
func (b *builder) moveRepositories(home regionAt, bs builders) {
	moved := map[string]map[regionAt]bool{}
	b.r.ECR.Repositories = moveList(b.r.ECR.Repositories, home, func(x *inventory.Repository) string { return x.ARN },
		func(to regionAt, x inventory.Repository) {
			d := &bs.get(to).r
			d.ECR.Repositories = append(d.ECR.Repositories, x)
			if moved[x.Name] == nil {
				moved[x.Name] = map[regionAt]bool{}
			}
			moved[x.Name][to] = true
		})
	for name, places := range moved {
		for to := range places {
			d := bs.get(to)
			if p, ok := b.repoPolicies[name]; ok {
				d.repoPolicies[name] = p
			}
			if p, ok := b.repoLifecycle[name]; ok {
				d.repoLifecycle[name] = p
			}
			d.repoGaps[name] = append(d.repoGaps[name], b.repoGaps[name]...)
			for ref, im := range b.repoImages {
				if ref.repo == name {
					d.repoImages[ref] = im
				}
			}
		}
		if slices.ContainsFunc(b.r.ECR.Repositories, func(r inventory.Repository) bool { return r.Name == name }) {
			continue
		}
		delete(b.repoPolicies, name)
		delete(b.repoLifecycle, name)
		delete(b.repoGaps, name)
		maps.DeleteFunc(b.repoImages, func(ref ecrRef, _ inventory.RepositoryImage) bool { return ref.repo == name })
	}
}
