package assess

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/inventory"
)

// netsecChecks returns the checks behind NETSEC-001 (security groups, public
// IPs, default security group, network ACLs) and NETSEC-002 (encryption in
// transit on public endpoints and at rest).
func netsecChecks() []Check {
	return []Check{
		{ID: "NETSEC-001.open-security-groups", Run: checkOpenSecurityGroups, Judges: "No security group in use admits the internet except load balancers on their listener ports"},
		{ID: "NETSEC-001.public-ips", Run: checkTaskPublicIPs, Judges: "Tasks get no public IP addresses"},
		{ID: "NETSEC-001.default-security-group", Run: checkDefaultSG, Judges: "The default security group is not used"},
		{ID: "NETSEC-001.network-acls", Run: checkNACLs, Judges: "Network ACLs in the workload's VPCs"},
		{ID: "NETSEC-001.waf", Run: checkWebACL, Judges: "Internet-facing Application Load Balancers are associated with an AWS WAF web ACL (a warning: NETSEC-001 asks for other AWS security services to protect the network without naming WAF)"},
		{ID: "NETSEC-001.messaging-public", Run: checkMessagingPublic, Judges: "The access policies of the SQS queues and SNS topics the services reach allow no one (\"*\") without a condition (Security Hub SQS.3, SNS.4; a warning)"},
		{ID: "NETSEC-001.s3-public-access", Run: checkS3PublicAccess, Judges: "The S3 buckets the services use block all public access, by their own public access block or their account's with all four settings on (Security Hub S3.8; a warning, also when the account's block could not be read)"},
		{ID: "NETSEC-001.nacl-open-ports", Run: checkNACLOpenPorts, Judges: "Network ACLs of the services' public subnets do not admit the internet on all ports, SSH (22) or RDP (3389) (Security Hub EC2.21; a warning, since security groups still filter; a note for private subnets)"},
		{ID: "NETSEC-001.rds-public", Run: checkRDSPublic, Judges: "The RDS and Aurora databases the services use are not publicly accessible (Security Hub RDS.2; fail when a security group also admits the internet on the database's port, else a warning)"},
		{ID: "NETSEC-002.public-listener-tls", Run: checkPublicListenerTLS, Judges: "Internet-facing listeners encrypt traffic with TLS 1.2+"},
		{ID: "NETSEC-002.certificate-expiry", Run: checkCertificateExpiry, Judges: "The ACM certificates the listeners serve had not expired and did not expire within 30 days of the collection (Security Hub ACM.1)"},
		{ID: "NETSEC-002.certificate-key", Run: checkCertificateKey, Judges: "The ACM certificates the listeners serve have no RSA key shorter than 2048 bits (a warning; Security Hub ACM.2)"},
		{ID: "NETSEC-002.env-secrets", Run: checkEnvSecrets, Judges: "No keys or secrets in plain environment variables (Security Hub ECS.8 keys, secret-looking values)"},
		{ID: "NETSEC-002.efs-at-rest", Run: checkEFSAtRest, Judges: "EFS file systems are encrypted at rest"},
		{ID: "NETSEC-002.efs-in-transit", Run: checkEFSTransit, Judges: "EFS volumes of the task definitions in use are mounted with transit encryption"},
		{ID: "NETSEC-002.dynamodb-at-rest", Run: checkDynamoDBAtRest, Judges: "DynamoDB tables the services' task roles name are encrypted at rest (always, in DynamoDB), naming the key"},
		{ID: "NETSEC-002.dynamodb-kms", Run: checkDynamoDBKMS, Judges: "DynamoDB tables the services use are encrypted with a customer managed KMS key, not the key AWS owns or the AWS managed aws/dynamodb (a warning: the data is encrypted either way)"},
		{ID: "NETSEC-002.ebs-at-rest", Run: checkEBSAtRest, Judges: "EBS encryption by default, encrypted service volumes"},
		{ID: "NETSEC-002.ecr-encryption", Run: checkECREncryption, Judges: "ECR repository encryption"},
		{ID: "NETSEC-002.ecr-cmk", Run: checkECRCustomerKey, Judges: "ECR repositories in use are encrypted with a customer managed KMS key, not AES-256 or the AWS managed aws/ecr key (a warning: the data is encrypted either way)"},
		{ID: "NETSEC-002.ecs-storage-cmk", Run: checkECSStorageKey, Judges: "Fargate ephemeral storage and ECS managed EBS volumes are encrypted with a customer managed KMS key (a warning: AWS-owned keys encrypt them otherwise)"},
		{ID: "NETSEC-002.kms-key-state", Run: checkKMSKeyState, Judges: "The KMS keys the workload uses are enabled, not disabled or pending deletion (Security Hub KMS.3)"},
		{ID: "NETSEC-002.kms-rotation", Run: checkKMSRotation, Judges: "The customer managed KMS keys the workload uses rotate automatically (Security Hub KMS.4; a warning)"},
		{ID: "NETSEC-002.log-encryption", Run: checkLogEncryption, Judges: "CloudWatch Logs encryption with KMS"},
		{ID: "NETSEC-002.sqs-encryption", Run: checkQueueEncryption, Judges: "The SQS queues the services reach are encrypted at rest, SSE-SQS or SSE-KMS (Security Hub SQS.1)"},
		{ID: "NETSEC-002.sns-encryption", Run: checkTopicEncryption, Judges: "The SNS topics the services reach are encrypted at rest with KMS (Security Hub SNS.1)"},
		{ID: "NETSEC-002.messaging-tls", Run: checkMessagingTLS, Judges: "The SQS queues and SNS topics the services reach refuse requests without TLS (a warning)"},
		{ID: "NETSEC-002.s3-at-rest", Run: checkS3AtRest, Judges: "The S3 buckets the services use have default encryption at rest"},
		{ID: "NETSEC-002.s3-cmk", Run: checkS3CustomerKey, Judges: "The S3 buckets the services use are encrypted with a customer managed KMS key, not SSE-S3 or the AWS managed aws/s3 key (a warning: the data is encrypted either way)"},
		{ID: "NETSEC-002.s3-tls-only", Run: checkS3TLSOnly, Judges: "The S3 buckets the services use have a bucket policy that denies requests without TLS (Security Hub S3.5; a warning)"},
		{ID: "NETSEC-002.secret-rotation", Run: checkSecretRotation, Judges: "The Secrets Manager secrets tasks inject rotate automatically (Security Hub SecretsManager.1)"},
		{ID: "NETSEC-002.rds-at-rest", Run: checkRDSAtRest, Judges: "The RDS and Aurora databases the services use encrypt their storage at rest (Security Hub RDS.3, RDS.27)"},
	}
}

