package estate

import (
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

// TestLogGroupRegion: a container's log group is looked up in the region its
// awslogs-region names (issue 16); a region the estate does not hold, or
// whose DescribeLogGroups failed, has not had its groups collected.
func TestLogGroupRegion(t *testing.T) {
	east := inventory.Region{Name: "us-east-1", LogGroups: []inventory.LogGroup{{Name: "/ecs/envoy", RetentionDays: 7}}}
	for _, tc := range []struct {
		name      string
		edit      func(s *inventory.Snapshot)
		where     string // Where's region for the sidecar's group; "" for nil
		found     bool
		collected bool
	}{
		{"us-east-1 not in the estate", func(s *inventory.Snapshot) {}, "", false, false},
		{"us-east-1 collected and holding the group", func(s *inventory.Snapshot) {
			s.Accounts[0].Regions = append(s.Accounts[0].Regions, east)
		}, "us-east-1", true, true},
		{"us-east-1 of another account does not count", func(s *inventory.Snapshot) {
			s.Accounts = append(s.Accounts, inventory.Account{ID: "999999999999", Regions: []inventory.Region{east}})
		}, "", false, false},
		{"DescribeLogGroups failed in us-east-1", func(s *inventory.Snapshot) {
			s.Accounts[0].Regions = append(s.Accounts[0].Regions, east)
			s.Collection.Errors = []inventory.CollectionError{{Account: "111122223333", Region: "us-east-1", Service: "logs", Operation: "DescribeLogGroups", Message: "AccessDenied"}}
		}, "us-east-1", true, false},
		{"a stopped collection proves no absence", func(s *inventory.Snapshot) {
			s.Accounts[0].Regions = append(s.Accounts[0].Regions, east)
			s.Collection.Incomplete = true
		}, "us-east-1", true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := fixture()
			tc.edit(s)
			e := New(s)
			refs := service(e, "web").LogGroups()
			if len(refs) != 2 || refs[0].Where == nil || refs[0].Where.Name() != "eu-west-1" || refs[0].LogGroup == nil {
				t.Fatalf("the app container's group is in the task's own region: %+v", refs)
			}
			side := refs[1]
			got := ""
			if side.Where != nil {
				got = side.Where.Name()
			}
			if got != tc.where || (side.LogGroup != nil) != tc.found || (side.Where != nil && side.Where.LogGroupsCollected() != tc.collected) {
				t.Errorf("sidecar group: where %q found %v collected %v; want %q %v %v", got, side.LogGroup != nil,
					side.Where != nil && side.Where.LogGroupsCollected(), tc.where, tc.found, tc.collected)
			}
		})
	}
}
