package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRedactFlags: diagram --redact leaves no account id or address of the
// snapshot in the SVG and DOT files and writes the map beside, not inside,
// the output; a map inside the output is refused with exit code 2.
func TestRedactFlags(t *testing.T) {
	in := filepath.Join(sampleDir, "case-studies", "northwind-freight", "inventory.json")
	raw, err := os.ReadFile(in)
	if err != nil {
		t.Fatal(err)
	}
	const account, addr = "111122223333", "10.40." // the sample's account and VPC range
	if !bytes.Contains(raw, []byte(account)) || !bytes.Contains(raw, []byte(addr)) {
		t.Fatalf("the sample's snapshot no longer holds %s and %s", account, addr)
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "diagrams")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"diagram", "-q", "--inventory", in, "--redact", "-o", out}, &stdout, &stderr); code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	files, _ := filepath.Glob(filepath.Join(out, "*"))
	if len(files) < 2 {
		t.Fatalf("wrote %v", files)
	}
	for _, f := range files {
		b, _ := os.ReadFile(f)
		for _, v := range []string{account, addr} {
			if bytes.Contains(b, []byte(v)) {
				t.Errorf("%s still contains %s", f, v)
			}
		}
	}
	m, err := os.ReadFile(out + ".redaction-map.json")
	if err != nil || !bytes.Contains(m, []byte(account)) {
		t.Errorf("no map beside the output naming %s (%v)", account, err)
	}

	stderr.Reset()
	code := run([]string{"diagram", "-q", "--inventory", in, "--redact", "--redaction-map", filepath.Join(out, "map.json"), "-o", out}, &stdout, &stderr)
	if code != ExitBadInput || !strings.Contains(stderr.String(), "inside") {
		t.Errorf("map inside the output: exit %d, %q; want %d", code, stderr.String(), ExitBadInput)
	}
	stderr.Reset()
	code = run([]string{"build", "-q", sampleDir, "--redact", "--redaction-map", filepath.Join(dir, "pkg", "map.json"), "-o", filepath.Join(dir, "pkg")}, &stdout, &stderr)
	if code != ExitBadInput || !strings.Contains(stderr.String(), "inside the output directory") {
		t.Errorf("build with the map inside OUTDIR: exit %d, %q; want %d", code, stderr.String(), ExitBadInput)
	}
}
