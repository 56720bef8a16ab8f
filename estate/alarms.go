package estate

import (
	"maps"
	"slices"
	"strings"

	"github.com/ecspack/ecspack/inventory"
)

// AlarmRule says why an alarm is attributed to a service. Consumers print it
// next to the alarm, so a reader can judge the attribution.
type AlarmRule string

// The rules, tried in this order; the first that holds decides.
const (
	// AlarmServiceDimensions: the alarm's ServiceName dimension is the
	// service's and its ClusterName the service's cluster (AWS/ECS,
	// ECS/ContainerInsights); without a ClusterName dimension only when no
	// other service of the region has that name.
	AlarmServiceDimensions AlarmRule = "service dimensions"
	// AlarmTargetGroup: the alarm's TargetGroup dimension is one of the
	// service's own target groups (with or without a LoadBalancer dimension).
	AlarmTargetGroup AlarmRule = "target group"
	// AlarmLoadBalancer: the alarm has only a LoadBalancer dimension (no
	// target group, no service) and that load balancer serves this service
	// and nothing else the snapshot holds.
	AlarmLoadBalancer AlarmRule = "load balancer (serves only this service)"
	// AlarmDeployment: the service's deployment configuration names the
	// alarm (deployment alarms roll the service back).
	AlarmDeployment AlarmRule = "deployment alarm of the service"
)

// AlarmMatch is one alarm attributed to a service and the rule that did it.
type AlarmMatch struct {
	Alarm *inventory.Alarm
	Rule  AlarmRule
}

// ServiceAlarm is one service an alarm is attributed to, and the rule.
type ServiceAlarm struct {
	Service *Service
	Rule    AlarmRule
}

// SharedAlarm is an alarm on a load balancer (LoadBalancer dimension only)
// that is attributed to no service, because the load balancer serves more
// than one service, or targets no ECS service of the snapshot holds.
type SharedAlarm struct {
	Alarm        *inventory.Alarm
	LoadBalancer *inventory.LoadBalancer
	// Services are the services behind the load balancer, in region order.
	Services []*Service
	// Others is set when the load balancer also forwards to target groups
	// no ECS service of the region is registered with.
	Others bool
}

// alarmIndex finds a region's alarms by the dimensions the rules match on,
// so attributing every alarm stays linear in services plus alarms.
type alarmIndex struct {
	bySvc     map[string][]int // "cluster\x00service" (ServiceName and ClusterName)
	bySvcName map[string][]int // ServiceName without ClusterName
	byTG      map[string][]int // TargetGroup value: "targetgroup/NAME/ID"
	byLB      map[string][]int // LoadBalancer value of alarms with no TargetGroup or ServiceName: "app/NAME/ID"
	byName    map[string][]int
	byCluster map[string][]int // ClusterName of alarms without ServiceName
}

func newAlarmIndex(alarms []inventory.Alarm) alarmIndex {
	ix := alarmIndex{bySvc: map[string][]int{}, bySvcName: map[string][]int{}, byTG: map[string][]int{}, byLB: map[string][]int{}, byName: map[string][]int{}, byCluster: map[string][]int{}}
	for i := range alarms {
		d := map[string]string{}
		for _, kv := range alarms[i].Dimensions {
			if k, v, ok := strings.Cut(kv, "="); ok {
				d[k] = v
			}
		}
		ix.byName[alarms[i].Name] = append(ix.byName[alarms[i].Name], i)
		svc, hasSvc := d["ServiceName"]
		cluster, hasCluster := d["ClusterName"]
		tg, hasTG := d["TargetGroup"]
		if hasCluster && !hasSvc {
			ix.byCluster[cluster] = append(ix.byCluster[cluster], i)
		}
		switch {
		case hasSvc && hasCluster:
			ix.bySvc[cluster+"\x00"+svc] = append(ix.bySvc[cluster+"\x00"+svc], i)
		case hasSvc:
			ix.bySvcName[svc] = append(ix.bySvcName[svc], i)
		case hasTG:
			ix.byTG[tg] = append(ix.byTG[tg], i)
		default:
			if lb, ok := d["LoadBalancer"]; ok {
				ix.byLB[lb] = append(ix.byLB[lb], i)
			}
		}
	}
	return ix
}

// lbDimension is the LoadBalancer dimension value of a load balancer ARN:
// "app/NAME/ID".
func lbDimension(arn string) string {
	return strings.TrimPrefix(inventory.ARNPart(arn), "loadbalancer/")
}

