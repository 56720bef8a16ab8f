package pipeline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCleanStale: a build removes the staging folders earlier builds into
// the same OUTDIR left when they died, and only those: a live build's (its
// marker is locked), a folder of the user's with a look-alike name, and a
// staging folder of another OUTDIR stay. A build killed while installing
// had moved the previous package aside; with OUTDIR missing, it is put back.
func TestCleanStale(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "out")
	other := filepath.Join(parent, "other")

	writeFile := func(t *testing.T, p, s string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// dead makes a staging folder as a build does, with a file written,
	// and lets go of its lock as a killed process would.
	dead := func(outDir string) *staging {
		t.Helper()
		s, err := newStaging(outDir)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.write("submission.pdf", []byte("%PDF")); err != nil {
			t.Fatal(err)
		}
		s.lock.Close()
		s.lock = nil
		return s
	}
	deadOne := dead(out)
	otherOutDir := dead(other)
	live, err := newStaging(out)
	if err != nil {
		t.Fatal(err)
	}
	defer live.discard()
	writeFile(t, filepath.Join(parent, ".out.tmp-mine", "keep.txt"), "mine")

	var said []string
	cleanStale(out, func(s string) { said = append(said, s) })
	if _, err := os.Stat(deadOne.work); !os.IsNotExist(err) {
		t.Errorf("the dead build's %s is still there (%v)", deadOne.work, err)
	}
	for _, keep := range []string{live.work, otherOutDir.work, filepath.Join(parent, ".out.tmp-mine", "keep.txt")} {
		if _, err := os.Stat(keep); err != nil {
			t.Errorf("%s was removed: %v", keep, err)
		}
	}
	if joined := strings.Join(said, "\n"); !strings.Contains(joined, "removed "+deadOne.work) || !strings.Contains(joined, ".out.tmp-mine alone") {
		t.Errorf("progress does not say what was removed and what was left:\n%s", joined)
	}

	// Killed between moving the previous package aside and installing the
	// new one: OUTDIR is missing and the previous package is in old/.
	prev := filepath.Join(parent, "prev")
	writeFile(t, filepath.Join(prev, "manifest.json"), `{"tool": "ecspack", "outputs": []}`)
	mid := dead(prev)
	if err := os.Rename(prev, filepath.Join(mid.work, "old")); err != nil {
		t.Fatal(err)
	}
	cleanStale(prev, func(string) {})
	if got := readFile(t, filepath.Join(prev, "manifest.json")); !strings.Contains(got, "ecspack") {
		t.Errorf("the previous package was not put back: %q", got)
	}
	if _, err := os.Stat(mid.work); !os.IsNotExist(err) {
		t.Errorf("%s is still there (%v)", mid.work, err)
	}

	// An older ecspack's set-aside package is removed once OUTDIR exists;
	// a folder of the user's with that name is not.
	writeFile(t, filepath.Join(parent, ".prev.old-abc", "manifest.json"), `{"tool": "ecspack", "outputs": [{"path": "a.pdf"}]}`)
	writeFile(t, filepath.Join(parent, ".prev.old-abc", "a.pdf"), "%PDF")
	writeFile(t, filepath.Join(parent, ".prev.old-mine", "notes.txt"), "mine")
	cleanStale(prev, func(string) {})
	if _, err := os.Stat(filepath.Join(parent, ".prev.old-abc")); !os.IsNotExist(err) {
		t.Errorf(".prev.old-abc is still there (%v)", err)
	}
	if readFile(t, filepath.Join(parent, ".prev.old-mine", "notes.txt")) != "mine" {
		t.Error("the user's .prev.old-mine was touched")
	}
}

// TestCommitLeavesNothingBeside: a successful install removes the staging
// folder and the previous package set aside in it.
func TestCommitLeavesNothingBeside(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "out")
	for i := range 2 {
		s, err := newStaging(out)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.write("a.txt", []byte{byte('0' + i)}); err != nil {
			t.Fatal(err)
		}
		if err := s.commit(); err != nil {
			t.Fatal(err)
		}
		s.discard()
		if got := readFile(t, filepath.Join(out, "a.txt")); got != string(rune('0'+i)) {
			t.Errorf("build %d installed %q", i, got)
		}
		if _, err := os.Stat(filepath.Join(out, stagingMarker)); !os.IsNotExist(err) {
			t.Errorf("the staging marker was installed into OUTDIR")
		}
	}
	if l := leftovers(t, parent); len(l) > 0 {
		t.Errorf("left %v", l)
	}
}
