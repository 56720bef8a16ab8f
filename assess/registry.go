package assess

import (
	"slices"
	"strings"

	"github.com/ecspack/ecspack/catalog"
)

// Checks returns every automated check, family by family. Each family lives
// in its own file and returns its checks from one function.
func Checks() []Check {
	return slices.Concat(
		workloadChecks(),      // ecs_workload.go: ECS-001 to ECS-004
		taskChecks(),          // ecs_tasks.go: ECS-005, ECS-006
		capacityChecks(),      // ecs_capacity.go: ECS-007, ECS-008, ECS-009, ECS-012, ECS-014
		securityChecks(),      // ecs_security.go: ECS-010, ECS-011, ECS-013
		networkChecks(),       // ecs_network.go: ECS-015, ECS-016, ECS-017
		lbAttributeChecks(),   // elb_attributes.go: load balancer attributes (ECS-015, ECS-018, REL-002)
		efsBackupChecks(),     // efs_backup.go: EFS backup policy (REL-002)
		efsPolicyChecks(),     // efs_policy.go: EFS file system policy (ECS-021, NETSEC-002)
		observabilityChecks(), // ecs_observability.go: ECS-018
		storageChecks(),       // ecs_storage.go: ECS-019 to ECS-022
		tenancyChecks(),       // ecs_tenancy.go: ECS-023
		documentationChecks(), // common_documentation.go: DOC-001, prerequisite 2.2
		accountChecks(),       // common_account.go: ACCT-001, ACCT-002
		operationsChecks(),    // common_operations.go: OPE-001 to OPE-003
		netsecChecks(),        // common_netsec.go: NETSEC-001, NETSEC-002
		reliabilityChecks(),   // common_reliability.go: REL-001, REL-002
		rdsRecoveryChecks(),   // common_reliability_rds.go: RDS and Aurora recovery (REL-002)
		costChecks(),          // common_cost.go: COST-001
	)
}

// Conditions returns the applicability test of every conditional control's
// condition (conditions.go).
func Conditions() map[catalog.Condition]Condition {
	return conditions()
}

// Control is the catalog control the check serves: its id up to the last
// dot ("ECS-011" for "ECS-011.privileged", "2.2" for "2.2.diagram").
func (c Check) Control() string {
	i := strings.LastIndexByte(c.ID, '.')
	if i < 0 {
		return ""
	}
	return c.ID[:i]
}

// run runs the check and stamps its id on each finding that does not name a
// check, and on the passes an aggregated pass stands for. A finding that names
// another check is left as it is, so registryProblems can report it.
func (c Check) run(in *Input) []Finding {
	return stamp(c.Run(in), c.ID)
}

// stamp sets Check to id on every finding (and aggregated part) that has none.
func stamp(fs []Finding, id string) []Finding {
	for i := range fs {
		if fs[i].Check == "" {
			fs[i].Check = id
		}
		stamp(fs[i].parts, id)
	}
	return fs
}
