package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/spf13/cobra"

	"github.com/ecspack/ecspack/internal/words"
	"github.com/ecspack/ecspack/pipeline"
)

func newBuildCmd(a *app) *cobra.Command {
	var in inputFlags
	var out string
	var strict, redactAll, force bool
	var redactionMap, prices, format string
	var redactTags, redactTerms []string
	cmd := &cobra.Command{
		Use:   "build [CASEFILE] -o OUTDIR",
		Short: "Build the submission package (PDF, XLSX, diagrams, runbooks, manifest)",
		Long: `build assesses the casefile and writes the submission package into OUTDIR:
  submission.pdf          the reviewer PDF
  self-assessment.xlsx    the self-assessment spreadsheet
  runbooks/<case>.pdf     a handoff runbook per customer
  diagrams/<case>/…       architecture diagrams as SVG and DOT
  manifest.json           SHA-256 of every input and output, tool and checklist versions

OUTDIR is replaced as a whole only when everything was written; a build that
fails or is interrupted leaves an existing OUTDIR exactly as it was.

` + outDirRulesHelp("OUTDIR") + `

Same inputs give byte-identical files: every date comes from the casefile.

A package that is not ready (what 'ecspack check' would exit 1 for: an open
control, a stub or placeholder left, an expired checklist edition) is still
written, but marked DRAFT on every page of every PDF, with what is missing listed
on the cover and on the workbook's Summary; --strict then exits 1.

--redact (or redact: true in ecspack.yaml or a case.yaml) anonymises case studies
for publication: account ids (also in ARNs), IP addresses and CIDRs, the customer's
names and contacts and the values of the --redact-tag keys become consistent
pseudonyms in every file. The map back to the originals is written to
--redaction-map (default OUTDIR.redaction-map.json), never into OUTDIR; keep it
private, and keep it to rebuild with the same pseudonyms.

` + exitCodesHelp,
		Example: `  ecspack build samples/harbor -o out
  ecspack build --inventory snapshot.json -o out
  ecspack build samples/harbor --redact -o public`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if out == "" {
				return badInput(errors.New("-o OUTDIR is required"))
			}
			if format != "text" && format != "json" {
				return badInput(fmt.Errorf("--format %q: expected text or json", format))
			}
			cf, cat, err := in.load(args)
			if err != nil {
				return err
			}
			res, err := pipeline.Build(cmd.Context(), cf, cat, pipeline.Options{
				OutDir:      out,
				ToolVersion: Version,
				PricesFile:  prices,
				Progress:    func(s string) { a.progress("ecspack: %s", s) },
				Redact:      redactAll, RedactionMap: redactionMap, RedactTagKeys: redactTags, RedactTerms: redactTerms,
				Force: force,
			})
			if err != nil {
				return err
			}
			for _, w := range res.Warnings {
				fmt.Fprintf(a.stderr, "ecspack: warning: %s\n", w)
			}
			counts := res.Manifest.StatusCounts
			if format == "json" {
				if err := writeBuildJSON(a.stdout, out, res); err != nil {
					return err
				}
			}
			a.progress("ecspack: wrote %d files to %s; controls: %d met, %d waived, %d not applicable, %d need a narrative, %d not met",
				len(res.Files), out, counts["met"], counts["waived"], counts["not-applicable"], counts["needs-narrative"], counts["not-met"])
			if !res.Report.Ready {
				a.progress("ecspack: the package is marked DRAFT on every page: %d %s missing (run 'ecspack check' for the details)",
					len(res.Report.Missing()), words.Plural(len(res.Report.Missing()), "item is", "items are"))
			}
			if strict && !res.Report.Ready {
				return &exitError{code: ExitNotReady, err: fmt.Errorf("the package is not ready (--strict)")}
			}
			return nil
		},
	}
	in.add(cmd)
	cmd.Flags().StringVarP(&out, "output", "o", "", "output `DIR` (replaced atomically)")
	cmd.Flags().BoolVar(&force, "force", false, "replace OUTDIR even when it is not empty and not a package ecspack wrote (never the casefile or an input's folder)")
	cmd.Flags().BoolVar(&strict, "strict", false, "exit 1 when any control is not done")
	cmd.Flags().StringVar(&prices, "prices", "", "price table `FILE` for the cost model (default: the casefile's, else the embedded one)")
	cmd.Flags().StringVar(&format, "format", "text", "stdout `format`: text (nothing; progress on stderr) or json (the files written, statuses and gaps)")
	cmd.Flags().BoolVar(&redactAll, "redact", false, "anonymise every case study for publication (see above)")
	cmd.Flags().StringVar(&redactionMap, "redaction-map", "", "`FILE` for the map from originals to pseudonyms, outside OUTDIR (default OUTDIR.redaction-map.json)")
	cmd.Flags().StringSliceVar(&redactTags, "redact-tag", nil, "tag `KEY`s whose values are redacted (default: customer, client, owner, contact, email, cost center, billing, created-by)")
	cmd.Flags().StringSliceVar(&redactTerms, "redact-term", nil, "extra `WORD`s to redact wherever they occur, e.g. the customer's acronym in resource names")
	return cmd
}

// buildJSON is what `build --format json` prints: enough for a pipeline to
// pick up the package without reading the manifest.
type buildJSON struct {
	OutDir       string         `json:"out_dir"`
	Ready        bool           `json:"ready"`
	StatusCounts map[string]int `json:"status_counts"`
	Files        []string       `json:"files"`
	Gaps         []string       `json:"gaps,omitempty"`
	// Missing is what keeps a draft from being ready, one line each (empty when ready).
	Missing []string `json:"missing,omitempty"`
}

func writeBuildJSON(w io.Writer, out string, res *pipeline.Result) error {
	files := slices.Sorted(slices.Values(res.Files))
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(buildJSON{OutDir: out, Ready: res.Report.Ready, StatusCounts: res.Manifest.StatusCounts, Files: files, Gaps: res.Manifest.Gaps, Missing: res.Report.Missing()})
}