// sgUsers maps each security group id of a region to what uses it
// ("load balancer web-alb", "service web", "EFS fs-1 mount target",
// "container instance i-0abc of batch", "VPC endpoint vpce-1 (ecr.api)"),
// sorted; the wearers are the estate view's.
func sgUsers(rv RegionView) map[string][]string {
	m := map[string][]string{}
	for _, sg := range rv.View.SecurityGroupsWorn() {
		var labels []string
		for _, w := range rv.View.SecurityGroupWearers(sg) {
			labels = append(labels, wearerLabel(rv, w))
		}
		slices.Sort(labels)
		m[sg] = slices.Compact(labels)
	}
	return m
}

// wearerLabel names a security group's wearer for messages.
func wearerLabel(rv RegionView, w estate.Wearer) string {
	switch w.Kind {
	case estate.WearerLoadBalancer:
		return "load balancer " + w.Name
	case estate.WearerService:
		return "service " + w.Name
	case estate.WearerMountTarget:
		return "EFS " + w.Name + " mount target"
	case estate.WearerInstance:
		if w.Cluster != "" {
			return "container instance " + w.ID + " of " + w.Cluster
		}
		return "instance " + w.ID
	case estate.WearerVPCEndpoint:
		label := "VPC endpoint " + w.ID
		if w.Name != "" {
			label += " (" + strings.TrimPrefix(w.Name, "com.amazonaws."+rv.Region.Name+".") + ")"
		}
		return label
	}
	return string(w.Kind) + " " + w.ID
}

// interfaceLabels names the network interfaces that wear a security group
// and are not already named by its modelled wearers: a database, a Lambda
// function, an instance the instance list missed, anything else by its id.
func interfaceLabels(nis []*inventory.NetworkInterface, known []string) []string {
	var out []string
	for _, ni := range nis {
		var label string
		switch {
		case ni.InstanceID != "":
			if slices.ContainsFunc(known, func(k string) bool { return strings.Contains(k, ni.InstanceID) }) {
				continue
			}
			label = "instance " + ni.InstanceID + " (network interface " + ni.ID + ")"
		case len(known) > 0 && ni.RequesterManaged && (strings.HasPrefix(ni.Description, "ELB ") || strings.HasPrefix(ni.Description, "arn:aws:ecs:") || strings.HasPrefix(ni.Description, "EFS ") || strings.HasPrefix(ni.Description, "VPC Endpoint")):
			continue // a load balancer, task, mount target or endpoint the modelled wearers already name
		case ni.RequesterID == "amazon-rds" || strings.HasPrefix(ni.Description, "RDSNetworkInterface"):
			label = "RDS database (network interface " + ni.ID + ")"
		case ni.Type == "lambda" || strings.HasPrefix(ni.Description, "AWS Lambda VPC ENI"):
			label = "Lambda function (network interface " + ni.ID + ")"
		case ni.Description != "":
			label = "network interface " + ni.ID + " (" + ni.Description + ")"
		default:
			label = "network interface " + ni.ID
		}
		out = append(out, label)
	}
	return out
}

