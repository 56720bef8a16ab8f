package discover

import (
	"errors"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/inventory"
)

// sqsOperations are the Amazon SQS reads: the URL of each queue the task
// roles' policies name, then its encryption and policy attributes (never a
// message: ReceiveMessage is not declared, so the guard refuses it).
var sqsOperations = ops("sqs", "GetQueueAttributes", "GetQueueUrl")

// queueAttributes are the attributes asked of each queue: the policy only
// to derive its facts (accessPolicyFacts).
var queueAttributes = []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameQueueArn,
	sqstypes.QueueAttributeNameSqsManagedSseEnabled, sqstypes.QueueAttributeNameKmsMasterKeyId, sqstypes.QueueAttributeNamePolicy}

// collectQueues reads each SQS queue of the region the task roles reach
// (a store collector, run after IAM). A queue that does not exist is a
// fact; any other failure leaves a gap on the queue.
func collectQueues(r *regionRun, reach storeReach) {
	c := sqs.NewFromConfig(r.cfg)
	for _, ref := range reach.of(estate.KindSQS) {
		arn, ok := storeARN("sqs", ref)
		if !ok {
			continue
		}
		r.spawn(func() {
			gap := func(g string) { r.b.addQueue(inventory.Queue{ARN: arn, Gaps: []string{g}}) }
			u, err := c.GetQueueUrl(r.ctx, &sqs.GetQueueUrlInput{QueueName: aws.String(ref.Name), QueueOwnerAWSAccountId: aws.String(ref.Account)})
			if queueGone(err) {
				r.b.addQueue(inventory.Queue{ARN: arn, NotFound: true})
				return
			}
			if r.failAbout("sqs", err, gap) {
				return
			}
			out, err := c.GetQueueAttributes(r.ctx, &sqs.GetQueueAttributesInput{QueueUrl: u.QueueUrl, AttributeNames: queueAttributes})
			switch {
			case queueGone(err):
				r.b.addQueue(inventory.Queue{ARN: arn, NotFound: true})
			case !r.failAbout("sqs", err, gap):
				r.b.addQueue(queueOf(arn, out.Attributes))
			}
		})
	}
}

// queueGone reports whether err says the queue does not exist.
func queueGone(err error) bool {
	var nf *sqstypes.QueueDoesNotExist
	return errors.As(err, &nf)
}

// queueOf is the queue GetQueueAttributes described; arn is the ARN the
// policy named (the answer's QueueArn, when present, is the same queue).
func queueOf(arn string, attrs map[string]string) inventory.Queue {
	return inventory.Queue{ARN: arn, SQSManagedSSE: strings.EqualFold(attrs["SqsManagedSseEnabled"], "true"),
		KMSKey: attrs["KmsMasterKeyId"], Policy: accessPolicyFacts(attrs["Policy"])}
}

// addQueue records one queue, once (a later read of the same ARN replaces
// the earlier).
func (b *builder) addQueue(q inventory.Queue) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if i := slices.IndexFunc(b.r.Queues, func(x inventory.Queue) bool { return x.ARN == q.ARN }); i >= 0 {
		b.r.Queues[i] = q
		return
	}
	b.r.Queues = append(b.r.Queues, q)
}

// The collect script's answers about a queue, one file per queue and read,
// named after the queue's ARN (importers).

// importQueueURL records a queue whose URL was found; its attributes file,
// read next, replaces the record — without one the queue stays a gap.
func (b *builder) importQueueURL(arn string, _ *sqs.GetQueueUrlOutput) {
	b.mu.Lock()
	known := slices.ContainsFunc(b.r.Queues, func(x inventory.Queue) bool { return x.ARN == arn })
	b.mu.Unlock()
	if !known {
		b.addQueue(inventory.Queue{ARN: arn, Gaps: []string{"sqs GetQueueAttributes: not collected"}})
	}
}

func (b *builder) importQueueAttributes(arn string, o *sqs.GetQueueAttributesOutput) {
	b.addQueue(queueOf(arn, o.Attributes))
}

// markSQSImportFailure records a failed collect-script read about a queue;
// it reports whether the failure is an answer (the queue does not exist).
func markSQSImportFailure(b *builder, arn, msg, gap string) bool {
	if strings.Contains(msg, "NonExistentQueue") || strings.Contains(msg, "QueueDoesNotExist") {
		b.addQueue(inventory.Queue{ARN: arn, NotFound: true})
		return true
	}
	b.addQueue(inventory.Queue{ARN: arn, Gaps: []string{gap}})
	return false
}
