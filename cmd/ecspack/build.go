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
	var strict bool
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

` + exitCodesHelp,
		Example: `  ecspack build samples/harbor -o out
  ecspack build --inventory snapshot.json -o out`,
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
	return cmd
}