// sgUseEvidence lists the operations whose failure leaves the users of a
// security group unknown.
var sgUseEvidence = map[string]bool{
	"ec2 DescribeInstances": true, "ec2 DescribeVpcEndpoints": true,
	"ecs ListClusters": true, "ecs DescribeClusters": true, "ecs ListServices": true, "ecs DescribeServices": true,
	"ecs ListContainerInstances": true, "ecs DescribeContainerInstances": true,
	"elbv2 DescribeLoadBalancers": true,
	"efs DescribeFileSystems":     true, "efs DescribeMountTargets": true, "efs DescribeMountTargetSecurityGroups": true,
}

// sgUseGaps says why the inventory of a region cannot show that a security
// group is unused: a failed or missing read of something that wears security
// groups, or records that should name groups and do not (every VPC instance,
// interface endpoint and mount target has at least one). Nil means every user
// the inventory models was collected, so a group nothing names is unattached
// as far as ECS is concerned.
func sgUseGaps(snap *inventory.Snapshot, rv RegionView) []string {
	var gaps []string
	for _, e := range snap.Collection.Errors {
		if (e.Account != "" && e.Account != rv.Account) || (e.Region != "" && e.Region != rv.Region.Name) {
			continue
		}
		if op := e.Service + " " + e.Operation; sgUseEvidence[op] {
			gap := op + " was not collected"
			if e.Code != "" {
				gap += " (" + e.Code + ")"
			}
			gaps = append(gaps, gap)
		}
	}
	var missing, bare []string
	for _, c := range rv.Region.ECS.Clusters {
		if c.RegisteredInstancesCount > len(c.ContainerInstances) {
			gaps = append(gaps, fmt.Sprintf("cluster %s has %d registered container instances, %d collected", c.Name, c.RegisteredInstancesCount, len(c.ContainerInstances)))
		}
		if c.ActiveServicesCount > len(c.Services) {
			gaps = append(gaps, fmt.Sprintf("cluster %s has %d active services, %d collected", c.Name, c.ActiveServicesCount, len(c.Services)))
		}
		for _, ci := range c.ContainerInstances {
			if ci.EC2InstanceID != "" && rv.Index.Instance(ci.EC2InstanceID) == nil {
				missing = append(missing, ci.EC2InstanceID)
			}
		}
	}
	if len(missing) > 0 {
		gaps = append(gaps, "container instances not described (ec2:DescribeInstances): "+summarize(missing))
	}
	for _, in := range rv.Region.EC2.Instances {
		if len(in.SecurityGroups) == 0 {
			bare = append(bare, "instance "+in.ID)
		}
	}
	for _, e := range rv.Region.Network.VPCEndpoints {
		if e.Type == "Interface" && len(e.SecurityGroups) == 0 {
			bare = append(bare, "interface endpoint "+e.ID)
		}
	}
	for _, f := range rv.Region.EFS {
		for _, mt := range f.MountTargets {
			if len(mt.SecurityGroups) == 0 {
				bare = append(bare, "EFS "+f.ID+" mount target "+mt.ID)
			}
		}
	}
	if len(bare) > 0 {
		gaps = append(gaps, "security groups not recorded for "+summarize(bare))
	}
	slices.Sort(gaps)
	return slices.Compact(gaps)
}

// lbPorts maps each load balancer security group to the ports its load
// balancers listen on (80 and 443 always allowed).
func lbPorts(rv RegionView) map[string]map[int]bool {
	m := map[string]map[int]bool{}
	for _, lb := range rv.Region.ELB.LoadBalancers {
		for _, sg := range lb.SecurityGroups {
			if m[sg] == nil {
				m[sg] = map[int]bool{80: true, 443: true}
			}
			for _, l := range lb.Listeners {
				m[sg][l.Port] = true
			}
		}
	}
	return m
}

// wellKnownPorts names ports that should never face the internet.
var wellKnownPorts = map[int]string{22: "SSH", 3389: "RDP", 3306: "MySQL", 5432: "PostgreSQL", 6379: "Redis", 27017: "MongoDB", 2049: "NFS", 9200: "Elasticsearch", 2375: "Docker API", 2376: "Docker API", 1433: "SQL Server", 5439: "Redshift", 11211: "Memcached"}

