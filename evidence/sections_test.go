package evidence

import (
	"strings"
	"testing"

	"github.com/ecspack/ecspack/catalog"
)

// ecs002 is a control with the shape of ECS-002: several items a
// narrative answers, one of which an attachment may answer too.
var ecs002 = catalog.Control{ID: "ECS-002", Evidence: []catalog.Item{
	{ID: "ECS-002.e1", Summary: "IaC tool", Wording: "Infrastructure as code tooling used to manage infrastructure", SatisfiedBy: []catalog.Satisfier{catalog.ByNarrative}, MinWords: 3},
	{ID: "ECS-002.e3", Summary: "Rollback", Wording: "Description of deployment process and rollback procedures", SatisfiedBy: []catalog.Satisfier{catalog.ByNarrative, catalog.ByAttachment}, MinWords: 3},
	{ID: "ECS-002.e12", Summary: "Twelfth", SatisfiedBy: []catalog.Satisfier{catalog.ByNarrative}, MinWords: 3},
}}

// TestSectionFor holds how an answer's sections are found for an item:
// by heading wording (any case and punctuation), summary, id, covers:,
// and the single-item answer without headings; code blocks hide headings.
func TestSectionFor(t *testing.T) {
	one := catalog.Control{ID: "ECS-016", Evidence: []catalog.Item{{ID: "ECS-016.e1", Summary: "IP", SatisfiedBy: []catalog.Satisfier{catalog.ByNarrative}, MinWords: 3}}}
	cases := []struct {
		name, doc string
		c         catalog.Control
		item      int
		want      string // the section's text; "" = no section
		wantLine  int
	}{
		{"wording as heading", "## Infrastructure as code tooling used to manage infrastructure\nAWS CDK in TypeScript.\n## Other\nx\n", ecs002, 0, "AWS CDK in TypeScript.", 1},
		{"case and punctuation do not matter", "### **infrastructure-as-code tooling, used to manage infrastructure:**\nCDK.\n", ecs002, 0, "CDK.", 1},
		{"summary as heading", "# Rollback\nCircuit breaker.\n", ecs002, 1, "Circuit breaker.", 1},
		{"id in heading, deeper headings inside", "## ECS-002.e3 — deploying\nPipeline.\n### Rollback detail\nBreaker.\n## Next\nno\n", ecs002, 1, "Pipeline.\n### Rollback detail\nBreaker.", 1},
		{"id is a whole word", "## ECS-002.e12\ntwelve\n", ecs002, 1, "", 0},
		{"covers maps a heading", "---\ncovers: {ECS-002.e3: \"How we undo\"}\n---\n## How we undo\nRe-run the pipeline.\n", ecs002, 1, "Re-run the pipeline.", 4},
		{"heading inside a code block is not a heading", "Intro\n```\n# Rollback\n```\n", ecs002, 1, "", 0},
		{"comment is not content", "## Rollback\n<!-- write here -->\n", ecs002, 1, "", 1},
		{"no headings: the whole body answers a single item", "We size subnets /20 per AZ.\n", one, 0, "We size subnets /20 per AZ.", 1},
		{"no headings: nothing for a control of several items", "CDK, GitHub, rollback by breaker.\n", ecs002, 0, "", 0},
		{"text before the first heading is no section", "CDK is used.\n## Rollback\nBreaker.\n", ecs002, 0, "", 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a, err := parseAnswerBytes("a.md", tc.c.ID, []byte(tc.doc))
			if err != nil {
				t.Fatal(err)
			}
			s, ok := a.SectionFor(tc.c, tc.c.Evidence[tc.item])
			if tc.want == "" && tc.wantLine == 0 {
				if ok {
					t.Fatalf("found section %+v, want none", s)
				}
				return
			}
			if !ok || s.Text != tc.want || s.Line != tc.wantLine {
				t.Fatalf("SectionFor = %+v, %v; want text %q at line %d", s, ok, tc.want, tc.wantLine)
			}
		})
	}
}

// TestCoversIsValidated holds that covers: names the control's items and
// points at a heading or an attachment of the answer, with the key's line.
func TestCoversIsValidated(t *testing.T) {
	cases := []struct {
		name, front string
		want        []string
	}{
		{"heading and attachment", "covers:\n  ECS-002.e1: Tools\n  ECS-002.e3: files/rollback.md\n", nil},
		{"unknown item", "covers:\n  ECS-002.e9: Tools\n", []string{"a.md:4:", `covers: "ECS-002.e9" is not an evidence item of ECS-002: expected one of ECS-002.e1, ECS-002.e3, ECS-002.e12`}},
		{"missing heading", "covers:\n  ECS-002.e1: Tools\n  ECS-002.e3: Undo\n", []string{"a.md:5:", `covers: ECS-002.e3 maps to "Undo", which is neither a heading of this answer nor one of its attachments`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc := "---\nattachments: [files/rollback.md]\n" + tc.front + "---\n## Tools\nCDK and GitHub Actions.\n"
			a, err := parseAnswerBytes("a.md", "ECS-002", []byte(doc))
			if err != nil {
				t.Fatal(err)
			}
			var ps problems
			checkCovers(a, ecs002, &ps)
			var got []string
			for _, p := range ps.list {
				got = append(got, p.String())
			}
			if len(tc.want) == 0 && len(got) > 0 {
				t.Fatalf("problems %q, want none", got)
			}
			joined := strings.Join(got, "\n")
			for _, w := range tc.want {
				if !strings.Contains(joined, w) {
					t.Errorf("problems %q lack %q", got, w)
				}
			}
		})
	}
}
