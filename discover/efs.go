package discover

import (
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/efs"
	efstypes "github.com/aws/aws-sdk-go-v2/service/efs/types"

	"github.com/ecspack/ecspack/inventory"
)

// efsOperations are the Amazon EFS reads.
var efsOperations = ops("efs", "DescribeFileSystems", "DescribeMountTargets", "DescribeMountTargetSecurityGroups", "DescribeAccessPoints",
	"DescribeBackupPolicy", "DescribeFileSystemPolicy")

func (r *regionRun) collectEFS() {
	c := efs.NewFromConfig(r.cfg)
	r.spawn(func() {
		p := efs.NewDescribeAccessPointsPaginator(c, &efs.DescribeAccessPointsInput{})
		for p.HasMorePages() {
			out, err := p.NextPage(r.ctx)
			if r.failAbout("efs", err, func(g string) { r.b.markGap(gapFileSystem, "", g) }) {
				return
			}
			r.b.addAccessPoints(out)
		}
	})
	p := efs.NewDescribeFileSystemsPaginator(c, &efs.DescribeFileSystemsInput{})
	for p.HasMorePages() {
		out, err := p.NextPage(r.ctx)
		if r.fail("efs", err) {
			return
		}
		r.b.addFileSystems(out)
		for _, fs := range out.FileSystems {
			id := aws.ToString(fs.FileSystemId)
			r.spawn(func() { r.collectMountTargets(c, id) })
			r.spawn(func() { r.collectFileSystemPolicies(c, id) })
		}
	}
}

func (r *regionRun) collectMountTargets(c *efs.Client, fsID string) {
	fsGap := func(g string) { r.b.markGap(gapFileSystem, fsID, g) }
	p := efs.NewDescribeMountTargetsPaginator(c, &efs.DescribeMountTargetsInput{FileSystemId: aws.String(fsID)})
	for p.HasMorePages() {
		out, err := p.NextPage(r.ctx)
		if r.failAbout("efs", err, fsGap) {
			return
		}
		r.b.addMountTargets(out)
		for _, mt := range out.MountTargets {
			id := aws.ToString(mt.MountTargetId)
			r.spawn(func() {
				out, err := c.DescribeMountTargetSecurityGroups(r.ctx, &efs.DescribeMountTargetSecurityGroupsInput{MountTargetId: aws.String(id)})
				if !r.failAbout("efs", err, fsGap) {
					r.b.addMountTargetSecurityGroups(id, out)
				}
			})
		}
	}
}

// collectFileSystemPolicies reads one file system's backup policy and
// resource policy. A file system without one answers PolicyNotFound: a
// fact (no automatic backups, no resource policy), not a gap.
func (r *regionRun) collectFileSystemPolicies(c *efs.Client, fsID string) {
	fsGap := func(g string) { r.b.markGap(gapFileSystem, fsID, g) }
	var nf *efstypes.PolicyNotFound
	bp, err := c.DescribeBackupPolicy(r.ctx, &efs.DescribeBackupPolicyInput{FileSystemId: aws.String(fsID)})
	switch {
	case errors.As(err, &nf):
		r.b.addBackupPolicy(fsID, &efs.DescribeBackupPolicyOutput{})
	case r.failAbout("efs", err, fsGap):
	default:
		r.b.addBackupPolicy(fsID, bp)
	}
	fp, err := c.DescribeFileSystemPolicy(r.ctx, &efs.DescribeFileSystemPolicyInput{FileSystemId: aws.String(fsID)})
	switch {
	case errors.As(err, &nf):
		r.b.addFileSystemPolicy(fsID, &efs.DescribeFileSystemPolicyOutput{})
	case r.failAbout("efs", err, fsGap):
	default:
		r.b.addFileSystemPolicy(fsID, fp)
	}
}

// addBackupPolicy records a file system's automatic backup status
// ("ENABLED", "DISABLED", ...; "" when it has no backup policy).
func (b *builder) addBackupPolicy(fsID string, out *efs.DescribeBackupPolicyOutput) {
	status := ""
	if p := out.BackupPolicy; p != nil {
		status = string(p.Status)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.fsBackup[fsID] = status
}

// addFileSystemPolicy records a file system's resource policy ("" for
// none); one beyond maxRepositoryPolicy is not stored and is a gap.
func (b *builder) addFileSystemPolicy(fsID string, out *efs.DescribeFileSystemPolicyOutput) {
	policy := aws.ToString(out.Policy)
	if id := aws.ToString(out.FileSystemId); id != "" {
		fsID = id
	}
	if len(policy) > maxRepositoryPolicy {
		b.markGap(gapFileSystem, fsID, "efs DescribeFileSystemPolicy: TooLarge")
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.fsPolicy[fsID] = policy
}

func (b *builder) addFileSystems(out *efs.DescribeFileSystemsOutput) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, f := range out.FileSystems {
		fs := inventory.FileSystem{ID: aws.ToString(f.FileSystemId), ARN: aws.ToString(f.FileSystemArn), Name: aws.ToString(f.Name),
			Encrypted: aws.ToBool(f.Encrypted), KMSKey: aws.ToString(f.KmsKeyId), PerformanceMode: string(f.PerformanceMode),
			ThroughputMode: string(f.ThroughputMode), AvailabilityZone: aws.ToString(f.AvailabilityZoneName), LifeCycleState: string(f.LifeCycleState)}
		fs.Tags = tagMap(f.Tags, func(t efstypes.Tag) (*string, *string) { return t.Key, t.Value })
		b.fileSystems = append(b.fileSystems, fs)
	}
}

func (b *builder) addMountTargets(out *efs.DescribeMountTargetsOutput) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, m := range out.MountTargets {
		id := aws.ToString(m.FileSystemId)
		b.mountTargets[id] = append(b.mountTargets[id], inventory.MountTarget{ID: aws.ToString(m.MountTargetId), SubnetID: aws.ToString(m.SubnetId),
			AvailabilityZone: aws.ToString(m.AvailabilityZoneName), IPAddress: aws.ToString(m.IpAddress), LifeCycleState: string(m.LifeCycleState)})
	}
}

func (b *builder) addMountTargetSecurityGroups(mountTarget string, out *efs.DescribeMountTargetSecurityGroupsOutput) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.mountTargetSGs[mountTarget] = sortedUnique(out.SecurityGroups)
}

func (b *builder) addAccessPoints(out *efs.DescribeAccessPointsOutput) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, a := range out.AccessPoints {
		ap := inventory.AccessPoint{ID: aws.ToString(a.AccessPointId), ARN: aws.ToString(a.AccessPointArn), Name: aws.ToString(a.Name)}
		if rd := a.RootDirectory; rd != nil {
			ap.RootDirectory = aws.ToString(rd.Path)
		}
		if u := a.PosixUser; u != nil {
			ap.PosixUser = fmt.Sprintf("%d:%d", aws.ToInt64(u.Uid), aws.ToInt64(u.Gid))
		}
		fs := aws.ToString(a.FileSystemId)
		b.accessPoints[fs] = append(b.accessPoints[fs], ap)
	}
}
