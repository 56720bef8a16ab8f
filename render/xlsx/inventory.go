package xlsx

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"

	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/internal/words"
	"github.com/ecspack/ecspack/inventory"
)

// NotCollectedKind is the Inventory sheet's Kind for an API call that failed
// during collection (a snapshot's collection error): evidence that could not
// be collected, named by service:Operation with its error code and message.
const NotCollectedKind = "Evidence not collected"

// invRow is one resource on the Inventory sheet.
type invRow struct {
	kind, name, cluster, capacity string
	// desired and running are shown only when set (services, clusters, groups).
	desired, running *int
	details, id      string
}

// inventorySheet lays out one row per resource of interest per case study:
// the ECS layer (clusters, services, task definitions, capacity providers,
// container instances), what fronts and feeds it (load balancers, target
// groups, repositories, file systems, scaling) and the network it runs in.
// Individual tasks are summarised on their cluster's row.
func (wb *workbook) inventorySheet() *sheet {
	st := wb.st
	s := &sheet{
		name:       InventorySheet,
		widths:     []float64{16, 14, 12, 18, 32, 20, 20, 9, 9, 56, 44},
		freezeRows: 1, freezeCols: 0,
		printTitles: [2]int{1, 1},
	}
	s.add(
		styled(st.header, "Case study"), styled(st.header, "Account"), styled(st.header, "Region"),
		styled(st.header, "Kind"), styled(st.header, "Name"), styled(st.header, "Cluster / parent"),
		styled(st.header, "Launch type / capacity"), styled(st.header, "Desired"),
		styled(st.header, "Running"), styled(st.header, "Key facts"), styled(st.header, "ARN / ID"),
	)
	for _, id := range wb.caseOrder {
		cs := wb.caseStudy(id)
		if cs == nil || cs.Inventory == nil {
			continue
		}
		for _, rv := range wb.in.Estates.For(id, cs.Inventory).Regions {
			for _, r := range regionRows(rv) {
				cells := []any{
					styled(st.text, id), styled(st.text, rv.AccountID()), styled(st.text, rv.Name()),
					styled(st.text, r.kind), styled(st.wrap, r.name), styled(st.wrap, r.cluster),
					styled(st.wrap, r.capacity), nil, nil,
					styled(st.wrap, fitCell(r.details)), styled(st.wrap, r.id),
				}
				if r.desired != nil {
					cells[7] = styled(st.number, *r.desired)
				}
				if r.running != nil {
					cells[8] = styled(st.number, *r.running)
				}
				s.add(cells...)
			}
		}
		// What discovery could not read is shown beside what it did read, so
		// a reviewer filtering the sheet sees the gap instead of an absence.
		for _, e := range cs.Inventory.Collection.Errors {
			s.add(styled(st.text, id), styled(st.text, e.Account), styled(st.text, e.Region),
				styled(st.text, NotCollectedKind), styled(st.wrap, e.Service+":"+e.Operation), nil, nil, nil, nil,
				styled(st.wrap, fitCell(cmp.Or(e.Code, "error")+": "+e.Message)), nil)
		}
	}
	s.filter = "A1:" + cellName(11, max(len(s.rows), 2))
	return s
}

// regionRows lists the resources of interest of one region, in the
// snapshot's order (which the inventory codec keeps sorted): the ECS layer,
// then what fronts it, scales it, stores for it, connects it and watches it.
func regionRows(r *estate.Region) []invRow {
	var out []invRow
	for _, c := range r.Clusters {
		out = append(out, clusterRows(c)...)
	}
	inv := r.Region
	out = append(out, taskDefinitionRows(inv.ECS.TaskDefinitions)...)
	out = append(out, capacityProviderRows(inv.ECS.CapacityProviders)...)
	out = append(out, loadBalancingRows(inv)...)
	out = append(out, scalingRows(inv)...)
	out = append(out, storageRows(inv)...)
	out = append(out, networkRows(inv)...)
	return append(out, monitoringRows(r)...)
}

