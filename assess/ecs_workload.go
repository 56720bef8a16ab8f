package assess

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/inventory"
)

// workloadChecks returns the checks of ECS-001 to ECS-004: what runs on ECS,
// how it is deployed, what each task definition family is for and how it is
// tagged and versioned.
func workloadChecks() []Check {
	return []Check{
		{ID: "ECS-001.workload", Run: checkWorkloadOnECS},         // services and running tasks on Amazon ECS
		{ID: "ECS-001.list-tasks", Run: checkListTasks},           // aws ecs list-tasks equivalent per cluster
		{ID: "ECS-001.compute", Run: checkCompute},                // ECS capacity is EC2 or Fargate
		{ID: "ECS-002.rollback", Run: checkRollback},              // deployment circuit breaker with rollback
		{ID: "ECS-002.iac-tags", Run: checkIaCTags},               // ECS resources carry infrastructure-as-code tags
		{ID: "ECS-002.console-changes", Run: checkConsoleCreated}, // services not created by console users
		{ID: "ECS-003.single-purpose", Run: checkSinglePurpose},   // one essential application container per task definition family
		{ID: "ECS-004.managed-tags", Run: checkManagedTags},       // ECS managed tags and tag propagation per service
		{ID: "ECS-004.image-pinning", Run: checkImagePinning},     // images pinned to an immutable tag or digest
		{ID: "ECS-004.tag-dimensions", Run: checkTagDimensions},   // required tag dimensions on services
		{ID: "ECS-004.revision-tags", Run: checkRevisionTags},     // one image tag per task definition revision
	}
}

// ---------------------------------------------------------------- helpers shared by the ECS-001..014 family files

// maxPassFindings bounds pass findings of one check: beyond it they are
// aggregated into one, so huge estates stay readable.
const maxPassFindings = 50

// wlPasses collects the pass findings of one check and aggregates them when
// there are more than maxPassFindings.
type wlPasses struct {
	evidence string
	// summary is the aggregated message's start, e.g. "services have managed tags enabled".
	summary string
	items   []Finding
}

func (p *wlPasses) add(resource, msg string) {
	p.items = append(p.items, Finding{Outcome: Pass, Resource: resource, Message: msg, Evidence: p.evidence})
}

func (p *wlPasses) findings() []Finding {
	if len(p.items) <= maxPassFindings {
		return p.items
	}
	names := make([]string, 0, len(p.items))
	for _, f := range p.items {
		names = append(names, inventory.ShortName(f.Resource))
	}
	sort.Strings(names)
	return []Finding{{Outcome: Pass, Message: fmt.Sprintf("%d %s: %s", len(p.items), p.summary, summarize(names)), Evidence: p.evidence,
		parts: p.items, summary: p.summary}}
}

// wlTaskDef is a task definition revision in use, with where it runs.
type wlTaskDef struct {
	// use says where the revision runs (FargateOnly, UsesFargate).
	use *estate.TaskDefUse
	rv  *RegionView
	td  *inventory.TaskDefinition
}

// wlTaskDefs lists the task definition revisions that services or tasks use,
// ordered by account, region and ARN.
func wlTaskDefs(in *Input) []*wlTaskDef {
	var out []*wlTaskDef
	for i := range in.Regions {
		rv := &in.Regions[i]
		var list []*wlTaskDef
		for _, u := range rv.View.TaskDefinitions() {
			list = append(list, &wlTaskDef{use: u, rv: rv, td: u.TaskDef})
		}
		sort.Slice(list, func(a, b int) bool { return list[a].td.ARN < list[b].td.ARN })
		out = append(out, list...)
	}
	return out
}

// ---------------------------------------------------------------- ECS-001

const evListTasks = "ecs:ListTasks, ecs:DescribeTasks lastStatus, group"

