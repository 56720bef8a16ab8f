package pipeline

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/ecspack/ecspack/assess"
	"github.com/ecspack/ecspack/cost"
	"github.com/ecspack/ecspack/diagram"
	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/render/figure"
	"github.com/ecspack/ecspack/render/pdf"
	"github.com/ecspack/ecspack/render/runbook"
	"github.com/ecspack/ecspack/render/submission"
	"github.com/ecspack/ecspack/render/xlsx"
	"github.com/ecspack/ecspack/sopfill"
)

// caseArtifacts are the documents made for one case study before rendering.
type caseArtifacts struct {
	cs *evidence.CaseStudy
	// estate is the view of cs's inventory every stage reads (built once).
	estate   *estate.Estate
	result   *assess.CaseResult
	diagrams []diagram.Diagram
	cost     *cost.Model
	sops     []sopfill.Document
	runbook  []byte
}

// plan lists the build's steps in order. The chains of one step run at the
// same time, each chain's stages one after another: the diagrams need only
// the inventory, so Graphviz lays them out while the cost models, SOPs,
// workbook and assessment are made; the two PDF kinds then render together.
// Each stage writes its own files and fields, so concurrent chains share
// nothing but the staging directory (see emit).
func (b *builder) plan() []step {
	return []step{
		{{{"prices", b.loadPrices}}},
		{
			{{"diagrams", b.drawDiagrams}},
			{{"attachments", b.copyAttachments}},
			{{"cost model", b.estimateCosts}, {"SOPs and runbooks", b.fillSOPs}, {"self-assessment.xlsx", b.writeXLSX}, {"assessment", b.writeAssessment}},
		},
		{
			{{"submission.pdf", b.writeSubmission}},
			{{"runbooks", b.writeRunbooks}},
		},
	}
}

// draft is the mark every page of a not-ready package carries, "" when ready.
func (b *builder) draft() string {
	if b.rep.Ready {
		return ""
	}
	return assess.DraftMark
}

func (b *builder) loadPrices() error {
	var err error
	switch {
	case b.opts.PricesFile != "":
		b.prices, err = cost.ReadPricesFile(b.opts.PricesFile)
	case b.cf.Prices != "":
		b.prices, err = cost.ReadPricesFileIn(b.cf.Dir, filepath.Join(b.cf.Dir, b.cf.Prices))
	default:
		b.prices, err = cost.EmbeddedPrices()
	}
	if err != nil {
		return &InputError{Err: err}
	}
	b.cases = make([]*caseArtifacts, len(b.cf.CaseStudies))
	for i, cs := range b.cf.CaseStudies {
		b.cases[i] = &caseArtifacts{cs: cs, estate: b.estates.For(cs.ID, cs.Inventory), result: &b.rep.CaseStudies[i]}
	}
	return nil
}

// drawDiagrams lays out every case study's diagrams and writes their SVG and
// DOT sources under diagrams/<case>/.
func (b *builder) drawDiagrams() error {
	for _, ca := range b.cases {
		if ca.cs.Inventory == nil {
			continue
		}
		b.progress("drawing diagrams of " + ca.cs.ID)
		ds, err := diagram.Build(b.ctx, ca.cs.Inventory, diagramOptions(ca.cs, ca.estate))
		if err != nil {
			return fmt.Errorf("case study %s: %w", ca.cs.ID, err)
		}
		ca.diagrams = ds
		for _, d := range ds {
			base := filepath.Join("diagrams", ca.cs.ID, d.ID)
			if err := b.emit(base+".svg", d.SVG); err != nil {
				return err
			}
			if err := b.emit(base+".dot", d.DOT); err != nil {
				return err
			}
		}
	}
	return nil
}