// ruleDesc describes a rule's protocol and ports: "tcp 22 (SSH)", "all traffic".
func ruleDesc(r inventory.SecurityRule) string {
	switch r.Protocol {
	case "-1", "all":
		return "all traffic"
	case "icmp", "icmpv6", "1", "58":
		return r.Protocol
	}
	if r.FromPort == r.ToPort {
		d := r.Protocol + " " + strconv.Itoa(r.FromPort)
		if n, ok := wellKnownPorts[r.FromPort]; ok {
			d += " (" + n + ")"
		}
		return d
	}
	d := fmt.Sprintf("%s %d-%d", r.Protocol, r.FromPort, r.ToPort)
	for _, p := range []int{22, 3389} {
		if r.FromPort <= p && p <= r.ToPort {
			d += " (includes " + wellKnownPorts[p] + ")"
		}
	}
	return d
}

// worldOpen reports whether a rule admits any IPv4 or IPv6 address.
func worldOpen(r inventory.SecurityRule) bool {
	return r.CIDR == "0.0.0.0/0" || r.IPv6CIDR == "::/0"
}

// openToWorld returns the world-open ingress of a security group, split into
// what is acceptable (a load balancer's listener ports), ICMP, and the rest.
func openToWorld(sg *inventory.SecurityGroup, allowed map[int]bool) (ok, icmp, bad []string) {
	for _, r := range sg.Ingress {
		if !worldOpen(r) {
			continue
		}
		d := ruleDesc(r)
		src := r.CIDR
		if src == "" {
			src = r.IPv6CIDR
		}
		d += " from " + src
		switch {
		case strings.HasPrefix(r.Protocol, "icmp") || r.Protocol == "1" || r.Protocol == "58":
			icmp = append(icmp, d)
		case (r.Protocol == "tcp" || r.Protocol == "6") && r.FromPort == r.ToPort && allowed[r.FromPort]:
			ok = append(ok, d)
		default:
			bad = append(bad, d)
		}
	}
	return ok, icmp, bad
}

// checkOpenSecurityGroups judges the world-open ingress of every security
// group by whether the group is in use: on a group something wears (a
// service, load balancer, instance, EFS mount target, VPC endpoint, or any
// network interface — a bastion, a database, a Lambda function) it is a hole
// and fails; on a group nothing wears it is hygiene and warns; when the
// inventory cannot show the group is unused (the network interfaces were not
// read whole, and a read failed or records lack their groups) it fails,
// since unknown is not safe.
func checkOpenSecurityGroups(in *Input) []Finding {
	const ev = "ec2:DescribeSecurityGroups IpPermissions (0.0.0.0/0, ::/0); attachments from ec2:DescribeNetworkInterfaces, elbv2:DescribeLoadBalancers, ecs:DescribeServices awsvpcConfiguration, ec2:DescribeInstances, efs:DescribeMountTargetSecurityGroups, ec2:DescribeVpcEndpoints"
	var fs []Finding
	closed, total := 0, 0
	for _, rv := range in.Regions {
		users := sgUsers(rv)
		ports := lbPorts(rv)
		var gaps []string
		gapsRead := false
		for i := range rv.Region.Network.SecurityGroups {
			sg := &rv.Region.Network.SecurityGroups[i]
			total++
			ok, icmp, bad := openToWorld(sg, ports[sg.ID])
			if len(bad)+len(icmp)+len(ok) == 0 {
				closed++
				continue
			}
			if !gapsRead {
				gaps, gapsRead = sgUseGaps(in.Snapshot, rv), true
			}
			name := "security group " + sg.ID
			if sg.Name != "" {
				name += " (" + sg.Name + ")"
			}
			nis, known := rv.View.SecurityGroupInterfaces(sg.ID)
			u := append(slices.Clone(users[sg.ID]), interfaceLabels(nis, users[sg.ID])...)
			var attach string
			switch {
			case len(u) > 0:
				attach = "; attached to " + summarize(u)
			case known:
				attach = "; no network interface in the region wears it (ec2:DescribeNetworkInterfaces read whole)"
			case len(gaps) > 0:
				attach = "; no attachment is recorded, but the inventory cannot show it is unused: " + summarize(gaps)
			default:
				attach = "; not attached to anything in the inventory (services, load balancers, instances, EFS mount targets, VPC endpoints)"
			}
			unused := len(u) == 0 && (known || len(gaps) == 0)
			switch {
			case len(bad) > 0 && unused:
				fs = append(fs, Finding{Outcome: Warn, Resource: sg.ID,
					Message: name + " admits the internet on " + strings.Join(bad, "; ") + attach + "; delete it or restrict it before something wears it", Evidence: ev,
					Remediation: "check nothing outside ECS wears " + sg.ID + " (aws ec2 describe-network-interfaces --filters Name=group-id,Values=" + sg.ID + " lists every attachment, RDS and Lambda included), then delete it or remove its 0.0.0.0/0 and ::/0 rules"})
			case len(bad) > 0:
				fs = append(fs, Finding{Outcome: Fail, Resource: sg.ID,
					Message: name + " admits the internet on " + strings.Join(bad, "; ") + attach, Evidence: ev,
					Remediation: "remove the 0.0.0.0/0 and ::/0 rules from " + sg.ID + "; admit only the load balancer's security group (or a bastion-free access path such as ECS Exec or Session Manager for administration)"})
			case len(icmp) > 0:
				fs = append(fs, Finding{Outcome: Warn, Resource: sg.ID,
					Message: name + " admits ICMP from the internet (" + strings.Join(icmp, "; ") + ")" + attach, Evidence: ev,
					Remediation: "limit ICMP to the networks that need it"})
			default:
				fs = append(fs, Finding{Outcome: Pass, Resource: sg.ID,
					Message: name + " is a load balancer group open to the internet only on its listener ports (" + strings.Join(ok, "; ") + ")" + attach, Evidence: ev})
			}
		}
	}
	if total == 0 {
		return []Finding{{Outcome: Warn, Message: "no security group in the inventory: network security cannot be shown", Evidence: ev,
			Remediation: "collect the VPCs and security groups (ec2:DescribeSecurityGroups) of the accounts that run the workload"}}
	}
	if closed > 0 {
		fs = append(fs, Finding{Outcome: Pass,
			Message: fmt.Sprintf("%d of %d security groups admit nothing from 0.0.0.0/0 or ::/0", closed, total), Evidence: ev})
	}
	return boundFindings(fs)
}

