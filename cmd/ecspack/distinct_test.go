package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckCaseStudiesMustBeDistinct runs check on the sample with its two
// case studies made one customer — the legal entity written differently, or
// an AWS account in both — and expects 2.1 not met, naming both case
// studies; the sample itself (distinct customers) is ready.
func TestCheckCaseStudiesMustBeDistinct(t *testing.T) {
	for _, c := range []struct {
		name     string
		old, new string
		code     int
		wants    []string
	}{
		{"distinct customers", "", "", 0, []string{"READY"}},
		{"one legal entity", "legal_entity: Northwind Freight AB", "legal_entity: CONTOSO HEALTH, Limited", 1,
			[]string{"same legal entity", "northwind-freight", "contoso-health", `"CONTOSO HEALTH, Limited"`, `"Contoso Health Ltd"`}},
		{"a shared account", `  - id: "111122224444"`, `  - id: "444455556666"`, 1,
			[]string{"share AWS account 444455556666", "northwind-freight", "contoso-health"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "cf")
			if err := os.CopyFS(dir, os.DirFS(sampleDir)); err != nil {
				t.Fatal(err)
			}
			if c.old != "" {
				p := filepath.Join(dir, "case-studies", "northwind-freight", "case.yaml")
				b, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(string(b), c.old) {
					t.Fatalf("the sample no longer holds %q", c.old)
				}
				writeFile(t, p, strings.Replace(string(b), c.old, c.new, 1))
			}
			code, stdout, errOut := runCLI(t, "check", dir)
			if code != c.code {
				t.Errorf("exit %d, want %d\n%s%s", code, c.code, stdout, errOut)
			}
			for _, w := range c.wants {
				if !strings.Contains(stdout, w) {
					t.Errorf("check output lacks %q:\n%s", w, stdout)
				}
			}
			if c.code == 1 && !strings.Contains(stdout, "2.1        not-met") {
				t.Errorf("2.1 is not reported not-met:\n%s", stdout)
			}
		})
	}
}
