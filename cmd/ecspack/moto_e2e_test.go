package main

// Acceptance tests of issues 3, 4, 5, 7 and 9 ("Done when") against an estate
// built in the moto emulator with real API calls, run end to end through the
// real command line in-process: discover → check, diagram, build (plain,
// --redact, broken input, and a snapshot with collection errors). Every output
// is read back by an independent reader (JSON, XML, pdftotext, pdfimages,
// qpdf, excelize).

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ecspack/ecspack/discover"
	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/internal/testkit/mototest"
	"github.com/ecspack/ecspack/inventory"
)

// The moto server shared by this file's tests: started on first use (so runs
// that never reach a moto test pay nothing) and stopped by TestMain.
var (
	motoOnce sync.Once
	motoSrv  *mototest.Server
)

func TestMain(m *testing.M) {
	code := m.Run()
	motoSrv.Stop() // nil-safe
	if fixtureDir != "" {
		os.RemoveAll(fixtureDir)
	}
	os.Exit(code)
}

// sharedMoto returns the running emulator, skipping the test without it (or
// failing under CI=true, see mototest.Server.Require).
func sharedMoto(t *testing.T) *mototest.Server {
	t.Helper()
	motoOnce.Do(func() {
		srv, err := mototest.Start()
		if err != nil {
			fmt.Fprintln(os.Stderr, "cmd/ecspack moto tests:", err)
		}
		motoSrv = srv
	})
	motoSrv.Require(t)
	return motoSrv
}

// Public AWS on-demand prices the cost assertions are computed from, written
// here independently of ecspack's embedded price table: AWS Fargate Linux/x86
// per vCPU-hour and per GB-hour (us-east-1; AWS publishes the same two rates
// for eu-west-1, where the moto estate lives), EC2 m5.large Linux in
// eu-west-1, and the hours of a month.
const (
	fargateVCPUHour = 0.04048
	fargateGBHour   = 0.004445
	m5LargeEUWest1  = 0.107
	hoursPerMonth   = 730
	costTolerance   = 0.02
)

// TestMotoEstateEndToEnd builds the mototest estate, discovers it with
// `ecspack discover --endpoint-url`, and proves each issue's "Done when" on
// what the real commands write.
func TestMotoEstateEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end against moto")
	}
	moto := sharedMoto(t)
	moto.Reset(t)
	est := mototest.MustBuildEstate(t, moto.Config())

	// Static credentials through the environment, as a user of the CLI would
	// give them; no shared config may leak in.
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIAMOTOTEST")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "moto-secret")
	t.Setenv("AWS_SESSION_TOKEN", "")
	t.Setenv("AWS_REGION", mototest.Region)
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "no-config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "no-credentials"))

	tmp := t.TempDir()
	snapPath := filepath.Join(tmp, "snap.json")
	if err := moto.StartRecording(); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runCLI(t, "discover", "--endpoint-url", moto.URL, "--region", mototest.Region, "-o", snapPath)
	served, recErr := moto.StopRecording()
	if code != 0 {
		t.Fatalf("discover: exit %d, want 0\n%s", code, errOut)
	}
	if recErr != nil {
		t.Fatal(recErr)
	}
	raw, err := os.ReadFile(snapPath)
	if err != nil {
		t.Fatal(err)
	}
	snap, err := inventory.ReadFile(snapPath)
	if err != nil {
		t.Fatalf("the snapshot discover wrote does not decode: %v", err)
	}
	if len(snap.Accounts) != 1 || snap.Accounts[0].ID != mototest.Account || len(snap.Accounts[0].Regions) != 1 || snap.Accounts[0].Regions[0].Name != mototest.Region {
		t.Fatalf("snapshot scope: want account %s region %s, got %+v", mototest.Account, mototest.Region, snap.Accounts)
	}
	acct := &snap.Accounts[0]
	reg := &acct.Regions[0]
	ix := inventory.NewIndex(reg)

	t.Run("issue 3 discover", func(t *testing.T) { checkIssue3Discover(t, est, snap, acct, reg, ix, served, raw) })
	t.Run("issue 4 check", func(t *testing.T) { assertPlantedDefects(t, est, snapPath) })
	t.Run("issue 5 diagram command", func(t *testing.T) { checkIssue5DiagramCommand(t, reg, ix, snapPath, tmp) })

	out := filepath.Join(tmp, "out")
	if code, _, errOut := runCLI(t, "build", "--inventory", snapPath, "-o", out, "--quiet"); code != 0 {
		t.Fatalf("build --inventory: exit %d\n%s", code, errOut)
	}

	t.Run("issue 5 diagram pages of the PDF are vector", func(t *testing.T) {
		assertVectorDiagramPages(t, filepath.Join(out, "submission.pdf"), reg)
	})

	t.Run("issue 7 runbook names every service", func(t *testing.T) { checkIssue7RunbookNamesEveryService(t, reg, out) })

	t.Run("issue 7 Cost sheet matches public prices", func(t *testing.T) {
		assertCostSheet(t, filepath.Join(out, "self-assessment.xlsx"), reg, ix)
	})

	t.Run("issue 9 redacted package", func(t *testing.T) { checkIssue9RedactedPackage(t, snapPath, tmp, out) })
	t.Run("issue 9 truncated snapshot leaves OUTDIR unchanged", func(t *testing.T) { checkIssue9TruncatedSnapshot(t, raw, tmp, out) })

	t.Run("issue 9 collection gaps shown in PDF and XLSX", func(t *testing.T) {
		assertGapsShown(t, tmp, snap, mototest.Account, mototest.Region)
	})
}

// checkIssue3Discover: the snapshot holds every planted resource, moto served
// only reads, no canary value was stored, and iam-policy lists exactly the
// operations used.
func checkIssue3Discover(t *testing.T, est *mototest.Estate, snap *inventory.Snapshot, acct *inventory.Account, reg *inventory.Region, ix *inventory.Index, served []mototest.Request, raw []byte) {
	t.Run("every planted resource", func(t *testing.T) { assertPlanted(t, est, acct, reg, ix) })
	t.Run("moto served only reads", func(t *testing.T) { assertOnlyReads(t, served) })
	t.Run("no canary value stored", func(t *testing.T) {
		if bytes.Contains(raw, []byte(mototest.Canary)) {
			t.Errorf("snap.json contains the planted canary value %q", mototest.Canary)
		}
		// The names were read (so the canary was reachable), the values not.
		web := ix.TaskDefinition(est.TaskDefinitions["web"])
		if web == nil || len(web.Containers) == 0 || !slices.Contains(web.Containers[0].EnvironmentNames, "CANARY") {
			t.Errorf("web's environment variable names were not collected, so the canary test proves nothing: %+v", web)
		}
	})
	t.Run("iam-policy lists exactly the operations used", func(t *testing.T) { assertIAMPolicy(t, snap) })
}

