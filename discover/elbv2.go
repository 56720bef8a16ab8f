package discover

import (
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/wafv2"

	"github.com/ecspack/ecspack/inventory"
)

// elbv2Operations are the Elastic Load Balancing v2 reads.
var elbv2Operations = ops("elbv2",
	"DescribeLoadBalancers", "DescribeListeners", "DescribeRules", "DescribeTargetGroups",
	"DescribeTargetHealth", "DescribeTags", "DescribeLoadBalancerAttributes", "DescribeListenerCertificates",
)

// lbAttributesKept are the load balancer attributes the snapshot keeps:
// the ones checks judge (Security Hub ELB.4, ELB.5, ELB.6, ELB.12) and what
// explains them (the access-log bucket, WAF fail-open). The others are
// tuning values no check reads.
var lbAttributesKept = []string{
	"access_logs.s3.bucket", "access_logs.s3.enabled", "deletion_protection.enabled",
	"routing.http.desync_mitigation_mode", "routing.http.drop_invalid_header_fields.enabled", "waf.fail_open.enabled",
}

// Batch and page limits of ELBv2.
const (
	elbv2TagsBatch = 20
	elbv2PageSize  = 400
)

func (r *regionRun) collectELBv2() {
	c := elbv2.NewFromConfig(r.cfg)
	ctx := r.ctx
	r.spawn(func() {
		p := elbv2.NewDescribeTargetGroupsPaginator(c, &elbv2.DescribeTargetGroupsInput{PageSize: aws.Int32(elbv2PageSize)})
		for p.HasMorePages() {
			out, err := p.NextPage(ctx)
			if r.fail("elbv2", err) {
				return
			}
			r.b.addTargetGroups(out)
			for _, tg := range out.TargetGroups {
				arn := aws.ToString(tg.TargetGroupArn)
				r.spawn(func() {
					out, err := c.DescribeTargetHealth(ctx, &elbv2.DescribeTargetHealthInput{TargetGroupArn: aws.String(arn)})
					if !r.failAbout("elbv2", err, func(g string) { r.b.markGap(gapTargetGroup, arn, g) }) {
						r.b.addTargetHealth(arn, out)
					}
				})
			}
		}
	})
	// Tags are asked for in full batches of 20 across pages: fewest calls.
	var arns []string
	defer func() {
		for _, batch := range chunks(arns, elbv2TagsBatch) {
			r.spawn(func() {
				out, err := c.DescribeTags(ctx, &elbv2.DescribeTagsInput{ResourceArns: batch})
				if !r.failAbout("elbv2", err, func(g string) {
					for _, arn := range batch {
						r.b.markGap(gapLoadBalancer, arn, g)
					}
				}) {
					r.b.addELBTags(out)
				}
			})
		}
	}()
	waf := wafv2.NewFromConfig(r.cfg)
	p := elbv2.NewDescribeLoadBalancersPaginator(c, &elbv2.DescribeLoadBalancersInput{PageSize: aws.Int32(elbv2PageSize)})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if r.fail("elbv2", err) {
			return
		}
		r.b.addLoadBalancers(out)
		for _, lb := range out.LoadBalancers {
			arn := aws.ToString(lb.LoadBalancerArn)
			arns = append(arns, arn)
			r.spawn(func() { r.collectListeners(c, arn) })
			if wafProtects(string(lb.Type), string(lb.Scheme)) && r.run.enabled("wafv2") {
				r.spawn(func() { r.collectWebACL(waf, arn) })
			}
			r.spawn(func() {
				out, err := c.DescribeLoadBalancerAttributes(ctx, &elbv2.DescribeLoadBalancerAttributesInput{LoadBalancerArn: aws.String(arn)})
				if !r.failAbout("elbv2", err, func(g string) { r.b.markGap(gapLoadBalancer, arn, g) }) {
					r.b.addLBAttributes(arn, out)
				}
			})
		}
	}
}

func (r *regionRun) collectListeners(c *elbv2.Client, lbARN string) {
	lbGap := func(g string) { r.b.markGap(gapLoadBalancer, lbARN, g) }
	p := elbv2.NewDescribeListenersPaginator(c, &elbv2.DescribeListenersInput{LoadBalancerArn: aws.String(lbARN), PageSize: aws.Int32(elbv2PageSize)})
	for p.HasMorePages() {
		out, err := p.NextPage(r.ctx)
		if r.failAbout("elbv2", err, lbGap) {
			return
		}
		r.b.addListeners(out)
		for _, l := range out.Listeners {
			arn := aws.ToString(l.ListenerArn)
			var certs []string
			for _, ct := range l.Certificates {
				certs = append(certs, aws.ToString(ct.CertificateArn))
			}
			r.describeCertificates(certs)
			if l.Protocol == elbtypes.ProtocolEnumHttps || l.Protocol == elbtypes.ProtocolEnumTls {
				r.spawn(func() { r.collectListenerCertificates(c, lbARN, arn) })
			}
			r.spawn(func() {
				p := elbv2.NewDescribeRulesPaginator(c, &elbv2.DescribeRulesInput{ListenerArn: aws.String(arn), PageSize: aws.Int32(elbv2PageSize)})
				for p.HasMorePages() {
					out, err := p.NextPage(r.ctx)
					if r.failAbout("elbv2", err, lbGap) {
						return
					}
					r.b.addRules(arn, out)
				}
			})
		}
	}
}

