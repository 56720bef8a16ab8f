package sopfill

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/internal/words"
	"github.com/ecspack/ecspack/inventory"
)

// serviceView words what the estate view knows of one service; secrets are
// the secrets each task definition revision injects, by revision ARN.
func serviceView(s *estate.Service, secrets map[string][]SecretView) ServiceView {
	in := s.Service
	sv := ServiceView{Account: s.AccountID(), Region: s.RegionName(), Cluster: s.ClusterName(), ClusterARN: s.Cluster.Cluster.ARN, Name: in.Name, ARN: in.ARN,
		Desired: in.DesiredCount, Running: in.RunningCount, TaskDefinitionARN: in.TaskDefinition, TaskDefinition: inventory.ShortName(in.TaskDefinition),
		Controller: controllerText(in.Deployment.Controller), CircuitBreaker: in.Deployment.CircuitBreakerEnabled, Rollback: in.Deployment.CircuitBreakerRollback || in.Deployment.AlarmsRollback,
		MinHealthy: in.Deployment.MinimumHealthyPercent, MaxPercent: in.Deployment.MaximumPercent, DeploymentAlarms: slices.Clone(in.Deployment.AlarmNames),
		ExecEnabled: in.EnableExecuteCommand, Capacity: capacityText(s.Capacity), Fargate: s.Capacity.UsesFargate(), Spot: s.Capacity.FargateSpot()}
	for _, p := range s.Capacity.EC2Providers() {
		if g := providerGroupName(s.Region, p); g != "" && !slices.Contains(sv.AutoScalingGroups, g) {
			sv.AutoScalingGroups = append(sv.AutoScalingGroups, g)
		}
	}
	sv.Family, sv.Revision, sv.PreviousRevision = revisionText(sv.TaskDefinition)
	if td := s.TaskDef; td != nil {
		sv.CPU, sv.Memory, sv.Arch = cpuText(td.CPU), memText(td.Memory), cmp.Or(td.CPUArchitecture, "X86_64")
		for _, ct := range td.Containers {
			sv.Containers = append(sv.Containers, ct.Name)
		}
		sv.LogGroups = logGroupNames(s.LogGroups())
		sv.Secrets = secrets[td.ARN]
	}
	if n := in.Network; n != nil {
		sv.Subnets, sv.SecurityGroups, sv.PublicIP = slices.Clone(n.Subnets), slices.Clone(n.SecurityGroups), n.AssignPublicIP
	}
	sv.AZs = serviceAZs(s)
	sv.LoadBalancers, sv.TargetGroups = targetText(s.Targets())
	sv.InternetFacing, sv.TargetGroupARNs = exposure(s.Targets())
	if st := s.ScalableTarget(); st != nil {
		sv.AutoScaling, sv.MinTasks, sv.MaxTasks = !st.Suspended, st.MinCapacity, st.MaxCapacity
	}
	for _, p := range s.ScalingPolicies() {
		sv.ScalingPolicies = append(sv.ScalingPolicies, scalingView(s.RegionName(), p, s.Region.ScalableTarget(p.ResourceID)))
	}
	watched := s.Alarms()
	for _, m := range watched {
		sv.Alarms = append(sv.Alarms, alarmView(s.RegionName(), *m.Alarm))
	}
	sv.KPIs = kpis(watched, len(in.LoadBalancers) > 0)
	for _, sh := range s.SharedAlarms() {
		sv.SharedAlarms = append(sv.SharedAlarms, sh.Alarm.Name+" ("+sharedText(sh)+")")
	}
	return sv
}

// sharedText says why a load balancer alarm is attributed to no service:
// "load balancer NAME serves 2 services: prod/api, prod/web".
func sharedText(sh estate.SharedAlarm) string {
	var names []string
	for _, s := range sh.Services {
		names = append(names, s.ClusterName()+"/"+s.Name())
	}
	t := "load balancer " + sh.LoadBalancer.Name + " serves " + words.Count(len(names), "service", "services") + ": " + strings.Join(names, ", ")
	if sh.Others {
		t += ", and target groups no ECS service uses"
	}
	return t
}

