package assess

import (
	"fmt"
	"github.com/ecspack/ecspack/estate"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/ecspack/ecspack/inventory"
)

// taskChecks returns the checks of ECS-005 (a least-privilege task role per
// family) and ECS-006 (task sizes: reservations and limits).
func taskChecks() []Check {
	return []Check{
		{ID: "ECS-005.task-role", Run: checkTaskRole, Judges: "Every task definition family in use has a task role"},
		{ID: "ECS-005.shared-role", Run: checkSharedRole, Judges: "No task role shared across families"},
		{ID: "ECS-005.least-privilege", Run: checkRolePolicies, Judges: "Task role policies avoid wildcards"},
		{ID: "ECS-005.trust", Run: checkRoleTrust, Judges: "Task role trust limited to ecs-tasks.amazonaws.com"},
		{ID: "ECS-005.privilege-escalation", Run: checkPrivilegeEscalation, Judges: "Task roles grant no IAM privilege-escalation action or combination (iam:PassRole with a launch action, policy or credential changes)"},
		{ID: "ECS-005.confused-deputy", Run: checkConfusedDeputy, Judges: "Task role trust policies bind ecs-tasks.amazonaws.com to your account or cluster (aws:SourceAccount / aws:SourceArn; a warning)"},
		{ID: "ECS-005.imdsv2", Run: checkIMDSv2, Judges: "EC2 container instances require IMDSv2, so containers cannot borrow the instance role (Security Hub EC2.8)"},
		{ID: "ECS-006.task-size", Run: checkTaskSize, Judges: "Task and container CPU and memory reservations and limits"},
	}
}

// readOnlyVerbs start the names of IAM actions that do not change anything.
var readOnlyVerbs = []string{"Get", "List", "Describe", "Head", "BatchGet", "Query", "Scan", "Select", "Search", "Lookup", "View", "Read", "Check", "Validate", "Receive", "Filter", "Preview"}

// isWriteAction reports whether an IAM action (service:Name, maybe with
// wildcards) may change something.
func isWriteAction(a string) bool {
	_, name, ok := strings.Cut(a, ":")
	if !ok || name == "*" || name == "" {
		return true
	}
	for _, v := range readOnlyVerbs {
		if strings.HasPrefix(name, v) {
			return false
		}
	}
	return true
}

// policyIssue is one least-privilege problem found in a role's policies.
type policyIssue struct {
	outcome Outcome
	text    string
}

// policyIssues judges one policy document of a role.
func policyIssues(name, doc string) ([]policyIssue, error) {
	stmts, err := estate.ParsePolicy(doc)
	if err != nil {
		return nil, err
	}
	var out []policyIssue
	for i, st := range stmts {
		if !strings.EqualFold(st.Effect, "Allow") {
			continue
		}
		id := fmt.Sprintf("%s statement %d", name, i+1)
		if st.Sid != "" {
			id = fmt.Sprintf("%s statement %q", name, st.Sid)
		}
		if slices.Contains(st.Action, "*") {
			out = append(out, policyIssue{Fail, id + ` allows Action "*" (every action of every service)`})
			continue
		}
		if len(st.NotAction) > 0 {
			out = append(out, policyIssue{Warn, fmt.Sprintf("%s allows everything except NotAction %s", id, strings.Join(st.NotAction, ", "))})
			continue
		}
		var wild []string
		for _, a := range st.Action {
			if strings.HasSuffix(a, ":*") {
				wild = append(wild, a)
			}
		}
		if len(wild) > 0 {
			out = append(out, policyIssue{Warn, fmt.Sprintf("%s allows every action of a service (%s)", id, strings.Join(wild, ", "))})
			continue
		}
		if slices.Contains(st.Resource, "*") {
			var writes []string
			for _, a := range st.Action {
				if isWriteAction(a) {
					writes = append(writes, a)
				}
			}
			if len(writes) > 0 {
				out = append(out, policyIssue{Warn, fmt.Sprintf(`%s allows write actions (%s) on Resource "*"`, id, listUpTo(writes, 5))})
			}
		}
	}
	return out, nil
}

