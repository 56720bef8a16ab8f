package assess

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/inventory"
)

// The S3 buckets the services use: the buckets their task roles' policies
// grant actions on (estate.Service.UsedResources), read in the region each
// lives in (inventory.Bucket). A bucket the snapshot does not hold, or holds
// with a failed read, is unknown: never a pass.

// bucketUse is one bucket of one account and the services that use it.
type bucketUse struct {
	account, name string
	bucket        *inventory.Bucket // nil when not read
	// accountBlock is the account's S3 Block Public Access; nil when it
	// was not read.
	accountBlock *inventory.S3AccountBlock
	users        []string // "cluster/service", sorted
}

// resource is the bucket's ARN.
func (u bucketUse) resource() string { return "arn:aws:s3:::" + u.name }

// label names the bucket and its users for messages.
func (u bucketUse) label() string {
	return fmt.Sprintf("bucket %s (account %s), used by %s,", u.name, u.account, listUpTo(u.users, 5))
}

// read reports whether the bucket was read whole.
func (u bucketUse) read() bool { return u.bucket != nil && len(u.bucket.Gaps) == 0 }

// usedBuckets lists the buckets the services of the assessed estate use,
// sorted by account and name. A bucket kept in several regions (its
// location could not be read) counts as read only where it was read whole.
func usedBuckets(in *Input) []bucketUse {
	idx := map[string]int{}
	var out []bucketUse
	for _, s := range in.Estate.Services() {
		for _, ref := range s.UsedResources() {
			if ref.Kind != estate.KindS3 || ref.Region != "" || strings.ContainsAny(ref.Name, "*?") {
				continue
			}
			key := s.AccountID() + "/" + ref.Name
			i, ok := idx[key]
			if !ok {
				i = len(out)
				idx[key] = i
				u := bucketUse{account: s.AccountID(), name: ref.Name, bucket: findBucket(s.Region.Account, ref.Name)}
				if s.Region.Account != nil {
					u.accountBlock = s.Region.Account.S3PublicAccessBlock
				}
				out = append(out, u)
			}
			out[i].users = append(out[i].users, s.ClusterName()+"/"+s.Name())
		}
	}
	for i := range out {
		slices.Sort(out[i].users)
		out[i].users = slices.Compact(out[i].users)
	}
	slices.SortFunc(out, func(a, b bucketUse) int {
		return cmp.Or(cmp.Compare(a.account, b.account), cmp.Compare(a.name, b.name))
	})
	return out
}

// findBucket returns the account's record of a bucket, one read whole
// first.
func findBucket(acct *inventory.Account, name string) *inventory.Bucket {
	if acct == nil {
		return nil
	}
	var found *inventory.Bucket
	for ri := range acct.Regions {
		for bi := range acct.Regions[ri].Buckets {
			b := &acct.Regions[ri].Buckets[bi]
			if b.Name == name && (found == nil || len(b.Gaps) == 0) {
				found = b
			}
		}
	}
	return found
}

// bucketUnknown is the finding for a bucket that was not read whole.
func bucketUnknown(u bucketUse, what, ev string) Finding {
	why := "was not read (its region was not scanned, or the snapshot predates the read)"
	if u.bucket != nil {
		why = "was not fully read (" + strings.Join(u.bucket.Gaps, "; ") + ")"
	}
	return Finding{Outcome: Info, Resource: u.resource(), Evidence: ev,
		Message: fmt.Sprintf("%s %s: %s is unknown", u.label(), why, what)}
}

// checkS3AtRest judges the default encryption of the buckets the services
// use (NETSEC-002: "by default enable the native encryption features in an
// AWS service that stores data").
func checkS3AtRest(in *Input) []Finding {
	const ev = "s3:GetBucketEncryption ServerSideEncryptionConfiguration.Rules[].ApplyServerSideEncryptionByDefault (SSEAlgorithm, KMSMasterKeyID); iam task role policies (Resource)"
	var fs []Finding
	ps := &wlPasses{evidence: ev, summary: "S3 buckets the services use are encrypted at rest by default"}
	for _, u := range usedBuckets(in) {
		if !u.read() {
			fs = append(fs, bucketUnknown(u, "its default encryption", ev))
			continue
		}
		if u.bucket.Encryption == "" {
			fs = append(fs, Finding{Outcome: Fail, Resource: u.resource(), Evidence: ev,
				Message:     u.label() + " has no default encryption configured",
				Remediation: "aws s3api put-bucket-encryption --bucket " + u.name + ` --server-side-encryption-configuration '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"<customer managed key>"},"BucketKeyEnabled":true}]}'`})
			continue
		}
		ps.add(u.resource(), fmt.Sprintf("%s is encrypted at rest by default with %s", u.label(), bucketEncryptionKind(u.bucket)))
	}
	return append(fs, ps.findings()...)
}

