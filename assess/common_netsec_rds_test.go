package assess

import (
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

const (
	fxDBARN      = "arn:aws:rds:eu-west-1:" + fxAcct + ":db:orders"
	fxClusterDB  = "arn:aws:rds:eu-west-1:" + fxAcct + ":cluster:ledger"
	fxUnusedDB   = "arn:aws:rds:eu-west-1:" + fxAcct + ":db:legacy"
	fxDBSecGroup = "sg-db"
)

// fxRDS is fxWeb with the databases web reaches through security group
// sg-db, which admits web's sg-task on 5432: an encrypted, backed-up,
// Multi-AZ, protected PostgreSQL instance "orders", and the same kind of
// Aurora cluster "ledger" with member ledger-1. "legacy" (unencrypted,
// public, no backups, in no group the services reach) is not used.
func fxRDS() inventory.Region {
	r := fxWeb()
	r.Network.SecurityGroups = append(r.Network.SecurityGroups, inventory.SecurityGroup{ID: fxDBSecGroup, Name: "db", VPCID: "vpc-1",
		Ingress: []inventory.SecurityRule{{Protocol: "tcp", FromPort: 5432, ToPort: 5432, SourceGroup: "sg-task"}}})
	r.RDS = inventory.RDS{InstancesCollected: true, ClustersCollected: true,
		Instances: []inventory.DBInstance{
			{ID: "orders", ARN: fxDBARN, Engine: "postgres", StorageEncrypted: true, KMSKeyID: "arn:aws:kms:eu-west-1:" + fxAcct + ":key/k1",
				SecurityGroups: []string{fxDBSecGroup}, Port: 5432, MultiAZ: true, BackupRetentionDays: 7, DeletionProtection: true},
			{ID: "ledger-1", ARN: "arn:aws:rds:eu-west-1:" + fxAcct + ":db:ledger-1", Engine: "aurora-postgresql", ClusterID: "ledger",
				SecurityGroups: []string{fxDBSecGroup}, Port: 5432},
			{ID: "legacy", ARN: fxUnusedDB, Engine: "mysql", PubliclyAccessible: true, SecurityGroups: []string{"sg-alb"}, Port: 3306},
		},
		Clusters: []inventory.DBCluster{{ID: "ledger", ARN: fxClusterDB, Engine: "aurora-postgresql", StorageEncrypted: true, KMSKeyID: "k2",
			SecurityGroups: []string{fxDBSecGroup}, Port: 5432, MultiAZ: true, BackupRetentionDays: 1, DeletionProtection: true, Members: []string{"ledger-1"}}}}
	return r
}

// rdsCase is one edit of fxRDS and the outcome wanted for one database.
type rdsCase struct {
	name     string
	edit     func(*inventory.Region)
	resource string
	want     Outcome
	msg      string
}

// runRDSCases runs a check over fxRDS edited by each case.
func runRDSCases(t *testing.T, check string, cases []rdsCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := fxRDS()
			tc.edit(&r)
			fs := fxRunCheck(t, fxInput(fxSnap(r)), check)
			if !fxHas(fs, fxExpect{check, tc.want, tc.resource}) {
				t.Fatalf("want %s on %s; got:\n%s", tc.want, tc.resource, fxDump(fs))
			}
			for _, f := range fs {
				if f.Resource == tc.resource && f.Outcome == tc.want && !contains(f.Message, tc.msg) {
					t.Errorf("message %q lacks %q", f.Message, tc.msg)
				}
				if contains(f.Resource, "legacy") || contains(f.Message, "legacy") {
					t.Errorf("a database no service uses is judged: %+v", f)
				}
			}
		})
	}
}

func TestRDSAtRest(t *testing.T) {
	runRDSCases(t, "NETSEC-002.rds-at-rest", []rdsCase{
		{"encrypted", func(*inventory.Region) {}, fxDBARN, Pass, "used by service web (security group sg-db of the DB admits sg-task, which its tasks wear, on port 5432)"},
		{"unencrypted instance", func(r *inventory.Region) { r.RDS.Instances[0].StorageEncrypted = false }, fxDBARN, Fail, "does not encrypt its storage"},
		{"the cluster is judged, not its member", func(r *inventory.Region) { r.RDS.Clusters[0].StorageEncrypted = false }, fxClusterDB, Fail, "DB cluster ledger (aurora-postgresql)"},
		{"not collected", func(r *inventory.Region) { r.RDS.ClustersCollected = false }, fxAcct + "/eu-west-1", Info, "is unknown"},
		{"no database used", func(r *inventory.Region) {
			r.Network.SecurityGroups = r.Network.SecurityGroups[:2]
		}, "cs1", Info, "no RDS DB instance or cluster the services use"},
	})
}

func TestRDSPublic(t *testing.T) {
	runRDSCases(t, "NETSEC-001.rds-public", []rdsCase{
		{"private", func(*inventory.Region) {}, fxClusterDB, Pass, "is not publicly accessible"},
		{"public, groups closed", func(r *inventory.Region) { r.RDS.Instances[1].PubliclyAccessible = true }, fxClusterDB, Warn, "instance ledger-1"},
		{"public and open to the internet", func(r *inventory.Region) {
			r.RDS.Instances[0].PubliclyAccessible = true
			r.Network.SecurityGroups[2].Ingress = append(r.Network.SecurityGroups[2].Ingress, inventory.SecurityRule{Protocol: "tcp", FromPort: 5432, ToPort: 5432, CIDR: "0.0.0.0/0"})
		}, fxDBARN, Fail, "admits the internet (0.0.0.0/0) on port 5432"},
		{"not collected", func(r *inventory.Region) { r.RDS.InstancesCollected = false }, fxAcct + "/eu-west-1", Info, "publicly accessible, is unknown"},
	})
}

func TestRDSBackup(t *testing.T) {
	runRDSCases(t, "REL-002.rds-backup", []rdsCase{
		{"backed up", func(*inventory.Region) {}, fxDBARN, Pass, "for 7 day(s)"},
		{"no backups", func(r *inventory.Region) { r.RDS.Clusters[0].BackupRetentionDays = 0 }, fxClusterDB, Warn, "BackupRetentionPeriod 0"},
		{"not collected", func(r *inventory.Region) { r.RDS = inventory.RDS{} }, fxAcct + "/eu-west-1", Info, "backed up, is unknown"},
	})
}

func TestRDSResilience(t *testing.T) {
	runRDSCases(t, "REL-002.rds-resilience", []rdsCase{
		{"multi-AZ and protected", func(*inventory.Region) {}, fxDBARN, Pass, "is Multi-AZ and has deletion protection"},
		{"single AZ", func(r *inventory.Region) { r.RDS.Instances[0].MultiAZ = false }, fxDBARN, Warn, "is not Multi-AZ"},
		{"unprotected", func(r *inventory.Region) { r.RDS.Clusters[0].DeletionProtection = false }, fxClusterDB, Warn, "has no deletion protection"},
		{"not collected", func(r *inventory.Region) { r.RDS.InstancesCollected = false }, fxAcct + "/eu-west-1", Info, "is unknown"},
	})
}
