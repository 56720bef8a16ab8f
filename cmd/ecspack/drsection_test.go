package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestIncompleteDRSectionIsNotReady: the runbook's disaster recovery
// section must have RTO, RPO, the region recovery steps and the data
// stores with their backups. Removing one of them from a copy of the sample
// makes `check` exit 1 and name what is missing.
func TestIncompleteDRSectionIsNotReady(t *testing.T) {
	if testing.Short() {
		t.Skip("checks the whole sample")
	}
	const caseFile = "case-studies/northwind-freight/case.yaml"
	for _, tt := range []struct {
		name, drop, want string
	}{
		{"region recovery steps", `(?m)^  region_recovery: >-\n(    .*\n)+`, "operations.region_recovery in case.yaml"},
		{"data stores and backups", `(?m)^  data_stores: >-\n(    .*\n)+`, "operations.data_stores in case.yaml"},
		{"RTO", `(?m)^rto: .*\n`, "RTO advised to the customer"},
		{"RPO", `(?m)^rpo: .*\n`, "RPO advised to the customer"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := copySample(t)
			p := filepath.Join(dir, filepath.FromSlash(caseFile))
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			re := regexp.MustCompile(tt.drop)
			if !re.Match(b) {
				t.Fatalf("%s has nothing matching %s", caseFile, tt.drop)
			}
			writeFile(t, p, re.ReplaceAllString(string(b), ""))
			code, out, errOut := runCLI(t, "check", dir)
			if code != ExitNotReady {
				t.Fatalf("check: exit %d, want %d\n%s%s", code, ExitNotReady, out, errOut)
			}
			if !strings.Contains(out, tt.want) || !strings.Contains(out, "runbook.md.tmpl") || !strings.Contains(out, "NOT READY") {
				t.Errorf("check does not say the runbook lacks %q:\n%s", tt.want, out)
			}
		})
	}
}
