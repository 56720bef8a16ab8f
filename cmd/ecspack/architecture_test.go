package main

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/ecspack/ecspack"

// projectImports returns, for every package of the module, the module's own
// packages it imports (not test imports), as `go list` sees them.
func projectImports(t *testing.T) map[string][]string {
	t.Helper()
	cmd := exec.Command("go", "list", "-f", `{{.ImportPath}}|{{join .Imports ","}}`, module+"/...")
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		t.Skipf("go list unavailable: %v", err)
	}
	m := map[string][]string{}
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		pkg, imps, _ := strings.Cut(sc.Text(), "|")
		pkg = strings.TrimPrefix(strings.TrimPrefix(pkg, module), "/")
		if pkg == "" || strings.Contains(pkg, "internal/") && strings.HasSuffix(pkg, "test") {
			continue
		}
		var own []string
		for _, i := range strings.Split(imps, ",") {
			if rest, ok := strings.CutPrefix(i, module+"/"); ok {
				own = append(own, rest)
			}
		}
		slices.Sort(own)
		m[pkg] = own
	}
	return m
}

// TestArchitectureDocIsTrue keeps docs/architecture.md's package table equal
// to the code: every package is listed, with exactly the project packages it
// imports.
func TestArchitectureDocIsTrue(t *testing.T) {
	got := projectImports(t)
	doc, err := os.ReadFile("../../docs/architecture.md")
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile("^\\| `([a-z0-9/]+)` \\|[^|]*\\|([^|]*)\\|$")
	listed := map[string][]string{}
	for _, line := range strings.Split(string(doc), "\n") {
		m := row.FindStringSubmatch(strings.TrimSpace(line))
		if m == nil {
			continue
		}
		var imps []string
		for _, f := range regexp.MustCompile("`([a-z0-9/]+)`").FindAllStringSubmatch(m[2], -1) {
			imps = append(imps, f[1])
		}
		slices.Sort(imps)
		listed[m[1]] = imps
	}
	for pkg, imps := range got {
		doc, ok := listed[pkg]
		if !ok {
			t.Errorf("docs/architecture.md does not list package %s (imports %v)", pkg, imps)
			continue
		}
		if !slices.Equal(doc, imps) {
			t.Errorf("docs/architecture.md says %s imports %v; the code imports %v", pkg, doc, imps)
		}
	}
	for pkg := range listed {
		if _, ok := got[pkg]; !ok {
			t.Errorf("docs/architecture.md lists %s, which is not a package", pkg)
		}
	}
}

// TestNothingAfterDiscoveryLinksTheSDK holds the design's seam: everything
// after discovery runs offline from files, so it must not link the AWS SDK.
func TestNothingAfterDiscoveryLinksTheSDK(t *testing.T) {
	for _, pkg := range []string{"assess", "evidence", "diagram", "render/pdf", "render/xlsx", "render/submission", "render/runbook", "sop", "cost", "pipeline", "discover/inventory", "discover/synth"} {
		if _, err := os.Stat(filepath.Join("../..", pkg)); err != nil {
			continue
		}
		cmd := exec.Command("go", "list", "-deps", "./"+pkg)
		cmd.Dir = "../.."
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", pkg, err)
		}
		for _, dep := range strings.Fields(string(out)) {
			if strings.HasPrefix(dep, "github.com/aws/") {
				t.Errorf("%s links the AWS SDK (%s): only discover may", pkg, dep)
				break
			}
			if dep == module+"/discover" {
				t.Errorf("%s imports package discover: later stages read snapshots only", pkg)
			}
		}
	}
}

// TestPackagesBelowCmdNeverPrintOrExit: libraries return values and errors;
// only the command decides what reaches the terminal and the exit code.
func TestPackagesBelowCmdNeverPrintOrExit(t *testing.T) {
	banned := regexp.MustCompile(`\b(fmt\.Print(f|ln)?|os\.Exit|os\.Stdout|os\.Stderr|log\.(Print|Fatal|Panic)(f|ln)?)\b`)
	err := filepath.WalkDir("../..", func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if strings.HasPrefix(name, ".") && p != "../.." || name == "cmd" || name == "testdata" || name == "internal" || name == "out" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(data), "\n") {
			code, _, _ := strings.Cut(line, "//")
			if banned.MatchString(code) {
				t.Errorf("%s:%d prints or exits: %s", p, i+1, strings.TrimSpace(line))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
