package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/internal/testkit/readback"
)

// envCanary is planted as every environment variable's value in an aws CLI
// describe-task-definition output; it must appear in no document.
const envCanary = "CANARY-ENV-7f3a9c1e-never-printed"

// TestImportedTaskDefinitionPrintsNoEnvironmentValue (issue 17): aws CLI
// outputs whose task definition carries an environment value are imported
// and built; the reviewer PDF shows the example task definition with the
// variable's name and secrets by reference, and the value appears in no PDF
// of the package.
func TestImportedTaskDefinitionPrintsNoEnvironmentValue(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end import and build")
	}
	dir := t.TempDir()
	folder := filepath.Join(dir, "collected")
	if err := os.CopyFS(folder, os.DirFS("../../discover/testdata/awscli")); err != nil {
		t.Fatal(err)
	}
	tdFile := filepath.Join(folder, "eu-west-1", "ecs", "describe-task-definition.json")
	b, err := os.ReadFile(tdFile)
	if err != nil {
		t.Fatal(err)
	}
	// The fixture's task definition becomes the one its service runs, so
	// that it is the example the reviewer PDF prints.
	planted := strings.NewReplacer(`"value": "password"`, `"value": "`+envCanary+`"`,
		"arn:aws:ecs:us-east-1:012345678910:task-definition/hello_world:8", "arn:aws:ecs:us-west-2:123456789012:task-definition/amazon-ecs-sample:1",
		`"family": "hello_world"`, `"family": "amazon-ecs-sample"`, `"revision": 8`, `"revision": 1`).Replace(string(b))
	if !strings.Contains(planted, envCanary) || !strings.Contains(planted, "amazon-ecs-sample:1") {
		t.Fatal("fixture changed: no environment value to plant the canary in")
	}
	writeFile(t, tdFile, planted)
	snap := filepath.Join(dir, "snap.json")
	if code, _, stderr := runCLI(t, "import", folder, "-o", snap); code != 0 {
		t.Fatalf("import: exit %d\n%s", code, stderr)
	}
	out := filepath.Join(dir, "out")
	if code, _, stderr := runCLI(t, "build", "--inventory", snap, "-o", out); code > 1 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	pdfs, err := filepath.Glob(filepath.Join(out, "*.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	more, _ := filepath.Glob(filepath.Join(out, "runbooks", "*.pdf"))
	pdfs = append(pdfs, more...)
	if len(pdfs) < 2 {
		t.Fatalf("built %d PDFs, want the submission and a runbook", len(pdfs))
	}
	for _, p := range pdfs {
		text := readback.Text(t, p)
		if strings.Contains(strings.Join(strings.Fields(text), ""), envCanary) {
			t.Errorf("%s prints the planted environment value", filepath.Base(p))
		}
		if filepath.Base(p) != "submission.pdf" {
			continue
		}
		for _, want := range []string{"containerDefinitions", "MYSQL_ROOT_PASSWORD", "keeps variable names only"} {
			if !strings.Contains(text, want) {
				t.Errorf("submission.pdf lacks %q: the example task definition is not shown", want)
			}
		}
	}
}
