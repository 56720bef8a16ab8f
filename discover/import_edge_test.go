package discover

import (
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// TestImportWebACLsAndCertificates imports the aws CLI outputs of the WAF
// and certificate reads in the shapes AWS prints them: an ALB with no web
// ACL (an empty answer is a fact), an HTTPS listener with an SNI
// certificate, one certificate described (epoch timestamps, as CLI v1
// prints them) and one whose describe failed (a gap, not a pass).
func TestImportWebACLsAndCertificates(t *testing.T) {
	const (
		acct     = "123456789012"
		lbARN    = "arn:aws:elasticloadbalancing:eu-west-1:" + acct + ":loadbalancer/app/web/50dc6c495c0c9188"
		listener = "arn:aws:elasticloadbalancing:eu-west-1:" + acct + ":listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2"
		cert1    = "arn:aws:acm:eu-west-1:" + acct + ":certificate/12345678-1234-1234-1234-123456789012"
		cert2    = "arn:aws:acm:eu-west-1:" + acct + ":certificate/5fb0e7f4-7d64-4a61-9cd5-8c1bd3b1d0a2"
	)
	dir := t.TempDir()
	key := func(s string) string { return url.PathEscape(s) }
	files := map[string]string{
		"elbv2/describe-load-balancers.json": `{"LoadBalancers":[{"LoadBalancerArn":"` + lbARN + `","LoadBalancerName":"web","Scheme":"internet-facing","Type":"application","VpcId":"vpc-1","State":{"Code":"active"}}]}`,
		"elbv2/describe-listeners." + key(lbARN) + ".json": `{"Listeners":[{"ListenerArn":"` + listener + `","LoadBalancerArn":"` + lbARN + `","Port":443,"Protocol":"HTTPS",` +
			`"Certificates":[{"CertificateArn":"` + cert1 + `"}],"SslPolicy":"ELBSecurityPolicy-TLS13-1-2-2021-06","DefaultActions":[{"Type":"fixed-response"}]}]}`,
		"elbv2/describe-listener-certificates." + key(listener) + ".json": `{"Certificates":[{"CertificateArn":"` + cert1 + `","IsDefault":true},{"CertificateArn":"` + cert2 + `","IsDefault":false}]}`,
		"wafv2/get-web-acl-for-resource." + key(lbARN) + ".json":          `{}`,
		"acm/describe-certificate." + key(cert1) + ".json": `{"Certificate":{"CertificateArn":"` + cert1 + `","DomainName":"www.example.com","InUseBy":["` + lbARN + `"],` +
			`"NotBefore":1717200000.0,"NotAfter":1751327999.0,"Status":"ISSUED","Type":"AMAZON_ISSUED","KeyAlgorithm":"RSA_2048","RenewalEligibility":"ELIGIBLE",` +
			`"DomainValidationOptions":[{"DomainName":"www.example.com","ValidationDomain":"www.example.com","ValidationStatus":"SUCCESS"}]}}`,
		"acm/describe-certificate." + key(cert2) + ".json.err": "An error occurred (AccessDeniedException) when calling the DescribeCertificate operation: not authorized",
	}
	for name, body := range files {
		p := filepath.Join(dir, "eu-west-1", name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	snap, err := Import(dir, ImportOptions{Account: acct, Now: fixedClock})
	if err != nil {
		t.Fatal(err)
	}
	reg := regionOf(snap, acct, "eu-west-1")
	if reg == nil || len(reg.ELB.LoadBalancers) != 1 {
		t.Fatalf("region: %+v", reg)
	}
	lb := reg.ELB.LoadBalancers[0]
	if !lb.WebACLCollected || lb.WebACL != nil {
		t.Errorf("web ACL: %+v (collected %v): an empty answer means none is associated", lb.WebACL, lb.WebACLCollected)
	}
	if len(lb.Listeners) != 1 || !lb.Listeners[0].CertificatesListed || !slices.Equal(lb.Listeners[0].Certificates, []string{cert1, cert2}) {
		t.Errorf("listener certificates: %+v", lb.Listeners)
	}
	if len(reg.ELB.Certificates) != 2 {
		t.Fatalf("certificates: %+v", reg.ELB.Certificates)
	}
	for _, c := range reg.ELB.Certificates {
		switch c.ARN {
		case cert1:
			if c.Domain != "www.example.com" || !c.NotAfter.Equal(time.Unix(1751327999, 0)) || c.Status != "ISSUED" || c.Type != "AMAZON_ISSUED" ||
				c.KeyAlgorithm != "RSA_2048" || c.RenewalEligibility != "ELIGIBLE" || !c.InUse || len(c.Gaps) != 0 {
				t.Errorf("described certificate: %+v", c)
			}
		case cert2:
			if len(c.Gaps) != 1 || c.Status != "" || !c.NotAfter.IsZero() {
				t.Errorf("the certificate whose describe failed: %+v", c)
			}
		}
	}
}
