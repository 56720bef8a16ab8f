package discover

import (
	"bytes"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ecspack/ecspack/internal/testkit/mototest"
	"github.com/ecspack/ecspack/inventory"
)

var fixedClock = func() time.Time { return time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC) }

// TestDiscoverEstateInMoto builds the mototest estate with real API calls,
// discovers it over HTTP through the SDK, and checks the snapshot field by
// field, that no canary value was stored, and that moto served only reads.
func TestDiscoverEstateInMoto(t *testing.T) {
	moto.Require(t)
	moto.Reset(t)
	est := mototest.MustBuildEstate(t, moto.Config())

	if err := moto.StartRecording(); err != nil {
		t.Fatal(err)
	}
	var events []Event
	snap, err := RunConfig(mototest.Context(t), moto.Config(), Options{Regions: []string{mototest.Region}, Now: fixedClock,
		Progress: func(e Event) { events = append(events, e) }})
	if err != nil {
		t.Fatal(err)
	}
	served, err := moto.StopRecording()
	if err != nil {
		t.Fatal(err)
	}

	t.Run("only reads were served", func(t *testing.T) { checkOnlyReadsServed(t, served) })

	encoded, err := inventory.Marshal(snap)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("no canary value stored", func(t *testing.T) { checkNoCanaryStored(t, encoded) })

	if len(snap.Accounts) != 1 || snap.Accounts[0].ID != mototest.Account {
		t.Fatalf("accounts: %+v", snap.Accounts)
	}
	acct := snap.Accounts[0]
	if len(acct.Regions) != 1 || acct.Regions[0].Name != mototest.Region {
		t.Fatalf("regions: %d", len(acct.Regions))
	}
	reg := &acct.Regions[0]
	ix := inventory.NewIndex(reg)

	t.Run("collection", func(t *testing.T) { checkMotoCollection(t, snap) })
	t.Run("progress", func(t *testing.T) { checkMotoProgress(t, events) })
	t.Run("network", func(t *testing.T) { checkMotoNetwork(t, est, reg, ix) })
	t.Run("load balancer", func(t *testing.T) { checkMotoLoadBalancer(t, est, ix) })
	t.Run("web ACL and certificates", func(t *testing.T) { checkMotoEdge(t, est, reg, ix.LoadBalancer(est.LoadBalancerARN)) })
	t.Run("ecs", func(t *testing.T) { checkMotoECS(t, est, reg, ix) })
	t.Run("secrets in use", func(t *testing.T) {
		// The web task's secret, described (metadata only): moto's has
		// no rotation and the AWS managed key.
		if len(reg.Secrets) != 1 || reg.Secrets[0].ARN != est.SecretARN || reg.Secrets[0].Name != "prod/db-password" ||
			reg.Secrets[0].RotationEnabled || len(reg.Secrets[0].Gaps) != 0 {
			t.Errorf("secrets: %+v", reg.Secrets)
		}
	})
	t.Run("dynamodb tables", func(t *testing.T) { checkMotoDynamoDB(t, est, reg) })
	t.Run("kms keys in use", func(t *testing.T) { checkMotoKMSKeys(t, est, reg) })
	t.Run("queues and topics", func(t *testing.T) { checkMotoMessaging(t, est, reg) })
	t.Run("s3 buckets in reach", func(t *testing.T) { checkMotoDataBuckets(t, est, reg) })
	t.Run("s3 account block", func(t *testing.T) {
		// Read once for the account, through the endpoint's own host: all
		// four settings on, as the estate put them.
		want := &inventory.S3AccountBlock{BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true}
		if !reflect.DeepEqual(acct.S3PublicAccessBlock, want) {
			t.Errorf("account block: got %+v, want %+v", acct.S3PublicAccessBlock, want)
		}
	})
	t.Run("task definitions", func(t *testing.T) { checkMotoTaskDefinitions(t, est, reg, ix) })
	t.Run("iam", func(t *testing.T) { checkMotoIAM(t, est, acct) })
	t.Run("other services", func(t *testing.T) { checkMotoOtherServices(t, est, reg, ix) })
	t.Run("rds", func(t *testing.T) { checkMotoRDS(t, est, reg) })
	t.Run("deterministic", func(t *testing.T) { checkMotoDeterministic(t, encoded) })
}

