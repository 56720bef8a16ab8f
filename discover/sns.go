package discover

import (
	"errors"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"

	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/inventory"
)

// snsOperations are the Amazon SNS reads: the attributes of each topic the
// task roles' policies name (its key and policy; subscriptions are not
// listed).
var snsOperations = ops("sns", "GetTopicAttributes")

// collectTopics reads each SNS topic of the region the task roles reach (a
// store collector, run after IAM). A topic that does not exist is a fact;
// any other failure leaves a gap on the topic.
func collectTopics(r *regionRun, reach storeReach) {
	c := sns.NewFromConfig(r.cfg)
	for _, ref := range reach.of(estate.KindSNS) {
		arn, ok := storeARN("sns", ref)
		if !ok {
			continue
		}
		r.spawn(func() {
			out, err := c.GetTopicAttributes(r.ctx, &sns.GetTopicAttributesInput{TopicArn: aws.String(arn)})
			var nf *snstypes.NotFoundException
			switch {
			case errors.As(err, &nf):
				r.b.addTopic(inventory.Topic{ARN: arn, NotFound: true})
			case !r.failAbout("sns", err, func(g string) { r.b.addTopic(inventory.Topic{ARN: arn, Gaps: []string{g}}) }):
				r.b.addTopic(topicOf(arn, out.Attributes))
			}
		})
	}
}

// topicOf is the topic GetTopicAttributes described.
func topicOf(arn string, attrs map[string]string) inventory.Topic {
	return inventory.Topic{ARN: arn, KMSKey: attrs["KmsMasterKeyId"], Policy: accessPolicyFacts(attrs["Policy"])}
}

// addTopic records one topic, once (a later read replaces the earlier).
func (b *builder) addTopic(t inventory.Topic) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if i := slices.IndexFunc(b.r.Topics, func(x inventory.Topic) bool { return x.ARN == t.ARN }); i >= 0 {
		b.r.Topics[i] = t
		return
	}
	b.r.Topics = append(b.r.Topics, t)
}

// importTopicAttributes is the collect script's answer about a topic, in a
// file named after the topic's ARN.
func (b *builder) importTopicAttributes(arn string, o *sns.GetTopicAttributesOutput) {
	b.addTopic(topicOf(arn, o.Attributes))
}

// markSNSImportFailure records a failed collect-script read about a topic;
// it reports whether the failure is an answer (the topic does not exist).
func markSNSImportFailure(b *builder, arn, msg, gap string) bool {
	if strings.Contains(msg, "(NotFound)") {
		b.addTopic(inventory.Topic{ARN: arn, NotFound: true})
		return true
	}
	b.addTopic(inventory.Topic{ARN: arn, Gaps: []string{gap}})
	return false
}
