package catalog

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/ecspack/ecspack/templates"
)

// catalogDir is where catalogs live inside templates.FS.
const catalogDir = "catalog"

// Load returns the embedded catalog of the given checklist edition (e.g.
// "2025-02"). An unknown version is an error that lists the known ones, so a
// casefile naming a wrong edition says what to write instead.
func Load(version string) (*Catalog, error) {
	return load(templates.FS, version)
}

// Versions returns the checklist editions shipped in this binary, oldest first.
func Versions() []string {
	v, err := versionsIn(templates.FS)
	if err != nil {
		// The embedded tree is fixed at build time; a missing directory means
		// there is simply no catalog.
		return nil
	}
	return v
}

// load reads and parses catalog/<version>.yaml from fsys.
func load(fsys fs.FS, version string) (*Catalog, error) {
	known, err := versionsIn(fsys)
	if err != nil {
		return nil, fmt.Errorf("list checklist versions: %w", err)
	}
	if !slices.Contains(known, version) {
		list := "none"
		if len(known) > 0 {
			list = strings.Join(known, ", ")
		}
		return nil, fmt.Errorf("unknown checklist version %q (known: %s)", version, list)
	}
	name := path.Join(catalogDir, version+".yaml")
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("read checklist %s: %w", version, err)
	}
	cat, err := Parse(name, data)
	if err != nil {
		return nil, err
	}
	if cat.Version != version {
		return nil, fmt.Errorf("%s: declares checklist %q, want %q from its file name", name, cat.Version, version)
	}
	return cat, nil
}

// versionsIn lists the catalog versions present in fsys, sorted.
func versionsIn(fsys fs.FS) ([]string, error) {
	entries, err := fs.ReadDir(fsys, catalogDir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, err
	}
	var versions []string
	for _, e := range entries {
		if v, ok := strings.CutSuffix(e.Name(), ".yaml"); ok && !e.IsDir() {
			versions = append(versions, v)
		}
	}
	slices.Sort(versions)
	return versions, nil
}
