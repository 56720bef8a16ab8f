package sopfill

import (
	"testing"

	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/internal/testkit/synthcase"
)

// TestCaseViewReadsTheGivenEstate holds that the SOPs and the runbook are
// filled from the estate view their caller built (the pipeline's, of the
// redacted snapshot), and from one of the inventory only when given none.
func TestCaseViewReadsTheGivenEstate(t *testing.T) {
	cs := &evidence.CaseStudy{ID: "cs1", Inventory: synthcase.OneRegion("eu-west-1", "own")}
	tests := []struct {
		name string
		view *estate.Estate
		want string
	}{
		{"no view: one of the inventory", nil, "own"},
		{"the caller's view", estate.New(synthcase.OneRegion("eu-west-1", "given")), "given"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := newCaseView(minimalCasefile(t.TempDir()), cs, nil, tt.view)
			if len(v.Clusters) != 1 || v.Clusters[0].Name != tt.want {
				t.Fatalf("clusters = %+v, want one named %s", v.Clusters, tt.want)
			}
		})
	}
}
