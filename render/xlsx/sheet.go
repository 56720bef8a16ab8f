package xlsx

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/ecspack/ecspack/internal/textsafe"
	"github.com/xuri/excelize/v2"
)

// sheet is a worksheet laid out in memory before it is streamed: the rows and
// everything that decorates them (filters, colours, dropdowns, links, print
// setup). Building the whole layout first lets emit set every worksheet-level
// part before the rows are streamed, which is the order excelize's
// StreamWriter needs, and keeps each sheet builder a pure function.
type sheet struct {
	name string
	// widths are the column widths, first column first.
	widths []float64
	// rows are streamed from row 1; a nil value leaves the cell empty.
	rows [][]any
	// freezeRows and freezeCols are the header rows and columns kept visible.
	freezeRows, freezeCols int
	// filter is the autofilter range ("A2:K40"), or "".
	filter string
	// statusRanges get one conditional colour per status.
	statusRanges []string
	// dropdowns get a list validation of the five status values.
	dropdowns []string
	// links are internal hyperlinks (cell → "'Sheet'!A5").
	links []link
	// printTitles repeats rows printTitles[0]..printTitles[1] on every
	// printed page (none when zero).
	printTitles [2]int
	// outcomeRanges get one conditional colour per finding outcome.
	outcomeRanges []string
	// merges are ranges to merge ("A1:F1").
	merges [][2]string
	// names are workbook-level defined names for cells of the sheet (the
	// cost assumptions), set in order.
	names []excelize.DefinedName
}

// link is one internal hyperlink.
type link struct {
	cell, target, tooltip string
}

// add appends a row and returns its 1-based row number.
func (s *sheet) add(cells ...any) int {
	s.rows = append(s.rows, cells)
	return len(s.rows)
}

// styles are the cell styles shared by every sheet, created once per workbook
// so style ids are stable.
type styles struct {
	title, label, header, text, wrap, status, link, muted, note, number, money, moneyBold, price, bold int
	// input and inputPercent mark cells meant to be edited (cost
	// assumptions); percent shows a fraction such as a discount; unit is
	// text indented away from the number to its left, and wrapIndent the
	// same for wrapped text.
	input, inputPercent, percent, unit, wrapIndent int
	// cond holds the conditional-format fill per status value.
	cond map[string]int
	// wraps are the styles that wrap text, whose rows need a height.
	wraps map[int]bool
}

// Row height estimate: Excel recomputes the height of wrapped rows only when
// a cell is edited, and LibreOffice does not do it on load either, so rows
// with wrapped text get an explicit height from a deliberately generous
// estimate of their line count.
const (
	// lineHeight is the height in points of one line of 11-point text.
	lineHeight = 15.0
	// maxRowHeight is Excel's largest row height in points.
	maxRowHeight = 409.0
)

// rowHeight estimates the height a row needs to show its wrapped cells in
// full (up to maxRowHeight), or 0 when one line is enough.
func rowHeight(cells []any, widths []float64, wraps map[int]bool) float64 {
	most := 1
	for i, c := range cells {
		cell, ok := c.(excelize.Cell)
		if !ok || !wraps[cell.StyleID] || i >= len(widths) {
			continue
		}
		text, ok := cell.Value.(string)
		if !ok {
			continue
		}
		// A column width counts digit widths; average text is a little
		// narrower, so one unit per character overestimates slightly.
		perLine := max(int(widths[i]), 1)
		lines := 0
		for _, para := range strings.Split(text, "\n") {
			lines += max(1, (utf8.RuneCountInString(para)+perLine-1)/perLine)
			if float64(lines)*lineHeight >= maxRowHeight {
				break
			}
		}
		most = max(most, lines)
	}
	if most <= 1 {
		return 0
	}
	return min(float64(most)*lineHeight+3, maxRowHeight)
}

// workbookFont is excelize's default font, named on every styled font.
const workbookFont = "Calibri"

