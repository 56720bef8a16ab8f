package synth

import (
	"bytes"
	"slices"
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

func TestGenerateIsValidDeterministicAndSized(t *testing.T) {
	tests := []Options{
		{Services: 1, Seed: 1},
		{Services: 10, Seed: 7},
		{Services: 100, Clusters: 3, VPCs: 2, Regions: 2, Accounts: 2, Seed: 7},
		{Services: 1000, Seed: 7},
	}
	for _, o := range tests {
		a, err := Generate(o)
		if err != nil {
			t.Fatal(err)
		}
		ab, err := inventory.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		// The generated snapshot passes the strict decoder, so it is valid against the schema.
		if _, err := inventory.Decode("synth.json", ab); err != nil {
			t.Fatalf("%+v: generated snapshot does not decode: %v", o, err)
		}
		b, _ := Generate(o)
		bb, _ := inventory.Marshal(b)
		if !bytes.Equal(ab, bb) {
			t.Fatalf("%+v: not deterministic", o)
		}
		services, tasks := 0, 0
		for _, acct := range a.Accounts {
			for _, r := range acct.Regions {
				for _, c := range r.ECS.Clusters {
					services += len(c.Services)
					tasks += len(c.Tasks)
				}
			}
		}
		if services != o.Services {
			t.Errorf("%+v: %d services", o, services)
		}
		if avg := float64(tasks) / float64(services); o.Services >= 100 && (avg < 4 || avg > 6) {
			t.Errorf("%+v: %.1f tasks per service on average, want about 5", o, avg)
		}
	}
	c, _ := Generate(Options{Services: 10, Seed: 8})
	cb, _ := inventory.Marshal(c)
	a, _ := Generate(Options{Services: 10, Seed: 7})
	ab, _ := inventory.Marshal(a)
	if bytes.Equal(ab, cb) {
		t.Error("different seeds gave the same estate")
	}
}

func TestDefectsArePlanted(t *testing.T) {
	s, err := Generate(Options{Services: 200, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	privileged, latest, noBreaker, critical, gone, ecs8 := 0, 0, 0, 0, 0, 0
	for _, r := range s.Accounts[0].Regions {
		for _, repo := range r.ECR.Repositories {
			for _, img := range repo.Images {
				if img.FindingCounts["CRITICAL"] > 0 {
					critical++
				}
				if img.Missing {
					gone++
				}
			}
		}
		for _, td := range r.ECS.TaskDefinitions {
			if slices.Contains(td.Containers[0].EnvironmentNames, "AWS_SECRET_ACCESS_KEY") {
				ecs8++
			}
			if td.Containers[0].Privileged {
				privileged++
			}
			if bytes.HasSuffix([]byte(td.Containers[0].Image), []byte(":latest")) {
				latest++
			}
		}
		for _, c := range r.ECS.Clusters {
			for _, sv := range c.Services {
				if !sv.Deployment.CircuitBreakerEnabled {
					noBreaker++
				}
			}
		}
	}
	for name, n := range map[string]int{"privileged": privileged, "latest": latest, "no circuit breaker": noBreaker,
		"image with critical findings": critical, "image tag gone from its repository": gone, "AWS key in plain environment": ecs8} {
		if n == 0 || n > 100 {
			t.Errorf("%s: %d of 200, want a realistic minority", name, n)
		}
	}
	if _, err := Generate(Options{Regions: 99}); err == nil {
		t.Error("99 regions accepted")
	}
}

// TestAttachmentsNameExistingGroups checks that instances and interface
// endpoints wear security groups of their region, so NETSEC-001 can tell the
// groups in use from the rest on a synthetic estate.
func TestAttachmentsNameExistingGroups(t *testing.T) {
	s, err := Generate(Options{Services: 30, Clusters: 2, VPCs: 2, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	instances, endpoints := 0, 0
	for _, r := range s.Accounts[0].Regions {
		ix := inventory.NewIndex(&r)
		check := func(what string, groups []string) {
			if len(groups) == 0 {
				t.Errorf("%s wears no security group", what)
			}
			for _, g := range groups {
				if ix.SecurityGroup(g) == nil {
					t.Errorf("%s wears %s, which is not in region %s", what, g, r.Name)
				}
			}
		}
		for _, in := range r.EC2.Instances {
			instances++
			check("instance "+in.ID, in.SecurityGroups)
		}
		for _, e := range r.Network.VPCEndpoints {
			endpoints++
			check("endpoint "+e.ID, e.SecurityGroups)
		}
	}
	if instances == 0 || endpoints == 0 {
		t.Errorf("%d instances, %d endpoints: nothing checked", instances, endpoints)
	}
}

func BenchmarkGenerate1000(b *testing.B) {
	for b.Loop() {
		if _, err := Generate(Options{Services: 1000, Seed: 7}); err != nil {
			b.Fatal(err)
		}
	}
}
