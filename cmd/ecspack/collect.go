package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ecspack/ecspack/discover"
	"github.com/ecspack/ecspack/inventory"
)

// newCollectScriptCmd is `ecspack collect-script`: the offline path's first half.
func newCollectScriptCmd(a *app) *cobra.Command {
	var region, regions []string
	cmd := &cobra.Command{
		Use:   "collect-script [--region R | --regions a,b] > collect.sh",
		Short: "Print a read-only aws CLI script that collects what discover reads",
		Long: `collect-script prints a bash script for customers who will not hand credentials
to a tool: run with the aws CLI and their own credentials, it makes the same
read-only describe/list/get calls as 'ecspack discover' and writes their JSON
output into a folder; 'ecspack import DIR -o FILE' turns that folder into a
snapshot. The regions can also be set when running it (ECSPACK_REGIONS).`,
		Example: "  ecspack collect-script --regions eu-west-1 > collect.sh\n  bash collect.sh evidence/ && ecspack import evidence/ -o inventory.json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var rs []string
			for _, r := range append(slices.Clone(region), regions...) {
				for _, x := range strings.Split(r, ",") {
					if x = strings.TrimSpace(x); x != "" {
						rs = append(rs, x)
					}
				}
			}
			// Sorted and once each, so the same regions give the same script
			// whichever flags named them.
			slices.Sort(rs)
			rs = slices.Compact(rs)
			if len(rs) == 0 {
				rs = []string{"us-east-1"}
			}
			_, err := fmt.Fprint(a.stdout, discover.CollectScript(rs))
			return err
		},
	}
	// --region and --regions as for discover (kept apart for the same reason).
	cmd.Flags().StringSliceVar(&region, "region", nil, "`REGION` the script reads by default (repeatable)")
	cmd.Flags().StringSliceVar(&regions, "regions", nil, "comma-separated `REGIONS` the script reads by default (us-east-1)")
	return cmd
}

// newImportCmd is `ecspack import DIR -o FILE`: the offline path's second half.
func newImportCmd(a *app) *cobra.Command {
	var out, account string
	var strict bool
	cmd := &cobra.Command{
		Use:   "import DIR -o FILE",
		Short: "Build a snapshot from the folder a collect-script run wrote",
		Long: `import reads the JSON files a 'collect-script' run wrote and builds the same
inventory snapshot 'discover' would, with the same conversions (environment
variable values are dropped here). Each resource is filed under the account
and region its ARN names, and counted once however many files list it.
Missing and malformed files, and what the files name but no file describes
(a task definition, a VPC, a cluster known only from its tasks), are named on
stderr and recorded in the snapshot as not collected; everything present is
used. --strict turns such gaps into exit code 1.

` + exitCodesHelp,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkSnapshotOut(out); err != nil {
				return err
			}
			snap, err := discover.Import(args[0], discover.ImportOptions{Account: account, Tool: "ecspack " + Version})
			if err != nil {
				return badInput(err)
			}
			data, err := inventory.Marshal(snap)
			if err != nil {
				return err
			}
			if err := writeFileAtomic(out, data); err != nil {
				return err
			}
			if len(snap.Collection.Errors) > 0 {
				fmt.Fprintf(a.stderr, "ecspack: warning: %d gap(s) — files missing or malformed, or resources the files name but do not describe; the snapshot lacks what they hold:\n", len(snap.Collection.Errors))
				for i, e := range snap.Collection.Errors {
					if i == 20 {
						fmt.Fprintf(a.stderr, "  ... and %d more (see collection.errors in %s)\n", len(snap.Collection.Errors)-i, out)
						break
					}
					fmt.Fprintf(a.stderr, "  %s: %s\n", e.Code, e.Message)
				}
			}
			a.progress("ecspack: wrote %s (%s)", out, snapshotSummary(snap))
			if strict && len(snap.Collection.Errors) > 0 {
				return &silentError{code: ExitNotReady}
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "snapshot `FILE` to write")
	cmd.Flags().StringVar(&account, "account", "", "account `ID` when sts/get-caller-identity.json is absent")
	cmd.Flags().BoolVar(&strict, "strict", false, "exit 1 when a file is missing or malformed, or something named is not described")
	return cmd
}
