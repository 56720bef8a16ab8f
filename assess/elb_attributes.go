package assess

import (
	"strings"

	"github.com/ecspack/ecspack/inventory"
)

// lbAttributeChecks judge the load balancer attributes
// (elbv2:DescribeLoadBalancerAttributes) that Security Hub's ELB controls
// judge, each under the checklist control whose words it serves: the
// ingress is configured to allow traffic securely (ECS-015), the solution
// is observable (ECS-018), its core components can be recovered (REL-002).
func lbAttributeChecks() []Check {
	return []Check{
		{ID: "ECS-015.drop-invalid-headers", Run: checkDropInvalidHeaders, Judges: "Application load balancers drop invalid HTTP header fields"},
		{ID: "ECS-015.desync-mitigation", Run: checkDesyncMitigation, Judges: "Application load balancers mitigate HTTP desync in defensive or strictest mode"},
		{ID: "ECS-018.lb-access-logs", Run: checkLBAccessLogs, Judges: "Load balancers write access logs"},
		{ID: "REL-002.lb-deletion-protection", Run: checkLBDeletionProtection, Judges: "Load balancers have deletion protection"},
	}
}

// attrVerdict is one load balancer's verdict on one attribute.
type attrVerdict struct {
	outcome              Outcome
	message, remediation string
}

// lbAttributeFindings judges attribute key of every load balancer keep
// selects. An attribute not collected (the read failed or was not made) is
// unknown, a warning, never a pass.
func lbAttributeFindings(in *Input, key string, keep func(*inventory.LoadBalancer) bool, judge func(lb *inventory.LoadBalancer, value string) attrVerdict) []Finding {
	ev := "elbv2:DescribeLoadBalancerAttributes " + key
	var fs []Finding
	for _, rv := range in.Regions {
		for i := range rv.Region.ELB.LoadBalancers {
			lb := &rv.Region.ELB.LoadBalancers[i]
			if !keep(lb) {
				continue
			}
			// A load balancer with a failed read is not fully collected:
			// none of its verdicts is a pass.
			value, ok := lb.Attributes[key]
			if !lb.AttributesCollected || !ok || len(lb.Gaps) > 0 {
				why := "DescribeLoadBalancerAttributes was not collected"
				if len(lb.Gaps) > 0 {
					why = "a read failed (" + strings.Join(lb.Gaps, "; ") + ")"
				} else if lb.AttributesCollected {
					why = "the answer did not include it"
				}
				fs = append(fs, Finding{Outcome: Warn, Resource: lb.ARN, Evidence: ev,
					Message:     lbLabel(lb) + ": " + key + " is unknown — " + why,
					Remediation: "allow elasticloadbalancing:DescribeLoadBalancerAttributes to the discovery role and collect again, or attach aws elbv2 describe-load-balancer-attributes output"})
				continue
			}
			v := judge(lb, value)
			fs = append(fs, Finding{Outcome: v.outcome, Resource: lb.ARN, Evidence: ev, Message: v.message, Remediation: v.remediation})
		}
	}
	if len(fs) == 0 {
		return []Finding{{Outcome: Info, Resource: caseID(in), Evidence: ev, Message: "no load balancer this check judges is in the inventory"}}
	}
	return boundFindings(fs)
}

// lbLabel is "internet-facing application load balancer web-alb".
func lbLabel(lb *inventory.LoadBalancer) string {
	return lb.Scheme + " " + lbKind(lb) + " load balancer " + lb.Name
}

// ingressDefect is how a defect of an ingress setting weighs: it fails on
// an internet-facing load balancer and warns on an internal one, as the
// listener TLS check does.
func ingressDefect(lb *inventory.LoadBalancer) Outcome {
	if lb.Scheme == "internet-facing" {
		return Fail
	}
	return Warn
}

func isALB(lb *inventory.LoadBalancer) bool { return lb.Type == "application" }

// notGateway selects the load balancers that can log and be protected
// from deletion: all but gateway load balancers (no access logs).
func notGateway(lb *inventory.LoadBalancer) bool { return lb.Type != "gateway" }

// checkDropInvalidHeaders (Security Hub ELB.4): an ALB that forwards header
// fields that are not valid HTTP lets request smuggling reach the tasks.
func checkDropInvalidHeaders(in *Input) []Finding {
	const key = "routing.http.drop_invalid_header_fields.enabled"
	return lbAttributeFindings(in, key, isALB, func(lb *inventory.LoadBalancer, v string) attrVerdict {
		if strings.EqualFold(v, "true") {
			return attrVerdict{Pass, lbLabel(lb) + " drops HTTP headers whose names are not valid", ""}
		}
		return attrVerdict{ingressDefect(lb), lbLabel(lb) + " forwards HTTP headers whose names are not valid to the tasks (" + key + " is " + v + ")",
			"aws elbv2 modify-load-balancer-attributes --attributes Key=" + key + ",Value=true"}
	})
}

// checkDesyncMitigation (Security Hub ELB.12): "monitor" mode lets requests
// that risk HTTP desync through.
func checkDesyncMitigation(in *Input) []Finding {
	const key = "routing.http.desync_mitigation_mode"
	return lbAttributeFindings(in, key, isALB, func(lb *inventory.LoadBalancer, v string) attrVerdict {
		switch strings.ToLower(v) {
		case "defensive", "strictest":
			return attrVerdict{Pass, lbLabel(lb) + " mitigates HTTP desync in " + v + " mode", ""}
		}
		return attrVerdict{ingressDefect(lb), lbLabel(lb) + " lets requests that risk HTTP desync through (" + key + " is " + v + ")",
			"aws elbv2 modify-load-balancer-attributes --attributes Key=" + key + ",Value=defensive"}
	})
}

// checkLBAccessLogs (Security Hub ELB.5): without access logs who called
// the workload, and how it answered, cannot be analysed afterwards.
func checkLBAccessLogs(in *Input) []Finding {
	const key = "access_logs.s3.enabled"
	return lbAttributeFindings(in, key, notGateway, func(lb *inventory.LoadBalancer, v string) attrVerdict {
		if strings.EqualFold(v, "true") {
			msg := lbLabel(lb) + " writes access logs"
			if b := lb.Attributes["access_logs.s3.bucket"]; b != "" {
				msg += " to S3 bucket " + b
			}
			return attrVerdict{Pass, msg, ""}
		}
		return attrVerdict{Warn, lbLabel(lb) + " writes no access logs: requests to the workload cannot be analysed afterwards",
			"enable access logs to an S3 bucket (aws elbv2 modify-load-balancer-attributes --attributes Key=access_logs.s3.enabled,Value=true Key=access_logs.s3.bucket,Value=BUCKET)"}
	})
}

// checkLBDeletionProtection (Security Hub ELB.6): the load balancer is the
// workload's entry point; deleting it by mistake is an outage its DNS name
// does not survive.
func checkLBDeletionProtection(in *Input) []Finding {
	const key = "deletion_protection.enabled"
	return lbAttributeFindings(in, key, notGateway, func(lb *inventory.LoadBalancer, v string) attrVerdict {
		if strings.EqualFold(v, "true") {
			return attrVerdict{Pass, lbLabel(lb) + " is protected from deletion", ""}
		}
		return attrVerdict{Warn, lbLabel(lb) + " can be deleted without first turning protection off: a mistaken deletion loses its DNS name",
			"aws elbv2 modify-load-balancer-attributes --attributes Key=" + key + ",Value=true (and set DeletionProtection in the template)"}
	})
}
