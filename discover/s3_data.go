package discover

import (
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/inventory"
)

// The S3 buckets the task roles reach (NETSEC-002: encryption at rest and
// in transit; their public access block). A bucket ARN names no region, so
// every region's reach holds every reached bucket: each region asks
// GetBucketLocation and only the region the answer names reads the rest,
// so a bucket is read once per account and kept in its own region. A
// bucket whose location cannot be read is read, and kept with that gap,
// wherever it is reached. A bucket of a region not scanned is not read.

// The S3 error codes that answer a data-bucket question rather than fail
// it: no default encryption configured, no bucket policy.
const (
	errNoBucketEncryption = "ServerSideEncryptionConfigurationNotFoundError"
	errNoBucketPolicy     = "NoSuchBucketPolicy"
)

// dataBucket is what the builder knows of a bucket; data says the bucket
// was read as a reached store (import shares the location, versioning and
// public access block files with the trail buckets).
type dataBucket struct {
	inventory.Bucket
	data bool
}

// collectDataBuckets reads the buckets of the region's reach (a store
// collector).
func (r *regionRun) collectDataBuckets(reach storeReach) {
	c := s3.NewFromConfig(r.cfg, func(o *s3.Options) { o.UsePathStyle = r.cfg.BaseEndpoint != nil })
	for _, ref := range reach.of(estate.KindS3) {
		if ref.Region != "" || ref.Name == "" { // an access point, not a bucket
			continue
		}
		r.spawn(func() {
			if bk, ok := readDataBucket(r, c, ref.Name); ok {
				r.b.updateDataBucket(ref.Name, true, func(b *inventory.Bucket) { *b = bk })
			}
		})
	}
}

// readDataBucket reads one bucket if it lives in the run's region (or its
// location is unknown); ok is false for a bucket of another region.
func readDataBucket(r *regionRun, c *s3.Client, name string) (inventory.Bucket, bool) {
	bk := inventory.Bucket{Name: name}
	gap := func(g string) { bk.Gaps = append(bk.Gaps, g) }
	loc, err := c.GetBucketLocation(r.ctx, &s3.GetBucketLocationInput{Bucket: aws.String(name)})
	if !r.failAbout("s3", err, gap) {
		if bk.Region = bucketRegion(loc.LocationConstraint); bk.Region != r.region {
			return bk, false
		}
	}
	b := aws.String(name)
	enc, err := c.GetBucketEncryption(r.ctx, &s3.GetBucketEncryptionInput{Bucket: b})
	if !isCode(err, errNoBucketEncryption) && !r.failAbout("s3", err, gap) {
		addBucketEncryption(&bk, enc.ServerSideEncryptionConfiguration)
	}
	pol, err := c.GetBucketPolicy(r.ctx, &s3.GetBucketPolicyInput{Bucket: b})
	if !isCode(err, errNoBucketPolicy) && !r.failAbout("s3", err, gap) {
		addBucketPolicy(&bk, aws.ToString(pol.Policy))
	}
	pab, err := c.GetPublicAccessBlock(r.ctx, &s3.GetPublicAccessBlockInput{Bucket: b})
	if !isCode(err, errNoPublicAccessBlock) && !r.failAbout("s3", err, gap) {
		bk.PublicAccessBlocked = allBlocked(pab.PublicAccessBlockConfiguration)
	}
	if v, err := c.GetBucketVersioning(r.ctx, &s3.GetBucketVersioningInput{Bucket: b}); !r.failAbout("s3", err, gap) {
		bk.Versioning = string(v.Status)
	}
	return bk, true
}

// allBlocked reports whether all four settings of a public access block
// are on.
func allBlocked(c *s3types.PublicAccessBlockConfiguration) bool {
	return c != nil && aws.ToBool(c.BlockPublicAcls) && aws.ToBool(c.BlockPublicPolicy) && aws.ToBool(c.IgnorePublicAcls) && aws.ToBool(c.RestrictPublicBuckets)
}

// addBucketEncryption records a bucket's default encryption (its first
// rule with a default: S3 keeps one).
func addBucketEncryption(bk *inventory.Bucket, c *s3types.ServerSideEncryptionConfiguration) {
	if c == nil {
		return
	}
	for _, rule := range c.Rules {
		if d := rule.ApplyServerSideEncryptionByDefault; d != nil {
			bk.Encryption, bk.KMSKey, bk.BucketKey = string(d.SSEAlgorithm), aws.ToString(d.KMSMasterKeyID), aws.ToBool(rule.BucketKeyEnabled)
			return
		}
	}
}

