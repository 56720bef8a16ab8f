package main

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/ecspack/ecspack/internal/testkit/mototest"
)

// TestInventoryItemsFilledOnMoto is issue 19's third "Done when": on the
// moto estate, discovered by the real command, the evidence items the
// inventory can answer are filled with no narrative at all (check
// --inventory has no answers), and the items only a partner can answer
// stay open.
func TestInventoryItemsFilledOnMoto(t *testing.T) {
	if testing.Short() {
		t.Skip("discovers the moto estate")
	}
	moto := sharedMoto(t)
	moto.Reset(t)
	mototest.MustBuildEstate(t, moto.Config())
	mototest.IsolateAWS(t)
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIAMOTOTEST")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "moto-secret")
	snapPath := filepath.Join(t.TempDir(), "snap.json")
	if code, _, errOut := runCLI(t, "discover", "--endpoint-url", moto.URL, "--region", mototest.Region, "-o", snapPath, "--quiet"); code != 0 {
		t.Fatalf("discover: exit %d\n%s", code, errOut)
	}
	code, out, errOut := runCLI(t, "check", "--inventory", snapPath, "--format", "json")
	if code != 1 {
		t.Fatalf("check: exit %d, want 1 (no answers)\n%s", code, errOut)
	}
	var rep struct {
		CaseStudies []struct {
			Controls []struct {
				ID    string `json:"id"`
				Items []struct {
					ID      string `json:"id"`
					Covered bool   `json:"covered"`
					By      string `json:"by"`
					Where   string `json:"where"`
					Why     string `json:"why"`
				} `json:"items"`
			} `json:"controls"`
		} `json:"case_studies"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || len(rep.CaseStudies) != 1 {
		t.Fatalf("check output: %v\n%.2000s", err, out)
	}
	by := map[string]string{}
	for _, c := range rep.CaseStudies[0].Controls {
		for _, it := range c.Items {
			if it.Covered {
				by[it.ID] = it.By
				t.Logf("%s filled by %s: %s", it.ID, it.By, it.Where)
			} else {
				by[it.ID] = "open: " + it.Why
			}
		}
	}
	for id, want := range map[string]string{
		"ECS-001.e2": "inventory:list-tasks",
		"ECS-003.e1": "inventory:task-definitions",
		"ECS-005.e1": "inventory:task-roles",
		"ECS-006.e2": "inventory:task-definitions",
		"ECS-020.e1": "inventory:efs-use",
		"ECS-020.e2": "inventory:efs-mount-zones",
		"2.2.e1":     "inventory:diagram",
		"DOC-001.e1": "inventory:diagram",
	} {
		if by[id] != want {
			t.Errorf("%s: %s, want filled by %s", id, by[id], want)
		}
	}
	for _, id := range []string{"ECS-001.e1", "ECS-002.e3", "ECS-006.e1", "DOC-001.e2"} {
		if by[id] == "" || by[id][:5] != "open:" {
			t.Errorf("%s: %q, want open: only the partner can answer it", id, by[id])
		}
	}
}
