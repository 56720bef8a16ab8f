package mototest

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kms"
)

// The DynamoDB tables the shared task role (web's and api's) reaches:
//   - OrdersTable, encrypted with a customer managed KMS key (TableKeyARN),
//     with point-in-time recovery and deletion protection, on demand;
//   - SessionsTable, encrypted with the AWS owned key (no SSE
//     specification), provisioned, with neither;
//   - MissingTable, which the policy names but does not exist;
//   - a pattern (audit-*), which names no table.
const (
	OrdersTable   = "orders"
	SessionsTable = "sessions"
	MissingTable  = "orders-archive"
)

// dynamodb creates the tables and grants the shared task role access to
// them (an inline policy of its own, "use-tables").
func (b *estateBuilder) dynamodb() error {
	ctx := b.ctx
	key, err := kms.NewFromConfig(b.cfg).CreateKey(ctx, &kms.CreateKeyInput{Description: aws.String("orders table key")})
	if err != nil {
		return err
	}
	b.e.TableKeyARN = aws.ToString(key.KeyMetadata.Arn)
	c := dynamodb.NewFromConfig(b.cfg)
	keySchema := []ddbtypes.KeySchemaElement{{AttributeName: aws.String("id"), KeyType: ddbtypes.KeyTypeHash}}
	attrs := []ddbtypes.AttributeDefinition{{AttributeName: aws.String("id"), AttributeType: ddbtypes.ScalarAttributeTypeS}}
	orders, err := c.CreateTable(ctx, &dynamodb.CreateTableInput{TableName: aws.String(OrdersTable), KeySchema: keySchema, AttributeDefinitions: attrs,
		BillingMode: ddbtypes.BillingModePayPerRequest, DeletionProtectionEnabled: aws.Bool(true),
		SSESpecification: &ddbtypes.SSESpecification{Enabled: aws.Bool(true), SSEType: ddbtypes.SSETypeKms, KMSMasterKeyId: aws.String(b.e.TableKeyARN)}})
	if err != nil {
		return err
	}
	b.e.OrdersTableARN = aws.ToString(orders.TableDescription.TableArn)
	if _, err := c.UpdateContinuousBackups(ctx, &dynamodb.UpdateContinuousBackupsInput{TableName: aws.String(OrdersTable),
		PointInTimeRecoverySpecification: &ddbtypes.PointInTimeRecoverySpecification{PointInTimeRecoveryEnabled: aws.Bool(true)}}); err != nil {
		return err
	}
	sessions, err := c.CreateTable(ctx, &dynamodb.CreateTableInput{TableName: aws.String(SessionsTable), KeySchema: keySchema, AttributeDefinitions: attrs,
		BillingMode:           ddbtypes.BillingModeProvisioned,
		ProvisionedThroughput: &ddbtypes.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(5), WriteCapacityUnits: aws.Int64(5)}})
	if err != nil {
		return err
	}
	b.e.SessionsTableARN = aws.ToString(sessions.TableDescription.TableArn)
	table := "arn:aws:dynamodb:" + Region + ":" + Account + ":table/"
	_, err = iam.NewFromConfig(b.cfg).PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String("shared-task-role"), PolicyName: aws.String("use-tables"),
		PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:PutItem","dynamodb:Query"],` +
			`"Resource":["` + table + OrdersTable + `","` + table + OrdersTable + `/index/*","` + table + SessionsTable + `","` + table + MissingTable + `","` + table + `audit-*"]}]}`)})
	return err
}
