// Package synth generates realistic synthetic inventory snapshots: estates of
// any size spread over accounts, regions, VPCs and clusters, with a realistic
// share of defects so that the checks have work to do. It exists for
// benchmarks, scale tests and demos of large estates; the same options and
// seed always give the same snapshot.
package synth

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"github.com/ecspack/ecspack/inventory"
)

// Options size the estate. Zero values take sensible defaults.
type Options struct {
	// Services is the total number of ECS services (default 10).
	Services int
	// Clusters per account-region (default: one per 25 services, at least 1).
	Clusters int
	// VPCs per account-region (default 1).
	VPCs int
	// Regions per account (default 1), taken from a fixed list.
	Regions int
	// Accounts (default 1).
	Accounts int
	// Seed makes the estate reproducible.
	Seed uint64
	// DefectRate is the share of resources carrying a planted defect (default 0.1).
	DefectRate float64
	// TasksPerService is the average number of running tasks (default 5).
	TasksPerService int
}

// regionNames are used in order; each has three AZs a, b, c.
var regionNames = []string{"us-east-1", "eu-west-1", "eu-central-1", "us-west-2", "ap-southeast-2", "eu-north-1"}

func (o *Options) defaults() error {
	if o.Services <= 0 {
		o.Services = 10
	}
	if o.Accounts <= 0 {
		o.Accounts = 1
	}
	if o.Regions <= 0 {
		o.Regions = 1
	}
	if o.Regions > len(regionNames) {
		return fmt.Errorf("synth: at most %d regions", len(regionNames))
	}
	if o.VPCs <= 0 {
		o.VPCs = 1
	}
	if o.DefectRate == 0 {
		o.DefectRate = 0.1
	}
	if o.DefectRate < 0 || o.DefectRate > 1 {
		return fmt.Errorf("synth: defect rate %v: expected 0 to 1", o.DefectRate)
	}
	if o.TasksPerService <= 0 {
		o.TasksPerService = 5
	}
	if o.Services > 100000 || o.Accounts > 100 || o.VPCs > 50 || o.Clusters > 1000 {
		return fmt.Errorf("synth: estate too large (services ≤ 100000, accounts ≤ 100, vpcs ≤ 50, clusters ≤ 1000)")
	}
	return nil
}

// synthStart is when a synthetic snapshot says it was collected.
var synthStart = time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)

// Generate builds the snapshot.
func Generate(o Options) (*inventory.Snapshot, error) {
	if err := o.defaults(); err != nil {
		return nil, err
	}
	g := &gen{o: o, r: rand.New(rand.NewPCG(o.Seed, 0x6563737061636b))}
	start := synthStart
	s := &inventory.Snapshot{
		SchemaVersion: inventory.SchemaVersion,
		Collection:    inventory.Collection{Source: "synth", Tool: "ecspack synth", StartedAt: start, FinishedAt: start.Add(2 * time.Minute)},
	}
	slots := o.Accounts * o.Regions
	for a := 0; a < o.Accounts; a++ {
		acct := inventory.Account{ID: fmt.Sprintf("%012d", 210000000000+uint64(a)*1111), IAM: inventory.IAM{Summary: map[string]int{"AccountMFAEnabled": 1, "AccountAccessKeysPresent": 0}},
			S3PublicAccessBlock: accountBlock(a)}
		for r := 0; r < o.Regions; r++ {
			slot := a*o.Regions + r
			n := o.Services / slots
			if slot < o.Services%slots {
				n++
			}
			region := g.region(acct.ID, regionNames[r], n, &acct.IAM)
			acct.Regions = append(acct.Regions, region)
		}
		s.Accounts = append(s.Accounts, acct)
	}
	s.Normalize()
	return s, nil
}

// accountBlock is the account's S3 Block Public Access: all four settings
// on, except — by account number, drawing no random number — the second
// account of every four, which blocks public ACLs only, so the buckets
// without a block of their own there stay open to a public policy.
func accountBlock(a int) *inventory.S3AccountBlock {
	b := &inventory.S3AccountBlock{BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true}
	if a%4 == 1 {
		b.BlockPublicPolicy, b.RestrictPublicBuckets = false, false
	}
	return b
}

type gen struct {
	o Options
	r *rand.Rand
	// albs counts the load balancers made so far, across regions: the
	// WAF and certificate facts are planted by it, drawing no random number.
	albs int
}

func (g *gen) defect() bool { return g.r.Float64() < g.o.DefectRate }

func (g *gen) hex(n int) string {
	const digits = "0123456789abcdef"
	b := make([]byte, n)
	for i := range b {
		b[i] = digits[g.r.IntN(16)]
	}
	return string(b)
}

var appNames = []string{"web", "api", "orders", "payments", "catalog", "search", "auth", "billing", "notify", "reports", "ingest", "worker", "cart", "profile", "media", "gateway"}

// regionGen builds one account-region: its network, clusters and services.
type regionGen struct {
	*gen
	reg   *inventory.Region
	acct  string
	azs   []string
	vpcs  []vpcNet
	lb    *inventory.LoadBalancer // the load balancer new services join, ten to each
	efsID string                  // the region's shared file system, once a service mounts it
}

// vpcNet is one generated VPC: its subnets per AZ and its two security groups.
type vpcNet struct {
	id              string
	public, private []string
	albSG, svcSG    string
}

// arn is an ARN of the account-region.
func (rg *regionGen) arn(svc, res string) string {
	return fmt.Sprintf("arn:aws:%s:%s:%s:%s", svc, rg.reg.Name, rg.acct, res)
}

// region generates one account-region with the given number of services;
// their task roles go to iam. The random draws happen in a fixed order, so
// the same seed gives the same region.
func (g *gen) region(acct, name string, services int, iam *inventory.IAM) inventory.Region {
	rg := &regionGen{gen: g, reg: &inventory.Region{Name: name}, acct: acct, azs: []string{name + "a", name + "b", name + "c"}}
	rg.regionSettings()
	for v := 0; v < g.o.VPCs; v++ {
		rg.vpcs = append(rg.vpcs, rg.vpc(v))
	}
	clusters := g.o.Clusters
	if clusters <= 0 {
		clusters = max(1, (services+24)/25)
	}
	for c := 0; c < clusters; c++ {
		rg.cluster(c)
	}
	rg.reg.ECS.CapacityProviders = append(rg.reg.ECS.CapacityProviders, inventory.CapacityProvider{Name: "FARGATE", Status: "ACTIVE"}, inventory.CapacityProvider{Name: "FARGATE_SPOT", Status: "ACTIVE"})
	for s := 0; s < services; s++ {
		rg.service(s, clusters, iam)
	}
	return *rg.reg
}

