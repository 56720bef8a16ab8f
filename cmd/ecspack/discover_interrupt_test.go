package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ecspack/ecspack/inventory"
)

// stallingAWS answers STS and EC2 like AWS (one VPC) and accepts every other
// call (ECS) without ever answering: a stalled endpoint.
func stallingAWS(quit <-chan struct{}) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		form, _ := url.ParseQuery(string(body))
		switch op := form.Get("Action"); {
		case op == "GetCallerIdentity":
			w.Header().Set("Content-Type", "text/xml")
			fmt.Fprint(w, `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::111122223333:user/auditor</Arn><UserId>AIDA</UserId><Account>111122223333</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>`)
		case op == "DescribeVpcs":
			w.Header().Set("Content-Type", "text/xml")
			fmt.Fprint(w, `<DescribeVpcsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId><vpcSet><item><vpcId>vpc-0partial</vpcId><cidrBlock>10.9.0.0/16</cidrBlock></item></vpcSet></DescribeVpcsResponse>`)
		case op != "":
			w.Header().Set("Content-Type", "text/xml")
			fmt.Fprintf(w, `<%sResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId></%sResponse>`, op, op)
		default:
			select { // accept, never answer
			case <-req.Context().Done():
			case <-quit:
			}
		}
	}))
}

// TestInterruptedDiscoverWritesAPartialSnapshot runs the real binary against
// an endpoint that stalls ECS, waits until the EC2 collector has reported
// (a progress line, not a timer), sends SIGINT and checks the contract: exit
// 130, FILE untouched (absent), FILE.partial.json written, marked
// incomplete, holding what was read before the interrupt, and stderr saying
// where it went.
func TestInterruptedDiscoverWritesAPartialSnapshot(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	work := t.TempDir()
	bin := filepath.Join(work, "ecspack")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	quit := make(chan struct{})
	srv := stallingAWS(quit)
	defer srv.Close()
	defer close(quit)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute) // a guard, not the signal's timing
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "discover", "--endpoint-url", srv.URL, "--region", "eu-west-1",
		"--services", "ec2,ecs", "-o", "inventory.json")
	cmd.Dir = work
	cmd.Env = append(os.Environ(), "AWS_ACCESS_KEY_ID=AKIDTEST", "AWS_SECRET_ACCESS_KEY=test", "AWS_SESSION_TOKEN=",
		"AWS_PROFILE=", "AWS_CONFIG_FILE="+filepath.Join(work, "none"), "AWS_SHARED_CREDENTIALS_FILE="+filepath.Join(work, "none"),
		"AWS_EC2_METADATA_DISABLED=true", "AWS_ENDPOINT_URL=")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var log strings.Builder
	sc := bufio.NewScanner(stderr)
	ready := false
	for sc.Scan() {
		log.WriteString(sc.Text() + "\n")
		if strings.Contains(sc.Text(), "eu-west-1: ec2 (") { // the EC2 collector is done; ECS is stalled
			ready = true
			break
		}
	}
	if !ready {
		_ = cmd.Wait()
		t.Fatalf("no progress line for the EC2 collector:\n%s", log.String())
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	rest, _ := io.ReadAll(stderr)
	log.Write(rest)
	err = cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != ExitInterrupted {
		t.Fatalf("exit: %v, want %d\n%s", err, ExitInterrupted, log.String())
	}
	if _, err := os.Stat(filepath.Join(work, "inventory.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the interrupted run wrote FILE itself (%v)", err)
	}
	partial := filepath.Join(work, "inventory.partial.json")
	snap, err := inventory.ReadFile(partial)
	if err != nil {
		t.Fatalf("the partial snapshot: %v\n%s", err, log.String())
	}
	if !snap.Collection.Incomplete {
		t.Error("the partial snapshot is not marked incomplete")
	}
	if len(snap.Accounts) != 1 || len(snap.Accounts[0].Regions) != 1 || len(snap.Accounts[0].Regions[0].Network.VPCs) != 1 {
		t.Errorf("what was read before the interrupt is missing: %+v", snap.Accounts)
	}
	if !strings.Contains(log.String(), "interrupted: wrote what was collected to inventory.partial.json, marked incomplete") || !strings.Contains(log.String(), "inventory.json was not changed") {
		t.Errorf("stderr does not say where the partial snapshot went:\n%s", log.String())
	}
}
