package xlsx

import (
	"strings"
	"testing"

	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/inventory"
)

// TestAlarmRowsSayWhomTheyWatch: two services behind one ALB; each target
// group alarm names its own service and the rule, the ALB-level alarm names
// neither and says why.
func TestAlarmRowsSayWhomTheyWatch(t *testing.T) {
	const lb = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/alb/1"
	tg := func(n string) string {
		return "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/" + n + "/2"
	}
	svc := func(n string) inventory.Service {
		return inventory.Service{Name: n, ARN: "svc/" + n, LoadBalancers: []inventory.ServiceLoadBalancer{{TargetGroupARN: tg(n), ContainerName: n, ContainerPort: 80}}}
	}
	r := inventory.Region{Name: "eu-west-1"}
	r.ELB.LoadBalancers = []inventory.LoadBalancer{{ARN: lb, Name: "alb"}}
	r.ELB.TargetGroups = []inventory.TargetGroup{{ARN: tg("a"), Name: "a", LoadBalancers: []string{lb}}, {ARN: tg("b"), Name: "b", LoadBalancers: []string{lb}}}
	r.ECS.Clusters = []inventory.Cluster{{ARN: "c/prod", Name: "prod", Services: []inventory.Service{svc("a"), svc("b")}}}
	r.Alarms = []inventory.Alarm{
		{Name: "a-5xx", Dimensions: []string{"LoadBalancer=app/alb/1", "TargetGroup=targetgroup/a/2"}},
		{Name: "b-5xx", Dimensions: []string{"LoadBalancer=app/alb/1", "TargetGroup=targetgroup/b/2"}},
		{Name: "alb-5xx", Dimensions: []string{"LoadBalancer=app/alb/1"}},
	}
	snap := &inventory.Snapshot{SchemaVersion: inventory.SchemaVersion, Accounts: []inventory.Account{{ID: "111122223333", Regions: []inventory.Region{r}}}}
	want := map[string]string{"a-5xx": "; watches prod/a (target group)", "b-5xx": "; watches prod/b (target group)",
		"alb-5xx": "; watches no single service: load balancer alb serves 2 services"}
	rows := monitoringRows(estate.New(snap).Regions[0])
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(rows), len(want))
	}
	for _, row := range rows {
		if !strings.HasSuffix(row.details, want[row.name]) {
			t.Errorf("%s: details %q, want them to end with %q", row.name, row.details, want[row.name])
		}
	}
}
