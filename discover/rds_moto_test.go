package discover

import (
	"slices"
	"testing"

	"github.com/ecspack/ecspack/internal/testkit/mototest"
	"github.com/ecspack/ecspack/inventory"
)

// checkMotoRDS: the estate's DB instances and cluster, as DescribeDBInstances
// and DescribeDBClusters answered them, both lists read whole.
func checkMotoRDS(t *testing.T, est *mototest.Estate, reg *inventory.Region) {
	t.Helper()
	r := reg.RDS
	if !r.InstancesCollected || !r.ClustersCollected {
		t.Errorf("rds lists not marked as read whole: %+v", r)
	}
	inst := map[string]inventory.DBInstance{}
	for _, d := range r.Instances {
		inst[d.ID] = d
	}
	if len(inst) != 3 {
		t.Fatalf("want orders, ledger-1 and legacy; got %+v", r.Instances)
	}
	o := inst["orders"]
	if o.ARN != est.DBInstanceARN || o.Engine != "postgres" || !o.StorageEncrypted || o.PubliclyAccessible || !o.MultiAZ ||
		o.BackupRetentionDays != 7 || !o.DeletionProtection || !o.IAMAuth || o.Port != mototest.DBPort ||
		!slices.Equal(o.SecurityGroups, []string{est.DBGroup}) || o.VPCID != est.VPCID || o.SubnetGroup != "private" ||
		!slices.Equal(o.Subnets, sortedUnique(est.PrivateSubnets[:])) || o.ResourceID == "" || o.ClusterID != "" {
		t.Errorf("orders: %+v", o)
	}
	if l := inst["legacy"]; l.ARN != est.UnusedDBInstanceARN || l.StorageEncrypted || !l.PubliclyAccessible || l.BackupRetentionDays != 0 {
		t.Errorf("legacy: %+v", l)
	}
	if m := inst["ledger-1"]; m.ClusterID != "ledger" {
		t.Errorf("ledger-1: %+v", m)
	}
	if len(r.Clusters) != 1 {
		t.Fatalf("clusters: %+v", r.Clusters)
	}
	c := r.Clusters[0]
	if c.ARN != est.DBClusterARN || c.ID != "ledger" || c.Engine != "aurora-postgresql" || !c.StorageEncrypted || c.BackupRetentionDays != 1 ||
		c.DeletionProtection || c.Port != mototest.DBPort || !slices.Equal(c.SecurityGroups, []string{est.DBGroup}) ||
		!slices.Equal(c.Members, []string{"ledger-1"}) || c.ResourceID == "" {
		t.Errorf("ledger: %+v", c)
	}
}
