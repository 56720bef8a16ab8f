package main

import (
	"errors"
	"fmt"

	"github.com/ecspack/ecspack/discover"
)

// explainAWSLogin turns a missing login into one line that says how to fix
// it, instead of the SDK's chain of causes; other errors pass unchanged.
func explainAWSLogin(err error, profile string) error {
	switch {
	case errors.Is(err, discover.ErrUnknownProfile):
		return fmt.Errorf("AWS profile %q is not defined in the shared config or credentials files (~/.aws/config, ~/.aws/credentials): pass --profile with a profile 'aws configure list-profiles' shows, or use 'ecspack collect-script' to have the customer collect with their own credentials", profile)
	case errors.Is(err, discover.ErrNoCredentials):
		where := "no AWS credentials found (environment, AWS_PROFILE, shared config and credentials files, SSO, instance role)"
		if profile != "" {
			where = fmt.Sprintf("profile %q gave no AWS credentials (for SSO, run 'aws sso login --profile %s' first)", profile, profile)
		}
		return fmt.Errorf("%s: pass --profile PROFILE with read-only access to the customer's account ('ecspack iam-policy' prints the policy), or use 'ecspack collect-script' to have the customer collect with their own credentials", where)
	}
	return err
}