// regionSettings fills the region-wide settings: AZs, ECS account settings,
// EBS default encryption, ECR scanning, the trail and the GuardDuty detector.
func (rg *regionGen) regionSettings() {
	reg, name, acct := rg.reg, rg.reg.Name, rg.acct
	for i, az := range rg.azs {
		reg.AvailabilityZones = append(reg.AvailabilityZones, inventory.AvailabilityZone{Name: az, ID: fmt.Sprintf("%s-az%d", name[:2]+name[len(name)-1:], i+1), State: "available", Type: "availability-zone"})
	}
	reg.ECS.AccountSettings = []inventory.AccountSetting{{Name: "awsvpcTrunking", Value: "enabled"}, {Name: "containerInsights", Value: "enabled"}}
	reg.EC2.EBSEncryptionByDefault = ptr(!rg.defect())
	reg.ECR.Scanning = &inventory.RegistryScanning{Type: "ENHANCED", Rules: []inventory.RegistryScanRule{{Frequency: "CONTINUOUS_SCAN", Filters: []string{"*"}}}}
	reg.Trails = []inventory.Trail{{ARN: rg.arn("cloudtrail", "trail/org-trail"), Name: "org-trail", HomeRegion: name, MultiRegion: true, LogFileValidation: true, S3Bucket: "trail-" + acct, IsLogging: ptr(true),
		CloudWatchLogsGroup: rg.arn("logs", "log-group:cloudtrail:*"),
		Bucket:              &inventory.BucketProtection{Region: name, Versioning: "Enabled", PublicAccessBlocked: true}}} // no KMS key: a planted defect (CloudTrail.2)
	reg.RDS.InstancesCollected, reg.RDS.ClustersCollected = true, true
	reg.GuardDuty = []inventory.Detector{{ID: rg.hex(32), Status: "ENABLED", RuntimeMonitoring: "ENABLED", ECSFargateAgent: "ENABLED", EC2Agent: "ENABLED"}}
}

// vpc adds VPC number v: three AZs with a public and a private subnet each,
// a NAT gateway per AZ, the load balancer's and the services' security
// groups, the default network ACL and interface endpoints.
func (rg *regionGen) vpc(v int) vpcNet {
	reg := rg.reg
	vid := fmt.Sprintf("vpc-%s", rg.hex(17))
	cidr := fmt.Sprintf("10.%d.0.0/16", v)
	reg.Network.VPCs = append(reg.Network.VPCs, inventory.VPC{ID: vid, CIDR: cidr, Tags: map[string]string{"Name": fmt.Sprintf("prod-%d", v)}})
	igw := "igw-" + rg.hex(17)
	reg.Network.InternetGateways = append(reg.Network.InternetGateways, inventory.InternetGateway{ID: igw, VPCs: []string{vid}})
	vn := vpcNet{id: vid}
	pubRT := inventory.RouteTable{ID: "rtb-" + rg.hex(17), VPCID: vid, Routes: []inventory.Route{{Destination: cidr, Target: "local"}, {Destination: "0.0.0.0/0", Target: igw}}}
	for i, az := range rg.azs {
		pub := inventory.Subnet{ID: "subnet-" + rg.hex(17), VPCID: vid, AvailabilityZone: az, CIDR: fmt.Sprintf("10.%d.%d.0/24", v, i), Public: true, AvailableIPs: 200 + rg.r.IntN(50), Tags: map[string]string{"Name": fmt.Sprintf("public-%s", az)}}
		priv := inventory.Subnet{ID: "subnet-" + rg.hex(17), VPCID: vid, AvailabilityZone: az, CIDR: fmt.Sprintf("10.%d.%d.0/20", v, 16*(i+1)), AvailableIPs: 3000 + rg.r.IntN(1000), Tags: map[string]string{"Name": fmt.Sprintf("private-%s", az)}}
		reg.Network.Subnets = append(reg.Network.Subnets, pub, priv)
		vn.public = append(vn.public, pub.ID)
		vn.private = append(vn.private, priv.ID)
		pubRT.Subnets = append(pubRT.Subnets, pub.ID)
		nat := inventory.NATGateway{ID: "nat-" + rg.hex(17), VPCID: vid, SubnetID: pub.ID, State: "available", ConnectivityType: "public"}
		reg.Network.NATGateways = append(reg.Network.NATGateways, nat)
		reg.Network.RouteTables = append(reg.Network.RouteTables, inventory.RouteTable{ID: "rtb-" + rg.hex(17), VPCID: vid, Subnets: []string{priv.ID},
			Routes: []inventory.Route{{Destination: cidr, Target: "local"}, {Destination: "0.0.0.0/0", Target: nat.ID}}})
	}
	reg.Network.RouteTables = append(reg.Network.RouteTables, pubRT)
	vn.albSG, vn.svcSG = "sg-"+rg.hex(17), "sg-"+rg.hex(17)
	albRules := []inventory.SecurityRule{{Protocol: "tcp", FromPort: 443, ToPort: 443, CIDR: "0.0.0.0/0"}, {Protocol: "tcp", FromPort: 80, ToPort: 80, CIDR: "0.0.0.0/0"}}
	svcRules := []inventory.SecurityRule{{Protocol: "tcp", FromPort: 8080, ToPort: 8080, SourceGroup: vn.albSG}}
	if rg.defect() {
		svcRules = append(svcRules, inventory.SecurityRule{Protocol: "tcp", FromPort: 22, ToPort: 22, CIDR: "0.0.0.0/0", Description: "ssh"})
	}
	egress := []inventory.SecurityRule{{Protocol: "-1", CIDR: "0.0.0.0/0"}}
	reg.Network.SecurityGroups = append(reg.Network.SecurityGroups,
		inventory.SecurityGroup{ID: vn.albSG, Name: fmt.Sprintf("alb-%d", v), VPCID: vid, Ingress: albRules, Egress: egress},
		inventory.SecurityGroup{ID: vn.svcSG, Name: fmt.Sprintf("services-%d", v), VPCID: vid, Ingress: svcRules, Egress: egress})
	reg.Network.NetworkACLs = append(reg.Network.NetworkACLs, inventory.NetworkACL{ID: "acl-" + rg.hex(17), VPCID: vid, IsDefault: true, Subnets: append(append([]string{}, vn.public...), vn.private...),
		Entries: []inventory.ACLEntry{{RuleNumber: 100, Protocol: "-1", Action: "allow", CIDR: "0.0.0.0/0"}, {RuleNumber: 100, Egress: true, Protocol: "-1", Action: "allow", CIDR: "0.0.0.0/0"}}})
	// the private subnets of the first two AZs get their own ACL; the third
	// keeps the default's allow-all, a planted defect (EC2.21)
	acls := reg.Network.NetworkACLs
	acls[len(acls)-1].Subnets = append(append([]string{}, vn.public...), vn.private[2:]...)
	reg.Network.NetworkACLs = append(acls, inventory.NetworkACL{ID: "acl-" + vid[4:], VPCID: vid, Subnets: append([]string{}, vn.private[:2]...),
		Entries: []inventory.ACLEntry{{RuleNumber: 100, Protocol: "-1", Action: "allow", CIDR: cidr},
			{RuleNumber: 105, Protocol: "6", Action: "deny", CIDR: "0.0.0.0/0", FromPort: 3389, ToPort: 3389},
			{RuleNumber: 110, Protocol: "6", Action: "allow", CIDR: "0.0.0.0/0", FromPort: 1024, ToPort: 65535},
			{RuleNumber: 100, Egress: true, Protocol: "-1", Action: "allow", CIDR: "0.0.0.0/0"}}})
	for _, svc := range []string{"ecr.api", "ecr.dkr", "logs"} {
		reg.Network.VPCEndpoints = append(reg.Network.VPCEndpoints, inventory.VPCEndpoint{ID: "vpce-" + rg.hex(17), VPCID: vid, ServiceName: "com.amazonaws." + reg.Name + "." + svc, Type: "Interface", State: "available", Subnets: vn.private, PrivateDNSEnabled: true,
			SecurityGroups: []string{vn.svcSG}}) // the services' group, as for EFS: no random draw, so the other ids stay put
	}
	return vn
}

