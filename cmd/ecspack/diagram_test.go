package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/inventory"
	"github.com/ecspack/ecspack/inventory/synth"
)

func runDiagram(t *testing.T, args ...string) (string, error) {
	t.Helper()
	cmd := newDiagramCmd()
	cmd.PersistentFlags().BoolP("quiet", "q", false, "")
	var stderr bytes.Buffer
	cmd.SetErr(&stderr)
	cmd.SetOut(&stderr)
	cmd.SetArgs(args)
	err := cmd.ExecuteContext(context.Background())
	return stderr.String(), err
}

func TestDiagramCommand(t *testing.T) {
	dir := t.TempDir()
	s, err := synth.Generate(synth.Options{Services: 8, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	data, err := inventory.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, "inventory.json")
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	msg, err := runDiagram(t, "--inventory", in, "-o", out)
	if err != nil {
		t.Fatalf("diagram: %v: %s", err, msg)
	}
	svg, err := os.ReadFile(filepath.Join(out, "architecture.svg"))
	if err != nil {
		t.Fatalf("no architecture.svg: %v (stderr %s)", err, msg)
	}
	if !bytes.Contains(svg, []byte("<svg")) {
		t.Error("architecture.svg is not an SVG")
	}
	if _, err := os.Stat(filepath.Join(out, "architecture.dot")); err != nil {
		t.Error(err)
	}
	// A smaller budget splits the estate into more pages.
	split := filepath.Join(dir, "split")
	if msg, err := runDiagram(t, "--inventory", in, "-o", split, "--node-budget", "20"); err != nil {
		t.Fatalf("diagram: %v: %s", err, msg)
	}
	files, _ := filepath.Glob(filepath.Join(split, "*.svg"))
	if len(files) < 2 {
		t.Errorf("--node-budget 20 wrote %d SVG files, want several pages", len(files))
	}
}

func TestDiagramCommandBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte("{\n \"schema_version\": \"1\",\n \"acounts\": []\n}"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, args := range map[string][]string{
		"missing flags": {"--inventory", bad},
		"bad snapshot":  {"--inventory", bad, "-o", filepath.Join(dir, "out")},
	} {
		_, err := runDiagram(t, args...)
		if err == nil || exitCode(err) != ExitBadInput {
			t.Errorf("%s: error %v (exit %d), want exit %d", name, err, exitCode(err), ExitBadInput)
		}
		if name == "bad snapshot" && !strings.Contains(err.Error(), "bad.json:3") {
			t.Errorf("bad snapshot: error %q does not name file:line", err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "out")); err == nil {
		t.Error("a failed run left an output directory behind")
	}
}
