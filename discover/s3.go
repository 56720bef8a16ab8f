package discover

import (
	"errors"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"

	"github.com/ecspack/ecspack/inventory"
)

// s3Operations are the Amazon S3 reads: how the CloudTrail trails' buckets
// protect the logs (ACCT-001), and how the buckets the task roles reach
// are encrypted and exposed (s3_data.go). GetBucketEncryption,
// GetObjectLockConfiguration and GetPublicAccessBlock are authorised by
// differently named IAM actions (iamActionOverrides).
var s3Operations = ops("s3", "GetBucketEncryption", "GetBucketLocation", "GetBucketPolicy", "GetBucketVersioning", "GetObjectLockConfiguration", "GetPublicAccessBlock")

// The S3 error codes that answer a question rather than fail it: a bucket
// without Object Lock, a bucket without a public access block.
const (
	errNoObjectLock        = "ObjectLockConfigurationNotFoundError"
	errNoPublicAccessBlock = "NoSuchPublicAccessBlockConfiguration"
)

// collectTrailBuckets reads the protection of the buckets the trails whose
// home is this region deliver to (a trail's copies in other regions share
// its bucket, read once at home).
func (r *regionRun) collectTrailBuckets(buckets []string) {
	if !r.run.enabled("s3") {
		return
	}
	// A custom endpoint (an emulator, a proxy) has no per-bucket host names.
	c := s3.NewFromConfig(r.cfg, func(o *s3.Options) { o.UsePathStyle = r.cfg.BaseEndpoint != nil })
	for _, bucket := range buckets {
		r.spawn(func() { r.b.addTrailBucket(bucket, readBucketProtection(r, c, bucket)) })
	}
}

// readBucketProtection makes the four reads about one bucket; a failed read
// leaves a gap in the result instead of a guess.
func readBucketProtection(r *regionRun, c *s3.Client, bucket string) *inventory.BucketProtection {
	p := &inventory.BucketProtection{}
	gap := func(g string) { p.Gaps = append(p.Gaps, g) }
	loc, err := c.GetBucketLocation(r.ctx, &s3.GetBucketLocationInput{Bucket: aws.String(bucket)})
	if r.failAbout("s3", err, gap) {
		return p
	}
	p.Region = bucketRegion(loc.LocationConstraint)
	in := func(o *s3.Options) { o.Region = p.Region }
	if v, err := c.GetBucketVersioning(r.ctx, &s3.GetBucketVersioningInput{Bucket: aws.String(bucket)}, in); !r.failAbout("s3", err, gap) {
		p.Versioning, p.MFADelete = string(v.Status), v.MFADelete == s3types.MFADeleteStatusEnabled
	}
	ol, err := c.GetObjectLockConfiguration(r.ctx, &s3.GetObjectLockConfigurationInput{Bucket: aws.String(bucket)}, in)
	if !isCode(err, errNoObjectLock) && !r.failAbout("s3", err, gap) {
		addObjectLock(p, ol.ObjectLockConfiguration)
	}
	pab, err := c.GetPublicAccessBlock(r.ctx, &s3.GetPublicAccessBlockInput{Bucket: aws.String(bucket)}, in)
	if !isCode(err, errNoPublicAccessBlock) && !r.failAbout("s3", err, gap) {
		p.PublicAccessBlocked = allBlocked(pab.PublicAccessBlockConfiguration)
	}
	return p
}

// isCode reports whether err is the AWS error with that code.
func isCode(err error, code string) bool {
	var ae smithy.APIError
	return errors.As(err, &ae) && ae.ErrorCode() == code
}

// bucketRegion is the region GetBucketLocation's constraint names: none is
// us-east-1, and the legacy "EU" is eu-west-1.
func bucketRegion(c s3types.BucketLocationConstraint) string {
	switch c {
	case "":
		return "us-east-1"
	case s3types.BucketLocationConstraintEu:
		return "eu-west-1"
	}
	return string(c)
}

