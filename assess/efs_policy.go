package assess

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/ecspack/ecspack/estate"
)

// efsPolicyChecks judge the resource policies (efs:DescribeFileSystemPolicy)
// of the file systems the tasks mount: whether they open the file system to
// every principal (ECS-021: storage "only accessible to applications that
// need it") and whether they refuse connections without TLS (NETSEC-002:
// encryption in transit).
func efsPolicyChecks() []Check {
	return []Check{
		{ID: "ECS-021.efs-policy", Run: checkEFSPolicyAccess, Judges: "The file system policies of the EFS file systems the tasks mount grant no access to every principal (\"*\") without a condition (prowler efs_not_publicly_accessible; no policy at all is a warning)"},
		{ID: "NETSEC-002.efs-policy-tls", Run: checkEFSPolicyTLS, Judges: "The file system policies of the EFS file systems the tasks mount deny connections without TLS (aws:SecureTransport false; a warning: the volumes' own transit encryption is NETSEC-002.efs-in-transit)"},
	}
}

const efsPolicyEv = "efs:DescribeFileSystemPolicy Policy of the file systems the task definitions in use mount"

// efsPolicyFile is one mounted file system with its parsed policy, or why
// its policy is unknown.
type efsPolicyFile struct {
	res, name, users string
	none             bool // the file system has no policy
	statements       []estate.PolicyStatement
	unknown          string // why the policy is unknown; "" when it is known
}

// efsPolicies returns the file systems the tasks mount, with their policies.
// No file system mounted, no finding: as the other ECS-021 checks of the
// mounted file systems, the checks then do not apply.
func efsPolicies(in *Input) []efsPolicyFile {
	var out []efsPolicyFile
	for _, u := range efsUses(in) {
		p := efsPolicyFile{res: u.fsID, name: "EFS file system " + u.fsID, users: summarize(u.families)}
		f := u.rv.Index.FileSystem(u.fsID)
		switch {
		case f == nil:
			p.unknown = "it is not in the inventory"
		case len(f.Gaps) > 0:
			p.unknown = "a read failed (" + strings.Join(f.Gaps, "; ") + ")"
		case !f.PolicyCollected:
			p.unknown = "DescribeFileSystemPolicy was not collected"
		case f.Policy == "":
			p.none = true
		default:
			st, err := estate.ParsePolicy(f.Policy)
			if err != nil {
				p.unknown = "its policy does not parse (" + err.Error() + ")"
			}
			p.statements = st
		}
		if f != nil {
			p.res = cmp.Or(f.ARN, f.ID)
			if f.Name != "" {
				p.name += " (" + f.Name + ")"
			}
		}
		out = append(out, p)
	}
	return out
}

// anyPrincipal reports whether a statement's principal is everyone: "*" or
// {"AWS": "*"}.
func anyPrincipal(p estate.Principal) bool {
	return p.Any || slices.Contains(p.Kinds["AWS"], "*")
}

// conditionless reports whether a statement's Condition is absent or empty.
func conditionless(c any) bool {
	m, ok := c.(map[string]any)
	return c == nil || (ok && len(m) == 0)
}

func checkEFSPolicyAccess(in *Input) []Finding {
	var fs []Finding
	for _, p := range efsPolicies(in) {
		f := Finding{Resource: p.res, Evidence: efsPolicyEv}
		var open []string
		for i, st := range p.statements {
			if strings.EqualFold(st.Effect, "Allow") && anyPrincipal(st.Principal) && conditionless(st.Condition) {
				open = append(open, cmp.Or(st.Sid, fmt.Sprintf("#%d", i+1)))
			}
		}
		switch {
		case p.unknown != "":
			f.Outcome, f.Message = Info, fmt.Sprintf("%s (mounted by %s): whether its policy limits access is unknown — %s", p.name, p.users, p.unknown)
		case p.none:
			f.Outcome = Warn
			f.Message = fmt.Sprintf("%s (mounted by %s) has no file system policy: any client its mount targets' security groups admit may mount and write it, IAM identity or not", p.name, p.users)
			f.Remediation = "aws efs put-file-system-policy with statements that allow elasticfilesystem:ClientMount/ClientWrite to the task roles that need it (and require aws:SecureTransport), or rely on the security groups and say so in the ECS-021 answer"
		case len(open) > 0:
			f.Outcome = Fail
			f.Message = fmt.Sprintf("%s (mounted by %s): its policy allows every principal (\"*\") without a condition (statement %s): access is limited only by the network", p.name, p.users, strings.Join(open, ", "))
			f.Remediation = "name the task roles that need the file system as principals, or add a condition (elasticfilesystem:AccessedViaMountTarget, aws:PrincipalArn, aws:SourceVpc) to the statement"
		default:
			f.Outcome, f.Message = Pass, fmt.Sprintf("%s (mounted by %s): its policy grants no access to every principal without a condition", p.name, p.users)
		}
		fs = append(fs, f)
	}
	return boundFindings(fs)
}

// deniesPlainTransport reports whether a statement denies everyone every
// file system action (or mounting) over a connection without TLS.
func deniesPlainTransport(st estate.PolicyStatement) bool {
	if !strings.EqualFold(st.Effect, "Deny") || !anyPrincipal(st.Principal) {
		return false
	}
	if !slices.ContainsFunc(st.Action, func(a string) bool {
		return a == "*" || strings.EqualFold(a, "elasticfilesystem:*") || strings.EqualFold(a, "elasticfilesystem:ClientMount")
	}) {
		return false
	}
	cond, _ := st.Condition.(map[string]any)
	for op, kv := range cond {
		if !strings.EqualFold(op, "Bool") && !strings.EqualFold(op, "BoolIfExists") {
			continue
		}
		m, _ := kv.(map[string]any)
		for k, v := range m {
			if strings.EqualFold(k, "aws:SecureTransport") && (v == "false" || slices.Contains(anyStrings(v), "false")) {
				return true
			}
		}
	}
	return false
}

// anyStrings returns the strings of a JSON list value.
func anyStrings(v any) []string {
	l, _ := v.([]any)
	var out []string
	for _, x := range l {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func checkEFSPolicyTLS(in *Input) []Finding {
	var fs []Finding
	for _, p := range efsPolicies(in) {
		f := Finding{Resource: p.res, Evidence: efsPolicyEv}
		switch {
		case p.unknown != "":
			f.Outcome, f.Message = Info, fmt.Sprintf("%s (mounted by %s): whether its policy refuses connections without TLS is unknown — %s", p.name, p.users, p.unknown)
		case slices.ContainsFunc(p.statements, deniesPlainTransport):
			f.Outcome, f.Message = Pass, fmt.Sprintf("%s (mounted by %s): its policy denies every connection without TLS (aws:SecureTransport false)", p.name, p.users)
		default:
			what := "its policy does not deny connections without TLS"
			if p.none {
				what = "it has no file system policy, so nothing refuses a connection without TLS"
			}
			f.Outcome = Warn
			f.Message = fmt.Sprintf("%s (mounted by %s): %s — only each client's own mount options encrypt the traffic", p.name, p.users, what)
			f.Remediation = `add to the file system policy {"Effect":"Deny","Principal":{"AWS":"*"},"Action":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}} (aws efs put-file-system-policy), after every client mounts with TLS`
		}
		fs = append(fs, f)
	}
	return boundFindings(fs)
}