// checkOnlyReadsServed: every request moto served was a read.
func checkOnlyReadsServed(t *testing.T, served []mototest.Request) {
	if len(served) == 0 {
		t.Fatal("the recorder logged nothing: cannot prove discovery only read")
	}
	for _, r := range served {
		if r.Operation != "" {
			if !IsReadOnlyName(r.Operation) {
				t.Errorf("moto served a non-read operation %s (%s %s)", r.Operation, r.Method, r.URL)
			}
		} else if r.Method != "GET" && r.Method != "HEAD" {
			t.Errorf("moto served a REST %s %s", r.Method, r.URL)
		}
	}
}

// checkNoCanaryStored: the planted canary value is nowhere in the encoded
// snapshot, and the snapshot decodes strictly.
func checkNoCanaryStored(t *testing.T, encoded []byte) {
	if bytes.Contains(encoded, []byte(mototest.Canary)) {
		t.Fatalf("the snapshot contains the planted canary value %q", mototest.Canary)
	}
	if _, err := inventory.Decode("moto.json", encoded); err != nil {
		t.Fatalf("the snapshot does not decode strictly: %v", err)
	}
}

// checkMotoCollection checks the collection header: clock, call counts and the
// one gap moto is known to leave.
func checkMotoCollection(t *testing.T, snap *inventory.Snapshot) {
	c := snap.Collection
	if c.Source != "discover" || !c.StartedAt.Equal(fixedClock()) || !c.FinishedAt.Equal(fixedClock()) {
		t.Errorf("collection header: %+v", c)
	}
	calls := map[string]int{}
	for _, cc := range c.Calls {
		calls[cc.Service+" "+cc.Operation] = cc.Count
	}
	for op, want := range map[string]int{
		"sts GetCallerIdentity": 1, "ecs ListClusters": 1, "ecs DescribeClusters": 1, "ecs ListServices": 2,
		"ecs DescribeServices": 2, "ecs DescribeTaskDefinition": 3, "ecs DescribeTasks": 1,
		"ec2 DescribeInstances": 1, "ec2 DescribeImages": 1, "iam GetRole": 3, "elbv2 DescribeTargetHealth": 1,
		"secretsmanager DescribeSecret": 1, "dynamodb DescribeTable": 3, "dynamodb DescribeContinuousBackups": 3, "s3 GetBucketVersioning": 3,
		"s3 GetObjectLockConfiguration": 1, "s3 GetPublicAccessBlock": 3, "s3 GetBucketLocation": 3, "s3 GetBucketEncryption": 2, "s3 GetBucketPolicy": 2,
		"kms DescribeKey": 3, "kms GetKeyRotationStatus": 2, "wafv2 GetWebACLForResource": 1,
		"elbv2 DescribeListenerCertificates": 1, "acm DescribeCertificate": 2, "sqs GetQueueUrl": 2, "sqs GetQueueAttributes": 1, "sns GetTopicAttributes": 2,
		"s3control GetPublicAccessBlock": 1,
	} {
		if calls[op] != want {
			t.Errorf("calls %s = %d, want %d", op, calls[op], want)
		}
	}
	// moto 5.2.1 does not serve CloudWatch's CBOR protocol: that one gap
	// is recorded, and nothing else failed.
	if len(c.Errors) != 1 || c.Errors[0].Service != "cloudwatch" || c.Errors[0].Operation != "DescribeAlarms" ||
		c.Errors[0].Account != mototest.Account || c.Errors[0].Region != mototest.Region {
		t.Errorf("errors: %+v", c.Errors)
	}
}

// checkMotoProgress: discovery reported progress for every stage.
func checkMotoProgress(t *testing.T, events []Event) {
	stages := map[string]bool{}
	for _, e := range events {
		stages[e.Stage] = true
	}
	for _, s := range []string{"start", "ecs", "ec2", "done", "iam"} {
		if !stages[s] {
			t.Errorf("no progress event for stage %s (got %v)", s, stages)
		}
	}
}

