package discover_test

import (
	"strings"

	"github.com/ecspack/ecspack/assess"
)

// A gap seen here that issue 16 does not name (every issue-16 bullet the
// corpus waited for is merged and its rows assert the deserved verdict).
const notFiledL7TLS = "not in issue 16: ECS-015 'all layer 7 traffic must be secured with TLS' covers internal listeners"

// serviceStackVerdicts is what one of nathanpeck's service stacks deserves
// on the networking stack it imports (vpc), control by control.
func serviceStackVerdicts(file, vpc string) []verdict {
	f := func(text string) string { return file + "|" + text }
	n := func(text string) string { return vpc + "|" + text }
	privateSubnets := strings.HasPrefix(file, "private-subnet")
	internalLB := strings.HasSuffix(file, "private-loadbalancer.yml")
	publicIP := !strings.HasPrefix(file, "private-subnet-public")
	vs := []verdict{
		{check: "2.2.diagram", want: assess.Pass, truth: n("Type: AWS::EC2::VPC"), says: "1 services"},
		{check: "ECS-001", match: "/nginx", want: assess.Pass, truth: f("LaunchType: FARGATE")},
		{check: "ECS-002.rollback", match: "/nginx", want: assess.Warn, truth: f("MinimumHealthyPercent: 75"), says: "neither the deployment circuit breaker"},
		// The cluster, service and task definition carry the tags real
		// CloudFormation adds (put by the deployer: see deployNetwork).
		{check: "ECS-002.iac-tags", want: assess.Pass, truth: n("ECSCluster:"), says: "carries CloudFormation tags"},
		{check: "REL-001.automation", match: "/nginx", want: assess.Pass, truth: f("Type: AWS::ECS::Service"), says: "tagged by CloudFormation"},
		{check: "ECS-003", match: "nginx:1", want: assess.Pass, truth: f("ContainerDefinitions:")},
		{check: "ECS-004.image-pinning", match: "nginx:1", want: assess.Fail, truth: f("Default: nginx"), says: "uses nginx"},
		{check: "ECS-004.managed-tags", match: "/nginx", want: assess.Fail, truth: f("DeploymentConfiguration:")},
		{check: "ECS-004.tag-dimensions", match: "/nginx", want: assess.Warn, truth: f("ServiceName: !Ref 'ServiceName'")},
		{check: "ECS-004.revision-tags", want: none, truth: "one revision of family nginx is registered"},
		{check: "ECS-005", match: "nginx:1", want: assess.Warn, truth: f(`Default: ""`), says: "has no task role"},
		{check: "ECS-006", match: "nginx:1", want: assess.Pass, truth: f("Cpu: !Ref 'ContainerCpu'"), says: "256 CPU units / 512 MiB"},
		{check: "ECS-007", want: assess.Warn, truth: n("ECSCluster:"), says: "no capacity provider"},
		{check: "ECS-008", want: none, truth: f("LaunchType: FARGATE")},
		{check: "ECS-009", want: none, truth: n("ECSCluster:")},
		{check: "ECS-010", match: "nginx:1", want: assess.Fail, truth: f("Default: nginx"), says: "Docker Hub"},
		// No image comes from ECR: there is no scan result, repository
		// policy or repository image to judge.
		{check: "ECS-010.image-scan-results", want: none, truth: f("Default: nginx")},
		{check: "ECS-010.repository-policy", want: none, truth: f("Default: nginx")},
		{check: "ECS-010.image-in-repository", want: none, truth: f("Default: nginx")},
		{check: "ECS-011.runtime-monitoring", want: assess.Fail, truth: n("ECSCluster:"), says: "Fargate: no enabled GuardDuty detector"},
		{check: "NETSEC-002.env-secrets", want: assess.Pass, truth: f("Image: !Ref 'ImageUrl'"), says: "no key or secret-looking name or value"},
		{check: "NETSEC-002.efs-in-transit", want: assess.Info, truth: f("ContainerDefinitions:"), says: "no task definition in use mounts an EFS file system"},
		{check: "ECS-011.privileged", want: assess.Pass, truth: f("Image: !Ref 'ImageUrl'")},
		{check: "ECS-012", want: assess.Pass, truth: f("LaunchType: FARGATE")},
		{check: "ECS-013", want: none, truth: f("LaunchType: FARGATE")},
		{check: "ECS-014", want: none, truth: f("LaunchType: FARGATE")},
		{check: "ECS-015.listener-tls", match: "internet-facing", want: assess.Fail, truth: n("Protocol: HTTP")},
		{check: "ECS-016", match: "/nginx", want: assess.Pass, truth: f("- Fn::ImportValue:"), says: "spreads tasks over 2 subnets"},
		{check: "ECS-018.logging", match: "nginx:1", want: assess.Fail, truth: f("Image: !Ref 'ImageUrl'"), says: "without a log configuration"},
		{check: "ECS-018.container-insights", want: assess.Fail, truth: n("Type: AWS::ECS::Cluster")},
		{check: "ECS-019", want: assess.Info, truth: f("ContainerDefinitions:")},
		{check: "ECS-020", want: none, truth: f("ContainerDefinitions:")},
		{check: "ECS-021", want: none, truth: f("ContainerDefinitions:")},
		{check: "ECS-022", want: none, truth: f("ContainerDefinitions:")},
		{check: "DOC-001.multi-az", match: "/nginx", want: assess.Pass, truth: f("Default: 2"), says: "runs 2 tasks over eu-west-1a, eu-west-1b"},
		{check: "DOC-001.autoscaling", match: "/nginx", want: assess.Warn, truth: f("DesiredCount: !Ref 'DesiredCount'")},
		{check: "ACCT-001.cloudtrail", want: assess.Fail, truth: "neither template creates a trail, and the estate has none"},
		{check: "ACCT-002.role-wildcards", match: "ECSTaskExecutionRole", want: assess.Info, truth: n("Resource: '*'"), says: "1 apply to every resource"},
		{check: "NETSEC-001.open-security-groups", match: "PublicLoadBalancerSG", want: assess.Fail, truth: n("- CidrIp: 0.0.0.0/0"), says: "all traffic from 0.0.0.0/0"},
		{check: "NETSEC-002.public-listener-tls", want: assess.Fail, truth: n("Protocol: HTTP")},
		{check: "REL-002.multi-az", want: assess.Pass, truth: f("Default: 2")},
		{check: "REL-002.health-checks", match: "/nginx", want: assess.Pass, truth: f("HealthCheckPath: /")},
		{check: "REL-002.rto-rpo", want: assess.Fail, truth: "an --inventory case study states no RTO or RPO"},
		{check: "OPE-001.container-insights", want: assess.Warn, truth: n("Type: AWS::ECS::Cluster")},
		{check: "COST-001", want: assess.Warn, truth: "an --inventory case study records no cost model"},
		{check: "ACCT-001.root-mfa", want: assess.Fail, truth: "moto's account root has no MFA device"},
		// issue 20's checks from data the snapshot already holds
		{check: "ECS-015.target-tls", want: assess.Warn, truth: f("HealthCheckProtocol: HTTP"), says: "forwards to the tasks over HTTP and health-checks them over HTTP"},
		{check: "ECS-012.fargate-platform", match: "/nginx", want: assess.Pass, truth: f("LaunchType: FARGATE"), says: "runs platform version LATEST"},
		{check: "NETSEC-002.ecs-storage-cmk", want: assess.Warn, truth: n("Type: AWS::ECS::Cluster"), says: "Fargate ephemeral storage of nginx is encrypted with an AWS-owned key"},
		{check: "ECS-011.exec-sessions", want: assess.Pass, truth: f("Type: AWS::ECS::Service"), says: "no service enables ECS Exec"},
	}
	// The VPC stacks define no network ACL: their subnets keep the default
	// ACL, which admits all traffic — into public subnets a warning, into
	// subnets without an internet gateway route a note.
	if privateSubnets {
		vs = append(vs, verdict{check: "NETSEC-001.nacl-open-ports", want: assess.Info, truth: n("NatGatewayId: !Ref NatGatewayOne"),
			says: "admits 0.0.0.0/0 on all ports (rule 100), SSH (22) (rule 100), RDP (3389) (rule 100), but these subnets have no route from an internet gateway"})
	} else {
		vs = append(vs, verdict{check: "NETSEC-001.nacl-open-ports", want: assess.Warn, truth: f("AssignPublicIp: ENABLED"),
			says: "admits the internet (0.0.0.0/0) on all ports (rule 100), SSH (22) (rule 100), RDP (3389) (rule 100) into public subnet(s)"})
	}
	if internalLB {
		vs = append(vs, verdict{check: "REL-002.lb-zones", want: assess.Pass, truth: n("- !Ref PrivateSubnetTwo"), says: "spans 2 AZs (eu-west-1a, eu-west-1b)"})
	} else {
		vs = append(vs, verdict{check: "REL-002.lb-zones", want: assess.Pass, truth: n("- !Ref PublicSubnetTwo"), says: "spans 2 AZs (eu-west-1a, eu-west-1b)"})
	}
	switch {
	case publicIP && !privateSubnets:
		vs = append(vs, verdict{check: "NETSEC-001.public-ips", match: "/nginx", want: assess.Warn, truth: f("AssignPublicIp: ENABLED")})
	case publicIP:
		// A public IP in subnets whose default route is a NAT gateway is
		// unreachable from the internet: "only its security groups keep the
		// internet out" is not what the data shows.
		vs = append(vs, verdict{check: "NETSEC-001.public-ips", match: "/nginx", want: assess.Info, truth: n("NatGatewayId: !Ref NatGatewayOne"),
			says: "route no traffic to an internet gateway"})
	default:
		vs = append(vs, verdict{check: "NETSEC-001.public-ips", want: assess.Pass, truth: f("AwsvpcConfiguration:"), says: "give their tasks no public IP"})
	}
	if privateSubnets {
		vs = append(vs, verdict{check: "DOC-001.multi-az", match: "/nginx", want: assess.Pass, truth: n("PrivateSubnetTwo:"), says: "eu-west-1b"})
	}
	if vpc == "public-private-vpc.yml" {
		// The internal load balancer's plain HTTP listener (it exists in
		// every stack on this VPC; only one service stack uses it).
		vs = append(vs, verdict{check: "ECS-015.listener-tls", match: "(internal)", want: assess.Fail, truth: n("Scheme: internal"),
			pending: notFiledL7TLS, today: assess.Warn})
	}
	if vpc == "public-private-vpc.yml" {
		vs = append(vs, verdict{check: "ECS-017", want: assess.Info, truth: n("Scheme: internal"), says: "internal load balancers"})
	} else {
		vs = append(vs, verdict{check: "ECS-017", want: assess.Info, truth: f("ServiceName: !Ref 'ServiceName'"), says: "runs a single service"})
	}
	if internalLB {
		vs = append(vs, verdict{check: "ECS-015.exposure", match: "/nginx", want: assess.Info, truth: f("'PrivateListener'"), says: "internal application load balancer"})
	} else {
		vs = append(vs, verdict{check: "ECS-015.exposure", match: "/nginx", want: assess.Info, truth: f("'PublicListener'"), says: "internet-facing application load balancer"})
	}
	return vs
}

