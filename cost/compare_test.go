package cost

import (
	"strings"
	"testing"

	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/inventory"
)

// TestCompare: the model is compared with the actual when the casefile
// states one, else with the estimate; the estimate only with the actual;
// the causes name the unpriced lines, the range and the fees left out.
func TestCompare(t *testing.T) {
	tests := []struct {
		name              string
		cost              evidence.Cost
		figures, model    string
		causes, notCauses []string
	}{
		{"nothing stated", evidence.Cost{}, "", "", nil, []string{"rests"}},
		{"estimate only", evidence.Cost{EstimateBeforeUSD: 100},
			"Estimate given to the customer before implementation: $100.00 per month.",
			"This model's AWS total, $36.04 per month at the steady state, is $63.96 (64 %) below the estimate.",
			[]string{"1 line of the model has no price, so it is not in its total: x9z.huge (on-demand).", "other AWS services in the estimate",
				"the model gives $36.04 to $108.12 per month; the estimate, $100.00, is within that range."}, []string{"partner fees"}},
		{"estimate and actual: the model against the actual", evidence.Cost{EstimateBeforeUSD: 100, ActualUSD: 120, ActualPeriod: "2025",
			Lines: []evidence.CostLine{{Name: "ops", MonthlyUSD: 500, Kind: evidence.CostKindPartnerFee}}},
			"Estimate given to the customer before implementation: $100.00 per month. Actual AWS cost stated by the partner: $120.00 per month (2025), $20.00 (20 %) above the estimate.",
			"This model's AWS total, $36.04 per month at the steady state, is $83.96 (70 %) below the actual.",
			[]string{"the actual, $120.00, is outside that range.", "Not AWS charges, so neither in the AWS total nor compared: partner fees ($500.00)."}, []string{"below the estimate"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := fargateRegion("us-east-1", inventory.Service{Name: "web", LaunchType: "FARGATE", DesiredCount: 2}, webTD)
			r.AutoScaling.ScalableTargets = []inventory.ScalableTarget{{ResourceID: "service/prod/web", MinCapacity: 2, MaxCapacity: 6}}
			r.EC2.Instances = []inventory.Instance{{ID: "i-1", InstanceType: "x9z.huge"}}
			cs := caseWith(r)
			cs.Cost = tt.cost
			m, err := Estimate(cs, embedded(t), Options{})
			if err != nil {
				t.Fatal(err)
			}
			c := m.Compare()
			if got := strings.Join(c.Figures, " "); got != tt.figures {
				t.Errorf("figures %q, want %q", got, tt.figures)
			}
			if c.Model != tt.model {
				t.Errorf("model %q, want %q", c.Model, tt.model)
			}
			causes := strings.Join(c.Causes, "\n")
			for _, want := range tt.causes {
				if !strings.Contains(causes, want) {
					t.Errorf("causes lack %q:\n%s", want, causes)
				}
			}
			md := string(m.Markdown())
			for _, not := range tt.notCauses {
				if strings.Contains(causes, not) || strings.Contains(md, not) {
					t.Errorf("%q is said:\n%s", not, md)
				}
			}
			cmd := "ecspack prices --refresh -o prices.yaml --regions us-east-1 --instance-types x9z.huge"
			if m.RefreshCommand() != cmd || !strings.Contains(md, "`"+cmd+"` reads the instance types' prices") {
				t.Errorf("RefreshCommand = %q, want %q in the Markdown", m.RefreshCommand(), cmd)
			}
			if !strings.Contains(md, "desired count 2 (0 running when the snapshot was taken), Auto Scaling 2–6") {
				t.Errorf("the Fargate line does not say where its count comes from:\n%s", md)
			}
		})
	}
}
