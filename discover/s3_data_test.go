package discover

import (
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

func TestAddBucketPolicyFindsTheTLSDeny(t *testing.T) {
	const tls = `{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}`
	for _, tc := range []struct {
		name, doc    string
		denies, gaps bool
	}{
		{"the documented statement", `{"Statement":[` + tls + `]}`, true, false},
		{"one statement, not a list", `{"Statement":` + tls + `}`, true, false},
		{"principal AWS *, BoolIfExists, a list of false", `{"Statement":{"Effect":"Deny","Principal":{"AWS":"*"},"Action":["s3:*"],"Resource":"arn:aws:s3:::b/*","Condition":{"BoolIfExists":{"aws:SecureTransport":["false"]}}}}`, true, false},
		{"URL-encoded", `%7B%22Statement%22%3A` + `{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"Bool":{"aws:securetransport":false}}}` + `%7D`, true, false},
		{"an Allow is no deny", `{"Statement":{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}}`, false, false},
		{"only GetObject denied", `{"Statement":{"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}}`, false, false},
		{"the bucket only, not its objects", `{"Statement":{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b","Condition":{"Bool":{"aws:SecureTransport":"false"}}}}`, false, false},
		{"one principal only", `{"Statement":{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:*","Resource":"arn:aws:s3:::b/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}}`, false, false},
		{"SecureTransport true", `{"Statement":{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b/*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}}`, false, false},
		{"another bucket's objects", `{"Statement":{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::other/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}}`, false, false},
		{"not a document", `{`, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bk := inventory.Bucket{Name: "b"}
			addBucketPolicy(&bk, tc.doc)
			if !bk.HasPolicy || bk.DeniesInsecureTransport != tc.denies || (len(bk.Gaps) > 0) != tc.gaps {
				t.Errorf("got %+v, want denies %v, gaps %v", bk, tc.denies, tc.gaps)
			}
		})
	}
}
