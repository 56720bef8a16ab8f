//go:build linux

package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// fullDisk mounts a small tmpfs for the test and returns its path and a
// function that fills it up, so that writes fail with ENOSPC as on a real
// full disk. It needs root (mount); the test is skipped without it — the
// ulimit -f tests cover the same paths for every user.
func fullDisk(t *testing.T) (dir string, fill func()) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("mounting a tmpfs needs root")
	}
	dir = filepath.Join(t.TempDir(), "disk")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=8m"); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v", err)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(dir, syscall.MNT_DETACH); err != nil {
			t.Errorf("unmounting %s: %v", dir, err)
		}
	})
	fill = func() {
		t.Helper()
		f, err := os.Create(filepath.Join(dir, ".ballast"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		buf := make([]byte, 64<<10)
		for {
			if _, err := f.Write(buf); err != nil {
				if !errors.Is(err, syscall.ENOSPC) {
					t.Fatalf("filling the disk: %v", err)
				}
				// Fill the last partial block too.
				for n := len(buf) / 2; n > 0; n /= 2 {
					f.Write(buf[:n])
				}
				return
			}
		}
	}
	return dir, fill
}

// TestRealFullDiskExits4: on a file system that is really full (ENOSPC),
// build, diagram -o, synth and the redaction map exit 4 naming the file,
// and what was there before is untouched.
func TestRealFullDiskExits4(t *testing.T) {
	disk, fill := fullDisk(t)
	root := t.TempDir()
	cf := filepath.Join(root, "cf")
	if err := os.CopyFS(cf, os.DirFS(sampleDir)); err != nil {
		t.Fatal(err)
	}
	inv := writeFile(t, filepath.Join(root, "inv.json"), tinySnapshot)
	// Previous outputs on the disk, written while it had room.
	for _, args := range [][]string{
		{"build", "--inventory", inv, "-o", filepath.Join(disk, "OUT")},
		{"diagram", "--inventory", inv, "-o", filepath.Join(disk, "D")},
		{"synth", "--services", "2", "-o", filepath.Join(disk, "snap.json")},
		{"build", cf, "--redact", "-o", filepath.Join(root, "PUBLIC"), "--redaction-map", filepath.Join(disk, "map.json")},
	} {
		if code, _, errOut := runCLI(t, append(args, "-q")...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
	}
	// Changed inputs, so that a replaced output would show.
	writeFile(t, filepath.Join(cf, "answers", "1.1.md"), "The partner has read the guidelines, again.\n")
	fill()
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"build", []string{"build", "--inventory", inv, "-o", filepath.Join(disk, "OUT"), "--strict"}, "no space left on device"},
		{"diagram -o", []string{"diagram", "--inventory", inv, "--title", "Changed", "-o", filepath.Join(disk, "D")}, "no space left on device"},
		{"synth", []string{"synth", "--services", "3", "-o", filepath.Join(disk, "snap.json")}, "snap.json"},
		{"the redaction map", []string{"build", cf, "--redact", "-o", filepath.Join(root, "PUBLIC"), "--redaction-map", filepath.Join(disk, "map.json")}, "redaction map"},
	} {
		t.Run(c.name, func(t *testing.T) {
			before, beforeRoot := treeBytes(t, disk), treeBytes(t, root)
			code, _, errOut := runCLI(t, append(c.args, "-q")...)
			if code != ExitFailed || !strings.Contains(errOut, c.want) {
				t.Errorf("exit %d, want %d naming %q; stderr: %s", code, ExitFailed, c.want, errOut)
			}
			if d := append(diffTrees(before, treeBytes(t, disk)), diffTrees(beforeRoot, treeBytes(t, root))...); len(d) > 0 {
				t.Errorf("the failed run changed files: %v", d)
			}
		})
	}
}