// samplesVerdicts is what the samples cluster deserves, control by control:
// nginx:1 is nginx_ec2.json (bridge, EC2), nginx:2 nginx_fargate.json, both
// on nginx:latest; consulServer:1 runs on EC2 in host mode; tomcat, kibana
// and gunicorn run their Fargate files (revision 2 after the EC2 file),
// jetty its Fargate file; wildfly:1 (wildfly_ec2.json) runs awsvpc on EC2.
func samplesVerdicts() []verdict {
	const (
		ngEC2, ngFG, consul = "nginx/nginx_ec2.json", "nginx/nginx_fargate.json", "consul/ConsulServer.json"
		tomcat, kibana, gun = "tomcat/tomcat_fargate.json", "kibana/kibana_fargate.json", "gunicorn/gunicorn_fargate.json"
		wildfly, jetty      = "wildfly/wildfly_ec2.json", "jetty/jetty_fargate.json"
		vpc                 = "public-private-vpc.yml"
	)
	at := func(file, text string) string { return file + "|" + text }
	return []verdict{
		{check: "2.2.diagram", want: assess.Pass, truth: at(vpc, "Type: AWS::EC2::VPC"), says: "8 services"},
		{check: "ECS-001", match: "/consul-server", want: assess.Pass, truth: at(consul, `"family" : "consulServer"`), says: "runs on EC2"},
		{check: "ECS-001", match: "/kibana", want: assess.Pass, truth: at(kibana, `"FARGATE"`), says: "runs on FARGATE"},
		{check: "ECS-002.rollback", match: "/tomcat", want: assess.Warn, truth: "services created without a deployment circuit breaker (the samples define none)"},
		{check: "ECS-002.iac-tags", match: "/tomcat", want: assess.Warn, truth: "services and task definitions made in the API, as the samples' README does"},
		{check: "ECS-002.iac-tags", match: "cluster/", want: assess.Pass, truth: at(vpc, "ECSCluster:"), says: "carries CloudFormation tags"},
		{check: "REL-001.automation", match: "/tomcat", want: assess.Pass, truth: at(vpc, "ECSCluster:"), says: "cluster tagged by CloudFormation"},
		{check: "ECS-003", match: "kibana:2", want: assess.Pass, truth: at(kibana, `"name":"kibana"`)},
		{check: "ECS-004.image-pinning", match: "nginx:1", want: assess.Fail, truth: at(ngEC2, `"image": "nginx:latest"`)},
		{check: "ECS-004.image-pinning", match: "consulServer:1", want: assess.Fail, truth: at(consul, `"image": "consul"`)},
		{check: "ECS-004.image-pinning", match: "wildfly:1", want: assess.Fail, truth: at(wildfly, `"image": "jboss/wildfly"`)},
		{check: "ECS-004.image-pinning", match: "jetty:2", want: assess.Fail, truth: at(jetty, `"image":"jetty"`)},
		{check: "ECS-004.image-pinning", match: "kibana:2", want: assess.Pass, truth: at(kibana, `kibana:6.0.0`)},
		// Both revisions run nginx:latest, which ECS-004.image-pinning fails
		// in each (rows above); revision-tags names the family's reuse of
		// the mutable tag and warns, as it does for any image reused across
		// revisions (a configuration-only revision may reuse one), so ECS-004
		// fails once for the fact rather than twice.
		{check: "ECS-004.revision-tags", match: "nginx", want: assess.Warn, truth: at(ngFG, `"image": "nginx:latest"`),
			says: "container nginx runs nginx:latest, a mutable tag, in revisions 1, 2"},
		{check: "ECS-004.image-pinning", match: "nginx:2", want: assess.Fail, truth: at(ngFG, `"image": "nginx:latest"`)},
		{check: "ECS-004.managed-tags", match: "/gunicorn", want: assess.Fail, truth: "services created without enableECSManagedTags (the samples define none)"},
		{check: "ECS-004.tag-dimensions", match: "/gunicorn", want: assess.Warn, truth: "services created without tags"},
		{check: "ECS-005", match: "consulServer:1", want: assess.Fail, truth: at(consul, `"networkMode" : "host"`), says: "fall back to the container instance's role"},
		{check: "ECS-005", match: "nginx:1", want: assess.Fail, truth: at(ngEC2, `"requiresCompatibilities"`), says: "can run on EC2"},
		{check: "ECS-005", match: "wildfly:1", want: assess.Fail, truth: at(wildfly, `"family":"wildfly"`), says: "can run on EC2"},
		{check: "ECS-005", match: "tomcat-webserver:2", want: assess.Warn, truth: at(tomcat, `"requiresCompatibilities"`), says: "has no task role"},
		{check: "ECS-006", match: "kibana:2", want: assess.Pass, truth: at(kibana, `"cpu":"1024"`)},
		{check: "ECS-006", match: "wildfly:1", want: assess.Pass, truth: at(wildfly, `"cpu":"512"`), says: "512 CPU units / 1024 MiB"},
		{check: "ECS-006", match: "jetty:2", want: assess.Pass, truth: at(jetty, `"memoryReservation":1024`)},
		{check: "ECS-006", match: "gunicorn:2", want: assess.Pass, truth: at(gun, `"memoryReservation":1024`)},
		{check: "ECS-006", match: "nginx:1", want: assess.Pass, truth: at(ngEC2, `"memory": 256`), says: "sizes each container"},
		{check: "ECS-006", match: "consulServer:1", want: assess.Pass, truth: at(consul, `"memoryReservation": 64`), says: "memory 256/reservation 64"},
		{check: "ECS-007.capacity-providers", want: assess.Fail, truth: "the container instance is registered by hand (containerInstance), no capacity provider",
			says: "without an EC2 capacity provider"},
		{check: "ECS-007.launch-type", match: "/nginx-ec2", want: assess.Warn, truth: "services created with a launch type (the samples define none)"},
		{check: "ECS-008", want: none, truth: "no Spot capacity: on-demand instance and FARGATE launch type"},
		{check: "ECS-009", want: none, truth: "one cluster"},
		{check: "ECS-010", match: "nginx:1", want: assess.Fail, truth: at(ngEC2, `"image": "nginx:latest"`), says: "Docker Hub"},
		// kibana runs a version tag from Elastic's own registry: ECR's scan
		// results cannot show whether it was scanned, and the checklist
		// accepts a repository "such as" ECR, so the registry warns and asks
		// for the scanning evidence; scan results are judged for ECR images
		// (none here), where "never scanned" is a fact, not a guess.
		{check: "ECS-010", match: "kibana:2", want: assess.Warn, truth: at(kibana, `docker.elastic.co/kibana/kibana:6.0.0`), says: "outside your private Amazon ECR"},
		{check: "ECS-010.image-scan-results", want: none, truth: "no sample image comes from ECR"},
		{check: "ECS-010.repository-policy", want: none, truth: "no sample image comes from ECR"},
		{check: "ECS-010.image-in-repository", want: none, truth: "no sample image comes from ECR"},
		{check: "ECS-011.runtime-monitoring", want: assess.Fail, truth: "no GuardDuty detector and no runtime agent in any sample",
			says: "EC2: no enabled GuardDuty detector; Fargate: no enabled GuardDuty detector"},
		{check: "ECS-011.host-namespaces", match: "consulServer:1", want: assess.Warn, truth: at(consul, `"networkMode" : "host"`)},
		{check: "ECS-011.host-namespaces", match: "nginx:1", want: assess.Pass, truth: at(ngEC2, `"networkMode": "bridge"`)},
		{check: "NETSEC-002.env-secrets", match: "kibana:2", want: assess.Pass, truth: at(kibana, `"name":"ELASTICSEARCH_URL"`), says: "no key or secret-looking name or value"},
		{check: "NETSEC-002.efs-in-transit", want: assess.Info, truth: "no sample uses EFS", says: "no task definition in use mounts an EFS file system"},
		{check: "ECS-011.privileged", want: assess.Pass, truth: "no sample sets privileged"},
		{check: "ECS-012", want: assess.Pass, truth: "an Amazon Linux AMI for the EC2 tasks (containerInstance), Fargate for the rest"},
		{check: "ECS-013", want: none, truth: "not automated"},
		{check: "ECS-014", want: none, truth: "no external (ECS Anywhere) instance"},
		{check: "ECS-015.listener-tls", match: "internet-facing", want: assess.Fail, truth: at(vpc, "Protocol: HTTP")},
		{check: "ECS-015.listener-tls", match: "(internal)", want: assess.Fail, truth: at(vpc, "Scheme: internal"), pending: notFiledL7TLS, today: assess.Warn},
		{check: "ECS-017", want: assess.Info, truth: at(vpc, "Scheme: internal"), says: "none with Service Connect or Cloud Map"},
		// awsvpc on EC2 without ENI trunking (off by default: accountDefaults).
		{check: "ECS-016.trunking", want: assess.Warn, truth: at(wildfly, `"networkMode":"awsvpc"`), says: "awsvpcTrunking is disabled"},
		{check: "ECS-016.subnet-ips", match: "/wildfly-ec2", want: assess.Pass, truth: at(vpc, "CIDR: '10.0.2.0/24'")},
		{check: "ECS-016", match: "/tomcat", want: assess.Pass, truth: at(vpc, "PrivateSubnetTwo:"), says: "spreads tasks over 2 subnets"},
		{check: "ECS-018.logging", match: "gunicorn:2", want: assess.Pass, truth: at(gun, `"logDriver":"awslogs"`)},
		{check: "ECS-018.container-insights", want: assess.Fail, truth: at(vpc, "Type: AWS::ECS::Cluster")},
		{check: "ECS-018.tracing", match: "nginx:2", want: assess.Warn, truth: at(ngFG, `"containerDefinitions"`)},
		{check: "ECS-019", want: assess.Info, truth: at(ngEC2, `"volumes": []`)},
		{check: "ECS-020", want: none, truth: "no sample uses EFS"},
		{check: "ECS-021", want: none, truth: "no sample uses EFS"},
		{check: "ECS-022", want: none, truth: "no sample uses EBS"},
		{check: "DOC-001.multi-az", match: "/kibana", want: assess.Warn, truth: "services created with desiredCount 1", says: "desired count is 1"},
		{check: "DOC-001.autoscaling", match: "/kibana", want: assess.Warn, truth: "no scalable target"},
		{check: "ACCT-001.cloudtrail", want: assess.Fail, truth: "no trail in the estate"},
		{check: "ACCT-001.root-mfa", want: assess.Fail, truth: "moto's account root has no MFA device"},
		{check: "ACCT-002.role-wildcards", want: assess.Info, truth: at(vpc, "Resource: '*'")},
		{check: "NETSEC-001.open-security-groups", match: "PublicLoadBalancerSG", want: assess.Fail, truth: at(vpc, "- CidrIp: 0.0.0.0/0")},
		{check: "NETSEC-001.public-ips", want: assess.Pass, truth: "Fargate services created without a public IP"},
		{check: "NETSEC-002.public-listener-tls", want: assess.Fail, truth: at(vpc, "Protocol: HTTP")},
		{check: "NETSEC-002.ebs-at-rest", want: assess.Warn, truth: "moto's EBS encryption by default is off where the container instance runs"},
		{check: "OPE-001.container-insights", want: assess.Warn, truth: at(vpc, "Type: AWS::ECS::Cluster")},
		{check: "OPE-001.log-groups", match: "/ecs/gunicorn", want: assess.Info, truth: at(gun, `"awslogs-region":"us-east-1"`),
			says: "is in region us-east-1 (awslogs-region), which was not collected"},
		{check: "OPE-001.log-groups", match: "consul", want: assess.Info, truth: at(consul, `"awslogs-region": "us-east-2"`),
			says: "is in region us-east-2 (awslogs-region), which was not collected"},
		{check: "REL-002.health-checks", match: "/tomcat", want: assess.Warn, truth: at(tomcat, `"containerDefinitions"`), says: "no container health check"},
		{check: "REL-002.multi-az", want: assess.Warn, truth: "services created with desiredCount 1"},
		{check: "REL-002.rto-rpo", want: assess.Fail, truth: "an --inventory case study states no RTO or RPO"},
		{check: "COST-001", want: assess.Warn, truth: "an --inventory case study records no cost model"},
		// issue 20's checks from data the snapshot already holds
		{check: "ECS-011.host-access", match: "consulServer:1", want: assess.Pass, truth: at(consul, `"networkMode" : "host"`), says: "no sensitive host path or device mounted"},
		{check: "ECS-011.syscall-filter", want: assess.Pass, truth: "no sample sets dockerSecurityOptions"},
		{check: "ECS-018.log-mode", match: "consulServer:1", want: assess.Pass, truth: at(consul, `"awslogs-stream-prefix": "consulServer"`), says: "no container logs in blocking mode"},
		{check: "ECS-012.fargate-platform", match: "/kibana", want: assess.Pass, truth: at(kibana, `"FARGATE"`), says: "runs platform version LATEST"},
		{check: "NETSEC-001.nacl-open-ports", want: assess.Info, truth: at(vpc, "NatGatewayId: !Ref NatGatewayOne"),
			says: "SSH (22) (rule 100), RDP (3389) (rule 100), but these subnets have no route from an internet gateway"},
	}
}
