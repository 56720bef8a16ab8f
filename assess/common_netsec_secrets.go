package assess

import (
	"fmt"
	"strings"

	"github.com/ecspack/ecspack/inventory"
)

// checkSecretRotation judges the rotation of every Secrets Manager secret
// the task definitions in use inject (NETSEC-002: keys and credentials
// managed by a dedicated key management solution; a secret never rotated
// is a long-lived credential, Security Hub SecretsManager.1). Only the
// secret's metadata was read (DescribeSecret), never its value. A secret
// that was not described — its read failed, it lives in another region, it
// is named rather than given by ARN, or the snapshot predates the read — is
// unknown, never a pass.
func checkSecretRotation(in *Input) []Finding {
	const ev = "secretsmanager:DescribeSecret RotationEnabled, RotationRules, LastRotatedDate (metadata only); ecs:DescribeTaskDefinition containerDefinitions[].secrets[].valueFrom"
	var fs []Finding
	seen := map[string]bool{}
	for _, u := range wlTaskDefs(in) {
		for _, c := range u.td.Containers {
			for _, ref := range c.Secrets {
				arn, ok := inventory.SecretARN(ref.ValueFrom)
				if !ok || seen[arn] {
					continue
				}
				seen[arn] = true
				fs = append(fs, secretRotationFinding(u.rv.Region, arn, inventory.ShortName(u.td.ARN), ev))
			}
		}
	}
	return boundFindings(fs)
}

// secretRotationFinding judges one secret, found by ARN among the region's
// described secrets.
func secretRotationFinding(r *inventory.Region, arn, user, ev string) Finding {
	name := arn[strings.LastIndexByte(arn, ':')+1:]
	sec := findSecret(r, arn)
	if sec != nil && sec.Name != "" {
		name = sec.Name // as DescribeSecret names it, without the random suffix
	}
	switch {
	case sec == nil || len(sec.Gaps) > 0:
		return Finding{Outcome: Info, Resource: arn, Evidence: ev,
			Message: "secret " + name + " (injected by " + user + ") was not described: whether it rotates is unknown"}
	case !sec.RotationEnabled:
		return Finding{Outcome: Warn, Resource: arn, Evidence: ev,
			Message: "secret " + name + " (injected by " + user + ") has no automatic rotation: it stays valid until someone changes it by hand (Security Hub SecretsManager.1)",
			Remediation: "turn on rotation: managed rotation for an RDS or Aurora master password (manage_master_user_password), else aws secretsmanager rotate-secret --secret-id " + arn +
				" --rotation-lambda-arn <rotation function> --rotation-rules AutomaticallyAfterDays=30; the tasks read the new value when they next start"}
	case sec.RotationDays > 0:
		return Finding{Outcome: Pass, Resource: arn, Evidence: ev,
			Message: fmt.Sprintf("secret %s (injected by %s) rotates automatically every %d days", name, user, sec.RotationDays)}
	default:
		return Finding{Outcome: Pass, Resource: arn, Evidence: ev,
			Message: "secret " + name + " (injected by " + user + ") rotates automatically on a schedule"}
	}
}

// findSecret is the region's description of the secret with this ARN
// (DescribeSecret), or nil.
func findSecret(r *inventory.Region, arn string) *inventory.Secret {
	for i := range r.Secrets {
		if r.Secrets[i].ARN == arn {
			return &r.Secrets[i]
		}
	}
	return nil
}
