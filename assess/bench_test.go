package assess_test

import (
	"fmt"
	"testing"

	"github.com/ecspack/ecspack/internal/testkit/synthcase"

	"github.com/ecspack/ecspack/assess"
	"github.com/ecspack/ecspack/catalog"
	"github.com/ecspack/ecspack/evidence"
)

// benchSizes are the estate sizes every stage is benchmarked at (issue 8).
var benchSizes = []int{10, 100, 1000}

// syntheticEstate returns the --inventory casefile of a synthetic estate of
// n services (seed 7, ~5 tasks per service), as `ecspack build --inventory`
// loads it.
func syntheticEstate(b *testing.B, n int) (*evidence.Casefile, *catalog.Catalog) {
	b.Helper()
	return synthcase.Casefile(b, n)
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
