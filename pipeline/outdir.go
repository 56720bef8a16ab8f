package pipeline

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
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
type staging struct {
	dir    string // the temporary directory
	outDir string // the final destination
	files  []string
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
		return nil, fmt.Errorf("output %s exists and is not a directory", outDir)
	}
	dir, err := os.MkdirTemp(parent, "."+filepath.Base(outDir)+".tmp-")
	if err != nil {
		return nil, &OutputError{fmt.Errorf("creating a temporary directory beside %s: %w", outDir, err)}
	}
	return &staging{dir: dir, outDir: outDir}, nil
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
// existing output directory is first moved aside, then removed once the new
// one is in place; if the second rename fails the old one is put back.
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
	if _, err := os.Stat(s.outDir); err == nil {
		aside = filepath.Join(filepath.Dir(s.outDir), "."+filepath.Base(s.outDir)+".old-"+randomSuffix())
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
	if aside != "" {
		if err := os.RemoveAll(aside); err != nil {
			return fmt.Errorf("removing the previous output at %s: %w", aside, err)
		}
	}
	return nil
}

// discard removes the staging directory; safe to call after commit.
func (s *staging) discard() {
	if s != nil && strings.Contains(filepath.Base(s.dir), ".tmp-") {
		os.RemoveAll(s.dir)
	}
}

func randomSuffix() string {
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "x"
	}
	return hex.EncodeToString(b[:])
}
