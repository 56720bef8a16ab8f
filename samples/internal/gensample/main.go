// Command gensample writes the inventory snapshots and the small screenshots
// of the bundled sample casefile (samples/harbor). It is a throwaway helper
// kept so the sample can be regenerated consistently after a schema change:
// the committed JSON and PNG files are the sample, this program is not part of
// ecspack and nothing in the product imports it.
//
// Usage, from the repository root:
//
//	go run ./samples/internal/gensample -out samples/harbor
//
// Every identifier is derived from a hash of a readable seed, so the output is
// byte-identical on every run and every ARN, id and IP address is consistent
// across the snapshot (a task's subnet is a subnet of the VPC, its IP lies in
// that subnet, the target group lists the same IP, and so on).
package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/inventory"
)

func main() {
	out := flag.String("out", "samples/harbor", "casefile directory to write into")
	flag.Parse()
	if err := run(*out); err != nil {
		fmt.Fprintln(os.Stderr, "gensample:", err)
		os.Exit(1)
	}
}

// sampleLifecyclePolicy is every sample repository's lifecycle policy:
// untagged images expire after 14 days, the last 30 releases are kept.
const sampleLifecyclePolicy = `{"rules":[{"rulePriority":1,"description":"expire untagged images after 14 days",` +
	`"selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":14},"action":{"type":"expire"}},` +
	`{"rulePriority":2,"description":"keep the last 30 releases","selection":{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":30},"action":{"type":"expire"}}]}`

func run(out string) error {
	for _, c := range []struct {
		dir  string
		snap *inventory.Snapshot
	}{
		{"case-studies/northwind-freight", northwind()},
		{"case-studies/contoso-health", contoso()},
	} {
		collectedFacts(c.snap)
		data, err := inventory.Marshal(c.snap)
		if err != nil {
			return err
		}
		if _, err := inventory.Decode("check", data); err != nil {
			return fmt.Errorf("%s: generated snapshot does not decode: %w", c.dir, err)
		}
		p := filepath.Join(out, c.dir, "inventory.json")
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return err
		}
	}
	return writeScreenshots(out)
}

// collectedFacts adds what a current discovery records beyond the older
// snapshot model (issue 16): environment values checked (none looks like a
// secret), every repository's policy read (none set), a completed enhanced
// scan of each image in use with a few medium and low findings, and
// GuardDuty's EC2 agent managed.
func collectedFacts(snap *inventory.Snapshot) {
	for ai := range snap.Accounts {
		for ri := range snap.Accounts[ai].Regions {
			r := &snap.Accounts[ai].Regions[ri]
			for i := range r.GuardDuty {
				r.GuardDuty[i].EC2Agent = "ENABLED"
			}
			refs := map[string][]string{} // repository URI → tags and digests in use
			for ti := range r.ECS.TaskDefinitions {
				for ci := range r.ECS.TaskDefinitions[ti].Containers {
					c := &r.ECS.TaskDefinitions[ti].Containers[ci]
					c.EnvironmentValuesChecked = true
					uri, ref, ok := strings.Cut(c.Image, "@")
					if !ok {
						if i := strings.LastIndexByte(c.Image, ':'); i > strings.LastIndexByte(c.Image, '/') {
							uri, ref = c.Image[:i], c.Image[i+1:]
						} else {
							uri, ref = c.Image, "latest"
						}
					}
					if !slices.Contains(refs[uri], ref) {
						refs[uri] = append(refs[uri], ref)
					}
				}
			}
			for i := range r.ECR.Repositories {
				repo := &r.ECR.Repositories[i]
				repo.PolicyCollected = true
				repo.LifecyclePolicy, repo.LifecyclePolicyCollected = sampleLifecyclePolicy, true
				for _, ref := range slices.Sorted(slices.Values(refs[repo.URI])) {
					img := inventory.RepositoryImage{Reference: ref, Digest: "sha256:" + hexOf(repo.URI+ref, 64), ScanStatus: "ACTIVE",
						ScanCompletedAt: ts("2025-02-10T06:00:00Z"), FindingCounts: map[string]int{"MEDIUM": len(ref) % 4, "LOW": 2 + len(ref)%5}}
					if !strings.HasPrefix(ref, "sha256:") {
						img.Tags = []string{ref}
					}
					repo.Images = append(repo.Images, img)
				}
			}
		}
	}
}

// ---------------------------------------------------------------- identifiers

func hexOf(seed string, n int) string {
	h := sha256.Sum256([]byte(seed))
	return hex.EncodeToString(h[:])[:n]
}

// rid is an EC2-style resource id: prefix-0 followed by 16 hex digits.
func rid(prefix, seed string) string { return prefix + "-0" + hexOf(prefix+seed, 16) }

func uuid(seed string) string {
	h := hexOf(seed, 32)
	return h[:8] + "-" + h[8:12] + "-4" + h[13:16] + "-a" + h[17:20] + "-" + h[20:32]
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // static data only
	}
	return string(b)
}

func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err) // static data only
	}
	return t
}

// ---------------------------------------------------------------- estate model

// env is one account-region being generated.
type env struct {
	acct, region, prefix string // prefix names resources, e.g. "nwf-prod"
	cidr2                string // first two octets of the VPC range, e.g. "10.40"
	azs                  []az
	tags                 map[string]string
	r                    *inventory.Region
	roles                []inventory.Role
	vpc                  string
	pub, priv            []string // subnet ids per AZ
	sgVPCE               string
	snsTopic             string
	logKey, dataKey      string
	clusters             map[string]*inventory.Cluster
	execRole             string
	albs                 map[string]*inventory.LoadBalancer
}

type az struct{ name, id string }

func (e *env) arn(service, res string) string {
	return "arn:aws:" + service + ":" + e.region + ":" + e.acct + ":" + res
}
func (e *env) roleARN(name string) string { return "arn:aws:iam::" + e.acct + ":role/" + name }
func (e *env) ecrHost() string            { return e.acct + ".dkr.ecr." + e.region + ".amazonaws.com" }
func (e *env) kmsKey(alias string) string { return e.arn("kms", "key/"+uuid(e.acct+e.region+alias)) }

func (e *env) tagged(extra map[string]string) map[string]string {
	t := map[string]string{}
	for k, v := range e.tags {
		t[k] = v
	}
	for k, v := range extra {
		t[k] = v
	}
	return t
}

func newEnv(acct, region, prefix, cidr2 string, azs []az, tags map[string]string) *env {
	e := &env{acct: acct, region: region, prefix: prefix, cidr2: cidr2, azs: azs, tags: tags,
		r: &inventory.Region{Name: region}, clusters: map[string]*inventory.Cluster{}, albs: map[string]*inventory.LoadBalancer{}}
	for _, z := range azs {
		e.r.AvailabilityZones = append(e.r.AvailabilityZones, inventory.AvailabilityZone{Name: z.name, ID: z.id, State: "available", Type: "availability-zone"})
	}
	e.logKey = e.kmsKey("logs")
	e.dataKey = e.kmsKey("data")
	e.snsTopic = e.arn("sns", prefix+"-ops-alerts")
	return e
}

