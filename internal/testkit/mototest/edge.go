package mototest

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/wafv2"
	waftypes "github.com/aws/aws-sdk-go-v2/service/wafv2/types"
)

// CertificateNotAfter is when the web listener's default (imported)
// certificate expires.
var CertificateNotAfter = time.Date(2035, 1, 1, 0, 0, 0, 0, time.UTC)

// SNICertificateNotAfter is when the listener's second certificate expires.
var SNICertificateNotAfter = time.Date(2034, 6, 1, 0, 0, 0, 0, time.UTC)

// certificate imports a fresh self-signed ECDSA P-256 certificate for
// web.example.com into ACM: the HTTPS listener's default certificate
// (moto checks that a listener's certificate exists in ACM or IAM).
func (b *estateBuilder) certificate() (string, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return "", err
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return "", err
	}
	return b.importCertificate("web.example.com", CertificateNotAfter, key, &key.PublicKey, &pem.Block{Type: "EC PRIVATE KEY", Bytes: kder})
}

// importCertificate imports a self-signed certificate for domain, valid
// from 2025 to notAfter, into ACM and returns its ARN. (Imported, not
// requested: moto turns a requested certificate from PENDING_VALIDATION
// to ISSUED after a minute, so two reads of the estate would differ.)
func (b *estateBuilder) importCertificate(domain string, notAfter time.Time, key crypto.Signer, pub crypto.PublicKey, keyPEM *pem.Block) (string, error) {
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: domain}, DNSNames: []string{domain},
		NotBefore: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: notAfter}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, pub, key)
	if err != nil {
		return "", err
	}
	out, err := acm.NewFromConfig(b.cfg).ImportCertificate(b.ctx, &acm.ImportCertificateInput{
		Certificate: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), PrivateKey: pem.EncodeToMemory(keyPEM)})
	if err != nil {
		return "", err
	}
	return aws.ToString(out.CertificateArn), nil
}

// edge gives the web load balancer's HTTPS listener a second, SNI
// certificate (api.example.com, RSA 2048, imported) and associates a
// regional web ACL "web-acl" with the load balancer.
func (b *estateBuilder) edge() error {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return err
	}
	b.e.SNICertificateARN, err = b.importCertificate("api.example.com", SNICertificateNotAfter, key, &key.PublicKey,
		&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
	if err != nil {
		return err
	}
	if _, err := elbv2.NewFromConfig(b.cfg).AddListenerCertificates(b.ctx, &elbv2.AddListenerCertificatesInput{ListenerArn: aws.String(b.e.HTTPSListener),
		Certificates: []elbtypes.Certificate{{CertificateArn: aws.String(b.e.SNICertificateARN)}}}); err != nil {
		return err
	}
	w := wafv2.NewFromConfig(b.cfg)
	acl, err := w.CreateWebACL(b.ctx, &wafv2.CreateWebACLInput{Name: aws.String("web-acl"), Scope: waftypes.ScopeRegional,
		DefaultAction:    &waftypes.DefaultAction{Allow: &waftypes.AllowAction{}},
		VisibilityConfig: &waftypes.VisibilityConfig{CloudWatchMetricsEnabled: true, MetricName: aws.String("web-acl"), SampledRequestsEnabled: true}})
	if err != nil {
		return err
	}
	b.e.WebACLARN = aws.ToString(acl.Summary.ARN)
	_, err = w.AssociateWebACL(b.ctx, &wafv2.AssociateWebACLInput{WebACLArn: acl.Summary.ARN, ResourceArn: aws.String(b.e.LoadBalancerARN)})
	return err
}
