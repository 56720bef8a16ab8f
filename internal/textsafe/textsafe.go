// Package textsafe decides how text from the casefile and the estate is
// printed: what the embedded Go fonts can show (Sanitize, Unprintable), which
// control characters never reach a document (Controls), and how an overlong
// name is shortened so that it stays recognisable and distinct (Shorten).
// The PDF engine, the diagram labels and the workbook share it so that the
// same text prints the same way everywhere.
package textsafe

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

// What a document prints for text its fonts cannot show. The Go fonts
// embedded in every document (regular, bold, italic, mono: the same 709
// characters) cover Latin, Greek, Cyrillic and common punctuation and
// symbols, nothing of the CJK, Hebrew or Arabic scripts; fpdf draws a
// character without a glyph as an empty box, which a reviewer cannot tell
// from a rendering bug. A fallback font was not embedded: Debian's CJK fonts
// are 7 MB (fonts-droid-fallback) to 91 MB (fonts-noto-cjk) installed, and fpdf lays
// text out left to right without shaping, so Hebrew and Arabic would print
// reversed and unjoined even with glyphs. Instead:
//
//   - a run of characters the fonts lack is replaced by a visible marker,
//     "[unprintable: 12 CJK characters]" (the script named: CJK, Hebrew,
//     Arabic, or Unicode's script name), so the reader knows text is missing
//     and the caller can report where it came from (see Unprintable);
//   - control characters (C0 and C1 except tab, line feed and carriage
//     return; DEL) and the bidirectional embedding, override and isolate
//     controls U+202A–U+202E and U+2066–U+2069 print as "\uFFFD": fpdf never
//     applies them, but a PDF reader's text extraction and copy can, which
//     is how "Trojan Source" text hides what it says; the visible mark shows
//     that something was there;
//   - other invisible format characters without a glyph (zero-width space,
//     joiners, byte-order mark, U+200E/U+200F marks) are dropped;
//   - characters beyond U+FFFF and invalid UTF-8 print as "\uFFFD" (fpdf's
//     UTF-8 fonts index a 65,536-entry table and panic beyond it).
const replacement = '\uFFFD'

// glyphs is the set of BMP characters the embedded Go fonts have a glyph
// for, read once from the regular face's cmap (the other faces have the
// same repertoire, which TestFontsShareRepertoire checks).
var glyphs = sync.OnceValue(func() *[1 << 16 / 64]uint64 {
	var set [1 << 16 / 64]uint64
	f, err := sfnt.Parse(goregular.TTF)
	if err != nil {
		// The font is compiled into the binary; a parse failure is a
		// broken build, not an input error.
		panic("textsafe: embedded Go font: " + err.Error())
	}
	var b sfnt.Buffer
	for r := rune(0x20); r < 1<<16; r++ {
		if g, err := f.GlyphIndex(&b, r); err == nil && g != 0 {
			set[r/64] |= 1 << (r % 64)
		}
	}
	return &set
})

// hasGlyph reports whether the document fonts can draw r.
func hasGlyph(r rune) bool {
	if r < 0 || r >= 1<<16 {
		return false
	}
	return glyphs()[r/64]&(1<<(r%64)) != 0
}

// runeClass is what the sanitiser does with one character.
type runeClass int

const (
	keep    runeClass = iota // printed as is
	replace                  // printed as U+FFFD
	drop                     // removed
	missing                  // part of an "[unprintable: …]" run
	space                    // a space without a glyph, printed as " "
)

func classify(r rune) runeClass {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return keep
	case r == utf8.RuneError || r > 0xFFFF:
		return replace
	case r < 0x20 || (r >= 0x7F && r <= 0x9F):
		return replace
	case (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069):
		return replace
	case hasGlyph(r):
		return keep
	case unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Mn, r) && !unicode.In(r, unicode.Hebrew, unicode.Arabic):
		// Format characters and combining marks without a glyph: invisible
		// or attached to the character before; dropping them loses nothing
		// a reader could see. (Hebrew points and Arabic harakat belong to
		// their script's run.)
		return drop
	case r == 0x3000:
		return missing // ideographic space: part of the CJK run
	case unicode.IsSpace(r):
		return space // e.g. U+2000 en quad: a plain space prints the same gap
	}
	return missing
}