func checkWorkloadOnECS(in *Input) []Finding {
	const ev = "ecs:DescribeServices desiredCount, runningCount; ecs:ListTasks"
	svcs := deployedServices(in)
	standalone := 0
	for _, rv := range in.Regions {
		for _, c := range rv.View.Clusters {
			for _, t := range c.StandaloneTasks() {
				if estate.TaskRunning(t) {
					standalone++
				}
			}
		}
	}
	if len(svcs) == 0 && standalone == 0 {
		return []Finding{{Outcome: Fail, Resource: caseID(in),
			Message:     "no ECS service and no running task found in the case study's inventory: nothing shows that Amazon ECS runs the workload",
			Evidence:    ev,
			Remediation: "run `ecspack discover` in the accounts and regions where the workload's ECS clusters run, and list the snapshot under the case study's inventory"}}
	}
	var fs []Finding
	ps := &wlPasses{evidence: ev, summary: "services run tasks on Amazon ECS"}
	for _, w := range svcs {
		running := max(w.Svc.RunningCount, len(w.sv.RunningTasks()))
		switch {
		case running > 0:
			ps.add(w.Svc.ARN, fmt.Sprintf("service %s in %s runs %d task(s) (desired %d) of %s", w.Svc.Name, w.where(), running, w.Svc.DesiredCount, inventory.ShortName(w.Svc.TaskDefinition)))
		case w.Svc.DesiredCount > 0:
			fs = append(fs, Finding{Outcome: Warn, Resource: w.Svc.ARN,
				Message:     fmt.Sprintf("service %s in %s wants %d task(s) but none is running", w.Svc.Name, w.where(), w.Svc.DesiredCount),
				Evidence:    ev,
				Remediation: "look at the service events (`aws ecs describe-services`) and stopped tasks' stoppedReason, fix the cause, then collect the inventory again"})
		default:
			fs = append(fs, Finding{Outcome: Info, Resource: w.Svc.ARN,
				Message:  fmt.Sprintf("service %s in %s is scaled to zero (desired 0)", w.Svc.Name, w.where()),
				Evidence: ev})
		}
	}
	fs = append(fs, ps.findings()...)
	if standalone > 0 {
		fs = append(fs, Finding{Outcome: Pass, Resource: caseID(in),
			Message: fmt.Sprintf("%d standalone task(s) (not started by a service) are running on ECS", standalone), Evidence: evListTasks})
	}
	return fs
}

// computeNames spells capacity kinds for messages.
func computeNames(kinds []estate.Compute) []string {
	out := make([]string, len(kinds))
	for i, k := range kinds {
		out[i] = string(k)
	}
	return out
}

func caseID(in *Input) string {
	if in.Case != nil {
		return in.Case.ID
	}
	return ""
}

func checkListTasks(in *Input) []Finding {
	var fs []Finding
	for _, rv := range in.Regions {
		for ci := range rv.Region.ECS.Clusters {
			c := &rv.Region.ECS.Clusters[ci]
			groups := map[string]int{}
			total := 0
			for _, t := range c.Tasks {
				if !estate.TaskRunning(&t) {
					continue
				}
				total++
				g := t.Group
				if g == "" {
					g = "family:" + taskFamily(t.TaskDefinition)
				}
				groups[g]++
			}
			for _, s := range c.Services {
				if _, ok := groups["service:"+s.Name]; !ok {
					groups["service:"+s.Name] = 0
				}
			}
			if total == 0 && len(c.Services) == 0 {
				fs = append(fs, Finding{Outcome: Info, Resource: c.ARN,
					Message:  fmt.Sprintf("aws ecs list-tasks --cluster %s (%s %s): no running task and no service", c.Name, rv.Account, rv.Region.Name),
					Evidence: evListTasks})
				continue
			}
			var parts []string
			for _, g := range slices.Sorted(maps.Keys(groups)) {
				parts = append(parts, fmt.Sprintf("%s: %d", g, groups[g]))
			}
			fs = append(fs, Finding{Outcome: Info, Resource: c.ARN,
				Message:  fmt.Sprintf("aws ecs list-tasks --cluster %s (%s %s): %d running task ARN(s) — %s", c.Name, rv.Account, rv.Region.Name, total, listUpTo(parts, 20)),
				Evidence: evListTasks})
		}
	}
	return fs
}

// listUpTo joins up to n items and counts the rest.
func listUpTo(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, "; ")
	}
	return strings.Join(items[:n], "; ") + fmt.Sprintf("; and %d more", len(items)-n)
}

// taskFamily returns the family of a task definition ARN or "family:revision".
func taskFamily(arn string) string {
	f := inventory.ShortName(arn)
	if i := strings.LastIndexByte(f, ':'); i >= 0 {
		return f[:i]
	}
	return f
}

func checkCompute(in *Input) []Finding {
	const ev = "ecs:DescribeServices launchType, capacityProviderStrategy; ecs:DescribeTasks launchType"
	var fs []Finding
	ps := &wlPasses{evidence: ev, summary: "services run on EC2 or Fargate capacity"}
	for _, w := range deployedServices(in) {
		kinds := w.sv.Capacity
		if kinds.Has(estate.External) {
			fs = append(fs, Finding{Outcome: Warn, Resource: w.Svc.ARN,
				Message:     fmt.Sprintf("service %s in %s runs on EXTERNAL (ECS Anywhere) capacity, not on EC2 or Fargate", w.Svc.Name, w.where()),
				Evidence:    ev,
				Remediation: "explain in the ECS-001 answer why this component runs outside AWS (ECS-014 covers ECS Anywhere), or move it to Fargate or EC2 capacity providers"})
			continue
		}
		ps.add(w.Svc.ARN, fmt.Sprintf("service %s in %s runs on %s", w.Svc.Name, w.where(), strings.Join(computeNames(kinds.Kinds), " and ")))
	}
	external := map[string]int{}
	for _, rv := range in.Regions {
		for _, c := range rv.View.Clusters {
			for _, t := range c.StandaloneTasks() {
				if estate.TaskCompute(t) == estate.External {
					external[c.Cluster.ARN]++
				}
			}
		}
	}
	for _, arn := range slices.Sorted(maps.Keys(external)) {
		fs = append(fs, Finding{Outcome: Warn, Resource: arn,
			Message:     fmt.Sprintf("%d standalone task(s) on cluster %s run on EXTERNAL (ECS Anywhere) capacity, not on EC2 or Fargate", external[arn], inventory.ShortName(arn)),
			Evidence:    ev,
			Remediation: "explain in the ECS-001 answer why these tasks run outside AWS, or run them on Fargate or EC2"})
	}
	return append(fs, ps.findings()...)
}

