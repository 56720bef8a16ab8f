package cost

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/inventory"
)

func embedded(t *testing.T) *Prices {
	t.Helper()
	p, err := EmbeddedPrices()
	if err != nil {
		t.Fatalf("EmbeddedPrices: %v", err)
	}
	return p
}

// caseWith wraps one region into a case study.
func caseWith(r inventory.Region) *evidence.CaseStudy {
	return &evidence.CaseStudy{ID: "c1", Title: "T", Inventory: &inventory.Snapshot{
		SchemaVersion: inventory.SchemaVersion,
		Accounts:      []inventory.Account{{ID: "111122223333", Regions: []inventory.Region{r}}},
	}}
}

const clusterARN = "arn:aws:ecs:us-east-1:111122223333:cluster/prod"

func fargateRegion(name string, svc inventory.Service, td inventory.TaskDefinition) inventory.Region {
	svc.ClusterARN = clusterARN
	if svc.TaskDefinition == "" {
		svc.TaskDefinition = td.ARN
	}
	return inventory.Region{Name: name, ECS: inventory.ECS{
		Clusters:        []inventory.Cluster{{ARN: clusterARN, Name: "prod", Services: []inventory.Service{svc}}},
		TaskDefinitions: []inventory.TaskDefinition{td},
	}}
}

var webTD = inventory.TaskDefinition{ARN: "arn:aws:ecs:us-east-1:111122223333:task-definition/web:3", Family: "web", Revision: 3, CPU: "512", Memory: "1024"}

