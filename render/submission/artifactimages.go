package submission

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/inventory"
	"github.com/ecspack/ecspack/render/pdf"
)

// imageUse is one image reference the services run, with its repository.
type imageUse struct {
	image    string
	region   *estate.Region
	repo     *inventory.Repository
	repoName string
	services []string
}

// imagesUsed lists the distinct image references of the services'
// task definitions, by image, with the services that run each.
func imagesUsed(e *estate.Estate) []*imageUse {
	by := map[string]*imageUse{}
	for _, s := range e.Services() {
		for _, ref := range s.Images() {
			key := s.AccountID() + "/" + s.RegionName() + "/" + ref.Image
			u := by[key]
			if u == nil {
				u = &imageUse{image: ref.Image, region: s.Region, repo: ref.Repository, repoName: ref.RepositoryName}
				by[key] = u
			}
			if !slices.Contains(u.services, s.Name()) {
				u.services = append(u.services, s.Name())
			}
		}
	}
	keys := slices.Sorted(maps.Keys(by))
	out := make([]*imageUse, 0, len(keys))
	for _, k := range keys {
		sort.Strings(by[k].services)
		out = append(out, by[k])
	}
	return out
}

// scanFacts are the scan columns of one image: status and findings, or why
// they are unknown.
func scanFacts(u *imageUse) (status, findings string) {
	switch {
	case u.repo == nil && u.repoName == "":
		return "not in Amazon ECR: not scanned by ECR", "—"
	case u.repo == nil:
		return "not collected (repository outside the snapshot)", "—"
	}
	img := estate.RepositoryImage(u.repo, u.image)
	switch {
	case img == nil:
		return "not collected (image not looked up)", "—"
	case len(img.Gaps) > 0:
		return "not collected (" + strings.Join(img.Gaps, "; ") + ")", "—"
	case img.Missing:
		return "image not found in the repository", "—"
	case img.ScanStatus == "":
		return "never scanned", "—"
	}
	status = img.ScanStatus
	if !img.ScanCompletedAt.IsZero() {
		status += " at " + img.ScanCompletedAt.UTC().Format("2006-01-02 15:04 UTC")
	}
	var parts []string
	for _, sev := range []string{"CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL", "UNDEFINED"} {
		if n := img.FindingCounts[sev]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", strings.ToLower(sev), n))
		}
	}
	findings = strings.Join(parts, ", ")
	if findings == "" && img.ScanStatus == "COMPLETE" {
		findings = "none"
	}
	return status, orDash(findings)
}

func imagesInUse(d *pdf.Document, e *estate.Estate, when string) {
	uses := imagesUsed(e)
	if len(uses) == 0 {
		d.Paragraph("No service's task definition in the snapshot names an image.")
		return
	}
	d.Spans([]pdf.Span{{Text: fmt.Sprintf("The images the services' task definitions name, their scan status in Amazon ECR and the repository policies, from the snapshot of %s (ECR DescribeImages, GetRepositoryPolicy, GetRegistryScanningConfiguration).", when), Italic: true}})
	rows := make([][]string, 0, len(uses))
	for _, u := range uses {
		status, findings := scanFacts(u)
		rows = append(rows, []string{u.image, strings.Join(u.services, ", "), status, findings})
	}
	d.Table([]string{"Image", "Services", "Scan status", "Findings"}, rows, pdf.TableOptions{Widths: []float64{40, 20, 22, 18}, FontSize: 7.5})
	for _, rg := range e.Regions {
		if !regionUsesECR(uses, rg) {
			continue
		}
		d.Spans([]pdf.Span{{Text: fmt.Sprintf("Registry scanning, account %s, %s: ", rg.AccountID(), rg.Name()), Bold: true}, {Text: registryScanning(rg.Region.ECR.Scanning)}})
	}
	var repos []*inventory.Repository
	for _, u := range uses {
		if u.repo != nil && !slices.Contains(repos, u.repo) {
			repos = append(repos, u.repo)
		}
	}
	slices.SortFunc(repos, func(a, b *inventory.Repository) int { return strings.Compare(a.ARN, b.ARN) })
	for i, repo := range repos {
		if i == maxFullDocuments {
			reposSummary(d, repos[i:])
			break
		}
		d.Spans([]pdf.Span{{Text: "Repository " + repo.Name, Bold: true}, {Text: fmt.Sprintf(" — scan on push %s, tags %s", onOff(repo.ScanOnPush), orDash(strings.ToLower(repo.TagMutability)))}})
		switch {
		case !repo.PolicyCollected:
			d.Spans([]pdf.Span{{Text: "Repository policy: not collected" + gapsSuffix(repo.Gaps) + ".", Italic: true, Colour: &pdf.Red}})
		case strings.TrimSpace(repo.Policy) == "":
			d.Paragraph("Repository policy: none (access follows the account's IAM policies only).")
		default:
			policyBlock(d, "Repository policy", repo.Policy)
		}
	}
}

func regionUsesECR(uses []*imageUse, rg *estate.Region) bool {
	for _, u := range uses {
		if u.region == rg && u.repoName != "" {
			return true
		}
	}
	return false
}

func registryScanning(s *inventory.RegistryScanning) string {
	if s == nil {
		return "not collected."
	}
	var rules []string
	for _, r := range s.Rules {
		rule := strings.ToLower(strings.ReplaceAll(r.Frequency, "_", " "))
		if len(r.Filters) > 0 {
			rule += " (" + strings.Join(r.Filters, ", ") + ")"
		}
		rules = append(rules, rule)
	}
	if len(rules) == 0 {
		return strings.ToLower(s.Type) + ", no rules."
	}
	return strings.ToLower(s.Type) + "; " + strings.Join(rules, "; ") + "."
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

func gapsSuffix(gaps []string) string {
	if len(gaps) == 0 {
		return ""
	}
	return " (" + strings.Join(gaps, "; ") + " failed)"
}

// reposSummary lists the repositories past maxFullDocuments in a table.
func reposSummary(d *pdf.Document, repos []*inventory.Repository) {
	d.Paragraph(fmt.Sprintf("%d more repositories, summarised; their policies are in the inventory snapshot (ecr.repositories).", len(repos)))
	rows := make([][]string, 0, len(repos))
	for _, repo := range repos {
		pol := "present"
		switch {
		case !repo.PolicyCollected:
			pol = "not collected" + gapsSuffix(repo.Gaps)
		case strings.TrimSpace(repo.Policy) == "":
			pol = "none"
		}
		rows = append(rows, []string{repo.Name, onOff(repo.ScanOnPush), orDash(strings.ToLower(repo.TagMutability)), pol})
	}
	d.Table([]string{"Repository", "Scan on push", "Tags", "Repository policy"}, rows, pdf.TableOptions{Widths: []float64{45, 15, 15, 25}, FontSize: 7.5})
}