// network builds a VPC with a public and a private subnet per AZ, an internet
// gateway, one NAT gateway per AZ (when nat), route tables, network ACLs and
// the interface/gateway endpoints ECS tasks need.
func (e *env) network(nat bool, endpoints []string) {
	n := &e.r.Network
	e.vpc = rid("vpc", e.acct+e.region)
	n.VPCs = []inventory.VPC{{ID: e.vpc, CIDR: e.cidr2 + ".0.0/16", Tags: e.tagged(map[string]string{"Name": e.prefix + "-vpc"})}}
	igw := rid("igw", e.vpc)
	n.InternetGateways = []inventory.InternetGateway{{ID: igw, VPCs: []string{e.vpc}, Tags: e.tagged(map[string]string{"Name": e.prefix + "-igw"})}}
	pubRT := inventory.RouteTable{ID: rid("rtb", e.vpc+"public"), VPCID: e.vpc,
		Routes: []inventory.Route{{Destination: e.cidr2 + ".0.0/16", Target: "local", State: "active"}, {Destination: "0.0.0.0/0", Target: igw, State: "active"}}}
	mainRT := inventory.RouteTable{ID: rid("rtb", e.vpc+"main"), VPCID: e.vpc, Main: true,
		Routes: []inventory.Route{{Destination: e.cidr2 + ".0.0/16", Target: "local", State: "active"}}}
	s3pl := "pl-" + hexOf("s3"+e.region, 8)
	for i, z := range e.azs {
		letter := z.name[len(z.name)-1:]
		pub := inventory.Subnet{ID: rid("subnet", e.vpc+"pub"+z.name), VPCID: e.vpc, AvailabilityZone: z.name,
			CIDR: fmt.Sprintf("%s.%d.0/24", e.cidr2, i), Public: true, AvailableIPs: 246 - 3*i,
			Tags: e.tagged(map[string]string{"Name": e.prefix + "-public-" + letter, "tier": "public"})}
		priv := inventory.Subnet{ID: rid("subnet", e.vpc+"priv"+z.name), VPCID: e.vpc, AvailabilityZone: z.name,
			CIDR: fmt.Sprintf("%s.%d.0/20", e.cidr2, 16*(i+1)), Public: false, AvailableIPs: 4060 - 7*i,
			Tags: e.tagged(map[string]string{"Name": e.prefix + "-private-" + letter, "tier": "private"})}
		n.Subnets = append(n.Subnets, pub, priv)
		e.pub = append(e.pub, pub.ID)
		e.priv = append(e.priv, priv.ID)
		pubRT.Subnets = append(pubRT.Subnets, pub.ID)
		rt := inventory.RouteTable{ID: rid("rtb", e.vpc+"private"+z.name), VPCID: e.vpc, Subnets: []string{priv.ID},
			Routes: []inventory.Route{{Destination: e.cidr2 + ".0.0/16", Target: "local", State: "active"}}}
		if nat {
			ng := inventory.NATGateway{ID: "nat-0" + hexOf("nat"+pub.ID, 16), VPCID: e.vpc, SubnetID: pub.ID, State: "available",
				ConnectivityType: "public", PublicIPs: []string{publicIP(e.acct + z.name)},
				Tags: e.tagged(map[string]string{"Name": e.prefix + "-nat-" + letter})}
			n.NATGateways = append(n.NATGateways, ng)
			rt.Routes = append(rt.Routes, inventory.Route{Destination: "0.0.0.0/0", Target: ng.ID, State: "active"})
			// The customer's on-premises network (172.16.0.0/16) is reached
			// through a Transit Gateway with a Site-to-Site VPN attachment.
			rt.Routes = append(rt.Routes, inventory.Route{Destination: "172.16.0.0/16", Target: "tgw-0" + hexOf("tgw"+e.acct+e.region, 16), State: "active"})
		}
		rt.Routes = append(rt.Routes, inventory.Route{Destination: s3pl, Target: rid("vpce", e.vpc+"s3"), State: "active"})
		n.RouteTables = append(n.RouteTables, rt)
	}
	n.RouteTables = append(n.RouteTables, pubRT, mainRT)

	all := "0.0.0.0/0"
	n.NetworkACLs = []inventory.NetworkACL{
		{ID: rid("acl", e.vpc+"default"), VPCID: e.vpc, IsDefault: true, Entries: []inventory.ACLEntry{
			{RuleNumber: 32767, Protocol: "-1", Action: "deny", CIDR: all},
			{RuleNumber: 32767, Egress: true, Protocol: "-1", Action: "deny", CIDR: all},
		}},
		{ID: rid("acl", e.vpc+"public"), VPCID: e.vpc, Subnets: e.pub, Entries: []inventory.ACLEntry{
			{RuleNumber: 100, Protocol: "6", Action: "allow", CIDR: all, FromPort: 443, ToPort: 443},
			{RuleNumber: 110, Protocol: "6", Action: "allow", CIDR: all, FromPort: 80, ToPort: 80},
			{RuleNumber: 120, Protocol: "6", Action: "allow", CIDR: all, FromPort: 1024, ToPort: 65535},
			{RuleNumber: 130, Protocol: "-1", Action: "allow", CIDR: e.cidr2 + ".0.0/16"},
			{RuleNumber: 32767, Protocol: "-1", Action: "deny", CIDR: all},
			{RuleNumber: 100, Egress: true, Protocol: "-1", Action: "allow", CIDR: all},
			{RuleNumber: 32767, Egress: true, Protocol: "-1", Action: "deny", CIDR: all},
		}},
		{ID: rid("acl", e.vpc+"private"), VPCID: e.vpc, Subnets: e.priv, Entries: []inventory.ACLEntry{
			{RuleNumber: 100, Protocol: "-1", Action: "allow", CIDR: e.cidr2 + ".0.0/16"},
			{RuleNumber: 110, Protocol: "-1", Action: "allow", CIDR: "172.16.0.0/16"},
			{RuleNumber: 120, Protocol: "6", Action: "allow", CIDR: all, FromPort: 1024, ToPort: 65535},
			{RuleNumber: 130, Protocol: "17", Action: "allow", CIDR: all, FromPort: 1024, ToPort: 65535},
			{RuleNumber: 32767, Protocol: "-1", Action: "deny", CIDR: all},
			{RuleNumber: 100, Egress: true, Protocol: "-1", Action: "allow", CIDR: all},
			{RuleNumber: 32767, Egress: true, Protocol: "-1", Action: "deny", CIDR: all},
		}},
	}

	e.sgVPCE = rid("sg", e.vpc+"vpce")
	n.SecurityGroups = append(n.SecurityGroups, inventory.SecurityGroup{ID: e.sgVPCE, Name: e.prefix + "-vpc-endpoints", VPCID: e.vpc,
		Description: "Interface endpoints: HTTPS from inside the VPC only",
		Ingress:     []inventory.SecurityRule{{Protocol: "tcp", FromPort: 443, ToPort: 443, CIDR: e.cidr2 + ".0.0/16", Description: "HTTPS from the VPC"}},
		Egress:      []inventory.SecurityRule{{Protocol: "tcp", FromPort: 443, ToPort: 443, CIDR: e.cidr2 + ".0.0/16", Description: "responses inside the VPC"}},
		Tags:        e.tagged(nil)})
	for _, svc := range endpoints {
		full := "com.amazonaws." + e.region + "." + svc
		ep := inventory.VPCEndpoint{ID: rid("vpce", e.vpc+svc), VPCID: e.vpc, ServiceName: full, State: "available"}
		if svc == "s3" || svc == "dynamodb" {
			ep.Type = "Gateway"
		} else {
			ep.Type, ep.Subnets, ep.PrivateDNSEnabled, ep.SecurityGroups = "Interface", e.priv, true, []string{e.sgVPCE}
		}
		n.VPCEndpoints = append(n.VPCEndpoints, ep)
	}
}

