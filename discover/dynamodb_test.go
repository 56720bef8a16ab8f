package discover

import (
	"reflect"
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

// TestImportDynamoDBTables reads the collect script's DynamoDB files as the
// aws CLI writes them: a described table, a table whose describe the CLI
// could not make (a gap, the backups still read), and a table that does not
// exist (an answer, not a gap).
func TestImportDynamoDBTables(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, body string) { writeOutput(t, dir, rel, body) }
	const acct, region = "210987654321", "eu-west-1"
	arn := func(name string) string { return "arn:aws:dynamodb:" + region + ":" + acct + ":table/" + name }
	write("sts/get-caller-identity.json", `{"Account":"`+acct+`"}`)
	write(region+"/dynamodb/describe-table.orders.json", `{"Table":{"TableName":"orders","TableArn":"`+arn("orders")+`","TableStatus":"ACTIVE",`+
		`"BillingModeSummary":{"BillingMode":"PAY_PER_REQUEST"},"DeletionProtectionEnabled":true,`+
		`"SSEDescription":{"Status":"ENABLED","SSEType":"KMS","KMSMasterKeyArn":"arn:aws:kms:eu-west-1:210987654321:key/k1"}}}`)
	write(region+"/dynamodb/describe-continuous-backups.orders.json", `{"ContinuousBackupsDescription":{"ContinuousBackupsStatus":"ENABLED",`+
		`"PointInTimeRecoveryDescription":{"PointInTimeRecoveryStatus":"ENABLED","EarliestRestorableDateTime":"2026-02-01T00:00:00+00:00"}}}`)
	write(region+"/dynamodb/describe-table.sessions%2Ev2.json.err",
		"\nAn error occurred (AccessDeniedException) when calling the DescribeTable operation: User is not authorized to perform: dynamodb:DescribeTable\n")
	write(region+"/dynamodb/describe-continuous-backups.sessions%2Ev2.json", `{"ContinuousBackupsDescription":{"ContinuousBackupsStatus":"DISABLED",`+
		`"PointInTimeRecoveryDescription":{"PointInTimeRecoveryStatus":"DISABLED"}}}`)
	write(region+"/dynamodb/describe-table.gone.json.err",
		"\nAn error occurred (ResourceNotFoundException) when calling the DescribeTable operation: Requested resource not found: Table: gone not found\n")
	write(region+"/dynamodb/describe-continuous-backups.gone.json.err",
		"\nAn error occurred (TableNotFoundException) when calling the DescribeContinuousBackups operation: Table not found: gone\n")
	snap, err := Import(dir, ImportOptions{Now: fixedClock})
	if err != nil {
		t.Fatal(err)
	}
	want := []inventory.DynamoDBTable{
		{Name: "gone", ARN: arn("gone"), NotFound: true},
		{Name: "orders", ARN: arn("orders"), Status: "ACTIVE", BillingMode: "PAY_PER_REQUEST", SSEType: "KMS", SSEStatus: "ENABLED",
			KMSKey: "arn:aws:kms:eu-west-1:210987654321:key/k1", DeletionProtection: true, PointInTimeRecovery: "ENABLED"},
		{Name: "sessions.v2", ARN: arn("sessions.v2"), PointInTimeRecovery: "DISABLED", Gaps: []string{"dynamodb DescribeTable: CallFailed"}},
	}
	if got := snap.Accounts[0].Regions[0].DynamoDBTables; !reflect.DeepEqual(got, want) {
		t.Errorf("tables:\n got %+v\nwant %+v", got, want)
	}
	var failed []string
	for _, e := range snap.Collection.Errors {
		if e.Service == "dynamodb" {
			failed = append(failed, e.Operation+" "+e.Code)
		}
	}
	if !reflect.DeepEqual(failed, []string{"DescribeTable CallFailed"}) {
		t.Errorf("collection errors: %v (the missing table is an answer, the denied describe a failure)", failed)
	}
	if tb := want[2]; tb.Described() || !tb.BackupsRead() {
		t.Errorf("sessions.v2: described %v, backups read %v", tb.Described(), tb.BackupsRead())
	}
}
