package diagram

import (
	"html"
	"strings"

	"github.com/ecspack/ecspack/internal/textsafe"
)

// text is a labelled fragment already escaped for a Graphviz HTML-like label.
type text string

// lab is the one path from a string to a node or edge label: the builder
// never puts a string into a label except through v or t, so every value
// from the estate is shortened, made printable and escaped the same way in
// every diagram.
type lab struct{}

// MaxLabel is the longest value, in characters, a diagram prints whole; a
// longer name is shortened by textsafe.Shorten (its ends around a visible
// "…[#hash]…" mark, so distinct names stay distinct). AWS names run to 255
// characters; a node that wide would squeeze the rest of the page, and a
// megabyte-long one would exhaust Graphviz. The full value stays in the
// workbook.
const MaxLabel = 96

// v labels a value from the estate. The text is what the PDF can print
// (textsafe.Sanitize: control characters as U+FFFD, text the fonts lack as
// "[unprintable: …]"), so the SVG and the PDF show the same label and
// Graphviz sizes the box for it.
func (l lab) v(value string) text { return text(html.EscapeString(l.plain(value))) }

// plain is v before HTML escaping, for page titles: they are escaped once,
// whole, where the page is drawn, and returned to the caller as text.
func (lab) plain(value string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 {
			return ' '
		}
		return r
	}, textsafe.Sanitize(textsafe.Shorten(value, MaxLabel)))
}

// t labels ecspack's own words and numbers.
func (l lab) t(s string) text { return l.v(s) }

// join concatenates labelled fragments with a labelled separator.
func join(sep text, parts []text) text {
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			b.WriteString(string(sep))
		}
		b.WriteString(string(p))
	}
	return text(b.String())
}

// cat concatenates labelled fragments.
func cat(parts ...text) text { return join("", parts) }