// checkIssue5DiagramCommand: `ecspack diagram` draws the estate.
func checkIssue5DiagramCommand(t *testing.T, reg *inventory.Region, ix *inventory.Index, snapPath string, tmp string) {
	dir := filepath.Join(tmp, "diagrams")
	code, _, errOut := runCLI(t, "diagram", "--inventory", snapPath, "-o", dir, "--quiet")
	if code != 0 {
		t.Fatalf("diagram: exit %d\n%s", code, errOut)
	}
	assertDiagrams(t, dir, reg, ix)
}

// checkIssue7RunbookNamesEveryService: the runbook of the --inventory build
// names every cluster/service.
func checkIssue7RunbookNamesEveryService(t *testing.T, reg *inventory.Region, out string) {
	needTool(t, "pdftotext")
	// An --inventory build is one anonymous case study with id "estate".
	text := toolOutput(t, "pdftotext", "-layout", filepath.Join(out, "runbooks", "estate.pdf"), "-")
	for _, c := range reg.ECS.Clusters {
		for _, s := range c.Services {
			if want := c.Name + "/" + s.Name; !strings.Contains(text, want) {
				t.Errorf("runbook does not name service %s", want)
			}
		}
	}
}

// checkIssue9RedactedPackage: a --redact build shows neither the account id
// nor the canary, and writes its map beside the package.
func checkIssue9RedactedPackage(t *testing.T, snapPath string, tmp string, out string) {
	// Positive control: without --redact the account id is in the package,
	// so its absence below is the redaction's doing.
	if needTool(t, "pdftotext"); !strings.Contains(toolOutput(t, "pdftotext", filepath.Join(out, "submission.pdf"), "-"), mototest.Account) {
		t.Fatalf("the unredacted submission.pdf does not show account %s: the redaction test would prove nothing", mototest.Account)
	}
	red := filepath.Join(tmp, "public")
	code, _, errOut := runCLI(t, "build", "--inventory", snapPath, "--redact", "-o", red, "--quiet")
	if code != 0 {
		t.Fatalf("build --redact: exit %d\n%s", code, errOut)
	}
	if _, err := os.Stat(red + ".redaction-map.json"); err != nil {
		t.Errorf("no redaction map beside the package: %v", err)
	}
	files := assertNoSecretInTree(t, red, mototest.Account, mototest.Canary)
	if files < 5 {
		t.Errorf("only %d files checked in the redacted package", files)
	}
}

