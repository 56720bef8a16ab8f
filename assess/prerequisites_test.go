package assess

import (
	"strings"
	"testing"
	"time"

	"github.com/ecspack/ecspack/discover/inventory"
	"github.com/ecspack/ecspack/evidence"
)

func TestCaseStudyAccountsWithoutInventory(t *testing.T) {
	pkg := evidence.Date{Time: time.Date(2026, 10, 30, 0, 0, 0, 0, time.UTC)}
	prod := evidence.Date{Time: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)}
	snap := &inventory.Snapshot{SchemaVersion: inventory.SchemaVersion, Accounts: []inventory.Account{{ID: "111122223333"}}}
	cs := &evidence.CaseStudy{ID: "a", Stage: "production", ProductionDate: prod, Inventory: snap,
		Customer: evidence.Customer{LegalEntity: "A Ltd"},
		Accounts: []evidence.AccountRef{{ID: "111122223333", Purpose: "production"}, {ID: "444455556666", Purpose: "shared services"}}}
	cf := &evidence.Casefile{Package: evidence.PackageInfo{Date: pkg}, CaseStudies: []*evidence.CaseStudy{cs}}
	var warned, clean int
	for _, f := range caseStudies(cf) {
		if f.Check != "2.1.accounts" {
			continue
		}
		if f.Outcome == Warn && contains(f.Message, "444455556666") {
			warned++
		}
		if contains(f.Message, "111122223333") {
			clean++
		}
	}
	if warned != 1 || clean != 0 {
		t.Errorf("want one warning for the uncovered account and none for the covered one; got %d and %d", warned, clean)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
