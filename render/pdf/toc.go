package pdf

import (
	"context"
	"errors"
	"fmt"
	"strconv"
)

// maxPasses bounds the layout passes Render makes to settle the contents
// and keep headings off the foot of pages; keepPasses are the first passes
// that may still move a stranded heading, so that the last ones settle the
// contents' page numbers.
const (
	maxPasses  = 6
	keepPasses = 3
)

// ErrNoContents is returned by TableOfContents outside Render: page numbers
// are only known after a first layout pass.
var ErrNoContents = errors.New("pdf: TableOfContents needs Render (two-pass layout)")

// Render builds a document by running body on a fresh Document until the
// table of contents (if body prints one with TableOfContents) shows the
// pages the headings really land on, and no heading is left at the foot
// of a page without what follows it, and returns the PDF bytes.
//
// The first pass lays the document out and records each heading's page
// and the headings a page ended right after (keep.go); the next pass
// starts a new page before those and prints the contents with the pages
// of the pass before. If headings then land on other pages, one more pass
// settles them, so every number printed is the page of its heading.
//
// body must be repeatable: it is called up to six times and must lay out
// the same content each time. ctx is checked between passes; body should
// watch it for its own I/O.
func Render(ctx context.Context, opts Options, body func(d *Document) error) ([]byte, error) {
	sh := &shared{images: newImageCache(), inRender: true, breakBefore: map[int]bool{}}
	for pass := 1; ; pass++ {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("pdf: render: %w", err)
		}
		sh.newBreaks, sh.collectBreaks = false, pass <= keepPasses
		d, err := newDocument(opts, sh)
		if err != nil {
			return nil, err
		}
		if err := body(d); err != nil {
			return nil, fmt.Errorf("pdf: render: %w", err)
		}
		if err := d.Err(); err != nil {
			return nil, err
		}
		settled := (!d.tocPrinted || sameEntries(d.tocShown, contentsEntries(d.entries, d.tocMaxLevel))) && d.pageRefsSettled()
		if settled && !sh.newBreaks {
			d.keep.explicit = true // the last page ends with the document
			return d.Bytes()
		}
		if pass == maxPasses {
			return nil, fmt.Errorf("pdf: render: contents and page references did not settle after %d passes", maxPasses)
		}
		sh.tocEntries = d.entries
		sh.prevPages = d.pdf.PageCount()
	}
}

func contentsEntries(all []Entry, maxLevel int) []Entry {
	var out []Entry
	for _, e := range all {
		if e.InContents && e.Level <= maxLevel {
			out = append(out, e)
		}
	}
	return out
}

func sameEntries(a, b []Entry) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TableOfContents prints a "Contents" heading and one line per heading of
// level <= maxLevel (page number right-aligned, dotted leader, the whole
// line a link to the heading). Call it where the contents belong, usually
// after the cover and followed by PageBreak. It works only inside Render
// (ErrNoContents otherwise) and only once per document.
func (d *Document) TableOfContents(maxLevel int) error {
	if !d.sh.inRender {
		return ErrNoContents
	}
	if d.tocPrinted {
		return errors.New("pdf: TableOfContents called twice")
	}
	d.tocPrinted = true
	d.tocMaxLevel = maxLevel
	d.HeadingWithOptions(1, "Contents", HeadingOptions{ID: "contents", NoContents: true})
	d.tocShown = contentsEntries(d.sh.tocEntries, maxLevel)
	const numW = 12.0
	for _, e := range d.tocShown {
		size, style := 9.5, ""
		if e.Level == 1 {
			size, style = 10, "B"
		}
		lh := lineHeight(size)
		indent := float64(e.Level-1) * 5
		textW := d.width() - indent - numW - 4
		d.setFont(fontSans, style, size)
		lines := d.wrapPlain(e.Text, textW)
		if e.Level == 1 {
			d.gap(1.2)
		}
		d.ensure(float64(len(lines)) * lh)
		x0, y0 := d.left(), d.pdf.GetY()
		d.setTextColour(textColour)
		for i, line := range lines {
			d.pdf.SetXY(x0+indent, y0+float64(i)*lh)
			d.pdf.CellFormat(textW, lh, fontSafe(line), "", 0, "L", false, 0, "")
		}
		lastY := y0 + float64(len(lines)-1)*lh
		endX := x0 + indent + d.strWidth(lines[len(lines)-1]) + 1.5
		numX := x0 + d.width() - numW
		if endX < numX-1.5 {
			d.setDrawColour(mutedColour)
			d.pdf.SetLineWidth(0.25)
			d.pdf.SetLineCapStyle("round")
			d.pdf.SetDashPattern([]float64{0, 1.3}, 0)
			ly := lastY + lh*0.68
			d.pdf.Line(endX, ly, numX-1.5, ly)
			d.pdf.SetDashPattern(nil, 0)
			d.pdf.SetLineCapStyle("butt")
		}
		d.pdf.SetXY(numX, lastY)
		d.pdf.CellFormat(numW, lh, strconv.Itoa(e.Page), "", 0, "R", false, 0, "")
		h := float64(len(lines)) * lh
		d.LinkArea(x0, y0, d.width(), h, e.Anchor)
		d.pdf.SetXY(x0, y0+h)
	}
	d.setFont(fontSans, "", bodySize)
	d.gap(blockGap)
	return nil
}
