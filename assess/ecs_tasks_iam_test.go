package assess

import (
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

func TestTaskRoleEscalationChecks(t *testing.T) {
	web := ecsRoleARN("web-task")
	setPolicy := func(doc string) func(s *inventory.Snapshot) {
		return func(s *inventory.Snapshot) { s.Accounts[0].IAM.Roles[1].InlinePolicies[0].Document = doc }
	}
	setTrust := func(doc string) func(s *inventory.Snapshot) {
		return func(s *inventory.Snapshot) { s.Accounts[0].IAM.Roles[1].TrustPolicy = doc }
	}
	ecsRunTable(t, []string{"ECS-005"}, []ecsCase{
		{name: "clean estate passes", clean: []string{"ECS-005"}, want: []ecsWant{
			{Pass, "ECS-005.privilege-escalation", web, "allows no IAM policy"},
			{Pass, "ECS-005.confused-deputy", web, "source account"},
		}},
		{name: "PassRole with RunTask fails", mutate: setPolicy(`{"Statement":[{"Effect":"Allow","Action":["iam:PassRole","ecs:RunTask"],"Resource":"*"}]}`),
			want: []ecsWant{{Fail, "ECS-005.privilege-escalation", web, "iam:PassRole with ecs:RunTask"}}},
		{name: "PassRole alone passes", mutate: setPolicy(`{"Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::111122223333:role/worker"}]}`),
			want: []ecsWant{{Pass, "ECS-005.privilege-escalation", web, ""}}},
		{name: "a wildcard covering PutRolePolicy fails", mutate: setPolicy(`{"Statement":{"Effect":"Allow","Action":"iam:Put*","Resource":"*"}}`),
			want: []ecsWant{{Fail, "ECS-005.privilege-escalation", web, "iam:PutRolePolicy"}}},
		{name: "an unconditional deny removes the path", mutate: setPolicy(`{"Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"},{"Effect":"Deny","Action":"iam:*","Resource":"*"}]}`),
			want: []ecsWant{{Pass, "ECS-005.privilege-escalation", web, ""}}},
		{name: "NotAction allow covers escalation", mutate: setPolicy(`{"Statement":{"Effect":"Allow","NotAction":"s3:*","Resource":"*"}}`),
			want: []ecsWant{{Fail, "ECS-005.privilege-escalation", web, "iam:AddUserToGroup"}}},
		{name: "unparsable policy is unverified", mutate: setPolicy(`{not json`),
			want: []ecsWant{{Warn, "ECS-005.privilege-escalation", web, "unverified"}}},
		{name: "trust without source condition warns", mutate: setTrust(ecsTasksTrustNoCondition),
			want: []ecsWant{{Warn, "ECS-005.confused-deputy", web, "confused deputy"}}},
		{name: "trust bound by aws:SourceArn passes", mutate: setTrust(`{"Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:ecs:eu-west-1:111122223333:*"}}}]}`),
			want: []ecsWant{{Pass, "ECS-005.confused-deputy", web, ""}}},
	})
}

const ecsTasksTrustNoCondition = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}}`
