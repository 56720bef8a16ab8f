package discover

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

// s3controlReplay answers STS GetCallerIdentity and S3 Control
// GetPublicAccessBlock in their wire formats (query/XML; REST-XML with the
// configuration as the payload, errors wrapped in ErrorResponse as S3
// Control sends them), and records the requests it saw.
type s3controlReplay struct {
	status int    // of GetPublicAccessBlock
	body   string // of GetPublicAccessBlock
	mu     sync.Mutex
	seen   []*http.Request
}

func (r *s3controlReplay) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	r.seen = append(r.seen, req)
	r.mu.Unlock()
	w.Header().Set("Content-Type", "text/xml")
	switch {
	case strings.Contains(string(body), "Action=GetCallerIdentity"):
		fmt.Fprintf(w, `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::%s:user/auditor</Arn><UserId>AIDA</UserId><Account>%s</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>`, synthAccount, synthAccount)
	case req.Method == http.MethodGet && req.URL.Path == "/v20180820/configuration/publicAccessBlock":
		w.WriteHeader(r.status)
		io.WriteString(w, r.body)
	default:
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `<ErrorResponse><Error><Code>UnknownOperation</Code><Message>%s %s</Message></Error></ErrorResponse>`, req.Method, req.URL)
	}
}

// s3controlError is an S3 Control error response.
func s3controlError(code string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<ErrorResponse><Error><Code>` + code + `</Code><Message>` + code + ` (replayed)</Message><AccountId>` +
		synthAccount + `</AccountId></Error><RequestId>r</RequestId><HostId>h</HostId></ErrorResponse>`
}

// TestDiscoverAccountPublicAccessBlock reads the account's S3 Block Public
// Access once per account from a custom endpoint (whose host the request
// keeps, the account id going in its header): the four settings as S3
// Control returns them; NoSuchPublicAccessBlockConfiguration as an account
// without a block (an answer, no gap); any other error as a gap on the
// account's block and a collection error, the settings unknown.
func TestDiscoverAccountPublicAccessBlock(t *testing.T) {
	for _, tc := range []struct {
		name   string
		status int
		body   string
		want   *inventory.S3AccountBlock
		errs   []string
	}{
		{"three settings on", http.StatusOK, `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
			`<PublicAccessBlockConfiguration xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/"><BlockPublicAcls>true</BlockPublicAcls>` +
			`<IgnorePublicAcls>true</IgnorePublicAcls><BlockPublicPolicy>true</BlockPublicPolicy><RestrictPublicBuckets>false</RestrictPublicBuckets></PublicAccessBlockConfiguration>`,
			&inventory.S3AccountBlock{BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true}, nil},
		{"no block configured is an answer", http.StatusNotFound, s3controlError("NoSuchPublicAccessBlockConfiguration"), &inventory.S3AccountBlock{}, nil},
		{"a denied read is a gap", http.StatusForbidden, s3controlError("AccessDenied"),
			&inventory.S3AccountBlock{Gaps: []string{"s3control GetPublicAccessBlock: AccessDenied"}}, []string{synthAccount + " s3control GetPublicAccessBlock AccessDenied"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rp := &s3controlReplay{status: tc.status, body: tc.body}
			srv := httptest.NewServer(rp)
			defer srv.Close()
			snap, err := RunConfig(context.Background(), testConfig(srv.URL), Options{Services: []string{"s3control"}, Now: fixedClock})
			if err != nil {
				t.Fatal(err)
			}
			if got := snap.Accounts[0].S3PublicAccessBlock; !reflect.DeepEqual(got, tc.want) {
				t.Errorf("account block: got %+v, want %+v", got, tc.want)
			}
			var errs []string
			for _, e := range snap.Collection.Errors {
				errs = append(errs, e.Account+" "+e.Service+" "+e.Operation+" "+e.Code)
			}
			if !reflect.DeepEqual(errs, tc.errs) {
				t.Errorf("collection errors: got %q, want %q", errs, tc.errs)
			}
			var calls []string
			for _, c := range snap.Collection.Calls {
				calls = append(calls, fmt.Sprintf("%s %s %d", c.Service, c.Operation, c.Count))
			}
			if want := []string{"s3control GetPublicAccessBlock 1", "sts GetCallerIdentity 1"}; !reflect.DeepEqual(calls, want) {
				t.Errorf("calls: got %q, want %q (once per account)", calls, want)
			}
			host := strings.TrimPrefix(srv.URL, "http://")
			for _, req := range rp.seen {
				if req.URL.Path != "/v20180820/configuration/publicAccessBlock" {
					continue
				}
				if req.Host != host || req.Header.Get("X-Amz-Account-Id") != synthAccount {
					t.Errorf("request to host %q with account %q: want the endpoint's own host %q, the account in the header", req.Host, req.Header.Get("X-Amz-Account-Id"), host)
				}
			}
		})
	}
}

