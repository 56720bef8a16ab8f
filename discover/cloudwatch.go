package discover

import (
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"

	"github.com/ecspack/ecspack/inventory"
)

// cloudwatchOperations are the Amazon CloudWatch reads.
var cloudwatchOperations = ops("cloudwatch", "DescribeAlarms")

// cloudwatchPageSize is DescribeAlarms' largest page.
const cloudwatchPageSize = 100

func (r *regionRun) collectCloudWatch() {
	c := cloudwatch.NewFromConfig(r.cfg)
	readPages(r, "cloudwatch", cloudwatch.NewDescribeAlarmsPaginator(c, &cloudwatch.DescribeAlarmsInput{MaxRecords: aws.Int32(cloudwatchPageSize)}), r.b.addAlarms)
}

func (b *builder) addAlarms(out *cloudwatch.DescribeAlarmsOutput) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, a := range out.MetricAlarms {
		al := inventory.Alarm{Name: aws.ToString(a.AlarmName), ARN: aws.ToString(a.AlarmArn), Namespace: aws.ToString(a.Namespace),
			MetricName: aws.ToString(a.MetricName), Statistic: string(a.Statistic), ComparisonOperator: string(a.ComparisonOperator),
			Threshold: aws.ToFloat64(a.Threshold), Period: i32(a.Period), EvaluationPeriods: i32(a.EvaluationPeriods),
			ActionsEnabled: aws.ToBool(a.ActionsEnabled), AlarmActions: a.AlarmActions, State: string(a.StateValue)}
		for _, d := range a.Dimensions {
			al.Dimensions = append(al.Dimensions, aws.ToString(d.Name)+"="+aws.ToString(d.Value))
		}
		slices.Sort(al.Dimensions)
		b.r.Alarms = append(b.r.Alarms, al)
	}
}
