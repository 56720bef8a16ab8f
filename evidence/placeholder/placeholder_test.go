package placeholder

import (
	"reflect"
	"testing"
)

func TestFind(t *testing.T) {
	type hit struct {
		line   int
		marker string
	}
	for _, tc := range []struct {
		name string
		text string
		want []hit
	}{
		{"clean prose", "We deploy with CodePipeline.\nRollback is automatic.", nil},
		{"ecspack marker", "IaC: **[to be completed: the tool]**", []hit{{1, "[to be completed"}}},
		{"marker is case-insensitive", "x\n[To Be Completed later]", []hit{{2, "[to be completed"}}},
		{"TODO word", "Line one.\nTODO: write the rollback part.", []hit{{2, "TODO"}}},
		{"todo lower case", "this is still todo", []hit{{1, "TODO"}}},
		{"TBD", "RTO: TBD", []hit{{1, "TBD"}}},
		{"FIXME", "fixme before submission", []hit{{1, "FIXME"}}},
		{"lorem ipsum", "Lorem ipsum dolor sit amet.", []hit{{1, "lorem"}}},
		{"replace with", "Replace with your answer.", []hit{{1, "Replace with"}}},
		{"replace this with", "Please replace this with the diagram.", []hit{{1, "Replace with"}}},
		{"words inside words are not hits", "Todos los servicios; TBDX; mastodon; loremipsum; stubborn", nil},
		{"comment is never read", "<!--\nTODO: guidance\n-->\nOur answer.", nil},
		{"comment keeps line numbers", "<!-- a\nb -->\nok\nTBD", []hit{{4, "TBD"}}},
		{"unclosed comment runs to the end", "ok\n<!-- TODO", nil},
		{"TODO in fenced code is an artefact", "```yaml\n# TODO tighten\n```\nDone.", nil},
		{"tilde fence too", "~~~\nTBD\n~~~", nil},
		{"marker counts inside code", "```\n[to be completed: x]\n```", []hit{{2, "[to be completed"}}},
		{"TODO in a code span is an artefact", "The flag `--todo` is unrelated.", nil},
		{"TODO beside a code span counts", "`x` TODO", []hit{{1, "TODO"}}},
		{"two kinds on one line", "TODO: TBD", []hit{{1, "TODO"}, {1, "TBD"}}},
		{"after a closed fence prose counts again", "```\ncode\n```\nTODO", []hit{{4, "TODO"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []hit
			for _, h := range Find(tc.text) {
				got = append(got, hit{h.Line, h.Marker})
				if h.Excerpt == "" {
					t.Errorf("hit %+v has no excerpt", h)
				}
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Find(%q) = %v, want %v", tc.text, got, tc.want)
			}
		})
	}
}

func TestFindPlainCountsEverything(t *testing.T) {
	hs := FindPlain("title: `TODO`\nok")
	if len(hs) != 1 || hs[0].Line != 1 || hs[0].Marker != "TODO" {
		t.Fatalf("FindPlain = %+v, want one TODO on line 1", hs)
	}
}

func TestEmpty(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"", true},
		{"  \n\n", true},
		{"<!--\nECS-001 — guidance\n-->\n", true},
		{"<!-- a --> <!-- b -->", true},
		{"<!-- a -->\nOur answer.", false},
		{"x", false},
	} {
		if got := Empty(tc.text); got != tc.want {
			t.Errorf("Empty(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}

func TestExcerptIsBounded(t *testing.T) {
	long := "TODO " + string(make([]byte, 0)) + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	h := Find(long)
	if len(h) != 1 || len([]rune(h[0].Excerpt)) > maxExcerpt {
		t.Fatalf("excerpt %q longer than %d runes", h[0].Excerpt, maxExcerpt)
	}
}

func TestMarkerExcerptIsTheWholeMarker(t *testing.T) {
	const m = "[to be completed: CloudFormation, CDK or Terraform, with the repository path of the templates (operations.iac_tool in case.yaml)]"
	h := Find("- IaC: **" + m + "** and more text after it")
	if len(h) != 1 || h[0].Excerpt != m {
		t.Fatalf("excerpt %+v, want the whole marker %q", h, m)
	}
}
