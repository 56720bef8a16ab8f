package assess

import (
	"regexp"
	"slices"
	"strings"

	"github.com/ecspack/ecspack/inventory"
)

// What was not collected is unknown, never a pass. Checks judge the data in
// front of them; this file makes sure no pass rests on data that is missing:
//
//   - a pass about a resource the snapshot marks as not fully collected (its
//     Gaps, a task definition NotCollected, or a service or task that runs one)
//     becomes a warning that says what could not be read;
//   - a pass aggregated over many resources is split the same way;
//   - any other pass (about the estate, a case study, a dimension such as
//     "Container Insights") becomes a warning when a read of a service its
//     evidence names failed anywhere in the snapshot;
//   - in a snapshot marked incomplete (an interrupted collection) every pass
//     becomes a warning, since anything may be missing.

// gapIndex maps resource identifiers (ARN, id or name) to what was not
// collected about them.
type gapIndex map[string]string

func newGapIndex(snap *inventory.Snapshot) gapIndex {
	ix := gapIndex{}
	add := func(gaps []string, id string) {
		if len(gaps) > 0 {
			ix[id] = strings.Join(gaps, "; ")
		}
	}
	eachResource(snap, add, add)
	return ix
}

// lookup returns the gap of a finding's resource. Resources are named by
// ARN or id, sometimes followed by words ("fs-1 (family web)").
func (ix gapIndex) lookup(resource string) string {
	if resource == "" || len(ix) == 0 {
		return ""
	}
	if g := ix[resource]; g != "" {
		return g
	}
	return ix[firstWord(resource)]
}

// evidenceService finds the services an evidence text names ("iam:GetRole, ecs:DescribeServices ...").
var evidenceService = regexp.MustCompile(`\b([a-z0-9-]+):[A-Z]`)

// failedServices returns the services (aws CLI names) with a failed read
// anywhere in the snapshot (its collection errors).
func failedServices(snap *inventory.Snapshot) map[string]bool {
	out := map[string]bool{}
	for _, e := range snap.Collection.Errors {
		out[e.Service] = true
	}
	return out
}

// knownResources collects the identifiers of the snapshot's resources, so
// that a finding about one of them is judged by that resource's own gaps,
// and any other finding (about a dimension, an estate, a case study) as a
// statement about everything.
func knownResources(snap *inventory.Snapshot) map[string]bool {
	m := map[string]bool{}
	eachResource(snap, func(_ []string, id string) { m[id] = true }, func([]string, string) {})
	return m
}

// eachResource walks every resource of the snapshot once, calling visit
// with what was not collected about it — its own gaps, or those of the
// resource it belongs to (a cluster's services, tasks and container
// instances; a load balancer's listeners and rules; a file system's mount
// targets and access points) — and the identifiers a finding may name it by.
// A service or task that runs a task definition which could not be read is
// visited once more with that gap, which then wins. named is called with
// the names the gap index also knows a cluster and a load balancer by. Both
// are called once per non-empty identifier.
func eachResource(snap *inventory.Snapshot, visit, named func(gaps []string, id string)) {
	perID := func(f func([]string, string)) func([]string, ...string) {
		return func(gaps []string, ids ...string) {
			for _, id := range ids {
				if id != "" {
					f(gaps, id)
				}
			}
		}
	}
	eachResourceIDs(snap, perID(visit), perID(named))
}

// eachResourceIDs is eachResource with every identifier of a resource in
// one call.
func eachResourceIDs(snap *inventory.Snapshot, visit, named func(gaps []string, ids ...string)) {
	for _, a := range snap.Accounts {
		visit(nil, a.ID)
		for _, ro := range a.IAM.Roles {
			visit(ro.Gaps, ro.ARN)
		}
		for i := range a.Regions {
			eachRegionResource(&a.Regions[i], visit, named)
		}
	}
}

// eachStore is eachRegionResource for the data stores, the secrets and
// keys they use, and the listeners' certificates.
func eachStore(r *inventory.Region, visit func(gaps []string, ids ...string)) {
	for _, x := range r.Secrets {
		visit(x.Gaps, x.ARN)
	}
	for _, x := range r.RDS.Instances {
		visit(nil, x.ARN)
	}
	for _, x := range r.RDS.Clusters {
		visit(nil, x.ARN)
	}
	// A table's two reads give separate facts; each check reads its own
	// read's gap (as for repositories).
	for _, x := range r.DynamoDBTables {
		visit(nil, x.ARN, x.Name)
	}
	for _, x := range r.KMSKeys {
		visit(x.Gaps, x.ARN)
	}
	for _, x := range r.ELB.Certificates {
		visit(x.Gaps, x.ARN)
	}
	for _, x := range r.Queues {
		visit(x.Gaps, x.ARN)
	}
	for _, x := range r.Topics {
		visit(x.Gaps, x.ARN)
	}
	for _, x := range r.Buckets {
		visit(x.Gaps, "arn:aws:s3:::"+x.Name)
	}
}

