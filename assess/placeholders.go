package assess

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/ecspack/ecspack/catalog"
	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/evidence/placeholder"
	"github.com/ecspack/ecspack/internal/words"
)

// Check-id suffixes of the findings that keep a control from being answered:
// init's stub left as it was, or a placeholder in text the package prints.
// An SOP that is still ecspack's template, not adopted by the partner, is a
// placeholder too (unadoptedSuffix).
const (
	stubSuffix        = ".stub"
	placeholderSuffix = ".placeholder"
	unadoptedSuffix   = ".sop-template"
)

// IsPlaceholder reports whether a finding is a stub or placeholder finding:
// such a control needs a narrative whatever its checks say.
func IsPlaceholder(f Finding) bool {
	return strings.HasSuffix(f.Check, stubSuffix) || strings.HasSuffix(f.Check, placeholderSuffix) || strings.HasSuffix(f.Check, unadoptedSuffix)
}

// UnadoptedSOPFinding is the finding against controlID for the SOP id
// (title) that the package would print as the partner's procedure while it
// is ecspack's built-in template, which ecspack.yaml (file, at the line of
// `sops:`) does not adopt: like a placeholder, it leaves the control in need
// of a narrative, and its message is the control's reason.
func UnadoptedSOPFinding(controlID, file string, line int, id, title string) Finding {
	loc := fmt.Sprintf("%s:%d", file, line)
	return Finding{Check: controlID + unadoptedSuffix, Outcome: Warn, Resource: file,
		Message:     fmt.Sprintf("SOP '%s' (%s) is ecspack's template; adopt it with `sops:` in ecspack.yaml or supply your own", title, id),
		Evidence:    loc,
		Remediation: fmt.Sprintf("read the template; if it is how you work, add %s to sops: in %s, otherwise give your own text (- id: %s, file: your template)", id, file, id)}
}

// PlaceholderFinding is the finding for a placeholder at file:line that the
// package would print in a control's evidence; where says what holds it
// ("the answer", "SOP REL-001") for the message.
func PlaceholderFinding(controlID, file string, line int, where string, h placeholder.Hit) Finding {
	loc := file
	if line > 0 {
		loc = fmt.Sprintf("%s:%d", file, line)
	}
	return Finding{Check: controlID + placeholderSuffix, Outcome: Warn, Resource: file,
		Message:     fmt.Sprintf("%s: %s still holds a placeholder: “%s”", loc, where, h.Excerpt),
		Evidence:    loc,
		Remediation: "replace it with the real content: a placeholder counts as no answer"}
}

// relTo shows path relative to the casefile directory when it lies inside it.
func relTo(cf *evidence.Casefile, path string) string {
	if cf == nil || cf.Dir == "" {
		return path
	}
	if r, err := filepath.Rel(cf.Dir, path); err == nil && filepath.IsLocal(r) {
		return filepath.ToSlash(r)
	}
	return path
}

// answerPlaceholders returns the stub or placeholder findings of an answer.
func answerPlaceholders(controlID string, cf *evidence.Casefile, ans *evidence.Answer) []Finding {
	if ans == nil {
		return nil
	}
	file := relTo(cf, ans.File)
	body := string(ans.Body)
	if ans.NotApplicable == "" && ans.Blank() {
		loc := fmt.Sprintf("%s:%d", file, ans.BodyLine)
		return []Finding{{Check: controlID + stubSuffix, Outcome: Warn, Resource: file,
			Message:     loc + ": the answer is still the stub `ecspack init` wrote (only headings and HTML comments): nothing a reviewer can read",
			Evidence:    loc,
			Remediation: "write the answer under each heading (the comments themselves are never read), or delete the file"}}
	}
	var fs []Finding
	for _, h := range placeholder.FindPlain(ans.NotApplicable) {
		fs = append(fs, PlaceholderFinding(controlID, file, 0, "the answer's not_applicable", h))
	}
	for _, h := range placeholder.Find(body) {
		fs = append(fs, PlaceholderFinding(controlID, file, ans.BodyLine+h.Line-1, "the answer", h))
	}
	return fs
}

// caseTextControls routes a case.yaml setting to the control whose evidence
// prints it, by the setting's first key. Settings not listed serve the case
// study as a whole, which prerequisite 2.1 judges.
var caseTextControls = map[string]string{
	"contacts":         "OPE-002",
	"rto":              "REL-002",
	"rpo":              "REL-002",
	"cost":             "COST-001",
	"external":         "DOC-001",
	"tenants":          "ECS-023",
	"compliance_scope": "ECS-013",
	"wafr":             "2.1",
}

