package pdf

import (
	"strings"
	"testing"

	"github.com/ecspack/ecspack/internal/testkit/readback"
)

// TestKeepWithNext lays out blocks near the foot of a page and reads the
// pages back: a heading stays with the first lines of what follows it, a
// chain of headings with short lines between them moves as one, a label
// stays with what it introduces, and a table's header row stays with its
// first row.
func TestKeepWithNext(t *testing.T) {
	// leave fills the first page so that room millimetres are left.
	leave := func(d *Document, room float64) {
		d.Paragraph("Opening paragraph.")
		_, _, _, h := d.Available()
		d.Spacer(h - room)
	}
	tall := strings.Repeat("a cell long enough to wrap over many lines ", 12)
	cases := []struct {
		name     string
		body     func(d *Document)
		together [][]string // texts that must share a page
		page2    string     // a text that must be on page 2
	}{
		{"a chain of headings with one line each moves as one", func(d *Document) {
			leave(d, 40)
			d.Heading(2, "Network Security Standard")
			d.Paragraph("Answers: NETSEC-001")
			d.Heading(1, "Standard proper")
			d.Paragraph("Harbor Cloud Engineering, version of 2025-10-30.")
			d.Heading(2, "Purpose")
			d.Paragraph(strings.Repeat("The purpose of the standard is stated here. ", 20))
		}, [][]string{{"Network Security Standard", "Answers: NETSEC-001", "Standard proper", "Purpose"}}, "Network Security Standard"},
		{"a heading followed by a table taller than the room left", func(d *Document) {
			leave(d, 38)
			d.Heading(3, "nwf-prod-core/edi-gateway")
			d.Table([]string{"KPI", "Metric", "Threshold"}, [][]string{{"Errors", tall, "5 %"}}, TableOptions{})
		}, [][]string{{"nwf-prod-core/edi-gateway", "KPI", "Errors"}}, "KPI"},
		{"a label followed by a table taller than the room left", func(d *Document) {
			leave(d, 30)
			d.Label([]Span{{Text: "Automated findings: ", Bold: true}, {Text: "3 warn"}})
			d.Table([]string{"Check", "Outcome", "Message"}, [][]string{{"ECS-002.rollback", "WARN", tall}}, TableOptions{})
		}, [][]string{{"Automated findings", "ECS-002.rollback"}}, "Automated findings"},
		{"a table header with its first row", func(d *Document) {
			leave(d, 20)
			d.Table([]string{"Check", "Resource", "Message"}, [][]string{{"ECS-002.rollback", "svc", tall}}, TableOptions{})
		}, [][]string{{"Check", "ECS-002.rollback"}}, "Check"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			pages := readback.Pages(t, writePDF(t, render(t, func(d *Document) error { c.body(d); return nil })))
			pageOf := func(s string) int {
				for i, p := range pages {
					if strings.Contains(p, s) {
						return i + 1
					}
				}
				t.Fatalf("%q is not in the PDF", s)
				return 0
			}
			for _, group := range c.together {
				want := pageOf(group[0])
				for _, s := range group[1:] {
					if got := pageOf(s); got != want {
						t.Errorf("%q is on page %d, %q on page %d", group[0], want, s, got)
					}
				}
			}
			if got := pageOf(c.page2); got != 2 {
				t.Errorf("%q is on page %d, want 2 (the first page had no room for what follows it)", c.page2, got)
			}
		})
	}
}
