package discover

// The SDK modules of the issue 20 collectors (RDS, DynamoDB, SQS, SNS, KMS, WAFv2, ACM), required
// here once so that the branches adding each collector share one go.mod; each collector's own file
// imports its module, and this file goes when they have all landed.
import (
	_ "github.com/aws/aws-sdk-go-v2/service/acm"
	_ "github.com/aws/aws-sdk-go-v2/service/dynamodb"
	_ "github.com/aws/aws-sdk-go-v2/service/kms"
	_ "github.com/aws/aws-sdk-go-v2/service/rds"
	_ "github.com/aws/aws-sdk-go-v2/service/sns"
	_ "github.com/aws/aws-sdk-go-v2/service/sqs"
	_ "github.com/aws/aws-sdk-go-v2/service/wafv2"
)
