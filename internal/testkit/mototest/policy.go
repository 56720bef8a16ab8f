package mototest

import (
	"fmt"
	"slices"
	"strings"
)

// PolicyProblems compares the actions an IAM policy allows with the IAM
// actions of the operations discovery declares, and says what is wrong, one
// line per problem in a stable order: a wildcard (the policy must name each
// action), a declared action the policy lacks (discovery would be denied),
// an allowed action no collector declares (more than least privilege).
// Discovery's own test and the CLI's end-to-end test share it, so both hold
// `ecspack iam-policy` to the same rule.
func PolicyProblems(allowed, declared []string) []string {
	var out []string
	for _, a := range slices.Sorted(slices.Values(allowed)) {
		if strings.Contains(a, "*") {
			out = append(out, fmt.Sprintf("wildcard action %q", a))
		}
	}
	for _, a := range slices.Sorted(slices.Values(declared)) {
		if !slices.Contains(allowed, a) {
			out = append(out, fmt.Sprintf("declared operation %s is not in the policy", a))
		}
	}
	for _, a := range slices.Sorted(slices.Values(allowed)) {
		if !slices.Contains(declared, a) {
			out = append(out, fmt.Sprintf("policy allows %s, which no collector declares", a))
		}
	}
	return slices.Compact(out)
}
