package pdf

import (
	"math"
	"strconv"

	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ecspack/ecspack/internal/textsafe"
)

// Span is a run of text with one style, the unit of rich text (Spans).
// Anchor makes the run an internal link, URL an external one; Anchor wins
// when both are set.
type Span struct {
	Text   string
	Bold   bool
	Italic bool
	Mono   bool // monospace on a light background, like a Markdown code span
	Strike bool
	Anchor string // internal link target (a heading or Anchor id)
	URL    string // external link target
	// Colour overrides the text colour when non-nil (links default to blue).
	Colour *RGB
}

// linkable reports whether u may become a clickable link in the PDF: only
// http, https and mailto URLs, without control characters or spaces. A
// "javascript:", "file:" or "data:" link in a partner's answer would run or
// open something on the reviewer's machine; such text prints as plain text.
func linkable(u string) bool {
	scheme, rest, ok := strings.Cut(u, ":")
	if !ok || rest == "" {
		return false
	}
	switch strings.ToLower(scheme) {
	case "http", "https", "mailto":
	default:
		return false
	}
	for _, r := range u {
		if r <= ' ' || (r >= 0x7F && r <= 0x9F) || !utf8.ValidRune(r) || r == utf8.RuneError {
			return false
		}
	}
	return true
}

// Paragraph prints plain text wrapped to the column. "\n" forces a line break.
func (d *Document) Paragraph(text string) {
	d.Spans([]Span{{Text: text}})
}

// Spans prints one paragraph of rich text. Runs wrap across style changes;
// words that are wider than the column (ARNs, URLs, hashes) are broken,
// preferably after '/', ':', '-', '.', so nothing overflows.
func (d *Document) Spans(spans []Span) {
	d.endLine()
	d.flow(spans, bodySize, textColour)
	d.gap(blockGap)
}

// flow lays out spans at the cursor in the current column and leaves the
// cursor at the start of the line below the text.
func (d *Document) flow(spans []Span, size float64, colour RGB) {
	l := &liner{d: d, size: size, colour: colour, lh: lineHeight(size), width: d.width()}
	for i := range spans {
		sp := &spans[i]
		d.spanFont(sp, size)
		for _, tok := range tokenize(fontSafe(sp.Text)) {
			switch tok {
			case "\n":
				l.flush(true)
			case " ":
				l.addSpace(sp)
			default:
				l.addWord(sp, tok)
			}
		}
	}
	l.flush(false)
}

// spanFont selects the font of a span.
func (d *Document) spanFont(sp *Span, size float64) {
	style := ""
	if sp.Bold {
		style += "B"
	}
	if sp.Mono {
		d.setFont(fontMono, style, size*0.9)
		return
	}
	if sp.Italic {
		style += "I"
	}
	d.setFont(fontSans, style, size)
}

// shortWord shortens an unbroken word (a name, an ARN, a hash) longer than
// textsafe.MaxName characters with a visible mark: a megabyte-long resource
// name would otherwise fill hundreds of pages every time it is mentioned.
func shortWord(w string) string {
	if len(w) <= textsafe.MaxName {
		return w
	}
	return textsafe.Shorten(w, textsafe.MaxName)
}

// tokenize splits text into words, single " " separators and "\n" breaks.
// Runs of white space collapse to one separator.
func tokenize(s string) []string {
	var out []string
	start := -1 // byte offset of the current word, -1 between words
	flushWord := func(end int) {
		if start >= 0 {
			// A slice of s, not a copy: a long word costs nothing until
			// shortWord cuts it.
			out = append(out, shortWord(s[start:end]))
			start = -1
		}
	}
	for i, r := range s {
		switch {
		case r == '\n':
			flushWord(i)
			out = append(out, "\n")
		case r == ' ' || r == '\t' || r == '\r':
			flushWord(i)
			if len(out) == 0 || out[len(out)-1] != " " {
				out = append(out, " ")
			}
		default:
			if start < 0 {
				start = i
			}
		}
	}
	flushWord(len(s))
	return out
}

// piece is a measured fragment of a line.
type piece struct {
	sp    *Span
	text  string
	w     float64
	space bool
}

// liner assembles pieces into lines and prints them.
type liner struct {
	d      *Document
	size   float64
	colour RGB
	lh     float64
	width  float64
	line   []piece
	lw     float64
}

