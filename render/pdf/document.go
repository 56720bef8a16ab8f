package pdf

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gobolditalic"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/gomonobold"
	"golang.org/x/image/font/gofont/goregular"
)

// RGB is a colour with 8-bit channels. Callers pass colours (for badges,
// for instance) instead of the engine knowing what a status means.
type RGB struct{ R, G, B uint8 }

// A small neutral palette for status badges and accents. They are values,
// not statuses: the caller decides that "met" is Green.
var (
	Green = RGB{0x1e, 0x8e, 0x3e}
	Red   = RGB{0xc5, 0x22, 0x1f}
	Amber = RGB{0xd9, 0x82, 0x00}
	Grey  = RGB{0x75, 0x7b, 0x82}
	Blue  = RGB{0x1a, 0x62, 0xc8}
)

// Internal colours and geometry (A4 portrait, millimetres).
var (
	textColour   = RGB{0x1f, 0x23, 0x28}
	mutedColour  = RGB{0x60, 0x66, 0x6d}
	ruleColour   = RGB{0xc8, 0xcc, 0xd0}
	linkColour   = RGB{0x1a, 0x55, 0xb0}
	codeBG       = RGB{0xf3, 0xf4, 0xf6}
	tableHeadBG  = RGB{0xe6, 0xe9, 0xed}
	tableZebraBG = RGB{0xf0, 0xf2, 0xf5}
)

const (
	pageW        = 210.0
	pageH        = 297.0
	marginLeft   = 20.0
	marginRight  = 20.0
	marginTop    = 22.0
	marginBottom = 20.0
	headerY      = 10.0
	footerUp     = 13.0 // the footer's distance from the page's bottom edge

	bodySize  = 10.0 // points
	smallSize = 8.0
	codeSize  = 8.5
	blockGap  = 2.6 // space after a block, mm

	fontSans = "go"
	fontMono = "gomono"

	ptToMM = 25.4 / 72
)

// BodyFamily is the font family of body text (the embedded Go fonts), for
// drawings replayed onto the page (diagram/pdfdraw) so that a document
// embeds one font set.
const BodyFamily = fontSans

// lineHeight is the leading used for a font size in points, in millimetres.
func lineHeight(sizePt float64) float64 { return sizePt * 1.38 * ptToMM }

// Options describe a document. Every field is optional.
type Options struct {
	// Title, Subject, Author, Creator and Keywords go to the PDF metadata.
	// Title is also printed on the right of the running header.
	Title, Subject, Author, Creator, Keywords string
	// Language is the document's BCP 47 language tag (e.g. "en-GB"), for
	// screen readers and search.
	Language string
	// Date is used as both CreationDate and ModDate. The clock is never read:
	// a zero Date is written as 1970-01-01T00:00:00Z so output stays
	// reproducible.
	Date time.Time
	// HeaderText, when set, gives the running header of a page (1-based)
	// and overrides the automatic one (the current level-1 heading or the
	// text given to SetRunningHeader).
	HeaderText func(page int) string
	// FooterText is printed on the left of every footer (e.g. the package
	// id); "Page X of Y" is printed on the right.
	FooterText string
	// PlainFirstPage leaves the first page (a cover) without header and footer.
	PlainFirstPage bool
	// Draft, when not empty, marks every page, the cover included, as a
	// draft: a light diagonal "DRAFT" across the page and this text as a tag
	// at the top (e.g. "DRAFT — not ready for submission"). Both are real text,
	// so a reader (and pdftotext) finds the mark on each page.
	Draft string
}

// draftColour is the light red of the draft watermark and tag.
var (
	draftColour    = RGB{0xc0, 0x39, 0x2b}
	watermarkAlpha = 0.12
)

// Entry is one heading of the document, as recorded for the outline and
// the table of contents.
type Entry struct {
	Level      int    // 1 = top level
	Text       string // the heading text
	Anchor     string // anchor id, usable with LinkArea, Spans and Markdown links
	Page       int    // 1-based page the heading is printed on
	InContents bool   // false for headings added with NoContents
}

// shared is what Render keeps across its passes.
type shared struct {
	images    *imageCache
	prevPages int // page count of the previous pass, 0 if unknown
	// breakBefore holds the headings (by index) stranded at a page foot in
	// an earlier pass, which start a new page (keep.go). collectBreaks
	// says this pass may add to it (never outside Render), newBreaks that
	// it did.
	breakBefore              map[int]bool
	collectBreaks, newBreaks bool
	tocEntries               []Entry // headings of the previous pass, for the contents
	inRender                 bool
}