// checkIssue9TruncatedSnapshot: a build from a truncated snapshot exits 2
// naming it and leaves OUTDIR and its siblings unchanged.
func checkIssue9TruncatedSnapshot(t *testing.T, raw []byte, tmp string, out string) {
	broken := filepath.Join(tmp, "truncated-snapshot.json")
	if err := os.WriteFile(broken, raw[:len(raw)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	before := hashTree(t, out)
	siblings := dirNames(t, tmp)
	code, _, errOut := runCLI(t, "build", "--inventory", broken, "-o", out, "--quiet")
	if code != 2 {
		t.Errorf("exit %d, want 2 (bad input)", code)
	}
	if !strings.Contains(errOut, "truncated-snapshot.json") {
		t.Errorf("the error does not name the file: %q", errOut)
	}
	after := hashTree(t, out)
	if len(before) != len(after) {
		t.Errorf("OUTDIR had %d files, now %d", len(before), len(after))
	}
	for p, h := range before {
		if after[p] != h {
			t.Errorf("%s changed", p)
		}
	}
	if now := dirNames(t, tmp); !slices.Equal(now, siblings) {
		t.Errorf("files beside OUTDIR changed: before %q, after %q (temporary files left?)", siblings, now)
	}
}

// assertPlanted spot-checks that the snapshot holds each resource the estate
// planted, by id, with the fields that matter to the controls.
func assertPlanted(t *testing.T, est *mototest.Estate, acct *inventory.Account, reg *inventory.Region, ix *inventory.Index) {
	t.Helper()
	assertPlantedNetwork(t, est, reg, ix)
	assertPlantedECS(t, est, reg, ix)
	assertPlantedOthers(t, est, acct, reg, ix)
}

// assertPlantedNetwork: the VPC, subnets, internet gateway, security groups,
// load balancer with its listeners and rule, and the target group.
func assertPlantedNetwork(t *testing.T, est *mototest.Estate, reg *inventory.Region, ix *inventory.Index) {
	t.Helper()
	if !slices.ContainsFunc(reg.Network.VPCs, func(v inventory.VPC) bool { return v.ID == est.VPCID }) {
		t.Errorf("VPC %s missing", est.VPCID)
	}
	for i, id := range est.PublicSubnets {
		if sn := ix.Subnet(id); sn == nil || !sn.Public || sn.VPCID != est.VPCID || sn.Tags["Name"] != "public-"+string("ab"[i]) {
			t.Errorf("public subnet %s: %+v", id, sn)
		}
	}
	for i, id := range est.PrivateSubnets {
		if sn := ix.Subnet(id); sn == nil || sn.Public || sn.VPCID != est.VPCID || sn.Tags["Name"] != "private-"+string("ab"[i]) {
			t.Errorf("private subnet %s: %+v", id, sn)
		}
	}
	if !slices.ContainsFunc(reg.Network.InternetGateways, func(g inventory.InternetGateway) bool { return g.ID == est.InternetGateway }) {
		t.Errorf("internet gateway %s missing", est.InternetGateway)
	}
	for _, g := range []string{est.ALBGroup, est.AppGroup, est.SSHGroup} {
		if !slices.ContainsFunc(reg.Network.SecurityGroups, func(s inventory.SecurityGroup) bool { return s.ID == g }) {
			t.Errorf("security group %s missing", g)
		}
	}

	lb := ix.LoadBalancer(est.LoadBalancerARN)
	if lb == nil {
		t.Errorf("load balancer %s missing", est.LoadBalancerARN)
	} else {
		byARN := map[string]inventory.Listener{}
		for _, l := range lb.Listeners {
			byARN[l.ARN] = l
		}
		if l, ok := byARN[est.HTTPSListener]; !ok || l.Protocol != "HTTPS" || l.Port != 443 || l.SSLPolicy == "" {
			t.Errorf("HTTPS listener %s: %+v", est.HTTPSListener, l)
		}
		l, ok := byARN[est.HTTPListener]
		if !ok || l.Protocol != "HTTP" || l.Port != 80 {
			t.Errorf("HTTP listener %s: %+v", est.HTTPListener, l)
		}
		if !slices.ContainsFunc(l.Rules, func(r inventory.Rule) bool {
			return r.ARN == est.HTTPForwardRule && len(r.Actions) == 1 && slices.Equal(r.Actions[0].TargetGroups, []string{est.TargetGroupARN})
		}) {
			t.Errorf("the HTTP listener's forwarding rule %s is missing: %+v", est.HTTPForwardRule, l.Rules)
		}
	}
	if tg := ix.TargetGroup(est.TargetGroupARN); tg == nil || !slices.Contains(tg.LoadBalancers, est.LoadBalancerARN) || tg.Port != 8080 {
		t.Errorf("target group %s: %+v", est.TargetGroupARN, tg)
	}
}

// assertPlantedECS: the clusters, services, task definitions with their EFS
// volumes, and tasks.
func assertPlantedECS(t *testing.T, est *mototest.Estate, reg *inventory.Region, ix *inventory.Index) {
	t.Helper()
	clusters := map[string]*inventory.Cluster{}
	services := map[string]*inventory.Service{}
	for i := range reg.ECS.Clusters {
		c := &reg.ECS.Clusters[i]
		clusters[c.ARN] = c
		for j := range c.Services {
			services[c.Services[j].ARN] = &c.Services[j]
		}
	}
	for _, arn := range []string{est.ProdClusterARN, est.BatchClusterARN} {
		if clusters[arn] == nil {
			t.Errorf("cluster %s missing", arn)
		}
	}
	for name, arn := range est.Services {
		if s := services[arn]; s == nil || s.Name != name || s.TaskDefinition != est.TaskDefinitions[name] {
			t.Errorf("service %s (%s): %+v", name, arn, s)
		}
	}
	for family, arn := range est.TaskDefinitions {
		if td := ix.TaskDefinition(arn); td == nil || td.Family != family {
			t.Errorf("task definition %s: %+v", arn, td)
		}
	}
	efsVolume := func(family, fs string) bool {
		td := ix.TaskDefinition(est.TaskDefinitions[family])
		return td != nil && slices.ContainsFunc(td.Volumes, func(v inventory.Volume) bool { return v.EFS != nil && v.EFS.FileSystemID == fs })
	}
	if !efsVolume("web", est.FileSystemID) || !efsVolume("api", est.ScratchFileSystemID) {
		t.Errorf("EFS volumes of web (%s) and api (%s) not in their task definitions", est.FileSystemID, est.ScratchFileSystemID)
	}
	for _, tk := range est.Tasks {
		if !slices.ContainsFunc(clusters[est.ProdClusterARN].Tasks, func(x inventory.Task) bool { return x.ARN == tk }) {
			t.Errorf("task %s missing", tk)
		}
	}
}

// assertPlantedOthers: roles, repositories, file systems' mount targets, the
// trail, EC2 capacity, Cloud Map and GuardDuty.
func assertPlantedOthers(t *testing.T, est *mototest.Estate, acct *inventory.Account, reg *inventory.Region, ix *inventory.Index) {
	t.Helper()
	for _, role := range []string{est.SharedTaskRoleARN, est.WorkerRoleARN, est.ExecutionRoleARN} {
		if !slices.ContainsFunc(acct.IAM.Roles, func(r inventory.Role) bool { return r.ARN == role }) {
			t.Errorf("role %s missing", role)
		}
	}
	for name, uri := range est.Repositories {
		if !slices.ContainsFunc(reg.ECR.Repositories, func(r inventory.Repository) bool { return r.Name == name && r.URI == uri }) {
			t.Errorf("repository %s (%s) missing", name, uri)
		}
	}
	mountTargets := func(fsID string) []string {
		fs := ix.FileSystem(fsID)
		if fs == nil {
			return nil
		}
		var ids []string
		for _, mt := range fs.MountTargets {
			ids = append(ids, mt.ID)
		}
		slices.Sort(ids)
		return ids
	}
	want := slices.Sorted(slices.Values(est.MountTargets))
	if got := mountTargets(est.FileSystemID); !slices.Equal(got, want) {
		t.Errorf("file system %s mount targets %q, want %q", est.FileSystemID, got, want)
	}
	if got := mountTargets(est.ScratchFileSystemID); !slices.Equal(got, []string{est.ScratchMountTarget}) {
		t.Errorf("file system %s mount targets %q, want [%s]", est.ScratchFileSystemID, got, est.ScratchMountTarget)
	}
	if !slices.ContainsFunc(reg.Trails, func(tr inventory.Trail) bool { return tr.ARN == est.TrailARN && tr.MultiRegion }) {
		t.Errorf("trail %s missing", est.TrailARN)
	}
	if ix.Instance(est.InstanceID) == nil || ix.AutoScalingGroup(est.AutoScalingGroup) == nil || ix.CapacityProvider(est.CapacityProvider) == nil {
		t.Errorf("container instance %s, group %s or capacity provider %s missing", est.InstanceID, est.AutoScalingGroup, est.CapacityProvider)
	}
	if !slices.ContainsFunc(reg.Namespaces, func(n inventory.Namespace) bool { return n.ID == est.Namespace }) ||
		!slices.ContainsFunc(reg.GuardDuty, func(d inventory.Detector) bool { return d.ID == est.DetectorID }) {
		t.Errorf("Cloud Map namespace %s or GuardDuty detector %s missing", est.Namespace, est.DetectorID)
	}
}

// readPrefixes are the operation name prefixes of read-only AWS calls.
var readPrefixes = []string{"Describe", "List", "Get", "BatchGet"}

// assertOnlyReads checks moto's request recording of the discovery: every
// named operation is a read, and REST calls (no operation name) are GETs.
func assertOnlyReads(t *testing.T, served []mototest.Request) {
	t.Helper()
	if len(served) < 30 {
		t.Fatalf("the recorder logged %d requests: cannot prove discovery only read", len(served))
	}
	seen := map[string]bool{}
	for _, r := range served {
		switch {
		case r.Operation != "":
			seen[r.Operation] = true
			if !slices.ContainsFunc(readPrefixes, func(p string) bool { return strings.HasPrefix(r.Operation, p) }) {
				t.Errorf("moto served a non-read operation %s (%s %s)", r.Operation, r.Method, r.URL)
			}
		case r.Method != "GET" && r.Method != "HEAD":
			t.Errorf("moto served a REST %s %s", r.Method, r.URL)
		}
	}
	for _, op := range []string{"DescribeServices", "DescribeTaskDefinition", "DescribeListeners", "GetRole"} {
		if !seen[op] {
			t.Errorf("the recording lacks %s: it does not cover the discovery", op)
		}
	}
}

// iamPrefixes maps ecspack's service names (as in Collection.Calls) to IAM
// action prefixes, written out here rather than taken from discover.
var iamPrefixes = map[string]string{
	"sts": "sts", "ec2": "ec2", "ecs": "ecs", "elbv2": "elasticloadbalancing", "autoscaling": "autoscaling",
	"application-autoscaling": "application-autoscaling", "iam": "iam", "ecr": "ecr", "efs": "elasticfilesystem",
	"cloudtrail": "cloudtrail", "cloudwatch": "cloudwatch", "logs": "logs", "servicediscovery": "servicediscovery",
	"guardduty": "guardduty", "rds": "rds", "s3": "s3", "secretsmanager": "secretsmanager", "dynamodb": "dynamodb", "kms": "kms", "acm": "acm", "wafv2": "wafv2", "sns": "sns", "sqs": "sqs", "s3control": "s3",
}

// assertIAMPolicy checks `ecspack iam-policy`: explicit actions only, exactly
// the operations the collectors declare, and every call discovery made allowed.
func assertIAMPolicy(t *testing.T, snap *inventory.Snapshot) {
	t.Helper()
	code, out, errOut := runCLI(t, "iam-policy")
	if code != 0 {
		t.Fatalf("iam-policy: exit %d\n%s", code, errOut)
	}
	var doc struct {
		Version   string
		Statement []struct {
			Effect   string
			Action   json.RawMessage
			Resource json.RawMessage
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("iam-policy output is not JSON: %v\n%s", err, out)
	}
	if doc.Version != "2012-10-17" || len(doc.Statement) == 0 {
		t.Fatalf("policy: %s", out)
	}
	actions := map[string]bool{}
	var allowed, declared []string
	for _, st := range doc.Statement {
		if st.Effect != "Allow" {
			t.Errorf("statement effect %q", st.Effect)
		}
		var list []string
		if err := json.Unmarshal(st.Action, &list); err != nil {
			var one string
			if err := json.Unmarshal(st.Action, &one); err != nil {
				t.Fatalf("statement action %s", st.Action)
			}
			list = []string{one}
		}
		allowed = append(allowed, list...)
		for _, a := range list {
			actions[a] = true
		}
	}
	for _, op := range discover.Operations() {
		declared = append(declared, op.IAMAction())
	}
	for _, p := range mototest.PolicyProblems(allowed, declared) {
		t.Error(p)
	}
	if len(snap.Collection.Calls) < 30 {
		t.Fatalf("the snapshot counts only %d operations", len(snap.Collection.Calls))
	}
	used := 0
	for _, c := range snap.Collection.Calls {
		if _, ok := iamPrefixes[c.Service]; !ok {
			t.Errorf("call to unknown service %q (%s)", c.Service, c.Operation)
			continue
		}
		// The action is the operation's, except where IAM names it otherwise
		// (s3 GetPublicAccessBlock → s3:GetBucketPublicAccessBlock).
		if a := (discover.Operation{Service: c.Service, Name: c.Operation}).IAMAction(); !actions[a] {
			t.Errorf("discovery called %s (%s %s), which the policy does not allow", a, c.Service, c.Operation)
		}
		used++
	}
	t.Logf("the policy allows %d actions; discovery of the moto estate used %d of them", len(actions), used)
}

// checkFinding is one finding of `check --format json`.
type checkFinding struct {
	Check, Outcome, Resource, Message string
}

// assertPlantedDefects runs `check --inventory` and finds each planted defect
// as a fail under its control naming the resource, and no fail on its clean
// counterpart in the same checks.
func assertPlantedDefects(t *testing.T, est *mototest.Estate, snapPath string) {
	t.Helper()
	code, out, errOut := runCLI(t, "check", "--inventory", snapPath, "--format", "json")
	if code != 1 {
		t.Errorf("check: exit %d, want 1\n%s", code, errOut)
	}
	var rep struct {
		CaseStudies []struct {
			ID       string
			Controls []struct {
				ID       string
				Status   string
				Findings []checkFinding
			}
		} `json:"case_studies"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || len(rep.CaseStudies) != 1 {
		t.Fatalf("check output: %v (%d case studies)\n%.2000s", err, len(rep.CaseStudies), out)
	}
	status := map[string]string{}
	findings := map[string][]checkFinding{}
	for _, c := range rep.CaseStudies[0].Controls {
		status[c.ID] = c.Status
		findings[c.ID] = c.Findings
	}
	ecr := func(repo string) string {
		return "arn:aws:ecr:" + mototest.Region + ":" + mototest.Account + ":repository/" + repo
	}
	names := func(f checkFinding, id string) bool { return f.Resource == id || strings.HasSuffix(f.Resource, "/"+id) }
	for _, tt := range []struct {
		defect, control, check string
		bad                    string
		// clean are judged one by one by the check, and not failed;
		// alsoClean (summarised by the check) are only not failed.
		clean, alsoClean []string
	}{
		{"privileged container", "ECS-011", "ECS-011.privileged", est.TaskDefinitions["worker"], []string{est.TaskDefinitions["web"], est.TaskDefinitions["api"]}, nil},
		{"shared task role", "ECS-005", "ECS-005.shared-role", est.SharedTaskRoleARN, []string{est.WorkerRoleARN}, nil},
		{"HTTP listener that forwards", "ECS-015", "ECS-015.listener-tls", est.HTTPListener, []string{est.HTTPSListener}, nil},
		{"repository without scanning", "ECS-010", "ECS-010.scanning", ecr("worker"), []string{ecr("web")}, nil},
		{"cluster without Container Insights", "ECS-018", "ECS-018.container-insights", est.BatchClusterARN, []string{est.ProdClusterARN}, nil},
		{"EFS without a mount target in a task AZ", "ECS-020", "ECS-020.mount-targets", est.ScratchFileSystemID, []string{est.FileSystemID}, nil},
		{"SSH open to the world", "NETSEC-001", "NETSEC-001.open-security-groups", est.SSHGroup, []string{est.ALBGroup}, []string{est.AppGroup}},
	} {
		t.Run(tt.defect, func(t *testing.T) {
			fs := findings[tt.control]
			if !slices.ContainsFunc(fs, func(f checkFinding) bool { return f.Outcome == "fail" && names(f, tt.bad) }) {
				t.Errorf("%s: no fail finding naming %s; findings: %+v", tt.control, tt.bad, fs)
			}
			if status[tt.control] != "not-met" {
				t.Errorf("%s status %q, want not-met", tt.control, status[tt.control])
			}
			for i, ok := range slices.Concat(tt.clean, tt.alsoClean) {
				if i < len(tt.clean) && !slices.ContainsFunc(fs, func(f checkFinding) bool { return f.Check == tt.check && names(f, ok) }) {
					t.Errorf("%s does not judge the clean counterpart %s at all: %+v", tt.check, ok, fs)
				}
				for _, f := range fs {
					if f.Check == "ECS-011.inline-credentials" && names(f, est.TaskDefinitions["web"]) {
						continue // web's plain log options carry a planted credential (splunk-token): rightly failed
					}
					if f.Check == "ECS-010.image-scan-results" && names(f, ok) {
						continue // moto 5.2.1 never scans a pushed image (no imageScanStatus in DescribeImages): "never scanned" is what the data shows
					}
					if f.Outcome == "fail" && (names(f, ok) || strings.Contains(f.Message, inventory.ShortName(ok)) && f.Check == tt.check && !names(f, tt.bad)) {
						t.Errorf("%s: clean resource %s flagged: %+v", tt.control, ok, f)
					}
				}
			}
		})
	}
}

// dotNode and dotEdge are what assertDiagrams reads from a DOT file.
type dotNode struct {
	id, text string
	// groups are the labels of the subgraphs enclosing the node, outermost first.
	groups []string
}

type dotEdge struct {
	from, to, label string
	visible         bool
}

var (
	dotNodeRE  = regexp.MustCompile(`^\s*(\w+) \[label=<(.*)>(,.*)?\];$`)
	dotEdgeRE  = regexp.MustCompile(`^\s*(\w+) -> (\w+)(?: \[(.*)\])?;$`)
	dotLabelRE = regexp.MustCompile(`^\s*label=<(.*)>;$`)
	htmlTagRE  = regexp.MustCompile(`<[^>]*>`)
	xlabelRE   = regexp.MustCompile(`xlabel=<(.*?)>(?:,|$)`)
)

// htmlText is the visible text of a Graphviz HTML label.
func htmlText(s string) string {
	s = htmlTagRE.ReplaceAllString(s, " ")
	s = strings.NewReplacer("&#160;", " ", "&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`).Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// parseDOT reads the nodes (with their enclosing subgraph labels) and edges
// of one DOT file as ecspack writes it: one statement per line.
func parseDOT(t *testing.T, src string) (map[string]*dotNode, []dotEdge) {
	t.Helper()
	nodes := map[string]*dotNode{}
	var edges []dotEdge
	var stack []string // labels of the open subgraphs
	for _, line := range strings.Split(src, "\n") {
		trim := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(trim, "subgraph ") && strings.HasSuffix(trim, "{"):
			stack = append(stack, "")
		case trim == "}" && len(stack) > 0:
			stack = stack[:len(stack)-1]
		case dotLabelRE.MatchString(line) && len(stack) > 0:
			stack[len(stack)-1] = htmlText(dotLabelRE.FindStringSubmatch(line)[1])
		case dotEdgeRE.MatchString(line):
			m := dotEdgeRE.FindStringSubmatch(line)
			e := dotEdge{from: m[1], to: m[2], visible: !strings.Contains(m[3], `style="invis"`)}
			if x := xlabelRE.FindStringSubmatch(m[3]); x != nil {
				e.label = htmlText(x[1])
			}
			edges = append(edges, e)
		case dotNodeRE.MatchString(line):
			m := dotNodeRE.FindStringSubmatch(line)
			nodes[m[1]] = &dotNode{id: m[1], text: htmlText(m[2]), groups: slices.Clone(stack)}
		}
	}
	if len(nodes) == 0 {
		t.Fatalf("no node parsed from the DOT:\n%.2000s", src)
	}
	return nodes, edges
}

// svgText checks that data is well-formed XML and self-contained (no
// reference to anything outside the file) and returns its character data.
func svgText(t *testing.T, name string, data []byte) string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(data))
	var text strings.Builder
	root := ""
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s is not well-formed XML: %v", name, err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			if root == "" {
				root = el.Name.Local
			}
			if el.Name.Local == "script" || el.Name.Local == "foreignObject" {
				t.Errorf("%s has a <%s> element", name, el.Name.Local)
			}
			for _, a := range el.Attr {
				v := strings.TrimSpace(a.Value)
				switch {
				case a.Name.Local == "href" || a.Name.Local == "src":
					if !strings.HasPrefix(v, "#") && !strings.HasPrefix(v, "data:") {
						t.Errorf("%s: <%s %s=%q> refers outside the file", name, el.Name.Local, a.Name.Local, v)
					}
				case strings.Contains(v, "url(") && !strings.Contains(v, "url(#"):
					t.Errorf("%s: <%s %s=%q> refers outside the file", name, el.Name.Local, a.Name.Local, v)
				}
			}
		case xml.CharData:
			text.Write(el)
			text.WriteByte(' ')
		}
	}
	if root != "svg" {
		t.Errorf("%s: root element <%s>, want <svg>", name, root)
	}
	if bytes.Contains(data, []byte("@import")) {
		t.Errorf("%s imports a stylesheet", name)
	}
	return strings.Join(strings.Fields(text.String()), " ")
}

