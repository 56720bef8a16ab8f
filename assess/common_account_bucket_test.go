package assess

import (
	"strings"
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

func TestTrailBucket(t *testing.T) {
	const id, res = "ACCT-001.trail-bucket", "arn:aws:s3:::ct-logs"
	trail := inventory.Trail{ARN: "arn:aws:cloudtrail:eu-west-1:" + fxAcct + ":trail/main", Name: "main", HomeRegion: "eu-west-1", MultiRegion: true,
		S3Bucket: "ct-logs", IsLogging: fxBool(true)}
	with := func(b *inventory.BucketProtection) inventory.Trail { x := trail; x.Bucket = b; return x }
	for _, tc := range []struct {
		name    string
		home    inventory.Trail
		want    Outcome
		message string
	}{
		{"versioned and private passes", with(&inventory.BucketProtection{Versioning: "Enabled", PublicAccessBlocked: true}), Pass, "versioning"},
		{"Object Lock names mode and days", with(&inventory.BucketProtection{ObjectLock: true, ObjectLockMode: "COMPLIANCE", ObjectLockDays: 365, Versioning: "Enabled", PublicAccessBlocked: true}), Pass, "COMPLIANCE, 365 days"},
		{"versioning suspended fails", with(&inventory.BucketProtection{Versioning: "Suspended", PublicAccessBlocked: true}), Fail, "neither versioning nor Object Lock"},
		{"never versioned fails", with(&inventory.BucketProtection{PublicAccessBlocked: true}), Fail, "gone for good"},
		{"public access not blocked warns", with(&inventory.BucketProtection{Versioning: "Enabled"}), Warn, "does not block all public access"},
		{"a failed read is unknown", with(&inventory.BucketProtection{Versioning: "Enabled", PublicAccessBlocked: true, Gaps: []string{"s3 GetObjectLockConfiguration: AccessDenied"}}), Info, "could not be read"},
		{"not read is unknown", trail, Info, "was not read"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := fxWeb()
			r.Trails = []inventory.Trail{tc.home}
			r2 := fxRegion("us-east-1")
			r2.Trails = []inventory.Trail{trail} // the shadow copy: bucket not read there
			fs := fxRunCheck(t, fxInput(fxSnap(r2, r)), id)
			if len(fs) != 1 || fs[0].Outcome != tc.want || fs[0].Resource != res || !strings.Contains(fs[0].Message, tc.message) {
				t.Fatalf("want one %s on %s containing %q, got:\n%s", tc.want, res, tc.message, fxDump(fs))
			}
			if (fs[0].Outcome == Fail || fs[0].Outcome == Warn) && fs[0].Remediation == "" {
				t.Errorf("no remediation: %+v", fs[0])
			}
		})
	}
}
