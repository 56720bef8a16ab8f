package estate

import (
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

func TestObservabilityAgent(t *testing.T) {
	firelens := func(name string) *inventory.LogConfiguration {
		return &inventory.LogConfiguration{Driver: "awsfirelens", Options: map[string]string{"Name": name}}
	}
	for _, tc := range []struct {
		name string
		c    inventory.ContainerDefinition
		want string
	}{
		{"Datadog agent", inventory.ContainerDefinition{Image: "public.ecr.aws/datadog/agent:7"}, "Datadog"},
		{"Datadog agent by digest", inventory.ContainerDefinition{Image: "gcr.io/datadoghq/datadog-agent@sha256:abc"}, "Datadog"},
		{"New Relic infrastructure", inventory.ContainerDefinition{Image: "newrelic/nri-ecs:1.9.2"}, "New Relic"},
		{"ADOT collector", inventory.ContainerDefinition{Image: "public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0"}, "OpenTelemetry collector"},
		{"Prometheus node exporter", inventory.ContainerDefinition{Image: "quay.io/prometheus/node-exporter:v1.8.0"}, "Prometheus"},
		{"FireLens to Datadog", inventory.ContainerDefinition{Image: "app:1", LogConfiguration: firelens("datadog")}, "Datadog"},
		{"FireLens to CloudWatch is no vendor", inventory.ContainerDefinition{Image: "app:1", LogConfiguration: firelens("cloudwatch_logs")}, ""},
		{"awslogs application", inventory.ContainerDefinition{Image: "app:1", LogConfiguration: &inventory.LogConfiguration{Driver: "awslogs"}}, ""},
		{"Fluent Bit router alone", inventory.ContainerDefinition{Image: "amazon/aws-for-fluent-bit:stable", FirelensType: "fluentbit"}, ""},
	} {
		if got := ObservabilityAgent(&tc.c); got != tc.want {
			t.Errorf("%s: ObservabilityAgent = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestClusterObservabilityAgents(t *testing.T) {
	s := fixture()
	r := &s.Accounts[0].Regions[0]
	// the standalone job task's definition runs a Datadog agent; web's sidecar sends logs to New Relic
	r.ECS.TaskDefinitions[0].Family = "job"
	r.ECS.TaskDefinitions[0].Containers = []inventory.ContainerDefinition{{Name: "dd", Image: "datadog/agent:7"}}
	r.ECS.TaskDefinitions[1].Family = "web"
	r.ECS.TaskDefinitions[1].Containers[1].LogConfiguration = &inventory.LogConfiguration{Driver: "awsfirelens", Options: map[string]string{"Name": "newrelic"}}
	got := New(s).Regions[0].Clusters[0].ObservabilityAgents()
	want := []Agent{{"Datadog", "job/dd"}, {"New Relic", "web/sidecar"}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("ObservabilityAgents = %v, want %v", got, want)
	}
}