// estateNames are the names and ids every drawing of the estate must show:
// each VPC holding part of the workload with its AZs and subnets (id and
// Name tag), each load balancer and service. The other VPCs (moto's
// default VPC) are left out of the drawings: see emptyVPCs.
func estateNames(reg *inventory.Region) []string {
	var want []string
	used := workloadVPCs(reg)
	for _, v := range reg.Network.VPCs {
		if slices.Contains(used, v.ID) {
			want = append(want, v.ID)
		}
	}
	for _, sn := range reg.Network.Subnets {
		if !slices.Contains(used, sn.VPCID) {
			continue
		}
		want = append(want, sn.ID, sn.AvailabilityZone)
		if n := sn.Tags["Name"]; n != "" {
			want = append(want, n)
		}
	}
	for _, lb := range reg.ELB.LoadBalancers {
		want = append(want, lb.Name)
	}
	for _, c := range reg.ECS.Clusters {
		for _, s := range c.Services {
			want = append(want, s.Name)
		}
	}
	slices.Sort(want)
	return slices.Compact(want)
}

// workloadVPCs are the region's VPCs that hold part of the workload, by
// the diagrams' own rule.
func workloadVPCs(reg *inventory.Region) []string {
	e := estate.New(&inventory.Snapshot{SchemaVersion: inventory.SchemaVersion,
		Accounts: []inventory.Account{{ID: mototest.Account, Regions: []inventory.Region{*reg}}}})
	return e.Regions[0].WorkloadVPCs()
}

