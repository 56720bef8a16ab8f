package pdf

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/internal/testkit/readback"
)

// TestPageOfPrintsTheHeadingsPage holds that a page reference printed with
// PageOf names the page its heading lands on, for headings before and
// after the reference, with and without a contents page, and that a
// reference to a heading that does not exist prints no number.
func TestPageOfPrintsTheHeadingsPage(t *testing.T) {
	for _, withContents := range []bool{false, true} {
		t.Run(fmt.Sprintf("contents %v", withContents), func(t *testing.T) {
			body := func(d *Document) error {
				if withContents {
					if err := d.TableOfContents(1); err != nil {
						return err
					}
					d.PageBreak()
				}
				d.HeadingWithOptions(1, "Early", HeadingOptions{ID: "early"})
				for _, a := range []string{"early", "late", "missing"} {
					ref := "no page"
					if p, ok := d.PageOf(a); ok {
						ref = fmt.Sprintf("page %d", p)
					}
					d.Spans([]Span{{Text: "Reference to " + a + ": "}, {Text: ref, Anchor: "early"}})
				}
				for i := range 3 {
					d.PageBreak()
					d.Spans([]Span{{Text: fmt.Sprintf("filler %d", i)}})
				}
				d.HeadingWithOptions(1, "Late", HeadingOptions{ID: "late"})
				return d.Err()
			}
			data, err := Render(context.Background(), Options{}, body)
			if err != nil {
				t.Fatal(err)
			}
			path := writePDF(t, data)
			pages := readback.Pages(t, path)
			find := func(s string) int {
				for i, p := range pages {
					if strings.Contains(p, s) {
						return i + 1
					}
				}
				return 0
			}
			text := squash(allText(t, path))
			for _, h := range []string{"Early", "Late"} {
				p := find(h + "\n")
				if p == 0 {
					p = find(h)
				}
				if want := fmt.Sprintf("Reference to %s: page %d", strings.ToLower(h), p); !strings.Contains(text, want) {
					t.Errorf("want %q in\n%s", want, text)
				}
			}
			if !strings.Contains(text, "Reference to missing: no page") {
				t.Errorf("a missing heading got a page:\n%s", text)
			}
		})
	}
}