// diagramOptions are what a case study's diagrams draw beyond its
// snapshot: its systems outside AWS (DOC-001) and the data stores,
// managed services and web ACLs its case.yaml declares.
func diagramOptions(cs *evidence.CaseStudy, e *estate.Estate) diagram.Options {
	o := diagram.Options{Title: cs.Title, Estate: e, Room: figure.Room()}
	for _, x := range cs.External {
		o.External = append(o.External, diagram.External{Name: x.Name, Kind: x.Kind, Connection: x.Connection})
	}
	for _, d := range cs.Architecture.DataStores {
		o.DataStores = append(o.DataStores, diagram.DataStore{Name: d.Name, Kind: d.Kind, ID: d.ID, UsedBy: d.UsedBy})
	}
	for _, w := range cs.Architecture.WebACLs {
		o.WebACLs = append(o.WebACLs, diagram.WebACL{Name: w.Name, LoadBalancers: w.LoadBalancers})
	}
	return o
}

func (b *builder) estimateCosts() error {
	for _, ca := range b.cases {
		m, err := cost.Estimate(ca.cs, b.prices, cost.Options{Estate: ca.estate})
		if err != nil {
			return fmt.Errorf("case study %s: %w", ca.cs.ID, err)
		}
		ca.cost = m
	}
	return nil
}

func (b *builder) fillSOPs() error {
	partner, err := sopfill.Render(b.ctx, b.cf, nil, sopfill.Options{})
	if err != nil {
		return &InputError{Err: err}
	}
	b.partnerSOPs = partner
	for _, ca := range b.cases {
		statuses := map[string]assess.Status{}
		for _, r := range ca.result.Controls {
			statuses[r.ID] = r.Status
		}
		if !b.cf.SOPs.HasOwn() && b.filled != nil {
			// The built-in templates never print a status, so the documents
			// the assessment filled are the ones to print: no second pass.
			if docs, ok := b.filled.sops[ca.cs.ID]; ok {
				ca.sops, ca.runbook = docs, b.filled.runbooks[ca.cs.ID].Markdown
				continue
			}
		}
		docs, err := sopfill.Render(b.ctx, b.cf, ca.cs, sopfill.Options{Cost: ca.cost, Statuses: statuses, Estate: ca.estate})
		if err != nil {
			return &InputError{Err: fmt.Errorf("case study %s: %w", ca.cs.ID, err)}
		}
		ca.sops = docs
		rb, err := sopfill.Runbook(b.ctx, b.cf, ca.cs, sopfill.Options{Cost: ca.cost, Estate: ca.estate})
		if err != nil {
			return &InputError{Err: fmt.Errorf("case study %s runbook: %w", ca.cs.ID, err)}
		}
		ca.runbook = rb
	}
	return nil
}

// toDocuments adapts filled SOPs to the reviewer PDF's document type.
func toDocuments(ds []sopfill.Document) []submission.Document {
	out := make([]submission.Document, 0, len(ds))
	for _, d := range ds {
		out = append(out, submission.Document{ID: d.ID, Title: d.Title, Controls: d.Controls, Markdown: d.Markdown,
			Applied: d.Applied, Template: d.Origin == sopfill.OriginTemplate})
	}
	return out
}

func (b *builder) writeSubmission() error {
	in := submission.Input{
		Casefile: b.cf, Catalog: b.cat, Report: b.rep,
		Diagrams:    map[string][]diagram.Diagram{},
		SOPs:        toDocuments(b.partnerSOPs),
		CaseSOPs:    map[string][]submission.Document{},
		Costs:       map[string]*cost.Model{},
		ToolVersion: b.opts.ToolVersion,
		Estates:     b.estates,
		Attachments: b.attachments,
	}
	for _, ca := range b.cases {
		in.Diagrams[ca.cs.ID] = ca.diagrams
		in.CaseSOPs[ca.cs.ID] = toDocuments(ca.sops)
		in.Costs[ca.cs.ID] = ca.cost
	}
	b.progress("rendering submission.pdf")
	data, err := submission.Render(b.ctx, in)
	if err != nil {
		if errors.Is(err, pdf.ErrFatal) {
			return &InputError{Err: err} // an answer's image outside its case study
		}
		return err
	}
	return b.emit("submission.pdf", data)
}

