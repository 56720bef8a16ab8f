package pdf

import (
	"strings"
	"unicode/utf8"
)

// fontSafe replaces characters outside the Basic Multilingual Plane (emoji,
// historic scripts, U+10000 and above) and invalid UTF-8 bytes with U+FFFD.
// fpdf's UTF-8 fonts index a 65,536-entry width table by code point and
// panic when the document uses a character beyond it, and its UTF-16
// conversion panics on a truncated UTF-8 sequence; so every string handed to
// fpdf for drawing or measuring passes through here: a partner's emoji or a
// stray byte prints as "�" instead of aborting the build.
func fontSafe(s string) string {
	for _, r := range s {
		if r > 0xFFFF || r == utf8.RuneError {
			return strings.Map(func(r rune) rune {
				if r > 0xFFFF {
					return utf8.RuneError
				}
				return r
			}, strings.ToValidUTF8(s, "\uFFFD"))
		}
	}
	return s
}

// strWidth is fpdf's GetStringWidth of the text as it will be drawn.
func (d *Document) strWidth(s string) float64 { return d.pdf.GetStringWidth(fontSafe(s)) }
