package main

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ecspack/ecspack/catalog"
	"github.com/ecspack/ecspack/evidence"
)

func newChecklistCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "checklist show|diff",
		Short: "Print a checklist edition, or what changed between two",
		Long: `checklist works with checklist editions: the built-in ones (see 'ecspack version')
and newer ones a partner writes as a catalog file from a published checklist (see the
README, "Checklist editions"). An edition file is read by the same strict loader as the
built-in ones: errors name the file and line. Use it with 'check --checklist FILE',
'build --checklist FILE' or 'checklist_file:' in ecspack.yaml.

` + exitCodesHelp,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return badInput(fmt.Errorf("expected a subcommand: show or diff (see '%s --help')", cmd.CommandPath()))
		},
	}
	cmd.AddCommand(newChecklistShowCmd(a), newChecklistDiffCmd(a))
	return cmd
}

// resolveEdition loads an edition named on the command line as exit-2 input.
func resolveEdition(ref string) (*catalog.Catalog, error) {
	cat, err := catalog.Resolve(ref)
	if err != nil {
		return nil, badInput(err)
	}
	return cat, nil
}

func checkFormat(format string) error {
	if format != "text" && format != "json" {
		return badInput(fmt.Errorf("--format %q: expected text or json", format))
	}
	return nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func newChecklistShowCmd(a *app) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "show [EDITION|FILE]",
		Short: "Print one checklist edition: its validity and every control",
		Long: `show prints a checklist edition: its validity (valid until, usable until), then every
control with its scope, condition, requirement and the evidence the reviewer asks for.
Without an argument it prints the newest built-in edition.

` + exitCodesHelp,
		Example: `  ecspack checklist show
  ecspack checklist show 2025-02 --format json
  ecspack checklist show my-app/checklist-2025-08.yaml`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format); err != nil {
				return err
			}
			ref := ""
			if len(args) == 1 {
				ref = args[0]
			} else if vs := catalog.Versions(); len(vs) > 0 {
				ref = vs[len(vs)-1]
			}
			cat, err := resolveEdition(ref)
			if err != nil {
				return err
			}
			if format == "json" {
				return writeJSON(a.stdout, cat)
			}
			writeEdition(a.stdout, cat)
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output `format`: text or json")
	return cmd
}

func writeEdition(w io.Writer, cat *catalog.Catalog) {
	fmt.Fprintf(w, "%s, edition %s (released %s)\n", cat.Title, cat.Version, cat.Released.Format("2006-01-02"))
	fmt.Fprintf(w, "valid %s to %s; usable until %s; next edition expected %s\n", dash(cat.ValidFrom), dash(cat.ValidUntil), dash(cat.UsableUntil), dash(cat.NextVersionExpected))
	fmt.Fprintf(w, "%d controls\n", len(cat.Controls))
	section := ""
	for _, c := range cat.Controls {
		if c.Section != section {
			section = c.Section
			fmt.Fprintf(w, "\n== %s\n", section)
		}
		scope := string(c.Scope)
		if c.Condition != catalog.ConditionNone {
			scope += ", only where " + string(c.Condition)
		}
		if c.WAFRWaivable {
			scope += ", waived by a clean WAFR"
		}
		fmt.Fprintf(w, "\n%-10s %s\n           (%s)\n", c.ID, c.Title, scope)
		fmt.Fprintf(w, "           %s\n", strings.Join(strings.Fields(c.Requirement), " "))
		for _, e := range c.Evidence {
			fmt.Fprintf(w, "           - %s  %s\n", e.ID, e.Text())
		}
	}
}

func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// diffJSON is checklist diff's machine-readable output.
type diffJSON struct {
	From    string        `json:"from"`
	To      string        `json:"to"`
	Added   []diffControl `json:"added"`
	Removed []diffControl `json:"removed"`
	Changed []diffControl `json:"changed"`
}

// diffControl is one control of a diff with the casefile answers it touches.
type diffControl struct {
	ID     string   `json:"id"`
	Title  string   `json:"title"`
	Fields []string `json:"fields,omitempty"`
	// Answers are the casefile's answer files for the control (with --casefile).
	Answers []string `json:"answers,omitempty"`
	// ToWrite are the answer files the casefile still needs for an added control.
	ToWrite []string `json:"to_write,omitempty"`
}

