//go:build unix && !linux

package readback

import "syscall"

// setPdeathsig: only Linux can tie a child's life to its parent's.
func setPdeathsig(*syscall.SysProcAttr) {}
