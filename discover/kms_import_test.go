package discover

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ecspack/ecspack/inventory"
)

// TestImportKMSKeys reads aws CLI output in the format the CLI prints it
// (ISO timestamps, every KeyMetadata field; moto answers no
// RotationPeriodInDays): an AWS managed key named by alias, a rotating
// customer key, an asymmetric key, a key pending deletion, and failed reads.
func TestImportKMSKeys(t *testing.T) {
	const acct, region = "210987654321", "us-east-1"
	const arn = "arn:aws:kms:" + region + ":" + acct + ":key/"
	dir := t.TempDir()
	esc := func(s string) string {
		return strings.ReplaceAll(strings.ReplaceAll(url.PathEscape(s), ":", "%3A"), ".", "%2E")
	}
	write := func(rel, body string) { writeOutput(t, dir, rel, body) }
	key := func(id, manager, spec, state, origin, extra string) string {
		return `{"KeyMetadata": {"AWSAccountId": "` + acct + `", "KeyId": "` + id + `", "Arn": "` + arn + id + `",
  "CreationDate": "2024-03-07T10:15:02.123000+00:00", "Enabled": ` + strconv.FormatBool(state == "Enabled") + `,
  "Description": "", "KeyUsage": "ENCRYPT_DECRYPT", "KeyState": "` + state + `", "Origin": "` + origin + `", "KeyManager": "` + manager + `",
  "CustomerMasterKeySpec": "` + spec + `", "KeySpec": "` + spec + `", "EncryptionAlgorithms": ["SYMMETRIC_DEFAULT"], "MultiRegion": false` + extra + `}}`
	}
	write("sts/get-caller-identity.json", `{"Account":"`+acct+`"}`)
	d := region + "/kms/"
	write(d+"describe-key."+esc("alias/aws/secretsmanager")+".json", key("aws-1", "AWS", "SYMMETRIC_DEFAULT", "Enabled", "AWS_KMS", ""))
	write(d+"describe-key."+esc(arn+"cmk-1")+".json", key("cmk-1", "CUSTOMER", "SYMMETRIC_DEFAULT", "Enabled", "AWS_KMS", ""))
	write(d+"describe-key."+esc("alias/orders")+".json", key("cmk-1", "CUSTOMER", "SYMMETRIC_DEFAULT", "Enabled", "AWS_KMS", ""))
	write(d+"get-key-rotation-status."+esc(arn+"cmk-1")+".json",
		`{"KeyRotationEnabled": true, "KeyId": "`+arn+`cmk-1", "RotationPeriodInDays": 90, "NextRotationDate": "2025-06-05T10:15:02+00:00"}`)
	write(d+"describe-key."+esc(arn+"rsa-1")+".json", key("rsa-1", "CUSTOMER", "RSA_2048", "Enabled", "AWS_KMS", ""))
	write(d+"describe-key."+esc(arn+"old-1")+".json", key("old-1", "CUSTOMER", "SYMMETRIC_DEFAULT", "PendingDeletion", "AWS_KMS",
		`, "DeletionDate": "2025-01-10T00:00:00+00:00", "PendingDeletionWindowInDays": 7`))
	write(d+"get-key-rotation-status."+esc(arn+"old-1")+".json.err",
		"An error occurred (KMSInvalidStateException) when calling the GetKeyRotationStatus operation: "+arn+"old-1 is pending deletion.")
	write(d+"describe-key."+esc("alias/secret-elsewhere")+".json.err",
		"An error occurred (AccessDeniedException) when calling the DescribeKey operation: User is not authorized to perform: kms:DescribeKey")
	snap, err := Import(dir, ImportOptions{Now: fixedClock})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]inventory.KMSKey{}
	for _, k := range snap.Accounts[0].Regions[0].KMSKeys {
		got[k.ARN] = k
	}
	if k := got[arn+"aws-1"]; k.KeyManager != "AWS" || len(k.Aliases) != 1 || k.Aliases[0] != "alias/aws/secretsmanager" || k.RotationCollected {
		t.Errorf("AWS managed key: %+v", k)
	}
	if k := got[arn+"cmk-1"]; k.KeyManager != "CUSTOMER" || !k.RotationCollected || !k.RotationEnabled || k.RotationDays != 90 ||
		len(k.Aliases) != 1 || k.Aliases[0] != "alias/orders" || len(k.Gaps) != 0 {
		t.Errorf("customer key named by ARN and alias: %+v", k)
	}
	if k := got[arn+"rsa-1"]; k.KeySpec != "RSA_2048" || k.CanRotate() || k.RotationCollected {
		t.Errorf("asymmetric key: %+v", k)
	}
	if k := got[arn+"old-1"]; k.KeyState != "PendingDeletion" || !k.DeletionDate.Equal(time.Date(2025, 1, 10, 0, 0, 0, 0, time.UTC)) ||
		k.RotationCollected || len(k.Gaps) != 1 || !strings.Contains(k.Gaps[0], "GetKeyRotationStatus") {
		t.Errorf("key pending deletion, rotation read failed: %+v", k)
	}
	if k := got["alias/secret-elsewhere"]; k.KeyManager != "" || len(k.Gaps) != 1 || !strings.Contains(k.Gaps[0], "DescribeKey") {
		t.Errorf("key not described: %+v", k)
	}
	if len(got) != 5 {
		t.Errorf("keys: %+v", got)
	}
}