// ---------------------------------------------------------------- ECS-002

func checkRollback(in *Input) []Finding {
	const ev = "ecs:DescribeServices deploymentController, deploymentConfiguration.deploymentCircuitBreaker, .alarms"
	svcs := deployedServices(in)
	if len(svcs) == 0 {
		return []Finding{noServices(in, ev)}
	}
	var fs []Finding
	ps := &wlPasses{evidence: ev, summary: "services roll back failed deployments automatically"}
	for _, w := range svcs {
		d := w.Svc.Deployment
		name := fmt.Sprintf("service %s in %s", w.Svc.Name, w.where())
		switch strings.ToUpper(d.Controller) {
		case "CODE_DEPLOY":
			ps.add(w.Svc.ARN, name+" deploys blue/green with AWS CodeDeploy, which rolls back failed deployments (its deployment group's auto-rollback settings)")
		case "EXTERNAL":
			fs = append(fs, Finding{Outcome: Info, Resource: w.Svc.ARN,
				Message: name + " uses the EXTERNAL deployment controller: rollback is the external tool's job; describe it in the ECS-002 answer", Evidence: ev})
		default:
			switch {
			case d.CircuitBreakerEnabled && d.CircuitBreakerRollback:
				ps.add(w.Svc.ARN, name+" has the deployment circuit breaker with rollback enabled")
			case d.AlarmsEnabled && d.AlarmsRollback:
				ps.add(w.Svc.ARN, fmt.Sprintf("%s rolls back on CloudWatch alarms (%s)", name, strings.Join(d.AlarmNames, ", ")))
			case d.CircuitBreakerEnabled:
				fs = append(fs, Finding{Outcome: Warn, Resource: w.Svc.ARN,
					Message:     name + " has the deployment circuit breaker enabled but rollback off: a failed deployment stops without returning to the last working revision",
					Evidence:    ev,
					Remediation: "set deploymentConfiguration.deploymentCircuitBreaker {enable: true, rollback: true} in the service's IaC definition"})
			default:
				fs = append(fs, Finding{Outcome: Warn, Resource: w.Svc.ARN,
					Message:     name + " has neither the deployment circuit breaker nor alarm-based rollback: a failing rolling deployment is not rolled back automatically",
					Evidence:    ev,
					Remediation: "enable deploymentConfiguration.deploymentCircuitBreaker with rollback: true (and optionally deployment alarms with rollback) in the service's IaC definition"})
			}
		}
	}
	return append(fs, ps.findings()...)
}

// noServices is the finding of a per-service check on an estate without services.
func noServices(in *Input, ev string) Finding {
	return Finding{Outcome: Warn, Resource: caseID(in), Message: "no ECS service in the case study's inventory, so this cannot be verified",
		Evidence: ev, Remediation: "collect the inventory in the accounts and regions where the workload's ECS services run"}
}

// iacMarker returns the infrastructure-as-code tool a resource's tags point
// to, or "" when none does.
func iacMarker(tags map[string]string) string {
	tools := []string{"cloudformation", "terraform", "opentofu", "pulumi", "cdktf", "cdk", "crossplane", "ansible", "copilot", "serverless", "sam"}
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		lk := strings.ToLower(k)
		v := strings.ToLower(tags[k])
		switch {
		case strings.HasPrefix(lk, "aws:cloudformation:"):
			return "CloudFormation"
		case strings.HasPrefix(lk, "aws:cdk:"), strings.HasPrefix(lk, "aws-cdk"):
			return "AWS CDK"
		case strings.HasPrefix(lk, "aws:servicecatalog:"):
			return "Service Catalog"
		case strings.HasPrefix(lk, "copilot-"):
			return "AWS Copilot"
		case strings.Contains(lk, "terraform"), strings.HasPrefix(lk, "tf:"), strings.HasPrefix(lk, "tf_"):
			return "Terraform"
		case strings.Contains(lk, "pulumi"):
			return "Pulumi"
		}
		norm := strings.NewReplacer("-", "", "_", "", ":", "", ".", "", " ", "").Replace(lk)
		if slices.Contains([]string{"managedby", "createdby", "provisionedby", "deployedby", "iac", "iactool", "tool", "provisioner", "deployment", "deploymenttool"}, norm) {
			for _, t := range tools {
				if strings.Contains(v, t) {
					return tags[k]
				}
			}
		}
	}
	return ""
}

