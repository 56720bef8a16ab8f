package discover

import (
	"cmp"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/ecspack/ecspack/inventory"
)

// secretsmanagerOperations are the AWS Secrets Manager reads: the metadata
// of the secrets the task definitions inject (rotation, key), never a value
// (GetSecretValue is not declared, so the read-only guard refuses it).
var secretsmanagerOperations = ops("secretsmanager", "DescribeSecret")

// collectSecretsInUse describes, once the region's task definitions are
// known, each Secrets Manager secret of this region they inject.
func (r *regionRun) collectSecretsInUse() {
	if !r.run.enabled("secretsmanager") {
		return
	}
	c := secretsmanager.NewFromConfig(r.cfg)
	for _, arn := range r.b.secretsInUse() {
		r.spawn(func() {
			out, err := c.DescribeSecret(r.ctx, &secretsmanager.DescribeSecretInput{SecretId: aws.String(arn)})
			if r.failAbout("secretsmanager", err, func(g string) { r.b.addSecret(inventory.Secret{ARN: arn, Gaps: []string{g}}) }) {
				return
			}
			r.b.addSecret(secretOf(arn, out))
		})
	}
	r.wg.Wait()
}

// secretsInUse lists the secrets of the builder's region that its task
// definitions inject, as secret ARNs (a JSON key, version stage or version
// id after the ARN is dropped), sorted, each once.
func (b *builder) secretsInUse() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for _, td := range b.taskDefs {
		for _, c := range td.Containers {
			for _, s := range c.Secrets {
				if arn, ok := inventory.SecretARN(s.ValueFrom); ok && strings.Split(arn, ":")[3] == b.r.Name {
					out = append(out, arn)
				}
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// secretOf is the metadata DescribeSecret returned for the secret asked by
// arn (kept when the answer names none).
func secretOf(arn string, out *secretsmanager.DescribeSecretOutput) inventory.Secret {
	s := inventory.Secret{ARN: cmp.Or(aws.ToString(out.ARN), arn), Name: aws.ToString(out.Name), KMSKey: aws.ToString(out.KmsKeyId),
		RotationEnabled: aws.ToBool(out.RotationEnabled), LastRotated: aws.ToTime(out.LastRotatedDate).UTC()}
	if rr := out.RotationRules; rr != nil {
		s.RotationDays = int(aws.ToInt64(rr.AutomaticallyAfterDays))
	}
	return s
}

// addSecret records one secret in use, once (a later read of the same ARN
// replaces the earlier).
func (b *builder) addSecret(s inventory.Secret) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if i := slices.IndexFunc(b.r.Secrets, func(x inventory.Secret) bool { return x.ARN == s.ARN }); i >= 0 {
		b.r.Secrets[i] = s
		return
	}
	b.r.Secrets = append(b.r.Secrets, s)
}
