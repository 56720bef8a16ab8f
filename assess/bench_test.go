package assess_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/ecspack/ecspack/assess"
	"github.com/ecspack/ecspack/assess/catalog"
	"github.com/ecspack/ecspack/discover/inventory"
	"github.com/ecspack/ecspack/discover/synth"
	"github.com/ecspack/ecspack/evidence"
)

// benchSizes are the estate sizes every stage is benchmarked at (issue 8).
var benchSizes = []int{10, 100, 1000}

// syntheticEstate returns the --inventory casefile of a synthetic estate of
// n services (seed 7, ~5 tasks per service), as `ecspack build --inventory`
// loads it.
func syntheticEstate(b *testing.B, n int) (*evidence.Casefile, *catalog.Catalog) {
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
	cf, cat, err := evidence.FromInventory(path)
	if err != nil {
		b.Fatal(err)
	}
	return cf, cat
}

// BenchmarkEvaluate runs every check and combines the statuses of a
// synthetic estate's casefile.
func BenchmarkEvaluate(b *testing.B) {
	for _, n := range benchSizes {
		cf, cat := syntheticEstate(b, n)
		b.Run(fmt.Sprintf("services=%d", n), func(b *testing.B) {
			findings := 0
			for b.Loop() {
				rep := assess.Evaluate(cf, cat)
				findings = 0
				for _, cr := range rep.CaseStudies {
					for _, c := range cr.Controls {
						findings += len(c.Findings)
					}
				}
			}
			if findings == 0 {
				b.Fatal("no findings: the synthetic estate's defects were not found")
			}
			b.ReportMetric(float64(findings), "findings")
		})
	}
}
