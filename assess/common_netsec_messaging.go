package assess

import (
	"cmp"
	"slices"
	"strings"

	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/inventory"
)

// The SQS queues and SNS topics the workload's services reach — named in
// their task roles' policies (estate.Service.UsedResources) and read in
// discovery's stores phase. NETSEC-002 asks for the native encryption at
// rest of every AWS service that stores data; the queue and topic policies
// are judged for anonymous access (NETSEC-001) and TLS-only requests
// (NETSEC-002, in transit). A queue or topic that was not read, or whose
// read failed, is unknown, never a pass.

// msgStore is one queue or topic the services reach, and what was read
// about it.
type msgStore struct {
	arn, name string
	// what is "SQS queue" or "SNS topic".
	what  string
	users []string
	// read is nil when the snapshot holds no answer about it.
	read *msgRead
}

// msgRead is what discovery read about a queue or topic.
type msgRead struct {
	notFound  bool
	gaps      []string
	encrypted string // how it is encrypted at rest ("" for not)
	policy    *inventory.AccessPolicyFacts
}

// label names the store and its users for messages.
func (m msgStore) label() string {
	return m.what + " " + m.name + " (reached by " + strings.Join(m.users, ", ") + ")"
}

// messagingStores lists the queues or topics (kind estate.KindSQS or
// KindSNS) the services reach by a name, region and account, sorted by
// ARN, each once with the services that reach it.
func messagingStores(in *Input, kind estate.ResourceKind) []msgStore {
	byARN := map[string]*msgStore{}
	for _, s := range in.Estate.Services() {
		for _, ref := range s.UsedResources() {
			if ref.Kind != kind || ref.Region == "" || ref.Account == "" || strings.ContainsAny(ref.Name, "*?") {
				continue
			}
			arn := inventory.RegionalARN(string(kind), ref.Region, ref.Account, ref.Name)
			m := byARN[arn]
			if m == nil {
				m = &msgStore{arn: arn, name: ref.Name, what: map[estate.ResourceKind]string{estate.KindSQS: "SQS queue", estate.KindSNS: "SNS topic"}[kind]}
				if r := in.Estate.Region(ref.Account, ref.Region); r != nil {
					m.read = readMessaging(r.Region, kind, arn)
				}
				byARN[arn] = m
			}
			if !slices.Contains(m.users, s.Name()) {
				m.users = append(m.users, s.Name())
			}
		}
	}
	out := make([]msgStore, 0, len(byARN))
	for _, m := range byARN {
		slices.Sort(m.users)
		out = append(out, *m)
	}
	slices.SortFunc(out, func(a, b msgStore) int { return cmp.Compare(a.arn, b.arn) })
	return out
}

// readMessaging finds what the region's snapshot says about one queue or
// topic; nil when it holds nothing.
func readMessaging(r *inventory.Region, kind estate.ResourceKind, arn string) *msgRead {
	if kind == estate.KindSQS {
		for _, q := range r.Queues {
			if q.ARN == arn {
				enc := ""
				switch {
				case q.KMSKey != "":
					enc = "SSE-KMS with key " + q.KMSKey
				case q.SQSManagedSSE:
					enc = "SSE-SQS (keys owned by SQS)"
				}
				return &msgRead{notFound: q.NotFound, gaps: q.Gaps, encrypted: enc, policy: q.Policy}
			}
		}
		return nil
	}
	for _, t := range r.Topics {
		if t.ARN == arn {
			enc := ""
			if t.KMSKey != "" {
				enc = "KMS key " + t.KMSKey
			}
			return &msgRead{notFound: t.NotFound, gaps: t.Gaps, encrypted: enc, policy: t.Policy}
		}
	}
	return nil
}

// msgUnknown is the finding about a queue or topic nothing, or only a
// failed read, is known of; ok is false when there is something to judge.
// A store that does not exist is said once, by the encryption checks.
func msgUnknown(m msgStore, ev, question string, sayGone bool) (f Finding, ok bool) {
	switch {
	case m.read == nil:
		return Finding{Outcome: Info, Resource: m.arn, Evidence: ev,
			Message: m.label() + " was not read (its region or account was not collected, or the snapshot predates the read): " + question + " is unknown"}, true
	case len(m.read.gaps) > 0:
		return Finding{Outcome: Info, Resource: m.arn, Evidence: ev,
			Message: m.label() + " could not be read (" + strings.Join(m.read.gaps, "; ") + "): " + question + " is unknown"}, true
	case m.read.notFound && sayGone:
		return Finding{Outcome: Info, Resource: m.arn, Evidence: ev,
			Message: m.label() + " does not exist: the task role names a " + m.what + " that is gone, so no data is stored there"}, true
	case m.read.notFound:
		return Finding{}, true
	}
	return Finding{}, false
}

// checkQueueEncryption judges the encryption at rest of the SQS queues the
// services reach (NETSEC-002: "enable the native encryption features in an
// AWS service that stores data"; Security Hub SQS.1): SSE-SQS or SSE-KMS
// passes, neither fails.
func checkQueueEncryption(in *Input) []Finding {
	const ev = "sqs:GetQueueAttributes SqsManagedSseEnabled, KmsMasterKeyId; the task roles' policies (the queues they name)"
	var fs []Finding
	for _, m := range messagingStores(in, estate.KindSQS) {
		if f, ok := msgUnknown(m, ev, "whether it is encrypted at rest", true); ok {
			fs = append(fs, f)
			continue
		}
		if m.read.encrypted != "" {
			fs = append(fs, Finding{Outcome: Pass, Resource: m.arn, Evidence: ev, Message: m.label() + " is encrypted at rest: " + m.read.encrypted})
			continue
		}
		fs = append(fs, Finding{Outcome: Fail, Resource: m.arn, Evidence: ev,
			Message:     m.label() + " is not encrypted at rest: neither SSE-SQS nor SSE-KMS is on",
			Remediation: "aws sqs set-queue-attributes --queue-url <URL of " + m.name + "> --attributes SqsManagedSseEnabled=true (or KmsMasterKeyId=<a customer managed key> for SSE-KMS, granting the senders and receivers kms:GenerateDataKey and kms:Decrypt)"})
	}
	return boundFindings(fs)
}

