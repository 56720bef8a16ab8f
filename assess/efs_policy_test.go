package assess

import (
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

func TestEFSPolicyChecks(t *testing.T) {
	const access, tls = "ECS-021.efs-policy", "NETSEC-002.efs-policy-tls"
	const tlsOnly = `{"Version":"2012-10-17","Statement":[{"Sid":"tls-only","Effect":"Deny","Principal":{"AWS":"*"},"Action":"*",` +
		`"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`
	const openToAll = `{"Version":"2012-10-17","Statement":[{"Sid":"everyone","Effect":"Allow","Principal":{"AWS":"*"},` +
		`"Action":["elasticfilesystem:ClientMount","elasticfilesystem:ClientWrite"]}]}`
	const viaMountTarget = `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"elasticfilesystem:ClientMount",` +
		`"Condition":{"Bool":{"elasticfilesystem:AccessedViaMountTarget":"true"}}},` +
		`{"Effect":"Deny","Principal":"*","Action":"elasticfilesystem:*","Condition":{"Bool":{"aws:SecureTransport":["false"]}}}]}`
	for _, tc := range []struct {
		name     string
		edit     func(*inventory.FileSystem)
		check    string
		want     Outcome
		msg      string
		resource string
	}{
		{"TLS-only policy passes the TLS check", func(f *inventory.FileSystem) { f.Policy, f.PolicyCollected = tlsOnly, true }, tls, Pass, "denies every connection without TLS", "file-system/fs-1"},
		{"TLS-only policy grants no one", func(f *inventory.FileSystem) { f.Policy, f.PolicyCollected = tlsOnly, true }, access, Pass, "grants no access to every principal", "file-system/fs-1"},
		{"an unconditioned grant to everyone fails", func(f *inventory.FileSystem) { f.Policy, f.PolicyCollected = openToAll, true }, access, Fail, "statement everyone", "file-system/fs-1"},
		{"...and does not refuse plain transport", func(f *inventory.FileSystem) { f.Policy, f.PolicyCollected = openToAll, true }, tls, Warn, "does not deny connections without TLS", "file-system/fs-1"},
		{"a conditioned grant to everyone passes", func(f *inventory.FileSystem) { f.Policy, f.PolicyCollected = viaMountTarget, true }, access, Pass, "grants no access", "file-system/fs-1"},
		{"a list-valued SecureTransport condition counts", func(f *inventory.FileSystem) { f.Policy, f.PolicyCollected = viaMountTarget, true }, tls, Pass, "denies every connection without TLS", "file-system/fs-1"},
		{"no policy warns on access", func(f *inventory.FileSystem) { f.Policy, f.PolicyCollected = "", true }, access, Warn, "has no file system policy", "file-system/fs-1"},
		{"no policy warns on TLS", func(f *inventory.FileSystem) { f.Policy, f.PolicyCollected = "", true }, tls, Warn, "no file system policy", "file-system/fs-1"},
		{"not collected is unknown (access)", func(f *inventory.FileSystem) {}, access, Info, "DescribeFileSystemPolicy was not collected", "file-system/fs-1"},
		{"not collected is unknown (TLS)", func(f *inventory.FileSystem) {}, tls, Info, "unknown", "file-system/fs-1"},
		{"a failed read is unknown, not a pass", func(f *inventory.FileSystem) {
			f.Policy, f.PolicyCollected, f.Gaps = tlsOnly, true, []string{"efs DescribeFileSystemPolicy: AccessDenied"}
		}, tls, Info, "AccessDenied", "file-system/fs-1"},
		{"a policy that does not parse is unknown", func(f *inventory.FileSystem) { f.Policy, f.PolicyCollected = "{", true }, access, Info, "does not parse", "file-system/fs-1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := fxEFS()
			tc.edit(&r.EFS[0])
			fs := fxRunCheck(t, fxInput(fxSnap(r)), tc.check)
			if len(fs) != 1 || fs[0].Outcome != tc.want || !fxHas(fs, fxExpect{tc.check, tc.want, tc.resource}) || !contains(fs[0].Message, tc.msg) {
				t.Errorf("want one %s naming %q; got:\n%s", tc.want, tc.msg, fxDump(fs))
			}
		})
	}
	t.Run("a mounted file system missing from the inventory is unknown", func(t *testing.T) {
		r := fxEFS()
		r.EFS = nil
		if fs := fxRunCheck(t, fxInput(fxSnap(r)), access); len(fs) != 1 || fs[0].Outcome != Info || !contains(fs[0].Message, "not in the inventory") {
			t.Errorf("got:\n%s", fxDump(fs))
		}
	})
	t.Run("no file system mounted, no finding", func(t *testing.T) {
		if fs := fxRunCheck(t, fxInput(fxSnap(fxWeb())), tls); len(fs) != 0 {
			t.Errorf("got:\n%s", fxDump(fs))
		}
	})
}
