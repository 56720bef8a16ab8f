package estate

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/ecspack/ecspack/inventory"
)

// Database is one RDS store of a region, as the unit that holds the data:
// a DB cluster (Aurora, a Multi-AZ DB cluster) with its member instances,
// or a DB instance of no cluster. The cluster holds the storage, its
// encryption and its backups; each instance has its own endpoint, so public
// access is a member's property.
type Database struct {
	// Cluster is set for a DB cluster, Instance for a lone DB instance.
	Cluster  *inventory.DBCluster
	Instance *inventory.DBInstance
	// Members are a cluster's DB instances the snapshot holds.
	Members []*inventory.DBInstance
	// Uses are the services that use it, each with why, in service order.
	Uses []DatabaseUse
}

// DatabaseUse is one service that uses a database and the rule that links
// them, worded for a reader ("its task role grants actions on the DB's
// ARN").
type DatabaseUse struct {
	Service *Service
	Why     string
}

// ARN is the cluster's or the instance's ARN.
func (d *Database) ARN() string {
	if d.Cluster != nil {
		return d.Cluster.ARN
	}
	return d.Instance.ARN
}

// Label names the database for a reader: "Aurora cluster ledger
// (aurora-postgresql)", "DB instance orders (postgres)".
func (d *Database) Label() string {
	kind, id, engine := "DB instance ", "", ""
	if d.Cluster != nil {
		kind, id, engine = "DB cluster ", d.Cluster.ID, d.Cluster.Engine
	} else {
		id, engine = d.Instance.ID, d.Instance.Engine
	}
	if engine != "" {
		return kind + id + " (" + engine + ")"
	}
	return kind + id
}

// DatabasesCollected reports whether both RDS lists of the region were
// read whole, so that the databases Databases returns are all there are.
func (r *Region) DatabasesCollected() bool {
	return r.Region.RDS.InstancesCollected && r.Region.RDS.ClustersCollected
}

// Databases returns the region's databases the workload uses: those a
// service of the region is linked to by one of these rules, tried in this
// order —
//
//   - its task role's policies grant rds-db:connect on the database's
//     resource id (a dbuser ARN names "db-…" or "cluster-…"; a member
//     instance's id links its cluster);
//   - they grant actions on the database's ARN (rds:…:db:ID, :cluster:ID);
//   - its task definition injects the database's managed master secret;
//   - a security group of the database admits, on the database's port, a
//     security group the service's tasks wear (awsvpc), or the container
//     instances they run on wear (bridge and host networking).
//
// A grant whose name is an IAM pattern links nothing. Databases no service
// uses are left out: nothing is said about them. Clusters come first, then
// lone instances, each in ARN order.
func (r *Region) Databases() []*Database {
	r.databasesOnce.Do(func() { r.databases = r.linkDatabases() })
	return slices.Clone(r.databases)
}

// linkDatabases computes Databases.
func (r *Region) linkDatabases() []*Database {
	var dbs []*Database
	rds := &r.Region.RDS
	byCluster := map[string]*Database{}
	for i := range rds.Clusters {
		d := &Database{Cluster: &rds.Clusters[i]}
		byCluster[d.Cluster.ID] = d
		dbs = append(dbs, d)
	}
	for i := range rds.Instances {
		in := &rds.Instances[i]
		if c := byCluster[in.ClusterID]; c != nil && in.ClusterID != "" {
			c.Members = append(c.Members, in)
			continue
		}
		dbs = append(dbs, &Database{Instance: in})
	}
	var used []*Database
	for _, d := range dbs {
		for _, s := range r.Services {
			if why := databaseLink(r, s, d); why != "" {
				d.Uses = append(d.Uses, DatabaseUse{Service: s, Why: why})
			}
		}
		if len(d.Uses) > 0 {
			used = append(used, d)
		}
	}
	slices.SortStableFunc(used, func(a, b *Database) int {
		return cmp.Or(cmp.Compare(btoi(a.Cluster == nil), btoi(b.Cluster == nil)), cmp.Compare(a.ARN(), b.ARN()))
	})
	return used
}

