package evidence_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ecspack/ecspack/discover/inventory"
	"github.com/ecspack/ecspack/discover/synth"
	"github.com/ecspack/ecspack/evidence"
)

// synthSnapshot is the JSON of a synthetic estate of n services.
func synthSnapshot(t *testing.T, n int, seed uint64) string {
	t.Helper()
	s, err := synth.Generate(synth.Options{Services: n, Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	b, err := inventory.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestServicesPerBuild: the snapshots of one build together hold at most
// inventory.MaxServices services (the memory budget); the snapshot that
// crosses the bound is named with its line in case.yaml, quickly, and the
// bound itself is accepted.
func TestServicesPerBuild(t *testing.T) {
	half := inventory.MaxServices / 2
	tests := []struct {
		name        string
		first, more int // services in inventory.json and inventory2.json
		refused     bool
	}{
		{"two snapshots at the bound", half, inventory.MaxServices - half, false},
		{"two snapshots one beyond the bound", half, inventory.MaxServices - half + 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyMinimal(t)
			write(t, dir, "cs-a/inventory.json", synthSnapshot(t, tt.first, 1))
			write(t, dir, "cs-a/inventory2.json", synthSnapshot(t, tt.more, 2))
			replace(t, dir, "cs-a/case.yaml", "  - inventory.json\n", "  - inventory.json\n  - inventory2.json\n")
			start := time.Now()
			_, _, err := evidence.Load(dir)
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("Load took %v", took)
			}
			msg := fmt.Sprintf("inventory inventory2.json brings this build's snapshots to %d ECS services: expected at most %d in one build", tt.first+tt.more, inventory.MaxServices)
			if tt.refused {
				expectProblem(t, err, dir, "cs-a/case.yaml", 10, msg)
				return
			}
			// Other problems (the synthetic accounts are not the case
			// study's) are allowed; the budget must not be one of them.
			if err != nil && strings.Contains(err.Error(), "in one build") {
				t.Errorf("refused at the bound: %v", err)
			}
		})
	}
}
