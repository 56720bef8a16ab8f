package readback

import "syscall"

// setPdeathsig has the kernel kill the child when the test binary dies (the
// `go test -timeout` panic runs no t.Cleanup).
func setPdeathsig(a *syscall.SysProcAttr) { a.Pdeathsig = syscall.SIGKILL }
