package main

import (
	"maps"
	"slices"

	"github.com/ecspack/ecspack/inventory"
)

// aurora adds the region's Aurora PostgreSQL cluster as DescribeDBClusters
// and DescribeDBInstances describe it: encrypted with the data key, Multi-AZ
// (a writer and two readers, one per zone), deletion protection on, backups
// kept for the given days, in its own security group, which admits the given
// services' groups on 5432 only. It marks both lists of the region read.
func (e *env) aurora(backupDays int, from map[string]string) {
	id := e.prefix + "-aurora"
	sgID := rid("sg", e.vpc+"aurora")
	sg := inventory.SecurityGroup{ID: sgID, Name: id, VPCID: e.vpc, Description: "Aurora PostgreSQL: 5432 from the services that use it",
		Tags: e.tagged(map[string]string{"Name": id})}
	for _, svc := range slices.Sorted(maps.Keys(from)) {
		sg.Ingress = append(sg.Ingress, inventory.SecurityRule{Protocol: "tcp", FromPort: 5432, ToPort: 5432, SourceGroup: from[svc], Description: "PostgreSQL from " + svc})
	}
	e.r.Network.SecurityGroups = append(e.r.Network.SecurityGroups, sg)
	c := inventory.DBCluster{ID: id, ARN: e.arn("rds", "cluster:"+id), ResourceID: "cluster-" + hexOf(id, 26), Engine: "aurora-postgresql", Status: "available",
		StorageEncrypted: true, KMSKeyID: e.dataKey, SecurityGroups: []string{sgID}, SubnetGroup: e.prefix + "-data", MultiAZ: true,
		BackupRetentionDays: backupDays, DeletionProtection: true, IAMAuth: true, Port: 5432}
	for _, z := range e.azs {
		mid := id + "-" + z.name[len(z.name)-1:]
		c.Members = append(c.Members, mid)
		e.r.RDS.Instances = append(e.r.RDS.Instances, inventory.DBInstance{ID: mid, ARN: e.arn("rds", "db:"+mid), ResourceID: "db-" + hexOf(mid, 26),
			Engine: "aurora-postgresql", Status: "available", ClusterID: id, StorageEncrypted: true, KMSKeyID: e.dataKey,
			SecurityGroups: []string{sgID}, SubnetGroup: c.SubnetGroup, VPCID: e.vpc, Subnets: e.priv, BackupRetentionDays: backupDays,
			IAMAuth: true, Port: 5432}) // deletion protection is the cluster's
	}
	e.r.RDS.Clusters = append(e.r.RDS.Clusters, c)
	e.r.RDS.InstancesCollected, e.r.RDS.ClustersCollected = true, true
}
