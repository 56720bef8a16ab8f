package pdf

import (
	"encoding/json"
	"math"
	"strings"

	"github.com/ecspack/ecspack/internal/textsafe"
)

const codePad = 2.0

// ContinuationMark ends a code line that was wrapped where a shell would not
// rejoin it (JSON, plain text, or inside a token): the line continues on the
// next one. To copy the text, remove the mark, the line break and the next
// line's indentation (Rejoin). It is drawn in grey; the embedded Go fonts
// have a glyph for it (they have none for ↩ or ⏎).
const ContinuationMark = "↓"

// ShellContinuation ends a shell command line wrapped between two arguments:
// a shell reads backslash-newline as a space, so the pasted command runs.
const ShellContinuation = " \\"

// CodeLang is how a code block may be wrapped.
type CodeLang int

const (
	// CodeAuto picks CodeJSON for a valid JSON document, CodeShell when every
	// line is a command (starts with "aws ", "$ " or "ecspack "), else
	// CodeText.
	CodeAuto CodeLang = iota
	// CodeText wraps at spaces, mid-token only when a token exceeds the line.
	CodeText
	// CodeJSON wraps after , : { [ or at spaces outside strings; a string
	// longer than the line is broken inside and the block says so.
	CodeJSON
	// CodeShell wraps between arguments with a trailing " \".
	CodeShell
)

// CodeOptions tune Document.CodeWith.
type CodeOptions struct {
	Lang CodeLang
	// Bold prints the block in bold monospace (a command above its output).
	Bold bool
}

// LangFromInfo maps a Markdown fence's info string to a CodeLang.
func LangFromInfo(info string) CodeLang {
	f := strings.Fields(info)
	if len(f) == 0 {
		return CodeAuto
	}
	switch strings.ToLower(f[0]) {
	case "json":
		return CodeJSON
	case "sh", "bash", "shell", "console", "zsh":
		return CodeShell
	}
	return CodeText
}

// codeLine is one printed line of a code block and the mark that ends it.
type codeLine struct {
	text string
	mark string // "", ShellContinuation or ContinuationMark
	// inToken is true when the line was broken inside a token.
	inToken bool
}

// Code prints text as a monospace block on a light background, wrapped as
// CodeAuto decides. Lines longer than the column are wrapped (never
// clipped) only between tokens where possible, with a visible continuation
// mark, so the text copied out of the PDF can be rejoined; tabs expand to
// four spaces; the block continues across pages.
func (d *Document) Code(text string) { d.CodeWith(text, CodeOptions{}) }

// CodeWith is Code with options.
func (d *Document) CodeWith(text string, o CodeOptions) {
	d.endLine()
	text = strings.TrimRight(strings.ReplaceAll(fontSafe(text), "\r\n", "\n"), "\n")
	lang := o.Lang
	if lang == CodeAuto {
		lang = detectLang(text)
	}
	style := ""
	if o.Bold {
		style = "B"
	}
	d.setFont(fontMono, style, codeSize)
	charW := d.strWidth("M")
	inner := d.width() - 2*codePad
	cols := max(int(math.Floor(inner/charW+1e-6)), 12)
	var lines []codeLine
	for _, line := range strings.Split(text, "\n") {
		lines = append(lines, wrapCode(expandTabs(shortLine(line)), cols, lang)...)
	}
	lh := lineHeight(codeSize) * 0.95
	for rest := lines; len(rest) > 0; {
		avail := d.trigger() - d.pdf.GetY() - 2*codePad
		n := int(math.Floor(avail/lh + 1e-6))
		if n < min(len(rest), 2) && !d.atTop() {
			d.pdf.AddPage()
			continue
		}
		n = max(1, min(n, len(rest)))
		// A wrapped line stays on one page: a copy across a page break
		// would pick up the running header and footer between its parts.
		k := n
		for k > 0 && rest[k-1].mark != "" {
			k--
		}
		if k == 0 && n < len(rest) && !d.atTop() {
			d.pdf.AddPage()
			continue
		}
		if k > 0 {
			n = k
		}
		d.codeSegment(rest[:n], lh, style)
		rest = rest[n:]
	}
	d.setFont(fontSans, "", bodySize)
	d.codeLegend(lines)
	d.gap(blockGap)
}

