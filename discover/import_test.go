package discover

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

func TestImportAWSCLIExamples(t *testing.T) {
	snap, err := Import("testdata/awscli", ImportOptions{Now: fixedClock})
	if err != nil {
		t.Fatal(err)
	}
	if snap.Collection.Source != "import" || len(snap.Accounts) != 1 || snap.Accounts[0].ID != "123456789012" {
		t.Fatalf("header: %+v", snap.Collection)
	}
	reg := snap.Accounts[0].Regions[0]
	if reg.Name != "eu-west-1" {
		t.Fatalf("region %q", reg.Name)
	}
	// Every file present was used: no MalformedFile gap.
	missing := map[string]bool{}
	for _, e := range snap.Collection.Errors {
		if e.Code != "MissingFile" {
			t.Errorf("gap: %+v", e)
		}
		if !strings.Contains(e.Message, "is missing") {
			t.Errorf("a missing file must be named: %q", e.Message)
		}
		missing[e.Service+" "+e.Operation] = true
	}
	if !missing["ec2 DescribeSubnets"] || missing["ecs DescribeClusters"] || missing["ec2 DescribeVpcs"] {
		t.Errorf("missing files: %v", missing)
	}
	svcs := 0
	var svc inventory.Service
	for _, c := range reg.ECS.Clusters {
		svcs += len(c.Services)
		if len(c.Services) > 0 {
			svc = c.Services[0]
		}
	}
	if svcs != 1 || svc.Name != "my-http-service" || svc.DesiredCount != 10 || svc.CreatedAt.Unix() != 1466801808 {
		t.Errorf("service from describe-services.rst: %+v", svc)
	}
	var td inventory.TaskDefinition
	stubs := 0
	for _, x := range reg.ECS.TaskDefinitions {
		if x.NotCollected {
			stubs++ // the examples' services and tasks name revisions no example describes
		} else {
			td = x
		}
	}
	if stubs != 2 || td.Family != "hello_world" || td.Revision != 8 || len(td.Containers) != 2 ||
		!slices.Equal(td.Containers[1].EnvironmentNames, []string{"MYSQL_ROOT_PASSWORD"}) {
		t.Errorf("task definitions: %+v", reg.ECS.TaskDefinitions)
	}
	if !missing["ecs DescribeTaskDefinition"] {
		t.Error("a referenced revision without its file must be a named gap")
	}
	tasks := 0
	for _, c := range reg.ECS.Clusters {
		for _, tk := range c.Tasks {
			tasks++
			if tk.StartedAt.IsZero() || tk.TaskDefinition == "" {
				t.Errorf("task: %+v", tk)
			}
		}
	}
	if tasks == 0 {
		t.Error("no task from describe-tasks.rst")
	}
	if len(reg.Network.VPCs) == 0 || len(reg.ELB.LoadBalancers) != 1 || reg.ELB.LoadBalancers[0].DNSName == "" || len(reg.ELB.TargetGroups) == 0 {
		t.Errorf("vpcs %d lbs %+v tgs %d", len(reg.Network.VPCs), reg.ELB.LoadBalancers, len(reg.ELB.TargetGroups))
	}
	// Security groups of instances and interface endpoints, which tell
	// NETSEC-001 that a group is in use; a gateway endpoint has none.
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
	b, _ := inventory.Marshal(snap)
	if strings.Contains(string(b), `"password"`) {
		t.Error("an environment value from the example reached the snapshot")
	}
	if _, err := inventory.Decode("import.json", b); err != nil {
		t.Fatalf("imported snapshot does not decode: %v", err)
	}
}

func TestImportNamesBrokenFilesAndUsesTheRest(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, body string) {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
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
}
