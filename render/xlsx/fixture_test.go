package xlsx

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ecspack/ecspack/assess"
	"github.com/ecspack/ecspack/catalog"
	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/inventory"
)

// packageDate is the fixture's package date.
var packageDate = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)

// fixture builds a small but complete Input: the real 2025-02 catalog, two
// case studies with answers and inventories, a hand-made report whose
// statuses cycle through every value, and a cost model.
func fixture(t testing.TB) Input {
	t.Helper()
	cat, err := catalog.Load("2025-02")
	if err != nil {
		t.Fatalf("load catalog: %v", err)
	}
	yes := true
	snap := &inventory.Snapshot{SchemaVersion: inventory.SchemaVersion, Accounts: []inventory.Account{{
		ID: "111122223333",
		Regions: []inventory.Region{{
			Name: "eu-west-1",
			ECS: inventory.ECS{
				Clusters: []inventory.Cluster{{
					ARN: "arn:aws:ecs:eu-west-1:111122223333:cluster/shop", Name: "shop", RunningTasksCount: 5,
					Settings: []inventory.KeyValue{{Name: "containerInsights", Value: "enabled"}},
					Services: []inventory.Service{
						{ARN: "arn:aws:ecs:eu-west-1:111122223333:service/shop/orders", Name: "orders", LaunchType: "FARGATE",
							TaskDefinition: "arn:aws:ecs:eu-west-1:111122223333:task-definition/orders:7", DesiredCount: 3, RunningCount: 3,
							Deployment: inventory.DeploymentConfig{MinimumHealthyPercent: 100, MaximumPercent: 200, CircuitBreakerEnabled: true, CircuitBreakerRollback: true}},
						{ARN: "arn:aws:ecs:eu-west-1:111122223333:service/shop/cart", Name: "cart",
							CapacityProviderStrategy: []inventory.CapacityProviderItem{{CapacityProvider: "FARGATE_SPOT", Weight: 1}},
							TaskDefinition:           "arn:aws:ecs:eu-west-1:111122223333:task-definition/cart:2", DesiredCount: 2, RunningCount: 1},
					},
				}},
				TaskDefinitions: []inventory.TaskDefinition{{ARN: "arn:aws:ecs:eu-west-1:111122223333:task-definition/orders:7",
					Family: "orders", Revision: 7, CPU: "512", Memory: "1024", NetworkMode: "awsvpc", RequiresCompatibilities: []string{"FARGATE"},
					Containers: []inventory.ContainerDefinition{{Name: "app", Image: "orders:1", Essential: true}}}},
			},
			ELB: inventory.ELB{LoadBalancers: []inventory.LoadBalancer{{ARN: "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/shop/1",
				Name: "shop", Type: "application", Scheme: "internet-facing", Listeners: []inventory.Listener{{Protocol: "HTTPS", Port: 443}}}}},
			ECR: inventory.ECR{Repositories: []inventory.Repository{{ARN: "arn:aws:ecr:eu-west-1:111122223333:repository/orders", Name: "orders", ScanOnPush: true}}},
			EFS: []inventory.FileSystem{{ID: "fs-1", Name: "media", Encrypted: true}},
			EC2: inventory.EC2{EBSEncryptionByDefault: &yes},
		}},
	}}}
	long := strings.Repeat("Ünïcødé answer text, 😀 included. ", 1200) // > 32,767 UTF-16 units
	cf := &evidence.Casefile{
		Checklist: "2025-02",
		Package:   evidence.PackageInfo{ID: "ACME-ECS-2026-1", Date: evidence.Date{Time: packageDate}},
		Partner:   evidence.Partner{Name: "Acme Cloud & Co", ServicesPathStage: "validated"},
		Answers: map[string]*evidence.Answer{
			"1.1": {Body: []byte("We have read the **program guidelines**.")},
		},
		CaseStudies: []*evidence.CaseStudy{
			{ID: "alpha", Title: "Retail platform", Customer: evidence.Customer{Name: "Alpha Retail"},
				ProductionDate: evidence.Date{Time: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)}, Regions: []string{"eu-west-1"},
				Inventory: snap,
				Answers: map[string]*evidence.Answer{
					"ECS-001": {Body: []byte("# Heading\n\nWe use:\n\n- item *one*\n- item `two`\n\nSee [the docs](https://example.com/docs).\n"),
						Attachments: []string{"attachments/diagram.png"}, References: []string{"https://example.com/ref"}},
					"ECS-002": {Body: []byte(long)},
				}},
			{ID: "beta-with-a-rather-long-case-identifier", Title: "Payments"},
		},
	}
	rep := &assess.Report{Checklist: "2025-02"}
	statuses := assess.Statuses()
	i := 0
	for _, cs := range cf.CaseStudies {
		cr := assess.CaseResult{ID: cs.ID, Title: cs.Title}
		for _, c := range cat.Controls {
			if !isCaseScope(c) {
				continue
			}
			r := assess.ControlResult{ID: c.ID, Status: statuses[i%len(statuses)], Reason: "reason " + c.ID, Findings: []assess.Finding{}}
			i++
			if c.ID == "ECS-001" {
				r.Findings = []assess.Finding{
					{Check: "ECS-001.a", Outcome: assess.Fail, Resource: "arn:aws:ecs:eu-west-1:111122223333:service/shop/cart", Message: "running below desired", Evidence: "ecs:DescribeServices runningCount", Remediation: "scale"},
					{Check: "ECS-001.b", Outcome: assess.Warn, Resource: "orders", Message: "no alarm", Evidence: "cloudwatch:DescribeAlarms"},
					{Check: "ECS-001.c", Outcome: assess.Pass, Resource: "orders", Message: "ok", Evidence: "ecs:DescribeServices runningCount"},
				}
			}
			cr.Controls = append(cr.Controls, r)
		}
		rep.CaseStudies = append(rep.CaseStudies, cr)
	}
	for _, c := range cat.Controls {
		if isCaseScope(c) {
			continue
		}
		r := assess.ControlResult{ID: c.ID, Status: assess.Met, Reason: "partner " + c.ID, Findings: []assess.Finding{}}
		if c.ID == "2.1" {
			r.Status = assess.NotMet
			r.Findings = []assess.Finding{{Check: "2.1.customers", Outcome: assess.Fail, Message: "only one distinct customer"}}
		}
		rep.Partner = append(rep.Partner, r)
	}
	for j, c := range cat.Controls {
		rep.Overall = append(rep.Overall, assess.Overall{ID: c.ID, Status: statuses[(j+1)%len(statuses)]})
	}
	return Input{
		Catalog: cat, Casefile: cf, Report: rep, Date: packageDate,
		Cost: []CostSheet{
			{CaseID: "alpha", Assumptions: costAssumptions(), Lines: []CostLine{
				{Group: "Fargate", Item: "shop/orders", Quantity: 2, Unit: "task", UnitPrice: taskHour, Hours: 730, HoursKey: "hours_per_month", Note: "0.5 vCPU / 1 GB"},
				{Group: "Fargate", Item: "shop/orders (Fargate Spot)", Quantity: 2, Unit: "task", UnitPrice: taskHour, Hours: 730, HoursKey: "hours_per_month",
					Discount: 0.7, DiscountKey: "fargate_spot_discount"},
				{Group: "Partner", Item: "support", Quantity: 1, Unit: "month", UnitPrice: 500, Hours: 1, Note: "partner-supplied"},
			}},
			{CaseID: "beta-with-a-rather-long-case-identifier", Assumptions: costAssumptions(), Lines: []CostLine{
				{Group: "Load balancing", Item: "ALB", Quantity: 1, Unit: "ALB", UnitPrice: 0.0252, Hours: 730, HoursKey: "hours_per_month"},
				{Group: "Load balancing", Item: "ALB capacity units", Quantity: 2, Unit: "LCU", UnitPrice: 0.008, Hours: 730, HoursKey: "hours_per_month", QuantityKey: "alb_lcu_per_hour"},
				{Group: "NAT", Item: "NAT data processing", Quantity: 300, Unit: "GB", UnitPrice: 0.045, Hours: 1, QuantityKey: "nat_gb_per_month", Note: "3 gateways"},
				// No key: stays a plain number whatever the assumptions.
				{Group: "EC2", Item: "m5.large", Quantity: 1, Unit: "instance", UnitPrice: 0.096, Hours: 730},
			}},
		},
	}
}

