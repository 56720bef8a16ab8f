package xlsx

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ecspack/ecspack/assess"
	"github.com/ecspack/ecspack/evidence"
)

// sampleWorkbook is the workbook of the bundled sample casefile, as the
// pipeline builds it (without the cost sheet, which holds numbers).
func sampleWorkbook(t *testing.T) []byte {
	t.Helper()
	cf, cat, err := evidence.Load("../../samples/harbor")
	if err != nil {
		t.Fatalf("load sample casefile: %v", err)
	}
	return write(t, Input{Catalog: cat, Casefile: cf, Report: assess.Evaluate(cf, cat), Date: cf.Package.Date.Time})
}

// markdownSyntax matches what Markdown looks like when it is not rendered:
// strong emphasis, code spans, links and anchors, strike-through, headings.
var markdownSyntax = regexp.MustCompile("\\*\\*|`|\\]\\(|\\(#|~~|(?m)^#{1,6} ")

// TestSampleWorkbookHasNoMarkdown opens the sample workbook in LibreOffice
// (one CSV per sheet) and scans every cell: none shows Markdown syntax.
func TestSampleWorkbookHasNoMarkdown(t *testing.T) {
	office := findOffice(t)
	dir := t.TempDir()
	data := sampleWorkbook(t)
	src := filepath.Join(dir, "sample.xlsx")
	if err := os.WriteFile(src, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "csv")
	convertCSV(t, office, dir, out, src)
	sheets := open(t, data).GetSheetList()
	cells := 0
	for _, sh := range sheets {
		for i, row := range readCSV(t, filepath.Join(out, "sample-"+sh+".csv")) {
			for j, c := range row {
				cells++
				if m := markdownSyntax.FindString(c); m != "" {
					t.Errorf("%s!%s shows Markdown %q: %q", sh, cellName(j+1, i+1), m, clip([]string{c})[0])
				}
			}
		}
	}
	if len(sheets) < 5 || cells < 500 {
		t.Errorf("read %d cells on %d sheets: the sample workbook was not read", cells, len(sheets))
	}
}

func TestPlainCell(t *testing.T) {
	cases := []struct{ in, want string }{
		{"no markdown: arn:aws:ecs:eu-west-1:1:service/a_b/c", "no markdown: arn:aws:ecs:eu-west-1:1:service/a_b/c"},
		{"run `ecspack discover` in that account", "run ecspack discover in that account"},
		{"(see [ECS-016](#ECS-016))", "(see ECS-016)"},
		{"see [ACCT-002](control:ACCT-002) and [the guide](https://example.com/g)", "see ACCT-002 and the guide (https://example.com/g)"},
		{"first line\n  • **bold** item\nHTTPCode_Target_5XX_Count", "first line\n  • bold item\nHTTPCode_Target_5XX_Count"},
		{"## Purpose", "Purpose"},
	}
	for _, c := range cases {
		if got := plainCell(c.in); got != c.want {
			t.Errorf("plainCell(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestSheetsPrintLegibly reads each sheet's print settings back: landscape,
// one page wide, header rows repeated, and columns narrow enough that
// fitting them to the width of an A4 or US Letter page leaves 11-point text
// at 6 points or more.
func TestSheetsPrintLegibly(t *testing.T) {
	for _, c := range []struct {
		name     string
		workbook func(t *testing.T) []byte
	}{
		{"fixture", func(t *testing.T) []byte { return write(t, fixture(t)) }},
		{"sample", sampleWorkbook},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := open(t, c.workbook(t))
			titles := map[string]bool{}
			for _, dn := range f.GetDefinedName() {
				if dn.Name == "_xlnm.Print_Titles" {
					titles[dn.Scope] = true
				}
			}
			for _, sh := range f.GetSheetList() {
				checkPrint(t, f, sh, titles[sh])
			}
		})
	}
}

// checkPrint checks the print settings of one sheet.
func checkPrint(t *testing.T, f *excelize.File, sh string, titles bool) {
	t.Helper()
	pl, err := f.GetPageLayout(sh)
	if err != nil {
		t.Fatal(err)
	}
	props, err := f.GetSheetProps(sh)
	if err != nil {
		t.Fatal(err)
	}
	if pl.Orientation == nil || *pl.Orientation != "landscape" || pl.FitToWidth == nil || *pl.FitToWidth != 1 ||
		pl.FitToHeight == nil || *pl.FitToHeight != 0 || props.FitToPage == nil || !*props.FitToPage {
		t.Errorf("%s: not landscape, one page wide: %+v, fit to page %v", sh, pl, props.FitToPage)
	}
	if !titles {
		t.Errorf("%s: no header rows repeated on printed pages", sh)
	}
	m, err := f.GetPageMargins(sh)
	if err != nil || m.Left == nil || m.Right == nil {
		t.Fatalf("%s: page margins: %v", sh, err)
	}
	cols, err := f.GetCols(sh)
	if err != nil {
		t.Fatal(err)
	}
	width := 0.0
	for i := range max(len(cols), 1) {
		w, err := f.GetColWidth(sh, strings.TrimRight(cellName(i+1, 1), "1"))
		if err != nil {
			t.Fatal(err)
		}
		width += w
	}
	if width > maxSheetWidth {
		t.Errorf("%s: columns %.0f units wide, more than %d", sh, width, maxSheetWidth)
	}
	const pxMM = 25.4 / 96 // one unit is 7 pixels at 96 per inch
	for paper, mm := range map[string]float64{"A4": 297, "US Letter": 279.4} {
		printable := mm - (*m.Left+*m.Right)*25.4
		if pt := 11 * min(1, printable/(width*7*pxMM)); pt < 6 {
			t.Errorf("%s: %.0f units wide, prints at %.1f pt on %s landscape", sh, width, pt, paper)
		}
	}
}