// clusterRows are a cluster's row (its running tasks summarised), then its
// services and its container instances.
func clusterRows(cv *estate.Cluster) []invRow {
	c := cv.Cluster
	running := c.RunningTasksCount
	facts := []string{fmt.Sprintf("%d services, %d container instances, %d pending tasks", len(c.Services), c.RegisteredInstancesCount, c.PendingTasksCount)}
	for _, kv := range c.Settings {
		facts = append(facts, kv.Name+": "+kv.Value)
	}
	if c.ServiceConnectNamespace != "" {
		facts = append(facts, "Service Connect namespace: "+c.ServiceConnectNamespace)
	}
	out := []invRow{{kind: "ECS cluster", name: c.Name, capacity: strings.Join(c.CapacityProviders, ", "),
		running: &running, details: strings.Join(facts, "; "), id: c.ARN}}
	for _, s := range cv.Services {
		desired, run := s.Service.DesiredCount, s.Service.RunningCount
		out = append(out, invRow{kind: "ECS service", name: s.Name(), cluster: s.ClusterName(), capacity: serviceCapacity(s),
			desired: &desired, running: &run, details: serviceFacts(s), id: s.Service.ARN})
	}
	for _, ci := range c.ContainerInstances {
		n := ci.RunningTasks
		facts := []string{"status " + ci.Status, "agent " + ci.AgentVersion, "connected " + words.YesNo(ci.AgentConnected)}
		if ci.AMIID != "" {
			facts = append(facts, "AMI "+ci.AMIID)
		}
		if ci.External {
			facts = append(facts, "external (ECS Anywhere)")
		}
		out = append(out, invRow{kind: "Container instance", name: cmp.Or(ci.EC2InstanceID, lastPart(ci.ARN)), cluster: c.Name,
			capacity: strings.TrimSpace(ci.InstanceType + " " + ci.CapacityProvider), running: &n,
			details: strings.Join(facts, "; "), id: ci.ARN})
	}
	return out
}

// taskDefinitionRows are the region's task definition revisions, in use or not.
func taskDefinitionRows(tds []inventory.TaskDefinition) []invRow {
	var out []invRow
	for _, td := range tds {
		facts := []string{"cpu " + cmp.Or(td.CPU, "-"), "memory " + cmp.Or(td.Memory, "-"), "network " + cmp.Or(td.NetworkMode, "-"),
			fmt.Sprintf("%d containers", len(td.Containers))}
		if td.CPUArchitecture != "" {
			facts = append(facts, td.CPUArchitecture)
		}
		if td.TaskRoleARN != "" {
			facts = append(facts, "task role "+lastPart(td.TaskRoleARN))
		}
		out = append(out, invRow{kind: "Task definition", name: td.Family + ":" + strconv.Itoa(td.Revision),
			capacity: strings.Join(td.RequiresCompatibilities, ", "), details: strings.Join(facts, "; "), id: td.ARN})
	}
	return out
}

// capacityProviderRows are the region's capacity providers with their Auto
// Scaling group and managed scaling.
func capacityProviderRows(cps []inventory.CapacityProvider) []invRow {
	var out []invRow
	for _, cp := range cps {
		facts := []string{}
		if cp.AutoScalingGroupARN != "" {
			facts = append(facts, "ASG "+lastPart(cp.AutoScalingGroupARN))
		}
		if ms := cp.ManagedScaling; ms != nil {
			facts = append(facts, fmt.Sprintf("managed scaling %s, target %d%%", ms.Status, ms.TargetCapacity))
		}
		if cp.ManagedTerminationProtection != "" {
			facts = append(facts, "termination protection "+cp.ManagedTerminationProtection)
		}
		out = append(out, invRow{kind: "Capacity provider", name: cp.Name, details: strings.Join(facts, "; "), id: cmp.Or(cp.ARN, cp.Name)})
	}
	return out
}

// loadBalancingRows are the region's load balancers with their listeners,
// then its target groups with their healthy targets counted as running.
func loadBalancingRows(r *inventory.Region) []invRow {
	var out []invRow
	for _, lb := range r.ELB.LoadBalancers {
		var ls []string
		for _, l := range lb.Listeners {
			ls = append(ls, fmt.Sprintf("%s:%d", l.Protocol, l.Port))
		}
		facts := []string{lb.Scheme, "listeners " + cmp.Or(strings.Join(ls, ", "), "none"), fmt.Sprintf("%d AZs", len(lb.AvailabilityZones))}
		out = append(out, invRow{kind: "Load balancer", name: lb.Name, capacity: lb.Type, details: strings.Join(facts, "; "), id: lb.ARN})
	}
	for _, tg := range r.ELB.TargetGroups {
		healthy := 0
		for _, t := range tg.Targets {
			if t.State == "healthy" {
				healthy++
			}
		}
		n := len(tg.Targets)
		facts := []string{fmt.Sprintf("%s:%d", tg.Protocol, tg.Port), "target type " + tg.TargetType, fmt.Sprintf("%d of %d targets healthy", healthy, n)}
		if tg.HealthCheckPath != "" {
			facts = append(facts, "health check "+tg.HealthCheckPath)
		}
		out = append(out, invRow{kind: "Target group", name: tg.Name, running: &healthy, details: strings.Join(facts, "; "), id: tg.ARN})
	}
	return out
}

