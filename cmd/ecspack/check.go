package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/ecspack/ecspack/assess"
	"github.com/ecspack/ecspack/catalog"
	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/pipeline"
)

// inputFlags are the two ways to name what to assess: a casefile directory or
// a bare inventory snapshot.
type inputFlags struct {
	inventory string
	checklist string
}

func (f *inputFlags) add(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.inventory, "inventory", "", "assess one snapshot `FILE` as an anonymous case study instead of a casefile")
	cmd.Flags().StringVar(&f.checklist, "checklist", "", "answer this checklist edition instead of the casefile's: a catalog `FILE` of a newer edition (see 'ecspack checklist show') or a built-in edition such as 2025-02")
}

// load returns the casefile and catalog named by the arguments, with input
// errors marked for exit code 2.
func (f *inputFlags) load(args []string) (*evidence.Casefile, *catalog.Catalog, error) {
	switch {
	case f.inventory != "" && len(args) > 0:
		return nil, nil, badInput(errors.New("give either a CASEFILE or --inventory FILE, not both"))
	case f.inventory != "":
		cf, cat, err := evidence.FromInventory(f.inventory)
		if err != nil {
			return nil, nil, badInput(err)
		}
		if f.checklist != "" {
			if cat, err = catalog.Resolve(f.checklist); err != nil {
				return nil, nil, badInput(fmt.Errorf("--checklist: %w", err))
			}
			cf.Checklist = cat.Version
		}
		return cf, cat, nil
	case len(args) == 1:
		cf, cat, err := evidence.LoadWith(args[0], evidence.LoadOptions{Checklist: f.checklist, Checks: checkIDs()})
		if err != nil {
			var pe *evidence.Error
			if errors.As(err, &pe) && len(pe.Problems) > 1 {
				return nil, nil, badInput(withInventoryGuide(fmt.Errorf("the casefile has %d problems:\n%w", len(pe.Problems), err), args[0]))
			}
			return nil, nil, badInput(withInventoryGuide(err, args[0]))
		}
		return cf, cat, nil
	default:
		return nil, nil, badInput(errors.New("expected a CASEFILE directory or --inventory FILE"))
	}
}

func newCheckCmd(a *app) *cobra.Command {
	var in inputFlags
	var format string
	cmd := &cobra.Command{
		Use:   "check [CASEFILE]",
		Short: "Assess a casefile (or one snapshot) against the checklist and print readiness",
		Long: `check runs every automated check and combines the findings with the partner's
answers into a status per control and case study: met, not-met, needs-narrative,
not-applicable or waived. For people it prints, per case study, the controls not met
first with the failing resources and how to fix them, then a readiness table.
With --format json it prints the whole assessment for machines.

` + exitCodesHelp,
		Example: `  ecspack check samples/harbor
  ecspack check --inventory snapshot.json --format json`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "text" && format != "json" {
				return badInput(fmt.Errorf("--format %q: expected text or json", format))
			}
			cf, cat, err := in.load(args)
			if err != nil {
				return err
			}
			rep, err := pipeline.Assess(cmd.Context(), cf, cat, "")
			if err != nil {
				return err
			}
			if format == "json" {
				if err := writeCheckJSON(a.stdout, rep); err != nil {
					return err
				}
			} else {
				writeCheckText(a.stdout, cf, cat, rep)
			}
			if !rep.Ready {
				return &silentError{code: ExitNotReady}
			}
			return nil
		},
	}
	in.add(cmd)
	cmd.Flags().StringVar(&format, "format", "text", "output `format`: text or json")
	return cmd
}

// checkJSON is the machine-readable form of check's output; its shape is a
// published interface (see the README), so fields are only ever added.
type checkJSON struct {
	Checklist   string           `json:"checklist"`
	Ready       bool             `json:"ready"`
	Partner     []controlJSON    `json:"partner"`
	CaseStudies []caseJSON       `json:"case_studies"`
	Overall     []assess.Overall `json:"overall"`
	Gaps        []assess.Gap     `json:"gaps"`
	Notes       []string         `json:"notes"`
}

type caseJSON struct {
	ID       string        `json:"id"`
	Title    string        `json:"title"`
	Controls []controlJSON `json:"controls"`
}

type controlJSON struct {
	ID       string           `json:"id"`
	Status   assess.Status    `json:"status"`
	Reason   string           `json:"reason,omitempty"`
	Answered bool             `json:"answered"`
	Findings []assess.Finding `json:"findings"`
	// Items map each evidence item the checklist asks for to where it is
	// answered, or why it is not.
	Items []assess.ItemResult `json:"items,omitempty"`
}

