package assess

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/ecspack/ecspack/catalog"
	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/internal/words"
)

// MaxCaseStudyAgeMonths is prerequisite 2.1's window: deployments performed
// within the past 18 months of the package date.
const MaxCaseStudyAgeMonths = 18

// evaluatePartnerControl judges the partner- and package-scope prerequisites
// (1.1, 1.2, 2.1, 3.1) from the partner profile and the case studies.
func evaluatePartnerControl(c catalog.Control, cf *evidence.Casefile, inputs []*Input, ans *evidence.Answer, rep *Report, extra []Finding) ControlResult {
	var fs []Finding
	if judge, ok := partnerJudges()[c.ID]; ok {
		fs = judge(cf, rep)
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

// partnerJudge judges a partner- or package-scope prerequisite from the
// partner profile, the case studies and the case-study results so far.
type partnerJudge func(cf *evidence.Casefile, rep *Report) []Finding

// partnerJudges returns the judge of each partner- and package-scope
// prerequisite by control id: these are the automated checks of the controls
// the case-study Checks do not cover (the registry tests count both).
func partnerJudges() map[string]partnerJudge {
	return map[string]partnerJudge{
		"1.1": func(cf *evidence.Casefile, _ *Report) []Finding { return programGuidelines(cf) },
		"1.2": func(cf *evidence.Casefile, _ *Report) []Finding { return servicesPath(cf) },
		"2.1": func(cf *evidence.Casefile, _ *Report) []Finding { return caseStudies(cf) },
		"3.1": func(_ *evidence.Casefile, rep *Report) []Finding { return selfAssessment(rep) },
	}
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
	fs = append(fs, distinctCustomers(cf.CaseStudies)...)
	pkgDate := cf.Package.Date.Time
	limit := pkgDate.AddDate(0, -MaxCaseStudyAgeMonths, 0)
	for _, cs := range cf.CaseStudies {
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

// distinctCustomers checks that the case studies are deployments of
// distinct customers, as 2.1 requires: no two share a legal entity (compared
// after normalising case, punctuation and company-form suffixes, so "Acme
// Ltd" and "ACME Limited" are one customer) or an AWS account (from their
// inventories and case.yaml). Each clash names both case studies.
func distinctCustomers(css []*evidence.CaseStudy) []Finding {
	var fs []Finding
	for i, a := range css {
		for _, b := range css[i+1:] {
			if na, nb := normalizeLegalEntity(a.Customer.LegalEntity), normalizeLegalEntity(b.Customer.LegalEntity); na != "" && na == nb {
				fs = append(fs, Finding{Check: "2.1.distinct-customers", Outcome: Fail, Resource: a.ID + ", " + b.ID,
					Message: fmt.Sprintf("case studies %s (customer %q) and %s (customer %q) are the same legal entity; AWS accepts one case study per customer",
						a.ID, a.Customer.LegalEntity, b.ID, b.Customer.LegalEntity),
					Evidence:    "case.yaml customer.legal_entity",
					Remediation: "replace one of them with a case study for another customer, or correct customer.legal_entity"})
			}
			if shared := sharedAccounts(a, b); len(shared) > 0 {
				fs = append(fs, Finding{Check: "2.1.distinct-accounts", Outcome: Fail, Resource: a.ID + ", " + b.ID,
					Message: fmt.Sprintf("case studies %s and %s share AWS account %s; two case studies must be deployments for two distinct customers",
						a.ID, b.ID, strings.Join(shared, ", ")),
					Evidence:    "inventory accounts; case.yaml accounts",
					Remediation: "replace one of them with another customer's deployment, or correct the accounts and inventories"})
			}
		}
	}
	if len(fs) == 0 && len(css) > 1 {
		fs = append(fs, Finding{Check: "2.1.distinct-customers", Outcome: Pass,
			Message:  fmt.Sprintf("the %d case studies are for distinct legal entities and share no AWS account", len(css)),
			Evidence: "case.yaml customer.legal_entity, accounts; inventory accounts"})
	}
	return fs
}

// sharedAccounts lists the AWS accounts two case studies both cover, in
// their inventories or their case.yaml, sorted.
func sharedAccounts(a, b *evidence.CaseStudy) []string {
	inA := caseAccounts(a)
	var out []string
	for id := range caseAccounts(b) {
		if inA[id] {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

func caseAccounts(cs *evidence.CaseStudy) map[string]bool {
	ids := map[string]bool{}
	for _, a := range cs.Accounts {
		if a.ID != "" {
			ids[a.ID] = true
		}
	}
	if cs.Inventory != nil {
		for _, a := range cs.Inventory.Accounts {
			if a.ID != "" {
				ids[a.ID] = true
			}
		}
	}
	return ids
}

// isCompanyForm reports whether a word is part of a legal-form suffix,
// which does not make two customers different: "Acme Ltd", "Acme Limited"
// and "ACME, Inc." are one.
func isCompanyForm(w string) bool {
	switch w {
	case "ltd", "limited", "inc", "incorporated", "corp", "corporation", "co", "company",
		"llc", "llp", "lp", "plc", "ab", "publ", "gmbh", "mbh", "ag", "kg", "kgaa", "se",
		"sa", "sas", "sarl", "srl", "spa", "bv", "nv", "oy", "oyj", "as", "asa", "aps",
		"pty", "pte", "pvt", "kk", "and":
		return true
	}
	return false
}

// normalizeLegalEntity reduces a legal entity's name to what identifies the
// entity: lower case, punctuation dropped ("S.A." is "sa"), "&" read as
// "and", and trailing company-form suffixes (Ltd, Inc, AB, GmbH & Co. KG,
// LLC, Pty Ltd…) removed. A name that is only a suffix is kept as it is.
func normalizeLegalEntity(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case r == '.' || r == '\'' || r == '’':
			// dropped: "S.A." is "sa", "O'Brien" is "obrien"
		case r == '&':
			b.WriteString(" and ")
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		default:
			b.WriteByte(' ')
		}
	}
	words := strings.Fields(b.String())
	for len(words) > 1 && isCompanyForm(words[len(words)-1]) {
		words = words[:len(words)-1]
	}
	if len(words) > 1 && words[0] == "the" {
		words = words[1:]
	}
	return strings.Join(words, " ")
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
				Message:     fmt.Sprintf("%s no answer yet, a stub or placeholder in it, or an evidence item unanswered: %s", words.Count(len(missing), "control has", "controls have"), summarize(missing)),
				Evidence:    "answers/<ID>.md",
				Remediation: "answer every evidence item of every control: the self-assessment must be complete for each case study"})
		} else {
			fs = append(fs, Finding{Check: "3.1.complete", Outcome: Pass, Resource: cr.ID, Message: "every control is answered or settled", Evidence: "answers/<ID>.md"})
		}
	}
	return fs
}