// assertEmptyVPCsLeftOut: a VPC with no part of the workload (moto's
// default VPC) is not drawn, and the drawing says how many were left out.
func assertEmptyVPCsLeftOut(t *testing.T, dot string, reg *inventory.Region) {
	t.Helper()
	used, empty := workloadVPCs(reg), 0
	for _, v := range reg.Network.VPCs {
		if slices.Contains(used, v.ID) {
			continue
		}
		empty++
		if strings.Contains(dot, v.ID) {
			t.Errorf("the empty VPC %s is drawn", v.ID)
		}
	}
	if empty == 0 {
		t.Error("the moto estate has no empty VPC: the test would prove nothing")
	}
	if !strings.Contains(dot, "not drawn") {
		t.Error("the drawing does not say an empty VPC was left out")
	}
}

// assertDiagrams checks the diagram command's SVG and DOT files.
func assertDiagrams(t *testing.T, dir string, reg *inventory.Region, ix *inventory.Index) {
	t.Helper()
	svgs, _ := filepath.Glob(filepath.Join(dir, "*.svg"))
	dots, _ := filepath.Glob(filepath.Join(dir, "*.dot"))
	if len(svgs) == 0 || len(svgs) != len(dots) {
		t.Fatalf("diagram wrote %d SVG and %d DOT files", len(svgs), len(dots))
	}
	var svgAll, dotAll strings.Builder
	g := diagramGraph{nodes: map[string]*dotNode{}}
	for _, p := range svgs {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		svgAll.WriteString(svgText(t, filepath.Base(p), data) + "\n")
	}
	for _, p := range dots {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		ns, es := parseDOT(t, string(data))
		for id, n := range ns {
			g.nodes[filepath.Base(p)+"/"+id] = n
			dotAll.WriteString(n.text + "\n")
			for _, grp := range n.groups {
				dotAll.WriteString(grp + "\n")
			}
		}
		for _, e := range es {
			e.from, e.to = filepath.Base(p)+"/"+e.from, filepath.Base(p)+"/"+e.to
			g.edges = append(g.edges, e)
		}
	}
	for _, want := range estateNames(reg) {
		if !strings.Contains(svgAll.String(), want) {
			t.Errorf("the SVG does not show %s", want)
		}
		if !strings.Contains(dotAll.String(), want) {
			t.Errorf("the DOT does not show %s", want)
		}
	}
	assertLoadBalancerPaths(t, g, reg, ix)
	assertSubnetsInTheirVPC(t, g, reg)
	assertEmptyVPCsLeftOut(t, dotAll.String(), reg)
}

