package assess

import (
	"fmt"
	"strings"

	"github.com/ecspack/ecspack/inventory"
)

// observabilityChecks returns this family's checks (ECS-018): metrics through
// Container Insights, logs from every container, and distributed tracing.
func observabilityChecks() []Check {
	return []Check{
		{ID: "ECS-018.container-insights", Run: checkContainerInsights, Judges: "Container Insights on every cluster"},
		{ID: "ECS-018.logging", Run: checkContainerLogging, Judges: "Every container of the task definitions in use sends its logs somewhere"},
		{ID: "ECS-018.log-mode", Run: checkLogMode, Judges: "Log drivers run in non-blocking mode, so a slow log destination cannot stall the application (hygiene beyond the checklist's words: a warning)"},
		{ID: "ECS-018.tracing", Run: checkTracing, Judges: "A tracing sidecar (X-Ray daemon or ADOT collector) runs beside the application"},
	}
}

// insightsMode returns a cluster's effective Container Insights mode
// ("enabled", "enhanced", "disabled" or "" when unknown) and where it comes
// from: the cluster's own setting, or else the account's default for new clusters.
func insightsMode(rv RegionView, c *inventory.Cluster) (mode, source string) {
	for _, s := range c.Settings {
		if strings.EqualFold(s.Name, "containerInsights") {
			return strings.ToLower(s.Value), "cluster setting"
		}
	}
	if v, ok := accountSetting(rv.Region, "containerInsights"); ok {
		return strings.ToLower(v), "account default"
	}
	return "", ""
}

// settingsUnknown returns what was not collected about a cluster's own
// settings (a failed or missing DescribeClusters: it is known only from its
// services or tasks), or "" when they were read.
func settingsUnknown(c *inventory.Cluster) string {
	var gaps []string
	for _, g := range c.Gaps {
		if strings.HasPrefix(g, "ecs DescribeClusters") {
			gaps = append(gaps, g)
		}
	}
	return strings.Join(gaps, "; ")
}

// insightsOn reports whether a mode collects Container Insights metrics.
func insightsOn(mode string) bool { return mode == "enabled" || mode == "enhanced" }

// clustersWithoutInsights names the clusters running services or tasks
// whose Container Insights is off; shared with OPE-001 and the contradiction table.
func clustersWithoutInsights(in *Input) []string {
	return activeClustersWhere(in, func(off bool, fromCluster bool, unknown bool) bool {
		return off && (fromCluster || !unknown)
	})
}

// clustersWithUnknownInsights names the clusters running services or tasks
// whose Container Insights mode is unknown: their own settings were not
// collected, and no account default can stand in for a setting that may exist.
func clustersWithUnknownInsights(in *Input) []string {
	return activeClustersWhere(in, func(off bool, fromCluster bool, unknown bool) bool {
		return off && !fromCluster && unknown
	})
}

// activeClustersWhere names the clusters running services or tasks for which
// pick holds, given whether Container Insights is off by the effective mode,
// whether that mode is the cluster's own setting, and whether the cluster's
// settings were not collected.
func activeClustersWhere(in *Input, pick func(off, fromCluster, unknown bool) bool) []string {
	var out []string
	for _, rv := range in.Regions {
		for ci := range rv.Region.ECS.Clusters {
			c := &rv.Region.ECS.Clusters[ci]
			if len(c.Services) == 0 && len(c.Tasks) == 0 {
				continue
			}
			m, src := insightsMode(rv, c)
			if pick(!insightsOn(m), src == "cluster setting", settingsUnknown(c) != "") {
				out = append(out, c.Name)
			}
		}
	}
	return out
}

func checkContainerInsights(in *Input) []Finding {
	const ev = "ecs:DescribeClusters settings[containerInsights]; ecs:ListAccountSettings containerInsights (effective)"
	var fs []Finding
	for _, rv := range in.Regions {
		for ci := range rv.Region.ECS.Clusters {
			c := &rv.Region.ECS.Clusters[ci]
			mode, src := insightsMode(rv, c)
			used := len(c.Services) > 0 || len(c.Tasks) > 0
			f := Finding{Resource: c.ARN, Evidence: ev}
			agents := rv.View.Clusters[ci].ObservabilityAgents()
			switch {
			case insightsOn(mode):
				f.Outcome, f.Message = Pass, fmt.Sprintf("cluster %s has Container Insights %s (%s)", c.Name, mode, src)
			case len(agents) > 0:
				// the item names no tool: a vendor agent collects the metrics and logs
				var seen []string
				for _, a := range agents {
					seen = append(seen, a.Vendor+" ("+a.Container+")")
				}
				f.Outcome, f.Message = Pass, fmt.Sprintf("cluster %s collects container metrics and logs through %s; Container Insights is %s", c.Name, strings.Join(seen, ", "), orNotSet(mode))
			case !used:
				f.Outcome, f.Message = Info, "cluster "+c.Name+" runs no service or task; Container Insights is "+orNotSet(mode)
			case src != "cluster setting" && settingsUnknown(c) != "":
				f.Outcome = Warn
				f.Message = "cluster " + c.Name + ": Container Insights is unknown: its settings were not collected (" + settingsUnknown(c) + ")"
				f.Remediation = "collect the cluster's description (aws ecs describe-clusters --include SETTINGS) and assess again"
			default:
				f.Outcome = Fail
				f.Message = fmt.Sprintf("cluster %s runs %d services but Container Insights is %s", c.Name, len(c.Services), orNotSet(mode))
				if src != "" {
					f.Message += " (" + src + ")"
				}
				f.Message += " and no task runs a metrics agent (Datadog, New Relic, Prometheus, an OpenTelemetry collector, ...): no container-level metrics are collected"
				f.Remediation = "aws ecs update-cluster-settings --cluster " + c.Name + " --settings name=containerInsights,value=enhanced (or enabled), and set the account default with aws ecs put-account-setting-default --name containerInsights --value enhanced; or run the metrics agent of the partner's observability tool beside the tasks"
			}
			fs = append(fs, f)
		}
	}
	if len(fs) == 0 {
		return []Finding{{Outcome: Warn, Message: "no ECS cluster in the inventory: metrics collection cannot be shown", Evidence: ev,
			Remediation: "collect the inventory of the accounts and regions that run the workload's clusters"}}
	}
	return boundFindings(fs)
}