// broadManagedPolicy judges an AWS managed policy by name: administrator and
// power-user access fail, other *FullAccess policies warn.
func broadManagedPolicy(p inventory.Policy) (Outcome, bool) {
	name := p.Name
	if name == "" {
		name = inventory.ShortName(p.ARN)
	}
	switch {
	case name == "AdministratorAccess" || name == "PowerUserAccess" || name == "IAMFullAccess":
		return Fail, true
	case strings.HasSuffix(name, "FullAccess"):
		return Warn, true
	}
	return "", false
}

// ---------------------------------------------------------------- roles of task definitions

// taskRoleUse is a task role with the families (account/family) that use it.
type taskRoleUse struct {
	arn      string
	families []string
	tds      []string
}

// taskRoleUses lists the task roles of task definitions in use, by ARN.
func taskRoleUses(in *Input) []*taskRoleUse {
	m := map[string]*taskRoleUse{}
	for _, u := range wlTaskDefs(in) {
		arn := u.td.TaskRoleARN
		if arn == "" {
			continue
		}
		r := m[arn]
		if r == nil {
			r = &taskRoleUse{arn: arn}
			m[arn] = r
		}
		if !slices.Contains(r.families, u.td.Family) {
			r.families = append(r.families, u.td.Family)
		}
		r.tds = append(r.tds, u.td.ARN)
	}
	out := make([]*taskRoleUse, 0, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		sort.Strings(m[k].families)
		out = append(out, m[k])
	}
	return out
}

// ---------------------------------------------------------------- ECS-005

func checkTaskRole(in *Input) []Finding {
	const ev = "ecs:DescribeTaskDefinition taskRoleArn, executionRoleArn, requiresCompatibilities"
	keys, fams := wlFamilies(in)
	if len(keys) == 0 {
		return []Finding{{Outcome: Warn, Resource: caseID(in), Message: "no task definition in use found in the inventory, so task roles cannot be verified", Evidence: ev,
			Remediation: "collect the inventory where the workload's services run"}}
	}
	var fs []Finding
	ps := &wlPasses{evidence: ev, summary: "task definition families have their own task role"}
	for _, k := range keys {
		// every revision in use is judged, each named: a rolling deployment's
		// old revision runs too.
		var bad []Finding
		var ok string
		for _, u := range fams[k] {
			rev := inventory.ShortName(u.td.ARN)
			switch {
			case u.td.TaskRoleARN == "" && u.use.FargateOnly():
				bad = append(bad, Finding{Outcome: Warn, Resource: u.td.ARN,
					Message:     fmt.Sprintf("task definition %s (%s %s) has no task role: its containers get no AWS credentials, which is fine only if they call no AWS API", rev, k.account, k.region),
					Evidence:    ev,
					Remediation: "give the family its own task role with only the permissions it needs (taskRoleArn), or state in the ECS-005 answer that it calls no AWS API"})
			case u.td.TaskRoleARN == "":
				bad = append(bad, Finding{Outcome: Fail, Resource: u.td.ARN,
					Message:     fmt.Sprintf("task definition %s (%s %s) can run on EC2 and has no task role: its containers fall back to the container instance's role and share its permissions", rev, k.account, k.region),
					Evidence:    ev,
					Remediation: "set taskRoleArn to a role dedicated to this family, and block container access to the instance metadata (ECS_AWSVPC_BLOCK_IMDS / ECS_ENABLE_TASK_IAM_ROLE_NETWORK_HOST=false)"})
			case u.td.TaskRoleARN == u.td.ExecutionRoleARN:
				bad = append(bad, Finding{Outcome: Warn, Resource: u.td.ARN,
					Message:     fmt.Sprintf("task definition %s (%s %s) uses the same role %s as task role and execution role: the application gets the agent's permissions (image pulls, secrets, logs)", rev, k.account, k.region, inventory.ShortName(u.td.TaskRoleARN)),
					Evidence:    ev,
					Remediation: "split them: an execution role for ECS (pull, logs, secrets) and a separate least-privilege task role for the application"})
			default:
				ok = fmt.Sprintf("family %s uses task role %s (%s)", k, inventory.ShortName(u.td.TaskRoleARN), rev)
			}
		}
		if len(bad) > 0 {
			fs = append(fs, bad...)
		} else {
			ps.add(fams[k][0].td.ARN, ok)
		}
	}
	return append(fs, ps.findings()...)
}

