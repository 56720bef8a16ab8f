package submission

import (
	"context"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/internal/testkit/readback"
)

// TestEachSOPPrintedOnce: a procedure is printed once, in the partner's
// part, and is one entry of the outline; each case study prints only what
// the procedure applies there, linked to it; a template the partner did not
// adopt says so where it is printed.
func TestEachSOPPrintedOnce(t *testing.T) {
	cf, cat, err := evidence.Load("../../evidence/testdata/minimal")
	if err != nil {
		t.Fatal(err)
	}
	in := inputFor(t, cf, cat)
	const title = "Workload Health KPIs"
	proc := "# " + title + "\n\n## Purpose\n\nWe watch saturation and errors.\n"
	in.SOPs = []Document{
		{ID: "OPE-001", Title: title, Controls: []string{"OPE-001"}, Markdown: []byte(proc), Template: true},
		{ID: "ACCT-001", Title: "Secure AWS Account Governance", Controls: []string{"ACCT-001"}, Markdown: []byte("# Secure AWS Account Governance\n\nRoot is locked away.\n")},
	}
	for _, cs := range cf.CaseStudies {
		applied := "## In " + cs.Customer.Name + "'s deployment\n\nThree alarms watch the web service.\n"
		in.CaseSOPs[cs.ID] = []Document{
			{ID: "OPE-001", Title: title, Controls: []string{"OPE-001"}, Markdown: []byte(proc + "\n" + applied), Applied: []byte(applied)},
			// Nothing of its own in this case study: no section for it.
			{ID: "ACCT-001", Title: "Secure AWS Account Governance", Controls: []string{"ACCT-001"}, Markdown: []byte("# Secure AWS Account Governance\n\nRoot is locked away.\n")},
		}
	}
	data, err := Render(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	path := readback.WritePDF(t, data)
	counts := map[string]int{}
	var walk func([]outlineItem)
	walk = func(items []outlineItem) {
		for _, it := range items {
			counts[it.Title]++
			walk(it.Kids)
		}
	}
	walk(outline(t, path))
	text := readback.Squash(readback.Text(t, path))
	cs := cf.CaseStudies[0]
	for _, tc := range []struct {
		what      string
		got, want int
	}{
		{"outline entries " + title, counts[title], 1},
		{"outline entries Secure AWS Account Governance", counts["Secure AWS Account Governance"], 1},
		{"outline entries OPE-001 — In …'s deployment", counts["OPE-001 — In "+cs.Customer.Name+"'s deployment"], len(cf.CaseStudies)},
		{"outline entries ACCT-001 — In …'s deployment", counts["ACCT-001 — In "+cs.Customer.Name+"'s deployment"], 0},
		{"procedure text", strings.Count(text, "We watch saturation and errors."), 1},
		{"case part text", strings.Count(text, "Three alarms watch the web service."), len(cf.CaseStudies)},
		{"link from the case part to the procedure", strings.Count(text, "Procedure: "+title+" · answers OPE-001"), len(cf.CaseStudies)},
		{"not-adopted note", strings.Count(text, "Not adopted: this is ecspack's built-in template"), 1},
		// The contents, the heading, and per case study the control's
		// "See also" and the case part's link; the document's own leading
		// "# title" is not printed again.
		{"mentions of the title", strings.Count(text, title), 2 + 2*len(cf.CaseStudies)},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: %d, want %d", tc.what, tc.got, tc.want)
		}
	}
}
