package submission

import (
	"testing"

	"github.com/ecspack/ecspack/assess"
	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/internal/testkit/synthcase"
	"github.com/ecspack/ecspack/inventory"
)

// TestRendererReadsTheGivenEstate holds that the reviewer PDF reads the
// estate view its caller built for a case study (the pipeline's, of the
// redacted snapshot), builds one of the inventory only when given none, and
// has none for a case study without an inventory.
func TestRendererReadsTheGivenEstate(t *testing.T) {
	given := estate.New(synthcase.OneRegion("ap-south-1"))
	tests := []struct {
		name   string
		snap   *inventory.Snapshot
		views  estate.ByCase
		region string // of the view's one region; "" for no view
	}{
		{"no views: one of the inventory", synthcase.OneRegion("eu-west-1"), nil, "eu-west-1"},
		{"the caller's view", synthcase.OneRegion("eu-west-1"), estate.ByCase{"cs1": given}, "ap-south-1"},
		{"no inventory: no view", nil, estate.ByCase{"cs1": given}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cf := &evidence.Casefile{CaseStudies: []*evidence.CaseStudy{{ID: "cs1", Inventory: tt.snap}}}
			r := newRenderer(Input{Casefile: cf, Report: &assess.Report{}, Estates: tt.views})
			view := r.cases[0].view
			switch {
			case tt.region == "" && view != nil:
				t.Errorf("a case study without an inventory has a view")
			case tt.region != "" && (view == nil || len(view.Regions) != 1 || view.Regions[0].Name() != tt.region):
				t.Errorf("view = %+v, want one region %s", view, tt.region)
			}
		})
	}
}
