package assess

import (
	"strings"
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

func TestContainerInsights(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(r *inventory.Region)
		want []fxExpect
	}{
		{"enabled on the cluster", func(r *inventory.Region) {}, []fxExpect{{"ECS-018.container-insights", Pass, "cluster/prod"}}},
		{"enhanced on the cluster", func(r *inventory.Region) { r.ECS.Clusters[0].Settings[0].Value = "enhanced" }, []fxExpect{{"ECS-018.container-insights", Pass, "cluster/prod"}}},
		{"disabled on the cluster", func(r *inventory.Region) { r.ECS.Clusters[0].Settings[0].Value = "disabled" }, []fxExpect{{"ECS-018.container-insights", Fail, "cluster/prod"}}},
		{"disabled on cluster wins over account default", func(r *inventory.Region) {
			r.ECS.Clusters[0].Settings[0].Value = "disabled"
			r.ECS.AccountSettings = []inventory.AccountSetting{{Name: "containerInsights", Value: "enabled"}}
		}, []fxExpect{{"ECS-018.container-insights", Fail, "cluster/prod"}}},
		{"no setting, account default enabled", func(r *inventory.Region) {
			r.ECS.Clusters[0].Settings = nil
			r.ECS.AccountSettings = []inventory.AccountSetting{{Name: "containerInsights", Value: "enabled"}}
		}, []fxExpect{{"ECS-018.container-insights", Pass, "cluster/prod"}}},
		{"no setting at all", func(r *inventory.Region) { r.ECS.Clusters[0].Settings = nil }, []fxExpect{{"ECS-018.container-insights", Fail, "cluster/prod"}}},
		{"idle cluster without insights is only noted", func(r *inventory.Region) {
			r.ECS.Clusters = append(r.ECS.Clusters, inventory.Cluster{ARN: fxClusterARN("eu-west-1", "idle"), Name: "idle"})
		}, []fxExpect{{"ECS-018.container-insights", Pass, "cluster/prod"}, {"ECS-018.container-insights", Info, "cluster/idle"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := fxWeb()
			tc.edit(&r)
			fxAssert(t, fxRunCheck(t, fxInput(fxSnap(r)), "ECS-018.container-insights"), tc.want...)
		})
	}
}

// TestInsightsOffWithVendorAgent: issue 16 — ECS-018 names no tool; a
// third-party agent or FireLens routing to a vendor is evidence of metrics
// and logs, not a failure because Container Insights is off.
func TestInsightsOffWithVendorAgent(t *testing.T) {
	for _, tc := range []struct {
		name, vendor string
		edit         func(r *inventory.Region)
	}{
		{"Datadog agent sidecar", "Datadog", func(r *inventory.Region) {
			td := &r.ECS.TaskDefinitions[0]
			td.Containers = append(td.Containers, inventory.ContainerDefinition{Name: "datadog-agent", Image: "public.ecr.aws/datadog/agent:7"})
		}},
		{"FireLens routing to New Relic", "New Relic", func(r *inventory.Region) {
			td := &r.ECS.TaskDefinitions[0]
			td.Containers[0].LogConfiguration = &inventory.LogConfiguration{Driver: "awsfirelens", Options: map[string]string{"Name": "newrelic"}}
			td.Containers = append(td.Containers, inventory.ContainerDefinition{Name: "log_router", Image: "amazon/aws-for-fluent-bit:stable", FirelensType: "fluentbit"})
		}},
		{"OpenTelemetry collector", "OpenTelemetry collector", func(r *inventory.Region) {
			td := &r.ECS.TaskDefinitions[0]
			td.Containers = append(td.Containers, inventory.ContainerDefinition{Name: "otel", Image: "otel/opentelemetry-collector-contrib:0.98.0"})
		}},
		{"Prometheus on a DAEMON service of the cluster", "Prometheus", func(r *inventory.Region) {
			td := fxTD("eu-west-1", "prom", 1, inventory.ContainerDefinition{Name: "node-exporter", Image: "quay.io/prometheus/node-exporter:v1.8.0"})
			r.ECS.TaskDefinitions = append(r.ECS.TaskDefinitions, td)
			s := fxService("prom", td.ARN, 0)
			s.SchedulingStrategy = "DAEMON"
			r.ECS.Clusters[0].Services = append(r.ECS.Clusters[0].Services, s)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := fxWeb()
			r.ECS.Clusters[0].Settings[0].Value = "disabled"
			tc.edit(&r)
			fs := fxRunCheck(t, fxInput(fxSnap(r)), "ECS-018.container-insights")
			fxAssert(t, fs, fxExpect{"ECS-018.container-insights", Pass, "cluster/prod"})
			if len(fs) != 1 || !strings.Contains(fs[0].Message, tc.vendor) {
				t.Errorf("the pass must name %s: %s", tc.vendor, fxDump(fs))
			}
		})
	}
}

func TestContainerLoggingAndTracing(t *testing.T) {
	xray := inventory.ContainerDefinition{Name: "xray", Image: "public.ecr.aws/xray/aws-xray-daemon:3.3.7",
		LogConfiguration: &inventory.LogConfiguration{Driver: "awslogs"}}
	for _, tc := range []struct {
		name string
		edit func(r *inventory.Region)
		want []fxExpect
	}{
		{"app logs, no tracing", func(r *inventory.Region) {}, []fxExpect{{"ECS-018.logging", Pass, "web:3"}, {"ECS-018.tracing", Warn, "web:3"}}},
		{"X-Ray sidecar", func(r *inventory.Region) {
			r.ECS.TaskDefinitions[0].Containers = append(r.ECS.TaskDefinitions[0].Containers, xray)
		}, []fxExpect{{"ECS-018.logging", Pass, "web:3"}, {"ECS-018.tracing", Pass, "web:3"}}},
		{"ADOT sidecar", func(r *inventory.Region) {
			c := xray
			c.Name, c.Image = "collector", "public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0"
			r.ECS.TaskDefinitions[0].Containers = append(r.ECS.TaskDefinitions[0].Containers, c)
		}, []fxExpect{{"ECS-018.tracing", Pass, "web:3"}}},
		{"container without log configuration", func(r *inventory.Region) {
			r.ECS.TaskDefinitions[0].Containers = append(r.ECS.TaskDefinitions[0].Containers, inventory.ContainerDefinition{Name: "sidecar", Image: "busybox"})
		}, []fxExpect{{"ECS-018.logging", Fail, "web:3"}, {"ECS-018.tracing", Warn, "web:3"}}},
		{"log driver none", func(r *inventory.Region) {
			r.ECS.TaskDefinitions[0].Containers[0].LogConfiguration.Driver = "none"
		}, []fxExpect{{"ECS-018.logging", Fail, "web:3"}, {"ECS-018.tracing", Warn, "web:3"}}},
		{"firelens without router", func(r *inventory.Region) {
			r.ECS.TaskDefinitions[0].Containers[0].LogConfiguration.Driver = "awsfirelens"
		}, []fxExpect{{"ECS-018.logging", Fail, "web:3"}, {"ECS-018.tracing", Warn, "web:3"}}},
		{"firelens with router", func(r *inventory.Region) {
			r.ECS.TaskDefinitions[0].Containers[0].LogConfiguration.Driver = "awsfirelens"
			r.ECS.TaskDefinitions[0].Containers = append(r.ECS.TaskDefinitions[0].Containers, inventory.ContainerDefinition{Name: "log-router", Image: "fluent-bit",
				FirelensType: "fluentbit", LogConfiguration: &inventory.LogConfiguration{Driver: "awslogs"}})
		}, []fxExpect{{"ECS-018.logging", Pass, "web:3"}, {"ECS-018.tracing", Warn, "web:3"}}},
		{"unused task definition is not judged", func(r *inventory.Region) {
			td := fxTD("eu-west-1", "old", 1, inventory.ContainerDefinition{Name: "x", Image: "x"})
			r.ECS.TaskDefinitions = append(r.ECS.TaskDefinitions, td)
		}, []fxExpect{{"ECS-018.logging", Pass, "web:3"}, {"ECS-018.tracing", Warn, "web:3"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := fxWeb()
			tc.edit(&r)
			in := fxInput(fxSnap(r))
			fs := append(fxRunCheck(t, in, "ECS-018.logging"), fxRunCheck(t, in, "ECS-018.tracing")...)
			fxAssert(t, fs, tc.want...)
		})
	}
}

func TestObservabilityEmpty(t *testing.T) {
	fs := fxRun(fxInput(fxSnap()), "ECS-018")
	fxAssert(t, fs, fxExpect{"ECS-018.container-insights", Warn, "no ECS cluster"}, fxExpect{"ECS-018.logging", Warn, "no task definition"}, fxExpect{"ECS-018.tracing", Warn, "no task definition"}, fxExpect{"ECS-018.log-mode", Warn, "cs1"})
}