// scalingRows are what adds or removes capacity: Auto Scaling groups,
// Application Auto Scaling targets and policies, and Spot fleet requests.
func scalingRows(r *inventory.Region) []invRow {
	var out []invRow
	for _, g := range r.AutoScaling.Groups {
		d := g.DesiredCapacity
		facts := []string{fmt.Sprintf("min %d, max %d", g.MinSize, g.MaxSize), fmt.Sprintf("%d AZs", len(g.AvailabilityZones))}
		if len(g.InstanceTypes) > 0 {
			facts = append(facts, "types "+strings.Join(g.InstanceTypes, ", "))
		}
		if g.MixedInstances != nil {
			facts = append(facts, fmt.Sprintf("mixed instances: %d%% on-demand above base %d", g.MixedInstances.OnDemandPercentageAboveBaseCapacity, g.MixedInstances.OnDemandBaseCapacity))
		}
		n := len(g.Instances)
		out = append(out, invRow{kind: "Auto Scaling group", name: g.Name, desired: &d, running: &n, details: strings.Join(facts, "; "), id: g.ARN})
	}
	for _, t := range r.AutoScaling.ScalableTargets {
		out = append(out, invRow{kind: "Scalable target", name: t.ResourceID, capacity: t.ScalableDimension,
			details: fmt.Sprintf("min %d, max %d", t.MinCapacity, t.MaxCapacity), id: t.ResourceID})
	}
	for _, p := range r.AutoScaling.ScalingPolicies {
		facts := []string{p.Type}
		if p.Metric != "" {
			facts = append(facts, fmt.Sprintf("%s target %g", p.Metric, p.TargetValue))
		}
		out = append(out, invRow{kind: "Scaling policy", name: p.Name, cluster: p.ResourceID, details: strings.Join(facts, "; "), id: cmp.Or(p.ARN, p.Name)})
	}
	for _, sf := range r.EC2.SpotFleetRequests {
		t := sf.TargetCapacity
		out = append(out, invRow{kind: "Spot fleet request", name: sf.ID, capacity: strings.Join(sf.InstanceTypes, ", "), desired: &t,
			details: "state " + sf.State + "; allocation " + sf.AllocationStrategy, id: sf.ID})
	}
	return out
}

// storageRows are where images and files live: ECR repositories and EFS
// file systems; then the Cloud Map namespaces services find each other in.
func storageRows(r *inventory.Region) []invRow {
	var out []invRow
	for _, repo := range r.ECR.Repositories {
		facts := []string{"scan on push " + words.YesNo(repo.ScanOnPush), "tags " + cmp.Or(repo.TagMutability, "-"), "encryption " + cmp.Or(repo.EncryptionType, "-")}
		out = append(out, invRow{kind: "ECR repository", name: repo.Name, details: strings.Join(facts, "; "), id: repo.ARN})
	}
	for _, fs := range r.EFS {
		facts := []string{"encrypted " + words.YesNo(fs.Encrypted), fmt.Sprintf("%d mount targets", len(fs.MountTargets)), fmt.Sprintf("%d access points", len(fs.AccessPoints))}
		if fs.PerformanceMode != "" {
			facts = append(facts, fs.PerformanceMode)
		}
		out = append(out, invRow{kind: "EFS file system", name: cmp.Or(fs.Name, fs.ID), details: strings.Join(facts, "; "), id: cmp.Or(fs.ARN, fs.ID)})
	}
	for _, ns := range r.Namespaces {
		out = append(out, invRow{kind: "Cloud Map namespace", name: ns.Name, capacity: ns.Type,
			details: fmt.Sprintf("%d services", ns.ServiceCount), id: cmp.Or(ns.ARN, ns.ID)})
	}
	return out
}

// networkRows are the region's VPCs, NAT gateways and VPC endpoints.
func networkRows(r *inventory.Region) []invRow {
	var out []invRow
	for _, v := range r.Network.VPCs {
		details := "CIDR " + v.CIDR
		if v.IsDefault {
			details += "; default VPC"
		}
		out = append(out, invRow{kind: "VPC", name: cmp.Or(v.Tags["Name"], v.ID), details: details, id: v.ID})
	}
	for _, n := range r.Network.NATGateways {
		out = append(out, invRow{kind: "NAT gateway", name: cmp.Or(n.Tags["Name"], n.ID), cluster: n.VPCID,
			details: "subnet " + n.SubnetID + "; " + cmp.Or(n.ConnectivityType, "public"), id: n.ID})
	}
	for _, e := range r.Network.VPCEndpoints {
		out = append(out, invRow{kind: "VPC endpoint", name: e.ServiceName, cluster: e.VPCID, capacity: e.Type, details: "state " + e.State, id: e.ID})
	}
	return out
}

