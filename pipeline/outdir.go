package pipeline

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// OutputError is a failure to write the package (a full disk, a read-only
// directory): neither the input's fault nor a finding. The CLI exits 4.
type OutputError struct{ Err error }

func (e *OutputError) Error() string { return e.Err.Error() }
func (e *OutputError) Unwrap() error { return e.Err }

// staging is a temporary directory beside the output directory where a build
// writes everything before it replaces the output directory in one rename.
// A build that fails or is interrupted removes its staging directory and
// leaves the previous output directory exactly as it was.
//
// Its layout proves it is ecspack's, so that a later build can clean up
// after one that was killed: work is .OUTDIR.tmp-N beside OUTDIR and holds
// a marker file naming OUTDIR, locked (flock) for as long as the build
// runs, the package being written in pkg/ and, while installing, the
// previous OUTDIR in old/. A marker nobody holds a lock on belongs to a
// build that died.
type staging struct {
	work   string   // .OUTDIR.tmp-N
	dir    string   // work/pkg: becomes outDir
	outDir string   // the final destination
	lock   *os.File // work/.ecspack-staging, locked while the build runs
	files  []string
}

// stagingMarker is the file that marks a staging directory as ecspack's.
const stagingMarker = ".ecspack-staging"

func markerText(outDir string) string {
	return "ecspack staging directory for " + outDir + "\n"
}

// newStaging creates the temporary directory in outDir's parent, so the final
// rename stays on one file system.
func newStaging(outDir string) (*staging, error) {
	outDir = filepath.Clean(outDir)
	parent := filepath.Dir(outDir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, &OutputError{fmt.Errorf("creating %s: %w", parent, err)}
	}
	if st, err := os.Stat(outDir); err == nil && !st.IsDir() {
		return nil, &InputError{fmt.Errorf("output %s exists and is not a directory", outDir)}
	}
	abs, err := resolve(outDir)
	if err != nil {
		return nil, &OutputError{err}
	}
	work, err := os.MkdirTemp(parent, "."+filepath.Base(outDir)+".tmp-")
	if err != nil {
		return nil, &OutputError{fmt.Errorf("creating a temporary directory beside %s: %w", outDir, err)}
	}
	s := &staging{work: work, dir: filepath.Join(work, "pkg"), outDir: outDir}
	fail := func(err error) (*staging, error) {
		s.discard()
		return nil, &OutputError{fmt.Errorf("creating a temporary directory beside %s: %w", outDir, err)}
	}
	s.lock, err = os.OpenFile(filepath.Join(work, stagingMarker), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fail(err)
	}
	if err := lockFile(s.lock, false); err != nil && !errors.Is(err, errors.ErrUnsupported) {
		return fail(err)
	}
	if _, err := s.lock.WriteString(markerText(abs)); err != nil {
		return fail(err)
	}
	if err := os.Mkdir(s.dir, 0o755); err != nil {
		return fail(err)
	}
	return s, nil
}

// write stores one output file under its path relative to the output directory.
func (s *staging) write(rel string, data []byte) error {
	if !filepath.IsLocal(rel) {
		return fmt.Errorf("output path %q escapes the output directory", rel)
	}
	p := filepath.Join(s.dir, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return &OutputError{err}
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		return &OutputError{fmt.Errorf("writing %s: %w", rel, err)}
	}
	s.files = append(s.files, filepath.ToSlash(rel))
	return nil
}

// commit replaces the output directory with the staging directory. An
// existing output directory is first moved aside into the staging
// directory, then removed once the new one is in place; if the second rename
// fails the old one is put back.
func (s *staging) commit() error {
	if err := s.install(); err != nil {
		return &OutputError{err}
	}
	return nil
}

