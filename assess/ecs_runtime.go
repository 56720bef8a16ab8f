package assess

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/inventory"
)

// runtimeAgents are the runtime security tools ECS-011 recognises in a task
// definition, by image (a substring of the reference) or container name, or
// — for an agent whose security module is optional — by the plain
// environment variable that turns the module on (names only are collected).
var runtimeAgents = []struct {
	tool   string
	images []string
	names  []string
	env    []string
}{
	{tool: "Falco", images: []string{"falco"}, names: []string{"falco"}},
	{tool: "Sysdig", images: []string{"sysdig"}, names: []string{"sysdig-agent"}},
	{tool: "Aqua", images: []string{"aquasec", "aqua-enforcer", "aqua-sidecar", "tracee"}, names: []string{"aqua-sidecar", "aqua-enforcer"}},
	{tool: "Prisma Cloud (Twistlock)", images: []string{"twistlock", "prismacloud"}, names: []string{"twistlock-defender", "prisma-defender"}},
	{tool: "CrowdStrike Falcon", images: []string{"falcon-sensor", "falcon-container", "crowdstrike"}, names: []string{"falcon-container"}},
	{tool: "Datadog security agent", images: []string{"datadog/agent", "datadog-agent"}, env: []string{"DD_RUNTIME_SECURITY_CONFIG_ENABLED"}},
	{tool: "Lacework", images: []string{"lacework/datacollector"}},
	{tool: "Wiz sensor", images: []string{"wiz-sensor"}},
	{tool: "Qualys container sensor", images: []string{"qualys/qcs-sensor"}},
}

// runtimeAgent names the runtime security tool a container runs, or "".
func runtimeAgent(c *inventory.ContainerDefinition) string {
	img, name := strings.ToLower(c.Image), strings.ToLower(c.Name)
	for _, a := range runtimeAgents {
		hit := slices.ContainsFunc(a.images, func(p string) bool { return strings.Contains(img, p) }) ||
			slices.ContainsFunc(a.names, func(n string) bool { return name == n || strings.HasPrefix(name, n+"-") })
		if hit && (len(a.env) == 0 || slices.ContainsFunc(c.EnvironmentNames, func(e string) bool { return slices.Contains(a.env, e) })) {
			return a.tool
		}
	}
	return ""
}

// coverage is what protects one capacity kind of a cluster: covered, missing
// (a fact: nothing protects it) or unknown (what would show it was not
// collected). why says which.
type coverage struct {
	state string // "covered", "missing", "unknown"
	why   string
}

// guardDuty is a region's GuardDuty state for ECS-011.
type guardDuty struct {
	det     *inventory.Detector // the enabled detector; nil when none
	unknown string              // why GuardDuty's state is unknown
	off     string              // why Runtime Monitoring does not run
}

// regionGuardDuty reads the enabled detector of a region, or says why there
// is none or why that is unknown.
func regionGuardDuty(in *Input, rv RegionView) guardDuty {
	var g guardDuty
	for i := range rv.Region.GuardDuty {
		if d := &rv.Region.GuardDuty[i]; strings.EqualFold(d.Status, "ENABLED") {
			g.det = d
		} else if len(d.Gaps) > 0 && g.unknown == "" {
			g.unknown = fmt.Sprintf("GuardDuty detector %s could not be read (%s)", d.ID, strings.Join(d.Gaps, "; "))
		}
	}
	if g.det == nil && len(rv.Region.GuardDuty) == 0 {
		for _, e := range in.Snapshot.Collection.Errors {
			if strings.EqualFold(e.Service, "guardduty") && (e.Account == "" || e.Account == rv.Account) && (e.Region == "" || e.Region == rv.Region.Name) {
				g.unknown = fmt.Sprintf("GuardDuty was not collected (%s %s)", e.Operation, orDash(e.Code))
			}
		}
	}
	switch d := g.det; {
	case g.unknown != "" && d == nil:
	case d == nil:
		g.off = "no enabled GuardDuty detector"
	case !strings.EqualFold(d.RuntimeMonitoring, "ENABLED"):
		g.off = fmt.Sprintf("GuardDuty detector %s has Runtime Monitoring %s", d.ID, orDash(d.RuntimeMonitoring))
		if strings.EqualFold(d.EKSRuntimeMonitoring, "ENABLED") {
			g.off += " (EKS Runtime Monitoring is on, but it watches EKS clusters only, never ECS)"
		}
	}
	return g
}

