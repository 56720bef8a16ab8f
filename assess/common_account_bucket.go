package assess

import (
	"fmt"
	"strings"

	"github.com/ecspack/ecspack/inventory"
)

// checkTrailBucket judges, for each trail of each account, whether the S3
// bucket it delivers to protects the logs as ACCT-001 asks ("protect
// CloudTrail logs from accidental deletion with a dedicated S3 bucket"):
// versioning or Object Lock keeps a deleted or overwritten log file
// recoverable, and a bucket that blocks public access cannot be opened to
// the world by a stray policy or ACL. A bucket whose reads failed, or that
// was not read, is unknown, never a pass.
func checkTrailBucket(in *Input) []Finding {
	const ev = "cloudtrail:DescribeTrails S3BucketName; s3:GetBucketVersioning, GetObjectLockConfiguration, GetPublicAccessBlock"
	var fs []Finding
	for ai := range in.Snapshot.Accounts {
		for _, t := range trailsWithBuckets(&in.Snapshot.Accounts[ai]) {
			if t.S3Bucket != "" {
				fs = append(fs, trailBucketFinding(t, ev))
			}
		}
	}
	return fs
}

// trailsWithBuckets is accountTrails preferring, of a trail's copies in
// several regions, the one whose bucket was read (its home region's).
func trailsWithBuckets(a *inventory.Account) []inventory.Trail {
	out := accountTrails(a)
	for i := range out {
		for _, r := range a.Regions {
			for _, t := range r.Trails {
				if t.ARN == out[i].ARN && t.Name == out[i].Name && out[i].Bucket == nil && t.Bucket != nil {
					out[i] = t
				}
			}
		}
	}
	return out
}

// trailBucketFinding judges one trail's bucket.
func trailBucketFinding(t inventory.Trail, ev string) Finding {
	res := "arn:aws:s3:::" + t.S3Bucket
	what := "S3 bucket " + t.S3Bucket + " of trail " + t.Name
	b := t.Bucket
	switch {
	case b == nil:
		return Finding{Outcome: Info, Resource: res, Evidence: ev,
			Message: "the protection of " + what + " was not read (its home region " + t.HomeRegion + " was not collected, or the snapshot predates the read): whether its logs are protected from deletion is unknown"}
	case len(b.Gaps) > 0:
		return Finding{Outcome: Info, Resource: res, Evidence: ev,
			Message: "the protection of " + what + " could not be read (" + strings.Join(b.Gaps, "; ") + "): whether its logs are protected from deletion is unknown; a bucket in a log archive account needs that account's answer"}
	}
	var kept []string
	if b.ObjectLock {
		lock := "Object Lock"
		if b.ObjectLockMode != "" {
			lock = fmt.Sprintf("Object Lock (%s, %d days)", b.ObjectLockMode, b.ObjectLockDays)
		}
		kept = append(kept, lock)
	}
	if b.Versioning == "Enabled" {
		v := "versioning"
		if b.MFADelete {
			v += " with MFA delete"
		}
		kept = append(kept, v)
	}
	switch {
	case len(kept) == 0:
		return Finding{Outcome: Fail, Resource: res, Evidence: ev,
			Message:     what + " has neither versioning nor Object Lock: a deleted or overwritten log file is gone for good",
			Remediation: "aws s3api put-bucket-versioning --bucket " + t.S3Bucket + " --versioning-configuration Status=Enabled (and a lifecycle rule expiring old versions); for tamper-proof logs use a bucket created with Object Lock in a log archive account"}
	case !b.PublicAccessBlocked:
		return Finding{Outcome: Warn, Resource: res, Evidence: ev,
			Message:     what + " keeps deleted logs (" + strings.Join(kept, ", ") + ") but does not block all public access: one stray bucket policy or ACL would expose the account's API history",
			Remediation: "aws s3api put-public-access-block --bucket " + t.S3Bucket + " --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true"}
	}
	return Finding{Outcome: Pass, Resource: res, Evidence: ev,
		Message: what + " keeps deleted or overwritten logs (" + strings.Join(kept, ", ") + ") and blocks all public access"}
}
