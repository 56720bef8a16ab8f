package pipeline

import (
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/evidence"
)

// leftovers lists the staging and set-aside directories a build leaves
// beside its output directory.
func leftovers(t *testing.T, parent string) []string {
	t.Helper()
	entries, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") || strings.Contains(e.Name(), ".old-") {
			out = append(out, e.Name())
		}
	}
	return out
}

// TestFailedBuildLeavesOutDir: a build that fails late — while rendering
// the reviewer PDF, after the diagrams, SOPs and workbook were written to the
// staging directory, because an answer's image points outside the casefile —
// an image evidence.Load would refuse, so it is added after loading —
// leaves the previous package byte for byte, removes its staging directory
// and writes no redaction map.
func TestFailedBuildLeavesOutDir(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the sample")
	}
	dir := filepath.Join(t.TempDir(), "casefile")
	if err := os.CopyFS(dir, os.DirFS(sampleDir)); err != nil {
		t.Fatal(err)
	}
	parent := t.TempDir()
	out := filepath.Join(parent, "out")
	build(t, dir, out, Options{})
	before := treeSums(t, out)

	cf, cat, err := evidence.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	// evidence.Load refuses such an image itself, so it is added after
	// loading: the renderer's own refusal is what makes this build fail late.
	var answer *evidence.Answer
	for _, cs := range cf.CaseStudies {
		if cs.ID == "northwind-freight" {
			answer = cs.Answers["ECS-001"]
		}
	}
	if answer == nil {
		t.Fatal("the sample has no northwind-freight ECS-001 answer")
	}
	answer.Body = append(answer.Body, "\n![escape](../../../../outside.png)\n"...)
	var stages []string
	_, err = Build(context.Background(), cf, cat, Options{OutDir: out, Progress: func(s string) {
		stages = append(stages, s)
	}})
	var ie *InputError
	if !errors.As(err, &ie) || !strings.Contains(err.Error(), "ECS-001.md") {
		t.Fatalf("got %v, want an input error naming the answer", err)
	}
	if !strings.Contains(strings.Join(stages, "\n"), "rendering submission.pdf") {
		t.Fatalf("the build failed before it wrote anything (stages %q): the test proves nothing", stages)
	}
	if after := treeSums(t, out); !maps.Equal(before, after) {
		t.Errorf("the failed build changed the output directory:\nbefore %v\nafter  %v", before, after)
	}
	if l := leftovers(t, parent); len(l) > 0 {
		t.Errorf("the failed build left %v", l)
	}
}

// TestFailingSOPOverrideIsInputError: an SOP override template that does not
// execute is the partner's input problem, named by file; a failed redacted
// build writes no redaction map.
func TestFailingSOPOverrideIsInputError(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "casefile")
	if err := os.CopyFS(dir, os.DirFS(sampleDir)); err != nil {
		t.Fatal(err)
	}
	ownSOP(t, dir, "OPE-001", "sops/ope-001-health-kpis.md.tmpl")
	if err := os.MkdirAll(filepath.Join(dir, "sops"), 0o755); err != nil {
		t.Fatal(err)
	}
	tmpl := filepath.Join(dir, "sops", "ope-001-health-kpis.md.tmpl")
	writeFile(t, tmpl, "# Health\n\n{{ .NoSuchField }}\n")
	cf, cat, err := evidence.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out")
	_, err = Build(context.Background(), cf, cat, Options{OutDir: out, Redact: true})
	var ie *InputError
	if !errors.As(err, &ie) || !strings.Contains(err.Error(), tmpl) {
		t.Fatalf("got %v, want an input error naming %s", err, tmpl)
	}
	if _, err := os.Stat(out + ".redaction-map.json"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the failed build wrote a redaction map (%v)", err)
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed first build created %s", out)
	}
}

// TestCancelledBuildLeavesOutDir: a build cancelled while it renders (the
// CLI cancels on SIGINT/SIGTERM) stops with the context's error, leaves the
// previous package and removes the staging directory it had filled.
func TestCancelledBuildLeavesOutDir(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the sample")
	}
	parent := t.TempDir()
	out := filepath.Join(parent, "out")
	build(t, sampleDir, out, Options{})
	before := treeSums(t, out)

	// Cancelled while the second case study's diagrams are drawn, and while
	// the PDF renders. (Once "installing" is reported the build completes:
	// an install half undone would be worse than a finished one.)
	for _, c := range []struct {
		at string
		n  int
	}{{"drawing diagrams", 2}, {"rendering submission.pdf", 1}} {
		t.Run(c.at, func(t *testing.T) {
			cf, cat, err := evidence.Load(sampleDir)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			staged, seen := 0, 0
			_, err = Build(ctx, cf, cat, Options{OutDir: out, Progress: func(s string) {
				if strings.HasPrefix(s, c.at) {
					seen++
				}
				if strings.HasPrefix(s, c.at) && seen == c.n {
					for _, l := range leftovers(t, parent) {
						entries, _ := os.ReadDir(filepath.Join(parent, l))
						staged += len(entries)
					}
					cancel()
				}
			}})
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("got %v, want context.Canceled", err)
			}
			if staged == 0 {
				t.Fatal("nothing was staged when the build was cancelled: the test proves nothing")
			}
			if after := treeSums(t, out); !maps.Equal(before, after) {
				t.Errorf("the cancelled build changed the output directory")
			}
			if l := leftovers(t, parent); len(l) > 0 {
				t.Errorf("the cancelled build left %v", l)
			}
		})
	}
}