func publicIP(seed string) string {
	h := sha256.Sum256([]byte(seed))
	// 203.0.113.0/24 is TEST-NET-3: documentation addresses, never routed.
	return fmt.Sprintf("203.0.113.%d", 10+int(h[0])%230)
}

// albSG adds the internet-facing ALB's security group.
func (e *env) albSG(name string, internal bool) string {
	id := rid("sg", e.vpc+name)
	sg := inventory.SecurityGroup{ID: id, Name: name, VPCID: e.vpc, Tags: e.tagged(nil)}
	if internal {
		sg.Description = "Internal ALB: HTTPS from the application security groups only"
	} else {
		sg.Description = "Public ALB: HTTPS and HTTP (redirect only) from the internet"
		sg.Ingress = []inventory.SecurityRule{
			{Protocol: "tcp", FromPort: 443, ToPort: 443, CIDR: "0.0.0.0/0", Description: "HTTPS from the internet"},
			{Protocol: "tcp", FromPort: 443, ToPort: 443, IPv6CIDR: "::/0", Description: "HTTPS from the internet (IPv6)"},
			{Protocol: "tcp", FromPort: 80, ToPort: 80, CIDR: "0.0.0.0/0", Description: "HTTP, redirected to HTTPS by the listener"},
			{Protocol: "tcp", FromPort: 80, ToPort: 80, IPv6CIDR: "::/0", Description: "HTTP, redirected to HTTPS by the listener (IPv6)"},
		}
	}
	e.r.Network.SecurityGroups = append(e.r.Network.SecurityGroups, sg)
	return id
}

func (e *env) sg(id string) *inventory.SecurityGroup {
	for i := range e.r.Network.SecurityGroups {
		if e.r.Network.SecurityGroups[i].ID == id {
			return &e.r.Network.SecurityGroups[i]
		}
	}
	panic("no security group " + id)
}

// ---------------------------------------------------------------- load balancers

// alb adds an Application Load Balancer whose HTTPS listener serves the
// ACM certificate of domain (Amazon-issued, renewed by ACM); an
// internet-facing one is protected by its own WAF web ACL, NAME-waf.
func (e *env) alb(name string, internal bool, sg string, policy, domain string) *inventory.LoadBalancer {
	cert := e.arn("acm", "certificate/"+uuid(domain))
	lbHex := hexOf("alb"+e.acct+name, 16)
	arn := e.arn("elasticloadbalancing", "loadbalancer/app/"+name+"/"+lbHex)
	lb := &inventory.LoadBalancer{ARN: arn, Name: name, Type: "application", VPCID: e.vpc, State: "active", SecurityGroups: []string{sg},
		Tags: e.tagged(map[string]string{"application": "edge"}),
		Attributes: map[string]string{"access_logs.s3.bucket": e.acct + "-" + e.region + "-alb-logs", "access_logs.s3.enabled": "true",
			"deletion_protection.enabled": "true", "routing.http.desync_mitigation_mode": "defensive",
			"routing.http.drop_invalid_header_fields.enabled": "true", "waf.fail_open.enabled": "false"},
		AttributesCollected: true}
	if internal {
		lb.Scheme = "internal"
		lb.DNSName = "internal-" + name + "-" + hexOf(name, 10) + "." + e.region + ".elb.amazonaws.com"
		lb.Subnets = e.priv
	} else {
		lb.Scheme = "internet-facing"
		lb.DNSName = name + "-" + hexOf(name, 10) + "." + e.region + ".elb.amazonaws.com"
		lb.Subnets = e.pub
	}
	for _, z := range e.azs {
		lb.AvailabilityZones = append(lb.AvailabilityZones, z.name)
	}
	lhex := func(port int) string { return hexOf(fmt.Sprint(name, port), 16) }
	https := inventory.Listener{ARN: e.arn("elasticloadbalancing", "listener/app/"+name+"/"+lbHex+"/"+lhex(443)),
		Protocol: "HTTPS", Port: 443, SSLPolicy: policy, Certificates: []string{cert}, CertificatesListed: true,
		DefaultActions: []inventory.Action{{Type: "fixed-response", StatusCode: "404"}}}
	lb.Listeners = append(lb.Listeners, https)
	e.r.ELB.Certificates = append(e.r.ELB.Certificates, inventory.Certificate{ARN: cert, Domain: domain, Status: "ISSUED", Type: "AMAZON_ISSUED",
		NotAfter: ts("2026-08-14T23:59:59Z"), KeyAlgorithm: "RSA_2048", RenewalEligibility: "ELIGIBLE", InUse: true})
	lb.WebACLCollected = !internal
	if !internal {
		lb.WebACL = &inventory.WebACL{Name: name + "-waf", ARN: e.arn("wafv2", "regional/webacl/"+name+"-waf/"+uuid(name+"-waf"))} // as case.yaml declares it
	}
	if !internal {
		lb.Listeners = append(lb.Listeners, inventory.Listener{ARN: e.arn("elasticloadbalancing", "listener/app/"+name+"/"+lbHex+"/"+lhex(80)),
			Protocol: "HTTP", Port: 80,
			DefaultActions: []inventory.Action{{Type: "redirect", RedirectProtocol: "HTTPS", RedirectPort: "443", StatusCode: "HTTP_301"}}})
	}
	e.albs[name] = lb
	return lb
}

// ---------------------------------------------------------------- services

// svc describes one ECS service and everything it implies.
type svc struct {
	name, family, app string
	revision          int
	cluster           string
	// capacity: "FARGATE", "FARGATE+SPOT", "SPOT" or the EC2 capacity provider name.
	capacity      string
	desired       int
	azs           []int // indexes into env.azs for the service's subnets
	port          int
	cpu, mem      int
	appCPU        int
	appMem, appRs int
	repo, sha     string
	otel          bool
	firelens      bool
	efs           *efsMount
	lb            string // "<alb>" for the default action, "<alb>|/path/*|priority" for a rule
	scPublish     string // Service Connect port name published; "" = client only or none
	sc            bool
	registry      string // Cloud Map service name (DNS namespace)
	env           []string
	secrets       []string
	readonly      bool
	user          string
	health        []string
	minCap        int
	maxCap        int
	metric        string
	target        float64
	policy        []map[string]any // task role statements
	managed       []inventory.Policy
	protocol      string // target group protocol
	created       string
	sgFrom        []string // extra source SG ids for the service's port
}

type efsMount struct {
	fs, ap, path string
}

func stmt(sid string, actions []string, resources []string, cond map[string]any) map[string]any {
	s := map[string]any{"Sid": sid, "Effect": "Allow", "Action": actions, "Resource": resources}
	if cond != nil {
		s["Condition"] = cond
	}
	return s
}

func (e *env) trust() string {
	return mustJSON(map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{
		"Effect": "Allow", "Principal": map[string]any{"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole",
		"Condition": map[string]any{
			"ArnLike":      map[string]any{"aws:SourceArn": "arn:aws:ecs:" + e.region + ":" + e.acct + ":*"},
			"StringEquals": map[string]any{"aws:SourceAccount": e.acct},
		}}}})
}

func (e *env) secretARN(name string) string {
	return e.arn("secretsmanager", "secret:"+name+"-"+strings.ToUpper(hexOf(name, 6))[:3]+hexOf(name+"x", 3))
}

