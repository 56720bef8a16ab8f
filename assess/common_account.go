package assess

import (
	"fmt"
	"github.com/ecspack/ecspack/estate"
	"slices"
	"strings"

	"github.com/ecspack/ecspack/inventory"
)

// accountChecks returns the checks behind ACCT-001 (CloudTrail, root MFA and
// root keys) and ACCT-002 (least privilege of the workload's roles, IAM users).
// Both controls are mostly shown by the partner's SOPs; these checks show
// how the customer account measures up.
func accountChecks() []Check {
	return []Check{
		{ID: "ACCT-001.cloudtrail", Run: checkCloudTrail, Judges: "A multi-region CloudTrail trail is logging to an S3 bucket"},
		{ID: "ACCT-001.log-validation", Run: checkTrailValidation, Judges: "CloudTrail log file validation is on"},
		{ID: "ACCT-001.trail-kms", Run: checkTrailKMS, Judges: "Multi-region trails encrypt their logs with a KMS key (Security Hub CloudTrail.2; a warning, as ACCT-001 asks for protection from deletion, not encryption)"},
		{ID: "ACCT-001.trail-cloudwatch", Run: checkTrailCloudWatch, Judges: "Multi-region trails also deliver to CloudWatch Logs for alarms on API activity (Security Hub CloudTrail.5; a warning)"},
		{ID: "ACCT-001.trail-bucket", Run: checkTrailBucket, Judges: "The CloudTrail bucket keeps deleted logs (versioning or Object Lock) and blocks public access"},
		{ID: "ACCT-001.root-mfa", Run: checkRootMFA, Judges: "The root user has MFA"},
		{ID: "ACCT-001.root-keys", Run: checkRootKeys, Judges: "The root user has no access keys"},
		{ID: "ACCT-002.role-wildcards", Run: checkRoleWildcards, Judges: "Task and execution roles avoid wildcard permissions"},
		{ID: "ACCT-002.iam-users", Run: checkIAMUsers, Judges: "IAM users and MFA devices in the account"},
	}
}

// collectionFailed reports whether collecting a service in an account failed,
// so a missing resource is reported as unknown rather than absent.
func collectionFailed(in *Input, account, service string) bool {
	for _, e := range in.Snapshot.Collection.Errors {
		if strings.EqualFold(e.Service, service) && (e.Account == "" || e.Account == account) {
			return true
		}
	}
	return false
}

// accountTrails returns each account's trails, deduplicated by ARN across regions.
func accountTrails(a *inventory.Account) []inventory.Trail {
	seen := map[string]bool{}
	var out []inventory.Trail
	for _, r := range a.Regions {
		for _, t := range r.Trails {
			k := t.ARN
			if k == "" {
				k = t.Name
			}
			if !seen[k] {
				seen[k] = true
				out = append(out, t)
			}
		}
	}
	return out
}

func noAccounts(ev string) []Finding {
	return []Finding{{Outcome: Warn, Message: "no AWS account in the inventory: account governance cannot be shown", Evidence: ev,
		Remediation: "collect the inventory of the customer's accounts with ecspack discover"}}
}

