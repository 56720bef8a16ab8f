package sopfill

import (
	"slices"
	"testing"

	"github.com/ecspack/ecspack/catalog"
)

// sopMismatches lists the controls where a catalog's sop: marks and the SOP
// documents disagree: a control whose evidence is a partner-level document
// must get one, and a document must answer a control that asks for one.
func sopMismatches(cat *catalog.Catalog, specs []Spec) []string {
	var out []string
	has := map[string]bool{}
	for _, s := range specs {
		has[s.ID] = true
		if c, ok := cat.Control(s.ID); !ok || !c.SOP {
			out = append(out, s.ID+": an SOP document for a control catalog "+cat.Version+" does not mark sop: true")
		}
	}
	for _, c := range cat.Controls {
		if c.SOP && !has[c.ID] {
			out = append(out, c.ID+": marked sop: true but no SOP document is written for it")
		}
	}
	return out
}

func TestSOPDocumentsMatchCatalogMarks(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(cat *catalog.Catalog, specs []Spec) []Spec
		want   int
	}{
		{"shipped", func(_ *catalog.Catalog, s []Spec) []Spec { return s }, 0},
		{"document dropped", func(_ *catalog.Catalog, s []Spec) []Spec { return s[1:] }, 1},
		{"mark dropped", func(cat *catalog.Catalog, s []Spec) []Spec {
			cat.Controls[slices.IndexFunc(cat.Controls, func(c catalog.Control) bool { return c.SOP })].SOP = false
			return s
		}, 1},
	}
	for _, v := range catalog.Versions() {
		for _, tc := range cases {
			t.Run(v+"/"+tc.name, func(t *testing.T) {
				cat, err := catalog.Load(v)
				if err != nil {
					t.Fatalf("load catalog %s: %v", v, err)
				}
				specs := tc.mutate(cat, Specs())
				if got := sopMismatches(cat, specs); len(got) != tc.want {
					t.Errorf("want %d mismatches, got %d: %q", tc.want, len(got), got)
				}
			})
		}
	}
}
