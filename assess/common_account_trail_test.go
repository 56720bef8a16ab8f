package assess

import (
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

func TestTrailKMSAndCloudWatch(t *testing.T) {
	trail := inventory.Trail{ARN: "arn:aws:cloudtrail:eu-west-1:" + fxAcct + ":trail/main", Name: "main", MultiRegion: true, LogFileValidation: true, S3Bucket: "ct-logs", IsLogging: fxBool(true),
		KMSKey: "arn:aws:kms:eu-west-1:" + fxAcct + ":key/ct", CloudWatchLogsGroup: "arn:aws:logs:eu-west-1:" + fxAcct + ":log-group:ct:*"}
	for _, tc := range []struct {
		name string
		edit func(t *inventory.Trail)
		want []fxExpect
	}{
		{"encrypted and delivered to CloudWatch Logs", func(*inventory.Trail) {},
			[]fxExpect{{"ACCT-001.trail-kms", Pass, "trail/main"}, {"ACCT-001.trail-cloudwatch", Pass, "trail/main"}}},
		{"no KMS key warns", func(t *inventory.Trail) { t.KMSKey = "" },
			[]fxExpect{{"ACCT-001.trail-kms", Warn, "trail/main"}, {"ACCT-001.trail-cloudwatch", Pass, "trail/main"}}},
		{"no CloudWatch Logs warns", func(t *inventory.Trail) { t.CloudWatchLogsGroup = "" },
			[]fxExpect{{"ACCT-001.trail-kms", Pass, "trail/main"}, {"ACCT-001.trail-cloudwatch", Warn, "trail/main"}}},
		{"a single-region trail is not judged", func(t *inventory.Trail) { t.MultiRegion, t.KMSKey = false, "" }, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := trail
			tc.edit(&tr)
			r, r2 := fxWeb(), fxRegion("us-east-1")
			r.Trails, r2.Trails = []inventory.Trail{tr}, []inventory.Trail{tr}
			in := fxInput(fxSnap(r, r2))
			fs := append(fxRunCheck(t, in, "ACCT-001.trail-kms"), fxRunCheck(t, in, "ACCT-001.trail-cloudwatch")...)
			fxAssert(t, fs, tc.want...)
			if len(fs) != len(tc.want) {
				t.Errorf("want %d findings (a trail seen in two regions counts once), got:\n%s", len(tc.want), fxDump(fs))
			}
		})
	}
}
