package pdf

// Keep-with-next for headings.
//
// A heading checks, when it is placed, that it fits with three lines below
// it; but what follows may be another heading, a one-line subtitle and a
// third heading, or a table whose first row is taller than three lines, and
// fpdf cannot take back what it drew. So Render looks at each pass's pages
// instead: when a page ends by running out of room less than keepMin below
// its last heading, that heading (with the headings chained above it, each
// less than keepMin above the next) is stranded, and the next pass starts
// a new page before the first of them. Breaks only accumulate, so the
// passes settle; a page ended by PageBreak strands nothing (the caller
// ended the section there).

// keepMin is how much must follow a heading on its page: two lines of body
// text and the space between blocks.
var keepMin = 2*lineHeight(bodySize) + blockGap

// headingPlace is where a heading of this pass was placed.
type headingPlace struct {
	page      int
	top, end  float64 // the cursor before the heading and after it
	breakable bool    // not at the top of its page: a break before it moves it
}

// keepState is the per-pass record of headings (and labels) and page ends.
type keepState struct {
	places   []headingPlace // by index, in the order they were placed
	explicit bool           // the page being closed was ended by PageBreak
}

// next returns the index of the heading or label about to be placed.
func (k *keepState) next() int { return len(k.places) }

// keepBreak reports whether the heading about to be placed (the index-th
// of the document) was stranded in an earlier pass and starts a new page.
func (d *Document) keepBreak(index int) bool {
	return d.sh.breakBefore[index] && !d.atTop()
}

// placeHeading records that heading (or label) index, the one next
// returned, was placed between top and the cursor on the current page.
func (d *Document) placeHeading(index int, top float64) {
	if index != len(d.keep.places) {
		return // a heading inside a heading: not possible, kept safe
	}
	d.keep.places = append(d.keep.places, headingPlace{page: d.pdf.PageNo(), top: top, end: d.pdf.GetY(), breakable: top > marginTop+0.01})
}

// Label prints a short paragraph that introduces what follows it ("Partner's
// answer", "Automated findings: 3 warn") and, like a heading, is kept on
// the page of the first lines of what follows (it is no heading: no
// bookmark, no anchor, no entry in the contents).
func (d *Document) Label(spans []Span) {
	d.endLine()
	index, top := d.keep.next(), d.pdf.GetY()
	if d.pdf.GetY()+4*lineHeight(bodySize) > d.trigger() && !d.atTop() || d.keepBreak(index) {
		d.pdf.AddPage()
		top = d.pdf.GetY()
	}
	d.flow(spans, bodySize, textColour)
	d.gap(blockGap)
	d.placeHeading(index, top)
}

// pageEnds runs as a page closes, the cursor at y: when the page ran out
// of room less than keepMin below its last heading, the chain of headings
// ending there is marked to start a new page in the next pass.
func (d *Document) pageEnds(y float64) {
	explicit := d.keep.explicit
	d.keep.explicit = false
	if explicit || !d.sh.collectBreaks {
		return
	}
	page := d.pdf.PageNo()
	last := len(d.keep.places) - 1
	if last < 0 || d.keep.places[last].page != page || y-d.keep.places[last].end >= keepMin {
		return
	}
	first := last
	for first > 0 {
		prev := d.keep.places[first-1]
		if prev.page != page || d.keep.places[first].top-prev.end >= keepMin {
			break
		}
		first--
	}
	if p := d.keep.places[first]; p.breakable && !d.sh.breakBefore[first] {
		d.sh.breakBefore[first] = true
		d.sh.newBreaks = true
	}
}
