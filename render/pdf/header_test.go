package pdf

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/internal/testkit/readback"
)

// headerLine is the first line of a page's text: the running header on the
// left, the title on the right.
func headerLine(t *testing.T, page string) string {
	t.Helper()
	for _, l := range strings.Split(page, "\n") {
		if strings.TrimSpace(l) != "" {
			return strings.TrimSpace(l)
		}
	}
	return ""
}

var columnGap = regexp.MustCompile(`\s{3,}`)

// TestRunningHeaderNamesTheSection lays out sections around page breaks
// and reads each page's header back: a page names the first section that
// starts on it (with the headings chained to it), else the one it
// continues.
func TestRunningHeaderNamesTheSection(t *testing.T) {
	long := strings.Repeat("A line of body text that fills the page. ", 300)
	cases := []struct {
		name string
		body func(d *Document)
		want []string // header of pages 1, 2, …; "" for none
	}{
		{"first section starting on the page, else the one continued", func(d *Document) {
			d.Heading(1, "Alpha")
			d.Paragraph(long)
			d.Heading(1, "Beta")
			d.Paragraph("short")
			d.Heading(1, "Gamma")
		}, []string{"Alpha", "Alpha", "Beta"}},
		{"a level-2 heading chained to its level-1 heading", func(d *Document) {
			d.Heading(1, "Case study 1")
			d.Heading(2, "Customer")
			d.Paragraph(long)
			d.Heading(2, "Architecture")
		}, []string{"Case study 1 · Customer", "Case study 1 · Customer", "Case study 1 · Architecture"}},
		{"SetRunningHeader right after a heading names it", func(d *Document) {
			d.Heading(1, "Controls")
			d.Paragraph("intro")
			d.PageBreak()
			d.Spacer(2)
			d.Heading(3, "ECS-004 Task roles")
			d.SetRunningHeader("Controls · ECS-004")
			d.Paragraph("text")
			d.Heading(3, "ECS-005 Logging")
			d.SetRunningHeader("Controls · ECS-005")
			d.Paragraph(long)
		}, []string{"Controls", "Controls · ECS-004", "Controls · ECS-005", "Controls · ECS-005"}},
		{"a level-1 heading repeating the title is not printed twice", func(d *Document) {
			d.Heading(1, "ECSPACK TEST DOCUMENT")
			d.Paragraph("intro")
			d.PageBreak()
			d.Heading(2, "1. Overview")
		}, []string{"", "1. Overview"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			pages := readback.Pages(t, writePDF(t, render(t, func(d *Document) error { c.body(d); return nil })))
			if len(pages) != len(c.want) {
				t.Fatalf("%d pages, want %d", len(pages), len(c.want))
			}
			for i, want := range c.want {
				line := headerLine(t, pages[i])
				left := columnGap.Split(line, 2)[0]
				if want == "" {
					left = strings.TrimSpace(strings.TrimSuffix(line, testOptions().Title))
				}
				if left != want {
					t.Errorf("page %d header %q, want %q", i+1, line, want)
				}
			}
		})
	}
}

// TestRunningHeaderShortensAtWords prints headers and a title too long for
// the header line: each is shortened at a word, no ellipsis, the section's
// last part kept, and the result still reads as the start of the original.
func TestRunningHeaderShortensAtWords(t *testing.T) {
	opts := testOptions()
	opts.Title = "Harbor Cloud Engineering — Amazon ECS Service Delivery submission for the program validation"
	headers := []string{
		"Appendix B — aws ecs describe-capacity-providers · Northwind Freight International Logistics",
		"Case study 1 — Northwind Freight International Logistics and Customs Brokerage · NETSEC-001",
		"Operations Runbook — HIPAA-scoped patient portal and clinical integration on Amazon ECS",
	}
	out, err := Render(context.Background(), opts, func(d *Document) error {
		for i, h := range headers {
			if i > 0 {
				d.PageBreak()
			}
			d.SetRunningHeader(h)
			d.Paragraph("body")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	pages := readback.Pages(t, writePDF(t, out))
	for i, h := range headers {
		line := headerLine(t, pages[i])
		parts := columnGap.Split(line, 2)
		if len(parts) != 2 {
			t.Fatalf("page %d header %q: want section and title", i+1, line)
		}
		left, right := parts[0], parts[1]
		if strings.HasSuffix(left, "…") || strings.HasSuffix(right, "…") {
			t.Errorf("page %d header ends in an ellipsis: %q", i+1, line)
		}
		if last := h[strings.LastIndex(h, " · ")+len(" · "):]; strings.Contains(h, " · ") && !strings.HasSuffix(left, " · "+last) {
			t.Errorf("page %d header %q lost its section %q", i+1, left, last)
		}
		head := left
		if j := strings.LastIndex(left, " · "); j >= 0 {
			head = left[:j]
		}
		for _, got := range []struct{ short, full string }{{head, h}, {right, opts.Title}} {
			if !strings.HasPrefix(got.full, got.short) || len(got.short) < len(got.full) && got.full[len(got.short)] != ' ' {
				t.Errorf("page %d: %q is not %q shortened at a word", i+1, got.short, got.full)
			}
		}
	}
}

func TestFitWords(t *testing.T) {
	d, err := New(testOptions())
	if err != nil {
		t.Fatal(err)
	}
	d.setFont(fontSans, "", smallSize)
	cases := []struct{ in, want string }{
		{"short", "short"},
		{"Harbor Cloud Engineering — Amazon ECS Service Delivery submission", "Harbor Cloud Engineering"},
		{"Operations runbook — HIPAA-scoped patient portal and clinical integration", "Operations runbook — HIPAA-scoped"},
		{"arn:aws:ecs:eu-north-1:111122223333:service/nwf-prod-core/edi-gateway", "arn:aws:ecs:eu-north-1:"},
	}
	for _, c := range cases {
		w := d.strWidth(c.want+breakMark) + 0.1
		if got := d.fitWords(c.in, w); got != c.want {
			t.Errorf("fitWords(%q, width of %q) = %q", c.in, c.want, got)
		}
	}
}
