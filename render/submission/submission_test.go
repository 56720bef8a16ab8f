package submission

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/assess"
	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/render/pdf"
)

func TestRenderNeedsRequiredInput(t *testing.T) {
	for name, in := range map[string]Input{
		"empty":      {},
		"no report":  {Casefile: sampleInput(t).Casefile, Catalog: sampleInput(t).Catalog},
		"no catalog": {Casefile: sampleInput(t).Casefile, Report: &assess.Report{}},
	} {
		if _, err := Render(context.Background(), in); !errors.Is(err, ErrInput) {
			t.Errorf("%s: err = %v, want ErrInput", name, err)
		}
	}
}

func TestSampleHasEveryControlID(t *testing.T) {
	_, in := renderedSample(t)
	_, texts := renderedSampleText(t)
	text := squash(strings.Join(texts, " "))
	if got := len(in.Catalog.Controls); got != 39 {
		t.Fatalf("catalog has %d controls, want 39", got)
	}
	for _, c := range in.Catalog.Controls {
		if !strings.Contains(text, c.ID+" ") {
			t.Errorf("control %s is not in the text", c.ID)
		}
	}
	for _, cs := range in.Casefile.CaseStudies {
		if !strings.Contains(text, cs.Customer.Name) {
			t.Errorf("customer %q is not in the text", cs.Customer.Name)
		}
	}
}

// TestSampleOutline checks the bookmarks: every control of every case study
// has an entry below that case study's part, pointing at the page whose text
// holds the heading.
func TestSampleOutline(t *testing.T) {
	_, in := renderedSample(t)
	path, texts := renderedSampleText(t)
	items := outline(t, path)
	byTitle := map[string]outlineItem{}
	for _, it := range items {
		byTitle[it.Title] = it
	}
	for _, want := range []string{"How to read this package", "Readiness summary", "Program prerequisites",
		"Appendix A — aws ecs list-tasks", "Appendix B — aws ecs describe-capacity-providers", "Appendix C — aws ec2 describe-spot-fleet-requests"} {
		if _, ok := byTitle[want]; !ok {
			t.Errorf("outline has no top-level entry %q", want)
		}
	}
	for i, cs := range in.Casefile.CaseStudies {
		title := fmt.Sprintf("Case study %d — %s", i+1, cs.Customer.Name)
		part, ok := byTitle[title]
		if !ok {
			t.Errorf("outline has no entry %q", title)
			continue
		}
		found := map[string]int{}
		var walk func([]outlineItem)
		walk = func(its []outlineItem) {
			for _, it := range its {
				if id, _, ok := strings.Cut(it.Title, " "); ok {
					found[id] = it.Page
				}
				walk(it.Kids)
			}
		}
		walk(part.Kids)
		res := findCase(in.Report, cs.ID)
		for _, c := range res.Controls {
			page, ok := found[c.ID]
			if !ok {
				t.Errorf("%s: outline has no entry for %s", cs.ID, c.ID)
				continue
			}
			if page < 1 || page > len(texts) || !strings.Contains(squash(texts[page-1]), c.ID+" ") {
				t.Errorf("%s: outline entry %s points at page %d, which does not show it", cs.ID, c.ID, page)
				continue
			}
			// The running header names the case study.
			if head, _, _ := strings.Cut(strings.TrimSpace(texts[page-1]), "\n"); !strings.Contains(head, title) {
				t.Errorf("%s: page %d of %s has running header %q", cs.ID, page, c.ID, head)
			}
		}
		if len(res.Controls) < 30 {
			t.Errorf("%s: only %d controls assessed", cs.ID, len(res.Controls))
		}
	}
	// Prerequisites are under their own part.
	pre := byTitle["Program prerequisites"]
	var ids []string
	for _, k := range pre.Kids {
		id, _, _ := strings.Cut(k.Title, " ")
		ids = append(ids, id)
	}
	if got := strings.Join(ids, ","); got != "1.1,1.2,2.1,2.2,3.1" {
		t.Errorf("prerequisite entries = %s", got)
	}
}

func findCase(rep *assess.Report, id string) *assess.CaseResult {
	for i := range rep.CaseStudies {
		if rep.CaseStudies[i].ID == id {
			return &rep.CaseStudies[i]
		}
	}
	return &assess.CaseResult{}
}

