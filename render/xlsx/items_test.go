package xlsx

import (
	"strings"
	"testing"

	"github.com/ecspack/ecspack/assess"
	"github.com/ecspack/ecspack/catalog"
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
		{ID: cr.Controls[0].ID + ".e3", Text: "What the third item asks", Covered: true, By: "attachment", Where: "./evidence/pipeline.yaml"},
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
	// The Where column names the evidence: the attached file and the
	// appendix printing it, the generated output an inventory item is.
	wheres := map[string][]string{
		cr.Controls[0].ID + ".e3": {"evidence/pipeline.yaml", "Appendix E"},
		cr.Controls[1].ID + ".e1": {"3 tasks", "aws ecs list-tasks in Appendix A"},
	}
	for _, row := range rows[1:] {
		for _, w := range wheres[row[2]] {
			if len(row) < 6 || !strings.Contains(row[5], w) {
				t.Errorf("item %s: where = %q, want it to name %q", row[2], row[5:], w)
			}
		}
		delete(wheres, row[2])
	}
	for id := range wheres {
		t.Errorf("item %s has no row", id)
	}
	formula, err := f.GetCellFormula(ItemsSheet, "B2")
	if err != nil || !strings.HasPrefix(formula, "HYPERLINK(\"#") {
		t.Errorf("control cell B2 links to %q (%v), want a link to the case sheet", formula, err)
	}
}

// TestItemWhereNamesTheEvidence: what the Where column says for each way
// an item is answered — the file and Appendix E for an attachment (and no
// copy when the case study is redacted), the generated evidence for an
// inventory item, the findings for a rule that has none, the section's
// heading for narrative.
func TestItemWhereNamesTheEvidence(t *testing.T) {
	tests := []struct {
		by, where string
		redacted  bool
		want      string
	}{
		{"attachment", "./evidence/pipeline.yaml", false, "file evidence/pipeline.yaml, printed in Appendix E (Attachments) of the reviewer PDF and copied to attachments/acme/evidence/pipeline.yaml"},
		{"attachment", "evidence/pipeline.yaml", true, "file evidence/pipeline.yaml, named in Appendix E (Attachments) of the reviewer PDF; not included: the case study is redacted, and an attached file cannot be anonymised"},
		{"inventory:list-tasks", "3 tasks", false, "3 tasks; shown in the output of aws ecs list-tasks in Appendix A of the reviewer PDF"},
		{"inventory:capacity-providers", "FARGATE", false, "FARGATE; shown in the output of aws ecs describe-capacity-providers in Appendix B of the reviewer PDF"},
		{"inventory:spot-fleet-requests", "sfr-1", false, "sfr-1; shown in the output of aws ec2 describe-spot-fleet-requests in Appendix C of the reviewer PDF"},
		{"inventory:task-definitions", "5 task definitions", false, "5 task definitions; shown in the example task definition in Appendix D of the reviewer PDF"},
		{"inventory:task-roles", "5 roles", false, "5 roles; shown in the task roles' policy documents in Appendix D of the reviewer PDF"},
		{"inventory:diagram", "the diagram", false, "the diagram; shown in the case study's architecture diagram in the reviewer PDF and diagrams/acme/"},
		{"inventory:efs-use", "no EFS", false, "no EFS; shown in the control's automated-check findings (reviewer PDF and this case study's sheet)"},
		{"narrative", "Rollback", false, "Rollback"},
	}
	for _, tc := range tests {
		it := assess.ItemResult{Covered: true, By: catalog.Satisfier(tc.by), Where: tc.where}
		if got := itemWhere("acme", tc.redacted, it); got != tc.want {
			t.Errorf("%s %q (redacted %v):\n got %q\nwant %q", tc.by, tc.where, tc.redacted, got, tc.want)
		}
	}
}
