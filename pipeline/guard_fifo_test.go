//go:build unix

package pipeline

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestNotPackageFIFOManifest: an output folder whose manifest.json is a FIFO
// is not a package, and judging it does not block (a plain open did).
func TestNotPackageFIFOManifest(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "manifest.json"), 0o600); err != nil {
		t.Skip(err)
	}
	if why := notPackage(dir); !strings.Contains(why, "not a regular file") {
		t.Fatalf("notPackage = %q, want a FIFO manifest refused", why)
	}
}
