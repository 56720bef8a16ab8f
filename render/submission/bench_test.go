package submission

import (
	"context"
	"testing"

	"github.com/ecspack/ecspack/internal/testkit/synthcase"

	"github.com/ecspack/ecspack/assess"
	"github.com/ecspack/ecspack/cost"
	"github.com/ecspack/ecspack/diagram"
	"github.com/ecspack/ecspack/sopfill"
)

// estateInput is the Input the pipeline builds for `ecspack build
// --inventory` of a synthetic estate of n services (seed 7): the real
// assessment, diagrams, cost model and filled SOPs.
func estateInput(b *testing.B, n int) Input {
	b.Helper()
	cf, cat := synthcase.Casefile(b, n)
	prices, err := cost.EmbeddedPrices()
	if err != nil {
		b.Fatal(err)
	}
	docs := func(ds []sopfill.Document) []Document {
		out := make([]Document, len(ds))
		for i, d := range ds {
			out[i] = Document{ID: d.ID, Title: d.Title, Controls: d.Controls, Markdown: d.Markdown}
		}
		return out
	}
	rep := assess.Evaluate(cf, cat)
	partner, err := sopfill.Render(context.Background(), cf, nil, sopfill.Options{})
	if err != nil {
		b.Fatal(err)
	}
	in := Input{Casefile: cf, Catalog: cat, Report: rep, SOPs: docs(partner),
		Diagrams: map[string][]diagram.Diagram{}, CaseSOPs: map[string][]Document{}, Costs: map[string]*cost.Model{}}
	for i, cs := range cf.CaseStudies {
		ds, err := diagram.Build(context.Background(), cs.Inventory, diagram.Options{Title: cs.Title})
		if err != nil {
			b.Fatal(err)
		}
		m, err := cost.Estimate(cs, prices, cost.Options{})
		if err != nil {
			b.Fatal(err)
		}
		statuses := map[string]assess.Status{}
		for _, r := range rep.CaseStudies[i].Controls {
			statuses[r.ID] = r.Status
		}
		filled, err := sopfill.Render(context.Background(), cf, cs, sopfill.Options{Cost: m, Statuses: statuses})
		if err != nil {
			b.Fatal(err)
		}
		in.Diagrams[cs.ID], in.Costs[cs.ID], in.CaseSOPs[cs.ID] = ds, m, docs(filled)
	}
	return in
}

// BenchmarkRender lays out the reviewer PDF of a synthetic estate.
func BenchmarkRender(b *testing.B) {
	synthcase.BenchRender(b, estateInput, Render)
}