// codeLegend says, under a block with grey marks, how to rejoin them, and
// that a token was broken inside when one was.
func (d *Document) codeLegend(lines []codeLine) {
	grey, inToken := false, false
	for _, l := range lines {
		grey = grey || l.mark == ContinuationMark
		inToken = inToken || l.inToken
	}
	if !grey {
		return
	}
	msg := "A line ending in " + ContinuationMark + " continues on the next: to copy it, remove the mark, the line break and the next line's indentation."
	if inToken {
		msg += " A value longer than a line is broken inside."
	}
	d.gap(0.6)
	d.setFont(fontSans, "I", 7)
	d.setTextColour(Grey)
	d.pdf.MultiCell(d.width(), lineHeight(7), fontSafe(msg), "", "L", false)
	d.setTextColour(textColour)
	d.setFont(fontSans, "", bodySize)
}

// codeSegment draws the part of a code block that fits on one page.
func (d *Document) codeSegment(lines []codeLine, lh float64, style string) {
	x, y := d.left(), d.pdf.GetY()
	h := float64(len(lines))*lh + 2*codePad
	d.setFillColour(codeBG)
	d.pdf.Rect(x, y, d.width(), h, "F")
	d.setDrawColour(ruleColour)
	d.pdf.SetLineWidth(0.6)
	d.pdf.Line(x+0.3, y, x+0.3, y+h)
	d.setFont(fontMono, style, codeSize)
	for i, line := range lines {
		if line.text == "" && line.mark == "" {
			continue
		}
		ly := y + codePad + float64(i)*lh
		txt := line.text
		if line.mark == ShellContinuation {
			txt += line.mark
		}
		d.setTextColour(textColour)
		d.pdf.SetXY(x+codePad, ly)
		d.pdf.CellFormat(d.width()-2*codePad, lh, txt, "", 0, "L", false, 0, "")
		if line.mark == ContinuationMark {
			d.setTextColour(Grey)
			d.pdf.SetXY(x+codePad+d.strWidth(txt), ly)
			d.pdf.CellFormat(d.strWidth(ContinuationMark), lh, ContinuationMark, "", 0, "L", false, 0, "")
		}
	}
	d.setTextColour(textColour)
	d.pdf.SetXY(x, y+h)
}

// detectLang is CodeAuto's choice for text.
func detectLang(text string) CodeLang {
	t := strings.TrimSpace(text)
	if (strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[")) && json.Valid([]byte(t)) {
		return CodeJSON
	}
	commands := 0
	for _, l := range strings.Split(t, "\n") {
		l = strings.TrimSpace(l)
		switch {
		case l == "" || strings.HasPrefix(l, "#"):
		case strings.HasPrefix(l, "aws "), strings.HasPrefix(l, "$ "), strings.HasPrefix(l, "ecspack "):
			commands++
		default:
			return CodeText
		}
	}
	if commands > 0 {
		return CodeShell
	}
	return CodeText
}

func expandTabs(s string) string {
	if !strings.Contains(s, "\t") {
		return s
	}
	var b strings.Builder
	col := 0
	for _, r := range s {
		if r == '\t' {
			n := 4 - col%4
			b.WriteString(strings.Repeat(" ", n))
			col += n
			continue
		}
		b.WriteRune(r)
		col++
	}
	return b.String()
}

// maxCodeLine is the longest code line printed whole, in characters
// (textsafe.MaxName × 4); a longer line (a name megabytes long in a CLI
// listing) is shortened with textsafe's visible mark instead of filling
// pages.
const maxCodeLine = 4 * textsafe.MaxName

func shortLine(s string) string {
	if len(s) <= maxCodeLine {
		return s
	}
	return textsafe.Shorten(s, maxCodeLine)
}
