package submission

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/assess"
)

// itemRow is one row of a control's evidence map as pdftotext reads it:
// item id, what it points at, and the page it names.
var itemRow = regexp.MustCompile(`([0-9A-Z.-]+\.e[0-9]+) ([^→]*?) → ([^→]*?), p\. ([0-9]+)`)

// TestEvidenceMapPointsAtPagesThatHoldIt is issue 19's PDF acceptance:
// every control of every case study in the sample opens with "Evidence
// the checklist asks for", every item is in it, and each row names a page
// that holds what it points at (the answer section's heading, the SOP, the
// inventory evidence or the control that lists it).
func TestEvidenceMapPointsAtPagesThatHoldIt(t *testing.T) {
	_, texts := renderedSampleText(t)
	_, in := renderedSample(t)
	want := 0
	items := map[string]assess.ItemResult{}
	for _, cr := range in.Report.CaseStudies {
		for _, r := range cr.Controls {
			want++
			for _, it := range r.Items {
				items[it.ID] = it
			}
		}
	}
	got, rows := 0, 0
	for _, page := range texts {
		got += strings.Count(page, itemsTitle)
		flat := squash(page)
		for _, m := range itemRow.FindAllStringSubmatch(flat, -1) {
			rows++
			id, where := m[1], m[3]
			n, _ := strconv.Atoi(m[4])
			if n < 1 || n > len(texts) {
				t.Errorf("%s points at page %d of %d", id, n, len(texts))
				continue
			}
			target := squash(texts[n-1])
			control := id[:strings.LastIndex(id, ".")]
			var need string
			switch {
			case strings.HasPrefix(where, "the answer's section under these words"):
				need = firstWords(m[2], 4)
			case strings.HasPrefix(where, "answer section “"):
				need = firstWords(strings.TrimPrefix(where, "answer section “"), 4)
			case strings.Contains(where, "aws ecs list-tasks"):
				need = "aws ecs list-tasks"
			case strings.Contains(where, "architecture diagram"):
				need = "Architecture"
			default:
				need = control
			}
			if !strings.Contains(target, need) {
				t.Errorf("%s → %q names page %d, which does not hold %q", id, where, n, need)
			}
		}
	}
	if got != want {
		t.Errorf("%q printed %d times, want once per control of each case study (%d)", itemsTitle, got, want)
	}
	if rows < len(items)/2 {
		t.Errorf("only %d rows with a page read back, for %d items", rows, len(items))
	}
}

// firstWords is the first n words of s.
func firstWords(s string, n int) string {
	f := strings.Fields(s)
	return strings.Join(f[:min(n, len(f))], " ")
}

// TestEvidenceMapSaysWhyAnItemIsOpen holds the rows that point nowhere: an
// item nothing answers says what is missing, a waived control's item says
// the review waives it, and a covered item links to its section.
func TestEvidenceMapSaysWhyAnItemIsOpen(t *testing.T) {
	in := smallCase(t, "## List of workloads/components that are being deployed to Amazon ECS\n\nThe orders, payments and catalog services, each one ECS service on Fargate.\n", nil)
	ctl := in.Report.CaseStudies[0].Controls
	ctl[0].Items = []assess.ItemResult{
		{ID: "ECS-001.e1", Text: "List of workloads/components that are being deployed to Amazon ECS", Covered: true, By: "narrative", Where: "List of workloads/components that are being deployed to Amazon ECS"},
		{ID: "ECS-001.e2", Text: "The output of running the following command: aws ecs list-tasks", Why: "the inventory does not hold it"},
	}
	ctl[1].Status = assess.Waived
	ctl[1].Items = []assess.ItemResult{{ID: "ECS-004.e1", Text: "Description of tagging strategy", Why: "nothing is written under its heading yet"}}
	data, err := Render(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	text := squash(strings.Join(pages(t, writePDF(t, data)), " "))
	for _, want := range []string{
		"ECS-001.e1 List of workloads/components that are being deployed to Amazon ECS → the answer's section under these words, p.",
		"ECS-001.e2 The output of running the following command: aws ecs list-tasks → not answered yet: the inventory does not hold it",
		"ECS-004.e1 Description of tagging strategy used by the partner",
		"→ not asked: the Well-Architected review waives this control's evidence",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
}
