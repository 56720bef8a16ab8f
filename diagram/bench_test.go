package diagram

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"testing"
)

// BenchmarkBuild measures planning plus Graphviz rendering of every page.
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{10, 100, 1000} {
		snap := synthEstate(n)
		b.Run(fmt.Sprintf("services=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := Build(context.Background(), snap, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkGraphviz compares go-graphviz (one layout, svg and json output)
// with native `dot -Tsvg` (a process per run) on the same unsplit DOT.
func BenchmarkGraphviz(b *testing.B) {
	for _, n := range []int{10, 100} {
		ds, err := Plan(synthEstate(n), Options{NodeBudget: 1 << 20})
		if err != nil {
			b.Fatal(err)
		}
		dot := ds[0].DOT
		b.Run(fmt.Sprintf("go-graphviz/services=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := RenderDOT(context.Background(), dot); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("native-dot/services=%d", n), func(b *testing.B) {
			path, err := exec.LookPath("dot")
			if err != nil {
				b.Skip("dot not installed")
			}
			for b.Loop() {
				cmd := exec.Command(path, "-Tsvg")
				cmd.Stdin = bytes.NewReader(dot)
				if err := cmd.Run(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPlan measures page planning and DOT writing without Graphviz.
func BenchmarkPlan(b *testing.B) {
	snap := synthEstate(1000)
	for b.Loop() {
		if _, err := Plan(snap, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
