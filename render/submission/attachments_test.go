package submission

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/evidence"
)

// TestCollectAttachments: which citations make an attachment (answers'
// attachments and links, case.yaml's WAFR report — cited by control ""),
// under which name, and the reason a cited file is not included — never a
// silent skip.
func TestCollectAttachments(t *testing.T) {
	root := t.TempDir()
	cs := filepath.Join(root, "case-studies", "acme")
	for _, p := range []string{"files/template.yaml", "files/notes.md", "files/wafr.md", "files/dir/x", "outside.txt"} {
		dir := cs
		if p == "outside.txt" {
			dir = root
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, p), []byte("content of "+p+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Sparse: the size is what the guard checks, before reading.
	if err := os.WriteFile(filepath.Join(cs, "files", "huge.bin"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(filepath.Join(cs, "files", "huge.bin"), evidence.MaxAttachmentSize+1<<20); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "outside.txt"), filepath.Join(cs, "files", "link.txt")); err != nil {
		t.Fatal(err)
	}
	body := "See [the notes](files/notes.md#step-2), [a folder](files/dir), [a link](files/link.txt), [a dump](files/huge.bin), " +
		"[the web](https://example.com/files/notes.md), [a control](#ECS-002), [out](../../outside.txt) and [gone](files/missing.md).\n"
	cf := &evidence.Casefile{Dir: root, CaseStudies: []*evidence.CaseStudy{
		{ID: "acme", Dir: cs, WAFR: &evidence.WAFR{Report: "files/wafr.md"}, Answers: map[string]*evidence.Answer{
			"ECS-006": {ControlID: "ECS-006", Attachments: []string{"files/template.yaml"}, Body: []byte(body)},
			"ECS-002": {ControlID: "ECS-002", Attachments: []string{"./files/template.yaml"}},
		}},
		{ID: "hidden", Dir: cs, Redact: true, Answers: map[string]*evidence.Answer{
			"ECS-006": {ControlID: "ECS-006", Attachments: []string{"files/template.yaml"}},
		}},
	}}
	as, err := CollectAttachments(context.Background(), cf)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		caseID, cited string
		name          string // Attachment.Name
		citedBy       string // controls, comma-separated
		missing       string // part of the reason; "" when included
	}{
		{"acme", "files/template.yaml", "acme/files/template.yaml", "ECS-002,ECS-006", ""},
		{"acme", "files/notes.md", "acme/files/notes.md", "ECS-006", ""},
		{"acme", "files/wafr.md", "acme/files/wafr.md", "", ""},
		{"acme", "files/dir", "acme/files/dir", "ECS-006", "is a directory"},
		{"acme", "files/link.txt", "acme/files/link.txt", "ECS-006", "symbolic link"},
		{"acme", "files/huge.bin", "acme/files/huge.bin", "ECS-006", "it is 257 MiB, over the 256 MiB limit for an attachment"},
		{"hidden", "files/template.yaml", "hidden/files/template.yaml", "ECS-006", "redacted"},
	}
	for _, tc := range tests {
		a := as.Lookup(tc.caseID, tc.cited)
		if a == nil {
			t.Errorf("%s %s: not collected", tc.caseID, tc.cited)
			continue
		}
		var by []string
		for _, c := range a.Citations {
			by = append(by, c.Control)
		}
		if a.Name() != tc.name || strings.Join(by, ",") != tc.citedBy {
			t.Errorf("%s: name %q cited by %v, want %q by %s", tc.cited, a.Name(), by, tc.name, tc.citedBy)
		}
		switch {
		case tc.missing == "" && (a.Missing != "" || string(a.Content) != "content of "+tc.cited+"\n" || len(a.SHA256) != 64):
			t.Errorf("%s: not included as it is (missing %q, %d bytes)", tc.cited, a.Missing, len(a.Content))
		case tc.missing != "" && (!strings.Contains(a.Missing, tc.missing) || a.Content != nil):
			t.Errorf("%s: missing = %q with %d bytes, want a reason with %q and no content", tc.cited, a.Missing, len(a.Content), tc.missing)
		}
	}
	if got, want := len(as.Files), len(tests); got != want {
		t.Errorf("collected %d files, want %d (web, anchor, outside and missing links are no citations)", got, want)
	}
	if a := as.LookupLink("acme", "files/notes.md#step-2"); a == nil || a.Path != "files/notes.md" {
		t.Errorf("LookupLink with a fragment = %+v", a)
	}
}
