package evidence_test

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/inventory"
)

// aliasBomb is a "billion laughs" document: nine levels of nine aliases,
// 9^9 strings if it were expanded, in under 1 KB.
func aliasBomb(use string) string {
	var b strings.Builder
	b.WriteString("lol: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n")
	prev := "a"
	for _, n := range []string{"b", "c", "d", "e", "f", "g", "h", "i"} {
		b.WriteString(n + ": &" + n + " [" + strings.Repeat("*"+prev+",", 8) + "*" + prev + "]\n")
		prev = n
	}
	b.WriteString(use)
	return b.String()
}

// manyAliases is a list of n aliases of one long string: small on disk,
// n times the string if each alias were copied.
func manyAliases(n int) string {
	return "tagging:\n  required: [&s " + strings.Repeat("x", 64<<10) + strings.Repeat(", *s", n) + "]\n"
}

// TestHostileInputs breaks the minimal casefile with inputs meant to exhaust
// memory or time, and expects Load to refuse each one quickly with a problem
// naming the file (and the line, where there is one).
// maxLoadAlloc bounds what loading one hostile casefile may allocate: far
// below the sizes the hostile inputs declare (a 512 MiB snapshot, an alias
// bomb), far above what the minimal casefile needs.
const maxLoadAlloc = 128 << 20

func TestHostileInputs(t *testing.T) {
	tests := []struct {
		name   string
		break_ func(t *testing.T, dir string)
		file   string
		line   int // -1: any line
		msg    string
	}{
		{
			name: "ecspack.yaml over 1 MiB",
			break_: func(t *testing.T, dir string) {
				appendTo(t, dir, "ecspack.yaml", "# "+strings.Repeat("x", evidence.MaxYAMLSize)+"\n")
			},
			file: "ecspack.yaml", line: 0, msg: "larger than 1024 KiB",
		},
		{
			name: "case.yaml over 1 MiB",
			break_: func(t *testing.T, dir string) {
				appendTo(t, dir, "cs-a/case.yaml", "# "+strings.Repeat("x", evidence.MaxYAMLSize)+"\n")
			},
			file: "cs-a/case.yaml", line: 0, msg: "larger than 1024 KiB",
		},
		{
			name: "answer over 2 MiB",
			break_: func(t *testing.T, dir string) {
				appendTo(t, dir, "cs-a/answers/ECS-001.md", strings.Repeat("x", evidence.MaxAnswerSize))
			},
			file: "cs-a/answers/ECS-001.md", line: 0, msg: "larger than 2048 KiB",
		},
		{
			name: "answer of exactly 2 MiB is accepted",
			break_: func(t *testing.T, dir string) {
				write(t, dir, "answers/1.1.md", strings.Repeat("x", evidence.MaxAnswerSize))
			},
		},
		{
			name:   "billion laughs in ecspack.yaml",
			break_: func(t *testing.T, dir string) { appendTo(t, dir, "ecspack.yaml", aliasBomb("sops: *i\n")) },
			file:   "ecspack.yaml", line: 0, msg: "aliases (*name) expand this file",
		},
		{
			name: "billion laughs in a known list",
			break_: func(t *testing.T, dir string) {
				replace(t, dir, "ecspack.yaml", "checklist:", aliasBomb("tagging:\n  required: *i\n")+"checklist:")
			},
			file: "ecspack.yaml", line: 0, msg: "aliases (*name) expand this file",
		},
		{
			name:   "100,000 aliases of a 64 KiB string",
			break_: func(t *testing.T, dir string) { appendTo(t, dir, "ecspack.yaml", manyAliases(100_000)) },
			file:   "ecspack.yaml", line: 0, msg: "aliases (*name) expand this file to more than 4096 KiB",
		},
		{
			name: "aliases of a long string in answer front matter",
			break_: func(t *testing.T, dir string) {
				write(t, dir, "cs-a/answers/ECS-001.md", "---\n"+strings.Replace(manyAliases(100), "tagging:\n  required", "references", 1)+"---\nBody.\n")
			},
			file: "cs-a/answers/ECS-001.md", line: 1, msg: "front matter: YAML aliases",
		},
		{
			name: "billion laughs in answer front matter",
			break_: func(t *testing.T, dir string) {
				write(t, dir, "cs-a/answers/ECS-001.md", "---\n"+aliasBomb("attachments: *i\n")+"---\nBody.\n")
			},
			file: "cs-a/answers/ECS-001.md", line: 1, msg: "front matter: YAML aliases",
		},
		{
			name: "deep nesting",
			break_: func(t *testing.T, dir string) {
				appendTo(t, dir, "cs-a/case.yaml", "regions: "+strings.Repeat("[", 50_000)+strings.Repeat("]", 50_000)+"\n")
			},
			file: "cs-a/case.yaml", line: -1, msg: "exceeded max depth",
		},
		{
			name: "snapshot of millions of empty services",
			break_: func(t *testing.T, dir string) {
				write(t, dir, "cs-a/inventory.json", `{"schema_version":"1","accounts":[{"id":"111122223333","regions":[{"name":"eu-north-1",`+
					`"ecs":{"clusters":[{"arn":"arn:c","name":"c","services":[`+strings.Repeat("{},", inventory.MaxObjects)+`{}]}]}}]}]}`)
			},
			file: "cs-a/inventory.json", line: -1, msg: "JSON objects",
		},
		{
			name: "snapshot over 512 MiB (sparse)",
			break_: func(t *testing.T, dir string) {
				if err := os.Truncate(filepath.Join(dir, "cs-a", "inventory.json"), inventory.MaxFileSize+1); err != nil {
					t.Fatal(err)
				}
			},
			file: "cs-a/inventory.json", line: 0, msg: "larger than 512 MiB",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyMinimal(t)
			tt.break_(t, dir)
			// Bounded work is checked by what was allocated, not by wall
			// time a busy machine stretches (a hang is go test's -timeout):
			// a refused input must not have been read or expanded whole.
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, _, err := evidence.Load(dir)
			runtime.ReadMemStats(&after)
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > maxLoadAlloc {
				t.Errorf("Load allocated %d MiB, more than %d MiB: the input was read or expanded whole", alloc>>20, maxLoadAlloc>>20)
			}
			if tt.file == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			expectProblem(t, err, dir, tt.file, tt.line, tt.msg)
		})
	}
}

