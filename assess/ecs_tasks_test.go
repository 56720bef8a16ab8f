package assess

import (
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

func TestTaskChecks(t *testing.T) {
	all := []string{"ECS-005", "ECS-006"}
	webRole := ecsRoleARN("web-task")
	setPolicy := func(doc string) func(s *inventory.Snapshot) {
		return func(s *inventory.Snapshot) {
			s.Accounts[0].IAM.Roles[1].InlinePolicies[0].Document = doc
		}
	}
	ecsRunTable(t, all, []ecsCase{
		{name: "clean estate", clean: all, want: []ecsWant{
			{Pass, "ECS-005.task-role", "web:3", "web-task"},
			{Pass, "ECS-005.shared-role", webRole, "family web only"},
			{Pass, "ECS-005.least-privilege", webRole, ""},
			{Pass, "ECS-005.trust", webRole, "ecs-tasks"},
			{Pass, "ECS-006.task-size", "api:7", "512 CPU units / 1024 MiB"},
		}},
		{name: "empty inventory", mutate: func(s *inventory.Snapshot) { s.Accounts[0].Regions = nil }, want: []ecsWant{
			{Warn, "ECS-005.task-role", "cs1", ""}, {Warn, "ECS-006.task-size", "cs1", ""}}},
		{name: "shared task role names role and families", mutate: func(s *inventory.Snapshot) {
			ecsTDOf(s, "api").TaskRoleARN = webRole
		}, want: []ecsWant{{Fail, "ECS-005.shared-role", webRole, "2 task definition families (api; web)"}}},
		{name: "same family in two regions is not sharing", mutate: func(s *inventory.Snapshot) {
			r := *ecsReg(ecsClean())
			r.Name = "us-east-1"
			s.Accounts[0].Regions = append(s.Accounts[0].Regions, r)
		}, clean: []string{"ECS-005.shared-role"}},
		{name: "Fargate family without task role warns", mutate: func(s *inventory.Snapshot) {
			ecsTDOf(s, "web").TaskRoleARN = ""
		}, want: []ecsWant{{Warn, "ECS-005.task-role", "web:3", "no task role"}}},
		{name: "EC2 family without task role fails", mutate: func(s *inventory.Snapshot) {
			td := ecsTDOf(s, "web")
			td.TaskRoleARN, td.RequiresCompatibilities = "", []string{"EC2"}
			sv := &ecsProd(s).Services[1]
			sv.CapacityProviderStrategy, sv.LaunchType = nil, "EC2"
		}, want: []ecsWant{{Fail, "ECS-005.task-role", "web:3", "instance's role"}}},
		{name: "task role equals execution role", mutate: func(s *inventory.Snapshot) {
			td := ecsTDOf(s, "web")
			td.TaskRoleARN = td.ExecutionRoleARN
		}, want: []ecsWant{{Warn, "ECS-005.task-role", "web:3", "same role"}}},
		{name: "Action star fails", mutate: setPolicy(`{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`),
			want: []ecsWant{{Fail, "ECS-005.least-privilege", webRole, `Action "*"`}}},
		{name: "service wildcard warns, statement as object", mutate: setPolicy(`{"Version":"2012-10-17","Statement":{"Sid":"S3","Effect":"Allow","Action":["s3:*"],"Resource":["arn:aws:s3:::b/*"]}}`),
			want: []ecsWant{{Warn, "ECS-005.least-privilege", webRole, "s3:*"}}},
		{name: "write on every resource warns", mutate: setPolicy(`{"Statement":[{"Effect":"Allow","Action":["dynamodb:PutItem","dynamodb:GetItem"],"Resource":"*"}]}`),
			want: []ecsWant{{Warn, "ECS-005.least-privilege", webRole, "dynamodb:PutItem"}}},
		{name: "read on every resource is fine, deny ignored", mutate: setPolicy(`{"Statement":[{"Effect":"Allow","Action":["cloudwatch:GetMetricData","ec2:DescribeInstances"],"Resource":"*"},{"Effect":"Deny","Action":"*","Resource":"*"}]}`),
			clean: []string{"ECS-005.least-privilege"}},
		{name: "URL-encoded document", mutate: setPolicy(`%7B%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22%2A%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D`),
			want: []ecsWant{{Fail, "ECS-005.least-privilege", webRole, `Action "*"`}}},
		{name: "unparsable document warns", mutate: setPolicy(`{not json`),
			want: []ecsWant{{Warn, "ECS-005.least-privilege", webRole, "could not be parsed"}}},
		{name: "AWS managed AdministratorAccess fails, FullAccess warns", mutate: func(s *inventory.Snapshot) {
			s.Accounts[0].IAM.Roles[1].AttachedPolicies = []inventory.Policy{{Name: "AdministratorAccess", ARN: "arn:aws:iam::aws:policy/AdministratorAccess", AWSManaged: true}}
			s.Accounts[0].IAM.Roles[0].AttachedPolicies = []inventory.Policy{{Name: "AmazonS3FullAccess", ARN: "arn:aws:iam::aws:policy/AmazonS3FullAccess", AWSManaged: true}}
		}, want: []ecsWant{{Fail, "ECS-005.least-privilege", webRole, "AdministratorAccess"}, {Warn, "ECS-005.least-privilege", ecsRoleARN("api-task"), "AmazonS3FullAccess"}}},
		{name: "customer managed attached policy is parsed", mutate: func(s *inventory.Snapshot) {
			s.Accounts[0].IAM.Roles[1].AttachedPolicies = []inventory.Policy{{Name: "web-extra", ARN: ecsRoleARN("x"), Document: `{"Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}]}`}}
		}, want: []ecsWant{{Warn, "ECS-005.least-privilege", webRole, "NotAction"}}},
		{name: "role not collected is info", mutate: func(s *inventory.Snapshot) { s.Accounts[0].IAM.Roles = nil },
			want: []ecsWant{{Info, "ECS-005.least-privilege", webRole, "not collected"}}, clean: []string{"ECS-005"}},
		{name: "trust to anyone fails", mutate: func(s *inventory.Snapshot) {
			s.Accounts[0].IAM.Roles[1].TrustPolicy = `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}]}`
		}, want: []ecsWant{{Fail, "ECS-005.trust", webRole, "any principal"}}},
		{name: "trust AWS star in a list fails", mutate: func(s *inventory.Snapshot) {
			s.Accounts[0].IAM.Roles[1].TrustPolicy = `{"Statement":[{"Effect":"Allow","Principal":{"AWS":["*"]},"Action":"sts:AssumeRole"}]}`
		}, want: []ecsWant{{Fail, "ECS-005.trust", webRole, "any principal"}}},
		{name: "trust extra principal warns", mutate: func(s *inventory.Snapshot) {
			s.Accounts[0].IAM.Roles[1].TrustPolicy = `{"Statement":[{"Effect":"Allow","Principal":{"Service":["ecs-tasks.amazonaws.com","ec2.amazonaws.com"]},"Action":"sts:AssumeRole"}]}`
		}, want: []ecsWant{{Warn, "ECS-005.trust", webRole, "ec2.amazonaws.com"}}},
		{name: "Fargate without task size fails", mutate: func(s *inventory.Snapshot) {
			ecsTDOf(s, "web").CPU = ""
		}, want: []ecsWant{{Fail, "ECS-006.task-size", "web:3", "task cpu is not set"}}},
		// issue 16: on EC2 the containers' own cpu, memory and memoryReservation
		// size the task; task-level cpu/memory are optional there.
		{name: "EC2 sized per container passes without task size", mutate: func(s *inventory.Snapshot) {
			ecsOnEC2(s, "", "")
		}, clean: []string{"ECS-006"}, want: []ecsWant{{Pass, "ECS-006.task-size", "web:3", "web cpu 128, memory 256/reservation 128"}}},
		{name: "EC2 container without cpu and no task cpu warns", mutate: func(s *inventory.Snapshot) {
			ecsOnEC2(s, "", "")
			ecsTDOf(s, "web").Containers[0].CPU = 0
		}, want: []ecsWant{{Warn, "ECS-006.task-size", "web:3", "container web reserves no CPU units"}}},
		{name: "EC2 container with a reservation but no limit and no task memory warns", mutate: func(s *inventory.Snapshot) {
			ecsOnEC2(s, "", "")
			ecsTDOf(s, "web").Containers[0].Memory = 0
		}, want: []ecsWant{{Warn, "ECS-006.task-size", "web:3", "container web has a memoryReservation of 128 MiB but no memory limit"}}},
		{name: "EC2 task memory bounds a container without a limit", mutate: func(s *inventory.Snapshot) {
			ecsOnEC2(s, "512", "1024")
			ecsTDOf(s, "web").Containers[0].Memory = 0
		}, clean: []string{"ECS-006"}},
		{name: "reservation above limit fails", mutate: func(s *inventory.Snapshot) {
			ecsTDOf(s, "web").Containers[0].MemoryReservation = 512
		}, want: []ecsWant{{Fail, "ECS-006.task-size", "web:3", "reserves 512 MiB, above its 256"}}},
		{name: "container sums above task size fail", mutate: func(s *inventory.Snapshot) {
			c := &ecsTDOf(s, "web").Containers[0]
			c.Memory, c.CPU = 2048, 1024
		}, want: []ecsWant{{Fail, "ECS-006.task-size", "web:3", "2048 MiB, above the task's 1024"}, {Fail, "ECS-006.task-size", "web:3", "1024 units"}}},
		{name: "sidecar without memory warns", mutate: func(s *inventory.Snapshot) {
			c := &ecsTDOf(s, "api").Containers[1]
			c.Memory, c.MemoryReservation = 0, 0
		}, want: []ecsWant{{Warn, "ECS-006.task-size", "api:7", "log_router has neither"}}},
		{name: "single container relying on task size is fine", mutate: func(s *inventory.Snapshot) {
			c := &ecsTDOf(s, "web").Containers[0]
			c.Memory, c.MemoryReservation, c.CPU = 0, 0, 0
			td := ecsTDOf(s, "web")
			td.CPU, td.Memory = "1 vCPU", "2 GB"
		}, clean: []string{"ECS-006"}},
	})
}

func TestParseSizes(t *testing.T) {
	for _, tc := range []struct {
		in       string
		cpu, mem int
	}{
		{"", 0, 0}, {"256", 256, 256}, {"1 vCPU", 1024, 0}, {"0.5 vcpu", 512, 0}, {"2 GB", 0, 2048}, {"512 MiB", 0, 512}, {"junk", 0, 0},
	} {
		if got := parseCPU(tc.in); got != tc.cpu {
			t.Errorf("parseCPU(%q) = %d, want %d", tc.in, got, tc.cpu)
		}
		if got := parseMemory(tc.in); got != tc.mem {
			t.Errorf("parseMemory(%q) = %d, want %d", tc.in, got, tc.mem)
		}
	}
}

func TestPolicyIssuesRobust(t *testing.T) {
	for _, tc := range []struct {
		doc  string
		want []Outcome
		err  bool
	}{
		{`{"Statement":[]}`, nil, false},
		{`{"Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}`, nil, false},
		{`{"Statement":[{"Effect":"Allow","Action":["*"],"Resource":"arn:aws:s3:::x"}]}`, []Outcome{Fail}, false},
		{`{"Statement":[{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"},{"Effect":"Allow","Action":"kms:*","Resource":"k"}]}`, []Outcome{Warn, Warn}, false},
		{`{"Statement":[{"Effect":"Allow","Action":42}]}`, nil, true},
		{``, nil, true},
	} {
		is, err := policyIssues("p", tc.doc)
		if (err != nil) != tc.err {
			t.Errorf("%s: err = %v, want error %v", tc.doc, err, tc.err)
			continue
		}
		var got []Outcome
		for _, i := range is {
			got = append(got, i.outcome)
		}
		if len(got) != len(tc.want) {
			t.Errorf("%s: got %v, want %v", tc.doc, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%s: got %v, want %v", tc.doc, got, tc.want)
			}
		}
	}
}

// ecsOnEC2 moves the web service, its tasks and its task definition onto EC2
// with the given task-level cpu and memory ("" for none).
func ecsOnEC2(s *inventory.Snapshot, cpu, mem string) {
	td := ecsTDOf(s, "web")
	td.CPU, td.Memory, td.RequiresCompatibilities = cpu, mem, []string{"EC2"}
	sv := &ecsProd(s).Services[1]
	sv.CapacityProviderStrategy, sv.LaunchType = nil, "EC2"
	for i := range ecsProd(s).Tasks {
		ecsProd(s).Tasks[i].LaunchType = "EC2"
	}
}

// TestTaskRoleEveryRevisionInUse: issue 16 — ECS-005 judges every revision
// in use (by services and by tasks), each named, not one per family.
func TestTaskRoleEveryRevisionInUse(t *testing.T) {
	s := ecsClean()
	r := ecsReg(s)
	// web:2 still runs two tasks of a rolling deployment, without a task role;
	// web:3, the service's, uses its execution role as task role.
	old := ecsTD("web", 2, ecsCtr("web", ecsRepoURI("web")+":1a2b3c4"))
	old.TaskRoleARN = ""
	r.ECS.TaskDefinitions = append(r.ECS.TaskDefinitions, old)
	r.ECS.Clusters[0].Tasks = append(r.ECS.Clusters[0].Tasks, ecsTasks("prod", "web-old", old.ARN, 2, "FARGATE")...)
	ecsTDOf(s, "web").TaskRoleARN = ecsTDOf(s, "web").ExecutionRoleARN
	fs := fxRunCheck(t, ecsInput(s), "ECS-005.task-role")
	for _, w := range []ecsWant{{Warn, "ECS-005.task-role", "web:2", "no task role"}, {Warn, "ECS-005.task-role", "web:3", "same role"}} {
		if !ecsHas(fs, w) {
			t.Errorf("missing %s on %s (%s); got:\n%s", w.outcome, w.resource, w.message, ecsDump(fs))
		}
	}
}