// taskHour is the hourly price of a 0.5 vCPU / 1 GB Linux/x86 Fargate task
// in us-east-1: 0.5 × 0.04048 + 1 × 0.004445.
const taskHour = 0.5*0.04048 + 1*0.004445

// costAssumptions are the fixture's cost assumptions, the same for both
// case studies.
func costAssumptions() []CostAssumption {
	return []CostAssumption{
		{Key: "hours_per_month", Name: "Hours per month", Value: 730, Unit: "hours", Note: "price table 2025-06"},
		{Key: "fargate_spot_discount", Name: "Fargate Spot discount below on-demand", Value: 0.7, Unit: "fraction", Note: "Spot prices vary, this is an assumption"},
		{Key: "alb_lcu_per_hour", Name: "Application Load Balancer LCUs per hour", Value: 2, Unit: "LCU"},
		{Key: "nat_gb_per_month", Name: "Data processed per NAT gateway per month", Value: 100, Unit: "GB"},
	}
}

// write renders in and returns the bytes.
func write(t testing.TB, in Input) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, in); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return buf.Bytes()
}

// bigFindings builds an estate of n services in the first case study's
// inventory and one finding per service for every ECS control (about 25 per
// service), as a large assessment would produce.
func bigFindings(t testing.TB, services int) Input {
	in := fixture(t)
	cl := &in.Casefile.CaseStudies[0].Inventory.Accounts[0].Regions[0].ECS.Clusters[0]
	for s := range services {
		cl.Services = append(cl.Services, inventory.Service{
			ARN:  fmt.Sprintf("arn:aws:ecs:eu-west-1:111122223333:service/big/svc-%04d", s),
			Name: fmt.Sprintf("svc-%04d", s), LaunchType: "FARGATE", DesiredCount: 2, RunningCount: 2,
			TaskDefinition: fmt.Sprintf("arn:aws:ecs:eu-west-1:111122223333:task-definition/svc-%04d:1", s),
		})
	}
	cr := &in.Report.CaseStudies[0]
	outcomes := []assess.Outcome{assess.Fail, assess.Warn, assess.Pass, assess.Info}
	for ci := range cr.Controls {
		c := &cr.Controls[ci]
		if !strings.HasPrefix(c.ID, "ECS-") {
			continue
		}
		var fs []assess.Finding
		for s := range services {
			fs = append(fs, assess.Finding{
				Check: c.ID + ".check", Outcome: outcomes[(s+ci)%len(outcomes)],
				Resource: fmt.Sprintf("arn:aws:ecs:eu-west-1:111122223333:service/big/svc-%04d", s),
				Message:  fmt.Sprintf("service svc-%04d: something about %s", s, c.ID),
				Evidence: "ecs:DescribeServices", Remediation: "fix it",
			})
		}
		c.Findings = fs
	}
	return in
}
