package discover

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestIAMPolicyListsExactlyTheDeclaredOperations(t *testing.T) {
	b, err := IAMPolicyJSON()
	if err != nil {
		t.Fatal(err)
	}
	var doc PolicyDocument
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Statement) != 1 || doc.Statement[0].Effect != "Allow" {
		t.Fatalf("statements: %+v", doc.Statement)
	}
	got := map[string]bool{}
	for _, a := range doc.Statement[0].Action {
		if strings.Contains(a, "*") {
			t.Errorf("wildcard action %q", a)
		}
		got[a] = true
	}
	want := map[string]bool{}
	for _, op := range Operations() {
		want[op.IAMAction()] = true
	}
	for a := range want {
		if !got[a] {
			t.Errorf("declared operation %s missing from the policy", a)
		}
	}
	for a := range got {
		if !want[a] {
			t.Errorf("policy grants %s, which no collector declares", a)
		}
	}
	for _, a := range []string{"ecs:DescribeServices", "elasticloadbalancing:DescribeTargetHealth", "elasticfilesystem:DescribeMountTargets",
		"iam:GetPolicyVersion", "ec2:GetEbsEncryptionByDefault", "application-autoscaling:DescribeScalableTargets", "sts:GetCallerIdentity"} {
		if !got[a] {
			t.Errorf("expected action %s", a)
		}
	}
}
