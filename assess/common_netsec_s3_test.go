package assess

import (
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

// The clean estate's task roles reach arn:aws:s3:::orders/* (ecsScopedPolicy).
func withOrders(b inventory.Bucket) func(*inventory.Snapshot) {
	return func(s *inventory.Snapshot) {
		b.Name = "orders"
		ecsReg(s).Buckets = []inventory.Bucket{b}
	}
}

// withAccountBlock sets the account's S3 Block Public Access after mutate.
func withAccountBlock(mutate func(*inventory.Snapshot), b *inventory.S3AccountBlock) func(*inventory.Snapshot) {
	return func(s *inventory.Snapshot) {
		mutate(s)
		s.Accounts[0].S3PublicAccessBlock = b
	}
}

func TestS3BucketChecks(t *testing.T) {
	const res = "arn:aws:s3:::orders"
	const atRest, cmk, tls, pub = "NETSEC-002.s3-at-rest", "NETSEC-002.s3-cmk", "NETSEC-002.s3-tls-only", "NETSEC-001.s3-public-access"
	good := inventory.Bucket{Region: "eu-west-1", Encryption: "aws:kms", KMSKey: "arn:aws:kms:eu-west-1:111122223333:key/k1", HasPolicy: true,
		DeniesInsecureTransport: true, PublicAccessBlocked: true}
	sseS3 := good
	sseS3.Encryption, sseS3.KMSKey = "AES256", ""
	awsKey := good
	awsKey.KMSKey = "arn:aws:kms:eu-west-1:111122223333:alias/aws/s3"
	none := good
	none.Encryption, none.KMSKey = "", ""
	open := good
	open.HasPolicy, open.DeniesInsecureTransport, open.PublicAccessBlocked = false, false, false
	otherPolicy := good
	otherPolicy.DeniesInsecureTransport = false
	gapped := good
	gapped.Gaps = []string{"s3 GetBucketPolicy: AccessDenied"}
	allOn := &inventory.S3AccountBlock{BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true}
	halfOn := &inventory.S3AccountBlock{BlockPublicAcls: true, IgnorePublicAcls: true}
	failedRead := *allOn
	failedRead.Gaps = []string{"s3control GetPublicAccessBlock: AccessDenied"}
	ecsRunTable(t, []string{"NETSEC-001", "NETSEC-002"}, []ecsCase{
		{name: "a customer managed key, TLS only, private passes all four", mutate: withKMSKey(withOrders(good), good.KMSKey, "CUSTOMER", nil), clean: []string{atRest, cmk, tls, pub},
			want: []ecsWant{{Pass, atRest, res, "SSE-KMS, KMS key k1"}, {Pass, cmk, res, "customer managed KMS key k1"},
				{Pass, tls, res, "denies requests without TLS"}, {Pass, pub, res, "blocks all public access"}}},
		{name: "SSE-S3 is encrypted at rest but warns on the key", mutate: withOrders(sseS3),
			want: []ecsWant{{Pass, atRest, res, "SSE-S3"}, {Warn, cmk, res, "SSE-S3 (S3 managed keys)"}}},
		{name: "the AWS managed key warns on the key", mutate: withOrders(awsKey),
			want: []ecsWant{{Pass, atRest, res, "the AWS managed key aws/s3"}, {Warn, cmk, res, "aws/s3"}}},
		{name: "a KMS key not described is unknown, never a pass", mutate: withOrders(good), clean: []string{cmk},
			want: []ecsWant{{Info, cmk, res, "whether AWS or the customer manages it is unknown"}}},
		{name: "a key ARN DescribeKey calls AWS managed warns on the key", mutate: withKMSKey(withOrders(good), good.KMSKey, "AWS", nil),
			want: []ecsWant{{Warn, cmk, res, "KMS key k1 (AWS managed, as kms:DescribeKey says)"}}},
		{name: "no default encryption fails", mutate: withOrders(none),
			want: []ecsWant{{Fail, atRest, res, "no default encryption"}}},
		{name: "no policy and no public access block warn", mutate: withOrders(open),
			want: []ecsWant{{Warn, tls, res, "has no bucket policy"}, {Warn, pub, res, "public access block"}}},
		{name: "the account's block fully on passes a bucket whose own block is off", mutate: withAccountBlock(withOrders(open), allOn), clean: []string{pub},
			want: []ecsWant{{Pass, pub, res, "through the public access block of account 111122223333 (all four settings on"}}},
		{name: "neither block fully on warns naming the account's settings that are off", mutate: withAccountBlock(withOrders(open), halfOn),
			want: []ecsWant{{Warn, pub, res, "its own public access block on, and the public access block of account 111122223333 has BlockPublicPolicy and RestrictPublicBuckets off"}}},
		{name: "an account without a block configured warns", mutate: withAccountBlock(withOrders(open), &inventory.S3AccountBlock{}),
			want: []ecsWant{{Warn, pub, res, "account 111122223333 has no public access block on"}}},
		{name: "an account block whose read failed is unknown, not a pass", mutate: withAccountBlock(withOrders(open), &failedRead),
			want: []ecsWant{{Warn, pub, res, "the public access block of account 111122223333 is unknown (its read failed: s3control GetPublicAccessBlock: AccessDenied)"}}},
		{name: "an account block not read (an older snapshot) is unknown", mutate: withOrders(open),
			want: []ecsWant{{Warn, pub, res, "the public access block of account 111122223333 is unknown (it was not read"}}},
		{name: "a policy without the TLS deny warns", mutate: withOrders(otherPolicy),
			want: []ecsWant{{Warn, tls, res, "does not deny requests without TLS"}}},
		{name: "a failed read is unknown, not a pass", mutate: withOrders(gapped),
			want: []ecsWant{{Info, atRest, res, "AccessDenied"}, {Info, cmk, res, "unknown"}, {Info, tls, res, "unknown"}, {Info, pub, res, "unknown"}}},
		{name: "a bucket not read is unknown", want: []ecsWant{{Info, atRest, res, "was not read"}, {Info, tls, res, "was not read"}, {Info, pub, res, "was not read"}}},
		{name: "a gapped copy does not hide the one read whole", mutate: func(s *inventory.Snapshot) {
			withOrders(good)(s)
			g := gapped
			g.Name = "orders"
			ecsReg(s).Buckets = append([]inventory.Bucket{g}, ecsReg(s).Buckets...)
		}, want: []ecsWant{{Pass, atRest, res, "KMS key k1"}}},
	})
}
