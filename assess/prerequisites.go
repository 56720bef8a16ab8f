package assess

import (
	"fmt"
	"strings"

	"github.com/ecspack/ecspack/assess/catalog"
	"github.com/ecspack/ecspack/evidence"
)

// MaxCaseStudyAgeMonths is prerequisite 2.1's window: deployments performed
// within the past 18 months of the package date.
const MaxCaseStudyAgeMonths = 18

// evaluatePartnerControl judges the partner- and package-scope prerequisites
// (1.1, 1.2, 2.1, 3.1) from the partner profile and the case studies.
func evaluatePartnerControl(c catalog.Control, cf *evidence.Casefile, inputs []*Input, ans *evidence.Answer, rep *Report, extra []Finding) ControlResult {
	var fs []Finding
	switch c.ID {
	case "1.1":
		fs = programGuidelines(cf)
	case "1.2":
		fs = servicesPath(cf)
	case "2.1":
		fs = caseStudies(cf)
	case "3.1":
		fs = selfAssessment(rep)
	}
	fs = append(fs, extra...)
	if fs == nil {
		fs = []Finding{}
	}
	sortFindings(fs)
	res := ControlResult{ID: c.ID, Answered: ans.Written(), Findings: fs}
	res.Status, res.Reason = combine(c, &Input{Casefile: cf}, ans, fs, "")
	if res.Status == NeedsNarrative && len(fs) > 0 && c.ID != "3.1" && placeholderStatus(fs) == "" {
		// The profile settles these prerequisites; a narrative is optional.
		res.Status, res.Reason = Met, "shown by the partner profile and the case studies"
	}
	return res
}

func programGuidelines(cf *evidence.Casefile) []Finding {
	if cf.Partner.ProgramGuidelinesRead {
		return []Finding{{Check: "1.1.guidelines", Outcome: Pass, Resource: cf.Partner.Name,
			Message: "the partner confirms it has read the program guidelines and definitions", Evidence: "ecspack.yaml partner.program_guidelines_read"}}
	}
	return []Finding{{Check: "1.1.guidelines", Outcome: Fail, Resource: cf.Partner.Name,
		Message:     "the partner has not confirmed reading the program guidelines",
		Evidence:    "ecspack.yaml partner.program_guidelines_read",
		Remediation: "read the AWS Specialization Program guide, then set partner.program_guidelines_read: true"}}
}

func servicesPath(cf *evidence.Casefile) []Finding {
	st := cf.Partner.ServicesPathStage
	if st == "validated" || st == "differentiated" {
		return []Finding{{Check: "1.2.services-path", Outcome: Pass, Resource: cf.Partner.Name,
			Message: "the partner is at the " + st + " stage of the Services Path", Evidence: "ecspack.yaml partner.services_path_stage"}}
	}
	if st == "" {
		st = "not stated"
	}
	return []Finding{{Check: "1.2.services-path", Outcome: Fail, Resource: cf.Partner.Name,
		Message:     "Services Path stage is " + st + "; the program requires Validated or Differentiated",
		Evidence:    "ecspack.yaml partner.services_path_stage",
		Remediation: "reach the Validated stage of the Services Path (ask your PDR/PDM), then record it in partner.services_path_stage"}}
}