// cluster adds cluster number c with an EC2 capacity provider backed by a
// mixed-instances Auto Scaling group of three container instances.
func (rg *regionGen) cluster(c int) {
	reg, arn, azs := rg.reg, rg.arn, rg.azs
	vn := rg.vpcs[c%len(rg.vpcs)]
	cname := fmt.Sprintf("cluster-%02d", c)
	carn := arn("ecs", "cluster/"+cname)
	asgName := cname + "-asg"
	asgARN := arn("autoscaling", "autoScalingGroup:"+rg.hex(8)+":autoScalingGroupName/"+asgName)
	cpName := cname + "-ec2"
	reg.ECS.CapacityProviders = append(reg.ECS.CapacityProviders, inventory.CapacityProvider{Name: cpName, ARN: arn("ecs", "capacity-provider/"+cpName), Status: "ACTIVE",
		AutoScalingGroupARN: asgARN, ManagedScaling: &inventory.ManagedScaling{Status: "ENABLED", TargetCapacity: 90, MinimumScalingStepSize: 1, MaximumScalingStepSize: 10, InstanceWarmupPeriod: 180}, ManagedTerminationProtection: "ENABLED"})
	ami := "ami-" + rg.hex(17)
	reg.EC2.Images = append(reg.EC2.Images, inventory.Image{ID: ami, Name: "al2023-ami-ecs-hvm-2023.0.20260901-kernel-6.1-x86_64", OwnerAlias: "amazon", Platform: "Linux/UNIX", Architecture: "x86_64"})
	asg := inventory.AutoScalingGroup{ARN: asgARN, Name: asgName, MinSize: 2, MaxSize: 20, DesiredCapacity: 3, AvailabilityZones: azs, Subnets: vn.private,
		InstanceTypes: []string{"m6i.xlarge", "m5.xlarge", "m6a.xlarge"}, CapacityRebalance: true, NewInstancesProtectedFromScaleIn: true,
		MixedInstances: &inventory.MixedInstances{OnDemandBaseCapacity: 1, OnDemandPercentageAboveBaseCapacity: 50, SpotAllocationStrategy: "price-capacity-optimized", OnDemandAllocationStrategy: "prioritized"},
		Tags:           map[string]string{"aws:cloudformation:stack-name": "ecs-" + cname}}
	cl := inventory.Cluster{ARN: carn, Name: cname, Status: "ACTIVE", CapacityProviders: []string{"FARGATE", "FARGATE_SPOT", cpName},
		DefaultStrategy: []inventory.CapacityProviderItem{{CapacityProvider: "FARGATE", Weight: 1, Base: 1}},
		Settings:        []inventory.KeyValue{{Name: "containerInsights", Value: "enabled"}},
		Tags:            map[string]string{"environment": "production", "aws:cloudformation:stack-name": "ecs-" + cname}}
	if rg.defect() {
		cl.Settings[0].Value = "disabled"
	}
	if c%2 == 1 { // planted without a random draw: no managed termination protection (ECS.19)
		reg.ECS.CapacityProviders[len(reg.ECS.CapacityProviders)-1].ManagedTerminationProtection = "DISABLED"
	}
	if c == 0 { // the first cluster keeps customer managed keys; the others leave Fargate storage and ECS Exec on AWS keys
		cl.FargateEphemeralKMSKey, cl.ManagedStorageKMSKey, cl.ExecuteCommandKMSKey = rg.arn("kms", "key/"+cname), rg.arn("kms", "key/"+cname), rg.arn("kms", "key/"+cname)
		cl.ExecuteCommandLogging = "DEFAULT"
		rg.kmsKey(rg.arn("kms", "key/"+cname), true, "Enabled")
	}
	for i := 0; i < 3; i++ {
		iid := "i-" + rg.hex(17)
		az := azs[i%3]
		// IMDSv2 required with hop limit 1, except — a planted defect that
		// draws no random number, so the rest of the estate stays as it was
		// — one instance of every fifth cluster still accepting IMDSv1.
		tokens := "required"
		if c%5 == 3 && i == 2 {
			tokens = "optional"
		}
		reg.EC2.Instances = append(reg.EC2.Instances, inventory.Instance{ID: iid, InstanceType: asg.InstanceTypes[i%3], ImageID: ami, AvailabilityZone: az, SubnetID: vn.private[i%3], State: "running", Architecture: "x86_64",
			SecurityGroups: []string{vn.svcSG}, HTTPTokens: tokens, HTTPEndpoint: "enabled", HTTPPutResponseHopLimit: 1})
		asg.Instances = append(asg.Instances, iid)
		cl.ContainerInstances = append(cl.ContainerInstances, inventory.ContainerInstance{ARN: arn("ecs", "container-instance/"+cname+"/"+rg.hex(32)), EC2InstanceID: iid, Status: "ACTIVE", AgentVersion: "1.88.0", AgentConnected: true,
			CapacityProvider: cpName, AvailabilityZone: az, InstanceType: asg.InstanceTypes[i%3], AMIID: ami, OSType: "linux", OSFamily: "LINUX"})
	}
	reg.AutoScaling.Groups = append(reg.AutoScaling.Groups, asg)
	reg.ECS.Clusters = append(reg.ECS.Clusters, cl)
}