// executionRole adds the shared task execution role.
func (e *env) executionRole(secretPrefix string) {
	name := e.prefix + "-ecs-task-execution"
	e.execRole = e.roleARN(name)
	e.roles = append(e.roles, inventory.Role{ARN: e.execRole, Name: name, TrustPolicy: e.trust(),
		AttachedPolicies: []inventory.Policy{{Name: "AmazonECSTaskExecutionRolePolicy", ARN: "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy", AWSManaged: true}},
		InlinePolicies: []inventory.Policy{{Name: "read-task-secrets", Document: mustJSON(map[string]any{"Version": "2012-10-17", "Statement": []any{
			stmt("ReadServiceSecrets", []string{"secretsmanager:GetSecretValue"}, []string{e.arn("secretsmanager", "secret:"+secretPrefix+"/*")}, nil),
			stmt("ReadServiceParameters", []string{"ssm:GetParameters"}, []string{e.arn("ssm", "parameter/"+secretPrefix+"/*")}, nil),
			stmt("DecryptWithDataKey", []string{"kms:Decrypt"}, []string{e.dataKey}, map[string]any{"StringEquals": map[string]any{"kms:ViaService": []string{"secretsmanager." + e.region + ".amazonaws.com", "ssm." + e.region + ".amazonaws.com"}}}),
		}})}},
		Tags: e.tagged(map[string]string{"application": "platform"})})
}

// serviceImages are the three container images a sample service may run.
type serviceImages struct {
	app, otel, fluentBit string
}

// addService adds one service with everything that belongs to it, in the
// order the snapshot lists them: task role, task definition, log group,
// security group, load balancer target group, tasks, the service itself,
// its scaling and its alarms.
func (e *env) addService(s svc, secretPrefix string, started string) {
	c := e.clusters[s.cluster]
	image := func(repo, tag string) string { return e.ecrHost() + "/" + repo + ":" + tag }
	img := serviceImages{
		app:       image(s.repo, "git-"+s.sha),
		otel:      image("ecr-public/aws-observability/aws-otel-collector", "v0.43.1"),
		fluentBit: image("ecr-public/aws-observability/aws-for-fluent-bit", "2.32.4"),
	}
	roleARN := e.addTaskRole(s)
	tdARN := e.addTaskDefinition(s, roleARN, img, secretPrefix)
	logGroup := e.logGroupName(s)
	e.r.LogGroups = append(e.r.LogGroups, inventory.LogGroup{Name: logGroup, ARN: e.arn("logs", "log-group:"+logGroup), RetentionDays: 90, KMSKey: e.logKey,
		StoredBytes: int64(len(s.name)) * 73_400_320})
	sgID := e.addServiceSecurityGroup(s)
	sv := e.service(s, c, tdARN, sgID)
	tg := e.targetGroup(s, &sv)
	e.addTasks(s, c, tdARN, sv.Tags, img, tg, started)
	if tg != nil {
		e.r.ELB.TargetGroups = append(e.r.ELB.TargetGroups, *tg)
	}
	c.Services = append(c.Services, sv)
	c.RunningTasksCount += s.desired
	c.ActiveServicesCount++
	e.addScaling(s, c)
	e.addAlarms(s, c, tg)
}

// logGroupName is the CloudWatch log group of the service's containers.
func (e *env) logGroupName(s svc) string {
	return "/ecs/" + e.prefix + "/" + s.name
}

// addTaskRole adds the service's task role, scoped to its own resources, and
// returns its ARN.
func (e *env) addTaskRole(s svc) string {
	roleName := e.prefix + "-" + s.name + "-task"
	statements := []any{}
	for _, st := range s.policy {
		statements = append(statements, st)
	}
	role := inventory.Role{ARN: e.roleARN(roleName), Name: roleName, TrustPolicy: e.trust(),
		InlinePolicies:   []inventory.Policy{{Name: s.name + "-least-privilege", Document: mustJSON(map[string]any{"Version": "2012-10-17", "Statement": statements})}},
		AttachedPolicies: s.managed,
		Tags:             e.tagged(map[string]string{"application": s.app})}
	if s.otel {
		role.AttachedPolicies = append(role.AttachedPolicies, inventory.Policy{Name: "AWSXrayWriteOnlyAccess", ARN: "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess", AWSManaged: true})
	}
	e.roles = append(e.roles, role)
	return role.ARN
}

// addTaskDefinition adds the service's task definition — the app container,
// and the FireLens log router and OpenTelemetry collector where the service
// has them — and returns its ARN.
func (e *env) addTaskDefinition(s svc, roleARN string, img serviceImages, secretPrefix string) string {
	tdARN := e.arn("ecs", fmt.Sprintf("task-definition/%s:%d", s.family, s.revision))
	logGroup := e.logGroupName(s)
	awslogs := func(prefix string) *inventory.LogConfiguration {
		return &inventory.LogConfiguration{Driver: "awslogs", Options: map[string]string{
			"awslogs-group": logGroup, "awslogs-region": e.region, "awslogs-stream-prefix": prefix, "mode": "non-blocking", "max-buffer-size": "25m"}}
	}
	app := inventory.ContainerDefinition{Name: s.name, Image: img.app, CPU: s.appCPU, Memory: s.appMem, MemoryReservation: s.appRs,
		Essential: true, ReadonlyRootFilesystem: s.readonly, User: s.user,
		LinuxParameters:  &inventory.LinuxParameters{CapabilitiesDrop: []string{"ALL"}, InitProcessEnabled: true},
		LogConfiguration: awslogs("app"),
		HealthCheck:      &inventory.HealthCheck{Command: s.health, Interval: 15, Timeout: 5, Retries: 3, StartPeriod: 30},
		EnvironmentNames: s.env}
	if s.port > 0 {
		pm := inventory.PortMapping{ContainerPort: s.port, Protocol: "tcp", Name: s.name + "-http", AppProtocol: "http"}
		if s.isEC2() {
			pm.HostPort = s.port
		}
		app.PortMappings = []inventory.PortMapping{pm}
	}
	for _, sec := range s.secrets {
		name := secretPrefix + "/" + s.name + "/" + strings.ToLower(strings.ReplaceAll(sec, "_", "-"))
		app.Secrets = append(app.Secrets, inventory.SecretRef{Name: sec, ValueFrom: e.secretARN(name)})
		// DescribeSecret's view of it: rotated every 30 days by its
		// rotation function, encrypted with the AWS managed key.
		if !slices.ContainsFunc(e.r.Secrets, func(x inventory.Secret) bool { return x.ARN == e.secretARN(name) }) {
			e.r.Secrets = append(e.r.Secrets, inventory.Secret{ARN: e.secretARN(name), Name: name, RotationEnabled: true, RotationDays: 30})
		}
	}
	td := inventory.TaskDefinition{ARN: tdARN, Family: s.family, Revision: s.revision, Status: "ACTIVE",
		CPU: fmt.Sprint(s.cpu), Memory: fmt.Sprint(s.mem), NetworkMode: "awsvpc",
		TaskRoleARN: roleARN, ExecutionRoleARN: e.execRole, CPUArchitecture: "X86_64", OSFamily: "LINUX",
		Tags: e.tagged(map[string]string{"application": s.app, "git-sha": s.sha})}
	if s.isEC2() {
		td.RequiresCompatibilities = []string{"EC2"}
	} else {
		td.RequiresCompatibilities = []string{"FARGATE"}
	}
	if s.efs != nil {
		td.Volumes = []inventory.Volume{{Name: "edi-spool", Type: "efs", EFS: &inventory.EFSVolume{FileSystemID: s.efs.fs, RootDirectory: "/",
			TransitEncryption: "ENABLED", AccessPointID: s.efs.ap, IAM: "ENABLED"}}}
		app.MountPoints = []inventory.MountPoint{{SourceVolume: "edi-spool", ContainerPath: s.efs.path}}
	}
	if s.firelens {
		app.LogConfiguration = &inventory.LogConfiguration{Driver: "awsfirelens", Options: map[string]string{
			"Name": "cloudwatch_logs", "region": e.region, "log_group_name": logGroup, "log_stream_prefix": "app/", "auto_create_group": "false"}}
		app.DependsOn = []string{"log_router"}
		td.Containers = append(td.Containers, inventory.ContainerDefinition{Name: "log_router", Image: img.fluentBit, CPU: 64, Memory: 128, MemoryReservation: 64,
			Essential: true, User: "0", FirelensType: "fluentbit", ReadonlyRootFilesystem: false,
			LogConfiguration: awslogs("firelens"),
			HealthCheck:      &inventory.HealthCheck{Command: []string{"CMD-SHELL", "curl -fs http://127.0.0.1:2020/api/v1/health || exit 1"}, Interval: 15, Timeout: 5, Retries: 3, StartPeriod: 10}})
	}
	td.Containers = append([]inventory.ContainerDefinition{app}, td.Containers...)
	if s.otel {
		td.Containers = append(td.Containers, inventory.ContainerDefinition{Name: "aws-otel-collector", Image: img.otel, CPU: 128, Memory: 256, MemoryReservation: 128,
			Essential: false, ReadonlyRootFilesystem: true, User: "10001",
			LinuxParameters:  &inventory.LinuxParameters{CapabilitiesDrop: []string{"ALL"}},
			LogConfiguration: awslogs("otel"),
			HealthCheck:      &inventory.HealthCheck{Command: []string{"/healthcheck"}, Interval: 30, Timeout: 5, Retries: 3, StartPeriod: 15},
			PortMappings:     []inventory.PortMapping{{ContainerPort: 4317, Protocol: "tcp", Name: "otlp-grpc"}},
			EnvironmentNames: []string{"AOT_CONFIG_CONTENT"}})
	}
	e.r.ECS.TaskDefinitions = append(e.r.ECS.TaskDefinitions, td)
	return tdARN
}

