package assess

import (
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

// ddbTableARN is the table the web task role names in the DynamoDB tests.
const ddbTableARN = "arn:aws:dynamodb:" + ecsRegion + ":" + ecsAcct + ":table/orders"

// ddbUses gives web's task role a policy naming the tables, and the region
// the reads of them (none: the snapshot holds no read).
func ddbUses(resources string, tables ...inventory.DynamoDBTable) func(*inventory.Snapshot) {
	return func(s *inventory.Snapshot) {
		for i, r := range s.Accounts[0].IAM.Roles {
			if r.Name == "web-task" {
				s.Accounts[0].IAM.Roles[i].InlinePolicies = append(r.InlinePolicies, inventory.Policy{Name: "tables",
					Document: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:GetItem","Resource":` + resources + `}]}`})
			}
		}
		ecsReg(s).DynamoDBTables = tables
	}
}

// ddbOrders is the orders table as DescribeTable and DescribeContinuousBackups
// describe it, changed by edit.
func ddbOrders(edit func(*inventory.DynamoDBTable)) inventory.DynamoDBTable {
	t := inventory.DynamoDBTable{Name: "orders", ARN: ddbTableARN, Status: "ACTIVE", BillingMode: "PAY_PER_REQUEST", SSEType: "KMS", SSEStatus: "ENABLED",
		KMSKey: "arn:aws:kms:" + ecsRegion + ":" + ecsAcct + ":key/1234abcd-12ab-34cd-56ef-1234567890ab", DeletionProtection: true, PointInTimeRecovery: "ENABLED"}
	if edit != nil {
		edit(&t)
	}
	return t
}

// withKMSKey adds to mutate the region's description of a KMS key:
// DescribeKey's KeyManager, or the gaps of its failed read.
func withKMSKey(mutate func(*inventory.Snapshot), arn, manager string, gaps []string) func(*inventory.Snapshot) {
	return func(s *inventory.Snapshot) {
		mutate(s)
		ecsReg(s).KMSKeys = append(ecsReg(s).KMSKeys, inventory.KMSKey{ARN: arn, KeyManager: manager, KeyState: "Enabled", Gaps: gaps})
	}
}

func TestDynamoDBEncryption(t *testing.T) {
	const atRest, kms = "NETSEC-002.dynamodb-at-rest", "NETSEC-002.dynamodb-kms"
	orders := `"` + ddbTableARN + `"`
	ecsRunTable(t, []string{"NETSEC-002"}, []ecsCase{
		{name: "a KMS key not described passes at rest, its manager unknown", mutate: ddbUses(orders, ddbOrders(nil)), clean: []string{atRest, kms},
			want: []ecsWant{{Pass, atRest, ddbTableARN, "KMS key 1234abcd-12ab-34cd-56ef-1234567890ab"}, {Info, kms, ddbTableARN, "was not described"}}},
		{name: "a key DescribeKey calls customer managed passes, saying so", mutate: withKMSKey(ddbUses(orders, ddbOrders(nil)), ddbOrders(nil).KMSKey, "CUSTOMER", nil),
			clean: []string{kms}, want: []ecsWant{{Pass, kms, ddbTableARN, "customer managed KMS key 1234abcd"}}},
		{name: "the AWS managed key warns", mutate: withKMSKey(ddbUses(orders, ddbOrders(nil)), ddbOrders(nil).KMSKey, "AWS", nil),
			want: []ecsWant{{Pass, atRest, ddbTableARN, "KMS key 1234abcd"}, {Warn, kms, ddbTableARN, "AWS managed KMS key 1234abcd"}}},
		{name: "a key whose description failed is not known to be either", mutate: withKMSKey(ddbUses(orders, ddbOrders(nil)), ddbOrders(nil).KMSKey, "AWS",
			[]string{"kms DescribeKey: AccessDenied"}), clean: []string{kms}, want: []ecsWant{{Info, kms, ddbTableARN, "whether AWS or the customer manages it is unknown"}}},
		{name: "the AWS owned key is encrypted at rest but warns for KMS", mutate: ddbUses(orders, ddbOrders(func(t *inventory.DynamoDBTable) { t.SSEType, t.SSEStatus, t.KMSKey = "", "", "" })),
			want: []ecsWant{{Pass, atRest, ddbTableARN, "a key AWS owns"}, {Warn, kms, ddbTableARN, "not in the account's KMS"}}},
		{name: "an index ARN names its table", mutate: ddbUses(`"`+ddbTableARN+`/index/by-day"`, ddbOrders(nil)),
			want: []ecsWant{{Pass, atRest, ddbTableARN, "used by prod/web"}}},
		{name: "a table not in the snapshot is unknown", mutate: ddbUses(orders),
			want: []ecsWant{{Info, atRest, ddbTableARN, "unknown"}, {Info, kms, ddbTableARN, "unknown"}}},
		{name: "a failed describe is unknown, not a pass", mutate: ddbUses(orders, ddbOrders(func(t *inventory.DynamoDBTable) {
			t.Gaps = []string{"dynamodb DescribeTable: AccessDenied"}
		})), want: []ecsWant{{Info, atRest, ddbTableARN, "AccessDenied"}, {Info, kms, ddbTableARN, "AccessDenied"}}},
		{name: "a table that does not exist is a note", mutate: ddbUses(orders, inventory.DynamoDBTable{Name: "orders", ARN: ddbTableARN, NotFound: true}),
			want: []ecsWant{{Info, atRest, ddbTableARN, "does not exist"}}},
		{name: "a pattern is a note", mutate: ddbUses(`"arn:aws:dynamodb:` + ecsRegion + `:` + ecsAcct + `:table/orders-*"`),
			want: []ecsWant{{Info, atRest, "table/orders-*", "matching orders-*"}}},
	})
	// No finding may pass a table whose describe failed or that is missing.
	for _, tables := range [][]inventory.DynamoDBTable{nil, {ddbOrders(func(t *inventory.DynamoDBTable) { t.Gaps = []string{"dynamodb DescribeTable: Throttling"} })},
		{{Name: "orders", ARN: ddbTableARN, NotFound: true}}} {
		s := ecsClean()
		ddbUses(orders, tables...)(s)
		for _, f := range ecsRun(ecsInput(s), "NETSEC-002", "REL-002") {
			if f.Outcome == Pass && f.Resource == ddbTableARN && f.Check != "REL-002.dynamodb-pitr" {
				t.Errorf("%s passes %s with tables %+v: %s", f.Check, f.Resource, tables, f.Message)
			}
		}
	}
}

func TestDynamoDBRecovery(t *testing.T) {
	const pitr, del = "REL-002.dynamodb-pitr", "REL-002.dynamodb-deletion-protection"
	orders := `"` + ddbTableARN + `"`
	ecsRunTable(t, []string{"REL-002"}, []ecsCase{
		{name: "PITR and deletion protection pass", mutate: ddbUses(orders, ddbOrders(nil)), clean: []string{pitr, del},
			want: []ecsWant{{Pass, pitr, ddbTableARN, "point-in-time recovery (ENABLED)"}, {Pass, del, ddbTableARN, "has deletion protection"}}},
		{name: "neither warns", mutate: ddbUses(orders, ddbOrders(func(t *inventory.DynamoDBTable) { t.PointInTimeRecovery, t.DeletionProtection = "DISABLED", false })),
			want: []ecsWant{{Warn, pitr, ddbTableARN, "no point-in-time recovery (DISABLED)"}, {Warn, del, ddbTableARN, "no deletion protection"}}},
		{name: "failed backups read: PITR unknown, deletion protection still read", mutate: ddbUses(orders, ddbOrders(func(t *inventory.DynamoDBTable) {
			t.PointInTimeRecovery, t.Gaps = "", []string{"dynamodb DescribeContinuousBackups: Throttling"}
		})), want: []ecsWant{{Info, pitr, ddbTableARN, "Throttling"}, {Pass, del, ddbTableARN, "has deletion protection"}}},
		{name: "failed describe: deletion protection unknown", mutate: ddbUses(orders, ddbOrders(func(t *inventory.DynamoDBTable) {
			t.Status, t.DeletionProtection, t.Gaps = "", false, []string{"dynamodb DescribeTable: AccessDenied"}
		})), want: []ecsWant{{Info, del, ddbTableARN, "unknown"}, {Pass, pitr, ddbTableARN, "ENABLED"}}},
		{name: "a table not in the snapshot is unknown", mutate: ddbUses(orders),
			want: []ecsWant{{Info, pitr, ddbTableARN, "unknown"}, {Info, del, ddbTableARN, "unknown"}}},
		{name: "a table that does not exist is judged by neither", mutate: ddbUses(orders, inventory.DynamoDBTable{Name: "orders", ARN: ddbTableARN, NotFound: true}),
			clean: []string{pitr, del}},
	})
}