func newChecklistDiffCmd(a *app) *cobra.Command {
	var format, casefile string
	cmd := &cobra.Command{
		Use:   "diff FROM TO",
		Short: "List the controls added, removed and changed between two editions",
		Long: `diff compares two checklist editions (built-in names or catalog files) and lists
the controls added, removed and changed, with the fields that changed. With --casefile
it also names the casefile's answers each change touches: the answers to rewrite for
changed controls, the answers the new edition drops, and the files to write for
added controls.

` + exitCodesHelp,
		Example: `  ecspack checklist diff 2025-02 my-app/checklist-2025-08.yaml --casefile my-app`,
		Args:    cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format); err != nil {
				return err
			}
			from, err := resolveEdition(args[0])
			if err != nil {
				return err
			}
			to, err := resolveEdition(args[1])
			if err != nil {
				return err
			}
			d := catalog.Diff(from, to)
			var cf *evidence.Casefile
			if casefile != "" {
				if cf, _, err = evidence.Load(casefile); err != nil {
					return badInput(err)
				}
			}
			out := diffJSON{From: d.From, To: d.To, Added: []diffControl{}, Removed: []diffControl{}, Changed: []diffControl{}}
			for _, c := range d.Added {
				out.Added = append(out.Added, diffControl{ID: c.ID, Title: c.Title, ToWrite: toWrite(cf, c)})
			}
			for _, c := range d.Removed {
				out.Removed = append(out.Removed, diffControl{ID: c.ID, Title: c.Title, Answers: answersTo(cf, c.ID)})
			}
			for _, c := range d.Changed {
				out.Changed = append(out.Changed, diffControl{ID: c.ID, Title: c.To.Title, Fields: c.Fields, Answers: answersTo(cf, c.ID)})
			}
			if format == "json" {
				return writeJSON(a.stdout, out)
			}
			writeDiff(a.stdout, out, cf != nil)
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output `format`: text or json")
	cmd.Flags().StringVar(&casefile, "casefile", "", "name the answers of the casefile in `DIR` that each change touches")
	return cmd
}

// answersTo lists the casefile's answer files for a control, relative to the casefile.
func answersTo(cf *evidence.Casefile, id string) []string {
	if cf == nil {
		return nil
	}
	var out []string
	add := func(a *evidence.Answer) {
		if a == nil {
			return
		}
		p := a.File
		if r, err := filepath.Rel(cf.Dir, p); err == nil && filepath.IsLocal(r) {
			p = filepath.ToSlash(r)
		}
		out = append(out, p)
	}
	add(cf.Answers[id])
	for _, cs := range cf.CaseStudies {
		add(cs.Answers[id])
	}
	return out
}

// toWrite lists where a control new in the edition must be answered.
func toWrite(cf *evidence.Casefile, c catalog.Control) []string {
	if cf == nil {
		return nil
	}
	if c.Scope == catalog.ScopePartner || c.Scope == catalog.ScopePackage {
		return []string{"answers/" + c.ID + ".md"}
	}
	var out []string
	for _, cs := range cf.CaseStudies {
		rel := cs.Dir
		if r, err := filepath.Rel(cf.Dir, cs.Dir); err == nil {
			rel = filepath.ToSlash(r)
		}
		out = append(out, rel+"/answers/"+c.ID+".md")
	}
	slices.Sort(out)
	return out
}

func writeDiff(w io.Writer, d diffJSON, withCasefile bool) {
	fmt.Fprintf(w, "checklist %s → %s: %d added, %d removed, %d changed\n", d.From, d.To, len(d.Added), len(d.Removed), len(d.Changed))
	section := func(title string, cs []diffControl, what func(c diffControl) string) {
		if len(cs) == 0 {
			return
		}
		fmt.Fprintf(w, "\n%s:\n", title)
		for _, c := range cs {
			fmt.Fprintf(w, "  %-10s %s%s\n", c.ID, c.Title, what(c))
			if !withCasefile {
				continue
			}
			for _, a := range c.Answers {
				fmt.Fprintf(w, "             answer: %s\n", a)
			}
			for _, a := range c.ToWrite {
				fmt.Fprintf(w, "             to write: %s\n", a)
			}
			if len(c.Answers) == 0 && len(c.ToWrite) == 0 {
				fmt.Fprintf(w, "             no answer in the casefile\n")
			}
		}
	}
	none := func(diffControl) string { return "" }
	section("added", d.Added, none)
	section("removed", d.Removed, none)
	section("changed", d.Changed, func(c diffControl) string { return " (" + strings.Join(c.Fields, ", ") + ")" })
}