// measure returns the width of s in the font of sp.
func (l *liner) measure(sp *Span, s string) float64 {
	l.d.spanFont(sp, l.size)
	return l.d.strWidth(s)
}

func (l *liner) addSpace(sp *Span) {
	if len(l.line) == 0 {
		return
	}
	if last := l.line[len(l.line)-1]; last.space {
		return
	}
	w := l.measure(sp, " ")
	l.line = append(l.line, piece{sp: sp, text: " ", w: w, space: true})
	l.lw += w
}

func (l *liner) addWord(sp *Span, word string) {
	width := func(s string) float64 { return l.measure(sp, s) }
	w := width(word)
	if l.lw+w <= l.width+0.01 {
		l.line = append(l.line, piece{sp: sp, text: word, w: w})
		l.lw += w
		return
	}
	// Carry the word glued to this one (no space between, e.g. "**x**,")
	// to the next line with it.
	cut := len(l.line)
	for cut > 0 && !l.line[cut-1].space {
		cut--
	}
	if cut > 0 {
		carry := append([]piece(nil), l.line[cut:]...)
		l.line = l.line[:cut]
		l.flush(true)
		for _, p := range carry {
			l.line = append(l.line, p)
			l.lw += p.w
		}
		if l.lw+w <= l.width+0.01 {
			l.line = append(l.line, piece{sp: sp, text: word, w: w})
			l.lw += w
			return
		}
	}
	// The word is wider than what is left even on a fresh line: break it
	// after a separator, with breakMark at the end of the line.
	for {
		avail := l.width - l.lw
		if l.lw > 0 && avail < l.width*0.25 {
			l.flush(true)
			avail = l.width
		}
		head, tail := breakToken(word, avail, width, l.lw == 0)
		if head == "" {
			if l.lw > 0 { // no separator fits here: try a fresh line
				l.flush(true)
				continue
			}
			head, tail = firstRune(word)
		}
		if tail != "" {
			head += breakMark
		}
		hw := width(head)
		l.line = append(l.line, piece{sp: sp, text: head, w: hw})
		l.lw += hw
		if tail == "" {
			return
		}
		l.flush(true)
		word = tail
	}
}

func firstRune(s string) (string, string) {
	_, n := utf8.DecodeRuneInString(s)
	return s[:n], s[n:]
}

// flush prints the current line. With force, an empty line still advances
// the cursor (an explicit line break).
func (l *liner) flush(force bool) {
	for len(l.line) > 0 && l.line[len(l.line)-1].space {
		l.line = l.line[:len(l.line)-1]
	}
	if len(l.line) == 0 {
		if force {
			l.d.ensure(l.lh)
			l.d.pdf.SetXY(l.d.left(), l.d.pdf.GetY()+l.lh)
		}
		l.lw = 0
		return
	}
	d := l.d
	d.ensure(l.lh)
	y := d.pdf.GetY()
	x := d.left()
	// Merge consecutive pieces of the same span into one text object.
	for i := 0; i < len(l.line); {
		j := i
		var sb strings.Builder
		w := 0.0
		for j < len(l.line) && l.line[j].sp == l.line[i].sp {
			sb.WriteString(l.line[j].text)
			w += l.line[j].w
			j++
		}
		sp := l.line[i].sp
		d.spanFont(sp, l.size)
		colour := l.colour
		link, url := 0, ""
		switch {
		case sp.Anchor != "":
			link = d.linkID(sp.Anchor)
			colour = linkColour
		case linkable(sp.URL):
			url = sp.URL
			colour = linkColour
		}
		if sp.Colour != nil {
			colour = *sp.Colour
		}
		d.setTextColour(colour)
		fill := false
		if sp.Mono {
			d.setFillColour(codeBG)
			fill = true
		}
		d.pdf.SetXY(x, y)
		d.pdf.CellFormat(w, l.lh, fontSafe(sb.String()), "", 0, "L", fill, link, url)
		if sp.Strike {
			// fpdf's own strike-out is tied to the font style; draw it here so
			// it follows the span's colour and width exactly.
			d.setDrawColour(colour)
			d.pdf.SetLineWidth(0.2)
			my := y + l.lh/2
			d.pdf.Line(x, my, x+w, my)
		}
		x += w
		i = j
	}
	d.setTextColour(textColour)
	d.pdf.SetXY(d.left(), y+l.lh)
	l.line = l.line[:0]
	l.lw = 0
}

