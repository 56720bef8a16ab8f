package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// ecspackBinary builds the command into a temporary directory.
func ecspackBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "ecspack")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// runBinary runs the binary in dir and returns its exit code and stderr.
// With fsizeBlocks > 0 it runs under `ulimit -f` (512-byte blocks): every
// write past that size fails with EFBIG, the way a full disk fails writes
// with ENOSPC, through the same code paths — without root or a file system
// of its own.
func runBinary(t *testing.T, dir string, env []string, fsizeBlocks int, bin string, args ...string) (int, string) {
	t.Helper()
	var cmd *exec.Cmd
	if fsizeBlocks > 0 {
		cmd = exec.Command("sh", append([]string{"-c", `ulimit -f "$0" && exec "$@"`, strconv.Itoa(fsizeBlocks), bin}, args...)...)
	} else {
		cmd = exec.Command(bin, args...)
	}
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0, stderr.String()
	case errors.As(err, &ee):
		return ee.ExitCode(), stderr.String()
	default:
		t.Fatalf("running %s: %v", bin, err)
		return -1, ""
	}
}

// hiddenLeftovers lists the temporary files and folders a run left in dir.
func hiddenLeftovers(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			out = append(out, e.Name())
		}
	}
	return out
}

// mustRunIn runs the binary in work without a file size limit and fails
// the test unless it exits 0.
func mustRunIn(t *testing.T, bin, work string, args ...string) {
	t.Helper()
	if code, errOut := runBinary(t, work, nil, 0, bin, args...); code != 0 {
		t.Fatalf("ecspack %s: exit %d\n%s", strings.Join(args, " "), code, errOut)
	}
}

// TestFullDiskExits4 runs every command that writes output on a "disk" that
// fills up after 512 bytes (ulimit -f): each exits 4, names what it could
// not write, leaves the previous output byte for byte and no temporary file.
func TestFullDiskExits4(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := ecspackBinary(t)
	work := t.TempDir()
	mustRunIn(t, bin, work, "synth", "--services", "5", "--seed", "1", "-o", "small.json")
	mustRunIn(t, bin, work, "build", "-q", "--inventory", "small.json", "-o", "OUT")
	mustRunIn(t, bin, work, "diagram", "-q", "--inventory", "small.json", "-o", "DIAGRAMS")
	mustRunIn(t, bin, work, "synth", "--services", "3", "--seed", "2", "-o", "previous.json")

	type tc struct {
		name string
		args []string
		env  []string
		// kept is the previous output that must survive byte for byte.
		kept string
		want string
	}
	cases := []tc{
		{"synth", []string{"synth", "--services", "5", "--seed", "9", "-o", "previous.json"}, nil, "previous.json", "previous.json"},
		{"diagram -o", []string{"diagram", "-q", "--inventory", "small.json", "-o", "DIAGRAMS"}, nil, "DIAGRAMS", "file too large"},
		{"build", []string{"build", "-q", "--inventory", "small.json", "-o", "OUT"}, nil, "OUT", "file too large"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := treeBytes(t, filepath.Join(work, c.kept))
			code, errOut := runBinary(t, work, c.env, 1, bin, c.args...)
			if code != ExitFailed {
				t.Errorf("exit %d, want %d\n%s", code, ExitFailed, errOut)
			}
			if !strings.Contains(errOut, c.want) {
				t.Errorf("stderr does not name %q:\n%s", c.want, errOut)
			}
			if d := diffTrees(before, treeBytes(t, filepath.Join(work, c.kept))); len(d) > 0 {
				t.Errorf("the failed run changed %s: %v", c.kept, d)
			}
			if l := hiddenLeftovers(t, work); len(l) > 0 {
				t.Errorf("the failed run left %v", l)
			}
		})
	}

	t.Run("discover", func(t *testing.T) { checkFullDiskDiscover(t, bin, work) })

	t.Run("a killed build's staging folder is removed by the next build", func(t *testing.T) { checkKilledBuildStagingRemoved(t, bin, work) })
}

// checkFullDiskDiscover: discover against moto on the full disk exits 4 naming
// the snapshot and leaves the previous one as it was.
func checkFullDiskDiscover(t *testing.T, bin string, work string) {
	moto := sharedMoto(t)
	moto.Reset(t)
	home := t.TempDir()
	env := []string{"HOME=" + home, "AWS_CONFIG_FILE=" + filepath.Join(home, "none"), "AWS_SHARED_CREDENTIALS_FILE=" + filepath.Join(home, "none"),
		"AWS_EC2_METADATA_DISABLED=true", "AWS_ACCESS_KEY_ID=AKIAMOTOTEST", "AWS_SECRET_ACCESS_KEY=moto-secret", "AWS_REGION=eu-west-1", "AWS_PROFILE="}
	before := treeBytes(t, filepath.Join(work, "previous.json"))
	code, errOut := runBinary(t, work, env, 1, bin, "discover", "-q", "--endpoint-url", moto.URL, "--services", "ecs", "-o", "previous.json")
	t.Logf("stderr: %s", errOut)
	if code != ExitFailed || !strings.Contains(errOut, "previous.json") {
		t.Errorf("exit %d, want %d naming previous.json\n%s", code, ExitFailed, errOut)
	}
	if d := diffTrees(before, treeBytes(t, filepath.Join(work, "previous.json"))); len(d) > 0 {
		t.Errorf("the failed run changed the previous snapshot: %v", d)
	}
	if l := hiddenLeftovers(t, work); len(l) > 0 {
		t.Errorf("the failed run left %v", l)
	}
}

