package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/ecspack/ecspack/catalog"
)

func newInitCmd(a *app) *cobra.Command {
	var checklist, date string
	cmd := &cobra.Command{
		Use:   "init DIR",
		Short: "Scaffold a casefile: partner profile, two case-study stubs, an answer stub per control",
		Long: `init creates a new casefile in DIR (which must not exist or be empty): ecspack.yaml
with the partner profile to fill in, two case-study directories with case.yaml, and
an answer stub answers/<ID>.md for every control, holding what the reviewer asks
for as a comment. Stubs left as they are count as unanswered.

Next steps: fill in ecspack.yaml and each case.yaml, put snapshots from
'ecspack discover' next to each case.yaml, write the answers, then run
'ecspack check DIR' until it is ready and 'ecspack build DIR -o out'.

` + exitCodesHelp,
		Example: "  ecspack init my-application",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cat, err := catalog.Load(checklist)
			if err != nil {
				return badInput(err)
			}
			dir := args[0]
			if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
				return badInput(fmt.Errorf("%s exists and is not empty: expected a new directory", dir))
			} else if err != nil && !errors.Is(err, os.ErrNotExist) {
				return badInput(err)
			}
			if date == "" {
				// A scaffold is a starting point, not a build output: the
				// package date starts as today and the partner changes it.
				date = time.Now().UTC().Format(time.DateOnly)
			} else if _, err := time.Parse(time.DateOnly, date); err != nil {
				return badInput(fmt.Errorf("--date %q: expected a date as YYYY-MM-DD", date))
			}
			files := scaffold(cat, date)
			for _, f := range files {
				p := filepath.Join(dir, f.path)
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					return err
				}
				if err := os.WriteFile(p, []byte(f.body), 0o644); err != nil {
					return err
				}
			}
			a.progress("ecspack: created %s with %d files; next: edit %s, then run 'ecspack check %s'", dir, len(files), filepath.Join(dir, "ecspack.yaml"), dir)
			return nil
		},
	}
	cmd.Flags().StringVar(&checklist, "checklist", "2025-02", "checklist `version` to answer")
	cmd.Flags().StringVar(&date, "date", "", "the package `date` (YYYY-MM-DD) written into ecspack.yaml (default today)")
	return cmd
}

type scaffoldFile struct{ path, body string }

func scaffold(cat *catalog.Catalog, date string) []scaffoldFile {
	files := []scaffoldFile{{"ecspack.yaml", fmt.Sprintf(`# ecspack casefile: the partner profile and the case studies of one application.
checklist: %q
package:
  id: PARTNER-ECS-1            # printed on every page of the PDF
  date: %s             # the package date: every date in the outputs comes from here
partner:
  name: Example Partner
  legal_name: Example Partner Ltd
  website: https://partner.example
  services_path_stage: validated   # registered, validated or differentiated (prerequisite 1.2)
  program_guidelines_read: false   # set to true once read (prerequisite 1.1)
  contacts:
    - name: Jane Architect
      role: Principal Solutions Architect
      email: jane@partner.example
tagging:
  required: [environment, application]   # the tag dimensions ECS-004 checks
%scase_studies:
  - case-studies/customer-a
  - case-studies/customer-b
`, cat.Version, date, sopsHint(cat))}}
	for _, c := range cat.Controls {
		if c.Scope == catalog.ScopePartner || c.Scope == catalog.ScopePackage {
			files = append(files, scaffoldFile{"answers/" + c.ID + ".md", answerStub(c)})
		}
	}
	// The example waiver holds for a year after the package date.
	expires := date
	if d, err := time.Parse(time.DateOnly, date); err == nil {
		expires = d.AddDate(1, 0, 0).Format(time.DateOnly)
	}
	for _, cs := range []string{"customer-a", "customer-b"} {
		base := "case-studies/" + cs + "/"
		files = append(files, scaffoldFile{base + "case.yaml", fmt.Sprintf(`# One customer deployment. Customers must be separate legal entities, in production,
# and the deployment performed within 18 months of the package date.
title: Replace with a one-line project title
customer:
  name: %s
  legal_entity: %s Ltd
  industry: ""
stage: production               # production, pilot or poc (only production qualifies)
production_date: 2025-12-01
public_reference: ""            # URL of a public case study, if any
accounts:
  - id: "123456789012"          # quote account ids
    purpose: production
regions: [eu-west-1]
rto: 4h                          # recovery objectives advised to the customer (REL-002)
rpo: 15m
compliance_scope: []             # e.g. [PCI-DSS]; empty makes ECS-013 not applicable
summary:
  problem: |
    Replace with what the customer needed.
  solution: |
    Replace with what was built on Amazon ECS.
  outcome: |
    Replace with the measurable results.
inventory:
  - inventory.json               # from 'ecspack discover -o inventory.json'
# The folder 'ecspack collect-script' wrote, when the customer ran it: the PDF
# then prints those aws CLI outputs verbatim instead of reconstructing them.
# aws_cli_outputs: aws-cli
cost:
  business_value: ""
  lines: []
# Risks the customer accepted on findings of the automated checks: a matching
# fail or warning shows as an "accepted risk" with its reason and approver and
# no longer decides the control; an expired waiver, or one that matches no
# finding, is reported. One item per accepted risk:
# waivers:
#   - check: ECS-011.read-only-root   # the finding's check id (ecspack check --format json)
#     resource: "arn:aws:ecs:*:123456789012:task-definition/log-agent:*"   # * = any characters
#     reason: The vendor's log agent writes to its root file system; it has no listener.
#     approver: Name (role) of who accepted the risk
#     expires: %s             # the last day it holds, compared with package.date
`, strings.ToUpper(cs[:1])+cs[1:], strings.ToUpper(cs[:1])+cs[1:], expires)})
		for _, c := range cat.Controls {
			if c.Scope == catalog.ScopeEveryCaseStudy || c.Scope == catalog.ScopeOneCaseStudy {
				files = append(files, scaffoldFile{base + "answers/" + c.ID + ".md", answerStub(c)})
			}
		}
	}
	return files
}