// addServiceSecurityGroup adds the security group the service's tasks wear,
// opens the load balancer's group towards it, and returns its id.
func (e *env) addServiceSecurityGroup(s svc) string {
	sgID := rid("sg", e.vpc+s.name)
	sg := inventory.SecurityGroup{ID: sgID, Name: e.prefix + "-" + s.name, VPCID: e.vpc, Description: s.name + " tasks",
		Egress: []inventory.SecurityRule{
			{Protocol: "tcp", FromPort: 443, ToPort: 443, CIDR: "0.0.0.0/0", Description: "HTTPS to AWS APIs and partners"},
		}, Tags: e.tagged(map[string]string{"application": s.app})}
	if s.lb != "" {
		lbName := strings.Split(s.lb, "|")[0]
		src := e.albs[lbName].SecurityGroups[0]
		sg.Ingress = append(sg.Ingress, inventory.SecurityRule{Protocol: "tcp", FromPort: s.port, ToPort: s.port, SourceGroup: src, Description: "from " + lbName})
		alb := e.sg(src)
		alb.Egress = append(alb.Egress, inventory.SecurityRule{Protocol: "tcp", FromPort: s.port, ToPort: s.port, SourceGroup: sgID, Description: "to " + s.name + " tasks"})
	}
	for _, from := range s.sgFrom {
		sg.Ingress = append(sg.Ingress, inventory.SecurityRule{Protocol: "tcp", FromPort: s.port, ToPort: s.port, SourceGroup: from, Description: "service-to-service"})
	}
	if s.efs != nil {
		sg.Egress = append(sg.Egress, inventory.SecurityRule{Protocol: "tcp", FromPort: 2049, ToPort: 2049, CIDR: e.cidr2 + ".0.0/16", Description: "NFS to EFS mount targets"})
	}
	e.r.Network.SecurityGroups = append(e.r.Network.SecurityGroups, sg)
	return sgID
}

// service is the ECS service record: its network, deployment, capacity,
// Service Connect and service registry settings.
func (e *env) service(s svc, c *inventory.Cluster, tdARN, sgID string) inventory.Service {
	subnets := []string{}
	for _, i := range s.azs {
		subnets = append(subnets, e.priv[i])
	}
	svcTags := e.tagged(map[string]string{"application": s.app, "service": s.name,
		"aws:cloudformation:stack-name": e.prefix + "-svc-" + s.name})
	sv := inventory.Service{ARN: e.arn("ecs", "service/"+c.Name+"/"+s.name), Name: s.name, ClusterARN: c.ARN, Status: "ACTIVE",
		SchedulingStrategy: "REPLICA", TaskDefinition: tdARN, DesiredCount: s.desired, RunningCount: s.desired,
		Network:              &inventory.AwsVPCConfiguration{Subnets: subnets, SecurityGroups: []string{sgID}},
		Deployment:           inventory.DeploymentConfig{Controller: "ECS", Strategy: "ROLLING", MinimumHealthyPercent: 100, MaximumPercent: 200, CircuitBreakerEnabled: true, CircuitBreakerRollback: true},
		EnableECSManagedTags: true, PropagateTags: "SERVICE",
		CreatedAt: ts(s.created), CreatedBy: e.roleARN(e.prefix + "-cfn-deploy"), Tags: svcTags}
	switch s.capacity {
	case "FARGATE":
		sv.CapacityProviderStrategy = []inventory.CapacityProviderItem{{CapacityProvider: "FARGATE", Weight: 1, Base: min(2, s.desired)}}
		sv.PlatformVersion = "1.4.0"
	case "FARGATE+SPOT":
		sv.CapacityProviderStrategy = []inventory.CapacityProviderItem{{CapacityProvider: "FARGATE", Weight: 1, Base: 2}, {CapacityProvider: "FARGATE_SPOT", Weight: 1}}
		sv.PlatformVersion = "1.4.0"
	case "SPOT":
		sv.CapacityProviderStrategy = []inventory.CapacityProviderItem{{CapacityProvider: "FARGATE_SPOT", Weight: 1}}
		sv.PlatformVersion = "1.4.0"
	default:
		sv.CapacityProviderStrategy = []inventory.CapacityProviderItem{{CapacityProvider: s.capacity, Weight: 1}}
		sv.PlacementStrategy = []inventory.PlacementStrategy{{Type: "spread", Field: "attribute:ecs.availability-zone"}, {Type: "binpack", Field: "memory"}}
	}
	if s.lb != "" {
		sv.HealthCheckGraceSecs = 60
	}
	if s.name == "shipment-api" || s.name == "appointments-api" || s.name == "fhir-gateway" {
		sv.Deployment.AlarmsEnabled, sv.Deployment.AlarmsRollback = true, true
		sv.Deployment.AlarmNames = []string{e.prefix + "-" + s.name + "-5xx"}
	}
	if s.sc {
		scc := &inventory.ServiceConnect{Enabled: true, Namespace: c.ServiceConnectNamespace, LogDriver: "awslogs"}
		if s.scPublish != "" {
			scc.Services = []inventory.ServiceConnectService{{PortName: s.name + "-http", DiscoveryName: s.name,
				Aliases: []string{fmt.Sprintf("%s:%d", s.name, s.port)}, TLS: true}}
		}
		sv.ServiceConnect = scc
	}
	if s.registry != "" {
		sv.ServiceRegistries = []string{e.arn("servicediscovery", "service/srv-"+hexOf(s.registry, 16))}
	}
	return sv
}

