package assess

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/inventory"
)

// storageChecks returns this family's checks: storage per task (ECS-019), EFS
// mount targets per AZ (ECS-020), EFS access control (ECS-021) and EBS
// placement (ECS-022).
func storageChecks() []Check {
	return []Check{
		{ID: "ECS-019.storage", Run: checkStorage, Judges: "Storage used by each task definition"},
		{ID: "ECS-020.mount-targets", Run: checkMountTargets, Judges: "An EFS mount target in every AZ where tasks using the file system run"},
		{ID: "ECS-021.authorization", Run: checkEFSAuthorization, Judges: "EFS volumes use IAM authorization or an access point enforcing a root directory and POSIX user"},
		{ID: "ECS-021.mount-target-sg", Run: checkMountTargetSGs, Judges: "EFS mount target security groups admit NFS (2049) only from the groups of the tasks that mount it"},
		{ID: "ECS-021.access-points", Run: checkEFSAccessPoints, Judges: "The other access points of the file systems the tasks mount (those no volume names) enforce a root directory and a POSIX user (Security Hub EFS.3/EFS.4; a warning)"},
		{ID: "ECS-021.mount-target-subnet", Run: checkMountTargetSubnets, Judges: "EFS mount targets of the file systems the tasks mount are not in public subnets (Security Hub EFS.6; a warning)"},
		{ID: "ECS-022.volumes", Run: checkEBSVolumes, Judges: "EBS volumes per service"},
		{ID: "ECS-022.placement", Run: checkEBSPlacement, Judges: "Placement constraints keep EBS-backed tasks with their data"},
	}
}

// regionTaskDefs returns the task definitions that one region's services and
// tasks use, in first-use order.
func regionTaskDefs(rv RegionView) []*inventory.TaskDefinition {
	var out []*inventory.TaskDefinition
	for _, u := range rv.View.TaskDefinitions() {
		out = append(out, u.TaskDef)
	}
	return out
}

// volumeDesc describes one task volume for the storage listing.
func volumeDesc(v inventory.Volume) string {
	switch {
	case v.EFS != nil:
		d := "EFS " + v.EFS.FileSystemID
		if v.EFS.AccessPointID != "" {
			d += " via access point " + v.EFS.AccessPointID
		}
		return v.Name + " (" + d + ")"
	case v.Type == "ebs" || v.ConfiguredAtLaunch:
		return v.Name + " (EBS, configured at launch)"
	case v.Docker != nil:
		driver := v.Docker.Driver
		if driver == "" {
			driver = "local"
		}
		scope := v.Docker.Scope
		if scope == "" {
			scope = "task"
		}
		return fmt.Sprintf("%s (Docker volume, driver %s, scope %s)", v.Name, driver, scope)
	case v.HostPath != "":
		return v.Name + " (bind mount of host path " + v.HostPath + ")"
	case v.Type == "fsx-windows":
		return v.Name + " (FSx for Windows File Server)"
	}
	return v.Name + " (bind mount on task storage)"
}

