package inventory

import (
	"strings"
	"time"
)

// Secret is the metadata of a Secrets Manager secret a task definition
// injects (containerDefinitions[].secrets[].valueFrom), read with
// DescribeSecret — never its value. NETSEC-002 asks for keys managed by a
// dedicated key management solution; a secret that is never rotated is a
// long-lived credential (Security Hub SecretsManager.1).
type Secret struct {
	// ARN is the secret's full ARN (DescribeSecret ARN), or the ARN the task
	// definition names when the read failed.
	ARN  string `json:"arn"`
	Name string `json:"name,omitempty"`
	// KMSKey is the key that encrypts the secret ("" is the AWS managed
	// key aws/secretsmanager).
	KMSKey          string `json:"kms_key,omitempty"`
	RotationEnabled bool   `json:"rotation_enabled,omitempty"`
	// RotationDays is RotationRules.AutomaticallyAfterDays (0: a schedule
	// expression or none).
	RotationDays int       `json:"rotation_days,omitempty"`
	LastRotated  time.Time `json:"last_rotated,omitzero"`
	// Gaps is set when the secret is used but DescribeSecret failed for
	// it: only ARN is then a fact.
	Gaps []string `json:"gaps,omitempty"`
}

// SecretARN is the Secrets Manager secret a container secret's valueFrom
// names, without the JSON key, version stage and version id ECS lets it
// append ("arn:aws:secretsmanager:r:a:secret:name-AbCdEf:password::" →
// "arn:aws:secretsmanager:r:a:secret:name-AbCdEf"); ok is false for an
// SSM parameter or anything else.
func SecretARN(valueFrom string) (string, bool) {
	parts := strings.Split(valueFrom, ":")
	if len(parts) < 7 || parts[0] != "arn" || parts[2] != "secretsmanager" || parts[5] != "secret" || parts[6] == "" {
		return "", false
	}
	return strings.Join(parts[:7], ":"), true
}
