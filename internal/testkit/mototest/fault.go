package mototest

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
)

// FaultProxy stands between the SDK and moto and answers chosen operations
// with an AWS error in the operation's own wire format (JSON, query/XML,
// EC2 XML, REST-JSON, S3's and S3 Control's REST-XML), passing every other request through. Tests use it to
// make one read fail at a time, as throttling or a missing permission would.
type FaultProxy struct {
	// URL is the proxy's endpoint, to use instead of the Server's.
	URL string
	srv *httptest.Server

	mu sync.Mutex
	// faults maps "service Operation" (aws CLI service name) to the error
	// code it answers with.
	faults map[string]string
	hits   map[string]int
}

// NewFaultProxy starts a proxy in front of s; Close stops it.
func (s *Server) NewFaultProxy() *FaultProxy {
	target, _ := url.Parse(s.URL)
	p := &FaultProxy{faults: map[string]string{}, hits: map[string]int{}}
	rp := httputil.NewSingleHostReverseProxy(target)
	p.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(body))
		svc, op, proto := classify(req, body)
		key := svc + " " + op
		p.mu.Lock()
		p.hits[key]++
		code := p.faults[key]
		p.mu.Unlock()
		if code == "" {
			rp.ServeHTTP(w, req)
			return
		}
		writeFault(w, proto, code)
	}))
	p.URL = p.srv.URL
	return p
}

// Close stops the proxy.
func (p *FaultProxy) Close() { p.srv.Close() }

// Fail makes every request of the operation ("iam GetRolePolicy") answer
// with code ("Throttling", "AccessDenied"); an empty code clears it.
func (p *FaultProxy) Fail(op, code string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if code == "" {
		delete(p.faults, op)
		return
	}
	p.faults[op] = code
}

// Hits returns how many requests of the operation the proxy has seen.
func (p *FaultProxy) Hits(op string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.hits[op]
}

// signingServices maps SigV4 signing names to aws CLI service names.
var signingServices = map[string]string{
	"elasticloadbalancing": "elbv2", "elasticfilesystem": "efs", "monitoring": "cloudwatch",
}

// classify names the service, operation and wire protocol of a request.
func classify(req *http.Request, body []byte) (service, op, proto string) {
	auth := req.Header.Get("Authorization")
	if i := strings.Index(auth, "Credential="); i >= 0 {
		if parts := strings.Split(auth[i:], "/"); len(parts) > 3 {
			service = parts[3]
		}
	}
	if s, ok := signingServices[service]; ok {
		service = s
	}
	if t := req.Header.Get("X-Amz-Target"); t != "" {
		return service, t[strings.LastIndexByte(t, '.')+1:], "json"
	}
	if form, err := url.ParseQuery(string(body)); err == nil && form.Get("Action") != "" {
		if service == "ec2" {
			return service, form.Get("Action"), "ec2"
		}
		return service, form.Get("Action"), "query"
	}
	p := strings.Trim(req.URL.Path, "/")
	seg := strings.Split(p, "/")
	switch service {
	case "efs": // /2015-02-01/file-systems[/ID/backup-policy|policy], mount-targets[/ID/security-groups], access-points
		switch {
		case strings.HasSuffix(p, "/security-groups"):
			op = "DescribeMountTargetSecurityGroups"
		case strings.HasSuffix(p, "/backup-policy"):
			op = "DescribeBackupPolicy"
		case strings.HasSuffix(p, "/policy"):
			op = "DescribeFileSystemPolicy"
		case strings.Contains(p, "mount-targets"):
			op = "DescribeMountTargets"
		case strings.Contains(p, "access-points"):
			op = "DescribeAccessPoints"
		case strings.Contains(p, "file-systems"):
			op = "DescribeFileSystems"
		}
	case "s3": // GET /BUCKET?location|versioning|object-lock|publicAccessBlock (path style)
		if seg[0] == "v20180820" { // S3 Control, which signs as s3: GET /v20180820/configuration/publicAccessBlock
			if p == "v20180820/configuration/publicAccessBlock" && req.Method == http.MethodGet {
				op = "GetPublicAccessBlock"
			}
			return "s3control", op, "rest-xml-wrapped"
		}
		q := req.URL.Query()
		for sub, name := range map[string]string{"location": "GetBucketLocation", "versioning": "GetBucketVersioning",
			"object-lock": "GetObjectLockConfiguration", "publicAccessBlock": "GetPublicAccessBlock",
			"encryption": "GetBucketEncryption", "policy": "GetBucketPolicy"} {
			if _, ok := q[sub]; ok && req.Method == http.MethodGet {
				return service, name, "rest-xml"
			}
		}
	case "guardduty": // GET /detector, GET /detector/ID
		if len(seg) == 1 && seg[0] == "detector" {
			op = "ListDetectors"
		} else if len(seg) == 2 && seg[0] == "detector" {
			op = "GetDetector"
		}
	}
	if i := strings.Index(p, "/operation/"); i >= 0 { // rpc-v2 CBOR
		op = p[i+len("/operation/"):]
	}
	return service, op, "rest-json"
}

func writeFault(w http.ResponseWriter, proto, code string) {
	status := http.StatusBadRequest
	if strings.HasPrefix(code, "AccessDenied") {
		status = http.StatusForbidden
	}
	msg := "injected " + code
	switch proto {
	case "ec2":
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(status)
		fmt.Fprintf(w, `<Response><Errors><Error><Code>%s</Code><Message>%s</Message></Error></Errors><RequestID>r</RequestID></Response>`, code, msg)
	case "query", "rest-xml-wrapped": // S3 Control's errors are wrapped as the query protocol's
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(status)
		fmt.Fprintf(w, `<ErrorResponse><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error><RequestId>r</RequestId></ErrorResponse>`, code, msg)
	case "rest-xml":
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(status)
		fmt.Fprintf(w, `<Error><Code>%s</Code><Message>%s</Message><RequestId>r</RequestId></Error>`, code, msg)
	default:
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.Header().Set("X-Amzn-ErrorType", code)
		w.WriteHeader(status)
		fmt.Fprintf(w, `{"__type":%q,"message":%q}`, code, msg)
	}
}
