package assess

import (
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

func TestSecretRotation(t *testing.T) {
	const id = "NETSEC-002.secret-rotation"
	const arn = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:db"
	described := func(sec inventory.Secret) func(*inventory.Snapshot) {
		return func(s *inventory.Snapshot) {
			sec.ARN = arn
			ecsReg(s).Secrets = []inventory.Secret{sec}
		}
	}
	ecsRunTable(t, []string{"NETSEC-002"}, []ecsCase{
		{name: "rotating every 30 days passes", mutate: described(inventory.Secret{RotationEnabled: true, RotationDays: 30}), clean: []string{id},
			want: []ecsWant{{Pass, id, arn, "every 30 days"}}},
		{name: "rotating on a schedule expression passes", mutate: described(inventory.Secret{RotationEnabled: true}),
			want: []ecsWant{{Pass, id, arn, "on a schedule"}}},
		{name: "no rotation warns", mutate: described(inventory.Secret{}),
			want: []ecsWant{{Warn, id, arn, "no automatic rotation"}}},
		{name: "a JSON key after the ARN names the same secret", mutate: func(s *inventory.Snapshot) {
			described(inventory.Secret{})(s)
			for i := range ecsTDOf(s, "web").Containers {
				for j := range ecsTDOf(s, "web").Containers[i].Secrets {
					ecsTDOf(s, "web").Containers[i].Secrets[j].ValueFrom = arn + ":password::"
				}
			}
		}, want: []ecsWant{{Warn, id, arn, "no automatic rotation"}}},
		{name: "a failed describe is unknown, not a pass", mutate: described(inventory.Secret{RotationEnabled: true, Gaps: []string{"secretsmanager DescribeSecret: AccessDenied"}}),
			want: []ecsWant{{Info, id, arn, "unknown"}}},
		{name: "not described at all is unknown", want: []ecsWant{{Info, id, arn, "not described"}}},
	})
}