// bucketEncryptionKind names a bucket's default encryption and its key.
func bucketEncryptionKind(b *inventory.Bucket) string {
	key := "the AWS managed key aws/s3"
	if !awsManagedKey(b.KMSKey) {
		key = "KMS key " + inventory.ShortName(b.KMSKey)
	}
	switch b.Encryption {
	case "AES256":
		return "SSE-S3 (S3 managed keys)"
	case "aws:kms":
		return "SSE-KMS, " + key
	case "aws:kms:dsse":
		return "DSSE-KMS, " + key
	}
	return b.Encryption
}

// checkS3CustomerKey warns on a bucket the services use whose default
// encryption is not a customer managed KMS key (NETSEC-002: keys managed in
// a dedicated key management solution; a warning, as for ECR: the data is
// encrypted either way).
func checkS3CustomerKey(in *Input) []Finding {
	const ev = "s3:GetBucketEncryption ServerSideEncryptionConfiguration.Rules[].ApplyServerSideEncryptionByDefault (SSEAlgorithm, KMSMasterKeyID)"
	var fs []Finding
	ps := &wlPasses{evidence: ev, summary: "S3 buckets the services use are encrypted with customer managed KMS keys"}
	for _, u := range usedBuckets(in) {
		switch {
		case !u.read():
			fs = append(fs, bucketUnknown(u, "its encryption key", ev))
			continue
		case u.bucket.Encryption == "":
			continue // failed by NETSEC-002.s3-at-rest
		}
		kms := strings.HasPrefix(u.bucket.Encryption, "aws:kms") && !awsManagedKey(u.bucket.KMSKey)
		switch manager := keyManager(in, u.account, u.bucket.Region, u.bucket.KMSKey); {
		case kms && manager == "CUSTOMER":
			ps.add(u.resource(), fmt.Sprintf("%s is encrypted with customer managed KMS key %s", u.label(), inventory.ShortName(u.bucket.KMSKey)))
		case kms && manager == "":
			fs = append(fs, Finding{Outcome: Info, Resource: u.resource(), Evidence: ev + "; kms:DescribeKey KeyManager",
				Message: fmt.Sprintf("%s is encrypted with KMS key %s, which was not described (kms:DescribeKey): whether AWS or the customer manages it is unknown", u.label(), inventory.ShortName(u.bucket.KMSKey))})
		default:
			kind := bucketEncryptionKind(u.bucket)
			if kms {
				kind += " (AWS managed, as kms:DescribeKey says)"
			}
			fs = append(fs, Finding{Outcome: Warn, Resource: u.resource(), Evidence: ev,
				Message:     fmt.Sprintf("%s is encrypted with %s: its key policy, rotation and use are not the customer's to control or audit", u.label(), kind),
				Remediation: "set SSE-KMS with a customer managed key as the bucket's default (aws s3api put-bucket-encryption --bucket " + u.name + "); objects already stored keep their key until copied over themselves"})
		}
	}
	return append(fs, ps.findings()...)
}

