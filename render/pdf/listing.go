package pdf

import (
	"math"
	"strconv"
	"strings"
)

// listingLine is one printed line of a listing: the source line's number
// on its first piece, "" on the pieces a long line wraps into.
type listingLine struct{ num, text string }

// Listing prints text as a monospace block with line numbers, the way an
// attached file is shown: a reviewer can cite "line 12" of a template and
// find it. A line longer than the column wraps (as Code wraps text, with its mark) and
// its continuation pieces leave the number column empty, so every number
// still names one line of the file. Tabs expand to four spaces; the block
// continues across pages.
func (d *Document) Listing(text string) {
	d.endLine()
	text = strings.TrimRight(strings.ReplaceAll(fontSafe(text), "\r\n", "\n"), "\n")
	src := strings.Split(text, "\n")
	d.setFont(fontMono, "", codeSize)
	charW := d.strWidth("M")
	digits := len(strconv.Itoa(len(src)))
	numW := float64(digits+1) * charW
	inner := d.width() - 2*codePad - numW
	cols := max(int(math.Floor(inner/charW+1e-6)), 8)
	var lines []listingLine
	for i, line := range src {
		for j, piece := range wrapCode(expandTabs(shortLine(line)), cols-1, CodeText) {
			// The continuation mark (one column, hence cols-1) shows a
			// wrapped line the way a code block does, so Rejoin restores it.
			l := listingLine{text: piece.text + piece.mark}
			if j == 0 {
				l.num = strconv.Itoa(i + 1)
			}
			lines = append(lines, l)
		}
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
		d.listingSegment(lines[:n], lh, numW)
		lines = lines[n:]
	}
	d.setFont(fontSans, "", bodySize)
	d.setTextColour(textColour)
	d.gap(blockGap)
}

// listingSegment draws the part of a listing that fits on one page: the
// numbers right-aligned in a muted column, then the text.
func (d *Document) listingSegment(lines []listingLine, lh, numW float64) {
	x, y := d.left(), d.pdf.GetY()
	h := float64(len(lines))*lh + 2*codePad
	d.setFillColour(codeBG)
	d.pdf.Rect(x, y, d.width(), h, "F")
	d.setDrawColour(ruleColour)
	d.pdf.SetLineWidth(0.3)
	d.pdf.Line(x+codePad+numW-0.8, y, x+codePad+numW-0.8, y+h)
	d.setFont(fontMono, "", codeSize)
	for i, l := range lines {
		ly := y + codePad + float64(i)*lh
		if l.num != "" {
			d.setTextColour(mutedColour)
			d.pdf.SetXY(x+codePad, ly)
			d.pdf.CellFormat(numW-1.6, lh, l.num, "", 0, "R", false, 0, "")
		}
		if l.text != "" {
			d.setTextColour(textColour)
			d.pdf.SetXY(x+codePad+numW, ly)
			d.pdf.CellFormat(d.width()-2*codePad-numW, lh, l.text, "", 0, "L", false, 0, "")
		}
	}
	d.pdf.SetXY(x, y+h)
}

// Attach embeds content in the PDF as a document-level file attachment
// named name (a reader's attachments panel and `pdfdetach` list it), so the
// evidence a package cites travels inside the one file a reviewer receives.
// Attachments are listed in the order they were added; name should be
// unique. description is shown by readers that display it.
func (d *Document) Attach(name, description string, content []byte) {
	d.attachments = append(d.attachments, attachment{name: name, desc: description, content: content})
}

// HasAnchor reports whether the anchor id is defined so far in this pass,
// so a late part of a document (an appendix) can link back only to places
// that were printed.
func (d *Document) HasAnchor(id string) bool { return d.defined[id] }