func checkIaCTags(in *Input) []Finding {
	const ev = "ecs:ListTagsForResource (clusters, services, task definitions, capacity providers)"
	type res struct{ arn, kind, name, where string }
	var unmarked []res
	marked := 0
	tools := map[string]int{}
	ps := &wlPasses{evidence: ev, summary: "ECS clusters and services carry infrastructure-as-code tags"}
	note := func(tags map[string]string, r res, flag bool) {
		if t := iacMarker(tags); t != "" {
			marked++
			tools[t]++
			if flag {
				ps.add(r.arn, fmt.Sprintf("%s %s in %s carries %s tags", r.kind, r.name, r.where, t))
			}
		} else if flag {
			unmarked = append(unmarked, r)
		}
	}
	total := 0
	for _, rv := range in.Regions {
		loc := rv.Account + " " + rv.Region.Name
		for _, c := range rv.Region.ECS.Clusters {
			total++
			note(c.Tags, res{c.ARN, "cluster", c.Name, loc}, true)
			for _, s := range c.Services {
				total++
				note(s.Tags, res{s.ARN, "service", s.Name, "cluster " + c.Name + " (" + loc + ")"}, true)
			}
		}
		for _, td := range rv.Region.ECS.TaskDefinitions {
			note(td.Tags, res{td.ARN, "task definition", inventory.ShortName(td.ARN), loc}, false)
		}
		for _, cp := range rv.Region.ECS.CapacityProviders {
			note(cp.Tags, res{cp.ARN, "capacity provider", cp.Name, loc}, false)
		}
	}
	if total == 0 {
		return []Finding{noServices(in, ev)}
	}
	if marked == 0 {
		return []Finding{{Outcome: Warn, Resource: caseID(in),
			Message:     fmt.Sprintf("none of the %d ECS clusters and services (nor their task definitions or capacity providers) carries an infrastructure-as-code tag such as aws:cloudformation:stack-name, aws:cdk:* or a managed-by=terraform tag", total),
			Evidence:    ev,
			Remediation: "deploy through CloudFormation/CDK (which tag resources with aws:cloudformation:*), or add a default tag such as managed-by=terraform in the IaC provider, and name the tool and repository in the ECS-002 answer"}}
	}
	var fs []Finding
	for _, r := range unmarked {
		fs = append(fs, Finding{Outcome: Warn, Resource: r.arn,
			Message:     fmt.Sprintf("%s %s in %s carries no infrastructure-as-code tag while other ECS resources do (%s): it may have been created outside the IaC pipeline", r.kind, r.name, r.where, joinCounts(tools)),
			Evidence:    ev,
			Remediation: "bring the resource under the IaC stack (import it) or tag it the way the rest of the estate is tagged"})
	}
	return append(fs, ps.findings()...)
}

func joinCounts(m map[string]int) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%s on %d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}

func checkConsoleCreated(in *Input) []Finding {
	const ev = "ecs:DescribeServices createdBy; ecs:ListTagsForResource"
	var fs []Finding
	for _, w := range deployedServices(in) {
		by := w.Svc.CreatedBy
		isUser := strings.Contains(by, ":user/")
		isRoot := strings.HasSuffix(by, ":root")
		if (!isUser && !isRoot) || iacMarker(w.Svc.Tags) != "" {
			continue
		}
		who := "IAM user " + inventory.ShortName(by)
		if isRoot {
			who = "the account root user"
		}
		fs = append(fs, Finding{Outcome: Warn, Resource: w.Svc.ARN,
			Message:     fmt.Sprintf("service %s in %s was created by %s (%s), not by a deployment role, and carries no IaC tag: it looks hand-made, and production changes must not go through the console", w.Svc.Name, w.where(), who, by),
			Evidence:    ev,
			Remediation: "recreate or import the service through the IaC pipeline, which runs under a role; restrict console users to read-only access in production"})
	}
	return fs
}

// ---------------------------------------------------------------- ECS-003

