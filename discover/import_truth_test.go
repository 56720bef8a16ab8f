package discover

import (
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

// Issue 16: import tells the truth about the files it reads — each resource
// where its ARN says it lives, once, a dangling reference as a named
// warning, and what no file holds as unknown.

const (
	acctA = "111111111111"
	acctB = "222222222222"
)

// importFolder writes files (relative path → body) into a new folder with
// account A's caller identity, and imports it.
func importFiles(t *testing.T, files map[string]string) (*inventory.Snapshot, string) {
	t.Helper()
	dir := t.TempDir()
	files["sts/get-caller-identity.json"] = `{"Account":"` + acctA + `"}`
	for rel, body := range files {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	snap, err := Import(dir, ImportOptions{Now: fixedClock})
	if err != nil {
		t.Fatalf("import refused the folder: %v", err)
	}
	return snap, dir
}

// accountOf returns the snapshot's account with that id, or nil.
func accountOf(snap *inventory.Snapshot, id string) *inventory.Account {
	for i := range snap.Accounts {
		if snap.Accounts[i].ID == id {
			return &snap.Accounts[i]
		}
	}
	return nil
}

// regionOf returns the snapshot's region of an account, or nil.
func regionOf(snap *inventory.Snapshot, account, region string) *inventory.Region {
	for ai := range snap.Accounts {
		for ri := range snap.Accounts[ai].Regions {
			if snap.Accounts[ai].ID == account && snap.Accounts[ai].Regions[ri].Name == region {
				return &snap.Accounts[ai].Regions[ri]
			}
		}
	}
	return nil
}

func clusterNamed(r *inventory.Region, name string) *inventory.Cluster {
	if r == nil {
		return nil
	}
	for i := range r.ECS.Clusters {
		if r.ECS.Clusters[i].Name == name {
			return &r.ECS.Clusters[i]
		}
	}
	return nil
}

func esc(arn string) string { return strings.ReplaceAll(url.PathEscape(arn), ".", "%2E") }

func arnECS(region, account, rest string) string {
	return "arn:aws:ecs:" + region + ":" + account + ":" + rest
}

func TestImportFilesEachResourceUnderItsOwnARN(t *testing.T) {
	away := arnECS("us-east-1", acctB, "cluster/away")
	td := arnECS("us-east-1", acctB, "task-definition/web:3")
	snap, _ := importFiles(t, map[string]string{
		"eu-west-1/ecs/describe-clusters.json": `{"clusters":[{"clusterArn":"` + arnECS("eu-west-1", acctA, "cluster/home") + `","clusterName":"home"},
			{"clusterArn":"` + away + `","clusterName":"away"}]}`,
		"eu-west-1/ecs/describe-services." + esc(away) + ".1.json": `{"services":[{"serviceArn":"` + arnECS("us-east-1", acctB, "service/away/web") +
			`","serviceName":"web","clusterArn":"` + away + `","taskDefinition":"` + td + `","desiredCount":2}]}`,
		"eu-west-1/ecs/describe-task-definition." + esc(td) + ".json": `{"taskDefinition":{"taskDefinitionArn":"` + td + `","family":"web","revision":3,"containerDefinitions":[{"name":"app","image":"nginx"}]}}`,
		"eu-west-1/elbv2/describe-load-balancers.json": `{"LoadBalancers":[{"LoadBalancerArn":"arn:aws:elasticloadbalancing:us-east-1:` + acctB +
			`:loadbalancer/app/front/1","LoadBalancerName":"front","Type":"application"}]}`,
		"eu-west-1/logs/describe-log-groups.json": `{"logGroups":[{"logGroupName":"/ecs/web","arn":"arn:aws:logs:us-east-1:` + acctB + `:log-group:/ecs/web:*"},
			{"logGroupName":"/ecs/home","arn":"arn:aws:logs:eu-west-1:` + acctA + `:log-group:/ecs/home:*"}]}`,
	})
	home, there := regionOf(snap, acctA, "eu-west-1"), regionOf(snap, acctB, "us-east-1")
	if home == nil || there == nil {
		t.Fatalf("want account A eu-west-1 and account B us-east-1, got %d accounts: %+v", len(snap.Accounts), snap.Accounts)
	}
	if clusterNamed(home, "home") == nil || clusterNamed(home, "away") != nil || len(home.ECS.TaskDefinitions) != 0 ||
		len(home.ELB.LoadBalancers) != 0 || len(home.LogGroups) != 1 || home.LogGroups[0].Name != "/ecs/home" {
		t.Errorf("the folder's region holds only its own resources: %+v", home.ECS)
	}
	c := clusterNamed(there, "away")
	if c == nil || len(c.Services) != 1 || c.Services[0].Name != "web" || len(c.Gaps) != 0 {
		t.Fatalf("cluster away with its service under %s us-east-1: %+v", acctB, there.ECS.Clusters)
	}
	if len(there.ECS.TaskDefinitions) != 1 || there.ECS.TaskDefinitions[0].NotCollected || len(there.ELB.LoadBalancers) != 1 ||
		len(there.LogGroups) != 1 || there.LogGroups[0].Name != "/ecs/web" {
		t.Errorf("task definition, load balancer and log group follow their ARN: %+v", there)
	}
	for _, e := range snap.Collection.Errors {
		if strings.Contains(e.Message, td) || strings.Contains(e.Message, away) {
			t.Errorf("a resource read from a file is not missing: %+v", e)
		}
		if e.Account == acctB && (e.Code != "NotCollected" || !strings.Contains(e.Message, "has no folder")) {
			t.Errorf("account B us-east-1 has no folder: all but what was filed there is not collected: %+v", e)
		}
	}
	checkFiledByARN(t, snap)
}

func TestImportCountsAResourceInTwoBatchFilesOnce(t *testing.T) {
	a := arnECS("eu-west-1", acctA, "cluster/a")
	cl := `{"clusters":[{"clusterArn":"` + a + `","clusterName":"a","settings":[{"name":"containerInsights","value":"enabled"}]}]}`
	svc := `{"services":[{"serviceArn":"` + arnECS("eu-west-1", acctA, "service/a/s") + `","serviceName":"s","clusterArn":"` + a + `"}]}`
	task := `{"tasks":[{"taskArn":"` + arnECS("eu-west-1", acctA, "task/a/1") + `","clusterArn":"` + a + `","group":"service:s"}]}`
	lb := "arn:aws:elasticloadbalancing:eu-west-1:" + acctA + ":loadbalancer/app/front/1"
	listener := `{"Listeners":[{"ListenerArn":"arn:aws:elasticloadbalancing:eu-west-1:` + acctA + `:listener/app/front/1/2","LoadBalancerArn":"` + lb + `","Port":80}]}`
	files := map[string]string{
		"eu-west-1/ecs/describe-clusters.1.json":                             cl,
		"eu-west-1/ecs/describe-clusters.2.json":                             cl,
		"eu-west-1/ecs/describe-services." + esc(a) + ".1.json":              svc,
		"eu-west-1/ecs/describe-services." + esc(a) + ".2.json":              svc,
		"eu-west-1/ecs/describe-tasks." + esc(a) + ".1.json":                 task,
		"eu-west-1/ecs/describe-tasks." + esc(a) + ".2.json":                 task,
		"eu-west-1/elbv2/describe-load-balancers.json":                       `{"LoadBalancers":[{"LoadBalancerArn":"` + lb + `","LoadBalancerName":"front"}]}`,
		"eu-west-1/elbv2/describe-listeners." + esc(lb) + ".1.json":          listener,
		"eu-west-1/elbv2/describe-listeners." + esc(lb) + ".2.json":          listener,
		"eu-west-1/ec2/describe-vpcs.1.json":                                 `{"Vpcs":[{"VpcId":"vpc-1"}]}`,
		"eu-west-1/ec2/describe-vpcs.2.json":                                 `{"Vpcs":[{"VpcId":"vpc-1"}]}`,
		"eu-west-1/ec2/describe-security-groups.1.json":                      `{"SecurityGroups":[{"GroupId":"sg-1","VpcId":"vpc-1"}]}`,
		"eu-west-1/ec2/describe-security-groups.2.json":                      `{"SecurityGroups":[{"GroupId":"sg-1","VpcId":"vpc-1"}]}`,
		"eu-west-1/ec2/describe-instances.1.json":                            `{"Reservations":[{"Instances":[{"InstanceId":"i-1"}]}]}`,
		"eu-west-1/ec2/describe-instances.2.json":                            `{"Reservations":[{"Instances":[{"InstanceId":"i-1"}]}]}`,
		"eu-west-1/cloudwatch/describe-alarms.1.json":                        `{"MetricAlarms":[{"AlarmName":"cpu","AlarmArn":"arn:aws:cloudwatch:eu-west-1:` + acctA + `:alarm:cpu"}]}`,
		"eu-west-1/cloudwatch/describe-alarms.2.json":                        `{"MetricAlarms":[{"AlarmName":"cpu","AlarmArn":"arn:aws:cloudwatch:eu-west-1:` + acctA + `:alarm:cpu"}]}`,
		"eu-west-1/logs/describe-log-groups.1.json":                          `{"logGroups":[{"logGroupName":"/ecs/s"}]}`,
		"eu-west-1/logs/describe-log-groups.2.json":                          `{"logGroups":[{"logGroupName":"/ecs/s"}]}`,
		"eu-west-1/ecr/describe-repositories.1.json":                         `{"repositories":[{"repositoryName":"s","repositoryArn":"arn:aws:ecr:eu-west-1:` + acctA + `:repository/s"}]}`,
		"eu-west-1/ecr/describe-repositories.2.json":                         `{"repositories":[{"repositoryName":"s","repositoryArn":"arn:aws:ecr:eu-west-1:` + acctA + `:repository/s"}]}`,
		"eu-west-1/application-autoscaling/describe-scalable-targets.1.json": `{"ScalableTargets":[{"ResourceId":"service/a/s","ScalableDimension":"ecs:service:DesiredCount","MinCapacity":2}]}`,
		"eu-west-1/application-autoscaling/describe-scalable-targets.2.json": `{"ScalableTargets":[{"ResourceId":"service/a/s","ScalableDimension":"ecs:service:DesiredCount","MinCapacity":2}]}`,
	}
	snap, _ := importFiles(t, files)
	r := regionOf(snap, acctA, "eu-west-1")
	if r == nil || len(r.ECS.Clusters) != 1 {
		t.Fatalf("one cluster: %+v", r)
	}
	c := r.ECS.Clusters[0]
	if len(c.Settings) != 1 || len(c.Services) != 1 || len(c.Tasks) != 1 {
		t.Errorf("cluster a keeps its settings, one service and one task: %+v", c)
	}
	counts := map[string]int{
		"listeners": len(r.ELB.LoadBalancers[0].Listeners), "vpcs": len(r.Network.VPCs), "security groups": len(r.Network.SecurityGroups),
		"instances": len(r.EC2.Instances), "alarms": len(r.Alarms), "log groups": len(r.LogGroups), "repositories": len(r.ECR.Repositories),
		"scalable targets": len(r.AutoScaling.ScalableTargets),
	}
	for what, n := range counts {
		if n != 1 {
			t.Errorf("%s: %d, want 1", what, n)
		}
	}
}

func TestImportNamesADanglingReferenceAndKeepsTheFolder(t *testing.T) {
	a := arnECS("eu-west-1", acctA, "cluster/a")
	td := arnECS("eu-west-1", acctA, "task-definition/api:7")
	tg := "arn:aws:elasticloadbalancing:eu-west-1:" + acctA + ":targetgroup/api/1"
	svcFile := "eu-west-1/ecs/describe-services." + esc(a) + ".1.json"
	snap, dir := importFiles(t, map[string]string{
		"eu-west-1/ec2/describe-vpcs.json":     `{"Vpcs":[{"VpcId":"vpc-1"}]}`,
		"eu-west-1/ec2/describe-subnets.json":  `{"Subnets":[{"SubnetId":"subnet-1","VpcId":"vpc-1"},{"SubnetId":"subnet-2","VpcId":"vpc-2"}]}`,
		"eu-west-1/ecs/describe-clusters.json": `{"clusters":[{"clusterArn":"` + a + `","clusterName":"a"}]}`,
		svcFile: `{"services":[{"serviceArn":"` + arnECS("eu-west-1", acctA, "service/a/api") + `","serviceName":"api","clusterArn":"` + a +
			`","taskDefinition":"` + td + `","loadBalancers":[{"targetGroupArn":"` + tg + `","containerName":"app","containerPort":80}]},{"serviceName":"nameless","clusterArn":"` + a + `"}]}`,
		"eu-west-1/elbv2/describe-target-groups.json": `{"TargetGroups":[]}`,
	})
	r := regionOf(snap, acctA, "eu-west-1")
	if r == nil || len(r.Network.Subnets) != 2 || len(r.ECS.Clusters) != 1 || len(r.ECS.Clusters[0].Services) != 1 {
		t.Fatalf("what the files hold is kept: %+v", r)
	}
	want := map[string][]string{ // what is missing → what the warning must name
		"vpc-2":    {filepath.Join(dir, "eu-west-1/ec2/describe-subnets.json"), "subnet-2"},
		td:         {filepath.Join(dir, svcFile), "api"},
		tg:         {filepath.Join(dir, svcFile), "service api"},
		"nameless": {filepath.Join(dir, svcFile), "serviceArn"},
	}
	for missing, names := range want {
		found := false
		for _, e := range snap.Collection.Errors {
			if strings.Contains(e.Message, missing) {
				found = true
				for _, n := range names {
					if !strings.Contains(e.Message, n) {
						t.Errorf("warning about %s does not name %s: %q", missing, n, e.Message)
					}
				}
			}
		}
		if !found {
			t.Errorf("no warning names %s: %+v", missing, snap.Collection.Errors)
		}
	}
}

func TestImportMarksWhatNoFileHoldsAsNotCollected(t *testing.T) {
	a, b := arnECS("eu-west-1", acctA, "cluster/a"), arnECS("eu-west-1", acctA, "cluster/b")
	tasksOf := func(cluster, group string) string {
		return `{"tasks":[{"taskArn":"` + cluster + `-task","clusterArn":"` + cluster + `","group":"` + group + `","lastStatus":"RUNNING"}]}`
	}
	snap, dir := importFiles(t, map[string]string{
		"eu-west-1/ecs/describe-clusters.json":               `{"clusters":[{"clusterArn":"` + a + `","clusterName":"a"}]}`,
		"eu-west-1/ecs/describe-tasks." + esc(a) + ".1.json": tasksOf(a, "service:web"),
		"eu-west-1/ecs/describe-tasks." + esc(b) + ".1.json": tasksOf(b, "family:batch"),
	})
	r := regionOf(snap, acctA, "eu-west-1")
	ca, cb := clusterNamed(r, "a"), clusterNamed(r, "b")
	if ca == nil || cb == nil {
		t.Fatalf("both clusters: %+v", r)
	}
	if !slices.ContainsFunc(cb.Gaps, func(g string) bool { return strings.Contains(g, "DescribeClusters") }) {
		t.Errorf("cluster b, known only from its tasks, must say its settings were not collected: %q", cb.Gaps)
	}
	if !slices.ContainsFunc(ca.Gaps, func(g string) bool { return strings.Contains(g, "DescribeServices") && strings.Contains(g, "web") }) {
		t.Errorf("cluster a runs tasks of service web that no file describes: %q", ca.Gaps)
	}
	codes := map[string]bool{}
	for _, e := range snap.Collection.Errors {
		codes[e.Operation+" "+e.Code] = true
		if e.Code == "NotCollected" && e.Operation == "DescribeClusters" && !strings.Contains(e.Message, filepath.Join(dir, "eu-west-1/ecs/describe-tasks."+esc(b)+".1.json")) {
			t.Errorf("the warning names the file that shows the cluster exists: %q", e.Message)
		}
	}
	if !codes["DescribeClusters NotCollected"] || !codes["DescribeServices NotCollected"] {
		t.Errorf("collection errors say what was not collected: %+v", snap.Collection.Errors)
	}
}