// operationsControls routes case.yaml's operations.<key> facts to the SOP
// control that prints them.
var operationsControls = map[string]string{
	"account_contacts":        "ACCT-001",
	"staff_access":            "ACCT-002",
	"runbook_walkthrough":     "OPE-002",
	"pipeline":                "OPE-003",
	"network_protection":      "NETSEC-001",
	"iac_tool":                "REL-001",
	"repository":              "REL-001",
	"cicd":                    "REL-001",
	"iac_example":             "REL-001",
	"data_stores":             "REL-002",
	"objectives_communicated": "REL-002",
	"region_recovery":         "REL-002",
	"dashboards":              "OPE-002",
	"compliance_services":     "ECS-013",
	"compliance_mapping":      "ECS-013",
	"compliance_tooling":      "ECS-013",
}

// CaseTextControl returns the control a case.yaml setting (its key path, such
// as "summary.problem" or "operations.iac_tool") counts against.
func CaseTextControl(key string) string {
	first, rest, _ := strings.Cut(key, ".")
	first, _, _ = strings.Cut(first, "[")
	if first == "operations" {
		sub, _, _ := strings.Cut(rest, ".")
		if c, ok := operationsControls[sub]; ok {
			return c
		}
	}
	if c, ok := caseTextControls[first]; ok {
		return c
	}
	return "2.1"
}

// CasefileTextControl returns the control an ecspack.yaml setting counts
// against: the Services Path stage is 1.2's evidence, the rest of the
// profile is the submission itself (3.1).
func CasefileTextControl(key string) string {
	if strings.HasPrefix(key, "partner.services_path_stage") {
		return "1.2"
	}
	return "3.1"
}

// textPlaceholderFinding turns a placeholder in a YAML value into a finding.
func textPlaceholderFinding(controlID string, cf *evidence.Casefile, tp evidence.TextPlaceholder) Finding {
	return PlaceholderFinding(controlID, relTo(cf, tp.File), tp.Line, "setting "+tp.Key, tp.Hit)
}

// placeholderStatus says why placeholder findings keep a control open, or ""
// when there are none.
func placeholderStatus(fs []Finding) string {
	n, first, unadopted := 0, "", ""
	for _, f := range fs {
		if IsPlaceholder(f) {
			if n == 0 {
				first = f.Evidence
			}
			if unadopted == "" && strings.HasSuffix(f.Check, unadoptedSuffix) {
				unadopted = f.Message
			}
			n++
		}
	}
	switch {
	case unadopted != "" && n > 1:
		return fmt.Sprintf("%s (and %s)", unadopted, words.Count(n-1, "other placeholder", "other placeholders"))
	case unadopted != "":
		return unadopted
	case n == 0:
		return ""
	case n == 1:
		return "a stub or placeholder is left at " + first
	}
	return fmt.Sprintf("%d stubs or placeholders are left, the first at %s", n, first)
}

// hasControl reports whether the catalog knows id.
func hasControl(cat *catalog.Catalog, id string) bool { _, ok := cat.Control(id); return ok }

// routeTextPlaceholders sorts the placeholders of ecspack.yaml and every
// case.yaml into findings by case study id ("" for partner-level controls)
// and control id. A placeholder whose control the edition does not have, or
// that lands on a partner-level control, is reported there or as a gap, never
// dropped.
func routeTextPlaceholders(cf *evidence.Casefile, cat *catalog.Catalog, rep *Report) map[string]map[string][]Finding {
	out := map[string]map[string][]Finding{}
	add := func(caseID, control string, f Finding) {
		if out[caseID] == nil {
			out[caseID] = map[string][]Finding{}
		}
		out[caseID][control] = append(out[caseID][control], f)
	}
	partnerLevel := func(id string) bool {
		c, ok := cat.Control(id)
		return ok && (c.Scope == catalog.ScopePartner || c.Scope == catalog.ScopePackage)
	}
	for _, tp := range cf.Placeholders {
		id := CasefileTextControl(tp.Key)
		f := textPlaceholderFinding(id, cf, tp)
		if partnerLevel(id) {
			add("", id, f)
		} else {
			rep.Gaps = append(rep.Gaps, Gap{Check: "placeholder", Message: f.Message, Remediation: f.Remediation})
		}
	}
	for _, cs := range cf.CaseStudies {
		for _, tp := range cs.Placeholders {
			id := CaseTextControl(tp.Key)
			if w, ok := waiverOfKey(cs, tp.Key); ok {
				// The reviewer reads a waiver beside its check's findings.
				id = Check{ID: w.Check}.Control()
			}
			f := textPlaceholderFinding(id, cf, tp)
			switch {
			case partnerLevel(id):
				add("", id, f)
			case hasControl(cat, id):
				add(cs.ID, id, f)
			default:
				rep.Gaps = append(rep.Gaps, Gap{Check: "placeholder", Message: f.Message, Remediation: f.Remediation})
			}
		}
	}
	return out
}