func TestEstimateHandComputed(t *testing.T) {
	armTD := webTD
	armTD.CPUArchitecture = "ARM64"
	gbTD := webTD
	gbTD.CPU, gbTD.Memory = "1 vCPU", "2 GB"
	winTD := webTD
	winTD.OSFamily = "WINDOWS_SERVER_2022_CORE"
	tests := []struct {
		name    string
		region  inventory.Region
		total   float64
		monthly []float64
	}{
		{
			// 2 × (0.5 × 0.04048 + 1 × 0.004445) × 730 = 36.0401
			name:    "fargate on-demand x86 us-east-1",
			region:  fargateRegion("us-east-1", inventory.Service{Name: "web", LaunchType: "FARGATE", DesiredCount: 2}, webTD),
			total:   36.04,
			monthly: []float64{36.04},
		},
		{
			// 2 × (0.5 × 0.03238 + 1 × 0.00356) × 730 = 28.835 → 28.84 (half away from zero)
			name:    "fargate ARM64",
			region:  fargateRegion("us-east-1", inventory.Service{Name: "web", LaunchType: "FARGATE", DesiredCount: 2}, armTD),
			total:   28.84,
			monthly: []float64{28.84},
		},
		{
			// 1 × (0.5 × 0.13748 + 1 × 0.01005) × 730 = 57.5167 (Windows price, licence included)
			name:    "fargate Windows",
			region:  fargateRegion("us-east-1", inventory.Service{Name: "web", LaunchType: "FARGATE", DesiredCount: 1}, winTD),
			total:   57.52,
			monthly: []float64{57.52},
		},
		{
			// ACTIVE and unrecorded ECS Anywhere instances are billed, DRAINING and EC2 ones not: 2 × 0.01025 × 730 = 14.965 → 14.97
			name: "ecs anywhere",
			region: inventory.Region{Name: "us-east-1", ECS: inventory.ECS{Clusters: []inventory.Cluster{{ARN: clusterARN, Name: "prod",
				ContainerInstances: []inventory.ContainerInstance{{External: true, Status: "ACTIVE"}, {External: true}, {External: true, Status: "DRAINING"}, {Status: "ACTIVE"}}}}}},
			total:   14.97,
			monthly: []float64{14.97},
		},
		{
			// 3 × (1 × 0.04656 + 2 × 0.00511) × 730 = 124.3482
			name:    "fargate vCPU/GB notation eu-central-1",
			region:  fargateRegion("eu-central-1", inventory.Service{Name: "web", LaunchType: "FARGATE", DesiredCount: 3}, gbTD),
			total:   124.35,
			monthly: []float64{124.35},
		},
		{
			// strategy FARGATE base 1 weight 1, FARGATE_SPOT weight 3; 5 tasks → 1 + 1 on-demand, 3 spot.
			// on-demand: 2 × 0.024685 × 730 = 36.0401 → 36.04
			// spot:      3 × 0.024685 × 730 × 0.3 = 16.218045 → 16.22
			name: "fargate spot by strategy",
			region: fargateRegion("us-east-1", inventory.Service{Name: "web", DesiredCount: 5, CapacityProviderStrategy: []inventory.CapacityProviderItem{
				{CapacityProvider: "FARGATE", Base: 1, Weight: 1}, {CapacityProvider: "FARGATE_SPOT", Weight: 3}}}, webTD),
			total:   52.26,
			monthly: []float64{36.04, 16.22},
		},
		{
			// 3 m5.large on-demand: 3 × 0.096 × 730 = 210.24; 1 m5.large spot: 0.096 × 730 × 0.3 = 21.024 → 21.02
			name: "ec2 instances",
			region: inventory.Region{Name: "us-east-1", EC2: inventory.EC2{Instances: []inventory.Instance{
				{ID: "i-1", InstanceType: "m5.large", State: "running"}, {ID: "i-2", InstanceType: "m5.large", State: "running"},
				{ID: "i-3", InstanceType: "m5.large"}, {ID: "i-4", InstanceType: "m5.large", Lifecycle: "spot", State: "running"},
				{ID: "i-5", InstanceType: "m5.large", State: "stopped"}}}},
			total:   231.26,
			monthly: []float64{210.24, 21.02},
		},
		{
			// ALB: 0.0225 × 730 = 16.425 → 16.43; 1 LCU × 0.008 × 730 = 5.84; NAT: 2 × 0.045 × 730 = 65.70
			name: "alb and nat",
			region: inventory.Region{Name: "us-east-1",
				ELB:     inventory.ELB{LoadBalancers: []inventory.LoadBalancer{{ARN: "arn:lb", Name: "web-alb", Type: "application", Scheme: "internet-facing"}}},
				Network: inventory.Network{NATGateways: []inventory.NATGateway{{ID: "nat-1", State: "available"}, {ID: "nat-2"}, {ID: "nat-3", State: "deleted"}}}},
			total:   87.97,
			monthly: []float64{16.43, 5.84, 65.70},
		},
		{
			name: "ec2 from auto scaling group when no instances",
			region: inventory.Region{Name: "eu-west-1", AutoScaling: inventory.AutoScaling{Groups: []inventory.AutoScalingGroup{
				{Name: "asg", DesiredCapacity: 2, InstanceTypes: []string{"c5.large", "c6i.large"}}}}},
			// 2 × 0.096 × 730 = 140.16
			total:   140.16,
			monthly: []float64{140.16},
		},
		{
			name:   "ec2 launch type service is priced through instances only",
			region: fargateRegion("us-east-1", inventory.Service{Name: "web", LaunchType: "EC2", DesiredCount: 4}, webTD),
			total:  0,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := Estimate(caseWith(tc.region), embedded(t), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if m.Total != tc.total {
				t.Errorf("total = %v, want %v; lines %+v", m.Total, tc.total, m.Lines)
			}
			if len(m.Lines) != len(tc.monthly) {
				t.Fatalf("%d lines, want %d: %+v", len(m.Lines), len(tc.monthly), m.Lines)
			}
			for i, want := range tc.monthly {
				if m.Lines[i].Monthly != want || !m.Lines[i].Known {
					t.Errorf("line %d %q = %v (known %v), want %v", i, m.Lines[i].Item, m.Lines[i].Monthly, m.Lines[i].Known, want)
				}
			}
			if m.Unpriced != 0 {
				t.Errorf("unpriced = %d", m.Unpriced)
			}
		})
	}
}