// sidecarKinds recognises helper containers by image and name: they support
// the application container and do not count against a single purpose.
var sidecarKinds = []struct {
	kind   string
	images []string
	names  []string
}{
	{"log router", []string{"aws-for-fluent-bit", "fluent-bit", "fluentbit", "fluentd", "fluent/", "vector"}, []string{"log_router", "log-router", "logrouter", "firelens", "fluent-bit", "fluentbit", "fluentd"}},
	{"X-Ray daemon", []string{"aws-xray-daemon", "xray-daemon", "amazon/aws-xray"}, []string{"xray", "xray-daemon", "x-ray", "aws-xray-daemon"}},
	{"OpenTelemetry collector", []string{"aws-otel-collector", "aws-observability/aws-otel", "opentelemetry-collector", "otel/opentelemetry", "otelcol", "splunk-otel-collector"}, []string{"aws-otel-collector", "otel-collector", "adot-collector", "adot", "otel"}},
	{"Envoy proxy", []string{"aws-appmesh-envoy", "appmesh-envoy", "envoyproxy/envoy", "/envoy:"}, []string{"envoy", "envoy-proxy"}},
	{"Service Connect agent", []string{"ecs-service-connect-agent"}, []string{"ecs-service-connect"}},
	{"monitoring agent", []string{"cloudwatch-agent", "datadog/agent", "datadog-agent", "newrelic/", "dynatrace", "signalfx", "nri-ecs", "prometheus"}, []string{"cloudwatch-agent", "cwagent", "datadog-agent", "newrelic-infra", "dd-agent"}},
	{"runtime security agent", []string{"falco", "sysdig", "aquasec", "twistlock", "prismacloud", "falcon-sensor", "crowdstrike"}, []string{"falco", "sysdig-agent", "aqua-sidecar", "twistlock-defender", "falcon-container"}},
}

// sidecarKind returns what kind of sidecar a container is, or "" for an
// application container.
func sidecarKind(c *inventory.ContainerDefinition) string {
	if c.FirelensType != "" {
		return "log router"
	}
	img := strings.ToLower(c.Image)
	if i := strings.IndexByte(img, '@'); i >= 0 {
		img = img[:i]
	}
	name := strings.ToLower(c.Name)
	for _, k := range sidecarKinds {
		for _, p := range k.images {
			if strings.Contains(img, p) {
				return k.kind
			}
		}
		for _, n := range k.names {
			if name == n || strings.HasPrefix(name, n+"-") || strings.HasPrefix(name, n+"_") {
				return k.kind
			}
		}
	}
	return ""
}

// familyKey groups task definitions by account, region and family.
type familyKey struct{ account, region, family string }

func (k familyKey) String() string { return fmt.Sprintf("%s (%s %s)", k.family, k.account, k.region) }

// wlFamilies groups the task definitions in use by family, with the keys sorted.
func wlFamilies(in *Input) ([]familyKey, map[familyKey][]*wlTaskDef) {
	m := map[familyKey][]*wlTaskDef{}
	var keys []familyKey
	for _, u := range wlTaskDefs(in) {
		k := familyKey{u.rv.Account, u.rv.Region.Name, u.td.Family}
		if _, ok := m[k]; !ok {
			keys = append(keys, k)
		}
		m[k] = append(m[k], u)
	}
	sort.Slice(keys, func(a, b int) bool {
		x, y := keys[a], keys[b]
		if x.account != y.account {
			return x.account < y.account
		}
		if x.region != y.region {
			return x.region < y.region
		}
		return x.family < y.family
	})
	return keys, m
}

func checkSinglePurpose(in *Input) []Finding {
	const ev = "ecs:DescribeTaskDefinition containerDefinitions[].essential, image, firelensConfiguration"
	keys, fams := wlFamilies(in)
	if len(keys) == 0 {
		return []Finding{{Outcome: Warn, Resource: caseID(in),
			Message: "no task definition in use found in the inventory, so the families' purposes cannot be verified", Evidence: ev,
			Remediation: "collect the inventory where the workload's services run (task definitions are collected for services and running tasks)"}}
	}
	var fs []Finding
	ps := &wlPasses{evidence: ev, summary: "task definition families have one essential application container"}
	for _, k := range keys {
		var worst *Finding
		var passMsg, passRes string
		for _, u := range fams[k] {
			var apps, sidecars []string
			for i := range u.td.Containers {
				c := &u.td.Containers[i]
				if sk := sidecarKind(c); sk != "" {
					sidecars = append(sidecars, c.Name+" ("+sk+")")
				} else if c.Essential {
					apps = append(apps, c.Name)
				}
			}
			rev := inventory.ShortName(u.td.ARN)
			if len(apps) >= 2 {
				f := Finding{Outcome: Warn, Resource: u.td.ARN,
					Message:     fmt.Sprintf("task definition %s (%s %s) has %d essential application containers (%s): the family may serve more than one business purpose", rev, k.account, k.region, len(apps), strings.Join(apps, ", ")),
					Evidence:    ev,
					Remediation: "split the containers into their own task definition families and services, or mark helper containers essential: false; if they are one process group by design, explain why in the ECS-003 answer"}
				if worst == nil {
					worst = &f
				}
				continue
			}
			side := ""
			if len(sidecars) > 0 {
				side = "; sidecars: " + strings.Join(sidecars, ", ")
			}
			if len(apps) == 1 {
				passMsg = fmt.Sprintf("family %s runs one essential application container, %s, in %s%s", k, apps[0], rev, side)
			} else {
				passMsg = fmt.Sprintf("family %s runs only helper containers (%s) in %s: its single purpose is that agent", k, strings.Join(sidecars, ", "), rev)
			}
			passRes = u.td.ARN
		}
		if worst != nil {
			fs = append(fs, *worst)
		} else {
			ps.add(passRes, passMsg)
		}
	}
	return append(fs, ps.findings()...)
}

