package runbook

import (
	"context"
	"testing"

	"github.com/ecspack/ecspack/internal/testkit/synthcase"

	"github.com/ecspack/ecspack/cost"
	"github.com/ecspack/ecspack/diagram"
	"github.com/ecspack/ecspack/sopfill"
)

// estateInput is the runbook the pipeline renders for `ecspack build
// --inventory` of a synthetic estate of n services (seed 7).
func estateInput(b *testing.B, n int) Input {
	b.Helper()
	cf, _ := synthcase.Casefile(b, n)
	cs := cf.CaseStudies[0]
	prices, err := cost.EmbeddedPrices()
	if err != nil {
		b.Fatal(err)
	}
	m, err := cost.Estimate(cs, prices, cost.Options{})
	if err != nil {
		b.Fatal(err)
	}
	md, err := sopfill.Runbook(context.Background(), cf, cs, sopfill.Options{Cost: m})
	if err != nil {
		b.Fatal(err)
	}
	ds, err := diagram.Build(context.Background(), cs.Inventory, diagram.Options{Title: cs.Title})
	if err != nil {
		b.Fatal(err)
	}
	return Input{Casefile: cf, Case: cs, Markdown: md, Diagrams: ds}
}

// BenchmarkRender lays out the customer runbook of a synthetic estate.
func BenchmarkRender(b *testing.B) {
	synthcase.BenchRender(b, estateInput, Render)
}