func checkStorage(in *Input) []Finding {
	const ev = "ecs:DescribeTaskDefinition volumes, containerDefinitions[].mountPoints; ecs:DescribeServices volumeConfigurations"
	var fs []Finding
	var stateless []string
	total := 0
	for _, rv := range in.Regions {
		for _, td := range regionTaskDefs(rv) {
			total++
			if len(td.Volumes) == 0 {
				stateless = append(stateless, fmt.Sprintf("%s:%d", td.Family, td.Revision))
				continue
			}
			var descs, risky []string
			windows := estate.RunsWindows(td)
			for _, v := range td.Volumes {
				descs = append(descs, volumeDesc(v))
				if d := v.Docker; d != nil && (d.Driver == "" || d.Driver == "local") && (d.Scope == "shared" || d.Autoprovision) {
					risky = append(risky, v.Name+" is a shared local Docker volume: its data stays on one instance and is lost if the task moves or the instance is replaced")
				}
				if windows && v.EFS != nil {
					risky = append(risky, v.Name+" mounts EFS, which Windows containers cannot use (use FSx for Windows File Server)")
				}
			}
			if len(risky) > 0 {
				fs = append(fs, Finding{Outcome: Warn, Resource: td.ARN,
					Message:     fmt.Sprintf("task definition %s:%d: %s", td.Family, td.Revision, strings.Join(risky, "; ")),
					Evidence:    ev,
					Remediation: "keep persistent data on EFS, EBS (with placement constraints) or an external database, and explain the storage choice in the answer"})
				continue
			}
			fs = append(fs, Finding{Outcome: Info, Resource: td.ARN,
				Message: fmt.Sprintf("task definition %s:%d uses %s", td.Family, td.Revision, strings.Join(descs, ", ")), Evidence: ev})
		}
	}
	if total == 0 {
		return []Finding{{Outcome: Warn, Message: "no task definition in use in the inventory: storage choices cannot be shown", Evidence: ev,
			Remediation: "collect the inventory of the accounts and regions that run the workload's services"}}
	}
	if len(stateless) > 0 {
		fs = append(fs, Finding{Outcome: Info,
			Message: fmt.Sprintf("%d task definitions use no volume (stateless, or data kept in external services): %s", len(stateless), summarize(stateless)), Evidence: ev})
	}
	return boundFindings(fs)
}

// efsUse is the use of one EFS file system in one region: the task
// definitions mounting it, and the AZs where its tasks run or may run.
type efsUse struct {
	rv       RegionView
	fsID     string
	families []string
	// taskAZs are the AZs of running tasks; subnetAZs those the services' subnets allow.
	taskAZs, subnetAZs map[string]bool
	// taskSGs are the security groups the tasks mounting it wear: their
	// awsvpc services' groups, or their container instances' groups.
	taskSGs map[string]bool
	// volumes are the task definition volumes that mount it, per task definition ARN.
	volumes map[string][]inventory.Volume
}

// efsUses gathers, region by region, every EFS file system the task
// definitions in use mount, with where their tasks run.
func efsUses(in *Input) []*efsUse {
	var out []*efsUse
	for _, rv := range in.Regions {
		byFS := map[string]*efsUse{}
		var order []string
		tdUses := map[string][]*efsUse{}
		for _, td := range regionTaskDefs(rv) {
			for _, v := range td.Volumes {
				if v.EFS == nil || v.EFS.FileSystemID == "" {
					continue
				}
				u := byFS[v.EFS.FileSystemID]
				if u == nil {
					u = &efsUse{rv: rv, fsID: v.EFS.FileSystemID, taskAZs: map[string]bool{}, subnetAZs: map[string]bool{}, taskSGs: map[string]bool{}, volumes: map[string][]inventory.Volume{}}
					byFS[u.fsID] = u
					order = append(order, u.fsID)
				}
				if len(u.volumes[td.ARN]) == 0 {
					u.families = append(u.families, fmt.Sprintf("%s:%d", td.Family, td.Revision))
					tdUses[td.ARN] = append(tdUses[td.ARN], u)
				}
				u.volumes[td.ARN] = append(u.volumes[td.ARN], v)
			}
		}
		for _, cv := range rv.View.Clusters {
			c := cv.Cluster
			for ti := range c.Tasks {
				t := &c.Tasks[ti]
				if t.LastStatus != "" && t.LastStatus != "RUNNING" && t.LastStatus != "PENDING" {
					continue
				}
				az := cv.TaskPlacement(t).AZ
				for _, u := range tdUses[t.TaskDefinition] {
					if az != "" {
						u.taskAZs[az] = true
					}
				}
			}
			for _, sv := range cv.Services {
				s := sv.Service
				us := tdUses[s.TaskDefinition]
				if len(us) == 0 {
					continue
				}
				azs, _ := sv.SubnetAZs()
				if s.Network == nil {
					for _, ci := range c.ContainerInstances {
						if ci.AvailabilityZone != "" {
							azs = append(azs, ci.AvailabilityZone)
						}
					}
				}
				// the NFS clients: awsvpc tasks wear the service's groups; bridge
				// and host tasks mount through their container instances
				groups := sv.SecurityGroups()
				if s.Network == nil {
					for _, ci := range c.ContainerInstances {
						if inst := rv.Index.Instance(ci.EC2InstanceID); inst != nil {
							groups = append(groups, inst.SecurityGroups...)
						}
					}
				}
				for _, u := range us {
					for _, az := range azs {
						u.subnetAZs[az] = true
					}
					for _, sg := range groups {
						u.taskSGs[sg] = true
					}
				}
			}
		}
		for _, id := range order {
			out = append(out, byFS[id])
		}
	}
	return out
}

