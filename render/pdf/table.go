package pdf

import (
	"math"
	"strings"
)

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
	var first wrappedRow
	if len(rows) > 0 {
		first = t.wrapRow(pad(rows[0], ncol), false)
	}
	d.ensure(t.header.height(lh) + t.firstNeed(first))
	t.drawHeader()
	for i, r := range rows {
		w := first
		if i > 0 {
			w = t.wrapRow(pad(r, ncol), false)
		}
		t.drawRow(w, i)
	}
	d.pdf.SetXY(d.left(), d.pdf.GetY())
	d.gap(blockGap)
}

// firstNeed is the height the first row needs below the header, so that
// the header never ends a page alone: the whole row when drawRow would move
// it to a new page whole (it fits on one), else the three lines drawRow
// starts a split row with; one line for a table without rows.
func (t *tableLayout) firstNeed(r wrappedRow) float64 {
	n := max(r.lines(), 1)
	pageCap := int(math.Floor((t.d.trigger() - marginTop - t.header.height(t.lh) - 2*cellPadY) / t.lh))
	if n > pageCap {
		n = 3
	}
	return float64(n)*t.lh + 2*cellPadY
}

func pad(r []string, n int) []string {
	if len(r) >= n {
		return r[:n]
	}
	out := make([]string, n)
	copy(out, r)
	return out
}

// columnWidths turns options or content into absolute widths. Every column
// is at least as wide as its widest word, so an identifier (a check id, a
// metric name) is never split, as long as that word is no wider than the
// column's share or identLimit of the table (with Widths; 60 % without)
// and the columns' widest words
// fit side by side; when they do not, the columns with the widest words give
// way first, down to their widest run between separators, and those words
// break after a separator (breakToken). Above these floors the width is
// shared out in proportion to Widths, or else to each column's natural
// width (its longest line).
func (d *Document) columnWidths(headers []string, rows [][]string, ncol int, size float64, o TableOptions) []float64 {
	total := d.width()
	cols := d.measureColumns(headers, rows, ncol, size, o)
	target := make([]float64, ncol)
	explicit := len(o.Widths) >= ncol
	for i := 0; i < ncol && explicit; i++ {
		if o.Widths[i] <= 0 {
			explicit = false
		}
	}
	for i, c := range cols {
		if explicit {
			target[i] = o.Widths[i]
		} else {
			target[i] = max(math.Min(c.nat, total*0.6), 14)
		}
	}
	// A word is kept whole only up to the column's share of the width or
	// identLimit of it, whichever is more, when the caller gave the shares:
	// a longer word (an ARN beside a message) breaks after a separator
	// rather than take the width the caller meant for the other columns.
	// Without shares, identifiers come first, up to the natural width cap.
	sum := 0.0
	for _, t := range target {
		sum += t
	}
	for i := range cols {
		limit := total * 0.6
		if explicit {
			limit = max(total*target[i]/sum, total*identLimit)
		}
		// A run between separators wider than the limit (a long token
		// without one) is broken at the column's edge rather than make
		// every other column break its identifiers.
		cols[i].seg = math.Min(cols[i].seg, limit)
		cols[i].word = max(cols[i].seg, math.Min(cols[i].word, limit))
	}
	return spread(floors(cols, total), target, total)
}

// identLimit is the share of the table's width up to which a column's
// widest word is kept whole even beyond the column's own share: wide enough
// for check ids, metric and resource names (a 30-character id takes about
// a fifth at 9 pt), narrower than most ARNs.
const identLimit = 0.3

// colMeasure is what a column's content needs, in millimetres with the
// cell padding: its longest line, its widest word and its widest run of a
// word between separators (with breakMark).
type colMeasure struct{ nat, word, seg float64 }

// measureColumns measures each column's cells in the fonts they print in.
func (d *Document) measureColumns(headers []string, rows [][]string, ncol int, size float64, o TableOptions) []colMeasure {
	cols := make([]colMeasure, ncol)
	d.setFont(fontSans, "", size)
	markW := d.strWidth(breakMark)
	for c := range cols {
		m := &cols[c]
		measure := func(cell string) {
			for _, line := range splitLines(fontSafe(cell)) {
				m.nat = max(m.nat, d.strWidth(line))
				for _, word := range strings.Fields(line) {
					word = shortWord(word)
					ww := d.strWidth(word)
					m.word = max(m.word, ww)
					if ww+markW <= m.seg { // no run of it can be wider
						continue
					}
					for _, part := range segments(word) {
						m.seg = max(m.seg, d.strWidth(part)+markW)
					}
				}
			}
		}
		if c < len(headers) {
			d.setFont(fontSans, "B", size)
			measure(headers[c])
		}
		style := ""
		if c == 0 && o.BoldFirstColumn {
			style = "B"
		}
		d.setFont(fontSans, style, size)
		for _, r := range rows {
			if c < len(r) {
				measure(r[c])
			}
		}
		m.seg = math.Min(m.seg, m.word)
		m.nat += 2 * cellPadX
		m.word += 2 * cellPadX
		m.seg += 2 * cellPadX
	}
	d.setFont(fontSans, "", size)
	return cols
}

// segments splits a word after each separator breakToken may break at.
func segments(word string) []string {
	var out []string
	start := 0
	for i, r := range word {
		if isWordBreak(r) {
			out = append(out, word[start:i+1])
			start = i + 1
		}
	}
	if start < len(word) {
		out = append(out, word[start:])
	}
	return out
}

// floors are the narrowest widths the columns may get: each column's widest
// word when they fit in total together; else the widest words are capped at
// the one width that makes them fit, never below the column's widest run
// between separators; else (not even those fit) those runs, scaled down.
func floors(cols []colMeasure, total float64) []float64 {
	out := make([]float64, len(cols))
	sumWord, sumSeg, top := 0.0, 0.0, 0.0
	for _, c := range cols {
		sumWord += c.word
		sumSeg += c.seg
		top = max(top, c.word)
	}
	switch {
	case sumWord <= total:
		for i, c := range cols {
			out[i] = c.word
		}
	case sumSeg >= total:
		for i, c := range cols {
			out[i] = c.seg * total / sumSeg
		}
	default:
		capped := func(limit float64) float64 {
			s := 0.0
			for i, c := range cols {
				out[i] = max(c.seg, math.Min(c.word, limit))
				s += out[i]
			}
			return s
		}
		lo, hi := 0.0, top
		for range 50 {
			if mid := (lo + hi) / 2; capped(mid) > total {
				hi = mid
			} else {
				lo = mid
			}
		}
		capped(lo)
	}
	return out
}

// spread gives each column max(floor, k × target), with k chosen so that
// the widths add up to total (floors must add up to at most total).
func spread(floor, target []float64, total float64) []float64 {
	out := make([]float64, len(floor))
	widths := func(k float64) float64 {
		s := 0.0
		for i := range out {
			out[i] = max(floor[i], k*target[i])
			s += out[i]
		}
		return s
	}
	lo, hi := 0.0, 1.0
	for widths(hi) < total && hi < 1e12 {
		hi *= 2
	}
	for range 60 {
		if mid := (lo + hi) / 2; widths(mid) > total {
			hi = mid
		} else {
			lo = mid
		}
	}
	// Give the rounding rest to the widest column.
	s, widest := widths(lo), 0
	for i := range out {
		if out[i] > out[widest] {
			widest = i
		}
	}
	out[widest] += total - s
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
