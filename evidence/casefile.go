// Package evidence loads and validates a casefile: the partner's own input to
// ecspack. A casefile is a directory holding ecspack.yaml (the partner profile
// and the list of case studies), one directory per case study with case.yaml,
// inventory snapshots and the partner's written answers (answers/<ID>.md, with
// optional YAML front matter), and attachments.
//
// Every problem is reported with the file, the line and what was expected, and
// all problems of a casefile are reported together so that a partner can fix
// them in one pass.
package evidence

import (
	"cmp"
	"fmt"
	"github.com/ecspack/ecspack/evidence/peerfind"
	"math"
	"strings"
	"time"

	"github.com/ecspack/ecspack/evidence/placeholder"
	"github.com/ecspack/ecspack/inventory"
)

// FileName is the name of a casefile's root file.
const FileName = "ecspack.yaml"

// CaseFileName is the name of a case study's file inside its directory.
const CaseFileName = "case.yaml"

// Casefile is a loaded, validated casefile.
type Casefile struct {
	// Dir is the casefile's root directory; File is Dir/ecspack.yaml.
	Dir  string `yaml:"-"`
	File string `yaml:"-"`

	// Checklist is the version of the checklist the package answers, e.g. "2025-02".
	Checklist string `yaml:"checklist"`
	// ChecklistFile names a catalog file (relative to Dir) holding a newer
	// checklist edition than the ones built in; it replaces Checklist.
	ChecklistFile string `yaml:"checklist_file"`
	// ChecklistSource is the file the edition was read from ("" when built in).
	ChecklistSource string `yaml:"-"`
	// Dropped are answers to controls the edition in use no longer has: they
	// are left out of the package and reported, never silently lost.
	Dropped []Problem `yaml:"-"`
	// Package identifies this submission.
	Package PackageInfo `yaml:"package"`
	Partner Partner     `yaml:"partner"`
	// Tagging names the tag dimensions the partner's tagging strategy requires (ECS-004).
	Tagging Tagging `yaml:"tagging"`
	// CaseStudyDirs lists the case study directories, relative to Dir.
	CaseStudyDirs []string `yaml:"case_studies"`
	// SOPs are the SOP templates the partner adopts or replaces with their
	// own (see SOPs); one neither adopted nor replaced is a placeholder.
	SOPs SOPs `yaml:"sops"`
	// Prices optionally names a price table file overriding the embedded one.
	Prices string `yaml:"prices"`
	// Redact anonymises every case study (see CaseStudy.Redact).
	Redact bool `yaml:"redact"`
	// RedactTerms are extra words redaction replaces wherever they occur
	// (project code names, customer acronyms used in resource names).
	RedactTerms []string `yaml:"redact_terms"`
	// RedactTags are tag keys whose values redaction replaces, added to the defaults.
	RedactTags []string `yaml:"redact_tags"`

	// CaseStudies are loaded from CaseStudyDirs, in that order.
	CaseStudies []*CaseStudy `yaml:"-"`
	// Answers are the partner-level answers (answers/<ID>.md at the root):
	// prerequisites such as 1.1, 1.2 and 3.1, by control id.
	Answers map[string]*Answer `yaml:"-"`
	// Placeholders are the placeholders left in ecspack.yaml's values.
	Placeholders []TextPlaceholder `yaml:"-"`

	// services counts the ECS services of the snapshots loaded so far: a
	// build holds them all in memory, so their sum is bounded like one
	// snapshot's (inventory.MaxServices).
	services int
}

// PackageInfo identifies a submission package.
type PackageInfo struct {
	// ID is printed on every page of the PDF, e.g. "ACME-ECS-2026-1".
	ID string `yaml:"id"`
	// Date is the package date: every date in the outputs comes from here,
	// never from the clock, so rebuilding gives identical bytes.
	Date Date `yaml:"date"`
	// Designation defaults to "Amazon ECS Service Delivery".
	Designation string `yaml:"designation"`
}

// Partner is the AWS Partner applying.
type Partner struct {
	Name      string `yaml:"name"`
	LegalName string `yaml:"legal_name"`
	Website   string `yaml:"website"`
	// PartnerID is the APN / Partner Central id, when the partner wants it printed.
	PartnerID string `yaml:"partner_id"`
	// ServicesPathStage is "validated" or "differentiated" (prerequisite 1.2),
	// or "registered"/"" when not yet there.
	ServicesPathStage string `yaml:"services_path_stage"`
	// ProgramGuidelinesRead records prerequisite 1.1.
	ProgramGuidelinesRead bool      `yaml:"program_guidelines_read"`
	Contacts              []Contact `yaml:"contacts"`
}

