package readback

import (
	"context"
	"os/exec"
	"testing"
	"time"
)

// Command returns a command that cannot outlive the test: it runs in a
// process group of its own, that whole group is killed when the test ends
// (pass, fail or t.Fatal) and shortly before the `go test -timeout` deadline,
// and on Linux the kernel kills the child if the test binary dies first (the
// timeout panic runs no cleanup). Tests use it for every tool that may start
// children of its own (LibreOffice, bash scripts, the aws CLI, ecspack).
func Command(t testing.TB, name string, args ...string) *exec.Cmd {
	t.Helper()
	ctx := Context(t)
	cmd := exec.CommandContext(ctx, name, args...)
	Contain(t, cmd)
	return cmd
}

// Context ends when the test does, or shortly before the `go test -timeout`
// deadline, so that a command still running then is killed and reported by
// the test itself instead of being orphaned by the timeout panic.
func Context(t testing.TB) context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	if d, ok := t.(interface{ Deadline() (time.Time, bool) }); ok {
		if deadline, ok := d.Deadline(); ok {
			// Leave time to kill, report and clean up: a tenth of what is
			// left, at least 5 s and at most a minute.
			grace := min(max(time.Until(deadline)/10, 5*time.Second), time.Minute)
			ctx, cancel = context.WithDeadline(context.Background(), deadline.Add(-grace))
		}
	}
	t.Cleanup(cancel)
	return ctx
}

// Contain puts cmd (not yet started) in a process group of its own, makes a
// cancelled context kill the whole group, and kills whatever is left of the
// group when the test ends. Wait returns at most 5 s after the kill even if
// a grandchild still holds the output pipes.
func Contain(t testing.TB, cmd *exec.Cmd) {
	t.Helper()
	OwnGroup(cmd)
	cmd.Cancel = func() error { return KillGroup(cmd) }
	cmd.WaitDelay = 5 * time.Second
	t.Cleanup(func() { _ = KillGroup(cmd) })
}