func answerStub(c catalog.Control) string {
	var b strings.Builder
	b.WriteString("---\n# attachments: [attachments/example.png]\n")
	if c.IsConditional() {
		b.WriteString("# not_applicable: state why, when the condition does not hold\n")
	}
	b.WriteString("# covers: {" + c.ID + ".e1: \"Your own heading\"}   # when a heading is not the item's words\n")
	b.WriteString("---\n<!--\n")
	fmt.Fprintf(&b, "%s — %s\n\n%s\n\n", c.ID, c.Title, c.Requirement)
	b.WriteString("Answer each item the reviewer asks for under its heading, in Markdown. Until\nevery item is answered the control counts as needing a narrative.\n-->\n")
	for _, it := range c.Evidence {
		fmt.Fprintf(&b, "\n## %s\n\n<!-- %s: %s -->\n", it.Text(), it.ID, itemHint(it))
	}
	return b.String()
}

// itemHint tells the partner, in the stub, what answers an evidence item.
func itemHint(it catalog.Item) string {
	var ways []string
	for _, s := range it.SatisfiedBy {
		switch rule, isRule := s.Rule(); {
		case isRule:
			ways = append(ways, "filled from the inventory ("+rule+") when discovery finds it")
		case s == catalog.ByNarrative:
			ways = append(ways, fmt.Sprintf("write at least %d words here", it.MinWords))
		case s == catalog.ByAttachment:
			ways = append(ways, "or name one of this answer's attachments here")
		case s == catalog.BySOP:
			ways = append(ways, "answered by the partner's SOP ecspack writes for this control")
		case s == catalog.ByCasefile:
			ways = append(ways, "answered by ecspack.yaml and case.yaml")
		}
	}
	return strings.Join(ways, "; ")
}

// sopsHint is the commented sops: block of a new ecspack.yaml: every SOP the
// checklist asks for (the catalog's SOP controls), each with a built-in
// template to adopt. Left commented out, no template is the partner's
// procedure and those controls stay needs-narrative until it is adopted.
func sopsHint(cat *catalog.Catalog) string {
	var b strings.Builder
	b.WriteString("# The standard operating procedures you present as your own. ecspack ships a\n" +
		"# template for each SOP the checklist asks for: read it, then adopt it by listing its\n" +
		"# control id here, or write \"- id: OPE-001\" with \"file: sops/your-own.md.tmpl\".\n" +
		"# An SOP not listed leaves the controls it answers needs-narrative.\n# sops:\n")
	for _, c := range cat.Controls {
		if c.SOP {
			b.WriteString("#   - " + c.ID + "\n")
		}
	}
	return b.String()
}