// ---------------------------------------------------------------- ECS-004

func checkManagedTags(in *Input) []Finding {
	const ev = "ecs:DescribeServices enableECSManagedTags, propagateTags"
	svcs := deployedServices(in)
	if len(svcs) == 0 {
		return []Finding{noServices(in, ev)}
	}
	var fs []Finding
	ps := &wlPasses{evidence: ev, summary: "services have ECS managed tags and tag propagation enabled"}
	for _, w := range svcs {
		prop := strings.ToUpper(w.Svc.PropagateTags)
		propOK := prop == "SERVICE" || prop == "TASK_DEFINITION"
		if w.Svc.EnableECSManagedTags && propOK {
			ps.add(w.Svc.ARN, fmt.Sprintf("service %s in %s has ECS managed tags on and propagates tags from %s", w.Svc.Name, w.where(), prop))
			continue
		}
		var missing []string
		if !w.Svc.EnableECSManagedTags {
			missing = append(missing, "enableECSManagedTags is false")
		}
		if !propOK {
			p := prop
			if p == "" {
				p = "NONE"
			}
			missing = append(missing, "propagateTags is "+p)
		}
		fs = append(fs, Finding{Outcome: Fail, Resource: w.Svc.ARN,
			Message:     fmt.Sprintf("service %s in %s: %s, so its tasks do not carry the tags that usage and billing reports need", w.Svc.Name, w.where(), strings.Join(missing, " and ")),
			Evidence:    ev,
			Remediation: "set enableECSManagedTags: true and propagateTags: SERVICE (or TASK_DEFINITION) on the service in its IaC definition; the change applies to tasks started after the next deployment"})
	}
	return append(fs, ps.findings()...)
}

// imageRef is a parsed container image reference.
type imageRef struct {
	// Registry is the registry host ("docker.io" when none is given).
	Registry string
	// Repository is the path inside the registry.
	Repository string
	Tag        string
	Digest     string
}

// parseImage splits an image reference into registry, repository, tag and digest.
func parseImage(image string) imageRef {
	var r imageRef
	ref := strings.TrimSpace(image)
	if i := strings.IndexByte(ref, '@'); i >= 0 {
		r.Digest = ref[i+1:]
		ref = ref[:i]
	}
	if i := strings.LastIndexByte(ref, ':'); i > strings.LastIndexByte(ref, '/') {
		r.Tag = ref[i+1:]
		ref = ref[:i]
	}
	first, rest, ok := strings.Cut(ref, "/")
	if ok && (strings.ContainsAny(first, ".:") || first == "localhost") {
		r.Registry, r.Repository = strings.ToLower(first), rest
	} else {
		r.Registry, r.Repository = "docker.io", ref
	}
	return r
}

// pinKind classifies an image reference's version: "digest", "commit",
// "version" (semantic or build number), "floating" (a moving name such as
// stable or main) or "latest" (latest or no tag at all).
func pinKind(image string) string {
	r := parseImage(image)
	if r.Digest != "" {
		return "digest"
	}
	t := strings.ToLower(r.Tag)
	switch {
	case t == "" || t == "latest":
		return "latest"
	case commitLike(t):
		return "commit"
	case versionTag.MatchString(t), buildTag.MatchString(t):
		return "version"
	}
	return "floating"
}

// Tag patterns for pinKind: a semantic version ("1.4.2", "v2.0.1+build.7",
// "1.25-alpine") or a build number / date stamp ("1234", "build-812",
// "20250114-1532").
var (
	versionTag = regexp.MustCompile(`^v?\d+\.\d+(\.\d+)?([-+][0-9a-z.\-+]+)?$`)
	buildTag   = regexp.MustCompile(`^((build|b|r|rev|release|run)[-_.]?)?\d{3,}([-_.][0-9a-z]+)*$|^\d{8}([-_.t]?\d{2,6})?([-_.][0-9a-z]+)*$`)
	hexRun     = regexp.MustCompile(`^[0-9a-f]{7,40}$`)
)

