//go:build unix

package safefile

import (
	"io/fs"
	"os"
	"syscall"
)

// openFlags: O_NONBLOCK so that opening a FIFO returns at once (the fstat
// that follows refuses it), O_NOCTTY so that a terminal never becomes ours.
// O_NONBLOCK has no effect on reading a regular file.
const openFlags = os.O_RDONLY | syscall.O_NONBLOCK | syscall.O_NOCTTY

// links is the file's hard link count (st_nlink).
func links(st fs.FileInfo) uint64 {
	if s, ok := st.Sys().(*syscall.Stat_t); ok {
		return uint64(s.Nlink)
	}
	return 1
}