// checkS3TLSOnly warns on a bucket the services use whose policy does not
// deny requests without TLS (NETSEC-002: encryption in transit; Security
// Hub S3.5). A warning: S3 also serves plain HTTP, and the AWS SDKs use
// HTTPS unless told otherwise.
func checkS3TLSOnly(in *Input) []Finding {
	const ev = "s3:GetBucketPolicy (a Deny of s3:* to every principal when aws:SecureTransport is false; the policy itself is not kept)"
	var fs []Finding
	ps := &wlPasses{evidence: ev, summary: "S3 buckets the services use deny requests without TLS"}
	for _, u := range usedBuckets(in) {
		switch {
		case !u.read():
			fs = append(fs, bucketUnknown(u, "whether its policy denies requests without TLS", ev))
		case u.bucket.DeniesInsecureTransport:
			ps.add(u.resource(), u.label()+" has a bucket policy that denies requests without TLS")
		default:
			how := "has no bucket policy"
			if u.bucket.HasPolicy {
				how = "has a bucket policy that does not deny requests without TLS"
			}
			fs = append(fs, Finding{Outcome: Warn, Resource: u.resource(), Evidence: ev,
				Message: u.label() + " " + how + ": S3 accepts its requests over plain HTTP (Security Hub S3.5)",
				Remediation: `add to the bucket policy {"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::` +
					u.name + `","arn:aws:s3:::` + u.name + `/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}`})
		}
	}
	return append(fs, ps.findings()...)
}

// checkS3PublicAccess warns on a bucket the services use that neither its
// own public access block nor its account's keeps from the public
// (NETSEC-001: restrict traffic between the internet and the workload;
// Security Hub S3.8). AWS applies the stricter of the two, so either one
// fully on passes. A warning: a bucket policy or ACL must still grant
// public access for the data to be public. An account block that was not
// read is unknown: the bucket then warns saying so, as it cannot pass on it.
func checkS3PublicAccess(in *Input) []Finding {
	const ev = "s3:GetPublicAccessBlock of the bucket and s3control:GetPublicAccessBlock of its account (BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets)"
	var fs []Finding
	ps := &wlPasses{evidence: ev, summary: "S3 buckets the services use block all public access"}
	for _, u := range usedBuckets(in) {
		acct := u.accountBlock
		switch {
		case !u.read():
			fs = append(fs, bucketUnknown(u, "its public access block", ev))
		case u.bucket.PublicAccessBlocked:
			ps.add(u.resource(), u.label()+" blocks all public access at bucket level")
		case accountBlockKnown(acct) && len(accountBlockOff(acct)) == 0:
			ps.add(u.resource(), fmt.Sprintf("%s blocks all public access through the public access block of account %s (all four settings on; the bucket's own block is not fully on)", u.label(), u.account))
		default:
			fs = append(fs, Finding{Outcome: Warn, Resource: u.resource(), Evidence: ev,
				Message: u.label() + " does not have all four settings of its own public access block on, and " + accountBlockState(u.account, acct) +
					": a bucket policy or ACL could make its objects public (Security Hub S3.8)",
				Remediation: "aws s3api put-public-access-block --bucket " + u.name + " --public-access-block-configuration " + allFourOn +
					"; or, for every bucket of the account: aws s3control put-public-access-block --account-id " + u.account + " --public-access-block-configuration " + allFourOn})
		}
	}
	return append(fs, ps.findings()...)
}

// allFourOn is the public access block configuration with every setting on,
// as the aws CLI takes it.
const allFourOn = "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true"

// accountBlockKnown reports whether the account's public access block was
// read whole.
func accountBlockKnown(b *inventory.S3AccountBlock) bool { return b != nil && len(b.Gaps) == 0 }

// accountBlockOff names the settings of a read account block that are off.
func accountBlockOff(b *inventory.S3AccountBlock) []string {
	var off []string
	for _, s := range []struct {
		name string
		on   bool
	}{{"BlockPublicAcls", b.BlockPublicAcls}, {"IgnorePublicAcls", b.IgnorePublicAcls},
		{"BlockPublicPolicy", b.BlockPublicPolicy}, {"RestrictPublicBuckets", b.RestrictPublicBuckets}} {
		if !s.on {
			off = append(off, s.name)
		}
	}
	return off
}

// accountBlockState says what the account's public access block leaves
// open, or why it is unknown, for a bucket whose own block is not fully on.
func accountBlockState(account string, b *inventory.S3AccountBlock) string {
	switch {
	case b == nil:
		return "the public access block of account " + account + " is unknown (it was not read: the snapshot predates the read, or S3 Control was not collected)"
	case len(b.Gaps) > 0:
		return "the public access block of account " + account + " is unknown (its read failed: " + strings.Join(b.Gaps, "; ") + ")"
	}
	off := accountBlockOff(b)
	if len(off) == 4 {
		return "account " + account + " has no public access block on"
	}
	return "the public access block of account " + account + " has " + strings.Join(off, " and ") + " off"
}
