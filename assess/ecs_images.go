package assess

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/inventory"
)

// usedImage is one image reference in use from a repository of the
// snapshot, with what ECR said about it (nil: not looked up).
type usedImage struct {
	ru    *repoUse
	image string
	res   string
	found *inventory.RepositoryImage
}

// usedImages lists the private ECR image references in use whose repository
// the snapshot holds, repository by repository.
func usedImages(in *Input) []usedImage {
	var out []usedImage
	for _, ru := range usedRepositories(in) {
		if ru.repo == nil {
			continue // reported by ECS-010.scanning
		}
		res := ru.resource()
		for _, img := range ru.images {
			out = append(out, usedImage{ru: ru, image: img, res: res, found: estate.RepositoryImage(ru.repo, img)})
		}
	}
	return out
}

// label names an image in use and its users for messages.
func (u usedImage) label() string {
	return fmt.Sprintf("image %s:%s (%s, used by %s)", u.ru.repo.Name, estate.ImageReference(u.image), u.ru.loc, listUpTo(u.ru.imgTDs[u.image], 5))
}

// unknownImage is the finding of an image whose ECR record was not collected.
func (u usedImage) unknownImage(ev, what string) Finding {
	why := "its DescribeImages record was not collected"
	if u.found != nil {
		why = "DescribeImages failed (" + strings.Join(u.found.Gaps, "; ") + ")"
	}
	return Finding{Outcome: Warn, Resource: u.res, Evidence: ev,
		Message:     fmt.Sprintf("%s: %s is unknown — %s", u.label(), what, why),
		Remediation: "collect the inventory again with ecr:DescribeImages allowed to the discovery role, or attach aws ecr describe-images --image-ids output for the tags in use"}
}

// checkImageScanResults judges ECS-010's "free of known vulnerabilities":
// every image in use must have a completed scan without critical or high
// findings; an image never scanned fails; a scan that could not run, or
// results not collected, warn.
func checkImageScanResults(in *Input) []Finding {
	const ev = "ecr:DescribeImages imageScanStatus, imageScanFindingsSummary.findingSeverityCounts (images in use)"
	var fs []Finding
	ps := &wlPasses{evidence: ev, summary: "images in use were scanned without critical or high findings"}
	for _, u := range usedImages(in) {
		img := u.found
		switch {
		case img == nil || len(img.Gaps) > 0:
			fs = append(fs, u.unknownImage(ev, "its scan result"))
		case img.Missing:
			continue // reported by ECS-010.image-in-repository
		case img.FindingCounts["CRITICAL"]+img.FindingCounts["HIGH"] > 0:
			fs = append(fs, Finding{Outcome: Fail, Resource: u.res, Evidence: ev,
				Message:     fmt.Sprintf("%s has known vulnerabilities: %s (scan %s)", u.label(), severityCounts(img.FindingCounts), orDash(img.ScanStatus)),
				Remediation: "rebuild the image on a patched base image and updated dependencies, scan it, and deploy the new digest; block deployment of images with critical or high findings in the pipeline"})
		case img.ScanStatus == "" && img.FindingCounts == nil:
			fs = append(fs, Finding{Outcome: Fail, Resource: u.res, Evidence: ev,
				Message:     u.label() + " was never scanned: whether it carries known vulnerabilities is not shown",
				Remediation: "scan the image (aws ecr start-image-scan, or enhanced scanning with continuous rescans) and keep scanning on push for new images"})
		case !slices.Contains([]string{"COMPLETE", "ACTIVE"}, strings.ToUpper(img.ScanStatus)):
			fs = append(fs, Finding{Outcome: Warn, Resource: u.res, Evidence: ev,
				Message:     fmt.Sprintf("%s has no usable scan result: scan status %s %s", u.label(), img.ScanStatus, img.ScanStatusDescription),
				Remediation: "rescan the image (aws ecr start-image-scan) or rebuild it on a base image the scanner supports"})
		default:
			msg := fmt.Sprintf("%s was scanned (%s) with no critical or high finding", u.label(), img.ScanStatus)
			if len(img.FindingCounts) > 0 {
				msg += ": " + severityCounts(img.FindingCounts)
			}
			ps.add(u.res, msg)
		}
	}
	return append(fs, ps.findings()...)
}

