package peerfind

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestParseRealFormats reads an ASFF file as `aws securityhub get-findings`
// prints it and a prowler json-ocsf file, both built from the public
// schemas, and holds what each finding normalises to, with its file and line.
func TestParseRealFormats(t *testing.T) {
	for _, tc := range []struct {
		file    string
		skipped int
		want    []Finding
	}{
		{"asff.json", 1, []Finding{
			{Source: SecurityHub, Control: "ECS.4", Status: Failed, Resource: "arn:aws:ecs:eu-west-1:111122223333:task-definition/web:7", Title: "ECS containers should run as non-privileged", Severity: "HIGH", Observed: "2026-11-30T08:12:41.332Z", From: "asff.json:3"},
			{Source: SecurityHub, Control: "ECS.12", Status: Passed, Resource: "arn:aws:ecs:eu-west-1:111122223333:cluster/prod", Title: "ECS.12 ECS clusters should use Container Insights", Severity: "MEDIUM", Observed: "2026-11-30T08:12:41.332Z", From: "asff.json:28"},
		}},
		{"ocsf.json", 0, []Finding{
			{Source: Prowler, Control: "ecs_task_definitions_no_privileged_containers", Status: Failed, Resource: "arn:aws:ecs:eu-west-1:111122223333:task-definition/web:7", Title: "ECS task definition has no privileged containers", Severity: "High", Observed: "2026-11-30T08:00:00.000000", From: "ocsf.json:2"},
			{Source: Prowler, Control: "ecs_cluster_container_insights_enabled", Status: Passed, Resource: "arn:aws:ecs:eu-west-1:111122223333:cluster/prod", Title: "ECS cluster has Container Insights enabled or enhanced", Severity: "Medium", Observed: "2026-11-30T08:00:00.000000", From: "ocsf.json:53"},
		}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			got, skipped, err := Parse(tc.file, data)
			if err != nil {
				t.Fatal(err)
			}
			if skipped != tc.skipped || len(got) != len(tc.want) {
				t.Fatalf("got %d findings, %d skipped; want %d, %d", len(got), skipped, len(tc.want), tc.skipped)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("finding %d = %+v\nwant %+v", i, got[i], tc.want[i])
				}
			}
		})
	}
}

// TestParseRejectsMalformed holds that a malformed file is refused naming
// the file and the line, whatever is wrong.
func TestParseRejectsMalformed(t *testing.T) {
	for _, tc := range []struct{ name, data, want string }{
		{"syntax error", "{\"Findings\": [\n  {\"SchemaVersion\": \"2018-10-08\",\n   \"Title\": \"x\" \"Compliance\": {}}\n]}", "f.json:3: JSON syntax error"},
		{"truncated", "[\n  {\"status_code\": \"FAIL\"", "f.json:2: the JSON ends early"},
		{"wrong type", "[\n{\"status_code\": 7}\n]", "f.json:2: status_code is a JSON number, want string"},
		{"bad status", "[\n{\"status_code\": \"BROKEN\", \"metadata\": {\"event_code\": \"a_b\"}}\n]", "f.json:2: status_code \"BROKEN\" is not PASS, FAIL or MANUAL"},
		{"no resource", "[{\"SchemaVersion\": \"2018-10-08\", \"Compliance\": {\"Status\": \"FAILED\", \"SecurityControlId\": \"ECS.4\"}}]", "f.json:1: no Resources[0].Id"},
		{"no control", "[{\"SchemaVersion\": \"2018-10-08\", \"GeneratorId\": \"x\", \"Compliance\": {\"Status\": \"FAILED\"}, \"Resources\": [{\"Id\": \"a\"}]}]", "f.json:1: no Security Hub control id"},
		{"neither format", "[\n\n{\"hello\": 1}]", "f.json:3: neither an ASFF finding"},
		{"object without Findings", "{\"Items\": []}", "f.json:1: an object without \"Findings\""},
		{"a string", "\"findings\"", "f.json:1: want a JSON array"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := Parse("f.json", []byte(tc.data))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

// TestCasefileRoundTrip holds that the casefile form is sorted and
// deterministic, and that a hand-edited file with an unknown field or the
// wrong name is refused with its name and line.
func TestCasefileRoundTrip(t *testing.T) {
	fs := []Finding{
		{Source: Prowler, Control: "b_c", Status: Failed, Resource: "r2", From: "x:2"},
		{Source: Prowler, Control: "a_b", Status: Passed, Resource: "r1", From: "x:1"},
	}
	data, err := Marshal(Prowler, fs)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := Marshal(Prowler, []Finding{fs[1], fs[0]})
	if string(data) != string(again) {
		t.Error("the same findings in another order encode differently")
	}
	f, err := Unmarshal("findings/prowler.json", data)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Findings) != 2 || f.Findings[0].Control != "a_b" {
		t.Errorf("round trip = %+v", f.Findings)
	}
	if _, err := Unmarshal("findings/securityhub.json", data); err == nil || !strings.Contains(err.Error(), "must be named prowler.json") {
		t.Errorf("a prowler file named securityhub.json: %v", err)
	}
	bad := strings.Replace(string(data), `"status": "FAILED"`, `"status": "FAILED", "verdict": "x"`, 1)
	if _, err := Unmarshal("findings/prowler.json", []byte(bad)); err == nil || !strings.Contains(err.Error(), `findings/prowler.json:`) || !strings.Contains(err.Error(), "verdict") {
		t.Errorf("an unknown field: %v", err)
	}
}
