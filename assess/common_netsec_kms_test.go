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
			r.DynamoDBTables = []inventory.DynamoDBTable{{Name: "orders", KMSKey: arn}}
			r.RDS.Clusters = []inventory.DBCluster{{ID: "ledger", KMSKeyID: arn}}
			r.Queues = []inventory.Queue{{ARN: "arn:aws:sqs:eu-west-1:111122223333:jobs", KMSKey: "alias/orders"}}
			r.Topics = []inventory.Topic{{ARN: "arn:aws:sns:eu-west-1:111122223333:events", KMSKey: "1234abcd-12ab-34cd-56ef-1234567890ab"}}
			r.Buckets = []inventory.Bucket{{Name: "orders-data", KMSKey: arn}}
		}, want: []ecsWant{{Warn, rot, arn, "used by DB cluster ledger; DynamoDB table orders; SQS queue jobs; SNS topic events; S3 bucket orders-data"}}},
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
		}, clean: []string{rot, state}, want: []ecsWant{{Info, rot, "alias/orders", "not described"}, {Info, state, "alias/orders", "unknown"}}},
		{name: "no key read is a note", clean: []string{rot, state},
			want: []ecsWant{{Info, rot, "", "no KMS key in the snapshot"}, {Info, state, "", "no KMS key in the snapshot"}}},
	})
}
