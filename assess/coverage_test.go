package assess

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/catalog"
	"github.com/ecspack/ecspack/evidence"
)

// filler pads a test answer's section past every item's minimum length.
const filler = "This section answers the evidence item of the checklist in enough words to pass the minimum length that the catalog sets for every item."

// covering returns an answer to control id that covers every evidence item
// of the 2025-02 catalog with a section headed by the item's id: text
// opens the first section (where the contradiction lint reads it), filler
// fills the rest. Tests about checks use it so that the answer is not what
// keeps a control from being met.
func covering(t testing.TB, id, text string) string {
	t.Helper()
	cat, err := catalog.Load("2025-02")
	if err != nil {
		t.Fatal(err)
	}
	c, ok := cat.Control(id)
	if !ok {
		t.Fatalf("no control %s", id)
	}
	var b strings.Builder
	for i, it := range c.Evidence {
		lead := ""
		if i == 0 {
			lead = text + " "
		}
		fmt.Fprintf(&b, "## %s\n\n%s%s\n\n", it.ID, lead, filler)
	}
	return b.String()
}

// coveringAnswer is covering as an answer.
func coveringAnswer(t testing.TB, id, text string) *evidence.Answer {
	return &evidence.Answer{ControlID: id, Body: []byte(covering(t, id, text))}
}

// TestItemCoverage holds what answers an evidence item: a section under
// its heading with enough real words, an attachment the section cites or
// covers: maps, or an inventory rule when the snapshot holds the data.
func TestItemCoverage(t *testing.T) {
	cat, err := catalog.Load("2025-02")
	if err != nil {
		t.Fatal(err)
	}
	iac := "## Infrastructure as code tooling used to manage infrastructure\n\nAWS CDK in TypeScript defines the network, the cluster and every service.\n\n"
	cases := []struct {
		name, control, body string
		atts                []string
		covers              map[string]string
		incomplete          bool
		want                map[string]catalog.Satisfier // item → by; "" = not covered
		why                 map[string]string            // item → part of Why
	}{
		{name: "every item answered", control: "ECS-002", body: covering(t, "ECS-002", "CDK."),
			want: map[string]catalog.Satisfier{"ECS-002.e1": "narrative", "ECS-002.e3": "narrative", "ECS-002.e6": "narrative"}},
		{name: "only the IaC paragraph", control: "ECS-002", body: iac,
			want: map[string]catalog.Satisfier{"ECS-002.e1": "narrative", "ECS-002.e3": "", "ECS-002.e4": "", "ECS-002.e6": ""},
			why:  map[string]string{"ECS-002.e3": "write a section headed with these words or ECS-002.e3"}},
		{name: "too short a section", control: "ECS-002", body: iac + "## Description of deployment process and rollback procedures\n\nCircuit breaker.\n",
			want: map[string]catalog.Satisfier{"ECS-002.e3": ""}, why: map[string]string{"ECS-002.e3": "has 2 words, fewer than the 20 it needs"}},
		{name: "placeholder section", control: "ECS-002", body: "## ECS-002.e3\n\nTODO describe the rollback procedure of every service, the pipeline and the manual steps we follow.\n",
			want: map[string]catalog.Satisfier{"ECS-002.e3": ""}, why: map[string]string{"ECS-002.e3": "placeholder"}},
		{name: "section citing an attachment", control: "ECS-002", atts: []string{"attachments/rollback.md"}, body: "## ECS-002.e3\n\nSee attachments/rollback.md.\n",
			want: map[string]catalog.Satisfier{"ECS-002.e3": "attachment"}},
		{name: "covers maps an attachment", control: "ECS-002", atts: []string{"attachments/rollback.md"}, covers: map[string]string{"ECS-002.e3": "attachments/rollback.md"},
			want: map[string]catalog.Satisfier{"ECS-002.e3": "attachment", "ECS-002.e5": ""}},
		{name: "inventory fills list-tasks", control: "ECS-001", body: "",
			want: map[string]catalog.Satisfier{"ECS-001.e2": "inventory:list-tasks", "ECS-001.e1": ""}},
		{name: "an interrupted discovery fills nothing", control: "ECS-001", incomplete: true,
			want: map[string]catalog.Satisfier{"ECS-001.e2": ""}, why: map[string]string{"ECS-001.e2": "the inventory does not hold it"}},
		{name: "the issue's 15-word answer to ECS-016 is a one-liner", control: "ECS-016",
			body: "We use multiple private subnets per AZ and size them to avoid IP exhaustion issues.\n",
			want: map[string]catalog.Satisfier{"ECS-016.e1": ""}, why: map[string]string{"ECS-016.e1": "has 15 words, fewer than the 20 it needs"}},
		{name: "sop answers the partner-level item", control: "NETSEC-001",
			want: map[string]catalog.Satisfier{"NETSEC-001.e1": "sop", "NETSEC-001.e2": ""}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			snap := fxSnap(fxWeb())
			snap.Collection.Incomplete = tc.incomplete
			in := fxInput(snap)
			c, _ := cat.Control(tc.control)
			ans := &evidence.Answer{ControlID: tc.control, Body: []byte(tc.body), Attachments: tc.atts, Covers: tc.covers}
			got := map[string]ItemResult{}
			for _, r := range itemCoverage(c, in, ans) {
				got[r.ID] = r
			}
			for id, by := range tc.want {
				r := got[id]
				if r.Covered != (by != "") || r.By != by {
					t.Errorf("%s: covered %v by %q (%s), want by %q", id, r.Covered, r.By, r.Why, by)
				}
			}
			for id, why := range tc.why {
				if !strings.Contains(got[id].Why, why) {
					t.Errorf("%s: why %q, want it to say %q", id, got[id].Why, why)
				}
			}
		})
	}
}

