package discover

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

// TestImportAWSCLIExamples imports the aws CLI's own examples, which come
// from several regions and two accounts: each resource is filed where its
// ARN says; those without an ARN (VPCs, instances, endpoints) stay with the
// folder's region.
func TestImportAWSCLIExamples(t *testing.T) {
	snap, err := Import("testdata/awscli", ImportOptions{Now: fixedClock})
	if err != nil {
		t.Fatal(err)
	}
	if snap.Collection.Source != "import" || accountOf(snap, "123456789012") == nil {
		t.Fatalf("header: %+v", snap.Collection)
	}
	reg := regionOf(snap, "123456789012", "eu-west-1")
	if reg == nil {
		t.Fatal("no region eu-west-1, the folder's")
	}
	checkFiledByARN(t, snap)
	// Every file present was used: no MalformedFile gap.
	missing := map[string]bool{}
	for _, e := range snap.Collection.Errors {
		if e.Code != "MissingFile" && e.Code != "NotCollected" {
			t.Errorf("gap: %+v", e)
		}
		if e.Code == "MissingFile" && !strings.Contains(e.Message, "is missing") {
			t.Errorf("a missing file must be named: %q", e.Message)
		}
		if e.Region == "eu-west-1" {
			missing[e.Service+" "+e.Operation] = true
		}
	}
	if !missing["ec2 DescribeSubnets"] || missing["ecs DescribeClusters"] || missing["ec2 DescribeVpcs"] {
		t.Errorf("missing files: %v", missing)
	}
	var svcs []inventory.Service
	var tds []inventory.TaskDefinition
	var tasks []inventory.Task
	for _, a := range snap.Accounts {
		for _, r := range a.Regions {
			for _, c := range r.ECS.Clusters {
				svcs, tasks = append(svcs, c.Services...), append(tasks, c.Tasks...)
			}
			tds = append(tds, r.ECS.TaskDefinitions...)
		}
	}
	if len(svcs) != 1 || svcs[0].Name != "my-http-service" || svcs[0].DesiredCount != 10 || svcs[0].CreatedAt.Unix() != 1466801808 {
		t.Errorf("service from describe-services.rst: %+v", svcs)
	}
	var td inventory.TaskDefinition
	stubs := 0
	for _, x := range tds {
		if x.NotCollected {
			stubs++ // the examples' services and tasks name revisions no example describes
		} else {
			td = x
		}
	}
	if stubs != 2 || td.Family != "hello_world" || td.Revision != 8 || len(td.Containers) != 2 ||
		!slices.Equal(td.Containers[1].EnvironmentNames, []string{"MYSQL_ROOT_PASSWORD"}) {
		t.Errorf("task definitions: %+v", tds)
	}
	tdMissing := 0
	for _, e := range snap.Collection.Errors {
		if e.Operation == "DescribeTaskDefinition" && e.Code == "MissingFile" {
			tdMissing++
		}
	}
	if tdMissing != 2 {
		t.Error("a referenced revision without its file must be a named gap")
	}
	for _, tk := range tasks {
		if tk.StartedAt.IsZero() || tk.TaskDefinition == "" {
			t.Errorf("task: %+v", tk)
		}
	}
	if len(tasks) == 0 {
		t.Error("no task from describe-tasks.rst")
	}
	west := regionOf(snap, "123456789012", "us-west-2")
	if len(reg.Network.VPCs) == 0 || west == nil || len(west.ELB.LoadBalancers) != 1 || west.ELB.LoadBalancers[0].DNSName == "" || len(west.ELB.TargetGroups) == 0 {
		t.Errorf("vpcs %d, us-west-2 %+v", len(reg.Network.VPCs), west)
	}
	checkAWSCLIExampleNetwork(t, reg)
	b, _ := inventory.Marshal(snap)
	if strings.Contains(string(b), `"password"`) {
		t.Error("an environment value from the example reached the snapshot")
	}
	if _, err := inventory.Decode("import.json", b); err != nil {
		t.Fatalf("imported snapshot does not decode: %v", err)
	}
}

// checkAWSCLIExampleNetwork: security groups of instances and interface
// endpoints, which tell NETSEC-001 that a group is in use; a gateway
// endpoint has none.
func checkAWSCLIExampleNetwork(t *testing.T, reg *inventory.Region) {
	t.Helper()
	if len(reg.EC2.Instances) != 1 || reg.EC2.Instances[0].ID != "i-1234567890abcdef0" ||
		!slices.Equal(reg.EC2.Instances[0].SecurityGroups, []string{"sg-1234567890abcdefg"}) {
		t.Errorf("instances from describe-instances.rst: %+v", reg.EC2.Instances)
	}
	endpointGroups := map[string][]string{}
	for _, e := range reg.Network.VPCEndpoints {
		endpointGroups[e.ID] = e.SecurityGroups
	}
	if len(endpointGroups) != 3 || !slices.Equal(endpointGroups["vpce-0f89a33420c1931d7"], []string{"sg-54e8bf31"}) || endpointGroups["vpce-032a826a"] != nil {
		t.Errorf("endpoint security groups from describe-vpc-endpoints.rst: %v", endpointGroups)
	}
}

