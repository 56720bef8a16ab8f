package assess

import (
	"strings"
	"testing"

	"github.com/ecspack/ecspack/discover/inventory"
)

func TestOpenSecurityGroups(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(r *inventory.Region)
		want []fxExpect
	}{
		{"ALB on 80/443 only", func(r *inventory.Region) {}, []fxExpect{{"NETSEC-001.open-security-groups", Pass, "sg-alb"}}},
		{"SSH open to the world", func(r *inventory.Region) {
			r.Network.SecurityGroups = append(r.Network.SecurityGroups, inventory.SecurityGroup{ID: "sg-bastion", Name: "bastion", VPCID: "vpc-1",
				Ingress: []inventory.SecurityRule{{Protocol: "tcp", FromPort: 22, ToPort: 22, CIDR: "0.0.0.0/0"}}})
		}, []fxExpect{{"NETSEC-001.open-security-groups", Fail, "sg-bastion"}}},
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
		}, []fxExpect{{"NETSEC-001.open-security-groups", Fail, "sg-any"}}},
		{"ICMP warns", func(r *inventory.Region) {
			r.Network.SecurityGroups = append(r.Network.SecurityGroups, inventory.SecurityGroup{ID: "sg-ping", Ingress: []inventory.SecurityRule{{Protocol: "icmp", FromPort: -1, ToPort: -1, CIDR: "0.0.0.0/0"}}})
		}, []fxExpect{{"NETSEC-001.open-security-groups", Warn, "sg-ping"}}},
		{"public IP with closed groups warns", func(r *inventory.Region) {
			r.ECS.Clusters[0].Services[0].Network.AssignPublicIP = true
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
	for _, f := range fxRunCheck(t, fxInput(fxSnap(r)), "NETSEC-001.open-security-groups") {
		if f.Outcome == Fail && !strings.Contains(f.Message, "tcp 22 (SSH) from 0.0.0.0/0") {
			t.Errorf("message should name port and source: %s", f.Message)
		}
	}
	fxAssert(t, fxRunCheck(t, fxInput(nil), "NETSEC-001.open-security-groups"), fxExpect{"NETSEC-001.open-security-groups", Warn, "no security group"})
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
			tc.edit(&r)
			fxAssert(t, fxRun(fxInput(fxSnap(r)), "NETSEC-002"), tc.want...)
		})
	}
}
