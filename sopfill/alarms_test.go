package sopfill

import (
	"context"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

// TestSharedLoadBalancerAlarm: with a second service behind the shop's ALB,
// the ALB-level 5xx alarm is no longer the web service's KPI; OPE-001 and
// the runbook say why, and the table of every alarm names who each watches.
func TestSharedLoadBalancerAlarm(t *testing.T) {
	cs := richCase()
	r := &cs.Inventory.Accounts[0].Regions[0]
	const apiTG = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/api-tg/def"
	r.ELB.TargetGroups = append(r.ELB.TargetGroups, inventory.TargetGroup{ARN: apiTG, Name: "api-tg", LoadBalancers: []string{lbARN}})
	c := &r.ECS.Clusters[0]
	c.Services = append(c.Services, inventory.Service{ARN: c.ARN + "/api", Name: "api", ClusterARN: c.ARN, LaunchType: "FARGATE", DesiredCount: 1,
		LoadBalancers: []inventory.ServiceLoadBalancer{{TargetGroupARN: apiTG, ContainerName: "api", ContainerPort: 80}}})
	r.Alarms = append(r.Alarms, inventory.Alarm{Name: "shop-alb-5xx", Namespace: "AWS/ApplicationELB", MetricName: "HTTPCode_ELB_5XX_Count",
		Dimensions: []string{"LoadBalancer=app/shop-alb/123"}, Statistic: "Sum", ComparisonOperator: "GreaterThanThreshold", Threshold: 10})
	docs, err := Render(context.Background(), minimalCasefile(t.TempDir()), cs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var ope string
	for _, d := range docs {
		if d.ID == "OPE-001" {
			ope = string(d.Markdown)
		}
	}
	web := section(ope, "### Service shop-prod/web ")
	why := "alarm shop-alb-5xx (load balancer shop-alb serves 2 services: shop-prod/web, shop-prod/api)"
	for _, want := range []string{"alarm web-unhealthy (matched on target group)", "Not counted for this service: " + why} {
		if !strings.Contains(web, want) {
			t.Errorf("OPE-001 web section lacks %q:\n%s", want, web)
		}
	}
	if strings.Contains(web, "| alarm shop-alb-5xx") {
		t.Errorf("OPE-001 web section counts the shared ALB's alarm as its KPI:\n%s", web)
	}
	for _, want := range []string{"| no single service: load balancer shop-alb serves 2 services: shop-prod/web, shop-prod/api |",
		"| shop-prod/web (service dimensions) |", "| shop-prod/web (target group) |"} {
		if !strings.Contains(ope, want) {
			t.Errorf("OPE-001's table of every alarm lacks %q", want)
		}
	}
	rb, err := Runbook(context.Background(), minimalCasefile(t.TempDir()), cs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(section(string(rb), "### shop-prod/web\n"), "Not counted for this service: "+why) {
		t.Errorf("runbook's web KPIs do not say why the shared alarm is not counted")
	}
}

// section is md from the first line starting with heading to the next
// heading of any level.
func section(md, heading string) string {
	i := strings.Index(md, heading)
	if i < 0 {
		return ""
	}
	rest := md[i+len(heading):]
	if j := strings.Index(rest, "\n#"); j >= 0 {
		rest = rest[:j]
	}
	return heading + rest
}
