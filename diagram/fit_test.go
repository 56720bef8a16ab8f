package diagram

import (
	"strings"
	"testing"
)

// TestBuildToFitRoom builds estates for rooms of several sizes: a room the
// screen drawing fits keeps it as is; a small room gets paper pages, where
// every cluster's detail page prints its smallest text at Room.MinText or
// larger, the context pages carry the legend, and every detail page's
// overviews are pages of the same build.
func TestBuildToFitRoom(t *testing.T) {
	const a4Landscape, minText = 728.0, 6.4 // the box render/figure gives, in points
	tests := []struct {
		name     string
		services int
		room     Room
		paper    bool // paper pages expected
	}{
		{"large room keeps the single page", 0, Room{Width: 1e5, Height: 1e5, MinText: minText}, false},
		{"landscape page, small estate", 0, Room{Width: a4Landscape, Height: 408, MinText: minText}, true},
		{"landscape page, 30 services", 30, Room{Width: a4Landscape, Height: 408, MinText: minText}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			snap := smallSnapshot()
			if tt.services > 0 {
				snap = synthEstate(tt.services)
			}
			ds := build(t, snap, Options{Room: tt.room})
			ids := map[string]bool{}
			for _, d := range ds {
				ids[d.ID] = true
			}
			if got := ids["legend"]; got != tt.paper {
				t.Fatalf("legend page drawn: %v, want %v (pages %v)", got, tt.paper, ids)
			}
			if !tt.paper {
				if len(ds) != 1 || !strings.Contains(texts(ds[0].SVG), "Legend") {
					t.Errorf("the screen drawing was not kept whole: %d pages", len(ds))
				}
				return
			}
			details := 0
			for _, d := range ds {
				for _, o := range d.Overviews {
					if !ids[o] || !strings.HasPrefix(o, "vpc-") {
						t.Errorf("%s names overview %q, which is not an overview page of this build", d.ID, o)
					}
				}
				if !strings.HasPrefix(d.ID, "cluster-") {
					continue
				}
				details++
				if got := tt.room.PrintedText(d.Drawing); got < tt.room.MinText {
					t.Errorf("%s (%d nodes) prints its smallest text at %.2f pt, want ≥ %.1f", d.ID, d.Nodes, got, tt.room.MinText)
				}
				if len(d.Overviews) == 0 {
					t.Errorf("detail page %s links to no overview", d.ID)
				}
			}
			if details == 0 {
				t.Error("no cluster detail page")
			}
		})
	}
}
