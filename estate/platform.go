package estate

import (
	"strings"

	"github.com/ecspack/ecspack/inventory"
)

// RunsWindows reports whether a task definition runs Windows containers: its
// runtime platform's OS family is one of ECS's WINDOWS_SERVER_* values (in
// any case). Fargate prices Windows tasks differently, and Linux-only
// container settings do not apply to them. A nil task definition, or one that
// names no OS family, runs Linux.
func RunsWindows(td *inventory.TaskDefinition) bool {
	return td != nil && strings.HasPrefix(strings.ToUpper(td.OSFamily), "WINDOWS")
}

// RunsARM64 reports whether a task definition's runtime platform is ARM64
// (Graviton), in any case; a nil task definition, or one that names no CPU
// architecture, runs on x86_64.
func RunsARM64(td *inventory.TaskDefinition) bool {
	return td != nil && strings.EqualFold(td.CPUArchitecture, "ARM64")
}