// breakMark ends a line on which a word too wide for its column was broken,
// so a reader sees that the next line continues the same word (an ARN, a
// path) and does not copy a space into it.
const breakMark = "¬"

// breakToken splits a word wider than avail so that head and breakMark fit
// in avail. It breaks only after a separator ('.', '-', '_', '/', ':', ',', '='),
// never inside a run of letters and digits, and returns an empty head when
// no separator allows a fitting break. With force (the word starts a line
// of its own and still does not fit) a word without a fitting separator is
// broken at the last character that fits instead. A word that fits is
// returned whole. head is empty when not even one character fits.
func breakToken(word string, avail float64, width func(string) float64, force bool) (head, tail string) {
	offs := fittingPrefix(word, avail, width)
	if offs[len(offs)-1] == len(word) && width(word) <= avail {
		return word, ""
	}
	room := avail - width(breakMark)
	// Longest prefix that fits with the mark, by binary search on the rune
	// count.
	lo, hi := 0, len(offs)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if width(word[:offs[mid]]) <= room {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	for i := lo; i > 0; i-- {
		r, _ := utf8.DecodeRuneInString(word[offs[i-1]:])
		if isWordBreak(r) && offs[i] < len(word) {
			return word[:offs[i]], word[offs[i]:]
		}
	}
	if !force || lo == 0 {
		return "", word
	}
	return word[:offs[lo]], word[offs[lo]:]
}

// fittingPrefix returns the byte offsets of the runes of the first part of
// word that can fit in avail, and the offset after them. Only the first
// runes of a long word can fit: it looks at a window that doubles until it
// no longer fits, so that the work is bounded by the line's length and not
// the word's (a 2 MiB unbroken line took minutes).
func fittingPrefix(word string, avail float64, width func(string) float64) []int {
	var offs []int
	for limit := 64; ; limit *= 2 {
		offs = offs[:0]
		for i := range word {
			if len(offs) > limit {
				break
			}
			offs = append(offs, i)
		}
		if len(offs) <= limit { // the window is the whole word
			offs = append(offs, len(word))
		}
		if end := offs[len(offs)-1]; end == len(word) || width(word[:end]) > avail {
			return offs
		}
	}
}

// isWordBreak reports whether a word may be broken after r: the separators
// of identifiers, paths and ARNs.
func isWordBreak(r rune) bool {
	switch r {
	case '.', '-', '_', '/', ':', ',', '=':
		return true
	}
	return false
}

// isBreakAfter reports whether a code line may be broken after r.
func isBreakAfter(r rune) bool {
	switch r {
	case '/', ':', '-', '_', '.', ',', ';', '=', '&', '?', '|', '@', '+':
		return true
	}
	return false
}

// wrapPlain wraps text (one style, the current font) to width w and
// returns the lines. A word wider than w is broken after a separator with
// breakMark (see breakToken). It is used for table cells.
func (d *Document) wrapPlain(text string, w float64) []string {
	var lines []string
	spaceW := d.strWidth(" ")
	for _, para := range strings.Split(fontSafe(text), "\n") {
		cur := ""
		curW := 0.0
		for _, word := range strings.Fields(para) {
			word = shortWord(word)
			ww := d.strWidth(word)
			add := ww
			if cur != "" {
				add += spaceW
			}
			if curW+add <= w+0.01 {
				if cur != "" {
					cur += " "
				}
				cur += word
				curW += add
				continue
			}
			if cur != "" && ww <= w+0.01 {
				lines = append(lines, cur)
				cur, curW = word, ww
				continue
			}
			lines, cur, curW = d.breakWord(lines, cur, curW, word, w)
		}
		lines = append(lines, cur)
	}
	return lines
}

// breakWord wraps a word wider than w onto the lines, starting on the
// current line cur when enough room is left there, and returns the lines
// and the open last line with its width.
func (d *Document) breakWord(lines []string, cur string, curW float64, word string, w float64) ([]string, string, float64) {
	spaceW := d.strWidth(" ")
	for word != "" {
		avail := w
		if cur != "" {
			avail = w - curW - spaceW
			if avail < w*0.25 {
				lines = append(lines, cur)
				cur, curW = "", 0
				avail = w
			}
		}
		head, tail := breakToken(word, avail, d.strWidth, cur == "")
		if head == "" {
			if cur != "" { // no separator fits here: try a fresh line
				lines = append(lines, cur)
				cur, curW = "", 0
				continue
			}
			head, tail = firstRune(word)
		}
		if tail != "" {
			head += breakMark
		}
		if cur != "" {
			cur += " "
		}
		cur += head
		curW = d.strWidth(cur)
		word = tail
		if word != "" {
			lines = append(lines, cur)
			cur, curW = "", 0
		}
	}
	return lines, cur, curW
}

// --- headings and anchors --------------------------------------------------

// HeadingOptions refine HeadingWithOptions.
type HeadingOptions struct {
	// ID is the anchor id other places link to (e.g. "ECS-004"). When
	// empty, an id is derived from the text ("ecs-004-task-roles"), made
	// unique with a numeric suffix.
	ID string
	// NoBookmark leaves the heading out of the PDF outline and the
	// table of contents (it still gets an anchor).
	NoBookmark bool
	// NoContents keeps the bookmark but leaves the heading out of the
	// table of contents.
	NoContents bool
}

var headingSizes = [...]float64{0, 17, 14, 12, 10.5, 10, 10}

// Heading prints a heading of level 1 (largest) to 6 and returns its anchor
// id. It adds a bookmark at that level and an entry to the table of
// contents. Level-1 and level-2 headings start a section of the running
// header (see SetRunningHeader).
func (d *Document) Heading(level int, text string) string {
	return d.HeadingWithOptions(level, text, HeadingOptions{})
}

// HeadingWithOptions is Heading with a chosen anchor id and outline options.
func (d *Document) HeadingWithOptions(level int, text string, o HeadingOptions) string {
	d.endLine()
	chained := d.chained()
	index, top := d.keep.next(), d.pdf.GetY()
	level = max(1, min(level, 6))
	text = strings.Join(strings.Fields(fontSafe(text)), " ")
	size := headingSizes[level]
	lh := lineHeight(size)
	above := []float64{0, 6, 5, 4, 3, 3, 3}[level]
	// Keep the heading with at least three lines of what follows, and off
	// the page whose foot an earlier pass stranded it at (keep.go).
	need := above + lh + 3*lineHeight(bodySize)
	if d.pdf.GetY()+need > d.trigger() && !d.atTop() || d.keepBreak(index) {
		d.pdf.AddPage()
		top = d.pdf.GetY()
	}
	d.gap(above)
	chained = d.beginHeading(chained)
	if level <= 2 {
		d.startSection(d.headingSection(level, text), chained)
	}
	id := o.ID
	if id == "" {
		id = d.uniqueSlug(text)
	}
	d.Anchor(id)
	page := d.pdf.PageNo()
	y := d.pdf.GetY()
	if !o.NoBookmark {
		// fpdf's outline needs levels that step down one at a time.
		bm := min(level-1, d.lastBM+1)
		d.pdf.Bookmark(fontSafe(text), bm, y)
		d.lastBM = bm
	}
	d.entries = append(d.entries, Entry{Level: level, Text: text, Anchor: id, Page: page,
		InContents: !o.NoBookmark && !o.NoContents})

	style := "B"
	colour := textColour
	if level >= 5 {
		style = "BI"
		colour = mutedColour
	}
	l := &liner{d: d, size: size, colour: colour, lh: lh, width: d.width()}
	sp := Span{Text: text, Bold: true, Italic: style == "BI"}
	d.spanFont(&sp, size)
	for _, tok := range tokenize(text) {
		if tok == " " {
			l.addSpace(&sp)
		} else if tok != "\n" {
			l.addWord(&sp, tok)
		}
	}
	l.flush(false)
	if level <= 2 {
		d.setDrawColour(ruleColour)
		d.pdf.SetLineWidth(0.3)
		yy := d.pdf.GetY() + 0.6
		d.pdf.Line(d.left(), yy, d.left()+d.width(), yy)
		d.pdf.SetY(yy + 0.4)
	}
	d.gap(1.8)
	d.rh.chainPage, d.rh.chainEnd = d.pdf.PageNo(), d.pdf.GetY()
	d.placeHeading(index, top)
	return id
}

// Anchor defines the anchor id at the cursor, so that links to it (from
// Spans, LinkArea or Markdown) land here. The first definition wins.
func (d *Document) Anchor(id string) {
	if d.defined[id] {
		return
	}
	d.defined[id] = true
	d.pdf.SetLink(d.linkID(id), d.pdf.GetY(), d.pdf.PageNo())
}

// LinkArea makes the rectangle (x, y, w, h) on the current page a link to
// the anchor id; diagrams use it to make a node clickable.
func (d *Document) LinkArea(x, y, w, h float64, anchor string) {
	d.pdf.Link(x, y, w, h, d.linkID(anchor))
}

// linkID returns the fpdf link of an anchor, creating it on first use so
// links can point forward.
func (d *Document) linkID(anchor string) int {
	if id, ok := d.anchors[anchor]; ok {
		return id
	}
	id := d.pdf.AddLink()
	d.anchors[anchor] = id
	return id
}

// uniqueSlug derives an anchor id from heading text.
func (d *Document) uniqueSlug(text string) string {
	return d.uniqueID(Slug(text))
}

// uniqueID makes an anchor id unique in the document with a numeric suffix.
func (d *Document) uniqueID(s string) string {
	if s == "" {
		s = "section"
	}
	d.slugCount[s]++
	if n := d.slugCount[s]; n > 1 {
		s += "-" + strconv.Itoa(n)
	}
	return s
}

// Slug turns heading text into the anchor id Heading would derive from it
// (lower case letters and digits joined by '-'), before de-duplication.
func Slug(text string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(text) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		} else {
			dash = true
		}
	}
	return b.String()
}

