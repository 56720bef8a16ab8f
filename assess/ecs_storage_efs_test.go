package assess

import (
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

func TestEFSAccessPointsAndMountTargetSubnets(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(r *inventory.Region)
		want []fxExpect
	}{
		{"private mount targets pass", func(r *inventory.Region) {},
			[]fxExpect{{"ECS-021.mount-target-subnet", Pass, "fsmt-a"}, {"ECS-021.mount-target-subnet", Pass, "fsmt-b"}}},
		{"a mount target in a public subnet warns", func(r *inventory.Region) {
			r.EFS[0].MountTargets[1].SubnetID = "subnet-pub"
		}, []fxExpect{{"ECS-021.mount-target-subnet", Warn, "fsmt-b"}, {"ECS-021.mount-target-subnet", Pass, "fsmt-a"}}},
		{"a mount target in an uncollected subnet is unverified", func(r *inventory.Region) {
			r.EFS[0].MountTargets[1].SubnetID = "subnet-gone"
		}, []fxExpect{{"ECS-021.mount-target-subnet", Warn, "fsmt-b"}, {"ECS-021.mount-target-subnet", Pass, "fsmt-a"}}},
		{"an enforcing access point passes", func(r *inventory.Region) {
			r.EFS[0].AccessPoints = []inventory.AccessPoint{{ID: "fsap-1", RootDirectory: "/web", PosixUser: "1000:1000"}}
		}, []fxExpect{{"ECS-021.access-points", Pass, "fsap-1"}, {"ECS-021.mount-target-subnet", Pass, "fsmt-a"}, {"ECS-021.mount-target-subnet", Pass, "fsmt-b"}}},
		{"an access point at the root without a user warns", func(r *inventory.Region) {
			r.EFS[0].AccessPoints = []inventory.AccessPoint{{ID: "fsap-1", RootDirectory: "/web", PosixUser: "1000:1000"}, {ID: "fsap-2", RootDirectory: "/"}}
		}, []fxExpect{{"ECS-021.access-points", Pass, "fsap-1"}, {"ECS-021.access-points", Warn, "fsap-2"},
			{"ECS-021.mount-target-subnet", Pass, "fsmt-a"}, {"ECS-021.mount-target-subnet", Pass, "fsmt-b"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := fxEFS()
			tc.edit(&r)
			in := fxInput(fxSnap(r))
			fs := append(fxRunCheck(t, in, "ECS-021.access-points"), fxRunCheck(t, in, "ECS-021.mount-target-subnet")...)
			fxAssert(t, fs, tc.want...)
			if len(fs) != len(tc.want) {
				t.Errorf("want %d findings, got:\n%s", len(tc.want), fxDump(fs))
			}
		})
	}
}
