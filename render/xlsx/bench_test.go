package xlsx

import (
	"io"
	"testing"
)

// countWriter counts the bytes written to it.
type countWriter struct{ n int }

func (c *countWriter) Write(p []byte) (int, error) { c.n += len(p); return len(p), nil }

// BenchmarkWrite1000Services writes the workbook of a 1,000-service estate:
// about 25,000 findings and 1,000 service inventory rows.
func BenchmarkWrite1000Services(b *testing.B) {
	in := bigFindings(b, 1000)
	n := 0
	for _, cr := range in.Report.CaseStudies {
		for _, c := range cr.Controls {
			n += len(c.Findings)
		}
	}
	size := 0
	for b.Loop() {
		cw := &countWriter{}
		if err := Write(cw, in); err != nil {
			b.Fatal(err)
		}
		size = cw.n
	}
	b.ReportMetric(float64(n), "findings")
	b.ReportMetric(float64(size)/1e6, "MB")
}

// BenchmarkWriteFixture is the small two-case-study package.
func BenchmarkWriteFixture(b *testing.B) {
	in := fixture(b)
	for b.Loop() {
		if err := Write(io.Discard, in); err != nil {
			b.Fatal(err)
		}
	}
}