// noInternetRoute reports whether every one of a service's subnets is known,
// has a route table in the inventory and sends nothing to an internet
// gateway (Subnet.Public, marked from that table): a public IP there is
// unreachable from the internet. Without a route table the route is unknown,
// so the answer is no.
func noInternetRoute(rv RegionView, ids []string) ([]string, bool) {
	tables := rv.Region.Network.SubnetRouteTables()
	for _, id := range ids {
		sn := rv.Index.Subnet(id)
		if sn == nil || sn.Public || tables[id] == nil {
			return nil, false
		}
	}
	return ids, len(ids) > 0
}

func checkTaskPublicIPs(in *Input) []Finding {
	const ev = "ecs:DescribeServices networkConfiguration.awsvpcConfiguration.assignPublicIp; ecs:DescribeTasks attachments (public IP); ec2:DescribeSubnets"
	var fs []Finding
	private := 0
	for _, rv := range in.Regions {
		for _, r := range deployedServicesIn(rv) {
			if r.Svc.Network == nil {
				continue
			}
			if !r.Svc.Network.AssignPublicIP {
				private++
				continue
			}
			if subnets, ok := noInternetRoute(rv, r.Svc.Network.Subnets); ok {
				fs = append(fs, Finding{Outcome: Info, Resource: r.resource(),
					Message: r.label() + " gives its tasks public IP addresses (assignPublicIp ENABLED), but its subnets " + strings.Join(subnets, ", ") +
						" route no traffic to an internet gateway: the addresses cannot be reached from the internet", Evidence: ev + "; ec2:DescribeRouteTables"})
				continue
			}
			var exposed []string
			for _, id := range r.Svc.Network.SecurityGroups {
				if sg := rv.Index.SecurityGroup(id); sg != nil {
					if _, _, bad := openToWorld(sg, nil); len(bad) > 0 {
						exposed = append(exposed, id+" ("+strings.Join(bad, "; ")+")")
					}
				}
			}
			if len(exposed) > 0 {
				fs = append(fs, Finding{Outcome: Fail, Resource: r.resource(),
					Message: r.label() + " gives its tasks public IPs and its security groups admit the internet: " + strings.Join(exposed, ", "), Evidence: ev,
					Remediation: "run the tasks in private subnets with assignPublicIp DISABLED behind a load balancer (NAT gateway or VPC endpoints for outbound), and close the security group"})
				continue
			}
			fs = append(fs, Finding{Outcome: Warn, Resource: r.resource(),
				Message: r.label() + " gives its tasks public IP addresses (assignPublicIp ENABLED); only its security groups keep the internet out", Evidence: ev,
				Remediation: "move the tasks to private subnets with assignPublicIp DISABLED; use a NAT gateway or VPC endpoints for image pulls and AWS APIs"})
		}
		for _, c := range rv.Region.ECS.Clusters {
			for _, t := range c.Tasks {
				if t.PublicIP == "" || strings.HasPrefix(t.Group, "service:") {
					continue
				}
				fs = append(fs, Finding{Outcome: Warn, Resource: t.ARN,
					Message: "standalone task " + inventory.ShortName(t.ARN) + " (" + t.Group + ") has public IP " + t.PublicIP, Evidence: ev,
					Remediation: "run tasks with assignPublicIp DISABLED in private subnets"})
			}
		}
	}
	if private > 0 {
		fs = append(fs, Finding{Outcome: Pass, Message: fmt.Sprintf("%d awsvpc services give their tasks no public IP", private), Evidence: ev})
	}
	return fs
}