// commitLike reports whether a tag carries a git commit SHA between
// separators, e.g. "3f9c2ab", "main-3f9c2ab", "sha-3f9c2ab", "v1.2.0-4-g3f9c2ab".
func commitLike(tag string) bool {
	for _, part := range strings.FieldsFunc(tag, func(r rune) bool { return r == '-' || r == '_' || r == '.' || r == '+' }) {
		for _, p := range []string{"", "sha", "g", "git"} {
			h, ok := strings.CutPrefix(part, p)
			if !ok || !hexRun.MatchString(h) {
				continue
			}
			digits := strings.IndexFunc(h, func(r rune) bool { return r >= '0' && r <= '9' }) >= 0
			letters := strings.IndexFunc(h, func(r rune) bool { return r >= 'a' && r <= 'f' }) >= 0
			if (digits && letters) || len(h) == 40 {
				return true
			}
		}
	}
	return false
}

func checkImagePinning(in *Input) []Finding {
	const ev = "ecs:DescribeTaskDefinition containerDefinitions[].image"
	uses := wlTaskDefs(in)
	if len(uses) == 0 {
		return []Finding{{Outcome: Warn, Resource: caseID(in), Message: "no task definition in use found in the inventory, so image versions cannot be verified", Evidence: ev,
			Remediation: "collect the inventory where the workload's services run"}}
	}
	var fs []Finding
	ps := &wlPasses{evidence: ev, summary: "task definitions pin every image to an immutable tag or digest"}
	for _, u := range uses {
		var latestApp, loose []string
		for i := range u.td.Containers {
			c := &u.td.Containers[i]
			switch pinKind(c.Image) {
			case "latest":
				if sidecarKind(c) == "" {
					latestApp = append(latestApp, fmt.Sprintf("%s uses %s", c.Name, c.Image))
				} else {
					loose = append(loose, fmt.Sprintf("%s uses %s", c.Name, c.Image))
				}
			case "floating":
				loose = append(loose, fmt.Sprintf("%s uses %s", c.Name, c.Image))
			}
		}
		rev := inventory.ShortName(u.td.ARN)
		switch {
		case len(latestApp) > 0:
			fs = append(fs, Finding{Outcome: Fail, Resource: u.td.ARN,
				Message:     fmt.Sprintf("task definition %s: %s — an untagged or latest image breaks the one-to-one mapping between code version, image tag and task definition revision", rev, strings.Join(append(latestApp, loose...), "; ")),
				Evidence:    ev,
				Remediation: "build each git commit into an image tagged with the commit SHA (or pin the digest) and register a new task definition revision for it in the pipeline"})
		case len(loose) > 0:
			fs = append(fs, Finding{Outcome: Warn, Resource: u.td.ARN,
				Message:     fmt.Sprintf("task definition %s: %s — a moving tag can point to another image tomorrow", rev, strings.Join(loose, "; ")),
				Evidence:    ev,
				Remediation: "pin the image to a version, commit-SHA tag or digest (image@sha256:...)"})
		default:
			var imgs []string
			for _, c := range u.td.Containers {
				imgs = append(imgs, c.Image)
			}
			ps.add(u.td.ARN, fmt.Sprintf("task definition %s pins its images: %s", rev, listUpTo(imgs, 5)))
		}
	}
	return append(fs, ps.findings()...)
}

// requiredTags returns the tag keys the casefile requires and whether they
// are only the defaults (missing defaults warn; the partner's own list fails).
func requiredTags(in *Input) ([]string, bool) {
	if in.Casefile == nil || len(in.Casefile.Tagging.Required) == 0 {
		return evidence.DefaultRequiredTags(), true
	}
	return in.Casefile.Tagging.Required, !in.Casefile.Tagging.Declared
}

// tagAliases lets the default dimensions match their common spellings.
var tagAliases = map[string][]string{
	"environment": {"env", "stage"},
	"application": {"app", "appname", "applicationname"},
}

func normTagKey(k string) string {
	return tagKeySeparators.Replace(strings.ToLower(k))
}

// tagKeySeparators drops the separators tag keys differ by. It is built once:
// building a Replacer per call cost more than the rest of ECS-004 on a large
// estate. A Replacer is safe for concurrent use and never changes.
var tagKeySeparators = strings.NewReplacer("-", "", "_", "", ":", "", ".", "", " ", "")

// hasTag reports whether tags hold key (case and separators ignored, common aliases accepted).
func hasTag(tags map[string]string, key string) bool {
	want := []string{normTagKey(key)}
	for _, a := range tagAliases[normTagKey(key)] {
		want = append(want, normTagKey(a))
	}
	for k, v := range tags {
		if slices.Contains(want, normTagKey(k)) && strings.TrimSpace(v) != "" {
			return true
		}
	}
	return false
}

