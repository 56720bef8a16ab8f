package assess

import (
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

func TestLoadBalancerAttributes(t *testing.T) {
	const lb = "loadbalancer/app/web-alb"
	set := func(k, v string) func(*inventory.LoadBalancer) {
		return func(l *inventory.LoadBalancer) { l.Attributes[k] = v }
	}
	for _, tc := range []struct {
		name  string
		check string
		edit  func(*inventory.LoadBalancer)
		want  Outcome
	}{
		{"headers dropped", "ECS-015.drop-invalid-headers", func(*inventory.LoadBalancer) {}, Pass},
		{"headers forwarded, internet-facing", "ECS-015.drop-invalid-headers", set("routing.http.drop_invalid_header_fields.enabled", "false"), Fail},
		{"headers forwarded, internal", "ECS-015.drop-invalid-headers", func(l *inventory.LoadBalancer) {
			l.Scheme = "internal"
			l.Attributes["routing.http.drop_invalid_header_fields.enabled"] = "false"
		}, Warn},
		{"desync defensive", "ECS-015.desync-mitigation", func(*inventory.LoadBalancer) {}, Pass},
		{"desync strictest", "ECS-015.desync-mitigation", set("routing.http.desync_mitigation_mode", "strictest"), Pass},
		{"desync monitor", "ECS-015.desync-mitigation", set("routing.http.desync_mitigation_mode", "monitor"), Fail},
		{"access logs on", "ECS-018.lb-access-logs", func(*inventory.LoadBalancer) {}, Pass},
		{"access logs off", "ECS-018.lb-access-logs", set("access_logs.s3.enabled", "false"), Warn},
		{"deletion protected", "REL-002.lb-deletion-protection", func(*inventory.LoadBalancer) {}, Pass},
		{"deletion unprotected", "REL-002.lb-deletion-protection", set("deletion_protection.enabled", "false"), Warn},
		{"attributes not collected", "ECS-015.drop-invalid-headers", func(l *inventory.LoadBalancer) { l.Attributes, l.AttributesCollected = nil, false }, Warn},
		{"attribute read failed", "REL-002.lb-deletion-protection", func(l *inventory.LoadBalancer) {
			l.Attributes, l.AttributesCollected = nil, false
			l.Gaps = []string{"elbv2 DescribeLoadBalancerAttributes: AccessDenied"}
		}, Warn},
		{"another read of the load balancer failed", "ECS-015.desync-mitigation", func(l *inventory.LoadBalancer) {
			l.Gaps = []string{"elbv2 DescribeTags: Throttling"}
		}, Warn},
		{"attribute missing from the answer", "ECS-018.lb-access-logs", func(l *inventory.LoadBalancer) { delete(l.Attributes, "access_logs.s3.enabled") }, Warn},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := fxWeb()
			tc.edit(&r.ELB.LoadBalancers[0])
			fs := fxRunCheck(t, fxInput(fxSnap(r)), tc.check)
			if len(fs) != 1 || fs[0].Outcome != tc.want || !fxHas(fs, fxExpect{tc.check, tc.want, lb}) {
				t.Errorf("want one %s on %s; got:\n%s", tc.want, lb, fxDump(fs))
			}
		})
	}
}

// TestLoadBalancerAttributesSkipWhatTheyDoNotJudge: header and desync
// settings exist on application load balancers only; a network load
// balancer is judged for logs and deletion protection alone.
func TestLoadBalancerAttributesSkipWhatTheyDoNotJudge(t *testing.T) {
	r := fxWeb()
	nlb := &r.ELB.LoadBalancers[0]
	nlb.Type, nlb.Listeners = "network", nil
	nlb.Attributes = map[string]string{"deletion_protection.enabled": "false", "access_logs.s3.enabled": "false"}
	in := fxInput(fxSnap(r))
	for _, id := range []string{"ECS-015.drop-invalid-headers", "ECS-015.desync-mitigation"} {
		if fs := fxRunCheck(t, in, id); len(fs) != 1 || fs[0].Outcome != Info {
			t.Errorf("%s on a network load balancer: want one info, got:\n%s", id, fxDump(fs))
		}
	}
	if fs := fxRunCheck(t, in, "REL-002.lb-deletion-protection"); len(fs) != 1 || fs[0].Outcome != Warn {
		t.Errorf("deletion protection of a network load balancer: got:\n%s", fxDump(fs))
	}
}
