package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ecspack/ecspack/internal/readback"
)

// TestInterruptedBuildLeavesOutDir runs the real binary on a 1,000-service
// estate, interrupts it with SIGINT (and SIGTERM) while it works, and checks
// the documented contract: exit code 130, the previous OUTDIR byte for byte
// as it was, and no temporary directory left beside it.
func TestInterruptedBuildLeavesOutDir(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and a 1,000-service estate")
	}
	work := t.TempDir()
	bin := filepath.Join(work, "ecspack")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	run := func(args ...string) {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Dir = work
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("ecspack %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	run("synth", "--services", "1000", "--seed", "7", "-o", "estate.json")
	run("synth", "--services", "5", "--seed", "1", "-o", "small.json")
	// The previous package: a real build of a small estate.
	run("build", "-q", "--inventory", "small.json", "-o", "OUT")
	before := sumTree(t, filepath.Join(work, "OUT"))
	if len(before) < 3 {
		t.Fatalf("the first build wrote only %v", before)
	}

	for _, c := range []struct {
		name  string
		sig   syscall.Signal
		after time.Duration
	}{
		{"SIGINT early", syscall.SIGINT, 300 * time.Millisecond},
		{"SIGINT while drawing or rendering", syscall.SIGINT, 4 * time.Second},
		{"SIGTERM early", syscall.SIGTERM, 300 * time.Millisecond},
	} {
		t.Run(c.name, func(t *testing.T) {
			cmd := exec.Command(bin, "build", "--inventory", "estate.json", "-o", "OUT")
			cmd.Dir = work
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(c.after)
			sent := time.Now()
			if err := cmd.Process.Signal(c.sig); err != nil {
				t.Fatal(err)
			}
			err := cmd.Wait()
			latency := time.Since(sent)
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != ExitInterrupted {
				t.Fatalf("exit: %v, want code %d\n%s", err, ExitInterrupted, stderr.String())
			}
			t.Logf("%s after %v: exit %d %v after the signal; last progress: %q", c.name, c.after, ee.ExitCode(), latency.Round(time.Millisecond), lastLine(stderr.String()))
			if latency > 15*time.Second {
				t.Errorf("took %v to stop after the signal: a stage ignores the context", latency)
			}
			if !strings.Contains(stderr.String(), "interrupted") {
				t.Errorf("stderr does not say it was interrupted:\n%s", stderr.String())
			}
			if after := sumTree(t, filepath.Join(work, "OUT")); !sameSums(before, after) {
				t.Errorf("the interrupted build changed OUT:\nbefore %v\nafter  %v", before, after)
			}
			entries, err := os.ReadDir(work)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range entries {
				if strings.Contains(e.Name(), ".tmp-") || strings.Contains(e.Name(), ".old-") {
					t.Errorf("left behind: %s", e.Name())
				}
			}
		})
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > 1 {
		return lines[len(lines)-2] + " | " + lines[len(lines)-1]
	}
	return lines[len(lines)-1]
}

func sumTree(t *testing.T, dir string) map[string]string { return readback.TreeSums(t, dir) }

func sameSums(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
