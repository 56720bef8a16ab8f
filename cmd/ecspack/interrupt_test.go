package main

import (
	"bufio"
	"errors"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ecspack/ecspack/internal/testkit/readback"
)

// The interrupt test's fixture, made once per test binary: `go test
// -count=10` reruns the cases, not the link of the binary and the synthesis of
// the estates (fixtureDir is removed by TestMain).
var (
	fixtureOnce sync.Once
	fixtureDir  string
	fixtureCPU  time.Duration
	fixtureErr  error
)

// interruptFixture returns a directory holding the ecspack binary
// (ecspack), a 250-service estate (estate.json) and a 5-service one
// (small.json), and the CPU time an uninterrupted build of the estate takes.
func interruptFixture(t *testing.T) (string, time.Duration) {
	t.Helper()
	fixtureOnce.Do(func() {
		dir, err := os.MkdirTemp("", "ecspack-interrupt-")
		if err != nil {
			fixtureErr = err
			return
		}
		fixtureDir = dir
		steps := [][]string{
			{"go", "build", "-o", filepath.Join(dir, "ecspack"), "."},
			{filepath.Join(dir, "ecspack"), "synth", "--services", strconv.Itoa(interruptServices), "--seed", "7", "-o", filepath.Join(dir, "estate.json")},
			{filepath.Join(dir, "ecspack"), "synth", "--services", "5", "--seed", "1", "-o", filepath.Join(dir, "small.json")},
		}
		steps = append(steps, []string{filepath.Join(dir, "ecspack"), "build", "-q", "--inventory", filepath.Join(dir, "estate.json"), "-o", filepath.Join(dir, "whole")})
		for _, s := range steps {
			cmd := readback.Command(t, s[0], s[1:]...)
			if out, err := cmd.CombinedOutput(); err != nil {
				fixtureErr = errors.New(strings.Join(s, " ") + ": " + err.Error() + "\n" + string(out))
				return
			}
			fixtureCPU = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime() // the last: the whole build
		}
	})
	if fixtureErr != nil {
		t.Fatal(fixtureErr)
	}
	return fixtureDir, fixtureCPU
}

// interruptServices sizes the estate the interrupted builds work on: big
// enough that drawing and rendering each take seconds (so a signal sent when
// a stage starts lands inside it), small enough that `go test -count=10`
// of this test fits go test's default 10-minute timeout on a busy machine.
const interruptServices = 250

