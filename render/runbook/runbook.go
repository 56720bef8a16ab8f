// Package runbook renders a customer's handoff runbook PDF
// (runbooks/<case-id>.pdf): the document the partner hands to the customer's
// operations team with their system's overview diagram and the procedures
// (KPIs, alerting, standard operations, troubleshooting, DR, contacts).
//
// The runbook's text is Markdown written by package sopfill from the case study's
// inventory; this package gives it a cover addressed to the customer, then
// the Markdown's "Start here" chapter (the page someone paged at night opens
// first, with the pages it points to), a contents page, the architecture
// diagrams as vectors, page numbers and a PDF outline. Like every output of ecspack it is deterministic: the date is the
// package date, never the clock.
package runbook

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/ecspack/ecspack/diagram"
	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/internal/words"
	"github.com/ecspack/ecspack/render/figure"
	"github.com/ecspack/ecspack/render/pdf"
)

// Input is one customer's runbook. Casefile, Case and Markdown are required.
type Input struct {
	Casefile *evidence.Casefile
	Case     *evidence.CaseStudy
	// Markdown is the runbook body (sopfill.Runbook). Its "#" headings are the
	// runbook's chapters, "##" their sections; both are in the contents. A
	// first chapter headed StartHeading is printed right after the cover.
	Markdown []byte
	// Diagrams are the case study's architecture diagrams, shown after the
	// contents, one page each, as vectors.
	Diagrams []diagram.Diagram
	// ToolVersion is ecspack's version, printed on the cover.
	ToolVersion string
	// Draft, when not empty, marks every page as a draft with this tag and
	// is said on the cover: the package this runbook belongs to is not ready.
	Draft string
}

// ErrInput marks an Input that cannot be rendered.
var ErrInput = errors.New("runbook: incomplete input")

