package submission

import (
	"strings"

	"github.com/ecspack/ecspack/assess"
	"github.com/ecspack/ecspack/internal/textsafe"
	"github.com/ecspack/ecspack/render/pdf"
)

// bodyFamily is the font family render/pdf registers for body text (the Go
// fonts). The matrix and the diagrams draw with it directly so the PDF
// embeds one set of fonts; a test checks every embedded font is a Go font.
const bodyFamily = "go"

// matrix draws the readiness table with coloured status cells, which the
// engine's Table cannot colour. Rows are reserved one at a time through the
// engine, so page breaks (with the header row repeated) stay its business.
type matrix struct {
	d      *pdf.Document
	cols   []string
	widths []float64
	page   int
}

type matrixCell struct {
	status assess.Status
	text   string // shown when status is empty
	anchor string
}

type matrixRow struct {
	id, title, idAnchor string
	cells               []matrixCell
}

const (
	matrixRowH  = 5.6
	matrixHeadH = 8.0
	matrixFont  = 7.5
)

func newMatrix(d *pdf.Document, cols []string) *matrix {
	_, _, w, _ := d.Available()
	n := len(cols) - 2 // status columns
	statusW := 25.0
	if n > 3 {
		statusW = max(16, (w-70)/float64(n))
	}
	idW := 19.0
	titleW := w - idW - statusW*float64(n)
	widths := []float64{idW, titleW}
	for range n {
		widths = append(widths, statusW)
	}
	return &matrix{d: d, cols: cols, widths: widths, page: -1}
}

// saved is the drawing state (font, colours, cursor) restored after direct
// fpdf drawing, so the engine carries on where it left off.
type saved struct {
	family, style string
	size          float64
	tr, tg, tb    int
	fr, fg, fb    int
	x, y          float64
}

func save(d *pdf.Document) saved {
	f := d.Fpdf()
	s := saved{family: f.GetFontFamily(), style: f.GetFontStyle()}
	s.size, _ = f.GetFontSize()
	s.tr, s.tg, s.tb = f.GetTextColor()
	s.fr, s.fg, s.fb = f.GetFillColor()
	s.x, s.y = f.GetXY()
	return s
}

func (s saved) restore(d *pdf.Document) {
	f := d.Fpdf()
	f.SetFont(s.family, s.style, s.size)
	f.SetTextColor(s.tr, s.tg, s.tb)
	f.SetFillColor(s.fr, s.fg, s.fb)
	f.SetXY(s.x, s.y)
}

// reserve makes room for a row of height h, keeping need millimetres free
// below the cursor (so a section band is not the last row of a page), and
// prints the header row first on every page the matrix reaches.
func (m *matrix) reserve(h, need float64) (x, y float64) {
	_, _, _, avail := m.d.Available()
	if m.d.Page() != m.page || avail < need {
		if avail < matrixHeadH+need {
			m.d.PageBreak()
		}
		x, y, _ = m.d.Reserve(matrixHeadH)
		m.header(x, y)
		m.page = m.d.Page()
	}
	x, y, _ = m.d.Reserve(h)
	return x, y
}

func (m *matrix) header(x, y float64) {
	f := m.d.Fpdf()
	st := save(m.d)
	defer st.restore(m.d)
	f.SetFont(bodyFamily, "B", matrixFont)
	f.SetFillColor(0x23, 0x2f, 0x3e)
	f.SetTextColor(255, 255, 255)
	cx := x
	for i, c := range m.cols {
		f.Rect(cx, y, m.widths[i], matrixHeadH, "F")
		lines := strings.Split(c, "\n")
		lh := matrixHeadH / float64(max(2, len(lines)))
		top := y + (matrixHeadH-lh*float64(len(lines)))/2
		for j, l := range lines {
			f.SetXY(cx+1, top+float64(j)*lh)
			f.CellFormat(m.widths[i]-2, lh, fitText(f.GetStringWidth, l, m.widths[i]-2), "", 0, "LM", false, 0, "")
		}
		cx += m.widths[i]
	}
}

// band prints a full-width section row.
func (m *matrix) band(text string) {
	x, y := m.reserve(matrixRowH, 2*matrixRowH)
	f := m.d.Fpdf()
	st := save(m.d)
	defer st.restore(m.d)
	w := 0.0
	for _, cw := range m.widths {
		w += cw
	}
	f.SetFillColor(0xe8, 0xec, 0xf1)
	f.Rect(x, y, w, matrixRowH, "F")
	f.SetFont(bodyFamily, "B", matrixFont)
	f.SetTextColor(0x23, 0x2f, 0x3e)
	f.SetXY(x+1, y)
	f.CellFormat(w-2, matrixRowH, fitText(f.GetStringWidth, text, w-2), "", 0, "LM", false, 0, "")
}

