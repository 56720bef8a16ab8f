package pipeline

import (
	"context"
	"encoding/json"
	"maps"
	"path/filepath"
	"slices"

	"github.com/ecspack/ecspack/redact"
)

// DirOptions configure WriteDir.
type DirOptions struct {
	// Guard is what the directory must not replace.
	Guard Guard
	// ToolVersion is recorded in the directory's manifest.json.
	ToolVersion string
	// Redactor, when set, has its map written to MapPath before the
	// directory is replaced, so that a failure leaves the directory untouched.
	Redactor *redact.Redactor
	MapPath  string
	// Progress receives a line about each stale staging directory removed; nil for silence.
	Progress func(string)
}

// WriteDir writes files (paths relative to outDir) as a new outDir, with a
// manifest.json listing them, by the same rules as a package: the guard is
// checked first, stale staging directories of killed runs are removed, and
// outDir is replaced in one rename only once everything was written. It is
// how commands other than build (diagram -o) write a folder.
func WriteDir(ctx context.Context, outDir string, files map[string][]byte, opts DirOptions) error {
	progress := opts.Progress
	if progress == nil {
		progress = func(string) {}
	}
	if err := CheckOutDir(outDir, opts.Guard); err != nil {
		return err
	}
	cleanStale(outDir, progress)
	st, err := newStaging(outDir)
	if err != nil {
		return err
	}
	defer st.discard()
	m := dirManifest{Tool: "ecspack", ToolVersion: opts.ToolVersion, Outputs: []FileSum{}}
	for _, rel := range slices.Sorted(maps.Keys(files)) {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := st.write(rel, files[rel]); err != nil {
			return err
		}
		m.Outputs = append(m.Outputs, sumBytes(filepath.ToSlash(rel), files[rel]))
	}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	data = append(data, '\n')
	if err := st.write("manifest.json", data); err != nil {
		return err
	}
	var pending *redact.PendingMap
	if opts.Redactor != nil {
		if pending, err = opts.Redactor.StageMapFile(opts.MapPath); err != nil {
			return &OutputError{err}
		}
		defer pending.Discard()
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := st.commit(); err != nil {
		return err
	}
	if pending != nil {
		if err := pending.Install(); err != nil {
			return &OutputError{err}
		}
	}
	return nil
}

// dirManifest is the manifest.json of a folder written by WriteDir: enough
// to verify its files and to recognise it as ecspack's when it is replaced.
type dirManifest struct {
	Tool        string    `json:"tool"`
	ToolVersion string    `json:"tool_version"`
	Outputs     []FileSum `json:"outputs"`
}
