package pdf

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// runningHeader is what the running header of each page says.
//
// A page names the first section that starts on it, or else the section
// current when it began. A section starts where a level-1 or level-2
// heading is placed or SetRunningHeader is called; starts chained to it
// with nothing but space between (a level-2 heading right below a level-1
// one, SetRunningHeader right after a heading) refine it, because they
// start at the same place. The header is decided when the heading is
// placed (after keep-with-next moved it to its page), never from a
// previous pass.
type runningHeader struct {
	current string         // the section in force at the cursor
	level1  string         // the last level-1 heading
	page    map[int]string // the header of each page
	started int            // the last page on which a section started

	// The end of the last heading drawn: a start at most chainSlack below
	// it on the same page is chained to it. chainFirst says whether the
	// chain began before any section started on its page.
	chainPage  int
	chainEnd   float64
	chainFirst bool
}

// chainSlack is the space (mm) that may separate chained starts: a Spacer,
// not a line of text.
const chainSlack = 3.0

// chained reports whether a section starting at the cursor is chained to
// the last heading (nothing but space since it was drawn).
func (d *Document) chained() bool {
	return d.pdf.PageNo() == d.rh.chainPage && d.pdf.GetY() <= d.rh.chainEnd+chainSlack
}

// beginHeading notes that a heading is placed at the cursor, chained (or
// not) to the heading before it, and returns whether it still is: a heading
// that keep-with-next moved to a new page begins a chain of its own.
func (d *Document) beginHeading(chained bool) bool {
	if p := d.pdf.PageNo(); !chained || p != d.rh.chainPage {
		d.rh.chainFirst = d.rh.started != p
		return false
	}
	return true
}

// startSection makes text the running header from the cursor on, and the
// current page's header if no section started on the page yet, or this
// start is chained to the heading chain that began the page's first section.
func (d *Document) startSection(text string, chained bool) {
	if d.rh.page == nil {
		d.rh.page = map[int]string{}
	}
	d.rh.current = text
	p := d.pdf.PageNo()
	if d.rh.started != p || chained && d.rh.chainFirst {
		d.rh.page[p] = text
	}
	if text != "" { // a section without a header leaves the page to the next
		d.rh.started = p
	}
}

// headingSection is the running header a heading of level 1 or 2 starts:
// a level-1 heading's text; a level-2 heading's text after its level-1
// heading's. A level-1 heading that repeats the document title printed
// beside it (a runbook whose only level-1 heading is its title) is left
// out rather than printed twice.
func (d *Document) headingSection(level int, text string) string {
	if level == 1 {
		d.rh.level1 = text
		if strings.EqualFold(text, d.opts.Title) {
			d.rh.level1 = ""
		}
		return d.rh.level1
	}
	if d.rh.level1 == "" {
		return text
	}
	return d.rh.level1 + headerSep + text
}

// headerSep joins the parts of a running header ("Case study 1 — Acme ·
// ECS-004"); the last part names the section and is kept when the header
// is shortened.
const headerSep = " · "

// headerWidths shares the width of the header line between the section
// (left) and the document title (right), gap apart: both whole when they
// fit, else the section up to 60 % of it and the title the rest.
func headerWidths(section, title, total, gap float64) (left, right float64) {
	if section == 0 || title == 0 {
		return total, total
	}
	if section+title+gap <= total {
		return section, title
	}
	left = min(section, max(total*0.6, total-gap-title))
	return left, total - gap - left
}

// fitHeader shortens a running header to width w at word boundaries,
// keeping its last part (after the last headerSep) whole when it fits: that
// part names the section, the parts before it where the section lies.
func (d *Document) fitHeader(s string, w float64) string {
	s = fontSafe(s)
	if d.strWidth(s) <= w {
		return s
	}
	i := strings.LastIndex(s, headerSep)
	if i < 0 {
		return d.fitWords(s, w)
	}
	last := s[i+len(headerSep):]
	rest := w - d.strWidth(headerSep+last)
	if rest < 0 {
		return d.fitWords(last, w)
	}
	if head := d.fitWords(s[:i], rest); head != "" && d.strWidth(head) <= rest {
		return head + headerSep + last
	}
	return last
}

// fitWords shortens s to the words that fit in w with the current font,
// never cutting a word and printing no ellipsis, then drops what cannot end
// a phrase ("—", "and", "of", a trailing comma). A first word wider than w
// is cut after its last fitting separator (or, without one, at the last
// fitting character), so the result always fits.
func (d *Document) fitWords(s string, w float64) string {
	s = fontSafe(s)
	if d.strWidth(s) <= w {
		return s
	}
	words := strings.Fields(s)
	// Longest fitting prefix of words, by binary search: a heading of
	// thousands of characters prints in the header of every page.
	lo, hi := 0, len(words)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if d.strWidth(strings.Join(words[:mid], " ")) <= w {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	if lo == 0 {
		head, _ := breakToken(words[0], w, d.strWidth, true)
		if head == "" {
			return ""
		}
		return head
	}
	words = words[:lo]
	for len(words) > 1 && danglingWord(words[len(words)-1]) {
		words = words[:len(words)-1]
	}
	last := strings.TrimRight(words[len(words)-1], ",;:")
	if last == "" {
		last = words[len(words)-1]
	}
	words[len(words)-1] = last
	return strings.Join(words, " ")
}

// danglingWord reports whether a shortened phrase cannot end with w: a
// dash, a separator or a word that leads into what was cut.
func danglingWord(w string) bool {
	if r, _ := utf8.DecodeRuneInString(w); utf8.RuneCountInString(w) == 1 && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
		return true
	}
	switch strings.ToLower(w) {
	case "a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to", "with", "&":
		return true
	}
	return false
}
