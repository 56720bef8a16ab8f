package discover_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"github.com/ecspack/ecspack/assess"
	"github.com/ecspack/ecspack/discover"
	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/internal/testkit/mototest"
	"github.com/ecspack/ecspack/inventory"
)

var fixedClock = func() time.Time { return time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC) }

// assessSnapshot runs the whole assessment on a snapshot, as `ecspack check
// --inventory` does, and returns every finding of the case study.
func assessSnapshot(t *testing.T, snap *inventory.Snapshot) []assess.Finding {
	t.Helper()
	b, err := inventory.Marshal(snap)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "inventory.json")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	cf, cat, err := evidence.FromInventory(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []assess.Finding
	for _, c := range assess.Evaluate(cf, cat).CaseStudies[0].Controls {
		out = append(out, c.Findings...)
	}
	return out
}

// partlyCollected lists, by ARN, the repositories whose separate detail
// reads (policy, lifecycle policy) failed: what DescribeRepositories said
// about them is whole, only the failed reads' facts are unknown. So for the
// DynamoDB tables, whose two reads (DescribeTable, DescribeContinuousBackups)
// each give their own facts.
func partlyCollected(snap *inventory.Snapshot) map[string][]string {
	m := map[string][]string{}
	for _, a := range snap.Accounts {
		for _, r := range a.Regions {
			for _, x := range r.ECR.Repositories {
				for _, g := range x.Gaps {
					op, _, _ := strings.Cut(g, ":")
					m[x.ARN] = append(m[x.ARN], strings.Replace(op, " ", ":", 1))
				}
			}
			for _, x := range r.DynamoDBTables {
				for _, g := range x.Gaps {
					op, _, _ := strings.Cut(g, ":")
					m[x.ARN] = append(m[x.ARN], strings.Replace(op, " ", ":", 1))
				}
			}
		}
	}
	return m
}

// gappedResources lists the identifiers of every resource the snapshot marks
// as not fully collected, with what runs on or belongs to it.
func gappedResources(snap *inventory.Snapshot) map[string]bool {
	m := map[string]bool{}
	for _, a := range snap.Accounts {
		for _, ro := range a.IAM.Roles {
			if len(ro.Gaps) > 0 {
				m[ro.ARN] = true
			}
		}
		// The account's S3 Block Public Access: no finding names it as its
		// resource (a bucket's finding rests on it), hence a key of its own.
		if b := a.S3PublicAccessBlock; b != nil && len(b.Gaps) > 0 {
			m["s3 account block "+a.ID] = true
		}
		for _, r := range a.Regions {
			for _, td := range r.ECS.TaskDefinitions {
				if td.NotCollected {
					m[td.ARN] = true
				}
			}
			for _, c := range r.ECS.Clusters {
				for _, s := range c.Services {
					if len(c.Gaps) > 0 || m[s.TaskDefinition] {
						m[s.ARN] = true
					}
				}
				if len(c.Gaps) > 0 {
					m[c.ARN] = true
				}
			}
			for _, x := range r.ECS.CapacityProviders {
				m[x.Name] = m[x.Name] || len(x.Gaps) > 0
			}
			for _, x := range r.EC2.Instances {
				m[x.ID] = m[x.ID] || len(x.Gaps) > 0
			}
			for _, x := range r.Secrets {
				m[x.ARN] = m[x.ARN] || len(x.Gaps) > 0
			}
			for _, x := range r.KMSKeys {
				m[x.ARN] = m[x.ARN] || len(x.Gaps) > 0
			}
			for _, x := range r.ELB.Certificates {
				m[x.ARN] = m[x.ARN] || len(x.Gaps) > 0
			}
			for _, x := range r.Queues {
				m[x.ARN] = m[x.ARN] || len(x.Gaps) > 0
			}
			for _, x := range r.Topics {
				m[x.ARN] = m[x.ARN] || len(x.Gaps) > 0
			}
			for _, x := range r.Buckets {
				m["arn:aws:s3:::"+x.Name] = m["arn:aws:s3:::"+x.Name] || len(x.Gaps) > 0
			}
			for _, x := range r.Trails {
				if x.Bucket != nil && len(x.Bucket.Gaps) > 0 {
					m["arn:aws:s3:::"+x.S3Bucket] = true
				}
			}
			for _, x := range r.EC2.Images {
				m[x.ID] = m[x.ID] || len(x.Gaps) > 0
			}
			for _, x := range r.ELB.LoadBalancers {
				m[x.ARN] = m[x.ARN] || len(x.Gaps) > 0
			}
			for _, x := range r.ELB.TargetGroups {
				m[x.ARN] = m[x.ARN] || len(x.Gaps) > 0
			}
			for _, x := range r.EFS {
				m[x.ID] = m[x.ID] || len(x.Gaps) > 0
			}
			for _, x := range r.Trails {
				m[x.ARN] = m[x.ARN] || len(x.Gaps) > 0
			}
			for _, x := range r.GuardDuty {
				m[x.ID] = m[x.ID] || len(x.Gaps) > 0
			}
		}
	}
	for k, v := range m {
		if !v {
			delete(m, k)
		}
	}
	return m
}