// checkKilledBuildStagingRemoved: a build killed by SIGKILL leaves its staging
// folder and OUT as it was; the next build removes that folder, says so, and
// leaves alone a folder of the user's that merely looks like one.
func checkKilledBuildStagingRemoved(t *testing.T, bin string, work string) {
	mustRunIn(t, bin, work, "synth", "--services", "1500", "--seed", "7", "-o", "big.json")
	before := treeBytes(t, filepath.Join(work, "OUT"))
	cmd := exec.Command(bin, "build", "-q", "--inventory", "big.json", "-o", "OUT")
	cmd.Dir = work
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait until the build has created its staging folder and started
	// writing into it, then kill it as the OOM killer would. No
	// wall-clock cap: the poll ends when the folder appears or the
	// build ends, and go test's -timeout bounds the rest.
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	var staging string
poll:
	for staging == "" {
		m, _ := filepath.Glob(filepath.Join(work, ".OUT.tmp-*", "pkg", "*"))
		if len(m) > 0 {
			staging = filepath.Dir(filepath.Dir(m[0]))
			break
		}
		select {
		case <-exited:
			break poll
		case <-time.After(20 * time.Millisecond):
		}
	}
	cmd.Process.Signal(syscall.SIGKILL)
	<-exited
	if staging == "" {
		t.Fatal("the build never wrote into a staging folder")
	}
	if _, err := os.Stat(staging); err != nil {
		t.Fatalf("SIGKILL left no staging folder (%v): the test proves nothing", err)
	}
	if d := diffTrees(before, treeBytes(t, filepath.Join(work, "OUT"))); len(d) > 0 {
		t.Errorf("the killed build changed OUT: %v", d)
	}
	// A folder of the user's that merely looks like one is left alone.
	writeFile(t, filepath.Join(work, ".OUT.tmp-mine", "keep.txt"), "mine")
	code, errOut := runBinary(t, work, nil, 0, bin, "build", "--inventory", "small.json", "-o", "OUT")
	if code != 0 {
		t.Fatalf("the next build: exit %d\n%s", code, errOut)
	}
	if _, err := os.Stat(staging); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the next build left %s (%v); stderr:\n%s", staging, err, errOut)
	}
	if !strings.Contains(errOut, "removed "+filepath.Base(staging)) {
		t.Errorf("the next build did not say it removed %s:\n%s", staging, errOut)
	}
	if b, err := os.ReadFile(filepath.Join(work, ".OUT.tmp-mine", "keep.txt")); err != nil || string(b) != "mine" {
		t.Errorf("the user's .OUT.tmp-mine was touched: %v", err)
	}
}

// TestRedactionMapFailureLeavesOutDir: the redaction map is written before
// OUTDIR is replaced, so a map that cannot be written (its folder is a
// dangling link: reading it finds no map, writing it fails, for root too)
// fails the build with exit 4 and the previous package untouched — for
// build and for diagram -o.
func TestRedactionMapFailureLeavesOutDir(t *testing.T) {
	root := t.TempDir()
	cf := filepath.Join(root, "cf")
	if err := os.CopyFS(cf, os.DirFS(sampleDir)); err != nil {
		t.Fatal(err)
	}
	inv := filepath.Join(cf, "case-studies", "northwind-freight", "inventory.json")
	if err := os.Symlink(filepath.Join(root, "nowhere"), filepath.Join(root, "maps")); err != nil {
		t.Fatal(err)
	}
	badMap := filepath.Join(root, "maps", "map.json")
	for _, c := range []struct {
		name  string
		first []string
		args  []string
		out   string
	}{
		{"build", []string{"build", cf, "--redact", "-o", filepath.Join(root, "OUT")}, []string{"build", cf, "--redact", "--redaction-map", badMap, "-o", filepath.Join(root, "OUT")}, "OUT"},
		{"diagram", []string{"diagram", "--inventory", inv, "--redact", "-o", filepath.Join(root, "D")}, []string{"diagram", "--inventory", inv, "--redact", "--title", "Changed", "--redaction-map", badMap, "-o", filepath.Join(root, "D")}, "D"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if code, _, errOut := runCLI(t, append(c.first, "-q")...); code != 0 {
				t.Fatalf("first run: exit %d: %s", code, errOut)
			}
			// The second run would write different files (a changed answer,
			// another title), so a replaced OUTDIR shows.
			answer := filepath.Join(cf, "answers", "1.1.md")
			writeFile(t, answer, readFileT(t, answer)+"\nAnd one more sentence.\n")
			before := treeBytes(t, root)
			code, _, errOut := runCLI(t, append(c.args, "-q")...)
			if code != ExitFailed || !strings.Contains(errOut, "redaction map") || !strings.Contains(errOut, badMap) {
				t.Errorf("exit %d, want %d naming the redaction map %s; stderr: %s", code, ExitFailed, badMap, errOut)
			}
			if d := diffTrees(before, treeBytes(t, root)); len(d) > 0 {
				t.Errorf("the failed run changed files: %v", d)
			}
		})
	}
}

func readFileT(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
