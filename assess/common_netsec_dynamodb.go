package assess

import (
	"cmp"
	"slices"
	"strings"

	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/inventory"
)

// tableUse is one DynamoDB table the services' task roles grant actions on,
// with the services that reach it and what the snapshot holds of it.
type tableUse struct {
	name, region, account string
	// table is nil when the snapshot holds no read of it (another account
	// or region than those collected, or a snapshot older than the read).
	table *inventory.DynamoDBTable
	// users are the services whose task role names it, as "cluster/service".
	users []string
}

// resource is the table's ARN, as described or as its name makes it.
func (u *tableUse) resource() string {
	if u.table != nil && u.table.ARN != "" {
		return u.table.ARN
	}
	return inventory.DynamoDBTableARN(u.region, u.account, u.name)
}

// label names the table and its users for messages.
func (u *tableUse) label() string {
	return "DynamoDB table " + u.name + " (" + u.account + " " + u.region + ", used by " + listUpTo(u.users, 5) + ")"
}

// pattern reports whether the policy names tables by an IAM pattern.
func (u *tableUse) pattern() bool { return strings.ContainsAny(u.name, "*?") }

// usedTables lists the DynamoDB tables the services' task roles name
// (estate's Service.UsedResources), each once, in the order of the services.
func usedTables(in *Input) []*tableUse {
	var out []*tableUse
	byKey := map[string]*tableUse{}
	for _, s := range in.Estate.Services() {
		for _, ref := range s.UsedResources() {
			if ref.Kind != estate.KindDynamoDB {
				continue
			}
			region, account := cmp.Or(ref.Region, s.RegionName()), cmp.Or(ref.Account, s.AccountID())
			key := account + "\x00" + region + "\x00" + ref.Name
			u := byKey[key]
			if u == nil {
				u = &tableUse{name: ref.Name, region: region, account: account, table: findTable(in, account, region, ref.Name)}
				byKey[key] = u
				out = append(out, u)
			}
			if user := s.ClusterName() + "/" + s.Name(); !slices.Contains(u.users, user) {
				u.users = append(u.users, user)
			}
		}
	}
	return out
}

// findTable is the snapshot's read of a table, or nil.
func findTable(in *Input, account, region, name string) *inventory.DynamoDBTable {
	for _, rv := range in.Regions {
		if rv.Account != account || rv.Region.Name != region {
			continue
		}
		for i := range rv.Region.DynamoDBTables {
			if t := &rv.Region.DynamoDBTables[i]; t.Name == name {
				return t
			}
		}
	}
	return nil
}

// tableUnknown is the finding about a table whose read (DescribeTable or
// DescribeContinuousBackups) the snapshot does not hold: what it would show
// is unknown, never a pass.
func tableUnknown(u *tableUse, read, what, ev string) Finding {
	why := "the snapshot holds no " + read + " of it (its account or region was not collected, or the snapshot predates the read)"
	if u.table != nil && len(u.table.Gaps) > 0 {
		why = "a read failed (" + strings.Join(u.table.Gaps, "; ") + ")"
	}
	return Finding{Outcome: Info, Resource: u.resource(), Evidence: ev, Message: u.label() + ": " + what + " is unknown — " + why}
}

// checkDynamoDBAtRest (NETSEC-002, encryption at rest by the service's
// native feature): DynamoDB encrypts every table at rest, so a described
// table passes, naming its key. A table the policy names that does not
// exist, a pattern of names, and a table not described are notes.
func checkDynamoDBAtRest(in *Input) []Finding {
	const ev = "dynamodb:DescribeTable SSEDescription (SSEType, KMSMasterKeyArn, Status); iam task role policy resources"
	var fs []Finding
	ps := &wlPasses{evidence: ev, summary: "DynamoDB tables the services use are encrypted at rest"}
	for _, u := range usedTables(in) {
		t := u.table
		switch {
		case u.pattern():
			fs = append(fs, Finding{Outcome: Info, Resource: u.resource(), Evidence: ev,
				Message: "the task role of " + listUpTo(u.users, 5) + " grants actions on the DynamoDB tables matching " + u.name + " (" + u.account + " " + u.region + "): which tables those are, and how they are encrypted, was not read"})
		case t != nil && t.NotFound:
			fs = append(fs, Finding{Outcome: Info, Resource: u.resource(), Evidence: ev,
				Message: "the task role of " + listUpTo(u.users, 5) + " names DynamoDB table " + u.name + " (" + u.account + " " + u.region + "), which does not exist (ResourceNotFoundException)"})
		case t == nil || !t.Described():
			fs = append(fs, tableUnknown(u, "DescribeTable", "how it is encrypted at rest", ev))
		default:
			ps.add(u.resource(), u.label()+" is encrypted at rest with "+tableKey(t))
		}
	}
	return append(boundFindings(fs), ps.findings()...)
}