// TestNoVerdictFlipsToPassWhenADetailReadFails throttles, then denies, each
// declared detail read in turn between discovery and the moto estate, runs
// discovery and the whole assessment, and holds three things: the failed
// read is recorded and its resource marked, no finding is a pass that the
// complete data did not also give, and no resource marked as not fully
// collected passes any check — for a repository, whose per-repository
// reads each leave one fact unknown, no check whose evidence is the failed
// read passes it. (The known failure: iam:GetRolePolicy
// throttled, the role stored with no policies and ECS-005 passing it.)
func TestNoVerdictFlipsToPassWhenADetailReadFails(t *testing.T) {
	moto := discover.MotoForTest()
	moto.Require(t)
	moto.Reset(t)
	mototest.MustBuildEstate(t, moto.Config())
	proxy := moto.NewFaultProxy()
	defer proxy.Close()
	cfg := moto.Config()
	cfg.BaseEndpoint = aws.String(proxy.URL)
	discoverEstate := func(t *testing.T) *inventory.Snapshot {
		t.Helper()
		snap, err := discover.RunConfig(context.Background(), cfg, discover.Options{Regions: []string{mototest.Region}, Now: fixedClock})
		if err != nil {
			t.Fatal(err)
		}
		return snap
	}
	// The baseline is a complete run. moto cannot answer CloudWatch's CBOR
	// protocol (a known quirk, see /work/shared/notes) and now and then
	// answers DescribeTasks with a 500 while it advances task states: a
	// baseline with a gap would hide flips, so such a run is repeated.
	var full *inventory.Snapshot
	for try := 0; try < 3; try++ {
		full = discoverEstate(t)
		full.Collection.Errors = slices.DeleteFunc(full.Collection.Errors, func(e inventory.CollectionError) bool {
			return e.Service == "cloudwatch" && e.Operation == "DescribeAlarms"
		})
		if len(full.Collection.Errors) == 0 && len(gappedResources(full)) == 0 {
			break
		}
		t.Logf("baseline run %d has gaps, again: %+v", try+1, full.Collection.Errors)
	}
	if len(full.Collection.Errors) != 0 || len(gappedResources(full)) != 0 {
		t.Fatalf("no complete baseline run: %+v", full.Collection.Errors)
	}
	passed := map[string]bool{}
	for _, f := range assessSnapshot(t, full) {
		if f.Outcome == assess.Pass {
			passed[f.Check+"\x00"+f.Resource] = true
		}
	}
	if len(passed) == 0 {
		t.Fatal("the complete estate passes nothing: the comparison would prove nothing")
	}
	for _, op := range discover.DetailOperations() {
		key := op.Service + " " + op.Name
		for _, code := range []string{"Throttling", "AccessDenied"} {
			t.Run(key+" "+code, func(t *testing.T) {
				proxy.Fail(key, code)
				defer proxy.Fail(key, "")
				before := proxy.Hits(key)
				snap := discoverEstate(t)
				if proxy.Hits(key) == before {
					t.Skipf("the moto estate makes no %s call", key)
				}
				recorded := slices.ContainsFunc(snap.Collection.Errors, func(e inventory.CollectionError) bool {
					return e.Service == op.Service && e.Operation == op.Name && e.Code == code
				})
				if !recorded {
					t.Errorf("the failed %s is not among the collection errors: %+v", key, snap.Collection.Errors)
				}
				gapped, partly := gappedResources(snap), partlyCollected(snap)
				if len(gapped) == 0 && len(partly) == 0 {
					t.Errorf("no resource is marked as not fully collected after %s failed", key)
				}
				for _, f := range assessSnapshot(t, snap) {
					if f.Outcome != assess.Pass {
						continue
					}
					res, _, _ := strings.Cut(f.Resource, " ")
					if !passed[f.Check+"\x00"+f.Resource] {
						t.Errorf("%s became a pass for %q with %s failing: %s", f.Check, f.Resource, key, f.Message)
					}
					if gapped[res] {
						t.Errorf("%s passes %s, which was not fully collected: %s", f.Check, f.Resource, f.Message)
					}
					for _, op := range partly[res] {
						if strings.Contains(f.Evidence, op) {
							t.Errorf("%s passes %s on %s, which failed: %s", f.Check, f.Resource, op, f.Message)
						}
					}
				}
			})
		}
	}
}