func caseStudies(cf *evidence.Casefile) []Finding {
	var fs []Finding
	const ev = "case.yaml customer, stage, production_date"
	if n := len(cf.CaseStudies); n < 2 {
		fs = append(fs, Finding{Check: "2.1.count", Outcome: Fail, Message: fmt.Sprintf("%d case study submitted; two from two distinct customers are required", n),
			Evidence: "ecspack.yaml case_studies", Remediation: "add a second production case study for another customer"})
	} else {
		fs = append(fs, Finding{Check: "2.1.count", Outcome: Pass, Message: fmt.Sprintf("%d case studies submitted", n), Evidence: "ecspack.yaml case_studies"})
	}
	byEntity := map[string]string{}
	pkgDate := cf.Package.Date.Time
	limit := pkgDate.AddDate(0, -MaxCaseStudyAgeMonths, 0)
	for _, cs := range cf.CaseStudies {
		entity := strings.ToLower(strings.TrimSpace(cs.Customer.LegalEntity))
		if prev, ok := byEntity[entity]; ok && entity != "" {
			fs = append(fs, Finding{Check: "2.1.distinct-customers", Outcome: Fail, Resource: cs.ID,
				Message: fmt.Sprintf("customer %q is the same legal entity as case study %s; AWS accepts one case study per customer", cs.Customer.LegalEntity, prev), Evidence: ev,
				Remediation: "replace one of them with a case study for another customer"})
		} else {
			byEntity[entity] = cs.ID
		}
		if cs.Stage != "production" {
			fs = append(fs, Finding{Check: "2.1.production", Outcome: Fail, Resource: cs.ID,
				Message: "the project is at stage " + cs.Stage + "; pilots and proofs of concept do not qualify", Evidence: ev,
				Remediation: "submit a project that is in production"})
		} else {
			fs = append(fs, Finding{Check: "2.1.production", Outcome: Pass, Resource: cs.ID, Message: "in production", Evidence: ev})
		}
		switch pd := cs.ProductionDate.Time; {
		case pd.IsZero():
		case pd.After(pkgDate):
			fs = append(fs, Finding{Check: "2.1.recent", Outcome: Fail, Resource: cs.ID,
				Message: "production date " + cs.ProductionDate.String() + " is after the package date " + cf.Package.Date.String(), Evidence: ev,
				Remediation: "check production_date and package.date"})
		case pd.Before(limit):
			fs = append(fs, Finding{Check: "2.1.recent", Outcome: Fail, Resource: cs.ID,
				Message: fmt.Sprintf("went into production on %s, more than %d months before the package date %s", cs.ProductionDate, MaxCaseStudyAgeMonths, cf.Package.Date), Evidence: ev,
				Remediation: "use a deployment performed within the past 18 months"})
		default:
			fs = append(fs, Finding{Check: "2.1.recent", Outcome: Pass, Resource: cs.ID,
				Message: fmt.Sprintf("in production since %s, within %d months of the package date", cs.ProductionDate, MaxCaseStudyAgeMonths), Evidence: ev})
		}
		if cs.Inventory == nil || len(cs.Inventory.Accounts) == 0 {
			fs = append(fs, Finding{Check: "2.1.evidence", Outcome: Warn, Resource: cs.ID,
				Message: "no inventory: the reviewer cannot verify the deployment", Evidence: "case.yaml inventory",
				Remediation: "run `ecspack discover` in the customer's account and list the snapshot under inventory"})
		}
		if cs.Inventory != nil && len(cs.Inventory.Accounts) > 0 {
			inInventory := map[string]bool{}
			for _, a := range cs.Inventory.Accounts {
				inInventory[a.ID] = true
			}
			for _, a := range cs.Accounts {
				if !inInventory[a.ID] {
					what := "account " + a.ID
					if a.Purpose != "" {
						what += " (" + a.Purpose + ")"
					}
					fs = append(fs, Finding{Check: "2.1.accounts", Outcome: Warn, Resource: cs.ID,
						Message: what + " is listed in case.yaml but no inventory covers it: the reviewer cannot verify that part of the deployment", Evidence: "case.yaml accounts; inventory accounts",
						Remediation: "run `ecspack discover` in that account and add the snapshot to inventory, or explain in the answer why it is out of scope"})
				}
			}
		}
		if cs.PublicReference == "" {
			fs = append(fs, Finding{Check: "2.1.public-reference", Outcome: Info, Resource: cs.ID,
				Message: "private case study (no public reference); AWS encourages public or anonymised public case studies", Evidence: "case.yaml public_reference"})
		}
	}
	return fs
}

func selfAssessment(rep *Report) []Finding {
	var fs []Finding
	for _, cr := range rep.CaseStudies {
		var missing []string
		for _, r := range cr.Controls {
			if r.Status == NeedsNarrative {
				missing = append(missing, r.ID)
			}
		}
		if len(missing) > 0 {
			fs = append(fs, Finding{Check: "3.1.complete", Outcome: Fail, Resource: cr.ID,
				Message:     fmt.Sprintf("%d controls have no answer yet, or a stub or placeholder in it: %s", len(missing), summarize(missing)),
				Evidence:    "answers/<ID>.md",
				Remediation: "write an answer for every control: the self-assessment must be complete for each case study"})
		} else {
			fs = append(fs, Finding{Check: "3.1.complete", Outcome: Pass, Resource: cr.ID, Message: "every control is answered or settled", Evidence: "answers/<ID>.md"})
		}
	}
	return fs
}