func orNotSet(s string) string {
	if s == "" {
		return "not enabled (no cluster setting, no account default)"
	}
	return s
}

// logsNowhere returns the containers of a task definition whose output is
// lost: no log configuration, or the "none" driver. A FireLens-routed
// container counts as logging only when the task has a FireLens router.
func logsNowhere(td *inventory.TaskDefinition) []string {
	router := false
	for _, c := range td.Containers {
		if c.FirelensType != "" {
			router = true
		}
	}
	var out []string
	for _, c := range td.Containers {
		lc := c.LogConfiguration
		switch {
		case lc == nil || lc.Driver == "" || lc.Driver == "none":
			out = append(out, c.Name)
		case lc.Driver == "awsfirelens" && !router:
			out = append(out, c.Name+" (awsfirelens without a FireLens router container)")
		}
	}
	return out
}

func checkContainerLogging(in *Input) []Finding {
	const ev = "ecs:DescribeTaskDefinition containerDefinitions[].logConfiguration"
	tds := usedTaskDefinitions(in)
	if len(tds) == 0 {
		return []Finding{{Outcome: Warn, Message: "no task definition in use in the inventory: container logging cannot be shown", Evidence: ev,
			Remediation: "collect the inventory of the accounts and regions that run the workload's services"}}
	}
	var fs []Finding
	for _, td := range tds {
		if bad := logsNowhere(td); len(bad) > 0 {
			fs = append(fs, Finding{Outcome: Fail, Resource: td.ARN,
				Message:     fmt.Sprintf("task definition %s:%d has containers without a log configuration: %s", td.Family, td.Revision, strings.Join(bad, ", ")),
				Evidence:    ev,
				Remediation: "give every container a logConfiguration (awslogs with awslogs-group, or awsfirelens with a FireLens router) in a new task definition revision"})
			continue
		}
		var drivers []string
		for _, c := range td.Containers {
			drivers = append(drivers, c.Name+"→"+c.LogConfiguration.Driver)
		}
		fs = append(fs, Finding{Outcome: Pass, Resource: td.ARN,
			Message: fmt.Sprintf("every container of %s:%d logs (%s)", td.Family, td.Revision, summarize(drivers)), Evidence: ev})
	}
	return boundFindings(fs)
}

// tracingMarkers are image name fragments of tracing agents and collectors.
var tracingMarkers = []string{"xray", "x-ray", "aws-otel", "otel-collector", "opentelemetry-collector", "adot", "datadog/agent", "newrelic/infrastructure", "jaeger-agent"}

// tracingSidecar returns the first container of a task definition that runs
// a tracing agent, or "".
func tracingSidecar(td *inventory.TaskDefinition) string {
	for _, c := range td.Containers {
		img := strings.ToLower(c.Image)
		for _, m := range tracingMarkers {
			if strings.Contains(img, m) || strings.Contains(strings.ToLower(c.Name), m) {
				return c.Name
			}
		}
	}
	return ""
}

func checkTracing(in *Input) []Finding {
	const ev = "ecs:DescribeTaskDefinition containerDefinitions[].image, name"
	tds := usedTaskDefinitions(in)
	if len(tds) == 0 {
		return []Finding{{Outcome: Warn, Message: "no task definition in use in the inventory: tracing cannot be shown", Evidence: ev,
			Remediation: "collect the inventory of the accounts and regions that run the workload's services"}}
	}
	var fs []Finding
	for _, td := range tds {
		if side := tracingSidecar(td); side != "" {
			fs = append(fs, Finding{Outcome: Pass, Resource: td.ARN,
				Message: fmt.Sprintf("task definition %s:%d runs the tracing sidecar %s", td.Family, td.Revision, side), Evidence: ev})
			continue
		}
		fs = append(fs, Finding{Outcome: Warn, Resource: td.ARN,
			Message:     fmt.Sprintf("task definition %s:%d has no X-Ray daemon or ADOT collector sidecar", td.Family, td.Revision),
			Evidence:    ev,
			Remediation: "add an AWS Distro for OpenTelemetry collector (or X-Ray daemon) sidecar, or describe the tracing used (SDK exporting directly, vendor agent on the host) in the answer"})
	}
	return boundFindings(fs)
}
