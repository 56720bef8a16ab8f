package sop

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// hostileTemplates are override templates that would run without bound:
// each must stop with an error naming the override and the line where it
// was stopped. The package runs under go test's -timeout as the hang guard.
var hostileTemplates = []struct {
	name, text string
	line       string
	why        string
}{
	{"range over a huge number", "# SOP\n\n{{range 1000000000}}{{end}}\n", ":3:", "loop iterations"},
	{"range over a huge number writing", "# SOP\n\n\n{{range 1000000000}}x{{end}}\n", ":4:", "loop iterations"},
	{"nested ranges without output", "# SOP\n{{range 100000}}\n{{- range 100000}}{{end}}{{end}}\n", ":3:", "loop iterations"},
	{"self-call doubling", "# SOP\n{{define \"a\"}}{{template \"a\" .}}{{template \"a\" .}}{{end}}\n{{template \"a\" .}}\n", "", "template"},
	{"self-call doubling with text", "# SOP\n{{define \"a\"}}" + strings.Repeat("word ", 200) + "{{template \"a\" .}}{{template \"a\" .}}{{end}}\n{{template \"a\" .}}\n", ":2:", "output passed 8 MiB"},
	{"printf with a huge width in a loop", "# SOP\n\n{{range 100000}}\n{{printf \"%999999d\" 1}}{{end}}\n", ":4:", "output passed 8 MiB"},
	{"printf with a huge width in a row", "# SOP\n" + strings.Repeat("{{printf \"%999999d\" 1}}\n", 20), ":10:", "output passed 8 MiB"},
	{"block calling itself", "# SOP\n{{block \"b\" .}}{{template \"b\" .}}{{end}}\n", ":2:", "maximum template depth"},
}

func TestOverrideTemplatesAreBounded(t *testing.T) {
	for _, tc := range hostileTemplates {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			sops := filepath.Join(dir, "sops")
			if err := os.MkdirAll(sops, 0o755); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(sops, "acct-001-account-governance.md.tmpl")
			if err := os.WriteFile(path, []byte(tc.text), 0o644); err != nil {
				t.Fatal(err)
			}
			cf := minimalCasefile(dir)
			cf.SOPDir = "sops"
			_, err := Render(context.Background(), cf, richCase(), Options{})
			if err == nil {
				t.Fatal("an unbounded template rendered")
			}
			msg := err.Error()
			if !strings.Contains(msg, path+tc.line) || !strings.Contains(msg, tc.why) {
				t.Errorf("error %q: want it to name %s%s and say %q", msg, path, tc.line, tc.why)
			}
			if strings.Contains(msg, stepFunc) || strings.Contains(msg, atFunc) {
				t.Errorf("error %q shows the bounds' own functions", msg)
			}
		})
	}
}

// TestOverrideStopsWhenCancelled: an interrupt stops an override mid-loop.
func TestOverrideStopsWhenCancelled(t *testing.T) {
	dir := t.TempDir()
	sops := filepath.Join(dir, "sops")
	os.MkdirAll(sops, 0o755)
	path := filepath.Join(sops, "runbook.md.tmpl")
	if err := os.WriteFile(path, []byte("# R\n{{range 1000}}{{end}}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cf := minimalCasefile(dir)
	cf.SOPDir = "sops"
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Runbook(ctx, cf, richCase(), nil)
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), path+":1:") {
		t.Fatalf("err = %v, want a cancellation naming %s:1", err, path)
	}
}

// TestBoundedOverrideMatchesPlainExecution: within its bounds an override
// renders exactly what text/template renders, instrumentation and all.
func TestBoundedOverrideMatchesPlainExecution(t *testing.T) {
	dir := t.TempDir()
	sops := filepath.Join(dir, "sops")
	os.MkdirAll(sops, 0o755)
	cf := minimalCasefile(dir)
	cf.SOPDir = "sops"
	for _, f := range TemplateFiles() {
		src, err := EmbeddedTemplate(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(sops, f), src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	embedded, err := Render(context.Background(), minimalCasefile(dir), richCase(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	overridden, err := Render(context.Background(), cf, richCase(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range embedded {
		if string(embedded[i].Markdown) != string(overridden[i].Markdown) || !strings.HasPrefix(overridden[i].Source, sops) {
			t.Errorf("%s: the bounded override differs from the embedded template (source %s)", embedded[i].ID, overridden[i].Source)
		}
	}
	rb1, err := Runbook(context.Background(), minimalCasefile(dir), richCase(), nil)
	if err != nil {
		t.Fatal(err)
	}
	rb2, err := Runbook(context.Background(), cf, richCase(), nil)
	if err != nil || string(rb1) != string(rb2) {
		t.Errorf("runbook: the bounded override differs (%v)", err)
	}
}
