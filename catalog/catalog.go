// Package catalog loads the control catalog of an Amazon ECS Service Delivery
// Validation Checklist edition: every item the reviewer checks, with who or what it
// applies to (the partner, the package, every case study or at least one), when it
// applies at all (conditions), whether a clean WAFR report waives it, and what
// evidence it asks for. Everything that assesses, renders or templates controls works
// from this one description instead of restating the checklist.
//
// Catalogs ship embedded in the binary (see package templates) as one YAML file per
// checklist edition; Load picks one by version, Parse reads any such file strictly.
package catalog

import (
	"regexp"
	"slices"
	"strings"
	"time"
)

// Scope says over what a control is judged, which decides how per-case-study
// statuses roll up into the control's overall status.
type Scope string

// The scopes a control can have.
const (
	// ScopePartner is about the partner itself (program membership, paperwork),
	// not about any case study.
	ScopePartner Scope = "partner"
	// ScopePackage is judged once across the whole set of case studies
	// (for example: two distinct customers in production).
	ScopePackage Scope = "package"
	// ScopeEveryCaseStudy must hold in each submitted case study.
	ScopeEveryCaseStudy Scope = "every-case-study"
	// ScopeOneCaseStudy must hold in at least one submitted case study; the
	// checklist's common controls work this way.
	ScopeOneCaseStudy Scope = "one-case-study"
)

// knownScopes is the immutable set of valid Scope values, for validation.
var knownScopes = []Scope{ScopePartner, ScopePackage, ScopeEveryCaseStudy, ScopeOneCaseStudy}

// Condition names a property of a case study that a conditional control depends
// on: where the condition does not hold the control is not applicable.
type Condition string

// The conditions a control can depend on. ConditionNone marks a control that
// always applies.
const (
	ConditionNone            Condition = ""
	ConditionSpotCapacity    Condition = "spot-capacity"
	ConditionMultiCluster    Condition = "multi-cluster"
	ConditionComplianceScope Condition = "compliance-scope"
	ConditionECSAnywhere     Condition = "ecs-anywhere"
	ConditionEFS             Condition = "efs"
	ConditionEBS             Condition = "ebs"
	ConditionMultiTenant     Condition = "multi-tenant"
)

// knownConditions is the immutable set of valid non-empty Condition values.
var knownConditions = []Condition{
	ConditionSpotCapacity, ConditionMultiCluster, ConditionComplianceScope,
	ConditionECSAnywhere, ConditionEFS, ConditionEBS, ConditionMultiTenant,
}

// Valid reports whether s is one of the defined scopes, so that data from
// outside the catalog (casefiles, flags) can be checked the same way.
func (s Scope) Valid() bool { return slices.Contains(knownScopes, s) }

// Valid reports whether c is one of the defined conditions; ConditionNone is
// valid too, meaning "always applies".
func (c Condition) Valid() bool { return c == ConditionNone || slices.Contains(knownConditions, c) }

// Catalog is one checklist edition's list of controls.
type Catalog struct {
	// Version identifies the checklist edition, e.g. "2025-02"; casefiles name it.
	Version string `yaml:"checklist" json:"checklist"`
	// Title is the checklist's name as printed on the cover of the package.
	Title string `yaml:"title" json:"title"`
	// Released is the publication date of the edition.
	Released time.Time `yaml:"released" json:"released"`
	// ValidFrom and ValidUntil bound the printed validity period, as "YYYY-MM"
	// (the checklist gives months only).
	ValidFrom  string `yaml:"valid_from" json:"valid_from"`
	ValidUntil string `yaml:"valid_until" json:"valid_until"`
	// NextVersionExpected is when AWS expects the next edition ("YYYY-MM").
	NextVersionExpected string `yaml:"next_version_expected" json:"next_version_expected"`
	// UsableUntil is the last month partners may still apply with this edition
	// ("YYYY-MM"), after the validity period has ended.
	UsableUntil string `yaml:"usable_until" json:"usable_until"`
	// Conditions explains each condition in one line, for reports that say why a
	// control was not applicable.
	Conditions map[Condition]string `yaml:"conditions" json:"conditions,omitempty"`
	// Controls are in checklist order, which is also the order of every report.
	Controls []Control `yaml:"controls" json:"controls"`
}