// watchText says which services an alarm of the region is attributed to
// and by which rule, or why none.
func watchText(rg *estate.Region, i int) string {
	var parts []string
	for _, w := range rg.AlarmWatchers(i) {
		parts = append(parts, w.Service.ClusterName()+"/"+w.Service.Name()+" ("+string(w.Rule)+")")
	}
	if len(parts) > 0 {
		return strings.Join(parts, "; ")
	}
	if sh, ok := rg.SharedAlarm(i); ok {
		return "no single service: " + sharedText(sh)
	}
	return "no service of the inventory"
}

// serviceAZs are the zones a service uses: those of its configured subnets
// and those its running tasks are placed in, sorted.
func serviceAZs(s *estate.Service) []string {
	azs, _ := s.SubnetAZs()
	set := map[string]bool{}
	for _, az := range append(azs, s.TaskAZs()...) {
		set[az] = true
	}
	if len(set) == 0 {
		return nil
	}
	return slices.Sorted(maps.Keys(set))
}

// revisionText splits "family:revision" and names the revision before it
// ("" for revision 1 or without a revision).
func revisionText(name string) (family string, revision int, previous string) {
	family, rev, ok := strings.Cut(name, ":")
	if !ok {
		return name, 0, ""
	}
	revision, _ = strconv.Atoi(rev)
	if revision > 1 {
		previous = family + ":" + strconv.Itoa(revision-1)
	}
	return family, revision, previous
}

// targetText words a service's load balancer bindings: its load balancers
// as "name (type, scheme)", once each, and its bindings as
// "target group → container:port".
func targetText(targets []estate.Target) (lbs, tgs []string) {
	for _, t := range targets {
		name := cmp.Or(t.Binding.LoadBalancerName, inventory.ShortName(t.Binding.TargetGroupARN))
		if t.TargetGroup != nil {
			name = t.TargetGroup.Name
			for _, lb := range t.LoadBalancers {
				if label := fmt.Sprintf("%s (%s, %s)", lb.Name, lb.Type, lb.Scheme); !slices.Contains(lbs, label) {
					lbs = append(lbs, label)
				}
			}
		}
		tgs = append(tgs, fmt.Sprintf("%s → %s:%d", name, t.Binding.ContainerName, t.Binding.ContainerPort))
	}
	return lbs, tgs
}

// capacityText words a service's capacity: its launch type, or its
// strategy, marked when it is the cluster's default; "" when it names
// neither.
func capacityText(c estate.Capacity) string {
	switch {
	case c.LaunchType != "":
		return c.LaunchType
	case c.ClusterDefault:
		return strategyText(c.Strategy) + " (cluster default)"
	}
	return strategyText(c.Strategy)
}

func strategyText(items []inventory.CapacityProviderItem) string {
	var parts []string
	for _, it := range items {
		var opts []string
		if it.Base > 0 {
			opts = append(opts, fmt.Sprintf("base %d", it.Base))
		}
		opts = append(opts, fmt.Sprintf("weight %d", it.Weight))
		parts = append(parts, fmt.Sprintf("%s (%s)", it.CapacityProvider, strings.Join(opts, ", ")))
	}
	return strings.Join(parts, ", ")
}

func controllerText(c string) string {
	switch c {
	case "", "ECS":
		return "rolling update (ECS)"
	case "CODE_DEPLOY":
		return "blue/green (CodeDeploy)"
	case "EXTERNAL":
		return "external controller"
	}
	return c
}

// kpiSpec is one standard KPI: its kind (estate.MetricKind), name, the
// metric and condition proposed when no alarm covers it, and whether it
// only applies behind a load balancer.
type kpiSpec struct {
	kind, name, metric, condition string
	needsLB                       bool
}

