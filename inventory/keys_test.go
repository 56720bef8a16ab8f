package inventory

import "testing"

func TestSecretARN(t *testing.T) {
	const base = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/db-AbCdEf"
	for _, tc := range []struct {
		valueFrom, want string
		ok              bool
	}{
		{base, base, true},
		{base + ":password::", base, true},
		{base + ":password:AWSCURRENT:", base, true},
		{base + "::AWSPREVIOUS:", base, true},
		{"arn:aws-us-gov:secretsmanager:us-gov-west-1:111122223333:secret:x-AbCdEf", "arn:aws-us-gov:secretsmanager:us-gov-west-1:111122223333:secret:x-AbCdEf", true},
		{"arn:aws:ssm:eu-west-1:111122223333:parameter/prod/db", "", false},
		{"/prod/db", "", false},
		{"arn:aws:secretsmanager:eu-west-1:111122223333:secret:", "", false},
		{"", "", false},
	} {
		got, ok := SecretARN(tc.valueFrom)
		if got != tc.want || ok != tc.ok {
			t.Errorf("SecretARN(%q) = %q, %v; want %q, %v", tc.valueFrom, got, ok, tc.want, tc.ok)
		}
	}
}
