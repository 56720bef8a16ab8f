package assess

import (
	"slices"
	"testing"

	"github.com/ecspack/ecspack/catalog/peers"
)

// TestReferencesNameRegisteredChecks holds that every row of the Security
// Hub and prowler references table names a check the registry has, so a
// renamed or removed check cannot leave a reference nothing prints.
func TestReferencesNameRegisteredChecks(t *testing.T) {
	tab, err := peers.Load()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range Checks() {
		ids = append(ids, c.ID)
	}
	if len(tab.References) == 0 {
		t.Fatal("the references table is empty")
	}
	for _, r := range tab.References {
		if !slices.Contains(ids, r.Check) {
			t.Errorf("%s:%d: %s is not a registered check (assess.Checks())", peers.ReferencesFile, r.Line, r.Check)
		}
		for _, id := range r.SecurityHub {
			if !peers.ValidSecurityHubID(id) {
				t.Errorf("%s:%d: %q is not of the form Service.N", peers.ReferencesFile, r.Line, id)
			}
		}
	}
}
