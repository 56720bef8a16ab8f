package discover

import (
	"errors"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	ecrtypes "github.com/aws/aws-sdk-go-v2/service/ecr/types"

	"github.com/ecspack/ecspack/inventory"
)

// ecrRef is one image reference in use in this account and region's ECR:
// a repository and the tag or digest a task definition or task names.
type ecrRef struct{ repo, ref string }

// key is how a reference is named in an import folder's file names and in
// gaps: "REPOSITORY:REFERENCE" (a tag has no ':', a repository neither, so
// the first ':' separates them; a digest keeps its own "sha256:").
func (r ecrRef) key() string { return r.repo + ":" + r.ref }

func parseECRRefKey(k string) (ecrRef, bool) {
	repo, ref, ok := strings.Cut(k, ":")
	return ecrRef{repo, ref}, ok && repo != "" && ref != ""
}

func (r ecrRef) id() ecrtypes.ImageIdentifier {
	if strings.HasPrefix(r.ref, "sha256:") {
		return ecrtypes.ImageIdentifier{ImageDigest: aws.String(r.ref)}
	}
	return ecrtypes.ImageIdentifier{ImageTag: aws.String(r.ref)}
}

// parseECRImage splits an image name of the account's private registry in
// region ("ACCOUNT.dkr.ecr.REGION.amazonaws.com/NAME[:TAG|@DIGEST]", no tag
// meaning "latest") into its repository and reference. Images of other
// registries, accounts or regions are not ours to look up: ok is false.
func parseECRImage(image, account, region string) (ecrRef, bool) {
	host, rest, ok := strings.Cut(image, "/")
	if !ok || account == "" || (host != account+".dkr.ecr."+region+".amazonaws.com" && host != account+".dkr.ecr."+region+".amazonaws.com.cn") {
		return ecrRef{}, false
	}
	if name, digest, ok := strings.Cut(rest, "@"); ok {
		return ecrRef{name, digest}, name != "" && digest != ""
	}
	if i := strings.LastIndexByte(rest, ':'); i > strings.LastIndexByte(rest, '/') {
		return ecrRef{rest[:i], rest[i+1:]}, i > 0 && i < len(rest)-1
	}
	return ecrRef{rest, "latest"}, rest != ""
}

// ecrImagesInUse lists, sorted and once each, the references of the
// collected repositories that task definitions name and tasks run (a task's
// digest too: that is what it runs).
func (b *builder) ecrImagesInUse(account string) []ecrRef {
	b.mu.Lock()
	defer b.mu.Unlock()
	repos := map[string]bool{}
	for _, r := range b.r.ECR.Repositories {
		repos[r.Name] = true
	}
	seen := map[ecrRef]bool{}
	add := func(image, digest string) {
		ref, ok := parseECRImage(image, account, b.r.Name)
		if !ok || !repos[ref.repo] {
			return
		}
		seen[ref] = true
		if strings.HasPrefix(digest, "sha256:") {
			seen[ecrRef{ref.repo, digest}] = true
		}
	}
	for _, td := range b.taskDefs {
		for _, c := range td.Containers {
			add(c.Image, "")
		}
	}
	for _, t := range b.tasks {
		for _, c := range t.Containers {
			add(c.Image, c.ImageDigest)
		}
	}
	out := make([]ecrRef, 0, len(seen))
	for r := range seen {
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b ecrRef) int { return strings.Compare(a.key(), b.key()) })
	return out
}

// collectImagesInUse looks up, once the region's task definitions and tasks
// are known, each image reference they use in the region's ECR: does it
// exist, and what did its last scan find (ECS-010). One call per reference:
// DescribeImages refuses a whole batch when one image is missing.
func (r *regionRun) collectImagesInUse() {
	if !r.run.enabled("ecr") {
		return
	}
	c := ecr.NewFromConfig(r.cfg)
	for _, ref := range r.b.ecrImagesInUse(r.account) {
		r.spawn(func() {
			out, err := c.DescribeImages(r.ctx, &ecr.DescribeImagesInput{RepositoryName: aws.String(ref.repo), ImageIds: []ecrtypes.ImageIdentifier{ref.id()}})
			var nf *ecrtypes.ImageNotFoundException
			switch {
			case errors.As(err, &nf):
				r.b.addRepositoryImage(ref, nil) // a fact: no such tag or digest
			case r.failAbout("ecr", err, func(g string) { r.b.markImageGap(ref, g) }):
			default:
				r.b.addRepositoryImage(ref, out)
			}
		})
	}
	r.wg.Wait()
}