// newStyles registers the workbook's styles in a fixed order.
func newStyles(f *excelize.File) (*styles, error) {
	st := &styles{cond: map[string]int{}, wraps: map[int]bool{}}
	priceFormat := "#,##0.00000"
	percentFormat := `0.0%;-0.0%;"–"`
	inputPercentFormat := "0.0%"
	// Inputs follow the spreadsheet convention of blue figures on a pale
	// yellow fill, boxed, so a reader sees at once what to edit.
	box := []excelize.Border{
		{Type: "left", Color: "BF9000", Style: 1}, {Type: "right", Color: "BF9000", Style: 1},
		{Type: "top", Color: "BF9000", Style: 1}, {Type: "bottom", Color: "BF9000", Style: 1},
	}
	inputFont := &excelize.Font{Bold: true, Color: "0000FF"}
	inputFill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF2CC"}}
	top := &excelize.Alignment{Vertical: "top"}
	wrapTop := &excelize.Alignment{Vertical: "top", WrapText: true}
	thin := []excelize.Border{
		{Type: "bottom", Color: "A6A6A6", Style: 1},
	}
	defs := []struct {
		dst *int
		s   excelize.Style
	}{
		{&st.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}},
		{&st.label, excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: top}},
		{&st.header, excelize.Style{
			Font:      &excelize.Font{Bold: true, Color: "FFFFFF"},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"232F3E"}},
			Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
			Border:    thin,
		}},
		{&st.text, excelize.Style{Alignment: top}},
		{&st.wrap, excelize.Style{Alignment: wrapTop}},
		{&st.status, excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "center"}}},
		{&st.link, excelize.Style{Font: &excelize.Font{Color: "1265BE", Underline: "single"}, Alignment: top}},
		{&st.muted, excelize.Style{Font: &excelize.Font{Color: "7F7F7F", Italic: true}, Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "center"}}},
		{&st.note, excelize.Style{Font: &excelize.Font{Color: "7F7F7F", Italic: true}}},
		{&st.number, excelize.Style{Alignment: top, NumFmt: 3}},
		{&st.money, excelize.Style{Alignment: top, NumFmt: 4}},
		{&st.moneyBold, excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: top, NumFmt: 4}},
		{&st.price, excelize.Style{Alignment: top, CustomNumFmt: &priceFormat}},
		{&st.bold, excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: top}},
		{&st.input, excelize.Style{Font: inputFont, Fill: inputFill, Border: box, Alignment: top}},
		{&st.inputPercent, excelize.Style{Font: inputFont, Fill: inputFill, Border: box, Alignment: top, CustomNumFmt: &inputPercentFormat}},
		{&st.percent, excelize.Style{Alignment: top, CustomNumFmt: &percentFormat}},
		{&st.unit, excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "left", Indent: 1}}},
		{&st.wrapIndent, excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "left", Indent: 1, WrapText: true}}},
	}
	for _, d := range defs {
		if d.s.Font != nil && d.s.Font.Family == "" {
			// A font without a family is read by LibreOffice as its default
			// serif face: name the workbook's default font explicitly.
			fc := *d.s.Font
			fc.Family = workbookFont
			d.s.Font = &fc
		}
		id, err := f.NewStyle(&d.s)
		if err != nil {
			return nil, fmt.Errorf("create cell style: %w", err)
		}
		*d.dst = id
		if d.s.Alignment != nil && d.s.Alignment.WrapText {
			st.wraps[id] = true
		}
	}
	for _, c := range append(append([]colourRule{}, statusRules...), outcomeRules...) {
		if _, done := st.cond[c.value]; done {
			continue
		}
		id, err := f.NewConditionalStyle(&excelize.Style{
			Font: &excelize.Font{Color: c.font, Bold: true, Family: workbookFont},
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c.fill}},
		})
		if err != nil {
			return nil, fmt.Errorf("create conditional style for %s: %w", c.value, err)
		}
		st.cond[c.value] = id
	}
	return st, nil
}

// cleanRow replaces control characters in the row's text (textsafe.Controls):
// C0 controls are not allowed in the workbook's XML, and bidirectional
// overrides would make a cell say something else than it holds. Every other
// character, CJK, Hebrew and Arabic included, is kept: the workbook is read
// with the viewer's fonts. Markdown in a line of text becomes its plain text
// (plainCell): a cell is read as it is, never rendered. The row is copied
// only when something changes.
func cleanRow(r []any) []any {
	var out []any
	for i, v := range r {
		var nv any
		switch v := v.(type) {
		case string:
			if c := plainCell(textsafe.Controls(v)); c != v {
				nv = c
			}
		case excelize.Cell:
			if s, ok := v.Value.(string); ok {
				c := textsafe.Controls(s)
				if v.Formula == "" { // a formula's cached value is its result
					c = plainCell(c)
				}
				if c != s {
					v.Value = c
					nv = v
				}
			}
		}
		if nv != nil {
			if out == nil {
				out = append([]any(nil), r...)
			}
			out[i] = nv
		}
	}
	if out == nil {
		return r
	}
	return out
}

