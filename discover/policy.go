package discover

import (
	"encoding/json"
	"fmt"
	"slices"
)

// PolicyDocument is an IAM policy document.
type PolicyDocument struct {
	Version   string            `json:"Version"`
	Statement []PolicyStatement `json:"Statement"`
}

// PolicyStatement is one statement of a policy document.
type PolicyStatement struct {
	Sid      string   `json:"Sid"`
	Effect   string   `json:"Effect"`
	Action   []string `json:"Action"`
	Resource string   `json:"Resource"`
}

// IAMPolicy returns the least-privilege policy that lets discovery read
// everything it reads: exactly the actions of Operations(), listed one by one
// (no wildcards), sorted. Resource is "*" because these describe/list calls
// do not support resource-level permissions.
func IAMPolicy() PolicyDocument {
	var actions []string
	for _, op := range Operations() {
		actions = append(actions, op.IAMAction())
	}
	slices.Sort(actions)
	actions = slices.Compact(actions)
	return PolicyDocument{Version: "2012-10-17", Statement: []PolicyStatement{{
		Sid: "EcspackReadOnlyDiscovery", Effect: "Allow", Action: actions, Resource: "*",
	}}}
}

// IAMPolicyJSON returns IAMPolicy as indented JSON with a trailing newline.
func IAMPolicyJSON() ([]byte, error) {
	b, err := json.MarshalIndent(IAMPolicy(), "", "  ")
	if err != nil {
		return nil, fmt.Errorf("discover: encoding the IAM policy: %w", err)
	}
	return append(b, '\n'), nil
}
