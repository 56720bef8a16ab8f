package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/ecspack/ecspack/pipeline"
)

func newBuildCmd(a *app) *cobra.Command {
	var in inputFlags
	var out string
	var strict, redactAll bool
	var redactionMap string
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
Same inputs give byte-identical files: every date comes from the casefile.

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
			cf, cat, err := in.load(args)
			if err != nil {
				return err
			}
			res, err := pipeline.Build(cmd.Context(), cf, cat, pipeline.Options{
				OutDir:      out,
				ToolVersion: Version,
				Progress:    func(s string) { a.progress("ecspack: %s", s) },
				Redact:      redactAll, RedactionMap: redactionMap, RedactTagKeys: redactTags, RedactTerms: redactTerms,
			})
			if err != nil {
				return err
			}
			counts := res.Manifest.StatusCounts
			a.progress("ecspack: wrote %d files to %s; controls: %d met, %d waived, %d not applicable, %d need a narrative, %d not met",
				len(res.Files), out, counts["met"], counts["waived"], counts["not-applicable"], counts["needs-narrative"], counts["not-met"])
			if strict && !res.Report.Ready {
				return &exitError{code: ExitNotReady, err: fmt.Errorf("the package is not ready (--strict)")}
			}
			return nil
		},
	}
	in.add(cmd)
	cmd.Flags().StringVarP(&out, "output", "o", "", "output `DIR` (replaced atomically)")
	cmd.Flags().BoolVar(&strict, "strict", false, "exit 1 when any control is not done")
	cmd.Flags().BoolVar(&redactAll, "redact", false, "anonymise every case study for publication (see above)")
	cmd.Flags().StringVar(&redactionMap, "redaction-map", "", "`FILE` for the map from originals to pseudonyms, outside OUTDIR (default OUTDIR.redaction-map.json)")
	cmd.Flags().StringSliceVar(&redactTags, "redact-tag", nil, "tag `KEY`s whose values are redacted (default: customer, client, owner, contact, email, cost center, billing, created-by)")
	cmd.Flags().StringSliceVar(&redactTerms, "redact-term", nil, "extra `WORD`s to redact wherever they occur, e.g. the customer's acronym in resource names")
	return cmd
}
