//go:build !unix

package readback

import "os/exec"

// OwnGroup: process groups are a Unix notion; the command runs as is.
func OwnGroup(*exec.Cmd) {}

// KillGroup kills the process alone.
func KillGroup(cmd *exec.Cmd) error {
	if cmd.Process == nil {
		return nil
	}
	return cmd.Process.Kill()
}
