package discover

import (
	"strings"

	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/inventory"
)

// accessPolicyFacts derives from a queue's or topic's resource policy the
// two facts the checks need — does it refuse requests without TLS, does it
// let anyone in — so the snapshot keeps the facts and not the document.
// An empty document is no policy (nil).
func accessPolicyFacts(doc string) *inventory.AccessPolicyFacts {
	if strings.TrimSpace(doc) == "" {
		return nil
	}
	stmts, err := estate.ParsePolicy(doc)
	if err != nil {
		return &inventory.AccessPolicyFacts{Unreadable: true}
	}
	f := &inventory.AccessPolicyFacts{}
	for _, st := range stmts {
		anyone := st.Principal.Any || containsStar(st.Principal.Kinds["AWS"])
		switch {
		case st.Effect == "Deny" && anyone && coversDataActions(st.Action) && deniesInsecureTransport(st.Condition):
			f.DeniesInsecureTransport = true
		case st.Effect == "Allow" && anyone && isEmptyCondition(st.Condition):
			f.AllowsAnyone = true
		}
	}
	return f
}

// coversDataActions reports whether a Deny statement's actions cover the
// calls that carry a queue's or topic's messages: every action ("*",
// "sqs:*", "sns:*") or sns:Publish, the action AWS's own TLS-only topic
// policy names. A deny of other actions leaves the messages free to travel
// without TLS.
func coversDataActions(actions estate.StrList) bool {
	for _, a := range actions {
		switch strings.ToLower(a) {
		case "*", "sqs:*", "sns:*", "sns:publish":
			return true
		}
	}
	return false
}

// containsStar reports whether a principal list holds "*".
func containsStar(l estate.StrList) bool {
	for _, s := range l {
		if s == "*" {
			return true
		}
	}
	return false
}

// isEmptyCondition reports whether a statement's Condition restricts
// nothing (absent, null or {}).
func isEmptyCondition(c any) bool {
	m, ok := c.(map[string]any)
	return c == nil || (ok && len(m) == 0)
}

// deniesInsecureTransport reports whether a Deny statement's condition is
// {"Bool": {"aws:SecureTransport": "false"}} or the same under BoolIfExists
// (operator and key matched without regard to case, the value a string, a
// boolean or a list of them).
func deniesInsecureTransport(c any) bool {
	ops, _ := c.(map[string]any)
	for op, v := range ops {
		if !strings.EqualFold(op, "Bool") && !strings.EqualFold(op, "BoolIfExists") {
			continue
		}
		keys, _ := v.(map[string]any)
		for k, val := range keys {
			if strings.EqualFold(k, "aws:SecureTransport") && isFalse(val) {
				return true
			}
		}
	}
	return false
}

// isFalse reports whether a condition value is false, "false" or a list
// holding only such values.
func isFalse(v any) bool {
	switch x := v.(type) {
	case bool:
		return !x
	case string:
		return strings.EqualFold(x, "false")
	case []any:
		for _, e := range x {
			if !isFalse(e) {
				return false
			}
		}
		return len(x) > 0
	}
	return false
}

// storeARN is the ARN of a named store of a service; ok is false when the
// policy's ARN left out the region or the account (it names no one queue
// or topic to read).
func storeARN(service string, ref estate.ResourceRef) (arn string, ok bool) {
	if ref.Region == "" || ref.Account == "" {
		return "", false
	}
	return inventory.RegionalARN(service, ref.Region, ref.Account, ref.Name), true
}
