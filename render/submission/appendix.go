package submission

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // decodes: the image kinds an answer shows
	_ "image/png"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/internal/safefile"
	"github.com/ecspack/ecspack/internal/words"
	"github.com/ecspack/ecspack/inventory"
	"github.com/ecspack/ecspack/render/pdf"
)

// appendix is one CLI command the checklist asks for, printed per case
// study, account and region.
type appendix struct {
	letter, kind, command string
	// service is the AWS service whose collection errors concern it.
	service string
	// operations are the snapshot operations the output is rebuilt from.
	operations []string
	// region prints the outputs of one account-region: verbatim from the
	// collect-script folder when raw holds them, else reconstructed from
	// the snapshot of the date given.
	region func(d *pdf.Document, rg *estate.Region, raw *rawCLI, snapDate string) error
}

func (r *renderer) appendices(d *pdf.Document) error {
	apps := []appendix{
		{"A", "list-tasks", "aws ecs list-tasks", "ecs", []string{"ListTasks", "DescribeTasks", "ListClusters", "DescribeClusters"}, listTasksRegion},
		{"B", "describe-capacity-providers", "aws ecs describe-capacity-providers", "ecs", []string{"DescribeCapacityProviders", "DescribeClusters"}, capacityProvidersRegion},
		{"C", "describe-spot-fleet-requests", "aws ec2 describe-spot-fleet-requests", "ec2", []string{"DescribeSpotFleetRequests"}, spotFleetsRegion},
	}
	for _, a := range apps {
		if err := r.cliAppendix(d, a); err != nil {
			return err
		}
	}
	if err := r.artifacts(d, "D"); err != nil {
		return err
	}
	if err := r.attachmentsAppendix(d); err != nil {
		return err
	}
	return r.provenance(d)
}

func (r *renderer) cliAppendix(d *pdf.Document, a appendix) error {
	d.HeadingWithOptions(1, fmt.Sprintf("Appendix %s — %s", a.letter, a.command), pdf.HeadingOptions{ID: "appendix/" + a.kind})
	asked := controlsWith(r.cat, a.kind)
	d.Paragraph(fmt.Sprintf("The checklist asks for the output of %s (%s), per region. It is printed here as the aws CLI v2 prints it (JSON), per case study, account and region: verbatim when the case study supplies the aws CLI's own outputs (collect-script), else reconstructed from the inventory snapshot; each output says which.", a.command, strings.Join(asked, ", ")))
	for i, cv := range r.cases {
		if i > 0 {
			d.Spacer(3)
		}
		d.HeadingWithOptions(2, fmt.Sprintf("Case study %d — %s", cv.n, cv.name), pdf.HeadingOptions{ID: cliAnchor(a.kind, cv.cs.ID)})
		d.SetRunningHeader(fmt.Sprintf("Appendix %s — %s · %s", a.letter, a.command, cv.name))
		snap := cv.cs.Inventory
		if snap == nil || cv.view == nil {
			d.Paragraph("No inventory snapshot was supplied for this case study, so the output cannot be shown.")
			continue
		}
		snapDate := collectionTime(snap.Collection.StartedAt, snap.Collection.FinishedAt)
		raw := r.rawCLIFor(cv)
		if raw != nil {
			d.Paragraph("The case study supplies the aws CLI's own outputs in " + raw.rel + " (collect-script): an output found there is printed verbatim; one it lacks is reconstructed from the snapshot.")
		}
		d.Spans([]pdf.Span{{Text: fmt.Sprintf("Reconstructed outputs come from the snapshot of %s", snapDate)},
			{Text: provenanceSuffix(snap)}, {Text: "; fields the snapshot does not record are left out."}})
		r.collectionErrors(d, snap, a.service, "")
		for _, rg := range cv.view.Regions {
			acct, reg := rg.AccountID(), rg.Name()
			d.HeadingWithOptions(3, fmt.Sprintf("Account %s, %s", acct, reg), pdf.HeadingOptions{ID: cliAnchor(a.kind, cv.cs.ID) + "/" + acct + "/" + reg, NoContents: true})
			if errs := regionErrors(snap, acct, reg, a.service); len(errs) > 0 {
				d.Spans([]pdf.Span{{Text: fmt.Sprintf("Incomplete: %d %s call(s) failed in this region during collection; see the list above.", len(errs), a.service), Italic: true, Colour: &pdf.Red}})
			}
			if err := a.region(d, rg, raw, snapDate); err != nil {
				return fmt.Errorf("appendix %s, %s %s %s: %w", a.letter, cv.cs.ID, acct, reg, err)
			}
		}
		if len(cv.view.Regions) == 0 {
			d.Paragraph("The snapshot holds no account or region.")
		}
	}
	d.PageBreak()
	return nil
}

