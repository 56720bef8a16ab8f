package discover

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"

	"github.com/ecspack/ecspack/inventory"
)

// ecrOperations are the Amazon ECR reads: repositories with their policies,
// the registry's scanning, and the images in use (ecrimages.go).
var ecrOperations = ops("ecr", "DescribeRepositories", "GetRegistryScanningConfiguration", "GetRepositoryPolicy", "GetLifecyclePolicy", "DescribeImages")

// ecrPageSize is DescribeRepositories' largest page.
const ecrPageSize = 1000

func (r *regionRun) collectECR() {
	c := ecr.NewFromConfig(r.cfg)
	r.spawn(func() {
		out, err := c.GetRegistryScanningConfiguration(r.ctx, &ecr.GetRegistryScanningConfigurationInput{})
		if !r.fail("ecr", err) {
			r.b.addRegistryScanning(out)
		}
	})
	readPages(r, "ecr", ecr.NewDescribeRepositoriesPaginator(c, &ecr.DescribeRepositoriesInput{MaxResults: aws.Int32(ecrPageSize)}), func(out *ecr.DescribeRepositoriesOutput) {
		r.b.addRepositories(out)
		for _, repo := range out.Repositories {
			name := aws.ToString(repo.RepositoryName)
			r.spawn(func() { r.collectRepositoryPolicy(c, name) })
			r.spawn(func() { r.collectLifecyclePolicy(c, name) })
		}
	})
}

func (b *builder) addRepositories(out *ecr.DescribeRepositoriesOutput) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, r := range out.Repositories {
		repo := inventory.Repository{ARN: aws.ToString(r.RepositoryArn), Name: aws.ToString(r.RepositoryName), URI: aws.ToString(r.RepositoryUri),
			TagMutability: string(r.ImageTagMutability)}
		if s := r.ImageScanningConfiguration; s != nil {
			repo.ScanOnPush = s.ScanOnPush
		}
		if e := r.EncryptionConfiguration; e != nil {
			repo.EncryptionType, repo.KMSKey = string(e.EncryptionType), aws.ToString(e.KmsKey)
		}
		b.r.ECR.Repositories = append(b.r.ECR.Repositories, repo)
	}
}

func (b *builder) addRegistryScanning(out *ecr.GetRegistryScanningConfigurationOutput) {
	b.mu.Lock()
	defer b.mu.Unlock()
	sc := &inventory.RegistryScanning{}
	if c := out.ScanningConfiguration; c != nil {
		sc.Type = string(c.ScanType)
		for _, ru := range c.Rules {
			rule := inventory.RegistryScanRule{Frequency: string(ru.ScanFrequency)}
			for _, f := range ru.RepositoryFilters {
				rule.Filters = append(rule.Filters, aws.ToString(f.Filter))
			}
			sc.Rules = append(sc.Rules, rule)
		}
	}
	b.r.ECR.Scanning = sc
}