// severities orders ECR finding severities, worst first.
var severities = []string{"CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL", "UNDEFINED"}

// severityCounts words finding counts worst first: "1 critical, 3 high".
func severityCounts(m map[string]int) string {
	var parts []string
	for _, s := range severities {
		if n := m[s]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, strings.ToLower(s)))
		}
	}
	return strings.Join(parts, ", ")
}

// checkImageInRepository judges the item's "image versions in ECR should
// match versions specified in task definition files": each tag or digest
// a task definition runs must exist in its repository.
func checkImageInRepository(in *Input) []Finding {
	const ev = "ecr:DescribeImages imageIds (tags and digests task definitions name)"
	var fs []Finding
	ps := &wlPasses{evidence: ev, summary: "image tags and digests in use exist in their repositories"}
	for _, u := range usedImages(in) {
		switch img := u.found; {
		case img == nil || len(img.Gaps) > 0:
			fs = append(fs, u.unknownImage(ev, "whether it exists in the repository"))
		case img.Missing:
			fs = append(fs, Finding{Outcome: Fail, Resource: u.res, Evidence: ev,
				Message:     fmt.Sprintf("%s names %s, which does not exist in repository %s: a new task cannot pull it (lifecycle policy or tag overwritten?)", u.label(), estate.ImageReference(u.image), u.ru.repo.Name),
				Remediation: "push the image again or register a task definition revision that names an existing tag or digest, and exclude images in use from the repository's lifecycle policy"})
		default:
			ps.add(u.res, fmt.Sprintf("%s exists in the repository (digest %s)", u.label(), orDash(img.Digest)))
		}
	}
	return append(fs, ps.findings()...)
}

// accountInPrincipal finds the account id in an AWS principal (an account
// id, or an ARN).
var accountInPrincipal = regexp.MustCompile(`^(?:arn:aws[a-z-]*:(?:iam|sts)::)?(\d{12})\b`)

// policyPullers judges a repository policy: who else may pull. public is
// set by an Allow to "*" without a condition; accounts are other accounts
// (and conditioned "*" grants) an Allow statement names.
func policyPullers(doc, own string) (public bool, others []string, err error) {
	sts, err := estate.ParsePolicy(doc)
	if err != nil {
		return false, nil, err
	}
	for _, s := range sts {
		if !strings.EqualFold(s.Effect, "Allow") {
			continue
		}
		aws := s.Principal.Kinds["AWS"]
		if s.Principal.Any || slices.Contains(aws, "*") {
			if s.Condition == nil {
				public = true
			} else {
				others = append(others, `"*" under a condition`)
			}
			continue
		}
		for _, p := range aws {
			if m := accountInPrincipal.FindStringSubmatch(p); m != nil && m[1] != own && !slices.Contains(others, m[1]) {
				others = append(others, m[1])
			}
		}
	}
	return public, others, nil
}

