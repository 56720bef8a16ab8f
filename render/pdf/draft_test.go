package pdf

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestDraftMarksEveryPage: with Options.Draft every page, the plain cover
// included, carries the tag as extractable text; without it no page does.
func TestDraftMarksEveryPage(t *testing.T) {
	const tag = "DRAFT — not ready for submission"
	body := func(d *Document) error {
		d.Heading(1, "Cover")
		d.PageBreak()
		for i := range 80 {
			d.Paragraph("Paragraph " + strings.Repeat("text ", 20) + string(rune('a'+i%26)))
		}
		return nil
	}
	for _, tc := range []struct {
		name  string
		draft string
	}{{"draft", tag}, {"ready", ""}} {
		t.Run(tc.name, func(t *testing.T) {
			opts := testOptions()
			opts.PlainFirstPage = true
			opts.Draft = tc.draft
			out, err := Render(context.Background(), opts, body)
			if err != nil {
				t.Fatal(err)
			}
			again, err := Render(context.Background(), opts, body)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(out, again) {
				t.Error("two renders of the same draft differ")
			}
			path := writePDF(t, out)
			n := strings.Count(allText(t, path), "\f")
			if n < 3 {
				t.Fatalf("only %d pages: the test needs several", n)
			}
			for p := 1; p <= n; p++ {
				text := squash(pageText(t, path, p))
				if has := strings.Contains(text, tag); has != (tc.draft != "") {
					t.Errorf("page %d: draft tag present = %v, want %v:\n%.200s", p, has, tc.draft != "", text)
				}
			}
		})
	}
}
