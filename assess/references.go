package assess

import "strings"

// References is how the documents print the peers' names for what the
// finding's check judges: "Security Hub ECS.4, ECS.17 · prowler
// ecs_task_definitions_no_privileged_containers"; "" when there are none.
// The reviewer PDF and the workbook print the same words.
func (f Finding) References() string {
	var parts []string
	if len(f.SecurityHub) > 0 {
		parts = append(parts, "Security Hub "+strings.Join(f.SecurityHub, ", "))
	}
	if len(f.Prowler) > 0 {
		parts = append(parts, "prowler "+strings.Join(f.Prowler, ", "))
	}
	return strings.Join(parts, " · ")
}