// --- badge -----------------------------------------------------------------

// Badge prints label as a small coloured pill at the cursor and keeps the
// cursor on the same line, so several badges (or a badge after a heading)
// sit side by side. The next block starts on a new line. The label is
// white or black, whichever reads better on colour.
func (d *Document) Badge(label string, colour RGB) {
	const size = 7.5
	h := 4.6
	label = fontSafe(label)
	d.setFont(fontSans, "B", size)
	tw := d.strWidth(label)
	w := tw + 4.4
	x, y := d.pdf.GetX(), d.pdf.GetY()
	if !d.lineOpen {
		x = d.left()
		d.ensure(h + 1)
		y = d.pdf.GetY()
	} else if x+w > d.left()+d.width() {
		d.pdf.SetXY(d.left(), y+d.lineOpenH)
		x = d.left()
		d.ensure(h + 1)
		y = d.pdf.GetY()
	}
	d.setFillColour(colour)
	d.pdf.RoundedRect(x, y, w, h, h/2, "1234", "F")
	fg := RGB{255, 255, 255}
	if lum := 0.299*float64(colour.R) + 0.587*float64(colour.G) + 0.114*float64(colour.B); lum > 165 {
		fg = RGB{0, 0, 0}
	}
	d.setTextColour(fg)
	d.pdf.SetXY(x, y)
	d.pdf.CellFormat(w, h, fontSafe(label), "", 0, "C", false, 0, "")
	d.setTextColour(textColour)
	d.setFont(fontSans, "", bodySize)
	d.pdf.SetXY(x+w+1.5, y)
	d.lineOpen = true
	d.lineOpenH = h + 1
}

// KeptSpans prints a short paragraph (a row of a list the reader follows
// line by line, such as the evidence map) whole on one page: when the
// rest of the page cannot hold it, it starts on the next. The height is
// estimated from the text's width, rounded up by a line for wrapping; a
// paragraph longer than a third of a page flows as Spans does.
func (d *Document) KeptSpans(spans []Span) {
	d.endLine()
	var w float64
	breaks := 0
	for i := range spans {
		d.spanFont(&spans[i], bodySize)
		w += d.strWidth(spans[i].Text)
		breaks += strings.Count(spans[i].Text, "\n")
	}
	lines := math.Ceil(w/d.width()) + float64(breaks) + 1
	if h := lines * lineHeight(bodySize); h < (d.trigger()-marginTop)/3 {
		d.ensure(h)
	}
	d.Spans(spans)
}
