package evidence_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/evidence"
)

// TestAWSCLIOutputsFolder: case.yaml's aws_cli_outputs names a folder inside
// the case study directory; anything else is a problem naming case.yaml,
// its line and what was expected.
func TestAWSCLIOutputsFolder(t *testing.T) {
	cases := []struct {
		name, value, msg string
		setup            func(t *testing.T, cs string)
	}{
		{"a folder", "collected", "", func(t *testing.T, cs string) {
			for _, f := range []string{"eu-north-1/ec2/describe-spot-fleet-requests.json", "eu-north-1/ecs/describe-task-definition.x.json"} {
				p := filepath.Join(cs, "collected", filepath.FromSlash(f))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte("{}"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}},
		{"outside", "../cs-b", "expected a folder inside the case study directory", nil},
		{"absolute", "/tmp", "expected a folder inside the case study directory", nil},
		{"missing", "collected", "aws_cli_outputs collected does not exist", nil},
		{"a file", "inventory.json", "aws_cli_outputs inventory.json is not a folder", nil},
		{"a link", "linked", "is a symbolic link", func(t *testing.T, cs string) {
			if err := os.Symlink(t.TempDir(), filepath.Join(cs, "linked")); err != nil {
				t.Skip("no symbolic links here:", err)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := copyMinimal(t)
			if c.setup != nil {
				c.setup(t, filepath.Join(dir, "cs-a"))
			}
			appendTo(t, dir, "cs-a/case.yaml", "aws_cli_outputs: "+c.value+"\n")
			line := strings.Count(read(t, dir, "cs-a/case.yaml"), "\n")
			cf, _, err := evidence.Load(dir)
			if c.msg == "" {
				if err != nil {
					t.Fatal(err)
				}
				if got := cf.CaseStudies[0].AWSCLIOutputs; got != c.value {
					t.Errorf("AWSCLIOutputs = %q, want %q", got, c.value)
				}
				// The manifest checksums what the PDF may print, and only that.
				in := strings.Join(cf.Inputs(), "\n")
				if !strings.Contains(in, "describe-spot-fleet-requests.json") || strings.Contains(in, "describe-task-definition") {
					t.Errorf("inputs:\n%s", in)
				}
				return
			}
			var ee *evidence.Error
			if !errors.As(err, &ee) {
				t.Fatalf("Load: %v, want a problem", err)
			}
			want := filepath.Join(dir, "cs-a", "case.yaml")
			if !slices.ContainsFunc(ee.Problems, func(p evidence.Problem) bool {
				return p.File == want && p.Line == line && strings.Contains(p.Msg, c.msg)
			}) {
				t.Errorf("no problem %s:%d containing %q; got:\n%v", want, line, c.msg, err)
			}
		})
	}
}
