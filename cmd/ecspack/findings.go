package main

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ecspack/ecspack/catalog/peers"
	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/evidence/peerfind"
	"github.com/ecspack/ecspack/internal/safefile"
	"github.com/ecspack/ecspack/pipeline"
)

// maxFindingsInput bounds one exported findings file.
const maxFindingsInput = 256 << 20

func newImportFindingsCmd(a *app) *cobra.Command {
	var casefile, caseID string
	cmd := &cobra.Command{
		Use:   "import-findings --casefile DIR --case ID FILE...",
		Short: "Attach Security Hub (ASFF) and prowler (OCSF) findings to a case study",
		Long: `import-findings reads other scanners' findings — Security Hub's ASFF as
'aws securityhub get-findings' prints it ({"Findings": [...]} or a bare array)
and prowler's OCSF JSON ('prowler aws --output-formats json-ocsf') — and writes
those that judge what one of ecspack's checks judges (by the Security Hub control
id or prowler check name in templates/peers/references.yaml) into the case study,
as case-studies/<id>/findings/securityhub.json and findings/prowler.json. Each
run replaces the files of the sources it read. check and build then show each
finding with its source under the control it strengthens ("Security Hub: FAILED
ECS.4 on arn:…"), and report a disagreement — a peer's FAILED where our check
passed the same resource, or its PASSED where ours failed — as a warning. A
peer's verdict never replaces ours. Findings that judge nothing ecspack checks
(and ASFF findings without a compliance status, such as GuardDuty's) are counted
and left out. A malformed file exits 2 naming the file and line.

` + exitCodesHelp,
		Example: "  aws securityhub get-findings > sh.json\n  ecspack import-findings --casefile my-app --case customer-a sh.json prowler-output.ocsf.json",
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, files []string) error {
			if casefile == "" || caseID == "" {
				return badInput(fmt.Errorf("import-findings needs --casefile DIR and --case ID (see 'ecspack import-findings --help')"))
			}
			dir, err := caseStudyDir(casefile, caseID)
			if err != nil {
				return badInput(err)
			}
			bySource, skipped, err := readPeerFindings(files)
			if err != nil {
				return badInput(err)
			}
			return writePeerFindings(a, dir, bySource, skipped)
		},
	}
	cmd.Flags().StringVar(&casefile, "casefile", "", "the casefile `DIR` (holding ecspack.yaml)")
	cmd.Flags().StringVar(&caseID, "case", "", "the case study `ID` the findings are about")
	return cmd
}

// caseStudyDir loads the casefile and returns the folder of its case study id.
func caseStudyDir(casefile, id string) (string, error) {
	cf, _, err := evidence.Load(casefile)
	if err != nil {
		return "", err
	}
	var ids []string
	for _, cs := range cf.CaseStudies {
		if cs.ID == id {
			return cs.Dir, nil
		}
		ids = append(ids, cs.ID)
	}
	return "", fmt.Errorf("%s has no case study %q (it has: %s)", casefile, id, strings.Join(ids, ", "))
}

// readPeerFindings parses every file and keeps the findings a check maps
// to, by source; skipped counts the others, by reason.
func readPeerFindings(files []string) (map[string][]peerfind.Finding, map[string]int, error) {
	tab, err := peers.Load()
	if err != nil {
		return nil, nil, err
	}
	out := map[string][]peerfind.Finding{}
	skipped := map[string]int{}
	for _, path := range files {
		data, err := safefile.ReadFile(path, maxFindingsInput)
		if err != nil {
			return nil, nil, err
		}
		fs, none, err := peerfind.Parse(path, data)
		if err != nil {
			return nil, nil, err
		}
		skipped["judge no control (no compliance status, or archived)"] += none
		for _, f := range fs {
			if len(tab.ChecksFor(f.Control)) == 0 {
				skipped["judge nothing ecspack checks"]++
				continue
			}
			// The casefile names the file, not where it lay on this machine.
			f.From = filepath.Base(path) + strings.TrimPrefix(f.From, path)
			out[f.Source] = append(out[f.Source], f)
		}
	}
	return out, skipped, nil
}

// writePeerFindings writes each source's findings into the case study,
// replacing that source's previous file, and says what it wrote and left out.
func writePeerFindings(a *app, dir string, bySource map[string][]peerfind.Finding, skipped map[string]int) error {
	if len(bySource) > 0 {
		if err := os.MkdirAll(filepath.Join(dir, peerfind.Dir), 0o755); err != nil {
			return &pipeline.OutputError{Err: fmt.Errorf("creating %s: %w", filepath.Join(dir, peerfind.Dir), err)}
		}
	}
	for _, src := range []string{peerfind.SecurityHub, peerfind.Prowler} {
		fs, ok := bySource[src]
		if !ok {
			continue
		}
		data, err := peerfind.Marshal(src, fs)
		if err != nil {
			return err
		}
		path := filepath.Join(dir, peerfind.FileName(src))
		if err := writeFileAtomic(path, data); err != nil {
			return err
		}
		a.progress("ecspack: wrote %s (%d %s findings)", path, len(fs), peerfind.SourceName(src))
	}
	if len(bySource) == 0 {
		a.progress("ecspack: no finding judges what an ecspack check judges; nothing written")
	}
	for _, why := range slices.Sorted(maps.Keys(skipped)) {
		if n := skipped[why]; n > 0 {
			a.progress("ecspack: left out %d finding(s) that %s", n, why)
		}
	}
	return nil
}
