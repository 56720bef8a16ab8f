//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package pipeline

import (
	"errors"
	"os"
)

// lockFile is not available here: stale staging directories are then left
// alone, since a running build cannot be told from a dead one.
func lockFile(*os.File, bool) error { return errors.ErrUnsupported }
