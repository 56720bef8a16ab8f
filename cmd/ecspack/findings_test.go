package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// harborTD is a task definition of the sample whose containers our
// ECS-011.privileged check passes.
const harborTD = "arn:aws:ecs:us-east-1:444455556666:task-definition/cth-appointments-api:91"

// TestImportFindingsAttachesAndReportsDisagreement imports a Security Hub
// ASFF file and a prowler OCSF file into the sample: check --format json
// then shows each under its control with its source and the references, a
// peer's FAILED on a resource our check passed as a disagreement warning,
// and the package stays ready (a peer's verdict does not replace ours).
func TestImportFindingsAttachesAndReportsDisagreement(t *testing.T) {
	dir := copySample(t)
	tmp := t.TempDir()
	asff := writeFile(t, filepath.Join(tmp, "sh.json"), `{"Findings": [{"SchemaVersion": "2018-10-08", "Id": "f1",
  "ProductArn": "arn:aws:securityhub:us-east-1::product/aws/securityhub", "GeneratorId": "security-control/ECS.4",
  "AwsAccountId": "444455556666", "Types": ["Software and Configuration Checks"], "CreatedAt": "2026-11-30T08:00:00Z",
  "UpdatedAt": "2026-11-30T08:00:00Z", "Severity": {"Label": "HIGH"}, "Title": "ECS containers should run as non-privileged",
  "Description": "d", "Resources": [{"Type": "AwsEcsTaskDefinition", "Id": "`+harborTD+`"}],
  "Compliance": {"Status": "FAILED", "SecurityControlId": "ECS.4"}, "RecordState": "ACTIVE"}]}`)
	ocsf := writeFile(t, filepath.Join(tmp, "prowler.ocsf.json"), `[{"class_uid": 2004, "status_code": "PASS", "severity": "Medium",
  "metadata": {"event_code": "ecs_cluster_container_insights_enabled"}, "finding_info": {"title": "Container Insights"},
  "resources": [{"uid": "arn:aws:ecs:us-east-1:444455556666:cluster/cth-prod-clinical"}]},
 {"class_uid": 2004, "status_code": "FAIL", "metadata": {"event_code": "accessanalyzer_enabled"}, "resources": [{"uid": "a"}]}]`)
	code, _, errOut := runCLI(t, "import-findings", "--casefile", dir, "--case", "contoso-health", asff, ocsf)
	if code != 0 {
		t.Fatalf("import-findings exit %d: %s", code, errOut)
	}
	for _, want := range []string{"findings/securityhub.json (1 Security Hub findings)", "findings/prowler.json (1 prowler findings)", "left out 1 finding(s) that judge nothing ecspack checks"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	code, out, errOut := runCLI(t, "check", dir, "--format", "json")
	if code != 0 {
		t.Fatalf("check exit %d after the import, want 0 (the sample stays ready): %s", code, errOut)
	}
	var rep struct {
		CaseStudies []struct {
			ID       string
			Controls []struct {
				ID       string
				Findings []struct {
					Check, Outcome, Resource, Message string
					SecurityHub                       []string `json:"securityhub"`
				}
			}
		} `json:"case_studies"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, cs := range rep.CaseStudies {
		for _, c := range cs.Controls {
			for _, f := range c.Findings {
				// An imported finding opens with its source; our own findings
				// may name a Security Hub control in their text too.
				if strings.HasPrefix(f.Message, "Security Hub: ") || strings.HasPrefix(f.Message, "prowler: ") || strings.HasPrefix(f.Message, "Disagreement: ") {
					got[cs.ID+" "+c.ID+" "+f.Outcome+" "+strings.Join(f.SecurityHub, ",")] = f.Message
				}
			}
		}
	}
	for key, msg := range map[string]string{
		"contoso-health ECS-011 info ECS.4":  "Security Hub: FAILED ECS.4 on " + harborTD,
		"contoso-health ECS-011 warn ECS.4":  "Disagreement: Security Hub ECS.4 FAILED " + harborTD + ", but our check ECS-011.privileged passed it",
		"contoso-health ECS-018 info ECS.12": "prowler: PASSED ecs_cluster_container_insights_enabled on arn:aws:ecs:us-east-1:444455556666:cluster/cth-prod-clinical",
		"contoso-health OPE-001 info ECS.12": "prowler: PASSED ecs_cluster_container_insights_enabled",
	} {
		if !strings.HasPrefix(got[key], msg) {
			t.Errorf("%s: got %q, want %q", key, got[key], msg)
		}
	}
	if len(got) != 4 {
		t.Errorf("imported findings shown: %v, want exactly the 4 above", got)
	}
}

// TestImportFindingsMalformedExits2 holds that a malformed findings file
// exits 2 naming the file and line, and writes nothing into the casefile.
func TestImportFindingsMalformedExits2(t *testing.T) {
	dir := copySample(t)
	bad := writeFile(t, filepath.Join(t.TempDir(), "sh.json"), "{\"Findings\": [\n  {\"SchemaVersion\": \"2018-10-08\",\n   \"Title\": \"x\",,\n  }\n]}\n")
	code, _, errOut := runCLI(t, "import-findings", "--casefile", dir, "--case", "contoso-health", bad)
	if code != 2 || !strings.Contains(errOut, bad+":3: JSON syntax error") {
		t.Fatalf("exit %d, stderr %q; want 2 naming %s:3", code, errOut, bad)
	}
	if _, err := os.Stat(filepath.Join(dir, "case-studies", "contoso-health", "findings")); !os.IsNotExist(err) {
		t.Errorf("a failed import left a findings folder: %v", err)
	}
	code, _, errOut = runCLI(t, "import-findings", "--casefile", dir, "--case", "no-such-case", bad)
	if code != 2 || !strings.Contains(errOut, `no case study "no-such-case"`) {
		t.Errorf("unknown case: exit %d, stderr %q", code, errOut)
	}
}
