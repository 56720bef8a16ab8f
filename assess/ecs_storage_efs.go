package assess

import (
	"fmt"
	"strings"
)

// The ECS-021 checks of the file systems the tasks mount beyond the volumes
// themselves: the access points no volume names (ECS-021.authorization
// judges those a volume mounts through), and where the mount targets sit.
// Registered in storageChecks (ecs_storage.go).

func checkEFSAccessPoints(in *Input) []Finding {
	const ev = "efs:DescribeAccessPoints RootDirectory.Path, PosixUser"
	var fs []Finding
	ps := &wlPasses{evidence: ev, summary: "EFS access points enforce a root directory and a POSIX user"}
	for _, u := range efsUses(in) {
		f := u.rv.Index.FileSystem(u.fsID)
		if f == nil {
			continue // ECS-020.mount-targets reports a file system that was not collected
		}
		mounted := map[string]bool{}
		for _, vs := range u.volumes {
			for _, v := range vs {
				mounted[v.EFS.AccessPointID] = true
			}
		}
		for _, ap := range f.AccessPoints {
			if mounted[ap.ID] {
				continue // a volume mounts through it: ECS-021.authorization judges it
			}
			res := ap.ARN
			if res == "" {
				res = ap.ID
			}
			var lacks []string
			if strings.TrimRight(ap.RootDirectory, "/") == "" {
				lacks = append(lacks, "no root directory below the file system's root")
			}
			if ap.PosixUser == "" {
				lacks = append(lacks, "no POSIX user")
			}
			if len(lacks) == 0 {
				ps.add(res, fmt.Sprintf("access point %s of %s enforces root directory %s and POSIX user %s", ap.ID, f.ID, ap.RootDirectory, ap.PosixUser))
				continue
			}
			fs = append(fs, Finding{Outcome: Warn, Resource: res,
				Message:     fmt.Sprintf("access point %s of %s (which %s mount through other access points or none) has %s: whoever mounts through it sees the whole file system with the identity the client chooses", ap.ID, f.ID, summarize(u.families), strings.Join(lacks, " and ")),
				Evidence:    ev,
				Remediation: "recreate the access point with a root directory for the one application (e.g. /app, with creation info) and a POSIX user and group, or delete it if nothing uses it"})
		}
	}
	return append(fs, ps.findings()...)
}

func checkMountTargetSubnets(in *Input) []Finding {
	const ev = "efs:DescribeMountTargets SubnetId; ec2:DescribeRouteTables (a subnet routing 0.0.0.0/0 to an internet gateway is public)"
	var fs []Finding
	ps := &wlPasses{evidence: ev, summary: "EFS mount targets are in private subnets"}
	for _, u := range efsUses(in) {
		f := u.rv.Index.FileSystem(u.fsID)
		if f == nil {
			continue
		}
		for _, mt := range f.MountTargets {
			sn := u.rv.Index.Subnet(mt.SubnetID)
			switch {
			case sn == nil:
				fs = append(fs, Finding{Outcome: Warn, Resource: mt.ID,
					Message:     fmt.Sprintf("mount target %s of %s is in subnet %s, which is not in the inventory, so whether it is public is unverified", mt.ID, f.ID, mt.SubnetID),
					Evidence:    ev,
					Remediation: "collect the inventory of the VPC the file system is mounted in (ec2:DescribeSubnets, ec2:DescribeRouteTables)"})
			case sn.Public:
				fs = append(fs, Finding{Outcome: Warn, Resource: mt.ID,
					Message:     fmt.Sprintf("mount target %s of %s is in public subnet %s (%s): only its security group stands between the file system and the internet route", mt.ID, f.ID, sn.ID, sn.AvailabilityZone),
					Evidence:    ev,
					Remediation: "create the mount target in a private subnet of the same AZ and delete this one"})
			default:
				ps.add(mt.ID, fmt.Sprintf("mount target %s of %s is in private subnet %s (%s)", mt.ID, f.ID, sn.ID, sn.AvailabilityZone))
			}
		}
	}
	return append(fs, ps.findings()...)
}