// targetGroup builds the target group of a service behind a load balancer
// (nil for one without), points sv at it and routes the listener to it —
// as its default action, or by a path rule when s.lb is "alb|path|priority".
func (e *env) targetGroup(s svc, sv *inventory.Service) *inventory.TargetGroup {
	if s.lb == "" {
		return nil
	}
	parts := strings.Split(s.lb, "|")
	lb := e.albs[parts[0]]
	tgName := e.prefix + "-" + s.name
	if len(tgName) > 32 {
		tgName = tgName[:32]
	}
	tg := &inventory.TargetGroup{ARN: e.arn("elasticloadbalancing", "targetgroup/"+tgName+"/"+hexOf("tg"+tgName, 16)), Name: tgName,
		Protocol: s.protocol, Port: s.port, VPCID: e.vpc, TargetType: "ip", LoadBalancers: []string{lb.ARN},
		HealthCheckPath: "/healthz", HealthCheckProtocol: s.protocol}
	sv.LoadBalancers = []inventory.ServiceLoadBalancer{{TargetGroupARN: tg.ARN, ContainerName: s.name, ContainerPort: s.port}}
	l := &lb.Listeners[0]
	fwd := inventory.Action{Type: "forward", TargetGroups: []string{tg.ARN}}
	if len(parts) == 1 {
		l.DefaultActions = []inventory.Action{fwd}
	} else {
		l.Rules = append(l.Rules, inventory.Rule{ARN: strings.Replace(l.ARN, ":listener/", ":listener-rule/", 1) + "/" + hexOf(s.name+"rule", 16),
			Priority: parts[2], Conditions: []string{"path-pattern=" + parts[1]}, Actions: []inventory.Action{fwd}})
	}
	return tg
}

// addTasks adds the service's running tasks, spread over its AZs, each
// registered in the target group when there is one.
func (e *env) addTasks(s svc, c *inventory.Cluster, tdARN string, svcTags map[string]string, img serviceImages, tg *inventory.TargetGroup, started string) {
	for k := 0; k < s.desired; k++ {
		zi := s.azs[k%len(s.azs)]
		z := e.azs[zi]
		ip := fmt.Sprintf("%s.%d.%d", e.cidr2, 16*(zi+1)+1+len(s.name)%7, 10+k*13+len(s.family)%40)
		t := inventory.Task{ARN: e.arn("ecs", "task/"+c.Name+"/"+hexOf(s.name+fmt.Sprint(k), 32)), ClusterARN: c.ARN, TaskDefinition: tdARN,
			Group: "service:" + s.name, LastStatus: "RUNNING", DesiredStatus: "RUNNING", AvailabilityZone: z.name,
			CPU: fmt.Sprint(s.cpu), Memory: fmt.Sprint(s.mem), HealthStatus: "HEALTHY", SubnetID: e.priv[zi], PrivateIP: ip,
			StartedAt: ts(started).Add(time.Duration(k*47) * time.Second), StartedBy: "ecs-svc/" + hexOf(s.name+"deploy", 19),
			Tags: map[string]string{}}
		for kk, v := range svcTags {
			t.Tags[kk] = v
		}
		t.Tags["aws:ecs:serviceName"] = s.name
		t.Tags["aws:ecs:clusterName"] = c.Name
		switch {
		case s.capacity == "FARGATE":
			t.LaunchType, t.CapacityProvider, t.PlatformVersion = "FARGATE", "FARGATE", "1.4.0"
		case s.capacity == "SPOT":
			t.LaunchType, t.CapacityProvider, t.PlatformVersion = "FARGATE", "FARGATE_SPOT", "1.4.0"
		case s.capacity == "FARGATE+SPOT":
			cp := "FARGATE"
			if k >= 2 {
				cp = "FARGATE_SPOT"
			}
			t.LaunchType, t.CapacityProvider, t.PlatformVersion = "FARGATE", cp, "1.4.0"
		default:
			t.LaunchType, t.CapacityProvider = "EC2", s.capacity
			ci := &c.ContainerInstances[zi%len(c.ContainerInstances)]
			t.ContainerInstance = ci.ARN
			ci.RunningTasks++
		}
		running := func(name, image string) inventory.TaskContainer {
			return inventory.TaskContainer{Name: name, Image: image, ImageDigest: "sha256:" + hexOf(image, 64), LastStatus: "RUNNING", HealthStatus: "HEALTHY"}
		}
		t.Containers = []inventory.TaskContainer{running(s.name, img.app)}
		if s.firelens {
			t.Containers = append(t.Containers, running("log_router", img.fluentBit))
		}
		if s.otel {
			t.Containers = append(t.Containers, running("aws-otel-collector", img.otel))
		}
		c.Tasks = append(c.Tasks, t)
		if tg != nil {
			tg.Targets = append(tg.Targets, inventory.TargetHealth{ID: ip, Port: s.port, AvailabilityZone: z.name, State: "healthy"})
		}
	}
}

// addScaling adds the service's Application Auto Scaling target and its
// target-tracking policy.
func (e *env) addScaling(s svc, c *inventory.Cluster) {
	resID := "service/" + c.Name + "/" + s.name
	e.r.AutoScaling.ScalableTargets = append(e.r.AutoScaling.ScalableTargets, inventory.ScalableTarget{ResourceID: resID, ScalableDimension: "ecs:service:DesiredCount", MinCapacity: s.minCap, MaxCapacity: s.maxCap})
	polName := s.name + "-target-tracking"
	e.r.AutoScaling.ScalingPolicies = append(e.r.AutoScaling.ScalingPolicies, inventory.ScalingPolicy{Name: polName,
		ARN:        e.arn("autoscaling", "scalingPolicy:"+uuid(resID)+":resource/ecs/"+resID+":policyName/"+polName),
		ResourceID: resID, Type: "TargetTrackingScaling", Metric: s.metric, TargetValue: s.target,
		Alarms: []string{"TargetTracking-" + resID + "-AlarmHigh-" + uuid(resID+"hi"), "TargetTracking-" + resID + "-AlarmLow-" + uuid(resID+"lo")}})
}

// addAlarms adds the service's CloudWatch alarms: CPU, memory and running
// tasks, and for a service behind a load balancer 5xx, unhealthy hosts and
// p95 latency.
func (e *env) addAlarms(s svc, c *inventory.Cluster, tg *inventory.TargetGroup) {
	alarm := func(suffix, ns, metric string, dims []string, stat, cmpOp string, thr float64, periods int) {
		e.r.Alarms = append(e.r.Alarms, inventory.Alarm{Name: e.prefix + "-" + s.name + "-" + suffix, ARN: e.arn("cloudwatch", "alarm:"+e.prefix+"-"+s.name+"-"+suffix),
			Namespace: ns, MetricName: metric, Dimensions: dims, Statistic: stat, ComparisonOperator: cmpOp, Threshold: thr, Period: 60, EvaluationPeriods: periods,
			ActionsEnabled: true, AlarmActions: []string{e.snsTopic}, State: "OK"})
	}
	svcDims := []string{"ClusterName=" + c.Name, "ServiceName=" + s.name}
	alarm("cpu-high", "AWS/ECS", "CPUUtilization", svcDims, "Average", "GreaterThanThreshold", 85, 5)
	alarm("memory-high", "AWS/ECS", "MemoryUtilization", svcDims, "Average", "GreaterThanThreshold", 85, 5)
	alarm("running-tasks-low", "ECS/ContainerInsights", "RunningTaskCount", svcDims, "Minimum", "LessThanThreshold", float64(min(2, s.desired)), 3)
	if tg != nil {
		lb := e.albs[strings.Split(s.lb, "|")[0]]
		lbDim := "LoadBalancer=" + strings.SplitN(inventory.ARNPart(lb.ARN), "/", 2)[1]
		tgDim := "TargetGroup=" + inventory.ARNPart(tg.ARN)
		alarm("5xx", "AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", []string{lbDim, tgDim}, "Sum", "GreaterThanThreshold", 25, 3)
		alarm("unhealthy-hosts", "AWS/ApplicationELB", "UnHealthyHostCount", []string{lbDim, tgDim}, "Maximum", "GreaterThanOrEqualToThreshold", 1, 3)
		alarm("p95-latency", "AWS/ApplicationELB", "TargetResponseTime", []string{lbDim, tgDim}, "p95", "GreaterThanThreshold", 0.8, 5)
	}
}