// addObjectLock records a bucket's Object Lock and default retention.
func addObjectLock(p *inventory.BucketProtection, c *s3types.ObjectLockConfiguration) {
	if c == nil || c.ObjectLockEnabled != s3types.ObjectLockEnabledEnabled {
		return
	}
	p.ObjectLock = true
	if c.Rule != nil && c.Rule.DefaultRetention != nil {
		d := c.Rule.DefaultRetention
		p.ObjectLockMode = string(d.Mode)
		p.ObjectLockDays = int(aws.ToInt32(d.Days)) + 365*int(aws.ToInt32(d.Years))
	}
}

// addTrailBucket records what was read about a trail bucket.
func (b *builder) addTrailBucket(bucket string, p *inventory.BucketProtection) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.trailBuckets[bucket] = p
}

// homeTrailBuckets lists the buckets of the trails whose home is the
// builder's region, each once.
func (b *builder) homeTrailBuckets() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	seen := map[string]bool{}
	for _, t := range b.r.Trails {
		if t.S3Bucket != "" && (t.HomeRegion == "" || t.HomeRegion == b.r.Name) && !seen[t.S3Bucket] {
			seen[t.S3Bucket] = true
			out = append(out, t.S3Bucket)
		}
	}
	return out
}

// updateTrailBucket changes what is known about a trail bucket (import
// reads its four answers from four files).
func (b *builder) updateTrailBucket(bucket string, fn func(*inventory.BucketProtection)) {
	b.mu.Lock()
	defer b.mu.Unlock()
	p := b.trailBuckets[bucket]
	if p == nil {
		p = &inventory.BucketProtection{}
		b.trailBuckets[bucket] = p
	}
	fn(p)
}

// The collect script's answers about a trail bucket, one file per bucket
// and read, named after the bucket (importers).

func (b *builder) importBucketLocation(bucket string, o *s3.GetBucketLocationOutput) {
	b.updateTrailBucket(bucket, func(p *inventory.BucketProtection) { p.Region = bucketRegion(o.LocationConstraint) })
	b.updateDataBucket(bucket, false, func(bk *inventory.Bucket) { bk.Region = bucketRegion(o.LocationConstraint) })
}

func (b *builder) importBucketVersioning(bucket string, o *s3.GetBucketVersioningOutput) {
	b.updateTrailBucket(bucket, func(p *inventory.BucketProtection) {
		p.Versioning, p.MFADelete = string(o.Status), o.MFADelete == s3types.MFADeleteStatusEnabled
	})
	b.updateDataBucket(bucket, false, func(bk *inventory.Bucket) { bk.Versioning = string(o.Status) })
}

func (b *builder) importObjectLock(bucket string, o *s3.GetObjectLockConfigurationOutput) {
	b.updateTrailBucket(bucket, func(p *inventory.BucketProtection) { addObjectLock(p, o.ObjectLockConfiguration) })
}

func (b *builder) importPublicAccessBlock(bucket string, o *s3.GetPublicAccessBlockOutput) {
	b.updateTrailBucket(bucket, func(p *inventory.BucketProtection) {
		p.PublicAccessBlocked = allBlocked(o.PublicAccessBlockConfiguration)
	})
	b.updateDataBucket(bucket, false, func(bk *inventory.Bucket) { bk.PublicAccessBlocked = allBlocked(o.PublicAccessBlockConfiguration) })
}

// markS3ImportFailure records a failed collect-script read about a trail
// bucket; it reports whether the failure is an answer (no Object Lock, no
// public access block).
func markS3ImportFailure(b *builder, op Operation, bucket, msg, gap string) bool {
	answer := (op.Name == "GetObjectLockConfiguration" && strings.Contains(msg, errNoObjectLock)) ||
		(op.Name == "GetPublicAccessBlock" && strings.Contains(msg, errNoPublicAccessBlock))
	b.updateTrailBucket(bucket, func(p *inventory.BucketProtection) {
		if !answer {
			p.Gaps = append(p.Gaps, gap)
		}
	})
	return answer
}