func checkDefaultSG(in *Input) []Finding {
	const ev = "ec2:DescribeSecurityGroups GroupName=default; ecs:DescribeServices, elbv2:DescribeLoadBalancers, efs:DescribeMountTargetSecurityGroups, ec2:DescribeInstances, ec2:DescribeVpcEndpoints"
	var fs []Finding
	for _, rv := range in.Regions {
		users := sgUsers(rv)
		for _, sg := range rv.Region.Network.SecurityGroups {
			if sg.Name != "default" {
				continue
			}
			if u := users[sg.ID]; len(u) > 0 {
				fs = append(fs, Finding{Outcome: Warn, Resource: sg.ID,
					Message: "the default security group " + sg.ID + " of " + sg.VPCID + " is used by " + summarize(u), Evidence: ev,
					Remediation: "give each component its own security group with explicit rules, and remove all rules from the default group"})
			} else if len(sg.Ingress)+len(sg.Egress) > 0 {
				fs = append(fs, Finding{Outcome: Info, Resource: sg.ID,
					Message: "the default security group " + sg.ID + " of " + sg.VPCID + " is unused but keeps its rules; best practice is to empty it", Evidence: ev})
			}
		}
	}
	return fs
}

func checkNACLs(in *Input) []Finding {
	const ev = "ec2:DescribeNetworkAcls"
	var fs []Finding
	for _, rv := range in.Regions {
		for _, v := range rv.Region.Network.VPCs {
			custom, def := 0, 0
			for _, a := range rv.Region.Network.NetworkACLs {
				if a.VPCID != v.ID {
					continue
				}
				if a.IsDefault {
					def++
				} else {
					custom++
				}
			}
			msg := fmt.Sprintf("VPC %s has %d custom network ACLs", v.ID, custom)
			if custom == 0 {
				msg = fmt.Sprintf("VPC %s uses only its default network ACL (%d): subnets rely on security groups alone", v.ID, def)
			}
			fs = append(fs, Finding{Outcome: Info, Resource: v.ID, Message: msg, Evidence: ev})
		}
	}
	return boundFindings(fs)
}

func checkPublicListenerTLS(in *Input) []Finding {
	fs := listenerFindings(in, listenerEvidence+" (internet-facing load balancers; judged as in ECS-015)",
		func(lb *inventory.LoadBalancer) bool { return lb.Scheme == "internet-facing" })
	if len(fs) == 0 {
		return []Finding{{Outcome: Info, Message: "no internet-facing load balancer in the inventory; describe the workload's public endpoints and their encryption in the answer",
			Evidence: "elbv2:DescribeLoadBalancers Scheme"}}
	}
	return boundFindings(fs)
}

func checkEFSAtRest(in *Input) []Finding {
	const ev = "efs:DescribeFileSystems Encrypted, KmsKeyId"
	var fs []Finding
	for _, rv := range in.Regions {
		for _, f := range rv.Region.EFS {
			res := cmp.Or(f.ARN, f.ID)
			if !f.Encrypted {
				fs = append(fs, Finding{Outcome: Fail, Resource: res, Message: "EFS file system " + f.ID + " is not encrypted at rest", Evidence: ev,
					Remediation: "create an encrypted file system (encryption at rest can only be chosen at creation), copy the data with AWS DataSync, and switch the task definitions to it"})
				continue
			}
			key := "the AWS managed key"
			if f.KMSKey != "" && !strings.Contains(f.KMSKey, "alias/aws/") {
				key = "KMS key " + inventory.ShortName(f.KMSKey)
			}
			fs = append(fs, Finding{Outcome: Pass, Resource: res, Message: "EFS file system " + f.ID + " is encrypted at rest with " + key, Evidence: ev})
		}
	}
	return boundFindings(fs)
}

