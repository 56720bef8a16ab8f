package main

import (
	"github.com/spf13/cobra"

	"github.com/ecspack/ecspack/inventory"
	"github.com/ecspack/ecspack/inventory/synth"
)

func newSynthCmd(a *app) *cobra.Command {
	var o synth.Options
	var out string
	cmd := &cobra.Command{
		Use:   "synth --services N --seed S -o FILE",
		Short: "Generate a realistic synthetic snapshot (for benchmarks and large-estate demos)",
		Long: `synth writes a synthetic inventory snapshot: services spread over clusters, VPCs,
AZs, regions and accounts, about five tasks per service, a mix of Fargate, Fargate
Spot and EC2 capacity, load balancers, EFS, roles, repositories and alarms, with a
realistic share of defects so the checks have work to do. The same options and seed
always give the same file.

` + exitCodesHelp,
		Example: "  ecspack synth --services 1000 --seed 7 -o estate.json\n  ecspack build --inventory estate.json -o out",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkSnapshotOut(out); err != nil {
				return err
			}
			s, err := synth.Generate(o)
			if err != nil {
				return badInput(err)
			}
			data, err := inventory.Marshal(s)
			if err != nil {
				return err
			}
			if err := writeFileAtomic(out, data); err != nil {
				return err
			}
			a.progress("ecspack: wrote %s (%d services)", out, o.Services)
			return nil
		},
	}
	f := cmd.Flags()
	f.IntVar(&o.Services, "services", 10, "number of ECS services")
	f.IntVar(&o.Clusters, "clusters", 0, "clusters per account-region (default: one per 25 services)")
	f.IntVar(&o.VPCs, "vpcs", 1, "VPCs per account-region")
	f.IntVar(&o.Regions, "regions", 1, "regions per account")
	f.IntVar(&o.Accounts, "accounts", 1, "accounts")
	f.Uint64Var(&o.Seed, "seed", 1, "random seed")
	f.Float64Var(&o.DefectRate, "defect-rate", 0.1, "share of resources with a planted defect (0 to 1)")
	f.StringVarP(&out, "output", "o", "", "snapshot `FILE` to write")
	return cmd
}
