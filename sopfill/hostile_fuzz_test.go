package sopfill

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/cost"
	"github.com/ecspack/ecspack/evidence"
)

// TestCasefileTextIsNeverExecuted puts template actions into every piece of
// casefile text the SOP templates show (names, titles, summaries, business
// value, contacts, tenants, external systems) and checks that they come out
// as written: an executed action would print PWNED without its quotes, or
// fail on the undefined template.
func TestCasefileTextIsNeverExecuted(t *testing.T) {
	cf, _, err := evidence.Load(filepath.Join("..", "samples", "harbor"))
	if err != nil {
		t.Fatalf("load sample: %v", err)
	}
	const payload = `{{ printf "%s" "PWNED" }} {{ template "nope" }} {{ .Partner.Name }}`
	cf.Partner.Name += payload
	cf.Partner.LegalName += payload
	for i := range cf.Partner.Contacts {
		cf.Partner.Contacts[i].Name += payload
	}
	prices, err := cost.EmbeddedPrices()
	if err != nil {
		t.Fatal(err)
	}
	for _, cs := range cf.CaseStudies {
		cs.Title += payload
		cs.Customer.Name += payload
		cs.Customer.LegalEntity += payload
		cs.Summary.Problem += payload
		cs.Summary.Solution += payload
		cs.Summary.Outcome += payload
		cs.Cost.BusinessValue += payload
		for i := range cs.Contacts {
			cs.Contacts[i].Name += payload
		}
		for i := range cs.Tenants {
			cs.Tenants[i].Name += payload
		}
		for i := range cs.External {
			cs.External[i].Name += payload
		}
		model, err := cost.Estimate(cs, prices, cost.Options{})
		if err != nil {
			t.Fatal(err)
		}
		docs, err := Render(context.Background(), cf, cs, Options{Cost: model})
		if err != nil {
			t.Fatalf("%s: %v", cs.ID, err)
		}
		rb, err := Runbook(context.Background(), cf, cs, Options{Cost: model})
		if err != nil {
			t.Fatalf("%s runbook: %v", cs.ID, err)
		}
		var all strings.Builder
		for _, d := range docs {
			all.Write(d.Markdown)
		}
		all.Write(rb)
		out := all.String()
		shown := strings.Count(out, `"PWNED"`)
		if shown == 0 {
			t.Fatalf("%s: no casefile text with the payload reached the documents", cs.ID)
		}
		if bare := strings.Count(out, "PWNED"); bare != shown {
			t.Errorf("%s: %d PWNED without quotes: casefile text was executed as a template", cs.ID, bare-shown)
		}
		if n := strings.Count(out, `{{ template "nope" }}`); n == 0 {
			t.Errorf("%s: the template action does not appear literally", cs.ID)
		}
	}
}