// mountTargetAZs returns the AZs that have an available mount target of a file system.
func mountTargetAZs(ix *inventory.Index, f *inventory.FileSystem) map[string]bool {
	azs := map[string]bool{}
	for _, mt := range f.MountTargets {
		if mt.LifeCycleState != "" && !strings.EqualFold(mt.LifeCycleState, "available") {
			continue
		}
		az := mt.AvailabilityZone
		if az == "" {
			if sn := ix.Subnet(mt.SubnetID); sn != nil {
				az = sn.AvailabilityZone
			}
		}
		if az != "" {
			azs[az] = true
		}
	}
	return azs
}

func fsResource(u *efsUse, f *inventory.FileSystem) string {
	if f != nil && f.ARN != "" {
		return f.ARN
	}
	return u.fsID
}

func checkMountTargets(in *Input) []Finding {
	const ev = "efs:DescribeMountTargets AvailabilityZoneName; ecs:DescribeTasks availabilityZone; ecs:DescribeServices networkConfiguration.subnets"
	var fs []Finding
	for _, u := range efsUses(in) {
		f := u.rv.Index.FileSystem(u.fsID)
		used := fmt.Sprintf("used by %s", summarize(u.families))
		if f == nil {
			fs = append(fs, Finding{Outcome: Warn, Resource: u.fsID,
				Message: "file system " + u.fsID + " (" + used + ") is not in the inventory of account " + u.rv.Account + " region " + u.rv.Region.Name + ": its mount targets cannot be checked", Evidence: ev,
				Remediation: "collect EFS (efs:DescribeFileSystems, DescribeMountTargets) in the account that owns the file system, or list its mount targets in the answer"})
			continue
		}
		all := map[string]bool{}
		for az := range u.taskAZs {
			all[az] = true
		}
		for az := range u.subnetAZs {
			all[az] = true
		}
		if len(all) == 0 {
			fs = append(fs, Finding{Outcome: Warn, Resource: fsResource(u, f),
				Message: "file system " + u.fsID + " is " + used + ", but no running task or service subnet shows which AZs its tasks use", Evidence: ev,
				Remediation: "list the AZs expected to run these tasks in the answer, with the mount target in each"})
			continue
		}
		have := mountTargetAZs(u.rv.Index, f)
		if f.AvailabilityZone != "" {
			var other []string
			for _, az := range setMembers(all) {
				if az != f.AvailabilityZone {
					other = append(other, az)
				}
			}
			if len(other) > 0 {
				fs = append(fs, Finding{Outcome: Fail, Resource: fsResource(u, f),
					Message: fmt.Sprintf("file system %s is One Zone (%s) but is %s, whose tasks run or may run in %s", u.fsID, f.AvailabilityZone, used, strings.Join(other, ", ")), Evidence: ev,
					Remediation: "use a Regional (multi-AZ) EFS file system, or confine the services' subnets to " + f.AvailabilityZone + " and explain the trade-off"})
				continue
			}
		}
		var missingTasks, missingSubnets []string
		for _, az := range setMembers(all) {
			if have[az] {
				continue
			}
			if u.taskAZs[az] {
				missingTasks = append(missingTasks, az)
			} else {
				missingSubnets = append(missingSubnets, az)
			}
		}
		if len(missingTasks)+len(missingSubnets) > 0 {
			var why []string
			if len(missingTasks) > 0 {
				why = append(why, "tasks run in "+strings.Join(missingTasks, ", "))
			}
			if len(missingSubnets) > 0 {
				why = append(why, "the services' subnets let tasks start in "+strings.Join(missingSubnets, ", "))
			}
			fs = append(fs, Finding{Outcome: Fail, Resource: fsResource(u, f),
				Message: fmt.Sprintf("file system %s (%s) has no mount target in %s: %s", u.fsID, used, strings.Join(append(missingTasks, missingSubnets...), ", "), strings.Join(why, "; ")), Evidence: ev,
				Remediation: "create a mount target of " + u.fsID + " in a subnet of each missing AZ (aws efs create-mount-target), with a security group admitting NFS from the tasks"})
			continue
		}
		fs = append(fs, Finding{Outcome: Pass, Resource: fsResource(u, f),
			Message: fmt.Sprintf("file system %s (%s) has a mount target in every AZ its tasks use: %s", u.fsID, used, strings.Join(setMembers(all), ", ")), Evidence: ev})
	}
	if len(fs) == 0 {
		return []Finding{{Outcome: Info, Message: "no task definition in use mounts an EFS file system", Evidence: ev}}
	}
	return fs
}

