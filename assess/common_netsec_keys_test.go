package assess

import (
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

func TestECRAndECSStorageKeys(t *testing.T) {
	webRepo := "repository/web"
	prod := ecsClusterARN("prod")
	cmk := "arn:aws:kms:eu-west-1:111122223333:key/app"
	withKeys := func(s *inventory.Snapshot) {
		for i := range ecsReg(s).ECR.Repositories {
			ecsReg(s).ECR.Repositories[i].EncryptionType, ecsReg(s).ECR.Repositories[i].KMSKey = "KMS", cmk
		}
		ecsProd(s).FargateEphemeralKMSKey = cmk
	}
	ecsRunTable(t, []string{"NETSEC-002"}, []ecsCase{
		{name: "customer managed keys pass", mutate: withKeys, want: []ecsWant{
			{Pass, "NETSEC-002.ecr-cmk", webRepo, "customer managed KMS key app"},
			{Pass, "NETSEC-002.ecs-storage-cmk", prod, "Fargate ephemeral storage is encrypted with KMS key app"}}},
		{name: "AES-256 and the AWS managed key warn", mutate: func(s *inventory.Snapshot) {
			withKeys(s)
			ecsReg(s).ECR.Repositories[2].EncryptionType, ecsReg(s).ECR.Repositories[2].KMSKey = "AES256", ""
			ecsReg(s).ECR.Repositories[0].KMSKey = "arn:aws:kms:eu-west-1:111122223333:alias/aws/ecr"
		}, want: []ecsWant{
			{Warn, "NETSEC-002.ecr-cmk", webRepo, "AES-256"},
			{Warn, "NETSEC-002.ecr-cmk", "repository/api", "the AWS managed key aws/ecr"}}},
		{name: "Fargate ephemeral storage without a key warns", want: []ecsWant{
			{Warn, "NETSEC-002.ecs-storage-cmk", prod, "Fargate ephemeral storage of api; web is encrypted with an AWS-owned key"}}},
		{name: "an ECS managed volume without a key warns", mutate: func(s *inventory.Snapshot) {
			withKeys(s)
			ecsProd(s).Services[1].Volumes = []inventory.ServiceVolume{{Name: "data", Type: "ebs", Encrypted: true}}
		}, want: []ecsWant{{Warn, "NETSEC-002.ecs-storage-cmk", prod, "web volume data"}}},
		{name: "the cluster's managed storage key covers the volume", mutate: func(s *inventory.Snapshot) {
			withKeys(s)
			ecsProd(s).ManagedStorageKMSKey = cmk
			ecsProd(s).Services[1].Volumes = []inventory.ServiceVolume{{Name: "data", Type: "ebs", Encrypted: true}}
		}, want: []ecsWant{{Pass, "NETSEC-002.ecs-storage-cmk", prod, "ECS managed volumes with KMS key app"}}},
	})
}

func TestNACLOpenPorts(t *testing.T) {
	allowAll := inventory.ACLEntry{RuleNumber: 100, Protocol: "-1", Action: "allow", CIDR: "0.0.0.0/0"}
	denyAll := inventory.ACLEntry{RuleNumber: 32767, Protocol: "-1", Action: "deny", CIDR: "0.0.0.0/0"}
	for _, tc := range []struct {
		name    string
		entries []inventory.ACLEntry
		subnets []string
		want    []fxExpect
	}{
		{"the default allow-all rule warns", []inventory.ACLEntry{allowAll, denyAll}, []string{"subnet-pub"}, []fxExpect{{"NETSEC-001.nacl-open-ports", Warn, "acl-1"}}},
		{"the same rule on a private subnet is a note", []inventory.ACLEntry{allowAll, denyAll}, []string{"subnet-a"}, []fxExpect{{"NETSEC-001.nacl-open-ports", Info, "acl-1"}}},
		{"SSH open to the internet warns", []inventory.ACLEntry{{RuleNumber: 100, Protocol: "6", Action: "allow", CIDR: "0.0.0.0/0", FromPort: 22, ToPort: 22},
			{RuleNumber: 110, Protocol: "6", Action: "allow", CIDR: "0.0.0.0/0", FromPort: 443, ToPort: 443}, denyAll}, []string{"subnet-pub"},
			[]fxExpect{{"NETSEC-001.nacl-open-ports", Warn, "acl-1"}}},
		{"deny rules before the allow-all pass SSH and RDP but not all ports", []inventory.ACLEntry{
			{RuleNumber: 10, Protocol: "6", Action: "deny", CIDR: "0.0.0.0/0", FromPort: 22, ToPort: 22},
			{RuleNumber: 20, Protocol: "6", Action: "deny", CIDR: "0.0.0.0/0", FromPort: 3389, ToPort: 3389}, allowAll, denyAll}, []string{"subnet-pub"},
			[]fxExpect{{"NETSEC-001.nacl-open-ports", Warn, "acl-1"}}},
		{"only the served ports open passes", []inventory.ACLEntry{{RuleNumber: 100, Protocol: "6", Action: "allow", CIDR: "0.0.0.0/0", FromPort: 443, ToPort: 443},
			{RuleNumber: 110, Protocol: "6", Action: "allow", CIDR: "10.0.0.0/16", FromPort: 0, ToPort: 65535}, denyAll}, []string{"subnet-pub"},
			[]fxExpect{{"NETSEC-001.nacl-open-ports", Pass, "acl-1"}}},
		{"an ACL of subnets no service uses is not judged", []inventory.ACLEntry{allowAll}, []string{"subnet-b"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := fxWeb()
			r.ECS.Clusters[0].Services[0].Network.Subnets = []string{"subnet-a", "subnet-pub"}
			r.Network.NetworkACLs = []inventory.NetworkACL{{ID: "acl-1", VPCID: "vpc-1", Subnets: tc.subnets, Entries: tc.entries}}
			fs := fxRunCheck(t, fxInput(fxSnap(r)), "NETSEC-001.nacl-open-ports")
			fxAssert(t, fs, tc.want...)
			if len(fs) != len(tc.want) {
				t.Errorf("want %d findings, got:\n%s", len(tc.want), fxDump(fs))
			}
		})
	}
}
