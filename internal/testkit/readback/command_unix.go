//go:build unix

package readback

import (
	"os/exec"
	"syscall"
)

// OwnGroup makes cmd (not yet started) the leader of a new process group, so
// that KillGroup reaches every process it starts, and on Linux has the kernel
// kill it when the test binary dies. For servers a whole package shares
// (moto), where Contain's per-test cleanup does not fit.
func OwnGroup(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Setpgid = true
	setPdeathsig(cmd.SysProcAttr)
}

// KillGroup kills cmd's process group (children included); a no-op before
// Start or once the group is gone.
func KillGroup(cmd *exec.Cmd) error {
	if cmd.Process == nil {
		return nil
	}
	err := syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	if err == syscall.ESRCH {
		return nil
	}
	return err
}
