package pdf

import (
	"context"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/internal/testkit/readback"
)

// TestLandscapePages renders portrait, landscape and portrait pages in the
// multi-pass layout and reads them back: each page has the orientation it
// asked for (pdfinfo), a landscape page has its running header, footer and
// "Page X of Y" like any other, and the contents and the outline point at
// it.
func TestLandscapePages(t *testing.T) {
	opts := testOptions()
	opts.Draft = "DRAFT — not ready"
	out, err := Render(context.Background(), opts, func(d *Document) error {
		if err := d.TableOfContents(2); err != nil {
			return err
		}
		d.PageBreak()
		d.Heading(1, "Portrait section")
		d.Paragraph("Before the drawing.")
		d.LandscapePage()
		d.Heading(2, "Wide drawing")
		if !d.Landscape() {
			t.Error("Landscape() is false on a landscape page")
		}
		x, _, w, h := d.Available()
		if x != marginLeft || w != pageH-marginLeft-marginRight || h <= 0 {
			t.Errorf("Available on a landscape page = x %v w %v h %v", x, w, h)
		}
		d.PageBreak()
		d.Paragraph("After the drawing.")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	path := writePDF(t, out)
	readback.QPDFCheck(t, path)
	sizes := readback.PageSizes(t, path)
	tests := []struct {
		page      int
		landscape bool
		want      []string
	}{
		{2, false, []string{"Portrait section", "Before the drawing.", "Page 2 of 4"}},
		{3, true, []string{"Wide drawing", "Portrait section", "Page 3 of 4", "DRAFT — not ready"}},
		{4, false, []string{"After the drawing.", "Page 4 of 4"}},
	}
	if len(sizes) != 4 {
		t.Fatalf("%d pages, want 4", len(sizes))
	}
	for _, tt := range tests {
		w, h := sizes[tt.page-1][0], sizes[tt.page-1][1]
		if (w > h) != tt.landscape {
			t.Errorf("page %d is %g × %g pt, want landscape %v", tt.page, w, h, tt.landscape)
		}
		text := squash(pageText(t, path, tt.page))
		for _, s := range tt.want {
			if !strings.Contains(text, s) {
				t.Errorf("page %d does not show %q:\n%s", tt.page, s, text)
			}
		}
	}
	if toc := squash(pageText(t, path, 1)); !strings.Contains(toc, "Wide drawing 3") {
		t.Errorf("the contents do not list the landscape page's heading on page 3:\n%s", toc)
	}
	found := false
	for _, it := range readback.Outline(t, path) {
		for _, k := range it.Kids {
			found = found || (k.Title == "Wide drawing" && k.Page == 3)
		}
	}
	if !found {
		t.Error("the outline does not point at the landscape page's heading on page 3")
	}
}
