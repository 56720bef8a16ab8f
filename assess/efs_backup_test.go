package assess

import (
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

func TestEFSBackup(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*inventory.FileSystem)
		want Outcome
		msg  string
	}{
		{"backed up", func(*inventory.FileSystem) {}, Pass, "backup policy ENABLED"},
		{"backup disabled", func(f *inventory.FileSystem) { f.BackupPolicy = "DISABLED" }, Warn, "backup policy DISABLED"},
		{"no backup policy", func(f *inventory.FileSystem) { f.BackupPolicy = "" }, Warn, "backup policy none"},
		{"not collected", func(f *inventory.FileSystem) { f.BackupPolicy, f.BackupPolicyCollected = "", false }, Warn, "DescribeBackupPolicy was not collected"},
		{"a read failed", func(f *inventory.FileSystem) { f.Gaps = []string{"efs DescribeBackupPolicy: Throttling"} }, Warn, "Throttling"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := fxEFS()
			tc.edit(&r.EFS[0])
			fs := fxRunCheck(t, fxInput(fxSnap(r)), "REL-002.efs-backup")
			if len(fs) != 1 || fs[0].Outcome != tc.want || !fxHas(fs, fxExpect{"REL-002.efs-backup", tc.want, "file-system/fs-1"}) || !contains(fs[0].Message, tc.msg) {
				t.Errorf("want one %s naming %q; got:\n%s", tc.want, tc.msg, fxDump(fs))
			}
		})
	}
	if fs := fxRunCheck(t, fxInput(fxSnap(fxWeb())), "REL-002.efs-backup"); len(fs) != 1 || fs[0].Outcome != Info {
		t.Errorf("no file system: want one info, got:\n%s", fxDump(fs))
	}
}
