package cost

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/inventory"
)

// lineText is "ITEM: QUANTITY [LOW–HIGH] MONTHLY [MONTHLY LOW–MONTHLY HIGH] PAYEE" or
// "ITEM: QUANTITY [LOW–HIGH] unpriced".
func lineText(l Line) string {
	q := fmt.Sprintf("%s: %v [%v–%v]", l.Item, l.Quantity, l.QuantityLow, l.QuantityHigh)
	if !l.Known {
		return q + " unpriced"
	}
	return fmt.Sprintf("%s %v [%v–%v] %s", q, l.Monthly, l.MonthlyLow, l.MonthlyHigh, l.Payee)
}

// TestSteadyStateAndRange: services cost their desired count whatever ran
// at discovery, with their Auto Scaling range as low and high; Auto Scaling
// groups their desired capacity with their minimum and maximum; an
// instance type the table lacks is a listed gap; partner fees and third
// parties' charges stay out of the AWS total.
func TestSteadyStateAndRange(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(r *inventory.Region, c *evidence.Cost)
		lines []string
		// totals are AWS steady, low, high, partner fees, third party; unpriced.
		totals string
	}{
		// 2 × 730 h × (0.5 × 0.04048 + 1 × 0.004445) = 36.0401 → 36.04, although no task runs yet.
		{"desired 2, none running", nil,
			[]string{"prod/web: 2 [2–2] 36.04 [36.04–36.04] aws"}, "36.04 36.04 36.04 0 0; 0"},
		// Range 1–6 → 18.02 and 108.12 (6 × 0.024685 × 730 = 108.1203).
		{"desired 2 with Auto Scaling 1–6", func(r *inventory.Region, _ *evidence.Cost) {
			r.AutoScaling.ScalableTargets = []inventory.ScalableTarget{{ResourceID: "service/prod/web", MinCapacity: 1, MaxCapacity: 6}}
		}, []string{"prod/web: 2 [1–6] 36.04 [18.02–108.12] aws"}, "36.04 18.02 108.12 0 0; 0"},
		{"suspended scaling keeps the desired count", func(r *inventory.Region, _ *evidence.Cost) {
			r.AutoScaling.ScalableTargets = []inventory.ScalableTarget{{ResourceID: "service/prod/web", MinCapacity: 1, MaxCapacity: 6, Suspended: true}}
		}, []string{"prod/web: 2 [2–2] 36.04 [36.04–36.04] aws"}, "36.04 36.04 36.04 0 0; 0"},
		// 2 running m5.large of a group with desired 2, range 1–4: 140.16 [70.08–280.32]; a
		// stray t3.micro outside any group: 0.0104 × 730 = 7.592 → 7.59.
		{"auto scaling group range in the proportions of its instances", func(r *inventory.Region, _ *evidence.Cost) {
			r.ECS.Clusters[0].Services = nil
			r.AutoScaling.Groups = []inventory.AutoScalingGroup{{Name: "asg", MinSize: 1, MaxSize: 4, DesiredCapacity: 2, InstanceTypes: []string{"m5.large"}, Instances: []string{"i-1", "i-2"}}}
			r.EC2.Instances = []inventory.Instance{{ID: "i-1", InstanceType: "m5.large"}, {ID: "i-2", InstanceType: "m5.large"}, {ID: "i-3", InstanceType: "t3.micro"}}
		}, []string{"m5.large (on-demand): 2 [1–4] 140.16 [70.08–280.32] aws", "t3.micro (on-demand): 1 [1–1] 7.59 [7.59–7.59] aws"}, "147.75 77.67 287.91 0 0; 0"},
		{"a group whose instances were not collected: its first type at desired capacity", func(r *inventory.Region, _ *evidence.Cost) {
			r.ECS.Clusters[0].Services = nil
			r.AutoScaling.Groups = []inventory.AutoScalingGroup{{Name: "asg", MinSize: 0, MaxSize: 3, DesiredCapacity: 1, InstanceTypes: []string{"m5.large", "c5.large"}}}
		}, []string{"m5.large (on-demand): 1 [0–3] 70.08 [0–210.24] aws"}, "70.08 0 210.24 0 0; 0"},
		{"an unpriced instance type is a listed gap", func(r *inventory.Region, _ *evidence.Cost) {
			r.ECS.Clusters[0].Services = nil
			r.AutoScaling.Groups = []inventory.AutoScalingGroup{{Name: "asg", MinSize: 1, MaxSize: 2, DesiredCapacity: 1, InstanceTypes: []string{"x9z.huge"}}}
		}, []string{"x9z.huge (on-demand): 1 [1–2] unpriced"}, "0 0 0 0 0; 1"},
		{"a group without an instance type is a listed gap too", func(r *inventory.Region, _ *evidence.Cost) {
			r.ECS.Clusters[0].Services = nil
			r.AutoScaling.Groups = []inventory.AutoScalingGroup{{Name: "asg", MinSize: 1, MaxSize: 2, DesiredCapacity: 1}}
		}, []string{"instance type unknown (on-demand): 1 [1–2] unpriced"}, "0 0 0 0 0; 1"},
		{"fees and third parties apart from AWS", func(_ *inventory.Region, c *evidence.Cost) {
			c.Lines = []evidence.CostLine{{Name: "Support", MonthlyUSD: 100}, {Name: "Managed ops", MonthlyUSD: 2400, Kind: evidence.CostKindPartnerFee},
				{Name: "SaaS", MonthlyUSD: 50, Kind: evidence.CostKindThirdParty}, {Name: "Data transfer", MonthlyUSD: 10, Kind: evidence.CostKindAWS}}
		}, []string{"prod/web: 2 [2–2] 36.04 [36.04–36.04] aws", "Support: 1 [1–1] 100 [100–100] aws", "Data transfer: 1 [1–1] 10 [10–10] aws",
			"Managed ops: 1 [1–1] 2400 [2400–2400] partner-fee", "SaaS: 1 [1–1] 50 [50–50] third-party"}, "146.04 146.04 146.04 2400 50; 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := fargateRegion("us-east-1", inventory.Service{Name: "web", LaunchType: "FARGATE", DesiredCount: 2, RunningCount: 0}, webTD)
			cs := caseWith(r)
			if tt.edit != nil {
				tt.edit(&cs.Inventory.Accounts[0].Regions[0], &cs.Cost)
			}
			m, err := Estimate(cs, embedded(t), Options{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, l := range m.Lines {
				got = append(got, lineText(l))
			}
			if strings.Join(got, "\n") != strings.Join(tt.lines, "\n") {
				t.Errorf("lines:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.lines, "\n"))
			}
			if totals := fmt.Sprintf("%v %v %v %v %v; %d", m.Total, m.TotalLow, m.TotalHigh, m.PartnerFees, m.ThirdParty, m.Unpriced); totals != tt.totals {
				t.Errorf("totals %s, want %s", totals, tt.totals)
			}
		})
	}
}
