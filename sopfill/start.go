package sopfill

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/internal/words"
)

// MaxPages is how many "things most likely to page someone" the runbook's
// Start here page lists.
const MaxPages = 5

// StartView is what the runbook's "Start here" page says: the things most
// likely to page the reader, each with the first command to run, and whom
// to call in which order.
type StartView struct {
	// Pages are at most MaxPages KPIs of the services, ranked by PageRank:
	// alarms first, then proposed KPIs that have no alarm yet.
	Pages []PageItem
	// Escalation are the contacts with an escalation level, by level; AWS
	// Support, the last step, is the template's to word.
	Escalation []EscalationRow
	// Has24x7 is true when a row of Escalation has a 24×7 number.
	Has24x7 bool
	// System says in one sentence what runs where ("" without an inventory).
	System string
}

// PageItem is one KPI that may page someone, with the command to start from.
type PageItem struct {
	// Account, Region, Cluster and Service are the service the command is
	// for; Services are all the services ("cluster/service") the alarm watches.
	Account, Region, Cluster, Service string
	Services                          []string
	KPIView
	// CustomerFacing is true when the service is behind an internet-facing
	// load balancer: its users notice first.
	CustomerFacing bool
	// Silent is true for an alarm that notifies no one (no actions, or
	// actions disabled): it is in ALARM without paging anybody.
	Silent bool
	// Command is the first aws CLI command to run, one line.
	Command string
	// Section is the name of the troubleshooting subsection (section 6) for this KPI.
	Section string
}

// EscalationRow is one contact of the escalation matrix.
type EscalationRow struct {
	Level int
	// Party is the customer's or the partner's name.
	Party                                      string
	Name, Role, Hours, Email, Phone, Phone24x7 string
	// Reach is how to reach the contact, for a table cell: phone, the 24×7
	// number in bold, email, joined by "; " ("" when none is given).
	Reach string
}

// pageTier ranks a KPI kind for the Start here page (lower pages sooner):
// users see server errors and unhealthy targets of a customer-facing
// service first, then missing tasks, then saturation, then anything else
// (queue depth, custom metrics). Errors of an internal service rank after
// those of a customer-facing one but before missing tasks.
func pageTier(kind string, customerFacing bool) int {
	switch kind {
	case "5xx", "unhealthy":
		if customerFacing {
			return 0
		}
		return 1
	case "running":
		return 2
	case "cpu", "memory":
		return 3
	}
	return 4
}