// expectProblem asserts err holds a problem in file (relative to dir) at
// line (-1: any line, which must then be > 0) whose message contains msg.
func expectProblem(t *testing.T, err error, dir, file string, line int, msg string) {
	t.Helper()
	var ee *evidence.Error
	if !errors.As(err, &ee) {
		t.Fatalf("error is %T (%v), want *evidence.Error", err, err)
	}
	want := filepath.Join(dir, filepath.FromSlash(file))
	if !slices.ContainsFunc(ee.Problems, func(p evidence.Problem) bool {
		return p.File == want && (p.Line == line || line < 0 && p.Line > 0) && strings.Contains(p.Msg, msg)
	}) {
		t.Errorf("no problem %s:%d containing %q; got:\n%.2000v", file, line, msg, err)
	}
}

// TestNothingOutsideTheCasefile: attachments, answers, inventories and case
// study directories cannot make ecspack read files outside the casefile,
// whether by "..", an absolute path or a symbolic link.
func TestNothingOutsideTheCasefile(t *testing.T) {
	fx := newOutsideFixture(t)
	for _, tt := range outsideCases(fx) {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyMinimal(t)
			tt.break_(t, dir)
			_, _, err := evidence.Load(dir)
			expectProblem(t, err, dir, tt.file, tt.line, tt.msg)
		})
	}
	t.Run("images that are missing or remote are left to the PDF", func(t *testing.T) {
		dir := copyMinimal(t)
		appendTo(t, dir, "cs-a/answers/ECS-001.md", "\n![gone](attachments/gone.png) ![web](https://example.com/x.png)\n")
		if _, _, err := evidence.Load(dir); err != nil {
			t.Fatalf("a missing or remote image was refused (the PDF prints a note for it): %v", err)
		}
	})
	t.Run("symlinks inside the casefile are followed", func(t *testing.T) {
		dir := copyMinimal(t)
		if err := os.Rename(filepath.Join(dir, "cs-a", "inventory.json"), filepath.Join(dir, "shared.json")); err != nil {
			t.Fatal(err)
		}
		symlinkOrSkip(t, filepath.Join("..", "shared.json"), filepath.Join(dir, "cs-a", "inventory.json"))
		if _, _, err := evidence.Load(dir); err != nil {
			t.Fatalf("an inventory linked inside the casefile was refused: %v", err)
		}
	})
}

