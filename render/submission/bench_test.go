package submission

import (
	"bytes"
	"context"
	"testing"
)

// BenchmarkRenderPackage renders the bundled sample's reviewer PDF (about a
// hundred pages: two case studies, 39 controls, vector diagrams, three CLI
// appendices) from a prepared Input, i.e. the PDF stage alone.
func BenchmarkRenderPackage(b *testing.B) {
	in := sampleInput(b)
	var out []byte
	for b.Loop() {
		var err error
		if out, err = Render(context.Background(), in); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(bytes.Count(out, []byte("/Type /Page\n"))), "pages")
	b.ReportMetric(float64(len(out))/1e6, "MB")
}
