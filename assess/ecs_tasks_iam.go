package assess

import (
	"fmt"
	"github.com/ecspack/ecspack/estate"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/ecspack/ecspack/inventory"
)

// The ECS-005 checks that read a task role's policies for what least
// privilege rules out most clearly: a way to gain more privilege, and a
// trust policy any account's tasks could use. Registered in taskChecks
// (ecs_tasks.go).

// escalationActions each let a principal grant itself (or a principal it
// controls) more permissions or another identity's credentials.
var escalationActions = []string{
	"iam:AddUserToGroup", "iam:AttachGroupPolicy", "iam:AttachRolePolicy", "iam:AttachUserPolicy",
	"iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:CreatePolicyVersion", "iam:PutGroupPolicy",
	"iam:PutRolePolicy", "iam:PutUserPolicy", "iam:SetDefaultPolicyVersion", "iam:UpdateAssumeRolePolicy",
	"iam:UpdateLoginProfile",
}

// passRoleLaunchers are actions that start compute with a role of the
// caller's choosing: with iam:PassRole they run code under any passable role.
var passRoleLaunchers = []string{
	"cloudformation:CreateStack", "codebuild:CreateProject", "ec2:RunInstances", "ecs:CreateService",
	"ecs:RegisterTaskDefinition", "ecs:RunTask", "ecs:StartTask", "ecs:UpdateService", "glue:CreateDevEndpoint",
	"lambda:CreateFunction", "sagemaker:CreateNotebookInstance",
}

// actionMatches reports whether an IAM action pattern ("iam:*", "iam:Put*",
// "*") covers an action, ignoring case as IAM does.
func actionMatches(pattern, action string) bool {
	ok, _ := path.Match(strings.ToLower(strings.TrimSpace(pattern)), strings.ToLower(action))
	return ok
}

// allowedActions returns which of the wanted actions a set of policy
// statements allows: some Allow statement names it (by Action, or by not
// excluding it in NotAction), and no unconditional Deny on every resource
// names it.
func allowedActions(stmts []estate.PolicyStatement, wanted []string) []string {
	var out []string
	for _, a := range wanted {
		allowed, denied := false, false
		for _, st := range stmts {
			matches := slices.ContainsFunc(st.Action, func(p string) bool { return actionMatches(p, a) })
			if len(st.NotAction) > 0 {
				matches = !slices.ContainsFunc(st.NotAction, func(p string) bool { return actionMatches(p, a) })
			}
			switch {
			case !matches:
			case strings.EqualFold(st.Effect, "Allow"):
				allowed = true
			case strings.EqualFold(st.Effect, "Deny") && st.Condition == nil && slices.Contains(st.Resource, "*"):
				denied = true
			}
		}
		if allowed && !denied {
			out = append(out, a)
		}
	}
	return out
}

// roleStatements gathers the statements of a role's collected policy
// documents; unread names those that could not be parsed.
func roleStatements(role *inventory.Role) (stmts []estate.PolicyStatement, unread []string) {
	for _, p := range slices.Concat(role.InlinePolicies, role.AttachedPolicies) {
		if p.Document == "" {
			continue
		}
		st, err := estate.ParsePolicy(p.Document)
		if err != nil {
			unread = append(unread, cmpName(p))
			continue
		}
		stmts = append(stmts, st...)
	}
	return stmts, unread
}

// cmpName names a policy by its name, else its ARN's last part.
func cmpName(p inventory.Policy) string {
	if p.Name != "" {
		return p.Name
	}
	return inventory.ShortName(p.ARN)
}