// tableKey names the key a described table is encrypted with.
func tableKey(t *inventory.DynamoDBTable) string {
	if t.SSEType == "" {
		return "a key AWS owns (DynamoDB's default: no SSEDescription)"
	}
	s := "KMS key " + cmp.Or(inventory.ShortName(t.KMSKey), "(not named)") + " (SSEType " + t.SSEType
	if t.SSEStatus != "" && t.SSEStatus != "ENABLED" {
		s += ", status " + t.SSEStatus
	}
	return s + ")"
}

// checkDynamoDBKMS (NETSEC-002, keys managed in a dedicated key management
// solution; prowler dynamodb_tables_kms_cmk_encryption_enabled): a table
// encrypted with the key AWS owns has a key outside the account's KMS —
// a warning, since the data is encrypted either way; so is the AWS managed
// aws/dynamodb, as kms:DescribeKey's KeyManager tells (DescribeTable does
// not). A key discovery did not describe is unknown, never a pass.
func checkDynamoDBKMS(in *Input) []Finding {
	const ev = "dynamodb:DescribeTable SSEDescription (SSEType, KMSMasterKeyArn)"
	var fs []Finding
	ps := &wlPasses{evidence: ev, summary: "DynamoDB tables the services use are encrypted with KMS keys"}
	for _, u := range usedTables(in) {
		t := u.table
		switch {
		case u.pattern() || (t != nil && t.NotFound):
			continue // NETSEC-002.dynamodb-at-rest notes them
		case t == nil || !t.Described():
			fs = append(fs, tableUnknown(u, "DescribeTable", "which key encrypts it", ev))
		case t.SSEType == "":
			fs = append(fs, Finding{Outcome: Warn, Resource: u.resource(), Evidence: ev,
				Message: u.label() + " is encrypted with a key AWS owns (no SSEDescription): the key is not in the account's KMS, so its policy, rotation and use are not the customer's to control or audit",
				Remediation: "aws dynamodb update-table --table-name " + u.name + " --sse-specification Enabled=true,SSEType=KMS,KMSMasterKeyId=<customer managed key ARN> " +
					"(online; the table stays available), or state in the NETSEC-002 answer why the AWS owned key is enough"})
		default:
			switch keyManager(in, u.account, u.region, t.KMSKey) {
			case "CUSTOMER":
				ps.add(u.resource(), u.label()+" is encrypted with customer managed "+tableKey(t))
			case "AWS":
				fs = append(fs, Finding{Outcome: Warn, Resource: u.resource(), Evidence: ev + "; kms:DescribeKey KeyManager",
					Message: u.label() + " is encrypted with the AWS managed " + tableKey(t) + ": its key policy and rotation are AWS's, not the customer's to control",
					Remediation: "aws dynamodb update-table --table-name " + u.name + " --sse-specification Enabled=true,SSEType=KMS,KMSMasterKeyId=<customer managed key ARN> " +
						"(online), or state in the NETSEC-002 answer why the AWS managed key is enough"})
			default:
				fs = append(fs, Finding{Outcome: Info, Resource: u.resource(), Evidence: ev + "; kms:DescribeKey KeyManager",
					Message: u.label() + " is encrypted with " + tableKey(t) + ", which was not described (kms:DescribeKey): whether AWS or the customer manages it is unknown"})
			}
		}
	}
	return append(boundFindings(fs), ps.findings()...)
}