// TestUncoveredItemKeepsControlOpen holds the verdict: an answer without
// every item is needs-narrative naming the items; with them it is met.
func TestUncoveredItemKeepsControlOpen(t *testing.T) {
	cat, err := catalog.Load("2025-02")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, body string
		want       Status
	}{
		{"one-liner", "We use CloudFormation, GitHub and CodePipeline with rollback.", NeedsNarrative},
		{"every item", covering(t, "ECS-002", "We use CloudFormation."), Met},
	} {
		cs := &evidence.CaseStudy{ID: "cs1", Inventory: fxSnap(fxWeb()), Answers: map[string]*evidence.Answer{"ECS-002": {ControlID: "ECS-002", Body: []byte(tc.body)}}}
		r := Evaluate(&evidence.Casefile{CaseStudies: []*evidence.CaseStudy{cs}}, cat).CaseStudies[0].Control("ECS-002")
		if r.Status != tc.want {
			t.Errorf("%s: %s (%s), want %s", tc.name, r.Status, r.Reason, tc.want)
		}
		if tc.want == NeedsNarrative && !strings.Contains(r.Reason, "6 evidence items not answered: ECS-002.e1") {
			t.Errorf("%s: reason %q does not name the items", tc.name, r.Reason)
		}
	}
}

// TestInventoryRulesMatchTheCatalog holds that every inventory rule the
// catalog names has a function and every function serves some item.
func TestInventoryRulesMatchTheCatalog(t *testing.T) {
	cat, err := catalog.Load("2025-02")
	if err != nil {
		t.Fatal(err)
	}
	rules := InventoryRules()
	used := map[string]bool{}
	for _, c := range cat.Controls {
		for _, it := range c.Evidence {
			for _, r := range it.Rules() {
				used[r] = true
				if rules[r] == nil {
					t.Errorf("%s names inventory rule %q, which assess does not have", it.ID, r)
				}
			}
		}
	}
	for r := range rules {
		if !used[r] {
			t.Errorf("inventory rule %q serves no evidence item", r)
		}
	}
}