// eachRegionResource is eachResourceIDs for one region.
func eachRegionResource(r *inventory.Region, visit, named func(gaps []string, ids ...string)) {
	n := r.Network
	for _, x := range n.VPCs {
		visit(nil, x.ID)
	}
	for _, x := range n.Subnets {
		visit(nil, x.ID)
	}
	for _, x := range n.SecurityGroups {
		visit(nil, x.ID)
	}
	for _, x := range n.VPCEndpoints {
		visit(nil, x.ID)
	}
	for _, x := range n.NATGateways {
		visit(nil, x.ID)
	}
	tdGap := map[string][]string{}
	for _, td := range r.ECS.TaskDefinitions {
		if td.NotCollected {
			tdGap[td.ARN] = []string{"ecs DescribeTaskDefinition failed for " + inventory.ShortName(td.ARN)}
		}
		visit(tdGap[td.ARN], td.ARN)
	}
	for _, c := range r.ECS.Clusters {
		visit(c.Gaps, c.ARN)
		named(c.Gaps, c.Name)
		for _, ci := range c.ContainerInstances {
			visit(c.Gaps, ci.ARN)
		}
		for _, s := range c.Services {
			visit(c.Gaps, s.ARN)
			visit(tdGap[s.TaskDefinition], s.ARN)
		}
		for _, t := range c.Tasks {
			visit(c.Gaps, t.ARN)
			visit(tdGap[t.TaskDefinition], t.ARN)
		}
	}
	for _, x := range r.ECS.CapacityProviders {
		visit(x.Gaps, x.Name, x.ARN)
	}
	for _, x := range r.EC2.Instances {
		visit(x.Gaps, x.ID)
	}
	for _, x := range r.EC2.Images {
		visit(x.Gaps, x.ID)
	}
	eachStore(r, visit)
	for _, x := range r.Trails {
		if x.Bucket != nil {
			visit(x.Bucket.Gaps, "arn:aws:s3:::"+x.S3Bucket)
		}
	}
	for _, lb := range r.ELB.LoadBalancers {
		visit(lb.Gaps, lb.ARN)
		named(lb.Gaps, lb.Name)
		for _, l := range lb.Listeners {
			visit(lb.Gaps, l.ARN)
			for _, ru := range l.Rules {
				visit(lb.Gaps, ru.ARN)
			}
		}
	}
	for _, x := range r.ELB.TargetGroups {
		visit(x.Gaps, x.ARN)
	}
	for _, x := range r.AutoScaling.Groups {
		visit(nil, x.ARN, x.Name)
	}
	for _, x := range r.ECR.Repositories {
		visit(nil, x.ARN, x.Name)
	}
	for _, f := range r.EFS {
		visit(f.Gaps, f.ID, f.ARN)
		for _, mt := range f.MountTargets {
			visit(f.Gaps, mt.ID)
		}
		for _, ap := range f.AccessPoints {
			visit(f.Gaps, ap.ID, ap.ARN)
		}
	}
	for _, x := range r.Trails {
		visit(x.Gaps, x.ARN, x.Name)
	}
	for _, x := range r.Alarms {
		visit(nil, x.ARN, x.Name)
	}
	for _, x := range r.LogGroups {
		visit(nil, x.ARN, x.Name)
	}
	for _, x := range r.Namespaces {
		visit(nil, x.ID, x.ARN)
	}
	for _, x := range r.GuardDuty {
		visit(x.Gaps, x.ID)
	}
}

// unverified turns passes that rest on data that was not collected into
// warnings; see the comment at the top of this file.
func unverified(in *Input, fs []Finding) []Finding {
	snap := in.Snapshot
	if snap == nil {
		return fs
	}
	if in.gaps == nil {
		in.gaps = newGapIndex(snap)
		in.failed = failedServices(snap)
		in.known = knownResources(snap)
	}
	var out []Finding
	for _, f := range fs {
		if f.Outcome != Pass {
			out = append(out, f)
			continue
		}
		switch {
		case snap.Collection.Incomplete:
			out = append(out, warnUnverified(f, "the inventory is incomplete (its collection was interrupted), so anything may be missing"))
		case len(f.parts) > 0:
			var good []Finding
			for _, p := range f.parts {
				if g := in.gaps.lookup(p.Resource); g != "" {
					out = append(out, warnUnverified(p, "not everything about it was collected ("+g+")"))
				} else {
					good = append(good, p)
				}
			}
			if len(good) == len(f.parts) {
				out = append(out, f)
			} else {
				out = append(out, stamp((&wlPasses{evidence: f.Evidence, summary: f.summary, items: good}).findings(), f.Check)...)
			}
		case in.gaps.lookup(f.Resource) != "":
			out = append(out, warnUnverified(f, "not everything about it was collected ("+in.gaps.lookup(f.Resource)+")"))
		case in.known[f.Resource] || in.known[firstWord(f.Resource)]:
			out = append(out, f)
		default:
			var missing []string
			for _, m := range evidenceService.FindAllStringSubmatch(f.Evidence, -1) {
				svc := m[1]
				if svc == "elasticloadbalancing" {
					svc = "elbv2"
				}
				if in.failed[svc] {
					missing = append(missing, svc)
				}
			}
			if len(missing) > 0 {
				out = append(out, warnUnverified(f, "some "+strings.Join(uniqueSorted(missing), ", ")+" reads failed (see the collection errors), so the estate-wide statement may miss resources"))
			} else {
				out = append(out, f)
			}
		}
	}
	return out
}

func firstWord(s string) string {
	w, _, _ := strings.Cut(s, " ")
	return w
}

// warnUnverified is a pass that cannot be trusted, said as a warning.
func warnUnverified(f Finding, why string) Finding {
	f.Outcome = Warn
	f.Message = "unverified: " + f.Message + "; but " + why
	f.Remediation = "collect the inventory again (ecspack discover) with the permissions and time it needs; see the snapshot's collection errors"
	f.parts, f.summary = nil, ""
	return f
}

func uniqueSorted(s []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	slices.Sort(out)
	return out
}