func (m *matrix) row(r matrixRow) {
	x, y := m.reserve(matrixRowH, matrixRowH)
	f := m.d.Fpdf()
	st := save(m.d)
	defer st.restore(m.d)
	f.SetDrawColor(0xd0, 0xd5, 0xdb)
	f.SetLineWidth(0.15)
	w := 0.0
	for _, cw := range m.widths {
		w += cw
	}
	f.Line(x, y+matrixRowH, x+w, y+matrixRowH)
	f.SetTextColor(0x1a, 0x1a, 0x1a)
	f.SetFont(bodyFamily, "B", matrixFont)
	f.SetXY(x+1, y)
	f.CellFormat(m.widths[0]-2, matrixRowH, r.id, "", 0, "LM", false, 0, "")
	f.SetFont(bodyFamily, "", matrixFont)
	f.SetXY(x+m.widths[0]+1, y)
	f.CellFormat(m.widths[1]-2, matrixRowH, fitText(f.GetStringWidth, r.title, m.widths[1]-2), "", 0, "LM", false, 0, "")
	if r.idAnchor != "" {
		m.d.LinkArea(x, y, m.widths[0]+m.widths[1], matrixRowH, r.idAnchor)
	}
	cx := x + m.widths[0] + m.widths[1]
	for i, c := range r.cells {
		cw := m.widths[2+i]
		if c.status != "" {
			s := styleOf(c.status)
			f.SetFillColor(int(s.colour.R), int(s.colour.G), int(s.colour.B))
			f.RoundedRect(cx+0.8, y+0.7, cw-1.6, matrixRowH-1.4, 1.2, "1234", "F")
			f.SetFont(bodyFamily, "B", 6.5)
			f.SetTextColor(255, 255, 255)
			f.SetXY(cx+0.8, y)
			f.CellFormat(cw-1.6, matrixRowH, fitText(f.GetStringWidth, s.label, cw-2), "", 0, "CM", false, 0, "")
		} else if c.text != "" {
			f.SetFont(bodyFamily, "I", 6.5)
			f.SetTextColor(0x75, 0x7b, 0x82)
			f.SetXY(cx+0.8, y)
			f.CellFormat(cw-1.6, matrixRowH, fitText(f.GetStringWidth, c.text, cw-2), "", 0, "CM", false, 0, "")
		}
		if c.anchor != "" {
			m.d.LinkArea(cx, y, cw, matrixRowH, c.anchor)
		}
		cx += cw
	}
}

func (m *matrix) end() { m.d.Spacer(3) }

// fitText shortens s with an ellipsis until width(s) <= w.
//
// The text is first made printable (textsafe: control characters, missing
// glyphs and characters beyond U+FFFF, which would make fpdf panic) and cut
// to textsafe.MaxName characters, so that dropping one rune at a time stays
// cheap for a megabyte-long customer name.
func fitText(width func(string) float64, s string, w float64) string {
	s = textsafe.Sanitize(textsafe.Shorten(s, textsafe.MaxName))
	if width(s) <= w {
		return s
	}
	rs := []rune(s)
	for len(rs) > 1 {
		rs = rs[:len(rs)-1]
		if t := string(rs) + "…"; width(t) <= w {
			return t
		}
	}
	return "…"
}

// legendRow prints a pill like the matrix's status cells with its
// explanation beside it, so a legend reads as a two-column list.
func legendRow(d *pdf.Document, label string, colour pdf.RGB, text string) {
	const (
		pillW = 30.0
		size  = 9.0
		lh    = size * 1.38 * 25.4 / 72
	)
	f := d.Fpdf()
	_, _, w, _ := d.Available()
	before := save(d)
	f.SetFont(bodyFamily, "", size)
	lines := f.SplitText(text, w-pillW-3)
	before.restore(d)
	h := max(5.6, float64(len(lines))*lh+1.4)
	x, y, _ := d.Reserve(h)
	st := save(d)
	defer st.restore(d)
	f.SetFillColor(int(colour.R), int(colour.G), int(colour.B))
	f.RoundedRect(x, y+0.5, pillW, 4.6, 2.3, "1234", "F")
	f.SetFont(bodyFamily, "B", 7.5)
	f.SetTextColor(255, 255, 255)
	f.SetXY(x, y+0.5)
	f.CellFormat(pillW, 4.6, label, "", 0, "CM", false, 0, "")
	f.SetFont(bodyFamily, "", size)
	f.SetTextColor(0x1f, 0x23, 0x28)
	for i, l := range lines {
		f.SetXY(x+pillW+3, y+0.5+float64(i)*lh)
		f.CellFormat(w-pillW-3, lh, l, "", 0, "LM", false, 0, "")
	}
}
