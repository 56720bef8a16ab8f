package inventory

import "testing"

func TestRegionalARN(t *testing.T) {
	for _, tc := range []struct{ service, region, want string }{
		{"sqs", "eu-west-1", "arn:aws:sqs:eu-west-1:111122223333:orders"},
		{"sns", "cn-north-1", "arn:aws-cn:sns:cn-north-1:111122223333:orders"},
		{"sqs", "us-gov-west-1", "arn:aws-us-gov:sqs:us-gov-west-1:111122223333:orders"},
	} {
		if got := RegionalARN(tc.service, tc.region, "111122223333", "orders"); got != tc.want {
			t.Errorf("RegionalARN(%s, %s) = %q, want %q", tc.service, tc.region, got, tc.want)
		}
	}
}
