// Package figure places an architecture diagram on a page of a document
// built with render/pdf, one way for the reviewer PDF and the runbooks, so a
// diagram prints the same in both: upright on a landscape page of its own,
// at a scale that keeps its smallest text legible on A4 and US Letter, with
// links between an overview and its detail pages.
package figure

import (
	"bytes"
	"strings"
	"sync"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gobolditalic"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"

	"github.com/ecspack/ecspack/diagram"
	"github.com/ecspack/ecspack/diagram/drawop"
	"github.com/ecspack/ecspack/diagram/pdfdraw"
	"github.com/ecspack/ecspack/render/pdf"
)

// MinText is the smallest text size, in points, a diagram page prints.
// Printed at 100 %, 6 pt is the legibility floor the reviewers asked for;
// the documents are A4, and a printer fitting an A4 landscape page to US
// Letter shrinks it by 279.4/297 ≈ 0.941 (Letter's long side over A4's), so
// 6.4 pt on the page still prints at 6.02 pt on Letter. At 100 % on Letter
// nothing is lost either: the A4 landscape body (257 × 168 mm) lies inside
// Letter's sheet (279.4 × 215.9 mm) with 11 mm to spare on each side.
const MinText = 6.4

// Bands reserved on a diagram page, in millimetres: the page's heading
// above the drawing (one line of a level-2 heading with its rule and gap),
// and the lines under it that link an overview to its detail pages.
const (
	headingBand = 10.0
	linksBand   = 9.0
)

const ptPerMM = 72 / 25.4

// Room is the box a diagram page draws in, for diagram.Build to split an
// estate until every page fits it: the landscape page's body less the
// heading and links bands, with the text the documents print (the Go
// fonts, condensed where Graphviz measured narrower; see
// pdfdraw.SmallestText) at MinText or larger.
func Room() diagram.Room {
	w, _ := pdf.LandscapeBody()
	var mu sync.Mutex
	var meter *fpdf.Fpdf
	return diagram.Room{
		Width:   w * ptPerMM,
		Height:  roomHeight() * ptPerMM,
		MinText: MinText,
		SmallestText: func(dr drawop.Drawing) float64 {
			mu.Lock()
			defer mu.Unlock()
			if meter == nil {
				meter = newMeter()
			}
			return pdfdraw.SmallestText(meter, dr, meterFamily)
		},
	}
}

// roomHeight is the height of a diagram page's drawing box in millimetres.
func roomHeight() float64 {
	_, h := pdf.LandscapeBody()
	return h - headingBand - linksBand
}

// meterFamily is the family the measuring document registers the Go fonts
// under: the same faces as pdf.BodyFamily, which the pages print in.
const meterFamily = "go"

// newMeter returns an fpdf document that only measures strings in the Go
// fonts the documents print diagrams with.
func newMeter() *fpdf.Fpdf {
	f := fpdf.New("L", "pt", "A4", "")
	for _, ft := range []struct {
		style string
		ttf   []byte
	}{{"", goregular.TTF}, {"B", gobold.TTF}, {"I", goitalic.TTF}, {"BI", gobolditalic.TTF}} {
		f.AddUTF8FontFromBytes(meterFamily, ft.style, bytes.Clone(ft.ttf)) // fpdf patches what it is given
	}
	f.AddPage()
	return f
}

// Link is a line under a diagram leading to another diagram page.
type Link struct {
	// Label says what the page is ("Detail: ECS cluster web · part 1 of 2").
	Label string
	// Anchor is the heading id of that page.
	Anchor string
}

// Links returns the links of diagram dg among ds: an overview leads to the
// detail pages that name it in Overviews, a detail page back to its
// overviews. anchor gives the heading id of a diagram by its ID.
func Links(ds []diagram.Diagram, dg diagram.Diagram, anchor func(id string) string) []Link {
	var out []Link
	title := func(d diagram.Diagram) string { return d.Title }
	for _, o := range dg.Overviews {
		for _, d := range ds {
			if d.ID == o {
				out = append(out, Link{Label: "Overview: " + title(d), Anchor: anchor(d.ID)})
			}
		}
	}
	for _, d := range ds {
		for _, o := range d.Overviews {
			if o == dg.ID {
				out = append(out, Link{Label: "Detail: " + title(d), Anchor: anchor(d.ID)})
			}
		}
	}
	return out
}

// Page starts the landscape page a diagram is printed on. The caller then
// prints the page's heading and calls Draw.
func Page(d *pdf.Document) { d.LandscapePage() }

// Draw fills the page below the cursor, less the links band, with the
// diagram as vectors, upright and centred, then prints its links. A
// diagram without a drawing is said to have none rather than left as a
// blank page.
func Draw(d *pdf.Document, dg diagram.Diagram, links []Link) error {
	dr := dg.Drawing
	if dr.Width <= 0 || dr.Height <= 0 || len(dr.Ops) == 0 {
		d.Paragraph("(This diagram has no drawing.)")
		return nil
	}
	_, _, _, h := d.Available()
	if h-linksBand < minHeight {
		d.PageBreak()
		_, _, _, h = d.Available()
	}
	// The links band gives way when the heading took a second line: the
	// drawing keeps the height Room promised, and the links flow on.
	h = max(h-linksBand, min(h, roomHeight()))
	x, y, w := d.Reserve(h)
	if err := pdfdraw.Draw(d.Fpdf(), dr, x, y, w, h, pdfdraw.Options{FontFamily: pdf.BodyFamily}); err != nil {
		return err
	}
	printLinks(d, links)
	return nil
}

// minHeight is the least room, in millimetres, a diagram needs on the
// current page; with less it starts a new page.
const minHeight = 60

// printLinks prints the links as one small paragraph: "Detail pages:" or
// "Overview:" followed by each page's title, each a link. The detail pages
// of one cluster split in parts ("… · part 2 of 5 (1 service)") share one
// title and list their part numbers, each a link, so the paragraph stays
// within the band below the drawing instead of spilling onto a page of its
// own.
func printLinks(d *pdf.Document, links []Link) {
	if len(links) == 0 {
		return
	}
	var spans []pdf.Span
	prev := ""
	for _, l := range links {
		head, part, isPart := strings.Cut(l.Label, " · part ")
		n, _, _ := strings.Cut(part, " ")
		switch {
		case isPart && head == prev:
			spans = append(spans, pdf.Span{Text: ", "}, pdf.Span{Text: n, Anchor: l.Anchor})
			continue
		case len(spans) > 0:
			spans = append(spans, pdf.Span{Text: " · "})
		}
		if isPart {
			spans = append(spans, pdf.Span{Text: head + " · parts "}, pdf.Span{Text: n, Anchor: l.Anchor})
			prev = head
			continue
		}
		prev = ""
		spans = append(spans, pdf.Span{Text: l.Label, Anchor: l.Anchor})
	}
	d.Spans(spans)
}
