// Package synthcase is test support for benchmarks and scale tests: it writes
// the synthetic estates issue 8 measures at (inventory/synth, seed 7) as
// snapshot files and loads them the way `ecspack build --inventory` does, so
// every stage's benchmark starts from the same input.
package synthcase

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/ecspack/ecspack/catalog"
	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/inventory"
	"github.com/ecspack/ecspack/inventory/synth"
)

// Seed is the seed of every benchmark estate.
const Seed = 7

// File writes the synthetic estate of n services to a snapshot file in a
// temporary directory of tb and returns its path.
func File(tb testing.TB, n int) string {
	tb.Helper()
	snap, err := synth.Generate(synth.Options{Services: n, Seed: Seed})
	if err != nil {
		tb.Fatal(err)
	}
	data, err := inventory.Marshal(snap)
	if err != nil {
		tb.Fatal(err)
	}
	path := filepath.Join(tb.TempDir(), fmt.Sprintf("estate%d.json", n))
	if err := os.WriteFile(path, data, 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

// Casefile returns the --inventory casefile of the synthetic estate of n
// services, as `ecspack build --inventory` loads it.
func Casefile(tb testing.TB, n int) (*evidence.Casefile, *catalog.Catalog) {
	tb.Helper()
	cf, cat, err := evidence.FromInventory(File(tb, n))
	if err != nil {
		tb.Fatal(err)
	}
	return cf, cat
}

// Sizes are the estate sizes, in services, the stage benchmarks run at.
func Sizes() []int { return []int{10, 100, 1000} }

// BenchRender benchmarks a renderer on the benchmark estates: for each of
// Sizes it builds the renderer's input once, then runs render in a
// sub-benchmark "services=N" and reports the size of its output in MB.
func BenchRender[In any](b *testing.B, input func(b *testing.B, n int) In, render func(context.Context, In) ([]byte, error)) {
	for _, n := range Sizes() {
		in := input(b, n)
		b.Run(fmt.Sprintf("services=%d", n), func(b *testing.B) {
			size := 0
			for b.Loop() {
				out, err := render(context.Background(), in)
				if err != nil {
					b.Fatal(err)
				}
				size = len(out)
			}
			b.ReportMetric(float64(size)/1e6, "MB")
		})
	}
}

// OneRegion is the smallest snapshot a stage's output tells apart from
// another's: account 111122223333 with one region of that name holding empty
// ECS clusters of those names. Tests that hand a stage an estate view built
// from one snapshot and an inventory of another use it to see which the
// stage read.
func OneRegion(region string, clusters ...string) *inventory.Snapshot {
	r := inventory.Region{Name: region}
	for _, c := range clusters {
		r.ECS.Clusters = append(r.ECS.Clusters, inventory.Cluster{ARN: "arn:aws:ecs:" + region + ":111122223333:cluster/" + c, Name: c})
	}
	return &inventory.Snapshot{SchemaVersion: inventory.SchemaVersion, Accounts: []inventory.Account{{ID: "111122223333", Regions: []inventory.Region{r}}}}
}