// addLBAttributes keeps lbAttributesKept of one load balancer's attributes.
// An answer without any of them is recorded as such (an empty map), so the
// checks can tell "read, not set" from "not read".
func (b *builder) addLBAttributes(arn string, out *elbv2.DescribeLoadBalancerAttributesOutput) {
	b.mu.Lock()
	defer b.mu.Unlock()
	m := map[string]string{}
	for _, a := range out.Attributes {
		if k := aws.ToString(a.Key); slices.Contains(lbAttributesKept, k) {
			m[k] = aws.ToString(a.Value)
		}
	}
	b.lbAttrs[arn] = m
}

func elbTags(tags []elbtypes.Tag) map[string]string {
	return tagMap(tags, func(t elbtypes.Tag) (*string, *string) { return t.Key, t.Value })
}

func (b *builder) addLoadBalancers(out *elbv2.DescribeLoadBalancersOutput) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, l := range out.LoadBalancers {
		lb := inventory.LoadBalancer{ARN: aws.ToString(l.LoadBalancerArn), Name: aws.ToString(l.LoadBalancerName), DNSName: aws.ToString(l.DNSName),
			Type: string(l.Type), Scheme: string(l.Scheme), VPCID: aws.ToString(l.VpcId), SecurityGroups: l.SecurityGroups}
		if l.State != nil {
			lb.State = string(l.State.Code)
		}
		for _, z := range l.AvailabilityZones {
			lb.AvailabilityZones = append(lb.AvailabilityZones, aws.ToString(z.ZoneName))
			if s := aws.ToString(z.SubnetId); s != "" {
				lb.Subnets = append(lb.Subnets, s)
			}
		}
		slices.Sort(lb.AvailabilityZones)
		slices.Sort(lb.Subnets)
		b.loadBalancers = append(b.loadBalancers, lb)
	}
}

func (b *builder) addELBTags(out *elbv2.DescribeTagsOutput) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, d := range out.TagDescriptions {
		if t := elbTags(d.Tags); t != nil {
			b.lbTags[aws.ToString(d.ResourceArn)] = t
		}
	}
}

func convertActions(as []elbtypes.Action) []inventory.Action {
	var out []inventory.Action
	for _, a := range as {
		x := inventory.Action{Type: string(a.Type)}
		if tg := aws.ToString(a.TargetGroupArn); tg != "" {
			x.TargetGroups = append(x.TargetGroups, tg)
		}
		if f := a.ForwardConfig; f != nil {
			for _, t := range f.TargetGroups {
				if arn := aws.ToString(t.TargetGroupArn); arn != "" && !slices.Contains(x.TargetGroups, arn) {
					x.TargetGroups = append(x.TargetGroups, arn)
				}
			}
		}
		if rc := a.RedirectConfig; rc != nil {
			x.RedirectProtocol, x.RedirectPort, x.StatusCode = aws.ToString(rc.Protocol), aws.ToString(rc.Port), string(rc.StatusCode)
		}
		if fr := a.FixedResponseConfig; fr != nil {
			x.StatusCode = aws.ToString(fr.StatusCode)
		}
		out = append(out, x)
	}
	return out
}

func (b *builder) addListeners(out *elbv2.DescribeListenersOutput) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, l := range out.Listeners {
		li := inventory.Listener{ARN: aws.ToString(l.ListenerArn), Protocol: string(l.Protocol), Port: i32(l.Port),
			SSLPolicy: aws.ToString(l.SslPolicy), DefaultActions: convertActions(l.DefaultActions)}
		for _, c := range l.Certificates {
			li.Certificates = append(li.Certificates, aws.ToString(c.CertificateArn))
		}
		if m := l.MutualAuthentication; m != nil {
			li.MutualAuthentication = aws.ToString(m.Mode)
		}
		lb := aws.ToString(l.LoadBalancerArn)
		b.listeners[lb] = append(b.listeners[lb], li)
	}
}

func (b *builder) addRules(listener string, out *elbv2.DescribeRulesOutput) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, r := range out.Rules {
		if aws.ToBool(r.IsDefault) {
			continue // the default rule is the listener's default actions
		}
		ru := inventory.Rule{ARN: aws.ToString(r.RuleArn), Priority: aws.ToString(r.Priority), Actions: convertActions(r.Actions)}
		for _, c := range r.Conditions {
			vals := c.Values
			switch {
			case c.HostHeaderConfig != nil:
				vals = c.HostHeaderConfig.Values
			case c.PathPatternConfig != nil:
				vals = c.PathPatternConfig.Values
			}
			ru.Conditions = append(ru.Conditions, aws.ToString(c.Field)+"="+strings.Join(vals, ","))
		}
		b.rules[listener] = append(b.rules[listener], ru)
	}
}

func (b *builder) addTargetGroups(out *elbv2.DescribeTargetGroupsOutput) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, t := range out.TargetGroups {
		b.targetGroups = append(b.targetGroups, inventory.TargetGroup{ARN: aws.ToString(t.TargetGroupArn), Name: aws.ToString(t.TargetGroupName),
			Protocol: string(t.Protocol), Port: i32(t.Port), VPCID: aws.ToString(t.VpcId), TargetType: string(t.TargetType),
			LoadBalancers: sortedUnique(t.LoadBalancerArns), HealthCheckPath: aws.ToString(t.HealthCheckPath), HealthCheckProtocol: string(t.HealthCheckProtocol)})
	}
}

func (b *builder) addTargetHealth(tg string, out *elbv2.DescribeTargetHealthOutput) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, d := range out.TargetHealthDescriptions {
		th := inventory.TargetHealth{}
		if t := d.Target; t != nil {
			th.ID, th.Port, th.AvailabilityZone = aws.ToString(t.Id), i32(t.Port), aws.ToString(t.AvailabilityZone)
		}
		if h := d.TargetHealth; h != nil {
			th.State, th.Reason = string(h.State), string(h.Reason)
		}
		b.targetHealth[tg] = append(b.targetHealth[tg], th)
	}
}
