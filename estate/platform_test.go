package estate

import (
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

func TestRuntimePlatform(t *testing.T) {
	tests := []struct {
		name           string
		td             *inventory.TaskDefinition
		windows, arm64 bool
	}{
		{name: "no task definition: Linux x86_64"},
		{name: "nothing named: Linux x86_64", td: &inventory.TaskDefinition{}},
		{name: "LINUX X86_64", td: &inventory.TaskDefinition{OSFamily: "LINUX", CPUArchitecture: "X86_64"}},
		{name: "Windows Server 2022 Core", td: &inventory.TaskDefinition{OSFamily: "WINDOWS_SERVER_2022_CORE"}, windows: true},
		{name: "Windows in lower case", td: &inventory.TaskDefinition{OSFamily: "windows_server_2019_full"}, windows: true},
		{name: "ARM64", td: &inventory.TaskDefinition{OSFamily: "LINUX", CPUArchitecture: "ARM64"}, arm64: true},
		{name: "arm64 in lower case", td: &inventory.TaskDefinition{CPUArchitecture: "arm64"}, arm64: true},
		{name: "an OS family that merely mentions Windows", td: &inventory.TaskDefinition{OSFamily: "LINUX_NOT_WINDOWS"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := RunsWindows(tt.td); got != tt.windows {
				t.Errorf("RunsWindows = %v, want %v", got, tt.windows)
			}
			if got := RunsARM64(tt.td); got != tt.arm64 {
				t.Errorf("RunsARM64 = %v, want %v", got, tt.arm64)
			}
		})
	}
}
