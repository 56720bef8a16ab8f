package catalog

import (
	"regexp"
	"slices"
	"strings"
)

// Item is one entry of a control's "Please provide the following as evidence"
// list. Reviewers grade a control item by item, so the readiness verdict, the
// answer stubs `init` writes and the reviewer PDF's map of where each item is
// answered all work from these entries.
type Item struct {
	// ID is stable across editions of the catalog file: "<CONTROL>.e<n>",
	// e.g. "ECS-002.e3". Answers may name it in a heading or in covers:.
	ID string `yaml:"id" json:"id"`
	// Summary is a short line for tables and lists.
	Summary string `yaml:"summary" json:"summary"`
	// Wording is the checklist's own text of the item; empty where the
	// checklist has no evidence list (the prerequisites), and Text then
	// falls back to Summary.
	Wording string `yaml:"wording" json:"wording,omitempty"`
	// SatisfiedBy lists what can answer the item; any one is enough.
	SatisfiedBy []Satisfier `yaml:"satisfied_by" json:"satisfied_by"`
	// MinWords is the least number of words a narrative section must have to
	// answer the item, so a one-liner does not pass for a description.
	MinWords int `yaml:"min_words" json:"min_words,omitempty"`
}

// Satisfier names one kind of evidence that can answer an item.
type Satisfier string

// The kinds of evidence. Inventory satisfiers carry a rule name after the
// prefix ("inventory:list-tasks"); package assess knows the rules.
const (
	// ByNarrative is a section of the partner's answer written for the item.
	ByNarrative Satisfier = "narrative"
	// ByAttachment is a file the answer attaches for the item.
	ByAttachment Satisfier = "attachment"
	// BySOP is the partner's SOP document ecspack writes for an SOP control.
	BySOP Satisfier = "sop"
	// ByCasefile is what ecspack.yaml and case.yaml state, judged by the
	// prerequisite checks rather than by an answer.
	ByCasefile Satisfier = "casefile"
	// InventoryPrefix starts an inventory satisfier.
	InventoryPrefix = "inventory:"
)

// Rule returns the inventory rule of an inventory satisfier, and false for
// any other kind.
func (s Satisfier) Rule() (string, bool) {
	return strings.CutPrefix(string(s), InventoryPrefix)
}

// Text is what the item asks, in the checklist's words where it has them.
func (it Item) Text() string {
	if it.Wording != "" {
		return it.Wording
	}
	return it.Summary
}

// Accepts reports whether kind can answer the item.
func (it Item) Accepts(kind Satisfier) bool { return slices.Contains(it.SatisfiedBy, kind) }

// Rules returns the inventory rules that can answer the item, in order.
func (it Item) Rules() []string {
	var out []string
	for _, s := range it.SatisfiedBy {
		if r, ok := s.Rule(); ok {
			out = append(out, r)
		}
	}
	return out
}

// Item returns the control's evidence item with the given id.
func (c Control) Item(id string) (Item, bool) {
	for _, it := range c.Evidence {
		if it.ID == id {
			return it, true
		}
	}
	return Item{}, false
}

// EvidenceLines returns the items' summaries, for lists that print one
// short line per item.
func (c Control) EvidenceLines() []string {
	out := make([]string, len(c.Evidence))
	for i, it := range c.Evidence {
		out[i] = it.Summary
	}
	return out
}

// inventoryRule is what an inventory rule name looks like.
var inventoryRule = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)

// validSatisfier reports whether s is a known kind of evidence.
func validSatisfier(s Satisfier) bool {
	if r, ok := s.Rule(); ok {
		return inventoryRule.MatchString(r)
	}
	return slices.Contains([]Satisfier{ByNarrative, ByAttachment, BySOP, ByCasefile}, s)
}

// validateItems checks one control's evidence items: ids that follow the
// control's, known satisfiers, a minimum length wherever a narrative can
// answer, and sop only on SOP controls. line gives the line of an item's key.
func validateItems(c Control, label string, line func(item int, key string) int, add func(int, string, ...any)) {
	seen := map[string]bool{}
	for k, it := range c.Evidence {
		want := c.ID + ".e"
		switch {
		case !strings.HasPrefix(it.ID, want) || !isDigits(it.ID[len(want):]):
			add(line(k, "id"), "%s: evidence item id %q: expected %s<n>, e.g. %s1", label, it.ID, want, want)
		case seen[it.ID]:
			add(line(k, "id"), "%s: evidence item id %q is used twice", label, it.ID)
		}
		seen[it.ID] = true
		if strings.TrimSpace(it.Summary) == "" {
			add(line(k, "summary"), "%s: evidence item %s has no summary", label, it.ID)
		}
		if len(it.SatisfiedBy) == 0 {
			add(line(k, "satisfied_by"), "%s: evidence item %s: satisfied_by is missing (narrative, attachment, sop, casefile or inventory:<rule>)", label, it.ID)
		}
		for _, s := range it.SatisfiedBy {
			switch {
			case !validSatisfier(s):
				add(line(k, "satisfied_by"), "%s: evidence item %s: unknown satisfied_by %q (known: narrative, attachment, sop, casefile, inventory:<rule>)", label, it.ID, s)
			case s == BySOP && !c.SOP:
				add(line(k, "satisfied_by"), "%s: evidence item %s: satisfied_by sop, but the control is not marked sop: true", label, it.ID)
			}
		}
		switch {
		case it.Accepts(ByNarrative) && it.MinWords <= 0:
			add(line(k, "satisfied_by"), "%s: evidence item %s can be answered by a narrative: expected min_words of at least 1", label, it.ID)
		case !it.Accepts(ByNarrative) && it.MinWords != 0:
			add(line(k, "min_words"), "%s: evidence item %s: min_words only applies to items a narrative can answer", label, it.ID)
		}
	}
}

// isDigits reports whether s is a non-empty run of ASCII digits not starting with 0.
func isDigits(s string) bool {
	if s == "" || s[0] == '0' {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
