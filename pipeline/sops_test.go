package pipeline

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/internal/testkit/readback"
	"github.com/ecspack/ecspack/sopfill"
)

// TestSampleSOPsPrintedOnce builds the sample and reads its PDF back: each
// SOP is one entry of the outline and its procedure text is printed once
// (not again in each case study), while each case study keeps what the SOPs
// found and set up in its deployment, linked to the procedure.
func TestSampleSOPsPrintedOnce(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	build(t, sampleDir, out, Options{})
	pdf := filepath.Join(out, "submission.pdf")

	var titles []string
	var walk func([]readback.OutlineItem)
	walk = func(items []readback.OutlineItem) {
		for _, it := range items {
			titles = append(titles, it.Title)
			walk(it.Kids)
		}
	}
	walk(readback.Outline(t, pdf))
	for _, s := range sopfill.Specs() {
		// The control the SOP answers may share words with it ("ACCT-001
		// Define Secure AWS Account Governance Best Practice"); the SOP's
		// own entries are its title, as a heading or as applied.
		n := 0
		for _, title := range titles {
			if title == s.Title || strings.HasPrefix(title, s.Title+" ") {
				n++
			}
		}
		if n != 1 {
			t.Errorf("SOP title %q is in the outline %d times, want once", s.Title, n)
		}
	}

	// Every built-in procedure has a "Purpose" section: the PDF prints as
	// many as the partner-level documents have, not one more per case study.
	cf, _, err := evidence.Load(sampleDir)
	if err != nil {
		t.Fatal(err)
	}
	partner, err := sopfill.Render(context.Background(), cf, nil, sopfill.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, d := range partner {
		want += strings.Count(string(d.Markdown), "\n## Purpose\n")
	}
	got := 0
	for _, line := range strings.Split(readback.Text(t, pdf), "\n") {
		if strings.TrimSpace(line) == "Purpose" {
			got++
		}
	}
	if want == 0 || got != want {
		t.Errorf("the PDF prints %d \"Purpose\" sections, want %d (one per SOP)", got, want)
	}

	for _, cs := range cf.CaseStudies {
		name := "Procedures as applied for " + cs.CustomerName(cf)
		if !containsTitle(titles, name) {
			t.Errorf("outline has no %q", name)
		}
		for _, s := range sopfill.Specs() {
			if s.ID == "ECS-013" && len(cs.ComplianceScope) == 0 {
				continue
			}
			if h := s.ID + " — In " + cs.CustomerName(cf) + "'s deployment"; !containsTitle(titles, h) {
				t.Errorf("outline has no %q", h)
			}
		}
	}
}

func containsTitle(titles []string, title string) bool {
	for _, t := range titles {
		if t == title {
			return true
		}
	}
	return false
}