// addRepositoryImage records what ECR said about one reference; out nil
// means ImageNotFoundException.
func (b *builder) addRepositoryImage(ref ecrRef, out *ecr.DescribeImagesOutput) {
	im := inventory.RepositoryImage{Reference: ref.ref, Missing: out == nil}
	if out != nil {
		if len(out.ImageDetails) == 0 {
			// Not ECR's answer for a missing image (that is an error):
			// nothing is known about it.
			im.Gaps = []string{"ecr DescribeImages: EmptyAnswer"}
		} else {
			d := out.ImageDetails[0]
			im.Digest, im.Tags, im.PushedAt = aws.ToString(d.ImageDigest), sortedUnique(d.ImageTags), utc(d.ImagePushedAt)
			if s := d.ImageScanStatus; s != nil {
				im.ScanStatus, im.ScanStatusDescription = string(s.Status), aws.ToString(s.Description)
			}
			if f := d.ImageScanFindingsSummary; f != nil {
				im.ScanCompletedAt, im.VulnerabilitySourceUpdatedAt = utc(f.ImageScanCompletedAt), utc(f.VulnerabilitySourceUpdatedAt)
				for sev, n := range f.FindingSeverityCounts {
					if im.FindingCounts == nil {
						im.FindingCounts = map[string]int{}
					}
					im.FindingCounts[sev] = int(n)
				}
			}
		}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.repoImages[ref] = im
}

// markImageGap records a failed look-up of one reference: only the
// reference is then known.
func (b *builder) markImageGap(ref ecrRef, gap string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	im, ok := b.repoImages[ref]
	if !ok {
		im = inventory.RepositoryImage{Reference: ref.ref}
	}
	im.Gaps = append(im.Gaps, gap)
	b.repoImages[ref] = im
}

// maxRepositoryPolicy bounds a stored repository policy: ECR allows 10,240
// characters, and the snapshot holds long texts up to inventory.MaxText
// once escaped (each character at most twice as long).
const maxRepositoryPolicy = inventory.MaxText / 2

// collectRepositoryPolicy reads one repository's policy. A repository
// without one answers RepositoryPolicyNotFoundException: a fact, not a gap.
func (r *regionRun) collectRepositoryPolicy(c *ecr.Client, name string) {
	out, err := c.GetRepositoryPolicy(r.ctx, &ecr.GetRepositoryPolicyInput{RepositoryName: aws.String(name)})
	var nf *ecrtypes.RepositoryPolicyNotFoundException
	switch {
	case errors.As(err, &nf):
		r.b.addRepositoryPolicy(name, "")
	case r.failAbout("ecr", err, func(g string) { r.b.markRepositoryGap(name, g) }):
	default:
		r.b.addRepositoryPolicy(name, aws.ToString(out.PolicyText))
	}
}

// addRepositoryPolicy records a repository's policy ("" for none); a policy
// beyond maxRepositoryPolicy is not stored and is a gap.
func (b *builder) addRepositoryPolicy(name, policy string) {
	if len(policy) > maxRepositoryPolicy {
		b.markRepositoryGap(name, "ecr GetRepositoryPolicy: TooLarge")
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.repoPolicies[name] = policy
}

// collectLifecyclePolicy reads one repository's lifecycle policy. A
// repository without one answers LifecyclePolicyNotFoundException: a fact,
// not a gap.
func (r *regionRun) collectLifecyclePolicy(c *ecr.Client, name string) {
	out, err := c.GetLifecyclePolicy(r.ctx, &ecr.GetLifecyclePolicyInput{RepositoryName: aws.String(name)})
	var nf *ecrtypes.LifecyclePolicyNotFoundException
	switch {
	case errors.As(err, &nf):
		r.b.addLifecyclePolicy(name, "")
	case r.failAbout("ecr", err, func(g string) { r.b.markRepositoryGap(name, g) }):
	default:
		r.b.addLifecyclePolicy(name, aws.ToString(out.LifecyclePolicyText))
	}
}

// addLifecyclePolicy records a repository's lifecycle policy ("" for
// none); one beyond maxRepositoryPolicy is not stored and is a gap. When it
// was last evaluated is not kept: it changes with every read.
func (b *builder) addLifecyclePolicy(name, policy string) {
	if len(policy) > maxRepositoryPolicy {
		b.markRepositoryGap(name, "ecr GetLifecyclePolicy: TooLarge")
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.repoLifecycle[name] = policy
}

func (b *builder) markRepositoryGap(name, gap string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.repoGaps[name] = append(b.repoGaps[name], gap)
}

// finishRepositories attaches policies, gaps and image look-ups to the
// repositories they were read for (called by finish, locked).
func (b *builder) finishRepositories(repos []inventory.Repository) []inventory.Repository {
	repos = dedupe(repos, func(r inventory.Repository) string { return r.Name })
	for i := range repos {
		r := &repos[i]
		if p, ok := b.repoPolicies[r.Name]; ok {
			r.Policy, r.PolicyCollected = p, true
		}
		if p, ok := b.repoLifecycle[r.Name]; ok {
			r.LifecyclePolicy, r.LifecyclePolicyCollected = p, true
		}
		r.Gaps = append(r.Gaps, b.repoGaps[r.Name]...)
		for ref, im := range b.repoImages {
			if ref.repo == r.Name {
				r.Images = append(r.Images, im)
			}
		}
	}
	return repos
}
