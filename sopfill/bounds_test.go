package sopfill

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
	{"indent by billions", "# SOP\n\n{{indent 4000000000 \"a\\nb\"}}\n", ":3:", "expected 0 to 64 spaces"},
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
			cf.SOPs.Dir = "sops"
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
	cf.SOPs.Dir = "sops"
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Runbook(ctx, cf, richCase(), Options{})
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
	cf.SOPs.Dir = "sops"
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
	rb1, err := Runbook(context.Background(), minimalCasefile(dir), richCase(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	rb2, err := Runbook(context.Background(), cf, richCase(), Options{})
	if err != nil || string(rb1) != string(rb2) {
		t.Errorf("runbook: the bounded override differs (%v)", err)
	}
}

// FuzzOverrideTemplate runs arbitrary text as a partner's override template
// against the rich case study: it renders within the bounds or fails with
// an error naming the override, never panics and never runs on (the
// package's go test -timeout is the hang guard). The seeds are the hostile
// templates above and every embedded template.
func FuzzOverrideTemplate(f *testing.F) {
	for _, tc := range hostileTemplates {
		f.Add(tc.text)
	}
	for _, file := range TemplateFiles() {
		src, err := EmbeddedTemplate(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(src))
	}
	f.Add("{{range $i, $s := .Case.Services}}{{if gt $i 1}}{{break}}{{end}}{{$s.Name}}{{else}}none{{end}}")
	f.Add("{{with .Case}}{{range .Services}}{{range $.Case.Services}}{{continue}}{{end}}{{end}}{{end}}")
	f.Add(`{{printf "%0999999999d" 1}}{{printf "%.999999999f" 1.0}}`)
	f.Add("{{template \"x\"}}")
	const path = "/casefile/sops/" + RunbookFile
	data := baseData(minimalCasefile("/casefile"), richCase(), Options{})
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > MaxTemplateSize {
			return
		}
		set := &templateSet{src: map[string][]byte{RunbookFile: []byte(text)}, from: map[string]string{RunbookFile: path}}
		md, from, err := set.execute(context.Background(), RunbookFile, data)
		if from != path {
			t.Fatalf("source %q, want %q", from, path)
		}
		if err != nil {
			if !strings.Contains(err.Error(), path) {
				t.Fatalf("error %q does not name the override", err)
			}
			return
		}
		if len(md) > MaxTemplateOutput+1 {
			t.Fatalf("rendered %d bytes past the bound", len(md))
		}
	})
}