func checkSharedRole(in *Input) []Finding {
	const ev = "ecs:DescribeTaskDefinition family, taskRoleArn"
	var fs []Finding
	ps := &wlPasses{evidence: ev, summary: "task roles are each used by one family"}
	for _, r := range taskRoleUses(in) {
		if len(r.families) > 1 {
			fs = append(fs, Finding{Outcome: Fail, Resource: r.arn,
				Message:     fmt.Sprintf("task role %s is shared by %d task definition families (%s): each family gets the union of their permissions", inventory.ShortName(r.arn), len(r.families), listUpTo(r.families, 10)),
				Evidence:    ev,
				Remediation: "create one task role per family with only the permissions that family needs, and point each family's taskRoleArn to its own role"})
			continue
		}
		ps.add(r.arn, fmt.Sprintf("task role %s is used by family %s only", inventory.ShortName(r.arn), r.families[0]))
	}
	return append(fs, ps.findings()...)
}

func checkRolePolicies(in *Input) []Finding {
	const ev = "iam:GetRolePolicy, iam:ListAttachedRolePolicies, iam:GetPolicyVersion (task roles)"
	var fs []Finding
	ps := &wlPasses{evidence: ev, summary: "task roles have scoped policies without wildcards"}
	for _, use := range taskRoleUses(in) {
		role := in.Estate.Role(use.arn)
		name := inventory.ShortName(use.arn)
		fams := listUpTo(use.families, 5)
		if role == nil {
			fs = append(fs, Finding{Outcome: Info, Resource: use.arn,
				Message: fmt.Sprintf("task role %s (family %s) was not collected, so its policies could not be checked", name, fams), Evidence: ev})
			continue
		}
		var issues []policyIssue
		var unread []string
		for _, p := range role.InlinePolicies {
			is, err := policyIssues("inline policy "+p.Name, p.Document)
			if err != nil {
				unread = append(unread, "inline policy "+p.Name)
			}
			issues = append(issues, is...)
		}
		for _, p := range role.AttachedPolicies {
			pname := p.Name
			if pname == "" {
				pname = inventory.ShortName(p.ARN)
			}
			if o, broad := broadManagedPolicy(p); broad && (p.AWSManaged || strings.HasPrefix(p.ARN, "arn:aws:iam::aws:")) {
				issues = append(issues, policyIssue{o, "AWS managed policy " + pname + " is attached"})
				continue
			}
			if p.Document == "" {
				continue
			}
			is, err := policyIssues("policy "+pname, p.Document)
			if err != nil {
				unread = append(unread, "policy "+pname)
			}
			issues = append(issues, is...)
		}
		worst := Pass
		var texts []string
		for _, is := range issues {
			if is.outcome == Fail {
				worst = Fail
			} else if worst != Fail {
				worst = Warn
			}
			texts = append(texts, is.text)
		}
		switch {
		case worst == Pass && len(unread) > 0:
			fs = append(fs, Finding{Outcome: Warn, Resource: use.arn,
				Message:     fmt.Sprintf("task role %s (family %s): %s could not be parsed as IAM policy JSON, so least privilege is unverified", name, fams, strings.Join(unread, ", ")),
				Evidence:    ev,
				Remediation: "check the policy documents; collect the inventory again with `ecspack discover`"})
		case worst == Pass:
			ps.add(use.arn, fmt.Sprintf("task role %s (family %s) has %d inline and %d attached policies with no wildcard action and no write action on every resource", name, fams, len(role.InlinePolicies), len(role.AttachedPolicies)))
		default:
			fs = append(fs, Finding{Outcome: worst, Resource: use.arn,
				Message:     fmt.Sprintf("task role %s (family %s) is broader than least privilege: %s", name, fams, listUpTo(texts, 5)),
				Evidence:    ev,
				Remediation: "replace wildcards with the specific actions the application calls and the ARNs of the resources it uses; detach AdministratorAccess/PowerUserAccess/*FullAccess from task roles (IAM Access Analyzer can generate a policy from CloudTrail activity)"})
		}
	}
	return append(fs, ps.findings()...)
}

