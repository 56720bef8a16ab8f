package inventory

import (
	"slices"
	"strings"
)

// DynamoDBTable is a DynamoDB table the region's task roles grant actions
// on, as DescribeTable and DescribeContinuousBackups show it: how it is
// encrypted at rest (NETSEC-002) and how it can be recovered (REL-002).
// Only tables a task role's policy names, in the table's own region, are
// read; a pattern ("table/orders-*") names no table and is not.
type DynamoDBTable struct {
	// Name is the table's name, as the policy names it.
	Name string `json:"name"`
	// ARN is DescribeTable's TableArn, or the ARN made of the name, region
	// and account when the table was not described.
	ARN string `json:"arn"`
	// NotFound is true when DynamoDB answered that no such table exists
	// (ResourceNotFoundException, TableNotFoundException): the policy names
	// a table that does not exist. Nothing else is then known of it.
	NotFound bool `json:"not_found,omitempty"`
	// Status is DescribeTable's TableStatus ("ACTIVE", ...); empty when
	// the table was not described (Gaps says why).
	Status string `json:"status,omitempty"`
	// BillingMode is "PROVISIONED" or "PAY_PER_REQUEST".
	BillingMode string `json:"billing_mode,omitempty"`
	// SSEType is SSEDescription.SSEType: "KMS" for a KMS key (the AWS
	// managed aws/dynamodb or a customer managed one, KMSKey says which);
	// empty when DescribeTable answers no SSEDescription, which means the
	// table is encrypted with a key AWS owns.
	SSEType string `json:"sse_type,omitempty"`
	// SSEStatus is SSEDescription.Status ("ENABLED", "UPDATING",
	// "INACCESSIBLE_ENCRYPTION_CREDENTIALS", ...).
	SSEStatus string `json:"sse_status,omitempty"`
	// KMSKey is SSEDescription.KMSMasterKeyArn.
	KMSKey             string `json:"kms_key,omitempty"`
	DeletionProtection bool   `json:"deletion_protection,omitempty"`
	// PointInTimeRecovery is the point-in-time recovery status
	// (DescribeContinuousBackups: "ENABLED" or "DISABLED"); empty when it
	// was not read (Gaps says why).
	PointInTimeRecovery string `json:"point_in_time_recovery,omitempty"`
	// Gaps lists the reads of this table that failed ("dynamodb
	// DescribeTable: AccessDenied"): the facts that read gives are then
	// unknown, those of the other read stand.
	Gaps []string `json:"gaps,omitempty"`
}

// Described reports whether DescribeTable answered for the table.
func (t *DynamoDBTable) Described() bool {
	return t.Status != "" && !t.failed("dynamodb DescribeTable")
}

// BackupsRead reports whether DescribeContinuousBackups answered for the table.
func (t *DynamoDBTable) BackupsRead() bool {
	return t.PointInTimeRecovery != "" && !t.failed("dynamodb DescribeContinuousBackups")
}

// failed reports whether a gap names the read ("dynamodb DescribeTable").
func (t *DynamoDBTable) failed(read string) bool {
	return slices.ContainsFunc(t.Gaps, func(g string) bool { return strings.HasPrefix(g, read+":") })
}

// DynamoDBTableARN is the ARN of the table of that name in a region and
// account ("arn:aws:dynamodb:eu-west-1:111122223333:table/orders"), for a
// table known by name only (its description, which gives the ARN, failed).
func DynamoDBTableARN(region, account, name string) string {
	partition := "aws"
	switch {
	case strings.HasPrefix(region, "cn-"):
		partition = "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		partition = "aws-us-gov"
	}
	return "arn:" + partition + ":dynamodb:" + region + ":" + account + ":table/" + name
}
