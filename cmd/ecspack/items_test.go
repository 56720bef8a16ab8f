package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestUncoveredItemsNamedByCheck is issue 19's acceptance: a sample copy
// whose ECS-002 answer keeps only its infrastructure-as-code section is not
// ready, and check names the items it no longer answers (rollback,
// repository, CI/CD …) in the checklist's words with the file to edit; its
// JSON carries the per-item map. The untouched sample is ready.
func TestUncoveredItemsNamedByCheck(t *testing.T) {
	dir := copySample(t)
	if code, out, errOut := runCLI(t, "check", dir); code != 0 {
		t.Fatalf("untouched sample: exit %d\n%s%s", code, out, errOut)
	}
	ans := filepath.Join(dir, "case-studies/northwind-freight/answers/ECS-002.md")
	b, err := os.ReadFile(ans)
	if err != nil {
		t.Fatal(err)
	}
	body := string(b)
	end := strings.Index(body, "\n## Description of the tools used for automated deployment")
	if end < 0 {
		t.Fatal("the sample's ECS-002 answer no longer has the automated-deployment section this test cuts at")
	}
	writeFile(t, ans, body[:end+1])

	code, out, errOut := runCLI(t, "check", dir)
	if code != 1 {
		t.Fatalf("check: exit %d, want 1\n%s%s", code, out, errOut)
	}
	for _, want := range []string{
		"ECS-002    needs-narrative",
		"5 evidence items not answered: ECS-002.e2, ECS-002.e3, ECS-002.e4, ECS-002.e5, ECS-002.e6",
		"missing ECS-002.e3 Description of deployment process and rollback procedures",
		"missing ECS-002.e4 Description of source repository that stores infrastructure and task definition files in source control",
		"missing ECS-002.e6 Description of CI/CD tooling to automate updates to underlying workloads",
		"in case-studies/northwind-freight/answers/ECS-002.md: write a section headed with these words or ECS-002.e3",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("check output lacks %q\n%s", want, out)
		}
	}
	if strings.Contains(out, "missing ECS-002.e1") {
		t.Errorf("the kept infrastructure-as-code section is reported missing\n%s", out)
	}

	code, out, _ = runCLI(t, "check", dir, "--format", "json")
	var rep struct {
		CaseStudies []struct {
			ID       string `json:"id"`
			Controls []struct {
				ID    string `json:"id"`
				Items []struct {
					ID      string `json:"id"`
					Covered bool   `json:"covered"`
					By      string `json:"by"`
				} `json:"items"`
			} `json:"controls"`
		} `json:"case_studies"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != 1 {
		t.Fatalf("check --format json: exit %d, %v", code, err)
	}
	got := map[string]string{}
	for _, cs := range rep.CaseStudies {
		for _, c := range cs.Controls {
			for _, it := range c.Items {
				if !it.Covered {
					it.By = "-"
				}
				got[cs.ID+" "+it.ID] = it.By
			}
		}
	}
	for key, want := range map[string]string{
		"northwind-freight ECS-002.e1": "narrative", "northwind-freight ECS-002.e3": "-",
		"contoso-health ECS-002.e3": "narrative", "northwind-freight ECS-001.e2": "inventory:list-tasks",
		"contoso-health ACCT-001.e1": "sop",
	} {
		if got[key] != want {
			t.Errorf("json item %s = %q, want %q", key, got[key], want)
		}
	}
}
