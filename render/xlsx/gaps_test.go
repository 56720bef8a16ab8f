package xlsx

import (
	"bytes"
	"slices"
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

// TestInventoryShowsCollectionErrors: a call that failed during discovery is
// a row of the Inventory sheet naming the call, its account, region, code and
// message, so the workbook shows the gap as the PDF does (issue 9).
func TestInventoryShowsCollectionErrors(t *testing.T) {
	in := fixture(t)
	snap := in.Casefile.CaseStudies[0].Inventory
	snap.Collection.Errors = []inventory.CollectionError{
		{Account: "111122223333", Region: "eu-west-1", Service: "cloudwatch", Operation: "DescribeAlarms", Code: "AccessDenied",
			Message: "not authorized to perform: cloudwatch:DescribeAlarms"},
		{Service: "import", Operation: "ecs/describe-services.json", Message: "malformed JSON"},
	}
	first := write(t, in)
	if again := write(t, in); !bytes.Equal(first, again) {
		t.Error("two writes of the same input differ")
	}
	rows, err := open(t, first).GetRows(InventorySheet)
	if err != nil {
		t.Fatal(err)
	}
	var gaps [][]string
	for _, r := range rows[1:] {
		if len(r) > 4 && r[3] == NotCollectedKind {
			gaps = append(gaps, r)
		}
	}
	if len(gaps) != 2 {
		t.Fatalf("%d %q rows, want 2: %q", len(gaps), NotCollectedKind, rows)
	}
	if g := gaps[0]; !slices.Equal(g[:5], []string{"alpha", "111122223333", "eu-west-1", NotCollectedKind, "cloudwatch:DescribeAlarms"}) ||
		len(g) < 10 || g[9] != "AccessDenied: not authorized to perform: cloudwatch:DescribeAlarms" {
		t.Errorf("access denied row = %q", g)
	}
	if g := gaps[1]; g[0] != "alpha" || g[1] != "" || g[4] != "import:ecs/describe-services.json" || len(g) < 10 || g[9] != "error: malformed JSON" {
		t.Errorf("import row = %q", g)
	}
	// The rows follow the case study's resources.
	last := rows[len(rows)-1]
	if last[3] != NotCollectedKind {
		t.Errorf("last Inventory row = %q, want the gaps after the resources", last)
	}
}