// monitoringRows are the region's CloudWatch alarms, each with the services
// it is attributed to and the rule (estate.AlarmRule), and its log groups.
func monitoringRows(rv *estate.Region) []invRow {
	var out []invRow
	r := rv.Region
	for i, a := range r.Alarms {
		out = append(out, invRow{kind: "CloudWatch alarm", name: a.Name,
			details: fmt.Sprintf("%s/%s %s %g; state %s; actions %s; %s", a.Namespace, a.MetricName, a.ComparisonOperator, a.Threshold, cmp.Or(a.State, "-"), words.YesNo(a.ActionsEnabled), alarmWatches(rv, i)),
			id:      cmp.Or(a.ARN, a.Name)})
	}
	for _, lg := range r.LogGroups {
		retention := "never expires"
		if lg.RetentionDays > 0 {
			retention = fmt.Sprintf("retention %d days", lg.RetentionDays)
		}
		enc := "no KMS key"
		if lg.KMSKey != "" {
			enc = "KMS encrypted"
		}
		out = append(out, invRow{kind: "Log group", name: lg.Name, details: retention + "; " + enc, id: cmp.Or(lg.ARN, lg.Name)})
	}
	return out
}

// serviceCapacity is the service's launch type or its OWN capacity provider
// strategy, as the service records it: the sheet shows what is configured,
// so a service that inherits the cluster's default strategy shows neither.
func serviceCapacity(s *estate.Service) string {
	sv := s.Service
	if len(sv.CapacityProviderStrategy) == 0 {
		return sv.LaunchType
	}
	var parts []string
	for _, it := range sv.CapacityProviderStrategy {
		p := fmt.Sprintf("%s weight %d", it.CapacityProvider, it.Weight)
		if it.Base > 0 {
			p += fmt.Sprintf(" base %d", it.Base)
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, ", ")
}

// serviceFacts summarises a service's deployment, load balancing and networking.
func serviceFacts(s *estate.Service) string {
	sv := s.Service
	facts := []string{"task definition " + lastPart(sv.TaskDefinition)}
	d := sv.Deployment
	facts = append(facts, fmt.Sprintf("deployment %d–%d%%, circuit breaker %s (rollback %s)",
		d.MinimumHealthyPercent, d.MaximumPercent, words.YesNo(d.CircuitBreakerEnabled), words.YesNo(d.CircuitBreakerRollback)))
	if n := len(s.Targets()); n > 0 {
		facts = append(facts, fmt.Sprintf("%d load balancer target(s)", n))
	}
	if sv.Network != nil {
		facts = append(facts, fmt.Sprintf("%d subnets, %d security groups, public IP %s", len(s.Subnets()), len(s.SecurityGroups()), words.YesNo(sv.Network.AssignPublicIP)))
	}
	if sv.ServiceConnect != nil && sv.ServiceConnect.Enabled {
		facts = append(facts, "Service Connect")
	}
	if sv.EnableExecuteCommand {
		facts = append(facts, "ECS Exec enabled")
	}
	return strings.Join(facts, "; ")
}

// lastPart is the part of an ARN after its last "/" (or the whole string).
func lastPart(arn string) string {
	if i := strings.LastIndexByte(arn, '/'); i >= 0 && i < len(arn)-1 {
		return arn[i+1:]
	}
	return arn
}

// alarmWatches says whom the region's i-th alarm watches: "watches
// prod/web (target group)", or why no service ("watches no single service:
// load balancer NAME serves 2 services"), or "watches no service".
func alarmWatches(r *estate.Region, i int) string {
	var parts []string
	for _, w := range r.AlarmWatchers(i) {
		parts = append(parts, w.Service.ClusterName()+"/"+w.Service.Name()+" ("+string(w.Rule)+")")
	}
	if len(parts) > 0 {
		return "watches " + strings.Join(parts, ", ")
	}
	if sh, ok := r.SharedAlarm(i); ok {
		return "watches no single service: load balancer " + sh.LoadBalancer.Name + " serves " + words.Count(len(sh.Services), "service", "services")
	}
	return "watches no service"
}
