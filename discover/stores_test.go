package discover

import (
	"reflect"
	"testing"

	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/inventory"
)

func TestReachOfKeepsNamedStoresOfTheRegion(t *testing.T) {
	const doc = `{"Version":"2012-10-17","Statement":[
	 {"Effect":"Allow","Action":"dynamodb:GetItem","Resource":[
	   "arn:aws:dynamodb:eu-west-1:111122223333:table/orders",
	   "arn:aws:dynamodb:eu-west-1:111122223333:table/orders/index/by-day",
	   "arn:aws:dynamodb:us-east-1:111122223333:table/elsewhere",
	   "arn:aws:dynamodb:eu-west-1:444455556666:table/foreign",
	   "arn:aws:dynamodb:eu-west-1:111122223333:table/audit-*"]},
	 {"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::nwf-docs/*"},
	 {"Effect":"Deny","Action":"sqs:*","Resource":"arn:aws:sqs:eu-west-1:111122223333:denied"}]}`
	iam := inventory.IAM{Roles: []inventory.Role{
		{ARN: "arn:aws:iam::111122223333:role/app", InlinePolicies: []inventory.Policy{{Name: "p", Document: doc}}},
		{ARN: "arn:aws:iam::111122223333:role/exec", InlinePolicies: []inventory.Policy{{Name: "p",
			Document: `{"Statement":{"Effect":"Allow","Action":"sqs:*","Resource":"arn:aws:sqs:eu-west-1:111122223333:exec-only"}}`}}},
		{ARN: "arn:aws:iam::111122223333:role/broken", InlinePolicies: []inventory.Policy{{Name: "p", Document: "{"}}},
	}}
	got := reachOf(iam, "eu-west-1", "111122223333", []string{"arn:aws:iam::111122223333:role/app", "arn:aws:iam::111122223333:role/broken"})
	want := storeReach{
		estate.KindDynamoDB: {{Kind: estate.KindDynamoDB, Name: "orders", Region: "eu-west-1", Account: "111122223333"}},
		estate.KindS3:       {{Kind: estate.KindS3, Name: "nwf-docs"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("reachOf = %+v\nwant %+v", got, want)
	}
}
