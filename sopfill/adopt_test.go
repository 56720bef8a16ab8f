package sopfill

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/evidence"
)

// TestOriginFollowsSOPs: a built-in template is the partner's procedure only
// when `sops:` adopts it; a template of their own (an entry's file: or the
// folder form) is theirs and replaces the built-in text.
func TestOriginFollowsSOPs(t *testing.T) {
	dir := t.TempDir()
	own := "# Our KPIs\n\nWe watch what matters.\n{{with .Case}}\n## At {{.Customer}}\n\nThree alarms.\n{{end}}\n"
	for _, p := range []string{"own/kpis.md.tmpl", "folder/ope-001-health-kpis.md.tmpl"} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, p), []byte(own), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name      string
		sops      evidence.SOPs
		acct, ope Origin
	}{
		{"none adopted", evidence.SOPs{}, OriginTemplate, OriginTemplate},
		{"ACCT-001 adopted", evidence.SOPs{Adopted: []evidence.SOPAdoption{{ID: "ACCT-001"}}}, OriginAdopted, OriginTemplate},
		{"own file for OPE-001", evidence.SOPs{Adopted: []evidence.SOPAdoption{{ID: "ACCT-001"}, {ID: "OPE-001", File: "own/kpis.md.tmpl"}}}, OriginAdopted, OriginOwn},
		{"folder form", evidence.SOPs{Dir: "folder"}, OriginTemplate, OriginOwn},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cf := minimalCasefile(dir)
			cf.SOPs = tc.sops
			docs, err := Render(context.Background(), cf, richCase(), Options{})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]Document{}
			for _, d := range docs {
				got[d.ID] = d
			}
			if got["ACCT-001"].Origin != tc.acct || got["OPE-001"].Origin != tc.ope {
				t.Errorf("origins ACCT-001 %q, OPE-001 %q; want %q, %q", got["ACCT-001"].Origin, got["OPE-001"].Origin, tc.acct, tc.ope)
			}
			ope := got["OPE-001"]
			if isOwn := strings.Contains(string(ope.Markdown), "We watch what matters."); isOwn != (tc.ope == OriginOwn) {
				t.Errorf("OPE-001 printed the partner's own text: %v, want %v:\n%s", isOwn, tc.ope == OriginOwn, ope.Markdown)
			}
			if tc.ope == OriginOwn && string(ope.Applied) != "## At Shop GmbH\n\nThree alarms.\n" {
				t.Errorf("own template's case part = %q", ope.Applied)
			}
		})
	}
}

// TestAppliedIsTheCasePartOnly: a case study's document adds to the
// partner's procedure only its "In <customer>'s deployment" part, so the
// procedure is printed once; the two together are the whole document.
func TestAppliedIsTheCasePartOnly(t *testing.T) {
	cf := minimalCasefile(t.TempDir())
	partner, err := Render(context.Background(), cf, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	docs, err := Render(context.Background(), cf, richCase(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range docs {
		if partner[i].Applied != nil {
			t.Errorf("%s: a partner-level document has a case part", d.ID)
		}
		if !strings.HasPrefix(string(d.Applied), "## In Shop GmbH's deployment\n") {
			t.Errorf("%s: case part does not start with the deployment heading:\n%s", d.ID, d.Applied)
		}
		if strings.Contains(string(d.Applied), "# "+d.Title) || strings.Contains(string(d.Applied), "## Purpose") {
			t.Errorf("%s: case part repeats the procedure:\n%s", d.ID, d.Applied)
		}
		if whole := strings.TrimSpace(string(partner[i].Markdown)) + "\n\n" + string(d.Applied); whole != string(d.Markdown) {
			t.Errorf("%s: procedure + case part is not the whole document", d.ID)
		}
	}
}

func TestAppliedPart(t *testing.T) {
	tests := []struct{ name, full, partner, want string }{
		{"case part at the end", "# T\n\nText.\n\n## In X\n\nFacts.\n", "# T\n\nText.\n", "## In X\n\nFacts.\n"},
		{"nothing added", "# T\n\nText.\n", "# T\n\nText.\n", ""},
		{"case text on the procedure's last line", "# T\n\nText. For X.\n", "# T\n\nText.\n", "# T\n\nText. For X.\n"},
		{"case text inside the procedure", "# T\n\nFor X.\n\nText.\n", "# T\n\nText.\n", "# T\n\nFor X.\n\nText.\n"},
		{"no procedure text", "## In X\n", "", "## In X\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(appliedPart([]byte(tc.full), []byte(tc.partner))); got != tc.want {
				t.Errorf("appliedPart = %q, want %q", got, tc.want)
			}
		})
	}
}
