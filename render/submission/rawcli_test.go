package submission

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/evidence"
)

// rawCase is the sample with Northwind Freight's case study naming a
// collect-script folder that holds list-tasks and describe-spot-fleet-requests
// of eu-north-1 (with markers no snapshot holds) and not the capacity
// providers.
func rawCase(t *testing.T, redact bool) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "harbor")
	if err := os.CopyFS(dir, os.DirFS(sampleDir)); err != nil {
		t.Fatal(err)
	}
	cs := filepath.Join(dir, "case-studies", "northwind-freight")
	files := map[string]string{
		"collected/collected-at":                 "2025-10-26T08:13:00Z\n",
		"collected/sts/get-caller-identity.json": `{"UserId": "AIDAEXAMPLE", "Account": "111122223333", "Arn": "arn:aws:iam::111122223333:user/ops"}`,
		"collected/eu-north-1/ecs/list-tasks." + cliFileKey("arn:aws:ecs:eu-north-1:111122223333:cluster/nwf-prod-core") + ".json": "{\n    \"taskArns\": [\n        \"arn:aws:ecs:eu-north-1:111122223333:task/nwf-prod-core/verbatim0000000000000000000000001\"\n    ]\n}\n",
		"collected/eu-north-1/ec2/describe-spot-fleet-requests.json":                                                               "{\n    \"SpotFleetRequestConfigs\": [\n        {\n            \"SpotFleetRequestId\": \"sfr-verbatim-0001\"\n        }\n    ]\n}\n",
	}
	for name, body := range files {
		p := filepath.Join(cs, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	extra := "\naws_cli_outputs: collected\n"
	if redact {
		extra += "redact: true\n"
	}
	f, err := os.OpenFile(filepath.Join(cs, "case.yaml"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(extra); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestVerbatimCLIOutputs (issue 17): outputs the collect-script folder holds
// print verbatim, marked "as printed by the aws CLI" with its date; what it
// lacks (capacity providers) is reconstructed and marked so; a redacted case
// study never prints the folder's files.
func TestVerbatimCLIOutputs(t *testing.T) {
	for _, redact := range []bool{false, true} {
		cf, cat, err := evidence.Load(rawCase(t, redact))
		if err != nil {
			t.Fatal(err)
		}
		data, err := Render(context.Background(), inputFor(t, cf, cat))
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Join(strings.Fields(run(t, "pdftotext", "-raw", writePDF(t, data), "-")), " ")
		verbatim := []string{"verbatim0000000000000000000000001", "sfr-verbatim-0001", "As printed by the aws CLI on 2025-10-26T08:13:00Z: collected/eu-north-1/ec2/describe-spot-fleet-requests.json"}
		for _, want := range verbatim {
			if got := strings.Contains(text, want); got == redact {
				t.Errorf("redact=%v: %q printed = %v", redact, want, got)
			}
		}
		if !strings.Contains(text, "$ aws ecs describe-capacity-providers --region eu-north-1") || !strings.Contains(text, "Reconstructed from the snapshot of") {
			t.Errorf("redact=%v: the capacity providers the folder lacks are not reconstructed and marked", redact)
		}
	}
}