// Document is a PDF being laid out. It is not safe for concurrent use.
// Create one with New (single pass, no table of contents) or let Render
// create it.
type Document struct {
	pdf  *fpdf.Fpdf
	opts Options
	sh   *shared

	anchors   map[string]int // anchor id -> fpdf link id
	pageRefs  map[string]int // anchor id -> page PageOf answered (pageref.go)
	defined   map[string]bool
	slugCount map[string]int
	entries   []Entry
	lastBM    int // level (0-based) of the last bookmark, -1 before the first

	rh   runningHeader
	keep keepState

	tocPrinted  bool
	tocMaxLevel int
	tocShown    []Entry // entries the contents printed in this pass
	lineOpen    bool    // an inline element (Badge) left the cursor mid-line
	lineOpenH   float64
	// attachments are the files embedded with Attach, written by Bytes.
	attachments []attachment
	err         error
}

// New creates an empty single-pass document. Use Render instead when the
// document has a table of contents.
func New(opts Options) (*Document, error) {
	return newDocument(opts, &shared{images: newImageCache()})
}

func newDocument(opts Options, sh *shared) (*Document, error) {
	f := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm", SizeStr: "A4"})
	d := &Document{
		pdf:       f,
		opts:      opts,
		sh:        sh,
		anchors:   map[string]int{},
		defined:   map[string]bool{},
		slugCount: map[string]int{},
		lastBM:    -1,
	}
	date := opts.Date
	if date.IsZero() {
		date = time.Unix(0, 0)
	}
	date = date.UTC()
	f.SetCatalogSort(true)
	f.SetCreationDate(date)
	f.SetModificationDate(date)
	f.SetProducer("ecspack render/pdf (go-pdf/fpdf)", true)
	if opts.Title != "" {
		f.SetTitle(fontSafe(opts.Title), true)
	}
	if opts.Subject != "" {
		f.SetSubject(fontSafe(opts.Subject), true)
	}
	if opts.Author != "" {
		f.SetAuthor(fontSafe(opts.Author), true)
	}
	if opts.Creator != "" {
		f.SetCreator(fontSafe(opts.Creator), true)
	}
	if opts.Keywords != "" {
		f.SetKeywords(fontSafe(opts.Keywords), true)
	}
	if opts.Language != "" {
		f.SetLang(opts.Language)
	}
	f.SetMargins(marginLeft, marginTop, marginRight)
	f.SetAutoPageBreak(true, marginBottom)
	f.SetCellMargin(0)
	f.AliasNbPages("{nb}")
	f.SetDisplayMode("fullwidth", "continuous")
	for _, ft := range []struct {
		family, style string
		ttf           []byte
	}{
		{fontSans, "", goregular.TTF},
		{fontSans, "B", gobold.TTF},
		{fontSans, "I", goitalic.TTF},
		{fontSans, "BI", gobolditalic.TTF},
		{fontMono, "", gomono.TTF},
		{fontMono, "B", gomonobold.TTF},
	} {
		// fpdf writes into the slice it is given (the subsetter patches
		// tables in place): hand it a copy, or the shared gofont bytes change
		// and the next document embeds different font data.
		f.AddUTF8FontFromBytes(ft.family, ft.style, bytes.Clone(ft.ttf))
	}
	if err := f.Error(); err != nil {
		return nil, fmt.Errorf("pdf: load fonts: %w", err)
	}
	f.SetHeaderFunc(d.startPage)
	f.SetFooterFunc(d.decoratePage)
	d.setFont(fontSans, "", bodySize)
	d.setTextColour(textColour)
	f.AddPage()
	return d, nil
}

// Fpdf gives direct access to the underlying fpdf document for vector
// drawing (diagrams). Draw inside the box returned by Reserve or Available
// and leave fonts and colours as you found them. Register images through
// Image, not fpdf, to keep the output deterministic.
func (d *Document) Fpdf() *fpdf.Fpdf { return d.pdf }

// Available returns the box left on the current page below the cursor:
// its top-left corner (x, y) and its width and height, in millimetres.
func (d *Document) Available() (x, y, w, h float64) {
	d.endLine()
	l, _, r, _ := d.pdf.GetMargins()
	pw, _ := d.pageSize()
	return l, d.pdf.GetY(), pw - l - r, d.trigger() - d.pdf.GetY()
}

// Reserve makes room for a drawing of height h: it starts a new page when h
// does not fit below the cursor, moves the cursor below the box and returns
// the box's top-left corner and width. A height larger than a whole page is
// cut to the page.
func (d *Document) Reserve(h float64) (x, y, w float64) {
	d.endLine()
	if max := d.trigger() - marginTop; h > max {
		h = max
	}
	d.ensure(h)
	l, _, r, _ := d.pdf.GetMargins()
	pw, _ := d.pageSize()
	x, y, w = l, d.pdf.GetY(), pw-l-r
	d.pdf.SetXY(l, y+h)
	return x, y, w
}

