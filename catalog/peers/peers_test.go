package peers

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// tree is a peers folder holding refs as references.yaml beside two small
// peer lists.
func tree(refs string) fstest.MapFS {
	return fstest.MapFS{
		ReferencesFile:  {Data: []byte(refs)},
		SecurityHubFile: {Data: []byte("- {id: ECS.4, title: privileged}\n- {id: CloudTrail.1, title: trail}\n")},
		ProwlerFile:     {Data: []byte("- {id: ecs_task_definitions_no_privileged_containers, title: privileged}\n")},
	}
}

// TestLoadRejectsBadRows holds that every malformed row is refused with the
// file and line of the row and what was expected.
func TestLoadRejectsBadRows(t *testing.T) {
	for _, tc := range []struct{ name, refs, want string }{
		{"unknown key", "- check: ECS-011.privileged\n  securityhub: [ECS.4]\n  sh: [x]\n", "references.yaml: yaml: unmarshal errors:\n  line 3: field sh not found"},
		{"bad Security Hub id", "- check: A.b\n  securityhub: [ECS.4]\n- check: ECS-011.privileged\n  securityhub: [ecs-4]\n", "references.yaml:3: securityhub \"ecs-4\" is not a Security Hub control id"},
		{"bad prowler name", "- check: ECS-011.privileged\n  prowler: [Ecs-Privileged]\n", "references.yaml:1: prowler \"Ecs-Privileged\" is not a prowler check name"},
		{"no check", "- securityhub: [ECS.4]\n", "references.yaml:1: a row needs check:"},
		{"nothing named", "- check: ECS-011.privileged\n  securityhub: []\n", "names neither a Security Hub control nor a prowler check"},
		{"duplicate row", "- check: X.y\n  securityhub: [ECS.4]\n- check: X.y\n  prowler: [a_b]\n", "references.yaml:3: check X.y is listed again (first at line 1)"},
		{"duplicate id", "- check: X.y\n  securityhub: [ECS.4, ECS.4]\n", "check X.y lists an id twice"},
		{"not a list", "check: X.y\n", "references.yaml: yaml: unmarshal errors:\n  line 1: cannot unmarshal !!map into []peers.Reference"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadFS(tree(tc.refs))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want it to contain %q", err, tc.want)
			}
		})
	}
	if _, err := LoadFS(tree("- check: X.y\n  securityhub: [ECS.4]\n")); err != nil {
		t.Fatalf("a good row is refused: %v", err)
	}
}

// TestShippedTableNamesKnownPeerIDs holds that every Security Hub id and
// prowler name the references use is one of the peers' listed controls, so
// a typo cannot invent a reference, and that the lookups find them.
func TestShippedTableNamesKnownPeerIDs(t *testing.T) {
	tab, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	ids := func(cs []Control) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.ID)
		}
		return out
	}
	sh, pr := ids(tab.SecurityHub), ids(tab.Prowler)
	for _, r := range tab.References {
		for _, id := range r.SecurityHub {
			if !slices.Contains(sh, id) {
				t.Errorf("%s:%d: %s names Security Hub %s, which %s does not list", ReferencesFile, r.Line, r.Check, id, SecurityHubFile)
			}
		}
		for _, n := range r.Prowler {
			if !slices.Contains(pr, n) {
				t.Errorf("%s:%d: %s names prowler %s, which %s does not list", ReferencesFile, r.Line, r.Check, n, ProwlerFile)
			}
		}
	}
	gotSH, gotPr := tab.For("ECS-011.privileged")
	if !slices.Equal(gotSH, []string{"ECS.4"}) || !slices.Equal(gotPr, []string{"ecs_task_definitions_no_privileged_containers"}) {
		t.Errorf("For(ECS-011.privileged) = %v, %v", gotSH, gotPr)
	}
	if got := tab.ChecksFor("ECS.12"); !slices.Equal(got, []string{"ECS-018.container-insights", "OPE-001.container-insights"}) {
		t.Errorf("ChecksFor(ECS.12) = %v", got)
	}
	if a, b := tab.For("no.such-check"); a != nil || b != nil {
		t.Errorf("For of an unlisted check = %v, %v, want nothing", a, b)
	}
}

// TestRowNotes holds that a row's comments become its note, the words the
// coverage document prints where a peer and our check differ.
func TestRowNotes(t *testing.T) {
	tab, err := LoadFS(tree("- check: X.y\n  securityhub: [ECS.4] # ours judges more\n  prowler: [a_b] # and differs\n- check: X.z\n  securityhub: [ECS.4]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := tab.References[0].Note; got != "ours judges more; and differs" {
		t.Errorf("note = %q", got)
	}
	if got := tab.References[1].Note; got != "" {
		t.Errorf("a row without comments has note %q", got)
	}
}
