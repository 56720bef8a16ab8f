package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/internal/testkit/mototest"
)

// TestInitThenCheckShowsTheWayForward: the first `check` after `init` is a
// next step, not a dead end: it says each case study needs an inventory,
// names the files it expects, and shows the three ways to make one; once
// an inventory exists it is no longer asked for.
func TestInitThenCheckShowsTheWayForward(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "app")
	if code, _, errOut := runCLI(t, "init", dir, "-q"); code != 0 {
		t.Fatalf("init: exit %d: %s", code, errOut)
	}
	a := filepath.Join(dir, "case-studies", "customer-a", "inventory.json")
	b := filepath.Join(dir, "case-studies", "customer-b", "inventory.json")
	for _, cmd := range [][]string{{"check", dir}, {"build", dir, "-o", filepath.Join(t.TempDir(), "out")}} {
		code, stdout, errOut := runCLI(t, cmd...)
		if code != ExitBadInput {
			t.Errorf("%s: exit %d, want %d", cmd[0], code, ExitBadInput)
		}
		for _, want := range []string{
			"Each case study needs an inventory", a, b,
			"ecspack discover --profile PROFILE", "ecspack collect-script", "ecspack import evidence/ -o FILE",
			"ecspack synth --services 10 -o FILE", "ecspack check " + dir,
		} {
			if !strings.Contains(errOut, want) {
				t.Errorf("%s: stderr lacks %q:\n%s", cmd[0], want, errOut)
			}
		}
		if stdout != "" {
			t.Errorf("%s: stdout %q", cmd[0], stdout)
		}
	}

	// Following the third way for one case study: the guide now names the
	// other one only, with its path in the commands.
	if code, _, errOut := runCLI(t, "synth", "--services", "3", "-o", a, "-q"); code != 0 {
		t.Fatalf("synth: exit %d: %s", code, errOut)
	}
	code, _, errOut := runCLI(t, "check", dir)
	if code != ExitBadInput || !strings.Contains(errOut, "ecspack synth --services 10 -o "+b) || strings.Contains(errOut, a) {
		t.Errorf("after one inventory: exit %d, want %d and the guide for %s only:\n%s", code, ExitBadInput, b, errOut)
	}

	// Other casefile errors get no guide.
	if err := os.WriteFile(filepath.Join(dir, "ecspack.yaml"), []byte("checklist: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := runCLI(t, "check", dir); code != ExitBadInput || strings.Contains(errOut, "needs an inventory") {
		t.Errorf("a YAML error: exit %d, stderr %s", code, errOut)
	}
}

// TestDiscoverWithoutCredentialsSaysHowToFix: without credentials, or with
// a profile that does not exist or holds none, discover prints one line
// saying how to fix it (--profile, collect-script) — not the SDK's chain of
// causes — exits 3 and writes nothing.
func TestDiscoverWithoutCredentialsSaysHowToFix(t *testing.T) {
	for _, c := range []struct {
		name   string
		config string
		args   []string
		want   string
	}{
		{"no credentials anywhere", "", nil, "no AWS credentials found"},
		{"an unknown profile", "", []string{"--profile", "nosuch"}, `AWS profile "nosuch" is not defined`},
		{"a profile without credentials", "[profile empty]\nregion = eu-west-1\n", []string{"--profile", "empty"}, `profile "empty" gave no AWS credentials`},
	} {
		t.Run(c.name, func(t *testing.T) {
			home := mototest.IsolateAWS(t)
			t.Setenv("AWS_REGION", "eu-west-1")
			if c.config != "" {
				t.Setenv("AWS_CONFIG_FILE", writeFile(t, filepath.Join(home, "config"), c.config))
			}
			out := filepath.Join(t.TempDir(), "snap.json")
			code, stdout, errOut := runCLI(t, append([]string{"discover", "-q", "-o", out, "--endpoint-url", "http://127.0.0.1:1"}, c.args...)...)
			if code != ExitAWS {
				t.Errorf("exit %d, want %d", code, ExitAWS)
			}
			if strings.Count(errOut, "\n") != 1 {
				t.Errorf("want one line, got:\n%s", errOut)
			}
			for _, w := range []string{c.want, "--profile", "collect-script"} {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr lacks %q: %s", w, errOut)
				}
			}
			for _, sdk := range []string{"operation error", "get credentials", "IMDS", "127.0.0.1"} {
				if strings.Contains(errOut, sdk) {
					t.Errorf("stderr carries the SDK's chain (%q): %s", sdk, errOut)
				}
			}
			if stdout != "" {
				t.Errorf("stdout %q", stdout)
			}
			if _, err := os.Stat(out); err == nil {
				t.Error("a snapshot was written")
			}
		})
	}
}