// TestImportAccountPublicAccessBlock reads DIR/s3control as the collect
// script leaves it: the aws CLI's output (the example shipped with the aws
// CLI); a failure file naming NoSuchPublicAccessBlockConfiguration (an
// answer); one naming another error (a gap); no file (an older script: the
// block stays unknown, and a gap says the file is missing).
func TestImportAccountPublicAccessBlock(t *testing.T) {
	const example = `{
   "PublicAccessBlockConfiguration": {
      "BlockPublicPolicy": true,
      "RestrictPublicBuckets": true,
      "IgnorePublicAcls": true,
      "BlockPublicAcls": true
   }
}`
	const file = "s3control/get-public-access-block.json"
	for _, tc := range []struct {
		name, rel, body string
		want            *inventory.S3AccountBlock
		gap             string // code of the one collection error, "" for none
	}{
		{"the aws CLI's output", file, example, &inventory.S3AccountBlock{BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true}, ""},
		{"no block configured", file + ".err", "\nAn error occurred (NoSuchPublicAccessBlockConfiguration) when calling the GetPublicAccessBlock operation: The public access block configuration was not found\n",
			&inventory.S3AccountBlock{}, ""},
		{"a denied read", file + ".err", "\nAn error occurred (AccessDenied) when calling the GetPublicAccessBlock operation: Access Denied\n",
			&inventory.S3AccountBlock{Gaps: []string{"s3control GetPublicAccessBlock: CallFailed"}}, "CallFailed"},
		{"no file", "", "", nil, "MissingFile"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			write := func(rel, body string) { writeOutput(t, dir, rel, body) }
			write("sts/get-caller-identity.json", `{"Account":"`+synthAccount+`"}`)
			write("iam/get-account-summary.json", `{"SummaryMap":{"Roles":1}}`)
			if tc.rel != "" {
				write(tc.rel, tc.body)
			}
			snap, err := Import(dir, ImportOptions{Now: fixedClock})
			if err != nil {
				t.Fatal(err)
			}
			if len(snap.Accounts) != 1 || len(snap.Accounts[0].Regions) != 0 {
				t.Fatalf("the s3control folder is no region: %+v", snap.Accounts)
			}
			if got := snap.Accounts[0].S3PublicAccessBlock; !reflect.DeepEqual(got, tc.want) {
				t.Errorf("account block: got %+v, want %+v", got, tc.want)
			}
			var codes []string
			for _, e := range snap.Collection.Errors {
				if e.Service != "s3control" || e.Operation != "GetPublicAccessBlock" || e.Account != synthAccount || e.Region != "" || !strings.Contains(e.Message, file) {
					t.Errorf("collection error: %+v", e)
				}
				codes = append(codes, e.Code)
			}
			if got := strings.Join(codes, " "); got != tc.gap {
				t.Errorf("collection errors %q, want %q", got, tc.gap)
			}
		})
	}
}
