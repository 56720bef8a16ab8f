package discover

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/wafv2"

	"github.com/ecspack/ecspack/inventory"
)

// wafv2Operations are the AWS WAF reads: which web ACL protects each
// internet-facing Application Load Balancer. The web ACL's rules are not
// read: the association is what NETSEC-001.waf judges. The ELBv2 collector
// asks as it lists the load balancers, so a Services filter naming wafv2
// must name elbv2 too.
var wafv2Operations = ops("wafv2", "GetWebACLForResource")

// wafProtects reports whether a load balancer is one whose web ACL is read:
// AWS WAF attaches to Application Load Balancers, and those facing the
// internet are the ones the checks judge.
func wafProtects(lbType, scheme string) bool {
	return lbType == "application" && scheme == "internet-facing"
}

// collectWebACL asks which web ACL is associated with one load balancer.
// A null web ACL is an answer (none is associated); a failure is a gap on
// the load balancer, so its protection stays unknown.
func (r *regionRun) collectWebACL(c *wafv2.Client, lbARN string) {
	out, err := c.GetWebACLForResource(r.ctx, &wafv2.GetWebACLForResourceInput{ResourceArn: aws.String(lbARN)})
	if r.failAbout("wafv2", err, func(g string) { r.b.markGap(gapLoadBalancer, lbARN, g) }) {
		return
	}
	r.b.addWebACL(lbARN, out)
}

// addWebACL records the web ACL of one load balancer (nil: none), keeping
// its name and ARN only.
func (b *builder) addWebACL(lbARN string, out *wafv2.GetWebACLForResourceOutput) {
	var acl *inventory.WebACL
	if w := out.WebACL; w != nil {
		acl = &inventory.WebACL{Name: aws.ToString(w.Name), ARN: aws.ToString(w.ARN)}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.webACLs[lbARN] = acl
}
