package discover

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"

	"github.com/ecspack/ecspack/inventory"
)

// cloudtrailOperations are the AWS CloudTrail reads.
var cloudtrailOperations = ops("cloudtrail", "DescribeTrails", "GetTrailStatus")

func (r *regionRun) collectCloudTrail() {
	c := cloudtrail.NewFromConfig(r.cfg)
	out, err := c.DescribeTrails(r.ctx, &cloudtrail.DescribeTrailsInput{IncludeShadowTrails: aws.Bool(true)})
	if r.fail("cloudtrail", err) {
		return
	}
	r.b.addTrails(out)
	r.collectTrailBuckets(r.b.homeTrailBuckets())
	for _, t := range out.TrailList {
		arn := aws.ToString(t.TrailARN)
		if arn == "" {
			arn = aws.ToString(t.Name)
		}
		r.spawn(func() {
			out, err := c.GetTrailStatus(r.ctx, &cloudtrail.GetTrailStatusInput{Name: aws.String(arn)})
			if !r.failAbout("cloudtrail", err, func(g string) { r.b.markGap(gapTrail, arn, g) }) {
				r.b.addTrailStatus(arn, out)
			}
		})
	}
}

func (b *builder) addTrails(out *cloudtrail.DescribeTrailsOutput) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, t := range out.TrailList {
		b.r.Trails = append(b.r.Trails, inventory.Trail{ARN: aws.ToString(t.TrailARN), Name: aws.ToString(t.Name), HomeRegion: aws.ToString(t.HomeRegion),
			MultiRegion: aws.ToBool(t.IsMultiRegionTrail), Organization: aws.ToBool(t.IsOrganizationTrail),
			LogFileValidation: aws.ToBool(t.LogFileValidationEnabled), S3Bucket: aws.ToString(t.S3BucketName), KMSKey: aws.ToString(t.KmsKeyId),
			CloudWatchLogsGroup: aws.ToString(t.CloudWatchLogsLogGroupArn), IncludeGlobalEvents: aws.ToBool(t.IncludeGlobalServiceEvents)})
	}
}

// addTrailStatus records whether the trail named (by ARN or name) is logging.
func (b *builder) addTrailStatus(trail string, out *cloudtrail.GetTrailStatusOutput) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.trailStatus[trail] = aws.ToBool(out.IsLogging)
}