// checkMotoNetwork checks the subnets, internet gateway, security groups, VPC,
// AZs and network ACLs discovered.
func checkMotoNetwork(t *testing.T, est *mototest.Estate, reg *inventory.Region, ix *inventory.Index) {
	for i, id := range est.PublicSubnets {
		sn := ix.Subnet(id)
		if sn == nil || !sn.Public || sn.VPCID != est.VPCID || sn.AvailabilityZone != mototest.Region+string("ab"[i]) || sn.AvailableIPs == 0 {
			t.Errorf("public subnet %s: %+v", id, sn)
		}
	}
	for _, id := range est.PrivateSubnets {
		if sn := ix.Subnet(id); sn == nil || sn.Public {
			t.Errorf("private subnet %s: %+v", id, sn)
		}
	}
	if sn := ix.Subnet(est.PublicSubnets[0]); sn.CIDR != "10.0.0.0/24" || sn.Tags["Name"] != "public-a" {
		t.Errorf("subnet fields: %+v", sn)
	}
	var igw *inventory.InternetGateway
	for i := range reg.Network.InternetGateways {
		if reg.Network.InternetGateways[i].ID == est.InternetGateway {
			igw = &reg.Network.InternetGateways[i]
		}
	}
	if igw == nil || !slices.Equal(igw.VPCs, []string{est.VPCID}) {
		t.Errorf("internet gateway: %+v", igw)
	}
	ssh := ix.SecurityGroup(est.SSHGroup)
	if ssh == nil || len(ssh.Ingress) != 1 || ssh.Ingress[0].FromPort != 22 || ssh.Ingress[0].CIDR != "0.0.0.0/0" || ssh.Ingress[0].Protocol != "tcp" {
		t.Errorf("ssh group: %+v", ssh)
	}
	app := ix.SecurityGroup(est.AppGroup)
	if app == nil || len(app.Ingress) != 1 || app.Ingress[0].SourceGroup != est.ALBGroup || app.Ingress[0].FromPort != 8080 {
		t.Errorf("app group: %+v", app)
	}
	var vpc *inventory.VPC
	for i := range reg.Network.VPCs {
		if reg.Network.VPCs[i].ID == est.VPCID {
			vpc = &reg.Network.VPCs[i]
		}
	}
	if vpc == nil || vpc.CIDR != "10.0.0.0/16" || vpc.IsDefault || vpc.Tags["Name"] != "estate" {
		t.Errorf("vpc: %+v", vpc)
	}
	if len(reg.AvailabilityZones) < 2 || reg.AvailabilityZones[0].Name != mototest.Region+"a" || reg.AvailabilityZones[0].ID == "" {
		t.Errorf("availability zones: %+v", reg.AvailabilityZones)
	}
	if len(reg.Network.NetworkACLs) == 0 {
		t.Error("no network ACLs")
	}
}

// checkMotoLoadBalancer checks the ALB, its listeners, rule and target group.
func checkMotoLoadBalancer(t *testing.T, est *mototest.Estate, ix *inventory.Index) {
	lb := ix.LoadBalancer(est.LoadBalancerARN)
	if lb == nil {
		t.Fatal("ALB missing")
	}
	if lb.Type != "application" || lb.Scheme != "internet-facing" || lb.VPCID != est.VPCID || !slices.Equal(lb.SecurityGroups, []string{est.ALBGroup}) ||
		len(lb.Subnets) != 2 || lb.Tags["app"] != "web" {
		t.Errorf("ALB fields: %+v", lb)
	}
	if !lb.AttributesCollected || lb.Attributes["routing.http.drop_invalid_header_fields.enabled"] != "true" ||
		lb.Attributes["deletion_protection.enabled"] != "true" || lb.Attributes["routing.http.desync_mitigation_mode"] != "strictest" {
		t.Errorf("ALB attributes: %v (collected %v)", lb.Attributes, lb.AttributesCollected)
	}
	if len(lb.Listeners) != 2 || lb.Listeners[0].Port != 80 || lb.Listeners[1].Port != 443 {
		t.Fatalf("listeners: %+v", lb.Listeners)
	}
	http, https := lb.Listeners[0], lb.Listeners[1]
	if http.Protocol != "HTTP" || len(http.DefaultActions) != 1 || http.DefaultActions[0].Type != "redirect" || http.DefaultActions[0].RedirectProtocol != "HTTPS" {
		t.Errorf("HTTP listener: %+v", http)
	}
	if https.Protocol != "HTTPS" || https.SSLPolicy != "ELBSecurityPolicy-TLS13-1-2-2021-06" ||
		!slices.Equal(https.Certificates, []string{est.CertificateARN, est.SNICertificateARN}) || !https.CertificatesListed || http.CertificatesListed ||
		https.DefaultActions[0].Type != "forward" || !slices.Equal(https.DefaultActions[0].TargetGroups, []string{est.TargetGroupARN}) {
		t.Errorf("HTTPS listener: %+v", https)
	}
	if len(https.Rules) != 1 || https.Rules[0].Priority != "10" || !slices.Equal(https.Rules[0].Conditions, []string{"path-pattern=/api/*"}) {
		t.Errorf("HTTPS rules: %+v", https.Rules)
	}
	tg := ix.TargetGroup(est.TargetGroupARN)
	if tg == nil || tg.TargetType != "ip" || tg.Port != 8080 || tg.HealthCheckPath != "/health" || !slices.Equal(tg.LoadBalancers, []string{est.LoadBalancerARN}) {
		t.Errorf("target group: %+v", tg)
	}
}

