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

// addDetector keeps the detector's status and what Runtime Monitoring
// covers: ECS on Fargate (ECS_FARGATE_AGENT_MANAGEMENT) and on EC2
// (EC2_AGENT_MANAGEMENT: without it the agent must be installed by hand),
// and the EKS-only feature, which is no ECS coverage.
func (b *builder) addDetector(id string, out *guardduty.GetDetectorOutput) {
	d := inventory.Detector{ID: id, Status: string(out.Status)}
	for _, f := range out.Features {
		switch f.Name {
		case "EKS_RUNTIME_MONITORING":
			d.EKSRuntimeMonitoring = string(f.Status)
		case "RUNTIME_MONITORING":
			d.RuntimeMonitoring = string(f.Status)
			for _, a := range f.AdditionalConfiguration {
				switch a.Name {
				case "ECS_FARGATE_AGENT_MANAGEMENT":
					d.ECSFargateAgent = string(a.Status)
				case "EC2_AGENT_MANAGEMENT":
					d.EC2Agent = string(a.Status)
				}
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
