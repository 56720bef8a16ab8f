package pipeline

import (
	"encoding/json"
	"errors"
	"fmt"
	"github.com/ecspack/ecspack/internal/safefile"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/ecspack/ecspack/evidence"
)

// Guard says what an output directory must never replace. Every command
// that writes a folder checks it before anything is written, because
// installing a package replaces OUTDIR as a whole: pointed at the casefile,
// an answers folder or a folder of the user's, it would delete their work.
type Guard struct {
	// Casefile is the casefile's root directory: OUTDIR may not be, contain
	// or lie inside it. Empty when there is no casefile (--inventory runs).
	Casefile string
	// Inputs are the files the output is made from (inventories, answers,
	// attachments, price tables, redaction maps): OUTDIR may not be or
	// contain any of them or the folder that holds them.
	Inputs []string
	// Force allows replacing a non-empty directory that is not a package
	// ecspack wrote. It never allows replacing the casefile, an input's
	// folder, the working directory or the home directory.
	Force bool
}

// maxManifestSize bounds the manifest.json read to recognise a package.
const maxManifestSize = 64 << 20

// CheckOutDir refuses an output directory whose replacement could destroy
// data the user did not ask to replace; the error (an *InputError) names
// the path and why. It allows a directory that does not exist, an empty one,
// and a package ecspack wrote before (recognised by its manifest.json, which
// must list every file the directory holds).
func CheckOutDir(outDir string, g Guard) error {
	refuse := func(format string, a ...any) error {
		return &InputError{Err: fmt.Errorf("output %s: "+format, append([]any{outDir}, a...)...)}
	}
	if outDir == "" {
		return refuse("expected a directory")
	}
	if st, err := os.Lstat(outDir); err == nil && st.Mode()&fs.ModeSymlink != 0 {
		return refuse("is a symbolic link: give the directory it points to, or a new one")
	}
	out, err := resolve(outDir)
	if err != nil {
		return refuse("%v", err)
	}
	if out == filepath.Dir(out) {
		return refuse("is the root of the file system")
	}
	if wd, err := os.Getwd(); err == nil {
		if wd, err := resolve(wd); err == nil && within(out, wd) {
			if out == wd {
				return refuse("is the current directory: building into it would replace everything in it; give a new directory such as out")
			}
			return refuse("contains the current directory %s: give a new directory such as out", wd)
		}
	}
	if home, err := os.UserHomeDir(); err == nil && home != "" {
		if home, err := resolve(home); err == nil && within(out, home) {
			return refuse("is or contains the home directory %s", home)
		}
	}
	casefiles := []string{g.Casefile}
	for _, in := range g.Inputs {
		// An input inside a casefile (a snapshot given with --inventory)
		// protects that casefile as a whole.
		if in != "" {
			casefiles = append(casefiles, enclosingCasefile(in))
		}
	}
	for _, c := range casefiles {
		if c == "" {
			continue
		}
		cf, err := resolve(c)
		if err != nil {
			return refuse("%v", err)
		}
		switch {
		case out == cf:
			return refuse("is the casefile %s: the package would replace it", c)
		case within(out, cf):
			return refuse("contains the casefile %s: the package would replace it", c)
		case within(cf, out):
			return refuse("lies inside the casefile %s: write the output outside it, e.g. next to it", c)
		}
	}
	for _, in := range g.Inputs {
		if in == "" {
			continue
		}
		p, err := resolve(in)
		if err != nil {
			continue // an input that does not exist cannot be destroyed
		}
		// Containing the file covers being (or containing) its folder.
		if within(out, p) {
			return refuse("is or contains the folder of the input %s: the output would replace it", in)
		}
	}
	st, err := os.Stat(out)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return &OutputError{fmt.Errorf("output %s: %w", outDir, err)}
	}
	if !st.IsDir() {
		return refuse("exists and is not a directory")
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		return &OutputError{fmt.Errorf("output %s: %w", outDir, err)}
	}
	if len(entries) == 0 {
		return nil
	}
	why := notPackage(out)
	if why == "" || g.Force {
		return nil
	}
	return refuse("exists, is not empty and is not a package ecspack wrote (%s); give a new or empty directory, or --force to replace everything in it", why)
}

// manifestHead is the part of manifest.json that identifies a package.
type manifestHead struct {
	Tool    string    `json:"tool"`
	Outputs []FileSum `json:"outputs"`
}

// notPackage returns why dir is not a package ecspack wrote, or "" when it
// is: its manifest.json names ecspack as the tool and lists every other file
// the directory holds. Anything else in it — a file the user added, a
// symbolic link — is the user's and would be lost.
func notPackage(dir string) string {
	p := filepath.Join(dir, "manifest.json")
	if st, err := os.Lstat(p); err != nil {
		return "it has no manifest.json"
	} else if !st.Mode().IsRegular() {
		return "its manifest.json is not a regular file"
	}
	f, err := safefile.Open(p, maxManifestSize)
	if err != nil {
		return "its manifest.json is not a regular file"
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxManifestSize+1))
	if err != nil || len(data) > maxManifestSize {
		return "its manifest.json cannot be read"
	}
	var m manifestHead
	if err := json.Unmarshal(data, &m); err != nil || m.Tool != "ecspack" {
		return "its manifest.json was not written by ecspack"
	}
	listed := map[string]bool{"manifest.json": true}
	for _, o := range m.Outputs {
		listed[o.Path] = true
	}
	var foreign string
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if !d.Type().IsRegular() || !listed[rel] {
			foreign = rel
			return fs.SkipAll
		}
		return nil
	})
	if err != nil {
		return "it cannot be read: " + err.Error()
	}
	if foreign != "" {
		return "it holds " + foreign + ", which its manifest.json does not list"
	}
	return ""
}

// enclosingCasefile returns the nearest folder at or above the file in
// that holds an ecspack.yaml, or "".
func enclosingCasefile(in string) string {
	p, err := resolve(in)
	if err != nil {
		return ""
	}
	for dir := filepath.Dir(p); ; dir = filepath.Dir(dir) {
		if st, err := os.Stat(filepath.Join(dir, casefileName)); err == nil && st.Mode().IsRegular() {
			return dir
		}
		if dir == filepath.Dir(dir) {
			return ""
		}
	}
}

// casefileName is evidence.FileName, the file that makes a folder a casefile.
const casefileName = evidence.FileName

// resolve returns p absolute and clean with every symbolic link in its
// longest existing prefix resolved, so that two names of one folder compare
// equal whether or not the folder exists yet.
func resolve(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	rest := ""
	for cur := abs; ; {
		if r, err := filepath.EvalSymlinks(cur); err == nil {
			return filepath.Join(r, rest), nil
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(cur), rest)
		cur = parent
	}
}

// within reports whether path p is dir or lies inside it (both resolved).
func within(dir, p string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && (rel == "." || filepath.IsLocal(rel))
}
