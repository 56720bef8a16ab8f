// Package submission renders the reviewer PDF of a submission package
// (submission.pdf): the document an AWS reviewer reads offline to validate the
// partner, control by control, against the Amazon ECS Service Delivery
// checklist.
//
// It lays out, in this order: a cover; the contents; how to read the package;
// the readiness matrix (control × case study); the prerequisites; one part per
// case study (customer summary, vector architecture diagrams, every control
// with our summary of the requirement, its status, the partner's answer, the
// automated findings and the evidence they rest on, what each procedure
// found and set up in that customer's deployment, and the cost model); the
// partner's standard operating procedures, each printed once; and
// appendices with the aws CLI outputs the checklist asks for (verbatim from a
// case study's collect-script folder, else rebuilt from the inventory
// snapshots), the artifacts it names (an example task definition, the task
// roles' policies, the images' scans and repository policies), every file the
// answers cite, and the snapshots' provenance.
//
// Render reads only its Input (plus image attachments inside the case study
// directories): every date comes from the casefile or the snapshots, so the
// same input gives byte-identical bytes.
package submission

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/ecspack/ecspack/assess"
	"github.com/ecspack/ecspack/catalog"
	"github.com/ecspack/ecspack/cost"
	"github.com/ecspack/ecspack/diagram"
	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/render/pdf"
)

// Document is one standard operating procedure, policy or guidance document
// in Markdown, with the controls it answers. The pipeline fills these from
// package sopfill; this package only lays them out and links them from their
// controls.
type Document struct {
	// ID is unique within its list and stable, e.g. "acct-001"; it names
	// the document's anchor.
	ID    string
	Title string
	// Controls are the control ids the document answers, e.g. ["ACCT-001"].
	Controls []string
	// Markdown is the document's body. Its headings nest below the
	// document's title; a leading level-1 heading repeating the title is
	// not printed twice.
	Markdown []byte
	// Applied is what a case study's document adds to the partner's
	// procedure (its "In <customer>'s deployment" part): a case study
	// prints only this, and links to the procedure, which is printed once.
	Applied []byte
	// Template marks a partner-level document that is still ecspack's
	// built-in template, not adopted in ecspack.yaml (`sops:`): it is
	// printed with a note that it is not the partner's procedure yet.
	Template bool
}

// Input is everything the reviewer PDF is made of. Casefile, Catalog and
// Report are required; everything else is optional and its absence is shown
// in the document rather than failing it.
type Input struct {
	Casefile *evidence.Casefile
	Catalog  *catalog.Catalog
	Report   *assess.Report
	// Diagrams are each case study's architecture diagrams, by case study id,
	// as diagram.Build returns them (the Drawing is replayed as vectors).
	Diagrams map[string][]diagram.Diagram
	// SOPs are the partner-level documents, printed once in their own part.
	SOPs []Document
	// CaseSOPs are documents filled for one case study, by case study id:
	// that case study's part prints what each applies (Document.Applied).
	CaseSOPs map[string][]Document
	// Costs are the cost models (COST-001), by case study id.
	Costs map[string]*cost.Model
	// ToolVersion is ecspack's version, printed on the cover.
	ToolVersion string
	// PackageID is printed in every footer; it defaults to the casefile's
	// package id.
	PackageID string
	// Estates are the case studies' estate views, by case study id, when
	// the caller built them (the pipeline builds each once for every stage);
	// a case study with an inventory but no view gets a new one.
	Estates estate.ByCase
	// Attachments are the files the answers cite, read once by the caller
	// (the pipeline copies the same bytes into the package); nil means
	// Render reads them itself with CollectAttachments.
	Attachments *Attachments
}

// ErrInput marks an Input that cannot be rendered (a required part missing).
var ErrInput = errors.New("submission: incomplete input")

// Render lays out the reviewer PDF and returns its bytes.
func Render(ctx context.Context, in Input) ([]byte, error) {
	if in.Casefile == nil || in.Catalog == nil || in.Report == nil {
		return nil, fmt.Errorf("%w: Casefile, Catalog and Report are required", ErrInput)
	}
	if in.Attachments == nil {
		atts, err := CollectAttachments(ctx, in.Casefile)
		if err != nil {
			return nil, fmt.Errorf("submission: %w", err)
		}
		in.Attachments = atts
	}
	r := newRenderer(in)
	cf := in.Casefile
	opts := pdf.Options{
		Title:          fmt.Sprintf("%s — %s submission", cf.Partner.Name, r.designation()),
		Subject:        fmt.Sprintf("AWS Service Delivery Program, %s, checklist %s", r.designation(), in.Catalog.Version),
		Author:         cmp.Or(cf.Partner.LegalName, cf.Partner.Name),
		Creator:        strings.TrimSpace("ecspack " + in.ToolVersion),
		Keywords:       "Amazon ECS, AWS Service Delivery, " + r.packageID,
		Language:       "en",
		Date:           cf.Package.Date.Time,
		FooterText:     r.packageID + " · " + cf.Partner.Name,
		PlainFirstPage: true,
	}
	if !in.Report.Ready {
		opts.Draft = assess.DraftMark
	}
	out, err := pdf.Render(ctx, opts, func(d *pdf.Document) error { return r.body(ctx, d) })
	if err != nil {
		return nil, fmt.Errorf("submission: %w", err)
	}
	return out, nil
}