func checkCloudTrail(in *Input) []Finding {
	const ev = "cloudtrail:DescribeTrails IsMultiRegionTrail, S3BucketName; cloudtrail:GetTrailStatus IsLogging"
	if len(in.Snapshot.Accounts) == 0 {
		return noAccounts(ev)
	}
	var fs []Finding
	for ai := range in.Snapshot.Accounts {
		a := &in.Snapshot.Accounts[ai]
		trails := accountTrails(a)
		var logging, unknown, stopped, single []inventory.Trail
		for _, t := range trails {
			switch {
			case !t.MultiRegion:
				single = append(single, t)
			case t.IsLogging == nil:
				unknown = append(unknown, t)
			case *t.IsLogging:
				logging = append(logging, t)
			default:
				stopped = append(stopped, t)
			}
		}
		acct := "account " + a.ID
		switch {
		case len(logging) > 0:
			t := logging[0]
			msg := fmt.Sprintf("trail %s records every region of %s and is logging", t.Name, acct)
			if t.Organization {
				msg += " (organization trail)"
			}
			f := Finding{Outcome: Pass, Resource: t.ARN, Evidence: ev}
			if t.S3Bucket == "" {
				f.Outcome, f.Message = Warn, msg+", but its S3 bucket is not recorded"
				f.Remediation = "deliver the trail to a dedicated S3 bucket (ideally in a log archive account) with deletion protection (versioning, MFA delete or Object Lock)"
			} else {
				f.Message = msg + " to S3 bucket " + t.S3Bucket + "; keep that bucket dedicated to CloudTrail and protected from deletion"
			}
			fs = append(fs, f)
		case len(unknown) > 0:
			fs = append(fs, Finding{Outcome: Warn, Resource: unknown[0].ARN,
				Message: "multi-region trail " + unknown[0].Name + " exists in " + acct + " but its logging status could not be read", Evidence: ev,
				Remediation: "run aws cloudtrail get-trail-status --name " + unknown[0].Name + " and attach the output"})
		case len(stopped) > 0:
			fs = append(fs, Finding{Outcome: Fail, Resource: stopped[0].ARN,
				Message: "multi-region trail " + stopped[0].Name + " of " + acct + " is not logging", Evidence: ev,
				Remediation: "aws cloudtrail start-logging --name " + stopped[0].Name})
		case len(trails) == 0 && (collectionFailed(in, a.ID, "cloudtrail") || len(a.Regions) == 0):
			fs = append(fs, Finding{Outcome: Warn, Resource: a.ID,
				Message: "the CloudTrail trails of " + acct + " could not be read", Evidence: ev,
				Remediation: "grant cloudtrail:DescribeTrails and GetTrailStatus to the discovery role and collect again, or attach aws cloudtrail describe-trails output"})
		default:
			msg := "no multi-region CloudTrail trail in " + acct
			if len(single) > 0 {
				var names []string
				for _, t := range single {
					names = append(names, t.Name)
				}
				msg += " (single-region trails only: " + summarize(names) + ")"
			}
			fs = append(fs, Finding{Outcome: Fail, Resource: a.ID, Message: msg, Evidence: ev,
				Remediation: "create a multi-region trail delivering to a dedicated, deletion-protected S3 bucket (aws cloudtrail create-trail --is-multi-region-trail --enable-log-file-validation), then start logging"})
		}
	}
	return fs
}

func checkTrailValidation(in *Input) []Finding {
	const ev = "cloudtrail:DescribeTrails LogFileValidationEnabled"
	var fs []Finding
	for ai := range in.Snapshot.Accounts {
		for _, t := range accountTrails(&in.Snapshot.Accounts[ai]) {
			if !t.MultiRegion {
				continue
			}
			if t.LogFileValidation {
				fs = append(fs, Finding{Outcome: Pass, Resource: t.ARN, Message: "trail " + t.Name + " validates its log files (digest files)", Evidence: ev})
			} else {
				fs = append(fs, Finding{Outcome: Warn, Resource: t.ARN, Message: "trail " + t.Name + " has log file validation off: tampering with its logs would go unnoticed", Evidence: ev,
					Remediation: "aws cloudtrail update-trail --name " + t.Name + " --enable-log-file-validation"})
			}
		}
	}
	return fs
}

func checkRootMFA(in *Input) []Finding {
	const ev = "iam:GetAccountSummary AccountMFAEnabled"
	if len(in.Snapshot.Accounts) == 0 {
		return noAccounts(ev)
	}
	var fs []Finding
	for _, a := range in.Snapshot.Accounts {
		v, ok := a.IAM.Summary["AccountMFAEnabled"]
		switch {
		case !ok:
			fs = append(fs, Finding{Outcome: Warn, Resource: a.ID, Message: "the IAM account summary of account " + a.ID + " could not be read: root MFA is unverified", Evidence: ev,
				Remediation: "grant iam:GetAccountSummary to the discovery role and collect again, or attach aws iam get-account-summary output"})
		case v >= 1:
			fs = append(fs, Finding{Outcome: Pass, Resource: a.ID, Message: "the root user of account " + a.ID + " has MFA enabled", Evidence: ev})
		default:
			fs = append(fs, Finding{Outcome: Fail, Resource: a.ID, Message: "the root user of account " + a.ID + " has no MFA", Evidence: ev,
				Remediation: "sign in as root and assign an MFA device (a hardware key or passkey), then store the credentials under the customer's break-glass procedure"})
		}
	}
	return fs
}

