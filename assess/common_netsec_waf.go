package assess

import (
	"github.com/ecspack/ecspack/inventory"
)

// checkWebACL judges whether the internet-facing Application Load
// Balancers are associated with an AWS WAF web ACL. NETSEC-001 asks for
// "other AWS security services to protect network security" without
// naming one, so a load balancer without a web ACL is a warning (prowler
// elbv2_waf_acl_attached), not a failure; one whose association was not
// read is unknown. Registered in netsecChecks (common_netsec.go).
func checkWebACL(in *Input) []Finding {
	const ev = "wafv2:GetWebACLForResource WebACL.Name, WebACL.ARN; elbv2:DescribeLoadBalancers Type, Scheme"
	var fs []Finding
	for _, rv := range in.Regions {
		for _, lb := range rv.Region.ELB.LoadBalancers {
			if lb.Type != "application" || lb.Scheme != "internet-facing" {
				continue
			}
			fs = append(fs, webACLFinding(rv, &lb, ev))
		}
	}
	return boundFindings(fs)
}

// webACLFinding judges one internet-facing Application Load Balancer.
func webACLFinding(rv RegionView, lb *inventory.LoadBalancer, ev string) Finding {
	label := "internet-facing Application Load Balancer " + lb.Name + " (" + rv.Account + " " + rv.Region.Name + ")"
	switch {
	case !lb.WebACLCollected:
		return Finding{Outcome: Info, Resource: lb.ARN, Evidence: ev,
			Message: "whether " + label + " is associated with an AWS WAF web ACL was not read (wafv2 GetWebACLForResource): unknown"}
	case lb.WebACL == nil:
		return Finding{Outcome: Warn, Resource: lb.ARN, Evidence: ev,
			Message: label + " has no AWS WAF web ACL: requests reach its listeners without layer-7 filtering",
			Remediation: "create a regional web ACL (AWS managed rule groups such as AWSManagedRulesCommonRuleSet and AWSManagedRulesKnownBadInputsRuleSet, a rate-based rule) and attach it: aws wafv2 associate-web-acl --web-acl-arn <web ACL ARN> --resource-arn " +
				lb.ARN + " --region " + rv.Region.Name}
	}
	return Finding{Outcome: Pass, Resource: lb.ARN, Evidence: ev, Message: label + " is associated with AWS WAF web ACL " + lb.WebACL.Name}
}