func toControlJSON(rs []assess.ControlResult) []controlJSON {
	out := make([]controlJSON, 0, len(rs))
	for _, r := range rs {
		fs := r.Findings
		if fs == nil {
			fs = []assess.Finding{}
		}
		out = append(out, controlJSON{ID: r.ID, Status: r.Status, Reason: r.Reason, Answered: r.Answered, Findings: fs, Items: r.Items})
	}
	return out
}

func writeCheckJSON(w io.Writer, rep *assess.Report) error {
	out := checkJSON{Checklist: rep.Checklist, Ready: rep.Ready, Partner: toControlJSON(rep.Partner), Overall: rep.Overall, Gaps: rep.Gaps}
	if out.Gaps == nil {
		out.Gaps = []assess.Gap{}
	}
	out.Notes = rep.Notes
	if out.Notes == nil {
		out.Notes = []string{}
	}
	for _, cr := range rep.CaseStudies {
		out.CaseStudies = append(out.CaseStudies, caseJSON{ID: cr.ID, Title: cr.Title, Controls: toControlJSON(cr.Controls)})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// checkIDs lists the id of every automated check, which a case.yaml waiver
// must name.
func checkIDs() []string {
	var out []string
	for _, c := range assess.Checks() {
		out = append(out, c.ID)
	}
	return out
}

// writeWaivers lists the findings the partner accepted as risks (case.yaml
// waivers), each with what the check found, the reason, the approver, the
// expiry and where the waiver is written — a reviewer reads every one —
// then every waiver that does not hold (expired, or matching nothing).
func writeWaivers(w io.Writer, rs []assess.ControlResult) {
	first := true
	for _, r := range rs {
		for _, f := range r.Findings {
			a := f.Waiver
			if f.Outcome != assess.AcceptedRisk || a == nil {
				continue
			}
			if first {
				fmt.Fprintf(w, "\n  Accepted risks (case.yaml waivers):\n")
				first = false
			}
			res := f.Resource
			if res != "" {
				res = " [" + res + "]"
			}
			fmt.Fprintf(w, "  %-10s accepted risk (was %s): %s%s\n", r.ID, a.Outcome, f.Message, res)
			fmt.Fprintf(w, "             reason: %s — approved by %s, until %s (%s line %d)\n", a.Reason, a.Approver, a.Expires, a.File, a.Line)
		}
	}
	first = true
	for _, r := range rs {
		for _, f := range r.Findings {
			if f.Check != assess.WaiverCheck {
				continue
			}
			if first {
				fmt.Fprintf(w, "\n  Waivers that do not hold:\n")
				first = false
			}
			fmt.Fprintf(w, "  %-10s %s %s\n             fix: %s\n", r.ID, f.Outcome, f.Message, f.Remediation)
		}
	}
}

// maxFindingsShown bounds the failing resources listed per control in text
// output; the JSON and the package carry all of them.
const maxFindingsShown = 8

func writeCheckText(w io.Writer, cf *evidence.Casefile, cat *catalog.Catalog, rep *assess.Report) {
	fmt.Fprintf(w, "%s — checklist %s, package %s (%s)\n\n", cf.Partner.Name, rep.Checklist, cf.Package.ID, cf.Package.Date)
	if cf.ChecklistSource != "" {
		fmt.Fprintf(w, "Checklist edition %s read from %s\n\n", rep.Checklist, cf.ChecklistSource)
	}
	for _, n := range rep.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	if len(rep.Notes) > 0 {
		fmt.Fprintln(w)
	}
	if len(rep.Gaps) > 0 {
		fmt.Fprintf(w, "== Package: %d gap(s)\n", len(rep.Gaps))
		for _, g := range rep.Gaps {
			fmt.Fprintf(w, "  %s\n", g.Message)
			if g.Remediation != "" {
				fmt.Fprintf(w, "         fix: %s\n", g.Remediation)
			}
		}
		fmt.Fprintln(w)
	}
	writeControlGroup(w, cat, "Partner prerequisites", rep.Partner)
	for _, cr := range rep.CaseStudies {
		writeControlGroup(w, cat, "Case study "+cr.ID, cr.Controls)
	}
	writeStatusTable(w, cat, rep)
	writeVerdict(w, rep)
}

// writeControlGroup lists a group's controls that are not done, with their
// failing and warning findings, then its waivers and the done controls that
// carry warnings.
func writeControlGroup(w io.Writer, cat *catalog.Catalog, title string, rs []assess.ControlResult) {
	var gaps []assess.ControlResult
	for _, r := range rs {
		if !r.Status.Done() {
			gaps = append(gaps, r)
		}
	}
	fmt.Fprintf(w, "== %s: %d of %d controls not done\n", title, len(gaps), len(rs))
	for _, r := range gaps {
		c, _ := cat.Control(r.ID)
		fmt.Fprintf(w, "\n  %-10s %-16s %s\n", r.ID, r.Status, c.Title)
		if r.Reason != "" {
			fmt.Fprintf(w, "             %s\n", r.Reason)
		}
		writeMissingItems(w, r)
		writeOpenFindings(w, r)
	}
	writeWaivers(w, rs)
	writeWarned(w, rs)
	fmt.Fprintln(w)
}

// writeMissingItems lists the evidence items of a control nothing answers,
// in the checklist's words, with the answer file to edit and what is
// missing, so the partner knows which heading to write.
func writeMissingItems(w io.Writer, r assess.ControlResult) {
	for _, it := range r.Items {
		if it.Covered {
			continue
		}
		fmt.Fprintf(w, "    missing %s %s\n", it.ID, it.Text)
		loc := it.File
		if it.Line > 0 {
			loc = fmt.Sprintf("%s:%d", it.File, it.Line)
		}
		fmt.Fprintf(w, "         in %s: %s\n", loc, it.Why)
	}
}

// writeOpenFindings lists up to maxFindingsShown fail and warn findings of a
// control.
func writeOpenFindings(w io.Writer, r assess.ControlResult) {
	shown := 0
	for _, f := range r.Findings {
		if f.Outcome != assess.Fail && f.Outcome != assess.Warn {
			continue
		}
		if shown == maxFindingsShown {
			fmt.Fprintf(w, "             … and more: see --format json or the package\n")
			break
		}
		shown++
		res := f.Resource
		if res != "" {
			res = " [" + res + "]"
		}
		fmt.Fprintf(w, "    %-4s %s%s\n", f.Outcome, f.Message, res)
		if f.Remediation != "" {
			fmt.Fprintf(w, "         fix: %s\n", f.Remediation)
		}
	}
}

// writeWarned names the done controls that still carry warnings, with the
// first of them.
func writeWarned(w io.Writer, rs []assess.ControlResult) {
	var warned []assess.ControlResult
	for _, r := range rs {
		if r.Status.Done() && r.Counts()[assess.Warn] > 0 {
			warned = append(warned, r)
		}
	}
	if len(warned) == 0 {
		return
	}
	fmt.Fprintf(w, "\n  Done, with warnings a reviewer may raise:\n")
	for _, r := range warned {
		first := ""
		for _, f := range r.Findings {
			if f.Outcome == assess.Warn {
				first = f.Message
				break
			}
		}
		fmt.Fprintf(w, "  %-10s %d warning(s), e.g. %s\n", r.ID, r.Counts()[assess.Warn], first)
	}
}

// writeStatusTable prints every control's overall status and its status in
// each case study.
func writeStatusTable(w io.Writer, cat *catalog.Catalog, rep *assess.Report) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	header := []string{"CONTROL", "OVERALL"}
	for _, cr := range rep.CaseStudies {
		header = append(header, strings.ToUpper(cr.ID))
	}
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	for _, c := range cat.Controls {
		o := rep.OverallFor(c.ID)
		row := []string{c.ID, string(o.Status)}
		for _, cr := range rep.CaseStudies {
			if r := cr.Control(c.ID); r != nil {
				row = append(row, string(r.Status))
			} else {
				row = append(row, "·")
			}
		}
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	tw.Flush()
}

// writeVerdict prints the last line: READY or NOT READY with the counts.
func writeVerdict(w io.Writer, rep *assess.Report) {
	counts := map[assess.Status]int{}
	for _, o := range rep.Overall {
		counts[o.Status]++
	}
	var parts []string
	for _, s := range assess.Statuses() {
		if counts[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[s], s))
		}
	}
	verdict := "NOT READY"
	if rep.Ready {
		verdict = "READY"
	}
	if len(rep.Gaps) > 0 {
		parts = append(parts, fmt.Sprintf("%d package gap(s)", len(rep.Gaps)))
	}
	fmt.Fprintf(w, "\n%s: %s\n", verdict, strings.Join(parts, ", "))
}

func joinVersions() string { return strings.Join(catalog.Versions(), ", ") }
