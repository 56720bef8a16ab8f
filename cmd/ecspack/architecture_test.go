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
		if pkg == "" {
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
// after discovery runs offline from files, so no package but discover, the
// command that wires it and the test support that plants estates in moto may
// link the AWS SDK.
func TestNothingAfterDiscoveryLinksTheSDK(t *testing.T) {
	pkgs := projectImports(t)
	var checked int
	for pkg := range pkgs {
		if pkg == "discover" || strings.HasPrefix(pkg, "discover/") || strings.HasPrefix(pkg, "cmd/") ||
			strings.HasPrefix(pkg, "internal/testkit/") { // test support builds estates in moto with the SDK
			continue
		}
		checked++
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
		}
	}
	if checked < 10 {
		t.Fatalf("checked only %d packages: the package list is wrong", checked)
	}
}

// folderOf names the folder a package belongs to in the layout's import
// graph: its top-level folder, except under internal/, whose children are
// unrelated private packages and so each its own folder.
func folderOf(pkg string) string {
	parts := strings.Split(pkg, "/")
	if parts[0] == "internal" && len(parts) > 1 {
		return parts[0] + "/" + parts[1]
	}
	return parts[0]
}

// TestFolderImportGraphIsAcyclic holds the layout to the flow: with every
// package collapsed into its folder, no folder depends on itself through
// another (casefile before checks, checks before documents), and nothing
// outside discover and cmd imports a package under discover/ — later stages
// read snapshots, the model of which lives in inventory/.
func TestFolderImportGraphIsAcyclic(t *testing.T) {
	pkgs := projectImports(t)
	edges := map[string]map[string]bool{}
	for pkg, imps := range pkgs {
		from := folderOf(pkg)
		for _, imp := range imps {
			if to := folderOf(imp); to != from {
				if edges[from] == nil {
					edges[from] = map[string]bool{}
				}
				edges[from][to] = true
			}
			if folderOf(imp) == "discover" && folderOf(pkg) != "discover" && folderOf(pkg) != "cmd" {
				t.Errorf("%s imports %s: only discover and cmd may import packages under discover/", pkg, imp)
			}
		}
	}
	if cycle := findCycle(edges); cycle != nil {
		t.Errorf("the folder-level import graph has a cycle: %s", strings.Join(cycle, " → "))
	}
	// The detector itself must see a cycle when there is one.
	if findCycle(map[string]map[string]bool{"a": {"b": true}, "b": {"c": true}, "c": {"a": true}}) == nil {
		t.Fatal("findCycle missed a → b → c → a")
	}
}

// findCycle returns one cycle of the directed graph (first node repeated at
// the end), or nil; nodes are visited in sorted order so the answer is stable.
func findCycle(edges map[string]map[string]bool) []string {
	const (
		unseen = iota
		open
		done
	)
	state := map[string]int{}
	var stack []string
	var visit func(n string) []string
	visit = func(n string) []string {
		state[n] = open
		stack = append(stack, n)
		next := make([]string, 0, len(edges[n]))
		for m := range edges[n] {
			next = append(next, m)
		}
		slices.Sort(next)
		for _, m := range next {
			switch state[m] {
			case open:
				i := slices.Index(stack, m)
				return append(slices.Clone(stack[i:]), m)
			case unseen:
				if c := visit(m); c != nil {
					return c
				}
			}
		}
		stack = stack[:len(stack)-1]
		state[n] = done
		return nil
	}
	nodes := make([]string, 0, len(edges))
	for n := range edges {
		nodes = append(nodes, n)
	}
	slices.Sort(nodes)
	for _, n := range nodes {
		if state[n] == unseen {
			if c := visit(n); c != nil {
				return c
			}
		}
	}
	return nil
}

// TestArchitectureDocListsEveryFolder: the folder table of
// docs/architecture.md names every top-level folder of the repository, so a
// reader can find what each one holds.
func TestArchitectureDocListsEveryFolder(t *testing.T) {
	doc, err := os.ReadFile("../../docs/architecture.md")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("git", "ls-files")
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		t.Skipf("git ls-files unavailable (not a clone?): %v", err)
	}
	folders := map[string]bool{}
	for _, f := range strings.Split(string(out), "\n") {
		if dir, _, ok := strings.Cut(f, "/"); ok && !strings.HasPrefix(dir, ".") {
			folders[dir] = true
		}
	}
	var n int
	for dir := range folders {
		n++
		if !strings.Contains(string(doc), "| `"+dir+"/` |") {
			t.Errorf("docs/architecture.md's folder table has no row for %s/", dir)
		}
	}
	if n < 5 {
		t.Fatalf("found only %d top-level folders", n)
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
			if strings.HasPrefix(name, ".") && p != "../.." || name == "cmd" || name == "testdata" || name == "testkit" || name == "out" {
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
		if regexp.MustCompile(`(?m)^package main$`).Match(data) {
			return nil // a command of its own (samples/internal/gensample)
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
