package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"syscall"
	"testing"

	"github.com/ecspack/ecspack/inventory"
	"github.com/ecspack/ecspack/inventory/synth"
)

// memoryBudget is the resident memory a build of any admitted input must
// stay under (README, security notes).
const memoryBudget = 2 << 30

// virtualOverhead is the address space the Go runtime and go-graphviz's
// WebAssembly runtime reserve without touching it: a 250-service build
// (0.39 GB resident) fails to start under `ulimit -v` of 2.0 GB and succeeds
// under 2.5 GB. The limit a build runs under is its budget plus this.
const virtualOverhead = 2 << 30

// writeSynth writes a synthetic estate of n services; name, when not nil,
// rewrites every "name" field of the snapshot.
func writeSynth(t *testing.T, path string, n int, name func(string) string) {
	t.Helper()
	s, err := synth.Generate(synth.Options{Services: n, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	data, err := inventory.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if name != nil {
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			t.Fatal(err)
		}
		var walk func(v any)
		walk = func(v any) {
			switch v := v.(type) {
			case map[string]any:
				for k, x := range v {
					if s, ok := x.(string); ok && k == "name" {
						v[k] = name(s)
					} else {
						walk(x)
					}
				}
			case []any:
				for _, x := range v {
					walk(x)
				}
			}
		}
		walk(v)
		if data, err = json.Marshal(v); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// longName pads a name to the longest string a snapshot admits.
func longName(s string) string {
	return (s + "-" + strings.Repeat("n", inventory.MaxString))[:inventory.MaxString]
}

// limitedBuild runs the binary's build under `ulimit -v` (a bash wrapper:
// the limit applies to the build alone) and returns the exit code, stderr
// and the child's peak resident memory in bytes.
func limitedBuild(t *testing.T, bin, work string, limit int64, args ...string) (int, string, int64) {
	t.Helper()
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash is needed for ulimit")
	}
	// Linux starts a child's peak resident size at its parent's when it
	// forks: give memory back first, so the figure is the build's (it can
	// only be an overestimate).
	runtime.GC()
	debug.FreeOSMemory()
	script := fmt.Sprintf(`ulimit -v %d && exec "$0" "$@"`, limit>>10)
	cmd := exec.Command(bash, append([]string{"-c", script, bin, "build", "-q"}, args...)...)
	cmd.Dir = work
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err = cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	var rss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss << 10 // kilobytes on Linux
	}
	return code, stderr.String(), rss
}

// TestMemoryBudget builds the worst inputs the limits admit under a memory
// limit: each one exits cleanly within the budget, and the first input
// beyond a limit is refused by name, before it costs memory, with OUTDIR
// untouched. A Go runtime out of memory also exits 2, so stderr is checked
// for a crash as well.
//
// The full-size estates (inventory.MaxServices services, and as many with
// every name MaxString bytes long) take minutes on a shared machine: they
// run with ECSPACK_MEMORY_TEST=1. make test runs a tenth of them.
func TestMemoryBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and synthetic estates")
	}
	work := t.TempDir()
	bin := filepath.Join(work, "ecspack")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	full := os.Getenv("ECSPACK_MEMORY_TEST") == "1"
	n, budget := inventory.MaxServices/10, int64(memoryBudget/2)
	if full {
		n, budget = inventory.MaxServices, memoryBudget
	}
	out := filepath.Join(work, "OUT")
	writeFile(t, filepath.Join(out, "keep.txt"), "previous package")
	tests := []struct {
		name    string
		write   func(path string)
		refused string // "" when the build must succeed
	}{
		{fmt.Sprintf("%d services", n), func(p string) { writeSynth(t, p, n, nil) }, ""},
		{fmt.Sprintf("%d services, every name %d bytes", n, inventory.MaxString), func(p string) { writeSynth(t, p, n, longName) }, ""},
		{"one service beyond MaxServices", func(p string) { writeSynth(t, p, inventory.MaxServices+1, nil) },
			fmt.Sprintf("expected at most %d in one snapshot", inventory.MaxServices)},
		{"a name one byte beyond MaxString", func(p string) {
			writeSynth(t, p, 10, func(s string) string { return longName(s) + "n" })
		}, fmt.Sprintf("a string longer than %d bytes", inventory.MaxString)},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := filepath.Join(work, fmt.Sprintf("estate%d.json", i))
			tt.write(in)
			dest := filepath.Join(work, fmt.Sprintf("out%d", i))
			if tt.refused != "" {
				dest = out
			}
			code, stderr, rss := limitedBuild(t, bin, work, budget+virtualOverhead, "--inventory", in, "-o", dest)
			t.Logf("exit %d, peak resident %d MB (budget %d MB)", code, rss>>20, budget>>20)
			if strings.Contains(stderr, "fatal error") || strings.Contains(stderr, "panic:") || strings.Contains(stderr, "goroutine ") {
				t.Fatalf("the build crashed:\n%.3000s", stderr)
			}
			if tt.refused == "" {
				if code != 0 {
					t.Fatalf("exit %d, want 0:\n%.3000s", code, stderr)
				}
			} else {
				if code != 2 || !strings.Contains(stderr, in) || !strings.Contains(stderr, tt.refused) {
					t.Errorf("exit %d, stderr %.500q; want 2 naming %s and %q", code, stderr, in, tt.refused)
				}
				entries, _ := os.ReadDir(out)
				if len(entries) != 1 || entries[0].Name() != "keep.txt" {
					t.Errorf("OUTDIR changed: %v", entries)
				}
			}
			if rss > budget {
				t.Errorf("peak resident memory %d MB, budget %d MB", rss>>20, budget>>20)
			}
		})
	}
}
