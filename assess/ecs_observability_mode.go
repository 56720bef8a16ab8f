package assess

import (
	"strings"

	"github.com/ecspack/ecspack/inventory"
)

// The ECS-018 check of how containers hand their logs to the log driver.
// Registered in observabilityChecks (ecs_observability.go).

func checkLogMode(in *Input) []Finding {
	// the account's defaultLogDriverMode decides for containers that set no
	// mode; ECS's own default has been non-blocking since June 2025
	defaults := map[string]string{}
	for _, u := range wlTaskDefs(in) {
		if v, ok := accountSetting(u.rv.Region, "defaultLogDriverMode"); ok {
			defaults[u.td.ARN] = v
		}
	}
	return perContainer{ev: "ecs:DescribeTaskDefinition containerDefinitions[].logConfiguration.options.mode; ecs:ListAccountSettings defaultLogDriverMode", outcome: Warn,
		flag: func(td *inventory.TaskDefinition, c *inventory.ContainerDefinition) string {
			if c.LogConfiguration == nil || c.LogConfiguration.Driver == "" {
				return ""
			}
			switch mode := strings.ToLower(strings.TrimSpace(c.LogConfiguration.Options["mode"])); {
			case mode == "blocking":
				return "container " + c.Name + " logs in blocking mode"
			case mode == "" && strings.EqualFold(defaults[td.ARN], "blocking"):
				return "container " + c.Name + " sets no mode and the account's defaultLogDriverMode is blocking"
			}
			return ""
		},
		problem: "in blocking mode a container's writes to stdout and stderr stop when the log destination is slow or unreachable, so a logging outage stalls the application and its health checks",
		remedy:  `set "mode": "non-blocking" (with a "max-buffer-size" such as 25m) in logConfiguration.options, or set the account setting defaultLogDriverMode to non-blocking`,
		passed:  "no container logs in blocking mode", summary: "task definitions log in non-blocking mode"}.run(in)
}
