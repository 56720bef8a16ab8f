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

// KMSKey is a KMS key the estate uses — to encrypt a repository, secret,
// log group, file system, trail, cluster storage or service volume the
// region's workload uses, or named by a task role's policy — as DescribeKey
// and GetKeyRotationStatus describe it. NETSEC-002 asks that keys be
// managed in a dedicated key management solution: a customer managed key
// that never rotates, or one disabled or pending deletion (the data it
// encrypts becomes unreadable), is what the checks look for.
type KMSKey struct {
	// ARN is the key's ARN (DescribeKey KeyMetadata.Arn), or the reference
	// the estate gives (key id, key or alias ARN, alias name) when the read
	// failed.
	ARN string `json:"arn"`
	// Aliases are the alias names or ARNs by which the estate referred to
	// the key ("alias/aws/secretsmanager"), sorted.
	Aliases []string `json:"aliases,omitempty"`
	// KeyManager is "CUSTOMER" or "AWS" (AWS managed keys rotate yearly,
	// by AWS).
	KeyManager string `json:"key_manager,omitempty"`
	// KeySpec is e.g. "SYMMETRIC_DEFAULT", "RSA_2048", "HMAC_256": only
	// symmetric encryption keys can rotate automatically.
	KeySpec string `json:"key_spec,omitempty"`
	// KeyState is "Enabled", "Disabled", "PendingDeletion",
	// "PendingImport", "Unavailable", ...
	KeyState string `json:"key_state,omitempty"`
	// Origin is "AWS_KMS", "EXTERNAL" (imported material, which cannot
	// rotate automatically), "AWS_CLOUDHSM" or "EXTERNAL_KEY_STORE".
	Origin      string `json:"origin,omitempty"`
	MultiRegion bool   `json:"multi_region,omitempty"`
	// DeletionDate is when a key pending deletion is deleted.
	DeletionDate time.Time `json:"deletion_date,omitzero"`
	// RotationCollected is true when GetKeyRotationStatus answered: it is
	// asked only of symmetric customer managed keys with AWS_KMS material.
	RotationCollected bool `json:"rotation_collected,omitempty"`
	RotationEnabled   bool `json:"rotation_enabled,omitempty"`
	// RotationDays is RotationPeriodInDays (0 when the answer has none).
	RotationDays int `json:"rotation_days,omitempty"`
	// Gaps are the reads that failed: DescribeKey (only ARN is then a
	// fact) or GetKeyRotationStatus (rotation is then unknown).
	Gaps []string `json:"gaps,omitempty"`
}

// CanRotate reports whether KMS can rotate the key automatically: a
// symmetric encryption key whose material KMS generated. Asymmetric, HMAC
// and imported keys cannot; that is a fact, not a failure.
func (k KMSKey) CanRotate() bool {
	return k.KeySpec == "SYMMETRIC_DEFAULT" && k.Origin == "AWS_KMS"
}

// IsKMSAlias reports whether a key reference names an alias ("alias/x" or
// an alias ARN) rather than a key.
func IsKMSAlias(ref string) bool {
	return strings.HasPrefix(ref, "alias/") || strings.Contains(ref, ":alias/")
}
