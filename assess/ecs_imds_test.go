package assess

import (
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

func TestIMDSv2(t *testing.T) {
	const id = "ECS-005.imdsv2"
	inst := func(s *inventory.Snapshot, i int) *inventory.Instance { return &ecsReg(s).EC2.Instances[i] }
	ecsRunTable(t, []string{"ECS-005"}, []ecsCase{
		{name: "IMDSv2 required with hop limit 1 passes", mutate: ecsAddEC2, clean: []string{id}, want: []ecsWant{
			{Pass, id, "i-1", "requires IMDSv2"}, {Pass, id, "i-2", "requires IMDSv2"}}},
		{name: "IMDSv1 allowed warns with the command", mutate: func(s *inventory.Snapshot) {
			ecsAddEC2(s)
			inst(s, 1).HTTPTokens = "optional"
		}, want: []ecsWant{{Pass, id, "i-1", "requires IMDSv2"}, {Warn, id, "i-2", "accepts IMDSv1"}}},
		{name: "metadata service off passes", mutate: func(s *inventory.Snapshot) {
			ecsAddEC2(s)
			inst(s, 0).HTTPTokens, inst(s, 0).HTTPEndpoint = "optional", "disabled"
		}, want: []ecsWant{{Pass, id, "i-1", "turned off"}}},
		{name: "hop limit above 1 is named", mutate: func(s *inventory.Snapshot) {
			ecsAddEC2(s)
			inst(s, 0).HTTPPutResponseHopLimit = 2
		}, want: []ecsWant{{Pass, id, "i-1", "hop limit is 2"}}},
		{name: "options not recorded are unknown, not a pass", mutate: func(s *inventory.Snapshot) {
			ecsAddEC2(s)
			inst(s, 0).HTTPTokens = ""
			inst(s, 1).Gaps = []string{"ec2 DescribeInstances: Throttling"}
		}, want: []ecsWant{{Info, id, "i-1", "not collected"}, {Info, id, "i-2", "not collected"}}},
		{name: "Fargate-only estate has nothing to judge", clean: []string{id}},
	})
}
