package catalog

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// load2025 loads the shipped 2025-02 catalog or stops the test.
func load2025(t *testing.T) *Catalog {
	t.Helper()
	cat, err := Load("2025-02")
	if err != nil {
		t.Fatalf("Load(2025-02): %v", err)
	}
	return cat
}

func TestLoad2025PinsIDsInChecklistOrder(t *testing.T) {
	want := []string{
		"1.1", "1.2", "2.1", "2.2", "3.1",
		"ECS-001", "ECS-002", "ECS-003", "ECS-004", "ECS-005", "ECS-006", "ECS-007", "ECS-008",
		"ECS-009", "ECS-010", "ECS-011", "ECS-012", "ECS-013", "ECS-014", "ECS-015", "ECS-016",
		"ECS-017", "ECS-018", "ECS-019", "ECS-020", "ECS-021", "ECS-022", "ECS-023",
		"DOC-001", "ACCT-001", "ACCT-002", "OPE-001", "OPE-002", "OPE-003",
		"NETSEC-001", "NETSEC-002", "REL-001", "REL-002", "COST-001",
	}
	cat := load2025(t)
	if got := cat.IDs(); !slices.Equal(got, want) {
		t.Errorf("ids = %v\nwant %v", got, want)
	}
	if len(want) != 39 {
		t.Fatalf("the pinned list itself has %d ids, want 39", len(want))
	}
}

func TestLoad2025Header(t *testing.T) {
	cat := load2025(t)
	if cat.Version != "2025-02" {
		t.Errorf("Version = %q", cat.Version)
	}
	if want := time.Date(2025, 2, 14, 0, 0, 0, 0, time.UTC); !cat.Released.Equal(want) {
		t.Errorf("Released = %v, want %v", cat.Released, want)
	}
	got := []string{cat.ValidFrom, cat.ValidUntil, cat.NextVersionExpected, cat.UsableUntil}
	if want := []string{"2025-02", "2025-08", "2025-08", "2025-11"}; !slices.Equal(got, want) {
		t.Errorf("validity = %v, want %v", got, want)
	}
}

func TestLoad2025ConditionalControls(t *testing.T) {
	want := map[string]Condition{
		"ECS-008": ConditionSpotCapacity,
		"ECS-009": ConditionMultiCluster,
		"ECS-013": ConditionComplianceScope,
		"ECS-014": ConditionECSAnywhere,
		"ECS-020": ConditionEFS,
		"ECS-021": ConditionEFS,
		"ECS-022": ConditionEBS,
		"ECS-023": ConditionMultiTenant,
	}
	cat := load2025(t)
	got := map[string]Condition{}
	for _, c := range cat.Controls {
		if c.IsConditional() {
			got[c.ID] = c.Condition
		}
	}
	if !maps.Equal(got, want) {
		t.Errorf("conditional controls = %v\nwant %v", got, want)
	}
	if names := cat.ConditionNames(); !slices.Equal(names, slices.Sorted(slices.Values(knownConditions))) {
		t.Errorf("conditions table = %v, want every known condition once", names)
	}
}

func TestLoad2025WAFRWaivers(t *testing.T) {
	cat := load2025(t)
	for _, c := range cat.Controls {
		if c.IsCommon() != c.WAFRWaivable {
			t.Errorf("%s: common=%v but wafr_waivable=%v", c.ID, c.IsCommon(), c.WAFRWaivable)
		}
	}
}