func TestSpotFromRunningTasks(t *testing.T) {
	r := fargateRegion("us-east-1", inventory.Service{Name: "web", DesiredCount: 2,
		CapacityProviderStrategy: []inventory.CapacityProviderItem{{CapacityProvider: "FARGATE", Weight: 1}}}, webTD)
	// The tasks say both actually run on FARGATE_SPOT: they win over the strategy.
	r.ECS.Clusters[0].Tasks = []inventory.Task{
		{ARN: "t1", ClusterARN: clusterARN, Group: "service:web", LastStatus: "RUNNING", CapacityProvider: "FARGATE_SPOT"},
		{ARN: "t2", ClusterARN: clusterARN, Group: "service:web", LastStatus: "RUNNING", CapacityProvider: "FARGATE_SPOT"},
	}
	m, err := Estimate(caseWith(r), embedded(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	// 2 × 0.024685 × 730 × 0.3 = 10.81203 → 10.81
	if len(m.Lines) != 1 || m.Lines[0].Monthly != 10.81 || m.Lines[0].DiscountKey != AssumptionFargateSpotDiscount {
		t.Fatalf("lines = %+v", m.Lines)
	}
	// Overriding the discount assumption moves the figure: 2 × 0.024685 × 730 × 0.5 = 18.02
	m, err = Estimate(caseWith(r), embedded(t), Options{Assumptions: map[string]float64{AssumptionFargateSpotDiscount: 0.5}})
	if err != nil {
		t.Fatal(err)
	}
	if m.Lines[0].Monthly != 18.02 {
		t.Fatalf("with 50%% discount: %v", m.Lines[0].Monthly)
	}
	if _, err := Estimate(caseWith(r), embedded(t), Options{Assumptions: map[string]float64{"spot": 0.5}}); err == nil {
		t.Fatal("unknown assumption accepted")
	}
}

func TestUnknownPricesAreMarkedNotGuessed(t *testing.T) {
	tests := []struct {
		name   string
		region inventory.Region
		why    string
	}{
		{"unknown region", fargateRegion("mars-north-1", inventory.Service{Name: "web", LaunchType: "FARGATE", DesiredCount: 2}, webTD), "no prices for region mars-north-1"},
		{"unknown instance type", inventory.Region{Name: "us-east-1", EC2: inventory.EC2{Instances: []inventory.Instance{{ID: "i-1", InstanceType: "x9z.huge"}}}}, "no price for instance type x9z.huge"},
		{"unknown task size", fargateRegion("us-east-1", inventory.Service{Name: "web", LaunchType: "FARGATE", DesiredCount: 1}, inventory.TaskDefinition{ARN: webTD.ARN}), "task size"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cs := caseWith(tc.region)
			cs.Cost.Lines = []evidence.CostLine{{Name: "Support", MonthlyUSD: 100}}
			m, err := Estimate(cs, embedded(t), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if m.Unpriced != 1 || m.Total != 100 {
				t.Fatalf("unpriced %d total %v: %+v", m.Unpriced, m.Total, m.Lines)
			}
			if m.Lines[0].Known || !strings.Contains(m.Lines[0].Note, tc.why) {
				t.Errorf("line %+v: want unknown with %q", m.Lines[0], tc.why)
			}
			md := string(m.Markdown())
			if !strings.Contains(md, "price unknown") || !strings.Contains(md, "not in any total") {
				t.Errorf("markdown does not flag the unknown price:\n%s", md)
			}
		})
	}
}

func TestMarkdownAndPartnerLines(t *testing.T) {
	cs := caseWith(fargateRegion("us-east-1", inventory.Service{Name: "web", LaunchType: "FARGATE", DesiredCount: 2}, webTD))
	cs.Cost = evidence.Cost{Lines: []evidence.CostLine{{Name: "Business support | plan", MonthlyUSD: 1200.5, Note: "10% of spend"}},
		BusinessValue: "Release time fell from **two weeks** to a day.", CalculatorURL: "https://calculator.aws/#/estimate?id=abc", EstimateBeforeUSD: 1300}
	m, err := Estimate(cs, embedded(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if m.Total != 1236.54 {
		t.Fatalf("total = %v", m.Total)
	}
	md := string(m.Markdown())
	for _, want := range []string{"AWS public price list", m.PriceDate, "$1,236.54", "$36.04", `Business support \| plan`,
		"Release time fell from **two weeks**", "calculator.aws", "$1,300.00", "This model's AWS total, $1,236.54 per month at the steady state, is $63.46 (4.9 %) below the estimate.", "`hours_per_month`", "| Hours per month |"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	if m.PriceSource != "AWS public price list" || m.PriceDate == "" || m.Region != "us-east-1" {
		t.Errorf("provenance: %+v", m)
	}
	// Same input, same bytes.
	m2, _ := Estimate(cs, embedded(t), Options{})
	if string(m2.Markdown()) != md {
		t.Error("markdown is not deterministic")
	}
	// Missing business value shows the marker.
	m.BusinessValue, m.EstimateBeforeUSD = "", 0
	if md := string(m.Markdown()); !strings.Contains(md, "[to be completed: business value") || !strings.Contains(md, "[to be completed: the monthly estimate") {
		t.Errorf("no markers:\n%s", md)
	}
}

func TestRoundAndMoney(t *testing.T) {
	for in, want := range map[float64]float64{36.0401: 36.04, 0.125: 0.13, 2.675: 2.68, 16.425: 16.43, -1.005: -1.01, 0: 0} {
		if got := Round(in); got != want {
			t.Errorf("Round(%v) = %v, want %v", in, got, want)
		}
	}
	if Money(1234567.891) != "$1,234,567.89" || Money(0.5) != "$0.50" {
		t.Errorf("Money: %s %s", Money(1234567.891), Money(0.5))
	}
}

func TestEmbeddedTableCoversRequiredRegions(t *testing.T) {
	p := embedded(t)
	if p.Source != "AWS public price list" || p.Date == "" || p.Currency != "USD" {
		t.Fatalf("provenance %q %q %q", p.Source, p.Date, p.Currency)
	}
	for _, r := range []string{"us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "eu-north-1", "ap-southeast-2"} {
		rp, ok := p.Regions[r]
		if !ok {
			t.Errorf("no prices for %s", r)
			continue
		}
		for _, k := range []string{"linux_x86_64", "linux_arm64"} {
			if rp.Fargate[k].VCPUHour == 0 {
				t.Errorf("%s: no Fargate %s", r, k)
			}
		}
		if rp.LoadBalancer["application"].Hour == 0 || rp.LoadBalancer["network"].Hour == 0 || rp.NATGateway == nil || rp.EC2["m5.large"] == 0 {
			t.Errorf("%s: missing ALB/NLB/NAT/m5.large", r)
		}
	}
	us := p.Regions["us-east-1"].Fargate
	if us["linux_x86_64"] != (FargatePrice{0.04048, 0.004445}) || us["linux_arm64"] != (FargatePrice{0.03238, 0.00356}) {
		t.Errorf("us-east-1 Fargate prices %+v", us)
	}
	if p.Assumptions[AssumptionHoursPerMonth] != 730 || p.Assumptions[AssumptionFargateSpotDiscount] != 0.7 {
		t.Errorf("assumptions %+v", p.Assumptions)
	}
}

func TestPriceFileErrorsNameFileAndLine(t *testing.T) {
	tests := []struct {
		name, text string
		line       int
		msg        string
	}{
		{"unknown key", "source: x\ndate: \"2025-01-01\"\ncurrency: USD\nregions:\n  us-east-1:\n    fargte: {}\n", 6, "fargte"},
		{"bad date", "source: x\ndate: \"June\"\ncurrency: USD\nregions: {}\n", 2, "YYYY-MM-DD"},
		{"negative ec2", "source: x\ndate: \"2025-01-01\"\ncurrency: USD\nregions:\n  us-east-1:\n    ec2:\n      m5.large: -1\n", 7, "m5.large"},
		{"bad fargate key", "source: x\ndate: \"2025-01-01\"\ncurrency: USD\nregions:\n  us-east-1:\n    fargate:\n      linux_sparc: {vcpu_hour: 1, gb_hour: 1}\n", 7, "linux_sparc"},
		{"unknown assumption", "source: x\ndate: \"2025-01-01\"\ncurrency: USD\nassumptions:\n  hours: 700\nregions:\n  us-east-1: {}\n", 5, "unknown assumption"},
		{"discount of 1", "source: x\ndate: \"2025-01-01\"\ncurrency: USD\nassumptions:\n  fargate_spot_discount: 1\nregions:\n  us-east-1: {}\n", 5, "below 1"},
		{"syntax", "source: x\ndate: [\n", 2, ""},
		{"wrong type", "source: x\ndate: \"2025-01-01\"\ncurrency: USD\nregions:\n  us-east-1:\n    ec2:\n      m5.large: cheap\n", 7, ""},
	}
	dir := t.TempDir()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, "prices.yaml")
			if err := os.WriteFile(path, []byte(tc.text), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := ReadPricesFile(path)
			var pe *PriceError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want *PriceError", err)
			}
			if pe.File != path || pe.Line != tc.line || !strings.Contains(pe.Msg, tc.msg) {
				t.Errorf("got %v, want %s:%d containing %q", err, path, tc.line, tc.msg)
			}
		})
	}
	// A JSON table of the same shape is accepted, and missing assumptions get defaults.
	path := filepath.Join(dir, "prices.json")
	os.WriteFile(path, []byte(`{"source":"my quote","date":"2025-09-01","currency":"USD","regions":{"us-east-1":{"fargate":{"linux_x86_64":{"vcpu_hour":0.04,"gb_hour":0.004}}}}}`), 0o600)
	p, err := ReadPricesFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if p.Assumptions[AssumptionHoursPerMonth] != 730 || p.Regions["us-east-1"].Fargate["linux_x86_64"].VCPUHour != 0.04 {
		t.Errorf("json table: %+v", p)
	}
}
