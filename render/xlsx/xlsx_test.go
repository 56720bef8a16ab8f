package xlsx

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/ecspack/ecspack/assess"
)

// open reads a written workbook back with excelize.
func open(t testing.TB, b []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("open written workbook: %v", err)
	}
	t.Cleanup(func() { _ = f.Close() })
	return f
}

// value reads one cell's raw value.
func value(t testing.TB, f *excelize.File, sheet, cell string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("%s!%s: %v", sheet, cell, err)
	}
	return v
}

func TestWriteIsByteIdentical(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   func(testing.TB) Input
	}{
		{"fixture", fixture},
		{"200 services", func(tb testing.TB) Input { return bigFindings(tb, 200) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := write(t, tc.in(t))
			for range 3 {
				if b := write(t, tc.in(t)); !bytes.Equal(a, b) {
					t.Fatalf("two writes of the same input differ (%d vs %d bytes)", len(a), len(b))
				}
			}
		})
	}
	// The date is the only time in the file: another date, other bytes.
	in := fixture(t)
	a := write(t, in)
	in.Date = in.Date.AddDate(0, 0, 1)
	if bytes.Equal(a, write(t, in)) {
		t.Fatal("changing the package date did not change the output")
	}
}

func TestSheetsAndSummaryMatrix(t *testing.T) {
	in := fixture(t)
	f := open(t, write(t, in))
	want := []string{SummarySheet, PrerequisitesSheet, "alpha", "beta-with-a-rather-long-case-id", ItemsSheet, FindingsSheet, InventorySheet, CostSheetName}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Fatalf("sheets = %q, want %q", got, want)
	}
	if got := f.GetActiveSheetIndex(); got != 0 {
		t.Errorf("active sheet = %d, want Summary", got)
	}
	if v := value(t, f, SummarySheet, "B2"); v != "Acme Cloud & Co" {
		t.Errorf("partner = %q", v)
	}
	if v := value(t, f, SummarySheet, "B3"); v != "ACME-ECS-2026-1" {
		t.Errorf("package = %q", v)
	}
	if v := value(t, f, SummarySheet, "B5"); v != "2026-03-02" {
		t.Errorf("date = %q", v)
	}
	if len(in.Catalog.Controls) != 39 {
		t.Fatalf("catalog has %d controls, want 39", len(in.Catalog.Controls))
	}
	for i, c := range in.Catalog.Controls {
		row := summaryHeaderRow + 1 + i
		if got := value(t, f, SummarySheet, cellName(sumID, row)); got != c.ID {
			t.Fatalf("Summary row %d id = %q, want %q", row, got, c.ID)
		}
		if got, want := value(t, f, SummarySheet, cellName(sumOverall, row)), string(in.Report.OverallFor(c.ID).Status); got != want {
			t.Errorf("%s overall = %q, want %q", c.ID, got, want)
		}
		for ci := range in.Report.CaseStudies {
			got := value(t, f, SummarySheet, cellName(sumFirstCase+ci, row))
			want := "partner level"
			if isCaseScope(c) {
				want = string(in.Report.CaseStudies[ci].Control(c.ID).Status)
			}
			if got != want {
				t.Errorf("%s case %d = %q, want %q", c.ID, ci, got, want)
			}
		}
	}
	// Status counts are formulas that evaluate to the hand-counted statuses.
	countRow := summaryHeaderRow + len(in.Catalog.Controls) + 3
	for si, status := range statusValues() {
		row := countRow + si
		if got := value(t, f, SummarySheet, cellName(1, row)); got != status {
			t.Fatalf("count row %d label = %q, want %q", row, got, status)
		}
		for ci, cr := range in.Report.CaseStudies {
			want := 0
			for _, r := range cr.Controls {
				if string(r.Status) == status {
					want++
				}
			}
			cell := cellName(sumFirstCase+ci, row)
			got, err := f.CalcCellValue(SummarySheet, cell)
			if err != nil {
				t.Fatalf("calc %s: %v", cell, err)
			}
			if got != strconv.Itoa(want) {
				t.Errorf("count of %s in %s = %s, want %d", status, cr.ID, got, want)
			}
			if cached := value(t, f, SummarySheet, cell); cached != got {
				t.Errorf("cached count %s = %s, calculated %s", cell, cached, got)
			}
		}
	}
}