// checkTopicEncryption judges the encryption at rest of the SNS topics the
// services reach (NETSEC-002; Security Hub SNS.1). SNS encrypts nothing at
// rest unless a KMS key is set, so a topic without one fails.
func checkTopicEncryption(in *Input) []Finding {
	const ev = "sns:GetTopicAttributes KmsMasterKeyId; the task roles' policies (the topics they name)"
	var fs []Finding
	for _, m := range messagingStores(in, estate.KindSNS) {
		if f, ok := msgUnknown(m, ev, "whether it is encrypted at rest", true); ok {
			fs = append(fs, f)
			continue
		}
		if m.read.encrypted != "" {
			fs = append(fs, Finding{Outcome: Pass, Resource: m.arn, Evidence: ev, Message: m.label() + " is encrypted at rest with " + m.read.encrypted})
			continue
		}
		fs = append(fs, Finding{Outcome: Fail, Resource: m.arn, Evidence: ev,
			Message:     m.label() + " is not encrypted at rest: it has no KMS key (SNS encrypts nothing at rest by default)",
			Remediation: "aws sns set-topic-attributes --topic-arn " + m.arn + " --attribute-name KmsMasterKeyId --attribute-value alias/aws/sns (or a customer managed key whose policy lets the publishers and the subscribed services use it)"})
	}
	return boundFindings(fs)
}

// checkMessagingPublic judges whether the access policies of the queues and
// topics the services reach let anyone in: an Allow to the principal "*"
// without a condition (Security Hub SQS.3, SNS.4). A warning: NETSEC-001
// asks to restrict traffic from the Internet, and these endpoints are
// reached over it.
func checkMessagingPublic(in *Input) []Finding {
	const ev = "sqs:GetQueueAttributes Policy, sns:GetTopicAttributes Policy (facts derived, the documents not kept)"
	var fs []Finding
	for _, m := range slices.Concat(messagingStores(in, estate.KindSQS), messagingStores(in, estate.KindSNS)) {
		if f, ok := msgUnknown(m, ev, "who its access policy admits", false); ok {
			if f.Outcome != "" {
				fs = append(fs, f)
			}
			continue
		}
		p := m.read.policy
		switch {
		case p == nil:
			fs = append(fs, Finding{Outcome: Pass, Resource: m.arn, Evidence: ev, Message: m.label() + " has no access policy: only principals their own IAM policies allow reach it"})
		case p.Unreadable:
			fs = append(fs, Finding{Outcome: Info, Resource: m.arn, Evidence: ev, Message: m.label() + " has an access policy that could not be read: who it admits is unknown"})
		case p.AllowsAnyone:
			fs = append(fs, Finding{Outcome: Warn, Resource: m.arn, Evidence: ev,
				Message:     m.label() + " has an access policy that allows the principal \"*\" without a condition: anyone, from any account, may call it",
				Remediation: "name the accounts, roles or services that need it in the policy's Principal, or add a condition (aws:SourceAccount, aws:SourceArn, aws:PrincipalOrgID) to the statement that allows \"*\""})
		default:
			fs = append(fs, Finding{Outcome: Pass, Resource: m.arn, Evidence: ev, Message: m.label() + " has an access policy with no unconditional Allow to \"*\""})
		}
	}
	return boundFindings(fs)
}

// checkMessagingTLS judges whether the queues and topics the services
// reach refuse requests without TLS (a Deny on aws:SecureTransport =
// false). A warning: NETSEC-002 asks how traffic is encrypted, and the SQS
// and SNS endpoints also answer plain HTTP unless the policy refuses it.
func checkMessagingTLS(in *Input) []Finding {
	const ev = "sqs:GetQueueAttributes Policy, sns:GetTopicAttributes Policy (facts derived, the documents not kept)"
	var fs []Finding
	for _, m := range slices.Concat(messagingStores(in, estate.KindSQS), messagingStores(in, estate.KindSNS)) {
		if f, ok := msgUnknown(m, ev, "whether it refuses requests without TLS", false); ok {
			if f.Outcome != "" {
				fs = append(fs, f)
			}
			continue
		}
		p := m.read.policy
		switch {
		case p != nil && p.Unreadable:
			fs = append(fs, Finding{Outcome: Info, Resource: m.arn, Evidence: ev, Message: m.label() + " has an access policy that could not be read: whether it refuses requests without TLS is unknown"})
		case p != nil && p.DeniesInsecureTransport:
			fs = append(fs, Finding{Outcome: Pass, Resource: m.arn, Evidence: ev, Message: m.label() + " refuses requests without TLS (its policy denies aws:SecureTransport = false)"})
		default:
			fs = append(fs, Finding{Outcome: Warn, Resource: m.arn, Evidence: ev,
				Message:     m.label() + " does not refuse requests without TLS: no statement of its access policy denies aws:SecureTransport = false",
				Remediation: "add to its access policy a statement {\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"" + m.arn + "\",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}"})
		}
	}
	return boundFindings(fs)
}