// btoi orders false before true.
func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// databaseLink says why service s uses database d, "" when no rule links
// them.
func databaseLink(r *Region, s *Service, d *Database) string {
	resIDs, arnIDs := d.identities()
	for _, ref := range s.UsedResources() {
		if (ref.Kind != KindRDS && ref.Kind != KindAurora) || (ref.Region != "" && ref.Region != r.Name()) ||
			(ref.Account != "" && ref.Account != r.AccountID()) {
			continue
		}
		if slices.Contains(resIDs, ref.Name) {
			return "its task role grants rds-db:connect on the DB's resource id " + ref.Name
		}
		if slices.Contains(arnIDs, ref.Name) {
			return "its task role grants actions on the DB's ARN"
		}
	}
	if secrets := d.masterSecrets(); len(secrets) > 0 && s.TaskDef != nil {
		for _, c := range s.TaskDef.Containers {
			for _, sec := range c.Secrets {
				if a, ok := inventory.SecretARN(sec.ValueFrom); ok && slices.Contains(secrets, a) {
					return "its task definition injects the DB's managed master secret"
				}
			}
		}
	}
	port, groups := d.Endpoint()
	if wears, who := taskGroups(r, s); port > 0 && len(wears) > 0 {
		if allows := r.IngressAllowing(groups, port, Source{Groups: wears}); len(allows) > 0 {
			return "security group " + allows[0].Group + " of the DB admits " + allows[0].Rule.SourceGroup +
				", which " + who + " wear, on port " + strconv.Itoa(port)
		}
	}
	return ""
}

// taskGroups are the security groups the service's traffic leaves from,
// and who wears them: its tasks' own (awsvpc), or else those of the
// container instances its tasks run on (bridge and host networking).
func taskGroups(r *Region, s *Service) ([]string, string) {
	if g := s.SecurityGroups(); len(g) > 0 {
		return g, "its tasks"
	}
	var out []string
	for _, t := range s.Tasks() {
		ci := s.Cluster.ContainerInstance(t.ContainerInstance)
		if ci == nil || ci.EC2InstanceID == "" {
			continue
		}
		if in := r.Index.Instance(ci.EC2InstanceID); in != nil {
			out = append(out, in.SecurityGroups...)
		}
	}
	slices.Sort(out)
	return slices.Compact(out), "the container instances its tasks run on"
}

// identities lists the resource ids rds-db:connect grants name and the
// identifiers rds ARNs name, the database's own and its members'.
func (d *Database) identities() (resIDs, arnIDs []string) {
	if d.Cluster != nil {
		resIDs = append(resIDs, d.Cluster.ResourceID)
		arnIDs = append(arnIDs, d.Cluster.ID)
	} else {
		resIDs = append(resIDs, d.Instance.ResourceID)
		arnIDs = append(arnIDs, d.Instance.ID)
	}
	for _, m := range d.Members {
		resIDs = append(resIDs, m.ResourceID)
		arnIDs = append(arnIDs, m.ID)
	}
	resIDs = slices.DeleteFunc(resIDs, func(s string) bool { return s == "" })
	return resIDs, arnIDs
}

// masterSecrets are the ARNs of the managed master user secrets of the
// database and its members.
func (d *Database) masterSecrets() []string {
	var out []string
	if d.Cluster != nil && d.Cluster.MasterUserSecretARN != "" {
		out = append(out, d.Cluster.MasterUserSecretARN)
	}
	if d.Instance != nil && d.Instance.MasterUserSecretARN != "" {
		out = append(out, d.Instance.MasterUserSecretARN)
	}
	for _, m := range d.Members {
		if m.MasterUserSecretARN != "" {
			out = append(out, m.MasterUserSecretARN)
		}
	}
	return out
}

// Endpoint is the database's port and the security groups that guard it.
func (d *Database) Endpoint() (int, []string) {
	if d.Cluster != nil {
		return d.Cluster.Port, d.Cluster.SecurityGroups
	}
	return d.Instance.Port, d.Instance.SecurityGroups
}

// StorageEncryption says whether the database's storage is encrypted and
// with which KMS key (the cluster's for a cluster).
func (d *Database) StorageEncryption() (bool, string) {
	if d.Cluster != nil {
		return d.Cluster.StorageEncrypted, d.Cluster.KMSKeyID
	}
	return d.Instance.StorageEncrypted, d.Instance.KMSKeyID
}

// PublicEndpoints names what of the database is publicly accessible: the
// cluster ("cluster ledger"), the instance or members ("instance
// ledger-1"); nil when nothing is.
func (d *Database) PublicEndpoints() []string {
	var out []string
	if d.Cluster != nil && d.Cluster.PubliclyAccessible {
		out = append(out, "cluster "+d.Cluster.ID)
	}
	for _, in := range append([]*inventory.DBInstance{d.Instance}, d.Members...) {
		if in != nil && in.PubliclyAccessible {
			out = append(out, "instance "+in.ID)
		}
	}
	return out
}

// Recovery is what the database's settings say about recovering it: the
// days of automated backups kept (0: off), whether it spans Availability
// Zones (a Multi-AZ instance, a cluster with instances in more than one),
// and whether deletion protection is on.
func (d *Database) Recovery() (backupDays int, multiAZ, deletionProtection bool) {
	if d.Cluster != nil {
		return d.Cluster.BackupRetentionDays, d.Cluster.MultiAZ, d.Cluster.DeletionProtection
	}
	return d.Instance.BackupRetentionDays, d.Instance.MultiAZ, d.Instance.DeletionProtection
}