// PageRank orders two page items: alarms before proposed KPIs ("no alarm
// yet"), alarms that notify someone before silent ones, then by pageTier,
// customer-facing services first, then by the KPI order of section 3 and
// by region, cluster, service and alarm name, so equal estates give the
// same list.
func PageRank(a, b PageItem) int {
	return cmp.Or(
		cmpBool(a.Proposed, b.Proposed),
		cmpBool(a.Silent, b.Silent),
		cmp.Compare(pageTier(a.Kind, a.CustomerFacing), pageTier(b.Kind, b.CustomerFacing)),
		cmpBool(!a.CustomerFacing, !b.CustomerFacing),
		cmp.Compare(kindOrder(a.Kind), kindOrder(b.Kind)),
		cmp.Compare(a.Region, b.Region), cmp.Compare(a.Cluster, b.Cluster),
		cmp.Compare(a.Service, b.Service), cmp.Compare(a.Alarm, b.Alarm), cmp.Compare(a.Name, b.Name))
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// kindOrder is a KPI kind's place in standardKPIs ("other" last).
func kindOrder(kind string) int {
	for i, s := range standardKPIs {
		if s.kind == kind {
			return i
		}
	}
	return len(standardKPIs)
}

// exposure says whether a service is behind an internet-facing load
// balancer and lists its target groups' ARNs, in binding order.
func exposure(targets []estate.Target) (internetFacing bool, tgARNs []string) {
	for _, t := range targets {
		for _, lb := range t.LoadBalancers {
			internetFacing = internetFacing || lb.Scheme == "internet-facing"
		}
		if arn := t.Binding.TargetGroupARN; arn != "" && !slices.Contains(tgARNs, arn) {
			tgARNs = append(tgARNs, arn)
		}
	}
	return internetFacing, tgARNs
}

// startView ranks every KPI of the case study's services and keeps the
// first MaxPages, and builds the escalation matrix from the case study's
// and the partner's contacts.
func (v *CaseView) startView(partner string, partnerContacts []evidence.Contact) StartView {
	var all []PageItem
	for _, s := range v.Services {
		for _, k := range s.KPIs {
			it := PageItem{Account: s.Account, Region: s.Region, Cluster: s.Cluster, Service: s.Name, KPIView: k, CustomerFacing: s.InternetFacing}
			if !k.Proposed {
				it.Silent = silent(s.Alarms, k.Alarm)
			}
			it.Command = firstCommand(s, k)
			it.Section = kpiGroupName(k)
			all = append(all, it)
		}
	}
	slices.SortStableFunc(all, PageRank)
	sv := StartView{Pages: mergeAlarms(all, MaxPages), System: v.systemText()}
	add := func(party string, cs []evidence.Contact) {
		for _, c := range cs {
			if c.EscalationLevel > 0 {
				phone, p24 := c.Phone, ""
				if c.Phone24x7 != "" {
					p24 = "**24×7 " + c.Phone24x7 + "**"
					if strings.TrimSpace(phone) == strings.TrimSpace(c.Phone24x7) {
						phone = "" // the same line, said once
					}
				}
				reach := strings.ReplaceAll(words.Join("; ", phone, p24, c.Email), "|", `\|`)
				sv.Escalation = append(sv.Escalation, EscalationRow{Level: c.EscalationLevel, Party: party, Name: c.Name, Role: c.Role,
					Hours: c.Hours, Email: c.Email, Phone: c.Phone, Phone24x7: c.Phone24x7, Reach: reach})
				sv.Has24x7 = sv.Has24x7 || c.Phone24x7 != ""
			}
		}
	}
	add(v.Customer, v.Contacts)
	add(cmp.Or(partner, "the partner"), partnerContacts)
	// Stable: at one level the customer's contacts come before the partner's, each in file order.
	slices.SortStableFunc(sv.Escalation, func(a, b EscalationRow) int { return cmp.Compare(a.Level, b.Level) })
	return sv
}

// mergeAlarms keeps the first n items of ranked, one per alarm: an alarm
// that watches several services (a load balancer's) is listed once, at its
// best rank, naming each service it watches.
func mergeAlarms(ranked []PageItem, n int) []PageItem {
	var out []PageItem
	at := map[string]int{}
	for _, it := range ranked {
		name := it.Cluster + "/" + it.Service
		key := it.Account + "\x00" + it.Region + "\x00" + it.Alarm
		if i, ok := at[key]; ok && !it.Proposed {
			if !slices.Contains(out[i].Services, name) {
				out[i].Services = append(out[i].Services, name)
			}
			continue
		}
		if len(out) == n {
			continue // later items may still name a service of a listed alarm
		}
		it.Services = []string{name}
		if !it.Proposed {
			at[key] = len(out)
		}
		out = append(out, it)
	}
	return out
}

// silent reports whether the named alarm notifies no one.
func silent(alarms []AlarmView, name string) bool {
	for _, a := range alarms {
		if a.Name == name {
			return !a.ActionsEnabled || len(a.Actions) == 0
		}
	}
	return false
}

// kpiGroupName is the section 6 subsection a KPI is troubleshot in.
func kpiGroupName(k KPIView) string {
	for _, s := range standardKPIs {
		if s.kind == k.Kind {
			return s.name
		}
	}
	return "Other alarms"
}

// firstCommand is the first command of section 6's procedure for a KPI,
// with this service's region, cluster and names filled in: one line, so it
// can be pasted as printed.
func firstCommand(s ServiceView, k KPIView) string {
	svc := fmt.Sprintf("--region %s --cluster %s", s.Region, s.Cluster)
	events := fmt.Sprintf("aws ecs describe-services %s --services %s --query 'services[0].events[:10]'", svc, s.Name)
	switch k.Kind {
	case "unhealthy":
		if len(s.TargetGroupARNs) > 0 {
			return fmt.Sprintf("aws elbv2 describe-target-health --region %s --target-group-arn %s", s.Region, s.TargetGroupARNs[0])
		}
	case "memory":
		return fmt.Sprintf("aws ecs list-tasks %s --service-name %s --desired-status STOPPED", svc, s.Name)
	case "cpu":
		if s.AutoScaling {
			return fmt.Sprintf("aws application-autoscaling describe-scaling-activities --region %s --service-namespace ecs --resource-id service/%s/%s", s.Region, s.Cluster, s.Name)
		}
	case "other":
		if k.Alarm != "" {
			return fmt.Sprintf("aws cloudwatch describe-alarms --region %s --alarm-names %s", s.Region, shellArg(k.Alarm))
		}
	}
	return events
}

// shellArg quotes a value for a POSIX shell when it holds anything but
// letters, digits and . _ - / : = @ + (an alarm name may hold spaces).
func shellArg(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-/:=@+") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// maxNamed is how many clusters the system sentence names before it only counts them.
const maxNamed = 4

// systemText is the Start here page's sentence about the estate: services,
// clusters, Regions and how users reach it; "" without an inventory.
func (v *CaseView) systemText() string {
	if !v.HasInventory {
		return ""
	}
	var names, where []string
	for _, c := range v.Clusters {
		names = append(names, "`"+c.Name+"`")
		if !slices.Contains(where, c.Region) {
			where = append(where, c.Region)
		}
	}
	slices.Sort(where) // the Regions the clusters run in: case.yaml's may add a recovery Region
	clusters := words.Count(len(v.Clusters), "cluster", "clusters")
	if len(names) > 0 && len(names) <= maxNamed {
		clusters += " (" + strings.Join(names, ", ") + ")"
	}
	regions := "no Region"
	if len(where) > 0 {
		regions = words.Plural(len(where), "Region ", "Regions ") + strings.Join(where, ", ")
	}
	out := fmt.Sprintf("%s on %s in %s", words.Count(len(v.Services), "ECS service", "ECS services"), clusters, regions)
	if n := v.InternetFacingLoadBalancers; n > 0 {
		out += fmt.Sprintf("; users reach it through %s", words.Count(n, "internet-facing load balancer", "internet-facing load balancers"))
	}
	return out
}
