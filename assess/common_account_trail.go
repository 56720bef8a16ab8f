package assess

import (
	"strings"

	"github.com/ecspack/ecspack/inventory"
)

// The ACCT-001 checks of how the multi-region trails keep their logs:
// encrypted with a KMS key, and delivered to CloudWatch Logs. Registered in
// accountChecks (common_account.go).

func checkTrailKMS(in *Input) []Finding {
	return trailSetting(in, "cloudtrail:DescribeTrails KmsKeyId",
		func(t *inventory.Trail) (bool, string) {
			return t.KMSKey != "", "encrypts its log files with KMS key " + inventory.ShortName(t.KMSKey)
		},
		"stores its log files encrypted only with S3-managed keys: anyone who can read the bucket can read every API call of the account",
		"aws cloudtrail update-trail --name %s --kms-key-id KEY, with a key policy that lets CloudTrail encrypt and only the auditors decrypt")
}

func checkTrailCloudWatch(in *Input) []Finding {
	return trailSetting(in, "cloudtrail:DescribeTrails CloudWatchLogsLogGroupArn",
		func(t *inventory.Trail) (bool, string) {
			return t.CloudWatchLogsGroup != "", "also delivers to CloudWatch Logs group " + inventory.ShortName(t.CloudWatchLogsGroup)
		},
		"delivers to S3 only: no metric filter or alarm can react to API activity (root use, IAM or security group changes) as it happens",
		"aws cloudtrail update-trail --name %s --cloud-watch-logs-log-group-arn GROUP --cloud-watch-logs-role-arn ROLE, then add metric filters and alarms for the events the runbook handles")
}

// trailSetting judges one setting of every multi-region trail of the
// case study's accounts: a pass when ok says it is set, else a warning with
// the problem and the remedy (its %s is the trail's name).
func trailSetting(in *Input, ev string, ok func(*inventory.Trail) (bool, string), problem, remedy string) []Finding {
	var fs []Finding
	for ai := range in.Snapshot.Accounts {
		for _, t := range accountTrails(&in.Snapshot.Accounts[ai]) {
			if !t.MultiRegion {
				continue
			}
			if good, what := ok(&t); good {
				fs = append(fs, Finding{Outcome: Pass, Resource: t.ARN, Message: "trail " + t.Name + " " + what, Evidence: ev})
				continue
			}
			fs = append(fs, Finding{Outcome: Warn, Resource: t.ARN, Message: "trail " + t.Name + " " + problem, Evidence: ev,
				Remediation: strings.Replace(remedy, "%s", t.Name, 1)})
		}
	}
	return fs
}
