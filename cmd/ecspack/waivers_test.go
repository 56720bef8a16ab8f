package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// sampleWaivers appended to Northwind's case.yaml holds a waiver that
// matches the sample's log_router warning — a vendor sidecar, reported once
// per image (2 lines after the file's end) and one that expired before the
// package date (7 lines after it).
const sampleWaivers = `waivers:
  - check: ECS-011.non-root
    resource: "*/aws-observability/aws-for-fluent-bit:*"
    reason: AWS for Fluent Bit runs as root by design; it has no network listener.
    approver: Lena Brandt (CISO, Northwind Freight)
    expires: 2026-03-31
  - check: ECS-018.tracing
    resource: "*"
    reason: Tracing is planned for Q3.
    approver: Lena Brandt (CISO, Northwind Freight)
    expires: 2025-06-30
`

// addSampleWaivers appends yaml to a copy of the sample's Northwind
// case.yaml and returns the copy and the line of its first waiver (the
// sample's length changes as it grows; the line is counted, not assumed).
func addSampleWaivers(t *testing.T, yaml string) (dir string, first int) {
	t.Helper()
	dir = copySample(t)
	p := filepath.Join(dir, "case-studies", "northwind-freight", "case.yaml")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, p, string(b)+yaml)
	return dir, strings.Count(string(b), "\n") + 2
}

// TestCheckShowsWaivers: check prints an accepted risk with its reason and
// approver (text and JSON), and an expired waiver as a warning naming
// case.yaml and its line.
func TestCheckShowsWaivers(t *testing.T) {
	dir, line := addSampleWaivers(t, sampleWaivers)
	code, out, errOut := runCLI(t, "check", dir)
	if code != 0 {
		t.Fatalf("check exit %d: %s\n%s", code, errOut, out)
	}
	for _, want := range []string{
		"Accepted risks (case.yaml waivers):",
		"ECS-011    accepted risk (was warn): vendor sidecar 111122223333.dkr.ecr.eu-north-1.amazonaws.com/ecr-public/aws-observability/aws-for-fluent-bit:2.32.4",
		"reason: AWS for Fluent Bit runs as root by design; it has no network listener. — approved by Lena Brandt (CISO, Northwind Freight), until 2026-03-31 (case-studies/northwind-freight/case.yaml line " + strconv.Itoa(line) + ")",
		"the waiver at case-studies/northwind-freight/case.yaml line " + strconv.Itoa(line+5) + " (ECS-018.tracing on \"*\", approved by Lena Brandt (CISO, Northwind Freight)) expired on 2025-06-30",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("check output lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = runCLI(t, "check", "--format", "json", dir)
	if code != 0 {
		t.Fatalf("check --format json exit %d", code)
	}
	var rep struct {
		CaseStudies []struct {
			ID       string
			Controls []struct {
				ID       string
				Findings []struct {
					Check, Outcome, Resource string
					Waiver                   *struct {
						Outcome, Reason, Approver, Expires, File string
						Line                                     int
					}
				}
			}
		} `json:"case_studies"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	accepted := 0
	for _, c := range rep.CaseStudies[0].Controls {
		for _, f := range c.Findings {
			if f.Outcome == "accepted-risk" {
				accepted++
				w := f.Waiver
				if f.Check != "ECS-011.non-root" || w == nil || w.Outcome != "warn" || w.Approver != "Lena Brandt (CISO, Northwind Freight)" ||
					w.File != "case-studies/northwind-freight/case.yaml" || w.Line != line || w.Expires != "2026-03-31" {
					t.Errorf("accepted finding %+v waiver %+v", f, w)
				}
			}
		}
	}
	if accepted != 1 {
		t.Errorf("%d accepted-risk findings in JSON, want 1", accepted)
	}
}

// TestWaiverOfUnknownCheckIsBadInput: a waiver must name one of ecspack's
// checks; a typo is refused with the file and line, exit 2.
func TestWaiverOfUnknownCheckIsBadInput(t *testing.T) {
	dir, line := addSampleWaivers(t, strings.Replace(sampleWaivers, "ECS-011.non-root", "ECS-011.nonroot", 1))
	code, _, errOut := runCLI(t, "check", dir)
	if code != ExitBadInput {
		t.Fatalf("exit %d, want %d: %s", code, ExitBadInput, errOut)
	}
	for _, want := range []string{"northwind-freight/case.yaml:" + strconv.Itoa(line), `waivers[0].check "ECS-011.nonroot" is not one of ecspack's checks: expected one of`, "ECS-011.non-root"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
}

// TestInitExplainsWaivers: init's case.yaml shows how to write a waiver, and
// the example, uncommented, is a valid waiver of one of ecspack's checks
// that `check` then reports as matching nothing in the scaffold's estate.
func TestInitExplainsWaivers(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "app")
	if code, _, errOut := runCLI(t, "init", dir); code != 0 {
		t.Fatalf("init: exit %d: %s", code, errOut)
	}
	p := filepath.Join(dir, "case-studies", "customer-a", "case.yaml")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	uncommented := 0
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "# waivers:") || (uncommented > 0 && strings.HasPrefix(l, "#   ")) {
			l = l[2:]
			uncommented++
		}
		lines = append(lines, l)
	}
	if uncommented != 6 {
		t.Fatalf("case.yaml has %d lines of a commented waivers: example, want 6:\n%s", uncommented, b)
	}
	writeFile(t, p, strings.Join(lines, "\n"))
	for _, cs := range []string{"customer-a", "customer-b"} {
		writeFile(t, filepath.Join(dir, "case-studies", cs, "inventory.json"), tinySnapshot)
	}
	code, out, errOut := runCLI(t, "check", dir)
	if code != 1 || errOut != "" {
		t.Fatalf("check: exit %d (want 1, not ready), stderr %s", code, errOut)
	}
	if !strings.Contains(out, "Waivers that do not hold:") || !strings.Contains(out, "matches no fail or warn finding of ECS-011.read-only-root") {
		t.Errorf("the example waiver is not reported as matching nothing:\n%s", out)
	}
}
