package diagram

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"testing"

	"github.com/ecspack/ecspack/inventory"
	"github.com/ecspack/ecspack/inventory/synth"
)

// benchEstate is the synthetic estate every stage's benchmark uses (seed 7,
// ~5 tasks per service): what `ecspack synth --services n --seed 7` writes.
func benchEstate(b *testing.B, n int) *inventory.Snapshot {
	b.Helper()
	snap, err := synth.Generate(synth.Options{Services: n, Seed: 7})
	if err != nil {
		b.Fatal(err)
	}
	return snap
}

// BenchmarkBuild measures planning plus Graphviz rendering of every page.
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{10, 100, 1000} {
		snap := benchEstate(b, n)
		b.Run(fmt.Sprintf("services=%d", n), func(b *testing.B) {
			pages := 0
			for b.Loop() {
				ds, err := Build(context.Background(), snap, Options{})
				if err != nil {
					b.Fatal(err)
				}
				pages = len(ds)
			}
			b.ReportMetric(float64(pages), "pages")
		})
	}
}

// BenchmarkGraphviz compares go-graphviz (RenderDOT: one layout, SVG out)
// with native `dot -Tsvg` (a process per page) on the same DOT: every page
// Build draws for an estate of 100 services.
func BenchmarkGraphviz(b *testing.B) {
	ds, err := Plan(benchEstate(b, 100), Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("go-graphviz/services=100", func(b *testing.B) {
		for b.Loop() {
			for _, d := range ds {
				if _, err := RenderDOT(context.Background(), d.DOT); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(len(ds)), "pages")
	})
	b.Run("native-dot/services=100", func(b *testing.B) {
		path, err := exec.LookPath("dot")
		if err != nil {
			b.Skip("dot not installed")
		}
		for b.Loop() {
			for _, d := range ds {
				cmd := exec.Command(path, "-Tsvg")
				cmd.Stdin = bytes.NewReader(d.DOT)
				if err := cmd.Run(); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(len(ds)), "pages")
	})
}

// BenchmarkPlan measures page planning and DOT writing without Graphviz.
func BenchmarkPlan(b *testing.B) {
	snap := benchEstate(b, 1000)
	for b.Loop() {
		if _, err := Plan(snap, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