// efsVolumesByTD iterates the EFS volumes of the task definitions in use,
// one call per task definition.
func efsVolumesByTD(in *Input, fn func(td *inventory.TaskDefinition, vols []inventory.Volume)) {
	for _, rv := range in.Regions {
		for _, td := range regionTaskDefs(rv) {
			var vols []inventory.Volume
			for _, v := range td.Volumes {
				if v.EFS != nil {
					vols = append(vols, v)
				}
			}
			if len(vols) > 0 {
				fn(td, vols)
			}
		}
	}
}

// efsAccessPoint judges the access point an EFS volume mounts through: it
// restricts access only when it enforces a POSIX user and a root directory
// below the file system's root. known is false when the access point was
// not collected.
func efsAccessPoint(ix *inventory.Index, v inventory.Volume) (ok, known bool, why string) {
	f := ix.FileSystem(v.EFS.FileSystemID)
	if f == nil {
		return false, false, "file system " + v.EFS.FileSystemID + " was not collected"
	}
	for _, ap := range f.AccessPoints {
		if ap.ID != v.EFS.AccessPointID {
			continue
		}
		var lacks []string
		if ap.PosixUser == "" {
			lacks = append(lacks, "no POSIX user")
		}
		if root := strings.TrimRight(ap.RootDirectory, "/"); root == "" {
			lacks = append(lacks, "the file system's root as its root directory")
		}
		if len(lacks) > 0 {
			return false, true, "access point " + ap.ID + " enforces " + strings.Join(lacks, " and ")
		}
		return true, true, fmt.Sprintf("access point %s (root %s, POSIX user %s)", ap.ID, ap.RootDirectory, ap.PosixUser)
	}
	return false, false, "access point " + v.EFS.AccessPointID + " of " + v.EFS.FileSystemID + " was not collected (efs:DescribeAccessPoints)"
}

func checkEFSAuthorization(in *Input) []Finding {
	const ev = "ecs:DescribeTaskDefinition volumes[].efsVolumeConfiguration.authorizationConfig (iam, accessPointId); efs:DescribeAccessPoints rootDirectory, posixUser"
	var fs []Finding
	for _, rv := range in.Regions {
		for _, td := range regionTaskDefs(rv) {
			var open, unknown, good []string
			for _, v := range td.Volumes {
				if v.EFS == nil {
					continue
				}
				var how, weak []string
				if strings.EqualFold(v.EFS.IAM, "ENABLED") {
					how = append(how, "IAM authorization")
				}
				apUnknown := false
				if v.EFS.AccessPointID != "" {
					ok, known, why := efsAccessPoint(rv.Index, v)
					switch {
					case ok:
						how = append(how, why)
					case known:
						weak = append(weak, why)
					default:
						apUnknown, weak = true, append(weak, why)
					}
				}
				name := v.Name + " (" + v.EFS.FileSystemID + ")"
				switch {
				case len(how) > 0:
					good = append(good, v.Name+" via "+strings.Join(how, " and "))
				case apUnknown:
					unknown = append(unknown, name+": "+strings.Join(weak, "; "))
				default:
					open = append(open, name+" with neither IAM authorization nor a restricting access point"+strings.Join(append([]string{""}, weak...), "; "))
				}
			}
			if len(open)+len(unknown)+len(good) == 0 {
				continue
			}
			fs = append(fs, efsAuthorizationFinding(td, open, unknown, good, ev))
		}
	}
	if len(fs) == 0 {
		return []Finding{{Outcome: Info, Message: "no task definition in use mounts an EFS file system", Evidence: ev}}
	}
	return boundFindings(fs)
}

