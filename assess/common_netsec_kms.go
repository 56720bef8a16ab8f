package assess

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ecspack/ecspack/inventory"
)

// The KMS keys the workload uses (common_netsec_kms_use.go: what of the
// case study's workload names them) as kms:DescribeKey and
// kms:GetKeyRotationStatus described them (NETSEC-002: keys managed in a
// dedicated key management solution).

const (
	kmsDescribeEv = "kms:DescribeKey KeyMetadata.KeyManager, KeyState, DeletionDate of the keys the workload's resources and task roles name"
	kmsRotationEv = "kms:GetKeyRotationStatus KeyRotationEnabled, RotationPeriodInDays; kms:DescribeKey KeyManager, KeySpec, Origin"
)

// kmsKeyName names a key in a message: the aliases the estate used and the
// key id, or the reference as given when it was not described.
func kmsKeyName(k inventory.KMSKey) string {
	id := k.ARN
	if i := strings.LastIndex(id, ":key/"); i >= 0 {
		id = id[i+len(":key/"):]
	}
	if len(k.Aliases) == 0 || inventory.IsKMSAlias(k.ARN) {
		return "KMS key " + id
	}
	return "KMS key " + strings.Join(k.Aliases, ", ") + " (" + id + ")"
}

// keyNamedBy reports whether a reference in the estate (a key ARN, a key
// id, an alias name or alias ARN) names the described key k.
func keyNamedBy(k inventory.KMSKey, ref string) bool {
	id := k.ARN[strings.LastIndex(k.ARN, "/")+1:]
	return ref != "" && (ref == k.ARN || ref == id || slices.ContainsFunc(k.Aliases, func(a string) bool {
		return ref == a || strings.HasSuffix(ref, ":"+a) || strings.HasSuffix(a, ":"+ref)
	}))
}

// keyManager is who manages the KMS key ref names in an account's region,
// as DescribeKey said ("AWS" or "CUSTOMER"); "" when discovery did not
// describe it, or its description failed.
func keyManager(in *Input, account, region, ref string) string {
	for _, rv := range in.Regions {
		if rv.Account != account || rv.Region.Name != region {
			continue
		}
		for _, k := range rv.Region.KMSKeys {
			if len(k.Gaps) == 0 && keyNamedBy(k, ref) {
				return k.KeyManager
			}
		}
	}
	return ""
}

// checkKMSRotation (Security Hub KMS.4) warns on a customer managed key in
// use whose automatic rotation is off: NETSEC-002 asks for keys managed in a
// dedicated key management solution, and key material that never changes
// is the peers' rule beyond its words, hence a warning. AWS managed keys are
// rotated yearly by AWS; asymmetric, HMAC and imported keys cannot rotate
// automatically (a note, not a failure). A key not described, or whose
// rotation status was not read, is unknown.
func checkKMSRotation(in *Input) []Finding {
	var fs []Finding
	eachWorkloadKey(in, func(k inventory.KMSKey, name string) { fs = append(fs, kmsRotationFinding(k, name)) })
	if len(fs) == 0 {
		return []Finding{noWorkloadKey(in, kmsRotationEv)}
	}
	return boundFindings(fs)
}

// kmsRotationFinding judges one key's rotation; name names it in messages.
func kmsRotationFinding(k inventory.KMSKey, name string) Finding {
	f := Finding{Resource: k.ARN, Evidence: kmsRotationEv}
	switch {
	case k.KeyManager == "":
		f.Outcome, f.Message = Info, name+" was not described ("+strings.Join(k.Gaps, "; ")+"): whether it rotates is unknown"
	case k.KeyManager == "AWS":
		f.Outcome, f.Message = Pass, name+" is an AWS managed key: AWS rotates it every year"
	case !k.CanRotate():
		f.Outcome, f.Message = Info, fmt.Sprintf("%s (key spec %s, origin %s) cannot rotate automatically: its material changes only when a new key replaces it", name, k.KeySpec, k.Origin)
	case !k.RotationCollected:
		f.Outcome, f.Message = Info, name+": its rotation status was not read ("+strings.Join(k.Gaps, "; ")+"): whether it rotates is unknown"
	case !k.RotationEnabled:
		f.Outcome = Warn
		f.Message = name + " is a customer managed key without automatic rotation (Security Hub KMS.4)"
		f.Remediation = "aws kms enable-key-rotation --key-id " + k.ARN + " (optionally --rotation-period-in-days 90..2560; the default is 365): KMS keeps the old material, so data encrypted before stays readable"
	case k.RotationDays > 0:
		f.Outcome, f.Message = Pass, fmt.Sprintf("%s rotates automatically every %d days", name, k.RotationDays)
	default:
		f.Outcome, f.Message = Pass, name+" rotates automatically"
	}
	return f
}

// checkKMSKeyState (Security Hub KMS.3) fails a key in use that is disabled
// or pending deletion: the data it encrypts cannot be read while it is
// disabled, and never again once it is deleted. A key not described is
// unknown.
func checkKMSKeyState(in *Input) []Finding {
	var fs []Finding
	eachWorkloadKey(in, func(k inventory.KMSKey, name string) { fs = append(fs, kmsStateFinding(k, name)) })
	if len(fs) == 0 {
		return []Finding{noWorkloadKey(in, kmsDescribeEv)}
	}
	return boundFindings(fs)
}

// kmsStateFinding judges one key's state; name names it in messages.
func kmsStateFinding(k inventory.KMSKey, name string) Finding {
	f := Finding{Resource: k.ARN, Evidence: kmsDescribeEv}
	switch k.KeyState {
	case "":
		f.Outcome, f.Message = Info, name+" was not described ("+strings.Join(k.Gaps, "; ")+"): its state is unknown"
	case "Enabled":
		f.Outcome, f.Message = Pass, name+" is enabled"
	case "PendingDeletion", "PendingReplicaDeletion":
		f.Outcome = Fail
		f.Message = name + " is in use and pending deletion"
		if !k.DeletionDate.IsZero() {
			f.Message += " on " + k.DeletionDate.Format("2006-01-02")
		}
		f.Message += ": once deleted, the data it encrypts can never be decrypted (Security Hub KMS.3)"
		f.Remediation = "aws kms cancel-key-deletion --key-id " + k.ARN + " then aws kms enable-key --key-id " + k.ARN + ", unless nothing it encrypted is needed any more"
	case "Disabled":
		f.Outcome = Fail
		f.Message = name + " is in use and disabled: the data it encrypts cannot be decrypted while it is"
		f.Remediation = "aws kms enable-key --key-id " + k.ARN + ", or move the resources that use it to an enabled key"
	default:
		f.Outcome = Warn
		f.Message = name + " is in use in state " + k.KeyState + ", not Enabled: it encrypts and decrypts nothing until it is"
		f.Remediation = "bring the key back to Enabled (import its material, reconnect its custom key store) or move the resources that use it to an enabled key"
	}
	return f
}