// ReserveRest reserves the rest of the page for a drawing, starting a new
// page first when less than minHeight is left; it returns the box.
func (d *Document) ReserveRest(minHeight float64) (x, y, w, h float64) {
	_, _, _, h = d.Available()
	h -= 2
	if h < minHeight {
		d.PageBreak()
		_, _, _, h = d.Available()
		h -= 2
	}
	x, y, w = d.Reserve(h)
	return x, y, w, h
}

// PageBreak starts a new page.
func (d *Document) PageBreak() {
	d.endLine()
	d.keep.explicit = true
	d.pdf.AddPage()
}

// Spacer adds vertical space of h millimetres (starting a new page when the
// space runs past the bottom margin).
func (d *Document) Spacer(h float64) {
	d.endLine()
	if d.pdf.GetY()+h > d.trigger() {
		d.pdf.AddPage()
		return
	}
	d.pdf.SetY(d.pdf.GetY() + h)
}

// SetRunningHeader starts a section with this running header at the cursor
// (until the next level-1 or level-2 heading or call). A page shows the
// first section that starts on it, or else the one current when it began;
// called right after a heading, it names that heading's section. A header
// too wide for its place is shortened at a word, keeping the part after
// the last " · " (see fitHeader).
func (d *Document) SetRunningHeader(text string) {
	d.startSection(text, d.chained())
}

// Page returns the current (1-based) page number.
func (d *Document) Page() int { return d.pdf.PageNo() }

// Outline returns every heading added so far, in order, with its page.
func (d *Document) Outline() []Entry {
	return append([]Entry(nil), d.entries...)
}

// Err returns the first error recorded by the document or by fpdf.
func (d *Document) Err() error {
	if d.err != nil {
		return d.err
	}
	if err := d.pdf.Error(); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	return nil
}