// efsAuthorizationFinding words ECS-021's verdict on one task definition's
// EFS volumes: open ones warn, unknown ones warn naming what is missing.
func efsAuthorizationFinding(td *inventory.TaskDefinition, open, unknown, good []string, ev string) Finding {
	rev := fmt.Sprintf("%s:%d", td.Family, td.Revision)
	switch {
	case len(open) > 0:
		return Finding{Outcome: Warn, Resource: td.ARN,
			Message:     fmt.Sprintf("task definition %s mounts EFS that any client reaching the mount target can read and write: %s", rev, strings.Join(append(open, unknown...), "; ")),
			Evidence:    ev,
			Remediation: "set authorizationConfig.iam to ENABLED with a file system policy granting the task role, and/or mount through an access point enforcing a POSIX user and a root directory of the application's own"}
	case len(unknown) > 0:
		return Finding{Outcome: Warn, Resource: td.ARN,
			Message:     fmt.Sprintf("task definition %s mounts EFS through access points whose restrictions are unknown: %s", rev, strings.Join(unknown, "; ")),
			Evidence:    ev,
			Remediation: "collect the file system's access points (ecspack discover reads efs:DescribeAccessPoints), or show their root directory and POSIX user in the answer"}
	}
	return Finding{Outcome: Pass, Resource: td.ARN,
		Message: fmt.Sprintf("task definition %s restricts access to its EFS mounts: %s", rev, strings.Join(good, ", ")), Evidence: ev}
}

// allowsPort reports whether a rule admits a TCP port.
func allowsPort(r inventory.SecurityRule, port int) bool {
	if r.Protocol == "-1" || strings.EqualFold(r.Protocol, "all") {
		return true
	}
	if r.Protocol != "tcp" && r.Protocol != "6" {
		return false
	}
	return r.FromPort <= port && port <= r.ToPort
}

// coversVPC reports whether a CIDR is the whole internet or as wide as the VPC's range.
func coversVPC(cidr, vpcCIDR string) bool {
	p, err := netip.ParsePrefix(cidr)
	if err != nil {
		return false
	}
	if p.Bits() == 0 {
		return true
	}
	v, err := netip.ParsePrefix(vpcCIDR)
	if err != nil {
		return false
	}
	return p.Bits() <= v.Bits() && p.Contains(v.Addr())
}