// Contact is a person to reach. Hours, Phone24x7 and EscalationLevel are
// optional; they place the contact in the runbook's escalation matrix, which
// the person paged at 3 a.m. reads to know whom to call next and when.
type Contact struct {
	Name  string `yaml:"name"`
	Role  string `yaml:"role"`
	Email string `yaml:"email"`
	Phone string `yaml:"phone"`
	// Hours is when the contact answers, one line, e.g. "Mon–Fri 08:00–17:00 CET".
	Hours string `yaml:"hours"`
	// Phone24x7 is a number answered around the clock (an on-call line).
	Phone24x7 string `yaml:"phone_24x7"`
	// EscalationLevel is the contact's row of the escalation matrix: 1 is
	// called first (usually the customer's operations), then 2 (the
	// partner's on-call), then 3 (the partner's lead); 0 leaves the contact
	// out of the matrix.
	EscalationLevel int `yaml:"escalation_level"`
}

// Tagging is the partner's tagging strategy as far as checks can verify it.
type Tagging struct {
	// Required are the tag keys every ECS service (and its tasks) must carry;
	// defaults to environment and application.
	Required []string `yaml:"required"`
	// Declared is true when the casefile names the dimensions itself (rather
	// than taking the defaults): a missing declared tag is a failure, a
	// missing default one only a warning.
	Declared bool `yaml:"-"`
}

// CaseStudy is one customer deployment.
type CaseStudy struct {
	// ID is the directory's base name unless case.yaml sets it.
	ID   string `yaml:"id"`
	Dir  string `yaml:"-"`
	File string `yaml:"-"`

	Title    string   `yaml:"title"`
	Customer Customer `yaml:"customer"`
	Summary  Summary  `yaml:"summary"`
	// ProductionDate is when the deployment went into production (prerequisite 2.1: within 18 months).
	ProductionDate Date `yaml:"production_date"`
	// Stage is "production" (required), or "pilot"/"poc", which disqualify the case study.
	Stage string `yaml:"stage"`
	// PublicReference is the URL of a public case study, blog post or equivalent, when any.
	PublicReference string       `yaml:"public_reference"`
	Accounts        []AccountRef `yaml:"accounts"`
	Regions         []string     `yaml:"regions"`
	// RTO and RPO are the recovery objectives advised to the customer (REL-002), e.g. "4h", "15m".
	RTO Duration `yaml:"rto"`
	RPO Duration `yaml:"rpo"`
	// ComplianceScope lists the regulatory frameworks the workload adheres to (ECS-013), e.g. PCI-DSS.
	ComplianceScope []string `yaml:"compliance_scope"`
	// WAFR is the Well-Architected review, when one was done.
	WAFR *WAFR `yaml:"wafr"`
	// Tenants are declared for multi-tenant workloads (ECS-023).
	Tenants []Tenant `yaml:"tenants"`
	// InventoryFiles are snapshot files relative to Dir; several are merged (multi-account).
	InventoryFiles []string `yaml:"inventory"`
	// AWSCLIOutputs is a folder, relative to Dir, that `ecspack
	// collect-script` filled (the folder `ecspack import` reads): the
	// reviewer PDF prints the aws CLI outputs the checklist asks for from it
	// verbatim, rather than reconstructed from the snapshot.
	AWSCLIOutputs string `yaml:"aws_cli_outputs"`
	// Redact anonymises this case study in every output.
	Redact   bool      `yaml:"redact"`
	Cost     Cost      `yaml:"cost"`
	Contacts []Contact `yaml:"contacts"`
	// External lists systems outside AWS the workload talks to (DOC-001: on-premises, SaaS).
	External []ExternalSystem `yaml:"external"`
	// Architecture is what the diagrams show that discovery cannot see:
	// declared data stores, managed services and WAF web ACLs.
	Architecture Architecture `yaml:"architecture"`
	// Operations are facts about how the partner delivers and runs the
	// workload that no inventory shows; the SOPs and the runbook print them.
	Operations Operations `yaml:"operations"`
	// Waivers are the risks the partner accepts on findings of this case
	// study, each with a reason, an approver and an expiry.
	Waivers []Waiver `yaml:"waivers"`

	// Inventory is the merge of InventoryFiles.
	Inventory *inventory.Snapshot `yaml:"-"`
	// Answers are the written answers by control id.
	Answers map[string]*Answer `yaml:"-"`
	// Placeholders are the placeholders left in case.yaml's values.
	Placeholders []TextPlaceholder `yaml:"-"`
	// PeerFindings are other scanners' findings `ecspack import-findings`
	// wrote into findings/<source>.json (Security Hub, prowler), sorted.
	PeerFindings []peerfind.Finding `yaml:"-"`
}

