package assess

import (
	"strings"
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

func fxBool(b bool) *bool { return &b }

func TestCloudTrail(t *testing.T) {
	trail := inventory.Trail{ARN: "arn:aws:cloudtrail:eu-west-1:" + fxAcct + ":trail/main", Name: "main", MultiRegion: true, LogFileValidation: true, S3Bucket: "ct-logs", IsLogging: fxBool(true)}
	for _, tc := range []struct {
		name   string
		trails []inventory.Trail
		errs   []inventory.CollectionError
		want   []fxExpect
	}{
		{"logging multi-region trail", []inventory.Trail{trail}, nil, []fxExpect{{"ACCT-001.cloudtrail", Pass, "trail/main"}, {"ACCT-001.log-validation", Pass, "trail/main"}}},
		{"no trail", nil, nil, []fxExpect{{"ACCT-001.cloudtrail", Fail, fxAcct}}},
		{"trails unreadable", nil, []inventory.CollectionError{{Account: fxAcct, Service: "cloudtrail", Operation: "DescribeTrails", Code: "AccessDenied", Message: "denied"}},
			[]fxExpect{{"ACCT-001.cloudtrail", Warn, fxAcct}}},
		{"single-region only", []inventory.Trail{func() inventory.Trail { x := trail; x.MultiRegion = false; return x }()}, nil, []fxExpect{{"ACCT-001.cloudtrail", Fail, fxAcct}}},
		{"not logging", []inventory.Trail{func() inventory.Trail { x := trail; x.IsLogging = fxBool(false); return x }()}, nil, []fxExpect{{"ACCT-001.cloudtrail", Fail, "trail/main"}}},
		{"status unknown", []inventory.Trail{func() inventory.Trail { x := trail; x.IsLogging = nil; return x }()}, nil, []fxExpect{{"ACCT-001.cloudtrail", Warn, "trail/main"}, {"ACCT-001.log-validation", Pass, "trail/main"}}},
		{"validation off", []inventory.Trail{func() inventory.Trail { x := trail; x.LogFileValidation = false; return x }()}, nil,
			[]fxExpect{{"ACCT-001.cloudtrail", Pass, "trail/main"}, {"ACCT-001.log-validation", Warn, "trail/main"}}},
		{"no bucket", []inventory.Trail{func() inventory.Trail { x := trail; x.S3Bucket = ""; return x }()}, nil, []fxExpect{{"ACCT-001.cloudtrail", Warn, "trail/main"}, {"ACCT-001.log-validation", Pass, "trail/main"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := fxWeb()
			r.Trails = tc.trails
			r2 := fxRegion("us-east-1")
			r2.Trails = tc.trails // a multi-region trail shows up in every region: counted once
			snap := fxSnap(r, r2)
			snap.Collection.Errors = tc.errs
			fs := append(fxRunCheck(t, fxInput(snap), "ACCT-001.cloudtrail"), fxRunCheck(t, fxInput(snap), "ACCT-001.log-validation")...)
			fxAssert(t, fs, tc.want...)
			if len(fs) > 2 {
				t.Errorf("trail counted more than once:\n%s", fxDump(fs))
			}
		})
	}
}

func TestRootMFAAndKeys(t *testing.T) {
	for _, tc := range []struct {
		name    string
		summary map[string]int
		want    []fxExpect
	}{
		{"MFA on, no keys", map[string]int{"AccountMFAEnabled": 1, "AccountAccessKeysPresent": 0}, []fxExpect{{"ACCT-001.root-mfa", Pass, fxAcct}, {"ACCT-001.root-keys", Pass, fxAcct}}},
		{"MFA off", map[string]int{"AccountMFAEnabled": 0, "AccountAccessKeysPresent": 0}, []fxExpect{{"ACCT-001.root-mfa", Fail, fxAcct}, {"ACCT-001.root-keys", Pass, fxAcct}}},
		{"root keys", map[string]int{"AccountMFAEnabled": 1, "AccountAccessKeysPresent": 1}, []fxExpect{{"ACCT-001.root-mfa", Pass, fxAcct}, {"ACCT-001.root-keys", Fail, fxAcct}}},
		{"summary missing", nil, []fxExpect{{"ACCT-001.root-mfa", Warn, fxAcct}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			snap := fxSnap(fxWeb())
			snap.Accounts[0].IAM.Summary = tc.summary
			in := fxInput(snap)
			fxAssert(t, append(fxRunCheck(t, in, "ACCT-001.root-mfa"), fxRunCheck(t, in, "ACCT-001.root-keys")...), tc.want...)
		})
	}
	fxAssert(t, fxRunCheck(t, fxInput(nil), "ACCT-001.root-mfa"), fxExpect{"ACCT-001.root-mfa", Warn, "no AWS account"})
}

func TestWildcardGrants(t *testing.T) {
	for _, tc := range []struct {
		doc           string
		all, svc, res int
		ok            bool
	}{
		{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`, 1, 0, 1, true},
		{`{"Statement":{"Effect":"Allow","Action":["s3:*"],"Resource":["arn:aws:s3:::b/*"]}}`, 0, 1, 0, true},
		{`{"Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}`, 0, 0, 0, true},
		{`{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`, 0, 0, 1, true},
		{`not json`, 0, 0, 0, false},
	} {
		a, s, r, ok := wildcardGrants(tc.doc)
		if a != tc.all || s != tc.svc || r != tc.res || ok != tc.ok {
			t.Errorf("wildcardGrants(%s) = %d %d %d %v", tc.doc, a, s, r, ok)
		}
	}
}

func TestRoleWildcards(t *testing.T) {
	role := func(doc string, attached ...inventory.Policy) inventory.Role {
		return inventory.Role{ARN: "arn:aws:iam::" + fxAcct + ":role/web-task", Name: "web-task",
			InlinePolicies: []inventory.Policy{{Name: "p", Document: doc}}, AttachedPolicies: attached}
	}
	for _, tc := range []struct {
		name string
		role inventory.Role
		want fxExpect
		// msg, when set, must be in the finding's message; "named resources" never may be unless msg says it.
		msg string
	}{
		{"scoped", role(`{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`), fxExpect{"ACCT-002.role-wildcards", Pass, "role/web-task"}, "named resources"},
		{"admin", role(`{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`), fxExpect{"ACCT-002.role-wildcards", Warn, "role/web-task"}, "every action"},
		{"service wildcard is informational", role(`{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`), fxExpect{"ACCT-002.role-wildcards", Info, "role/web-task"}, "every action of a service"},
		{"Resource * is never named resources", role(`{"Statement":[{"Effect":"Allow","Action":["logs:PutLogEvents"],"Resource":"*"}]}`), fxExpect{"ACCT-002.role-wildcards", Info, "role/web-task"}, "every resource"},
		{"an ARN whose resource is a wildcard is every resource", role(`{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::*"}]}`), fxExpect{"ACCT-002.role-wildcards", Info, "role/web-task"}, "every resource"},
		{"NotResource is every other resource", role(`{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","NotResource":"arn:aws:s3:::secret/*"}]}`), fxExpect{"ACCT-002.role-wildcards", Info, "role/web-task"}, "every resource"},
		{"an AWS managed policy whose document was not read is not named resources", role(`{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`,
			inventory.Policy{Name: "AmazonECSTaskExecutionRolePolicy", AWSManaged: true}), fxExpect{"ACCT-002.role-wildcards", Info, "role/web-task"}, "AmazonECSTaskExecutionRolePolicy"},
		{"an unreadable document is unknown", role(`{"Statement":`), fxExpect{"ACCT-002.role-wildcards", Warn, "role/web-task"}, "could not be parsed"},
		{"AdministratorAccess attached", role(`{"Statement":[]}`, inventory.Policy{Name: "AdministratorAccess", AWSManaged: true}), fxExpect{"ACCT-002.role-wildcards", Warn, "role/web-task"}, "AdministratorAccess"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			snap := fxSnap(fxWeb())
			snap.Accounts[0].IAM.Roles = []inventory.Role{tc.role, {ARN: "arn:aws:iam::" + fxAcct + ":role/unused", Name: "unused",
				InlinePolicies: []inventory.Policy{{Name: "p", Document: `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`}}}}
			fs := fxRunCheck(t, fxInput(snap), "ACCT-002.role-wildcards")
			fxAssert(t, fs, tc.want)
			for _, f := range fs {
				if !strings.Contains(f.Message, tc.msg) || (tc.msg != "named resources" && strings.Contains(f.Message, "named resources")) {
					t.Errorf("message %q: want %q in it, and \"named resources\" only for a scoped role", f.Message, tc.msg)
				}
			}
		})
	}
}

func TestIAMUsers(t *testing.T) {
	snap := fxSnap(fxWeb())
	snap.Accounts[0].IAM.Summary = map[string]int{"Users": 3, "MFADevicesInUse": 1, "AccountMFAEnabled": 1}
	fxAssert(t, fxRunCheck(t, fxInput(snap), "ACCT-002.iam-users"), fxExpect{"ACCT-002.iam-users", Info, fxAcct})
}