func (s *staging) install() error {
	if err := os.Chmod(s.dir, 0o755); err != nil {
		return err
	}
	var aside string
	if _, err := os.Lstat(s.outDir); err == nil {
		aside = filepath.Join(s.work, "old")
		if err := os.Rename(s.outDir, aside); err != nil {
			return fmt.Errorf("moving the previous %s aside: %w", s.outDir, err)
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if err := os.Rename(s.dir, s.outDir); err != nil {
		if aside != "" {
			if rerr := os.Rename(aside, s.outDir); rerr != nil {
				return fmt.Errorf("installing %s: %w (and restoring the previous one failed: %v; it is at %s)", s.outDir, err, rerr, aside)
			}
		}
		return fmt.Errorf("installing %s: %w", s.outDir, err)
	}
	// The previous package, now in work/old, goes with discard; if that is
	// cut short the next build removes it.
	return nil
}

// discard removes the staging directory (and a previous output set aside
// in it); safe to call after commit. The marker goes last, so that a
// directory left half-removed is still recognised as ecspack's.
func (s *staging) discard() {
	if s == nil || s.work == "" {
		return
	}
	removeWork(s.work)
	if s.lock != nil {
		s.lock.Close()
		s.lock = nil
	}
	s.work = ""
}

// removeWork removes a staging directory: everything but the marker, then
// the marker, then the directory.
func removeWork(work string) {
	entries, _ := os.ReadDir(work)
	for _, e := range entries {
		if e.Name() != stagingMarker {
			os.RemoveAll(filepath.Join(work, e.Name()))
		}
	}
	os.Remove(filepath.Join(work, stagingMarker))
	os.Remove(work)
}

// cleanStale removes the staging directories that earlier builds into
// outDir left behind when they were killed (SIGKILL, a crash, a power cut):
// only directories named .OUTDIR.tmp-* whose marker names this outDir and
// is locked by no running build. When such a build died while installing —
// the previous package moved aside, the new one not yet in place — and
// outDir is missing, the previous package is put back first. Directories it
// cannot prove are ecspack's are left alone and reported.
func cleanStale(outDir string, progress func(string)) {
	outDir = filepath.Clean(outDir)
	parent, base := filepath.Dir(outDir), filepath.Base(outDir)
	abs, err := resolve(outDir)
	if err != nil {
		return
	}
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		p := filepath.Join(parent, name)
		switch {
		case strings.HasPrefix(name, "."+base+".tmp-") && e.IsDir():
			if removed, why := cleanWork(p, outDir, abs); removed {
				progress("removed " + p + ", left by an earlier build that did not finish")
			} else if why != "" {
				progress("left " + p + " alone: " + why)
			}
		case strings.HasPrefix(name, "."+base+".old-") && e.IsDir():
			// An older ecspack set the previous package aside under this
			// name; it is superseded once outDir exists again.
			if _, err := os.Stat(outDir); err == nil && notPackage(p) == "" {
				if os.RemoveAll(p) == nil {
					progress("removed " + p + ", a previous package an earlier build did not finish removing")
				}
			}
		}
	}
}

// cleanWork removes one stale staging directory if it is provably ecspack's
// and dead; otherwise it says why not ("" for a live build's).
func cleanWork(work, outDir, abs string) (removed bool, why string) {
	entries, err := os.ReadDir(work)
	if err != nil {
		return false, err.Error()
	}
	if len(entries) == 0 {
		return os.Remove(work) == nil, ""
	}
	if st, err := os.Lstat(filepath.Join(work, stagingMarker)); err != nil {
		return false, "it has no " + stagingMarker + " marker, so it may not be ecspack's"
	} else if !st.Mode().IsRegular() {
		return false, "its marker is not a regular file"
	}
	// Checked with Lstat first: a FIFO in its place would block a plain open.
	f, err := os.Open(filepath.Join(work, stagingMarker))
	if err != nil {
		return false, "its marker cannot be read"
	}
	defer f.Close()
	want := markerText(abs)
	got := make([]byte, len(want)+1)
	n, _ := io.ReadFull(f, got)
	if string(got[:n]) != want {
		return false, "its marker names another output directory"
	}
	if err := lockFile(f, true); err != nil {
		if errors.Is(err, errors.ErrUnsupported) {
			return false, "file locks are not available here to tell whether its build still runs"
		}
		return false, "" // a build that is running right now
	}
	old := filepath.Join(work, "old")
	if _, err := os.Lstat(old); err == nil {
		if _, err := os.Lstat(outDir); errors.Is(err, os.ErrNotExist) {
			if err := os.Rename(old, outDir); err != nil {
				return false, "it holds the previous " + outDir + " and putting it back failed: " + err.Error()
			}
		}
	}
	removeWork(work)
	return true, ""
}
