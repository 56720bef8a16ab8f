package estate

import (
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

// TestByCaseFor holds that a stage given the caller's view uses that very
// view (so a redacted build never reads a view of the unredacted snapshot),
// and that a stage given none builds its own from the snapshot it has.
func TestByCaseFor(t *testing.T) {
	snap := fixture()
	built := New(snap)
	tests := []struct {
		name     string
		views    ByCase
		id       string
		snap     *inventory.Snapshot
		same     bool // For returns built itself
		services int
	}{
		{"the caller's view", ByCase{"cs1": built}, "cs1", snap, true, 3},
		{"the caller's view, whatever snapshot is passed", ByCase{"cs1": built}, "cs1", nil, true, 3},
		{"another case study's view is not used", ByCase{"cs2": built}, "cs1", snap, false, 3},
		{"no views: built from the snapshot", nil, "cs1", snap, false, 3},
		{"no views and no snapshot: an empty view", nil, "cs1", nil, false, 0},
		{"a nil entry is no view", ByCase{"cs1": nil}, "cs1", snap, false, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.views.For(tt.id, tt.snap)
			if got == nil {
				t.Fatal("For returned nil")
			}
			if (got == built) != tt.same {
				t.Errorf("For returned the caller's view: %v, want %v", got == built, tt.same)
			}
			if n := len(got.Services()); n != tt.services {
				t.Errorf("view has %d services, want %d", n, tt.services)
			}
		})
	}
}
