package discover

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"

	"github.com/ecspack/ecspack/inventory"
)

// logsOperations are the Amazon CloudWatch Logs reads.
var logsOperations = ops("logs", "DescribeLogGroups")

// logsPageSize is DescribeLogGroups' largest page.
const logsPageSize = 50

func (r *regionRun) collectLogs() {
	c := cloudwatchlogs.NewFromConfig(r.cfg)
	readPages(r, "logs", cloudwatchlogs.NewDescribeLogGroupsPaginator(c, &cloudwatchlogs.DescribeLogGroupsInput{Limit: aws.Int32(logsPageSize)}), r.b.addLogGroups)
}

func (b *builder) addLogGroups(out *cloudwatchlogs.DescribeLogGroupsOutput) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, g := range out.LogGroups {
		b.r.LogGroups = append(b.r.LogGroups, inventory.LogGroup{Name: aws.ToString(g.LogGroupName), ARN: aws.ToString(g.Arn),
			RetentionDays: i32(g.RetentionInDays), KMSKey: aws.ToString(g.KmsKeyId), StoredBytes: aws.ToInt64(g.StoredBytes)})
	}
}