func checkTagDimensions(in *Input) []Finding {
	const ev = "ecs:ListTagsForResource (service, task definition); ecs:DescribeServices propagateTags"
	svcs := deployedServices(in)
	if len(svcs) == 0 {
		return []Finding{noServices(in, ev)}
	}
	req, defaults := requiredTags(in)
	outcome, whose := Fail, "the casefile's tagging.required"
	if defaults {
		outcome, whose = Warn, "the default tag dimensions"
	}
	var fs []Finding
	ps := &wlPasses{evidence: ev, summary: "services carry the required tag dimensions (" + strings.Join(req, ", ") + ")"}
	for _, w := range svcs {
		tags := map[string]string{}
		from := "service"
		if strings.EqualFold(w.Svc.PropagateTags, "TASK_DEFINITION") {
			if td := w.sv.TaskDef; td != nil {
				for k, v := range td.Tags {
					tags[k] = v
				}
				from = "service and its task definition"
			}
		}
		for k, v := range w.Svc.Tags {
			tags[k] = v
		}
		var missing, present []string
		for _, k := range req {
			if hasTag(tags, k) {
				present = append(present, k)
			} else {
				missing = append(missing, k)
			}
		}
		if len(missing) == 0 {
			ps.add(w.Svc.ARN, fmt.Sprintf("service %s in %s carries %s on the %s", w.Svc.Name, w.where(), strings.Join(present, ", "), from))
			continue
		}
		fs = append(fs, Finding{Outcome: outcome, Resource: w.Svc.ARN,
			Message:     fmt.Sprintf("service %s in %s lacks the tag dimension(s) %s required by %s (tags found on the %s: %s)", w.Svc.Name, w.where(), strings.Join(missing, ", "), whose, from, tagKeyList(tags)),
			Evidence:    ev,
			Remediation: "add the missing tags (e.g. environment=production, application=storefront) to the service in its IaC definition, with propagateTags so its tasks carry them; or list your own dimensions under tagging.required in ecspack.yaml"})
	}
	return append(fs, ps.findings()...)
}

func tagKeyList(tags map[string]string) string {
	var ks []string
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		if !strings.HasPrefix(k, "aws:") {
			ks = append(ks, k)
		}
	}
	if len(ks) == 0 {
		return "none"
	}
	return listUpTo(ks, 10)
}

func checkRevisionTags(in *Input) []Finding {
	const ev = "ecs:DescribeTaskDefinition family, revision, containerDefinitions[].image"
	var fs []Finding
	ps := &wlPasses{evidence: ev, summary: "task definition families give each revision its own image tag"}
	for _, rv := range in.Regions {
		byFam := map[string][]*inventory.TaskDefinition{}
		for i := range rv.Region.ECS.TaskDefinitions {
			td := &rv.Region.ECS.TaskDefinitions[i]
			if td.NotCollected {
				continue // a stub: its fields are unknown, not empty
			}
			byFam[td.Family] = append(byFam[td.Family], td)
		}
		for _, fam := range slices.Sorted(maps.Keys(byFam)) {
			tds := byFam[fam]
			if len(tds) < 2 {
				continue
			}
			sort.Slice(tds, func(a, b int) bool { return tds[a].Revision < tds[b].Revision })
			// image of each application container -> revisions using it
			seen := map[string][]int{}
			for _, td := range tds {
				for i := range td.Containers {
					c := &td.Containers[i]
					if sidecarKind(c) != "" || pinKind(c.Image) == "latest" {
						continue
					}
					key := c.Name + "=" + c.Image
					if !slices.Contains(seen[key], td.Revision) {
						seen[key] = append(seen[key], td.Revision)
					}
				}
			}
			var reused []string
			for _, key := range slices.Sorted(maps.Keys(seen)) {
				if revs := seen[key]; len(revs) > 1 {
					name, img, _ := strings.Cut(key, "=")
					reused = append(reused, fmt.Sprintf("container %s image %s in revisions %s", name, img, joinInts(revs)))
				}
			}
			res := tds[len(tds)-1].ARN
			if len(reused) > 0 {
				fs = append(fs, Finding{Outcome: Warn, Resource: res,
					Message:     fmt.Sprintf("family %s (%s %s) reuses one image tag across revisions: %s; the checklist asks for one image tag per revision, one revision per code version", fam, rv.Account, rv.Region.Name, strings.Join(reused, "; ")),
					Evidence:    ev,
					Remediation: "build a new image tag (the git commit SHA) for each code change and register one task definition revision per image tag; explain configuration-only revisions in the ECS-004 answer"})
				continue
			}
			ps.add(res, fmt.Sprintf("family %s (%s %s) uses a distinct image tag in each of its %d revisions in use", fam, rv.Account, rv.Region.Name, len(tds)))
		}
	}
	return append(fs, ps.findings()...)
}

func joinInts(xs []int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = fmt.Sprint(x)
	}
	return strings.Join(s, ", ")
}
