package assess

import (
	"testing"

	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/internal/testkit/synthcase"
	"github.com/ecspack/ecspack/inventory"
)

// TestInputReadsTheGivenEstate holds that the checks run on the estate view
// their caller built (Options.Estates: the pipeline's, of the redacted
// snapshot), and on one of the inventory only when given none.
func TestInputReadsTheGivenEstate(t *testing.T) {
	given := estate.New(synthcase.OneRegion("ap-south-1"))
	tests := []struct {
		name   string
		snap   *inventory.Snapshot
		views  estate.ByCase
		region string // of the input's one region; "" for none
	}{
		{"no views: one of the inventory", synthcase.OneRegion("eu-west-1"), nil, "eu-west-1"},
		{"the caller's view", synthcase.OneRegion("eu-west-1"), estate.ByCase{"cs1": given}, "ap-south-1"},
		{"another case study's view is not used", synthcase.OneRegion("eu-west-1"), estate.ByCase{"cs2": given}, "eu-west-1"},
		{"no inventory and no view: no regions", nil, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs := &evidence.CaseStudy{ID: "cs1", Inventory: tt.snap}
			in := newInput(&evidence.Casefile{CaseStudies: []*evidence.CaseStudy{cs}}, cs, tt.views)
			if tt.region == "" {
				if len(in.Regions) != 0 || in.Snapshot == nil {
					t.Errorf("regions = %d, snapshot %v; want none and an empty snapshot", len(in.Regions), in.Snapshot)
				}
				return
			}
			if len(in.Regions) != 1 || in.Regions[0].Region.Name != tt.region || in.Regions[0].View != in.Estate.Regions[0] {
				t.Errorf("regions = %+v, want one, %s, from the input's view", in.Regions, tt.region)
			}
		})
	}
}