// service adds service number s with its task role, repository, task
// definition, log group, load balancer target group, scaling, alarm and
// running tasks, on cluster s mod clusters.
func (rg *regionGen) service(s, clusters int, iam *inventory.IAM) {
	ci := s % clusters
	cl := &rg.reg.ECS.Clusters[ci]
	vn := rg.vpcs[ci%len(rg.vpcs)]
	app := fmt.Sprintf("%s-%03d", appNames[s%len(appNames)], s)
	roleARN := rg.taskRole(s, app, iam)
	td := rg.taskDefinition(s, app, roleARN, vn)
	desired := max(1, rg.o.TasksPerService-2+rg.r.IntN(5))
	svc := inventory.Service{ARN: rg.arn("ecs", "service/"+cl.Name+"/"+app), Name: app, ClusterARN: cl.ARN, Status: "ACTIVE", SchedulingStrategy: "REPLICA",
		TaskDefinition: td.ARN, DesiredCount: desired, RunningCount: desired,
		Network:              &inventory.AwsVPCConfiguration{Subnets: vn.private, SecurityGroups: []string{vn.svcSG}},
		Deployment:           inventory.DeploymentConfig{Controller: "ECS", MinimumHealthyPercent: 100, MaximumPercent: 200, CircuitBreakerEnabled: true, CircuitBreakerRollback: true},
		EnableECSManagedTags: true, PropagateTags: "SERVICE",
		CreatedBy: fmt.Sprintf("arn:aws:iam::%s:role/cfn-deploy", rg.acct),
		Tags:      map[string]string{"environment": "production", "application": app, "aws:cloudformation:stack-name": "svc-" + app}}
	switch s % 3 {
	case 0:
		svc.CapacityProviderStrategy = []inventory.CapacityProviderItem{{CapacityProvider: "FARGATE", Weight: 1, Base: 1}}
	case 1:
		svc.CapacityProviderStrategy = []inventory.CapacityProviderItem{{CapacityProvider: "FARGATE", Weight: 1, Base: 1}, {CapacityProvider: "FARGATE_SPOT", Weight: 3}}
	default:
		svc.CapacityProviderStrategy = []inventory.CapacityProviderItem{{CapacityProvider: cl.CapacityProviders[2], Weight: 1}}
	}
	if rg.defect() {
		svc.Deployment.CircuitBreakerEnabled, svc.Deployment.CircuitBreakerRollback = false, false
	}
	if rg.defect() {
		svc.EnableECSManagedTags, svc.PropagateTags = false, "NONE"
	}
	if rg.defect() {
		svc.Network.Subnets = vn.private[:1] // a single-AZ service
	}
	// planted by service number, so the random stream stays as it was: an
	// old pinned Fargate platform (ECS.10) and ECS Exec turned on
	if s%19 == 4 && s%3 != 2 {
		svc.PlatformVersion = "1.3.0"
	}
	svc.EnableExecuteCommand = s%8 == 5
	if s%10 != 9 { // most services sit behind a load balancer
		rg.loadBalance(&svc, vn, desired)
	}
	rg.scaling(cl, app, desired)
	rg.tasks(cl, &svc, vn, td)
	cl.Services = append(cl.Services, svc)
	cl.ActiveServicesCount++
	cl.RunningTasksCount += desired
}

