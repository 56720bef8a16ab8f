package assess

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ecspack/ecspack/catalog"
	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/evidence/placeholder"
	"github.com/ecspack/ecspack/internal/words"
)

// ItemResult says whether one evidence item of a control is answered in a
// case study, and where: the reviewer PDF, the workbook and check's JSON
// print it as the map from what the checklist asks to where it is answered.
type ItemResult struct {
	// ID is the item's catalog id, e.g. "ECS-002.e3".
	ID string `json:"id"`
	// Text is the checklist's wording of the item.
	Text string `json:"text"`
	// Covered is true when something answers the item.
	Covered bool `json:"covered"`
	// By is what answers it: narrative, attachment, sop or inventory:<rule>.
	By catalog.Satisfier `json:"by,omitempty"`
	// Where names it: the answer section's heading, the attachment's path, or
	// what the inventory holds.
	Where string `json:"where,omitempty"`
	// File and Line locate the answer (and the section's heading) that
	// answers the item or should: the file to edit when it is not covered.
	File string `json:"file,omitempty"`
	Line int    `json:"line,omitempty"`
	// Why says, for an item not covered, what is missing.
	Why string `json:"why,omitempty"`
}

// InventoryRule fills an evidence item from the case study's estate: it
// reports whether the inventory holds what the item asks for and, if so,
// what a reviewer finds there.
type InventoryRule func(in *Input) (ok bool, what string)

// InventoryRules are the rules the catalog's inventory:<rule> satisfiers
// name. A test holds that every rule the built-in catalog names is here.
func InventoryRules() map[string]InventoryRule {
	return map[string]InventoryRule{
		"list-tasks":          ruleListTasks,
		"task-definitions":    ruleTaskDefinitions,
		"task-roles":          ruleTaskRoles,
		"capacity-providers":  ruleCapacityProviders,
		"spot-fleet-requests": ruleSpotFleets,
		"efs-use":             ruleEFSUse,
		"efs-mount-zones":     ruleEFSZones,
		"ebs-volumes":         ruleEBSVolumes,
		"diagram":             ruleDiagram,
	}
}

// itemCoverage judges each evidence item of control c for one case study, in
// catalog order. ans may be nil (no answer file).
func itemCoverage(c catalog.Control, in *Input, ans *evidence.Answer) []ItemResult {
	rules := InventoryRules()
	file := ""
	switch {
	case ans != nil:
		file = relTo(in.Casefile, ans.File)
	case in.Case != nil && in.Case.Dir != "":
		file = relTo(in.Casefile, filepath.Join(in.Case.Dir, "answers", c.ID+".md"))
	}
	out := make([]ItemResult, 0, len(c.Evidence))
	for _, it := range c.Evidence {
		r := ItemResult{ID: it.ID, Text: it.Text(), File: file}
		coverItem(c, it, in, ans, rules, &r)
		out = append(out, r)
	}
	return out
}

// coverItem fills r for one item, trying what can satisfy it in the order
// the catalog lists: the first that answers it wins.
func coverItem(c catalog.Control, it catalog.Item, in *Input, ans *evidence.Answer, rules map[string]InventoryRule, r *ItemResult) {
	var why []string
	for _, s := range it.SatisfiedBy {
		switch rule, isRule := s.Rule(); {
		case isRule:
			fn, ok := rules[rule]
			if !ok {
				why = append(why, fmt.Sprintf("ecspack has no inventory rule %q", rule))
				continue
			}
			if ok, what := fn(in); ok {
				r.Covered, r.By, r.Where = true, s, what
				return
			}
			why = append(why, "the inventory does not hold it")
		case s == catalog.BySOP:
			r.Covered, r.By, r.Where = true, s, "the partner's SOP for "+c.ID
			return
		case s == catalog.ByCasefile:
			r.Covered, r.By, r.Where = true, s, "ecspack.yaml and case.yaml"
			return
		case s == catalog.ByAttachment:
			if att, ok := ans.AttachmentFor(it); ok {
				r.Covered, r.By, r.Where = true, s, att
				return
			}
		case s == catalog.ByNarrative:
			if w := narrativeCovers(c, it, ans, r); w == "" {
				return
			} else {
				why = append(why, w)
			}
		}
	}
	if len(why) == 0 {
		why = append(why, "nothing answers it")
	}
	r.Why = strings.Join(slices.Compact(why), "; ")
}

// narrativeCovers judges the answer's section for the item: covered (it
// returns "") when it holds real content of at least the item's minimum
// length, or, shorter, cites one of the answer's attachments where those
// may answer the item; a placeholder covers nothing. Otherwise it says what
// is missing.
func narrativeCovers(c catalog.Control, it catalog.Item, ans *evidence.Answer, r *ItemResult) string {
	sec, ok := ans.SectionFor(c, it)
	if !ok {
		return "write a section headed with these words or " + it.ID + " (or map one with covers:)"
	}
	r.Line = sec.Line
	if hits := placeholder.Find(sec.Text); len(hits) > 0 {
		return fmt.Sprintf("its section still holds a placeholder: “%s”", hits[0].Excerpt)
	}
	if n := sec.Words(); n >= it.MinWords {
		r.Covered, r.By, r.Where = true, catalog.ByNarrative, sec.Heading
		if r.Where == "" {
			r.Where = "the answer"
		}
		return ""
	}
	if it.Accepts(catalog.ByAttachment) {
		if cited := sec.Cites(ans); len(cited) > 0 {
			r.Covered, r.By, r.Where = true, catalog.ByAttachment, cited[0]
			return ""
		}
	}
	if sec.Words() == 0 {
		return "nothing is written under its heading yet"
	}
	return fmt.Sprintf("its section has %s, fewer than the %d it needs", words.Count(sec.Words(), "word", "words"), it.MinWords)
}

// uncovered returns the items of rs that nothing answers.
func uncovered(rs []ItemResult) []ItemResult {
	var out []ItemResult
	for _, r := range rs {
		if !r.Covered {
			out = append(out, r)
		}
	}
	return out
}

// uncoveredReason is the status reason of a control with unanswered items.
func uncoveredReason(rs []ItemResult) string {
	ids := make([]string, len(rs))
	for i, r := range rs {
		ids[i] = r.ID
	}
	return words.Count(len(rs), "evidence item", "evidence items") + " not answered: " + strings.Join(ids, ", ")
}
