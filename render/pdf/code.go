package pdf

import (
	"math"
	"strings"

	"github.com/ecspack/ecspack/internal/textsafe"
)

const codePad = 2.0

// Code prints text as a monospace block on a light background. Lines longer
// than the column are wrapped (never clipped), preferably after a space or
// separator near the end of the line; tabs expand to four spaces; the block
// continues across pages.
func (d *Document) Code(text string) {
	d.endLine()
	text = strings.TrimRight(strings.ReplaceAll(fontSafe(text), "\r\n", "\n"), "\n")
	d.setFont(fontMono, "", codeSize)
	charW := d.strWidth("M")
	inner := d.width() - 2*codePad
	cols := max(int(math.Floor(inner/charW+1e-6)), 8)
	var lines []string
	for _, line := range strings.Split(text, "\n") {
		lines = append(lines, wrapCodeLine(expandTabs(shortLine(line)), cols)...)
	}
	lh := lineHeight(codeSize) * 0.95
	for len(lines) > 0 {
		avail := d.trigger() - d.pdf.GetY() - 2*codePad
		n := int(math.Floor(avail/lh + 1e-6))
		if n < min(len(lines), 2) && !d.atTop() {
			d.pdf.AddPage()
			continue
		}
		n = max(1, min(n, len(lines)))
		d.codeSegment(lines[:n], lh)
		lines = lines[n:]
	}
	d.setFont(fontSans, "", bodySize)
	d.gap(blockGap)
}

// codeSegment draws the part of a code block that fits on one page.
func (d *Document) codeSegment(lines []string, lh float64) {
	x, y := d.left(), d.pdf.GetY()
	h := float64(len(lines))*lh + 2*codePad
	d.setFillColour(codeBG)
	d.pdf.Rect(x, y, d.width(), h, "F")
	d.setDrawColour(ruleColour)
	d.pdf.SetLineWidth(0.6)
	d.pdf.Line(x+0.3, y, x+0.3, y+h)
	d.setFont(fontMono, "", codeSize)
	d.setTextColour(textColour)
	for i, line := range lines {
		if line == "" {
			continue
		}
		d.pdf.SetXY(x+codePad, y+codePad+float64(i)*lh)
		d.pdf.CellFormat(d.width()-2*codePad, lh, fontSafe(line), "", 0, "L", false, 0, "")
	}
	d.pdf.SetXY(x, y+h)
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

// wrapCodeLine splits a line into pieces of at most cols runes, breaking
// after a space or separator in the second half when there is one.
func wrapCodeLine(line string, cols int) []string {
	r := []rune(strings.TrimRight(line, " "))
	if len(r) <= cols {
		return []string{string(r)}
	}
	var out []string
	for len(r) > cols {
		n := cols
		for i := cols; i > cols/2; i-- {
			if r[i-1] == ' ' || isBreakAfter(r[i-1]) {
				n = i
				break
			}
		}
		out = append(out, string(r[:n]))
		r = r[n:]
	}
	return append(out, string(r))
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
