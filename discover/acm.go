package discover

import (
	"cmp"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"

	"github.com/ecspack/ecspack/inventory"
)

// acmOperations are the AWS Certificate Manager reads: the metadata of the
// certificates the load balancers' listeners serve (expiry, renewal, key),
// never a certificate body or key (GetCertificate is not declared). The
// ELBv2 collector asks as it reads the listeners, so a Services filter
// naming acm must name elbv2 too.
var acmOperations = ops("acm", "DescribeCertificate")

// isACMCertificate reports whether a listener's certificate ARN names an
// ACM certificate (not an IAM server certificate, which ACM cannot describe).
func isACMCertificate(arn string) bool {
	parts := strings.SplitN(arn, ":", 6)
	return len(parts) == 6 && parts[0] == "arn" && parts[2] == "acm" && strings.HasPrefix(parts[5], "certificate/")
}

// collectListenerCertificates lists the certificates of one HTTPS or TLS
// listener, the SNI ones besides the default, and describes each. A failure
// is a gap on the load balancer: its listener's certificates beyond the
// default are then unknown.
func (r *regionRun) collectListenerCertificates(c *elbv2.Client, lbARN, listenerARN string) {
	var all elbv2.DescribeListenerCertificatesOutput
	p := elbv2.NewDescribeListenerCertificatesPaginator(c, &elbv2.DescribeListenerCertificatesInput{ListenerArn: aws.String(listenerARN), PageSize: aws.Int32(elbv2PageSize)})
	for p.HasMorePages() {
		out, err := p.NextPage(r.ctx)
		if r.failAbout("elbv2", err, func(g string) { r.b.markGap(gapLoadBalancer, lbARN, g) }) {
			return
		}
		all.Certificates = append(all.Certificates, out.Certificates...)
	}
	r.b.addListenerCertificates(listenerARN, &all)
	var arns []string
	for _, ct := range all.Certificates {
		arns = append(arns, aws.ToString(ct.CertificateArn))
	}
	r.describeCertificates(arns)
}

// describeCertificates describes each ACM certificate of arns not yet
// asked for in the region. A failure keeps the certificate with a gap.
func (r *regionRun) describeCertificates(arns []string) {
	if !r.run.enabled("acm") {
		return
	}
	c := acm.NewFromConfig(r.cfg)
	for _, arn := range arns {
		if !isACMCertificate(arn) || !r.b.certificatesSeen.add(arn) {
			continue
		}
		r.spawn(func() {
			out, err := c.DescribeCertificate(r.ctx, &acm.DescribeCertificateInput{CertificateArn: aws.String(arn)})
			if r.failAbout("acm", err, func(g string) { r.b.addCertificate(inventory.Certificate{ARN: arn, Gaps: []string{g}}) }) {
				return
			}
			r.b.addCertificate(certificateOf(arn, out))
		})
	}
}

// addListenerCertificates records the certificates DescribeListenerCertificates
// listed for one listener beyond its default one.
func (b *builder) addListenerCertificates(listenerARN string, out *elbv2.DescribeListenerCertificatesOutput) {
	b.mu.Lock()
	defer b.mu.Unlock()
	extra := slices.Clone(b.listenerCerts[listenerARN])
	for _, ct := range out.Certificates {
		if arn := aws.ToString(ct.CertificateArn); arn != "" && !aws.ToBool(ct.IsDefault) {
			extra = append(extra, arn)
		}
	}
	slices.Sort(extra)
	b.listenerCerts[listenerARN] = slices.Compact(extra)
}

// withListedCertificates adds a listener's listed SNI certificates after
// its default one.
func withListedCertificates(l inventory.Listener, extra []string) inventory.Listener {
	l.CertificatesListed = true
	l.Certificates = slices.Clone(l.Certificates)
	for _, arn := range extra {
		if !slices.Contains(l.Certificates, arn) {
			l.Certificates = append(l.Certificates, arn)
		}
	}
	return l
}

// certificateOf is the metadata DescribeCertificate returned for the
// certificate asked by arn (kept when the answer names none).
func certificateOf(arn string, out *acm.DescribeCertificateOutput) inventory.Certificate {
	d := out.Certificate
	if d == nil {
		return inventory.Certificate{ARN: arn}
	}
	return inventory.Certificate{ARN: cmp.Or(aws.ToString(d.CertificateArn), arn), Domain: aws.ToString(d.DomainName),
		Status: string(d.Status), Type: string(d.Type), NotAfter: aws.ToTime(d.NotAfter).UTC(), KeyAlgorithm: string(d.KeyAlgorithm),
		RenewalEligibility: string(d.RenewalEligibility), InUse: len(d.InUseBy) > 0}
}

// addCertificate records one certificate, once (a later read of the same
// ARN replaces the earlier).
func (b *builder) addCertificate(ct inventory.Certificate) {
	b.mu.Lock()
	defer b.mu.Unlock()
	certs := &b.r.ELB.Certificates
	if i := slices.IndexFunc(*certs, func(x inventory.Certificate) bool { return x.ARN == ct.ARN }); i >= 0 {
		(*certs)[i] = ct
		return
	}
	*certs = append(*certs, ct)
}
