package assess

import (
	"fmt"
	"strings"
)

// documentationChecks returns the checks behind DOC-001 (high availability and
// automatic scaling the diagram must show) and prerequisite 2.2 (a diagram can
// be drawn from the inventory).
func documentationChecks() []Check {
	return []Check{
		{ID: "2.2.diagram", Run: checkDiagramInputs, Judges: "The inventory holds a network and services to draw"},
		{ID: "DOC-001.multi-az", Run: checkMultiAZ, Judges: "Services run at least two tasks spread over two or more AZs"},
		{ID: "DOC-001.autoscaling", Run: checkServiceAutoScaling, Judges: "Services scale automatically (Application Auto Scaling)"},
	}
}

func checkDiagramInputs(in *Input) []Finding {
	const ev = "inventory: ec2:DescribeVpcs, ecs:DescribeServices"
	vpcs, subnets, svcs, lbs := 0, 0, 0, 0
	for _, rv := range in.Regions {
		vpcs += len(rv.Region.Network.VPCs)
		subnets += len(rv.Region.Network.Subnets)
		lbs += len(rv.Region.ELB.LoadBalancers)
		for _, c := range rv.Region.ECS.Clusters {
			svcs += len(c.Services)
		}
	}
	f := Finding{Evidence: ev}
	if in.Case != nil {
		f.Resource = in.Case.ID
	}
	counts := fmt.Sprintf("%d VPCs, %d subnets, %d services, %d load balancers in %d account-regions", vpcs, subnets, svcs, lbs, len(in.Regions))
	switch {
	case svcs == 0 && vpcs == 0:
		f.Outcome, f.Message = Fail, "the inventory is empty ("+counts+"): no architecture diagram can be drawn from it"
		f.Remediation = "run ecspack discover (or import) in the customer's accounts and list the snapshot under inventory in case.yaml, or attach a hand-drawn diagram"
	case svcs == 0:
		f.Outcome, f.Message = Warn, "the inventory has a network but no ECS service ("+counts+"): the diagram would show no workload"
		f.Remediation = "collect the regions where the workload's clusters run"
	case vpcs == 0:
		f.Outcome, f.Message = Warn, "the inventory has services but no VPC ("+counts+"): the diagram cannot show subnets and AZs"
		f.Remediation = "collect the VPCs (ec2:DescribeVpcs, DescribeSubnets) of the accounts that run the services"
	default:
		f.Outcome, f.Message = Pass, "an architecture diagram can be drawn from the inventory: "+counts
	}
	return []Finding{f}
}

// azSpread judges one service's availability-zone spread. It returns the problems
// the data shows (desired count below two, every subnet or every running task
// in one zone), the zones the service uses (its running tasks', else its
// subnets'), and, when neither running tasks nor subnets place the service in a
// known zone, what is missing: then the spread is unknown and never a pass.
// Shared by DOC-001, REL-002 and the contradiction table.
func azSpread(r svcRef) (problems, azs []string, unknown string) {
	subnetAZs, unknownSubnets := r.sv.SubnetAZs()
	taskAZs := r.sv.TaskAZs()
	azs = taskAZs
	if len(azs) == 0 && (len(unknownSubnets) == 0 || len(subnetAZs) > 1) {
		azs = subnetAZs
	}
	daemon := r.Svc.SchedulingStrategy == "DAEMON"
	if !daemon && r.Svc.DesiredCount < 2 {
		problems = append(problems, fmt.Sprintf("desired count is %d", r.Svc.DesiredCount))
	}
	if r.Svc.Network != nil && len(subnetAZs) == 1 && len(unknownSubnets) == 0 {
		problems = append(problems, "its subnets are all in "+subnetAZs[0])
	}
	if len(taskAZs) == 1 && (len(subnetAZs) != 1 || len(unknownSubnets) > 0) && (daemon || r.Svc.DesiredCount >= 2) {
		problems = append(problems, "all its running tasks are in "+taskAZs[0])
	}
	if len(azs) == 0 {
		switch {
		case len(unknownSubnets) > 0:
			unknown = "no running task reports its AZ and the AZ of subnet " + strings.Join(unknownSubnets, ", ") + " was not collected"
		case r.Svc.Network == nil:
			unknown = "no running task reports its AZ and the service has no awsvpc subnets"
		default:
			unknown = "no running task reports its AZ"
		}
	}
	return problems, azs, unknown
}

