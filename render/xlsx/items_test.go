package xlsx

import (
	"strings"
	"testing"

	"github.com/ecspack/ecspack/assess"
)

// TestItemsSheetMapsEveryItem holds the workbook's evidence map: one row
// per evidence item of every control of every case study, in report
// order, saying what answers it or what is missing, with the control
// linked to its row on the case sheet.
func TestItemsSheetMapsEveryItem(t *testing.T) {
	in := fixture(t)
	// The fixture's report is written by hand; give two controls the
	// items assess would judge.
	cr := &in.Report.CaseStudies[0]
	cr.Controls[0].Items = []assess.ItemResult{
		{ID: cr.Controls[0].ID + ".e1", Text: "What the first item asks", Covered: true, By: "narrative", Where: "Heading"},
		{ID: cr.Controls[0].ID + ".e2", Text: "What the second item asks", Why: "nothing is written under its heading yet", File: "answers/x.md"},
	}
	cr.Controls[1].Items = []assess.ItemResult{{ID: cr.Controls[1].ID + ".e1", Text: "Output", Covered: true, By: "inventory:list-tasks", Where: "3 tasks"}}
	f := open(t, write(t, in))
	rows, err := f.GetRows(ItemsSheet)
	if err != nil {
		t.Fatal(err)
	}
	var want [][]string
	for _, cr := range in.Report.CaseStudies {
		for _, r := range cr.Controls {
			for _, it := range r.Items {
				by := "not answered"
				if it.Covered {
					by = string(it.By)
				}
				want = append(want, []string{cr.ID, r.ID, it.ID, it.Text, by})
			}
		}
	}
	if len(want) == 0 {
		t.Fatal("the fixture's report has no evidence items")
	}
	got := 0
	for _, row := range rows[1:] {
		if len(row) < 5 || row[2] == "" {
			continue // a control that does not apply
		}
		if got >= len(want) {
			t.Fatalf("more item rows than items: %q", row)
		}
		w := want[got]
		if row[0] != w[0] || row[1] != w[1] || row[2] != w[2] || row[3] != w[3] || row[4] != w[4] {
			t.Errorf("row %d = %q, want %q", got+2, row[:5], w)
		}
		got++
	}
	if got != len(want) {
		t.Errorf("%d item rows, want %d", got, len(want))
	}
	formula, err := f.GetCellFormula(ItemsSheet, "B2")
	if err != nil || !strings.HasPrefix(formula, "HYPERLINK(\"#") {
		t.Errorf("control cell B2 links to %q (%v), want a link to the case sheet", formula, err)
	}
}