// checkRepositoryPolicy judges who else may pull the images in use: a
// public ("*") grant fails, a cross-account grant warns (the partner must
// justify it), a policy not collected is unknown.
func checkRepositoryPolicy(in *Input) []Finding {
	const ev = "ecr:GetRepositoryPolicy (repositories in use)"
	var fs []Finding
	ps := &wlPasses{evidence: ev, summary: "repository policies of the images in use allow no public or cross-account pull"}
	for _, ru := range usedRepositories(in) {
		if ru.repo == nil {
			continue // reported by ECS-010.scanning
		}
		res := ru.resource()
		name := fmt.Sprintf("repository %s (%s, used by %s)", ru.repo.Name, ru.loc, listUpTo(ru.tds, 5))
		own, _, _ := strings.Cut(ru.loc, " ")
		if !ru.repo.PolicyCollected {
			why := "GetRepositoryPolicy was not collected"
			if len(ru.repo.Gaps) > 0 {
				why = "GetRepositoryPolicy failed (" + strings.Join(ru.repo.Gaps, "; ") + ")"
			}
			fs = append(fs, Finding{Outcome: Warn, Resource: res, Evidence: ev,
				Message:     name + " has a repository policy that is unknown: " + why,
				Remediation: "allow ecr:GetRepositoryPolicy to the discovery role and collect again, or attach aws ecr get-repository-policy output"})
			continue
		}
		if ru.repo.Policy == "" {
			ps.add(res, name+" has no repository policy: only principals of its own account with IAM permissions can pull")
			continue
		}
		public, others, err := policyPullers(ru.repo.Policy, own)
		switch {
		case err != nil:
			fs = append(fs, Finding{Outcome: Warn, Resource: res, Evidence: ev, Message: name + " has a repository policy that could not be parsed: " + err.Error(),
				Remediation: "attach aws ecr get-repository-policy output and explain who may pull"})
		case public:
			fs = append(fs, Finding{Outcome: Fail, Resource: res, Evidence: ev, Message: name + ` has a repository policy that allows anyone (Principal "*") to use it`,
				Remediation: "remove the \"*\" principal from the repository policy; grant pull to named accounts or to the organization (aws:PrincipalOrgID) only"})
		case len(others) > 0:
			fs = append(fs, Finding{Outcome: Warn, Resource: res, Evidence: ev, Message: name + " has a repository policy that lets other accounts pull: " + strings.Join(others, ", "),
				Remediation: "keep cross-account pull to the accounts that run the workload and describe why in the ECS-010 answer, or limit it with aws:PrincipalOrgID"})
		default:
			ps.add(res, name+" has a repository policy that grants only principals of its own account")
		}
	}
	return append(fs, ps.findings()...)
}

// checkLifecyclePolicy judges whether each repository in use keeps what it
// stores in check (Security Hub ECR.3): without a lifecycle policy old and
// untagged images pile up, and the repository no longer shows which images
// are expected. A policy not collected is unknown.
func checkLifecyclePolicy(in *Input) []Finding {
	const ev = "ecr:GetLifecyclePolicy (repositories in use)"
	var fs []Finding
	ps := &wlPasses{evidence: ev, summary: "repositories in use have a lifecycle policy"}
	for _, ru := range usedRepositories(in) {
		if ru.repo == nil {
			continue // reported by ECS-010.scanning
		}
		res := ru.resource()
		name := fmt.Sprintf("repository %s (%s, used by %s)", ru.repo.Name, ru.loc, listUpTo(ru.tds, 5))
		switch {
		case !ru.repo.LifecyclePolicyCollected:
			why := "GetLifecyclePolicy was not collected"
			if len(ru.repo.Gaps) > 0 {
				why = "a read failed (" + strings.Join(ru.repo.Gaps, "; ") + ")"
			}
			fs = append(fs, Finding{Outcome: Warn, Resource: res, Evidence: ev,
				Message:     name + " has a lifecycle policy that is unknown: " + why,
				Remediation: "allow ecr:GetLifecyclePolicy to the discovery role and collect again, or attach aws ecr get-lifecycle-policy output"})
		case ru.repo.LifecyclePolicy == "":
			fs = append(fs, Finding{Outcome: Warn, Resource: res, Evidence: ev,
				Message:     name + " has no lifecycle policy: untagged and superseded images are kept without limit",
				Remediation: "add a lifecycle policy that expires untagged images and keeps the last N releases, with the tags in use excluded (aws ecr put-lifecycle-policy)"})
		default:
			ps.add(res, name+" has a lifecycle policy")
		}
	}
	return append(fs, ps.findings()...)
}
