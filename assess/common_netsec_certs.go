package assess

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ecspack/ecspack/inventory"
)

// The NETSEC-002 checks of the certificates the load balancers' HTTPS and
// TLS listeners serve. NETSEC-002 asks how the traffic of the endpoints
// exposed to the internet is encrypted: a certificate that has expired, or
// will within days, ends that encryption for every client that checks it,
// and a short RSA key weakens it. Time is the snapshot's collection time,
// never the clock, so the verdicts are the same however late the report
// is built. Registered in netsecChecks (common_netsec.go).

// certExpiryWindow is how close to the collection a certificate's expiry
// fails (Security Hub ACM.1 and prowler's default: 30 days).
const certExpiryWindow = 30 * 24 * time.Hour

// minRSABits is the shortest RSA key Security Hub ACM.2 accepts.
const minRSABits = 2048

// servedCert is one certificate the listeners of an account-region serve.
type servedCert struct {
	arn string
	rv  *RegionView
	// cert is what acm DescribeCertificate said; nil when not described.
	cert *inventory.Certificate
	// by names the listeners serving it: "web-alb HTTPS:443".
	by []string
}

// label is "certificate web.example.com (served by web-alb HTTPS:443)".
func (c *servedCert) label() string {
	name := inventory.ShortName(c.arn)
	if c.cert != nil && c.cert.Domain != "" {
		name = c.cert.Domain
	}
	return "certificate " + name + " (served by " + listUpTo(c.by, 3) + ")"
}

// unknown returns the finding for a certificate whose facts were not
// collected, or nil when they were.
func (c *servedCert) unknown(what, ev string) *Finding {
	var why string
	switch {
	case !isACMCertificateARN(c.arn):
		why = "is not an ACM certificate (an IAM server certificate, which ACM does not describe)"
	case c.cert == nil:
		why = "was not described (acm DescribeCertificate)"
	case len(c.cert.Gaps) > 0:
		why = "could not be described (" + strings.Join(c.cert.Gaps, "; ") + ")"
	default:
		return nil
	}
	return &Finding{Outcome: Info, Resource: c.arn, Evidence: ev, Message: c.label() + " " + why + ": its " + what + " is unknown"}
}

// isACMCertificateARN reports whether a listener's certificate is ACM's.
func isACMCertificateARN(arn string) bool {
	parts := strings.SplitN(arn, ":", 6)
	return len(parts) == 6 && parts[2] == "acm"
}

// servedCerts lists the certificates the listeners serve, each once per
// account-region, in the order the load balancers and listeners list them.
func servedCerts(in *Input) []*servedCert {
	var out []*servedCert
	for i := range in.Regions {
		rv := &in.Regions[i]
		byARN := map[string]*servedCert{}
		for _, lb := range rv.Region.ELB.LoadBalancers {
			for _, l := range lb.Listeners {
				for _, arn := range l.Certificates {
					sc := byARN[arn]
					if sc == nil {
						sc = &servedCert{arn: arn, rv: rv}
						for j := range rv.Region.ELB.Certificates {
							if rv.Region.ELB.Certificates[j].ARN == arn {
								sc.cert = &rv.Region.ELB.Certificates[j]
							}
						}
						byARN[arn] = sc
						out = append(out, sc)
					}
					sc.by = append(sc.by, lb.Name+" "+l.Protocol+":"+strconv.Itoa(l.Port))
				}
			}
		}
	}
	return out
}

// unlistedListeners says, for each HTTPS or TLS listener whose
// certificates DescribeListenerCertificates did not list, that what it
// serves beyond its default certificate is unknown.
func unlistedListeners(in *Input, ev string) []Finding {
	var fs []Finding
	for _, rv := range in.Regions {
		for _, lb := range rv.Region.ELB.LoadBalancers {
			for _, l := range lb.Listeners {
				if (l.Protocol == "HTTPS" || l.Protocol == "TLS") && !l.CertificatesListed {
					fs = append(fs, Finding{Outcome: Info, Resource: l.ARN, Evidence: ev,
						Message: fmt.Sprintf("the certificates of listener %s %s:%d were not listed (elbv2 DescribeListenerCertificates): any it serves beyond its default one are not judged", lb.Name, l.Protocol, l.Port)})
				}
			}
		}
	}
	return fs
}

