package discover

import (
	"fmt"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/ecspack/ecspack/inventory"
)

// importRun is one Import: the builders of every place resources are filed
// under, and which files name which identifiers, so that a warning about a
// reference no file resolves can name the file that holds it.
type importRun struct {
	dir      string
	builders builders
	// folders are the places that have a folder of their own.
	folders map[regionAt]bool
	// mentions maps an ARN or resource id to the files naming it, in read order.
	mentions map[string][]string
	gap      func(at regionAt, op Operation, code, msg string)
}

// mentionable is what a warning may need to find again: ARNs and resource
// ids (vpc-1, subnet-0abc, sg-..., i-...).
var mentionable = regexp.MustCompile(`^(arn:.+|[a-z]+-[0-9A-Za-z]+)$`)

// mention records that file names s.
func (run *importRun) mention(file string) func(string) {
	return func(s string) {
		if !mentionable.MatchString(s) {
			return
		}
		if fs := run.mentions[s]; len(fs) == 0 || fs[len(fs)-1] != file {
			run.mentions[s] = append(fs, file)
		}
	}
}

// namedIn lists the files naming id, but those whose name starts with one
// of the operations given (the files that describe id itself).
func (run *importRun) namedIn(id string, except ...string) string {
	var out []string
	for _, f := range run.mentions[id] {
		if !slices.ContainsFunc(except, func(op string) bool { return strings.HasPrefix(filepath.Base(f), op+".") }) {
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		return "no file"
	}
	if len(out) > 3 {
		return strings.Join(out[:3], ", ") + fmt.Sprintf(" and %d more files", len(out)-3)
	}
	return strings.Join(out, ", ")
}

// finishRegion finishes one place's builder and says, as warnings naming
// the files, what its resources refer to that no file holds.
func (run *importRun) finishRegion(at regionAt) inventory.Region {
	b := run.builders[at]
	described := map[string]bool{}
	for _, c := range b.clusters {
		described[c.ARN] = true
	}
	reg := b.finish()
	nameTables(at, &reg)
	if !run.folders[at] {
		run.noFolder(at)
	}
	run.notCollected(at, &reg, described)
	run.missingTaskDefinitions(at, &reg)
	run.missingVPCs(at, &reg)
	run.missingTargetGroups(at, &reg)
	return reg
}

// noFolder records, one collection error per service, that a place whose
// resources were filed there by their ARN has no folder: everything else
// about it (its network, alarms, log groups...) was not collected.
func (run *importRun) noFolder(at regionAt) {
	var ops []string
	var first Operation
	for i, fi := range importers {
		if fi.expected {
			if len(ops) == 0 {
				first = fi.op
			}
			ops = append(ops, kebab(fi.op.Name))
		}
		if len(ops) > 0 && (i == len(importers)-1 || importers[i+1].op.Service != fi.op.Service) {
			run.gap(at, first, "NotCollected", fmt.Sprintf("account %s region %s has no folder in %s (resources named there by their ARN were filed under it): %s %s not collected",
				at.account, at.region, run.dir, fi.op.Service, strings.Join(ops, ", ")))
			ops = nil
		}
	}
}

// notCollected marks what the files show exists but hold no description of:
// a cluster known only from its services, tasks or instances, and a service
// known only from its tasks. Their settings are unknown, never "off".
func (run *importRun) notCollected(at regionAt, reg *inventory.Region, described map[string]bool) {
	for ci := range reg.ECS.Clusters {
		c := &reg.ECS.Clusters[ci]
		if !described[c.ARN] {
			c.Gaps = append(c.Gaps, "ecs DescribeClusters: not collected (no describe-clusters file holds it), so its settings are unknown")
			run.gap(at, Operation{"ecs", "DescribeClusters"}, "NotCollected", fmt.Sprintf("cluster %s: no describe-clusters file holds it, so its settings are unknown (named in %s)",
				c.ARN, run.namedIn(c.ARN, "describe-clusters")))
		}
		has := map[string]bool{}
		for _, s := range c.Services {
			has[s.Name] = true
		}
		tasksOf := map[string][]string{}
		for _, t := range c.Tasks {
			if name, ok := strings.CutPrefix(t.Group, "service:"); ok && name != "" && !has[name] {
				tasksOf[name] = append(tasksOf[name], t.ARN)
			}
		}
		for _, name := range slices.Sorted(maps.Keys(tasksOf)) {
			c.Gaps = append(c.Gaps, "ecs DescribeServices: service "+name+" not collected (its tasks run; no describe-services file holds it), so its settings are unknown")
			run.gap(at, Operation{"ecs", "DescribeServices"}, "NotCollected", fmt.Sprintf("service %s of cluster %s: no describe-services file holds it, so its settings are unknown (its tasks are in %s)",
				name, c.ARN, run.namedIn(tasksOf[name][0])))
		}
	}
}

// missingTaskDefinitions names, for each revision the region's services and
// tasks run that no file describes (finish keeps a NotCollected stub), the
// file it was expected in and the files that name it.
func (run *importRun) missingTaskDefinitions(at regionAt, reg *inventory.Region) {
	for _, td := range reg.ECS.TaskDefinitions {
		if !td.NotCollected {
			continue
		}
		var who []string
		for _, c := range reg.ECS.Clusters {
			for _, s := range c.Services {
				if s.TaskDefinition == td.ARN {
					who = append(who, "service "+s.Name)
				}
			}
			for _, t := range c.Tasks {
				if t.TaskDefinition == td.ARN {
					who = append(who, "task "+inventory.ShortName(t.ARN))
				}
			}
		}
		if len(who) > 3 {
			who = append(who[:3], fmt.Sprintf("%d more", len(who)-3))
		}
		run.gap(at, Operation{"ecs", "DescribeTaskDefinition"}, "MissingFile", fmt.Sprintf("%s is missing: task definition %s, run by %s (named in %s), was not collected",
			filepath.Join(run.dir, at.region, "ecs", "describe-task-definition."+escKey(td.ARN)+".json"), td.ARN, strings.Join(who, ", "),
			run.namedIn(td.ARN, "describe-task-definition")))
	}
}

// missingVPCs keeps a bare VPC for each one the region's subnets name that no
// file describes, so references resolve, and names the subnets and files.
func (run *importRun) missingVPCs(at regionAt, reg *inventory.Region) {
	if len(reg.Network.VPCs) == 0 {
		return // no describe-vpcs output at all: its missing file is the gap
	}
	known := map[string]bool{}
	for _, v := range reg.Network.VPCs {
		known[v.ID] = true
	}
	subnets := map[string][]string{}
	for _, sn := range reg.Network.Subnets {
		if sn.VPCID != "" && !known[sn.VPCID] {
			subnets[sn.VPCID] = append(subnets[sn.VPCID], sn.ID)
		}
	}
	for _, id := range slices.Sorted(maps.Keys(subnets)) {
		reg.Network.VPCs = append(reg.Network.VPCs, inventory.VPC{ID: id})
		run.gap(at, Operation{"ec2", "DescribeVpcs"}, "DanglingReference", fmt.Sprintf("VPC %s, named by subnet %s in %s, is in no describe-vpcs file: kept as a bare VPC whose settings are unknown",
			id, strings.Join(subnets[id], ", "), run.namedIn(id, "describe-vpcs")))
	}
}

// missingTargetGroups names each target group a service sends traffic to
// that no describe-target-groups file of its region holds: the service's
// load balancer chain is unknown past it.
func (run *importRun) missingTargetGroups(at regionAt, reg *inventory.Region) {
	known := map[string]bool{}
	for _, tg := range reg.ELB.TargetGroups {
		known[tg.ARN] = true
	}
	users := map[string][]string{}
	for _, c := range reg.ECS.Clusters {
		for _, s := range c.Services {
			for _, lb := range s.LoadBalancers {
				if lb.TargetGroupARN != "" && !known[lb.TargetGroupARN] && !slices.Contains(users[lb.TargetGroupARN], "service "+s.Name) {
					users[lb.TargetGroupARN] = append(users[lb.TargetGroupARN], "service "+s.Name)
				}
			}
		}
	}
	for _, arn := range slices.Sorted(maps.Keys(users)) {
		run.gap(at, Operation{"elbv2", "DescribeTargetGroups"}, "DanglingReference", fmt.Sprintf("target group %s, named by %s in %s, is in no describe-target-groups file: its targets and load balancer are unknown",
			arn, strings.Join(users[arn], ", "), run.namedIn(arn, "describe-target-groups", "describe-target-health")))
	}
}

// escKey escapes a file name's <key> as the collect script's esc does.
func escKey(s string) string {
	return strings.NewReplacer("%", "%25", "/", "%2F", ":", "%3A", ".", "%2E").Replace(s)
}

// staged counts what a builder holds, so that what one file added can be
// checked on its own.
type staged struct{ clusters, services, tasks, lbs, vpcs, subnets, dbs, dbClusters int }

func (b *builder) staged() staged {
	return staged{len(b.clusters), len(b.services), len(b.tasks), len(b.loadBalancers), len(b.r.Network.VPCs), len(b.r.Network.Subnets),
		len(b.r.RDS.Instances), len(b.r.RDS.Clusters)}
}

// keepIdentified keeps list[since:] items whose check returns "" (check
// may fill in a name the ARN tells) and appends the others' descriptions to
// dropped.
func keepIdentified[T any](list []T, since int, check func(*T) string, dropped *[]string) []T {
	since = min(since, len(list))
	out := list[:since]
	for _, x := range list[since:] {
		if why := check(&x); why != "" {
			*dropped = append(*dropped, why)
			continue
		}
		out = append(out, x)
	}
	return out
}

// clusterOf returns the cluster ARN of a "service/CLUSTER/NAME" or
// "task/CLUSTER/ID" ARN, or "" for the old format that does not name it.
func clusterOf(arn, kind string) string {
	prefix, rest, ok := strings.Cut(arn, ":"+kind+"/")
	if cluster, _, two := strings.Cut(rest, "/"); ok && two && cluster != "" {
		return prefix + ":cluster/" + cluster
	}
	return ""
}

// dropUnidentified removes what one file added without the identifiers the
// snapshot needs (an ARN, an id), fills in the names its ARN tells, and
// returns a description of each resource left out.
func (b *builder) dropUnidentified(since staged) []string {
	var out []string
	b.clusters = keepIdentified(b.clusters, since.clusters, func(c *inventory.Cluster) string {
		if c.ARN == "" {
			return fmt.Sprintf("a cluster without clusterArn (clusterName %q) was left out", c.Name)
		}
		c.Name = orName(c.Name, inventory.ShortName(c.ARN))
		return ""
	}, &out)
	b.services = keepIdentified(b.services, since.services, func(s *inventory.Service) string {
		if s.ARN == "" {
			return fmt.Sprintf("a service without serviceArn (serviceName %q) was left out", s.Name)
		}
		s.Name, s.ClusterARN = orName(s.Name, inventory.ShortName(s.ARN)), orName(s.ClusterARN, clusterOf(s.ARN, "service"))
		if s.ClusterARN == "" {
			return "service " + s.ARN + " without clusterArn was left out"
		}
		return ""
	}, &out)
	b.tasks = keepIdentified(b.tasks, since.tasks, func(t *inventory.Task) string {
		if t.ClusterARN = orName(t.ClusterARN, clusterOf(t.ARN, "task")); t.ARN == "" || t.ClusterARN == "" {
			return fmt.Sprintf("a task without taskArn or clusterArn (%q) was left out", orName(t.ARN, t.Group))
		}
		return ""
	}, &out)
	b.loadBalancers = keepIdentified(b.loadBalancers, since.lbs, func(l *inventory.LoadBalancer) string {
		if l.ARN == "" {
			return fmt.Sprintf("a load balancer without LoadBalancerArn (LoadBalancerName %q) was left out", l.Name)
		}
		if l.Name == "" {
			if p := strings.Split(inventory.ARNPart(l.ARN), "/"); len(p) >= 3 {
				l.Name = p[2]
			}
		}
		return ""
	}, &out)
	b.r.Network.VPCs = keepIdentified(b.r.Network.VPCs, since.vpcs, func(v *inventory.VPC) string {
		return unless(v.ID != "", "a VPC without VpcId was left out")
	}, &out)
	b.r.Network.Subnets = keepIdentified(b.r.Network.Subnets, since.subnets, func(s *inventory.Subnet) string {
		return unless(s.ID != "", "a subnet without SubnetId was left out")
	}, &out)
	b.dropUnidentifiedDatabases(since, &out)
	if td, ok := b.taskDefs[""]; ok {
		delete(b.taskDefs, "")
		out = append(out, fmt.Sprintf("a task definition without taskDefinitionArn (family %q) was left out", td.Family))
	}
	for arn, td := range b.taskDefs {
		if td.Family == "" {
			stub := taskDefinitionStub(arn)
			td.Family, td.Revision = stub.Family, stub.Revision
			b.taskDefs[arn] = td
		}
	}
	return out
}

// unless returns why when ok is false.
func unless(ok bool, why string) string {
	if ok {
		return ""
	}
	return why
}

// dropUnidentifiedDatabases is dropUnidentified for DB instances and
// clusters without an ARN: a list that lost one is no longer whole, so the
// region's databases become unknown.
func (b *builder) dropUnidentifiedDatabases(since staged, out *[]string) {
	n := len(*out)
	b.r.RDS.Instances = keepIdentified(b.r.RDS.Instances, since.dbs, func(d *inventory.DBInstance) string {
		return unless(d.ARN != "", fmt.Sprintf("a DB instance without DBInstanceArn (DBInstanceIdentifier %q) was left out", d.ID))
	}, out)
	if len(*out) > n {
		b.rdsListRead("DescribeDBInstances", false)
	}
	n = len(*out)
	b.r.RDS.Clusters = keepIdentified(b.r.RDS.Clusters, since.dbClusters, func(d *inventory.DBCluster) string {
		return unless(d.ARN != "", fmt.Sprintf("a DB cluster without DBClusterArn (DBClusterIdentifier %q) was left out", d.ID))
	}, out)
	if len(*out) > n {
		b.rdsListRead("DescribeDBClusters", false)
	}
}