// checkMotoEdge checks the web ACL read for the internet-facing ALB and the
// two ACM certificates its HTTPS listener serves, described once each.
func checkMotoEdge(t *testing.T, est *mototest.Estate, reg *inventory.Region, lb *inventory.LoadBalancer) {
	if lb == nil {
		t.Fatal("ALB missing")
	}
	if !lb.WebACLCollected || lb.WebACL == nil || lb.WebACL.Name != "web-acl" || lb.WebACL.ARN != est.WebACLARN {
		t.Errorf("web ACL: %+v (collected %v)", lb.WebACL, lb.WebACLCollected)
	}
	certs := reg.ELB.Certificates
	if len(certs) != 2 {
		t.Fatalf("certificates: %+v", certs)
	}
	byARN := map[string]inventory.Certificate{certs[0].ARN: certs[0], certs[1].ARN: certs[1]}
	def, sni := byARN[est.CertificateARN], byARN[est.SNICertificateARN]
	if def.Domain != "web.example.com" || def.Type != "IMPORTED" || def.Status != "ISSUED" || !def.NotAfter.Equal(mototest.CertificateNotAfter) ||
		def.KeyAlgorithm != "EC_prime256v1" || def.RenewalEligibility == "" || !def.InUse || len(def.Gaps) != 0 {
		t.Errorf("default certificate: %+v", def)
	}
	if sni.Domain != "api.example.com" || sni.Type != "IMPORTED" || sni.Status != "ISSUED" || !sni.NotAfter.Equal(mototest.SNICertificateNotAfter) ||
		sni.KeyAlgorithm != "RSA_2048" || len(sni.Gaps) != 0 {
		t.Errorf("SNI certificate: %+v", sni)
	}
}