func TestLoad2025Kinds(t *testing.T) {
	cat := load2025(t)
	var prereq, ecs, common int
	for _, c := range cat.Controls {
		n := 0
		for _, is := range []bool{c.IsPrerequisite(), c.IsECS(), c.IsCommon()} {
			if is {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%s is in %d of prerequisite/ECS/common, want exactly 1", c.ID, n)
		}
		switch {
		case c.IsPrerequisite():
			prereq++
		case c.IsECS():
			ecs++
		case c.IsCommon():
			common++
		}
		if c.IsCommon() && c.Section != "Common Customer Reference Requirements" {
			t.Errorf("%s: common control in section %q", c.ID, c.Section)
		}
		if c.IsECS() && c.Section != "Amazon ECS Customer Reference Requirements" {
			t.Errorf("%s: ECS control in section %q", c.ID, c.Section)
		}
	}
	if prereq != 5 || ecs != 23 || common != 11 {
		t.Errorf("prerequisites/ECS/common = %d/%d/%d, want 5/23/11", prereq, ecs, common)
	}
}

func TestLoad2025Scopes(t *testing.T) {
	cat := load2025(t)
	for _, c := range cat.Controls {
		var want Scope
		switch {
		case c.ID == "1.1" || c.ID == "1.2" || c.ID == "3.1":
			want = ScopePartner
		case c.ID == "2.1":
			want = ScopePackage
		case c.ID == "2.2" || c.IsECS():
			want = ScopeEveryCaseStudy
		default:
			want = ScopeOneCaseStudy
		}
		if c.Scope != want {
			t.Errorf("%s: scope %q, want %q", c.ID, c.Scope, want)
		}
	}
}

func TestLoad2025SOPAndCLIOutputs(t *testing.T) {
	wantSOP := []string{"ECS-013", "ACCT-001", "ACCT-002", "OPE-001", "OPE-002", "OPE-003",
		"NETSEC-001", "NETSEC-002", "REL-001", "REL-002", "COST-001"}
	wantCLI := map[string][]string{
		"ECS-001": {"aws ecs list-tasks"},
		"ECS-008": {"aws ecs describe-capacity-providers", "aws ec2 describe-spot-fleet-requests"},
	}
	cat := load2025(t)
	var sop []string
	for _, c := range cat.Controls {
		if c.SOP {
			sop = append(sop, c.ID)
		}
		if want := wantCLI[c.ID]; !slices.Equal(c.CLIOutputs, want) {
			t.Errorf("%s: cli_outputs = %q, want %q", c.ID, c.CLIOutputs, want)
		}
		if len(c.Evidence) == 0 {
			t.Errorf("%s: no evidence listed", c.ID)
		}
	}
	if !slices.Equal(sop, wantSOP) {
		t.Errorf("sop controls = %v, want %v", sop, wantSOP)
	}
}

func TestCatalogControl(t *testing.T) {
	cat := load2025(t)
	c, ok := cat.Control("ECS-004")
	if !ok || c.Title != "Tagging strategy and Amazon ECS Managed Tags and Tag Propagation is implemented" {
		t.Errorf("Control(ECS-004) = %q, %v", c.Title, ok)
	}
	c, ok = cat.Control("ECS-008")
	if !ok || !strings.Contains(c.Title, "FARGATE_SPOT") || strings.Contains(c.Title, `\`) {
		t.Errorf("Control(ECS-008) title not cleaned of escapes: %q", c.Title)
	}
	if _, ok := cat.Control("ECS-999"); ok {
		t.Error("Control(ECS-999) found a control")
	}
}

func TestVersionsAndUnknownVersion(t *testing.T) {
	if v := Versions(); !slices.Contains(v, "2025-02") {
		t.Fatalf("Versions() = %v, want it to contain 2025-02", v)
	}
	for _, v := range []string{"1999-01", "", "../templates", "2025-02.yaml"} {
		_, err := Load(v)
		if err == nil {
			t.Errorf("Load(%q) succeeded", v)
			continue
		}
		if !strings.Contains(err.Error(), "known: 2025-02") {
			t.Errorf("Load(%q) error %q does not list the known versions", v, err)
		}
	}
}

func TestLoadRejectsVersionMismatch(t *testing.T) {
	fsys := fstest.MapFS{"catalog/2030-01.yaml": {Data: []byte(validDoc)}}
	_, err := load(fsys, "2030-01")
	if err == nil || !strings.Contains(err.Error(), `declares checklist "9999-01"`) {
		t.Fatalf("load mismatched version: err = %v", err)
	}
	fsys = fstest.MapFS{"catalog/9999-01.yaml": {Data: []byte(validDoc)}}
	cat, err := load(fsys, "9999-01")
	if err != nil || len(cat.Controls) != 2 {
		t.Fatalf("load(9999-01) = %v, %v", cat, err)
	}
}

// validItem is validDoc's one evidence item.
const validItem = `evidence: [{id: ECS-020.e1, summary: "zones", satisfied_by: [narrative], min_words: 5}]`

// validDoc is a minimal valid catalog; the Parse error cases break it one way each.
const validDoc = `checklist: "9999-01"
title: "Test checklist"
released: 2025-02-14
valid_until: "2025-08"
conditions:
  efs: "Uses EFS."
controls:
  - id: "1.1"
    title: "Guidelines"
    section: "Prerequisites"
    category: "Program"
    scope: partner
    requirement: "Read them."
  - id: "ECS-020"
    title: "Mount targets"
    section: "ECS"
    category: "Storage"
    scope: every-case-study
    condition: efs
    requirement: "One per zone."
    evidence: [{id: ECS-020.e1, summary: "zones", satisfied_by: [narrative], min_words: 5}]
`

func TestParseValid(t *testing.T) {
	cat, err := Parse("ok.yaml", []byte(validDoc))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if cat.Version != "9999-01" || len(cat.Controls) != 2 || cat.Controls[1].Condition != ConditionEFS {
		t.Errorf("Parse decoded %+v", cat)
	}
}

func TestParseAutomatedMark(t *testing.T) {
	doc := strings.Replace(validDoc, "    scope: every-case-study\n", "    scope: every-case-study\n    automated: true\n", 1)
	cat, err := Parse("ok.yaml", []byte(doc))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if cat.Controls[0].Automated || !cat.Controls[1].Automated {
		t.Errorf("automated = %v, %v; want false (no mark), true", cat.Controls[0].Automated, cat.Controls[1].Automated)
	}
}

// parseErrorCase is a broken catalog and the substrings Parse's error must contain.
type parseErrorCase struct {
	name string
	doc  string
	want []string
}

// itemErrorCases are the broken evidence items TestParseErrors feeds to Parse.
func itemErrorCases() []parseErrorCase {
	return []parseErrorCase{
		{
			name: "evidence item as a plain line names the line",
			doc:  strings.Replace(validDoc, validItem, `evidence: ["zones"]`, 1),
			want: []string{"bad.yaml", "line 21", "cannot unmarshal !!str `zones` into catalog.Item"},
		},
		{
			name: "evidence item id not the control's",
			doc:  strings.Replace(validDoc, "id: ECS-020.e1", "id: ECS-002.e1", 1),
			want: []string{"bad.yaml:21:", `evidence item id "ECS-002.e1": expected ECS-020.e<n>`},
		},
		{
			name: "evidence item with an unknown satisfier",
			doc:  strings.Replace(validDoc, "satisfied_by: [narrative]", "satisfied_by: [narrative, screenshot, inventory:Bad_Rule]", 1),
			want: []string{"bad.yaml:21:", `unknown satisfied_by "screenshot"`, `unknown satisfied_by "inventory:Bad_Rule"`},
		},
		{
			name: "narrative item without a minimum",
			doc:  strings.Replace(validDoc, ", min_words: 5", "", 1),
			want: []string{"bad.yaml:21:", `expected min_words of at least 1`},
		},
		{
			name: "sop satisfier on a control that is not sop",
			doc:  strings.Replace(validDoc, "satisfied_by: [narrative], min_words: 5", "satisfied_by: [sop]", 1),
			want: []string{"bad.yaml:21:", `satisfied_by sop, but the control is not marked sop: true`},
		},
		{
			name: "evidence item without id, summary or satisfier",
			doc:  strings.Replace(validDoc, validItem, "evidence: [{wording: x}]", 1),
			want: []string{"bad.yaml:21:", `expected ECS-020.e<n>`, "has no summary", "satisfied_by is missing"},
		},
	}
}

// parseErrorCases are the broken catalogs TestParseErrors feeds to Parse.
func parseErrorCases() []parseErrorCase {
	return []parseErrorCase{
		{
			name: "unknown control field names file and line",
			doc:  strings.Replace(validDoc, "    scope: partner\n", "    scope: partner\n    scopes: partner\n", 1),
			want: []string{"bad.yaml", "line 13", "field scopes not found"},
		},
		{
			name: "automated mark misspelt",
			doc:  strings.Replace(validDoc, "    scope: partner\n", "    scope: partner\n    automatic: true\n", 1),
			want: []string{"bad.yaml", "line 13", "field automatic not found"},
		},
		{
			name: "automated mark not a boolean",
			doc:  strings.Replace(validDoc, "    scope: partner\n", "    scope: partner\n    automated: \"true\"\n", 1),
			want: []string{"bad.yaml", "line 13", "cannot unmarshal !!str `true` into bool"},
		},
		{
			name: "unknown top-level field",
			doc:  strings.Replace(validDoc, "title: \"Test checklist\"\n", "title: \"Test checklist\"\nvalidity: soon\n", 1),
			want: []string{"bad.yaml", "line 3", "field validity not found"},
		},
		{
			name: "duplicate id",
			doc:  strings.Replace(validDoc, `id: "ECS-020"`, `id: "1.1"`, 1),
			want: []string{"bad.yaml:14:", `duplicate control id "1.1" (first at line 8)`},
		},
		{
			name: "bad scope",
			doc:  strings.Replace(validDoc, "scope: every-case-study", "scope: every-customer", 1),
			want: []string{"bad.yaml:18:", `control "ECS-020": unknown scope "every-customer"`, "one-case-study"},
		},
		{
			name: "missing scope",
			doc:  strings.Replace(validDoc, "    scope: partner\n", "", 1),
			want: []string{`control "1.1": unknown scope ""`},
		},
		{
			name: "unknown condition",
			doc:  strings.Replace(validDoc, "condition: efs", "condition: nfs", 1),
			want: []string{"bad.yaml:19:", `unknown condition "nfs"`},
		},
		{
			name: "condition not explained",
			doc:  strings.Replace(validDoc, "condition: efs", "condition: ebs", 1),
			want: []string{"bad.yaml:19:", `condition "ebs" is not explained`, `condition "efs" is used by no control`},
		},
		{
			name: "unknown condition in table",
			doc:  strings.Replace(validDoc, `  efs: "Uses EFS."`, "  efs: \"Uses EFS.\"\n  nfs: \"Uses NFS.\"", 1),
			want: []string{"bad.yaml:6:", `unknown condition "nfs"`},
		},
		{
			name: "empty title",
			doc:  strings.Replace(validDoc, `title: "Mount targets"`, `title: ""`, 1),
			want: []string{"bad.yaml:15:", `control "ECS-020": title is missing`},
		},
		{
			name: "empty requirement",
			doc:  strings.Replace(validDoc, `requirement: "Read them."`, `requirement: " "`, 1),
			want: []string{"bad.yaml:13:", `control "1.1": requirement is missing`},
		},
		{
			name: "malformed id",
			doc:  strings.Replace(validDoc, `id: "ECS-020"`, `id: "ecs 20"`, 1),
			want: []string{"bad.yaml:14:", `id must look like`},
		},
		{
			name: "cli output that is not aws",
			doc:  strings.Replace(validDoc, validItem, validItem+"\n    cli_outputs: [\"kubectl get pods\"]", 1),
			want: []string{"bad.yaml:22:", `not an aws CLI command`},
		},
		{
			name: "wrong type names the line",
			doc:  strings.Replace(validDoc, validItem, "evidence: {a: b}", 1),
			want: []string{"bad.yaml", "line 21", "cannot unmarshal"},
		},
		{
			name: "bad month",
			doc:  strings.Replace(validDoc, `valid_until: "2025-08"`, `valid_until: "August 2025"`, 1),
			want: []string{"bad.yaml:4:", `valid_until "August 2025" is not a YYYY-MM month`},
		},
		{
			name: "missing version and released",
			doc:  strings.Replace(strings.Replace(validDoc, "checklist: \"9999-01\"\n", "", 1), "released: 2025-02-14\n", "", 1),
			want: []string{"checklist version is missing", "released date is missing"},
		},
		{
			name: "no controls",
			doc:  validDoc[:strings.Index(validDoc, "controls:")],
			want: []string{"bad.yaml:1: no controls"},
		},
		{
			name: "empty file",
			doc:  "# nothing here\n",
			want: []string{"bad.yaml: empty catalog"},
		},
		{
			name: "two documents",
			doc:  validDoc + "---\nchecklist: x\n",
			want: []string{"bad.yaml:", "more than one YAML document"},
		},
		{
			name: "syntax error",
			doc:  "checklist: [unclosed\n",
			want: []string{"bad.yaml", "line"},
		},
	}
}

func TestParseErrors(t *testing.T) {
	tests := append(parseErrorCases(), itemErrorCases()...)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cat, err := Parse("bad.yaml", []byte(tt.doc))
			if err == nil {
				t.Fatalf("Parse succeeded: %+v", cat)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\ndoes not contain %q", err, w)
				}
			}
		})
	}
}

func TestValidValues(t *testing.T) {
	for _, s := range []Scope{ScopePartner, ScopePackage, ScopeEveryCaseStudy, ScopeOneCaseStudy} {
		if !s.Valid() {
			t.Errorf("%q not valid", s)
		}
	}
	if Scope("").Valid() || Scope("all").Valid() {
		t.Error("empty or unknown scope reported valid")
	}
	if !ConditionNone.Valid() || !ConditionEBS.Valid() || Condition("gpu").Valid() {
		t.Error("Condition.Valid wrong")
	}
}