func checkMountTargetSGs(in *Input) []Finding {
	const ev = "efs:DescribeMountTargetSecurityGroups; ec2:DescribeSecurityGroups IpPermissions (port 2049)"
	var fs []Finding
	for _, u := range efsUses(in) {
		f := u.rv.Index.FileSystem(u.fsID)
		if f == nil {
			continue
		}
		sgs := map[string]bool{}
		for _, mt := range f.MountTargets {
			for _, sg := range mt.SecurityGroups {
				sgs[sg] = true
			}
		}
		if len(sgs) == 0 {
			fs = append(fs, Finding{Outcome: Info, Resource: fsResource(u, f),
				Message: "the mount targets of " + u.fsID + " have no security group recorded in the inventory", Evidence: ev})
			continue
		}
		var broad, sources, others []string
		unknown := 0
		for _, id := range setMembers(sgs) {
			sg := u.rv.Index.SecurityGroup(id)
			if sg == nil {
				unknown++
				continue
			}
			vpcCIDR := ""
			for _, v := range u.rv.Region.Network.VPCs {
				if v.ID == sg.VPCID {
					vpcCIDR = v.CIDR
				}
			}
			for _, r := range sg.Ingress {
				if !allowsPort(r, 2049) {
					continue
				}
				switch {
				case r.IPv6CIDR == "::/0":
					broad = append(broad, id+" admits ::/0")
				case r.CIDR != "" && coversVPC(r.CIDR, vpcCIDR):
					broad = append(broad, id+" admits "+r.CIDR)
				case r.SourceGroup != "" && u.taskSGs[r.SourceGroup]:
					sources = append(sources, r.SourceGroup+" (the tasks' group)")
				case r.SourceGroup != "":
					others = append(others, "group "+r.SourceGroup)
				case r.CIDR != "":
					others = append(others, "range "+r.CIDR)
				case r.IPv6CIDR != "":
					others = append(others, "range "+r.IPv6CIDR)
				case r.PrefixList != "":
					others = append(others, "prefix list "+r.PrefixList)
				}
			}
		}
		switch {
		case len(broad) > 0:
			fs = append(fs, Finding{Outcome: Warn, Resource: fsResource(u, f),
				Message:     fmt.Sprintf("NFS (2049) to the mount targets of %s is open to a whole network: %s", u.fsID, strings.Join(broad, "; ")),
				Evidence:    ev,
				Remediation: "admit TCP 2049 on the mount targets' security group only from the security group of the tasks (or container instances) that mount " + u.fsID})
		case len(others) > 0 && len(u.taskSGs) == 0:
			fs = append(fs, Finding{Outcome: Warn, Resource: fsResource(u, f),
				Message:     fmt.Sprintf("NFS (2049) to the mount targets of %s is admitted from %s; which security groups the tasks mounting it wear is unknown (no service network configuration or container instance groups collected)", u.fsID, strings.Join(slices.Compact(slices.Sorted(slices.Values(others))), ", ")),
				Evidence:    ev,
				Remediation: "collect the services and container instances that mount " + u.fsID + ", or show in the answer that these sources are the tasks' own groups"})
		case len(others) > 0:
			fs = append(fs, Finding{Outcome: Warn, Resource: fsResource(u, f),
				Message:     fmt.Sprintf("NFS (2049) to the mount targets of %s is admitted from more than the tasks that mount it: %s", u.fsID, strings.Join(slices.Compact(slices.Sorted(slices.Values(others))), ", ")),
				Evidence:    ev,
				Remediation: "admit TCP 2049 on the mount targets' security group only from the security groups the tasks (or container instances) mounting " + u.fsID + " wear"})
		case unknown > 0:
			fs = append(fs, Finding{Outcome: Warn, Resource: fsResource(u, f),
				Message:     fmt.Sprintf("%d security groups of the mount targets of %s are not in the inventory: who may reach NFS (2049) is unknown", unknown, u.fsID),
				Evidence:    ev,
				Remediation: "collect the security groups of the mount targets' VPC (ec2:DescribeSecurityGroups)"})
		case len(sources) > 0:
			fs = append(fs, Finding{Outcome: Pass, Resource: fsResource(u, f),
				Message: fmt.Sprintf("NFS (2049) to the mount targets of %s is admitted only from %s", u.fsID, strings.Join(slices.Compact(slices.Sorted(slices.Values(sources))), ", ")), Evidence: ev})
		default:
			fs = append(fs, Finding{Outcome: Warn, Resource: fsResource(u, f),
				Message: "no rule of the mount targets' security groups admits NFS (2049) to " + u.fsID + ": tasks cannot mount it", Evidence: ev,
				Remediation: "admit TCP 2049 from the tasks' security group"})
		}
	}
	if len(fs) == 0 {
		return []Finding{{Outcome: Info, Message: "no EFS file system in use is in the inventory", Evidence: ev}}
	}
	return fs
}

// ebsUse is one service (or standalone task family) that uses EBS volumes.
type ebsUse struct {
	ref  svcRef
	vols []string
}