func checkRoleTrust(in *Input) []Finding {
	const ev = "iam:GetRole AssumeRolePolicyDocument"
	var fs []Finding
	ps := &wlPasses{evidence: ev, summary: "task roles trust only ecs-tasks.amazonaws.com"}
	for _, use := range taskRoleUses(in) {
		role := in.Estate.Role(use.arn)
		name := inventory.ShortName(use.arn)
		if role == nil || strings.TrimSpace(role.TrustPolicy) == "" {
			continue // reported once by ECS-005.least-privilege
		}
		stmts, err := estate.ParsePolicy(role.TrustPolicy)
		if err != nil {
			fs = append(fs, Finding{Outcome: Warn, Resource: use.arn,
				Message: fmt.Sprintf("the trust policy of task role %s could not be parsed: %v", name, err), Evidence: ev,
				Remediation: "check the role's trust policy; it should allow sts:AssumeRole to the service principal ecs-tasks.amazonaws.com only"})
			continue
		}
		anyone := false
		var others []string
		hasTasks := false
		for _, st := range stmts {
			if !strings.EqualFold(st.Effect, "Allow") {
				continue
			}
			if st.Principal.Any {
				anyone = true
			}
			for _, kind := range slices.Sorted(maps.Keys(st.Principal.Kinds)) {
				for _, p := range st.Principal.Kinds[kind] {
					switch {
					case p == "*":
						anyone = true
					case kind == "Service" && p == "ecs-tasks.amazonaws.com":
						hasTasks = true
					default:
						others = append(others, kind+" "+p)
					}
				}
			}
		}
		switch {
		case anyone:
			fs = append(fs, Finding{Outcome: Fail, Resource: use.arn,
				Message:     fmt.Sprintf("task role %s trusts any principal (\"*\"): anyone able to call sts:AssumeRole could take its permissions", name),
				Evidence:    ev,
				Remediation: `restrict the trust policy to {"Service": "ecs-tasks.amazonaws.com"}, with aws:SourceAccount / aws:SourceArn conditions`})
		case len(others) > 0:
			fs = append(fs, Finding{Outcome: Warn, Resource: use.arn,
				Message:     fmt.Sprintf("task role %s is also assumable by %s, not only by ecs-tasks.amazonaws.com", name, listUpTo(others, 5)),
				Evidence:    ev,
				Remediation: "give other principals their own roles; a task role's trust policy should name only ecs-tasks.amazonaws.com"})
		case !hasTasks:
			fs = append(fs, Finding{Outcome: Warn, Resource: use.arn,
				Message:     fmt.Sprintf("task role %s does not trust ecs-tasks.amazonaws.com, so tasks cannot assume it", name),
				Evidence:    ev,
				Remediation: `add {"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"} to the trust policy`})
		default:
			ps.add(use.arn, fmt.Sprintf("task role %s trusts only ecs-tasks.amazonaws.com", name))
		}
	}
	return append(fs, ps.findings()...)
}

// ---------------------------------------------------------------- ECS-006

// parseCPU reads a task CPU size ("256", "1 vCPU", "0.5 vcpu") in CPU units; 0 when unset or unreadable.
func parseCPU(s string) int {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return 0
	}
	if v, ok := strings.CutSuffix(s, "vcpu"); ok {
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			return 0
		}
		return int(f * 1024)
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0
	}
	return n
}

// parseMemory reads a task memory size ("512", "2 GB", "2gb", "0.5 GB") in MiB; 0 when unset or unreadable.
func parseMemory(s string) int {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return 0
	}
	for _, suf := range []string{"gb", "gib", "g"} {
		if v, ok := strings.CutSuffix(s, suf); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil {
				return 0
			}
			return int(f * 1024)
		}
	}
	for _, suf := range []string{"mb", "mib", "m"} {
		if v, ok := strings.CutSuffix(s, suf); ok {
			s = strings.TrimSpace(v)
			break
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0
	}
	return n
}

// ec2ContainerSizing judges, for a task definition that runs on EC2 (where
// task-level cpu and memory are optional), whether its containers' own
// reservations and limits size it: without a task cpu, each container
// should reserve CPU units; without a task memory, a container with only a
// memoryReservation has no hard limit and can take the instance's memory.
// A container with neither memory setting is ECS-006's fail elsewhere.
func ec2ContainerSizing(td *inventory.TaskDefinition, cpu, mem int) (warns []string) {
	for _, c := range td.Containers {
		if cpu == 0 && c.CPU == 0 {
			warns = append(warns, fmt.Sprintf("container %s reserves no CPU units and the task has no cpu: the scheduler places it without a CPU reservation", c.Name))
		}
		if mem == 0 && c.Memory == 0 && c.MemoryReservation > 0 {
			warns = append(warns, fmt.Sprintf("container %s has a memoryReservation of %d MiB but no memory limit and the task has no memory size: it can use all of its instance's memory", c.Name, c.MemoryReservation))
		}
	}
	return warns
}