func checkEBSAtRest(in *Input) []Finding {
	const ev = "ec2:GetEbsEncryptionByDefault; ecs:DescribeServices volumeConfigurations[].managedEBSVolume.encrypted"
	var fs []Finding
	for _, rv := range in.Regions {
		where := "account " + rv.Account + " region " + rv.Region.Name
		usesEBS := len(rv.Region.EC2.Instances) > 0
		for _, r := range deployedServicesIn(rv) {
			if len(r.Svc.Volumes) > 0 {
				usesEBS = true
			}
		}
		if !usesEBS {
			continue
		}
		def := rv.Region.EC2.EBSEncryptionByDefault
		switch {
		case def == nil:
			fs = append(fs, Finding{Outcome: Info, Resource: where, Message: "EBS encryption by default could not be read in " + where, Evidence: ev})
		case *def:
			fs = append(fs, Finding{Outcome: Pass, Resource: where, Message: "EBS encryption by default is on in " + where, Evidence: ev})
		default:
			fs = append(fs, Finding{Outcome: Warn, Resource: where, Message: "EBS encryption by default is off in " + where + ", where container instances or EBS volumes run", Evidence: ev,
				Remediation: "aws ec2 enable-ebs-encryption-by-default --region " + rv.Region.Name + " (new volumes only; replace existing instances and volumes)"})
		}
		byDefault := def != nil && *def
		for _, r := range deployedServicesIn(rv) {
			for _, v := range r.Svc.Volumes {
				if !v.Encrypted && !byDefault {
					fs = append(fs, Finding{Outcome: Fail, Resource: r.resource(),
						Message: r.label() + " creates EBS volume " + v.Name + " without encryption", Evidence: ev,
						Remediation: "set encrypted: true (with a KMS key) in the service's managedEBSVolume configuration"})
				}
			}
		}
	}
	return fs
}

func checkECREncryption(in *Input) []Finding {
	const ev = "ecr:DescribeRepositories encryptionConfiguration"
	var fs []Finding
	for _, rv := range in.Regions {
		var kms, aes []string
		for _, r := range rv.Region.ECR.Repositories {
			if strings.HasPrefix(r.EncryptionType, "KMS") {
				kms = append(kms, r.Name)
			} else {
				aes = append(aes, r.Name)
			}
		}
		if len(kms)+len(aes) == 0 {
			continue
		}
		where := "account " + rv.Account + " region " + rv.Region.Name
		msg := fmt.Sprintf("%s: %d ECR repositories encrypted with KMS, %d with AES-256 (S3-managed keys, the default)", where, len(kms), len(aes))
		if len(aes) > 0 {
			msg += ": " + summarize(aes) + "; KMS keys give key policies and CloudTrail records of key use"
		}
		fs = append(fs, Finding{Outcome: Info, Resource: where, Message: msg, Evidence: ev})
	}
	return fs
}

func checkLogEncryption(in *Input) []Finding {
	const ev = "logs:DescribeLogGroups kmsKeyId"
	var fs []Finding
	for _, rv := range in.Regions {
		var plain []string
		for _, g := range rv.Region.LogGroups {
			if g.KMSKey == "" {
				plain = append(plain, g.Name)
			}
		}
		n := len(rv.Region.LogGroups)
		if n == 0 {
			continue
		}
		where := "account " + rv.Account + " region " + rv.Region.Name
		msg := fmt.Sprintf("%s: %d of %d log groups use a customer KMS key", where, n-len(plain), n)
		if len(plain) > 0 {
			msg += "; the others use CloudWatch Logs' default encryption (" + summarize(plain) + ")"
		}
		fs = append(fs, Finding{Outcome: Info, Resource: where, Message: msg, Evidence: ev})
	}
	return fs
}

// ecs8Keys are the environment variable names Security Hub's ECS.8 control
// fails on: credentials by definition, whatever their value.
var ecs8Keys = []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "ECS_ENGINE_AUTH_DATA"}

// envSecretNotes sorts one container's plain environment variables into
// the keys and values that are secrets (fails), the names that only look
// like one (warnings), and whether its values were never checked.
func envSecretNotes(c *inventory.ContainerDefinition) (fails, warns []string, unchecked bool) {
	flagged := map[string]bool{}
	for _, n := range c.EnvironmentNames {
		if slices.Contains(ecs8Keys, n) {
			fails, flagged[n] = append(fails, n), true
		}
	}
	for _, v := range c.EnvironmentSecrets {
		if !flagged[v.Name] {
			fails, flagged[v.Name] = append(fails, v.Name+" (its value matches the "+v.Pattern+" pattern)"), true
		}
	}
	for _, n := range c.EnvironmentNames {
		if !flagged[n] && secretLooking(n) {
			warns = append(warns, n)
		}
	}
	return fails, warns, len(c.EnvironmentNames) > 0 && !c.EnvironmentValuesChecked
}

