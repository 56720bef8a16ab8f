package assess

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/ecspack/ecspack/estate"
)

// The RDS and Aurora checks judge the relational stores the workload uses
// — linked to a service by estate.Region.Databases' rules (task role
// grants, an injected managed master secret, a security group rule on the
// database's port) — and say nothing about the region's other databases.
// A region whose DB lists were not read whole is unknown, never a pass.
// NETSEC-001 and NETSEC-002 here (netsecChecks); REL-002 in
// common_reliability_rds.go.

// rdsEvidence names the reads every RDS finding rests on.
const rdsEvidence = "rds:DescribeDBInstances, rds:DescribeDBClusters"

// dbInUse is one database the workload uses, with its region.
type dbInUse struct {
	rv *RegionView
	db *estate.Database
}

// usedBy says which services use the database and which rule linked each:
// "used by service web (its task role grants actions on the DB's ARN)".
func (u dbInUse) usedBy() string {
	var parts []string
	for _, use := range u.db.Uses {
		parts = append(parts, "service "+use.Service.Name()+" ("+use.Why+")")
	}
	return "used by " + listUpTo(parts, 3)
}

// name is the database's label with its account and region.
func (u dbInUse) name() string {
	return u.db.Label() + " in " + u.rv.Account + "/" + u.rv.Region.Name
}

// workloadDatabases lists the databases the workload uses, region by
// region, and one Info finding for each region running services whose DB
// lists were not read whole (what it uses there is unknown). what says
// what is unknown ("whether they are encrypted at rest").
func workloadDatabases(in *Input, what string) ([]dbInUse, []Finding) {
	var dbs []dbInUse
	var unknown []Finding
	for i := range in.Regions {
		rv := &in.Regions[i]
		if len(rv.View.Services) == 0 {
			continue
		}
		if !rv.View.DatabasesCollected() {
			unknown = append(unknown, Finding{Outcome: Info, Resource: rv.Account + "/" + rv.Region.Name, Evidence: rdsEvidence,
				Message: "the RDS DB instances and clusters of " + rv.Account + "/" + rv.Region.Name + " were not collected (or not in full): " +
					"which ones the services there use, and " + what + ", is unknown",
				Remediation: "allow rds:DescribeDBInstances and rds:DescribeDBClusters to the discovery role and collect again, or attach aws rds describe-db-instances and describe-db-clusters output"})
			continue
		}
		for _, db := range rv.View.Databases() {
			dbs = append(dbs, dbInUse{rv: rv, db: db})
		}
	}
	return dbs, unknown
}

// noDatabaseUsed is the finding of a check that judged no database.
func noDatabaseUsed(in *Input) Finding {
	return Finding{Outcome: Info, Resource: caseID(in), Evidence: rdsEvidence,
		Message: "no RDS DB instance or cluster the services use (by task role grants, an injected managed master secret or a security group rule on its port) in the inventory"}
}

// checkRDSAtRest (Security Hub RDS.3, RDS.27): NETSEC-002 asks that the
// native encryption of a service that stores data be on unless there is a
// reason not to (a waiver says the reason), so storage that is not
// encrypted fails. A cluster's storage is judged on the cluster.
func checkRDSAtRest(in *Input) []Finding {
	const ev = "rds:DescribeDBInstances StorageEncrypted, KmsKeyId; rds:DescribeDBClusters StorageEncrypted, KmsKeyId"
	dbs, fs := workloadDatabases(in, "whether their storage is encrypted at rest")
	ps := &wlPasses{evidence: ev, summary: "RDS databases the services use are encrypted at rest"}
	for _, u := range dbs {
		enc, key := u.db.StorageEncryption()
		if enc {
			ps.add(u.db.ARN(), fmt.Sprintf("%s, %s, has encrypted storage (KMS key %s)", u.name(), u.usedBy(), key))
			continue
		}
		fs = append(fs, Finding{Outcome: Fail, Resource: u.db.ARN(), Evidence: ev,
			Message:     fmt.Sprintf("%s, %s, does not encrypt its storage (StorageEncrypted false)", u.name(), u.usedBy()),
			Remediation: "encryption is fixed at creation: restore an encrypted copy (copy a snapshot with --kms-key-id, restore it) and move the service to it, or record the reason not to as a waiver"})
	}
	fs = append(fs, ps.findings()...)
	if len(fs) == 0 {
		return []Finding{noDatabaseUsed(in)}
	}
	return fs
}

// checkRDSPublic (Security Hub RDS.2): NETSEC-001 asks for security groups
// that restrict traffic between the internet and the VPC. A publicly
// accessible database whose security groups admit the internet on its port
// contradicts that and fails; one whose groups do not is a warning (one
// rule away from exposure), as the peers call any public database a
// failure.
func checkRDSPublic(in *Input) []Finding {
	const ev = "rds:DescribeDBInstances PubliclyAccessible, VpcSecurityGroups, Endpoint.Port; rds:DescribeDBClusters PubliclyAccessible; ec2:DescribeSecurityGroups"
	dbs, fs := workloadDatabases(in, "whether they are publicly accessible")
	ps := &wlPasses{evidence: ev, summary: "RDS databases the services use are not publicly accessible"}
	for _, u := range dbs {
		public := u.db.PublicEndpoints()
		if len(public) == 0 {
			ps.add(u.db.ARN(), fmt.Sprintf("%s, %s, is not publicly accessible", u.name(), u.usedBy()))
			continue
		}
		port, groups := u.db.Endpoint()
		open := u.rv.View.IngressAllowing(groups, port, estate.Source{Internet: true})
		if len(open) > 0 {
			fs = append(fs, Finding{Outcome: Fail, Resource: u.db.ARN(), Evidence: ev,
				Message: fmt.Sprintf("%s, %s, is publicly accessible (%s) and security group %s admits the internet (%s) on port %d",
					u.name(), u.usedBy(), strings.Join(public, ", "), open[0].Group, ruleSource(open[0]), port),
				Remediation: "turn PubliclyAccessible off (aws rds modify-db-instance --no-publicly-accessible) and remove the internet rule from the database's security group"})
			continue
		}
		fs = append(fs, Finding{Outcome: Warn, Resource: u.db.ARN(), Evidence: ev,
			Message: fmt.Sprintf("%s, %s, is publicly accessible (%s): its endpoint resolves to a public address, though its security groups admit no internet traffic on port %s",
				u.name(), u.usedBy(), strings.Join(public, ", "), portText(port)),
			Remediation: "turn PubliclyAccessible off (aws rds modify-db-instance --no-publicly-accessible): the services reach it inside the VPC"})
	}
	fs = append(fs, ps.findings()...)
	if len(fs) == 0 {
		return []Finding{noDatabaseUsed(in)}
	}
	return fs
}

// ruleSource words where an ingress rule admits traffic from.
func ruleSource(a estate.Allow) string {
	if a.Rule.CIDR != "" {
		return a.Rule.CIDR
	}
	return a.Rule.IPv6CIDR
}

// portText is a port for messages; 0 is not known.
func portText(port int) string {
	if port == 0 {
		return "(unknown)"
	}
	return strconv.Itoa(port)
}
