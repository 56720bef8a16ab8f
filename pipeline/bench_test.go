package pipeline_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/ecspack/ecspack/internal/testkit/synthcase"

	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/pipeline"
)

// BenchmarkBuild runs the whole build of `ecspack build --inventory` on a
// synthetic estate (seed 7, ~5 tasks per service) into a temporary
// directory: loading the snapshot, assessment, diagrams, cost, SOPs and
// every rendered file. It is the benchmark of issue 8's targets.
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{10, 100, 1000} {
		dir := b.TempDir()
		path := synthcase.File(b, n)
		b.Run(fmt.Sprintf("services=%d", n), func(b *testing.B) {
			files := 0
			for b.Loop() {
				cf, cat, err := evidence.FromInventory(path)
				if err != nil {
					b.Fatal(err)
				}
				res, err := pipeline.Build(context.Background(), cf, cat, pipeline.Options{OutDir: filepath.Join(dir, "out")})
				if err != nil {
					b.Fatal(err)
				}
				files = len(res.Files)
			}
			b.ReportMetric(float64(files), "files")
		})
	}
}
