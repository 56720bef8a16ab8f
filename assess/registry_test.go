package assess

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/catalog"
	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/internal/testkit/synthcase"
	"github.com/ecspack/ecspack/inventory"
)

// checkName is the part of a check id after its control: lower-case words.
var checkName = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// registry is what assess judges a catalog with: the case-study checks, the
// judges of the partner- and package-scope prerequisites and the condition
// functions.
type registry struct {
	cat    *catalog.Catalog
	checks []Check
	judges map[string]partnerJudge
	conds  map[catalog.Condition]Condition
}

// registryProblems lists every way a registry disagrees with its catalog:
// anything here would make a control silently go unchecked or a check
// silently never run. It is empty when they agree.
func registryProblems(r registry) []string {
	var out []string
	bad := func(format string, a ...any) { out = append(out, fmt.Sprintf(format, a...)) }
	checked := map[string]bool{}
	seen := map[string]bool{}
	for _, ch := range r.checks {
		ctl := ch.Control()
		if ctl == "" || !checkName.MatchString(strings.TrimPrefix(ch.ID, ctl+".")) {
			bad("check %q: an id must be <CONTROL>.<name>", ch.ID)
			continue
		}
		if seen[ch.ID] {
			bad("check %q is registered twice", ch.ID)
		}
		seen[ch.ID] = true
		if ch.Run == nil {
			bad("check %q has no Run", ch.ID)
		}
		if strings.TrimSpace(ch.Judges) == "" {
			bad("check %q does not say what it judges (Judges), which README and the reviewer PDF print", ch.ID)
		}
		c, ok := r.cat.Control(ctl)
		switch {
		case !ok:
			bad("check %q names control %q, which catalog %s lacks", ch.ID, ctl, r.cat.Version)
		case c.Scope != catalog.ScopeEveryCaseStudy && c.Scope != catalog.ScopeOneCaseStudy:
			bad("check %q serves %s-scope control %q, whose case-study checks never run", ch.ID, c.Scope, ctl)
		}
		checked[ctl] = true
	}
	for _, id := range slices.Sorted(maps.Keys(r.judges)) {
		c, ok := r.cat.Control(id)
		switch {
		case !ok:
			bad("prerequisite judge %q names a control catalog %s lacks", id, r.cat.Version)
		case c.Scope != catalog.ScopePartner && c.Scope != catalog.ScopePackage:
			bad("prerequisite judge %q serves %s-scope control, which only case-study checks judge", id, c.Scope)
		}
		checked[id] = true
	}
	for _, c := range r.cat.Controls {
		if c.Automated && !checked[c.ID] {
			bad("control %q is marked automated but has no check", c.ID)
		}
		if !c.Automated && checked[c.ID] {
			bad("control %q has checks but is not marked automated: true", c.ID)
		}
	}
	for _, name := range r.cat.ConditionNames() {
		if r.conds[name] == nil {
			bad("condition %q has no function in Conditions()", name)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(r.conds)) {
		if _, ok := r.cat.Conditions[name]; !ok {
			bad("Conditions() has a function for condition %q, which catalog %s lacks", name, r.cat.Version)
		}
	}
	return out
}

// shipped is the registry assess runs with, over catalog cat (copied, so a
// test case may break its copy).
func shipped(cat *catalog.Catalog) registry {
	c := *cat
	c.Controls = slices.Clone(cat.Controls)
	c.Conditions = maps.Clone(cat.Conditions)
	return registry{cat: &c, checks: Checks(), judges: partnerJudges(), conds: Conditions()}
}

// setAutomated sets the automated mark of control id in r's catalog.
func setAutomated(r *registry, id string, on bool) {
	for i := range r.cat.Controls {
		if r.cat.Controls[i].ID == id {
			r.cat.Controls[i].Automated = on
		}
	}
}

func TestRegistryMatchesCatalog(t *testing.T) {
	noop := func(*Input) []Finding { return nil }
	cases := []struct {
		name   string
		mutate func(r *registry)
		want   string // "" when the registry must be sound
	}{
		{"shipped registry", func(*registry) {}, ""},
		{"misspelt control", func(r *registry) { r.checks = append(r.checks, Check{ID: "ECS-0010.registry", Run: noop, Judges: "x"}) }, `names control "ECS-0010", which catalog`},
		{"id without a name", func(r *registry) { r.checks = append(r.checks, Check{ID: "ECS-010", Run: noop}) }, "must be <CONTROL>.<name>"},
		{"check that says nothing", func(r *registry) { r.checks[3].Judges = " " }, "does not say what it judges"},
		{"two checks, one id", func(r *registry) { r.checks = append(r.checks, r.checks[0]) }, "is registered twice"},
		{"check on a prerequisite", func(r *registry) { r.checks = append(r.checks, Check{ID: "2.1.extra", Run: noop, Judges: "x"}) }, "whose case-study checks never run"},
		{"judge of an unknown control", func(r *registry) { r.judges["9.9"] = nil }, `judge "9.9" names a control`},
		{"judge of a case-study control", func(r *registry) { r.judges["ECS-001"] = nil }, "only case-study checks judge"},
		{"condition without a function", func(r *registry) { delete(r.conds, catalog.ConditionEFS) }, `condition "efs" has no function`},
		{"function without a condition", func(r *registry) { r.conds["gpu"] = ebsUsed }, `condition "gpu", which catalog`},
		{"marked control without a check", func(r *registry) {
			r.checks = slices.DeleteFunc(r.checks, func(c Check) bool { return c.Control() == "ECS-019" })
		}, `"ECS-019" is marked automated but has no check`},
		{"checked control not marked", func(r *registry) { setAutomated(r, "ECS-001", false) }, `"ECS-001" has checks but is not marked`},
		{"prerequisite not marked", func(r *registry) { setAutomated(r, "3.1", false) }, `"3.1" has checks but is not marked`},
	}
	for _, v := range catalog.Versions() {
		cat, err := catalog.Load(v)
		if err != nil {
			t.Fatalf("load catalog %s: %v", v, err)
		}
		for _, tc := range cases {
			t.Run(v+"/"+tc.name, func(t *testing.T) {
				r := shipped(cat)
				tc.mutate(&r)
				got := registryProblems(r)
				switch {
				case tc.want == "" && len(got) > 0:
					t.Errorf("registry and catalog %s disagree:\n%s", v, strings.Join(got, "\n"))
				case tc.want != "" && (len(got) != 1 || !strings.Contains(got[0], tc.want)):
					t.Errorf("want exactly one problem containing %q, got:\n%s", tc.want, strings.Join(got, "\n"))
				}
			})
		}
	}
}

// foreignFindings lists the findings (and the passes an aggregated pass
// stands for) that a check returned through the runner naming another check.
func foreignFindings(ch Check, in *Input) []string {
	var out []string
	var walk func(fs []Finding)
	walk = func(fs []Finding) {
		for _, f := range fs {
			if f.Check != ch.ID {
				out = append(out, fmt.Sprintf("check %s returned a finding of %q: %s", ch.ID, f.Check, f.Message))
			}
			walk(f.parts)
		}
	}
	walk(ch.run(in))
	return out
}

func TestFindingsCarryTheirCheck(t *testing.T) {
	synthCF, _ := synthcase.Casefile(t, 100)
	inputs := map[string]*Input{
		"empty case study": NewInput(&evidence.Casefile{}, &evidence.CaseStudy{ID: "cs1"}),
		"clean ECS estate": ecsInput(ecsClean()),
		"web estate":       fxInput(fxSnap(fxWeb())),
		"no regions":       fxInput(&inventory.Snapshot{Accounts: []inventory.Account{{ID: fxAcct}}}),
		"synthetic estate": NewInput(synthCF, synthCF.CaseStudies[0]),
	}
	cases := []struct {
		name    string
		checks  []Check
		foreign bool
	}{
		{"registered checks", Checks(), false},
		{"a check naming another check", []Check{{ID: "ECS-001.mine", Run: func(*Input) []Finding {
			return []Finding{{Outcome: Pass, Message: "ok"}, {Check: "ECS-002.theirs", Outcome: Fail, Message: "not mine"}}
		}}}, true},
		{"an aggregated part naming another check", []Check{{ID: "ECS-001.mine", Run: func(*Input) []Finding {
			return []Finding{{Outcome: Pass, Message: "2 ok", parts: []Finding{{Outcome: Pass}, {Check: "ECS-002.theirs", Outcome: Pass}}}}
		}}}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			stamped := 0
			for _, name := range slices.Sorted(maps.Keys(inputs)) {
				for _, ch := range tc.checks {
					got = append(got, foreignFindings(ch, inputs[name])...)
					stamped += len(ch.run(inputs[name]))
				}
			}
			if tc.foreign != (len(got) > 0) {
				t.Errorf("want foreign findings %v, got:\n%s", tc.foreign, strings.Join(got, "\n"))
			}
			if stamped == 0 {
				t.Error("no finding at all: nothing was verified")
			}
		})
	}
}