// tocLine is a contents line as pdftotext -layout prints it (the dotted
// leaders do not extract): the title, a wide gap, the page number.
var tocLine = regexp.MustCompile(`^\s*(\S.*?)\s{3,}(\d+)\s*$`)

// TestSampleContentsPages checks that every contents line's page number is
// the page the heading is printed on.
func TestSampleContentsPages(t *testing.T) {
	_, texts := renderedSampleText(t)
	checked := 0
	for p := 1; p < len(texts) && strings.HasPrefix(strings.TrimSpace(texts[p]), "Contents"); p++ {
		pending := ""
		for i, line := range strings.Split(texts[p], "\n") {
			if i == 0 || strings.TrimSpace(line) == "" || strings.TrimSpace(line) == "Contents" || strings.Contains(line, "Page ") {
				pending = ""
				continue
			}
			m := tocLine.FindStringSubmatch(line)
			if m == nil {
				pending = strings.TrimSpace(pending + " " + line)
				continue
			}
			title := squash(strings.TrimSpace(pending + " " + m[1]))
			pending = ""
			page, _ := strconv.Atoi(m[2])
			if page < 1 || page > len(texts) {
				t.Errorf("contents: %q on page %d, beyond the document", title, page)
				continue
			}
			// The first words of the title must be on the target page.
			words := strings.Fields(title)
			probe := strings.Join(words[:min(4, len(words))], " ")
			if !strings.Contains(squash(texts[page-1]), probe) {
				t.Errorf("contents: %q says page %d, which does not show %q", title, page, probe)
			}
			checked++
		}
	}
	if checked < 40 {
		t.Errorf("only %d contents lines with page numbers found", checked)
	}
}

func TestSampleFooterFontsAndSyntax(t *testing.T) {
	_, in := renderedSample(t)
	path, texts := renderedSampleText(t)
	n := pageCount(t, path)
	for _, p := range []int{2, n / 2, n} {
		want := fmt.Sprintf("Page %d of %d", p, n)
		if !strings.Contains(texts[p-1], want) {
			t.Errorf("page %d has no %q footer", p, want)
		}
		if !strings.Contains(texts[p-1], in.Casefile.Package.ID) {
			t.Errorf("page %d footer has no package id", p)
		}
	}
	fonts := run(t, "pdffonts", path)
	lines := strings.Split(strings.TrimSpace(fonts), "\n")
	if len(lines) < 3 {
		t.Fatalf("pdffonts lists no font:\n%s", fonts)
	}
	for _, l := range lines[2:] {
		f := strings.Fields(l)
		// name type encoding emb sub uni object ID
		if len(f) < 7 || f[len(f)-5] != "yes" {
			t.Errorf("font not embedded: %s", l)
		}
		// render/pdf registers the Go fonts as families "go" and "gomono"
		// (embedded as utf8go*); diagrams must print with them too rather
		// than embed a second set.
		if name := f[0][strings.IndexByte(f[0], '+')+1:]; !strings.HasPrefix(name, "utf8go") {
			t.Errorf("font %s is not one of the engine's Go fonts (a second font set was embedded)", f[0])
		}
	}
	qpdfCheck(t, path)
}

// TestSampleCLIAppendices reads the three outputs back and parses them as
// JSON, as a reviewer copying them out of the PDF would.
func TestSampleCLIAppendices(t *testing.T) {
	_, in := renderedSample(t)
	_, texts := renderedSampleText(t)
	text := strings.Join(texts, "\n")
	for _, cmd := range []string{"$ aws ecs list-tasks --cluster", "$ aws ecs describe-capacity-providers --region", "$ aws ec2 describe-spot-fleet-requests --region"} {
		if !strings.Contains(text, cmd) {
			t.Errorf("no %q in the appendices", cmd)
		}
	}
	if !strings.Contains(text, "Reconstructed from the snapshot of") {
		t.Error("the appendices do not say where the outputs come from")
	}
	// Every running task ARN of the sample is listed.
	for _, cs := range in.Casefile.CaseStudies {
		for _, a := range cs.Inventory.Accounts {
			for _, r := range a.Regions {
				for _, c := range r.ECS.Clusters {
					for _, tk := range c.Tasks {
						if estate.TaskListed(&tk) && !strings.Contains(squash(text), inventoryTail(tk.ARN)) {
							t.Errorf("task %s is not in the list-tasks appendix", tk.ARN)
						}
					}
				}
			}
		}
	}
}