// addBucketPolicy records that the bucket has a policy and whether it
// denies requests without TLS; the document itself is not kept. A document
// that does not parse leaves a gap (whether it denies is unknown).
func addBucketPolicy(bk *inventory.Bucket, doc string) {
	bk.HasPolicy = true
	stmts, err := estate.ParsePolicy(doc)
	if err != nil {
		bk.Gaps = append(bk.Gaps, "s3 GetBucketPolicy: policy document does not parse")
		return
	}
	bk.DeniesInsecureTransport = slices.ContainsFunc(stmts, func(st estate.PolicyStatement) bool { return bucketDeniesInsecureTransport(st, bk.Name) })
}

// bucketDeniesInsecureTransport reports whether a bucket policy statement denies
// every S3 action on the bucket's objects to everyone when the request is
// not sent over TLS (condition Bool or BoolIfExists aws:SecureTransport
// "false"), the rule AWS documents and Security Hub S3.5 looks for.
func bucketDeniesInsecureTransport(st estate.PolicyStatement, bucket string) bool {
	everyone := st.Principal.Any || slices.Contains(st.Principal.Kinds["AWS"], "*")
	allS3 := slices.ContainsFunc(st.Action, func(a string) bool { return a == "*" || strings.EqualFold(a, "s3:*") })
	objects := slices.ContainsFunc(st.Resource, func(res string) bool {
		_, name, ok := strings.Cut(res, ":s3:::")
		return res == "*" || (ok && (name == "*" || name == bucket+"/*" || name == bucket+"*"))
	})
	return st.Effect == "Deny" && everyone && allS3 && objects && deniesInsecureTransport(st.Condition)
}

// updateDataBucket changes what is known about a bucket; data marks it as
// a reached store to keep in the region.
func (b *builder) updateDataBucket(name string, data bool, fn func(*inventory.Bucket)) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.dataBuckets == nil {
		b.dataBuckets = map[string]*dataBucket{}
	}
	d := b.dataBuckets[name]
	if d == nil {
		d = &dataBucket{Bucket: inventory.Bucket{Name: name}}
		b.dataBuckets[name] = d
	}
	d.data = d.data || data
	fn(&d.Bucket)
}

// finishDataBuckets lists the region's reached buckets, sorted by name
// (the caller holds b.mu).
func (b *builder) finishDataBuckets() []inventory.Bucket {
	var out []inventory.Bucket
	for _, d := range b.dataBuckets {
		if d.data {
			bk := d.Bucket
			bk.Gaps = slices.Sorted(slices.Values(d.Gaps))
			out = append(out, bk)
		}
	}
	slices.SortFunc(out, func(x, y inventory.Bucket) int { return strings.Compare(x.Name, y.Name) })
	return out
}

// The collect script's answers about a data bucket (importers); the
// location, versioning and public access block files are the trail
// buckets' too (importBucketLocation and its siblings update both).

func (b *builder) importBucketEncryption(bucket string, o *s3.GetBucketEncryptionOutput) {
	b.updateDataBucket(bucket, true, func(bk *inventory.Bucket) { addBucketEncryption(bk, o.ServerSideEncryptionConfiguration) })
}

func (b *builder) importBucketPolicy(bucket string, o *s3.GetBucketPolicyOutput) {
	b.updateDataBucket(bucket, true, func(bk *inventory.Bucket) { addBucketPolicy(bk, aws.ToString(o.Policy)) })
}

// markDataBucketImportFailure records a failed collect-script read about a
// bucket on the data-bucket side; it reports whether the failure is an
// answer (no default encryption, no policy, no public access block).
func markDataBucketImportFailure(b *builder, op Operation, bucket, msg, gap string) bool {
	answer := (op.Name == "GetBucketEncryption" && strings.Contains(msg, errNoBucketEncryption)) ||
		(op.Name == "GetBucketPolicy" && strings.Contains(msg, errNoBucketPolicy)) ||
		(op.Name == "GetPublicAccessBlock" && strings.Contains(msg, errNoPublicAccessBlock))
	data := op.Name == "GetBucketEncryption" || op.Name == "GetBucketPolicy"
	b.updateDataBucket(bucket, data, func(bk *inventory.Bucket) {
		if !answer {
			bk.Gaps = append(bk.Gaps, gap)
		}
	})
	return answer
}
