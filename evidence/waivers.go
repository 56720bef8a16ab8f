package evidence

import (
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/ecspack/ecspack/catalog"
	"github.com/ecspack/ecspack/internal/yamlpos"
)

// Waiver is a partner's documented acceptance of a risk an automated check
// reports (case.yaml `waivers:`): the check's fail and warn findings on the
// resources its pattern matches show as an accepted risk, with its reason
// and approver, instead of deciding the control, until it expires. A
// reviewer sees every waiver; one that has expired or matches nothing is
// itself reported, so a stale acceptance cannot hide anything.
type Waiver struct {
	// Check is the id of the check whose findings it accepts, e.g. "ECS-011.privileged".
	Check string `yaml:"check"`
	// Resource is a pattern over the finding's resource (an ARN or name):
	// * stands for any characters, '/' and ':' included, ? for one; every
	// other character stands for itself.
	Resource string `yaml:"resource"`
	// Reason says why the risk is accepted; Approver who accepted it.
	Reason   string `yaml:"reason"`
	Approver string `yaml:"approver"`
	// Expires is the last day the acceptance holds, compared with
	// package.date (never the clock, so rebuilding gives the same package).
	Expires Date `yaml:"expires"`

	// File and Line are where the waiver is written (its item in case.yaml).
	File string `yaml:"-"`
	Line int    `yaml:"-"`
}

// Matches reports whether the waiver's resource pattern matches resource
// as a whole.
func (w Waiver) Matches(resource string) bool {
	return globMatch(w.Resource, resource)
}

// Expired reports whether the waiver no longer holds on the package date:
// its expiry day is before it.
func (w Waiver) Expired(on Date) bool {
	return on.After(w.Expires.Time)
}

// globMatch matches s against a pattern of literal characters, * (any run
// of characters) and ? (one character), by the usual backtracking over the
// last star: linear for patterns with one star, never exponential.
func globMatch(pattern, s string) bool {
	p, r := []rune(pattern), []rune(s)
	pi, si, star, mark := 0, 0, -1, 0
	for si < len(r) {
		switch {
		case pi < len(p) && (p[pi] == '?' || p[pi] == r[si]):
			pi++
			si++
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, si
			pi++
		case star >= 0:
			mark++
			pi, si = star+1, mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}

// MaxWaivers bounds the waivers of one case study: far above any honest
// list of accepted risks, it keeps matching every finding against every
// waiver's pattern quick.
const MaxWaivers = 500

// validateWaivers checks each waiver of a case study: every field is set,
// and the check is one of checks (the assessment's registry, when the
// caller gave it) of a control of the edition in use.
func validateWaivers(cs *CaseStudy, root *yaml.Node, cat *catalog.Catalog, checks []string, ps *problems) {
	seq := yamlpos.Value(root, "waivers")
	if n := len(cs.Waivers); n > MaxWaivers {
		ps.add(cs.File, yamlpos.Line(root, "waivers"), "waivers: %d waivers, expected at most %d (one per accepted risk; a pattern can cover many resources)", n, MaxWaivers)
		cs.Waivers = nil
		return
	}
	for i := range cs.Waivers {
		w := &cs.Waivers[i]
		w.File, w.Line = cs.File, yamlpos.ItemLine(root, "waivers", i)
		var item *yaml.Node
		if seq != nil && seq.Kind == yaml.SequenceNode && i < len(seq.Content) {
			item = seq.Content[i]
		}
		at := func(key string) int {
			if n := yamlpos.Value(item, key); n != nil {
				return n.Line
			}
			return w.Line
		}
		if msg := checkProblem(w.Check, cat, checks); msg != "" {
			ps.add(cs.File, at("check"), "waivers[%d].check%s", i, msg)
		}
		for _, f := range []struct{ key, value, want string }{
			{"resource", w.Resource, "a pattern of the resources it accepts, e.g. arn:aws:ecs:*:*:task-definition/agent:* (* stands for any characters)"},
			{"reason", w.Reason, "why the risk is accepted, as the reviewer will read it"},
			{"approver", w.Approver, "who accepted the risk (name and role)"},
		} {
			if strings.TrimSpace(f.value) == "" {
				ps.add(cs.File, at(f.key), "waivers[%d].%s is missing: expected %s", i, f.key, f.want)
			}
		}
		if w.Expires.IsZero() {
			ps.add(cs.File, at("expires"), "waivers[%d].expires is missing: expected the date the acceptance ends, YYYY-MM-DD (compared with package.date)", i)
		}
	}
}

// checkProblem says what is wrong with a waiver's check id, "" when nothing.
func checkProblem(id string, cat *catalog.Catalog, checks []string) string {
	if strings.TrimSpace(id) == "" {
		return " is missing: expected the id of the check whose findings it accepts, e.g. ECS-011.privileged (`ecspack check --format json` names each finding's check)"
	}
	i := strings.LastIndexByte(id, '.')
	if i <= 0 || i == len(id)-1 {
		return ` "` + id + `": expected <CONTROL>.<check>, e.g. ECS-011.privileged`
	}
	control := id[:i]
	c, ok := cat.Control(control)
	if !ok {
		return ` "` + id + `": ` + control + " is not a control of checklist " + cat.Version
	}
	if c.Scope != catalog.ScopeEveryCaseStudy && c.Scope != catalog.ScopeOneCaseStudy {
		return ` "` + id + `": ` + control + " is judged once for the partner, not per case study: a case study's waivers accept findings of its own controls"
	}
	if checks == nil || slices.Contains(checks, id) {
		return ""
	}
	var same []string
	for _, c := range checks {
		if strings.HasPrefix(c, control+".") {
			same = append(same, c)
		}
	}
	if len(same) == 0 {
		return ` "` + id + `" is not one of ecspack's checks: ecspack has no automated check for ` + control + ", so there is no finding to accept"
	}
	return ` "` + id + `" is not one of ecspack's checks: expected one of ` + strings.Join(same, ", ")
}
