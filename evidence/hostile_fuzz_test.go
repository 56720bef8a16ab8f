package evidence

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/catalog"
)

// seedFiles returns the contents of files matching the glob patterns (relative
// to the package directory), so that fuzz targets start from real inputs.
func seedFiles(f *testing.F, patterns ...string) [][]byte {
	f.Helper()
	var out [][]byte
	for _, pat := range patterns {
		names, err := filepath.Glob(pat)
		if err != nil {
			f.Fatal(err)
		}
		for _, n := range names {
			b, err := os.ReadFile(n)
			if err != nil {
				f.Fatal(err)
			}
			out = append(out, b)
		}
	}
	if len(out) == 0 {
		f.Fatalf("no seed files match %v", patterns)
	}
	return out
}

// checkProblems asserts that every problem names a file under dir and a line
// that exists in the input (0 when unknown).
func checkProblems(t *testing.T, err error, dir string, data []byte) {
	t.Helper()
	if err == nil {
		return
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error is %T, expected *evidence.Error: %v", err, err)
	}
	lines := lineCount(data)
	for _, p := range e.Problems {
		if p.File == "" || !strings.HasPrefix(p.File, dir) {
			t.Errorf("problem does not name a file of the casefile: %+v", p)
		}
		if p.Line < 0 || p.Line > lines+1 {
			t.Errorf("problem line %d outside the file's %d lines: %+v", p.Line, lines, p)
		}
		if strings.TrimSpace(p.Msg) == "" {
			t.Errorf("problem without a message: %+v", p)
		}
	}
}

// FuzzCasefileYAML decodes arbitrary ecspack.yaml contents the way Load does
// (decodeYAML then validateCasefile): no panic, and every problem names the
// file and a line of it.
func FuzzCasefileYAML(f *testing.F) {
	for _, b := range seedFiles(f, "../samples/*/ecspack.yaml") {
		f.Add(b)
	}
	f.Add([]byte("checklist: \"2025-02\"\npackage: {id: X, date: 2026-01-02}\npartner: {name: P}\ncase_studies: [a, b]\n"))
	f.Add([]byte("package:\n  date: not-a-date\ncase_studies: [../x, /abs]\nsops: ../../etc\n"))
	f.Add([]byte("a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"))
	f.Add([]byte("sops:\n  - OPE-001\n  - id: NOPE-1\n    file: ../x\n  - {id: ACCT-001, color: red}\n  - [x]\n"))
	f.Add([]byte("sops: {id: OPE-001}\n"))
	f.Add([]byte("- just\n- a list\n"))
	f.Add([]byte("a: &a [*a]\nb: &b {k: *b}\ntagging: {required: *a}\n"))
	cat, err := catalog.Load("2025-02")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		const file = "/casefile/ecspack.yaml"
		ps := &problems{}
		cf := &Casefile{Dir: "/casefile", File: file}
		root, ok := decodeYAML(file, data, cf, ps)
		if ok {
			if root == nil {
				t.Fatal("decodeYAML succeeded without a root node")
			}
			validateCasefile(cf, cat, root, ps)
		} else if len(ps.list) == 0 {
			t.Fatal("decodeYAML failed without a problem")
		}
		checkProblems(t, ps.err(), "/casefile", data)
	})
}

// FuzzCaseStudyYAML loads arbitrary case.yaml contents through loadCaseStudy,
// in a directory of its own, so that its references (inventory, attachments)
// are resolved the way Load resolves them.
func FuzzCaseStudyYAML(f *testing.F) {
	for _, b := range seedFiles(f, "../samples/*/case-studies/*/case.yaml") {
		f.Add(b)
	}
	f.Add([]byte("title: T\ncustomer: {name: C}\nproduction_date: 2026-01-02\ninventory: [inv.json]\nrto: 99999999999999d\nrpo: -1h\n"))
	f.Add([]byte("wafr: {report: ../../etc/passwd, high_risks: {security: -1}}\ninventory: [/etc/passwd, ../x.json]\n"))
	f.Add([]byte("accounts:\n  - id: 012345678901\n  - id: \"12\"\ntenants: [{isolation: medium}]\n"))
	cat := testCatalog(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		base := t.TempDir()
		dir := filepath.Join(base, "cs")
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, CaseFileName), data, 0o644); err != nil {
			t.Fatal(err)
		}
		ps := &problems{}
		cf := &Casefile{Dir: base, File: filepath.Join(base, FileName)}
		cs := loadCaseStudy(dir, cat, cf, LoadOptions{}, ps, 1)
		if cs == nil && len(ps.list) == 0 {
			t.Fatal("case study refused without a problem")
		}
		if cs != nil {
			if cs.RTO.Duration < 0 || cs.RPO.Duration < 0 {
				t.Errorf("negative recovery objective accepted: rto %v (%q), rpo %v (%q)", cs.RTO.Duration, cs.RTO.Text, cs.RPO.Duration, cs.RPO.Text)
			}
		}
		checkProblems(t, ps.err(), base, data)
	})
}