func (b *builder) writeRunbooks() error {
	for _, ca := range b.cases {
		data, err := runbook.Render(b.ctx, runbook.Input{Casefile: b.cf, Case: ca.cs, Markdown: ca.runbook, Diagrams: ca.diagrams, ToolVersion: b.opts.ToolVersion, Draft: b.draft()})
		if err != nil {
			return fmt.Errorf("case study %s: %w", ca.cs.ID, err)
		}
		if err := b.emit(filepath.Join("runbooks", ca.cs.ID+".pdf"), data); err != nil {
			return err
		}
	}
	return nil
}

func (b *builder) writeXLSX() error {
	in := xlsx.Input{Catalog: b.cat, Casefile: b.cf, Report: b.rep, Date: b.cf.Package.Date.Time, Estates: b.estates}
	for _, ca := range b.cases {
		if ca.cost == nil {
			continue
		}
		in.Cost = append(in.Cost, costSheet(ca.cs.ID, ca.cost))
	}
	var buf bytes.Buffer
	if err := xlsx.Write(&buf, in); err != nil {
		return err
	}
	return b.emit("self-assessment.xlsx", buf.Bytes())
}

// costSheet passes a case study's cost model to the XLSX Cost sheet
// unchanged: prices before discount, the discount and its assumption, and
// the assumptions themselves, so the sheet can make every line a formula over
// the assumption cells. Lines without a known price are listed as gaps with
// what is missing, in no total (never left out). cost.Line does not say
// which lines take their hours from hours_per_month; those are the lines
// whose hours equal it, other than monthly charges (Hours 1).
func costSheet(caseID string, m *cost.Model) xlsx.CostSheet {
	sheet := xlsx.CostSheet{CaseID: caseID}
	hours := 0.0
	for _, a := range m.Assumptions {
		sheet.Assumptions = append(sheet.Assumptions, xlsx.CostAssumption{Key: a.Key, Name: a.Name, Value: a.Value, Unit: a.Unit, Note: a.Note})
		if a.Key == cost.AssumptionHoursPerMonth {
			hours = a.Value
		}
	}
	for _, l := range m.Lines {
		line := xlsx.CostLine{
			Group: l.Group, Item: l.Item, Quantity: l.Quantity, Unit: l.Unit, UnitPrice: l.UnitPrice, Hours: l.Hours,
			Discount: l.Discount, DiscountKey: l.DiscountKey, QuantityKey: l.QuantityKey, Note: l.Note,
			QuantityLow: l.QuantityLow, QuantityHigh: l.QuantityHigh, Scales: l.Scales, Payee: l.Payee,
		}
		if !l.Known {
			note, why, _ := strings.Cut(l.Note, "price unknown: ")
			line.Note, line.Unpriced = strings.TrimSuffix(note, "; "), cmp.Or(why, "price unknown")
		}
		if l.Hours != 1 && l.Hours == hours {
			line.HoursKey = cost.AssumptionHoursPerMonth
		}
		sheet.Lines = append(sheet.Lines, line)
	}
	return sheet
}

// writeAssessment stores the whole assessment as JSON, for tools that
// post-process a package.
func (b *builder) writeAssessment() error {
	data, err := json.MarshalIndent(b.rep, "", "  ")
	if err != nil {
		return err
	}
	return b.emit("assessment.json", append(data, '\n'))
}

// copyAttachments reads every file the answers cite, once, and copies each
// into attachments/<case-id>/<path>; emit records its SHA-256 in the
// manifest. The reviewer PDF embeds the same bytes (writeSubmission), so
// the copy, the embedded file and the checksum cannot disagree. A file that
// cannot be included is not copied; the PDF names it and the reason. In a
// redacted build the text files are redacted first.
func (b *builder) copyAttachments() error {
	atts, err := submission.CollectAttachments(b.ctx, b.cf)
	if err != nil {
		return err
	}
	for _, a := range atts.Files {
		if a.Missing != "" {
			continue
		}
		// A redacted case study's files are already left out; the text of
		// the others is redacted like their answers. No other stage uses
		// the redactor while this step runs.
		if b.red != nil && a.IsText() {
			a.Redact(b.red.Text)
		}
		if err := b.emit(filepath.FromSlash(a.OutPath()), a.Content); err != nil {
			return err
		}
	}
	b.attachments = atts
	return nil
}
