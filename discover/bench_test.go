package discover

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// BenchmarkDiscover discovers synthetic estates of N services (25 per
// cluster, one task each, one task definition revision per service) from the
// replaying server with 50 ms of latency per call, and reports per run:
// calls made, the API minimum, their ratio, the longest chain of dependent
// calls and the wall time over that chain's latency. Concurrency is large
// enough that the pool is not the limit (see docs/performance.md for figures
// at the default of 8). Run with:
//
//	go test ./discover -run '^$' -bench Discover -benchtime 1x
func BenchmarkDiscover(b *testing.B) {
	const latency = 50 * time.Millisecond
	for _, n := range []int{10, 100, 1000} {
		for _, conc := range []int{DefaultConcurrency, 256, 0} {
			latency := latency
			name := fmt.Sprintf("services=%d/concurrency=%d", n, conc)
			if conc == 0 {
				// No latency, unbounded: the CPU cost of the calls themselves
				// (SDK signing and decoding plus the test server), which bounds
				// wall time from below on a small machine.
				conc, latency, name = 1024, 0, fmt.Sprintf("services=%d/no-latency", n)
			}
			b.Run(name, func(b *testing.B) {
				clusters := max(1, n/25)
				r, srv := newReplay(n, clusters)
				defer srv.Close()
				r.latency = latency
				minimum := 0
				for _, v := range r.minimumCalls() {
					minimum += v
				}
				// Longest dependent chain: GetCallerIdentity, ListClusters,
				// DescribeClusters, ListServices pages, DescribeServices,
				// DescribeTaskDefinition.
				pages := (n/clusters + 99) / 100
				chain := 5 + pages
				var calls int
				var wall time.Duration
				for b.Loop() {
					start := time.Now()
					res, err := runReplay(context.Background(), r, srv.URL, conc)
					if err != nil {
						b.Fatal(err)
					}
					wall = time.Since(start)
					calls = 0
					for _, v := range res.calls {
						calls += v
					}
					if len(res.snap.Collection.Errors) > 0 {
						b.Fatalf("errors: %+v", res.snap.Collection.Errors)
					}
				}
				b.ReportMetric(float64(calls), "calls")
				b.ReportMetric(float64(minimum), "min-calls")
				b.ReportMetric(float64(calls)/float64(minimum), "calls/min")
				b.ReportMetric(float64(chain), "chain")
				if latency > 0 {
					b.ReportMetric(wall.Seconds()/(float64(chain)*latency.Seconds()), "wall/chain")
				}
			})
		}
	}
}
