package discover

import (
	"slices"
	"testing"

	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/inventory"
)

func TestKeysInUseGathersEverySourceOfTheRegion(t *testing.T) {
	const k = "arn:aws:kms:eu-west-1:111122223333:key/"
	b := newBuilder("eu-west-1")
	b.r.ECR.Repositories = []inventory.Repository{{Name: "web", KMSKey: k + "ecr"}, {Name: "plain"}}
	b.r.Secrets = []inventory.Secret{{ARN: "s", KMSKey: "alias/prod-secrets"}}
	b.r.LogGroups = []inventory.LogGroup{{Name: "/ecs/web", KMSKey: k + "logs"}}
	b.fileSystems = []inventory.FileSystem{{ID: "fs-1", KMSKey: k + "efs"}}
	// A trail's copy from its home region names a key of that region: not ours.
	b.r.Trails = []inventory.Trail{{Name: "org", KMSKey: "arn:aws:kms:us-east-1:111122223333:key/trail"}, {Name: "local", KMSKey: k + "trail"}}
	b.clusters = []inventory.Cluster{{ARN: "c", ExecuteCommandKMSKey: k + "exec", FargateEphemeralKMSKey: "1234abcd"}}
	b.services = []inventory.Service{{ARN: "s", Volumes: []inventory.ServiceVolume{{Name: "data", KMSKeyID: k + "ebs"}}}}
	reach := storeReach{estate.KindKMS: {{Kind: estate.KindKMS, Name: "key/ecr", Region: "eu-west-1", Account: "111122223333"},
		{Kind: estate.KindKMS, Name: "alias/app", Region: "eu-west-1", Account: "444455556666"}}}
	want := []string{"1234abcd", "alias/prod-secrets", "arn:aws:kms:eu-west-1:111122223333:key/ebs", k + "ecr", k + "efs", k + "exec", k + "logs", k + "trail",
		"arn:aws:kms:eu-west-1:444455556666:alias/app"}
	slices.Sort(want)
	if got := b.keysInUse(reach); !slices.Equal(got, want) {
		t.Errorf("keysInUse =\n%q\nwant\n%q", got, want)
	}
}
