package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// maxFuncLines is where a function becomes too long: one of this many lines
// or more (from `func` to its closing brace, test functions included) cannot
// be read and checked in one go, and in this project such functions were
// where one walk over an inventory region answered a question differently
// from another (issue 15). Split one into named steps, or move a test's
// table into a function of its own.
const maxFuncLines = 120

// longFunc is a function declaration of limit lines or more.
type longFunc struct {
	path  string // slash-separated, relative to the walked folder
	line  int
	name  string // Receiver.name for a method
	lines int
}

// longFunctions parses every .go file under root — test files included;
// hidden folders and testdata, which are not the module's code, left out —
// and returns the function declarations of limit lines or more, in file
// order.
func longFunctions(root string, limit int) ([]longFunc, error) {
	var out []longFunc
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") {
			return nil
		}
		file, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
		if err != nil {
			return fmt.Errorf("parse: %w", err)
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		for _, decl := range file.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			start, end := fset.Position(fd.Pos()).Line, fset.Position(fd.End()).Line
			if n := end - start + 1; n >= limit {
				out = append(out, longFunc{path: filepath.ToSlash(rel), line: start, name: funcName(fd), lines: n})
			}
		}
		return nil
	})
	return out, err
}

// funcName is a declaration's name, Receiver.name for a method.
func funcName(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return fd.Name.Name
	}
	t := fd.Recv.List[0].Type
	for {
		switch x := t.(type) {
		case *ast.StarExpr:
			t = x.X
			continue
		case *ast.IndexExpr:
			t = x.X
			continue
		case *ast.IndexListExpr:
			t = x.X
			continue
		case *ast.Ident:
			return x.Name + "." + fd.Name.Name
		}
		return fd.Name.Name
	}
}

// TestNoFunctionIsTooLong fails for every function of the module, tests
// included, of maxFuncLines lines or more, naming it with file:line.
func TestNoFunctionIsTooLong(t *testing.T) {
	found, err := longFunctions("../..", maxFuncLines)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range found {
		t.Errorf("%s:%d: %s is %d lines; a function must be under %d: split it into named steps", f.path, f.line, f.name, f.lines, maxFuncLines)
	}
}

// TestLongFunctionsAreFound makes sure the check above can fail: it writes
// generated functions around the limit and expects exactly the long ones,
// with their file, line and name.
func TestLongFunctionsAreFound(t *testing.T) {
	// body returns n statements, one a line.
	body := func(n int) string { return strings.Repeat("\t_ = 0\n", n) }
	for _, tc := range []struct {
		name string
		src  string // a file of package x
		want []string
	}{
		{"a function one line under the limit", "func f() {\n" + body(maxFuncLines-3) + "}\n", nil},
		{"a function at the limit", "func f() {\n" + body(maxFuncLines-2) + "}\n", []string{fmt.Sprintf("x.go:3 f %d", maxFuncLines)}},
		{"a method far over it, after a short one", "type T struct{}\n\nfunc short() {}\n\nfunc (t *T) long() {\n" + body(2*maxFuncLines) + "}\n",
			[]string{fmt.Sprintf("x.go:7 T.long %d", 2*maxFuncLines+2)}},
		{"a test function", "func TestX(t *testing.T) {\n" + body(maxFuncLines) + "}\n", []string{fmt.Sprintf("x.go:3 TestX %d", maxFuncLines+2)}},
		{"a function literal held by a variable is not a declaration (as for /work/tools/funclen)", "var v = func() {\n" + body(maxFuncLines) + "}\n", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "x.go"), []byte("package x\n\n"+tc.src), 0o644); err != nil {
				t.Fatal(err)
			}
			// Code in a hidden folder or testdata is not the module's.
			for _, skipped := range []string{".hidden", "testdata"} {
				if err := os.MkdirAll(filepath.Join(dir, skipped), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, skipped, "y.go"), []byte("package y\n\nfunc g() {\n"+body(maxFuncLines)+"}\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			found, err := longFunctions(dir, maxFuncLines)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range found {
				got = append(got, fmt.Sprintf("%s:%d %s %d", f.path, f.line, f.name, f.lines))
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("found %q, want %q", got, tc.want)
			}
		})
	}
}
