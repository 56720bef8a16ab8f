package inventory

import "strings"

// Queue is an Amazon SQS queue a task role's policy names (the stores
// phase of discovery), as GetQueueAttributes describes it. NETSEC-002 asks
// for the native encryption at rest of a service that stores data; the
// queue policy is kept as facts about it, never as the document.
type Queue struct {
	// ARN is the queue's ARN as the task role's policy names it.
	ARN string `json:"arn"`
	// NotFound is set when GetQueueUrl answered that no such queue exists:
	// a fact (the role names a queue that is gone), not a failed read.
	NotFound bool `json:"not_found,omitempty"`
	// SQSManagedSSE is SqsManagedSseEnabled: SSE-SQS, keys owned by SQS.
	SQSManagedSSE bool `json:"sqs_managed_sse,omitempty"`
	// KMSKey is KmsMasterKeyId: SSE-KMS with this key (an id, ARN or
	// alias, "alias/aws/sqs" for the AWS managed key); "" for none.
	KMSKey string `json:"kms_key,omitempty"`
	// Policy is what the queue's access policy says; nil for no policy.
	Policy *AccessPolicyFacts `json:"policy,omitempty"`
	// Gaps are the reads that failed: the queue's settings are unknown.
	Gaps []string `json:"gaps,omitempty"`
}

// Topic is an Amazon SNS topic a task role's policy names, as
// GetTopicAttributes describes it (see Queue).
type Topic struct {
	ARN string `json:"arn"`
	// NotFound is set when GetTopicAttributes answered NotFound.
	NotFound bool `json:"not_found,omitempty"`
	// KMSKey is KmsMasterKeyId: the key SNS encrypts messages with at rest
	// ("alias/aws/sns" for the AWS managed key); "" when unencrypted, SNS's
	// default.
	KMSKey string `json:"kms_key,omitempty"`
	// Policy is what the topic's access policy says; nil for no policy.
	Policy *AccessPolicyFacts `json:"policy,omitempty"`
	Gaps   []string           `json:"gaps,omitempty"`
}

// AccessPolicyFacts are the two facts the checks need from a queue's or
// topic's resource policy, derived at collection so the document itself is
// not kept.
type AccessPolicyFacts struct {
	// DeniesInsecureTransport is set when a Deny statement covers every
	// principal and every action (or sns:Publish) on the condition
	// aws:SecureTransport = false: messages without TLS are refused.
	DeniesInsecureTransport bool `json:"denies_insecure_transport,omitempty"`
	// AllowsAnyone is set when an Allow statement names the principal "*"
	// (or {"AWS": "*"}) with no condition: anyone, any account, may call it.
	AllowsAnyone bool `json:"allows_anyone,omitempty"`
	// Unreadable is set when the document did not parse: both facts above
	// are then unknown.
	Unreadable bool `json:"unreadable,omitempty"`
}

// RegionalARN is the ARN of a resource of a regional service ("sqs", "kms",
// "sns") in the partition its region belongs to (aws-cn for cn-*,
// aws-us-gov for us-gov-*, else aws): how discovery names a queue or topic
// a policy names, and how the checks find it again.
func RegionalARN(service, region, account, resource string) string {
	partition := "aws"
	switch {
	case strings.HasPrefix(region, "cn-"):
		partition = "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		partition = "aws-us-gov"
	}
	return "arn:" + partition + ":" + service + ":" + region + ":" + account + ":" + resource
}
