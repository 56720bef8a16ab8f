package assess

import (
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

func TestMessagingChecks(t *testing.T) {
	const (
		qARN = "arn:aws:sqs:eu-west-1:111122223333:orders"
		tARN = "arn:aws:sns:eu-west-1:111122223333:order-events"
		enc  = "NETSEC-002.sqs-encryption"
		sns  = "NETSEC-002.sns-encryption"
		pub  = "NETSEC-001.messaging-public"
		tls  = "NETSEC-002.messaging-tls"
	)
	tlsOnly := &inventory.AccessPolicyFacts{DeniesInsecureTransport: true}
	// reached: web's task role names the queue and the topic, which the
	// snapshot holds as given (nil: not read).
	reached := func(q *inventory.Queue, tp *inventory.Topic) func(*inventory.Snapshot) {
		return func(s *inventory.Snapshot) {
			for i := range s.Accounts[0].IAM.Roles {
				if r := &s.Accounts[0].IAM.Roles[i]; r.Name == "web-task" {
					r.InlinePolicies = append(r.InlinePolicies, inventory.Policy{Name: "messaging",
						Document: `{"Statement":[{"Effect":"Allow","Action":["sqs:SendMessage","sns:Publish"],"Resource":["` + qARN + `","` + tARN + `"]}]}`})
				}
			}
			if q != nil {
				q.ARN = qARN
				ecsReg(s).Queues = []inventory.Queue{*q}
			}
			if tp != nil {
				tp.ARN = tARN
				ecsReg(s).Topics = []inventory.Topic{*tp}
			}
		}
	}
	controls := []string{"NETSEC-001", "NETSEC-002"}
	ecsRunTable(t, controls, []ecsCase{
		{name: "encrypted, TLS-only, private passes", mutate: reached(&inventory.Queue{KMSKey: "alias/aws/sqs", Policy: tlsOnly}, &inventory.Topic{KMSKey: "alias/orders", Policy: tlsOnly}),
			clean: []string{enc, sns, pub, tls},
			want: []ecsWant{{Pass, enc, qARN, "SSE-KMS with key alias/aws/sqs"}, {Pass, sns, tARN, "KMS key alias/orders"},
				{Pass, pub, qARN, "no unconditional Allow"}, {Pass, tls, tARN, "refuses requests without TLS"}, {Pass, enc, qARN, "reached by web"}}},
		{name: "SSE-SQS passes", mutate: reached(&inventory.Queue{SQSManagedSSE: true}, nil),
			want: []ecsWant{{Pass, enc, qARN, "SSE-SQS"}, {Pass, pub, qARN, "no access policy"}, {Warn, tls, qARN, "does not refuse"}}},
		{name: "unencrypted queue and topic fail", mutate: reached(&inventory.Queue{}, &inventory.Topic{}),
			want: []ecsWant{{Fail, enc, qARN, "neither SSE-SQS nor SSE-KMS"}, {Fail, sns, tARN, "no KMS key"}}},
		{name: "a policy open to anyone warns", mutate: reached(&inventory.Queue{SQSManagedSSE: true, Policy: &inventory.AccessPolicyFacts{AllowsAnyone: true}},
			&inventory.Topic{KMSKey: "k", Policy: &inventory.AccessPolicyFacts{AllowsAnyone: true, DeniesInsecureTransport: true}}),
			want: []ecsWant{{Warn, pub, qARN, "anyone"}, {Warn, pub, tARN, "anyone"}, {Pass, tls, tARN, ""}}},
		{name: "an unreadable policy is unknown", mutate: reached(&inventory.Queue{SQSManagedSSE: true, Policy: &inventory.AccessPolicyFacts{Unreadable: true}}, nil),
			want: []ecsWant{{Info, pub, qARN, "could not be read"}, {Info, tls, qARN, "unknown"}}},
		{name: "a failed read is unknown, not a pass", mutate: reached(&inventory.Queue{SQSManagedSSE: true, Gaps: []string{"sqs GetQueueAttributes: AccessDenied"}},
			&inventory.Topic{KMSKey: "k", Gaps: []string{"sns GetTopicAttributes: Throttling"}}),
			want: []ecsWant{{Info, enc, qARN, "could not be read"}, {Info, sns, tARN, "unknown"}, {Info, pub, qARN, "unknown"}, {Info, tls, tARN, "unknown"}}},
		{name: "not read at all is unknown", mutate: reached(nil, nil),
			want: []ecsWant{{Info, enc, qARN, "was not read"}, {Info, sns, tARN, "was not read"}, {Info, pub, tARN, "was not read"}}},
		{name: "a queue that does not exist is said, not judged", mutate: reached(&inventory.Queue{NotFound: true}, &inventory.Topic{NotFound: true}),
			clean: []string{pub, tls},
			want:  []ecsWant{{Info, enc, qARN, "does not exist"}, {Info, sns, tARN, "does not exist"}}},
	})
}

// TestMessagingChecksSayNothingWithoutQueues: an estate whose roles name no
// queue or topic gets no finding from these checks.
func TestMessagingChecksSayNothingWithoutQueues(t *testing.T) {
	for _, f := range ecsRun(ecsInput(ecsClean()), "NETSEC-001", "NETSEC-002") {
		switch f.Check {
		case "NETSEC-002.sqs-encryption", "NETSEC-002.sns-encryption", "NETSEC-001.messaging-public", "NETSEC-002.messaging-tls":
			t.Errorf("finding without any queue or topic: %+v", f)
		}
	}
}