func checkRootKeys(in *Input) []Finding {
	const ev = "iam:GetAccountSummary AccountAccessKeysPresent"
	var fs []Finding
	for _, a := range in.Snapshot.Accounts {
		v, ok := a.IAM.Summary["AccountAccessKeysPresent"]
		switch {
		case !ok:
			// Unknown: reported once, by ACCT-001.root-mfa.
		case v > 0:
			fs = append(fs, Finding{Outcome: Fail, Resource: a.ID, Message: "the root user of account " + a.ID + " has access keys", Evidence: ev,
				Remediation: "delete the root user's access keys and use IAM roles for programmatic access"})
		default:
			fs = append(fs, Finding{Outcome: Pass, Resource: a.ID, Message: "the root user of account " + a.ID + " has no access keys", Evidence: ev})
		}
	}
	return fs
}

// wildcardGrants summarizes a policy document's Allow statements, parsed by
// ECS-005's parsePolicy: grants of every action ("*"), of every action of a
// service ("s3:*"), and statements on every resource. ok is false when the
// document cannot be parsed.
func wildcardGrants(doc string) (all, service, anyResource int, ok bool) {
	sts, err := estate.ParsePolicy(doc)
	if err != nil {
		return 0, 0, 0, false
	}
	for _, s := range sts {
		if !strings.EqualFold(s.Effect, "Allow") {
			continue
		}
		acts := []string(s.Action)
		switch {
		case slices.Contains(acts, "*") || slices.Contains(acts, "*:*") || len(s.NotAction) > 0:
			all++
		case slices.ContainsFunc(acts, func(a string) bool { return strings.HasSuffix(a, ":*") }):
			service++
		}
		if len(s.NotResource) > 0 || slices.ContainsFunc([]string(s.Resource), everyResource) {
			anyResource++
		}
	}
	return all, service, anyResource, true
}

// everyResource reports whether a policy's Resource entry names every
// resource, or every resource of a service: "*", or an ARN whose resource
// part is only a wildcard ("arn:aws:s3:::*", "arn:aws:logs:*:*:*").
func everyResource(r string) bool {
	return r == "*" || strings.HasSuffix(r, ":*")
}

// broadManagedPolicies are AWS managed policies that grant far more than a task needs.
var broadManagedPolicies = []string{"AdministratorAccess", "PowerUserAccess", "IAMFullAccess", "AmazonS3FullAccess", "AmazonDynamoDBFullAccess", "AmazonECS_FullAccess", "AmazonEC2FullAccess", "SecretsManagerReadWrite"}

func checkRoleWildcards(in *Input) []Finding {
	const ev = "iam:GetRole, ListRolePolicies/GetRolePolicy, ListAttachedRolePolicies (task and execution roles)"
	used := map[string]string{} // role ARN → how it is used
	for _, td := range usedTaskDefinitions(in) {
		if td.TaskRoleARN != "" && used[td.TaskRoleARN] == "" {
			used[td.TaskRoleARN] = "task role of " + td.Family
		}
		if td.ExecutionRoleARN != "" && used[td.ExecutionRoleARN] == "" {
			used[td.ExecutionRoleARN] = "execution role of " + td.Family
		}
	}
	var fs []Finding
	for _, a := range in.Snapshot.Accounts {
		for _, role := range a.IAM.Roles {
			how, ok := used[role.ARN]
			if !ok {
				continue
			}
			all, svc, anyRes, unreadable := 0, 0, 0, 0
			var broad, unread []string
			for _, p := range slices.Concat(role.InlinePolicies, role.AttachedPolicies) {
				if p.AWSManaged || p.Document == "" {
					if slices.Contains(broadManagedPolicies, p.Name) {
						broad = append(broad, p.Name)
					} else {
						unread = append(unread, p.Name)
					}
					continue
				}
				a, s, r, ok := wildcardGrants(p.Document)
				if !ok {
					unreadable++
				}
				all, svc, anyRes = all+a, svc+s, anyRes+r
			}
			fs = append(fs, roleWildcardFinding(role, "role "+role.Name+" ("+how+")", all, svc, anyRes, unreadable, broad, unread, ev))
		}
	}
	if len(fs) == 0 {
		return []Finding{{Outcome: Info, Message: "no task or execution role of the task definitions in use is in the inventory", Evidence: ev}}
	}
	return boundFindings(fs)
}

