package inventory

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func minimal() *Snapshot {
	return &Snapshot{
		SchemaVersion: SchemaVersion,
		Collection:    Collection{Source: "manual", StartedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)},
		Accounts: []Account{{
			ID: "123456789012",
			Regions: []Region{{
				Name: "eu-west-1",
				Network: Network{
					VPCs:    []VPC{{ID: "vpc-1", CIDR: "10.0.0.0/16"}},
					Subnets: []Subnet{{ID: "subnet-b", VPCID: "vpc-1", AvailabilityZone: "eu-west-1b", CIDR: "10.0.2.0/24"}, {ID: "subnet-a", VPCID: "vpc-1", AvailabilityZone: "eu-west-1a", CIDR: "10.0.1.0/24", Public: true}},
				},
				ECS: ECS{
					Clusters: []Cluster{{ARN: "arn:aws:ecs:eu-west-1:123456789012:cluster/prod", Name: "prod",
						Services: []Service{{ARN: "arn:aws:ecs:eu-west-1:123456789012:service/prod/web", Name: "web", TaskDefinition: "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:3", DesiredCount: 2, RunningCount: 2}}}},
					TaskDefinitions: []TaskDefinition{{ARN: "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:3", Family: "web", Revision: 3,
						Containers: []ContainerDefinition{{Name: "web", Image: "nginx:1.27", Essential: true, EnvironmentNames: []string{"MODE"}}}}},
				},
			}},
		}},
	}
}

func TestRoundTripIsStableAndSorted(t *testing.T) {
	a, err := Marshal(minimal())
	if err != nil {
		t.Fatal(err)
	}
	s, err := Decode("a.json", a)
	if err != nil {
		t.Fatalf("decoding what we encoded: %v", err)
	}
	b, err := Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Fatalf("encode(decode(x)) != x")
	}
	if got := s.Accounts[0].Regions[0].Network.Subnets[0].ID; got != "subnet-a" {
		t.Errorf("subnets not sorted: first is %s", got)
	}
}

