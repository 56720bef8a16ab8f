//go:build unix

package catalog

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestLoadFileRefusesFIFO: a FIFO given as an edition file is refused by
// name; a plain open blocked on it forever (and ignored SIGTERM).
func TestLoadFileRefusesFIFO(t *testing.T) {
	p := filepath.Join(t.TempDir(), "edition.yaml")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Skip(err)
	}
	_, err := LoadFile(p)
	if err == nil || !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), "FIFO") {
		t.Fatalf("got %v, want a refusal naming %s as a FIFO", err, p)
	}
}