// diagramGraph is the nodes and edges of every DOT file of a diagram
// folder, node ids prefixed with their file's name.
type diagramGraph struct {
	nodes map[string]*dotNode
	edges []dotEdge
}

// find lists the ids of the nodes that match, sorted.
func (g diagramGraph) find(match func(n *dotNode) bool) []string {
	var ids []string
	for id, n := range g.nodes {
		if match(n) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

// edge is a visible edge from one of from to one of to.
func (g diagramGraph) edge(from, to []string) (dotEdge, bool) {
	for _, e := range g.edges {
		if e.visible && slices.Contains(from, e.from) && slices.Contains(to, e.to) {
			return e, true
		}
	}
	return dotEdge{}, false
}

// assertLoadBalancerPaths: every load balancer reaches the services behind
// it through visible edges load balancer → target group → service, the
// target group's card naming every listener that forwards to it.
func assertLoadBalancerPaths(t *testing.T, g diagramGraph, reg *inventory.Region, ix *inventory.Index) {
	t.Helper()
	paths := 0
	for _, c := range reg.ECS.Clusters {
		for _, s := range c.Services {
			for _, slb := range s.LoadBalancers {
				tg := ix.TargetGroup(slb.TargetGroupARN)
				if tg == nil {
					t.Errorf("service %s: target group %s not in the snapshot", s.Name, slb.TargetGroupARN)
					continue
				}
				tgNodes := g.find(func(n *dotNode) bool {
					return strings.Contains(n.text, tg.Name) && strings.Contains(n.text, fmt.Sprintf("%s:%d", tg.Protocol, tg.Port))
				})
				svcNodes := g.find(func(n *dotNode) bool {
					return !slices.Contains(tgNodes, n.id) && strings.Contains(n.text, s.Name) && strings.Contains(n.text, c.Name)
				})
				for _, lbARN := range tg.LoadBalancers {
					lb := ix.LoadBalancer(lbARN)
					if lb == nil {
						continue
					}
					lbNodes := g.find(func(n *dotNode) bool { return strings.Contains(n.text, lb.Name) })
					_, ok1 := g.edge(lbNodes, tgNodes)
					_, ok2 := g.edge(tgNodes, svcNodes)
					if !ok1 || !ok2 {
						t.Errorf("no edges %s → %s → %s/%s (nodes %q → %q → %q)", lb.Name, tg.Name, c.Name, s.Name, lbNodes, tgNodes, svcNodes)
						continue
					}
					via := viaListeners(g, tgNodes)
					for _, l := range lb.Listeners {
						if !strings.Contains(via, fmt.Sprintf("%s:%d", l.Protocol, l.Port)) {
							t.Errorf("target group %s's card says %q, lacking listener %s:%d", tg.Name, via, l.Protocol, l.Port)
						}
					}
					paths++
				}
			}
		}
	}
	if paths == 0 {
		t.Error("no load balancer → service path checked: the estate's web service sits behind web-alb")
	}

}

// viaListeners is the "via listeners …" line of the first target group card.
func viaListeners(g diagramGraph, tgNodes []string) string {
	if len(tgNodes) == 0 {
		return ""
	}
	_, via, _ := strings.Cut(g.nodes[tgNodes[0]].text, "via listeners ")
	return strings.Join(strings.Fields(via), " ")
}

// assertSubnetsInTheirVPC: each subnet is drawn inside the box of its own VPC.
func assertSubnetsInTheirVPC(t *testing.T, g diagramGraph, reg *inventory.Region) {
	t.Helper()
	for _, sn := range reg.Network.Subnets {
		ids := g.find(func(n *dotNode) bool { return strings.Contains(n.text, sn.ID) })
		if len(ids) == 0 {
			continue // reported above
		}
		inVPC := false
		for _, grp := range g.nodes[ids[0]].groups {
			if strings.Contains(grp, sn.VPCID) {
				inVPC = true
			}
		}
		if !inVPC {
			t.Errorf("subnet %s (%s) of %s is drawn outside its VPC, inside %q", sn.ID, sn.AvailabilityZone, sn.VPCID, g.nodes[ids[0]].groups)
		}
	}
}

// assertVectorDiagramPages finds the diagram pages of submission.pdf through
// its outline and checks that their text extracts and that they hold no image.
func assertVectorDiagramPages(t *testing.T, pdf string, reg *inventory.Region) {
	t.Helper()
	needTool(t, "qpdf")
	needTool(t, "pdftotext")
	needTool(t, "pdfimages")
	var outline struct {
		Outlines []outlineItem `json:"outlines"`
	}
	if err := json.Unmarshal([]byte(toolOutput(t, "qpdf", "--json", "--json-key=outlines", pdf)), &outline); err != nil {
		t.Fatalf("qpdf --json: %v", err)
	}
	// The diagrams are the entries under each case study's "Architecture"
	// section, after the 2.2 control's own entry.
	var pages []int
	var walk func(items []outlineItem, underArch bool)
	walk = func(items []outlineItem, underArch bool) {
		for _, it := range items {
			if underArch && !strings.HasPrefix(it.Title, "2.2") && it.Page > 0 {
				pages = append(pages, it.Page)
			}
			walk(it.Kids, it.Title == "Architecture")
		}
	}
	walk(outline.Outlines, false)
	if len(pages) == 0 {
		t.Fatalf("no diagram entry under an Architecture section of the outline")
	}
	var text strings.Builder
	for _, p := range pages {
		n := strconv.Itoa(p)
		pageText := toolOutput(t, "pdftotext", "-f", n, "-l", n, "-layout", pdf, "-")
		// Paper pages split the estate (overview with the AZs, cluster
		// details, regional services, legend): every page has text, and the
		// AZs are on one of them (checked below).
		if len(strings.Fields(pageText)) < 5 {
			t.Errorf("page %d, a diagram page by the outline, has no diagram text", p)
		}
		text.WriteString(pageText)
		list := strings.Split(strings.TrimSpace(toolOutput(t, "pdfimages", "-list", "-f", n, "-l", n, pdf)), "\n")
		if len(list) != 2 { // the two header lines only
			t.Errorf("diagram page %d holds raster images:\n%s", p, strings.Join(list, "\n"))
		}
	}
	t.Logf("diagram pages by the outline: %v", pages)
	flat := strings.Join(strings.Fields(text.String()), " ")
	for _, want := range append(estateNames(reg), "Availability Zone") {
		if !strings.Contains(flat, want) {
			t.Errorf("the PDF's diagram pages %v do not show %s as text", pages, want)
		}
	}
}

type outlineItem struct {
	Title string        `json:"title"`
	Page  int           `json:"destpageposfrom1"`
	Kids  []outlineItem `json:"kids"`
}

// assertCostSheet reads the Cost sheet and compares each Fargate service's
// monthly cost with the public price computed here from the snapshot's task
// sizes and running counts, and the EC2 capacity with m5.large's price.
func assertCostSheet(t *testing.T, path string, reg *inventory.Region, ix *inventory.Index) {
	t.Helper()
	f := openWorkbook(t, path)
	rows, err := f.GetRows("Cost")
	if err != nil {
		t.Fatalf("no Cost sheet: %v", err)
	}
	// The cost table follows an Assumptions block: find it by its header
	// row, and its columns by name.
	hdr, item, cost := -1, -1, -1
	for i, r := range rows {
		if len(r) > 0 && r[0] == "Case study" {
			hdr, item, cost = i, slices.Index(r, "Item"), slices.Index(r, "Monthly cost (USD)")
			break
		}
	}
	if hdr < 0 || item < 0 || cost < 0 {
		t.Fatalf("no cost table header (Case study, Item, Monthly cost (USD)) on the Cost sheet: %q", rows)
	}
	monthly := map[string]float64{}
	price := slices.Index(rows[hdr], "Unit price (USD)")
	// The lines run from the header to the first empty row; a line without
	// a price is a listed gap with no monthly cost.
	for i := hdr + 1; i < len(rows) && len(rows[i]) > item; i++ {
		r := rows[i]
		if price >= 0 && len(r) > price && r[price] == "not priced" {
			t.Logf("listed as not priced: %q", r)
			continue
		}
		cell, _ := excelize.CoordinatesToCellName(cost+1, i+1)
		v, err := f.CalcCellValue("Cost", cell)
		if err != nil {
			t.Fatalf("calculating %s: %v", cell, err)
		}
		x, err := strconv.ParseFloat(v, 64)
		if err != nil {
			t.Fatalf("%s = %q", cell, v)
		}
		monthly[r[item]] += x
	}
	within := func(what string, got, want float64) {
		t.Helper()
		if want <= 0 || math.Abs(got-want)/want > costTolerance {
			t.Errorf("%s: Cost sheet %.2f USD/month, public price %.2f (more than %.0f%% apart)", what, got, want, costTolerance*100)
		} else {
			t.Logf("%s: %.2f USD/month (public price %.2f)", what, got, want)
		}
	}
	fargate := 0
	for _, c := range reg.ECS.Clusters {
		for _, s := range c.Services {
			if s.LaunchType != "FARGATE" {
				continue
			}
			if len(s.CapacityProviderStrategy) > 0 {
				t.Fatalf("service %s uses a capacity provider strategy: add the Spot price to this test", s.Name)
			}
			td := ix.TaskDefinition(s.TaskDefinition)
			if td == nil {
				t.Fatalf("task definition %s of %s missing", s.TaskDefinition, s.Name)
			}
			cpu, err1 := strconv.ParseFloat(td.CPU, 64)
			mem, err2 := strconv.ParseFloat(td.Memory, 64)
			if err1 != nil || err2 != nil {
				t.Fatalf("task size of %s: cpu %q memory %q", td.Family, td.CPU, td.Memory)
			}
			// The model costs the steady state: the desired count.
			want := float64(s.DesiredCount) * (cpu/1024*fargateVCPUHour + mem/1024*fargateGBHour) * hoursPerMonth
			item := c.Name + "/" + s.Name
			got, ok := monthly[item]
			if !ok {
				t.Errorf("the Cost sheet has no line for Fargate service %s (%d desired): items %v", item, s.DesiredCount, keys(monthly))
				continue
			}
			within(item, got, want)
			fargate++
		}
	}
	if fargate < 2 {
		t.Errorf("%d Fargate services priced, want the estate's two (web, api) with running tasks", fargate)
	}
	instances := 0
	for _, in := range reg.EC2.Instances {
		if in.InstanceType == "m5.large" {
			instances++
		}
	}
	if instances == 0 {
		t.Fatal("the estate's m5.large container instance is not in the snapshot")
	}
	within("m5.large container instances", monthly["m5.large (on-demand)"], float64(instances)*m5LargeEUWest1*hoursPerMonth)
}

func keys(m map[string]float64) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// assertNoSecretInTree reads every file of dir the way a reader would —
// pdftotext and pdfinfo for PDFs, every cell (excelize) and every part of the
// zip for XLSX, the bytes of the rest — and fails on any of the secrets. It
// returns how many files it read.
func assertNoSecretInTree(t *testing.T, dir string, secrets ...string) int {
	t.Helper()
	needTool(t, "pdftotext")
	needTool(t, "pdfinfo")
	n := 0
	for rel := range hashTree(t, dir) {
		p := filepath.Join(dir, rel)
		var views map[string]string
		switch strings.ToLower(filepath.Ext(p)) {
		case ".pdf":
			views = map[string]string{
				"text":     toolOutput(t, "pdftotext", p, "-"),
				"metadata": toolOutput(t, "pdfinfo", p),
			}
		case ".xlsx":
			views = xlsxViews(t, p)
		default:
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			views = map[string]string{"bytes": string(data)}
		}
		for view, s := range views {
			flat := strings.Join(strings.Fields(s), "")
			for _, secret := range secrets {
				if strings.Contains(s, secret) || strings.Contains(flat, secret) {
					t.Errorf("%s (%s) contains %q", rel, view, secret)
				}
			}
		}
		n++
	}
	return n
}

// xlsxViews returns every cell value of every sheet, and the bytes of every
// part of the zip, of one workbook.
func xlsxViews(t *testing.T, path string) map[string]string {
	t.Helper()
	views := map[string]string{}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cells strings.Builder
	for _, sh := range f.GetSheetList() {
		rows, err := f.GetRows(sh)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			cells.WriteString(strings.Join(r, "\t") + "\n")
		}
	}
	views["cells"] = cells.String()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		views["part "+zf.Name] = string(data)
	}
	return views
}