// checkEnvSecrets judges NETSEC-002's key management in task definitions:
// a credential in a plain environment variable is stored in clear text and
// shown to anyone with ecs:DescribeTaskDefinition. The keys Security Hub
// ECS.8 tests and values discovery found secret-looking (only the verdict
// is stored, never the value) fail; names that merely look like a secret
// warn; values that were never checked leave the answer unknown (a warning).
func checkEnvSecrets(in *Input) []Finding {
	const ev = "ecs:DescribeTaskDefinition containerDefinitions[].environment (names; values tested for secret patterns at collection and never stored)"
	uses := wlTaskDefs(in)
	if len(uses) == 0 {
		return noTaskDefs(in, ev)
	}
	const remedy = "move each value to AWS Secrets Manager or SSM Parameter Store (SecureString) and reference it under containerDefinitions[].secrets (valueFrom), granting the execution role read access; rotate the exposed values"
	var fs []Finding
	ps := &wlPasses{evidence: ev, summary: "task definitions keep keys and secrets out of plain environment variables"}
	for _, u := range uses {
		var fails, warns, unchecked []string
		for i := range u.td.Containers {
			c := &u.td.Containers[i]
			f, w, un := envSecretNotes(c)
			if len(f) > 0 {
				fails = append(fails, fmt.Sprintf("container %s has %s", c.Name, strings.Join(f, ", ")))
			}
			if len(w) > 0 {
				warns = append(warns, fmt.Sprintf("container %s has %s", c.Name, strings.Join(w, ", ")))
			}
			if un {
				unchecked = append(unchecked, c.Name)
			}
		}
		loc := fmt.Sprintf("task definition %s (%s %s)", inventory.ShortName(u.td.ARN), u.rv.Account, u.rv.Region.Name)
		switch {
		case len(fails) > 0:
			fs = append(fs, Finding{Outcome: Fail, Resource: u.td.ARN, Evidence: ev, Remediation: remedy,
				Message: fmt.Sprintf("%s: %s in plain environment variables — stored in clear text in the task definition", loc, strings.Join(slices.Concat(fails, warns), "; "))})
		case len(warns) > 0:
			fs = append(fs, Finding{Outcome: Warn, Resource: u.td.ARN, Evidence: ev, Remediation: remedy + "; if a variable holds no secret, say so in the NETSEC-002 answer",
				Message: fmt.Sprintf("%s: plain environment variables named like secrets — %s; their values were not found secret-looking, but the names suggest credentials", loc, strings.Join(warns, "; "))})
		case len(unchecked) > 0:
			fs = append(fs, Finding{Outcome: Warn, Resource: u.td.ARN, Evidence: ev,
				Remediation: "collect the inventory again with this version of ecspack discover (or import), which tests each value against secret patterns and keeps only the verdict",
				Message:     fmt.Sprintf("%s: no variable is named like a secret, but the values of containers %s were not checked for secrets when collected", loc, strings.Join(unchecked, ", "))})
		default:
			ps.add(u.td.ARN, loc+": no key or secret-looking name or value in plain environment variables")
		}
	}
	return append(fs, ps.findings()...)
}

// checkEFSTransit judges encryption in transit of EFS mounts: NETSEC-002's
// subject (ECS-021 is about who can access the storage).
func checkEFSTransit(in *Input) []Finding {
	const ev = "ecs:DescribeTaskDefinition volumes[].efsVolumeConfiguration.transitEncryption"
	var fs []Finding
	efsVolumesByTD(in, func(td *inventory.TaskDefinition, vols []inventory.Volume) {
		var off, on []string
		for _, v := range vols {
			if strings.EqualFold(v.EFS.TransitEncryption, "ENABLED") {
				on = append(on, v.Name)
			} else {
				off = append(off, v.Name+" ("+v.EFS.FileSystemID+")")
			}
		}
		if len(off) > 0 {
			fs = append(fs, Finding{Outcome: Fail, Resource: td.ARN,
				Message:     fmt.Sprintf("task definition %s:%d mounts EFS without transit encryption: %s", td.Family, td.Revision, strings.Join(off, ", ")),
				Evidence:    ev,
				Remediation: "set efsVolumeConfiguration.transitEncryption to ENABLED on every EFS volume (and enforce it with an aws:SecureTransport file system policy)"})
			return
		}
		fs = append(fs, Finding{Outcome: Pass, Resource: td.ARN,
			Message: fmt.Sprintf("task definition %s:%d mounts EFS with transit encryption: %s", td.Family, td.Revision, strings.Join(on, ", ")), Evidence: ev})
	})
	if len(fs) == 0 {
		return []Finding{{Outcome: Info, Message: "no task definition in use mounts an EFS file system", Evidence: ev}}
	}
	return boundFindings(fs)
}
