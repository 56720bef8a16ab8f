package assess

import (
	"fmt"
	"strings"
)

// rdsRecoveryChecks judge what the RDS settings show about recovering
// the relational stores the workload uses: the recovery process of a core
// component (REL-002). Registered in reliabilityChecks.
func rdsRecoveryChecks() []Check {
	return []Check{
		{ID: "REL-002.rds-backup", Run: checkRDSBackup, Judges: "The RDS and Aurora databases the services use keep automated backups (Security Hub RDS.11; a warning, since another backup may be shown)"},
		{ID: "REL-002.rds-resilience", Run: checkRDSResilience, Judges: "The RDS and Aurora databases the services use span Availability Zones and have deletion protection (Security Hub RDS.5, RDS.15, RDS.7, RDS.8; a warning: REL-002 asks for a recovery process, not these settings)"},
	}
}

// checkRDSBackup (Security Hub RDS.11, prowler rds_instance_backup_enabled):
// a database with a backup retention of 0 days has no automated backups and
// no point-in-time recovery; its recovery point is not shown unless the
// partner shows another backup (AWS Backup), so it is a warning.
func checkRDSBackup(in *Input) []Finding {
	const ev = "rds:DescribeDBInstances BackupRetentionPeriod; rds:DescribeDBClusters BackupRetentionPeriod"
	dbs, fs := workloadDatabases(in, "whether they are backed up")
	ps := &wlPasses{evidence: ev, summary: "RDS databases the services use keep automated backups"}
	for _, u := range dbs {
		days, _, _ := u.db.Recovery()
		if days > 0 {
			ps.add(u.db.ARN(), fmt.Sprintf("%s, %s, keeps automated backups for %d day(s) (point-in-time recovery within them)", u.name(), u.usedBy(), days))
			continue
		}
		fs = append(fs, Finding{Outcome: Warn, Resource: u.db.ARN(), Evidence: ev,
			Message:     fmt.Sprintf("%s, %s, keeps no automated backups (BackupRetentionPeriod 0): its recovery point is not shown", u.name(), u.usedBy()),
			Remediation: "set a backup retention period of at least 1 day (7 or more as Security Hub RDS.11 asks: aws rds modify-db-instance --backup-retention-period 7), or include it in an AWS Backup plan and show it in the REL-002 answer"})
	}
	fs = append(fs, ps.findings()...)
	if len(fs) == 0 {
		return []Finding{noDatabaseUsed(in)}
	}
	return fs
}

// checkRDSResilience (Security Hub RDS.5, RDS.15, RDS.7, RDS.8): a database
// in one Availability Zone is down while that zone is, and one without
// deletion protection can be deleted by one call. REL-002 asks for a
// recovery process, not for these settings, so each is a warning.
func checkRDSResilience(in *Input) []Finding {
	const ev = "rds:DescribeDBInstances MultiAZ, DeletionProtection; rds:DescribeDBClusters MultiAZ, DeletionProtection"
	dbs, fs := workloadDatabases(in, "whether they span Availability Zones and are protected from deletion")
	ps := &wlPasses{evidence: ev, summary: "RDS databases the services use span Availability Zones and have deletion protection"}
	for _, u := range dbs {
		_, multiAZ, protected := u.db.Recovery()
		if multiAZ && protected {
			ps.add(u.db.ARN(), fmt.Sprintf("%s, %s, is Multi-AZ and has deletion protection", u.name(), u.usedBy()))
			continue
		}
		var lacks, fixes []string
		if !multiAZ {
			lacks = append(lacks, "is not Multi-AZ (MultiAZ false): it is down while its Availability Zone is")
			fixes = append(fixes, "make it Multi-AZ (a standby, or a reader in a second Availability Zone for a cluster)")
		}
		if !protected {
			lacks = append(lacks, "has no deletion protection (DeletionProtection false)")
			fixes = append(fixes, "turn deletion protection on")
		}
		fs = append(fs, Finding{Outcome: Warn, Resource: u.db.ARN(), Evidence: ev,
			Message:     fmt.Sprintf("%s, %s, %s", u.name(), u.usedBy(), strings.Join(lacks, ", and ")),
			Remediation: strings.Join(fixes, "; ") + ", or state in the REL-002 answer how the database is recovered without it"})
	}
	fs = append(fs, ps.findings()...)
	if len(fs) == 0 {
		return []Finding{noDatabaseUsed(in)}
	}
	return fs
}
