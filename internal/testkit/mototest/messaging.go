package mototest

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// QueuePolicy is the orders queue's access policy: requests without TLS
// are refused, and only the account may send.
const QueuePolicy = `{"Version":"2012-10-17","Statement":[` +
	`{"Sid":"tls-only","Effect":"Deny","Principal":"*","Action":"sqs:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}},` +
	`{"Sid":"account","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + Account + `:root"},"Action":"sqs:SendMessage","Resource":"*"}]}`

// messaging creates the SQS queue and SNS topic the web task's role reaches
// (a second inline policy of shared-task-role, "messaging"), and names a
// queue and a topic that do not exist: the role outlived them.
func (b *estateBuilder) messaging() error {
	ctx := b.ctx
	q, err := sqs.NewFromConfig(b.cfg).CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("orders"),
		Attributes: map[string]string{"KmsMasterKeyId": SecretKeyAlias, "SqsManagedSseEnabled": "false", "Policy": QueuePolicy}})
	if err != nil {
		return err
	}
	b.e.QueueURL = aws.ToString(q.QueueUrl)
	b.e.QueueARN = "arn:aws:sqs:" + Region + ":" + Account + ":orders"
	b.e.GoneQueueARN = "arn:aws:sqs:" + Region + ":" + Account + ":retired-jobs"
	t, err := sns.NewFromConfig(b.cfg).CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String("order-events"),
		Attributes: map[string]string{"KmsMasterKeyId": b.e.SecretKeyARN}})
	if err != nil {
		return err
	}
	b.e.TopicARN = aws.ToString(t.TopicArn)
	b.e.GoneTopicARN = "arn:aws:sns:" + Region + ":" + Account + ":order-events-v1"
	_, err = iam.NewFromConfig(b.cfg).PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String("shared-task-role"), PolicyName: aws.String("messaging"),
		PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[` +
			`{"Effect":"Allow","Action":"sqs:SendMessage","Resource":["` + b.e.QueueARN + `","` + b.e.GoneQueueARN + `"]},` +
			`{"Effect":"Allow","Action":"sns:Publish","Resource":["` + b.e.TopicARN + `","` + b.e.GoneTopicARN + `"]}]}`)})
	return err
}