// Sanitize returns s as the document will print it (see replacement):
// control and bidirectional-override characters as U+FFFD, runs of
// characters the fonts lack as "[unprintable: N SCRIPT characters]".
// It is idempotent, and returns s itself when nothing changes. Callers
// outside the engine use it to know what a text will look like; every
// string drawn by the engine passes through it.
func Sanitize(s string) string {
	if clean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	run, runScript := 0, ""
	pendingSpace := ""
	flush := func() {
		if run > 0 {
			b.WriteString(marker(run, runScript))
			run, runScript = 0, ""
		}
		b.WriteString(pendingSpace)
		pendingSpace = ""
	}
	for _, r := range strings.ToValidUTF8(s, string(replacement)) {
		c := classify(r)
		if c == missing {
			sc := scriptName(r)
			switch {
			case run > 0 && sc == "":
				sc = runScript // a shared symbol (e.g. "ー") joins the run
			case run > 0 && runScript == "":
				runScript = sc // the run began with shared symbols
			}
			if run > 0 && sc != runScript {
				flush()
			}
			pendingSpace = "" // spaces inside a run belong to it
			run++
			runScript = sc
			continue
		}
		if run > 0 && r == ' ' {
			// A space may separate two words of the same script: hold it.
			pendingSpace += " "
			continue
		}
		if c == drop {
			continue
		}
		flush()
		switch c {
		case replace:
			b.WriteRune(replacement)
		case space:
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	flush()
	return b.String()
}

// clean is the fast path: printable ASCII and characters with a glyph.
func clean(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F {
			goto slow
		}
	}
	return true
slow:
	for _, r := range s {
		if classify(r) != keep {
			return false
		}
	}
	return true
}

// marker is the visible stand-in for n characters of one script.
func marker(n int, script string) string {
	noun := "characters"
	if n == 1 {
		noun = "character"
	}
	if script == "" {
		return "[unprintable: " + strconv.Itoa(n) + " " + noun + "]"
	}
	return "[unprintable: " + strconv.Itoa(n) + " " + script + " " + noun + "]"
}

// cjk are the scripts reported together as "CJK".
var cjk = []*unicode.RangeTable{unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Bopomofo}

// scriptName names the script of r for the marker: "CJK", "Hebrew",
// "Arabic", another of Unicode's script names, or "" for symbols and
// punctuation shared by scripts.
func scriptName(r rune) string {
	if unicode.In(r, cjk...) || (r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF) {
		return "CJK"
	}
	for _, name := range scriptOrder() {
		if name == "Common" || name == "Inherited" {
			continue
		}
		if unicode.Is(unicode.Scripts[name], r) {
			return name
		}
	}
	return ""
}

// scriptOrder is unicode.Scripts' names, sorted, so that scriptName does
// not depend on map order (a character belongs to one script anyway).
var scriptOrder = sync.OnceValue(func() []string {
	names := make([]string, 0, len(unicode.Scripts))
	for name := range unicode.Scripts {
		names = append(names, name)
	}
	// Hebrew and Arabic first: the scripts a partner's text most often has.
	slices.Sort(names)
	return append([]string{"Hebrew", "Arabic"}, names...)
})

// Unprintable describes what Sanitize would replace in s, for a warning
// that names where the text came from: for example "12 CJK characters,
// 1 control character". It is empty when s prints as written (format
// characters that are merely dropped are not counted).
func Unprintable(s string) string {
	if clean(s) {
		return ""
	}
	counts := map[string]int{}
	var order []string
	prev := "" // script of the run of missing characters, as in Sanitize
	for _, r := range strings.ToValidUTF8(s, string(replacement)) {
		key := ""
		c := classify(r)
		if c != missing && r != ' ' {
			prev = ""
		}
		switch c {
		case missing:
			key = scriptName(r)
			if key == "" {
				key = prev
			}
			prev = key
			if key == "" {
				key = "other"
			}
		case replace:
			switch {
			case r == replacement || r > 0xFFFF:
				key = "invalid or beyond-U+FFFF"
			case r >= 0x202A && r <= 0x2069:
				key = "bidirectional control"
			default:
				key = "control"
			}
		default:
			continue
		}
		if counts[key] == 0 {
			order = append(order, key)
		}
		counts[key]++
	}
	var parts []string
	for _, k := range order {
		n := counts[k]
		noun := "characters"
		if n == 1 {
			noun = "character"
		}
		parts = append(parts, strconv.Itoa(n)+" "+k+" "+noun)
	}
	return strings.Join(parts, ", ")
}

// Controls replaces control characters (C0 and C1 except tab, line feed and
// carriage return; DEL), the bidirectional embedding, override and isolate
// controls U+202A–U+202E and U+2066–U+2069, and invalid UTF-8 with U+FFFD,
// and keeps every other character. It is for outputs read with the viewer's
// own fonts (the workbook), where CJK, Hebrew and Arabic print but a control
// character is invalid XML or hides what the text says.
func Controls(s string) string {
	ok := true
	for _, r := range s {
		if r == utf8.RuneError || isControl(r) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isControl(r) {
			return replacement
		}
		return r
	}, strings.ToValidUTF8(s, string(replacement)))
}

func isControl(r rune) bool {
	return (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || (r >= 0x7F && r <= 0x9F) ||
		(r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069)
}

// MaxName is the longest unbroken word (a name, an ARN, a hash), in
// characters, a PDF prints whole; a longer one is shortened by Shorten. The
// ARNs of real estates are 60 to 180 characters and the names in them far
// shorter than AWS's limit of 255; a long ARN prints as its beginning and
// end. Page count, and with it a build's memory, grows with the length of
// what is printed: a 2,500-service estate whose names were all 1,000
// characters long needed 3.6 GB with a cap of 256, 1.5 GB with 128. The
// full value stays in the workbook and the snapshot.
const MaxName = 128

// Shorten returns s unchanged when it has at most max characters; otherwise
// its beginning and end around a visible mark "…[#1a2b3c4d]…" holding the
// first 8 hex digits of the SHA-256 of s, max characters in all. Two long
// names that share their ends still print differently, and the same name
// always prints the same way.
func Shorten(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	sum := sha256.Sum256([]byte(s))
	mark := "…[#" + hex.EncodeToString(sum[:4]) + "]…"
	keep := max - utf8.RuneCountInString(mark)
	if keep < 2 {
		return mark
	}
	head, tail := (keep+1)/2, keep/2
	// Walk rune boundaries from both ends instead of converting the whole
	// string: s may be megabytes long.
	i := 0
	for n := 0; n < head; n++ {
		_, w := utf8.DecodeRuneInString(s[i:])
		i += w
	}
	j := len(s)
	for n := 0; n < tail; n++ {
		_, w := utf8.DecodeLastRuneInString(s[:j])
		j -= w
	}
	return s[:i] + mark + s[j:]
}