// fargateCoverage judges GuardDuty's protection of a cluster's Fargate tasks.
func (g guardDuty) fargateCoverage(cluster string) coverage {
	switch {
	case g.unknown != "" && g.det == nil:
		return coverage{"unknown", g.unknown}
	case g.off != "":
		return coverage{"missing", g.off}
	case strings.EqualFold(g.det.ECSFargateAgent, "ENABLED"):
		return coverage{"covered", fmt.Sprintf("GuardDuty Runtime Monitoring (detector %s) with automated agent management for ECS Fargate", g.det.ID)}
	}
	if cv := g.clusterCoverage(cluster); cv != nil && strings.EqualFold(cv.Status, "HEALTHY") && (cv.FargateManagement == "AUTO_MANAGED" || cv.FargateManagement == "MANUAL") {
		return coverage{"covered", fmt.Sprintf("GuardDuty Runtime Monitoring (detector %s) reports the cluster's Fargate tasks covered (%s)", g.det.ID, cv.FargateManagement)}
	}
	if g.det.ECSFargateAgent == "" {
		return coverage{"unknown", fmt.Sprintf("GuardDuty detector %s has Runtime Monitoring on, but its ECS Fargate agent management was not recorded", g.det.ID)}
	}
	return coverage{"missing", fmt.Sprintf("GuardDuty Runtime Monitoring is on (detector %s) but automated agent management for ECS Fargate is %s, so Fargate tasks are not monitored", g.det.ID, g.det.ECSFargateAgent)}
}

// ec2Coverage judges GuardDuty's protection of a cluster's EC2 container
// instances: the agent must be managed by GuardDuty or reported installed.
func (g guardDuty) ec2Coverage(cluster string) coverage {
	switch {
	case g.unknown != "" && g.det == nil:
		return coverage{"unknown", g.unknown}
	case g.off != "":
		return coverage{"missing", g.off}
	case strings.EqualFold(g.det.EC2Agent, "ENABLED"):
		return coverage{"covered", fmt.Sprintf("GuardDuty Runtime Monitoring (detector %s) with the EC2 agent managed by GuardDuty", g.det.ID)}
	}
	cv := g.clusterCoverage(cluster)
	switch {
	case cv != nil && cv.CoveredInstances > 0 && cv.CoveredInstances >= cv.CompatibleInstances:
		return coverage{"covered", fmt.Sprintf("GuardDuty Runtime Monitoring (detector %s) reports its agent on %d of %d container instances", g.det.ID, cv.CoveredInstances, cv.CompatibleInstances)}
	case cv != nil && cv.CoveredInstances > 0:
		return coverage{"missing", fmt.Sprintf("GuardDuty reports its agent on only %d of %d container instances (EC2 agent management %s)", cv.CoveredInstances, cv.CompatibleInstances, orDash(g.det.EC2Agent))}
	case !g.det.CoverageCollected:
		return coverage{"unknown", fmt.Sprintf("GuardDuty Runtime Monitoring is on (detector %s) but automated agent management for EC2 is %s and its coverage of the cluster was not collected, so whether the agent runs on the container instances is unknown", g.det.ID, orDash(g.det.EC2Agent))}
	}
	return coverage{"missing", fmt.Sprintf("GuardDuty Runtime Monitoring is on (detector %s) but automated agent management for EC2 is %s and GuardDuty reports no agent on the cluster's container instances", g.det.ID, orDash(g.det.EC2Agent))}
}

// clusterCoverage is GuardDuty's coverage record of a cluster, or nil.
func (g guardDuty) clusterCoverage(cluster string) *inventory.RuntimeCoverage {
	if g.det == nil {
		return nil
	}
	for i := range g.det.Coverage {
		if g.det.Coverage[i].ClusterName == cluster {
			return &g.det.Coverage[i]
		}
	}
	return nil
}

// checkRuntimeMonitoring judges ECS-011's subject, protection of running
// containers against malicious syscalls, cluster by cluster: every capacity
// kind a cluster runs on must be covered by GuardDuty Runtime Monitoring
// (with the Fargate agent managed on Fargate; on EC2 the agent managed by
// GuardDuty or reported installed) or by a recognised runtime security agent
// (a sidecar in every Fargate task definition, a daemon or sidecar on EC2).
// Missing protection fails; what was not collected warns, never passes.
func checkRuntimeMonitoring(in *Input) []Finding {
	const ev = "guardduty:ListDetectors, GetDetector RUNTIME_MONITORING (ECS_FARGATE_AGENT_MANAGEMENT, EC2_AGENT_MANAGEMENT), ListCoverage; ecs:DescribeTaskDefinition containerDefinitions[].image"
	var fs []Finding
	clusters := 0
	for _, rv := range in.Regions {
		g := regionGuardDuty(in, rv)
		fargate := map[string]bool{}
		for _, u := range rv.View.TaskDefinitions() {
			fargate[u.TaskDef.ARN] = u.Has(estate.Fargate) || (len(u.Kinds) == 0 && u.FargateOnly())
		}
		for _, cv := range rv.View.Clusters {
			if !clusterInUse(cv.Cluster) {
				continue
			}
			clusters++
			fs = append(fs, clusterRuntime(cv, g, fargate, ev)...)
		}
	}
	if clusters == 0 {
		return []Finding{{Outcome: Warn, Resource: caseID(in), Message: "no ECS cluster in use in the inventory, so runtime protection cannot be verified", Evidence: ev,
			Remediation: "collect the inventory in the accounts and regions where the workload's clusters run"}}
	}
	return fs
}

