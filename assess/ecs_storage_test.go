package assess

import (
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

// fxEFS adds to fxWeb an encrypted EFS file system fs-1 with mount targets in
// AZs a and b, mounted by the web task definition with transit encryption
// and IAM authorization, NFS admitted from the tasks' security group.
func fxEFS() inventory.Region {
	r := fxWeb()
	r.ECS.TaskDefinitions[0].Volumes = []inventory.Volume{{Name: "data", Type: "efs",
		EFS: &inventory.EFSVolume{FileSystemID: "fs-1", TransitEncryption: "ENABLED", IAM: "ENABLED"}}}
	r.EFS = []inventory.FileSystem{{ID: "fs-1", ARN: "arn:aws:elasticfilesystem:eu-west-1:" + fxAcct + ":file-system/fs-1", Encrypted: true,
		BackupPolicy: "ENABLED", BackupPolicyCollected: true,
		MountTargets: []inventory.MountTarget{
			{ID: "fsmt-a", SubnetID: "subnet-a", AvailabilityZone: "eu-west-1a", SecurityGroups: []string{"sg-efs"}},
			{ID: "fsmt-b", SubnetID: "subnet-b", AvailabilityZone: "eu-west-1b", SecurityGroups: []string{"sg-efs"}},
		}}}
	r.Network.SecurityGroups = append(r.Network.SecurityGroups, inventory.SecurityGroup{ID: "sg-efs", Name: "efs", VPCID: "vpc-1",
		Ingress: []inventory.SecurityRule{{Protocol: "tcp", FromPort: 2049, ToPort: 2049, SourceGroup: "sg-task"}}})
	return r
}

func TestStorageListing(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(r *inventory.Region)
		want []fxExpect
	}{
		{"stateless", func(r *inventory.Region) {}, []fxExpect{{"ECS-019.storage", Info, "1 task definitions use no volume"}}},
		{"EFS volume", func(r *inventory.Region) { *r = fxEFS() }, []fxExpect{{"ECS-019.storage", Info, "web:3"}}},
		{"shared local docker volume warns", func(r *inventory.Region) {
			r.ECS.TaskDefinitions[0].Volumes = []inventory.Volume{{Name: "db", Type: "docker", Docker: &inventory.DockerVolume{Scope: "shared", Driver: "local", Autoprovision: true}}}
		}, []fxExpect{{"ECS-019.storage", Warn, "web:3"}}},
		{"task-scoped docker volume is fine", func(r *inventory.Region) {
			r.ECS.TaskDefinitions[0].Volumes = []inventory.Volume{{Name: "tmp", Type: "docker", Docker: &inventory.DockerVolume{Scope: "task"}}}
		}, []fxExpect{{"ECS-019.storage", Info, "web:3"}}},
		{"Windows with EFS warns", func(r *inventory.Region) {
			*r = fxEFS()
			r.ECS.TaskDefinitions[0].OSFamily = "WINDOWS_SERVER_2022_CORE"
		}, []fxExpect{{"ECS-019.storage", Warn, "web:3"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := fxWeb()
			tc.edit(&r)
			fxAssert(t, fxRunCheck(t, fxInput(fxSnap(r)), "ECS-019.storage"), tc.want...)
		})
	}
	fxAssert(t, fxRunCheck(t, fxInput(nil), "ECS-019.storage"), fxExpect{"ECS-019.storage", Warn, "no task definition"})
}

func TestMountTargets(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(r *inventory.Region)
		want []fxExpect
	}{
		{"mount target in every task AZ", func(r *inventory.Region) {}, []fxExpect{{"ECS-020.mount-targets", Pass, "fs-1"}}},
		{"missing AZ where a task runs", func(r *inventory.Region) {
			r.EFS[0].MountTargets = r.EFS[0].MountTargets[:1]
		}, []fxExpect{{"ECS-020.mount-targets", Fail, "file-system/fs-1"}}},
		{"missing AZ only allowed by the subnets", func(r *inventory.Region) {
			r.ECS.Clusters[0].Services[0].Network.Subnets = []string{"subnet-a", "subnet-b", "subnet-pub"}
		}, []fxExpect{{"ECS-020.mount-targets", Fail, "fs-1"}}},
		{"service without tasks uses its subnets' AZs", func(r *inventory.Region) {
			r.ECS.Clusters[0].Tasks = nil
			r.ECS.Clusters[0].Services[0].Network.Subnets = []string{"subnet-a"}
		}, []fxExpect{{"ECS-020.mount-targets", Pass, "fs-1"}}},
		{"task AZ from its subnet", func(r *inventory.Region) {
			for i := range r.ECS.Clusters[0].Tasks {
				r.ECS.Clusters[0].Tasks[i].AvailabilityZone = ""
			}
			r.ECS.Clusters[0].Tasks[1].SubnetID = "subnet-pub"
		}, []fxExpect{{"ECS-020.mount-targets", Fail, "fs-1"}}},
		{"mount target not available does not count", func(r *inventory.Region) {
			r.EFS[0].MountTargets[1].LifeCycleState = "creating"
		}, []fxExpect{{"ECS-020.mount-targets", Fail, "fs-1"}}},
		{"One Zone used from two AZs", func(r *inventory.Region) {
			r.EFS[0].AvailabilityZone = "eu-west-1a"
		}, []fxExpect{{"ECS-020.mount-targets", Fail, "fs-1"}}},
		{"file system not in inventory", func(r *inventory.Region) { r.EFS = nil }, []fxExpect{{"ECS-020.mount-targets", Warn, "fs-1"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := fxEFS()
			tc.edit(&r)
			fxAssert(t, fxRunCheck(t, fxInput(fxSnap(r)), "ECS-020.mount-targets"), tc.want...)
		})
	}
}

// TestEFSAccess: ECS-021 is about access to storage (issue 16): mount
// target groups admitting NFS only from the tasks' groups, IAM authorization,
// access points enforcing a root directory and a POSIX user. Transit
// encryption is NETSEC-002's.
func TestEFSAccess(t *testing.T) {
	withAP := func(root, user string) func(r *inventory.Region) {
		return func(r *inventory.Region) {
			r.ECS.TaskDefinitions[0].Volumes[0].EFS.IAM = ""
			r.ECS.TaskDefinitions[0].Volumes[0].EFS.AccessPointID = "fsap-1"
			r.EFS[0].AccessPoints = []inventory.AccessPoint{{ID: "fsap-1", RootDirectory: root, PosixUser: user}}
		}
	}
	for _, tc := range []struct {
		name string
		edit func(r *inventory.Region)
		want []fxExpect
	}{
		{"clean", func(r *inventory.Region) {}, []fxExpect{{"ECS-021.authorization", Pass, "web:3"}, {"ECS-021.mount-target-sg", Pass, "fs-1"}}},
		{"transit encryption off is not ECS-021's", func(r *inventory.Region) {
			r.ECS.TaskDefinitions[0].Volumes[0].EFS.TransitEncryption = "DISABLED"
		}, []fxExpect{{"ECS-021.authorization", Pass, "web:3"}, {"ECS-021.mount-target-sg", Pass, "fs-1"}}},
		{"no IAM, no access point", func(r *inventory.Region) {
			r.ECS.TaskDefinitions[0].Volumes[0].EFS.IAM = ""
		}, []fxExpect{{"ECS-021.authorization", Warn, "web:3"}}},
		{"access point enforcing a root directory and a POSIX user", withAP("/web", "1000:1000"), []fxExpect{{"ECS-021.authorization", Pass, "web:3"}}},
		{"access point without a POSIX user", withAP("/web", ""), []fxExpect{{"ECS-021.authorization", Warn, "web:3"}}},
		{"access point at the file system's root", withAP("/", "1000:1000"), []fxExpect{{"ECS-021.authorization", Warn, "web:3"}}},
		{"access point not collected is unknown", func(r *inventory.Region) {
			withAP("/web", "1000:1000")(r)
			r.EFS[0].AccessPoints = nil
		}, []fxExpect{{"ECS-021.authorization", Warn, "web:3"}}},
		{"NFS open to the world", func(r *inventory.Region) {
			r.Network.SecurityGroups[2].Ingress = append(r.Network.SecurityGroups[2].Ingress, inventory.SecurityRule{Protocol: "tcp", FromPort: 0, ToPort: 65535, CIDR: "0.0.0.0/0"})
		}, []fxExpect{{"ECS-021.mount-target-sg", Warn, "fs-1"}}},
		{"NFS open to the whole VPC", func(r *inventory.Region) {
			r.Network.SecurityGroups[2].Ingress = []inventory.SecurityRule{{Protocol: "tcp", FromPort: 2049, ToPort: 2049, CIDR: "10.0.0.0/16"}}
		}, []fxExpect{{"ECS-021.mount-target-sg", Warn, "fs-1"}}},
		{"NFS from a subnet range is not limited to the tasks' groups", func(r *inventory.Region) {
			r.Network.SecurityGroups[2].Ingress = []inventory.SecurityRule{{Protocol: "tcp", FromPort: 2049, ToPort: 2049, CIDR: "10.0.1.0/24"}}
		}, []fxExpect{{"ECS-021.mount-target-sg", Warn, "fs-1"}}},
		{"NFS from a group the tasks do not wear", func(r *inventory.Region) {
			r.Network.SecurityGroups[2].Ingress = append(r.Network.SecurityGroups[2].Ingress, inventory.SecurityRule{Protocol: "tcp", FromPort: 2049, ToPort: 2049, SourceGroup: "sg-bastion"})
		}, []fxExpect{{"ECS-021.mount-target-sg", Warn, "fs-1"}}},
		{"bridge tasks mount through their container instances' group", func(r *inventory.Region) {
			c := &r.ECS.Clusters[0]
			c.Services[0].Network = nil
			c.ContainerInstances = []inventory.ContainerInstance{{ARN: "ci-1", EC2InstanceID: "i-1", AvailabilityZone: "eu-west-1a"}, {ARN: "ci-2", EC2InstanceID: "i-2", AvailabilityZone: "eu-west-1b"}}
			r.EC2.Instances = []inventory.Instance{{ID: "i-1", SecurityGroups: []string{"sg-host"}}, {ID: "i-2", SecurityGroups: []string{"sg-host"}}}
			r.Network.SecurityGroups[2].Ingress = []inventory.SecurityRule{{Protocol: "tcp", FromPort: 2049, ToPort: 2049, SourceGroup: "sg-host"}}
		}, []fxExpect{{"ECS-021.mount-target-sg", Pass, "fs-1"}}},
		{"port 2049 not admitted", func(r *inventory.Region) {
			r.Network.SecurityGroups[2].Ingress = []inventory.SecurityRule{{Protocol: "tcp", FromPort: 22, ToPort: 22, SourceGroup: "sg-task"}}
		}, []fxExpect{{"ECS-021.mount-target-sg", Warn, "fs-1"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := fxEFS()
			tc.edit(&r)
			fxAssert(t, fxRun(fxInput(fxSnap(r)), "ECS-021"), tc.want...)
		})
	}
}

// TestEFSInTransit: transit encryption of EFS mounts is NETSEC-002's
// (encryption in transit), not ECS-021's (access).
func TestEFSInTransit(t *testing.T) {
	for _, tc := range []struct {
		name, value string
		want        Outcome
	}{{"on", "ENABLED", Pass}, {"off", "DISABLED", Fail}, {"unset", "", Fail}} {
		t.Run(tc.name, func(t *testing.T) {
			r := fxEFS()
			r.ECS.TaskDefinitions[0].Volumes[0].EFS.TransitEncryption = tc.value
			fxAssert(t, fxRunCheck(t, fxInput(fxSnap(r)), "NETSEC-002.efs-in-transit"), fxExpect{"NETSEC-002.efs-in-transit", tc.want, "web:3"})
		})
	}
}

func TestEBSPlacement(t *testing.T) {
	ebs := func(r *inventory.Region) {
		s := &r.ECS.Clusters[0].Services[0]
		s.Volumes = []inventory.ServiceVolume{{Name: "data", Type: "ebs", SizeGiB: 100, VolumeType: "gp3", Encrypted: true}}
		s.LaunchType = "EC2"
		r.ECS.TaskDefinitions[0].Volumes = []inventory.Volume{{Name: "data", Type: "ebs", ConfiguredAtLaunch: true}}
	}
	for _, tc := range []struct {
		name string
		edit func(r *inventory.Region)
		want []fxExpect
	}{
		{"EC2 service without constraint warns", ebs, []fxExpect{{"ECS-022.placement", Warn, "service/prod/web"}, {"ECS-022.volumes", Info, "service/prod/web"}}},
		{"AZ constraint passes", func(r *inventory.Region) {
			ebs(r)
			r.ECS.Clusters[0].Services[0].PlacementConstraints = []inventory.PlacementConstraint{{Type: "memberOf", Expression: "attribute:ecs.availability-zone == eu-west-1a"}}
		}, []fxExpect{{"ECS-022.placement", Pass, "service/prod/web"}}},
		{"constraint in the task definition", func(r *inventory.Region) {
			ebs(r)
			r.ECS.TaskDefinitions[0].PlacementConstraints = []inventory.PlacementConstraint{{Type: "memberOf", Expression: "attribute:ecs.availability-zone in [eu-west-1a]"}}
		}, []fxExpect{{"ECS-022.placement", Pass, "service/prod/web"}}},
		{"distinctInstance does not pin", func(r *inventory.Region) {
			ebs(r)
			r.ECS.Clusters[0].Services[0].PlacementConstraints = []inventory.PlacementConstraint{{Type: "distinctInstance"}}
		}, []fxExpect{{"ECS-022.placement", Warn, "service/prod/web"}}},
		{"Fargate is informational", func(r *inventory.Region) {
			ebs(r)
			r.ECS.Clusters[0].Services[0].LaunchType = "FARGATE"
		}, []fxExpect{{"ECS-022.placement", Info, "service/prod/web"}}},
		{"no EBS", func(r *inventory.Region) {}, []fxExpect{{"ECS-022.placement", Info, "no service uses EBS"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := fxWeb()
			tc.edit(&r)
			fxAssert(t, fxRun(fxInput(fxSnap(r)), "ECS-022"), tc.want...)
		})
	}
}

// TestMountTargetGroupNotCollected: a mount target group missing from the
// inventory leaves who may reach NFS unknown — never a pass.
func TestMountTargetGroupNotCollected(t *testing.T) {
	r := fxEFS()
	r.EFS[0].MountTargets[1].SecurityGroups = []string{"sg-gone"}
	fxAssert(t, fxRunCheck(t, fxInput(fxSnap(r)), "ECS-021.mount-target-sg"), fxExpect{"ECS-021.mount-target-sg", Warn, "fs-1"})
}
