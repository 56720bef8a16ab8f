package xlsx

import (
	"slices"
	"testing"

	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/internal/testkit/synthcase"
)

// TestInventorySheetReadsTheGivenEstate holds that the Inventory sheet lists
// the estate view its caller built (the pipeline's, of the redacted
// snapshot), and one of the inventory only when given none.
func TestInventorySheetReadsTheGivenEstate(t *testing.T) {
	given := estate.New(synthcase.OneRegion("ap-south-1", "given"))
	tests := []struct {
		name          string
		views         estate.ByCase
		want, notWant string
	}{
		{"no views: one of the inventory", nil, "shop", "given"},
		{"the caller's view", estate.ByCase{"alpha": given}, "given", "shop"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := fixture(t)
			in.Estates = tt.views
			rows, err := open(t, write(t, in)).GetRows(InventorySheet)
			if err != nil {
				t.Fatal(err)
			}
			var clusters []string
			for _, row := range rows[1:] {
				if len(row) > 4 && row[0] == "alpha" && row[3] == "ECS cluster" {
					clusters = append(clusters, row[4])
				}
			}
			if !slices.Contains(clusters, tt.want) || slices.Contains(clusters, tt.notWant) {
				t.Errorf("alpha's clusters = %q, want %s and not %s", clusters, tt.want, tt.notWant)
			}
		})
	}
}
