package assess

import (
	"slices"
	"testing"

	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/inventory"
)

func TestCost(t *testing.T) {
	full := func(cs *evidence.CaseStudy) {
		cs.Cost = evidence.Cost{Lines: []evidence.CostLine{{Name: "Fargate", MonthlyUSD: 120.5}, {Name: "ALB", MonthlyUSD: 20}},
			EstimateBeforeUSD: 150, CalculatorURL: "https://calculator.aws/#/estimate?id=1", BusinessValue: "Cut release time from days to minutes."}
	}
	fxAssert(t, fxRun(fxInput(fxSnap(fxWeb()), full), "COST-001"),
		fxExpect{"COST-001.inputs", Pass, "cs1"}, fxExpect{"COST-001.estimate", Pass, "cs1"}, fxExpect{"COST-001.business-value", Pass, "cs1"})
	fees := func(cs *evidence.CaseStudy) {
		full(cs)
		cs.Cost.Lines = append(cs.Cost.Lines, evidence.CostLine{Name: "Managed ops", MonthlyUSD: 2400, Kind: evidence.CostKindPartnerFee})
	}
	want := "3 cost lines (140.50 USD a month of AWS charges, 2400.00 USD a month of partner fees): Fargate; ALB; Managed ops"
	if fs := fxRunCheck(t, fxInput(fxSnap(fxWeb()), fees), "COST-001.inputs"); len(fs) != 1 || fs[0].Message != want {
		t.Errorf("COST-001.inputs = %+v, want one finding %q", fs, want)
	}
	fxAssert(t, fxRun(fxInput(fxSnap(fxWeb())), "COST-001"),
		fxExpect{"COST-001.inputs", Warn, "cs1"}, fxExpect{"COST-001.estimate", Warn, "cs1"}, fxExpect{"COST-001.business-value", Warn, "cs1"})
}

// TestMyChecksSurviveOddInventories runs every check of the network,
// observability, storage, tenancy and common families on sparse and odd
// inventories: none may panic, and each must say something.
func TestMyChecksSurviveOddInventories(t *testing.T) {
	odd := fxWeb()
	odd.ECS.Clusters = append(odd.ECS.Clusters, inventory.Cluster{ARN: "c2", Name: "c2", Services: []inventory.Service{
		{Name: "orphan", TaskDefinition: "missing-td", DesiredCount: 3, Network: &inventory.AwsVPCConfiguration{Subnets: []string{"nope"}}},
		{Name: "bridge", TaskDefinition: "missing-td"},
	}, Tasks: []inventory.Task{{ARN: "t1", TaskDefinition: "missing-td", Group: "family:x", PublicIP: "1.2.3.4"}}})
	odd.ELB.LoadBalancers = append(odd.ELB.LoadBalancers, inventory.LoadBalancer{ARN: "lb2", Name: "empty", Type: "network"})
	odd.ECS.TaskDefinitions[0].Volumes = []inventory.Volume{{Name: "v", Type: "efs", EFS: &inventory.EFSVolume{}}, {Name: "d", Docker: &inventory.DockerVolume{}}}
	odd.EFS = []inventory.FileSystem{{ID: "fs-x"}}
	odd.Network.SecurityGroups = append(odd.Network.SecurityGroups, inventory.SecurityGroup{ID: "sg-bad", Ingress: []inventory.SecurityRule{{Protocol: "tcp", CIDR: "not-a-cidr"}}})
	snaps := map[string]*inventory.Snapshot{
		"nil":          nil,
		"no regions":   {Accounts: []inventory.Account{{ID: fxAcct}}},
		"empty region": fxSnap(inventory.Region{Name: "eu-west-1"}),
		"odd":          fxSnap(odd),
		"two accounts": {Accounts: []inventory.Account{{ID: "1", Regions: []inventory.Region{fxWeb()}}, {ID: "2", Regions: []inventory.Region{fxEFS()}}}},
	}
	mine := []string{"ECS-015", "ECS-016", "ECS-017", "ECS-018", "ECS-019", "ECS-020", "ECS-021", "ECS-022", "2.2", "DOC-001", "ACCT-001", "ACCT-002", "OPE-001", "OPE-002", "OPE-003", "NETSEC-001", "NETSEC-002", "REL-001", "REL-002", "COST-001"}
	for name, snap := range snaps {
		in := fxInput(snap, func(cs *evidence.CaseStudy) {
			cs.Tenants = []evidence.Tenant{{Name: "a", Services: []string{"orphan", "web"}}}
		})
		for _, c := range Checks() {
			if !slices.Contains(append(mine, "ECS-023"), c.Control()) {
				continue
			}
			for _, f := range c.run(in) {
				if f.Check != c.ID || f.Message == "" || f.Evidence == "" {
					t.Errorf("%s on %s: malformed finding %+v", c.ID, name, f)
				}
			}
		}
		for _, control := range mine {
			if len(fxRun(in, control)) == 0 && control != "ACCT-001" && control != "ACCT-002" && control != "OPE-003" && control != "NETSEC-001" && control != "NETSEC-002" && control != "REL-002" {
				t.Errorf("%s on %s: no finding at all", control, name)
			}
		}
	}
}