// checkMotoECS checks the clusters, services, tasks, container instance, EC2
// instance, image and capacity provider.
func checkMotoECS(t *testing.T, est *mototest.Estate, reg *inventory.Region, ix *inventory.Index) {
	var prod, batch *inventory.Cluster
	for i := range reg.ECS.Clusters {
		switch reg.ECS.Clusters[i].ARN {
		case est.ProdClusterARN:
			prod = &reg.ECS.Clusters[i]
		case est.BatchClusterARN:
			batch = &reg.ECS.Clusters[i]
		}
	}
	if prod == nil || batch == nil || len(reg.ECS.Clusters) != 2 {
		t.Fatalf("clusters: %+v", reg.ECS.Clusters)
	}
	if !slices.Contains(prod.Settings, inventory.KeyValue{Name: "containerInsights", Value: "enabled"}) || prod.Tags["env"] != "production" {
		t.Errorf("prod cluster: settings %+v tags %v", prod.Settings, prod.Tags)
	}
	if slices.Contains(batch.Settings, inventory.KeyValue{Name: "containerInsights", Value: "enabled"}) {
		t.Errorf("batch cluster must not have Container Insights: %+v", batch.Settings)
	}
	if !slices.Equal(batch.CapacityProviders, []string{est.CapacityProvider}) || len(batch.DefaultStrategy) != 1 {
		t.Errorf("batch capacity providers: %+v %+v", batch.CapacityProviders, batch.DefaultStrategy)
	}
	if len(prod.Services) != 2 || len(batch.Services) != 1 {
		t.Fatalf("services: prod %d batch %d", len(prod.Services), len(batch.Services))
	}
	web := prod.Services[1]
	if web.ARN != est.Services["web"] || web.Name != "web" || web.LaunchType != "FARGATE" || web.DesiredCount != 2 ||
		web.TaskDefinition != est.TaskDefinitions["web"] || web.Tags["app"] != "web" || web.Deployment.Controller != "ECS" {
		t.Errorf("web service: %+v", web)
	}
	if web.Network == nil || len(web.Network.Subnets) != 2 || web.Network.AssignPublicIP || !slices.Equal(web.Network.SecurityGroups, []string{est.AppGroup}) {
		t.Errorf("web network: %+v", web.Network)
	}
	if len(web.LoadBalancers) != 1 || web.LoadBalancers[0].TargetGroupARN != est.TargetGroupARN || web.LoadBalancers[0].ContainerPort != 8080 {
		t.Errorf("web load balancers: %+v", web.LoadBalancers)
	}
	if w := batch.Services[0]; w.LaunchType != "EC2" || w.TaskDefinition != est.TaskDefinitions["worker"] {
		t.Errorf("worker service: %+v", w)
	}
	if got := ix.ServiceTasks(est.ProdClusterARN, "web"); len(got) != 2 {
		t.Errorf("web tasks: %d", len(got))
	}
	for _, tk := range prod.Tasks {
		if !slices.Contains(est.Tasks, tk.ARN) || tk.LaunchType != "FARGATE" || tk.SubnetID == "" || len(tk.Containers) == 0 || tk.Containers[0].Image == "" {
			t.Errorf("task: %+v", tk)
		}
	}
	if len(batch.ContainerInstances) != 1 {
		t.Fatalf("container instances: %+v", batch.ContainerInstances)
	}
	ci := batch.ContainerInstances[0]
	if ci.ARN != est.ContainerInstance || ci.EC2InstanceID != est.InstanceID || !ci.AgentConnected || ci.External {
		t.Errorf("container instance: %+v", ci)
	}
	if in := ix.Instance(est.InstanceID); in == nil || in.InstanceType != "m5.large" || in.ImageID != est.ImageID || in.SubnetID != est.PrivateSubnets[1] ||
		!slices.Equal(in.SecurityGroups, []string{est.SSHGroup}) || in.HTTPTokens != "required" || in.HTTPPutResponseHopLimit != 1 {
		t.Errorf("instance: %+v", in)
	}
	if im := ix.Image(est.ImageID); im == nil || im.Name == "" {
		t.Errorf("image: %+v", im)
	}
	cp := ix.CapacityProvider(est.CapacityProvider)
	if cp == nil || !strings.Contains(cp.AutoScalingGroupARN, est.AutoScalingGroup) || cp.ManagedScaling == nil || cp.ManagedScaling.TargetCapacity != 90 {
		t.Errorf("capacity provider: %+v", cp)
	}
}