// TestInterruptedBuildLeavesOutDir runs the real binary on a 250-service
// estate, interrupts it with SIGINT (and SIGTERM) while it works, and checks
// the documented contract: exit code 130, the previous OUTDIR byte for byte
// as it was, no temporary directory left beside it, and no work done after
// the signal.
//
// The signal is sent when the build says it reached a stage (its progress
// lines on stderr), never after a timer, so a loaded machine changes when it
// arrives, not where. The first progress line is printed after the handler is
// installed; a signal before that — during the Go runtime's and the
// libraries' package initialisation, before main runs — ends the process by
// the signal itself (a shell reports 130 for SIGINT) with nothing written.
func TestInterruptedBuildLeavesOutDir(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and a 250-service estate")
	}
	fix, wholeCPU := interruptFixture(t)
	bin := filepath.Join(fix, "ecspack")
	work := t.TempDir()
	// The previous package: a real build of a small estate.
	if out, err := readback.Command(t, bin, "build", "-q", "--inventory", filepath.Join(fix, "small.json"), "-o", filepath.Join(work, "OUT")).CombinedOutput(); err != nil {
		t.Fatalf("first build: %v\n%s", err, out)
	}
	before := sumTree(t, filepath.Join(work, "OUT"))
	if len(before) < 3 {
		t.Fatalf("the first build wrote only %v", before)
	}

	for _, c := range []struct {
		name string
		sig  syscall.Signal
		// at is the start of the progress line after which the signal is sent.
		at string
		// later are progress lines of stages after the interrupted one.
		later []string
	}{
		{"SIGINT early", syscall.SIGINT, "ecspack: assessing", []string{"ecspack: rendering", "ecspack: installing", "ecspack: wrote"}},
		{"SIGINT while drawing", syscall.SIGINT, "ecspack: drawing", []string{"ecspack: rendering", "ecspack: installing", "ecspack: wrote"}},
		{"SIGINT while rendering", syscall.SIGINT, "ecspack: rendering", []string{"ecspack: installing", "ecspack: wrote"}},
		{"SIGTERM early", syscall.SIGTERM, "ecspack: assessing", []string{"ecspack: rendering", "ecspack: installing", "ecspack: wrote"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			cmd := readback.Command(t, bin, "build", "--inventory", filepath.Join(fix, "estate.json"), "-o", "OUT")
			cmd.Dir = work
			stderr, err := cmd.StderrPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			var lines []string
			sc := bufio.NewScanner(stderr)
			for sc.Scan() {
				lines = append(lines, sc.Text())
				if strings.HasPrefix(sc.Text(), c.at) {
					break
				}
			}
			if len(lines) == 0 || !strings.HasPrefix(lines[len(lines)-1], c.at) {
				_ = cmd.Wait()
				t.Fatalf("the build never printed %q:\n%s", c.at, strings.Join(lines, "\n"))
			}
			cpuBefore, cpuErr := cpuTime(cmd.Process.Pid)
			sent := time.Now()
			if err := cmd.Process.Signal(c.sig); err != nil {
				t.Fatal(err)
			}
			signalled := len(lines)
			for sc.Scan() {
				lines = append(lines, sc.Text())
			}
			err = cmd.Wait()
			latency := time.Since(sent)
			out := strings.Join(lines, "\n")
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != ExitInterrupted {
				t.Fatalf("exit: %v, want code %d\n%s", err, ExitInterrupted, out)
			}
			// Work after the signal, in CPU time, which a loaded machine does
			// not stretch as it stretches wall time, against the CPU time of
			// the whole build: drawing and rendering are each a third or more
			// of it, so a stage that ignored the context would spend more than
			// a quarter finishing; stopping takes a few percent.
			cpuAfter := time.Duration(-1)
			if cpuErr == nil {
				cpuAfter = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime() - cpuBefore
			}
			t.Logf("%s at %q: exit %d %v (wall) and %v (CPU; the whole build takes %v) after the signal", c.name, c.at, ee.ExitCode(), latency.Round(time.Millisecond), cpuAfter.Round(time.Millisecond), wholeCPU.Round(time.Millisecond))
			if cpuAfter > wholeCPU/4 {
				t.Errorf("%v of CPU time after the signal, more than a quarter of the whole build's %v: a stage ignores the context", cpuAfter, wholeCPU)
			}
			for _, l := range lines[signalled:] {
				for _, later := range c.later {
					if strings.HasPrefix(l, later) {
						t.Errorf("a later stage ran after the signal: %q\n%s", l, out)
					}
				}
			}
			if !strings.Contains(out, "interrupted") {
				t.Errorf("stderr does not say it was interrupted:\n%s", out)
			}
			if after := sumTree(t, filepath.Join(work, "OUT")); !maps.Equal(before, after) {
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

// cpuTime is the user+system CPU time process pid has used so far (Linux
// /proc/PID/stat); an error elsewhere, where the CPU check is skipped.
func cpuTime(pid int) (time.Duration, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, err
	}
	// Fields after the command name (which may hold spaces) in parentheses.
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, errors.New("malformed /proc stat")
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 13 {
		return 0, errors.New("short /proc stat")
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, errors.New("malformed /proc stat times")
	}
	const ticks = 100 // USER_HZ, 100 on every Linux ABI Go supports
	return time.Duration(utime+stime) * time.Second / ticks, nil
}

func sumTree(t *testing.T, dir string) map[string]string { return readback.TreeSums(t, dir) }
