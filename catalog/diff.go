package catalog

import "slices"

// Delta is what changed from one checklist edition to the next.
type Delta struct {
	From, To string
	// Added are controls only To has; Removed only From has.
	Added   []Control `json:"added"`
	Removed []Control `json:"removed"`
	// Changed are controls both have whose description differs.
	Changed []Change `json:"changed"`
}

// Change is one control present in both editions with the fields that differ.
type Change struct {
	ID string `json:"id"`
	// Fields are the catalog keys that differ, e.g. "title", "evidence".
	Fields   []string `json:"fields"`
	From, To Control  `json:"-"`
}

// Diff compares two editions control by control, in the order of to (then
// the removed ones in the order of from), so a partner sees what an edition
// change asks of the casefile.
func Diff(from, to *Catalog) Delta {
	d := Delta{From: from.Version, To: to.Version, Added: []Control{}, Removed: []Control{}, Changed: []Change{}}
	for _, c := range to.Controls {
		old, ok := from.Control(c.ID)
		if !ok {
			d.Added = append(d.Added, c)
			continue
		}
		if fs := changedFields(old, c); len(fs) > 0 {
			d.Changed = append(d.Changed, Change{ID: c.ID, Fields: fs, From: old, To: c})
		}
	}
	for _, c := range from.Controls {
		if _, ok := to.Control(c.ID); !ok {
			d.Removed = append(d.Removed, c)
		}
	}
	return d
}

// changedFields lists the catalog keys whose values differ between a and b.
func changedFields(a, b Control) []string {
	var fs []string
	for _, f := range []struct {
		key  string
		same bool
	}{
		{"title", a.Title == b.Title},
		{"section", a.Section == b.Section},
		{"category", a.Category == b.Category},
		{"scope", a.Scope == b.Scope},
		{"condition", a.Condition == b.Condition},
		{"requirement", a.Requirement == b.Requirement},
		{"evidence", slices.EqualFunc(a.Evidence, b.Evidence, sameItem)},
		{"wafr_waivable", a.WAFRWaivable == b.WAFRWaivable},
		{"cli_outputs", slices.Equal(a.CLIOutputs, b.CLIOutputs)},
		{"sop", a.SOP == b.SOP},
	} {
		if !f.same {
			fs = append(fs, f.key)
		}
	}
	return fs
}

// sameItem reports whether two evidence items are the same in every field.
func sameItem(a, b Item) bool {
	return a.ID == b.ID && a.Summary == b.Summary && a.Wording == b.Wording &&
		a.MinWords == b.MinWords && slices.Equal(a.SatisfiedBy, b.SatisfiedBy)
}