// renderer holds what every part of the document looks up.
type renderer struct {
	in        Input
	cf        *evidence.Casefile
	cat       *catalog.Catalog
	rep       *assess.Report
	packageID string
	// cases are the case studies in casefile order, with their results.
	cases []caseView
	// checks are the automated checks by control, in registry order.
	checks map[string][]assess.Check
	// atts are the files the answers cite (the Attachments appendix).
	atts *Attachments
}

// caseView is a case study with its number, display name and result.
type caseView struct {
	n      int
	cs     *evidence.CaseStudy
	res    *assess.CaseResult
	name   string // customer name as printed (respects redaction)
	anchor string
	// view is the estate view of the case study's inventory; nil without one.
	view *estate.Estate
}

func newRenderer(in Input) *renderer {
	r := &renderer{in: in, cf: in.Casefile, cat: in.Catalog, rep: in.Report}
	r.packageID = cmp.Or(in.PackageID, in.Casefile.Package.ID, "package")
	r.atts = in.Attachments
	if r.atts == nil {
		// Only a cancelled context fails collecting, and this one is never cancelled.
		r.atts, _ = CollectAttachments(context.Background(), in.Casefile)
	}
	r.checks = map[string][]assess.Check{}
	for _, ch := range assess.Checks() {
		r.checks[ch.Control()] = append(r.checks[ch.Control()], ch)
	}
	for i, cs := range in.Casefile.CaseStudies {
		cv := caseView{n: i + 1, cs: cs, name: cmp.Or(cs.CustomerName(in.Casefile), "Customer "+cs.ID), anchor: "case/" + cs.ID}
		for j := range in.Report.CaseStudies {
			if in.Report.CaseStudies[j].ID == cs.ID {
				cv.res = &in.Report.CaseStudies[j]
			}
		}
		if cv.res == nil {
			cv.res = &assess.CaseResult{ID: cs.ID, Title: cs.Title}
		}
		if cs.Inventory != nil {
			cv.view = in.Estates.For(cs.ID, cs.Inventory)
		}
		r.cases = append(r.cases, cv)
	}
	return r
}

func (r *renderer) designation() string {
	return cmp.Or(r.cf.Package.Designation, "Amazon ECS Service Delivery")
}

// legalEntity is the customer's legal entity, hidden when redacted.
func legalEntity(cf *evidence.Casefile, cs *evidence.CaseStudy) string {
	if cs.Redact || cf.Redact {
		return "(withheld)"
	}
	return cs.Customer.LegalEntity
}

// body lays out the whole document; pdf.Render calls it once per pass.
func (r *renderer) body(ctx context.Context, d *pdf.Document) error {
	steps := []func(*pdf.Document) error{
		r.cover,
		r.contents,
		r.howToRead,
		r.readiness,
		r.prerequisites,
	}
	for i := range r.cases {
		cv := &r.cases[i]
		steps = append(steps, func(d *pdf.Document) error { return r.caseStudy(ctx, d, cv) })
	}
	steps = append(steps, r.sops, r.appendices)
	for _, step := range steps {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := step(d); err != nil {
			return err
		}
		if err := d.Err(); err != nil {
			return err
		}
	}
	return nil
}

func (r *renderer) contents(d *pdf.Document) error {
	if err := d.TableOfContents(3); err != nil {
		return err
	}
	d.PageBreak()
	return nil
}

// Anchor ids. Control anchors are per case study ("case/<id>/ECS-004") or,
// for partner-level controls, "control/<id>".
func controlAnchor(caseID, control string) string {
	if caseID == "" {
		return "control/" + control
	}
	return "case/" + caseID + "/" + control
}

func sopAnchor(caseID, id string) string {
	if caseID == "" {
		return "sop/" + id
	}
	return "case/" + caseID + "/sop/" + id
}

func costAnchor(caseID string) string { return "case/" + caseID + "/cost" }

func cliAnchor(command, caseID string) string { return "cli/" + command + "/" + caseID }

// answerAnchor is where the partner's answer to a control starts, the
// place the Attachments appendix links back to from a cited file.
func answerAnchor(caseID, control string) string {
	return "answer:" + controlAnchor(caseID, control)
}