// Anonymised reports whether the package must not print this case study's
// customer by name: the case study or the whole casefile (cf may be nil) is
// redacted.
func (cs *CaseStudy) Anonymised(cf *Casefile) bool {
	return cs.Redact || (cf != nil && cf.Redact)
}

// CustomerName is the customer as the package may print it, the one rule
// every output follows: the public name when the case study is anonymised,
// otherwise the name (or the public name when no name is given). It is ""
// when there is no name the package may print; the caller says what stands
// in its place, since a heading and a sentence need different words.
func (cs *CaseStudy) CustomerName(cf *Casefile) string {
	if cs.Anonymised(cf) {
		return cs.Customer.PublicName
	}
	return cmp.Or(cs.Customer.Name, cs.Customer.PublicName)
}

// Operations are the delivery facts of a case study that the SOPs' "In the
// customer's deployment" parts and the runbook print, each in Markdown. One
// left empty shows as a visible "[to be completed: …]" marker, which keeps the
// control it serves from being ready.
type Operations struct {
	// AccountContacts: the corporate contacts set on the accounts (ACCT-001).
	AccountContacts string `yaml:"account_contacts"`
	// StaffAccess: how the partner's staff accessed the accounts and how that
	// access was removed (ACCT-002).
	StaffAccess string `yaml:"staff_access"`
	// RunbookWalkthrough: when and with whom the runbook was walked through (OPE-002).
	RunbookWalkthrough string `yaml:"runbook_walkthrough"`
	// Pipeline: the CI/CD tool, environments and tests that gate production (OPE-003).
	Pipeline string `yaml:"pipeline"`
	// NetworkProtection: AWS WAF, Shield or Network Firewall in use (NETSEC-001).
	NetworkProtection string `yaml:"network_protection"`
	// IaCTool, Repository, CICD and IaCExample describe the deployment
	// automation (REL-001, ECS-002).
	IaCTool    string `yaml:"iac_tool"`
	Repository string `yaml:"repository"`
	CICD       string `yaml:"cicd"`
	IaCExample string `yaml:"iac_example"`
	// DataStores: databases, buckets and file systems with their backups (REL-002).
	DataStores string `yaml:"data_stores"`
	// ObjectivesCommunicated: where and when RTO and RPO were presented (REL-002).
	ObjectivesCommunicated string `yaml:"objectives_communicated"`
	// RegionRecovery: recovery Region, backup copies and DNS failover (runbook).
	RegionRecovery string `yaml:"region_recovery"`
	// Dashboards: where the customer's CloudWatch (or other) dashboards are,
	// printed on the runbook's "Start here" page. Optional: the checklist
	// asks for none, so an empty one is said plainly, not marked to complete.
	Dashboards string `yaml:"dashboards"`
	// ComplianceServices, ComplianceMapping and ComplianceTooling describe the
	// compliance handoff (ECS-013).
	ComplianceServices string `yaml:"compliance_services"`
	ComplianceMapping  string `yaml:"compliance_mapping"`
	ComplianceTooling  string `yaml:"compliance_tooling"`
}

// Customer is the customer of a case study: a separate legal entity.
type Customer struct {
	Name string `yaml:"name"`
	// LegalEntity is the registered name; customers must be distinct legal entities.
	LegalEntity string `yaml:"legal_entity"`
	Industry    string `yaml:"industry"`
	Country     string `yaml:"country"`
	// PublicName is the name used in public material ("a European retailer") when anonymised.
	PublicName string `yaml:"public_name"`
}

