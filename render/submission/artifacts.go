package submission

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/inventory"
	"github.com/ecspack/ecspack/render/pdf"
)

// Artifacts the checklist names (issue 17): ECS-006 asks for an example task
// definition, ECS-005 for the task roles' scope, ECS-010 for the repository
// policies and scan status of the images in use. They are generated from the
// case study's snapshot, one appendix section per case study, and each
// control links to its artifact. What the snapshot does not hold is said to
// be not collected, never left out silently.

// artifactKinds are the artifacts in the order they are printed, with the
// control that asks for each.
var artifactKinds = []struct{ kind, control, title string }{
	{"taskdef", "ECS-006", "Example task definition"},
	{"roles", "ECS-005", "Task roles and their policy documents"},
	{"images", "ECS-010", "Images in use: repositories, policies and scans"},
}

func artifactAnchor(kind, caseID string) string { return "artifact/" + kind + "/" + caseID }

// artifactLinks are the "See also" links of a control to its artifacts.
func (r *renderer) artifactLinks(caseID, control string) (texts, anchors []string) {
	for _, cv := range r.cases {
		if cv.cs.ID != caseID || cv.view == nil {
			continue
		}
		for _, a := range artifactKinds {
			if a.control == control {
				texts = append(texts, a.title)
				anchors = append(anchors, artifactAnchor(a.kind, caseID))
			}
		}
	}
	return texts, anchors
}

// artifacts is the appendix of artifacts, after the CLI outputs.
func (r *renderer) artifacts(d *pdf.Document, letter string) error {
	title := "Appendix " + letter + " — Artifacts the checklist names"
	d.HeadingWithOptions(1, title, pdf.HeadingOptions{ID: "appendix/artifacts"})
	d.Paragraph("The checklist asks to see an example task definition (ECS-006), the task roles' policies (ECS-005) and the repository policies and scan status of the images in use (ECS-010). They are generated here from each case study's inventory snapshot; what the snapshot does not hold is marked as not collected.")
	for i, cv := range r.cases {
		if i > 0 {
			d.Spacer(3)
		}
		d.HeadingWithOptions(2, fmt.Sprintf("Case study %d — %s", cv.n, cv.name), pdf.HeadingOptions{ID: "artifact/" + cv.cs.ID})
		d.SetRunningHeader(fmt.Sprintf("Appendix %s — Artifacts · %s", letter, cv.name))
		snap := cv.cs.Inventory
		if snap == nil || cv.view == nil {
			d.Paragraph("No inventory snapshot was supplied for this case study, so its artifacts cannot be shown.")
			continue
		}
		when := collectionTime(snap.Collection.StartedAt, snap.Collection.FinishedAt)
		for _, a := range artifactKinds {
			d.HeadingWithOptions(3, fmt.Sprintf("%s (%s)", a.title, a.control), pdf.HeadingOptions{ID: artifactAnchor(a.kind, cv.cs.ID)})
			var err error
			switch a.kind {
			case "taskdef":
				err = exampleTaskDefinition(d, cv.view, when)
			case "roles":
				taskRolePolicies(d, cv.view, when)
			case "images":
				imagesInUse(d, cv.view, when)
			}
			if err != nil {
				return fmt.Errorf("artifacts of %s: %w", cv.cs.ID, err)
			}
		}
	}
	d.PageBreak()
	return nil
}

// exampleService is the service whose task definition is the example: the
// first by name (then cluster, region, account) whose task definition the
// snapshot holds, so the choice is stable and any reader can redo it.
func exampleService(e *estate.Estate) *estate.Service {
	var svcs []*estate.Service
	for _, s := range e.Services() {
		if s.TaskDef != nil && !s.TaskDef.NotCollected {
			svcs = append(svcs, s)
		}
	}
	slices.SortFunc(svcs, func(a, b *estate.Service) int {
		return cmp.Or(strings.Compare(a.Name(), b.Name()), strings.Compare(a.ClusterName(), b.ClusterName()),
			strings.Compare(a.RegionName(), b.RegionName()), strings.Compare(a.AccountID(), b.AccountID()))
	})
	if len(svcs) == 0 {
		return nil
	}
	return svcs[0]
}

func exampleTaskDefinition(d *pdf.Document, e *estate.Estate, when string) error {
	s := exampleService(e)
	if s == nil {
		d.Paragraph("The snapshot holds no task definition of a service (none was collected), so no example can be shown.")
		return nil
	}
	td := s.TaskDef
	out, err := describeTaskDefinitionOutput(td)
	if err != nil {
		return err
	}
	ref := fmt.Sprintf("%s:%d", td.Family, td.Revision)
	d.Paragraph(fmt.Sprintf("The task definition %s of service %s (cluster %s, account %s, %s): the first service by name whose task definition the snapshot holds, so the same snapshot always gives the same example.",
		ref, s.Name(), s.ClusterName(), s.AccountID(), s.RegionName()))
	d.Spans([]pdf.Span{{Text: "Reconstructed from the snapshot of " + when + ". ", Italic: true},
		{Text: "Secrets are shown by reference (valueFrom); environment variable values are never collected, so each prints as \"" + envValueWithheld + "\". Fields the snapshot does not record are left out.", Italic: true}})
	command(d, fmt.Sprintf("aws ecs describe-task-definition --task-definition %s --region %s", ref, s.RegionName()))
	d.Code(out)
	return nil
}

