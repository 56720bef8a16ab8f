package runbook

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/ecspack/ecspack/cost"
	"github.com/ecspack/ecspack/diagram"
	"github.com/ecspack/ecspack/discover/inventory"
	"github.com/ecspack/ecspack/discover/synth"
	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/sop"
)

// estateInput is the runbook the pipeline renders for `ecspack build
// --inventory` of a synthetic estate of n services (seed 7).
func estateInput(b *testing.B, n int) Input {
	b.Helper()
	snap, err := synth.Generate(synth.Options{Services: n, Seed: 7})
	if err != nil {
		b.Fatal(err)
	}
	data, err := inventory.Marshal(snap)
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), fmt.Sprintf("estate%d.json", n))
	if err := os.WriteFile(path, data, 0o644); err != nil {
		b.Fatal(err)
	}
	cf, _, err := evidence.FromInventory(path)
	if err != nil {
		b.Fatal(err)
	}
	cs := cf.CaseStudies[0]
	prices, err := cost.EmbeddedPrices()
	if err != nil {
		b.Fatal(err)
	}
	m, err := cost.Estimate(cs, prices, cost.Options{})
	if err != nil {
		b.Fatal(err)
	}
	md, err := sop.Runbook(cf, cs, m)
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
	for _, n := range []int{10, 100, 1000} {
		in := estateInput(b, n)
		b.Run(fmt.Sprintf("services=%d", n), func(b *testing.B) {
			size := 0
			for b.Loop() {
				out, err := Render(context.Background(), in)
				if err != nil {
					b.Fatal(err)
				}
				size = len(out)
			}
			b.ReportMetric(float64(size)/1e6, "MB")
		})
	}
}