// attributeAlarms attributes the region's alarms to its services (each
// service's alarms in region order) and records the load balancer alarms
// no service gets.
func attributeAlarms(r *Region) {
	alarms := r.Region.Alarms
	ix := newAlarmIndex(alarms)
	r.alarmWatchers = make([][]ServiceAlarm, len(alarms))
	names := map[string]int{}
	for _, s := range r.Services {
		names[s.Name()]++
	}
	served := lbServices(r)
	for _, c := range r.Clusters {
		for _, i := range ix.byCluster[c.Cluster.Name] {
			c.alarms = append(c.alarms, &alarms[i])
		}
	}
	for _, s := range r.Services {
		rule := map[int]AlarmRule{}
		set := func(is []int, ru AlarmRule) {
			for _, i := range is {
				if _, done := rule[i]; !done {
					rule[i] = ru
				}
			}
		}
		set(ix.bySvc[s.ClusterName()+"\x00"+s.Name()], AlarmServiceDimensions)
		if names[s.Name()] == 1 {
			set(ix.bySvcName[s.Name()], AlarmServiceDimensions)
		}
		for _, t := range s.targets {
			set(ix.byTG[inventory.ARNPart(t.Binding.TargetGroupARN)], AlarmTargetGroup)
			for _, lb := range t.LoadBalancers {
				if sv := served[lb.ARN]; len(sv.services) == 1 && !sv.others {
					set(ix.byLB[lbDimension(lb.ARN)], AlarmLoadBalancer)
				}
			}
		}
		for _, n := range s.Service.Deployment.AlarmNames {
			set(ix.byName[n], AlarmDeployment)
		}
		for _, i := range slices.Sorted(maps.Keys(rule)) {
			s.alarms = append(s.alarms, AlarmMatch{Alarm: &alarms[i], Rule: rule[i]})
			r.alarmWatchers[i] = append(r.alarmWatchers[i], ServiceAlarm{Service: s, Rule: rule[i]})
		}
	}
	r.sharedAlarms = map[int]SharedAlarm{}
	for li := range r.Region.ELB.LoadBalancers {
		lb := &r.Region.ELB.LoadBalancers[li]
		sv := served[lb.ARN]
		if len(sv.services) == 0 || (len(sv.services) == 1 && !sv.others) {
			continue
		}
		for _, i := range ix.byLB[lbDimension(lb.ARN)] {
			if len(r.alarmWatchers[i]) == 0 {
				r.sharedAlarms[i] = SharedAlarm{Alarm: &alarms[i], LoadBalancer: lb, Services: sv.services, Others: sv.others}
			}
		}
	}
	for _, i := range slices.Sorted(maps.Keys(r.sharedAlarms)) {
		for _, s := range r.sharedAlarms[i].Services {
			s.shared = append(s.shared, r.sharedAlarms[i])
		}
	}
}

// lbUse is what a load balancer serves: the region's services behind it,
// and whether it also forwards to target groups no service is registered with.
type lbUse struct {
	services []*Service
	others   bool
}

func lbServices(r *Region) map[string]lbUse {
	out := map[string]lbUse{}
	bound := map[string]bool{}
	for _, s := range r.Services {
		for _, t := range s.targets {
			bound[t.Binding.TargetGroupARN] = true
			for _, lb := range t.LoadBalancers {
				u := out[lb.ARN]
				if !slices.Contains(u.services, s) {
					u.services = append(u.services, s)
				}
				out[lb.ARN] = u
			}
		}
	}
	for _, tg := range r.Region.ELB.TargetGroups {
		if bound[tg.ARN] {
			continue
		}
		for _, arn := range tg.LoadBalancers {
			u := out[arn]
			u.others = true
			out[arn] = u
		}
	}
	return out
}

// Alarms are the alarms of the service's region attributed to the service,
// each with the rule that attributed it, in region order. An alarm on a load
// balancer that serves other services too is not among them (see
// SharedAlarms).
func (s *Service) Alarms() []AlarmMatch { return s.alarms }

// SharedAlarms are the alarms on one of the service's load balancers that no
// service is given, because the load balancer serves more than this service,
// in region order.
func (s *Service) SharedAlarms() []SharedAlarm { return s.shared }

// AlarmWatchers are the services the region's i-th alarm is attributed to,
// with the rule, in service order; nil when it watches none of them.
func (r *Region) AlarmWatchers(i int) []ServiceAlarm { return r.alarmWatchers[i] }

// SharedAlarm reports, for the region's i-th alarm, the load balancer it
// watches when that load balancer serves several services and so the alarm
// is attributed to none.
func (r *Region) SharedAlarm(i int) (SharedAlarm, bool) {
	sh, ok := r.sharedAlarms[i]
	return sh, ok
}

// Alarms are the alarms of the region on the cluster as a whole: a
// ClusterName dimension and no ServiceName, in region order. They watch no
// one service.
func (c *Cluster) Alarms() []*inventory.Alarm { return c.alarms }
