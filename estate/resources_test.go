package estate

import (
	"reflect"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

func TestClassifyARN(t *testing.T) {
	tests := []struct {
		arn  string
		kind ResourceKind
		name string // "" when ok is false
	}{
		{"arn:aws:s3:::cth-prod-intake-scans/incoming/*", KindS3, "cth-prod-intake-scans"},
		{"arn:aws:s3:::bucket", KindS3, "bucket"},
		{"arn:aws:s3:::*", "", ""},
		{"arn:aws:s3:eu-west-1:111122223333:accesspoint/uploads-ap/object/*", KindS3, "accesspoint/uploads-ap"},
		{"arn:aws:s3:eu-west-1:111122223333:job/1234", "", ""},
		{"arn:aws:sqs:us-east-1:444455556666:cth-prod-claims", KindSQS, "cth-prod-claims"},
		{"arn:aws:sns:eu-north-1:111122223333:nwf-prod-ops-alerts", KindSNS, "nwf-prod-ops-alerts"},
		{"arn:aws:dynamodb:eu-north-1:111122223333:table/nwf-prod-eta-features", KindDynamoDB, "nwf-prod-eta-features"},
		{"arn:aws:dynamodb:eu-north-1:111122223333:table/orders/index/by-date", KindDynamoDB, "orders"},
		{"arn:aws:dynamodb:eu-north-1:111122223333:table/*", "", ""},
		{"arn:aws:events:eu-north-1:111122223333:event-bus/nwf-prod-shipments", KindEventBridge, "nwf-prod-shipments"},
		{"arn:aws:events:eu-north-1:111122223333:rule/nightly", "", ""},
		{"arn:aws:kms:us-east-1:444455556666:key/37972997-2d62-4e30-a417-5a494db6f01c", KindKMS, "key/37972997-2d62-4e30-a417-5a494db6f01c"},
		{"arn:aws:kms:us-east-1:444455556666:alias/phi", KindKMS, "alias/phi"},
		{"arn:aws:secretsmanager:eu-north-1:111122223333:secret:nwf/prod/db-AbC123", KindSecretsManager, "nwf/prod/db"},
		{"arn:aws:secretsmanager:eu-north-1:111122223333:secret:nwf/prod/*", KindSecretsManager, "nwf/prod/*"},
		{"arn:aws:secretsmanager:eu-north-1:111122223333:secret:short-name", KindSecretsManager, "short-name"},
		{"arn:aws:ssm:eu-north-1:111122223333:parameter/nwf/prod/flags", KindSSMParameter, "/nwf/prod/flags"},
		{"arn:aws:ssm:eu-north-1:111122223333:document/run", "", ""},
		{"arn:aws:rds-db:us-east-1:444455556666:dbuser:cluster-d4eed0d29d9dac488395f0fc27/fhir_gateway", KindAurora, "cluster-d4eed0d29d9dac488395f0fc27"},
		{"arn:aws:rds-db:us-east-1:444455556666:dbuser:db-ABCDEFGHIJ/app", KindRDS, "db-ABCDEFGHIJ"},
		{"arn:aws:rds:us-east-1:444455556666:cluster:cth-prod-aurora", KindAurora, "cth-prod-aurora"},
		{"arn:aws:rds:us-east-1:444455556666:db:legacy-mysql", KindRDS, "legacy-mysql"},
		{"arn:aws:rds:us-east-1:444455556666:snapshot:nightly", "", ""},
		{"arn:aws:firehose:us-east-1:444455556666:deliverystream/cth-prod-phi-audit", KindFirehose, "cth-prod-phi-audit"},
		{"arn:aws:kinesis:us-east-1:444455556666:stream/clicks", KindKinesis, "clicks"},
		{"arn:aws:elasticache:eu-west-1:111122223333:replicationgroup:sessions", KindElastiCache, "sessions"},
		{"arn:aws:es:eu-west-1:111122223333:domain/search", KindOpenSearch, "search"},
		{"arn:aws:ses:eu-north-1:111122223333:identity/example.com", "", ""},
		{"arn:aws:elasticfilesystem:eu-north-1:111122223333:file-system/fs-1", "", ""},
		{"*", "", ""},
		{"arn:aws:sqs", "", ""},
		{"not an arn:a:b:c:d:e", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.arn, func(t *testing.T) {
			ref, ok := ClassifyARN(tt.arn)
			if ok != (tt.name != "") || ref.Kind != tt.kind || ref.Name != tt.name {
				t.Errorf("ClassifyARN = %+v, %v; want kind %q name %q", ref, ok, tt.kind, tt.name)
			}
		})
	}
}

func TestPolicyResources(t *testing.T) {
	tests := []struct {
		name, doc string
		want      []string
		err       string
	}{
		{name: "list of statements, allow only, each once",
			doc: `{"Statement":[{"Effect":"Allow","Action":"sqs:SendMessage","Resource":["arn:q1","arn:q2"]},
				{"Effect":"Deny","Action":"*","Resource":"arn:denied"},{"Effect":"Allow","Action":"s3:*","Resource":"arn:q1"}]}`,
			want: []string{"arn:q1", "arn:q2"}},
		{name: "one statement object", doc: `{"Statement":{"Effect":"Allow","Resource":"arn:one"}}`, want: []string{"arn:one"}},
		{name: "URL-encoded", doc: `%7B%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Resource%22%3A%22arn%3Aq%22%7D%5D%7D`, want: []string{"arn:q"}},
		{name: "NotResource grants nothing to draw", doc: `{"Statement":[{"Effect":"Allow","NotResource":"arn:x"}]}`},
		{name: "no statements", doc: `{"Version":"2012-10-17"}`},
		{name: "not JSON", doc: `Statement:`, err: "policy document"},
		{name: "resource of the wrong type", doc: `{"Statement":[{"Effect":"Allow","Resource":7}]}`, err: "expected a string or a list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := PolicyResources(tt.doc)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want one mentioning %q", err, tt.err)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("PolicyResources = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestUsedResources(t *testing.T) {
	snap := fixture()
	iam := &snap.Accounts[0].IAM
	iam.Roles[0].InlinePolicies = []inventory.Policy{{Name: "app", Document: `{"Statement":[
		{"Effect":"Allow","Resource":["arn:aws:sqs:eu-west-1:111122223333:orders","arn:aws:s3:::assets/web/*","arn:aws:s3:::assets/img/*"]},
		{"Effect":"Allow","Resource":"arn:aws:logs:eu-west-1:111122223333:log-group:/ecs/web"}]}`},
		{Name: "broken", Document: `{`}}
	iam.Roles[0].AttachedPolicies = []inventory.Policy{{Name: "AWSManaged", AWSManaged: true},
		{Name: "keys", Document: `{"Statement":{"Effect":"Allow","Resource":"arn:aws:kms:eu-west-1:111122223333:key/k1"}}`}}
	td := &snap.Accounts[0].Regions[0].ECS.TaskDefinitions[1]
	td.Containers[0].Secrets = []inventory.SecretRef{{Name: "DB_PASSWORD", ValueFrom: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:web/db-Xy12Zq"},
		{Name: "FLAG", ValueFrom: "/web/flag"}}
	e := New(snap)
	want := []ResourceRef{
		{Kind: KindKMS, Name: "key/k1", Region: "eu-west-1", Account: "111122223333"},
		{Kind: KindS3, Name: "assets"},
		{Kind: KindSecretsManager, Name: "web/db", Region: "eu-west-1", Account: "111122223333"},
		{Kind: KindSQS, Name: "orders", Region: "eu-west-1", Account: "111122223333"},
		{Kind: KindSSMParameter, Name: "/web/flag", Region: "eu-west-1", Account: "111122223333"},
	}
	if got := service(e, "web").UsedResources(); !reflect.DeepEqual(got, want) {
		t.Errorf("web uses %+v\nwant %+v", got, want)
	}
	if got := service(e, "worker").UsedResources(); got != nil {
		t.Errorf("worker (no task role, no secrets) uses %+v, want none", got)
	}
}
