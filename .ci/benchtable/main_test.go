package main

import (
	"strings"
	"testing"
)

const sample = `goos: linux
goarch: amd64
pkg: github.com/ecspack/ecspack/assess
cpu: AMD EPYC
BenchmarkEvaluate/services=10-2         	     100	   3000000 ns/op	       413.0 findings	  100 B/op	  7 allocs/op
BenchmarkEvaluate/services=10-2         	     100	   1000000 ns/op	       413.0 findings	  300 B/op	  9 allocs/op
BenchmarkEvaluate/services=10-2         	     100	   2000000 ns/op	       413.0 findings	  200 B/op	  8 allocs/op
PASS
ok  	github.com/ecspack/ecspack/assess	2.946s
pkg: github.com/ecspack/ecspack/diagram
BenchmarkGraphviz/native-dot/services=100-2   	2	 877288154 ns/op	9.000 pages
BenchmarkGraphviz/native-dot/services=100-2   	2	 677288154 ns/op	9.000 pages
BenchmarkPlan	1	1500000000 ns/op
--- BENCH: BenchmarkSomething-2
    bench_test.go:12: a log line with 5 ns/op in it
BenchmarkBroken-2 notanumber 5 ns/op
`

func TestParse(t *testing.T) {
	rows, err := Parse(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		pkg, name string
		runs      int
		median    float64
		metrics   map[string]float64
	}{
		{"github.com/ecspack/ecspack/assess", "BenchmarkEvaluate/services=10", 3, 2e6, map[string]float64{"findings": 413, "B/op": 200, "allocs/op": 8}},
		{"github.com/ecspack/ecspack/diagram", "BenchmarkGraphviz/native-dot/services=100", 2, 777288154, map[string]float64{"pages": 9}},
		{"github.com/ecspack/ecspack/diagram", "BenchmarkPlan", 1, 1.5e9, map[string]float64{}},
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d: %+v", len(rows), len(want), rows)
	}
	for i, w := range want {
		r := rows[i]
		if r.Package != w.pkg || r.Name != w.name || len(r.NsPerOp) != w.runs || r.Median() != w.median {
			t.Errorf("row %d: %s %s %d runs median %g, want %s %s %d runs median %g", i, r.Package, r.Name, len(r.NsPerOp), r.Median(), w.pkg, w.name, w.runs, w.median)
		}
		if len(r.Metrics) != len(w.metrics) {
			t.Errorf("row %d: metrics %v, want %v", i, r.Metrics, w.metrics)
		}
		for unit, v := range w.metrics {
			if r.Metrics[unit] != v {
				t.Errorf("row %d: %s = %g, want %g", i, unit, r.Metrics[unit], v)
			}
		}
	}
}

func TestTrimProcs(t *testing.T) {
	for in, want := range map[string]string{
		"BenchmarkBuild/services=1000-2": "BenchmarkBuild/services=1000",
		"BenchmarkPlan":                  "BenchmarkPlan",
		"BenchmarkGraphviz/native-dot":   "BenchmarkGraphviz/native-dot",
		"BenchmarkX-16":                  "BenchmarkX",
	} {
		if got := trimProcs(in); got != want {
			t.Errorf("trimProcs(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMarkdown(t *testing.T) {
	rows, err := Parse(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := Markdown(&b, rows); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 2+len(rows) {
		t.Fatalf("%d lines, want a header, a rule and %d rows:\n%s", len(lines), len(rows), b.String())
	}
	for _, w := range []string{
		"| assess | BenchmarkEvaluate/services=10 | 3 | 2.0 ms | 2000000 | 100% | 200 | 8 | 413 findings |",
		"| diagram | BenchmarkGraphviz/native-dot/services=100 | 2 | 777.3 ms | 777288154 | 26% |  |  | 9 pages |",
		"| diagram | BenchmarkPlan | 1 | 1.50 s | 1500000000 | – |  |  |  |",
	} {
		if !strings.Contains(b.String(), w+"\n") {
			t.Errorf("table lacks the row\n%s\nin\n%s", w, b.String())
		}
	}
}

func TestMedian(t *testing.T) {
	for _, c := range []struct {
		in   []float64
		want float64
	}{{nil, 0}, {[]float64{5}, 5}, {[]float64{9, 1, 5}, 5}, {[]float64{4, 1, 3, 2}, 2.5}} {
		if got := median(c.in); got != c.want {
			t.Errorf("median(%v) = %g, want %g", c.in, got, c.want)
		}
	}
}
