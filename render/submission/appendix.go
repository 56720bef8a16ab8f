package submission

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/ecspack/ecspack/estate"
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
	d.HeadingWithOptions(1, "Appendix E — Inventory snapshots and their collection", pdf.HeadingOptions{ID: "appendix/provenance"})
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