// inventoryTail is the task id: ARNs wrap in the code block, ids do not.
func inventoryTail(arn string) string { return arn[strings.LastIndexByte(arn, '/')+1:] }

// TestSampleDiagramPagesAreVector finds the diagram pages by their headings
// and checks that they hold text and no raster image.
func TestSampleDiagramPagesAreVector(t *testing.T) {
	_, in := renderedSample(t)
	path, texts := renderedSampleText(t)
	images := run(t, "pdfimages", "-list", path)
	imagePages := map[int]bool{}
	for _, l := range strings.Split(images, "\n")[2:] {
		if f := strings.Fields(l); len(f) > 0 {
			p, _ := strconv.Atoi(f[0])
			imagePages[p] = true
		}
	}
	found := 0
	for _, ds := range in.Diagrams {
		for _, dg := range ds {
			page := 0
			for i, tx := range texts {
				if strings.Contains(tx, dg.Title) && strings.Contains(tx, "architecture") {
					page = i + 1
				}
			}
			if page == 0 {
				t.Errorf("no page shows diagram %q", dg.Title)
				continue
			}
			found++
			if imagePages[page] {
				t.Errorf("diagram page %d holds a raster image", page)
			}
			if len(strings.Fields(texts[page-1])) < 30 {
				t.Errorf("diagram page %d has almost no text: labels are not vector text", page)
			}
		}
	}
	if found == 0 {
		t.Fatal("the sample has no diagram")
	}
}

// TestRenderIsDeterministic rebuilds from scratch (load, assess, diagrams,
// render) twice: the bytes must be identical.
func TestRenderIsDeterministic(t *testing.T) {
	first, err := Render(context.Background(), sampleInput(t))
	if err != nil {
		t.Fatal(err)
	}
	again, err := Render(context.Background(), sampleInput(t))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, again) {
		t.Fatalf("two renders differ: %x vs %x", sha256.Sum256(first), sha256.Sum256(again))
	}
}

func TestRenderCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Render(ctx, sampleInput(t)); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

// TestCLIJSONShape pins the exact text of the three outputs.
func TestCLIJSONShape(t *testing.T) {
	var got map[string]any
	out, err := cliJSON(map[string]any{"a": []string{}})
	if err != nil || out != "{\n    \"a\": []\n}" {
		t.Fatalf("cliJSON = %q, %v", out, err)
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
}

// TestSampleHasNoDanglingLinks: every internal link of the sample package
// (matrix cells, "see also", answers' #ECS-nnn links, SOP control lists)
// lands on an anchor the document defines.
func TestSampleHasNoDanglingLinks(t *testing.T) {
	_, in := renderedSample(t)
	r := newRenderer(in)
	assertNoDanglingLinks(t, r)
}

// assertNoDanglingLinks lays out r's document body and fails for every link
// to an anchor the document does not define.
func assertNoDanglingLinks(t *testing.T, r *renderer) {
	t.Helper()
	var unresolved []string
	_, err := pdf.Render(context.Background(), pdf.Options{}, func(d *pdf.Document) error {
		if err := r.body(context.Background(), d); err != nil {
			return err
		}
		unresolved = d.UnresolvedAnchors()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(unresolved) > 0 {
		t.Errorf("links to undefined anchors: %q", unresolved)
	}
}

// TestRenderFromInventory covers `--inventory` builds: one anonymous case
// study, no answers, no SOPs. Every control still has its section, saying
// the answer is missing.
func TestRenderFromInventory(t *testing.T) {
	cf, cat, err := evidence.FromInventory(sampleDir + "/case-studies/contoso-health/inventory.json")
	if err != nil {
		t.Fatal(err)
	}
	in := inputFor(t, cf, cat)
	in.SOPs, in.CaseSOPs = nil, nil
	data, err := Render(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	text := squash(strings.Join(pages(t, writePDF(t, data)), " "))
	for _, want := range []string{"Case study 1 — (inventory only)", "No answer has been written for this control yet.", "NEEDS NARRATIVE", "ECS-023 ", "Appendix C"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q", want)
		}
	}
}
