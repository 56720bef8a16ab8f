package estate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
)

// IAM policy documents, decoded once for every stage that reads them: the
// checks of task roles, trust and repository policies (assess) and the
// resources a service's role reaches (PolicyResources, for the diagrams).

// StrList is an IAM policy value that may be one string or a list of strings.
type StrList []string

// UnmarshalJSON accepts a string, a list of strings or null.
func (s *StrList) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		*s = nil
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var one string
		if err := json.Unmarshal(b, &one); err != nil {
			return fmt.Errorf("policy value: %w", err)
		}
		*s = StrList{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return fmt.Errorf("policy value: expected a string or a list of strings: %w", err)
	}
	*s = many
	return nil
}

// Principal is an IAM policy principal: "*" or a map of kind to ARNs/names.
type Principal struct {
	Any   bool
	Kinds map[string]StrList
}

// UnmarshalJSON accepts "*" or {"Service": ..., "AWS": ..., "Federated": ...}.
func (p *Principal) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return fmt.Errorf("principal: %w", err)
		}
		p.Any = s == "*"
		return nil
	}
	if err := json.Unmarshal(b, &p.Kinds); err != nil {
		return fmt.Errorf("principal: %w", err)
	}
	return nil
}

// PolicyStatement is one statement of an IAM policy document.
type PolicyStatement struct {
	Sid          string    `json:"Sid"`
	Effect       string    `json:"Effect"`
	Action       StrList   `json:"Action"`
	NotAction    StrList   `json:"NotAction"`
	Resource     StrList   `json:"Resource"`
	NotResource  StrList   `json:"NotResource"`
	Principal    Principal `json:"Principal"`
	NotPrincipal Principal `json:"NotPrincipal"`
	Condition    any       `json:"Condition"`
}

// statementList is a policy's Statement: one object or a list of them.
type statementList []PolicyStatement

// UnmarshalJSON accepts an object or a list.
func (s *statementList) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '{' {
		var one PolicyStatement
		if err := json.Unmarshal(b, &one); err != nil {
			return fmt.Errorf("statement: %w", err)
		}
		*s = statementList{one}
		return nil
	}
	var many []PolicyStatement
	if err := json.Unmarshal(b, &many); err != nil {
		return fmt.Errorf("statements: %w", err)
	}
	*s = many
	return nil
}

// ParsePolicy decodes an IAM policy document, URL-encoded or not.
func ParsePolicy(doc string) ([]PolicyStatement, error) {
	doc = strings.TrimSpace(doc)
	if strings.HasPrefix(doc, "%7B") || strings.HasPrefix(doc, "%7b") {
		if d, err := url.QueryUnescape(doc); err == nil {
			doc = d
		}
	}
	var p struct {
		Statement statementList `json:"Statement"`
	}
	if err := json.Unmarshal([]byte(doc), &p); err != nil {
		return nil, fmt.Errorf("parse policy document: %w", err)
	}
	return p.Statement, nil
}
