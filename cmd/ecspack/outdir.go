package main

import (
	"errors"
	"fmt"
	"github.com/ecspack/ecspack/internal/safefile"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/ecspack/ecspack/cost"
	"github.com/ecspack/ecspack/internal/atomicfile"
	"github.com/ecspack/ecspack/pipeline"
)

// outDirRulesHelp is the paragraph of --help that says which folders a
// command refuses to replace (see pipeline.CheckOutDir).
func outDirRulesHelp(name string) string {
	return fmt.Sprintf(`-o %[1]s never replaces anything you did not ask to replace. It must be a new or
empty folder, or one ecspack wrote before (its manifest.json lists every file in
it); anything else is refused with exit code 2, naming the path and why. It may
never be, contain or lie inside the casefile, be or contain an input file or its
folder, or be or contain the current directory ('-o .'). --force replaces a
non-empty folder that ecspack did not write, only when you ask; it never
overrides the other rules. Staging folders (.%[1]s.tmp-*) that a killed run left
beside %[1]s are removed by the next run.`, name)
}

// writeFileAtomic writes data to path through a temporary file in the same
// directory, so a reader never sees a half-written file. A failure to write
// (a full disk, a read-only folder) is an output error: exit code 4.
func writeFileAtomic(path string, data []byte) error {
	if err := atomicfile.Write(path, data, 0o644); err != nil {
		return &pipeline.OutputError{Err: fmt.Errorf("writing %s: %w", path, err)}
	}
	return nil
}

// checkOutFile refuses (exit 2) an -o FILE that exists and is not of the
// kind the command writes, before any work is done: `discover -o
// case.yaml` must not replace the casefile. A file of the same kind — the
// previous snapshot, the previous price table — is replaced, as asked.
func checkOutFile(path, kind string, same func(path string) bool) error {
	st, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return &pipeline.OutputError{Err: fmt.Errorf("output %s: %w", path, err)}
	}
	switch {
	case st.IsDir():
		return badInput(fmt.Errorf("output %s is a directory: expected a file name", path))
	case !st.Mode().IsRegular():
		return badInput(fmt.Errorf("output %s exists and is not a regular file: give a new file name", path))
	case !same(path):
		return badInput(fmt.Errorf("output %s exists and is not %s: it would be replaced; give a new file name, or remove it first if it is no longer needed", path, kind))
	}
	return nil
}

// checkSnapshotOut is the -o FILE check of the commands that write an
// inventory snapshot (discover, import, synth): the flag is required, and an
// existing file must be a snapshot (see checkOutFile).
func checkSnapshotOut(path string) error {
	if path == "" {
		return badInput(errors.New("-o FILE is required"))
	}
	return checkOutFile(path, "an inventory snapshot", isSnapshotFile)
}

// isSnapshotFile reports whether path looks like an inventory snapshot:
// a JSON object whose first keys are schema_version and collection.
func isSnapshotFile(path string) bool {
	f, err := safefile.Open(path, 1<<40)
	if err != nil {
		return false // not a regular file (a FIFO would block a plain open)
	}
	defer f.Close()
	head := make([]byte, 4096)
	n, _ := io.ReadFull(f, head)
	s := strings.TrimSpace(string(head[:n]))
	return strings.HasPrefix(s, "{") && strings.Contains(s, `"schema_version"`) && strings.Contains(s, `"collection"`)
}

// isPriceTableFile reports whether path is a price table ecspack reads.
func isPriceTableFile(path string) bool {
	_, err := cost.ReadPricesFile(path)
	return err == nil
}
