package evidence

import (
	"regexp"
	"slices"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"

	"github.com/ecspack/ecspack/catalog"
	"github.com/ecspack/ecspack/evidence/placeholder"
	"github.com/ecspack/ecspack/internal/yamlpos"
)

// Section is the part of an answer under one Markdown heading: where the
// partner answers one evidence item of the checklist.
type Section struct {
	// Heading is the heading's text, Markdown emphasis removed.
	Heading string
	// Level is the heading's level (1 for "#").
	Level int
	// Line is the line of the answer file holding the heading (0 for the
	// whole body of an answer without headings).
	Line int
	// Text is what the section says: every line up to the next heading of
	// the same or a higher level, HTML comments removed.
	Text string
}

// Words counts the section's words, the measure the catalog's min_words uses.
func (s Section) Words() int { return len(strings.Fields(s.Text)) }

// Cites returns the attachments of a that the section names by path, in
// the order of a's list: a section may answer an item by pointing at a file.
func (s Section) Cites(a *Answer) []string {
	var out []string
	for _, att := range a.Attachments {
		if att != "" && strings.Contains(s.Text, att) {
			out = append(out, att)
		}
	}
	return out
}

// atxHeading matches a Markdown ATX heading; fence opens or closes a code block.
var (
	atxHeading = regexp.MustCompile(`^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$`)
	fence      = regexp.MustCompile("^ {0,3}(```|~~~)")
)

// Sections splits the answer's body at its headings, skipping fenced code.
// Text before the first heading belongs to no section.
func (a *Answer) Sections() []Section {
	if a == nil {
		return nil
	}
	lines := strings.Split(placeholder.StripComments(string(a.Body)), "\n")
	var out []Section
	var bodies [][]string
	var open []bool
	inFence := false
	for i, l := range lines {
		if fence.MatchString(l) {
			inFence = !inFence
		}
		m := atxHeading.FindStringSubmatch(l)
		if !inFence && m != nil {
			// A heading closes every open section of its level or deeper.
			level := len(m[1])
			// A deeper heading is part of the sections it sits in.
			for k := range out {
				open[k] = open[k] && out[k].Level < level
				if open[k] {
					bodies[k] = append(bodies[k], l)
				}
			}
			out = append(out, Section{Heading: headingText(m[2]), Level: level, Line: a.BodyLine + i})
			bodies, open = append(bodies, nil), append(open, true)
			continue
		}
		for k := range bodies {
			if open[k] {
				bodies[k] = append(bodies[k], l)
			}
		}
	}
	for k := range out {
		out[k].Text = strings.TrimSpace(strings.Join(bodies[k], "\n"))
	}
	return out
}

// headingText is a heading without Markdown emphasis and code marks.
func headingText(s string) string {
	s = strings.NewReplacer("**", "", "__", "", "`", "").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// fold reduces text to lower-case letters and digits separated by single
// spaces, so a heading matches an item's wording whatever its punctuation,
// case or line breaks.
func fold(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}

// SectionFor finds the section of the answer that answers item it of
// control c: the section covers: maps to the item, else the first section
// whose heading names the item's id or reads as its wording or summary. An
// answer without any heading is one section when c asks for a single item
// a narrative can answer. The answer's covers: is validated on load.
func (a *Answer) SectionFor(c catalog.Control, it catalog.Item) (Section, bool) {
	if a == nil {
		return Section{}, false
	}
	secs := a.Sections()
	if h, ok := a.Covers[it.ID]; ok {
		for _, s := range secs {
			if fold(s.Heading) == fold(h) {
				return s, true
			}
		}
	}
	for _, s := range secs {
		if matchesItem(s.Heading, it) {
			return s, true
		}
	}
	if len(secs) == 0 && len(c.Evidence) == 1 && it.Accepts(catalog.ByNarrative) {
		return Section{Line: a.BodyLine, Text: strings.TrimSpace(placeholder.StripComments(string(a.Body)))}, true
	}
	return Section{}, false
}

// matchesItem reports whether a heading is written for the item: it names
// the item's id, or it reads as the item's wording or summary.
func matchesItem(heading string, it catalog.Item) bool {
	if idIn(heading, it.ID) {
		return true
	}
	h := fold(heading)
	return h != "" && (h == fold(it.Text()) || h == fold(it.Summary))
}

// idIn reports whether id occurs in s as a whole word ("ECS-002.e1" is not
// in "ECS-002.e12").
func idIn(s, id string) bool {
	for off := 0; ; {
		i := strings.Index(s[off:], id)
		if i < 0 {
			return false
		}
		end := off + i + len(id)
		if end == len(s) || !unicode.IsDigit(rune(s[end])) {
			return true
		}
		off = end
	}
}

// AttachmentFor returns the attachment covers: maps to the item, if any.
func (a *Answer) AttachmentFor(it catalog.Item) (string, bool) {
	if a == nil {
		return "", false
	}
	v, ok := a.Covers[it.ID]
	if ok && slices.Contains(a.Attachments, v) {
		return v, true
	}
	return "", false
}

// checkCovers validates the answer's covers: map against control c: every
// key an item id of c, every value a heading of the answer or one of its
// attachments. It reports each problem with the line of the key.
func checkCovers(a *Answer, c catalog.Control, ps *problems) {
	ids := make([]string, 0, len(a.Covers))
	for id := range a.Covers {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	secs := a.Sections()
	for _, id := range ids {
		if id == "" {
			continue
		}
		line := a.coverLines[id]
		if _, ok := c.Item(id); !ok {
			ps.add(a.File, line, "covers: %q is not an evidence item of %s: expected one of %s", id, c.ID, strings.Join(itemIDs(c), ", "))
			continue
		}
		v := a.Covers[id]
		if slices.Contains(a.Attachments, v) {
			continue
		}
		if !slices.ContainsFunc(secs, func(s Section) bool { return fold(s.Heading) == fold(v) && v != "" }) {
			ps.add(a.File, line, "covers: %s maps to %q, which is neither a heading of this answer nor one of its attachments", id, v)
		}
	}
}

// itemIDs lists a control's evidence item ids.
func itemIDs(c catalog.Control) []string {
	out := make([]string, len(c.Evidence))
	for i, it := range c.Evidence {
		out[i] = it.ID
	}
	return out
}

// coverKeyLines locates each key of the front matter's covers: mapping;
// offset is added to every line (the opening --- line).
func coverKeyLines(root *yaml.Node, offset int) map[string]int {
	m := yamlpos.Value(root, "covers")
	out := map[string]int{}
	if m == nil || m.Kind != yaml.MappingNode {
		return out
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		out[m.Content[i].Value] = m.Content[i].Line + offset
	}
	return out
}
