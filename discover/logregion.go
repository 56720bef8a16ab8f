package discover

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/ecspack/ecspack/inventory"
)

// logRegionGaps names the log groups that containers send to, with the
// awslogs driver, in a region the snapshot did not collect (awslogs-region
// outside the account's regions): one collection error per region and group,
// coded inventory.CodeRegionNotCollected, so that a check reads the group as
// unknown rather than missing. Discovery does not reach into regions it was
// not asked for; the message says how to collect them.
func logRegionGaps(acct *inventory.Account) []inventory.CollectionError {
	collected := map[string]bool{}
	for _, r := range acct.Regions {
		collected[r.Name] = true
	}
	type use struct{ region, group, container, taskDef string }
	var uses []use
	for _, r := range acct.Regions {
		for _, td := range r.ECS.TaskDefinitions {
			for _, c := range td.Containers {
				lc := c.LogConfiguration
				if lc == nil || lc.Driver != "awslogs" {
					continue
				}
				region, group := lc.Options["awslogs-region"], lc.Options["awslogs-group"]
				if region == "" || group == "" || collected[region] {
					continue
				}
				uses = append(uses, use{region, group, c.Name, td.ARN})
			}
		}
	}
	slices.SortFunc(uses, func(a, b use) int {
		return cmp.Or(cmp.Compare(a.region, b.region), cmp.Compare(a.group, b.group), cmp.Compare(a.taskDef, b.taskDef), cmp.Compare(a.container, b.container))
	})
	uses = slices.CompactFunc(uses, func(a, b use) bool { return a.region == b.region && a.group == b.group })
	var out []inventory.CollectionError
	for _, u := range uses {
		out = append(out, inventory.CollectionError{Account: acct.ID, Region: u.region, Service: "logs", Operation: "DescribeLogGroups",
			Code: inventory.CodeRegionNotCollected,
			Message: fmt.Sprintf("log group %s is named by awslogs-region %s (container %s of %s), a region that was not collected: "+
				"whether it exists, its retention and its encryption are unknown (collect %s too)", u.group, u.region, u.container, u.taskDef, u.region)})
	}
	return out
}