// checkMotoTaskDefinitions checks the three task definitions: names of
// environment variables only, secrets by reference, roles and volumes.
func checkMotoTaskDefinitions(t *testing.T, est *mototest.Estate, reg *inventory.Region, ix *inventory.Index) {
	if len(reg.ECS.TaskDefinitions) != 3 {
		t.Fatalf("task definitions: %d", len(reg.ECS.TaskDefinitions))
	}
	web := ix.TaskDefinition(est.TaskDefinitions["web"])
	if web == nil || web.Family != "web" || web.Revision != 1 || web.NetworkMode != "awsvpc" || web.CPU != "256" || web.Memory != "512" ||
		web.TaskRoleARN != est.SharedTaskRoleARN || web.ExecutionRoleARN != est.ExecutionRoleARN || web.Tags["app"] != "web" {
		t.Fatalf("web task definition: %+v", web)
	}
	c := web.Containers[0]
	if !slices.Equal(c.EnvironmentNames, []string{"CANARY", "MODE"}) {
		t.Errorf("environment names: %v", c.EnvironmentNames)
	}
	if len(c.Secrets) != 1 || c.Secrets[0] != (inventory.SecretRef{Name: "DB_PASSWORD", ValueFrom: est.SecretARN}) {
		t.Errorf("secrets: %+v", c.Secrets)
	}
	if c.LogConfiguration == nil || c.LogConfiguration.Driver != "awslogs" || c.LogConfiguration.Options["awslogs-group"] != "/ecs/web" ||
		!slices.Equal(c.LogConfiguration.SecretOptionNames, []string{"splunk-token"}) {
		t.Errorf("log configuration: %+v", c.LogConfiguration)
	}
	if !c.ReadonlyRootFilesystem || c.User != "1000" || c.Privileged || c.HealthCheck == nil || len(c.PortMappings) != 1 {
		t.Errorf("web container: %+v", c)
	}
	if len(web.Volumes) != 1 || web.Volumes[0].Type != "efs" || web.Volumes[0].EFS == nil || web.Volumes[0].EFS.FileSystemID != est.FileSystemID ||
		web.Volumes[0].EFS.TransitEncryption != "ENABLED" || web.Volumes[0].EFS.AccessPointID != est.AccessPointID {
		t.Errorf("web volumes: %+v", web.Volumes)
	}
	api := ix.TaskDefinition(est.TaskDefinitions["api"])
	if api == nil || api.TaskRoleARN != web.TaskRoleARN {
		t.Errorf("api must share web's task role: %+v", api)
	}
	worker := ix.TaskDefinition(est.TaskDefinitions["worker"])
	if worker == nil || !worker.Containers[0].Privileged || worker.NetworkMode != "bridge" || worker.TaskRoleARN != est.WorkerRoleARN {
		t.Errorf("worker: %+v", worker)
	}
}

// checkMotoIAM checks the account summary and the roles task definitions use.
func checkMotoIAM(t *testing.T, est *mototest.Estate, acct inventory.Account) {
	iam := acct.IAM
	if iam.Summary["Roles"] != 3 {
		t.Errorf("account summary: %v", iam.Summary)
	}
	if len(iam.Roles) != 3 {
		t.Fatalf("roles (only those task definitions use): %+v", iam.Roles)
	}
	byName := map[string]inventory.Role{}
	for _, r := range iam.Roles {
		byName[r.Name] = r
	}
	shared := byName["shared-task-role"]
	if shared.ARN != est.SharedTaskRoleARN || !strings.Contains(shared.TrustPolicy, "ecs-tasks.amazonaws.com") || shared.Tags["team"] != "platform" ||
		!slices.ContainsFunc(shared.InlinePolicies, func(p inventory.Policy) bool {
			return p.Name == "read-bucket" && strings.Contains(p.Document, "s3:GetObject")
		}) {
		t.Errorf("shared role: %+v", shared)
	}
	worker := byName["worker-task-role"]
	if len(worker.AttachedPolicies) != 1 || worker.AttachedPolicies[0].ARN != est.CustomPolicyARN || worker.AttachedPolicies[0].AWSManaged ||
		!strings.Contains(worker.AttachedPolicies[0].Document, "sqs:*") {
		t.Errorf("worker role: %+v", worker)
	}
	exec := byName["ecs-execution-role"]
	if len(exec.AttachedPolicies) != 1 || !exec.AttachedPolicies[0].AWSManaged || exec.AttachedPolicies[0].Document != "" {
		t.Errorf("execution role: %+v", exec)
	}
}

