package assess

// checkDynamoDBPITR (REL-002, the recovery process of the core components;
// Security Hub DynamoDB.2, prowler dynamodb_tables_pitr_enabled): a table
// without point-in-time recovery shows no recovery point of its own — a
// warning, since REL-002 asks for the recovery process to be explained and
// the partner may show another (AWS Backup, exports). A table whose
// continuous backups were not read is unknown.
func checkDynamoDBPITR(in *Input) []Finding {
	const ev = "dynamodb:DescribeContinuousBackups PointInTimeRecoveryDescription.PointInTimeRecoveryStatus"
	var fs []Finding
	ps := &wlPasses{evidence: ev, summary: "DynamoDB tables the services use have point-in-time recovery"}
	for _, u := range usedTables(in) {
		t := u.table
		switch {
		case u.pattern() || (t != nil && t.NotFound):
			continue // NETSEC-002.dynamodb-at-rest notes them
		case t == nil || !t.BackupsRead():
			fs = append(fs, tableUnknown(u, "DescribeContinuousBackups", "whether it has point-in-time recovery", ev))
		case t.PointInTimeRecovery == "ENABLED":
			ps.add(u.resource(), u.label()+" has point-in-time recovery (ENABLED)")
		default:
			fs = append(fs, Finding{Outcome: Warn, Resource: u.resource(), Evidence: ev,
				Message: u.label() + " has no point-in-time recovery (" + t.PointInTimeRecovery + "): the snapshot shows no recovery point for its data",
				Remediation: "aws dynamodb update-continuous-backups --table-name " + u.name + " --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true, " +
					"or show the table's AWS Backup plan (or other recovery process) in the REL-002 answer"})
		}
	}
	return append(boundFindings(fs), ps.findings()...)
}

// checkDynamoDBDeletionProtection (REL-002; Security Hub DynamoDB.6): a
// table without deletion protection can be deleted by one call — a
// warning, as the checklist does not ask for it. A table not described is
// unknown.
func checkDynamoDBDeletionProtection(in *Input) []Finding {
	const ev = "dynamodb:DescribeTable DeletionProtectionEnabled"
	var fs []Finding
	ps := &wlPasses{evidence: ev, summary: "DynamoDB tables the services use have deletion protection"}
	for _, u := range usedTables(in) {
		t := u.table
		switch {
		case u.pattern() || (t != nil && t.NotFound):
			continue // NETSEC-002.dynamodb-at-rest notes them
		case t == nil || !t.Described():
			fs = append(fs, tableUnknown(u, "DescribeTable", "whether it has deletion protection", ev))
		case t.DeletionProtection:
			ps.add(u.resource(), u.label()+" has deletion protection")
		default:
			fs = append(fs, Finding{Outcome: Warn, Resource: u.resource(), Evidence: ev,
				Message:     u.label() + " has no deletion protection: one DeleteTable call removes it with its data",
				Remediation: "aws dynamodb update-table --table-name " + u.name + " --deletion-protection-enabled"})
		}
	}
	return append(boundFindings(fs), ps.findings()...)
}
