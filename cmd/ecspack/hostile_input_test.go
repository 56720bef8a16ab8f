package main

import (
	"bytes"
	"context"
	"errors"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// minimalCasefile is the evidence package's smallest valid casefile.
const minimalCasefile = "../../evidence/testdata/minimal"

// secretLine is the first line of the file outside the casefile that the
// hostile casefiles try to reach; no output and no error may show it.
const secretLine = "root:x:0:0:SECRET-OUTSIDE-THE-CASEFILE"

// TestHostileInputsRefusedByTheCLI runs the real binary on casefiles with
// one hostile input each (issue 14): FIFOs in place of every kind of input,
// a 5 GB sparse attachment, SOP and price files or folders linking out of
// the casefile, a hard link to a file outside, an override template that
// would run without end. Each must exit 2 naming the file (or succeed
// within limits), leave OUTDIR byte for byte as it was, leave no staging
// folder, and print nothing of the file outside. A hang would be a FIFO
// opened for reading: every run has a deadline as a hang guard (it kills
// the process; the time is not asserted).
func TestHostileInputsRefusedByTheCLI(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "ecspack")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, tt := range hostileCases() {
		t.Run(tt.name, func(t *testing.T) { runHostileCase(t, bin, tt) })
	}
}

// hostileCase is one hostile input and what the build must say about it.
type hostileCase struct {
	name string
	// setup breaks the casefile cf; outside is a folder beside it
	// holding "secret" (starting with secretLine). It returns extra
	// arguments for the build.
	setup func(t *testing.T, cf, outside, outDir string) []string
	// code is the exit code; wants are in stderr ("CF" is the casefile).
	code  int
	wants []string
}

// hostileSOPFile is the SOP template the SOP cases replace.
const hostileSOPFile = "acct-001-account-governance.md.tmpl"

// hostileCases are TestHostileInputsRefusedByTheCLI's inputs, one each.
func hostileCases() []hostileCase {
	return append(hostilePipeCases(), hostileLinkCases()...)
}

