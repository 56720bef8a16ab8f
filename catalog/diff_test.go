package catalog

import (
	"slices"
	"testing"
)

func TestDiff(t *testing.T) {
	base := func() *Catalog {
		return &Catalog{Version: "A", Controls: []Control{
			{ID: "1.1", Title: "Guidelines", Scope: ScopePartner},
			{ID: "ECS-001", Title: "Majority", Scope: ScopeEveryCaseStudy, Evidence: []Item{{ID: "ECS-001.e1", Summary: "list-tasks"}}},
			{ID: "ECS-002", Title: "Automation", Scope: ScopeEveryCaseStudy},
		}}
	}
	for _, tc := range []struct {
		name                    string
		edit                    func(c *Catalog)
		added, removed, changed []string
		fields                  []string // of the first change
	}{
		{"same edition", func(c *Catalog) {}, nil, nil, nil, nil},
		{"one control added", func(c *Catalog) {
			c.Controls = append(c.Controls, Control{ID: "ECS-024", Title: "New", Scope: ScopeEveryCaseStudy})
		}, []string{"ECS-024"}, nil, nil, nil},
		{"one control removed", func(c *Catalog) { c.Controls = c.Controls[:2] }, nil, []string{"ECS-002"}, nil, nil},
		{"evidence and scope changed", func(c *Catalog) {
			c.Controls[1].Evidence = append(c.Controls[1].Evidence, Item{ID: "ECS-001.e2", Summary: "describe-services"})
			c.Controls[1].Scope = ScopeOneCaseStudy
		}, nil, nil, []string{"ECS-001"}, []string{"scope", "evidence"}},
		{"title changed", func(c *Catalog) { c.Controls[0].Title = "Program guidelines" }, nil, nil, []string{"1.1"}, []string{"title"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			to := base()
			to.Version = "B"
			tc.edit(to)
			d := Diff(base(), to)
			ids := func(cs []Control) []string {
				var out []string
				for _, c := range cs {
					out = append(out, c.ID)
				}
				return out
			}
			var changed []string
			for _, c := range d.Changed {
				changed = append(changed, c.ID)
			}
			if !slices.Equal(ids(d.Added), tc.added) || !slices.Equal(ids(d.Removed), tc.removed) || !slices.Equal(changed, tc.changed) {
				t.Errorf("added %v removed %v changed %v; want %v %v %v", ids(d.Added), ids(d.Removed), changed, tc.added, tc.removed, tc.changed)
			}
			if tc.fields != nil && !slices.Equal(d.Changed[0].Fields, tc.fields) {
				t.Errorf("fields %v, want %v", d.Changed[0].Fields, tc.fields)
			}
			if d.From != "A" || d.To != "B" {
				t.Errorf("from %q to %q", d.From, d.To)
			}
		})
	}
}
