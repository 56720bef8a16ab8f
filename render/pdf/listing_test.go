package pdf

import (
	"bytes"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/internal/testkit/readback"
)

// TestListingNumbersLines holds that every source line carries its own
// number, once, in order, and that the pieces a long line wraps into leave
// the number column empty.
func TestListingNumbersLines(t *testing.T) {
	long := "description: " + strings.Repeat("wrapped-word ", 20) + "END-OF-LONG-LINE"
	tests := []struct {
		name  string
		src   string
		lines int // source lines
		wraps bool
	}{
		{"short", "a: 1\nb: 2\nc: 3\n", 3, false},
		{"long line wraps", "first: 1\n" + long + "\nlast: 3", 3, true},
		{"tabs and blank lines", "x:\n\ty: 1\n\nz: 2", 4, false},
	}
	numbered := regexp.MustCompile(`^\s*(\d+)(\s.*)?$`)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := writePDF(t, render(t, func(d *Document) error {
				d.Listing(tc.src)
				return nil
			}))
			var nums []string
			continuation := false
			for _, l := range strings.Split(allText(t, path), "\n") {
				// The test document's running header and footer are no listing.
				if strings.TrimSpace(l) == "" || strings.Contains(l, "ecspack test document") || strings.Contains(l, "Page 1 of") {
					continue
				}
				if m := numbered.FindStringSubmatch(l); m != nil {
					nums = append(nums, m[1])
					continue
				}
				continuation = true
			}
			var want []string
			for i := 1; i <= tc.lines; i++ {
				want = append(want, strconv.Itoa(i))
			}
			if !slices.Equal(nums, want) {
				t.Errorf("line numbers = %v, want %v", nums, want)
			}
			if continuation != tc.wraps {
				t.Errorf("unnumbered continuation lines: %v, want %v", continuation, tc.wraps)
			}
			if tc.wraps && !strings.Contains(squash(allText(t, path)), "END-OF-LONG-LINE") {
				t.Error("the end of the wrapped line is missing")
			}
		})
	}
}

// TestAttachEmbedsFiles holds that attached files are embedded whole and
// that poppler lists them under their names.
func TestAttachEmbedsFiles(t *testing.T) {
	files := []struct {
		name    string
		content []byte
	}{
		{"contoso/attachments/template.yaml", []byte("Resources:\n  Service: {}\n")},
		{"contoso/attachments/screen.png", append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0, 1, 2, 0xff}, 64)...)},
	}
	path := writePDF(t, render(t, func(d *Document) error {
		d.Paragraph("Attachments follow.")
		d.PageBreak()
		d.Heading(1, "Second page")
		d.Spans([]Span{{Text: "back to the heading", Anchor: "second-page"}})
		for _, f := range files {
			d.Attach(f.name, "attached for the test", f.content)
		}
		return nil
	}))
	names := readback.EmbeddedFiles(t, path)
	if len(names) != len(files) {
		t.Fatalf("pdfdetach -list = %q, want %d files", names, len(files))
	}
	for _, f := range files {
		if !slices.Contains(names, f.name) {
			t.Errorf("pdfdetach -list = %q, lacks %s", names, f.name)
			continue
		}
		if got := readback.EmbeddedFile(t, path, f.name); !bytes.Equal(got, f.content) {
			t.Errorf("%s: embedded %d bytes differ from the %d attached", f.name, len(got), len(f.content))
		}
	}
	readback.QPDFCheck(t, path)
	// The files must not move the pages: fpdf's own SetAttachments does,
	// and every bookmark and link then lands on the wrong page.
	if ol := readback.Outline(t, path); len(ol) != 1 || ol[0].Page != 2 {
		t.Errorf("outline = %+v, want one entry on page 2", ol)
	}
}
