//go:build !unix

package readback

import "os/exec"

// ownGroup: process groups are a Unix notion; the command runs as is.
func ownGroup(*exec.Cmd) {}

// killGroup kills the process alone.
func killGroup(cmd *exec.Cmd) error {
	if cmd.Process == nil {
		return nil
	}
	return cmd.Process.Kill()
}
