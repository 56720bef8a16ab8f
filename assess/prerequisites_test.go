package assess

import (
	"strings"
	"testing"
	"time"

	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/inventory"
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

func TestNormalizeLegalEntity(t *testing.T) {
	for _, c := range []struct{ a, b string }{
		{"Acme Ltd", "ACME Limited"},
		{"Acme, Inc.", "acme"},
		{"Contoso Health AB", "Contoso Health (publ) AB"},
		{"Müller GmbH & Co. KG", "MÜLLER GMBH"},
		{"Northwind Freight LLC", "Northwind  Freight, L.L.C."},
		{"The Fabrikam Company", "Fabrikam Co."},
		{"O'Brien Pty Ltd", "OBrien"},
	} {
		if na, nb := normalizeLegalEntity(c.a), normalizeLegalEntity(c.b); na != nb || na == "" {
			t.Errorf("%q → %q and %q → %q: want one entity", c.a, na, c.b, nb)
		}
	}
	for _, c := range []struct{ a, b string }{
		{"Acme Ltd", "Acme Logistics Ltd"},
		{"Northwind Freight", "Northwind Health"},
		{"AB", "Inc"},
	} {
		if na, nb := normalizeLegalEntity(c.a), normalizeLegalEntity(c.b); na == nb {
			t.Errorf("%q and %q both normalise to %q: want two entities", c.a, c.b, na)
		}
	}
}

// TestCaseStudiesMustBeDistinct: two case studies for one legal entity
// (however it is written) or sharing an AWS account fail 2.1, naming both;
// distinct ones pass.
func TestCaseStudiesMustBeDistinct(t *testing.T) {
	pkg := evidence.Date{Time: time.Date(2026, 10, 30, 0, 0, 0, 0, time.UTC)}
	prod := evidence.Date{Time: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)}
	cs := func(id, entity, declared, inInventory string) *evidence.CaseStudy {
		c := &evidence.CaseStudy{ID: id, Stage: "production", ProductionDate: prod,
			Customer: evidence.Customer{Name: entity, LegalEntity: entity},
			Accounts: []evidence.AccountRef{{ID: declared}}}
		if inInventory != "" {
			c.Inventory = &inventory.Snapshot{SchemaVersion: inventory.SchemaVersion, Accounts: []inventory.Account{{ID: inInventory}}}
		}
		return c
	}
	for _, c := range []struct {
		name  string
		a, b  *evidence.CaseStudy
		check string
		want  []string
	}{
		{"distinct", cs("alpha", "Alpha Ltd", "111111111111", "111111111111"), cs("beta", "Beta AB", "222222222222", "222222222222"), "", nil},
		{"one legal entity, written twice", cs("alpha", "Acme Ltd", "111111111111", ""), cs("beta", "ACME Limited", "222222222222", ""),
			"2.1.distinct-customers", []string{"alpha", "beta", `"Acme Ltd"`, `"ACME Limited"`}},
		{"an account shared in the inventories", cs("alpha", "Alpha Ltd", "111111111111", "333333333333"), cs("beta", "Beta AB", "222222222222", "333333333333"),
			"2.1.distinct-accounts", []string{"alpha", "beta", "333333333333"}},
		{"an account shared in case.yaml", cs("alpha", "Alpha Ltd", "444444444444", ""), cs("beta", "Beta AB", "444444444444", ""),
			"2.1.distinct-accounts", []string{"alpha", "beta", "444444444444"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			cf := &evidence.Casefile{Package: evidence.PackageInfo{Date: pkg}, CaseStudies: []*evidence.CaseStudy{c.a, c.b}}
			var fails, passes []Finding
			for _, f := range caseStudies(cf) {
				if !strings.HasPrefix(f.Check, "2.1.distinct") {
					continue
				}
				switch f.Outcome {
				case Fail:
					fails = append(fails, f)
				case Pass:
					passes = append(passes, f)
				}
			}
			if c.check == "" {
				if len(fails) > 0 || len(passes) != 1 {
					t.Errorf("distinct case studies: fails %v, passes %v; want one pass", fails, passes)
				}
				return
			}
			if len(fails) != 1 || fails[0].Check != c.check || len(passes) > 0 {
				t.Fatalf("got fails %v and passes %v, want one %s failure", fails, passes, c.check)
			}
			for _, w := range c.want {
				if !strings.Contains(fails[0].Message, w) {
					t.Errorf("message %q does not name %s", fails[0].Message, w)
				}
			}
		})
	}
}
