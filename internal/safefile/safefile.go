// Package safefile is the one way ecspack opens an input file: the casefile,
// case studies, answers, attachments, inventories, SOP overrides, Markdown
// images, price tables, import folders and redaction maps all come through
// it, so that every input gets the same guards.
//
//   - Only regular files are read. A FIFO, device, socket or directory is
//     refused, naming the path. Files are opened with O_NONBLOCK (and
//     O_NOCTTY), so that opening a FIFO never blocks, and checked with fstat
//     on the descriptor that is then read, so a swap between the check and
//     the read cannot slip anything else in.
//   - The size is checked with fstat before reading and enforced while
//     reading (a file that grows past its limit is refused, not read whole).
//   - Opened inside a root (OpenIn, ReadFileIn, CheckIn), a path may go
//     through symbolic links only to somewhere inside that root: the path is
//     resolved, must lie inside the (resolved) root, and is then opened
//     through an os.Root, which refuses to leave the root even if a link is
//     changed meanwhile.
//   - Inside a root, a file with more than one hard link is refused. A hard
//     link is indistinguishable from the file it shares with, and ecspack
//     cannot find the other names, so a hard link to /etc/passwd or an SSH
//     key would otherwise be read, printed and its checksum published. Real
//     casefiles (git checkouts, unpacked archives, copies) have no hard
//     links; the error says to replace the file with a copy.
//
// Errors are *Error values naming the path; errors.Is tells the kind apart
// (ErrNotRegular, ErrTooLarge, ErrOutside, ErrHardLink, fs.ErrNotExist).
package safefile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// The kinds of refusal, for errors.Is.
var (
	// ErrNotRegular: the path is a FIFO, device, socket, directory or other
	// non-regular file.
	ErrNotRegular = errors.New("not a regular file")
	// ErrTooLarge: the file is larger than the limit for its kind of input,
	// by fstat or while it was read.
	ErrTooLarge = errors.New("file too large")
	// ErrOutside: the path leads out of its root through a symbolic link (or
	// is absolute or climbs with "..").
	ErrOutside = errors.New("outside the root")
	// ErrHardLink: the file inside a root has more than one hard link.
	ErrHardLink = errors.New("hard-linked file")
)

// Error is a refused or unreadable input file.
type Error struct {
	// Path is the path as the caller gave it.
	Path string
	// Err is the kind (one of the Err* values above, or an fs error).
	Err error
	// Reason says what is wrong and what was expected, without the path.
	Reason string
}

func (e *Error) Error() string { return e.Path + ": " + e.Reason }

// Unwrap returns the kind, for errors.Is.
func (e *Error) Unwrap() error { return e.Err }

// Open opens path for reading if it is a regular file of at most max bytes
// (max < 0: no size limit). Symbolic links are followed: use it for files
// the user names on the command line. Reads past max fail with ErrTooLarge.
func Open(path string, max int64) (*File, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, statError(path, err)
	}
	if err := regular(path, st, max); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, openFlags, 0)
	if err != nil {
		return nil, statError(path, err)
	}
	return checked(path, f, max, false)
}

// OpenIn is Open for a file that must stay inside root (a casefile, a case
// study directory, an import folder): symbolic links may lead only to places
// inside root, and a file with several hard links is refused.
func OpenIn(root, path string, max int64) (*File, error) {
	rroot, rel, err := resolveIn(root, path)
	if err != nil {
		return nil, err
	}
	r, err := os.OpenRoot(rroot)
	if err != nil {
		return nil, statError(path, err)
	}
	defer r.Close()
	st, err := r.Stat(rel)
	if err != nil {
		return nil, rootError(path, root, err)
	}
	if err := regular(path, st, max); err != nil {
		return nil, err
	}
	f, err := r.OpenFile(rel, openFlags, 0)
	if err != nil {
		return nil, rootError(path, root, err)
	}
	return checked(path, f, max, true)
}

// ReadFile reads a whole file with Open's guards.
func ReadFile(path string, max int64) ([]byte, error) {
	f, err := Open(path, max)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.readAll()
}

// ReadFileIn reads a whole file with OpenIn's guards.
func ReadFileIn(root, path string, max int64) ([]byte, error) {
	f, err := OpenIn(root, path, max)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.readAll()
}

// CheckIn applies OpenIn's guards to a file without reading it, for inputs
// that are only listed and checksummed later (attachments, WAFR reports).
func CheckIn(root, path string, max int64) error {
	f, err := OpenIn(root, path, max)
	if err != nil {
		return err
	}
	return f.Close()
}

// Inside reports whether path, once symbolic links are resolved, lies inside
// root (also resolved), for directories (case studies, the SOP folder) whose
// files are then opened with OpenIn. A path that does not exist is reported
// as inside, so that the caller's own "does not exist" message applies.
func Inside(root, path string) bool {
	_, _, err := resolveIn(root, path)
	return !errors.Is(err, ErrOutside)
}

// File is an open input file that refuses to be read past its limit.
type File struct {
	f    *os.File
	path string
	max  int64
	size int64
	read int64
}

