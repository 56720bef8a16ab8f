package discover

import (
	"encoding/json"
	"testing"

	"github.com/ecspack/ecspack/internal/testkit/mototest"
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
	var declared []string
	for _, op := range Operations() {
		declared = append(declared, op.IAMAction())
	}
	for _, p := range mototest.PolicyProblems(doc.Statement[0].Action, declared) {
		t.Error(p)
	}
	got := map[string]bool{}
	for _, a := range doc.Statement[0].Action {
		got[a] = true
	}
	for _, a := range []string{"ecs:DescribeServices", "elasticloadbalancing:DescribeTargetHealth", "elasticfilesystem:DescribeMountTargets",
		"iam:GetPolicyVersion", "ec2:GetEbsEncryptionByDefault", "application-autoscaling:DescribeScalableTargets", "sts:GetCallerIdentity",
		"s3:GetBucketPublicAccessBlock", "s3:GetAccountPublicAccessBlock"} {
		if !got[a] {
			t.Errorf("expected action %s", a)
		}
	}
}