func TestLinksLandOnTheControl(t *testing.T) {
	in := fixture(t)
	f := open(t, write(t, in))
	for i, c := range in.Catalog.Controls {
		row := summaryHeaderRow + 1 + i
		cell := cellName(sumFirstCase+1, row) // second case study column
		if !isCaseScope(c) {
			cell = cellName(sumOverall, row)
		}
		ok, target, err := f.GetCellHyperLink(SummarySheet, cell)
		if err != nil || !ok {
			t.Fatalf("%s: no hyperlink on Summary!%s (%v)", c.ID, cell, err)
		}
		sheetName, at, found := strings.Cut(target, "!")
		if !found {
			t.Fatalf("%s: link target %q", c.ID, target)
		}
		sheetName = strings.Trim(sheetName, "'")
		col, r, err := excelize.CellNameToCoordinates(at)
		if err != nil || col != ctlStatus {
			t.Fatalf("%s: link %q does not point at a status cell", c.ID, target)
		}
		if got := value(t, f, sheetName, cellName(ctlID, r)); got != c.ID {
			t.Errorf("%s: link %q lands on the row of %q", c.ID, target, got)
		}
	}
	// Findings rows link to their control with a HYPERLINK formula.
	rows, err := f.GetRows(FindingsSheet)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(rows); i++ {
		formula, err := f.GetCellFormula(FindingsSheet, cellName(2, i+1))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(formula, `HYPERLINK("#'`) || !strings.Contains(formula, `"`+rows[i][1]+`"`) {
			t.Errorf("Findings row %d control link = %q", i+1, formula)
		}
	}
}

func TestCaseSheetColumnsAndFeatures(t *testing.T) {
	in := fixture(t)
	f := open(t, write(t, in))
	caseRows := 0
	for _, c := range in.Catalog.Controls {
		if isCaseScope(c) {
			caseRows++
		}
	}
	statusCol := cellName(ctlStatus, controlHeaderRow+1) + ":" + cellName(ctlStatus, controlHeaderRow+caseRows)
	for _, sh := range []string{"alpha", "beta-with-a-rather-long-case-id"} {
		t.Run(sh, func(t *testing.T) {
			header, err := f.GetRows(sh)
			if err != nil {
				t.Fatal(err)
			}
			wantHeader := []string{"ID", "Title", "Scope", "Requirement (summary)", "Status", "Why this status", "Partner's answer", "Automated findings", "Evidence references", "Reviewer notes"}
			if got := header[controlHeaderRow-1]; !slices.Equal(got, wantHeader) {
				t.Fatalf("header = %q", got)
			}
			dvs, err := f.GetDataValidations(sh)
			if err != nil || len(dvs) != 1 {
				t.Fatalf("data validations = %v (%v), want 1", dvs, err)
			}
			if dvs[0].Sqref != statusCol || dvs[0].Type != "list" {
				t.Errorf("validation on %q type %q, want list on %s", dvs[0].Sqref, dvs[0].Type, statusCol)
			}
			for _, s := range assess.Statuses() {
				if !strings.Contains(dvs[0].Formula1, string(s)) {
					t.Errorf("dropdown %q lacks %s", dvs[0].Formula1, s)
				}
			}
			cfs, err := f.GetConditionalFormats(sh)
			if err != nil {
				t.Fatal(err)
			}
			if len(cfs[statusCol]) != 5 {
				t.Errorf("conditional formats on %s = %d rules, want 5 (one per status): %v", statusCol, len(cfs[statusCol]), cfs)
			}
			panes, err := f.GetPanes(sh)
			if err != nil || !panes.Freeze || panes.YSplit != controlHeaderRow {
				t.Errorf("panes = %+v (%v), want frozen below row %d", panes, err, controlHeaderRow)
			}
			layout, err := f.GetPageLayout(sh)
			if err != nil || layout.Orientation == nil || *layout.Orientation != "landscape" || layout.FitToWidth == nil || *layout.FitToWidth != 1 {
				t.Errorf("page layout = %+v (%v)", layout, err)
			}
		})
	}
	names := map[string]bool{}
	for _, dn := range f.GetDefinedName() {
		names[dn.Scope+"|"+dn.Name+"|"+dn.RefersTo] = true
	}
	for _, want := range []string{
		"alpha|_xlnm._FilterDatabase|'alpha'!$A$3:$J$38",
		"alpha|_xlnm.Print_Titles|'alpha'!$3:$3",
		"Findings|_xlnm._FilterDatabase|'Findings'!$A$1:$J$8",
		"Summary|_xlnm._FilterDatabase|'Summary'!$A$8:$G$47",
	} {
		if !names[want] {
			t.Errorf("defined name %s missing; have %v", want, names)
		}
	}
	// The ECS-001 row carries the answer as text, the findings and the evidence.
	row := 0
	for r := controlHeaderRow + 1; r <= controlHeaderRow+caseRows; r++ {
		if value(t, f, "alpha", cellName(ctlID, r)) == "ECS-001" {
			row = r
		}
	}
	if row == 0 {
		t.Fatal("ECS-001 not on the alpha sheet")
	}
	for col, want := range map[int][]string{
		ctlAnswer:   {"Heading\n\nWe use:\n\n• item one\n• item two\n\nSee the docs (https://example.com/docs)."},
		ctlFindings: {"1 fail, 1 warn, 1 pass", "• fail: arn:aws:ecs:eu-west-1:111122223333:service/shop/cart: running below desired", "• warn: orders: no alarm"},
		ctlEvidence: {"attachment: attachments/diagram.png", "reference: https://example.com/ref", "checked: cloudwatch:DescribeAlarms", "checked: ecs:DescribeServices runningCount"},
	} {
		got := value(t, f, "alpha", cellName(col, row))
		if got != strings.Join(want, "\n") {
			t.Errorf("ECS-001 column %d = %q, want %q", col, got, strings.Join(want, "\n"))
		}
	}
	// The over-long answer is cut to the cell limit with a note.
	long := value(t, f, "alpha", cellName(ctlAnswer, row+1))
	if n := utf16Len(long); n > MaxCellChars || n < MaxCellChars-200 || !strings.HasSuffix(long, truncationNote) {
		t.Errorf("long answer: %d UTF-16 units, ends %q", n, long[max(0, len(long)-60):])
	}
}