// Control is one checklist item.
type Control struct {
	// ID is the checklist's identifier: "1.1" for prerequisites, "ECS-004", "DOC-001".
	ID string `yaml:"id" json:"id"`
	// Title is the checklist's own item title.
	Title string `yaml:"title" json:"title"`
	// Section is the checklist part the item belongs to.
	Section string `yaml:"section" json:"section"`
	// Category is the heading the item sits under within its section.
	Category string `yaml:"category" json:"category"`
	// Scope says over what the control is judged.
	Scope Scope `yaml:"scope" json:"scope"`
	// Condition, when not ConditionNone, limits the control to case studies for
	// which the condition holds.
	Condition Condition `yaml:"condition" json:"condition,omitempty"`
	// Requirement summarises what must be true, in a few sentences.
	Requirement string `yaml:"requirement" json:"requirement"`
	// Evidence lists the items the reviewer asks to see, in the checklist's
	// order; an answer must cover each one (see Item).
	Evidence []Item `yaml:"evidence" json:"evidence"`
	// WAFRWaivable is true when a Well-Architected review with no high-risk issues
	// replaces this control's evidence.
	WAFRWaivable bool `yaml:"wafr_waivable" json:"wafr_waivable"`
	// CLIOutputs are aws CLI commands whose output the checklist asks to attach.
	CLIOutputs []string `yaml:"cli_outputs" json:"cli_outputs,omitempty"`
	// SOP is true when the evidence is a partner-level document (SOP, policy,
	// guidance) shared by all customers; package sopfill writes one for each
	// such control (its tests hold the two in step).
	SOP bool `yaml:"sop" json:"sop"`
	// Automated is true when ecspack judges the control with automated checks
	// (package assess registers checks for it, or judges the prerequisite from
	// the partner profile). The assess tests fail when the mark and the
	// registered checks disagree, so a control marked here never goes unchecked
	// and a check never serves a control the catalog lacks.
	Automated bool `yaml:"automated" json:"automated"`
}

var (
	// prerequisiteID matches program prerequisite identifiers such as "2.1".
	prerequisiteID = regexp.MustCompile(`^[0-9]+\.[0-9]+$`)
	// controlID matches technical control identifiers such as "ECS-004" or "NETSEC-002".
	controlID = regexp.MustCompile(`^[A-Z]+-[0-9]{3}$`)
)

// IsPrerequisite reports whether the control is a program prerequisite
// (numbered "N.N"), validated by the program manager rather than in the
// technical review.
func (c Control) IsPrerequisite() bool { return prerequisiteID.MatchString(c.ID) }

// IsECS reports whether the control is an Amazon ECS-specific requirement
// ("ECS-nnn"), which the checklist judges per customer reference.
func (c Control) IsECS() bool { return controlID.MatchString(c.ID) && strings.HasPrefix(c.ID, "ECS-") }

// IsCommon reports whether the control is one of the common customer reference
// requirements shared by all Service Delivery checklists (DOC, ACCT, OPE, NETSEC,
// REL, COST), i.e. a technical control that is not ECS-specific.
func (c Control) IsCommon() bool { return controlID.MatchString(c.ID) && !c.IsECS() }

// IsConditional reports whether the control applies only where its condition holds.
func (c Control) IsConditional() bool { return c.Condition != ConditionNone }

// Control returns the control with the given id, and false if the catalog has none.
func (cat *Catalog) Control(id string) (Control, bool) {
	for _, c := range cat.Controls {
		if c.ID == id {
			return c, true
		}
	}
	return Control{}, false
}

// IDs returns the control ids in checklist order.
func (cat *Catalog) IDs() []string {
	ids := make([]string, len(cat.Controls))
	for i, c := range cat.Controls {
		ids[i] = c.ID
	}
	return ids
}

// ConditionNames returns the catalog's conditions sorted by name, so that output
// listing them is deterministic.
func (cat *Catalog) ConditionNames() []Condition {
	names := make([]Condition, 0, len(cat.Conditions))
	for c := range cat.Conditions {
		names = append(names, c)
	}
	slices.Sort(names)
	return names
}

// UsableEnd returns the first day after the edition's last usable month
// (UsableUntil), and false when the catalog does not say.
func (cat *Catalog) UsableEnd() (time.Time, bool) {
	if cat.UsableUntil == "" {
		return time.Time{}, false
	}
	t, err := time.Parse(monthLayout, cat.UsableUntil)
	if err != nil {
		return time.Time{}, false
	}
	return t.AddDate(0, 1, 0), true
}
