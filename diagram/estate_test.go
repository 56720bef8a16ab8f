package diagram

import (
	"testing"

	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/internal/testkit/synthcase"
)

// TestViewsReadTheGivenEstate holds that the diagrams are drawn from the
// estate view their caller built (the pipeline's, of the redacted
// snapshot), and from one of the snapshot only when given none.
func TestViewsReadTheGivenEstate(t *testing.T) {
	snap := synthcase.OneRegion("eu-west-1")
	tests := []struct {
		name string
		view *estate.Estate
		want string
	}{
		{"no view: one of the snapshot", nil, "eu-west-1"},
		{"the caller's view", estate.New(synthcase.OneRegion("ap-south-1")), "ap-south-1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rvs := views(snap, tt.view)
			if len(rvs) != 1 || rvs[0].reg.Name != tt.want {
				t.Fatalf("views = %d regions, want one named %s", len(rvs), tt.want)
			}
		})
	}
}