func TestInventoryAndFindingsRows(t *testing.T) {
	in := fixture(t)
	f := open(t, write(t, in))
	rows, err := f.GetRows(InventorySheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	found := map[string][]string{}
	for _, r := range rows[1:] {
		found[r[3]+"/"+r[4]] = r
	}
	orders := found["ECS service/orders"]
	if orders == nil {
		t.Fatalf("no orders service row in %q", rows)
	}
	if orders[0] != "alpha" || orders[1] != "111122223333" || orders[2] != "eu-west-1" || orders[5] != "shop" || orders[6] != "FARGATE" || orders[7] != "3" || orders[8] != "3" {
		t.Errorf("orders row = %q", orders)
	}
	if cart := found["ECS service/cart"]; cart == nil || cart[6] != "FARGATE_SPOT weight 1" || cart[7] != "2" || cart[8] != "1" {
		t.Errorf("cart row = %q", cart)
	}
	for _, k := range []string{"ECS cluster/shop", "Task definition/orders:7", "Load balancer/shop", "ECR repository/orders", "EFS file system/media"} {
		if found[k] == nil {
			t.Errorf("inventory lacks %s", k)
		}
	}
	frows, err := f.GetRows(FindingsSheet)
	if err != nil {
		t.Fatal(err)
	}
	// 1 partner finding + 3 ECS-001 findings in each case study.
	if len(frows) != 8 {
		t.Fatalf("findings rows = %d, want 8: %q", len(frows), frows)
	}
	if got := frows[1][:4]; !slices.Equal(got, []string{partnerCase, "2.1", "2.1.customers", "fail"}) {
		t.Errorf("first finding = %q", got)
	}
	if got := frows[2]; got[0] != "alpha" || got[1] != "ECS-001" || got[3] != "fail" || got[7] != "scale" {
		t.Errorf("alpha finding = %q", got)
	}
	if got := frows[5]; got[0] != "beta-with-a-rather-long-case-identifier" || got[2] != "ECS-001.a" {
		t.Errorf("first beta finding = %q", got)
	}
	cfs, err := f.GetConditionalFormats(FindingsSheet)
	if err != nil || len(cfs["D2:D8"]) != 5 {
		t.Errorf("outcome colours = %v (%v), want 5 rules on D2:D8", cfs, err)
	}
}

func TestDocumentProperties(t *testing.T) {
	in := fixture(t)
	f := open(t, write(t, in))
	p, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	if p.Created != "2026-03-02T00:00:00Z" || p.Modified != p.Created || p.Creator != "Acme Cloud & Co" || p.Identifier != "ACME-ECS-2026-1" {
		t.Errorf("properties = %+v", p)
	}
	// Without an explicit date the casefile's package date is used.
	in.Date = time.Time{}
	in.Casefile.Package.Date.Time = time.Date(2025, 12, 24, 0, 0, 0, 0, time.UTC)
	f = open(t, write(t, in))
	if p, _ := f.GetDocProps(); p.Created != "2025-12-24T00:00:00Z" {
		t.Errorf("created = %q, want the casefile's package date", p.Created)
	}
}

func TestMinimalInputs(t *testing.T) {
	in := fixture(t)
	for _, tc := range []struct {
		name    string
		in      Input
		wantErr string
	}{
		{"no catalog", Input{Report: in.Report}, "no control catalog"},
		{"no report", Input{Catalog: in.Catalog}, "no assessment report"},
		{"report without case studies or casefile", Input{Catalog: in.Catalog, Report: &assess.Report{Checklist: "2025-02"}}, ""},
		{"no casefile", Input{Catalog: in.Catalog, Report: in.Report}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := Write(&buf, tc.in)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			f := open(t, buf.Bytes())
			if got := value(t, f, SummarySheet, cellName(sumID, summaryHeaderRow+1)); got != "1.1" {
				t.Errorf("first control = %q", got)
			}
			if tc.in.Cost == nil && slices.Contains(f.GetSheetList(), CostSheetName) {
				t.Error("Cost sheet written without cost data")
			}
		})
	}
}