// standardKPIs are the defaults proposed where no alarm covers a KPI; an
// immutable table.
var standardKPIs = []kpiSpec{
	{"cpu", "CPU utilisation", "AWS/ECS CPUUtilization", "Average > 80% for 5 minutes (5 × 60 s)", false},
	{"memory", "Memory utilisation", "AWS/ECS MemoryUtilization", "Average > 85% for 5 minutes (5 × 60 s)", false},
	{"5xx", "Server error rate", "AWS/ApplicationELB HTTPCode_Target_5XX_Count ÷ RequestCount", "> 1% of requests for 5 minutes", true},
	{"unhealthy", "Unhealthy targets", "AWS/ApplicationELB UnHealthyHostCount", "Maximum ≥ 1 for 5 minutes", true},
	{"running", "Running tasks below desired", "ECS/ContainerInsights RunningTaskCount vs DesiredTaskCount", "RunningTaskCount < DesiredTaskCount for 5 minutes", false},
}

// kpis lists a service's KPIs from the alarms attributed to it (Service.Alarms):
// the standard KPIs, found or proposed, in standardKPIs order, then the
// other alarms in region order.
func kpis(watched []estate.AlarmMatch, hasLB bool) []KPIView {
	var out, others []KPIView
	covered := map[string]bool{}
	for _, m := range watched {
		a := m.Alarm
		k := estate.MetricKind(a.MetricName)
		av := alarmView("", *a)
		kv := KPIView{Kind: k, Metric: av.Metric, Condition: av.Condition, Alarm: a.Name, Rule: string(m.Rule), Actions: av.Actions}
		for _, s := range standardKPIs {
			if s.kind == k {
				kv.Name = s.name
			}
		}
		if k == "other" {
			kv.Name = a.MetricName
			others = append(others, kv)
			continue
		}
		covered[k] = true
		out = append(out, kv)
	}
	for _, s := range standardKPIs {
		if covered[s.kind] || (s.needsLB && !hasLB) {
			continue
		}
		out = append(out, KPIView{Kind: s.kind, Name: s.name, Metric: s.metric, Condition: s.condition, Proposed: true})
	}
	order := func(k string) int {
		for i, s := range standardKPIs {
			if s.kind == k {
				return i
			}
		}
		return len(standardKPIs)
	}
	slices.SortStableFunc(out, func(a, b KPIView) int { return cmp.Compare(order(a.Kind), order(b.Kind)) })
	return append(out, others...)
}

var operators = map[string]string{
	"GreaterThanThreshold":                     ">",
	"GreaterThanOrEqualToThreshold":            "≥",
	"LessThanThreshold":                        "<",
	"LessThanOrEqualToThreshold":               "≤",
	"LessThanLowerOrGreaterThanUpperThreshold": "outside the band",
	"LessThanLowerThreshold":                   "below the band",
	"GreaterThanUpperThreshold":                "above the band",
}

func alarmView(region string, a inventory.Alarm) AlarmView {
	av := AlarmView{Region: region, Name: a.Name, Metric: strings.TrimSpace(a.Namespace + " " + a.MetricName), Dimensions: strings.Join(a.Dimensions, ", "),
		Threshold: words.Number(a.Threshold), ActionsEnabled: a.ActionsEnabled, State: a.State}
	op := cmp.Or(operators[a.ComparisonOperator], a.ComparisonOperator)
	cond := strings.TrimSpace(fmt.Sprintf("%s %s %s", a.Statistic, op, words.Number(a.Threshold)))
	if a.Period > 0 && a.EvaluationPeriods > 0 {
		cond += fmt.Sprintf(" for %d × %d s", a.EvaluationPeriods, a.Period)
	}
	av.Condition = cond
	for _, act := range a.AlarmActions {
		av.Actions = append(av.Actions, actionText(act))
	}
	return av
}

func actionText(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) == 6 {
		switch parts[2] {
		case "sns":
			return "SNS topic " + parts[5]
		case "autoscaling":
			if i := strings.Index(parts[5], "policyName/"); i >= 0 {
				return "scaling policy " + parts[5][i+len("policyName/"):]
			}
			return "scaling policy " + inventory.ShortName(arn)
		case "lambda":
			return "Lambda function " + strings.TrimPrefix(parts[5], "function:")
		case "ssm":
			return "Systems Manager " + parts[5]
		}
	}
	return inventory.ShortName(arn)
}
