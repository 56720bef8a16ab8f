package runbook

import (
	"slices"
	"strconv"
	"strings"

	"github.com/ecspack/ecspack/render/pdf"
)

// StartHeading opens the "Start here" chapter sopfill's runbook begins
// with. The runbook prints that chapter first after the cover, before the
// contents, because it is the page someone paged at night opens first.
const StartHeading = "# Start here"

// splitStart separates the Start here chapter (from its heading to the next
// level-1 heading outside a code block) from the rest of the runbook. A
// runbook that does not open with it (a partner's own template) is all body.
func splitStart(md []byte) (start, body []byte) {
	s := strings.TrimLeft(string(md), "\n")
	if !strings.HasPrefix(s, StartHeading+"\n") {
		return nil, md
	}
	off, fence := 0, ""
	for i, l := range strings.SplitAfter(s, "\n") {
		t := strings.TrimSpace(l)
		switch {
		case fence == "" && (strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~")):
			fence = t[:3]
		case fence != "" && strings.HasPrefix(t, fence):
			fence = ""
		case fence == "" && i > 0 && strings.HasPrefix(l, "# "):
			return []byte(s[:off]), []byte(s[off:])
		}
		off += len(l)
	}
	return nil, md
}

// landmarks are the runbook sections the Start here page gives the page of,
// found by a word of their heading: what the reader turns to after the
// first command.
var landmarks = []string{"Alerting", "Troubleshooting", "Disaster recovery", "Contacts"}

// startPage prints the Start here chapter, then where the diagrams and the
// landmark sections are, by page. prev are the headings of the previous
// layout pass (pdf.Render lays the document out until the contents settle);
// only headings the contents list are used, so the pass that settles the
// contents also settles these numbers. In the first pass prev is empty and
// the list is left out. The diagrams are one line, however many pages they
// take (a large estate has an overview and detail pages).
func startPage(d *pdf.Document, start []byte, prev []pdf.Entry) error {
	if err := d.Markdown(start, pdf.MarkdownOptions{AnchorPrefix: "runbook/"}); err != nil {
		return err
	}
	var diagrams, sections []pdf.Entry
	for _, e := range prev {
		switch {
		case !e.InContents || e.Level > 2:
		case e.Anchor == "overview" || strings.HasPrefix(e.Anchor, "diagram/"):
			diagrams = append(diagrams, e)
		case strings.HasPrefix(e.Anchor, "runbook/") && e.Level == 2 && slices.ContainsFunc(landmarks, func(w string) bool { return strings.Contains(e.Text, w) }):
			sections = append(sections, e)
		}
	}
	if len(diagrams)+len(sections) == 0 {
		d.PageBreak()
		return nil
	}
	d.HeadingWithOptions(3, "Pages to turn to", pdf.HeadingOptions{ID: "start/pages", NoContents: true})
	if len(diagrams) > 0 {
		// However many diagram pages there are, one line: where they start and end.
		first, last := diagrams[0], diagrams[len(diagrams)-1]
		pages := "page " + strconv.Itoa(first.Page)
		if last.Page > first.Page {
			pages = "pages " + strconv.Itoa(first.Page) + "–" + strconv.Itoa(last.Page)
		}
		d.Spans([]pdf.Span{{Text: "Architecture diagrams: "}, {Text: first.Text, Anchor: first.Anchor}, {Text: " — " + pages}})
	}
	for _, e := range sections {
		d.Spans([]pdf.Span{{Text: "Section "}, {Text: e.Text, Anchor: e.Anchor}, {Text: " — page " + strconv.Itoa(e.Page)}})
	}
	d.PageBreak()
	return nil
}
