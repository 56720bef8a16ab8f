package discover

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

// rdsInstancesJSON is describe-db-instances output in the aws CLI's shape
// (its documentation's example, the ARN moved to the folder's region).
const rdsInstancesJSON = `{"DBInstances": [{
  "DBInstanceIdentifier": "mydbinstancecf", "DBInstanceClass": "db.t3.small", "Engine": "mysql", "DBInstanceStatus": "available",
  "MasterUsername": "masterawsuser",
  "Endpoint": {"Address": "mydbinstancecf.abcexample.eu-west-1.rds.amazonaws.com", "Port": 3306, "HostedZoneId": "Z2R2ITUGPM61AM"},
  "AllocatedStorage": 20, "InstanceCreateTime": "2018-07-30T22:33:49.770Z", "PreferredBackupWindow": "06:45-07:15", "BackupRetentionPeriod": 7,
  "VpcSecurityGroups": [{"VpcSecurityGroupId": "sg-6921cc28", "Status": "active"}],
  "DBSubnetGroup": {"DBSubnetGroupName": "default", "DBSubnetGroupDescription": "default", "VpcId": "vpc-136a4c6a", "SubnetGroupStatus": "Complete",
    "Subnets": [{"SubnetIdentifier": "subnet-cbfff283", "SubnetAvailabilityZone": {"Name": "eu-west-1b"}, "SubnetStatus": "Active"},
                {"SubnetIdentifier": "subnet-0b1f2a3c", "SubnetAvailabilityZone": {"Name": "eu-west-1a"}, "SubnetStatus": "Active"}]},
  "MultiAZ": false, "PubliclyAccessible": true, "StorageType": "gp2", "StorageEncrypted": false,
  "DbiResourceId": "db-ETDZIIXHEWY5N7GXVC4SH7H5IA", "DBInstanceArn": "arn:aws:rds:eu-west-1:123456789012:db:mydbinstancecf",
  "IAMDatabaseAuthenticationEnabled": false, "DeletionProtection": false,
  "MasterUserSecret": {"SecretArn": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-0e1f-AbCdEf", "SecretStatus": "active"}
}]}`

// TestImportRDS: import reads describe-db-instances as discovery does, and a
// failed describe-db-clusters (FILE.json.err) leaves the clusters unknown
// while the instances, read whole, are known.
func TestImportRDS(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/awscli")); err != nil {
		t.Fatal(err)
	}
	rdsDir := filepath.Join(dir, "eu-west-1", "rds")
	if err := os.MkdirAll(rdsDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(rdsDir, "describe-db-instances.json"), []byte(rdsInstancesJSON), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(rdsDir, "describe-db-clusters.json.err"),
		[]byte("An error occurred (AccessDenied) when calling the DescribeDBClusters operation"), 0o644); err != nil {
		t.Fatal(err)
	}
	snap, err := Import(dir, ImportOptions{Now: fixedClock})
	if err != nil {
		t.Fatal(err)
	}
	r := homeRegion(t, snap).RDS
	if !r.InstancesCollected || r.ClustersCollected {
		t.Errorf("collected: instances %v (want true), clusters %v (want false)", r.InstancesCollected, r.ClustersCollected)
	}
	want := inventory.DBInstance{ID: "mydbinstancecf", ARN: "arn:aws:rds:eu-west-1:123456789012:db:mydbinstancecf", ResourceID: "db-ETDZIIXHEWY5N7GXVC4SH7H5IA",
		Engine: "mysql", Status: "available", PubliclyAccessible: true, SecurityGroups: []string{"sg-6921cc28"}, SubnetGroup: "default",
		VPCID: "vpc-136a4c6a", Subnets: []string{"subnet-0b1f2a3c", "subnet-cbfff283"}, BackupRetentionDays: 7, Port: 3306,
		MasterUserSecretARN: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-0e1f-AbCdEf"}
	if len(r.Instances) != 1 || !equalDB(r.Instances[0], want) {
		t.Errorf("instances: %+v\nwant %+v", r.Instances, want)
	}
	b, err := inventory.Marshal(snap)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b, []byte("masterawsuser")) || bytes.Contains(b, []byte("abcexample")) {
		t.Error("the snapshot keeps the master user name or the endpoint address")
	}
}

// equalDB compares two DB instances field by field, lists by content.
func equalDB(a, b inventory.DBInstance) bool {
	lists := slices.Equal(a.SecurityGroups, b.SecurityGroups) && slices.Equal(a.Subnets, b.Subnets)
	a.SecurityGroups, a.Subnets, b.SecurityGroups, b.Subnets = nil, nil, nil, nil
	return lists && reflect.DeepEqual(a, b)
}

// TestImportRDSWithoutARN: a DB instance the file names without an ARN is
// left out with a recorded gap, and the list it came in is no longer whole.
func TestImportRDSWithoutARN(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/awscli")); err != nil {
		t.Fatal(err)
	}
	rdsDir := filepath.Join(dir, "eu-west-1", "rds")
	if err := os.MkdirAll(rdsDir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{
		"describe-db-instances.json": `{"DBInstances": [{"DBInstanceIdentifier": "noarn", "Engine": "postgres"}]}`,
		"describe-db-clusters.json":  `{"DBClusters": []}`,
	} {
		if err := os.WriteFile(filepath.Join(rdsDir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	snap, err := Import(dir, ImportOptions{Now: fixedClock})
	if err != nil {
		t.Fatal(err)
	}
	r := homeRegion(t, snap).RDS
	if len(r.Instances) != 0 || r.InstancesCollected || !r.ClustersCollected {
		t.Errorf("rds: %+v, want no instance, instances unknown, clusters read", r)
	}
	if !slices.ContainsFunc(snap.Collection.Errors, func(e inventory.CollectionError) bool {
		return e.Service == "rds" && e.Code == "MissingIdentifier"
	}) {
		t.Errorf("no MissingIdentifier gap: %+v", snap.Collection.Errors)
	}
}