func (s svc) isEC2() bool {
	return s.capacity != "FARGATE" && s.capacity != "SPOT" && s.capacity != "FARGATE+SPOT"
}

// cluster adds an ECS cluster.
func (e *env) cluster(name string, providers []string, def []inventory.CapacityProviderItem, namespace string, app string) *inventory.Cluster {
	c := &inventory.Cluster{ARN: e.arn("ecs", "cluster/"+name), Name: name, Status: "ACTIVE",
		Settings:              []inventory.KeyValue{{Name: "containerInsights", Value: "enhanced"}},
		ExecuteCommandLogging: "OVERRIDE", ExecuteCommandKMSKey: e.logKey,
		FargateEphemeralKMSKey: e.dataKey, ManagedStorageKMSKey: e.dataKey,
		CapacityProviders: providers, DefaultStrategy: def, ServiceConnectNamespace: namespace,
		Tags: e.tagged(map[string]string{"application": app, "aws:cloudformation:stack-name": e.prefix + "-cluster-" + strings.TrimPrefix(name, e.prefix+"-")})}
	e.clusters[name] = c
	e.r.LogGroups = append(e.r.LogGroups,
		inventory.LogGroup{Name: "/aws/ecs/containerinsights/" + name + "/performance", ARN: e.arn("logs", "log-group:/aws/ecs/containerinsights/"+name+"/performance"), RetentionDays: 30, KMSKey: e.logKey, StoredBytes: 2_147_483_648},
		inventory.LogGroup{Name: "/aws/ecs/exec/" + name, ARN: e.arn("logs", "log-group:/aws/ecs/exec/"+name), RetentionDays: 365, KMSKey: e.logKey, StoredBytes: 40_960})
	return c
}

// ec2Capacity adds an Auto Scaling group, its capacity provider, its
// container instances (one per AZ) and their AMI.
func (e *env) ec2Capacity(c *inventory.Cluster, cpName string, types []string, spot bool, ami inventory.Image, agent string) {
	asgName := cpName + "-asg"
	asgARN := e.arn("autoscaling", "autoScalingGroup:"+uuid(asgName)+":autoScalingGroupName/"+asgName)
	instSG := rid("sg", e.vpc+cpName)
	e.r.Network.SecurityGroups = append(e.r.Network.SecurityGroups, inventory.SecurityGroup{ID: instSG, Name: cpName + "-instances", VPCID: e.vpc,
		Description: "ECS container instances: no inbound; tasks use their own ENIs (awsvpc)",
		Egress:      []inventory.SecurityRule{{Protocol: "tcp", FromPort: 443, ToPort: 443, CIDR: "0.0.0.0/0", Description: "ECS agent, ECR, SSM"}},
		Tags:        e.tagged(map[string]string{"application": "platform"})})
	g := inventory.AutoScalingGroup{ARN: asgARN, Name: asgName, MinSize: len(e.azs), MaxSize: 12, DesiredCapacity: len(e.azs),
		Subnets: e.priv, InstanceTypes: types, LaunchTemplate: rid("lt", asgName) + ":$Latest",
		CapacityRebalance: spot, NewInstancesProtectedFromScaleIn: true,
		Tags: e.tagged(map[string]string{"application": "platform", "AmazonECSManaged": "", "aws:cloudformation:stack-name": e.prefix + "-capacity"})}
	if spot {
		g.MixedInstances = &inventory.MixedInstances{OnDemandBaseCapacity: 1, OnDemandPercentageAboveBaseCapacity: 25,
			SpotAllocationStrategy: "capacity-optimized", OnDemandAllocationStrategy: "prioritized"}
	} else {
		g.MixedInstances = &inventory.MixedInstances{OnDemandBaseCapacity: len(e.azs), OnDemandPercentageAboveBaseCapacity: 100,
			OnDemandAllocationStrategy: "prioritized"}
	}
	for _, z := range e.azs {
		g.AvailabilityZones = append(g.AvailabilityZones, z.name)
	}
	e.r.EC2.Images = append(e.r.EC2.Images, ami)
	for i, z := range e.azs {
		id := "i-0" + hexOf(asgName+z.name, 16)
		typ := types[i%len(types)]
		lifecycle := ""
		if spot && i > 0 {
			lifecycle = "spot"
		}
		e.r.EC2.Instances = append(e.r.EC2.Instances, inventory.Instance{ID: id, InstanceType: typ, ImageID: ami.ID, AvailabilityZone: z.name,
			SubnetID: e.priv[i], State: "running", Lifecycle: lifecycle, Architecture: "x86_64", HTTPTokens: "required", HTTPEndpoint: "enabled", HTTPPutResponseHopLimit: 1,
			PrivateIP: fmt.Sprintf("%s.%d.%d", e.cidr2, 16*(i+1), 200+i), SecurityGroups: []string{instSG},
			Tags: e.tagged(map[string]string{"Name": asgName, "aws:autoscaling:groupName": asgName, "application": "platform"})})
		g.Instances = append(g.Instances, id)
		c.ContainerInstances = append(c.ContainerInstances, inventory.ContainerInstance{ARN: e.arn("ecs", "container-instance/"+c.Name+"/"+hexOf(id, 32)),
			EC2InstanceID: id, Status: "ACTIVE", AgentVersion: agent, AgentConnected: true, CapacityProvider: cpName,
			AvailabilityZone: z.name, InstanceType: typ, AMIID: ami.ID, OSType: "linux", OSFamily: "LINUX",
			Attributes: map[string]string{"ecs.availability-zone": z.name, "ecs.instance-type": typ, "ecs.os-type": "linux", "ecs.os-family": "LINUX",
				"ecs.ami-id": ami.ID, "ecs.capability.task-eni": "", "ecs.awsvpc-trunk-id": "eni-0" + hexOf(id+"trunk", 16)},
			Tags: e.tagged(map[string]string{"application": "platform"})})
	}
	c.RegisteredInstancesCount = len(e.azs)
	e.r.AutoScaling.Groups = append(e.r.AutoScaling.Groups, g)
	e.r.ECS.CapacityProviders = append(e.r.ECS.CapacityProviders, inventory.CapacityProvider{Name: cpName, ARN: e.arn("ecs", "capacity-provider/"+cpName), Status: "ACTIVE",
		AutoScalingGroupARN:          asgARN,
		ManagedScaling:               &inventory.ManagedScaling{Status: "ENABLED", TargetCapacity: 90, MinimumScalingStepSize: 1, MaximumScalingStepSize: 4, InstanceWarmupPeriod: 180},
		ManagedTerminationProtection: "ENABLED", ManagedDraining: "ENABLED",
		Tags: e.tagged(map[string]string{"application": "platform"})})
}