// UnresolvedAnchors lists anchors that were linked to but never defined by
// a heading or Anchor, sorted. Links to them point at the first page.
func (d *Document) UnresolvedAnchors() []string {
	var out []string
	for id := range d.anchors {
		if !d.defined[id] {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

// Bytes finishes the document and returns the PDF. The document cannot be
// written to afterwards.
func (d *Document) Bytes() ([]byte, error) {
	d.endLine()
	if err := d.Err(); err != nil {
		return nil, err
	}
	for _, id := range d.UnresolvedAnchors() {
		d.pdf.SetLink(d.anchors[id], 0, 1)
	}
	var buf bytes.Buffer
	if err := d.pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("pdf: write: %w", err)
	}
	if len(d.attachments) > 0 {
		return appendAttachments(buf.Bytes(), d.attachments)
	}
	return buf.Bytes(), nil
}

// --- page decoration -------------------------------------------------------

// startPage runs when fpdf opens a page: it remembers the running header
// the page began with.
func (d *Document) startPage() {
	if d.rh.page == nil {
		d.rh.page = map[int]string{}
	}
	d.rh.page[d.pdf.PageNo()] = d.rh.current
}

// decoratePage runs when fpdf closes a page. Header and footer are both
// drawn here, so the header can name a section that starts on the page.
func (d *Document) decoratePage() {
	f := d.pdf
	page := f.PageNo()
	d.pageEnds(f.GetY())
	pageW, pageH := d.pageSize() // a landscape page has its own
	footerY := pageH - footerUp
	d.drawDraftMark()
	if d.opts.PlainFirstPage && page == 1 {
		return
	}
	header := d.rh.page[page]
	if d.opts.HeaderText != nil {
		header = d.opts.HeaderText(page)
	}
	d.setFont(fontSans, "", smallSize)
	d.setTextColour(mutedColour)
	lh := lineHeight(smallSize)
	contentW := pageW - marginLeft - marginRight
	if header != "" || d.opts.Title != "" {
		title := d.opts.Title
		lw, rw := headerWidths(d.strWidth(header), d.strWidth(title), contentW, 4)
		if header != "" {
			f.SetXY(marginLeft, headerY)
			f.CellFormat(lw, lh, d.fitHeader(header, lw), "", 0, "L", false, 0, "")
		}
		if title != "" {
			f.SetXY(pageW-marginRight-rw, headerY)
			f.CellFormat(rw, lh, d.fitWords(title, rw), "", 0, "R", false, 0, "")
		}
		d.setDrawColour(ruleColour)
		f.SetLineWidth(0.2)
		f.Line(marginLeft, headerY+lh+0.8, pageW-marginRight, headerY+lh+0.8)
	}
	d.setDrawColour(ruleColour)
	f.SetLineWidth(0.2)
	f.Line(marginLeft, footerY-1, pageW-marginRight, footerY-1)
	if d.opts.FooterText != "" {
		f.SetXY(marginLeft, footerY)
		f.CellFormat(contentW*0.7, lh, d.fitWords(d.opts.FooterText, contentW*0.7), "", 0, "L", false, 0, "")
	}
	// "{nb}" is replaced by the page count when the file is written, so the
	// right edge is computed with the count of the previous pass (or a guess).
	total := "99"
	if d.sh.prevPages > 0 {
		total = strconv.Itoa(d.sh.prevPages)
	}
	pfx := fmt.Sprintf("Page %d of ", page)
	w := f.GetStringWidth(pfx + total)
	f.SetXY(pageW-marginRight-w, footerY)
	f.CellFormat(w+5, lh, pfx+"{nb}", "", 0, "L", false, 0, "")
}

// drawDraftMark prints the draft watermark and tag on the current page when
// Options.Draft is set. It runs when the page closes, so the watermark lies
// over the content, translucent enough to leave it readable.
func (d *Document) drawDraftMark() {
	if d.opts.Draft == "" {
		return
	}
	f := d.pdf
	pageW, pageH := d.pageSize()
	x, y := f.GetXY()
	d.setTextColour(draftColour)
	f.SetAlpha(watermarkAlpha, "Normal")
	d.setFont(fontSans, "B", 110)
	w := f.GetStringWidth("DRAFT")
	f.TransformBegin()
	f.TransformRotate(55, pageW/2, pageH/2)
	f.Text(pageW/2-w/2, pageH/2+12, "DRAFT")
	f.TransformEnd()
	f.SetAlpha(1, "Normal")
	d.setFont(fontSans, "B", smallSize)
	tag := d.fitWords(d.opts.Draft, pageW-2*marginLeft)
	tw := f.GetStringWidth(tag)
	f.SetXY(pageW/2-tw/2, 3.5)
	f.CellFormat(tw, lineHeight(smallSize), tag, "", 0, "C", false, 0, "")
	f.SetXY(x, y)
}

// --- small helpers ---------------------------------------------------------

// setFont selects a font, skipping the call (and the operator fpdf would
// write into the page) when it is already current.
func (d *Document) setFont(family, style string, size float64) {
	if pt, _ := d.pdf.GetFontSize(); pt == size && d.pdf.GetFontFamily() == family && d.pdf.GetFontStyle() == style {
		return
	}
	d.pdf.SetFont(family, style, size)
}

func (d *Document) setTextColour(c RGB) { d.pdf.SetTextColor(int(c.R), int(c.G), int(c.B)) }
func (d *Document) setFillColour(c RGB) { d.pdf.SetFillColor(int(c.R), int(c.G), int(c.B)) }
func (d *Document) setDrawColour(c RGB) { d.pdf.SetDrawColor(int(c.R), int(c.G), int(c.B)) }

// trigger is the y at which fpdf breaks the page.
func (d *Document) trigger() float64 {
	_, h := d.pageSize()
	return h - marginBottom
}

// left and width are the current text column (margins change inside lists
// and quotes).
func (d *Document) left() float64 {
	l, _, _, _ := d.pdf.GetMargins()
	return l
}

func (d *Document) width() float64 {
	l, _, r, _ := d.pdf.GetMargins()
	pw, _ := d.pageSize()
	return pw - l - r
}

// atTop reports whether the cursor is at the top of a page.
func (d *Document) atTop() bool { return d.pdf.GetY() <= marginTop+0.01 }

// ensure starts a new page unless h millimetres fit below the cursor.
func (d *Document) ensure(h float64) {
	if d.pdf.GetY()+h > d.trigger()+0.001 && !d.atTop() {
		d.pdf.AddPage()
	}
	d.pdf.SetX(d.left())
}

// gap adds space between blocks, except at the top of a page.
func (d *Document) gap(h float64) {
	if d.atTop() {
		return
	}
	y := d.pdf.GetY() + h
	if y > d.trigger() {
		d.pdf.AddPage()
		return
	}
	d.pdf.SetXY(d.left(), y)
}

// endLine closes a line left open by an inline element such as Badge.
func (d *Document) endLine() {
	if !d.lineOpen {
		return
	}
	d.lineOpen = false
	d.pdf.SetXY(d.left(), d.pdf.GetY()+d.lineOpenH)
	d.gap(blockGap / 2)
}