// checkFiledByARN: every ECS and load balancing resource of the snapshot is
// in the account and region its ARN names.
func checkFiledByARN(t *testing.T, snap *inventory.Snapshot) {
	t.Helper()
	check := func(a, r, arn string) {
		if at, ok := arnHome(arn); !ok || at.account != a || at.region != r {
			t.Errorf("%s filed under %s %s", arn, a, r)
		}
	}
	for _, a := range snap.Accounts {
		for _, r := range a.Regions {
			for _, c := range r.ECS.Clusters {
				check(a.ID, r.Name, c.ARN)
				for _, s := range c.Services {
					check(a.ID, r.Name, s.ARN)
				}
				for _, tk := range c.Tasks {
					check(a.ID, r.Name, tk.ARN)
				}
			}
			for _, td := range r.ECS.TaskDefinitions {
				check(a.ID, r.Name, td.ARN)
			}
			for _, lb := range r.ELB.LoadBalancers {
				check(a.ID, r.Name, lb.ARN)
			}
			for _, tg := range r.ELB.TargetGroups {
				check(a.ID, r.Name, tg.ARN)
			}
		}
	}
}

func TestImportNamesBrokenFilesAndUsesTheRest(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, body string) { writeOutput(t, dir, rel, body) }
	write("sts/get-caller-identity.json", `{"Account":"210987654321"}`)
	write("us-east-1/ec2/describe-vpcs.json", `{"Vpcs":[{"VpcId":"vpc-1","CidrBlock":"10.0.0.0/16"}]}`)
	write("us-east-1/ec2/describe-subnets.json", `{"Subnets":[{"SubnetId":"subnet-1","VpcId":"vpc-1"`) // truncated
	write("us-east-1/ecs/describe-clusters.1.json", `{"clusters":[{"clusterArn":"arn:aws:ecs:us-east-1:210987654321:cluster/a","clusterName":"a"}]}`)
	write("us-east-1/ecs/describe-services.arn%3Aaws%3Aecs%3Aus-east-1%3A210987654321%3Acluster%2Fa.1.json",
		`{"services":[{"serviceArn":"arn:aws:ecs:us-east-1:210987654321:service/a/s","serviceName":"s","clusterArn":"arn:aws:ecs:us-east-1:210987654321:cluster/a","desiredCount":"two"}]}`)
	write("us-east-1/elbv2/describe-target-health.arn%3Aaws%3Aelasticloadbalancing%3Aus-east-1%3A210987654321%3Atargetgroup%2Ftg%2F1.json",
		`{"TargetHealthDescriptions":[{"Target":{"Id":"10.0.0.9","Port":80},"TargetHealth":{"State":"healthy"}}]}`)
	write("us-east-1/elbv2/describe-target-groups.json", `{"TargetGroups":[{"TargetGroupArn":"arn:aws:elasticloadbalancing:us-east-1:210987654321:targetgroup/tg/1","TargetGroupName":"tg"}]}`)
	snap, err := Import(dir, ImportOptions{Now: fixedClock})
	if err != nil {
		t.Fatal(err)
	}
	var malformed []string
	for _, e := range snap.Collection.Errors {
		if e.Code == "MalformedFile" {
			malformed = append(malformed, e.Operation)
			if !strings.Contains(e.Message, dir) {
				t.Errorf("malformed file not named: %q", e.Message)
			}
		}
	}
	slices.Sort(malformed)
	if !slices.Equal(malformed, []string{"DescribeServices", "DescribeSubnets"}) {
		t.Errorf("malformed: %v (%+v)", malformed, snap.Collection.Errors)
	}
	reg := snap.Accounts[0].Regions[0]
	if snap.Accounts[0].ID != "210987654321" || len(reg.Network.VPCs) != 1 || len(reg.ECS.Clusters) != 1 {
		t.Errorf("what was present was not used: %+v", reg)
	}
	if tg := reg.ELB.TargetGroups; len(tg) != 1 || len(tg[0].Targets) != 1 || tg[0].Targets[0].ID != "10.0.0.9" {
		t.Errorf("target health keyed by the file name's ARN: %+v", tg)
	}

	if _, err := Import(t.TempDir(), ImportOptions{}); err == nil || !strings.Contains(err.Error(), "get-caller-identity.json") {
		t.Errorf("an unidentifiable account must be an error naming the file: %v", err)
	}
}

func TestFileKey(t *testing.T) {
	for _, c := range []struct{ name, op, want string }{
		{"describe-clusters.json", "describe-clusters", ""},
		{"describe-clusters.3.json", "describe-clusters", ""},
		{"describe-services.arn%3Aaws%3Aecs%3Aeu-west-1%3A1%3Acluster%2Fprod.2.json", "describe-services", "arn:aws:ecs:eu-west-1:1:cluster/prod"},
		{"get-trail-status.arn%3Atrail%2Fa%2Eb.json", "get-trail-status", "arn:trail/a.b"},
	} {
		got, err := fileKey(c.name, c.op)
		if err != nil || got != c.want {
			t.Errorf("fileKey(%s) = %q, %v; want %q", c.name, got, err, c.want)
		}
	}
	// The file a warning says is missing is named as the collect script names it.
	arn := "arn:aws:ecs:eu-west-1:1:task-definition/a.b%c:3"
	if got, err := fileKey("describe-task-definition."+escKey(arn)+".json", "describe-task-definition"); err != nil || got != arn {
		t.Errorf("escKey does not round-trip: %q, %v", got, err)
	}
}

// writeOutput writes one collect-script output file, rel under dir, as the
// import tests lay out their folders.
func writeOutput(t *testing.T, dir, rel, body string) {
	t.Helper()
	p := filepath.Join(dir, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}
