package discover

import (
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

func TestAccessPolicyFacts(t *testing.T) {
	const tls = `{"Effect":"Deny","Principal":"*","Action":"sqs:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}`
	for _, tc := range []struct {
		name, doc string
		want      *inventory.AccessPolicyFacts
	}{
		{"no policy", "", nil},
		{"TLS-only deny", `{"Statement":[` + tls + `]}`, &inventory.AccessPolicyFacts{DeniesInsecureTransport: true}},
		{"TLS-only deny, AWS star, boolean value, one statement", `{"Statement":{"Effect":"Deny","Principal":{"AWS":"*"},"Action":"sns:Publish","Condition":{"bool":{"AWS:SecureTransport":false}}}}`,
			&inventory.AccessPolicyFacts{DeniesInsecureTransport: true}},
		{"a TLS deny of one management action does not cover the messages", `{"Statement":[{"Effect":"Deny","Principal":"*","Action":"sqs:DeleteQueue","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`,
			&inventory.AccessPolicyFacts{}},
		{"a TLS deny under BoolIfExists", `{"Statement":[{"Effect":"Deny","Principal":"*","Action":"*","Condition":{"BoolIfExists":{"aws:SecureTransport":"false"}}}]}`,
			&inventory.AccessPolicyFacts{DeniesInsecureTransport: true}},
		{"a deny on true is no TLS rule", `{"Statement":[{"Effect":"Deny","Principal":"*","Action":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}`,
			&inventory.AccessPolicyFacts{}},
		{"anyone, no condition", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"*"}]}`,
			&inventory.AccessPolicyFacts{AllowsAnyone: true}},
		{"anyone as AWS list", `{"Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:root","*"]},"Action":"sqs:*"},` + tls + `]}`,
			&inventory.AccessPolicyFacts{AllowsAnyone: true, DeniesInsecureTransport: true}},
		{"anyone with a source condition is not public", `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"SNS:Publish","Condition":{"StringEquals":{"AWS:SourceOwner":"111122223333"}}}]}`,
			&inventory.AccessPolicyFacts{}},
		{"an account principal is not public", `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sqs:*"}]}`,
			&inventory.AccessPolicyFacts{}},
		{"unreadable", `{"Statement":`, &inventory.AccessPolicyFacts{Unreadable: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := accessPolicyFacts(tc.doc)
			if (got == nil) != (tc.want == nil) || (got != nil && *got != *tc.want) {
				t.Errorf("accessPolicyFacts = %+v, want %+v", got, tc.want)
			}
		})
	}
}
