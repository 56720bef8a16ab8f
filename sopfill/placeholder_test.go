package sopfill

import (
	"strings"
	"testing"
)

func TestFindPlaceholdersLocatesTheTemplateLine(t *testing.T) {
	for _, tc := range []struct {
		name     string
		src, md  string
		want     []int // template lines of the placeholders reported
		wantNone bool
	}{
		{"todo marker", "# T\n\nIaC: {{orTodo .Ops.IaCTool \"the IaC tool (operations.iac_tool in case.yaml)\"}}\n",
			"# T\n\nIaC: **[to be completed: the IaC tool (operations.iac_tool in case.yaml)]**\n", []int{3}, false},
		{"long marker is found by its start", "a\nb {{todo \"" + long + "\"}}\n", "a\nb **[to be completed: " + long + "]**\n", []int{2}, false},
		{"placeholder word written in an override", "# T\n\nWalkthrough: TBD\n", "# T\n\nWalkthrough: TBD\n", []int{3}, false},
		{"the todo function is not a placeholder word", "x {{todo \"y\"}}\n{{.Case.Title}}\n", "x **[to be completed: y]**\nTODO title from case.yaml\n", []int{1}, false},
		{"words from the casefile are reported where they are written", "{{.Case.Title}}\n", "TBD title\n", nil, true},
		{"no placeholder", "ok {{.X}}\n", "ok fine\n", nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := findPlaceholders([]byte(tc.md), []byte(tc.src))
			if tc.wantNone {
				if len(got) != 0 {
					t.Fatalf("got %+v, want none", got)
				}
				return
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %+v, want lines %v", got, tc.want)
			}
			for i, p := range got {
				if p.Line != tc.want[i] {
					t.Errorf("placeholder %d at template line %d, want %d", i, p.Line, tc.want[i])
				}
			}
		})
	}
}

const long = "databases, buckets and file systems with their backup schedule and how to restore them (operations.data_stores in case.yaml)"

// TestBuiltInTemplatesPrintNoStatus pins what lets a build print the
// documents the assessment filled (before statuses were known): no built-in
// template reads .Doc.Status.
func TestBuiltInTemplatesPrintNoStatus(t *testing.T) {
	for _, f := range TemplateFiles() {
		src, err := EmbeddedTemplate(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(src), "Doc.Status") {
			t.Errorf("%s reads .Doc.Status: pipeline's fillSOPs must then fill it again after the assessment", f)
		}
	}
}