// kindLabels name capacity kinds in ECS-011's messages.
var kindLabels = map[estate.Compute]string{estate.Fargate: "Fargate", estate.EC2: "EC2", estate.External: "ECS Anywhere"}

// clusterRuntime judges one cluster's runtime protection.
func clusterRuntime(cv *estate.Cluster, g guardDuty, fargate map[string]bool, ev string) []Finding {
	c := cv.Cluster
	loc := fmt.Sprintf("cluster %s (%s %s)", c.Name, cv.Region.AccountID(), cv.Region.Name())
	var agents, fargateBare []string
	for _, td := range cv.TaskDefinitions() {
		has := false
		for i := range td.Containers {
			if tool := runtimeAgent(&td.Containers[i]); tool != "" {
				has = true
				agents = append(agents, fmt.Sprintf("%s (%s) in %s", tool, td.Containers[i].Image, inventory.ShortName(td.ARN)))
			}
		}
		if fargate[td.ARN] && !has {
			fargateBare = append(fargateBare, inventory.ShortName(td.ARN))
		}
	}
	var covered, missing, unknown, notes []string
	kinds := cv.Kinds()
	if len(kinds) == 0 {
		unknown = append(unknown, "the capacity the cluster runs on is not recorded (no service, task or container instance collected)")
	}
	for _, k := range kinds {
		var cov coverage
		switch k {
		case estate.Fargate:
			cov = g.fargateCoverage(c.Name)
		case estate.EC2:
			cov = g.ec2Coverage(c.Name)
		default:
			cov = coverage{"missing", "GuardDuty Runtime Monitoring does not cover ECS Anywhere (EXTERNAL) instances"}
		}
		label := kindLabels[k] + ": "
		agentCovers := len(agents) > 0 && (k != estate.Fargate || len(fargateBare) == 0)
		switch {
		case cov.state == "covered":
			covered = append(covered, label+cov.why)
		case agentCovers:
			covered = append(covered, label+"runtime security agent "+listUpTo(agents, 5))
			notes = append(notes, label+cov.why)
		case cov.state == "missing":
			if k == estate.Fargate && len(agents) > 0 {
				cov.why += "; and task definition(s) " + listUpTo(fargateBare, 5) + " run no runtime security agent sidecar"
			}
			missing = append(missing, label+cov.why)
		default:
			unknown = append(unknown, label+cov.why)
		}
	}
	switch {
	case len(missing) > 0:
		return []Finding{{Outcome: Fail, Resource: c.ARN,
			Message:     fmt.Sprintf("%s: nothing is shown to protect its running containers from malicious syscalls — %s", loc, strings.Join(slices.Concat(missing, unknown), "; ")),
			Evidence:    ev,
			Remediation: "enable GuardDuty Runtime Monitoring with automated agent management for ECS Fargate and for EC2 (or install the GuardDuty agent on the container instances), or run a runtime security tool (Falco, Sysdig, Aqua, Prisma Cloud...) as a daemon on EC2 and as a sidecar in every Fargate task definition, and show it is active in the ECS-011 answer"}}
	case len(unknown) > 0:
		return []Finding{{Outcome: Warn, Resource: c.ARN,
			Message:     fmt.Sprintf("%s: runtime protection is unknown — %s", loc, strings.Join(unknown, "; ")),
			Evidence:    ev,
			Remediation: "grant guardduty:ListDetectors, GetDetector and ListCoverage to the discovery role and collect again, or attach aws guardduty get-detector output showing RUNTIME_MONITORING with its agent management"}}
	}
	fs := []Finding{{Outcome: Pass, Resource: c.ARN, Message: fmt.Sprintf("%s: running containers are protected — %s", loc, strings.Join(covered, "; ")), Evidence: ev}}
	if len(notes) > 0 {
		fs = append(fs, Finding{Outcome: Info, Resource: c.ARN, Message: loc + ": " + strings.Join(notes, "; ") + "; the runtime security agent above covers the control", Evidence: ev})
	}
	return fs
}
