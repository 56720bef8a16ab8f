package discover

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// testConfig returns a configuration that talks to url with static credentials.
func testConfig(url string) aws.Config {
	return aws.Config{
		Region:       "eu-west-1",
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDTEST", "SECRET", ""),
		BaseEndpoint: aws.String(url),
		Retryer:      func() aws.Retryer { return aws.NopRetryer{} },
	}
}

func TestGuardRefusesWritesBeforeTheyLeave(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		_, _ = w.Write([]byte(`{"clusterArns":[]}`))
	}))
	defer srv.Close()
	rec := newRecorder()
	cfg := guarded(testConfig(srv.URL), rec, 2, false)
	c := ecs.NewFromConfig(cfg)

	_, err := c.CreateCluster(context.Background(), &ecs.CreateClusterInput{ClusterName: aws.String("evil")})
	if !errors.Is(err, ErrNotReadOnly) {
		t.Fatalf("CreateCluster: want ErrNotReadOnly, got %v", err)
	}
	_, err = c.DeleteCluster(context.Background(), &ecs.DeleteClusterInput{Cluster: aws.String("prod")})
	if !errors.Is(err, ErrNotReadOnly) {
		t.Fatalf("DeleteCluster: want ErrNotReadOnly, got %v", err)
	}
	if n := hits.Load(); n != 0 {
		t.Fatalf("a refused write reached the server (%d requests)", n)
	}
	// A declared read goes through and is counted.
	if _, err := c.ListClusters(context.Background(), &ecs.ListClustersInput{}); err != nil {
		t.Fatalf("ListClusters: %v", err)
	}
	if hits.Load() != 1 || rec.calls[Operation{"ecs", "ListClusters"}] != 1 {
		t.Fatalf("read not served or not counted: hits=%d calls=%v", hits.Load(), rec.calls)
	}
	if len(rec.calls) != 1 {
		t.Fatalf("refused calls must not be counted: %v", rec.calls)
	}
}

func TestGuardRefusesUndeclaredReads(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	c := ec2.NewFromConfig(guarded(testConfig(srv.URL), newRecorder(), 0, false))
	// DescribeKeyPairs is a read, but no collector declares it.
	_, err := c.DescribeKeyPairs(context.Background(), &ec2.DescribeKeyPairsInput{})
	if !errors.Is(err, ErrUndeclared) {
		t.Fatalf("want ErrUndeclared, got %v", err)
	}
	if hits.Load() != 0 {
		t.Fatal("an undeclared read reached the server")
	}
}

func TestGuardAssumeRoleOnlyWhenAllowed(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "text/xml")
		_, _ = w.Write([]byte(`<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>A</AccessKeyId><SecretAccessKey>B</SecretAccessKey><SessionToken>C</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>`))
	}))
	defer srv.Close()
	in := &sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::111111111111:role/r"), RoleSessionName: aws.String("s")}
	_, err := sts.NewFromConfig(guarded(testConfig(srv.URL), newRecorder(), 0, false)).AssumeRole(context.Background(), in)
	if !errors.Is(err, ErrNotReadOnly) || hits.Load() != 0 {
		t.Fatalf("AssumeRole without permission: err=%v hits=%d", err, hits.Load())
	}
	if _, err := sts.NewFromConfig(guarded(testConfig(srv.URL), newRecorder(), 0, true)).AssumeRole(context.Background(), in); err != nil {
		t.Fatalf("AssumeRole when allowed: %v", err)
	}
	// Other writes stay refused on the assuming client.
	_, err = sts.NewFromConfig(guarded(testConfig(srv.URL), newRecorder(), 0, true)).AssumeRoleWithWebIdentity(context.Background(),
		&sts.AssumeRoleWithWebIdentityInput{RoleArn: aws.String("x"), RoleSessionName: aws.String("s"), WebIdentityToken: aws.String("t")})
	if !errors.Is(err, ErrNotReadOnly) {
		t.Fatalf("AssumeRoleWithWebIdentity: want refusal, got %v", err)
	}
}

func TestEveryDeclaredOperationIsARead(t *testing.T) {
	for _, op := range Operations() {
		if !IsReadOnlyName(op.Name) {
			t.Errorf("%s %s is declared but is not a read", op.Service, op.Name)
		}
		if _, ok := services[op.Service]; !ok {
			t.Errorf("%s %s: unknown service", op.Service, op.Name)
		}
	}
}

func TestKebab(t *testing.T) {
	for in, want := range map[string]string{
		"DescribeServices":                 "describe-services",
		"GetEbsEncryptionByDefault":        "get-ebs-encryption-by-default",
		"DescribeVpcEndpoints":             "describe-vpc-endpoints",
		"ListAccountSettings":              "list-account-settings",
		"GetRegistryScanningConfiguration": "get-registry-scanning-configuration",
	} {
		if got := kebab(in); got != want {
			t.Errorf("kebab(%s) = %s, want %s", in, got, want)
		}
	}
}