// outsideFixture is what lies outside the casefile for the cases to reach
// for: a folder holding secret.md, a valid inventory.json and a case study
// folder cs-out.
type outsideFixture struct {
	outside, secret string
}

// newOutsideFixture writes the outside folder in a temporary directory.
func newOutsideFixture(t *testing.T) outsideFixture {
	t.Helper()
	fx := outsideFixture{outside: t.TempDir()}
	fx.secret = filepath.Join(fx.outside, "secret.md")
	if err := os.WriteFile(fx.secret, []byte("SECRET\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	inv, err := os.ReadFile(filepath.Join("testdata", "minimal", "cs-a", "inventory.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(fx.outside, "inventory.json"), inv, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(filepath.Join(fx.outside, "cs-out"), os.DirFS(filepath.Join("testdata", "minimal", "cs-a"))); err != nil {
		t.Fatal(err)
	}
	return fx
}

// symlinkOrSkip makes a symbolic link, skipping the test where links are
// not available.
func symlinkOrSkip(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("symbolic links not available: %v", err)
	}
}

// attachments rewrites the case study's ECS-001 answer to list the given
// attachments (a YAML flow list).
func attachments(list string) func(t *testing.T, dir string) {
	return func(t *testing.T, dir string) {
		write(t, dir, "cs-a/answers/ECS-001.md", "---\n# evidence\nattachments: "+list+"\n---\nSee the attachment.\n")
	}
}

// outsideCases are TestNothingOutsideTheCasefile's cases: each reaches out
// of the casefile one way and names the problem Load must report.
func outsideCases(fx outsideFixture) []loadErrorCase {
	return []loadErrorCase{
		{"attachment with ..", attachments("[../../../../../etc/passwd]"), "cs-a/answers/ECS-001.md", 3, "no absolute paths or '..'"},
		{"attachment with .. that comes back", attachments("[attachments/../../cs-a/attachments/note.md]"), "cs-a/answers/ECS-001.md", 3, "no absolute paths or '..'"},
		{"absolute attachment", attachments("[" + fx.secret + "]"), "cs-a/answers/ECS-001.md", 3, "no absolute paths or '..'"},
		{"attachment symlink to outside", func(t *testing.T, dir string) {
			symlinkOrSkip(t, fx.secret, filepath.Join(dir, "cs-a", "attachments", "link.md"))
			attachments("[attachments/link.md]")(t, dir)
		}, "cs-a/answers/ECS-001.md", 3, "is a symbolic link"},
		{"attachment inside a symlinked directory", func(t *testing.T, dir string) {
			symlinkOrSkip(t, fx.outside, filepath.Join(dir, "cs-a", "linked"))
			attachments("[linked/secret.md]")(t, dir)
		}, "cs-a/answers/ECS-001.md", 3, "is a symbolic link"},
		{"WAFR report with ..", func(t *testing.T, dir string) {
			appendTo(t, dir, "cs-a/case.yaml", "wafr:\n  report: ../../secret.md\n")
		}, "cs-a/case.yaml", 11, "no absolute paths or '..'"},
		{"answer symlink to outside", func(t *testing.T, dir string) {
			remove(t, dir, "cs-a/answers/ECS-001.md")
			symlinkOrSkip(t, fx.secret, filepath.Join(dir, "cs-a", "answers", "ECS-001.md"))
		}, "cs-a/answers/ECS-001.md", 0, "symbolic link to a file outside the casefile"},
		{"inventory symlink to outside", func(t *testing.T, dir string) {
			remove(t, dir, "cs-a/inventory.json")
			symlinkOrSkip(t, filepath.Join(fx.outside, "inventory.json"), filepath.Join(dir, "cs-a", "inventory.json"))
		}, "cs-a/case.yaml", 9, "symbolic link to a file outside the casefile"},
		{"case study directory symlink to outside", func(t *testing.T, dir string) {
			symlinkOrSkip(t, filepath.Join(fx.outside, "cs-out"), filepath.Join(dir, "cs-out"))
			appendTo(t, dir, "ecspack.yaml", "  - cs-out\n")
		}, "ecspack.yaml", 12, "symbolic link to a directory outside the casefile"},
		{"SOP folder symlink to outside", func(t *testing.T, dir string) {
			symlinkOrSkip(t, fx.outside, filepath.Join(dir, "sops"))
			appendTo(t, dir, "ecspack.yaml", "sops: sops\n")
		}, "ecspack.yaml", 12, "symbolic link to a directory outside the casefile"},
		{"SOP template symlink to outside", func(t *testing.T, dir string) {
			os.Mkdir(filepath.Join(dir, "sops"), 0o755)
			symlinkOrSkip(t, fx.secret, filepath.Join(dir, "sops", "runbook.md.tmpl"))
			appendTo(t, dir, "ecspack.yaml", "sops: sops\n")
		}, "sops/runbook.md.tmpl", 0, "leads outside"},
		{"SOP template FIFO", func(t *testing.T, dir string) {
			os.Mkdir(filepath.Join(dir, "sops"), 0o755)
			if err := syscall.Mkfifo(filepath.Join(dir, "sops", "runbook.md.tmpl"), 0o644); err != nil {
				t.Skipf("no FIFOs: %v", err)
			}
			appendTo(t, dir, "ecspack.yaml", "sops: sops\n")
		}, "sops/runbook.md.tmpl", 0, "named pipe (FIFO)"},
		{"prices symlink to outside", func(t *testing.T, dir string) {
			symlinkOrSkip(t, fx.secret, filepath.Join(dir, "prices.yaml"))
			appendTo(t, dir, "ecspack.yaml", "prices: prices.yaml\n")
		}, "ecspack.yaml", 12, "leads outside"},
		{"answer FIFO", func(t *testing.T, dir string) {
			remove(t, dir, "cs-a/answers/ECS-001.md")
			if err := syscall.Mkfifo(filepath.Join(dir, "cs-a", "answers", "ECS-001.md"), 0o644); err != nil {
				t.Skipf("no FIFOs: %v", err)
			}
		}, "cs-a/answers/ECS-001.md", 0, "named pipe (FIFO)"},
		{"answer that is a directory", func(t *testing.T, dir string) {
			remove(t, dir, "cs-a/answers/ECS-001.md")
			if err := os.Mkdir(filepath.Join(dir, "cs-a", "answers", "ECS-001.md"), 0o755); err != nil {
				t.Fatal(err)
			}
		}, "cs-a/answers/ECS-001.md", 0, "is a directory"},
		{"partner answer that is a directory", func(t *testing.T, dir string) {
			remove(t, dir, "answers/1.1.md")
			if err := os.MkdirAll(filepath.Join(dir, "answers", "1.1.md"), 0o755); err != nil {
				t.Fatal(err)
			}
		}, "answers/1.1.md", 0, "is a directory"},
		{"SOP template that is a directory", func(t *testing.T, dir string) {
			if err := os.MkdirAll(filepath.Join(dir, "sops", "runbook.md.tmpl"), 0o755); err != nil {
				t.Fatal(err)
			}
			appendTo(t, dir, "ecspack.yaml", "sops: sops\n")
		}, "sops/runbook.md.tmpl", 0, "is a directory"},
		// Images in an answer's Markdown: check refuses what build's PDF
		// would refuse, naming the answer and the image's line (build
		// stopped while rendering, after check had said ready).
		{"image that is a FIFO", func(t *testing.T, dir string) {
			if err := syscall.Mkfifo(filepath.Join(dir, "cs-a", "attachments", "x.png"), 0o644); err != nil {
				t.Skipf("no FIFOs: %v", err)
			}
			appendTo(t, dir, "cs-a/answers/ECS-001.md", "\nSee the console:\n\n![shot](attachments/x.png)\n")
		}, "cs-a/answers/ECS-001.md", 9, "named pipe (FIFO)"},
		{"image with ..", func(t *testing.T, dir string) {
			appendTo(t, dir, "cs-a/answers/ECS-001.md", "\nSee the console:\n\n![shot](../../secret.png)\n")
		}, "cs-a/answers/ECS-001.md", 9, "outside the case study directory"},
		{"image symlink to outside", func(t *testing.T, dir string) {
			symlinkOrSkip(t, fx.secret, filepath.Join(dir, "cs-a", "attachments", "x.png"))
			appendTo(t, dir, "cs-a/answers/ECS-001.md", "\nSee the console:\n\n![shot](attachments/x.png)\n")
		}, "cs-a/answers/ECS-001.md", 9, "symbolic link"},
		{"partner answer image with an absolute path", func(t *testing.T, dir string) {
			appendTo(t, dir, "answers/1.1.md", "\n![p](/etc/passwd)\n")
		}, "answers/1.1.md", 3, "outside the casefile directory"},
		{"answer hard link to outside", func(t *testing.T, dir string) {
			remove(t, dir, "cs-a/answers/ECS-001.md")
			if err := os.Link(fx.secret, filepath.Join(dir, "cs-a", "answers", "ECS-001.md")); err != nil {
				t.Skipf("no hard links: %v", err)
			}
		}, "cs-a/answers/ECS-001.md", 0, "hard links"},
		{"attachment hard link to outside", func(t *testing.T, dir string) {
			if err := os.Link(fx.secret, filepath.Join(dir, "cs-a", "attachments", "copy.md")); err != nil {
				t.Skipf("no hard links: %v", err)
			}
			attachments("[attachments/copy.md]")(t, dir)
		}, "cs-a/answers/ECS-001.md", 3, "hard links"},
		{"inventory with ..", func(t *testing.T, dir string) {
			replace(t, dir, "cs-a/case.yaml", "  - inventory.json", "  - ../../inventory.json")
		}, "cs-a/case.yaml", 9, "expected a file inside the case study directory"},
		{"case study directory with ..", func(t *testing.T, dir string) {
			appendTo(t, dir, "ecspack.yaml", "  - ../cs-out\n")
		}, "ecspack.yaml", 12, "expected a directory inside the casefile"},
	}
}

// TestTemplateSyntaxStaysText: an answer is data; "{{ }}" in it is kept as
// written for the Markdown renderer, which prints it literally.
func TestTemplateSyntaxStaysText(t *testing.T) {
	dir := copyMinimal(t)
	body := "Our {{ .Partner.Name }} {{ template \"x\" }} {{ printf \"%s\" \"EXECUTED\" }}\n"
	write(t, dir, "cs-a/answers/ECS-001.md", "---\nreferences: [\"{{ .Secret }}\"]\n---\n"+body)
	cf, _, err := evidence.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	a := cf.CaseStudies[0].Answers["ECS-001"]
	if string(a.Body) != body || a.References[0] != "{{ .Secret }}" {
		t.Errorf("answer changed: body %q, references %q", a.Body, a.References)
	}
}
