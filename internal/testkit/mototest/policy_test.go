package mototest

import (
	"slices"
	"testing"
)

func TestPolicyProblems(t *testing.T) {
	tests := []struct {
		name              string
		allowed, declared []string
		want              []string
	}{
		{"exactly the declared actions", []string{"ecs:ListClusters", "sts:GetCallerIdentity"}, []string{"sts:GetCallerIdentity", "ecs:ListClusters"}, nil},
		{"an action declared twice", []string{"ecs:ListClusters"}, []string{"ecs:ListClusters", "ecs:ListClusters"}, nil},
		{"a declared action missing", []string{"ecs:ListClusters"}, []string{"ecs:ListClusters", "ecs:ListServices"},
			[]string{"declared operation ecs:ListServices is not in the policy"}},
		{"an action nothing declares", []string{"ecs:ListClusters", "s3:GetObject"}, []string{"ecs:ListClusters"},
			[]string{"policy allows s3:GetObject, which no collector declares"}},
		{"a wildcard", []string{"ecs:Describe*", "ecs:ListClusters"}, []string{"ecs:ListClusters"},
			[]string{`wildcard action "ecs:Describe*"`, "policy allows ecs:Describe*, which no collector declares"}},
		{"an empty policy", nil, []string{"sts:GetCallerIdentity"}, []string{"declared operation sts:GetCallerIdentity is not in the policy"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := PolicyProblems(tt.allowed, tt.declared); !slices.Equal(got, tt.want) {
				t.Errorf("problems = %q, want %q", got, tt.want)
			}
		})
	}
}