func checkCertificateExpiry(in *Input) []Finding {
	const ev = "acm:DescribeCertificate NotAfter, Status, Type, RenewalEligibility; elbv2:DescribeListeners Certificates; elbv2:DescribeListenerCertificates"
	at := in.Snapshot.Collection.StartedAt
	var fs []Finding
	for _, sc := range servedCerts(in) {
		fs = append(fs, certExpiryFinding(sc, at, ev))
	}
	return boundFindings(append(fs, unlistedListeners(in, ev)...))
}

// certExpiryFinding judges one certificate's expiry against the time the
// snapshot was collected.
func certExpiryFinding(sc *servedCert, at time.Time, ev string) Finding {
	if f := sc.unknown("expiry", ev); f != nil {
		return *f
	}
	c := sc.cert
	day := func(t time.Time) string { return t.UTC().Format("2006-01-02") }
	switch {
	case c.NotAfter.IsZero():
		return Finding{Outcome: Info, Resource: sc.arn, Evidence: ev, Message: sc.label() + " has no expiry date in ACM's answer (status " + c.Status + "): its expiry is unknown"}
	case at.IsZero():
		return Finding{Outcome: Info, Resource: sc.arn, Evidence: ev, Message: sc.label() + " expires on " + day(c.NotAfter) + "; the snapshot records no collection time to judge it against"}
	}
	left := c.NotAfter.Sub(at)
	renew := "import a renewed certificate into the same ARN (aws acm import-certificate --certificate-arn " + sc.arn + " ...) or replace it with an ACM-issued one, which ACM renews"
	if c.Type == "AMAZON_ISSUED" {
		renew = "find why ACM has not renewed it (aws acm describe-certificate --certificate-arn " + sc.arn + ": RenewalSummary, the domain validation records) and fix the validation"
	}
	switch {
	case c.Status == "EXPIRED" || c.Status == "REVOKED" || left <= 0:
		what := "expired on " + day(c.NotAfter)
		if c.Status == "REVOKED" {
			what = "is revoked"
		}
		return Finding{Outcome: Fail, Resource: sc.arn, Evidence: ev, Remediation: renew + "; until then clients refuse the endpoint or learn to ignore certificate errors",
			Message: fmt.Sprintf("%s %s (status %s, collected %s)", sc.label(), what, c.Status, day(at))}
	case left < certExpiryWindow:
		return Finding{Outcome: Fail, Resource: sc.arn, Evidence: ev, Remediation: renew,
			Message: fmt.Sprintf("%s expires on %s, %d days after the snapshot was collected (%s; type %s, renewal %s)", sc.label(), day(c.NotAfter), int(left.Hours()/24), day(at), c.Type, strings.ToLower(c.RenewalEligibility))}
	}
	how := "ACM renews it"
	if c.Type != "AMAZON_ISSUED" {
		how = "type " + c.Type + ": someone must import its successor before then"
	}
	return Finding{Outcome: Pass, Resource: sc.arn, Evidence: ev,
		Message: fmt.Sprintf("%s expires on %s, %d days after the snapshot was collected (%s)", sc.label(), day(c.NotAfter), int(left.Hours()/24), how)}
}

func checkCertificateKey(in *Input) []Finding {
	const ev = "acm:DescribeCertificate KeyAlgorithm; elbv2:DescribeListeners Certificates; elbv2:DescribeListenerCertificates"
	var fs []Finding
	for _, sc := range servedCerts(in) {
		if f := sc.unknown("key algorithm", ev); f != nil {
			fs = append(fs, *f)
			continue
		}
		alg := sc.cert.KeyAlgorithm
		bits, isRSA := strings.CutPrefix(alg, "RSA_")
		n, err := strconv.Atoi(bits)
		switch {
		case alg == "":
			fs = append(fs, Finding{Outcome: Info, Resource: sc.arn, Evidence: ev, Message: sc.label() + " has no key algorithm in ACM's answer: its key is unknown"})
		case isRSA && err == nil && n < minRSABits:
			fs = append(fs, Finding{Outcome: Warn, Resource: sc.arn, Evidence: ev,
				Message:     fmt.Sprintf("%s has a %d-bit RSA key, shorter than %d bits (Security Hub ACM.2)", sc.label(), n, minRSABits),
				Remediation: "request or import a certificate with an RSA 2048-bit or ECDSA P-256 key and replace this one on the listeners (aws elbv2 modify-listener --certificates / add-listener-certificates)"})
		default:
			fs = append(fs, Finding{Outcome: Pass, Resource: sc.arn, Evidence: ev, Message: sc.label() + " has a " + alg + " key"})
		}
	}
	return boundFindings(fs)
}
