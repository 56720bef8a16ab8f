package assess

import (
	"slices"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

func TestOpenSecurityGroups(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(r *inventory.Region)
		want []fxExpect
	}{
		{"ALB on 80/443 only", func(r *inventory.Region) {}, []fxExpect{{"NETSEC-001.open-security-groups", Pass, "sg-alb"}}},
		{"SSH open to the world on a group in use", func(r *inventory.Region) {
			r.Network.SecurityGroups = append(r.Network.SecurityGroups, inventory.SecurityGroup{ID: "sg-bastion", Name: "bastion", VPCID: "vpc-1",
				Ingress: []inventory.SecurityRule{{Protocol: "tcp", FromPort: 22, ToPort: 22, CIDR: "0.0.0.0/0"}}})
			r.EC2.Instances = []inventory.Instance{{ID: "i-1", SecurityGroups: []string{"sg-bastion"}}}
		}, []fxExpect{{"NETSEC-001.open-security-groups", Fail, "sg-bastion"}}},
		{"SSH open to the world on a group nothing uses warns", func(r *inventory.Region) {
			r.Network.SecurityGroups = append(r.Network.SecurityGroups, inventory.SecurityGroup{ID: "sg-bastion", Name: "bastion", VPCID: "vpc-1",
				Ingress: []inventory.SecurityRule{{Protocol: "tcp", FromPort: 22, ToPort: 22, CIDR: "0.0.0.0/0"}}})
		}, []fxExpect{{"NETSEC-001.open-security-groups", Warn, "sg-bastion"}}},
		{"SSH open on a group only a database's network interface wears fails", func(r *inventory.Region) {
			r.Network.SecurityGroups = append(r.Network.SecurityGroups, inventory.SecurityGroup{ID: "sg-db", Name: "db", VPCID: "vpc-1",
				Ingress: []inventory.SecurityRule{{Protocol: "tcp", FromPort: 5432, ToPort: 5432, CIDR: "0.0.0.0/0"}}})
			r.Network.NetworkInterfaces = []inventory.NetworkInterface{{ID: "eni-db", Type: "interface", Description: "RDSNetworkInterface", RequesterManaged: true, RequesterID: "amazon-rds", Status: "in-use", SecurityGroups: []string{"sg-db"}}}
			r.Network.NetworkInterfacesCollected = true
		}, []fxExpect{{"NETSEC-001.open-security-groups", Fail, "sg-db"}}},
		{"SSH open on a bastion the instances list missed but its interface shows fails", func(r *inventory.Region) {
			r.Network.SecurityGroups = append(r.Network.SecurityGroups, inventory.SecurityGroup{ID: "sg-bastion", Name: "bastion", VPCID: "vpc-1",
				Ingress: []inventory.SecurityRule{{Protocol: "tcp", FromPort: 22, ToPort: 22, CIDR: "0.0.0.0/0"}}})
			r.Network.NetworkInterfaces = []inventory.NetworkInterface{{ID: "eni-b", Type: "interface", InstanceID: "i-bastion", Status: "in-use", SecurityGroups: []string{"sg-bastion"}}}
			r.Network.NetworkInterfacesCollected = true
		}, []fxExpect{{"NETSEC-001.open-security-groups", Fail, "sg-bastion"}}},
		{"interfaces read whole prove a group unused even when another read failed", func(r *inventory.Region) {
			r.Network.SecurityGroups = append(r.Network.SecurityGroups, inventory.SecurityGroup{ID: "sg-bastion", Name: "bastion", VPCID: "vpc-1",
				Ingress: []inventory.SecurityRule{{Protocol: "tcp", FromPort: 22, ToPort: 22, CIDR: "0.0.0.0/0"}}})
			r.EC2.Instances = []inventory.Instance{{ID: "i-bare"}} // security groups not recorded: the modelled wearers cannot show it unused
			r.Network.NetworkInterfacesCollected = true
		}, []fxExpect{{"NETSEC-001.open-security-groups", Warn, "sg-bastion"}}},
		{"task group open on IPv6", func(r *inventory.Region) {
			r.Network.SecurityGroups[1].Ingress = append(r.Network.SecurityGroups[1].Ingress, inventory.SecurityRule{Protocol: "tcp", FromPort: 8080, ToPort: 8080, IPv6CIDR: "::/0"})
		}, []fxExpect{{"NETSEC-001.open-security-groups", Fail, "sg-task"}, {"NETSEC-001.public-ips", Pass, "1 awsvpc services"}}},
		{"ALB group open on a non-listener port", func(r *inventory.Region) {
			r.Network.SecurityGroups[0].Ingress = append(r.Network.SecurityGroups[0].Ingress, inventory.SecurityRule{Protocol: "tcp", FromPort: 0, ToPort: 65535, CIDR: "0.0.0.0/0"})
		}, []fxExpect{{"NETSEC-001.open-security-groups", Fail, "sg-alb"}}},
		{"ALB group on its own listener port 8443", func(r *inventory.Region) {
			r.ELB.LoadBalancers[0].Listeners = append(r.ELB.LoadBalancers[0].Listeners, inventory.Listener{ARN: "l8443", Protocol: "HTTPS", Port: 8443, SSLPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06"})
			r.Network.SecurityGroups[0].Ingress = append(r.Network.SecurityGroups[0].Ingress, inventory.SecurityRule{Protocol: "tcp", FromPort: 8443, ToPort: 8443, CIDR: "0.0.0.0/0"})
		}, []fxExpect{{"NETSEC-001.open-security-groups", Pass, "sg-alb"}}},
		{"all traffic from anywhere", func(r *inventory.Region) {
			r.Network.SecurityGroups = append(r.Network.SecurityGroups, inventory.SecurityGroup{ID: "sg-any", Name: "any", Ingress: []inventory.SecurityRule{{Protocol: "-1", CIDR: "0.0.0.0/0"}}})
			r.ECS.Clusters[0].Services[0].Network.SecurityGroups = append(r.ECS.Clusters[0].Services[0].Network.SecurityGroups, "sg-any")
		}, []fxExpect{{"NETSEC-001.open-security-groups", Fail, "sg-any"}}},
		{"ICMP warns", func(r *inventory.Region) {
			r.Network.SecurityGroups = append(r.Network.SecurityGroups, inventory.SecurityGroup{ID: "sg-ping", Ingress: []inventory.SecurityRule{{Protocol: "icmp", FromPort: -1, ToPort: -1, CIDR: "0.0.0.0/0"}}})
		}, []fxExpect{{"NETSEC-001.open-security-groups", Warn, "sg-ping"}}},
		{"public IP with closed groups warns", func(r *inventory.Region) {
			r.ECS.Clusters[0].Services[0].Network.AssignPublicIP = true
		}, []fxExpect{{"NETSEC-001.public-ips", Warn, "service/prod/web"}}},
		{"public IP in subnets routed through a NAT gateway only is unreachable", func(r *inventory.Region) {
			r.ECS.Clusters[0].Services[0].Network.AssignPublicIP = true
			r.Network.RouteTables = []inventory.RouteTable{{ID: "rtb-private", VPCID: "vpc-1", Subnets: []string{"subnet-a", "subnet-b"},
				Routes: []inventory.Route{{Destination: "10.0.0.0/16", Target: "local"}, {Destination: "0.0.0.0/0", Target: "nat-1"}}}}
		}, []fxExpect{{"NETSEC-001.public-ips", Info, "service/prod/web"}}},
		{"public IP with one subnet routed to an internet gateway warns", func(r *inventory.Region) {
			r.ECS.Clusters[0].Services[0].Network.AssignPublicIP = true
			r.ECS.Clusters[0].Services[0].Network.Subnets = []string{"subnet-a", "subnet-pub"}
			r.Network.RouteTables = []inventory.RouteTable{{ID: "rtb-private", VPCID: "vpc-1", Subnets: []string{"subnet-a"}},
				{ID: "rtb-public", VPCID: "vpc-1", Subnets: []string{"subnet-pub"}, Routes: []inventory.Route{{Destination: "0.0.0.0/0", Target: "igw-1"}}}}
		}, []fxExpect{{"NETSEC-001.public-ips", Warn, "service/prod/web"}}},
		{"public IP with group open to the world fails", func(r *inventory.Region) {
			r.ECS.Clusters[0].Services[0].Network.AssignPublicIP = true
			r.Network.SecurityGroups[1].Ingress = append(r.Network.SecurityGroups[1].Ingress, inventory.SecurityRule{Protocol: "tcp", FromPort: 8080, ToPort: 8080, CIDR: "0.0.0.0/0"})
		}, []fxExpect{{"NETSEC-001.public-ips", Fail, "service/prod/web"}, {"NETSEC-001.open-security-groups", Fail, "sg-task"}}},
		{"default group in use", func(r *inventory.Region) {
			r.Network.SecurityGroups = append(r.Network.SecurityGroups, inventory.SecurityGroup{ID: "sg-def", Name: "default", VPCID: "vpc-1",
				Ingress: []inventory.SecurityRule{{Protocol: "-1", SourceGroup: "sg-def"}}})
			r.ECS.Clusters[0].Services[0].Network.SecurityGroups = []string{"sg-def"}
		}, []fxExpect{{"NETSEC-001.default-security-group", Warn, "sg-def"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := fxWeb()
			tc.edit(&r)
			fs := fxRun(fxInput(fxSnap(r)), "NETSEC-001")
			fxAssert(t, fs, tc.want...)
		})
	}
}

func TestOpenSecurityGroupMessageNamesPort(t *testing.T) {
	r := fxWeb()
	r.Network.SecurityGroups = append(r.Network.SecurityGroups, inventory.SecurityGroup{ID: "sg-bastion", Ingress: []inventory.SecurityRule{{Protocol: "tcp", FromPort: 22, ToPort: 22, CIDR: "0.0.0.0/0"}}})
	r.ECS.Clusters[0].Services[0].Network.SecurityGroups = []string{"sg-task", "sg-bastion"}
	fails := 0
	for _, f := range fxRunCheck(t, fxInput(fxSnap(r)), "NETSEC-001.open-security-groups") {
		if f.Outcome == Fail {
			fails++
			if !strings.Contains(f.Message, "tcp 22 (SSH) from 0.0.0.0/0") {
				t.Errorf("message should name port and source: %s", f.Message)
			}
		}
	}
	if fails != 1 {
		t.Errorf("%d fails, want 1 (sg-bastion)", fails)
	}
	fxAssert(t, fxRunCheck(t, fxInput(nil), "NETSEC-001.open-security-groups"), fxExpect{"NETSEC-001.open-security-groups", Warn, "no security group"})
}

// TestOpenSecurityGroupsByUse checks that world-open ingress fails on a
// group something wears (naming what), warns on a group nothing in the
// inventory wears, and still fails when the inventory cannot show the group
// is unused.
func TestOpenSecurityGroupsByUse(t *testing.T) {
	const check = "NETSEC-001.open-security-groups"
	open := inventory.SecurityGroup{ID: "sg-open", Name: "open", VPCID: "vpc-1", Ingress: []inventory.SecurityRule{{Protocol: "tcp", FromPort: 22, ToPort: 22, CIDR: "0.0.0.0/0"}}}
	instance := func(id string, groups ...string) func(*inventory.Region) {
		return func(r *inventory.Region) {
			r.EC2.Instances = append(r.EC2.Instances, inventory.Instance{ID: id, SecurityGroups: groups})
		}
	}
	containerInstance := func(cluster int, ec2ID string) func(*inventory.Region) {
		return func(r *inventory.Region) {
			c := &r.ECS.Clusters[cluster]
			c.ContainerInstances = append(c.ContainerInstances, inventory.ContainerInstance{ARN: c.ARN + "/ci/" + ec2ID, EC2InstanceID: ec2ID})
			c.RegisteredInstancesCount = len(c.ContainerInstances)
		}
	}
	failed := func(service, op, region string) func(*inventory.Snapshot) {
		return func(s *inventory.Snapshot) {
			s.Collection.Errors = append(s.Collection.Errors, inventory.CollectionError{Account: fxAcct, Region: region, Service: service, Operation: op, Code: "AccessDenied", Message: "denied"})
		}
	}
	for _, tc := range []struct {
		name  string
		edits []func(*inventory.Region)
		snap  func(*inventory.Snapshot)
		want  Outcome
		// says are in the finding's message.
		says []string
	}{
		{"nothing uses it", nil, nil, Warn, []string{"tcp 22 (SSH)", "not attached to anything in the inventory", "delete it or restrict it"}},
		{"a service uses it", []func(*inventory.Region){func(r *inventory.Region) {
			r.ECS.Clusters[0].Services[0].Network.SecurityGroups = append(r.ECS.Clusters[0].Services[0].Network.SecurityGroups, "sg-open")
		}}, nil, Fail, []string{"tcp 22 (SSH) from 0.0.0.0/0", "attached to service web"}},
		{"a container instance uses it", []func(*inventory.Region){instance("i-0abc", "sg-open"), containerInstance(0, "i-0abc")}, nil, Fail,
			[]string{"attached to container instance i-0abc of prod"}},
		{"a service and an instance use it", []func(*inventory.Region){instance("i-0abc", "sg-task", "sg-open"), func(r *inventory.Region) {
			r.ECS.Clusters[0].Services[0].Network.SecurityGroups = []string{"sg-open"}
		}}, nil, Fail, []string{"attached to instance i-0abc; service web"}},
		{"a load balancer uses it off its listener ports", []func(*inventory.Region){func(r *inventory.Region) {
			r.ELB.LoadBalancers[0].SecurityGroups = append(r.ELB.LoadBalancers[0].SecurityGroups, "sg-open")
		}}, nil, Fail, []string{"attached to load balancer web-alb"}},
		{"an EFS mount target uses it", []func(*inventory.Region){func(r *inventory.Region) {
			r.EFS = []inventory.FileSystem{{ID: "fs-1", Encrypted: true, MountTargets: []inventory.MountTarget{{ID: "fsmt-1", SubnetID: "subnet-a", SecurityGroups: []string{"sg-open"}}}}}
		}}, nil, Fail, []string{"attached to EFS fs-1 mount target"}},
		{"a VPC endpoint uses it", []func(*inventory.Region){func(r *inventory.Region) {
			r.Network.VPCEndpoints = []inventory.VPCEndpoint{{ID: "vpce-1", VPCID: "vpc-1", ServiceName: "com.amazonaws.eu-west-1.ecr.api", Type: "Interface", SecurityGroups: []string{"sg-open"}}}
		}}, nil, Fail, []string{"attached to VPC endpoint vpce-1 (ecr.api)"}},
		{"an instance wearing another group leaves it unused", []func(*inventory.Region){instance("i-1", "sg-task")}, nil, Warn, []string{"not attached"}},
		{"instances were not collected", nil, failed("ec2", "DescribeInstances", "eu-west-1"), Fail,
			[]string{"cannot show it is unused", "ec2 DescribeInstances was not collected (AccessDenied)"}},
		{"services were not collected, account-wide error", nil, func(s *inventory.Snapshot) {
			s.Collection.Errors = append(s.Collection.Errors, inventory.CollectionError{Service: "ecs", Operation: "DescribeServices", Message: "throttled"})
		}, Fail, []string{"ecs DescribeServices was not collected"}},
		{"an error in another region does not count", nil, failed("ec2", "DescribeInstances", "us-east-1"), Warn, []string{"not attached"}},
		{"an error on an unrelated read does not count", nil, failed("ecr", "DescribeRepositories", "eu-west-1"), Warn, []string{"not attached"}},
		{"a container instance was not described", []func(*inventory.Region){containerInstance(0, "i-gone")}, nil, Fail,
			[]string{"container instances not described (ec2:DescribeInstances): i-gone"}},
		{"container instances were not listed", []func(*inventory.Region){func(r *inventory.Region) { r.ECS.Clusters[0].RegisteredInstancesCount = 3 }}, nil, Fail,
			[]string{"cluster prod has 3 registered container instances, 0 collected"}},
		{"services were not all listed", []func(*inventory.Region){func(r *inventory.Region) { r.ECS.Clusters[0].ActiveServicesCount = 2 }}, nil, Fail,
			[]string{"cluster prod has 2 active services, 1 collected"}},
		{"an instance without recorded groups", []func(*inventory.Region){instance("i-old")}, nil, Fail,
			[]string{"security groups not recorded for instance i-old"}},
		{"an interface endpoint without recorded groups", []func(*inventory.Region){func(r *inventory.Region) {
			r.Network.VPCEndpoints = []inventory.VPCEndpoint{{ID: "vpce-2", VPCID: "vpc-1", Type: "Interface"}}
		}}, nil, Fail, []string{"security groups not recorded for interface endpoint vpce-2"}},
		{"a gateway endpoint has no groups", []func(*inventory.Region){func(r *inventory.Region) {
			r.Network.VPCEndpoints = []inventory.VPCEndpoint{{ID: "vpce-3", VPCID: "vpc-1", Type: "Gateway", ServiceName: "com.amazonaws.eu-west-1.s3"}}
		}}, nil, Warn, []string{"not attached"}},
		{"a mount target without recorded groups", []func(*inventory.Region){func(r *inventory.Region) {
			r.EFS = []inventory.FileSystem{{ID: "fs-2", Encrypted: true, MountTargets: []inventory.MountTarget{{ID: "fsmt-2", SubnetID: "subnet-a"}}}}
		}}, nil, Fail, []string{"security groups not recorded for EFS fs-2 mount target fsmt-2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := fxWeb()
			r.Network.SecurityGroups = append(r.Network.SecurityGroups, open)
			r.Network.SecurityGroups[len(r.Network.SecurityGroups)-1].Ingress = slices.Clone(open.Ingress)
			for _, e := range tc.edits {
				e(&r)
			}
			snap := fxSnap(r)
			if tc.snap != nil {
				tc.snap(snap)
			}
			fs := fxRunCheck(t, fxInput(snap), check)
			fxAssert(t, fs, fxExpect{check, tc.want, "sg-open"})
			for _, f := range fs {
				if f.Resource != "sg-open" {
					continue
				}
				for _, w := range tc.says {
					if !strings.Contains(f.Message, w) {
						t.Errorf("message lacks %q: %s", w, f.Message)
					}
				}
			}
		})
	}
}

// TestOpenSecurityGroupsInUseAcrossRegions checks that use is judged in the
// group's own region: a service in another region wearing a group of the same
// id does not make this region's group in use.
func TestOpenSecurityGroupsInUseAcrossRegions(t *testing.T) {
	a := fxWeb()
	a.Network.SecurityGroups = append(a.Network.SecurityGroups, inventory.SecurityGroup{ID: "sg-open", Ingress: []inventory.SecurityRule{{Protocol: "tcp", FromPort: 22, ToPort: 22, CIDR: "0.0.0.0/0"}}})
	b := fxRegion("us-east-1")
	b.EC2.Instances = []inventory.Instance{{ID: "i-1", SecurityGroups: []string{"sg-open"}}}
	fs := fxRunCheck(t, fxInput(fxSnap(a, b)), "NETSEC-001.open-security-groups")
	fxAssert(t, fs, fxExpect{"NETSEC-001.open-security-groups", Warn, "sg-open"})
}

func TestEncryption(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(r *inventory.Region)
		want []fxExpect
	}{
		{"clean", func(r *inventory.Region) {}, []fxExpect{{"NETSEC-002.public-listener-tls", Pass, "l443"}, {"NETSEC-002.efs-at-rest", Pass, "fs-1"}}},
		{"HTTP forward on public ALB", func(r *inventory.Region) {
			r.ELB.LoadBalancers[0].Listeners[0].DefaultActions = []inventory.Action{{Type: "forward", TargetGroups: []string{r.ELB.TargetGroups[0].ARN}}}
		}, []fxExpect{{"NETSEC-002.public-listener-tls", Fail, "l80"}, {"NETSEC-002.efs-at-rest", Pass, "fs-1"}}},
		{"internal LBs are not public endpoints", func(r *inventory.Region) {
			r.ELB.LoadBalancers[0].Scheme = "internal"
			r.ELB.LoadBalancers[0].Listeners[0].DefaultActions = []inventory.Action{{Type: "forward", TargetGroups: []string{r.ELB.TargetGroups[0].ARN}}}
		}, []fxExpect{{"NETSEC-002.public-listener-tls", Info, "no internet-facing"}, {"NETSEC-002.efs-at-rest", Pass, "fs-1"}}},
		{"EFS unencrypted", func(r *inventory.Region) { r.EFS[0].Encrypted = false }, []fxExpect{{"NETSEC-002.efs-at-rest", Fail, "file-system/fs-1"}}},
		{"EBS default off with instances", func(r *inventory.Region) {
			r.EC2.Instances = []inventory.Instance{{ID: "i-1"}}
			r.EC2.EBSEncryptionByDefault = fxBool(false)
		}, []fxExpect{{"NETSEC-002.ebs-at-rest", Warn, "eu-west-1"}, {"NETSEC-002.efs-at-rest", Pass, "fs-1"}}},
		{"unencrypted service EBS volume", func(r *inventory.Region) {
			r.ECS.Clusters[0].Services[0].Volumes = []inventory.ServiceVolume{{Name: "data", Type: "ebs"}}
			r.EC2.EBSEncryptionByDefault = fxBool(false)
		}, []fxExpect{{"NETSEC-002.ebs-at-rest", Warn, "eu-west-1"}, {"NETSEC-002.ebs-at-rest", Fail, "service/prod/web"}}},
		{"unencrypted service EBS volume, encrypted by default", func(r *inventory.Region) {
			r.ECS.Clusters[0].Services[0].Volumes = []inventory.ServiceVolume{{Name: "data", Type: "ebs"}}
			r.EC2.EBSEncryptionByDefault = fxBool(true)
		}, []fxExpect{{"NETSEC-002.ebs-at-rest", Pass, "eu-west-1"}}},
		{"ECR and log encryption are informational", func(r *inventory.Region) {
			r.ECR.Repositories = []inventory.Repository{{Name: "web", URI: "x/web", EncryptionType: "AES256"}, {Name: "api", URI: "x/api", EncryptionType: "KMS"}}
		}, []fxExpect{{"NETSEC-002.ecr-encryption", Info, "eu-west-1"}, {"NETSEC-002.log-encryption", Info, "eu-west-1"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := fxEFS()
			// customer managed keys for ECS storage: NETSEC-002.ecs-storage-cmk has its own test
			r.ECS.Clusters[0].FargateEphemeralKMSKey = "arn:aws:kms:eu-west-1:" + fxAcct + ":key/fargate"
			r.ECS.Clusters[0].ManagedStorageKMSKey = "arn:aws:kms:eu-west-1:" + fxAcct + ":key/ebs"
			tc.edit(&r)
			fxAssert(t, fxRun(fxInput(fxSnap(r)), "NETSEC-002"), tc.want...)
		})
	}
}
