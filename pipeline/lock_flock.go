//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package pipeline

import (
	"os"
	"syscall"
)

// lockFile takes an exclusive flock on f, held until f is closed or the
// process ends (however it ends): it is how a staging directory tells a
// running build from a dead one. With nonBlocking it fails at once when
// another process holds the lock.
func lockFile(f *os.File, nonBlocking bool) error {
	how := syscall.LOCK_EX
	if nonBlocking {
		how |= syscall.LOCK_NB
	}
	return syscall.Flock(int(f.Fd()), how)
}