// Summary is the case study narrative, in Markdown.
type Summary struct {
	Problem  string `yaml:"problem"`
	Solution string `yaml:"solution"`
	Outcome  string `yaml:"outcome"`
}

// AccountRef is an AWS account of the case study and its purpose.
type AccountRef struct {
	ID      string `yaml:"id"`
	Purpose string `yaml:"purpose"`
}

// WAFR is a Well-Architected Framework Review of the workload.
type WAFR struct {
	// Report is the exported WAFR report, relative to the case study directory.
	Report string `yaml:"report"`
	Date   Date   `yaml:"date"`
	// HighRisks counts outstanding high-risk issues per pillar.
	HighRisks HighRisks `yaml:"high_risks"`
}

// HighRisks counts open high-risk issues in the pillars the checklist names.
type HighRisks struct {
	Security              int `yaml:"security"`
	Reliability           int `yaml:"reliability"`
	OperationalExcellence int `yaml:"operational_excellence"`
}

// Waives reports whether the review waives the common controls: zero
// outstanding high risks in Security, Operational Excellence and Reliability.
func (w *WAFR) Waives() bool {
	return w != nil && w.Report != "" && w.HighRisks.Security == 0 && w.HighRisks.Reliability == 0 && w.HighRisks.OperationalExcellence == 0
}

// Tenant is one tenant of a multi-tenant workload (ECS-023).
type Tenant struct {
	Name string `yaml:"name"`
	// Services are the ECS service names dedicated to the tenant.
	Services []string `yaml:"services"`
	// Namespace is the tenant's Cloud Map namespace, when isolated that way.
	Namespace string `yaml:"namespace"`
	// Isolation is "soft" (shared cluster) or "hard" (own cluster or account).
	Isolation string `yaml:"isolation"`
}

// ExternalSystem is something outside AWS that the workload connects to.
type ExternalSystem struct {
	Name string `yaml:"name"`
	// Kind is e.g. "on-premises", "saas", "users", "partner-api".
	Kind string `yaml:"kind"`
	// Connection is how it connects, e.g. "Site-to-Site VPN", "HTTPS".
	Connection string `yaml:"connection"`
}

// Cost is the partner's input to the cost model (COST-001).
type Cost struct {
	// Lines are costs the inventory cannot see (support, licences, data transfer), per month in USD.
	Lines []CostLine `yaml:"lines"`
	// BusinessValue is the business value analysis, in Markdown.
	BusinessValue string `yaml:"business_value"`
	// CalculatorURL is a link to an AWS Pricing Calculator estimate, when any.
	CalculatorURL string `yaml:"calculator_url"`
	// EstimateBeforeUSD is the monthly AWS estimate given to the customer before implementation.
	EstimateBeforeUSD float64 `yaml:"estimate_before_usd"`
	// ActualUSD is the customer's actual monthly AWS cost, when the partner
	// states it (e.g. an average over ActualPeriod); 0 when not stated. The
	// cost model is compared with it rather than with the estimate.
	ActualUSD float64 `yaml:"actual_usd"`
	// ActualPeriod says what ActualUSD averages, e.g. "March–September 2025".
	ActualPeriod string `yaml:"actual_period"`
}

// Kinds of partner-supplied cost lines: who is paid. AWS charges count in
// the AWS total the estimate and the actual are compared with; the
// partner's fees and third parties' charges have totals of their own.
const (
	CostKindAWS        = "aws"
	CostKindPartnerFee = "partner-fee"
	CostKindThirdParty = "third-party"
)

// CostLine is one partner-supplied monthly cost.
type CostLine struct {
	Name       string  `yaml:"name"`
	MonthlyUSD float64 `yaml:"monthly_usd"`
	Note       string  `yaml:"note"`
	// Kind is who is paid: CostKindAWS (the default when empty: an AWS
	// charge the inventory cannot see, such as Support or data transfer),
	// CostKindPartnerFee or CostKindThirdParty.
	Kind string `yaml:"kind"`
}

// Payee is the line's kind, CostKindAWS when it states none.
func (l CostLine) Payee() string {
	if l.Kind == "" {
		return CostKindAWS
	}
	return l.Kind
}