// dirNames lists the names in dir, sorted.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

// assertGapsShown injects an AccessDenied into the moto snapshot, builds the
// package, and finds both gaps (that one and moto's own DescribeAlarms
// failure) in the PDF text and on the XLSX Inventory sheet.
func assertGapsShown(t *testing.T, tmp string, snap *inventory.Snapshot, account, region string) {
	t.Helper()
	needTool(t, "pdftotext")
	injected := inventory.CollectionError{Account: account, Region: region, Service: "logs", Operation: "DescribeLogGroups", Code: "AccessDeniedException",
		Message: "User: arn:aws:sts::" + account + ":assumed-role/ecspack-read/discover is not authorized to perform: logs:DescribeLogGroups"}
	var gapped inventory.Snapshot
	data, err := inventory.Marshal(snap)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &gapped); err != nil {
		t.Fatal(err)
	}
	// What the denied call would have read is absent, as after a real denial.
	gapped.Accounts[0].Regions[0].LogGroups = nil
	gapped.Collection.Errors = append(gapped.Collection.Errors, injected)
	if data, err = inventory.Marshal(&gapped); err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(tmp, "gaps", "snap.json")
	writeFile(t, in, string(data))
	out := filepath.Join(tmp, "gaps-out")
	if code, _, errOut := runCLI(t, "build", "--inventory", in, "-o", out, "--quiet"); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, errOut)
	}
	want := []inventory.CollectionError{injected}
	for _, e := range snap.Collection.Errors {
		if e.Service == "cloudwatch" && e.Operation == "DescribeAlarms" {
			want = append(want, e)
		}
	}
	if len(want) != 2 {
		t.Logf("moto served DescribeAlarms this time: only the injected gap is checked")
	}

	text := toolOutput(t, "pdftotext", filepath.Join(out, "submission.pdf"), "-")
	flat := strings.Join(strings.Fields(text), "")
	if !strings.Contains(text, "could not be collected") {
		t.Error("submission.pdf never says evidence could not be collected")
	}
	for _, e := range want {
		if call := e.Service + ":" + e.Operation; !strings.Contains(flat, call) {
			t.Errorf("submission.pdf does not name the failed call %s", call)
		}
	}
	if !strings.Contains(flat, injected.Code) {
		t.Errorf("submission.pdf does not show the error code %s", injected.Code)
	}

	f, err := excelize.OpenFile(filepath.Join(out, "self-assessment.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Inventory")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range want {
		call := e.Service + ":" + e.Operation
		if !slices.ContainsFunc(rows, func(r []string) bool {
			return len(r) > 9 && r[1] == e.Account && r[2] == e.Region && strings.Contains(strings.ToLower(r[3]), "not collected") &&
				r[4] == call && strings.Contains(r[9], e.Code)
		}) {
			t.Errorf("the Inventory sheet has no not-collected row for %s (%s)", call, e.Code)
		}
	}
}
