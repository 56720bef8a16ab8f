// Package figure places an architecture diagram on a page of a document
// built with render/pdf, one way for the reviewer PDF and the runbooks, so a
// diagram prints the same in both.
package figure

import (
	"github.com/ecspack/ecspack/diagram"
	"github.com/ecspack/ecspack/diagram/pdfdraw"
	"github.com/ecspack/ecspack/render/pdf"
)

// minHeight is the least room, in millimetres, a diagram needs on the
// current page; with less it starts a new page.
const minHeight = 60

// Draw fills the rest of the page with the diagram, as vectors. A drawing
// much wider than tall is turned a quarter (top to the left) when that
// prints it larger, as landscape figures are in printed reports. A diagram
// without a drawing is said to have none rather than left as a blank page.
func Draw(d *pdf.Document, dg diagram.Diagram) error {
	dr := dg.Drawing
	if dr.Width <= 0 || dr.Height <= 0 || len(dr.Ops) == 0 {
		d.Paragraph("(This diagram has no drawing.)")
		return nil
	}
	x, y, w, h := d.ReserveRest(minHeight)
	return pdfdraw.DrawTurnable(d.Fpdf(), dr, x, y, w, h, pdfdraw.Options{FontFamily: pdf.BodyFamily})
}
