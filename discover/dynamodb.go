package discover

import (
	"cmp"
	"errors"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/inventory"
)

// dynamodbOperations are the Amazon DynamoDB reads: how the tables the task
// roles reach are encrypted at rest and can be recovered — the table's
// description and its continuous backups, never an item.
var dynamodbOperations = ops("dynamodb", "DescribeContinuousBackups", "DescribeTable")

// The DynamoDB error codes that say a table does not exist: an answer about
// the policy that names it, not a failed read.
const (
	errTableResourceNotFound = "ResourceNotFoundException"
	errTableNotFound         = "TableNotFoundException"
)

// collectDynamoDBTables describes each table of the region the task roles
// reach, and reads its continuous backups.
func collectDynamoDBTables(r *regionRun, reach storeReach) {
	c := dynamodb.NewFromConfig(r.cfg)
	for _, ref := range reach.of(estate.KindDynamoDB) {
		name := ref.Name
		arn := inventory.DynamoDBTableARN(r.region, cmp.Or(ref.Account, r.account), name)
		gap := func(g string) {
			r.b.updateTable(name, arn, func(t *inventory.DynamoDBTable) { t.Gaps = append(t.Gaps, g) })
		}
		r.spawn(func() {
			out, err := c.DescribeTable(r.ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)})
			switch {
			case tableNotFound(err):
				r.b.tableNotFound(name, arn)
			case r.failAbout("dynamodb", err, gap):
			default:
				r.b.addTable(name, arn, out)
			}
		})
		r.spawn(func() {
			out, err := c.DescribeContinuousBackups(r.ctx, &dynamodb.DescribeContinuousBackupsInput{TableName: aws.String(name)})
			switch {
			case tableNotFound(err):
				r.b.tableNotFound(name, arn)
			case r.failAbout("dynamodb", err, gap):
			default:
				r.b.addContinuousBackups(name, arn, out)
			}
		})
	}
}

// tableNotFound reports whether err is DynamoDB's answer that the table does
// not exist.
func tableNotFound(err error) bool {
	var rnf *ddbtypes.ResourceNotFoundException
	var tnf *ddbtypes.TableNotFoundException
	return errors.As(err, &rnf) || errors.As(err, &tnf)
}

// addTable records what DescribeTable answered about a table.
func (b *builder) addTable(name, arn string, out *dynamodb.DescribeTableOutput) {
	d := out.Table
	if d == nil {
		return
	}
	b.updateTable(cmp.Or(aws.ToString(d.TableName), name), cmp.Or(aws.ToString(d.TableArn), arn), func(t *inventory.DynamoDBTable) {
		t.ARN = cmp.Or(aws.ToString(d.TableArn), t.ARN)
		t.Status, t.DeletionProtection = string(d.TableStatus), aws.ToBool(d.DeletionProtectionEnabled)
		if bm := d.BillingModeSummary; bm != nil {
			t.BillingMode = string(bm.BillingMode)
		}
		if s := d.SSEDescription; s != nil {
			t.SSEType, t.SSEStatus, t.KMSKey = string(s.SSEType), string(s.Status), aws.ToString(s.KMSMasterKeyArn)
		}
	})
}

// addContinuousBackups records a table's point-in-time recovery status.
func (b *builder) addContinuousBackups(name, arn string, out *dynamodb.DescribeContinuousBackupsOutput) {
	d := out.ContinuousBackupsDescription
	if d == nil || d.PointInTimeRecoveryDescription == nil {
		return
	}
	b.updateTable(name, arn, func(t *inventory.DynamoDBTable) {
		t.PointInTimeRecovery = string(d.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus)
	})
}

// tableNotFound records that the table a policy names does not exist.
func (b *builder) tableNotFound(name, arn string) {
	b.updateTable(name, arn, func(t *inventory.DynamoDBTable) { t.NotFound = true })
}

// updateTable changes what is known about one table, found by name (its two
// reads, and import's two files, arrive apart).
func (b *builder) updateTable(name, arn string, fn func(*inventory.DynamoDBTable)) {
	b.mu.Lock()
	defer b.mu.Unlock()
	i := slices.IndexFunc(b.r.DynamoDBTables, func(t inventory.DynamoDBTable) bool { return t.Name == name })
	if i < 0 {
		b.r.DynamoDBTables = append(b.r.DynamoDBTables, inventory.DynamoDBTable{Name: name, ARN: arn})
		i = len(b.r.DynamoDBTables) - 1
	}
	fn(&b.r.DynamoDBTables[i])
}

// markTableImportFailure records a failed collect-script read about a table
// (its file names the table); it reports whether the failure is an answer
// (the table does not exist). The table's ARN, which the file does not
// give, is made by nameTables.
func markTableImportFailure(b *builder, name, msg, gap string) bool {
	if strings.Contains(msg, errTableResourceNotFound) || strings.Contains(msg, errTableNotFound) {
		b.tableNotFound(name, "")
		return true
	}
	b.updateTable(name, "", func(t *inventory.DynamoDBTable) { t.Gaps = append(t.Gaps, gap) })
	return false
}

// nameTables gives the imported tables known only by name the ARN their
// folder's region and account make.
func nameTables(at regionAt, reg *inventory.Region) {
	for i, t := range reg.DynamoDBTables {
		if t.ARN == "" {
			reg.DynamoDBTables[i].ARN = inventory.DynamoDBTableARN(at.region, at.account, t.Name)
		}
	}
}