// checkMotoOtherServices checks ECR, EFS, CloudTrail, logs, Cloud Map,
// GuardDuty and scaling.
func checkMotoOtherServices(t *testing.T, est *mototest.Estate, reg *inventory.Region, ix *inventory.Index) {
	repos := map[string]inventory.Repository{}
	for _, r := range reg.ECR.Repositories {
		repos[r.Name] = r
	}
	if !repos["web"].ScanOnPush || repos["worker"].ScanOnPush || repos["web"].URI != est.Repositories["web"] || repos["web"].TagMutability != "IMMUTABLE" {
		t.Errorf("repositories: %+v", repos)
	}
	if web, worker := repos["web"], repos["worker"]; !web.LifecyclePolicyCollected || web.LifecyclePolicy != mototest.LifecyclePolicy ||
		!worker.LifecyclePolicyCollected || worker.LifecyclePolicy != "" {
		t.Errorf("lifecycle policies: web %v %q, worker %v %q", web.LifecyclePolicyCollected, web.LifecyclePolicy, worker.LifecyclePolicyCollected, worker.LifecyclePolicy)
	}
	if reg.ECR.Scanning == nil || reg.ECR.Scanning.Type == "" {
		t.Errorf("registry scanning: %+v", reg.ECR.Scanning)
	}
	fs := ix.FileSystem(est.FileSystemID)
	if fs == nil || !fs.Encrypted || fs.Name != "data" || len(fs.MountTargets) != 2 || len(fs.AccessPoints) != 1 ||
		fs.AccessPoints[0].PosixUser != "1000:1000" || fs.AccessPoints[0].RootDirectory != "/data" {
		t.Fatalf("file system: %+v", fs)
	}
	if !fs.BackupPolicyCollected || fs.BackupPolicy != "ENABLED" || !fs.PolicyCollected || fs.Policy != mototest.FileSystemPolicy {
		t.Errorf("data file system policies: backup %v %q, policy %v %q", fs.BackupPolicyCollected, fs.BackupPolicy, fs.PolicyCollected, fs.Policy)
	}
	if sc := ix.FileSystem(est.ScratchFileSystemID); sc == nil || !sc.BackupPolicyCollected || sc.BackupPolicy != "" || !sc.PolicyCollected || sc.Policy != "" {
		t.Errorf("scratch file system (no policies): %+v", sc)
	}
	for _, mt := range fs.MountTargets {
		if !slices.Contains(est.PrivateSubnets[:], mt.SubnetID) || !slices.Equal(mt.SecurityGroups, []string{est.AppGroup}) {
			t.Errorf("mount target: %+v", mt)
		}
	}
	if len(reg.Trails) != 1 || reg.Trails[0].ARN != est.TrailARN || !reg.Trails[0].MultiRegion || !reg.Trails[0].LogFileValidation ||
		reg.Trails[0].IsLogging == nil || !*reg.Trails[0].IsLogging {
		t.Errorf("trails: %+v", reg.Trails)
	} else if b := reg.Trails[0].Bucket; b == nil || b.Region != mototest.Region || b.Versioning != "Enabled" || !b.ObjectLock ||
		!b.PublicAccessBlocked || len(b.Gaps) != 0 {
		t.Errorf("trail bucket protection: %+v", b)
	}
	if len(reg.LogGroups) != 1 || reg.LogGroups[0].Name != "/ecs/web" || reg.LogGroups[0].RetentionDays != 30 {
		t.Errorf("log groups: %+v", reg.LogGroups)
	}
	if len(reg.Namespaces) != 1 || reg.Namespaces[0].ID != est.Namespace || reg.Namespaces[0].Type != "DNS_PRIVATE" {
		t.Errorf("namespaces: %+v", reg.Namespaces)
	}
	if len(reg.GuardDuty) != 1 || reg.GuardDuty[0].ID != est.DetectorID || reg.GuardDuty[0].Status != "ENABLED" {
		t.Errorf("guardduty: %+v", reg.GuardDuty)
	}
	st := ix.ScalableTarget("prod", "web")
	if st == nil || st.MinCapacity != 2 || st.MaxCapacity != 10 {
		t.Errorf("scalable target: %+v", st)
	}
	if len(reg.AutoScaling.ScalingPolicies) != 1 || reg.AutoScaling.ScalingPolicies[0].Metric != "ECSServiceAverageCPUUtilization" || reg.AutoScaling.ScalingPolicies[0].TargetValue != 60 {
		t.Errorf("scaling policies: %+v", reg.AutoScaling.ScalingPolicies)
	}
	if g := ix.AutoScalingGroup(est.AutoScalingGroup); g == nil || g.MaxSize != 4 || len(g.Subnets) != 2 {
		t.Errorf("auto scaling group: %+v", g)
	}
	if reg.EC2.EBSEncryptionByDefault == nil {
		t.Error("EBS encryption default not read")
	}
}

