package main

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/ecspack/ecspack/cost"
)

// newPricesCmd is `ecspack prices`: print the price table the cost model
// uses (the embedded one, or a --prices override after validating it), so a
// partner can see the source and date of every unit price and start an
// override from it.
func newPricesCmd() *cobra.Command {
	var format, file string
	cmd := &cobra.Command{
		Use:   "prices [--format text|json|yaml] [--prices FILE]",
		Short: "Print the dated price table the cost model uses",
		Long: `prices prints the price table behind the cost model (COST-001): its source and
date, the named assumptions (hours per month, Spot discounts, load balancer capacity
units, NAT data), and per region the on-demand prices of Fargate (per vCPU-hour and
GB-hour, by OS and CPU architecture), load balancers, NAT gateways and EC2 instance
types.

Without --prices it prints the table embedded in ecspack. With --prices FILE it
validates FILE (same shape, YAML or JSON) and prints it; errors name the file and
line. --format yaml prints the embedded file as shipped, a starting point for an
override; --format json prints the parsed table.

` + exitCodesHelp,
		Example: "  ecspack prices\n  ecspack prices --format yaml > my-prices.yaml\n  ecspack prices --prices my-prices.yaml --format json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var (
				p   *cost.Prices
				err error
			)
			if file != "" {
				p, err = cost.ReadPricesFile(file)
			} else {
				p, err = cost.EmbeddedPrices()
			}
			if err != nil {
				return badInput(err)
			}
			out := cmd.OutOrStdout()
			switch format {
			case "text", "":
				return writePricesText(out, p)
			case "json":
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				return enc.Encode(p)
			case "yaml":
				if file != "" {
					return badInput(fmt.Errorf("--format yaml prints the embedded table as shipped; your file %s is already YAML or JSON", file))
				}
				src, err := cost.EmbeddedPricesSource()
				if err != nil {
					return err
				}
				_, err = out.Write(src)
				return err
			default:
				return badInput(fmt.Errorf("--format %q: expected text, json or yaml", format))
			}
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output `FORMAT`: text, json or yaml")
	cmd.Flags().StringVar(&file, "prices", "", "price table `FILE` to validate and print instead of the embedded one")
	return cmd
}

func writePricesText(w io.Writer, p *cost.Prices) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "Source:\t%s\nDate:\t%s\nCurrency:\t%s\n\nAssumptions\n", p.Source, p.Date, p.Currency)
	for _, k := range cost.AssumptionKeys() {
		fmt.Fprintf(tw, "  %s\t%v\n", k, p.Assumptions[k])
	}
	regions := make([]string, 0, len(p.Regions))
	for r := range p.Regions {
		regions = append(regions, r)
	}
	slices.Sort(regions)
	for _, r := range regions {
		rp := p.Regions[r]
		fmt.Fprintf(tw, "\n%s\n", r)
		for _, k := range sorted(rp.Fargate) {
			f := rp.Fargate[k]
			fmt.Fprintf(tw, "  Fargate %s\t%v per vCPU-hour\t%v per GB-hour\n", k, f.VCPUHour, f.GBHour)
		}
		if rp.FargateEphemeralGBHour > 0 {
			fmt.Fprintf(tw, "  Fargate ephemeral storage\t%v per GB-hour above 20 GB\t\n", rp.FargateEphemeralGBHour)
		}
		if rp.ECSAnywhereInstanceHour > 0 {
			fmt.Fprintf(tw, "  ECS Anywhere\t%v per instance-hour\t\n", rp.ECSAnywhereInstanceHour)
		}
		for _, k := range sorted(rp.LoadBalancer) {
			l := rp.LoadBalancer[k]
			fmt.Fprintf(tw, "  Load balancer %s\t%v per hour\t%v per capacity unit-hour\n", k, l.Hour, l.LCUHour)
		}
		if n := rp.NATGateway; n != nil {
			fmt.Fprintf(tw, "  NAT gateway\t%v per hour\t%v per GB processed\n", n.Hour, n.GBProcessed)
		}
		for _, t := range sorted(rp.EC2) {
			fmt.Fprintf(tw, "  EC2 %s\t%v per instance-hour\t\n", t, rp.EC2[t])
		}
	}
	return tw.Flush()
}

func sorted[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}
