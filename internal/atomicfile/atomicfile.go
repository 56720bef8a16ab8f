// Package atomicfile writes a file so that no reader ever sees it half
// written: the data goes to a temporary file beside the destination, is
// synced to disk, and is renamed into place. A failure at any step leaves
// the destination as it was and removes the temporary file.
//
// The errors are the os package's, which already name the file and the
// operation; callers add what the file is.
package atomicfile

import (
	"io/fs"
	"os"
	"path/filepath"
)

// Pending is a file written in full beside its destination but not yet in
// place. A build stages a file before it replaces its output directory, so
// that a full disk or an unwritable folder is found while the previous
// output is still untouched; Install then puts it in place with one rename.
type Pending struct{ tmp, path string }

// Stage writes data with permissions perm (exactly, whatever the umask) to a
// temporary file named ".<base>.tmp-*" in path's directory and syncs it.
// Nothing is left behind when it fails.
func Stage(path string, data []byte, perm fs.FileMode) (*Pending, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return nil, err
	}
	p := &Pending{tmp: f.Name(), path: path}
	err = f.Chmod(perm)
	if err == nil {
		_, err = f.Write(data)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		p.Discard()
		return nil, err
	}
	return p, nil
}

// Install renames the staged file into place; when the rename fails the
// staged file is removed and the destination is as it was.
func (p *Pending) Install() error {
	if err := os.Rename(p.tmp, p.path); err != nil {
		p.Discard()
		return err
	}
	p.tmp = ""
	return nil
}

// Discard removes the staged file. It is safe after Install, twice, and on
// a nil Pending, so callers can defer it.
func (p *Pending) Discard() {
	if p != nil && p.tmp != "" {
		os.Remove(p.tmp)
		p.tmp = ""
	}
}

// Write stages data and installs it at once: the file at path is either the
// old one or the new one in full, never a mixture or a truncated file.
func Write(path string, data []byte, perm fs.FileMode) error {
	p, err := Stage(path, data, perm)
	if err != nil {
		return err
	}
	return p.Install()
}