// ebsServices returns the services whose tasks get EBS volumes, either
// configured on the service or declared configured-at-launch / EBS-plugin
// volumes in their task definition.
func ebsServices(in *Input) []ebsUse {
	var out []ebsUse
	for _, r := range deployedServices(in) {
		var vols []string
		for _, v := range r.Svc.Volumes {
			if v.Type == "ebs" || v.Type == "" {
				d := v.Name + " (EBS"
				if v.SizeGiB > 0 {
					d += fmt.Sprintf(" %d GiB", v.SizeGiB)
				}
				if v.VolumeType != "" {
					d += " " + v.VolumeType
				}
				if v.Encrypted {
					d += ", encrypted"
				} else {
					d += ", not encrypted"
				}
				vols = append(vols, d+")")
			}
		}
		if r.TD != nil {
			for _, v := range r.TD.Volumes {
				if (v.Type == "ebs" || v.ConfiguredAtLaunch) && !slices.ContainsFunc(r.Svc.Volumes, func(sv inventory.ServiceVolume) bool { return sv.Name == v.Name }) {
					vols = append(vols, v.Name+" (EBS, configured at launch)")
				}
				if v.Docker != nil && strings.Contains(strings.ToLower(v.Docker.Driver), "ebs") {
					vols = append(vols, v.Name+" (Docker volume on driver "+v.Docker.Driver+")")
				}
			}
		}
		if len(vols) > 0 {
			out = append(out, ebsUse{ref: r, vols: vols})
		}
	}
	return out
}

func checkEBSVolumes(in *Input) []Finding {
	const ev = "ecs:DescribeServices deployments[].volumeConfigurations; ecs:DescribeTaskDefinition volumes[].configuredAtLaunch"
	var fs []Finding
	for _, u := range ebsServices(in) {
		fs = append(fs, Finding{Outcome: Info, Resource: u.ref.resource(),
			Message: u.ref.label() + " uses " + strings.Join(u.vols, ", "), Evidence: ev})
	}
	if len(fs) == 0 {
		return []Finding{{Outcome: Info, Message: "no service uses EBS volumes (standalone tasks may)", Evidence: ev}}
	}
	return boundFindings(fs)
}

// pinsToData reports whether a placement constraint keeps tasks where their
// EBS data is: an AZ, an instance or a custom attribute.
func pinsToData(pc inventory.PlacementConstraint) bool {
	if pc.Type != "memberOf" {
		return false
	}
	e := strings.ToLower(pc.Expression)
	return strings.Contains(e, "ecs.availability-zone") || strings.Contains(e, "ec2instanceid") ||
		strings.Contains(e, "instanceid") || strings.Contains(e, "attribute:")
}

func checkEBSPlacement(in *Input) []Finding {
	const ev = "ecs:DescribeServices placementConstraints; ecs:DescribeTaskDefinition placementConstraints"
	var fs []Finding
	for _, u := range ebsServices(in) {
		r := u.ref
		var pcs []inventory.PlacementConstraint
		pcs = append(pcs, r.Svc.PlacementConstraints...)
		if r.TD != nil {
			pcs = append(pcs, r.TD.PlacementConstraints...)
		}
		var pins []string
		for _, pc := range pcs {
			if pinsToData(pc) {
				pins = append(pins, pc.Expression)
			}
		}
		switch {
		case len(pins) > 0:
			fs = append(fs, Finding{Outcome: Pass, Resource: r.resource(),
				Message: r.label() + " keeps its tasks with their EBS data through placement constraints: " + strings.Join(pins, "; "), Evidence: ev})
		case r.sv.Capacity.FargateOnly():
			fs = append(fs, Finding{Outcome: Info, Resource: r.resource(),
				Message: r.label() + " runs on Fargate: its ECS-managed EBS volumes live and die with each task and placement constraints do not apply; persist data through snapshots or external storage", Evidence: ev})
		default:
			fs = append(fs, Finding{Outcome: Warn, Resource: r.resource(),
				Message: r.label() + " uses EBS volumes without a placement constraint: if its data must outlive a task, a restarted task may land away from it", Evidence: ev,
				Remediation: "if the data must persist, add a memberOf placement constraint (e.g. attribute:ecs.availability-zone == <AZ of the volume>); if it is scratch space, say so in the answer"})
		}
	}
	if len(fs) == 0 {
		return []Finding{{Outcome: Info, Message: "no service uses EBS volumes: placement constraints are not needed for data", Evidence: ev}}
	}
	return boundFindings(fs)
}
