package main

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/internal/testkit/mototest"
)

// treeBytes records every file, directory and link under root (hidden ones
// included) with a hash of its bytes, so a test can prove a refused command
// changed nothing at all.
func treeBytes(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			out[rel] = "link " + target
		case d.IsDir():
			out[rel] = "dir"
		case !d.Type().IsRegular():
			out[rel] = "special " + d.Type().String()
		default:
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			h := sha256.Sum256(b)
			out[rel] = hex.EncodeToString(h[:])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func diffTrees(before, after map[string]string) []string {
	var d []string
	for k, v := range before {
		if after[k] != v {
			d = append(d, "changed or removed: "+k)
		}
	}
	for k := range after {
		if _, ok := before[k]; !ok {
			d = append(d, "added: "+k)
		}
	}
	return d
}

// TestOutputNeverReplacesUserData points build and diagram at every folder
// whose replacement would destroy the user's work. Each is refused with exit
// code 2 naming the path and why, and not one byte under the test's root —
// casefile, notes, inputs, hidden files — changes.
func TestOutputNeverReplacesUserData(t *testing.T) {
	root := t.TempDir()
	proj := filepath.Join(root, "proj")
	cf := filepath.Join(proj, "cf")
	if err := os.CopyFS(cf, os.DirFS(sampleDir)); err != nil {
		t.Fatal(err)
	}
	work := filepath.Join(root, "work")
	writeFile(t, filepath.Join(work, "precious.txt"), "the user's own file\n")
	writeFile(t, filepath.Join(root, "notes", "a.txt"), "notes\n")
	inv := writeFile(t, filepath.Join(root, "data", "inv.json"), tinySnapshot)
	code, prices, errOut := runCLI(t, "prices", "--format", "yaml")
	if code != 0 {
		t.Fatalf("prices: exit %d: %s", code, errOut)
	}
	pricesFile := writeFile(t, filepath.Join(root, "tables", "prices.yaml"), prices)
	// Something that looks like a package but is not ecspack's.
	writeFile(t, filepath.Join(root, "fake", "manifest.json"), `{"tool": "other", "outputs": []}`)
	writeFile(t, filepath.Join(root, "fake", "report.pdf"), "%PDF")
	// A package of ecspack's to which the user added a file.
	writeFile(t, filepath.Join(root, "added", "manifest.json"), `{"tool": "ecspack", "outputs": [{"path": "submission.pdf"}]}`)
	writeFile(t, filepath.Join(root, "added", "submission.pdf"), "%PDF")
	writeFile(t, filepath.Join(root, "added", "my-notes.md"), "mine")
	if err := os.Symlink(filepath.Join(root, "notes"), filepath.Join(root, "notes-link")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(cf, filepath.Join(root, "cf-link")); err != nil {
		t.Fatal(err)
	}
	t.Chdir(work)
	caseInv := filepath.Join(cf, "case-studies", "northwind-freight", "inventory.json")

	tests := []struct {
		name string
		args []string
		want string
	}{
		{"the casefile", []string{"build", cf, "-o", cf}, "is the casefile"},
		{"the casefile, with --force", []string{"build", cf, "-o", cf, "--force"}, "is the casefile"},
		{"its answers folder", []string{"build", cf, "-o", filepath.Join(cf, "answers")}, "lies inside the casefile"},
		{"a new folder inside it", []string{"build", cf, "-o", filepath.Join(cf, "out")}, "lies inside the casefile"},
		{"a folder holding it", []string{"build", cf, "-o", proj}, "contains the casefile"},
		{"it through a symbolic link", []string{"build", cf, "-o", filepath.Join(root, "cf-link", "answers")}, "lies inside the casefile"},
		{"-o .", []string{"build", cf, "-o", "."}, "is the current directory"},
		{"the current directory by another name", []string{"build", cf, "-o", "../work", "--force"}, "is the current directory"},
		{"a parent of the current directory", []string{"build", cf, "-o", "..", "--force"}, "contains the current directory"},
		{"a folder of the user's", []string{"build", cf, "-o", filepath.Join(root, "notes")}, "it has no manifest.json"},
		{"a link to a folder", []string{"build", cf, "-o", filepath.Join(root, "notes-link"), "--force"}, "is a symbolic link"},
		{"another tool's manifest", []string{"build", cf, "-o", filepath.Join(root, "fake")}, "not written by ecspack"},
		{"a package the user added to", []string{"build", cf, "-o", filepath.Join(root, "added")}, "it holds my-notes.md, which its manifest.json does not list"},
		{"the --inventory file's folder", []string{"build", "--inventory", inv, "-o", filepath.Join(root, "data"), "--force"}, "is or contains the folder of the input"},
		{"the --inventory file", []string{"build", "--inventory", inv, "-o", inv}, "inv.json"},
		{"the price file's folder", []string{"build", cf, "--prices", pricesFile, "-o", filepath.Join(root, "tables"), "--force"}, "is or contains the folder of the input " + pricesFile},
		{"a snapshot's casefile (--inventory)", []string{"build", "--inventory", caseInv, "-o", filepath.Join(cf, "pkg")}, "lies inside the casefile"},
		{"diagram into the casefile", []string{"diagram", "--inventory", caseInv, "-o", filepath.Join(cf, "case-studies", "northwind-freight")}, "lies inside the casefile"},
		{"diagram into a folder of the user's", []string{"diagram", "--inventory", inv, "-o", filepath.Join(root, "notes")}, "it has no manifest.json"},
		{"diagram into the inventory's folder", []string{"diagram", "--inventory", inv, "-o", filepath.Join(root, "data"), "--force"}, "is or contains the folder of the input"},
		{"diagram -o .", []string{"diagram", "--inventory", inv, "-o", "."}, "is the current directory"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := treeBytes(t, root)
			code, _, errOut := runCLI(t, append(tc.args, "--quiet")...)
			if code != ExitBadInput {
				t.Errorf("exit %d, want %d; stderr: %s", code, ExitBadInput, errOut)
			}
			if !strings.Contains(errOut, tc.want) || !strings.Contains(errOut, "output ") {
				t.Errorf("stderr %q does not name the output and %q", errOut, tc.want)
			}
			if d := diffTrees(before, treeBytes(t, root)); len(d) > 0 {
				t.Errorf("a refused command changed files: %v", d)
			}
		})
	}
}

// TestOutputRebuildsAndForce: a package (or diagram folder) ecspack wrote is
// rebuilt in place; --force replaces a folder of the user's only when asked.
func TestOutputRebuildsAndForce(t *testing.T) {
	root := t.TempDir()
	cf := filepath.Join(root, "cf")
	if err := os.CopyFS(cf, os.DirFS(sampleDir)); err != nil {
		t.Fatal(err)
	}
	inv := writeFile(t, filepath.Join(root, "inv.json"), tinySnapshot)
	out := filepath.Join(root, "out")
	for i := range 2 {
		if code, _, errOut := runCLI(t, "build", cf, "-o", out, "--quiet"); code != 0 {
			t.Fatalf("build %d: exit %d: %s", i+1, code, errOut)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "submission.pdf")); err != nil {
		t.Fatal(err)
	}
	diags := filepath.Join(root, "diagrams")
	for i := range 2 {
		if code, _, errOut := runCLI(t, "diagram", "--inventory", inv, "-o", diags, "--quiet"); code != 0 {
			t.Fatalf("diagram %d: exit %d: %s", i+1, code, errOut)
		}
	}
	if _, err := os.Stat(filepath.Join(diags, "manifest.json")); err != nil {
		t.Fatal(err)
	}
	// An empty folder is fine without --force.
	empty := filepath.Join(root, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := runCLI(t, "build", "--inventory", inv, "-o", empty, "--quiet"); code != 0 {
		t.Fatalf("build into an empty folder: exit %d: %s", code, errOut)
	}
	notes := filepath.Join(root, "notes")
	writeFile(t, filepath.Join(notes, "a.txt"), "old")
	if code, _, errOut := runCLI(t, "build", "--inventory", inv, "-o", notes, "--force", "--quiet"); code != 0 {
		t.Fatalf("build --force: exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(notes, "a.txt")); err == nil {
		t.Error("--force kept the old folder's file")
	}
	if _, err := os.Stat(filepath.Join(notes, "manifest.json")); err != nil {
		t.Errorf("--force did not install the package: %v", err)
	}
}

// TestOutputRulesInHelp: the rules are in --help of each command that
// writes a folder.
func TestOutputRulesInHelp(t *testing.T) {
	for _, cmd := range []string{"build", "diagram"} {
		code, stdout, _ := runCLI(t, cmd, "--help")
		for _, w := range []string{"never replaces anything you did not ask to replace", "manifest.json", "'-o .'", "--force", "lie inside the casefile", ".tmp-*"} {
			if code != 0 || !strings.Contains(stdout, w) {
				t.Errorf("%s --help (exit %d) lacks %q", cmd, code, w)
			}
		}
	}
}

// TestOutputFileNeverReplacesOtherData: commands that write one file
// (discover, synth, import, prices --refresh) refuse, before any work, a
// FILE that exists and is not of their kind — the casefile, an answer —
// or is not a regular file; the previous snapshot is replaced as asked.
func TestOutputFileNeverReplacesOtherData(t *testing.T) {
	mototest.IsolateAWS(t)
	root := t.TempDir()
	cf := filepath.Join(root, "cf")
	if err := os.CopyFS(cf, os.DirFS(sampleDir)); err != nil {
		t.Fatal(err)
	}
	if err := syscallMkfifo(filepath.Join(root, "fifo")); err != nil {
		t.Fatal(err)
	}
	evidenceDir := filepath.Join(root, "evidence")
	if err := os.Mkdir(evidenceDir, 0o755); err != nil {
		t.Fatal(err)
	}
	yaml := filepath.Join(cf, "ecspack.yaml")
	answer := filepath.Join(cf, "answers", "1.1.md")
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"synth over the casefile", []string{"synth", "-o", yaml}, "is not an inventory snapshot"},
		{"discover over an answer", []string{"discover", "--region", "eu-west-1", "-o", answer}, "is not an inventory snapshot"},
		{"import over case.yaml", []string{"import", evidenceDir, "-o", filepath.Join(cf, "case-studies", "northwind-freight", "case.yaml")}, "is not an inventory snapshot"},
		{"prices --refresh over the casefile", []string{"prices", "--refresh", "--regions", "eu-west-1", "-o", yaml}, "is not a price table"},
		{"synth into a folder", []string{"synth", "-o", filepath.Join(cf, "answers")}, "is a directory"},
		{"synth into a FIFO", []string{"synth", "-o", filepath.Join(root, "fifo")}, "not a regular file"},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := treeBytes(t, root)
			code, _, errOut := runCLI(t, append(c.args, "-q")...)
			if code != ExitBadInput || !strings.Contains(errOut, c.want) {
				t.Errorf("exit %d, want %d with %q; stderr: %s", code, ExitBadInput, c.want, errOut)
			}
			if d := diffTrees(before, treeBytes(t, root)); len(d) > 0 {
				t.Errorf("a refused command changed files: %v", d)
			}
		})
	}
	snap := filepath.Join(cf, "case-studies", "northwind-freight", "inventory.json")
	if code, _, errOut := runCLI(t, "synth", "--services", "2", "-o", snap, "-q"); code != 0 {
		t.Errorf("synth over a snapshot: exit %d: %s", code, errOut)
	}
}
