package submission

import (
	"context"
	"os"
	"path/filepath"
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
// that holds the very thing it points at (rowNeeds): the answer section's
// heading, the attached file's entry, the example task definition's JSON,
// the task roles' policies, the CLI command and its output, the case
// study's diagram — of the row's own case study.
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
	got := 0
	for _, page := range texts {
		got += strings.Count(page, itemsTitle)
	}
	if got != want {
		t.Errorf("%q printed %d times, want once per control of each case study (%d)", itemsTitle, got, want)
	}
	rows, kinds := checkEvidenceRows(t, texts)
	if rows < len(items)/2 {
		t.Errorf("only %d rows with a page read back, for %d items", rows, len(items))
	}
	// The sample answers items in each of these ways; a row kind that
	// vanishes (its text changed, or its rows lost their page) is no longer
	// checked, so its absence fails.
	for _, k := range []string{"section", "taskdef", "roles", "list-tasks", "capacity-providers", "diagram", "sop"} {
		if kinds[k] == 0 {
			t.Errorf("no evidence row of kind %q read back from the sample", k)
		}
	}
}

// caseHeader finds the case study a page belongs to in its running header.
var caseHeader = regexp.MustCompile(`Case study [0-9]+ — (.+?) ·`)

// checkEvidenceRows reads every evidence-map row back from the pages of a
// PDF and checks that the page each names holds what rowNeeds says, and
// the name of the row's case study (but for a partner-level SOP). It
// returns the rows read and how many of each kind.
func checkEvidenceRows(t *testing.T, texts []string) (int, map[string]int) {
	t.Helper()
	rows, kinds := 0, map[string]int{}
	for i, page := range texts {
		flat := squash(page)
		caseName := ""
		if m := caseHeader.FindStringSubmatch(flat); m != nil {
			caseName = m[1]
		}
		for _, m := range itemRow.FindAllStringSubmatch(flat, -1) {
			rows++
			id, where := m[1], m[3]
			n, _ := strconv.Atoi(m[4])
			if n < 1 || n > len(texts) {
				t.Errorf("%s (p. %d) points at page %d of %d", id, i+1, n, len(texts))
				continue
			}
			kind, need := rowNeeds(id, m[2], where)
			kinds[kind]++
			if caseName != "" && kind != "sop" {
				need = append(need, caseName)
			}
			target := squash(texts[n-1])
			for _, s := range need {
				if !strings.Contains(target, s) {
					t.Errorf("%s (p. %d) → %q names page %d, which does not hold %q", id, i+1, where, n, s)
				}
			}
		}
	}
	return rows, kinds
}

// rowNeeds is what the page an evidence row points at must hold, by what
// the row says is there, and the kind of row.
func rowNeeds(id, item, where string) (string, []string) {
	switch {
	case strings.HasPrefix(where, "the answer's section under these words"):
		return "section", []string{firstWords(item, 4)}
	case strings.HasPrefix(where, "answer section “"):
		return "section", []string{firstWords(strings.TrimPrefix(where, "answer section “"), 4)}
	case strings.HasPrefix(where, "attachment ") && strings.Contains(where, " in Appendix E"):
		file := strings.TrimPrefix(where[:strings.Index(where, " in Appendix E")], "attachment ")
		return "attachment", []string{"Appendix E — Attachments", file, "Cited by "}
	case strings.HasSuffix(where, "the example task definition in Appendix D"):
		return "taskdef", []string{"Example task definition (ECS-006)", "containerDefinitions"}
	case strings.HasSuffix(where, "the task roles' policy documents in Appendix D"):
		return "roles", []string{"Task roles and their policy documents (ECS-005)", ":role/", "Statement"}
	case strings.HasSuffix(where, "output of aws ecs list-tasks in Appendix A"):
		return "list-tasks", []string{"$ aws ecs list-tasks --cluster", "taskArns"}
	case strings.HasSuffix(where, "output of aws ecs describe-capacity-providers in Appendix B"):
		return "capacity-providers", []string{"$ aws ecs describe-capacity-providers", "capacityProviders"}
	case strings.HasSuffix(where, "output of aws ec2 describe-spot-fleet-requests in Appendix C"):
		return "spot-fleet-requests", []string{"$ aws ec2 describe-spot-fleet-requests", "SpotFleetRequestConfigs"}
	case strings.Contains(where, "the architecture diagram “"):
		title := where[strings.Index(where, "“")+len("“"):]
		return "diagram", []string{strings.TrimSuffix(title, "”")}
	case strings.HasPrefix(where, "the partner's SOP “"):
		return "sop", []string{strings.TrimSuffix(strings.TrimPrefix(where, "the partner's SOP “"), "”")}
	case strings.HasSuffix(where, " as applied in this case study"):
		return "sop", []string{strings.TrimSuffix(strings.TrimPrefix(where, "the partner's SOP "), " as applied in this case study")}
	}
	return "control", []string{id[:strings.LastIndex(id, ".")]}
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

// TestEvidenceMapLinksAttachments: an item a cited file answers points at
// that file's entry in the Attachments appendix (its heading, the file's
// listing), with the page; a file that could not be included is still
// its entry, which says why, and the row says so too.
func TestEvidenceMapLinksAttachments(t *testing.T) {
	in := smallCase(t, "## List of workloads/components that are being deployed to Amazon ECS\n\nSee the attached files.\n", nil)
	cs := in.Casefile.CaseStudies[0]
	if err := os.MkdirAll(filepath.Join(cs.Dir, "evidence"), 0o755); err != nil {
		t.Fatal(err)
	}
	const unique = `"taskArns": ["arn:aws:ecs:eu-north-1:111122223333:task/prod/0f1e2d3c"]`
	if err := os.WriteFile(filepath.Join(cs.Dir, "evidence", "list-tasks.json"), []byte("{\n  "+unique+"\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cs.Answers["ECS-001"].Attachments = []string{"evidence/workloads.md", "evidence/list-tasks.json"}
	ctl := in.Report.CaseStudies[0].Controls
	ctl[0].Items = []assess.ItemResult{
		{ID: "ECS-001.e1", Text: "List of workloads/components that are being deployed to Amazon ECS", Covered: true, By: "attachment", Where: "evidence/workloads.md"},
		{ID: "ECS-001.e2", Text: "The output of running the following command: aws ecs list-tasks", Covered: true, By: "attachment", Where: "evidence/list-tasks.json"},
	}
	data, err := Render(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	texts := pages(t, writePDF(t, data))
	_, kinds := checkEvidenceRows(t, texts)
	if kinds["attachment"] != 2 {
		t.Errorf("%d attachment rows read back, want 2: %v", kinds["attachment"], kinds)
	}
	text := squash(strings.Join(texts, " "))
	for _, want := range []string{
		"ECS-001.e1 List of workloads/components that are being deployed to Amazon ECS → attachment evidence/workloads.md in Appendix E (not included: it does not exist), p.",
		"ECS-001.e2 The output of running the following command: aws ecs list-tasks → attachment evidence/list-tasks.json in Appendix E, p.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	// The row's page is the file's entry, which prints the file.
	m := regexp.MustCompile(`evidence/list-tasks\.json in Appendix E, p\. ([0-9]+)`).FindStringSubmatch(text)
	if m == nil {
		t.Fatal("no page for the list-tasks attachment")
	}
	n, _ := strconv.Atoi(m[1])
	if page := squash(texts[n-1]); !strings.Contains(page, "0f1e2d3c") {
		t.Errorf("page %d, named for evidence/list-tasks.json, does not print the file's content", n)
	}
}
