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
	add := func(gaps []string, ids ...string) {
		if len(gaps) == 0 {
			return
		}
		for _, id := range ids {
			if id != "" {
				ix[id] = strings.Join(gaps, "; ")
			}
		}
	}
	for _, a := range snap.Accounts {
		for _, ro := range a.IAM.Roles {
			add(ro.Gaps, ro.ARN)
		}
		for _, r := range a.Regions {
			tdGap := map[string]string{}
			for _, td := range r.ECS.TaskDefinitions {
				if td.NotCollected {
					tdGap[td.ARN] = "ecs DescribeTaskDefinition failed for " + inventory.ShortName(td.ARN)
					add([]string{tdGap[td.ARN]}, td.ARN)
				}
			}
			for _, c := range r.ECS.Clusters {
				add(c.Gaps, c.ARN, c.Name)
				for _, ci := range c.ContainerInstances {
					add(c.Gaps, ci.ARN)
				}
				for _, s := range c.Services {
					add(c.Gaps, s.ARN)
					if g := tdGap[s.TaskDefinition]; g != "" {
						add([]string{g}, s.ARN)
					}
				}
				for _, t := range c.Tasks {
					add(c.Gaps, t.ARN)
					if g := tdGap[t.TaskDefinition]; g != "" {
						add([]string{g}, t.ARN)
					}
				}
			}
			for _, cp := range r.ECS.CapacityProviders {
				add(cp.Gaps, cp.Name, cp.ARN)
			}
			for _, i := range r.EC2.Instances {
				add(i.Gaps, i.ID)
			}
			for _, i := range r.EC2.Images {
				add(i.Gaps, i.ID)
			}
			for _, lb := range r.ELB.LoadBalancers {
				add(lb.Gaps, lb.ARN, lb.Name)
				for _, l := range lb.Listeners {
					add(lb.Gaps, l.ARN)
					for _, ru := range l.Rules {
						add(lb.Gaps, ru.ARN)
					}
				}
			}
			for _, tg := range r.ELB.TargetGroups {
				add(tg.Gaps, tg.ARN)
			}
			for _, f := range r.EFS {
				add(f.Gaps, f.ID, f.ARN)
				for _, mt := range f.MountTargets {
					add(f.Gaps, mt.ID)
				}
				for _, ap := range f.AccessPoints {
					add(f.Gaps, ap.ID, ap.ARN)
				}
			}
			for _, t := range r.Trails {
				add(t.Gaps, t.ARN, t.Name)
			}
			for _, d := range r.GuardDuty {
				add(d.Gaps, d.ID)
			}
		}
	}
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
	add := func(ids ...string) {
		for _, id := range ids {
			if id != "" {
				m[id] = true
			}
		}
	}
	for _, a := range snap.Accounts {
		add(a.ID)
		for _, ro := range a.IAM.Roles {
			add(ro.ARN)
		}
		for _, r := range a.Regions {
			n := r.Network
			for _, x := range n.VPCs {
				add(x.ID)
			}
			for _, x := range n.Subnets {
				add(x.ID)
			}
			for _, x := range n.SecurityGroups {
				add(x.ID)
			}
			for _, x := range n.VPCEndpoints {
				add(x.ID)
			}
			for _, x := range n.NATGateways {
				add(x.ID)
			}
			for _, td := range r.ECS.TaskDefinitions {
				add(td.ARN)
			}
			for _, c := range r.ECS.Clusters {
				add(c.ARN)
				for _, s := range c.Services {
					add(s.ARN)
				}
				for _, t := range c.Tasks {
					add(t.ARN)
				}
				for _, ci := range c.ContainerInstances {
					add(ci.ARN)
				}
			}
			for _, x := range r.ECS.CapacityProviders {
				add(x.Name, x.ARN)
			}
			for _, x := range r.EC2.Instances {
				add(x.ID)
			}
			for _, x := range r.EC2.Images {
				add(x.ID)
			}
			for _, lb := range r.ELB.LoadBalancers {
				add(lb.ARN)
				for _, l := range lb.Listeners {
					add(l.ARN)
					for _, ru := range l.Rules {
						add(ru.ARN)
					}
				}
			}
			for _, x := range r.ELB.TargetGroups {
				add(x.ARN)
			}
			for _, x := range r.AutoScaling.Groups {
				add(x.ARN, x.Name)
			}
			for _, x := range r.ECR.Repositories {
				add(x.ARN, x.Name)
			}
			for _, f := range r.EFS {
				add(f.ID, f.ARN)
				for _, mt := range f.MountTargets {
					add(mt.ID)
				}
				for _, ap := range f.AccessPoints {
					add(ap.ID, ap.ARN)
				}
			}
			for _, x := range r.Trails {
				add(x.ARN, x.Name)
			}
			for _, x := range r.Alarms {
				add(x.ARN, x.Name)
			}
			for _, x := range r.LogGroups {
				add(x.ARN, x.Name)
			}
			for _, x := range r.Namespaces {
				add(x.ID, x.ARN)
			}
			for _, x := range r.GuardDuty {
				add(x.ID)
			}
		}
	}
	return m
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
