package discover

import (
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"

	"github.com/ecspack/ecspack/inventory"
)

// guarddutyOperations are the Amazon GuardDuty reads.
var guarddutyOperations = ops("guardduty", "ListDetectors", "GetDetector")

func (r *regionRun) collectGuardDuty() {
	c := guardduty.NewFromConfig(r.cfg)
	p := guardduty.NewListDetectorsPaginator(c, &guardduty.ListDetectorsInput{})
	for p.HasMorePages() {
		out, err := p.NextPage(r.ctx)
		if r.fail("guardduty", err) {
			return
		}
		for _, id := range out.DetectorIds {
			r.spawn(func() {
				out, err := c.GetDetector(r.ctx, &guardduty.GetDetectorInput{DetectorId: aws.String(id)})
				if !r.failAbout("guardduty", err, func(g string) { r.b.markGap(gapDetector, id, g) }) {
					r.b.addDetector(id, out)
				}
			})
		}
	}
}

func (b *builder) addDetector(id string, out *guardduty.GetDetectorOutput) {
	d := inventory.Detector{ID: id, Status: string(out.Status)}
	for _, f := range out.Features {
		if f.Name != "RUNTIME_MONITORING" {
			continue
		}
		d.RuntimeMonitoring = string(f.Status)
		for _, a := range f.AdditionalConfiguration {
			if a.Name == "ECS_FARGATE_AGENT_MANAGEMENT" {
				d.ECSFargateAgent = string(a.Status)
			}
		}
	}
	if t, err := time.Parse(time.RFC3339, aws.ToString(out.UpdatedAt)); err == nil {
		d.UpdatedAt = t.UTC()
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.r.GuardDuty = append(b.r.GuardDuty, d)
}
