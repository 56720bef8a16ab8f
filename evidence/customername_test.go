package evidence

import "testing"

func TestCustomerName(t *testing.T) {
	named := Customer{Name: "Acme Retail GmbH", PublicName: "a European retailer"}
	tests := []struct {
		name           string
		customer       Customer
		caseRedact     bool
		casefile       *Casefile
		want           string
		wantAnonymised bool
	}{
		{"named", named, false, &Casefile{}, "Acme Retail GmbH", false},
		{"nil casefile", named, false, nil, "Acme Retail GmbH", false},
		{"case study redacted", named, true, &Casefile{}, "a European retailer", true},
		{"casefile redacted", named, false, &Casefile{Redact: true}, "a European retailer", true},
		{"redacted without a public name", Customer{Name: "Acme"}, true, nil, "", true},
		{"only a public name", Customer{PublicName: "a retailer"}, false, nil, "a retailer", false},
		{"no name at all", Customer{}, false, nil, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs := &CaseStudy{Customer: tt.customer, Redact: tt.caseRedact}
			if got := cs.CustomerName(tt.casefile); got != tt.want {
				t.Errorf("CustomerName = %q, want %q", got, tt.want)
			}
			if got := cs.Anonymised(tt.casefile); got != tt.wantAnonymised {
				t.Errorf("Anonymised = %v, want %v", got, tt.wantAnonymised)
			}
		})
	}
}
