package pdf

import "math"

// Align is the horizontal alignment of a table column.
type Align int

// Column alignments.
const (
	AlignLeft Align = iota
	AlignCenter
	AlignRight
)

// TableOptions shape a Table. The zero value gives a full-width table with
// column widths from the content, rule lines between rows and a 9 pt font.
type TableOptions struct {
	// Widths are the columns' shares of the text width (any positive
	// numbers; they are normalised). Missing or non-positive entries make
	// the engine size columns from their content.
	Widths []float64
	// Align gives each column's alignment; missing entries are AlignLeft.
	Align []Align
	// Zebra shades every other row instead of drawing rule lines.
	Zebra bool
	// FontSize in points; 0 means 9.
	FontSize float64
	// BoldFirstColumn prints the first column in bold (key/value tables).
	BoldFirstColumn bool
}

// KV is one row of a KeyValue table.
type KV struct{ Key, Value string }

// KeyValue prints a two-column table of keys (bold) and values, with no
// header row. Order is kept as given.
func (d *Document) KeyValue(pairs []KV) {
	rows := make([][]string, len(pairs))
	for i, p := range pairs {
		rows[i] = []string{p.Key, p.Value}
	}
	d.Table(nil, rows, TableOptions{Widths: []float64{0.3, 0.7}, BoldFirstColumn: true})
}

const (
	cellPadX = 1.6
	cellPadY = 1.1
)

// Table prints a table. headers may be nil (no header row); rows shorter
// than the widest row are padded with empty cells. Cells wrap, long tokens
// are broken to fit, "\n" breaks a line. When the table runs past a page the
// header row is repeated on the next page; a row taller than a page is split.
func (d *Document) Table(headers []string, rows [][]string, o TableOptions) {
	d.endLine()
	ncol := len(headers)
	for _, r := range rows {
		ncol = max(ncol, len(r))
	}
	if ncol == 0 {
		return
	}
	size := o.FontSize
	if size <= 0 {
		size = 9
	}
	lh := lineHeight(size)
	widths := d.columnWidths(headers, rows, ncol, size, o)
	t := &tableLayout{d: d, o: o, size: size, lh: lh, widths: widths}
	if len(headers) > 0 {
		t.header = t.wrapRow(pad(headers, ncol), true)
	}
	d.ensure(t.header.height(lh) + lh + 2*cellPadY)
	t.drawHeader()
	for i, r := range rows {
		t.drawRow(t.wrapRow(pad(r, ncol), false), i)
	}
	d.pdf.SetXY(d.left(), d.pdf.GetY())
	d.gap(blockGap)
}

func pad(r []string, n int) []string {
	if len(r) >= n {
		return r[:n]
	}
	out := make([]string, n)
	copy(out, r)
	return out
}

// columnWidths turns options or content into absolute widths.
func (d *Document) columnWidths(headers []string, rows [][]string, ncol int, size float64, o TableOptions) []float64 {
	total := d.width()
	share := make([]float64, ncol)
	explicit := len(o.Widths) >= ncol
	for i := 0; i < ncol && explicit; i++ {
		if o.Widths[i] <= 0 {
			explicit = false
		}
	}
	if explicit {
		copy(share, o.Widths)
	} else {
		// Natural width of each column (longest cell, capped), with a
		// floor so that narrow columns stay readable.
		d.setFont(fontSans, "", size)
		for c := 0; c < ncol; c++ {
			nat := 0.0
			measure := func(s string) {
				for _, line := range splitLines(s) {
					nat = max(nat, math.Min(d.strWidth(line), total*0.6))
				}
			}
			if c < len(headers) {
				d.setFont(fontSans, "B", size)
				measure(headers[c])
				d.setFont(fontSans, "", size)
			}
			for _, r := range rows {
				if c < len(r) {
					measure(r[c])
				}
			}
			share[c] = max(nat+2*cellPadX, 14)
		}
	}
	sum := 0.0
	for _, s := range share {
		sum += s
	}
	out := make([]float64, ncol)
	for i, s := range share {
		out[i] = total * s / sum
	}
	return out
}

