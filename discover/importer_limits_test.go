package discover

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestReadImportFileRefusesLinksAndGiants: symbolic links, FIFOs, hard
// links and giant files in an import folder are refused, not read.
func TestReadImportFileRefusesLinksAndGiants(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(t.TempDir(), "secret.json")
	if err := os.WriteFile(outside, []byte(`{}`), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "describe-clusters.json")
	if err := os.Symlink(outside, link); err != nil {
		t.Fatal(err)
	}
	if _, err := readImportFile(link); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("symlink: %v", err)
	}
	big := filepath.Join(dir, "describe-services.json")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(MaxImportFileSize + 1); err != nil { // sparse: costs no disk
		t.Fatal(err)
	}
	f.Close()
	if _, err := readImportFile(big); err == nil || !strings.Contains(err.Error(), "MiB") {
		t.Errorf("giant file: %v", err)
	}
	pipe := filepath.Join(dir, "describe-tasks.json")
	if err := syscall.Mkfifo(pipe, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := readImportFile(pipe); err == nil || !strings.Contains(err.Error(), "named pipe (FIFO)") {
		t.Errorf("FIFO: %v", err)
	}
	hard := filepath.Join(dir, "describe-task-definition.json")
	if err := os.Link(outside, hard); err != nil {
		t.Fatal(err)
	}
	if _, err := readImportFile(hard); err == nil || !strings.Contains(err.Error(), "hard links") {
		t.Errorf("hard link to a file outside: %v", err)
	}
	ok := filepath.Join(dir, "list-clusters.json")
	os.WriteFile(ok, []byte(`{"clusterArns": []}`), 0o644)
	if data, err := readImportFile(ok); err != nil || len(data) == 0 {
		t.Errorf("regular file: %v", err)
	}
}
