package cost

import (
	"testing"

	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/internal/testkit/synthcase"
)

// TestEstimateReadsTheGivenView holds that the model reads the estate view
// its caller built (the pipeline's, of the redacted snapshot), and builds
// its own only when given none.
func TestEstimateReadsTheGivenView(t *testing.T) {
	cs := &evidence.CaseStudy{ID: "cs1", Inventory: synthcase.OneRegion("eu-west-1")}
	tests := []struct {
		name string
		view *estate.Estate
		want string
	}{
		{"no view: one of the case study's inventory", nil, "eu-west-1"},
		{"the caller's view", estate.New(synthcase.OneRegion("ap-south-1")), "ap-south-1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Estimate(cs, embedded(t), Options{Estate: tt.view})
			if err != nil {
				t.Fatal(err)
			}
			if m.Region != tt.want {
				t.Errorf("model region = %q, want %q", m.Region, tt.want)
			}
		})
	}
}
