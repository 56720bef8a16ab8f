package assess

import (
	"strings"
	"testing"
	"time"

	"github.com/ecspack/ecspack/inventory"
)

func TestCertificateChecks(t *testing.T) {
	const (
		certARN = "arn:aws:acm:eu-west-1:" + fxAcct + ":certificate/web"
		iamCert = "arn:aws:iam::" + fxAcct + ":server-certificate/legacy"
		expiry  = "NETSEC-002.certificate-expiry"
		key     = "NETSEC-002.certificate-key"
	)
	collected := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	issued := inventory.Certificate{ARN: certARN, Domain: "web.example.com", Status: "ISSUED", Type: "AMAZON_ISSUED", KeyAlgorithm: "RSA_2048",
		RenewalEligibility: "ELIGIBLE", InUse: true, NotAfter: collected.AddDate(0, 6, 0)}
	with := func(mod func(*inventory.Certificate)) func(*inventory.Region) {
		return func(r *inventory.Region) {
			c := issued
			if mod != nil {
				mod(&c)
			}
			r.ELB.Certificates = []inventory.Certificate{c}
		}
	}
	for _, tc := range []struct {
		name   string
		mutate func(*inventory.Region)
		at     time.Time
		check  string
		want   Outcome
		msg    string
	}{
		{"six months left passes", with(nil), collected, expiry, Pass, "expires on 2026-09-01, 184 days after the snapshot was collected (ACM renews it)"},
		{"an imported certificate says who renews it", with(func(c *inventory.Certificate) { c.Type = "IMPORTED" }), collected, expiry, Pass, "someone must import its successor"},
		{"expiring in 20 days fails", with(func(c *inventory.Certificate) { c.NotAfter = collected.AddDate(0, 0, 20) }), collected, expiry, Fail, "expires on 2026-03-21, 20 days after"},
		{"expired fails", with(func(c *inventory.Certificate) { c.NotAfter, c.Status = collected.AddDate(0, 0, -2), "EXPIRED" }), collected, expiry, Fail, "expired on 2026-02-27"},
		{"judged at the collection, not today", with(func(c *inventory.Certificate) { c.NotAfter = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC) }),
			time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC), expiry, Pass, "365 days after"},
		{"no collection time is unknown", with(nil), time.Time{}, expiry, Info, "no collection time"},
		{"a failed describe is unknown, not a pass", with(func(c *inventory.Certificate) {
			*c = inventory.Certificate{ARN: certARN, Gaps: []string{"acm DescribeCertificate: AccessDenied"}}
		}),
			collected, expiry, Info, "could not be described"},
		{"not described is unknown", nil, collected, expiry, Info, "was not described"},
		{"an IAM server certificate is unknown", func(r *inventory.Region) {
			r.ELB.LoadBalancers[0].Listeners[1].Certificates = []string{iamCert}
		}, collected, expiry, Info, "not an ACM certificate"},
		{"RSA 2048 passes", with(nil), collected, key, Pass, "has a RSA_2048 key"},
		{"ECDSA passes", with(func(c *inventory.Certificate) { c.KeyAlgorithm = "EC_prime256v1" }), collected, key, Pass, "EC_prime256v1"},
		{"RSA 1024 warns", with(func(c *inventory.Certificate) { c.KeyAlgorithm = "RSA_1024" }), collected, key, Warn, "1024-bit RSA key"},
		{"a key not described is unknown", nil, collected, key, Info, "key algorithm is unknown"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := fxWeb()
			l := &r.ELB.LoadBalancers[0].Listeners[1]
			l.Certificates, l.CertificatesListed = []string{certARN}, true
			if tc.mutate != nil {
				tc.mutate(&r)
			}
			snap := fxSnap(r)
			snap.Collection.StartedAt = tc.at
			fs := fxRunCheck(t, fxInput(snap), tc.check)
			if len(fs) != 1 || fs[0].Outcome != tc.want || !strings.Contains(fs[0].Message, tc.msg) {
				t.Fatalf("want one %s containing %q, got:\n%s", tc.want, tc.msg, fxDump(fs))
			}
			if fs[0].Outcome == Fail || fs[0].Outcome == Warn {
				fxAssert(t, fs, fxExpect{tc.check, tc.want, fs[0].Resource})
			}
		})
	}
}

// TestCertificatesNotListed: an HTTPS listener whose certificates
// DescribeListenerCertificates did not list says so; its default
// certificate is still judged.
func TestCertificatesNotListed(t *testing.T) {
	r := fxWeb()
	r.ELB.LoadBalancers[0].Listeners[1].Certificates = []string{"arn:aws:acm:eu-west-1:" + fxAcct + ":certificate/web"}
	snap := fxSnap(r)
	snap.Collection.StartedAt = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	fs := fxRunCheck(t, fxInput(snap), "NETSEC-002.certificate-expiry")
	fxAssert(t, fs, fxExpect{"NETSEC-002.certificate-expiry", Info, "/l443"}, fxExpect{"NETSEC-002.certificate-expiry", Info, "certificate/web"})
	if len(fs) != 2 {
		t.Errorf("want 2 findings, got:\n%s", fxDump(fs))
	}
}

func TestWebACL(t *testing.T) {
	const id = "NETSEC-001.waf"
	for _, tc := range []struct {
		name   string
		mutate func(*inventory.LoadBalancer)
		want   Outcome
		msg    string
	}{
		{"a web ACL passes", func(lb *inventory.LoadBalancer) {
			lb.WebACL, lb.WebACLCollected = &inventory.WebACL{Name: "edge", ARN: "arn:aws:wafv2:eu-west-1:" + fxAcct + ":regional/webacl/edge/1"}, true
		}, Pass, "associated with AWS WAF web ACL edge"},
		{"none warns", func(lb *inventory.LoadBalancer) { lb.WebACLCollected = true }, Warn, "has no AWS WAF web ACL"},
		{"not read is unknown, not a pass", nil, Info, "was not read"},
		{"an internal load balancer is not judged", func(lb *inventory.LoadBalancer) { lb.Scheme, lb.WebACLCollected = "internal", true }, "", ""},
		{"a network load balancer is not judged", func(lb *inventory.LoadBalancer) { lb.Type, lb.WebACLCollected = "network", true }, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := fxWeb()
			if tc.mutate != nil {
				tc.mutate(&r.ELB.LoadBalancers[0])
			}
			fs := fxRunCheck(t, fxInput(fxSnap(r)), id)
			if tc.want == "" {
				if len(fs) != 0 {
					t.Fatalf("want no finding, got:\n%s", fxDump(fs))
				}
				return
			}
			if len(fs) != 1 || fs[0].Outcome != tc.want || !strings.Contains(fs[0].Message, tc.msg) {
				t.Fatalf("want one %s containing %q, got:\n%s", tc.want, tc.msg, fxDump(fs))
			}
			fxAssert(t, fs, fxExpect{id, tc.want, "web-alb"})
		})
	}
}