func taskRolePolicies(d *pdf.Document, e *estate.Estate, when string) {
	users := map[string][]string{} // role ARN -> task definition families
	for _, s := range e.Services() {
		if arn := s.TaskRole().ARN; arn != "" && s.TaskDef != nil && !slices.Contains(users[arn], s.TaskDef.Family) {
			users[arn] = append(users[arn], s.TaskDef.Family)
		}
	}
	if len(users) == 0 {
		d.Paragraph("No service's task definition in the snapshot names a task role.")
		return
	}
	d.Spans([]pdf.Span{{Text: fmt.Sprintf("The task roles the services' task definitions name, with the policy documents the snapshot of %s holds (IAM GetRole, GetRolePolicy, GetPolicyVersion).", when), Italic: true}})
	arns := make([]string, 0, len(users))
	for arn := range users {
		arns = append(arns, arn)
		slices.Sort(users[arn])
	}
	slices.Sort(arns)
	for i, arn := range arns {
		fams := users[arn]
		if i == maxFullDocuments {
			rolesSummary(d, e, arns[i:], users)
			break
		}
		d.Spans([]pdf.Span{{Text: arn, Mono: true, Bold: true}})
		d.Paragraph("Used by the task definition families " + strings.Join(fams, ", ") + ".")
		role := e.Role(arn)
		if role == nil {
			d.Spans([]pdf.Span{{Text: "Not collected: the snapshot does not hold this role.", Italic: true, Colour: &pdf.Red}})
			continue
		}
		rolePolicies(d, role)
	}
}

// maxFullDocuments bounds the roles and repository policies printed in
// full: a large estate's hundred roles would fill fifty pages no reviewer
// reads. The rest are summarised in a table; their documents are in the
// snapshot, which travels with the package.
const maxFullDocuments = 10

// rolesSummary lists the roles past maxFullDocuments: name, users, policies.
func rolesSummary(d *pdf.Document, e *estate.Estate, arns []string, users map[string][]string) {
	d.Paragraph(fmt.Sprintf("%d more task roles, summarised; their documents are in the inventory snapshot (iam.roles).", len(arns)))
	rows := make([][]string, 0, len(arns))
	for _, arn := range arns {
		role := e.Role(arn)
		if role == nil {
			rows = append(rows, []string{arn, strings.Join(users[arn], ", "), "not collected"})
			continue
		}
		var pols []string
		for _, p := range role.InlinePolicies {
			pols = append(pols, "inline "+p.Name)
		}
		for _, p := range role.AttachedPolicies {
			pols = append(pols, "attached "+p.Name)
		}
		if len(role.Gaps) > 0 {
			pols = append(pols, "incomplete: "+strings.Join(role.Gaps, "; "))
		}
		rows = append(rows, []string{arn, strings.Join(users[arn], ", "), orDash(strings.Join(pols, "\n"))})
	}
	d.Table([]string{"Role", "Task definition families", "Policies"}, rows, pdf.TableOptions{Widths: []float64{45, 25, 30}, FontSize: 7.5})
}

func rolePolicies(d *pdf.Document, role *inventory.Role) {
	if len(role.Gaps) > 0 {
		d.Spans([]pdf.Span{{Text: "Incomplete: " + strings.Join(role.Gaps, "; ") + " failed during collection.", Italic: true, Colour: &pdf.Red}})
	}
	if role.TrustPolicy != "" {
		policyBlock(d, "Trust policy (who may assume the role)", role.TrustPolicy)
	}
	if len(role.InlinePolicies) == 0 && len(role.AttachedPolicies) == 0 {
		d.Paragraph("The role has no inline or attached policy in the snapshot.")
	}
	for _, p := range role.InlinePolicies {
		policyBlock(d, "Inline policy "+p.Name, p.Document)
	}
	for _, p := range role.AttachedPolicies {
		name := "Attached policy " + cmp.Or(p.ARN, p.Name)
		if p.Document == "" {
			why := "its document was not collected"
			if p.AWSManaged {
				why = "an AWS managed policy; its document is AWS's and was not collected"
			}
			d.Paragraph(name + ": " + why + ".")
			continue
		}
		policyBlock(d, name, p.Document)
	}
}

// policyBlock prints a policy document indented as the aws CLI prints it;
// one that is not JSON is printed as stored, so nothing is hidden.
func policyBlock(d *pdf.Document, name, doc string) {
	d.Spans([]pdf.Span{{Text: name, Bold: true}})
	if strings.TrimSpace(doc) == "" {
		d.Paragraph("Not collected: the snapshot holds no document for it.")
		return
	}
	if out, err := indentJSON(doc); err == nil {
		d.CodeWith(out, pdf.CodeOptions{Lang: pdf.CodeJSON})
		return
	}
	d.CodeWith(doc, pdf.CodeOptions{Lang: pdf.CodeText})
}
