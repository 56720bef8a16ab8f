package pdf

import "codeberg.org/go-pdf/fpdf"

// LandscapePage starts a new page turned to landscape (A4, 297 × 210 mm),
// for a drawing wider than tall — an architecture diagram printed upright
// instead of turned a quarter onto a portrait page. The running header,
// footer, page number, draft mark, contents and outline work on it as on any
// page; the page after it (an explicit PageBreak or an automatic break) is
// portrait again.
func (d *Document) LandscapePage() {
	d.endLine()
	d.pdf.AddPageFormat("L", fpdf.SizeType{Wd: pageW, Ht: pageH})
}

// Landscape reports whether the current page is a landscape page.
func (d *Document) Landscape() bool {
	w, h := d.pdf.GetPageSize()
	return w > h
}

// LandscapeBody returns the width and height, in millimetres, of the text
// area of a landscape page (between its margins, below the running header
// and above the footer), so a caller can size a drawing before it starts
// the page.
func LandscapeBody() (w, h float64) {
	return pageH - marginLeft - marginRight, pageW - marginTop - marginBottom
}

// pageSize is the current page's width and height in millimetres: A4's,
// turned on a landscape page. (fpdf's own figures, converted from points,
// differ from 210 × 297 in the third decimal.)
func (d *Document) pageSize() (w, h float64) {
	if d.Landscape() {
		return pageH, pageW
	}
	return pageW, pageH
}
