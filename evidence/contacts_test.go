package evidence_test

import (
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/evidence"
)

// TestContactEscalationFields loads contacts with the escalation matrix's
// optional fields: good values are kept, each bad one is a problem naming
// the file, the line of the value and what was expected.
func TestContactEscalationFields(t *testing.T) {
	const partner = "  contacts:\n    - name: On Call\n      hours: Mon–Fri 08:00–17:00 CET\n      phone_24x7: \"+46 8 5550 1900\"\n      escalation_level: 2\n"
	for _, tt := range []struct {
		name, file, yaml string
		line             int // 0: loads without a problem
		msg              string
	}{
		{name: "valid partner contact", file: "ecspack.yaml", yaml: partner},
		{name: "valid case-study contact", file: "cs-a/case.yaml", yaml: "contacts:\n  - name: Ops\n    escalation_level: 1\n    hours: 24x7\n"},
		{name: "level too high", file: "ecspack.yaml", yaml: strings.Replace(partner, "level: 2", "level: 4", 1),
			line: 14, msg: "partner.contacts[0].escalation_level 4: expected 1 (called first), 2 or 3"},
		{name: "negative level", file: "cs-a/case.yaml", yaml: "contacts:\n  - name: Ops\n  - name: Lead\n    escalation_level: -1\n",
			line: 13, msg: "contacts[1].escalation_level -1: expected 1"},
		{name: "level not a number", file: "cs-a/case.yaml", yaml: "contacts:\n  - name: Ops\n    escalation_level: first\n",
			line: 12, msg: "first"},
		{name: "24x7 number with letters", file: "ecspack.yaml", yaml: strings.Replace(partner, `"+46 8 5550 1900"`, "call the NOC", 1),
			line: 13, msg: `partner.contacts[0].phone_24x7 "call the NOC": expected a phone number`},
		{name: "24x7 number too short", file: "cs-a/case.yaml", yaml: "contacts:\n  - name: Ops\n    phone_24x7: \"112\"\n    escalation_level: 1\n",
			line: 12, msg: `contacts[0].phone_24x7 "112": expected a phone number`},
		{name: "hours on two lines", file: "cs-a/case.yaml", yaml: "contacts:\n  - name: Ops\n    hours: |\n      Mon–Fri\n      08:00–17:00\n",
			line: 12, msg: "contacts[0].hours: expected one line"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyMinimal(t)
			if tt.file == "ecspack.yaml" {
				// The contacts go under partner:, whose last line is 10.
				replace(t, dir, tt.file, "  program_guidelines_read: true\n", "  program_guidelines_read: true\n"+tt.yaml)
			} else {
				appendTo(t, dir, tt.file, tt.yaml)
			}
			cf, _, err := evidence.Load(dir)
			if tt.line == 0 {
				if err != nil {
					t.Fatalf("Load: %v", err)
				}
				all := append(slices.Clone(cf.Partner.Contacts), cf.CaseStudies[0].Contacts...)
				if len(all) != 1 || all[0].EscalationLevel == 0 || all[0].Hours == "" {
					t.Errorf("contacts = %+v, want one with its level and hours", all)
				}
				return
			}
			var ee *evidence.Error
			if !errors.As(err, &ee) {
				t.Fatalf("Load: %v, want *evidence.Error", err)
			}
			want := filepath.Join(dir, filepath.FromSlash(tt.file))
			if !slices.ContainsFunc(ee.Problems, func(p evidence.Problem) bool {
				return p.File == want && p.Line == tt.line && strings.Contains(p.Msg, tt.msg)
			}) {
				t.Errorf("no problem %s:%d containing %q; got:\n%v", tt.file, tt.line, tt.msg, err)
			}
		})
	}
}
