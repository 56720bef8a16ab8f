package main

import (
	"regexp"
	"slices"

	"github.com/ecspack/ecspack/inventory"
)

// messaging plants what discovery's stores phase reads about the SQS queues
// and SNS topics of the env's region its task roles' policies name: every
// queue SSE-SQS, every topic encrypted with the AWS managed key, each with
// a policy that refuses requests without TLS and admits no one anonymous.
func (e *env) messaging() {
	re := regexp.MustCompile(`arn:aws:(sqs|sns):` + regexp.QuoteMeta(e.region) + `:` + e.acct + `:[A-Za-z0-9_.-]+`)
	tlsOnly := &inventory.AccessPolicyFacts{DeniesInsecureTransport: true}
	var named []string
	for _, r := range e.roles {
		for _, p := range slices.Concat(r.InlinePolicies, r.AttachedPolicies) {
			named = append(named, re.FindAllString(p.Document, -1)...)
		}
	}
	slices.Sort(named)
	e.r.Queues, e.r.Topics = nil, nil
	for _, arn := range slices.Compact(named) {
		if re.FindStringSubmatch(arn)[1] == "sqs" {
			e.r.Queues = append(e.r.Queues, inventory.Queue{ARN: arn, SQSManagedSSE: true, Policy: tlsOnly})
		} else {
			e.r.Topics = append(e.r.Topics, inventory.Topic{ARN: arn, KMSKey: "alias/aws/sns", Policy: tlsOnly})
		}
	}
}