// emit writes s into the workbook as a new sheet (or into the existing sheet
// of that name), streaming the rows. Worksheet parts that excelize keeps
// outside the streamed cell data are set first.
func emit(f *excelize.File, s *sheet, st *styles, footer string) error {
	if idx, _ := f.GetSheetIndex(s.name); idx < 0 {
		if _, err := f.NewSheet(s.name); err != nil {
			return fmt.Errorf("add sheet %q: %w", s.name, err)
		}
	}
	if err := decorate(f, s, st, footer); err != nil {
		return fmt.Errorf("sheet %q: %w", s.name, err)
	}
	sw, err := f.NewStreamWriter(s.name)
	if err != nil {
		return fmt.Errorf("sheet %q: start writing: %w", s.name, err)
	}
	// excelize prepends each width, so set them last column first to get
	// the ascending order the file format requires.
	for i := len(s.widths) - 1; i >= 0; i-- {
		w := s.widths[i]
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return fmt.Errorf("sheet %q: column width: %w", s.name, err)
		}
	}
	if s.freezeRows > 0 || s.freezeCols > 0 {
		tl, _ := excelize.CoordinatesToCellName(s.freezeCols+1, s.freezeRows+1)
		pane := "bottomLeft"
		switch {
		case s.freezeRows > 0 && s.freezeCols > 0:
			pane = "bottomRight"
		case s.freezeRows == 0:
			pane = "topRight"
		}
		if err := sw.SetPanes(&excelize.Panes{
			Freeze: true, XSplit: s.freezeCols, YSplit: s.freezeRows,
			TopLeftCell: tl, ActivePane: pane,
			Selection: []excelize.Selection{{SQRef: tl, ActiveCell: tl, Pane: pane}},
		}); err != nil {
			return fmt.Errorf("sheet %q: freeze panes: %w", s.name, err)
		}
	}
	for i, r := range s.rows {
		if len(r) == 0 {
			continue
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		var opts []excelize.RowOpts
		if h := rowHeight(r, s.widths, st.wraps); h > 0 {
			opts = append(opts, excelize.RowOpts{Height: h})
		}
		if err := sw.SetRow(cell, cleanRow(r), opts...); err != nil {
			return fmt.Errorf("sheet %q: row %d: %w", s.name, i+1, err)
		}
	}
	for _, m := range s.merges {
		if err := sw.MergeCell(m[0], m[1]); err != nil {
			return fmt.Errorf("sheet %q: merge %s:%s: %w", s.name, m[0], m[1], err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("sheet %q: finish writing: %w", s.name, err)
	}
	return nil
}

// decorate sets the worksheet-level parts of s: print setup, autofilter,
// conditional colours, status dropdowns, defined names and hyperlinks.
func decorate(f *excelize.File, s *sheet, st *styles, footer string) error {
	// AutoFilter replaces the sheet properties, so it goes first.
	if s.filter != "" {
		if err := f.AutoFilter(s.name, s.filter, nil); err != nil {
			return fmt.Errorf("autofilter %s: %w", s.filter, err)
		}
	}
	yes := true
	if err := f.SetSheetProps(s.name, &excelize.SheetPropsOptions{FitToPage: &yes}); err != nil {
		return fmt.Errorf("sheet properties: %w", err)
	}
	landscape, one, zero := "landscape", 1, 0
	a4 := 9
	if err := f.SetPageLayout(s.name, &excelize.PageLayoutOptions{
		Size: &a4, Orientation: &landscape, FitToWidth: &one, FitToHeight: &zero,
	}); err != nil {
		return fmt.Errorf("page layout: %w", err)
	}
	side, edge, band := printSideMargin, 0.5, 0.3
	if err := f.SetPageMargins(s.name, &excelize.PageLayoutMarginsOptions{
		Left: &side, Right: &side, Top: &edge, Bottom: &edge, Header: &band, Footer: &band,
	}); err != nil {
		return fmt.Errorf("page margins: %w", err)
	}
	if err := f.SetHeaderFooter(s.name, &excelize.HeaderFooterOptions{
		OddHeader: "&L&A&R" + escapeHeader(footer),
		OddFooter: "&CPage &P of &N",
	}); err != nil {
		return fmt.Errorf("header and footer: %w", err)
	}
	if s.printTitles[0] > 0 {
		if err := f.SetDefinedName(&excelize.DefinedName{
			Name:     "_xlnm.Print_Titles",
			RefersTo: fmt.Sprintf("%s!$%d:$%d", quoteSheet(s.name), s.printTitles[0], s.printTitles[1]),
			Scope:    s.name,
		}); err != nil {
			return fmt.Errorf("print titles: %w", err)
		}
	}
	for _, set := range []struct {
		ranges  []string
		colours []colourRule
	}{{s.statusRanges, statusRules}, {s.outcomeRanges, outcomeRules}} {
		for _, r := range set.ranges {
			var rules []excelize.ConditionalFormatOptions
			for _, c := range set.colours {
				format := st.cond[c.value]
				rules = append(rules, excelize.ConditionalFormatOptions{
					Type: "cell", Criteria: "==", Value: `"` + c.value + `"`, Format: &format,
				})
			}
			if err := f.SetConditionalFormat(s.name, r, rules); err != nil {
				return fmt.Errorf("colours on %s: %w", r, err)
			}
		}
	}
	for _, r := range s.dropdowns {
		dv := excelize.NewDataValidation(true)
		dv.Sqref = r
		if err := dv.SetDropList(statusValues()); err != nil {
			return fmt.Errorf("status list on %s: %w", r, err)
		}
		dv.SetError(excelize.DataValidationErrorStyleStop, "Status", "Choose one of: "+strings.Join(statusValues(), ", "))
		dv.SetInput("Status", "One of: "+strings.Join(statusValues(), ", "))
		if err := f.AddDataValidation(s.name, dv); err != nil {
			return fmt.Errorf("status list on %s: %w", r, err)
		}
	}
	for i := range s.names {
		if err := f.SetDefinedName(&s.names[i]); err != nil {
			return fmt.Errorf("defined name %s: %w", s.names[i].Name, err)
		}
	}
	for _, l := range s.links {
		var opts []excelize.HyperlinkOpts
		if l.tooltip != "" {
			tip := l.tooltip
			opts = append(opts, excelize.HyperlinkOpts{Tooltip: &tip})
		}
		if err := f.SetCellHyperLink(s.name, l.cell, l.target, "Location", opts...); err != nil {
			return fmt.Errorf("link %s → %s: %w", l.cell, l.target, err)
		}
	}
	return nil
}

// Printing. Every sheet prints landscape, one page wide (as many pages high
// as it needs) with its header row repeated on each page. Fitting to the
// width shrinks the print: a sheet of maxSheetWidth columns with side
// margins of printSideMargin inches prints its 11-point text at 6 points
// or more on A4 and US Letter (a case study sheet 349 wide printed at
// about 4 points).
const (
	// printSideMargin is the left and right page margin, in inches.
	printSideMargin = 0.3
	// maxSheetWidth is the most the columns of a sheet may add up to, in
	// Excel's width units (one unit is 7 pixels of 11-point Calibri).
	maxSheetWidth = 260
)

// escapeHeader doubles the ampersands of text placed in a print header,
// where "&" starts a control code.
func escapeHeader(s string) string { return strings.ReplaceAll(s, "&", "&&") }

// quoteSheet quotes a sheet name for use in a formula or a reference.
func quoteSheet(name string) string { return "'" + strings.ReplaceAll(name, "'", "''") + "'" }

// ref returns "'Sheet'!A5" for a hyperlink or formula target.
func ref(sheetName string, col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return quoteSheet(sheetName) + "!" + c
}

// cellName is CoordinatesToCellName for coordinates known to be valid.
func cellName(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}

// colRange is "C5:C40" for column col over rows from..to.
func colRange(col, from, to int) string {
	return cellName(col, from) + ":" + cellName(col, to)
}

// styled is a shorthand for a streamed cell with a style. An empty string
// gives a styled blank cell, so filters and counts see it as blank.
func styled(style int, v any) excelize.Cell {
	if s, ok := v.(string); ok && s == "" {
		v = nil
	}
	return excelize.Cell{StyleID: style, Value: v}
}

// formula is a streamed formula cell with its cached value, so readers that
// do not recalculate still show the right number.
func formula(style int, f string, cached any) excelize.Cell {
	return excelize.Cell{StyleID: style, Formula: f, Value: cached}
}