func TestSheetNames(t *testing.T) {
	for _, tc := range []struct {
		ids  []string
		want []string
	}{
		{[]string{"alpha", "beta"}, []string{"alpha", "beta"}},
		{[]string{"summary", "Findings", "COST"}, []string{"summary~2", "Findings~2", "COST~2"}},
		{[]string{strings.Repeat("a", 40), strings.Repeat("a", 35), strings.Repeat("a", 31)},
			[]string{strings.Repeat("a", 31), strings.Repeat("a", 29) + "~2", strings.Repeat("a", 29) + "~3"}},
		{[]string{"Alpha", "alpha"}, []string{"Alpha", "alpha~2"}},
	} {
		got := sheetNames(tc.ids)
		for i, id := range tc.ids {
			if got[id] != tc.want[i] {
				t.Errorf("sheetNames(%q)[%q] = %q, want %q", tc.ids, id, got[id], tc.want[i])
			}
		}
	}
}

func TestPlainText(t *testing.T) {
	for _, tc := range []struct{ md, want string }{
		{"", ""},
		{"Just **bold** and _em_.", "Just bold and em."},
		{"line one\nline two", "line one line two"},
		{"1. first\n2. second\n   - nested", "1. first\n2. second\n   • nested"},
		{"| a | b |\n|---|---|\n| 1 | 2 |", "a | b\n1 | 2"},
		{"```\ncode  line\n```", "code  line"},
		{"<https://x.example>", "https://x.example"},
		{"> quoted", "> quoted"},
		{"- [x] done\n- [ ] todo", "• [x] done\n• [ ] todo"},
		{"![diagram](d.png)", "[image: diagram]"},
	} {
		if got := plainText([]byte(tc.md)); got != tc.want {
			t.Errorf("plainText(%q) = %q, want %q", tc.md, got, tc.want)
		}
	}
}

func TestFitCell(t *testing.T) {
	short := "short"
	if fitCell(short) != short {
		t.Error("short text changed")
	}
	exact := strings.Repeat("x", MaxCellChars)
	if fitCell(exact) != exact {
		t.Error("text of exactly the limit was cut")
	}
	// Astral characters count two units each and are never split.
	emoji := strings.Repeat("😀", MaxCellChars)
	got := fitCell(emoji)
	if utf16Len(got) > MaxCellChars || !strings.HasSuffix(got, truncationNote) || strings.ContainsRune(got, '\uFFFD') {
		t.Errorf("emoji text: %d units, suffix ok %v", utf16Len(got), strings.HasSuffix(got, truncationNote))
	}
}

func TestRowHeight(t *testing.T) {
	wraps := map[int]bool{7: true}
	widths := []float64{10, 20}
	for _, tc := range []struct {
		name  string
		cells []any
		want  float64
	}{
		{"one line", []any{excelize.Cell{StyleID: 7, Value: "short"}}, 0},
		{"not wrapped", []any{excelize.Cell{StyleID: 1, Value: strings.Repeat("x", 100)}}, 0},
		{"three lines by width", []any{excelize.Cell{StyleID: 7, Value: strings.Repeat("x", 25)}}, 3*lineHeight + 3},
		{"line breaks", []any{nil, excelize.Cell{StyleID: 7, Value: "a\nb\nc\nd"}}, 4*lineHeight + 3},
		{"tallest cell wins", []any{excelize.Cell{StyleID: 7, Value: "a\nb"}, excelize.Cell{StyleID: 7, Value: "a\nb\nc"}}, 3*lineHeight + 3},
		{"capped", []any{excelize.Cell{StyleID: 7, Value: strings.Repeat("x\n", 500)}}, maxRowHeight},
		{"numbers ignored", []any{excelize.Cell{StyleID: 7, Value: 12345678901234}}, 0},
	} {
		if got := rowHeight(tc.cells, widths, wraps); got != tc.want {
			t.Errorf("%s: height %v, want %v", tc.name, got, tc.want)
		}
	}
}
