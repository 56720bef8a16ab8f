package assess

import (
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

func TestTerminationProtectionAndPlatform(t *testing.T) {
	web, api := ecsServiceARN("prod", "web"), ecsServiceARN("prod", "api")
	cp := "capacity-provider/prod-ec2"
	ecsRunTable(t, []string{"ECS-007", "ECS-012"}, []ecsCase{
		{name: "termination protection on passes", mutate: ecsAddEC2, clean: []string{"ECS-007"},
			want: []ecsWant{{Pass, "ECS-007.termination-protection", cp, "ENABLED"}}},
		{name: "termination protection off warns", mutate: func(s *inventory.Snapshot) {
			ecsAddEC2(s)
			ecsReg(s).ECS.CapacityProviders[2].ManagedTerminationProtection = "DISABLED"
		}, want: []ecsWant{{Warn, "ECS-007.termination-protection", cp, "may terminate instances"}}},
		{name: "termination protection not recorded is unverified", mutate: func(s *inventory.Snapshot) {
			ecsAddEC2(s)
			ecsReg(s).ECS.CapacityProviders[2].ManagedTerminationProtection = ""
		}, want: []ecsWant{{Warn, "ECS-007.termination-protection", cp, "unverified"}}},
		{name: "LATEST and the current pin pass", mutate: func(s *inventory.Snapshot) {
			ecsProd(s).Services[0].PlatformVersion = "1.4.0"
			ecsProd(s).Services[1].PlatformVersion = "LATEST"
		}, clean: []string{"ECS-012"}, want: []ecsWant{
			{Pass, "ECS-012.fargate-platform", api, "pinned to platform version 1.4.0"},
			{Pass, "ECS-012.fargate-platform", web, "LATEST"}}},
		{name: "an older pin warns", mutate: func(s *inventory.Snapshot) {
			ecsProd(s).Services[1].PlatformVersion = "1.3.0"
		}, want: []ecsWant{{Warn, "ECS-012.fargate-platform", web, "pinned to Fargate platform version 1.3.0, older than the current 1.4.0"}}},
		{name: "Windows on Fargate is judged against its own current version", mutate: func(s *inventory.Snapshot) {
			ecsTDOf(s, "web").OSFamily = "WINDOWS_SERVER_2022_CORE"
			ecsProd(s).Services[1].PlatformVersion = "1.0.0"
			ecsProd(s).Services[0].PlatformVersion = "1.0.0"
		}, want: []ecsWant{
			{Pass, "ECS-012.fargate-platform", web, "1.0.0, the current one"},
			{Warn, "ECS-012.fargate-platform", api, "older than the current 1.4.0"}}},
		{name: "EC2 services are not judged", mutate: func(s *inventory.Snapshot) {
			ecsAddEC2(s)
			ecsProd(s).Services[1].PlatformVersion = "1.3.0"
		}, clean: []string{"ECS-012"}},
	})
}
