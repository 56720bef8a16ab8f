package inventory

import "slices"

// RDS is what the region's DescribeDBInstances and DescribeDBClusters
// answered: the relational stores a workload may keep its data in. Only
// what NETSEC-001, NETSEC-002 and REL-002 judge is kept — never a password,
// a connection string beyond the port, or the master user's name.
type RDS struct {
	Instances []DBInstance `json:"instances,omitempty"`
	Clusters  []DBCluster  `json:"clusters,omitempty"`
	// InstancesCollected and ClustersCollected are true when every page of
	// DescribeDBInstances (DescribeDBClusters) was read: only then does a
	// database absent from the list not exist. Snapshots made before RDS
	// was collected, or whose read failed, leave them false: unknown.
	InstancesCollected bool `json:"instances_collected,omitempty"`
	ClustersCollected  bool `json:"clusters_collected,omitempty"`
}

// DBInstance is one RDS DB instance (an Aurora cluster's member too).
type DBInstance struct {
	// ID is the DB instance identifier.
	ID  string `json:"id"`
	ARN string `json:"arn"`
	// ResourceID is the DbiResourceId ("db-…"), which rds-db:connect
	// grants name (arn:aws:rds-db:…:dbuser:db-…/user).
	ResourceID string `json:"resource_id,omitempty"`
	Engine     string `json:"engine,omitempty"`
	Status     string `json:"status,omitempty"`
	// ClusterID names the DB cluster the instance belongs to (Aurora,
	// Multi-AZ DB clusters): the cluster then holds the storage, its
	// encryption and its backups.
	ClusterID        string `json:"cluster_id,omitempty"`
	StorageEncrypted bool   `json:"storage_encrypted,omitempty"`
	KMSKeyID         string `json:"kms_key_id,omitempty"`
	// PubliclyAccessible is true when the instance's endpoint resolves to
	// a public address (Security Hub RDS.2).
	PubliclyAccessible bool `json:"publicly_accessible,omitempty"`
	// SecurityGroups are the VPC security groups the instance wears.
	SecurityGroups []string `json:"security_groups,omitempty"`
	SubnetGroup    string   `json:"subnet_group,omitempty"`
	VPCID          string   `json:"vpc_id,omitempty"`
	Subnets        []string `json:"subnets,omitempty"`
	MultiAZ        bool     `json:"multi_az,omitempty"`
	// BackupRetentionDays is BackupRetentionPeriod: 0 turns automated
	// backups off.
	BackupRetentionDays int  `json:"backup_retention_days"`
	DeletionProtection  bool `json:"deletion_protection,omitempty"`
	IAMAuth             bool `json:"iam_auth,omitempty"`
	// Port is the endpoint's port (0 while the instance is being created).
	Port int `json:"port,omitempty"`
	// MasterUserSecretARN is the Secrets Manager secret RDS manages for the
	// master user (its ARN only), which a task definition may inject.
	MasterUserSecretARN string `json:"master_user_secret_arn,omitempty"`
}

// DBCluster is one DB cluster: Aurora, or a Multi-AZ DB cluster.
type DBCluster struct {
	// ID is the DB cluster identifier.
	ID  string `json:"id"`
	ARN string `json:"arn"`
	// ResourceID is the DbClusterResourceId ("cluster-…"), which
	// rds-db:connect grants name.
	ResourceID         string   `json:"resource_id,omitempty"`
	Engine             string   `json:"engine,omitempty"`
	Status             string   `json:"status,omitempty"`
	StorageEncrypted   bool     `json:"storage_encrypted,omitempty"`
	KMSKeyID           string   `json:"kms_key_id,omitempty"`
	PubliclyAccessible bool     `json:"publicly_accessible,omitempty"`
	SecurityGroups     []string `json:"security_groups,omitempty"`
	// SubnetGroup is the DB subnet group's name (the cluster's answer names
	// no VPC: its member instances do).
	SubnetGroup         string `json:"subnet_group,omitempty"`
	MultiAZ             bool   `json:"multi_az,omitempty"`
	BackupRetentionDays int    `json:"backup_retention_days"`
	DeletionProtection  bool   `json:"deletion_protection,omitempty"`
	IAMAuth             bool   `json:"iam_auth,omitempty"`
	Port                int    `json:"port,omitempty"`
	// Members are the identifiers of the cluster's DB instances.
	Members             []string `json:"members,omitempty"`
	MasterUserSecretARN string   `json:"master_user_secret_arn,omitempty"`
}

// normalize sorts the region's databases and their lists.
func (r *RDS) normalize() {
	byKey(r.Instances, func(v DBInstance) string { return v.ARN })
	for i := range r.Instances {
		slices.Sort(r.Instances[i].SecurityGroups)
		slices.Sort(r.Instances[i].Subnets)
	}
	byKey(r.Clusters, func(v DBCluster) string { return v.ARN })
	for i := range r.Clusters {
		slices.Sort(r.Clusters[i].SecurityGroups)
		slices.Sort(r.Clusters[i].Members)
	}
}
