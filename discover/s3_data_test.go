package discover

import (
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/s3"

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

func TestImportedBucketFailuresAreAnswersOrGaps(t *testing.T) {
	b := newBuilder("eu-west-1")
	// A trail bucket's location and public access block are no data bucket.
	b.importBucketLocation("trail-logs", &s3.GetBucketLocationOutput{LocationConstraint: "eu-west-1"})
	markDataBucketImportFailure(b, Operation{"s3", "GetPublicAccessBlock"}, "trail-logs", "NoSuchPublicAccessBlockConfiguration", "s3 GetPublicAccessBlock: NoSuchPublicAccessBlockConfiguration")
	// A data bucket with no default encryption and no policy: answers.
	for _, op := range []struct{ name, msg string }{
		{"GetBucketEncryption", "An error occurred (ServerSideEncryptionConfigurationNotFoundError) when calling the GetBucketEncryption operation"},
		{"GetBucketPolicy", "An error occurred (NoSuchBucketPolicy) when calling the GetBucketPolicy operation"},
	} {
		if !markDataBucketImportFailure(b, Operation{"s3", op.name}, "plain", op.msg, "s3 "+op.name+": x") {
			t.Errorf("%s %q is not an answer", op.name, op.msg)
		}
	}
	// A denied read is a gap.
	if markDataBucketImportFailure(b, Operation{"s3", "GetBucketPolicy"}, "denied", "AccessDenied", "s3 GetBucketPolicy: AccessDenied") {
		t.Error("AccessDenied is an answer")
	}
	got := b.finish().Buckets
	want := []inventory.Bucket{{Name: "denied", Gaps: []string{"s3 GetBucketPolicy: AccessDenied"}}, {Name: "plain"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("buckets = %+v, want %+v", got, want)
	}
}
