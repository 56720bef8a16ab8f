// Package xlsx writes the self-assessment spreadsheet of a submission
// package: the workbook the partner fills and submits beside the reviewer PDF.
//
// The workbook has a Summary sheet (partner, package, checklist, and a
// control × case study status matrix with counts), a Prerequisites sheet for
// the partner- and package-level controls, one sheet per case study (one row
// per control with the requirement, a status dropdown, the partner's answer,
// the findings and the evidence references), a Findings sheet (one row per
// finding), an Inventory sheet (one row per resource of interest, and one per
// API call that failed during collection, as evidence not collected) and,
// when cost data is given, a Cost sheet whose totals are live formulas.
//
// Output is deterministic: identical Input gives byte-identical bytes (no
// clock, no map iteration, no pictures). Every sheet is streamed, so an estate
// with tens of thousands of findings writes in bounded time and memory.
package xlsx

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/ecspack/ecspack/assess"
	"github.com/ecspack/ecspack/catalog"
	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/evidence"
)

// Input is everything the workbook shows. Catalog and Report are required;
// Casefile supplies the partner, package, answers and inventories and may be
// nil (the sheets then show what the report alone knows).
type Input struct {
	Catalog  *catalog.Catalog
	Casefile *evidence.Casefile
	Report   *assess.Report
	// Cost adds a Cost sheet when not empty; one entry per case study.
	Cost []CostSheet
	// Date is the package date, written as the document's created and
	// modified time (never the clock). When zero, the casefile's package date
	// is used.
	Date time.Time
	// Estates are the case studies' estate views, by case study id, when
	// the caller built them (the pipeline builds each once for every stage);
	// a case study without one gets a view of its inventory.
	Estates estate.ByCase
}

// CostSheet is the monthly cost model of one case study, in the neutral form
// the Cost sheet needs: the cost model fills it, the sheet turns every line
// into formulas over its assumption cells.
type CostSheet struct {
	// CaseID names the case study the lines belong to.
	CaseID string
	Lines  []CostLine
	// Assumptions are the named values the lines may take their hours,
	// discount or quantity from (see CostLine's *Key fields). They become
	// input cells at the top of the Cost sheet; an assumption that several
	// case studies define identically is shown once.
	Assumptions []CostAssumption
}

// CostAssumption is one named input of the cost model, such as the hours
// billed per month or the Spot discount. Its cell is the one a reader edits
// to see every dependent line and the totals move.
type CostAssumption struct {
	// Key identifies the assumption (e.g. "hours_per_month"); lines refer to
	// it, and it becomes the cell's defined name when it is a valid one.
	Key  string
	Name string
	// Value is in Unit; a discount is a fraction ("fraction", 0.7 for 70 %).
	Value float64
	Unit  string
	Note  string
}

// CostLine is one cost item. Its monthly cost is Quantity × UnitPrice ×
// Hours × (1 − Discount), written as a formula so that a reader can change
// any of them and see the totals move. For an always-on resource Hours is the
// hours billed per month (730); for a fixed monthly charge use Quantity 1,
// the monthly amount as UnitPrice and Hours 1. When a *Key names an
// assumption of the case study, the cell is a formula over that
// assumption's cell instead of a number.
type CostLine struct {
	// Group gathers lines under a heading such as "Fargate", "EC2", "Load balancing", "Partner".
	Group string
	// Item says what is priced, e.g. "orders-api vCPU (on-demand, x86)".
	Item     string
	Quantity float64
	// Unit is what Quantity counts, e.g. "vCPU", "GB", "task", "ALB".
	Unit string
	// UnitPrice is in USD per Unit per hour (or per month when Hours is 1),
	// before Discount.
	UnitPrice float64
	Hours     float64
	// Discount is the fraction taken off the unit price (Spot), 0 for none.
	Discount float64
	// DiscountKey, HoursKey and QuantityKey name the assumption the
	// discount, the hours and the quantity come from, or are empty. A
	// quantity may be a whole multiple of its assumption (NAT data processed
	// per gateway × gateways); the multiple is kept as a constant of the
	// formula.
	DiscountKey, HoursKey, QuantityKey string
	// Note carries the price source or an assumption.
	Note string
	// QuantityLow and QuantityHigh are the quantity at the bottom and the
	// top of the line's Auto Scaling range when Scales; otherwise the
	// range is the Quantity cell itself.
	QuantityLow, QuantityHigh float64
	Scales                    bool
	// Payee is who is paid: "aws" (also when empty), "partner-fee" or
	// "third-party". Each has its own total; only AWS lines are in the
	// AWS total.
	Payee string
	// Unpriced, when set, says which price is missing: the line is listed
	// as a gap, with no monthly cost, and is in no total.
	Unpriced string
}