func provenanceSuffix(snap *inventory.Snapshot) string {
	c := snap.Collection
	var parts []string
	if c.Source != "" {
		parts = append(parts, "source: "+c.Source)
	}
	if c.Tool != "" {
		parts = append(parts, "by "+c.Tool)
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// command prints the command an output comes from, wrapped between its
// arguments so that it can be copied out of the PDF and run.
func command(d *pdf.Document, cmd string) {
	d.CodeWith("$ "+cmd, pdf.CodeOptions{Lang: pdf.CodeShell, Bold: true})
}

func listTasksRegion(d *pdf.Document, rg *estate.Region, raw *rawCLI, snapDate string) error {
	if len(rg.Clusters) == 0 {
		d.Paragraph("No ECS cluster in this region.")
		return nil
	}
	for _, c := range rg.Clusters {
		if data, shown, ok := raw.output(rg.AccountID(), rg.Name(), "ecs", "list-tasks."+cliFileKey(c.Cluster.ARN)+".json"); ok {
			raw.printVerbatim(d, fmt.Sprintf("aws ecs list-tasks --cluster %s --region %s", c.Cluster.ARN, rg.Name()), shown, data)
			continue
		}
		out, err := listTasksOutput(c.Cluster)
		if err != nil {
			return err
		}
		reconstructedLabel(d, snapDate)
		command(d, fmt.Sprintf("aws ecs list-tasks --cluster %s --region %s", c.Cluster.Name, rg.Name()))
		d.Code(out)
	}
	return nil
}

func capacityProvidersRegion(d *pdf.Document, rg *estate.Region, raw *rawCLI, snapDate string) error {
	if data, shown, ok := raw.output(rg.AccountID(), rg.Name(), "ecs", "describe-capacity-providers.json"); ok {
		// The collect script names the clusters' providers and asks for tags.
		var names struct{ CapacityProviders []struct{ Name string } }
		_ = json.Unmarshal(data, &names)
		args := ""
		for _, cp := range names.CapacityProviders {
			args += " " + cp.Name
		}
		if args != "" {
			args = " --capacity-providers" + args + " --include TAGS"
		}
		raw.printVerbatim(d, "aws ecs describe-capacity-providers"+args+" --region "+rg.Name(), shown, data)
		return nil
	}
	out, err := describeCapacityProvidersOutput(rg.AccountID(), rg.Name(), rg.Region.ECS.CapacityProviders)
	if err != nil {
		return err
	}
	reconstructedLabel(d, snapDate)
	command(d, "aws ecs describe-capacity-providers --region "+rg.Name())
	d.Code(out)
	return nil
}

func spotFleetsRegion(d *pdf.Document, rg *estate.Region, raw *rawCLI, snapDate string) error {
	if data, shown, ok := raw.output(rg.AccountID(), rg.Name(), "ec2", "describe-spot-fleet-requests.json"); ok {
		raw.printVerbatim(d, "aws ec2 describe-spot-fleet-requests --region "+rg.Name(), shown, data)
		return nil
	}
	out, err := describeSpotFleetRequestsOutput(rg.Region.EC2.SpotFleetRequests)
	if err != nil {
		return err
	}
	reconstructedLabel(d, snapDate)
	command(d, "aws ec2 describe-spot-fleet-requests --region "+rg.Name())
	d.Code(out)
	return nil
}

// regionErrors are the collection errors of one service in one account and region.
func regionErrors(snap *inventory.Snapshot, account, region, service string) []inventory.CollectionError {
	var out []inventory.CollectionError
	for _, e := range snap.Collection.Errors {
		if e.Account == account && e.Region == region && (service == "" || strings.EqualFold(e.Service, service)) {
			out = append(out, e)
		}
	}
	return out
}

// collectionErrors lists the snapshot's collection errors (of one service,
// or all when service is ""), as evidence that could not be collected.
func (r *renderer) collectionErrors(d *pdf.Document, snap *inventory.Snapshot, service, empty string) {
	var rows [][]string
	for _, e := range snap.Collection.Errors {
		if service != "" && !strings.EqualFold(e.Service, service) {
			continue
		}
		rows = append(rows, []string{orDash(e.Account), orDash(e.Region), e.Service + ":" + e.Operation, orDash(e.Code), e.Message})
	}
	if len(rows) == 0 {
		if empty != "" {
			d.Paragraph(empty)
		}
		return
	}
	d.Spans([]pdf.Span{{Text: "Evidence that could not be collected", Bold: true, Colour: &pdf.Red}, {Text: fmt.Sprintf(" (%d):", len(rows))}})
	d.Table([]string{"Account", "Region", "Call", "Code", "Message"}, rows, pdf.TableOptions{Widths: []float64{14, 12, 24, 14, 36}, FontSize: 7.5})
}

// provenance is the last appendix: how each snapshot was collected.
func (r *renderer) provenance(d *pdf.Document) error {
	d.HeadingWithOptions(1, "Appendix F — Inventory snapshots and their collection", pdf.HeadingOptions{ID: "appendix/provenance"})
	d.Paragraph("Every automated finding and every CLI output in this package comes from these snapshots. They were taken with read-only calls; the calls made are counted below, and what failed is listed as evidence that could not be collected.")
	for _, cv := range r.cases {
		d.HeadingWithOptions(2, fmt.Sprintf("Case study %d — %s", cv.n, cv.name), pdf.HeadingOptions{ID: "appendix/provenance/" + cv.cs.ID})
		snap := cv.cs.Inventory
		if snap == nil {
			d.Paragraph("No inventory snapshot was supplied.")
			continue
		}
		c := snap.Collection
		kv := []pdf.KV{
			{Key: "Files", Value: strings.Join(snapshotPaths(r.cf.Dir, cv.cs.Dir, cv.cs.InventoryFiles), "\n")},
			{Key: "Collected (UTC)", Value: collectionTime(c.StartedAt, c.FinishedAt)},
			{Key: "Source", Value: orDash(c.Source)},
			{Key: "Written by", Value: orDash(c.Tool)},
			{Key: "Schema version", Value: orDash(snap.SchemaVersion)},
		}
		var scope []string
		for _, a := range snap.Accounts {
			var regs []string
			for _, reg := range a.Regions {
				regs = append(regs, reg.Name)
			}
			scope = append(scope, words.Join(" ", a.ID, parens(a.Alias))+": "+strings.Join(regs, ", "))
		}
		kv = append(kv, pdf.KV{Key: "Accounts and regions", Value: orDash(strings.Join(scope, "\n"))})
		calls := 0
		for _, cc := range c.Calls {
			calls += cc.Count
		}
		kv = append(kv, pdf.KV{Key: "API calls", Value: fmt.Sprintf("%d calls to %d operations", calls, len(c.Calls))})
		d.KeyValue(kv)
		r.collectionErrors(d, snap, "", "Every call succeeded: no evidence is missing from this snapshot.")
		if len(c.Calls) > 0 {
			rows := make([][]string, 0, len(c.Calls))
			for _, cc := range c.Calls {
				rows = append(rows, []string{cc.Service, cc.Operation, strconv.Itoa(cc.Count)})
			}
			d.Table([]string{"Service", "Operation", "Calls"}, rows, pdf.TableOptions{Widths: []float64{2, 4, 1}, Align: []pdf.Align{pdf.AlignLeft, pdf.AlignLeft, pdf.AlignRight}, FontSize: 7.5, Zebra: true})
		}
	}
	return nil
}

func parens(s string) string {
	if s == "" {
		return ""
	}
	return "(" + s + ")"
}

// attachmentsAppendix prints every file the answers cite: a heading per
// file (its path), who cites it, its checksum, and its content — text as a
// line-numbered listing, images shown (or referred to where an answer
// shows them) — and embeds each in the PDF as a file attachment. A file
// that could not be included is named with the reason.
// Like the appendices before it, it starts on the page the previous one's
// closing page break began and ends with its own, so no page is blank.
func (r *renderer) attachmentsAppendix(d *pdf.Document) error {
	d.HeadingWithOptions(1, "Appendix E — Attachments", pdf.HeadingOptions{ID: "appendix/attachments"})
	if len(r.atts.Files) == 0 {
		d.Paragraph("No answer cites a file.")
		d.PageBreak()
		return nil
	}
	d.Paragraph("Every file the answers cite, by case study: text files printed with line numbers, images shown here or with the answer that shows them. Each file is also embedded in this PDF as a file attachment (the PDF reader's attachments panel, or pdfdetach) and copied into the package as attachments/<case study>/<path>, with its SHA-256 in manifest.json.")
	scope := "\x00"
	for _, a := range r.atts.Files {
		if a.CaseID != scope {
			scope = a.CaseID
			title := "Partner-level answers"
			if cv := r.caseByID(scope); cv != nil {
				title = fmt.Sprintf("Case study %d — %s", cv.n, cv.name)
			}
			d.HeadingWithOptions(2, title, pdf.HeadingOptions{ID: "appendix/attachments/" + cmp.Or(scope, partnerDir)})
			d.SetRunningHeader("Appendix E — Attachments · " + title)
		}
		if err := r.attachment(d, a); err != nil {
			return err
		}
	}
	d.PageBreak()
	return d.Err()
}

func (r *renderer) caseByID(id string) *caseView {
	for i := range r.cases {
		if r.cases[i].cs.ID == id {
			return &r.cases[i]
		}
	}
	return nil
}

// attachment prints one cited file and embeds it.
func (r *renderer) attachment(d *pdf.Document, a *Attachment) error {
	d.HeadingWithOptions(3, a.Path, pdf.HeadingOptions{ID: attachmentAnchor(a.CaseID, a.Path), NoContents: true})
	spans := []pdf.Span{{Text: "Cited by ", Bold: true}}
	for i, c := range a.Citations {
		if i > 0 {
			spans = append(spans, pdf.Span{Text: ", "})
		}
		if c.Control == "" {
			spans = append(spans, pdf.Span{Text: "case.yaml", Anchor: r.ifDefined(d, "case/"+a.CaseID)}, pdf.Span{Text: " (the Well-Architected review's report)"})
			continue
		}
		how := "linked from the answer"
		if c.Listed {
			how = "listed in its attachments"
		}
		sp := pdf.Span{Text: c.Control}
		if id := answerAnchor(a.CaseID, c.Control); d.HasAnchor(id) {
			sp.Anchor = id
		} else {
			how += "; the answer is not printed"
		}
		spans = append(spans, sp, pdf.Span{Text: " (" + how + ")"})
	}
	d.Spans(append(spans, pdf.Span{Text: "."}))
	if a.Missing != "" {
		d.Spans([]pdf.Span{{Text: "Not included: " + a.Missing + ".", Bold: true, Colour: &pdf.Red}})
		return nil
	}
	d.Attach(a.Name(), "Cited by the answers to "+citedControls(a)+" ("+r.packageID+")", a.Content)
	d.Spans([]pdf.Span{{Text: safefile.Size(int64(len(a.Content))) + " · SHA-256 "}, {Text: a.SHA256, Mono: true},
		{Text: " · embedded in this PDF as "}, {Text: a.Name(), Mono: true}, {Text: " and copied to "}, {Text: a.OutPath(), Mono: true}})
	if a.Redacted {
		d.Spans([]pdf.Span{{Text: "Redacted like the answers: names and addresses this package hides are replaced, so the checksum is not that of the casefile's file.", Italic: true}})
	}
	kind := imageKind(a.Path)
	switch {
	case kind != "" && a.Shown() && decodes(a.Content):
		var shown []string
		for _, c := range a.Citations {
			if c.Shown {
				shown = append(shown, c.Control)
			}
		}
		d.Spans(append(appendList([]pdf.Span{{Text: "The image is shown with the answer to "}}, ", ", shown, func(id string) pdf.Span {
			return pdf.Span{Text: id, Anchor: r.ifDefined(d, answerAnchor(a.CaseID, id))}
		}), pdf.Span{Text: "."}))
	case kind != "":
		if err := d.Image("attachment:"+a.Name(), bytes.NewReader(a.Content), kind); err != nil {
			d.Spans([]pdf.Span{{Text: fmt.Sprintf("[image not shown: %v]", errors.Unwrap(err)), Italic: true, Colour: &pdf.Red}})
		}
	case !isText(a.Content):
		d.Spans([]pdf.Span{{Text: "A binary file: not printed here; open the embedded file attachment or the copy in the package.", Italic: true}})
	case len(a.Content) > MaxListingSize:
		d.Spans([]pdf.Span{{Text: fmt.Sprintf("Not printed: it is %s, over the %s a listing may be; open the embedded file attachment or the copy in the package.",
			safefile.Size(int64(len(a.Content))), safefile.Size(MaxListingSize)), Italic: true, Colour: &pdf.Amber}})
	default:
		d.Listing(string(a.Content))
	}
	return d.Err()
}

// ifDefined is id when the document defines it so far, else "" (no link).
func (r *renderer) ifDefined(d *pdf.Document, id string) string {
	if d.HasAnchor(id) {
		return id
	}
	return ""
}

// citedControls lists the controls citing a file, for its description.
func citedControls(a *Attachment) string {
	ids := make([]string, len(a.Citations))
	for i, c := range a.Citations {
		ids[i] = cmp.Or(c.Control, "case.yaml (WAFR report)")
	}
	return strings.Join(ids, ", ")
}

// isText reports whether a file prints as text: valid UTF-8 without NUL
// bytes (YAML, JSON, Markdown, code, CLI output), not a binary format.
func isText(b []byte) bool {
	return utf8.Valid(b) && !bytes.ContainsRune(b, 0)
}

// decodes reports whether an image file's header reads as PNG or JPEG: an
// answer that cites a broken image shows a note instead, so the appendix
// must not say the image is shown there.
func decodes(b []byte) bool {
	_, _, err := image.DecodeConfig(bytes.NewReader(b))
	return err == nil
}