// taskRole adds the service's task role to iam and returns the ARN its task
// definition names: its own, or — a planted defect — the previous service's.
func (rg *regionGen) taskRole(s int, family string, iam *inventory.IAM) string {
	role := inventory.Role{ARN: fmt.Sprintf("arn:aws:iam::%s:role/%s-task", rg.acct, family), Name: family + "-task",
		TrustPolicy:    `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}`,
		InlinePolicies: []inventory.Policy{{Name: "app", Document: fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"arn:aws:s3:::%s-data/*"}]}`, family)}}}
	if s%6 != 1 { // planted by number: every sixth trust policy lacks aws:SourceAccount (the confused deputy)
		role.TrustPolicy = fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:SourceAccount":"%s"}}}]}`, rg.acct)
	}
	// The bucket the role reaches, as discovery reads it in its region:
	// SSE-KMS with a customer managed key, TLS only, private — except, by
	// service number (drawing no random number), every seventh keeps SSE-S3
	// without a TLS-only policy and every eleventh has no public access block
	// of its own (the account's covers it, except where accountBlock leaves
	// public policies open).
	bk := inventory.Bucket{Name: family + "-data", Region: rg.reg.Name, Encryption: "aws:kms", KMSKey: fmt.Sprintf("arn:aws:kms:%s:%s:key/data", rg.reg.Name, rg.acct),
		BucketKey: true, HasPolicy: true, DeniesInsecureTransport: true, PublicAccessBlocked: true, Versioning: "Enabled"}
	if s%7 == 3 {
		bk.Encryption, bk.KMSKey, bk.BucketKey, bk.HasPolicy, bk.DeniesInsecureTransport = "AES256", "", false, false, false
	}
	bk.PublicAccessBlocked = s%11 != 6
	if bk.KMSKey != "" {
		rg.kmsKey(bk.KMSKey, true, "Enabled")
	}
	rg.reg.Buckets = append(rg.reg.Buckets, bk)
	if s%37 == 21 { // a privilege escalation: launch a task under any role it can pass
		role.InlinePolicies = append(role.InlinePolicies, inventory.Policy{Name: "launcher", Document: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:PassRole","ecs:RunTask"],"Resource":"*"}]}`})
	}
	if s%7 == 2 { // every seventh service keeps its state in a DynamoDB table its role names
		table := family + "-state"
		role.InlinePolicies = append(role.InlinePolicies, inventory.Policy{Name: "state", Document: fmt.Sprintf(
			`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:PutItem","dynamodb:Query"],"Resource":"%s"}]}`, rg.arn("dynamodb", "table/"+table))})
		rg.reg.DynamoDBTables = append(rg.reg.DynamoDBTables, rg.dynamoDBTable(s, table))
	}
	if rg.defect() {
		role.InlinePolicies[0].Document = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
	}
	if s > 0 && rg.defect() && len(iam.Roles) > 0 {
		return iam.Roles[len(iam.Roles)-1].ARN // shared task role
	}
	rg.messaging(s, family, &role)
	iam.Roles = append(iam.Roles, role)
	return role.ARN
}

// dynamoDBTable is service s's table as DescribeTable and
// DescribeContinuousBackups describe it, its defects planted by number
// (drawing no random number): every other one has no point-in-time
// recovery, every third the AWS owned key, and those whose number is a
// multiple of three no deletion protection.
func (rg *regionGen) dynamoDBTable(s int, name string) inventory.DynamoDBTable {
	t := inventory.DynamoDBTable{Name: name, ARN: rg.arn("dynamodb", "table/"+name), Status: "ACTIVE", BillingMode: "PAY_PER_REQUEST",
		SSEType: "KMS", SSEStatus: "ENABLED", KMSKey: rg.arn("kms", fmt.Sprintf("key/%08x-0000-4000-8000-%012x", s, s)),
		DeletionProtection: s%3 != 0, PointInTimeRecovery: "ENABLED"}
	if s%14 == 2 {
		t.PointInTimeRecovery = "DISABLED"
	}
	if s%21 == 2 {
		t.SSEType, t.SSEStatus, t.KMSKey = "", "", ""
	} else {
		rg.kmsKey(t.KMSKey, true, "Enabled")
	}
	return t
}

// messaging gives every seventh service's task role a queue and a topic,
// as the stores phase reads them — planted by service number, drawing no
// random number: every other one unencrypted with no policy (a fail each,
// and a TLS warning), the rest encrypted and TLS-only, and every third of
// them open to anyone.
func (rg *regionGen) messaging(s int, family string, role *inventory.Role) {
	if s%7 != 3 {
		return
	}
	q, t := rg.arn("sqs", family+"-jobs"), rg.arn("sns", family+"-events")
	role.InlinePolicies = append(role.InlinePolicies, inventory.Policy{Name: "messaging",
		Document: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sqs:SendMessage","sns:Publish"],"Resource":["` + q + `","` + t + `"]}]}`})
	queue, topic := inventory.Queue{ARN: q}, inventory.Topic{ARN: t}
	if s%14 != 3 {
		p := &inventory.AccessPolicyFacts{DeniesInsecureTransport: true}
		queue.SQSManagedSSE, queue.Policy, topic.KMSKey, topic.Policy = true, p, "alias/aws/sns", p
	}
	if s%21 == 3 {
		queue.Policy = &inventory.AccessPolicyFacts{AllowsAnyone: true}
	}
	rg.reg.Queues = append(rg.reg.Queues, queue)
	rg.reg.Topics = append(rg.reg.Topics, topic)
}

// taskDefinition adds the service's ECR repository, task definition (an app
// container and an X-Ray sidecar; every tenth service mounts the shared EFS
// file system) and log group, and returns the task definition.
func (rg *regionGen) taskDefinition(s int, family, roleARN string, vn vpcNet) inventory.TaskDefinition {
	reg, arn, acct, name := rg.reg, rg.arn, rg.acct, rg.reg.Name
	repo := inventory.Repository{ARN: arn("ecr", "repository/"+family), Name: family, URI: fmt.Sprintf("%s.dkr.ecr.%s.amazonaws.com/%s", acct, name, family),
		TagMutability: "IMMUTABLE", ScanOnPush: !rg.defect(), EncryptionType: "AES256"}
	tag := rg.hex(12)
	if rg.defect() {
		tag = "latest"
	}
	// What ECR says about the image in use (ECS-010), planted by service
	// number so the random stream, and every other fact, stay as they were:
	// every eleventh image has critical findings, every thirteenth tag is
	// gone from its repository.
	img := inventory.RepositoryImage{Reference: tag, Digest: fmt.Sprintf("sha256:%064x", s+1), Tags: []string{tag}, ScanStatus: "COMPLETE", FindingCounts: map[string]int{"MEDIUM": 1 + s%3}}
	switch {
	case s%13 == 7:
		img = inventory.RepositoryImage{Reference: tag, Missing: true}
	case s%11 == 5:
		img.FindingCounts["CRITICAL"] = 1 + s%2
	}
	repo.PolicyCollected, repo.Images = true, []inventory.RepositoryImage{img}
	if s%5 == 0 { // customer managed key; the rest keep AES-256 (NETSEC-002.ecr-cmk)
		repo.EncryptionType, repo.KMSKey = "KMS", arn("kms", "key/ecr")
		rg.kmsKey(repo.KMSKey, false, "Enabled") // planted: a customer managed key without rotation (KMS.4)
	}
	// Every sixth repository keeps its images without a lifecycle policy.
	repo.LifecyclePolicyCollected = true
	if s%6 != 2 {
		repo.LifecyclePolicy = `{"rules":[{"rulePriority":1,"selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":14},"action":{"type":"expire"}}]}`
	}
	reg.ECR.Repositories = append(reg.ECR.Repositories, repo)
	rev := 1 + rg.r.IntN(40)
	tdARN := arn("ecs", fmt.Sprintf("task-definition/%s:%d", family, rev))
	cpu := []string{"256", "512", "1024", "2048"}[rg.r.IntN(4)]
	mem := map[string]string{"256": "512", "512": "1024", "1024": "2048", "2048": "4096"}[cpu]
	var memInt int
	fmt.Sscanf(mem, "%d", &memInt)
	app0 := inventory.ContainerDefinition{Name: "app", Image: repo.URI + ":" + tag, Memory: memInt - 128, MemoryReservation: memInt / 2, Essential: true,
		ReadonlyRootFilesystem: !rg.defect(), User: "1000", Privileged: rg.r.Float64() < rg.o.DefectRate/3,
		LogConfiguration: &inventory.LogConfiguration{Driver: "awslogs", Options: map[string]string{"awslogs-group": "/ecs/" + family, "awslogs-region": name, "awslogs-stream-prefix": "app"}},
		HealthCheck:      &inventory.HealthCheck{Command: []string{"CMD-SHELL", "curl -f http://localhost:8080/health || exit 1"}, Interval: 30, Timeout: 5, Retries: 3},
		PortMappings:     []inventory.PortMapping{{ContainerPort: 8080, Protocol: "tcp", Name: "http"}},
		EnvironmentNames: []string{"APP_ENV", "LOG_LEVEL"},
		Secrets:          []inventory.SecretRef{{Name: "DB_PASSWORD", ValueFrom: arn("secretsmanager", "secret:"+family+"/db-"+rg.hex(6))}},
		LinuxParameters:  &inventory.LinuxParameters{CapabilitiesDrop: []string{"ALL"}, InitProcessEnabled: true}, EnvironmentValuesChecked: true}
	if s%17 == 9 { // a planted defect: Security Hub ECS.8's key in plain text (NETSEC-002)
		app0.EnvironmentNames = append(app0.EnvironmentNames, "AWS_SECRET_ACCESS_KEY")
	}
	if s%2 == 0 { // half log non-blocking, the other half leave the mode to the default
		app0.LogConfiguration.Options["mode"] = "non-blocking"
	} else if s%7 == 3 {
		app0.LogConfiguration.Options["mode"] = "blocking" // a planted defect (ECS-018.log-mode)
	}
	if s%31 == 20 { // a planted defect: the default seccomp profile turned off (ECS-011)
		app0.DockerSecurityOptions = []string{"seccomp:unconfined"}
	}
	td := inventory.TaskDefinition{ARN: tdARN, Family: family, Revision: rev, Status: "ACTIVE", CPU: cpu, Memory: mem, NetworkMode: "awsvpc",
		RequiresCompatibilities: []string{"FARGATE", "EC2"}, TaskRoleARN: roleARN, ExecutionRoleARN: fmt.Sprintf("arn:aws:iam::%s:role/ecsTaskExecutionRole", acct),
		CPUArchitecture: "X86_64", OSFamily: "LINUX",
		Containers: []inventory.ContainerDefinition{app0, {Name: "xray-daemon", Image: "public.ecr.aws/xray/aws-xray-daemon:3.3.12", Essential: false, MemoryReservation: 64, User: "1337",
			LogConfiguration: &inventory.LogConfiguration{Driver: "awslogs", Options: map[string]string{"awslogs-group": "/ecs/" + family}}}},
		Tags: map[string]string{"application": family}}
	if s%29 == 14 { // a planted defect: the Docker socket mounted into the app (ECS-011.host-access)
		td.Volumes = []inventory.Volume{{Name: "docker-sock", Type: "bind", HostPath: "/var/run/docker.sock"}}
		td.Containers[0].MountPoints = []inventory.MountPoint{{SourceVolume: "docker-sock", ContainerPath: "/var/run/docker.sock", ReadOnly: true}}
	}
	if s%23 == 11 && s%3 != 2 && s%10 != 3 { // a Windows service on Fargate running as ContainerAdministrator (ECS.21)
		td.OSFamily, td.Containers[0].User, td.Containers[0].ReadonlyRootFilesystem, td.Containers[0].LinuxParameters = "WINDOWS_SERVER_2022_CORE", "ContainerAdministrator", false, nil
	}
	if s%10 == 3 {
		if rg.efsID == "" {
			rg.efsID = rg.efs(reg, arn, vn.private, rg.azs, vn.svcSG)
			reg.EFS[len(reg.EFS)-1].MountTargets[0].SubnetID = vn.public[0] // planted: a mount target in a public subnet of the same AZ (EFS.6)
		}
		td.Volumes = []inventory.Volume{{Name: "shared", Type: "efs", EFS: &inventory.EFSVolume{FileSystemID: rg.efsID, TransitEncryption: "ENABLED", IAM: "ENABLED"}}}
		td.Containers[0].MountPoints = []inventory.MountPoint{{SourceVolume: "shared", ContainerPath: "/data"}}
	}
	reg.ECS.TaskDefinitions = append(reg.ECS.TaskDefinitions, td)
	// The secret it injects, as DescribeSecret describes it: rotated
	// monthly, except — planted by service number, drawing no random
	// number — every nineteenth, which is never rotated.
	sec := inventory.Secret{ARN: app0.Secrets[0].ValueFrom, Name: family + "/db", RotationEnabled: s%19 != 4}
	if sec.RotationEnabled {
		sec.RotationDays = 30
	}
	if s%7 == 3 { // every seventh encrypted with its own key, every fourteenth's pending deletion (KMS.3)
		sec.KMSKey = arn("kms", "key/"+family)
		state := "Enabled"
		if s%14 == 3 {
			state = "PendingDeletion"
		}
		rg.kmsKey(sec.KMSKey, true, state)
	}
	reg.Secrets = append(reg.Secrets, sec)
	if s%7 == 3 {
		reg.RDS.Instances = append(reg.RDS.Instances, rg.database(s, family, sec.ARN, vn))
	}
	reg.LogGroups = append(reg.LogGroups, inventory.LogGroup{Name: "/ecs/" + family, ARN: arn("logs", "log-group:/ecs/"+family), RetentionDays: 30})
	return td
}

// kmsKey records, once, a customer managed key the region's resources use
// as DescribeKey and GetKeyRotationStatus describe it.
func (rg *regionGen) kmsKey(arn string, rotating bool, state string) {
	if slices.ContainsFunc(rg.reg.KMSKeys, func(k inventory.KMSKey) bool { return k.ARN == arn }) {
		return
	}
	k := inventory.KMSKey{ARN: arn, KeyManager: "CUSTOMER", KeySpec: "SYMMETRIC_DEFAULT", KeyState: state, Origin: "AWS_KMS",
		RotationCollected: true, RotationEnabled: rotating}
	if rotating {
		k.RotationDays = 365
	}
	if state == "PendingDeletion" {
		k.DeletionDate = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	}
	rg.reg.KMSKeys = append(rg.reg.KMSKeys, k)
}

// loadBalance puts the service behind the current load balancer (a new one
// once it routes ten services): a target group with one healthy target per
// desired task and a path rule on its HTTPS listener.
func (rg *regionGen) loadBalance(svc *inventory.Service, vn vpcNet, desired int) {
	reg, arn, app := rg.reg, rg.arn, svc.Name
	if rg.lb == nil || len(rg.lb.Listeners[0].Rules) >= 10 {
		rg.lb = rg.loadBalancer(reg, arn, vn.id, vn.public, rg.azs, vn.albSG)
	}
	tg := inventory.TargetGroup{ARN: arn("elasticloadbalancing", fmt.Sprintf("targetgroup/%s/%s", trim32(app), rg.hex(16))), Name: trim32(app), Protocol: "HTTP", Port: 8080, VPCID: vn.id, TargetType: "ip",
		LoadBalancers: []string{rg.lb.ARN}, HealthCheckPath: "/health", HealthCheckProtocol: "HTTP"}
	if len(reg.ELB.TargetGroups)%4 == 0 { // TLS to the task for every fourth; the rest are plain HTTP behind TLS (ELB.21/22)
		tg.Protocol, tg.HealthCheckProtocol = "HTTPS", "HTTPS"
	}
	svc.LoadBalancers = []inventory.ServiceLoadBalancer{{TargetGroupARN: tg.ARN, ContainerName: "app", ContainerPort: 8080}}
	l := &rg.lb.Listeners[0]
	l.Rules = append(l.Rules, inventory.Rule{ARN: l.ARN + "/rule-" + rg.hex(8), Priority: fmt.Sprint(len(l.Rules) + 1), Conditions: []string{"path-pattern=/" + app + "/*"},
		Actions: []inventory.Action{{Type: "forward", TargetGroups: []string{tg.ARN}}}})
	for t := 0; t < desired; t++ {
		tg.Targets = append(tg.Targets, inventory.TargetHealth{ID: fmt.Sprintf("10.0.%d.%d", 16+t%40, 10+t), Port: 8080, AvailabilityZone: reg.AvailabilityZones[t%3].Name, State: "healthy"})
	}
	reg.ELB.TargetGroups = append(reg.ELB.TargetGroups, tg)
}

// scaling adds the service's scalable target, its CPU target-tracking
// policy and — unless a planted defect leaves it out — its CPU alarm.
func (rg *regionGen) scaling(cl *inventory.Cluster, app string, desired int) {
	reg := rg.reg
	reg.AutoScaling.ScalableTargets = append(reg.AutoScaling.ScalableTargets, inventory.ScalableTarget{ResourceID: "service/" + cl.Name + "/" + app, ScalableDimension: "ecs:service:DesiredCount", MinCapacity: max(1, desired/2), MaxCapacity: desired * 4})
	reg.AutoScaling.ScalingPolicies = append(reg.AutoScaling.ScalingPolicies, inventory.ScalingPolicy{Name: app + "-cpu", ResourceID: "service/" + cl.Name + "/" + app, Type: "TargetTrackingScaling", Metric: "ECSServiceAverageCPUUtilization", TargetValue: 60})
	if !rg.defect() {
		reg.Alarms = append(reg.Alarms, inventory.Alarm{Name: app + "-cpu-high", Namespace: "AWS/ECS", MetricName: "CPUUtilization", Dimensions: []string{"ClusterName=" + cl.Name, "ServiceName=" + app},
			Statistic: "Average", ComparisonOperator: "GreaterThanThreshold", Threshold: 80, Period: 60, EvaluationPeriods: 5, ActionsEnabled: true,
			AlarmActions: []string{rg.arn("sns", "ops-alerts")}, State: "OK"})
	}
}

// tasks adds the service's running tasks, spread over its subnets, on the
// capacity its strategy resolves to.
func (rg *regionGen) tasks(cl *inventory.Cluster, svc *inventory.Service, vn vpcNet, td inventory.TaskDefinition) {
	for t := 0; t < svc.DesiredCount; t++ {
		sub := svc.Network.Subnets[t%len(svc.Network.Subnets)]
		az := rg.azs[0]
		for i, p := range vn.private {
			if p == sub {
				az = rg.azs[i]
			}
		}
		cp := svc.CapacityProviderStrategy[0].CapacityProvider
		if len(svc.CapacityProviderStrategy) > 1 && t%4 != 0 {
			cp = "FARGATE_SPOT"
		}
		lt := "FARGATE"
		if cp != "FARGATE" && cp != "FARGATE_SPOT" {
			lt = "EC2"
		}
		cl.Tasks = append(cl.Tasks, inventory.Task{ARN: rg.arn("ecs", "task/"+cl.Name+"/"+rg.hex(32)), ClusterARN: cl.ARN, TaskDefinition: td.ARN, Group: "service:" + svc.Name,
			LastStatus: "RUNNING", DesiredStatus: "RUNNING", LaunchType: lt, CapacityProvider: cp, AvailabilityZone: az, CPU: td.CPU, Memory: td.Memory, HealthStatus: "HEALTHY",
			SubnetID: sub, PrivateIP: fmt.Sprintf("10.0.%d.%d", 16+rg.r.IntN(40), 1+rg.r.IntN(250)), StartedAt: time.Date(2026, 9, 28, 8, 0, 0, 0, time.UTC), StartedBy: "ecs-svc/" + rg.hex(19),
			Containers: []inventory.TaskContainer{{Name: "app", Image: td.Containers[0].Image, LastStatus: "RUNNING", HealthStatus: "HEALTHY"}}})
	}
}

func (g *gen) loadBalancer(reg *inventory.Region, arn func(string, string) string, vpc string, subnets, azs []string, sg string) *inventory.LoadBalancer {
	name := fmt.Sprintf("alb-%02d", len(reg.ELB.LoadBalancers))
	id := g.hex(16)
	lbARN := arn("elasticloadbalancing", "loadbalancer/app/"+name+"/"+id)
	httpAction := inventory.Action{Type: "redirect", RedirectProtocol: "HTTPS", RedirectPort: "443", StatusCode: "HTTP_301"}
	if g.defect() {
		httpAction = inventory.Action{Type: "fixed-response", StatusCode: "404"}
	}
	policy := "ELBSecurityPolicy-TLS13-1-2-2021-06"
	if g.defect() {
		policy = "ELBSecurityPolicy-2016-08"
	} else if len(reg.ELB.LoadBalancers)%3 == 2 {
		policy = "ELBSecurityPolicy-TLS-1-2-Ext-2018-06" // TLS 1.2 only, but not a recommended TLS 1.3 policy (ELB.17)
	}
	reg.ELB.LoadBalancers = append(reg.ELB.LoadBalancers, inventory.LoadBalancer{ARN: lbARN, Name: name, DNSName: name + "-" + id[:8] + "." + reg.Name + ".elb.amazonaws.com",
		Type: "application", Scheme: "internet-facing", VPCID: vpc, State: "active", Subnets: subnets, AvailabilityZones: azs, SecurityGroups: []string{sg},
		Listeners: []inventory.Listener{
			{ARN: arn("elasticloadbalancing", "listener/app/"+name+"/"+id+"/"+g.hex(16)), Protocol: "HTTPS", Port: 443, SSLPolicy: policy,
				Certificates: []string{arn("acm", "certificate/"+g.hex(8)+"-"+g.hex(4)+"-"+g.hex(4)+"-"+g.hex(4)+"-"+g.hex(12))}, DefaultActions: []inventory.Action{{Type: "fixed-response", StatusCode: "404"}}},
			{ARN: arn("elasticloadbalancing", "listener/app/"+name+"/"+id+"/"+g.hex(16)), Protocol: "HTTP", Port: 80, DefaultActions: []inventory.Action{httpAction}},
		}, Attributes: lbAttributes(len(reg.ELB.LoadBalancers), name), AttributesCollected: true})
	lb := &reg.ELB.LoadBalancers[len(reg.ELB.LoadBalancers)-1]
	g.edge(reg, lb, arn)
	return lb
}

// edge plants the load balancer's web ACL and its HTTPS certificate, by the
// load balancer's number: every fourth from the second has no web ACL,
// every fifth from the third a certificate expiring 12 days after the
// collection, every sixth from the fourth a 1024-bit RSA key.
func (g *gen) edge(reg *inventory.Region, lb *inventory.LoadBalancer, arn func(string, string) string) {
	k := g.albs
	g.albs++
	lb.WebACLCollected = true
	if k%4 != 1 {
		lb.WebACL = &inventory.WebACL{Name: "edge-protection", ARN: arn("wafv2", "regional/webacl/edge-protection/"+fmt.Sprintf("%08x", k))}
	}
	l := &lb.Listeners[0]
	l.CertificatesListed = true
	start := synthStart
	cert := inventory.Certificate{ARN: l.Certificates[0], Domain: lb.Name + ".example.com", Status: "ISSUED", Type: "AMAZON_ISSUED",
		NotAfter: start.AddDate(0, 7, 0), KeyAlgorithm: "RSA_2048", RenewalEligibility: "ELIGIBLE", InUse: true}
	if k%5 == 2 {
		cert.Type, cert.RenewalEligibility, cert.NotAfter = "IMPORTED", "INELIGIBLE", start.AddDate(0, 0, 12)
	}
	if k%6 == 3 {
		cert.KeyAlgorithm = "RSA_1024"
	}
	reg.ELB.Certificates = append(reg.ELB.Certificates, cert)
}

// lbAttributes are the n-th ALB's attributes as DescribeLoadBalancerAttributes
// answers them. Each hardening setting is off on some ALBs, planted by
// number so the random stream, and every other fact, stay as they were.
func lbAttributes(n int, name string) map[string]string {
	on := func(off bool) string { return strconv.FormatBool(!off) }
	desync := "defensive"
	if n%9 == 4 {
		desync = "monitor"
	}
	a := map[string]string{"routing.http.drop_invalid_header_fields.enabled": on(n%7 == 3), "routing.http.desync_mitigation_mode": desync,
		"deletion_protection.enabled": on(n%5 == 2), "access_logs.s3.enabled": on(n%4 == 1)}
	if a["access_logs.s3.enabled"] == "true" {
		a["access_logs.s3.bucket"] = name + "-access-logs"
	}
	return a
}

func (g *gen) efs(reg *inventory.Region, arn func(string, string) string, subnets, azs []string, sg string) string {
	id := "fs-" + g.hex(17)
	fs := inventory.FileSystem{ID: id, ARN: arn("elasticfilesystem", "file-system/"+id), Name: "shared-data", Encrypted: true, PerformanceMode: "generalPurpose", ThroughputMode: "elastic", LifeCycleState: "available",
		BackupPolicyCollected: true, PolicyCollected: true}
	// Backups are off on about a quarter of file systems, decided by the id
	// already drawn, so the random stream stays as it was.
	if id[len(id)-1] >= '4' {
		fs.BackupPolicy = "ENABLED"
	}
	// Most refuse connections without TLS; by the id's next digit, some have
	// no policy and some also allow every principal without a condition.
	const tlsOnly = `{"Sid":"tls-only","Effect":"Deny","Principal":{"AWS":"*"},"Action":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}`
	switch c := id[len(id)-2]; {
	case c < '3':
	case c >= 'd':
		fs.Policy = `{"Version":"2012-10-17","Statement":[` + tlsOnly + `,{"Sid":"all","Effect":"Allow","Principal":{"AWS":"*"},"Action":"elasticfilesystem:Client*"}]}`
	default:
		fs.Policy = `{"Version":"2012-10-17","Statement":[` + tlsOnly + `]}`
	}
	mts := len(subnets)
	if g.defect() {
		mts-- // a missing mount target in one AZ
	}
	for i := 0; i < mts; i++ {
		fs.MountTargets = append(fs.MountTargets, inventory.MountTarget{ID: "fsmt-" + g.hex(17), SubnetID: subnets[i], AvailabilityZone: azs[i], SecurityGroups: []string{sg}, LifeCycleState: "available"})
	}
	fs.AccessPoints = []inventory.AccessPoint{{ID: "fsap-" + g.hex(17), Name: "app", RootDirectory: "/app", PosixUser: "1000:1000"},
		{ID: "fsap-" + id[3:], Name: "admin", RootDirectory: "/"}} // planted: enforces neither a root directory nor a user (EFS.3/4)
	reg.EFS = append(reg.EFS, fs)
	return id
}

func trim32(s string) string {
	if len(s) > 32 {
		return s[:32]
	}
	return s
}

func ptr[T any](v T) *T { return &v }

// database is the PostgreSQL instance of every seventh service, whose
// master secret RDS manages and the task definition injects (the link
// estate.Region.Databases finds). Its facts are planted by service number,
// drawing no random number: unencrypted every fourteenth (RDS.3), public
// every twenty-first (RDS.2), without backups every twenty-eighth (RDS.11),
// single-AZ every fourth (RDS.5).
func (rg *regionGen) database(s int, family, secretARN string, vn vpcNet) inventory.DBInstance {
	id := family + "-db"
	db := inventory.DBInstance{ID: id, ARN: rg.arn("rds", "db:"+id), ResourceID: fmt.Sprintf("db-SYNTH%06d", s), Engine: "postgres", Status: "available",
		StorageEncrypted: s%14 != 10, PubliclyAccessible: s%21 == 17, SecurityGroups: []string{vn.svcSG}, SubnetGroup: "private-" + vn.id,
		VPCID: vn.id, Subnets: vn.private, MultiAZ: s%4 != 1, BackupRetentionDays: 7, DeletionProtection: true, Port: 5432,
		MasterUserSecretARN: secretARN}
	if db.StorageEncrypted {
		db.KMSKeyID = rg.arn("kms", "key/"+fmt.Sprintf("%08d-0000-4000-8000-%012d", s, s))
	}
	if s%28 == 3 {
		db.BackupRetentionDays = 0
	}
	return db
}
