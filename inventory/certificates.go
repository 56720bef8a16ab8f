package inventory

import "time"

// WebACL names the AWS WAF web ACL a load balancer is associated with
// (NETSEC-001: "other AWS security services to protect network
// security"); its rules are not kept.
type WebACL struct {
	Name string `json:"name"`
	ARN  string `json:"arn"`
}

// Certificate is what acm DescribeCertificate says of a certificate a
// listener serves (NETSEC-002: how traffic to the endpoints exposed to the
// internet is encrypted): when it expires, whether ACM renews it, its key.
// Neither the certificate body nor its private key is read.
type Certificate struct {
	ARN    string `json:"arn"`
	Domain string `json:"domain,omitempty"`
	// Status is "ISSUED", "EXPIRED", "PENDING_VALIDATION", "INACTIVE",
	// "REVOKED", "FAILED" or "VALIDATION_TIMED_OUT".
	Status string `json:"status,omitempty"`
	// Type is "AMAZON_ISSUED" (ACM renews it), "IMPORTED" (someone must
	// re-import it before it expires) or "PRIVATE".
	Type     string    `json:"type,omitempty"`
	NotAfter time.Time `json:"not_after,omitzero"`
	// KeyAlgorithm is e.g. "RSA_2048", "RSA_1024", "EC_prime256v1".
	KeyAlgorithm string `json:"key_algorithm,omitempty"`
	// RenewalEligibility is "ELIGIBLE" or "INELIGIBLE" for managed renewal.
	RenewalEligibility string `json:"renewal_eligibility,omitempty"`
	// InUse is true when ACM lists resources using the certificate (InUseBy).
	InUse bool `json:"in_use,omitempty"`
	// Gaps is set when a listener serves the certificate but
	// DescribeCertificate failed: only ARN is then a fact.
	Gaps []string `json:"gaps,omitempty"`
}
