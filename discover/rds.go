package discover

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"

	"github.com/ecspack/ecspack/inventory"
)

// rdsOperations are the Amazon RDS reads: the region's DB instances and
// clusters (Aurora and Multi-AZ DB clusters), whose encryption, exposure and
// backups NETSEC-001, NETSEC-002 and REL-002 judge for the ones the
// workload uses (estate.Region.Databases).
var rdsOperations = ops("rds", "DescribeDBInstances", "DescribeDBClusters")

// rdsPageSize is the largest page of both reads.
const rdsPageSize = 100

// collectRDS reads every DB instance and cluster of the region. Only a run
// that read every page of a list says it is complete.
func (r *regionRun) collectRDS() {
	c := rds.NewFromConfig(r.cfg)
	r.spawn(func() {
		p := rds.NewDescribeDBInstancesPaginator(c, &rds.DescribeDBInstancesInput{MaxRecords: aws.Int32(rdsPageSize)})
		for p.HasMorePages() {
			out, err := p.NextPage(r.ctx)
			if r.fail("rds", err) {
				r.b.rdsListRead("DescribeDBInstances", false)
				return
			}
			r.b.addDBInstances(out)
		}
		r.b.rdsListRead("DescribeDBInstances", true)
	})
	p := rds.NewDescribeDBClustersPaginator(c, &rds.DescribeDBClustersInput{MaxRecords: aws.Int32(rdsPageSize)})
	for p.HasMorePages() {
		out, err := p.NextPage(r.ctx)
		if r.fail("rds", err) {
			r.b.rdsListRead("DescribeDBClusters", false)
			return
		}
		r.b.addDBClusters(out)
	}
	r.b.rdsListRead("DescribeDBClusters", true)
}

// rdsListRead records that one of the two lists was read whole (every
// page, or an imported file) or that some of it was not, which outweighs
// any read: the list is then unknown.
func (b *builder) rdsListRead(op string, whole bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.rdsRead == nil {
		b.rdsRead = map[string]bool{}
	}
	if seen, ok := b.rdsRead[op]; ok && !seen {
		return
	}
	b.rdsRead[op] = whole
}

// addDBInstances keeps what the checks judge of each DB instance; its
// master user's name, endpoint address and password are not kept.
func (b *builder) addDBInstances(out *rds.DescribeDBInstancesOutput) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, d := range out.DBInstances {
		db := inventory.DBInstance{ID: aws.ToString(d.DBInstanceIdentifier), ARN: aws.ToString(d.DBInstanceArn),
			ResourceID: aws.ToString(d.DbiResourceId), Engine: aws.ToString(d.Engine), Status: aws.ToString(d.DBInstanceStatus),
			ClusterID: aws.ToString(d.DBClusterIdentifier), StorageEncrypted: aws.ToBool(d.StorageEncrypted), KMSKeyID: aws.ToString(d.KmsKeyId),
			PubliclyAccessible: aws.ToBool(d.PubliclyAccessible), MultiAZ: aws.ToBool(d.MultiAZ),
			BackupRetentionDays: int(aws.ToInt32(d.BackupRetentionPeriod)), DeletionProtection: aws.ToBool(d.DeletionProtection),
			IAMAuth: aws.ToBool(d.IAMDatabaseAuthenticationEnabled)}
		for _, g := range d.VpcSecurityGroups {
			db.SecurityGroups = append(db.SecurityGroups, aws.ToString(g.VpcSecurityGroupId))
		}
		db.SecurityGroups = sortedUnique(db.SecurityGroups)
		if g := d.DBSubnetGroup; g != nil {
			db.SubnetGroup, db.VPCID = aws.ToString(g.DBSubnetGroupName), aws.ToString(g.VpcId)
			for _, s := range g.Subnets {
				db.Subnets = append(db.Subnets, aws.ToString(s.SubnetIdentifier))
			}
			db.Subnets = sortedUnique(db.Subnets)
		}
		if e := d.Endpoint; e != nil {
			db.Port = int(aws.ToInt32(e.Port))
		}
		if s := d.MasterUserSecret; s != nil {
			db.MasterUserSecretARN = aws.ToString(s.SecretArn)
		}
		b.r.RDS.Instances = append(b.r.RDS.Instances, db)
	}
}

// addDBClusters keeps what the checks judge of each DB cluster.
func (b *builder) addDBClusters(out *rds.DescribeDBClustersOutput) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, d := range out.DBClusters {
		db := inventory.DBCluster{ID: aws.ToString(d.DBClusterIdentifier), ARN: aws.ToString(d.DBClusterArn),
			ResourceID: aws.ToString(d.DbClusterResourceId), Engine: aws.ToString(d.Engine), Status: aws.ToString(d.Status),
			StorageEncrypted: aws.ToBool(d.StorageEncrypted), KMSKeyID: aws.ToString(d.KmsKeyId), PubliclyAccessible: aws.ToBool(d.PubliclyAccessible),
			SubnetGroup: aws.ToString(d.DBSubnetGroup), MultiAZ: aws.ToBool(d.MultiAZ), BackupRetentionDays: int(aws.ToInt32(d.BackupRetentionPeriod)),
			DeletionProtection: aws.ToBool(d.DeletionProtection), IAMAuth: aws.ToBool(d.IAMDatabaseAuthenticationEnabled), Port: int(aws.ToInt32(d.Port))}
		for _, g := range d.VpcSecurityGroups {
			db.SecurityGroups = append(db.SecurityGroups, aws.ToString(g.VpcSecurityGroupId))
		}
		db.SecurityGroups = sortedUnique(db.SecurityGroups)
		for _, m := range d.DBClusterMembers {
			db.Members = append(db.Members, aws.ToString(m.DBInstanceIdentifier))
		}
		db.Members = sortedUnique(db.Members)
		if s := d.MasterUserSecret; s != nil {
			db.MasterUserSecretARN = aws.ToString(s.SecretArn)
		}
		b.r.RDS.Clusters = append(b.r.RDS.Clusters, db)
	}
}