func (e *env) fargateProviders(spot bool) {
	have := map[string]bool{}
	for _, cp := range e.r.ECS.CapacityProviders {
		have[cp.Name] = true
	}
	names := []string{"FARGATE"}
	if spot {
		names = append(names, "FARGATE_SPOT")
	}
	for _, n := range names {
		if !have[n] {
			e.r.ECS.CapacityProviders = append(e.r.ECS.CapacityProviders, inventory.CapacityProvider{Name: n, Status: "ACTIVE"})
		}
	}
}

func (e *env) repos(names []string) {
	for _, n := range names {
		e.r.ECR.Repositories = append(e.r.ECR.Repositories, inventory.Repository{ARN: e.arn("ecr", "repository/"+n), Name: n, URI: e.ecrHost() + "/" + n,
			TagMutability: "IMMUTABLE", ScanOnPush: true, EncryptionType: "KMS", KMSKey: e.dataKey,
			Tags: e.tagged(map[string]string{"application": "platform"})})
	}
}

func (e *env) security(trailName, trailBucket, homeRegion string, trailAcct string) {
	logging := true
	home := homeRegion
	trailARN := "arn:aws:cloudtrail:" + home + ":" + trailAcct + ":trail/" + trailName
	e.r.Trails = []inventory.Trail{{ARN: trailARN, Name: trailName, HomeRegion: home, MultiRegion: true, LogFileValidation: true,
		S3Bucket: trailBucket, KMSKey: "arn:aws:kms:" + home + ":" + trailAcct + ":key/" + uuid(trailName), IncludeGlobalEvents: true,
		CloudWatchLogsGroup: "arn:aws:logs:" + home + ":" + trailAcct + ":log-group:/aws/cloudtrail/" + trailName + ":*", IsLogging: &logging}}
	if home == e.region {
		// Read in the trail's home region only (as discover does): a
		// dedicated bucket with Object Lock, versioned, private.
		e.r.Trails[0].Bucket = &inventory.BucketProtection{Region: home, Versioning: "Enabled", ObjectLock: true, ObjectLockMode: "COMPLIANCE",
			ObjectLockDays: 365, PublicAccessBlocked: true}
	}
	e.r.GuardDuty = []inventory.Detector{{ID: hexOf("gd"+e.acct+e.region, 32), Status: "ENABLED", RuntimeMonitoring: "ENABLED", ECSFargateAgent: "ENABLED",
		UpdatedAt: ts("2025-02-09T10:12:44Z")}}
	enc := true
	e.r.EC2.EBSEncryptionByDefault = &enc
	e.r.ECR.Scanning = &inventory.RegistryScanning{Type: "ENHANCED", Rules: []inventory.RegistryScanRule{
		{Frequency: "CONTINUOUS_SCAN", Filters: []string{"*"}},
		{Frequency: "SCAN_ON_PUSH", Filters: []string{"*"}},
	}}
	e.r.ECS.AccountSettings = []inventory.AccountSetting{
		{Name: "awsvpcTrunking", Value: "enabled"},
		{Name: "containerInsights", Value: "enhanced"},
		{Name: "fargateTaskRetirementWaitPeriod", Value: "7"},
		{Name: "serviceLongArnFormat", Value: "enabled"},
		{Name: "tagResourceAuthorization", Value: "on"},
		{Name: "taskLongArnFormat", Value: "enabled"},
	}
}

// finish returns the finished region, its clusters in place.
func (e *env) finish() inventory.Region {
	e.r.ECS.Clusters = nil
	for _, c := range e.clusters {
		e.r.ECS.Clusters = append(e.r.ECS.Clusters, *c)
	}
	e.r.ELB.LoadBalancers = nil
	for _, lb := range e.albs {
		e.r.ELB.LoadBalancers = append(e.r.ELB.LoadBalancers, *lb)
	}
	e.messaging()
	e.r.Buckets = e.reachedBuckets()
	e.r.KMSKeys = nil
	for _, arn := range e.keysInUse() {
		e.r.KMSKeys = append(e.r.KMSKeys, inventory.KMSKey{ARN: arn, KeyManager: "CUSTOMER", KeySpec: "SYMMETRIC_DEFAULT", KeyState: "Enabled",
			Origin: "AWS_KMS", RotationCollected: true, RotationEnabled: true, RotationDays: 365})
	}
	return *e.r
}

// keysInUse are the KMS keys of the region its repositories, secrets, log
// groups, file systems, trails and clusters name, as discover describes
// them: customer managed, enabled, rotating yearly.
func (e *env) keysInUse() []string {
	var refs []string
	for _, x := range e.r.ECR.Repositories {
		refs = append(refs, x.KMSKey)
	}
	for _, x := range e.r.Secrets {
		refs = append(refs, x.KMSKey)
	}
	for _, x := range e.r.LogGroups {
		refs = append(refs, x.KMSKey)
	}
	for _, x := range e.r.EFS {
		refs = append(refs, x.KMSKey)
	}
	for _, x := range e.r.Trails {
		refs = append(refs, x.KMSKey)
	}
	for _, c := range e.r.ECS.Clusters {
		refs = append(refs, c.ExecuteCommandKMSKey, c.ManagedStorageKMSKey, c.FargateEphemeralKMSKey)
		for _, s := range c.Services {
			for _, v := range s.Volumes {
				refs = append(refs, v.KMSKeyID)
			}
		}
	}
	for _, x := range e.r.RDS.Instances {
		refs = append(refs, x.KMSKeyID)
	}
	for _, x := range e.r.RDS.Clusters {
		refs = append(refs, x.KMSKeyID)
	}
	for _, x := range e.r.DynamoDBTables {
		refs = append(refs, x.KMSKey)
	}
	for _, x := range e.r.Queues {
		refs = append(refs, x.KMSKey)
	}
	for _, x := range e.r.Topics {
		refs = append(refs, x.KMSKey)
	}
	for _, x := range e.r.Buckets {
		refs = append(refs, x.KMSKey)
	}
	refs = slices.DeleteFunc(refs, func(ref string) bool { return !strings.HasPrefix(ref, "arn:aws:kms:"+e.region+":") })
	slices.Sort(refs)
	return slices.Compact(refs)
}

// reachedBuckets are the S3 buckets the task roles' policies name, as
// discovery reads them in their region: SSE-KMS with a customer managed key
// of their own, a policy denying requests without TLS, all public access
// blocked, versioned.
func (e *env) reachedBuckets() []inventory.Bucket {
	var names []string
	for _, r := range e.roles {
		for _, p := range r.InlinePolicies {
			arns, _ := estate.PolicyResources(p.Document)
			for _, a := range arns {
				if ref, ok := estate.ClassifyARN(a); ok && ref.Kind == estate.KindS3 && ref.Region == "" && !strings.ContainsAny(ref.Name, "*?") {
					names = append(names, ref.Name)
				}
			}
		}
	}
	slices.Sort(names)
	var out []inventory.Bucket
	for _, n := range slices.Compact(names) {
		out = append(out, inventory.Bucket{Name: n, Region: e.region, Encryption: "aws:kms", KMSKey: e.kmsKey("s3/" + n), BucketKey: true,
			HasPolicy: true, DeniesInsecureTransport: true, PublicAccessBlocked: true, Versioning: "Enabled"})
	}
	return out
}
