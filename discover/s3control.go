package discover

import (
	"context"
	"net/url"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
	s3ctypes "github.com/aws/aws-sdk-go-v2/service/s3control/types"
	smithyendpoints "github.com/aws/smithy-go/endpoints"

	"github.com/ecspack/ecspack/inventory"
)

// s3controlOperations are the S3 Control reads: the account's S3 Block
// Public Access, read once per account because it covers every bucket of
// the account, so NETSEC-001 can pass a bucket whose own block is off. IAM
// authorises it as s3:GetAccountPublicAccessBlock (iamActionOverrides).
var s3controlOperations = ops("s3control", "GetPublicAccessBlock")

// collectAccountPublicAccessBlock reads the account's public access block.
// S3 answering NoSuchPublicAccessBlockConfiguration is an answer (no block:
// all four settings off); any other failure leaves a gap, so the settings
// are unknown rather than off.
func (r *regionRun) collectAccountPublicAccessBlock() *inventory.S3AccountBlock {
	c := s3control.NewFromConfig(r.cfg, keepBaseEndpointHost)
	b := &inventory.S3AccountBlock{}
	out, err := c.GetPublicAccessBlock(r.ctx, &s3control.GetPublicAccessBlockInput{AccountId: aws.String(r.account)})
	switch {
	case isCode(err, errNoPublicAccessBlock):
	case r.failAbout("s3control", err, func(g string) { b.Gaps = append(b.Gaps, g) }):
	default:
		addAccountBlock(b, out.PublicAccessBlockConfiguration)
	}
	return b
}

// addAccountBlock records the four settings of the account's block.
func addAccountBlock(b *inventory.S3AccountBlock, c *s3ctypes.PublicAccessBlockConfiguration) {
	if c == nil {
		return
	}
	b.BlockPublicAcls, b.IgnorePublicAcls = aws.ToBool(c.BlockPublicAcls), aws.ToBool(c.IgnorePublicAcls)
	b.BlockPublicPolicy, b.RestrictPublicBuckets = aws.ToBool(c.BlockPublicPolicy), aws.ToBool(c.RestrictPublicBuckets)
}

// keepBaseEndpointHost makes a client with a custom endpoint (an emulator,
// a proxy) send S3 Control requests to that endpoint's own host. S3
// Control's endpoint rules put the account id in front of the host
// (123456789012.s3-control.eu-west-1.amazonaws.com), a name such an
// endpoint does not answer to, as it has no per-bucket host names either
// (see collectTrailBuckets); the account id still travels in the
// x-amz-account-id header.
func keepBaseEndpointHost(o *s3control.Options) {
	if o.BaseEndpoint == nil {
		return
	}
	u, err := url.Parse(*o.BaseEndpoint)
	if err != nil || u.Host == "" {
		return
	}
	o.EndpointResolverV2 = baseHostResolver{inner: o.EndpointResolverV2, host: u.Host}
}

// baseHostResolver resolves endpoints with the SDK's rules, then puts the
// custom endpoint's host back.
type baseHostResolver struct {
	inner s3control.EndpointResolverV2
	host  string
}

// ResolveEndpoint implements s3control.EndpointResolverV2.
func (r baseHostResolver) ResolveEndpoint(ctx context.Context, p s3control.EndpointParameters) (smithyendpoints.Endpoint, error) {
	ep, err := r.inner.ResolveEndpoint(ctx, p)
	if err == nil {
		ep.URI.Host = r.host
	}
	return ep, err
}

// The collect script's answer about the account's block
// (DIR/s3control/get-public-access-block.json), read with the account-wide
// files.

// s3controlImporters read DIR/s3control.
var s3controlImporters = []fileImporter{
	accountWide("s3control", "GetPublicAccessBlock", true, (*iamBuilder).importAccountBlock),
}

func (ib *iamBuilder) importAccountBlock(o *s3control.GetPublicAccessBlockOutput) {
	ib.mu.Lock()
	defer ib.mu.Unlock()
	ib.s3Block = &inventory.S3AccountBlock{}
	addAccountBlock(ib.s3Block, o.PublicAccessBlockConfiguration)
}

// markAccountBlockImportFailure records a failed collect-script read of the
// account's block; it reports whether the failure is an answer (the
// account has no block).
func (ib *iamBuilder) markAccountBlockImportFailure(msg, gap string) bool {
	ib.mu.Lock()
	defer ib.mu.Unlock()
	ib.s3Block = &inventory.S3AccountBlock{}
	if strings.Contains(msg, errNoPublicAccessBlock) {
		return true
	}
	ib.s3Block.Gaps = append(ib.s3Block.Gaps, gap)
	return false
}
