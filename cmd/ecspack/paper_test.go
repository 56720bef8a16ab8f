package main

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/internal/testkit/readback"
	"github.com/ecspack/ecspack/internal/testkit/synthcase"
)

// TestPaperTextIsWhole builds the sample and a synthetic estate of 100
// services and reads the PDFs back (issue 18): every control id and check
// id `check --format json` prints appears unbroken in the submission's
// text, and no running header of the submission or a runbook ends in an
// ellipsis.
func TestPaperTextIsWhole(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end build")
	}
	needTool(t, "pdftotext")
	cases := []struct {
		name string
		args func(t *testing.T) []string // what names the estate on check and build
	}{
		{"sample", func(*testing.T) []string { return []string{sampleDir} }},
		{"synth --services 100", func(t *testing.T) []string { return []string{"--inventory", synthcase.File(t, 100)} }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			args := c.args(t)
			_, js, errOut := runCLI(t, append(append([]string{"check"}, args...), "--format", "json")...)
			ids := printedIDs(t, js, errOut)
			out := filepath.Join(t.TempDir(), "out")
			if code, _, errOut := runCLI(t, append(append([]string{"build"}, args...), "-o", out, "--quiet")...); code != 0 && code != 1 {
				t.Fatalf("build: exit %d\n%s", code, errOut)
			}
			pdf := filepath.Join(out, "submission.pdf")
			text := toolOutput(t, "pdftotext", "-layout", pdf, "-") + toolOutput(t, "pdftotext", "-raw", pdf, "-")
			for _, id := range ids {
				if !strings.Contains(text, id) {
					t.Errorf("%s is not whole anywhere in the submission's text", id)
				}
			}
			pdfs, _ := filepath.Glob(filepath.Join(out, "runbooks", "*.pdf"))
			for _, p := range append(pdfs, pdf) {
				noEllipsisInHeaders(t, p)
			}
		})
	}
}

// printedIDs returns the control ids and the findings' check ids of `check
// --format json` output, partner and case study controls alike.
func printedIDs(t *testing.T, js, errOut string) []string {
	t.Helper()
	type control struct {
		ID       string `json:"id"`
		Findings []struct {
			Check string `json:"check"`
		} `json:"findings"`
	}
	var got struct {
		Partner     []control `json:"partner"`
		CaseStudies []struct {
			Controls []control `json:"controls"`
		} `json:"case_studies"`
	}
	if err := json.Unmarshal([]byte(js), &got); err != nil {
		t.Fatalf("check --format json: %v\n%s", err, errOut)
	}
	controls := got.Partner
	for _, cs := range got.CaseStudies {
		controls = append(controls, cs.Controls...)
	}
	var ids []string
	for _, c := range controls {
		ids = append(ids, c.ID)
		for _, f := range c.Findings {
			ids = append(ids, f.Check)
		}
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	if len(ids) < 50 {
		t.Fatalf("only %d ids in check's output", len(ids))
	}
	return ids
}

// columnGap separates the running header from the title on a header line.
var columnGap = regexp.MustCompile(`\s{3,}`)

// noEllipsisInHeaders checks the header line of every page but the cover
// (the first line, after the draft tag): neither the section on its left
// nor the title on its right ends in an ellipsis.
func noEllipsisInHeaders(t *testing.T, path string) {
	t.Helper()
	for i, page := range readback.Pages(t, path) {
		if i == 0 {
			continue
		}
		for _, line := range strings.Split(page, "\n") {
			line = strings.TrimSpace(line)
			if line == "" || strings.HasPrefix(line, "DRAFT") {
				continue
			}
			for _, part := range columnGap.Split(line, -1) {
				if strings.HasSuffix(part, "…") {
					t.Errorf("%s page %d: running header %q ends in an ellipsis", filepath.Base(path), i+1, line)
				}
			}
			break
		}
	}
}