// TestCredentialsInTaskDefinitionsNeverStored plants a canary credential in
// a health check command, plain log driver options (a URL with a password,
// a Header, an apikey), the command and the entry point of a task
// definition in moto, discovers it and holds that no byte of the snapshot
// holds the canary while the assessment still reports each place.
func TestCredentialsInTaskDefinitionsNeverStored(t *testing.T) {
	moto := discover.MotoForTest()
	moto.Require(t)
	moto.Reset(t)
	est := mototest.MustBuildEstate(t, moto.Config())
	ctx := context.Background()
	c := ecs.NewFromConfig(moto.Config())
	canary := mototest.Canary
	td, err := c.RegisterTaskDefinition(ctx, &ecs.RegisterTaskDefinitionInput{Family: aws.String("leaky"), NetworkMode: ecstypes.NetworkModeAwsvpc,
		RequiresCompatibilities: []ecstypes.Compatibility{ecstypes.CompatibilityFargate}, Cpu: aws.String("256"), Memory: aws.String("512"),
		ContainerDefinitions: []ecstypes.ContainerDefinition{{Name: aws.String("leaky"), Image: aws.String("nginx:1.27"), Memory: aws.Int32(512), Essential: aws.Bool(true),
			HealthCheck: &ecstypes.HealthCheck{Command: []string{"CMD-SHELL", "curl -fsS -H 'Authorization: Bearer " + canary + "' http://localhost/health"}},
			LogConfiguration: &ecstypes.LogConfiguration{LogDriver: ecstypes.LogDriverAwsfirelens, Options: map[string]string{
				"Name": "http", "url": "https://ops:" + canary + "@logs.example.com/in", "Header": "X-Api-Key " + canary, "apikey": canary}},
			Command:    []string{"serve", "--password", canary},
			EntryPoint: []string{"/bin/sh", "-c", "exec app --api-key=" + canary}}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateService(ctx, &ecs.CreateServiceInput{Cluster: aws.String(est.ProdClusterARN), ServiceName: aws.String("leaky"),
		TaskDefinition: td.TaskDefinition.TaskDefinitionArn, DesiredCount: aws.Int32(1), LaunchType: ecstypes.LaunchTypeFargate}); err != nil {
		t.Fatal(err)
	}
	snap, err := discover.RunConfig(ctx, moto.Config(), discover.Options{Regions: []string{mototest.Region}, Now: fixedClock})
	if err != nil {
		t.Fatal(err)
	}
	b, err := inventory.Marshal(snap)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b, []byte(canary)) {
		i := bytes.Index(b, []byte(canary))
		t.Fatalf("the snapshot holds the canary credential: …%s…", b[max(0, i-200):i])
	}
	var in []string
	for _, d := range snap.Accounts[0].Regions[0].ECS.TaskDefinitions {
		if d.Family == "leaky" {
			in = d.Containers[0].CredentialsIn
		}
	}
	want := []string{"command", "entry_point", "health_check.command", "log_configuration.options.Header",
		"log_configuration.options.apikey", "log_configuration.options.url"}
	if !slices.Equal(in, want) {
		t.Errorf("verdict kept in the snapshot: %v, want %v", in, want)
	}
	var flagged bool
	for _, f := range assessSnapshot(t, snap) {
		if f.Check == "ECS-011.inline-credentials" && f.Outcome == assess.Fail && strings.Contains(f.Message, "leaky") {
			flagged = true
			for _, w := range want {
				if !strings.Contains(f.Message, w) {
					t.Errorf("the finding does not name %s: %s", w, f.Message)
				}
			}
		}
	}
	if !flagged {
		t.Error("the assessment does not report the credentials in task definition leaky")
	}
}