// Answer is the partner's written answer to one control.
type Answer struct {
	ControlID string `yaml:"-"`
	// File is the answer's path; BodyLine is the line of File where Body starts.
	File     string `yaml:"-"`
	BodyLine int    `yaml:"-"`
	// Body is the Markdown after the front matter.
	Body []byte `yaml:"-"`

	// Attachments are files (relative to the case study or casefile directory)
	// that support the answer: screenshots, templates, exported reports.
	Attachments []string `yaml:"attachments"`
	// References are URLs or document names supporting the answer.
	References []string `yaml:"references"`
	// NotApplicable states why a conditional control does not apply; it is
	// shown to the reviewer and only accepted for conditional controls.
	NotApplicable string `yaml:"not_applicable"`
	// Covers maps evidence item ids of the control to where the answer
	// answers them when its headings do not say: a heading of the answer
	// ("Rollback") or one of its attachments. Load checks both sides.
	Covers map[string]string `yaml:"covers"`

	// coverLines locates each key of Covers in File, for error messages.
	coverLines map[string]int
	// attachmentLines locates each attachment in File, for error messages.
	attachmentLines map[string]int
}

// attachmentLine is the line of File naming the attachment (1 when unknown).
func (a *Answer) attachmentLine(att string) int {
	if l := a.attachmentLines[att]; l > 0 {
		return l
	}
	return 1
}

// Written reports whether the answer says anything. HTML comments and
// headings do not count: `ecspack init` writes its guidance into stubs as
// comments under one heading per evidence item, so a stub left as it was is
// still "needs narrative".
func (a *Answer) Written() bool {
	if a == nil {
		return false
	}
	return a.NotApplicable != "" || !a.Blank()
}

// Blank reports whether the body holds nothing but HTML comments, Markdown
// headings and white space: the shape of the stub `ecspack init` writes.
func (a *Answer) Blank() bool {
	if a == nil {
		return true
	}
	for _, l := range strings.Split(placeholder.StripComments(string(a.Body)), "\n") {
		if strings.TrimSpace(l) != "" && !atxHeading.MatchString(l) {
			return false
		}
	}
	return true
}

// Text is what a reviewer reads of the answer: Body without its HTML
// comments. Comments are guidance (init writes its stubs as comments) and the
// readiness verdict ignores them, so the package must not print them either:
// a reviewer would take them for the partner's claims. Line breaks are kept.
func (a *Answer) Text() []byte {
	if a == nil {
		return nil
	}
	return []byte(placeholder.StripComments(string(a.Body)))
}

// Date is a calendar date written as YYYY-MM-DD.
type Date struct{ time.Time }

// UnmarshalText parses YYYY-MM-DD.
func (d *Date) UnmarshalText(b []byte) error {
	t, err := time.Parse(time.DateOnly, string(b))
	if err != nil {
		return fmt.Errorf("expected a date as YYYY-MM-DD, found %q", b)
	}
	d.Time = t
	return nil
}

// MarshalText writes YYYY-MM-DD.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.Format(time.DateOnly)), nil }

// String is YYYY-MM-DD, or "" for the zero date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format(time.DateOnly)
}

// Duration is a recovery objective such as "15m", "4h" or "1d".
type Duration struct {
	time.Duration
	// Text is the value as written, shown in outputs.
	Text string
}

// maxDays is the longest duration in days that time.Duration holds (about
// 292 years); more would wrap around to a negative duration.
const maxDays = int(math.MaxInt64 / int64(24*time.Hour))

// UnmarshalText parses Go durations plus a "d" (days) suffix.
func (d *Duration) UnmarshalText(b []byte) error {
	s := strings.TrimSpace(string(b))
	if days, ok := strings.CutSuffix(s, "d"); ok {
		var n int
		if _, err := fmt.Sscanf(days, "%d", &n); err == nil && fmt.Sprint(n) == days && n >= 0 {
			if n > maxDays {
				return fmt.Errorf("duration %q is longer than %d days", s, maxDays)
			}
			d.Duration, d.Text = time.Duration(n)*24*time.Hour, s
			return nil
		}
	}
	v, err := time.ParseDuration(s)
	if err != nil || v < 0 {
		return fmt.Errorf("expected a duration such as 15m, 4h or 1d, found %q", s)
	}
	d.Duration, d.Text = v, s
	return nil
}

// MarshalText writes the duration as it was written.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.Text), nil }

// Set reports whether a duration was given.
func (d Duration) Set() bool { return d.Text != "" }
