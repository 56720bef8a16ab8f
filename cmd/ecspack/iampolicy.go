package main

import (
	"github.com/spf13/cobra"

	"github.com/ecspack/ecspack/discover"
)

// newIAMPolicyCmd is `ecspack iam-policy`: the least-privilege policy for discover.
func newIAMPolicyCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "iam-policy",
		Short: "Print the least-privilege IAM policy 'ecspack discover' needs",
		Long: `iam-policy prints an IAM policy document (JSON) that allows exactly the read
operations 'ecspack discover' calls — each action named, no wildcards — generated
from the same table the read-only guard enforces. Attach it to the role or user
discover runs as (with --role-arn, to the role in each account). It also grants
pricing:GetProducts, which only 'ecspack prices --refresh' uses; a role that only
runs discover may leave it out.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			b, err := discover.IAMPolicyJSON()
			if err != nil {
				return err
			}
			_, err = a.stdout.Write(b)
			return err
		},
	}
}
