package assess

import (
	"testing"
	"time"

	"github.com/ecspack/ecspack/inventory"
)

func TestKMSKeyChecks(t *testing.T) {
	const rot, state = "NETSEC-002.kms-rotation", "NETSEC-002.kms-key-state"
	const arn = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	customer := inventory.KMSKey{ARN: arn, Aliases: []string{"alias/orders"}, KeyManager: "CUSTOMER", KeySpec: "SYMMETRIC_DEFAULT",
		KeyState: "Enabled", Origin: "AWS_KMS", RotationCollected: true, RotationEnabled: true, RotationDays: 365}
	with := func(edit func(*inventory.KMSKey)) func(*inventory.Snapshot) {
		return func(s *inventory.Snapshot) {
			k := customer
			edit(&k)
			ecsReg(s).KMSKeys = []inventory.KMSKey{k}
			logTo(s, "web", "/ecs/orders")
			ecsReg(s).LogGroups = append(ecsReg(s).LogGroups, inventory.LogGroup{Name: "/ecs/orders", KMSKey: "arn:aws:kms:eu-west-1:111122223333:alias/orders"})
		}
	}
	ecsRunTable(t, []string{"NETSEC-002"}, []ecsCase{
		{name: "an enabled rotating customer key passes both", mutate: with(func(*inventory.KMSKey) {}), clean: []string{rot, state},
			want: []ecsWant{{Pass, rot, arn, "alias/orders (1234abcd-12ab-34cd-56ef-1234567890ab) (used by log group /ecs/orders) rotates automatically every 365 days"}, {Pass, state, arn, "is enabled"}}},
		{name: "a data store's key names the store", mutate: func(s *inventory.Snapshot) {
			with(func(k *inventory.KMSKey) { k.RotationEnabled, k.RotationDays = false, 0 })(s)
			r := ecsReg(s)
			r.LogGroups = nil
			ledger := "arn:aws:rds:eu-west-1:111122223333:cluster:ledger"
			jobs, events := "arn:aws:sqs:eu-west-1:111122223333:jobs", "arn:aws:sns:eu-west-1:111122223333:events"
			ddbUses(`["`+ddbTableARN+`","`+ledger+`","`+jobs+`","`+events+`","arn:aws:s3:::orders-data/*"]`, inventory.DynamoDBTable{Name: "orders", ARN: ddbTableARN, KMSKey: arn})(s)
			r.RDS.Clusters = []inventory.DBCluster{{ID: "ledger", ARN: ledger, KMSKeyID: arn}}
			r.RDS.InstancesCollected, r.RDS.ClustersCollected = true, true
			r.Queues = []inventory.Queue{{ARN: jobs, KMSKey: "alias/orders"}}
			r.Topics = []inventory.Topic{{ARN: events, KMSKey: "1234abcd-12ab-34cd-56ef-1234567890ab"}}
			r.Buckets = []inventory.Bucket{{Name: "orders-data", Region: "eu-west-1", KMSKey: arn}}
		}, want: []ecsWant{{Warn, rot, arn, "used by DB cluster ledger; SNS topic events; SQS queue jobs; DynamoDB table orders; S3 bucket orders-data"}}},
		{name: "no rotation warns", mutate: with(func(k *inventory.KMSKey) { k.RotationEnabled, k.RotationDays = false, 0 }),
			want: []ecsWant{{Warn, rot, arn, "without automatic rotation"}}},
		{name: "an AWS managed key passes", mutate: with(func(k *inventory.KMSKey) { k.KeyManager, k.RotationCollected, k.RotationEnabled = "AWS", false, false }),
			clean: []string{rot}, want: []ecsWant{{Pass, rot, arn, "AWS managed"}}},
		{name: "an asymmetric key cannot rotate: a note", mutate: with(func(k *inventory.KMSKey) {
			k.KeySpec, k.RotationCollected, k.RotationEnabled = "RSA_2048", false, false
		}),
			clean: []string{rot}, want: []ecsWant{{Info, rot, arn, "cannot rotate automatically"}}},
		{name: "imported material cannot rotate: a note", mutate: with(func(k *inventory.KMSKey) { k.Origin, k.RotationCollected, k.RotationEnabled = "EXTERNAL", false, false }),
			clean: []string{rot}, want: []ecsWant{{Info, rot, arn, "origin EXTERNAL"}}},
		{name: "a failed rotation read is unknown", mutate: with(func(k *inventory.KMSKey) {
			k.RotationCollected, k.RotationEnabled, k.Gaps = false, false, []string{"kms GetKeyRotationStatus: AccessDenied"}
		}), clean: []string{rot}, want: []ecsWant{{Info, rot, arn, "unknown"}}},
		{name: "pending deletion fails", mutate: with(func(k *inventory.KMSKey) {
			k.KeyState, k.DeletionDate = "PendingDeletion", time.Date(2026, 12, 10, 0, 0, 0, 0, time.UTC)
		}), want: []ecsWant{{Fail, state, arn, "pending deletion on 2026-12-10"}}},
		{name: "disabled fails", mutate: with(func(k *inventory.KMSKey) { k.KeyState = "Disabled" }),
			want: []ecsWant{{Fail, state, arn, "disabled"}}},
		{name: "another state warns", mutate: with(func(k *inventory.KMSKey) { k.KeyState = "PendingImport" }),
			want: []ecsWant{{Warn, state, arn, "state PendingImport"}}},
		{name: "a key not described is unknown to both", mutate: func(s *inventory.Snapshot) {
			ecsReg(s).KMSKeys = []inventory.KMSKey{{ARN: "alias/orders", Gaps: []string{"kms DescribeKey: AccessDenied"}}}
			logTo(s, "web", "/ecs/orders")
			ecsReg(s).LogGroups = append(ecsReg(s).LogGroups, inventory.LogGroup{Name: "/ecs/orders", KMSKey: "alias/orders"})
		}, clean: []string{rot, state}, want: []ecsWant{{Info, rot, "alias/orders", "not described"}, {Info, state, "alias/orders", "unknown"}}},
		{name: "a key only another application's log group uses is not judged", mutate: func(s *inventory.Snapshot) {
			with(func(k *inventory.KMSKey) { k.KeyState = "Disabled" })(s)
			logTo(s, "web", "/ecs/web")
		}, clean: []string{rot, state}, want: []ecsWant{{Info, rot, "", "no KMS key the workload uses"}, {Info, state, "", "no KMS key the workload uses"}}},
		{name: "a key a task role names is the workload's", mutate: func(s *inventory.Snapshot) {
			ecsReg(s).KMSKeys = []inventory.KMSKey{customer}
			ddbUses(`"` + arn + `"`)(s)
		}, clean: []string{rot, state}, want: []ecsWant{{Pass, rot, arn, "used by task role of web"}}},
		{name: "no key read is a note", clean: []string{rot, state},
			want: []ecsWant{{Info, rot, "", "no KMS key the workload uses"}, {Info, state, "", "no KMS key the workload uses"}}},
	})
}

// logTo makes the first container of family's task definitions write to
// group through the awslogs driver.
func logTo(s *inventory.Snapshot, family, group string) {
	tds := ecsReg(s).ECS.TaskDefinitions
	for i := range tds {
		if tds[i].Family == family {
			tds[i].Containers[0].LogConfiguration = &inventory.LogConfiguration{Driver: "awslogs", Options: map[string]string{"awslogs-group": group}}
		}
	}
}
