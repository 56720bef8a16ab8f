package atomicfile

import (
	"os"
	"path/filepath"
	"testing"
)

// leftovers lists the files in dir other than the names given.
func leftovers(t *testing.T, dir string, want ...string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var extra []string
	for _, e := range ents {
		keep := false
		for _, w := range want {
			keep = keep || e.Name() == w
		}
		if !keep {
			extra = append(extra, e.Name())
		}
	}
	return extra
}

func TestWrite(t *testing.T) {
	tests := []struct {
		name string
		old  string // "" when the destination does not exist
		data string
		perm os.FileMode
	}{
		{"new file", "", "hello\n", 0o644},
		{"replaces a file", "old contents that are longer\n", "new\n", 0o644},
		{"private mode", "", "secret\n", 0o600},
		{"empty data", "x", "", 0o644},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "out.json")
			if tt.old != "" {
				if err := os.WriteFile(path, []byte(tt.old), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			if err := Write(path, []byte(tt.data), tt.perm); err != nil {
				t.Fatalf("Write: %v", err)
			}
			got, err := os.ReadFile(path)
			if err != nil || string(got) != tt.data {
				t.Fatalf("read back %q, %v; want %q", got, err, tt.data)
			}
			st, err := os.Stat(path)
			if err != nil || st.Mode().Perm() != tt.perm {
				t.Errorf("mode %v, %v; want %v", st.Mode().Perm(), err, tt.perm)
			}
			if extra := leftovers(t, dir, "out.json"); len(extra) > 0 {
				t.Errorf("left behind %v", extra)
			}
		})
	}
}

// TestFailureLeavesNoPartialFile: when the write cannot complete, the
// destination keeps its old contents (or stays absent) and no temporary file
// is left.
func TestFailureLeavesNoPartialFile(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string) (path string)
	}{
		{"destination is a non-empty directory", func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "out.json")
			if err := os.MkdirAll(filepath.Join(p, "inside"), 0o755); err != nil {
				t.Fatal(err)
			}
			return p
		}},
		{"folder does not exist", func(t *testing.T, dir string) string {
			return filepath.Join(dir, "missing", "out.json")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := tt.setup(t, dir)
			if err := Write(path, []byte("new"), 0o644); err == nil {
				t.Fatal("Write succeeded; want an error")
			}
			if extra := leftovers(t, dir, "out.json"); len(extra) > 0 {
				t.Errorf("left behind %v", extra)
			}
			if st, err := os.Stat(path); err == nil && !st.IsDir() {
				t.Errorf("a file appeared at %s", path)
			}
		})
	}
}

func TestStageThenDiscard(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "map.json")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	p, err := Stage(path, []byte("new"), 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "old" {
		t.Errorf("staging changed the destination to %q", got)
	}
	if extra := leftovers(t, dir, "map.json"); len(extra) != 1 {
		t.Errorf("staged files %v, want exactly one", extra)
	}
	p.Discard()
	p.Discard()
	(*Pending)(nil).Discard()
	if extra := leftovers(t, dir, "map.json"); len(extra) > 0 {
		t.Errorf("Discard left %v", extra)
	}
	if got, _ := os.ReadFile(path); string(got) != "old" {
		t.Errorf("destination is %q after Discard, want the old contents", got)
	}
}