// Render lays out the runbook and returns the PDF bytes.
func Render(ctx context.Context, in Input) ([]byte, error) {
	if in.Casefile == nil || in.Case == nil || len(strings.TrimSpace(string(in.Markdown))) == 0 {
		return nil, fmt.Errorf("%w: Casefile, Case and Markdown are required", ErrInput)
	}
	cf, cs := in.Casefile, in.Case
	customer := cmp.Or(cs.CustomerName(cf), "Customer "+cs.ID)
	opts := pdf.Options{
		Title:          "Operations runbook — " + cmp.Or(cs.Title, customer),
		Subject:        "Handoff runbook for " + customer,
		Author:         cmp.Or(cf.Partner.LegalName, cf.Partner.Name),
		Creator:        strings.TrimSpace("ecspack " + in.ToolVersion),
		Keywords:       "Amazon ECS, runbook, " + customer,
		Language:       "en",
		Date:           cf.Package.Date.Time,
		FooterText:     customer + " · operations runbook · " + cf.Package.Date.String(),
		PlainFirstPage: true,
		Draft:          in.Draft,
	}
	start, body := splitStart(in.Markdown)
	var prev []pdf.Entry // the previous layout pass's headings, for the Start here page's page numbers
	out, err := pdf.Render(ctx, opts, func(d *pdf.Document) error {
		cover(d, in, customer)
		if start != nil {
			if err := startPage(d, start, prev); err != nil {
				return err
			}
		}
		if err := d.TableOfContents(2); err != nil {
			return err
		}
		d.PageBreak()
		if err := diagrams(ctx, d, in.Diagrams, customer); err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		err := d.Markdown(body, pdf.MarkdownOptions{AnchorPrefix: "runbook/"})
		prev = d.Outline()
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("runbook %s: %w", cs.ID, err)
	}
	return out, nil
}

func cover(d *pdf.Document, in Input, customer string) {
	cf, cs := in.Casefile, in.Case
	d.Spacer(30)
	d.Spans([]pdf.Span{{Text: "Operations runbook", Bold: true, Colour: &pdf.Grey}})
	d.HeadingWithOptions(1, customer, pdf.HeadingOptions{ID: "cover", NoContents: true})
	if cs.Title != "" {
		d.Spans([]pdf.Span{{Text: cs.Title, Italic: true}})
	}
	d.Spacer(6)
	kv := []pdf.KV{
		{Key: "Prepared for", Value: words.Join(" — ", customer, legalEntity(cf, cs))},
		{Key: "Prepared by", Value: words.Join(" — ", cf.Partner.Name, cf.Partner.Website)},
		{Key: "Date", Value: cf.Package.Date.String()},
	}
	if len(cs.Regions) > 0 {
		kv = append(kv, pdf.KV{Key: "AWS Regions", Value: strings.Join(cs.Regions, ", ")})
	}
	var accts []string
	for _, a := range cs.Accounts {
		accts = append(accts, words.Join(" — ", a.ID, a.Purpose))
	}
	if len(accts) > 0 {
		kv = append(kv, pdf.KV{Key: "AWS accounts", Value: strings.Join(accts, "\n")})
	}
	if cs.RTO.Set() || cs.RPO.Set() {
		kv = append(kv, pdf.KV{Key: "Recovery objectives", Value: words.Join(", ", prefixed("RTO ", cs.RTO.Text), prefixed("RPO ", cs.RPO.Text))})
	}
	if in.ToolVersion != "" {
		kv = append(kv, pdf.KV{Key: "Generated with", Value: "ecspack " + in.ToolVersion + " from the deployment's inventory"})
	}
	d.KeyValue(kv)
	if in.Draft != "" {
		d.Spacer(4)
		d.Spans([]pdf.Span{{Text: "DRAFT. ", Bold: true}, {Text: "This runbook belongs to a submission package that is not ready yet: parts of it may still change."}})
	}
	// A redacted case study names no one at the customer.
	var contacts []evidence.Contact
	if !cs.Redact && !cf.Redact {
		contacts = append(contacts, cs.Contacts...)
	}
	contacts = append(contacts, cf.Partner.Contacts...)
	if len(contacts) > 0 {
		d.Spacer(3)
		d.Spans([]pdf.Span{{Text: "Contacts", Bold: true}})
		rows := make([][]string, 0, len(contacts))
		for _, c := range contacts {
			rows = append(rows, []string{c.Name, c.Role, words.Join("\n", c.Email, c.Phone)})
		}
		d.Table([]string{"Name", "Role", "Reach"}, rows, pdf.TableOptions{Widths: []float64{3, 5, 4}, FontSize: 8.5})
	}
	d.PageBreak()
}

func legalEntity(cf *evidence.Casefile, cs *evidence.CaseStudy) string {
	if cs.Redact || cf.Redact {
		return ""
	}
	return cs.Customer.LegalEntity
}

func prefixed(p, s string) string {
	if s == "" {
		return ""
	}
	return p + s
}

// diagrams prints the system overview — what the diagrams show and a list
// of their pages, each a link — then each architecture diagram upright on a
// landscape page of its own, overviews linked to their detail pages.
func diagrams(ctx context.Context, d *pdf.Document, ds []diagram.Diagram, customer string) error {
	if len(ds) == 0 {
		return nil
	}
	anchor := func(id string) string { return "diagram/" + id }
	titles := make([]string, len(ds))
	for i, dg := range ds {
		titles[i] = dg.Title
		if titles[i] == "" {
			titles[i] = customer + " · architecture " + strconv.Itoa(i+1)
		}
	}
	d.HeadingWithOptions(1, "System overview", pdf.HeadingOptions{ID: "overview"})
	d.Paragraph("The deployment as recorded in its inventory: accounts, Regions, VPCs and Availability Zones, load balancers, ECS clusters and services with their capacity, and the AWS services they use. Each diagram is upright on a landscape page; the drawing is vector, so it can be zoomed. The diagram pages:")
	for i, dg := range ds {
		d.Spans([]pdf.Span{{Text: "• "}, {Text: titles[i], Anchor: anchor(dg.ID)}})
	}
	for i, dg := range ds {
		if err := ctx.Err(); err != nil {
			return err
		}
		figure.Page(d)
		d.HeadingWithOptions(2, titles[i], pdf.HeadingOptions{ID: anchor(dg.ID)})
		if err := figure.Draw(d, dg, figure.Links(ds, dg, anchor)); err != nil {
			return fmt.Errorf("diagram %s: %w", dg.ID, err)
		}
	}
	d.PageBreak()
	return nil
}