func checkTaskSize(in *Input) []Finding {
	const ev = "ecs:DescribeTaskDefinition cpu, memory, containerDefinitions[].cpu, memory, memoryReservation"
	uses := wlTaskDefs(in)
	if len(uses) == 0 {
		return []Finding{{Outcome: Warn, Resource: caseID(in), Message: "no task definition in use found in the inventory, so task sizes cannot be verified", Evidence: ev,
			Remediation: "collect the inventory where the workload's services run"}}
	}
	var fs []Finding
	ps := &wlPasses{evidence: ev, summary: "task definitions set task and container reservations and limits"}
	for _, u := range uses {
		td := u.td
		cpu, mem := parseCPU(td.CPU), parseMemory(td.Memory)
		fargate := u.use.UsesFargate()
		var fails, warns, sizes []string
		switch {
		case (cpu == 0 || mem == 0) && fargate:
			what := "task cpu and memory are not set"
			if cpu != 0 {
				what = "task memory is not set"
			} else if mem != 0 {
				what = "task cpu is not set"
			}
			fails = append(fails, what+" (Fargate requires both)")
		case !fargate:
			warns = append(warns, ec2ContainerSizing(td, cpu, mem)...)
		}
		sumMem, sumCPU := 0, 0
		for _, c := range td.Containers {
			switch {
			case c.Memory == 0 && c.MemoryReservation == 0 && mem == 0:
				fails = append(fails, fmt.Sprintf("container %s has neither memory nor memoryReservation and the task has no memory size", c.Name))
			case c.Memory == 0 && c.MemoryReservation == 0 && len(td.Containers) > 1:
				warns = append(warns, fmt.Sprintf("container %s has neither memory nor memoryReservation: it competes for the task's memory unchecked", c.Name))
			case c.Memory > 0 && c.MemoryReservation > c.Memory:
				fails = append(fails, fmt.Sprintf("container %s reserves %d MiB, above its %d MiB limit", c.Name, c.MemoryReservation, c.Memory))
			}
			if c.Memory > 0 {
				sumMem += c.Memory
			} else {
				sumMem += c.MemoryReservation
			}
			sumCPU += c.CPU
			sizes = append(sizes, fmt.Sprintf("%s cpu %d, memory %d/reservation %d", c.Name, c.CPU, c.Memory, c.MemoryReservation))
		}
		if mem > 0 && sumMem > mem {
			fails = append(fails, fmt.Sprintf("the containers' memory adds up to %d MiB, above the task's %d MiB", sumMem, mem))
		}
		if cpu > 0 && sumCPU > cpu {
			fails = append(fails, fmt.Sprintf("the containers' cpu adds up to %d units, above the task's %d", sumCPU, cpu))
		}
		rev := inventory.ShortName(td.ARN)
		loc := fmt.Sprintf("%s (%s %s)", rev, u.rv.Account, u.rv.Region.Name)
		switch {
		case len(fails) > 0:
			fs = append(fs, Finding{Outcome: Fail, Resource: td.ARN,
				Message:     fmt.Sprintf("task definition %s: %s", loc, strings.Join(append(fails, warns...), "; ")),
				Evidence:    ev,
				Remediation: "set task-level cpu and memory from measured usage (Container Insights), give each container a memoryReservation (soft limit) and memory (hard limit) with reservation ≤ limit, and keep the containers' sums within the task size"})
		case len(warns) > 0:
			fs = append(fs, Finding{Outcome: Warn, Resource: td.ARN,
				Message:     fmt.Sprintf("task definition %s: %s", loc, strings.Join(warns, "; ")),
				Evidence:    ev,
				Remediation: "set task-level cpu and memory and per-container memoryReservation/memory from measured usage (Container Insights)"})
		default:
			size := fmt.Sprintf("sizes the task at %s CPU units / %s MiB", orDash(td.CPU), orDash(td.Memory))
			if cpu == 0 && mem == 0 {
				size = "sizes each container (no task-level size)"
			}
			ps.add(td.ARN, fmt.Sprintf("task definition %s %s; containers: %s", loc, size, listUpTo(sizes, 5)))
		}
	}
	return append(fs, ps.findings()...)
}