func checkMultiAZ(in *Input) []Finding {
	const ev = "ecs:DescribeServices desiredCount, networkConfiguration.subnets; ecs:DescribeTasks availabilityZone; ec2:DescribeSubnets"
	svcs := deployedServices(in)
	if len(svcs) == 0 {
		return []Finding{{Outcome: Warn, Message: "no ECS service in the inventory: high availability cannot be shown", Evidence: ev,
			Remediation: "collect the inventory of the accounts and regions that run the workload's services"}}
	}
	var fs []Finding
	spread, unknowns := 0, 0
	for _, r := range svcs {
		problems, azs, unknown := azSpread(r)
		if len(problems) == 0 && unknown != "" {
			unknowns++
			fs = append(fs, Finding{Outcome: Warn, Resource: r.resource(),
				Message: r.label() + ": AZ spread unknown: " + unknown, Evidence: ev,
				Remediation: "collect the service's running tasks (ecs:DescribeTasks) and its subnets (ec2:DescribeSubnets) in its region, or show the AZs in the answer"})
			continue
		}
		if len(problems) == 0 {
			spread++
			msg := fmt.Sprintf("%s runs %d tasks over %s", r.label(), max(r.Svc.DesiredCount, r.Svc.RunningCount), strings.Join(azs, ", "))
			if len(r.sv.TaskAZs()) == 0 {
				msg = fmt.Sprintf("%s wants %d tasks and has subnets in %s (no running task reports its AZ)", r.label(), r.Svc.DesiredCount, strings.Join(azs, ", "))
			}
			fs = append(fs, Finding{Outcome: Pass, Resource: r.resource(), Message: msg, Evidence: ev})
			continue
		}
		fs = append(fs, Finding{Outcome: Warn, Resource: r.resource(),
			Message: r.label() + " is not highly available: " + strings.Join(problems, "; "), Evidence: ev,
			Remediation: "run at least two tasks with subnets in two or more AZs (and a spread placement strategy on EC2), or explain the cost/availability trade-off in the answer"})
	}
	if spread == 0 && unknowns == 0 {
		fs = append(fs, Finding{Outcome: Fail,
			Message: fmt.Sprintf("none of the %d services runs two or more tasks across two AZs: the design shows no high availability", len(svcs)), Evidence: ev,
			Remediation: "spread at least the customer-facing services over two or more AZs with desired count 2 or more"})
	}
	return boundFindings(fs)
}

func checkServiceAutoScaling(in *Input) []Finding {
	const ev = "application-autoscaling:DescribeScalableTargets (ecs:service:DesiredCount), DescribeScalingPolicies"
	svcs := deployedServices(in)
	if len(svcs) == 0 {
		return []Finding{{Outcome: Warn, Message: "no ECS service in the inventory: automatic scaling cannot be shown", Evidence: ev,
			Remediation: "collect the inventory of the accounts and regions that run the workload's services"}}
	}
	var fs []Finding
	for _, r := range svcs {
		if r.Svc.SchedulingStrategy == "DAEMON" {
			fs = append(fs, Finding{Outcome: Info, Resource: r.resource(), Message: r.label() + " is a DAEMON service: it scales with the cluster's instances", Evidence: ev})
			continue
		}
		st := r.sv.ScalableTarget()
		if st == nil {
			fs = append(fs, Finding{Outcome: Warn, Resource: r.resource(),
				Message: r.label() + " has no Application Auto Scaling target: its desired count is fixed at " + fmt.Sprint(r.Svc.DesiredCount), Evidence: ev,
				Remediation: "register a scalable target (aws application-autoscaling register-scalable-target --service-namespace ecs --scalable-dimension ecs:service:DesiredCount) with a target-tracking policy"})
			continue
		}
		var policies []string
		for _, p := range r.RV.Region.AutoScaling.ScalingPolicies {
			if p.ResourceID == st.ResourceID {
				d := p.Type
				if p.Metric != "" {
					d += " on " + p.Metric
				}
				policies = append(policies, d)
			}
		}
		switch {
		case st.Suspended:
			fs = append(fs, Finding{Outcome: Warn, Resource: r.resource(),
				Message: r.label() + " has a scalable target whose scaling is suspended", Evidence: ev, Remediation: "resume scaling on the target, or explain why it is suspended"})
		case st.MaxCapacity <= st.MinCapacity:
			fs = append(fs, Finding{Outcome: Warn, Resource: r.resource(),
				Message: fmt.Sprintf("%s has a scalable target with min %d and max %d: it cannot scale out", r.label(), st.MinCapacity, st.MaxCapacity), Evidence: ev,
				Remediation: "raise MaxCapacity above MinCapacity"})
		case len(policies) == 0 && len(r.RV.Region.AutoScaling.ScalingPolicies) > 0:
			fs = append(fs, Finding{Outcome: Warn, Resource: r.resource(),
				Message: fmt.Sprintf("%s has a scalable target (%d–%d tasks) but no scaling policy", r.label(), st.MinCapacity, st.MaxCapacity), Evidence: ev,
				Remediation: "attach a target-tracking scaling policy (e.g. ECSServiceAverageCPUUtilization)"})
		default:
			msg := fmt.Sprintf("%s scales automatically between %d and %d tasks", r.label(), st.MinCapacity, st.MaxCapacity)
			if len(policies) > 0 {
				msg += " (" + summarize(policies) + ")"
			}
			fs = append(fs, Finding{Outcome: Pass, Resource: r.resource(), Message: msg, Evidence: ev})
		}
	}
	return boundFindings(fs)
}
