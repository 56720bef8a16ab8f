package figure

import (
	"context"
	"reflect"
	"testing"

	"github.com/ecspack/ecspack/diagram"
	"github.com/ecspack/ecspack/diagram/drawop"
	"github.com/ecspack/ecspack/internal/testkit/readback"
	"github.com/ecspack/ecspack/render/pdf"
)

// TestLinks: an overview leads to the detail pages naming it, a detail
// page back to its overviews, a page outside the relation to nothing.
func TestLinks(t *testing.T) {
	ds := []diagram.Diagram{
		{ID: "vpc-01", Title: "VPC a"},
		{ID: "vpc-02", Title: "VPC b"},
		{ID: "cluster-01-1", Title: "web 1", Overviews: []string{"vpc-01"}},
		{ID: "cluster-01-2", Title: "web 2", Overviews: []string{"vpc-01", "vpc-02"}},
		{ID: "legend", Title: "Legend"},
	}
	anchor := func(id string) string { return "d/" + id }
	tests := []struct {
		id   string
		want []Link
	}{
		{"vpc-01", []Link{{"Detail: web 1", "d/cluster-01-1"}, {"Detail: web 2", "d/cluster-01-2"}}},
		{"vpc-02", []Link{{"Detail: web 2", "d/cluster-01-2"}}},
		{"cluster-01-2", []Link{{"Overview: VPC a", "d/vpc-01"}, {"Overview: VPC b", "d/vpc-02"}}},
		{"legend", nil},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			var dg diagram.Diagram
			for _, d := range ds {
				if d.ID == tt.id {
					dg = d
				}
			}
			if got := Links(ds, dg, anchor); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Links = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestRoom: the room is the landscape body less the heading and links
// bands, and a drawing whose 8 pt text lands at 6.4 pt when scaled into it
// fits, one a little larger does not.
func TestRoom(t *testing.T) {
	r := Room()
	if r.Width < 700 || r.Width > 740 || r.Height < 380 || r.Height > 430 || r.MinText != MinText {
		t.Fatalf("Room = %.1f × %.1f pt, min %.1f; want about 728 × 408 pt (257 × 144 mm), min %.1f", r.Width, r.Height, r.MinText, MinText)
	}
	black := drawop.Color{A: 255}
	drawing := func(w float64) drawop.Drawing {
		return drawop.Drawing{Width: w, Height: 10, Ops: []drawop.Op{{Kind: drawop.Text, Text: "web", Width: 20, Font: drawop.Font{Size: 8}, Stroke: black}}}
	}
	tests := []struct {
		width float64
		fits  bool
	}{
		{r.Width * 8 / MinText, true},
		{r.Width * 8 / MinText * 1.02, false},
		{r.Width, true},
	}
	for _, tt := range tests {
		if got := r.Fits(drawing(tt.width)); got != tt.fits {
			t.Errorf("a drawing %.0f pt wide: Fits = %v, want %v (prints at %.2f pt)", tt.width, got, tt.fits, r.PrintedText(drawing(tt.width)))
		}
	}
}

// TestDrawLinksOverviewAndDetails prints an overview and two detail pages
// the way the documents do and reads the PDF back: every diagram page is
// landscape, the overview's links lead to the detail pages and each detail
// page's link back to the overview.
func TestDrawLinksOverviewAndDetails(t *testing.T) {
	ds := []diagram.Diagram{
		{ID: "vpc-01", Title: "VPC overview", Drawing: labelled(600, 300, "overview")},
		{ID: "cluster-01-1", Title: "web part 1", Overviews: []string{"vpc-01"}, Drawing: labelled(600, 300, "web-1")},
		{ID: "cluster-01-2", Title: "web part 2", Overviews: []string{"vpc-01"}, Drawing: labelled(300, 600, "web-2")},
	}
	anchor := func(id string) string { return "diagram/" + id }
	out, err := pdf.Render(context.Background(), pdf.Options{Title: "links"}, func(d *pdf.Document) error {
		d.Paragraph("Before the diagrams.")
		for _, dg := range ds {
			Page(d)
			d.HeadingWithOptions(2, dg.Title, pdf.HeadingOptions{ID: anchor(dg.ID)})
			if err := Draw(d, dg, Links(ds, dg, anchor)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	path := readback.WritePDF(t, out)
	sizes := readback.PageSizes(t, path)
	if len(sizes) != 4 {
		t.Fatalf("%d pages, want 4 (a portrait page and three diagram pages)", len(sizes))
	}
	for p := 2; p <= 4; p++ {
		if sizes[p-1][0] <= sizes[p-1][1] {
			t.Errorf("diagram page %d is %v pt, not landscape", p, sizes[p-1])
		}
	}
	want := map[int][]int{2: {3, 4}, 3: {2}, 4: {2}}
	if got := readback.LinkTargets(t, path); !reflect.DeepEqual(got, want) {
		t.Errorf("link targets by page = %v, want %v", got, want)
	}
}