func checkPrivilegeEscalation(in *Input) []Finding {
	const ev = "iam:GetRolePolicy, iam:ListAttachedRolePolicies, iam:GetPolicyVersion (task roles; AWS managed policy documents are not read)"
	var fs []Finding
	ps := &wlPasses{evidence: ev, summary: "task roles grant no privilege-escalation path"}
	for _, use := range taskRoleUses(in) {
		role := in.Estate.Role(use.arn)
		if role == nil {
			continue // reported once by ECS-005.least-privilege
		}
		name, fams := inventory.ShortName(use.arn), listUpTo(use.families, 5)
		stmts, unread := roleStatements(role)
		paths := allowedActions(stmts, escalationActions)
		if len(allowedActions(stmts, []string{"iam:PassRole"})) > 0 {
			for _, l := range allowedActions(stmts, passRoleLaunchers) {
				paths = append(paths, "iam:PassRole with "+l)
			}
		}
		switch {
		case len(paths) > 0:
			fs = append(fs, Finding{Outcome: Fail, Resource: use.arn,
				Message:     fmt.Sprintf("task role %s (family %s) can escalate its privileges: %s — code in the container could grant itself, or run under, broader permissions", name, fams, listUpTo(paths, 6)),
				Evidence:    ev,
				Remediation: "remove these IAM actions from the task role; if the application must launch tasks or functions, scope iam:PassRole to the one role it passes (Resource: that role's ARN, Condition iam:PassedToService)"})
		case len(unread) > 0:
			fs = append(fs, Finding{Outcome: Warn, Resource: use.arn,
				Message:     fmt.Sprintf("task role %s (family %s): %s could not be parsed, so privilege escalation is unverified", name, fams, strings.Join(unread, ", ")),
				Evidence:    ev,
				Remediation: "check the policy documents; collect the inventory again with `ecspack discover`"})
		default:
			ps.add(use.arn, fmt.Sprintf("task role %s (family %s) allows no IAM policy, credential or PassRole-with-launch action in the policy documents collected", name, fams))
		}
	}
	return append(fs, ps.findings()...)
}

// sourceConditionKeys are the global condition keys that tie a service
// principal's assume-role request to the account or resource it acts for.
var sourceConditionKeys = []string{"aws:sourceaccount", "aws:sourcearn", "aws:sourceorgid", "aws:sourceorgpaths"}

// hasSourceCondition reports whether a statement's Condition tests one of
// sourceConditionKeys under any operator.
func hasSourceCondition(cond any) bool {
	ops, ok := cond.(map[string]any)
	if !ok {
		return false
	}
	for _, op := range slices.Sorted(maps.Keys(ops)) {
		keys, ok := ops[op].(map[string]any)
		if !ok {
			continue
		}
		for k := range keys {
			if slices.Contains(sourceConditionKeys, strings.ToLower(k)) {
				return true
			}
		}
	}
	return false
}

func checkConfusedDeputy(in *Input) []Finding {
	const ev = "iam:GetRole AssumeRolePolicyDocument Condition"
	var fs []Finding
	ps := &wlPasses{evidence: ev, summary: "task role trust policies carry aws:SourceAccount or aws:SourceArn"}
	for _, use := range taskRoleUses(in) {
		role := in.Estate.Role(use.arn)
		if role == nil || strings.TrimSpace(role.TrustPolicy) == "" {
			continue // reported once by ECS-005.least-privilege
		}
		stmts, err := estate.ParsePolicy(role.TrustPolicy)
		if err != nil {
			continue // reported by ECS-005.trust
		}
		name := inventory.ShortName(use.arn)
		trusts, bound := false, true
		for _, st := range stmts {
			if !strings.EqualFold(st.Effect, "Allow") || !slices.Contains(st.Principal.Kinds["Service"], "ecs-tasks.amazonaws.com") {
				continue
			}
			trusts = true
			if !hasSourceCondition(st.Condition) {
				bound = false
			}
		}
		switch {
		case !trusts:
			// ECS-005.trust reports a role tasks cannot assume
		case !bound:
			fs = append(fs, Finding{Outcome: Warn, Resource: use.arn,
				Message:     fmt.Sprintf("task role %s trusts ecs-tasks.amazonaws.com without an aws:SourceAccount or aws:SourceArn condition, so the service could be asked to assume it on behalf of another account (the confused deputy problem)", name),
				Evidence:    ev,
				Remediation: `add "Condition": {"StringEquals": {"aws:SourceAccount": "<account>"}, "ArnLike": {"aws:SourceArn": "arn:aws:ecs:<region>:<account>:*"}} to the trust statement`})
		default:
			ps.add(use.arn, fmt.Sprintf("task role %s binds its ecs-tasks.amazonaws.com trust to a source account or ARN", name))
		}
	}
	return append(fs, ps.findings()...)
}