// Fixed sheet names. Case study sheets take the case id (see sheetNames).
const (
	SummarySheet       = "Summary"
	PrerequisitesSheet = "Prerequisites"
	FindingsSheet      = "Findings"
	InventorySheet     = "Inventory"
	CostSheetName      = "Cost"
)

// colourRule is the conditional-format colouring of one cell value.
type colourRule struct {
	value      string
	fill, font string
}

// Status and outcome colours, shared so a status and an outcome of the same
// meaning look the same.
const (
	greenFill, greenFont = "C6EFCE", "006100"
	redFill, redFont     = "FFC7CE", "9C0006"
	amberFill, amberFont = "FFEB9C", "9C5700"
	greyFill, greyFont   = "D9D9D9", "404040"
	blueFill, blueFont   = "BDD7EE", "1F4E78"
)

// statusRules colour statuses: met green, not-met red, needs-narrative
// amber, not-applicable grey, waived blue.
var statusRules = []colourRule{
	{string(assess.Met), greenFill, greenFont},
	{string(assess.NotMet), redFill, redFont},
	{string(assess.NeedsNarrative), amberFill, amberFont},
	{string(assess.NotApplicable), greyFill, greyFont},
	{string(assess.Waived), blueFill, blueFont},
}

// outcomeRules colour finding outcomes: fail red, warn amber, accepted
// risk blue, pass green, info grey.
var outcomeRules = []colourRule{
	{string(assess.Fail), redFill, redFont},
	{string(assess.Warn), amberFill, amberFont},
	{string(assess.AcceptedRisk), blueFill, blueFont},
	{string(assess.Pass), greenFill, greenFont},
	{string(assess.Info), greyFill, greyFont},
}

// statusValues are the dropdown values, in the order readiness tables use.
func statusValues() []string {
	var out []string
	for _, s := range assess.Statuses() {
		out = append(out, string(s))
	}
	return out
}

// Write builds the workbook for in and writes it to w.
func Write(w io.Writer, in Input) error {
	if in.Catalog == nil {
		return errors.New("xlsx: no control catalog")
	}
	if in.Report == nil {
		return errors.New("xlsx: no assessment report")
	}
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	f.SetZipWriter(newSortedZip)

	wb, err := newWorkbook(f, in)
	if err != nil {
		return err
	}
	if err := wb.build(); err != nil {
		return err
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("xlsx: write workbook: %w", err)
	}
	return nil
}

// workbook carries what the sheet builders share.
type workbook struct {
	f  *excelize.File
	in Input
	st *styles
	// caseSheets maps a case id to its sheet name; caseOrder is report order.
	caseSheets map[string]string
	caseOrder  []string
	// caseRow maps case id → control id → row on the case sheet.
	caseRow map[string]map[string]int
	// prereqRow maps a partner-level control id to its row on Prerequisites.
	prereqRow map[string]int
	// header is printed at the top right of every page.
	header string
}

func newWorkbook(f *excelize.File, in Input) (*workbook, error) {
	st, err := newStyles(f)
	if err != nil {
		return nil, fmt.Errorf("xlsx: %w", err)
	}
	wb := &workbook{f: f, in: in, st: st, caseRow: map[string]map[string]int{}, prereqRow: map[string]int{}}
	for _, cr := range in.Report.CaseStudies {
		wb.caseOrder = append(wb.caseOrder, cr.ID)
	}
	wb.caseSheets = sheetNames(wb.caseOrder)
	parts := []string{}
	if p := wb.partnerName(); p != "" {
		parts = append(parts, p)
	}
	if id := wb.packageID(); id != "" {
		parts = append(parts, id)
	}
	parts = append(parts, "checklist "+in.Catalog.Version)
	wb.header = strings.Join(parts, " · ")
	return wb, nil
}

