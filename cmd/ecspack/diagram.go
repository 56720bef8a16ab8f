package main

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/ecspack/ecspack/diagram"
	"github.com/ecspack/ecspack/inventory"
	"github.com/ecspack/ecspack/pipeline"
	"github.com/ecspack/ecspack/redact"
)

// newDiagramCmd is `ecspack diagram`: the architecture diagrams of one
// snapshot as SVG and DOT files, without building the whole package.
func newDiagramCmd() *cobra.Command {
	var in, out, title, redactionMap string
	var budget int
	var redactAll, force bool
	var redactTags, redactTerms []string
	cmd := &cobra.Command{
		Use:   "diagram --inventory FILE -o DIR",
		Short: "Draw the architecture diagrams of an inventory snapshot (SVG and DOT)",
		Long: `diagram draws the estate of an inventory snapshot as AWS-style architecture
diagrams: AWS Cloud, accounts, regions, VPCs, Availability Zones and public/private
subnets, with gateways, load balancers, listener → target group → service paths,
ECS clusters and services, Auto Scaling groups, EFS, ECR and the regional services.

An estate that fits --node-budget is one diagram (architecture.svg); a larger one
is split into an overview per VPC (vpc-NN) and detail pages per ECS cluster
(cluster-NN[-part]). Each diagram is written as DIR/ID.svg (self-contained) and
DIR/ID.dot (the Graphviz source), with DIR/manifest.json listing them. The same
snapshot always gives the same files.

` + outDirRulesHelp("DIR") + `

--redact replaces account ids, addresses and the values of the --redact-tag keys
with pseudonyms, as build --redact does; the map back to the originals goes to
--redaction-map (default DIR.redaction-map.json), never into DIR.

` + exitCodesHelp,
		Example: "  ecspack diagram --inventory case-studies/acme/inventory.json -o out/diagrams",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if in == "" || out == "" {
				return badInput(errors.New("--inventory FILE and -o DIR are required"))
			}
			snap, err := inventory.ReadFile(in)
			if err != nil {
				return badInput(err)
			}
			var red *redact.Redactor
			if redactAll {
				if redactionMap == "" {
					redactionMap = filepath.Clean(out) + ".redaction-map.json"
				} else if inside(out, redactionMap) {
					return badInput(fmt.Errorf("--redaction-map %s is inside %s: keep the map outside what you publish", redactionMap, out))
				}
				key, err := redact.Key(redactionMap, []string{in})
				if err != nil {
					return badInput(err)
				}
				red = redact.New(redact.Options{Key: key, TagKeys: redactTags, Terms: redactTerms})
				snap, title = red.Snapshot(snap), red.Text(title)
			}
			ds, err := diagram.Build(cmd.Context(), snap, diagram.Options{NodeBudget: budget, Title: title})
			if err != nil {
				return fmt.Errorf("drawing %s: %w", in, err)
			}
			files := map[string][]byte{}
			for _, d := range ds {
				files[d.ID+".svg"], files[d.ID+".dot"] = d.SVG, d.DOT
			}
			q, _ := cmd.Flags().GetBool("quiet")
			err = pipeline.WriteDir(cmd.Context(), out, files, pipeline.DirOptions{
				Guard:       pipeline.Guard{Inputs: []string{in, redactionMap}, Force: force},
				ToolVersion: Version,
				Redactor:    red, MapPath: redactionMap,
				Progress: func(s string) {
					if !q {
						fmt.Fprintf(cmd.ErrOrStderr(), "ecspack: %s\n", s)
					}
				},
			})
			if err != nil {
				return err
			}
			if !q {
				fmt.Fprintf(cmd.ErrOrStderr(), "ecspack: wrote %d diagram(s) to %s\n", len(ds), out)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&in, "inventory", "", "inventory snapshot `FILE` (from discover, import or synth)")
	f.StringVarP(&out, "output", "o", "", "`DIR` to write the SVG and DOT files into")
	f.StringVar(&title, "title", "", "estate name shown in the diagram titles, e.g. the case study")
	f.BoolVar(&redactAll, "redact", false, "replace account ids, addresses and tag values with pseudonyms")
	f.StringVar(&redactionMap, "redaction-map", "", "`FILE` for the map from originals to pseudonyms, outside DIR (default DIR.redaction-map.json)")
	f.StringSliceVar(&redactTags, "redact-tag", nil, "tag `KEY`s whose values are redacted (default: customer, client, owner, contact, email, cost center, billing, created-by)")
	f.StringSliceVar(&redactTerms, "redact-term", nil, "extra `WORD`s to redact wherever they occur, e.g. the customer's acronym in resource names")
	f.BoolVar(&force, "force", false, "replace DIR even when it is not empty and not written by ecspack (never the casefile or an input's folder)")
	f.IntVar(&budget, "node-budget", diagram.DefaultNodeBudget, "most nodes per diagram before the estate is split into pages")
	return cmd
}

// inside reports whether path p lies in (or is) directory dir.
func inside(dir, p string) bool {
	d, err1 := filepath.Abs(dir)
	a, err2 := filepath.Abs(p)
	if err1 != nil || err2 != nil {
		return false
	}
	rel, err := filepath.Rel(d, a)
	return err == nil && (rel == "." || filepath.IsLocal(rel))
}