func splitLines(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

type wrappedRow struct {
	cells [][]string
	bold  []bool
}

// height of the full row.
func (r wrappedRow) height(lh float64) float64 {
	n := 0
	for _, c := range r.cells {
		n = max(n, len(c))
	}
	if n == 0 {
		return 0
	}
	return float64(n)*lh + 2*cellPadY
}

func (r wrappedRow) lines() int {
	n := 0
	for _, c := range r.cells {
		n = max(n, len(c))
	}
	return n
}

type tableLayout struct {
	d      *Document
	o      TableOptions
	size   float64
	lh     float64
	widths []float64
	header wrappedRow
}

func (t *tableLayout) font(bold bool) {
	style := ""
	if bold {
		style = "B"
	}
	t.d.setFont(fontSans, style, t.size)
}

func (t *tableLayout) wrapRow(cells []string, header bool) wrappedRow {
	r := wrappedRow{cells: make([][]string, len(cells)), bold: make([]bool, len(cells))}
	for i, c := range cells {
		bold := header || (i == 0 && t.o.BoldFirstColumn)
		t.font(bold)
		r.bold[i] = bold
		r.cells[i] = t.d.wrapPlain(c, t.widths[i]-2*cellPadX)
	}
	return r
}

func (t *tableLayout) drawHeader() {
	if len(t.header.cells) == 0 {
		return
	}
	t.paint(t.header, 0, t.header.lines(), tableHeadBG, true)
}

// drawRow prints a row, moving to a new page (and repeating the header)
// when it does not fit; a row taller than a page is split across pages.
func (t *tableLayout) drawRow(r wrappedRow, index int) {
	d := t.d
	fill := RGB{255, 255, 255}
	filled := false
	if t.o.Zebra && index%2 == 1 {
		fill, filled = tableZebraBG, true
	}
	total := r.lines()
	if total == 0 {
		total = 1
	}
	var bg *RGB
	if filled {
		bg = &fill
	}
	from := 0
	for from < total {
		avail := d.trigger() - d.pdf.GetY() - 2*cellPadY
		fit := int(math.Floor(avail/t.lh + 1e-6))
		rest := total - from
		if fit >= rest {
			t.paintRange(r, from, total, bg)
			return
		}
		fresh := d.pdf.GetY() <= marginTop+t.header.height(t.lh)+0.01
		pageCap := int(math.Floor((d.trigger() - marginTop - t.header.height(t.lh) - 2*cellPadY) / t.lh))
		if !fresh && (rest <= pageCap || fit < 3) {
			d.pdf.AddPage()
			t.drawHeader()
			continue
		}
		n := max(fit, 1)
		t.paintRange(r, from, from+n, bg)
		from += n
	}
}

func (t *tableLayout) paint(r wrappedRow, from, to int, bg RGB, header bool) {
	t.paintRange(r, from, to, &bg)
	if header {
		d := t.d
		d.setDrawColour(ruleColour)
		d.pdf.SetLineWidth(0.3)
		y := d.pdf.GetY()
		d.pdf.Line(d.left(), y, d.left()+d.width(), y)
	}
}

// paintRange prints lines [from, to) of a row at the cursor.
func (t *tableLayout) paintRange(r wrappedRow, from, to int, bg *RGB) {
	d := t.d
	x0, y := d.left(), d.pdf.GetY()
	h := float64(to-from)*t.lh + 2*cellPadY
	if bg != nil {
		d.setFillColour(*bg)
		d.pdf.Rect(x0, y, d.width(), h, "F")
	}
	d.setTextColour(textColour)
	x := x0
	for c, lines := range r.cells {
		t.font(r.bold[c])
		align := "L"
		if c < len(t.o.Align) {
			switch t.o.Align[c] {
			case AlignCenter:
				align = "C"
			case AlignRight:
				align = "R"
			}
		}
		for i := from; i < to && i < len(lines); i++ {
			d.pdf.SetXY(x+cellPadX, y+cellPadY+float64(i-from)*t.lh)
			d.pdf.CellFormat(t.widths[c]-2*cellPadX, t.lh, fontSafe(lines[i]), "", 0, align, false, 0, "")
		}
		x += t.widths[c]
	}
	if !t.o.Zebra {
		d.setDrawColour(ruleColour)
		d.pdf.SetLineWidth(0.15)
		d.pdf.Line(x0, y+h, x0+d.width(), y+h)
	}
	d.pdf.SetXY(x0, y+h)
}