// build lays out and writes every sheet, then the document properties.
// Row positions of case sheets are laid out first because Summary and
// Findings link to them.
func (wb *workbook) build() error {
	prereq := wb.prerequisitesSheet()
	var cases []*sheet
	for _, cr := range wb.in.Report.CaseStudies {
		cases = append(cases, wb.caseSheet(&cr))
	}
	sheets := []*sheet{wb.summarySheet(), prereq}
	sheets = append(sheets, cases...)
	sheets = append(sheets, wb.itemsSheet(), wb.findingsSheet(), wb.inventorySheet())
	if cs := wb.costSheet(); cs != nil {
		sheets = append(sheets, cs)
	}
	// The default sheet becomes Summary so no empty sheet remains.
	if err := wb.f.SetSheetName("Sheet1", SummarySheet); err != nil {
		return fmt.Errorf("xlsx: rename first sheet: %w", err)
	}
	for _, s := range sheets {
		if err := emit(wb.f, s, wb.st, wb.header); err != nil {
			return fmt.Errorf("xlsx: %w", err)
		}
	}
	// Summary, the renamed default sheet, is already the active sheet. Do not
	// call SetActiveSheet: it parses every streamed sheet back into memory
	// (seconds for a large estate).
	return wb.properties()
}

// properties sets the document properties from the package, dated with the
// package date so that rebuilding gives the same bytes.
func (wb *workbook) properties() error {
	date := wb.in.Date
	if date.IsZero() && wb.in.Casefile != nil {
		date = wb.in.Casefile.Package.Date.Time
	}
	stamp := ""
	if !date.IsZero() {
		stamp = date.UTC().Format(time.RFC3339)
	}
	title := "Self-assessment: " + wb.in.Catalog.Title
	if err := wb.f.SetDocProps(&excelize.DocProperties{
		Title:          title,
		Subject:        "Amazon ECS Service Delivery self-assessment",
		Creator:        wb.partnerName(),
		LastModifiedBy: wb.partnerName(),
		Identifier:     wb.packageID(),
		Keywords:       "AWS Service Delivery, Amazon ECS, checklist " + wb.in.Catalog.Version,
		Category:       "Self-assessment",
		Version:        wb.in.Catalog.Version,
		Created:        stamp,
		Modified:       stamp,
	}); err != nil {
		return fmt.Errorf("xlsx: document properties: %w", err)
	}
	if err := wb.f.SetAppProps(&excelize.AppProperties{Application: "ecspack", Company: wb.partnerName()}); err != nil {
		return fmt.Errorf("xlsx: application properties: %w", err)
	}
	return nil
}

func (wb *workbook) partnerName() string {
	if wb.in.Casefile == nil {
		return ""
	}
	return wb.in.Casefile.Partner.Name
}

func (wb *workbook) packageID() string {
	if wb.in.Casefile == nil {
		return ""
	}
	return wb.in.Casefile.Package.ID
}

// caseStudy returns the casefile's case study with the id, or nil.
func (wb *workbook) caseStudy(id string) *evidence.CaseStudy {
	if wb.in.Casefile == nil {
		return nil
	}
	for _, cs := range wb.in.Casefile.CaseStudies {
		if cs != nil && cs.ID == id {
			return cs
		}
	}
	return nil
}

// reservedSheets are the fixed sheet names, and names Excel refuses.
var reservedSheets = []string{SummarySheet, PrerequisitesSheet, ItemsSheet, FindingsSheet, InventorySheet, CostSheetName, "History"}

// sheetNames gives each case id a valid, unique sheet name: Excel allows 31
// characters and compares names without case; case ids are already limited
// to letters, digits, "-" and "_" by the casefile loader, anything else is
// replaced by "_".
func sheetNames(ids []string) map[string]string {
	used := map[string]bool{}
	for _, r := range reservedSheets {
		used[strings.ToLower(r)] = true
	}
	out := map[string]string{}
	for _, id := range ids {
		if _, done := out[id]; done {
			continue
		}
		base := strings.Map(func(r rune) rune {
			if strings.ContainsRune(`[]:*?/\'`, r) || r < ' ' {
				return '_'
			}
			return r
		}, id)
		if base == "" {
			base = "case"
		}
		name := truncRunes(base, 31)
		for n := 2; used[strings.ToLower(name)]; n++ {
			suffix := "~" + strconv.Itoa(n)
			name = truncRunes(base, 31-len(suffix)) + suffix
		}
		used[strings.ToLower(name)] = true
		out[id] = name
	}
	return out
}

// truncRunes cuts s to at most n runes.
func truncRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