// Read reads from the file; past the limit it fails with ErrTooLarge.
func (f *File) Read(p []byte) (int, error) {
	if f.max >= 0 && f.read > f.max {
		return 0, tooLarge(f.path, f.max, "it grew past the limit while it was read")
	}
	if f.max >= 0 && int64(len(p)) > f.max-f.read+1 {
		p = p[:f.max-f.read+1]
	}
	n, err := f.f.Read(p)
	f.read += int64(n)
	if f.max >= 0 && f.read > f.max {
		return n - int(f.read-f.max), tooLarge(f.path, f.max, "it grew past the limit while it was read")
	}
	return n, err
}

// Close closes the file.
func (f *File) Close() error { return f.f.Close() }

// Size is the file's size by fstat when it was opened.
func (f *File) Size() int64 { return f.size }

// Name is the path the file was opened by.
func (f *File) Name() string { return f.path }

func (f *File) readAll() ([]byte, error) {
	buf := make([]byte, 0, f.size+1)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// checked fstats the opened file and wraps it, or closes it and refuses.
func checked(path string, f *os.File, max int64, single bool) (*File, error) {
	st, err := f.Stat()
	if err == nil {
		err = regular(path, st, max)
	}
	if err == nil && single {
		if n := links(st); n > 1 {
			err = &Error{Path: path, Err: ErrHardLink, Reason: fmt.Sprintf(
				"has %d hard links: another name of the same file may lie outside the casefile, so it is not read; replace it with a copy (cp FILE FILE.copy && mv FILE.copy FILE)", n)}
		}
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return &File{f: f, path: path, max: max, size: st.Size()}, nil
}

// regular refuses anything but a regular file within max bytes.
func regular(path string, st fs.FileInfo, max int64) error {
	m := st.Mode()
	var what string
	switch {
	case m.IsRegular():
		if max >= 0 && st.Size() > max {
			return tooLarge(path, max, "it is "+Size(st.Size()))
		}
		return nil
	case m.IsDir():
		what = "a directory"
	case m&fs.ModeNamedPipe != 0:
		what = "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		what = "a socket"
	case m&fs.ModeDevice != 0:
		what = "a device"
	case m&fs.ModeSymlink != 0:
		what = "a symbolic link"
	default:
		what = "a special file"
	}
	return &Error{Path: path, Err: ErrNotRegular, Reason: "is " + what + ": expected a regular file"}
}

func tooLarge(path string, max int64, detail string) error {
	return &Error{Path: path, Err: ErrTooLarge, Reason: fmt.Sprintf("larger than the %s this kind of input may be (%s): expected a much smaller file", Size(max), detail)}
}

// Size writes a byte count for people: "512 bytes", "64 KiB", "5.0 GiB".
func Size(n int64) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d bytes", n)
	case n < 1<<20:
		return trim(float64(n)/(1<<10)) + " KiB"
	case n < 1<<30:
		return trim(float64(n)/(1<<20)) + " MiB"
	}
	return trim(float64(n)/(1<<30)) + " GiB"
}

func trim(f float64) string {
	if f == float64(int64(f)) {
		return fmt.Sprintf("%d", int64(f))
	}
	return fmt.Sprintf("%.1f", f)
}

// resolveIn resolves root and path and returns the resolved root and path
// relative to it, or ErrOutside.
func resolveIn(root, path string) (string, string, error) {
	aroot, err := filepath.Abs(root)
	if err != nil {
		return "", "", statError(root, err)
	}
	rroot, err := filepath.EvalSymlinks(aroot)
	if err != nil {
		return "", "", statError(root, err)
	}
	apath, err := filepath.Abs(path)
	if err != nil {
		return "", "", statError(path, err)
	}
	// The unresolved path must already be below root: "root/../x" is out.
	if rel, err := filepath.Rel(aroot, apath); err != nil || !filepath.IsLocal(rel) {
		return "", "", outsideError(path, root, "it is not below the folder")
	}
	rpath, err := filepath.EvalSymlinks(apath)
	if err != nil {
		return "", "", statError(path, err)
	}
	rel, err := filepath.Rel(rroot, rpath)
	if err != nil || !filepath.IsLocal(rel) {
		return "", "", outsideError(path, root, "a symbolic link on the way leads out of it")
	}
	return rroot, rel, nil
}

func outsideError(path, root, why string) error {
	return &Error{Path: path, Err: ErrOutside, Reason: fmt.Sprintf("leads outside %s (%s): expected a file inside it", root, why)}
}

// statError turns an fs error into an *Error naming path.
func statError(path string, err error) error {
	var reason string
	switch {
	case errors.Is(err, fs.ErrNotExist):
		reason = "does not exist"
		err = fs.ErrNotExist
	case errors.Is(err, fs.ErrPermission):
		reason = "cannot be read (permission denied)"
		err = fs.ErrPermission
	default:
		reason = "cannot be read: " + unwrapPath(err).Error()
	}
	return &Error{Path: path, Err: err, Reason: reason}
}

// rootError is statError for os.Root, whose escape error is unexported.
func rootError(path, root string, err error) error {
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) {
		return statError(path, err)
	}
	var pe *fs.PathError
	if errors.As(err, &pe) && pe.Err != nil && pe.Err.Error() == "path escapes from parent" {
		return outsideError(path, root, "a symbolic link on the way leads out of it")
	}
	return statError(path, err)
}

// unwrapPath drops the *fs.PathError wrapper (its path is the resolved one).
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
