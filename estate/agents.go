package estate

import (
	"slices"
	"strings"

	"github.com/ecspack/ecspack/inventory"
)

// observabilityImages maps image-name fragments of metrics and log agents
// (and the collectors that receive their data) to the tool's name. The
// checklist's observability item names no tool: any of these in a task is
// evidence that container metrics and logs are collected.
var observabilityImages = []struct{ vendor, fragment string }{
	{"Datadog", "datadog/agent"}, {"Datadog", "datadog-agent"}, {"Datadog", "datadog/serverless"},
	{"New Relic", "newrelic/"}, {"New Relic", "nri-ecs"},
	{"OpenTelemetry collector", "aws-otel-collector"}, {"OpenTelemetry collector", "aws-observability/aws-otel"},
	{"OpenTelemetry collector", "opentelemetry-collector"}, {"OpenTelemetry collector", "otel/opentelemetry"}, {"OpenTelemetry collector", "otelcol"},
	{"Splunk", "splunk-otel-collector"}, {"Splunk", "signalfx"},
	{"Prometheus", "prometheus"}, {"Grafana Agent", "grafana/agent"}, {"Grafana Alloy", "grafana/alloy"},
	{"Dynatrace", "dynatrace"}, {"Elastic", "elastic-agent"}, {"Elastic", "elastic/metricbeat"},
	{"Sumo Logic", "sumologic"}, {"AppDynamics", "appdynamics"}, {"CloudWatch agent", "cloudwatch-agent"},
}

// fireLensVendors maps the FireLens output plugin (the "Name" option of an
// awsfirelens log configuration) to the observability service it sends to.
var fireLensVendors = map[string]string{
	"datadog": "Datadog", "newrelic": "New Relic", "nrlogs": "New Relic", "splunk": "Splunk",
	"es": "Elasticsearch", "opensearch": "OpenSearch", "loki": "Grafana Loki", "sumologic": "Sumo Logic",
	"logdna": "LogDNA", "dynatrace": "Dynatrace", "opentelemetry": "OpenTelemetry collector",
}

// ObservabilityAgent returns the tool a container is an agent or collector
// of (Datadog, New Relic, Prometheus, an OpenTelemetry collector, ...), or
// the vendor its logs go to through FireLens; "" for neither.
func ObservabilityAgent(c *inventory.ContainerDefinition) string {
	img := strings.ToLower(c.Image)
	if i := strings.IndexByte(img, '@'); i >= 0 {
		img = img[:i]
	}
	for _, o := range observabilityImages {
		if strings.Contains(img, o.fragment) {
			return o.vendor
		}
	}
	if lc := c.LogConfiguration; lc != nil && lc.Driver == "awsfirelens" {
		return fireLensVendors[strings.ToLower(lc.Options["Name"])]
	}
	return ""
}

// Agent is a third-party observability tool seen in a cluster: the tool and
// the first container (family/container) that shows it.
type Agent struct {
	Vendor    string
	Container string
}

// ObservabilityAgents lists the tools (ObservabilityAgent) that the task
// definitions of the cluster's services and standalone tasks run, one per
// tool, sorted by tool.
func (c *Cluster) ObservabilityAgents() []Agent {
	seen := map[string]string{}
	look := func(td *inventory.TaskDefinition) {
		if td == nil {
			return
		}
		for i := range td.Containers {
			if v := ObservabilityAgent(&td.Containers[i]); v != "" && seen[v] == "" {
				seen[v] = td.Family + "/" + td.Containers[i].Name
			}
		}
	}
	for _, s := range c.Services {
		look(s.TaskDef)
	}
	for _, t := range c.StandaloneTasks() {
		look(c.Region.Index.TaskDefinition(t.TaskDefinition))
	}
	out := make([]Agent, 0, len(seen))
	for v, ctr := range seen {
		out = append(out, Agent{Vendor: v, Container: ctr})
	}
	slices.SortFunc(out, func(a, b Agent) int { return strings.Compare(a.Vendor, b.Vendor) })
	return out
}