// checkMotoDeterministic: a second discovery of the same estate gives the same
// snapshot, but for the task states moto advances.
func checkMotoDeterministic(t *testing.T, encoded []byte) {
	again, err := RunConfig(mototest.Context(t), moto.Config(), Options{Regions: []string{mototest.Region}, Now: fixedClock})
	if err != nil {
		t.Fatal(err)
	}
	first, err := inventory.Decode("first", encoded)
	if err != nil {
		t.Fatal(err)
	}
	// moto advances a task's lifecycle on every DescribeTasks: the one
	// field that legitimately changes between the two runs.
	for _, s := range []*inventory.Snapshot{first, again} {
		for i := range s.Accounts[0].Regions[0].ECS.Clusters {
			for j := range s.Accounts[0].Regions[0].ECS.Clusters[i].Tasks {
				s.Accounts[0].Regions[0].ECS.Clusters[i].Tasks[j].LastStatus = ""
			}
		}
	}
	a, _ := inventory.Marshal(first)
	b, _ := inventory.Marshal(again)
	if !bytes.Equal(a, b) {
		t.Error("two discoveries of the same estate differ")
	}
}

// checkMotoDynamoDB holds what discovery read of the tables the shared task
// role reaches: each named table of the region once (the index ARN is its
// table, the pattern none), the missing one a fact, not a gap.
func checkMotoDynamoDB(t *testing.T, est *mototest.Estate, reg *inventory.Region) {
	want := []inventory.DynamoDBTable{
		{Name: mototest.OrdersTable, ARN: est.OrdersTableARN, Status: "ACTIVE", BillingMode: "PAY_PER_REQUEST", SSEType: "KMS", SSEStatus: "ENABLED",
			KMSKey: est.TableKeyARN, DeletionProtection: true, PointInTimeRecovery: "ENABLED"},
		{Name: mototest.MissingTable, ARN: "arn:aws:dynamodb:" + mototest.Region + ":" + mototest.Account + ":table/" + mototest.MissingTable, NotFound: true},
		{Name: mototest.SessionsTable, ARN: est.SessionsTableARN, Status: "ACTIVE", BillingMode: "PROVISIONED", PointInTimeRecovery: "DISABLED"},
	}
	if !reflect.DeepEqual(reg.DynamoDBTables, want) {
		t.Errorf("dynamodb tables:\n got %+v\nwant %+v", reg.DynamoDBTables, want)
	}
}

// checkMotoKMSKeys: the secret's key — named by its alias (the secret, the
// queue) and by its ARN (worker's task role, the topic, the databases, the
// estate-uploads bucket) — and
// the orders table's key are each described once, with their rotation.
func checkMotoKMSKeys(t *testing.T, est *mototest.Estate, reg *inventory.Region) {
	if len(reg.Secrets) != 1 || reg.Secrets[0].KMSKey != mototest.SecretKeyAlias {
		t.Errorf("the secret's key: %+v", reg.Secrets)
	}
	if len(reg.KMSKeys) != 2 {
		t.Fatalf("kms keys: %+v", reg.KMSKeys)
	}
	for _, k := range reg.KMSKeys {
		aliases := []string(nil)
		switch k.ARN {
		case est.SecretKeyARN:
			aliases = []string{mototest.SecretKeyAlias}
		case est.TableKeyARN:
		default:
			t.Errorf("kms key not in use described: %+v", k)
			continue
		}
		if !slices.Equal(k.Aliases, aliases) || k.KeyManager != "CUSTOMER" || k.KeySpec != "SYMMETRIC_DEFAULT" || k.KeyState != "Enabled" ||
			k.Origin != "AWS_KMS" || !k.RotationCollected || len(k.Gaps) != 0 {
			t.Errorf("kms key: %+v", k)
		}
		if k.ARN == est.SecretKeyARN && !k.RotationEnabled {
			t.Errorf("the secret's key rotates, read as not rotating: %+v", k)
		}
	}
}

// checkMotoDataBuckets: the two buckets the web task role reaches ("assets/*"
// and "estate-uploads", SSE-KMS with the secret's key), read in their
// region, the policy kept as its fact.
func checkMotoDataBuckets(t *testing.T, est *mototest.Estate, reg *inventory.Region) {
	want := []inventory.Bucket{
		{Name: "assets", Region: mototest.Region, Encryption: "AES256", HasPolicy: true, DeniesInsecureTransport: true, PublicAccessBlocked: true},
		{Name: "estate-uploads", Region: mototest.Region, Encryption: "aws:kms", KMSKey: est.SecretKeyARN, BucketKey: true, Versioning: "Enabled"},
	}
	if !reflect.DeepEqual(reg.Buckets, want) {
		t.Errorf("s3 buckets:\n got %+v\nwant %+v", reg.Buckets, want)
	}
}
