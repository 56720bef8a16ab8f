package assess

import (
	"cmp"
	"strings"
)

// efsBackupChecks judge what the EFS backup policy
// (efs:DescribeBackupPolicy) shows about recovering the workload's files:
// the recovery process of a core component (REL-002).
func efsBackupChecks() []Check {
	return []Check{
		{ID: "REL-002.efs-backup", Run: checkEFSBackup, Judges: "EFS file systems are backed up automatically by AWS Backup"},
	}
}

// checkEFSBackup (Security Hub EFS.2): a file system without automatic
// backups has no recovery point unless the partner shows another backup.
// A backup policy not collected, or a file system with a failed read, is
// unknown.
func checkEFSBackup(in *Input) []Finding {
	const ev = "efs:DescribeBackupPolicy BackupPolicy.Status"
	var fs []Finding
	for _, rv := range in.Regions {
		for _, f := range rv.Region.EFS {
			res := cmp.Or(f.ARN, f.ID)
			name := "EFS file system " + f.ID
			if f.Name != "" {
				name += " (" + f.Name + ")"
			}
			switch {
			case !f.BackupPolicyCollected || len(f.Gaps) > 0:
				why := "DescribeBackupPolicy was not collected"
				if len(f.Gaps) > 0 {
					why = "a read failed (" + strings.Join(f.Gaps, "; ") + ")"
				}
				fs = append(fs, Finding{Outcome: Warn, Resource: res, Evidence: ev, Message: name + ": whether it is backed up is unknown — " + why,
					Remediation: "allow elasticfilesystem:DescribeBackupPolicy to the discovery role and collect again, or attach aws efs describe-backup-policy output"})
			case f.BackupPolicy == "ENABLED":
				fs = append(fs, Finding{Outcome: Pass, Resource: res, Evidence: ev, Message: name + " is backed up daily by AWS Backup (backup policy ENABLED)"})
			default:
				status := cmp.Or(f.BackupPolicy, "none")
				fs = append(fs, Finding{Outcome: Warn, Resource: res, Evidence: ev,
					Message:     name + " has no automatic backup (backup policy " + status + "): its recovery point is not shown",
					Remediation: "turn on automatic backups (aws efs put-backup-policy --backup-policy Status=ENABLED) or include the file system in an AWS Backup plan and show it in the REL-002 answer"})
			}
		}
	}
	if len(fs) == 0 {
		return []Finding{{Outcome: Info, Resource: caseID(in), Evidence: ev, Message: "no EFS file system in the inventory"}}
	}
	return boundFindings(fs)
}
