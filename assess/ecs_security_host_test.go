package assess

import (
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

func TestHostAccessChecks(t *testing.T) {
	web := ecsTDARN("web", 3)
	ecsRunTable(t, []string{"ECS-011"}, []ecsCase{
		{name: "clean estate passes", clean: []string{"ECS-011"}, want: []ecsWant{
			{Pass, "ECS-011.host-access", "web:3", "no sensitive host path"},
			{Pass, "ECS-011.syscall-filter", "web:3", ""},
			{Pass, "ECS-011.exec-sessions", "cluster/prod", "no service enables ECS Exec"},
		}},
		{name: "Docker socket and a device warn", mutate: func(s *inventory.Snapshot) {
			td := ecsTDOf(s, "web")
			td.Volumes = []inventory.Volume{{Name: "sock", Type: "bind", HostPath: "/var/run/docker.sock"}, {Name: "data", Type: "bind", HostPath: "/data/web"}}
			td.Containers[0].MountPoints = []inventory.MountPoint{{SourceVolume: "sock", ContainerPath: "/var/run/docker.sock"}, {SourceVolume: "data", ContainerPath: "/data"}}
			ecsTDOf(s, "api").Containers[0].LinuxParameters.Devices = []string{"/dev/fuse"}
		}, want: []ecsWant{
			{Warn, "ECS-011.host-access", web, "host path /var/run/docker.sock at /var/run/docker.sock (read-write)"},
			{Warn, "ECS-011.host-access", "api:7", "host device(s) /dev/fuse"},
		}},
		{name: "a harmless host path passes", mutate: func(s *inventory.Snapshot) {
			td := ecsTDOf(s, "web")
			td.Volumes = []inventory.Volume{{Name: "data", Type: "bind", HostPath: "/data/web"}}
			td.Containers[0].MountPoints = []inventory.MountPoint{{SourceVolume: "data", ContainerPath: "/data"}}
		}, clean: []string{"ECS-011"}},
		{name: "seccomp or AppArmor unconfined fails", mutate: func(s *inventory.Snapshot) {
			ecsTDOf(s, "web").Containers[0].DockerSecurityOptions = []string{"no-new-privileges", "seccomp:unconfined"}
			ecsTDOf(s, "api").Containers[0].DockerSecurityOptions = []string{"apparmor=unconfined"}
		}, want: []ecsWant{
			{Fail, "ECS-011.syscall-filter", web, "container web sets seccomp:unconfined"},
			{Fail, "ECS-011.syscall-filter", "api:7", "apparmor=unconfined"},
		}},
		{name: "a custom profile passes", mutate: func(s *inventory.Snapshot) {
			ecsTDOf(s, "web").Containers[0].DockerSecurityOptions = []string{"apparmor:docker-default", "no-new-privileges"}
		}, clean: []string{"ECS-011"}},
		{name: "Windows container as administrator warns, ContainerUser passes", mutate: func(s *inventory.Snapshot) {
			for _, f := range []string{"web", "api"} {
				td := ecsTDOf(s, f)
				td.OSFamily = "WINDOWS_SERVER_2022_CORE"
				for i := range td.Containers {
					td.Containers[i].ReadonlyRootFilesystem, td.Containers[i].LinuxParameters = false, nil
					td.Containers[i].User = "ContainerUser"
				}
			}
			ecsTDOf(s, "web").Containers[0].User = "ContainerAdministrator"
		}, want: []ecsWant{
			{Warn, "ECS-011.windows-user", web, "web (user ContainerAdministrator)"},
			{Pass, "ECS-011.windows-user", "api:7", "non-administrator"},
		}},
		{name: "ECS Exec without logging or key warns", mutate: func(s *inventory.Snapshot) {
			ecsProd(s).Services[0].EnableExecuteCommand = true
			ecsProd(s).ExecuteCommandLogging = "NONE"
		}, want: []ecsWant{{Warn, "ECS-011.exec-sessions", "cluster/prod", "session logging is NONE and no KMS key"}}},
		{name: "ECS Exec logged and encrypted passes", mutate: func(s *inventory.Snapshot) {
			ecsProd(s).Services[0].EnableExecuteCommand = true
			ecsProd(s).ExecuteCommandLogging = "OVERRIDE"
			ecsProd(s).ExecuteCommandKMSKey = "arn:aws:kms:eu-west-1:111122223333:key/exec"
		}, clean: []string{"ECS-011"}, want: []ecsWant{{Pass, "ECS-011.exec-sessions", "cluster/prod", "OVERRIDE"}}},
	})
}