func TestDecodeErrors(t *testing.T) {
	good, _ := Marshal(minimal())
	tests := []struct {
		name string
		data string
		want []string // substrings of the error
	}{
		{"empty", "", []string{"t.json", "empty"}},
		{"truncated", string(good[:len(good)/2]), []string{"t.json:", "truncated"}},
		{"syntax", "{\n  \"schema_version\": \"1\",\n  \"accounts\": [,]\n}", []string{"t.json:3:", "invalid JSON"}},
		{"unknown top field", "{\n \"schema_version\": \"1\",\n \"acounts\": []\n}", []string{"t.json:3:", `unknown field "acounts"`}},
		{"wrong type", "{\n \"schema_version\": \"1\",\n \"accounts\": [{\"id\": 123}]\n}", []string{"t.json:3:", "accounts.id", "expected string"}},
		{"no version", `{"accounts": []}`, []string{"schema_version is missing"}},
		{"future version", `{"schema_version": "9", "accounts": []}`, []string{`"9" is not supported`}},
		{"bad account", `{"schema_version": "1", "collection": {"source":"x","started_at":"2026-01-01T00:00:00Z"}, "accounts": [{"id": "12", "iam": {}, "regions": []}]}`, []string{"12-digit"}},
		{"trailing", `{"schema_version": "1", "accounts": []} {}`, []string{"after the snapshot"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode("t.json", []byte(tt.data))
			if err == nil {
				t.Fatalf("no error for %s", tt.name)
			}
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("error is %T, want *DecodeError", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestUnknownNestedFieldNamesLine(t *testing.T) {
	good, _ := Marshal(minimal())
	bad := strings.Replace(string(good), `"environment_names"`, `"environment_values"`, 1)
	_, err := Decode("snap.json", []byte(bad))
	if err == nil {
		t.Fatal("unknown nested field accepted")
	}
	line := 0
	for i, l := range strings.Split(bad, "\n") {
		if strings.Contains(l, "environment_values") {
			line = i + 1
		}
	}
	want := "snap.json:" + strconv.Itoa(line) + ":"
	if !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), "environment_values") {
		t.Errorf("error %q, want prefix %q naming the field", err, want)
	}
}

func TestValidateReferences(t *testing.T) {
	s := minimal()
	s.Accounts[0].Regions[0].ECS.Clusters[0].Services[0].TaskDefinition = "arn:aws:ecs:eu-west-1:123456789012:task-definition/missing:1"
	s.Accounts[0].Regions[0].Network.Subnets[0].VPCID = "vpc-nope"
	err := s.Validate()
	if err == nil {
		t.Fatal("dangling references accepted")
	}
	for _, w := range []string{"missing:1", "vpc-nope"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not name %q", err, w)
		}
	}
}

func TestIndex(t *testing.T) {
	s := minimal()
	s.Accounts[0].Regions[0].ECR.Repositories = []Repository{{Name: "web", URI: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/web"}}
	ix := NewIndex(&s.Accounts[0].Regions[0])
	if ix.TaskDefinition("arn:aws:ecs:eu-west-1:123456789012:task-definition/web:3") == nil {
		t.Error("task definition not found")
	}
	for _, img := range []string{
		"123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:abc123",
		"123456789012.dkr.ecr.eu-west-1.amazonaws.com/web@sha256:0123",
		"123456789012.dkr.ecr.eu-west-1.amazonaws.com/web",
	} {
		if ix.RepositoryForImage(img) == nil {
			t.Errorf("repository for %s not found", img)
		}
	}
	if ix.RepositoryForImage("docker.io/library/nginx:1.27") != nil {
		t.Error("public image matched an ECR repository")
	}
	if got := ShortName("arn:aws:ecs:eu-west-1:123456789012:service/prod/web"); got != "web" {
		t.Errorf("ShortName = %q", got)
	}
}

// TestPublishedSchemaIsCurrent keeps docs/inventory.schema.json equal to the
// schema generated from the Go types. Regenerate with `make schema`.
func TestPublishedSchemaIsCurrent(t *testing.T) {
	got, err := JSONSchema()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("..", "docs", "inventory.schema.json")
	if os.Getenv("ECSPACK_UPDATE_SCHEMA") != "" {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run: ECSPACK_UPDATE_SCHEMA=1 go test ./inventory)", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is stale: run ECSPACK_UPDATE_SCHEMA=1 go test ./inventory", path)
	}
	if !bytes.Contains(got, []byte(`"additionalProperties": false`)) {
		t.Error("schema does not forbid unknown fields")
	}
}

func TestIndexHidesUncollectedTaskDefinitions(t *testing.T) {
	s := minimal()
	r := &s.Accounts[0].Regions[0]
	arn := r.ECS.TaskDefinitions[0].ARN
	if NewIndex(r).TaskDefinition(arn) == nil {
		t.Fatal("collected revision not found")
	}
	r.ECS.TaskDefinitions[0].NotCollected = true
	if NewIndex(r).TaskDefinition(arn) != nil {
		t.Error("a NotCollected stub is returned as if its empty fields were facts")
	}
}

// TestNormalizeSortsAttachedSecurityGroups checks that the security group
// lists of instances and VPC endpoints, whose order AWS does not define, are
// sorted so that two collections of one estate encode alike.
func TestNormalizeSortsAttachedSecurityGroups(t *testing.T) {
	s := minimal()
	r := &s.Accounts[0].Regions[0]
	r.EC2.Instances = []Instance{{ID: "i-1", SecurityGroups: []string{"sg-b", "sg-a"}}}
	r.Network.VPCEndpoints = []VPCEndpoint{{ID: "vpce-1", VPCID: "vpc-1", Type: "Interface", SecurityGroups: []string{"sg-z", "sg-c", "sg-m"}}}
	s.Normalize()
	if got := r.EC2.Instances[0].SecurityGroups; !slices.Equal(got, []string{"sg-a", "sg-b"}) {
		t.Errorf("instance security groups: %v", got)
	}
	if got := r.Network.VPCEndpoints[0].SecurityGroups; !slices.Equal(got, []string{"sg-c", "sg-m", "sg-z"}) {
		t.Errorf("endpoint security groups: %v", got)
	}
}

// TestNormalizeSortsIssue16Lists checks that the lists collected for issue 16
// (network interfaces and their groups, the images looked up in a
// repository, GuardDuty's cluster coverage), whose order AWS does not
// define, are sorted so that two collections of one estate encode alike.
func TestNormalizeSortsIssue16Lists(t *testing.T) {
	s := minimal()
	r := &s.Accounts[0].Regions[0]
	r.Network.NetworkInterfaces = []NetworkInterface{{ID: "eni-2"}, {ID: "eni-1", SecurityGroups: []string{"sg-b", "sg-a"}}}
	r.ECR.Repositories = []Repository{{Name: "web", Gaps: []string{"b", "a", "a"},
		Images: []RepositoryImage{{Reference: "v2"}, {Reference: "latest", Tags: []string{"v1", "latest"}}}}}
	r.GuardDuty = []Detector{{ID: "d", Coverage: []RuntimeCoverage{{ClusterName: "b"}, {ClusterName: "a"}}}}
	s.Normalize()
	if got := r.Network.NetworkInterfaces; got[0].ID != "eni-1" || !slices.Equal(got[0].SecurityGroups, []string{"sg-a", "sg-b"}) {
		t.Errorf("network interfaces: %+v", got)
	}
	repo := r.ECR.Repositories[0]
	if repo.Images[0].Reference != "latest" || !slices.Equal(repo.Images[0].Tags, []string{"latest", "v1"}) || !slices.Equal(repo.Gaps, []string{"a", "b"}) {
		t.Errorf("repository: %+v", repo)
	}
	if got := r.GuardDuty[0].Coverage; got[0].ClusterName != "a" {
		t.Errorf("coverage: %+v", got)
	}
}
