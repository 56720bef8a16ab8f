package assess

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/internal/words"
	"github.com/ecspack/ecspack/inventory"
)

// operationsChecks returns the checks behind OPE-001 (health KPIs: alarms,
// metrics, logs), OPE-002 (runbook hooks: alarms that notify) and OPE-003
// (deployment safety nets). OPE-002 and OPE-003 are mostly narrative; their
// checks record what exists.
func operationsChecks() []Check {
	return []Check{
		{ID: "OPE-001.service-alarms", Run: checkServiceAlarms, Judges: "CloudWatch alarms watch each service's metrics"},
		{ID: "OPE-001.container-insights", Run: checkOpsInsights, Judges: "Container Insights collects service and task metrics"},
		{ID: "OPE-001.log-groups", Run: checkLogGroups, Judges: "Container log groups exist and have a retention"},
		{ID: "OPE-002.alarm-actions", Run: checkAlarmActions, Judges: "Alarms notify someone (runbook entry points)"},
		{ID: "OPE-003.deployment-safety", Run: checkDeploymentSafety, Judges: "Deployments are guarded by circuit breakers, alarms or blue/green"},
	}
}

// serviceAlarms returns the names of the alarms attributed to a service
// (estate.Service.Alarms: its own dimensions, its target groups, a load
// balancer that serves it alone, its deployment alarms), those watching only
// its cluster, and why each alarm on a shared load balancer is not counted,
// in the region's alarm order.
func serviceAlarms(r svcRef) (direct, cluster, shared []string) {
	for _, m := range r.sv.Alarms() {
		direct = append(direct, m.Alarm.Name)
	}
	for _, a := range r.sv.Cluster.Alarms() {
		cluster = append(cluster, a.Name)
	}
	for _, sh := range r.sv.SharedAlarms() {
		shared = append(shared, fmt.Sprintf("%s: load balancer %s serves %s", sh.Alarm.Name, sh.LoadBalancer.Name, words.Count(len(sh.Services), "service", "services")))
	}
	return direct, cluster, shared
}

func checkServiceAlarms(in *Input) []Finding {
	const ev = "cloudwatch:DescribeAlarms Dimensions (ServiceName, ClusterName, TargetGroup, LoadBalancer)"
	svcs := deployedServices(in)
	if len(svcs) == 0 {
		return []Finding{{Outcome: Warn, Message: "no ECS service in the inventory: workload health KPIs cannot be shown", Evidence: ev,
			Remediation: "collect the inventory of the accounts and regions that run the workload's services"}}
	}
	var fs []Finding
	for _, r := range svcs {
		direct, cluster, shared := serviceAlarms(r)
		notCounted := ""
		if len(shared) > 0 {
			notCounted = "; alarms on a load balancer other services share are not counted (" + summarize(shared) + ")"
		}
		switch {
		case len(direct) > 0:
			fs = append(fs, Finding{Outcome: Pass, Resource: r.resource(),
				Message: fmt.Sprintf("%s is watched by %d alarms: %s", r.label(), len(direct), summarize(direct)), Evidence: ev})
		case collectionFailed(in, r.RV.Account, "cloudwatch"):
			fs = append(fs, Finding{Outcome: Info, Resource: r.resource(),
				Message: "CloudWatch alarms of account " + r.RV.Account + " could not be collected, so the alarms on " + r.label() + " are unknown", Evidence: ev,
				Remediation: "grant cloudwatch:DescribeAlarms (see `ecspack iam-policy`) and collect the inventory again"})
		case len(cluster) > 0:
			fs = append(fs, Finding{Outcome: Warn, Resource: r.resource(),
				Message: r.label() + " is only covered by cluster-level alarms (" + summarize(cluster) + ")" + notCounted, Evidence: ev,
				Remediation: "add alarms on the service's own KPIs (CPUUtilization/MemoryUtilization with ServiceName, target group 5XX and latency, RunningTaskCount)"})
		default:
			fs = append(fs, Finding{Outcome: Warn, Resource: r.resource(),
				Message: r.label() + " has no CloudWatch alarm on its metrics" + notCounted, Evidence: ev,
				Remediation: "define the service's health KPIs and alarm on them (e.g. ECS CPUUtilization/MemoryUtilization by ServiceName, ALB HTTPCode_Target_5XX_Count and TargetResponseTime by TargetGroup)"})
		}
	}
	return boundFindings(fs)
}

