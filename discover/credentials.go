package discover

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
)

// ErrNoCredentials is returned (wrapped) when the credential chain yields
// nothing: no keys in the environment, no usable profile, no SSO session,
// no instance or container role. The fix is the user's (a profile, a login,
// or the offline path), so the command says that in one line instead of
// printing the SDK's chain of causes.
var ErrNoCredentials = errors.New("no AWS credentials")

// ErrUnknownProfile is returned (wrapped) when --profile (or AWS_PROFILE)
// names a profile that no shared config or credentials file defines.
var ErrUnknownProfile = errors.New("unknown AWS profile")

// checkCredentials retrieves the configuration's credentials once, before
// any call, so that a missing login is reported as such and not as the
// first API call's failure. The credentials are cached for the calls.
func checkCredentials(ctx context.Context, cfg aws.Config) error {
	if cfg.Credentials == nil {
		return fmt.Errorf("discover: %w", ErrNoCredentials)
	}
	if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("discover: %w", ctx.Err())
		}
		return fmt.Errorf("discover: %w: %w", ErrNoCredentials, err)
	}
	return nil
}

// profileError marks a configuration error that names a missing profile.
func profileError(err error) error {
	var pe config.SharedConfigProfileNotExistError
	if errors.As(err, &pe) {
		return fmt.Errorf("discover: %w %q: %w", ErrUnknownProfile, pe.Profile, err)
	}
	return err
}