// roleWildcardFinding words ACCT-002's verdict on one role. "Named
// resources" is said only when every policy of the role was read and none
// applies to every resource; AWS managed policies whose documents were not
// collected are named as unjudged, since many (AmazonECSTaskExecutionRolePolicy)
// apply to Resource "*".
func roleWildcardFinding(role inventory.Role, name string, all, svc, anyRes, unreadable int, broad, unread []string, ev string) Finding {
	f := Finding{Resource: role.ARN, Evidence: ev}
	switch {
	case all > 0 || len(broad) > 0:
		f.Outcome = Warn
		f.Message = name + " has administrator-like permissions"
		if all > 0 {
			f.Message += fmt.Sprintf(": %d statements allow every action", all)
		}
		if len(broad) > 0 {
			f.Message += "; broad AWS managed policies " + strings.Join(broad, ", ")
		}
		f.Remediation = "replace the wildcard grants with the actions and resources the task uses (IAM Access Analyzer can generate a policy from CloudTrail activity)"
	case unreadable > 0:
		f.Outcome = Warn
		f.Message = fmt.Sprintf("%s: %d policy documents could not be parsed, so its permissions are unknown", name, unreadable)
		f.Remediation = "attach aws iam get-role-policy / get-policy-version output for the role, or collect again"
		unreadable = 0
	case svc > 0 || anyRes > 0:
		f.Outcome = Info
		f.Message = fmt.Sprintf("%s: %d statements grant every action of a service and %d apply to every resource (Resource \"*\", a wildcard ARN or NotResource; see ECS-005 for details)", name, svc, anyRes)
	case len(unread) > 0:
		f.Outcome = Info
		f.Message = name + "'s own policies grant no wildcard action or resource; its AWS managed policies " + strings.Join(unread, ", ") + " are judged by name only (their statements, often on Resource \"*\", were not collected)"
	default:
		f.Outcome, f.Message = Pass, name+" grants named actions on named resources"
	}
	if unreadable > 0 {
		f.Message += fmt.Sprintf("; %d policy documents could not be parsed", unreadable)
	}
	if len(unread) > 0 && f.Outcome != Info {
		f.Message += "; AWS managed policies " + strings.Join(unread, ", ") + " judged by name only"
	}
	return f
}

func checkIAMUsers(in *Input) []Finding {
	const ev = "iam:GetAccountSummary Users, MFADevicesInUse, AccountMFAEnabled"
	var fs []Finding
	for _, a := range in.Snapshot.Accounts {
		s := a.IAM.Summary
		if s == nil {
			fs = append(fs, Finding{Outcome: Info, Resource: a.ID, Message: "the IAM account summary of account " + a.ID + " was not collected", Evidence: ev})
			continue
		}
		users, mfa := s["Users"], s["MFADevicesInUse"]
		msg := fmt.Sprintf("account %s has %d IAM users and %d MFA devices in use", a.ID, users, mfa)
		if users == 0 {
			msg += ": people reach it through federation or IAM Identity Center roles"
		} else if mfa-min(s["AccountMFAEnabled"], 1) < users {
			msg += "; some users may have no MFA (the summary cannot tell which): describe in the answer how partner staff sign in with dedicated credentials"
		}
		fs = append(fs, Finding{Outcome: Info, Resource: a.ID, Message: msg, Evidence: ev})
	}
	return fs
}