func checkOpsInsights(in *Input) []Finding {
	const ev = "ecs:DescribeClusters settings[containerInsights]; ecs:ListAccountSettings containerInsights"
	clusters := 0
	for _, rv := range in.Regions {
		clusters += len(rv.Region.ECS.Clusters)
	}
	if clusters == 0 {
		return []Finding{{Outcome: Warn, Message: "no ECS cluster in the inventory: metrics collection cannot be shown", Evidence: ev,
			Remediation: "collect the inventory of the accounts and regions that run the workload's clusters"}}
	}
	if off := clustersWithoutInsights(in); len(off) > 0 {
		return []Finding{{Outcome: Warn, Message: fmt.Sprintf("%d clusters running services have no Container Insights: %s (see ECS-018)", len(off), summarize(off)), Evidence: ev,
			Remediation: "enable Container Insights (enhanced) on every cluster so task- and service-level KPIs exist"}}
	}
	if unknown := clustersWithUnknownInsights(in); len(unknown) > 0 {
		return []Finding{{Outcome: Warn, Message: fmt.Sprintf("Container Insights of %d clusters running services is unknown: %s (their settings were not collected; see ECS-018)", len(unknown), summarize(unknown)), Evidence: ev,
			Remediation: "collect the clusters' descriptions (aws ecs describe-clusters --include SETTINGS) and assess again"}}
	}
	return []Finding{{Outcome: Pass, Message: fmt.Sprintf("every cluster running services collects Container Insights metrics (%s)", words.Count(clusters, "cluster", "clusters")), Evidence: ev}}
}

func checkLogGroups(in *Input) []Finding {
	const ev = "logs:DescribeLogGroups retentionInDays (in the awslogs-region's region); ecs:DescribeTaskDefinition logConfiguration.options.awslogs-group, awslogs-region"
	// A group is known by account, region and name: awslogs-region may name
	// another region than the task's, and that region's group is the one.
	type use struct {
		ref   estate.LogGroupRef
		where string
		users []string
	}
	uses := map[string]*use{}
	var order []string
	for _, rv := range in.Regions {
		for _, u := range rv.View.TaskDefinitions() {
			for _, l := range u.LogGroups() {
				where := cmp.Or(l.Region, rv.Region.Name)
				key := rv.Account + "|" + where + "|" + l.Group
				if uses[key] == nil {
					uses[key] = &use{ref: l, where: where}
					order = append(order, key)
				}
				uses[key].users = append(uses[key].users, u.TaskDef.Family+"/"+l.Container)
			}
		}
	}
	var fs []Finding
	for _, key := range order {
		u := uses[key]
		g, who, lg := u.ref.Group, summarize(u.users), u.ref.LogGroup
		switch {
		case u.ref.Where == nil:
			fs = append(fs, Finding{Outcome: Info, Resource: g, Message: "log group " + g + " (used by " + who + ") is in region " + u.where + " (awslogs-region), which was not collected: whether it exists and keeps its events is unknown", Evidence: ev})
		case lg == nil && !u.ref.Where.LogGroupsCollected():
			fs = append(fs, Finding{Outcome: Info, Resource: g, Message: "log group " + g + " (used by " + who + ") was not collected: log groups of account " + u.ref.Where.AccountID() + " region " + u.where + " are not in the inventory", Evidence: ev})
		case lg == nil:
			fs = append(fs, Finding{Outcome: Warn, Resource: g, Message: "log group " + g + " (used by " + who + ") does not exist in " + u.where, Evidence: ev,
				Remediation: "create the log group with a retention (or set awslogs-create-group and a retention policy), so the containers' logs are kept"})
		case lg.RetentionDays == 0:
			fs = append(fs, Finding{Outcome: Warn, Resource: cmp.Or(lg.ARN, g), Message: "log group " + g + " (used by " + who + ") never expires its events", Evidence: ev,
				Remediation: "aws logs put-retention-policy --log-group-name " + g + " --region " + u.where + " --retention-in-days <days your customer needs>"})
		default:
			fs = append(fs, Finding{Outcome: Pass, Resource: cmp.Or(lg.ARN, g), Message: fmt.Sprintf("log group %s (used by %s) keeps events %d days", g, who, lg.RetentionDays), Evidence: ev})
		}
	}
	if len(fs) == 0 {
		return []Finding{{Outcome: Info, Message: "no container of the task definitions in use logs to CloudWatch Logs with awslogs; describe where logs go in the answer", Evidence: ev}}
	}
	return boundFindings(fs)
}

