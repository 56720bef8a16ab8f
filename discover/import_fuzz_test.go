package discover

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ecspack/ecspack/internal/testkit/fuzzguard"
	"github.com/ecspack/ecspack/inventory"
)

// importTargets are the files Import reads, relative to an import folder,
// in the order of the importer tables.
func importTargets() []string {
	var out []string
	for _, fi := range importers {
		out = append(out, filepath.Join("eu-west-1", fi.op.Service, kebab(fi.op.Name)+".json"))
	}
	for _, fi := range iamImporters {
		out = append(out, filepath.Join("iam", kebab(fi.op.Name)+".json"))
	}
	return append(out, filepath.Join("sts", "get-caller-identity.json"))
}

// FuzzImport replaces one file of the aws CLI example folder with arbitrary
// bytes and imports the folder: no panic; a malformed file is a gap naming
// the file; a snapshot that Import returns without error is valid, encodes
// and decodes again.
func FuzzImport(f *testing.F) {
	targets := importTargets()
	for i, rel := range targets {
		if b, err := os.ReadFile(filepath.Join("testdata", "awscli", rel)); err == nil {
			f.Add(b, uint16(i))
		}
	}
	for i := range targets {
		f.Add([]byte(`{}`), uint16(i))
	}
	f.Add([]byte(`{"services":[{"serviceArn":"arn:aws:ecs:eu-west-1:123456789012:service/c/s","createdAt":1e300}]}`), uint16(0))
	f.Add([]byte(`{"Account":"12"}`), uint16(len(targets)-1))
	f.Add([]byte(`[1,2,3]`), uint16(1))
	f.Add([]byte(`{"a":`+strings.Repeat("[", 20000)+strings.Repeat("]", 20000)+`}`), uint16(2))
	f.Fuzz(func(t *testing.T, data []byte, which uint16) {
		dir := filepath.Join(t.TempDir(), "import")
		if err := os.CopyFS(dir, os.DirFS(filepath.Join("testdata", "awscli"))); err != nil {
			t.Fatal(err)
		}
		target := filepath.Join(dir, targets[int(which)%len(targets)])
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(target, data, 0o644); err != nil {
			t.Fatal(err)
		}
		// A hang would stall the fuzzer without a report (see fuzzguard).
		defer fuzzguard.Hang(20*time.Second, func() string {
			return fmt.Sprintf("Import of a %d-byte %s hangs", len(data), targets[int(which)%len(targets)])
		})()
		snap, err := Import(dir, ImportOptions{Now: func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }})
		if err != nil {
			if !strings.HasPrefix(err.Error(), "import: ") {
				t.Errorf("error without context: %v", err)
			}
			return
		}
		for _, e := range snap.Collection.Errors {
			if e.Code == "MalformedFile" && !strings.Contains(e.Message, dir) {
				t.Errorf("gap does not name the file: %+v", e)
			}
		}
		b, err := inventory.Marshal(snap)
		if err != nil {
			t.Fatalf("encoding the imported snapshot: %v", err)
		}
		if _, err := inventory.Decode("imported.json", b); err != nil {
			var de *inventory.DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("decode error %T", err)
			}
			t.Fatalf("the imported snapshot does not decode: %v", err)
		}
	})
}