// FuzzAnswer parses arbitrary answer files: no panic; an error is a Problem
// naming the file; otherwise Body is the tail of the input and BodyLine the
// line where it starts.
func FuzzAnswer(f *testing.F) {
	for _, b := range seedFiles(f, "../samples/*/answers/*.md", "../samples/*/case-studies/*/answers/*.md") {
		f.Add(b)
	}
	f.Add([]byte("---\nattachments: [a.png]\n---\nbody {{ .Secret }}\n"))
	f.Add([]byte("\xef\xbb\xbf---\r\nnot_applicable: x\r\n---\r\n"))
	f.Add([]byte("---\nunknown: 1\n---\n"))
	f.Add([]byte("---\n"))
	f.Add([]byte("---\n---"))
	f.Fuzz(func(t *testing.T, data []byte) {
		const file = "/casefile/answers/ECS-004.md"
		a, err := parseAnswerBytes(file, "ECS-004", data)
		if err != nil {
			var p Problem
			if !errors.As(err, &p) {
				t.Fatalf("error is %T, expected a Problem: %v", err, err)
			}
			if p.File != file {
				t.Errorf("problem names %q, expected %q", p.File, file)
			}
			if lines := lineCount(data); p.Line < 0 || p.Line > lines+1 {
				t.Errorf("problem line %d outside the file's %d lines", p.Line, lines)
			}
			return
		}
		in := bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
		if !bytes.HasSuffix(in, a.Body) {
			t.Fatalf("body is not the tail of the file")
		}
		head := in[:len(in)-len(a.Body)]
		if want := 1 + bytes.Count(head, []byte{'\n'}); a.BodyLine != want {
			t.Errorf("BodyLine = %d, expected %d", a.BodyLine, want)
		}
		if a.File != file || a.ControlID != "ECS-004" {
			t.Errorf("answer names %q/%q", a.File, a.ControlID)
		}
	})
}

// testCatalog loads the checklist the samples answer.
func testCatalog(tb testing.TB) *catalog.Catalog {
	tb.Helper()
	cat, err := catalog.Load("2025-02")
	if err != nil {
		tb.Fatal(err)
	}
	return cat
}

// lineCount counts lines the way YAML does: "\n", "\r\n" and a lone "\r"
// each end a line.
func lineCount(data []byte) int {
	crlf := bytes.Count(data, []byte("\r\n"))
	return bytes.Count(data, []byte{'\n'}) + bytes.Count(data, []byte{'\r'}) - crlf + 1
}

// TestDurationDaysBound: a day count beyond what time.Duration holds is an
// error, not a duration wrapped around to a negative one (found by fuzzing).
func TestDurationDaysBound(t *testing.T) {
	tests := []struct {
		in      string
		wantErr string
	}{
		{"106751d", ""},
		{"106752d", `"106752d" is longer than 106751 days`},
		{"107000d", "longer than"},
		{"9999999999999999999d", "expected a duration"},
	}
	for _, tt := range tests {
		var d Duration
		err := d.UnmarshalText([]byte(tt.in))
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("%s: %v", tt.in, err)
		case tt.wantErr == "" && d.Duration <= 0:
			t.Errorf("%s: duration %v", tt.in, d.Duration)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("%s: error %v, expected %q (duration %v)", tt.in, err, tt.wantErr, d.Duration)
		}
	}
}