// hostilePipeCases: a huge sparse file, FIFOs and a directory in place of
// every kind of input.
func hostilePipeCases() []hostileCase {
	return []hostileCase{
		{"5 GB sparse attachment", func(t *testing.T, cf, _, _ string) []string {
			f, err := os.Create(filepath.Join(cf, "cs-a", "attachments", "wafr.pdf"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if err := f.Truncate(5 << 30); err != nil {
				t.Skipf("no sparse files here: %v", err)
			}
			writeAnswer(t, cf, "attachments:\n  - attachments/wafr.pdf\n", "See the report.\n")
			return nil
		}, 2, []string{"CF/cs-a/answers/ECS-001.md:3", "attachments/wafr.pdf", "larger than the 256 MiB", "5 GiB"}},
		{"FIFO as an answer", func(t *testing.T, cf, _, _ string) []string {
			mkfifoOrSkip(t, filepath.Join(cf, "cs-a", "answers", "ECS-001.md"))
			return nil
		}, 2, []string{"CF/cs-a/answers/ECS-001.md", "named pipe (FIFO)"}},
		{"FIFO as an inventory", func(t *testing.T, cf, _, _ string) []string {
			mkfifoOrSkip(t, filepath.Join(cf, "cs-a", "inventory.json"))
			return nil
		}, 2, []string{"CF/cs-a/case.yaml:9", "CF/cs-a/inventory.json", "named pipe (FIFO)"}},
		{"FIFO as ecspack.yaml", func(t *testing.T, cf, _, _ string) []string {
			mkfifoOrSkip(t, filepath.Join(cf, "ecspack.yaml"))
			return nil
		}, 2, []string{"CF/ecspack.yaml", "named pipe (FIFO)"}},
		{"FIFO as case.yaml", func(t *testing.T, cf, _, _ string) []string {
			mkfifoOrSkip(t, filepath.Join(cf, "cs-a", "case.yaml"))
			return nil
		}, 2, []string{"CF/cs-a/case.yaml", "named pipe (FIFO)"}},
		{"a directory as an answer", func(t *testing.T, cf, _, _ string) []string {
			os.Remove(filepath.Join(cf, "cs-a", "answers", "ECS-001.md"))
			if err := os.Mkdir(filepath.Join(cf, "cs-a", "answers", "ECS-001.md"), 0o755); err != nil {
				t.Fatal(err)
			}
			return nil
		}, 2, []string{"CF/cs-a/answers/ECS-001.md", "is a directory"}},
		{"FIFO as a Markdown image", func(t *testing.T, cf, _, _ string) []string {
			mkfifoOrSkip(t, filepath.Join(cf, "cs-a", "attachments", "diagram.png"))
			writeAnswer(t, cf, "", "Everything runs on ECS.\n\n![the estate](attachments/diagram.png)\n")
			return nil
		}, 2, []string{"CF/cs-a/answers/ECS-001.md", "attachments/diagram.png", "named pipe (FIFO)"}},
		{"FIFO as the casefile's price table", func(t *testing.T, cf, _, _ string) []string {
			mkfifoOrSkip(t, filepath.Join(cf, "prices.yaml"))
			appendFile(t, filepath.Join(cf, "ecspack.yaml"), "prices: prices.yaml\n")
			return nil
		}, 2, []string{"CF/ecspack.yaml:12", `prices "prices.yaml"`, "named pipe (FIFO)"}},
		{"FIFO as --prices", func(t *testing.T, _, outside, _ string) []string {
			mkfifoOrSkip(t, filepath.Join(outside, "prices.yaml"))
			return []string{"--prices", filepath.Join(outside, "prices.yaml")}
		}, 2, []string{"OUTSIDE/prices.yaml", "named pipe (FIFO)"}},
		{"FIFO as a SOP template", func(t *testing.T, cf, _, _ string) []string {
			mkfifoOrSkip(t, filepath.Join(cf, "sops", hostileSOPFile))
			appendFile(t, filepath.Join(cf, "ecspack.yaml"), "sops: sops\n")
			return nil
		}, 2, []string{"CF/sops/" + hostileSOPFile, "named pipe (FIFO)"}},
		{"FIFO as the redaction map", func(t *testing.T, _, _, outDir string) []string {
			mkfifoOrSkip(t, outDir+".redaction-map.json")
			return []string{"--redact"}
		}, 2, []string{"OUT.redaction-map.json", "named pipe (FIFO)"}},
		{"FIFO as --inventory", func(t *testing.T, _, outside, _ string) []string {
			mkfifoOrSkip(t, filepath.Join(outside, "estate.json"))
			return []string{"--inventory", filepath.Join(outside, "estate.json")}
		}, 2, []string{"OUTSIDE/estate.json", "named pipe (FIFO)"}},
	}
}

// hostileLinkCases: SOP templates that never end, and SOP, price, answer and
// attachment files or folders that lead outside the casefile.
func hostileLinkCases() []hostileCase {
	return []hostileCase{
		{"SOP template that never ends", func(t *testing.T, cf, _, _ string) []string {
			writeFile(t, filepath.Join(cf, "sops", hostileSOPFile), "# Governance\n\n{{range 1000000000}}{{end}}\n")
			appendFile(t, filepath.Join(cf, "ecspack.yaml"), "sops: sops\n")
			return nil
		}, 2, []string{"CF/sops/" + hostileSOPFile + ":3:", "more than 500000 loop iterations"}},
		{"SOP template whose output never ends", func(t *testing.T, cf, _, _ string) []string {
			writeFile(t, filepath.Join(cf, "sops", hostileSOPFile), "# Governance\n{{define \"a\"}}"+strings.Repeat("words ", 300)+"{{template \"a\" .}}{{template \"a\" .}}{{end}}\n{{template \"a\" .}}\n")
			appendFile(t, filepath.Join(cf, "ecspack.yaml"), "sops: sops\n")
			return nil
		}, 2, []string{"CF/sops/" + hostileSOPFile + ":2", "output passed 8 MiB"}},
		{"SOP template linked to /etc/passwd", func(t *testing.T, cf, _, _ string) []string {
			symlinkOrSkip(t, "/etc/passwd", filepath.Join(cf, "sops", hostileSOPFile))
			appendFile(t, filepath.Join(cf, "ecspack.yaml"), "sops: sops\n")
			return nil
		}, 2, []string{"CF/sops/" + hostileSOPFile, "leads outside"}},
		{"SOP template linked to a file outside", func(t *testing.T, cf, outside, _ string) []string {
			symlinkOrSkip(t, filepath.Join(outside, "secret"), filepath.Join(cf, "sops", hostileSOPFile))
			appendFile(t, filepath.Join(cf, "ecspack.yaml"), "sops: sops\n")
			return nil
		}, 2, []string{"CF/sops/" + hostileSOPFile, "leads outside"}},
		{"SOP folder linked to /etc", func(t *testing.T, cf, _, _ string) []string {
			symlinkOrSkip(t, "/etc", filepath.Join(cf, "sops"))
			appendFile(t, filepath.Join(cf, "ecspack.yaml"), "sops: sops\n")
			return nil
		}, 2, []string{"CF/ecspack.yaml:12", `sops "sops" is a symbolic link to a directory outside the casefile`}},
		{"SOP folder linked to a folder outside", func(t *testing.T, cf, outside, _ string) []string {
			if err := os.Symlink("secret", filepath.Join(outside, hostileSOPFile)); err != nil {
				t.Fatal(err)
			}
			symlinkOrSkip(t, outside, filepath.Join(cf, "sops"))
			appendFile(t, filepath.Join(cf, "ecspack.yaml"), "sops: sops\n")
			return nil
		}, 2, []string{"CF/ecspack.yaml:12", "outside the casefile"}},
		{"prices linked to a file outside", func(t *testing.T, cf, outside, _ string) []string {
			symlinkOrSkip(t, filepath.Join(outside, "secret"), filepath.Join(cf, "prices.yaml"))
			appendFile(t, filepath.Join(cf, "ecspack.yaml"), "prices: prices.yaml\n")
			return nil
		}, 2, []string{"CF/ecspack.yaml:12", `prices "prices.yaml"`, "leads outside"}},
		{"prices linked to /etc/passwd", func(t *testing.T, cf, _, _ string) []string {
			symlinkOrSkip(t, "/etc/passwd", filepath.Join(cf, "prices.yaml"))
			appendFile(t, filepath.Join(cf, "ecspack.yaml"), "prices: prices.yaml\n")
			return nil
		}, 2, []string{"CF/ecspack.yaml:12", "leads outside"}},
		{"attachment hard-linked to a file outside", func(t *testing.T, cf, outside, _ string) []string {
			if err := os.Link(filepath.Join(outside, "secret"), filepath.Join(cf, "cs-a", "attachments", "passwd.txt")); err != nil {
				t.Skipf("no hard links here: %v", err)
			}
			writeAnswer(t, cf, "attachments:\n  - attachments/passwd.txt\n", "See the file.\n")
			return nil
		}, 2, []string{"CF/cs-a/answers/ECS-001.md:3", "attachments/passwd.txt", "has 2 hard links", "replace it with a copy"}},
		{"answer hard-linked to a file outside", func(t *testing.T, cf, outside, _ string) []string {
			os.Remove(filepath.Join(cf, "cs-a", "answers", "ECS-001.md"))
			if err := os.Link(filepath.Join(outside, "secret"), filepath.Join(cf, "cs-a", "answers", "ECS-001.md")); err != nil {
				t.Skipf("no hard links here: %v", err)
			}
			return nil
		}, 2, []string{"CF/cs-a/answers/ECS-001.md", "has 2 hard links"}},
	}
}

// runHostileCase builds the minimal casefile broken by tt.setup over a
// previous package, with a deadline as a hang guard, and checks the exit
// code, the message, that nothing of the file outside is shown, that OUTDIR
// is unchanged and that no staging folder is left.
func runHostileCase(t *testing.T, bin string, tt hostileCase) {
	work := t.TempDir()
	cf, outside, outDir := filepath.Join(work, "casefile"), filepath.Join(work, "outside"), filepath.Join(work, "OUT")
	if err := os.CopyFS(cf, os.DirFS(minimalCasefile)); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(outside, "secret"), secretLine+"\nsecond line\n")
	// The previous package, which a failed build must leave alone.
	writeFile(t, filepath.Join(outDir, "submission.pdf"), "previous package")
	writeFile(t, filepath.Join(outDir, "runbooks", "cs-a.pdf"), "previous runbook")
	// Its manifest makes it one ecspack wrote, which a build may
	// replace: otherwise the output guard refuses OUTDIR first and
	// the inputs checked after it (--prices, SOP templates) are
	// never reached.
	writeFile(t, filepath.Join(outDir, "manifest.json"), `{"tool":"ecspack","outputs":[{"path":"submission.pdf"},{"path":"runbooks/cs-a.pdf"}]}`)
	before := sumTree(t, outDir)

	extra := tt.setup(t, cf, outside, outDir)
	args := append([]string{"build", cf, "-o", outDir}, extra...)
	if slices.Contains(extra, "--inventory") {
		args = append([]string{"build", "-o", outDir}, extra...) // instead of the casefile
	}
	// Hang guard only: a FIFO opened for reading would block forever.
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("ecspack %s hung (killed by the hang guard)", strings.Join(args, " "))
	}
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	got := stderr.String()
	if code != tt.code {
		t.Errorf("exit %d, want %d; output:\n%s", code, tt.code, got)
	}
	for _, w := range tt.wants {
		w = strings.NewReplacer("CF/", cf+"/", "OUTSIDE/", outside+"/", "OUT.", outDir+".").Replace(w)
		if !strings.Contains(got, w) {
			t.Errorf("output does not say %q:\n%s", w, got)
		}
	}
	if strings.Contains(got, "SECRET-OUTSIDE") || strings.Contains(got, "root:x:0:0:root") {
		t.Errorf("output shows the content of a file outside the casefile:\n%s", got)
	}
	if after := sumTree(t, outDir); !maps.Equal(before, after) {
		t.Errorf("OUTDIR changed: %v, was %v", after, before)
	}
	entries, _ := os.ReadDir(work)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") || strings.Contains(e.Name(), ".old-") {
			t.Errorf("staging folder left behind: %s", e.Name())
		}
	}
}

// mkfifoOrSkip replaces path by a named pipe, skipping where there are none.
func mkfifoOrSkip(t *testing.T, path string) {
	t.Helper()
	os.Remove(path)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
}

// symlinkOrSkip replaces link by a symbolic link to target, skipping where
// there are none.
func symlinkOrSkip(t *testing.T, target, link string) {
	t.Helper()
	os.RemoveAll(link)
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
}

// writeAnswer rewrites the casefile's ECS-001 answer with the given front
// matter and body.
func writeAnswer(t *testing.T, cf, front, body string) {
	t.Helper()
	writeFile(t, filepath.Join(cf, "cs-a", "answers", "ECS-001.md"), "---\n"+front+"---\n"+body)
}

// appendFile appends text to the file at path.
func appendFile(t *testing.T, path, text string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
}
