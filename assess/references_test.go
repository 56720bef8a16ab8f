package assess

import (
	"maps"
	"slices"
	"testing"

	"github.com/ecspack/ecspack/catalog/peers"
	"github.com/ecspack/ecspack/internal/testkit/synthcase"
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

// minSecurityHubIDs is how many distinct Security Hub controls the findings
// on a 50-service synthetic estate must name (issue 20's bar).
const minSecurityHubIDs = 30

// TestSynthFindingsReferenceSecurityHub holds that the findings on `synth
// --services 50` carry their checks' peer references, exactly as the table
// gives them, and name at least minSecurityHubIDs Security Hub controls.
func TestSynthFindingsReferenceSecurityHub(t *testing.T) {
	tab, err := peers.Load()
	if err != nil {
		t.Fatal(err)
	}
	cf, cat := synthcase.Casefile(t, 50)
	rep := Evaluate(cf, cat)
	seen := map[string]bool{}
	for _, cr := range rep.CaseStudies {
		for _, c := range cr.Controls {
			for _, f := range c.Findings {
				sh, pr := tab.For(f.Check)
				if !slices.Equal(f.SecurityHub, sh) || !slices.Equal(f.Prowler, pr) {
					t.Fatalf("%s finding carries %v %v, the table gives %v %v", f.Check, f.SecurityHub, f.Prowler, sh, pr)
				}
				for _, id := range f.SecurityHub {
					seen[id] = true
				}
			}
		}
	}
	ids := slices.Sorted(maps.Keys(seen))
	t.Logf("%d distinct Security Hub controls: %v", len(ids), ids)
	if len(ids) < minSecurityHubIDs {
		t.Errorf("the findings name %d distinct Security Hub controls, want at least %d", len(ids), minSecurityHubIDs)
	}
}