func checkAlarmActions(in *Input) []Finding {
	const ev = "cloudwatch:DescribeAlarms ActionsEnabled, AlarmActions"
	var fs []Finding
	for _, rv := range in.Regions {
		if len(rv.Region.Alarms) == 0 {
			continue
		}
		var notify, silent []string
		targets := map[string]bool{}
		for _, a := range rv.Region.Alarms {
			if a.ActionsEnabled && len(a.AlarmActions) > 0 {
				notify = append(notify, a.Name)
				for _, t := range a.AlarmActions {
					targets[inventory.ShortName(t)] = true
				}
			} else {
				silent = append(silent, a.Name)
			}
		}
		where := "account " + rv.Account + " region " + rv.Region.Name
		msg := fmt.Sprintf("%s: %d alarms notify (%s)", where, len(notify), summarize(setMembers(targets)))
		if len(notify) == 0 {
			msg = where + ": no alarm has an action"
		}
		if len(silent) > 0 {
			msg += fmt.Sprintf("; %d alarms have no action: %s", len(silent), summarize(silent))
		}
		fs = append(fs, Finding{Outcome: Info, Resource: where, Message: msg + "; the runbook should say what to do when each fires", Evidence: ev})
	}
	if len(fs) == 0 {
		return []Finding{{Outcome: Info, Message: "no CloudWatch alarm in the inventory: the runbook cannot start from an alarm", Evidence: ev}}
	}
	return fs
}

func checkDeploymentSafety(in *Input) []Finding {
	const ev = "ecs:DescribeServices deploymentController, deploymentConfiguration (deploymentCircuitBreaker, alarms)"
	var fs []Finding
	for _, r := range deployedServices(in) {
		d := r.Svc.Deployment
		var nets []string
		if d.Controller == "CODE_DEPLOY" {
			nets = append(nets, "blue/green through CodeDeploy")
		}
		if d.Controller == "EXTERNAL" {
			nets = append(nets, "an external deployment controller")
		}
		if d.CircuitBreakerEnabled && d.CircuitBreakerRollback {
			nets = append(nets, "circuit breaker with rollback")
		}
		if d.AlarmsEnabled && len(d.AlarmNames) > 0 {
			a := "deployment alarms " + summarize(d.AlarmNames)
			if d.AlarmsRollback {
				a += " with rollback"
			}
			nets = append(nets, a)
		}
		if len(nets) > 0 {
			fs = append(fs, Finding{Outcome: Pass, Resource: r.resource(), Message: r.label() + " deploys with " + strings.Join(nets, ", "), Evidence: ev})
		} else {
			fs = append(fs, Finding{Outcome: Info, Resource: r.resource(), Message: r.label() + " has no automatic deployment safety net (circuit breaker, deployment alarms or blue/green); the readiness checklist must carry the weight", Evidence: ev})
		}
	}
	return boundFindings(fs)
}
