package evidence_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/inventory"
)

// servicesSnapshot is the JSON of a snapshot with n minimal services in one
// cluster: cheap to decode, so the test measures the bound, not the decoder.
func servicesSnapshot(n int, region, cluster string) string {
	var b strings.Builder
	b.WriteString(`{"schema_version":"1","accounts":[{"id":"111122223333","regions":[{"name":"` + region + `",` +
		`"ecs":{"clusters":[{"arn":"arn:aws:ecs:` + region + `:111122223333:cluster/` + cluster + `","name":"` + cluster + `","services":[`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"arn":"arn:aws:ecs:%s:111122223333:service/%s/s%d","name":"s%d"}`, region, cluster, i, i)
	}
	b.WriteString("]}]}}]}]}\n")
	return b.String()
}

// TestServicesPerBuild: the snapshots of one build together hold at most
// inventory.MaxServices services (the memory budget); the snapshot that
// crosses the bound is named with its line in case.yaml, quickly, and the
// bound itself is accepted.
func TestServicesPerBuild(t *testing.T) {
	half := inventory.MaxServices / 2
	tests := []struct {
		name        string
		first, more int // services in inventory.json and inventory2.json
		refused     bool
	}{
		{"two snapshots at the bound", half, inventory.MaxServices - half, false},
		{"two snapshots one beyond the bound", half, inventory.MaxServices - half + 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyMinimal(t)
			write(t, dir, "cs-a/inventory.json", servicesSnapshot(tt.first, "eu-north-1", "one"))
			write(t, dir, "cs-a/inventory2.json", servicesSnapshot(tt.more, "eu-west-1", "two"))
			replace(t, dir, "cs-a/case.yaml", "  - inventory.json\n", "  - inventory.json\n  - inventory2.json\n")
			replace(t, dir, "cs-a/case.yaml", "regions: [eu-north-1]", "regions: [eu-north-1, eu-west-1]")
			_, _, err := evidence.Load(dir)
			msg := fmt.Sprintf("inventory inventory2.json brings this build's snapshots to %d ECS services: expected at most %d in one build", tt.first+tt.more, inventory.MaxServices)
			if tt.refused {
				expectProblem(t, err, dir, "cs-a/case.yaml", 10, msg)
				return
			}
			if err != nil {
				t.Errorf("refused at the bound: %v", err)
			}
		})
	}
}
