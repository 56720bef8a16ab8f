package assess

import (
	"fmt"
	"strings"

	"github.com/ecspack/ecspack/internal/words"
)

// reliabilityChecks returns the checks behind REL-001 (deployment automation
// and infrastructure as code) and REL-002 (disaster recovery: RTO/RPO stated,
// multi-AZ, health checks).
func reliabilityChecks() []Check {
	return []Check{
		{ID: "REL-001.automation", Run: checkDeploymentAutomation, Judges: "Services show signs of automated, IaC-driven deployment"},
		{ID: "REL-002.rto-rpo", Run: checkRTORPO, Judges: "An RTO and RPO are stated for the workload"},
		{ID: "REL-002.multi-az", Run: checkRecoveryAZ, Judges: "Services survive the loss of an AZ"},
		{ID: "REL-002.lb-zones", Run: checkLoadBalancerZones, Judges: "Load balancers in front of the services span two or more AZs (Security Hub ELB.13; a warning, as for the services' own spread)"},
		{ID: "REL-002.dynamodb-pitr", Run: checkDynamoDBPITR, Judges: "DynamoDB tables the services use have point-in-time recovery (Security Hub DynamoDB.2; a warning: another recovery process may be shown)"},
		{ID: "REL-002.dynamodb-deletion-protection", Run: checkDynamoDBDeletionProtection, Judges: "DynamoDB tables the services use have deletion protection (Security Hub DynamoDB.6; a warning)"},
		{ID: "REL-002.health-checks", Run: checkHealthChecks, Judges: "Unhealthy tasks are detected and replaced (container or target group health checks)"},
	}
}

// automationRoleHints are words in a creating principal's name that point to
// a pipeline or IaC tool rather than a person.
var automationRoleHints = []string{"cloudformation", "terraform", "pipeline", "codebuild", "codepipeline", "github", "gitlab", "jenkins", "deploy", "cdk", "pulumi", "spinnaker", "argo", "circleci", "bitbucket", "ci-", "-ci", "cicd"}

func checkDeploymentAutomation(in *Input) []Finding {
	const ev = "ecs:DescribeServices createdBy, deploymentController, tags; ecs:DescribeClusters tags; ecs:DescribeTaskDefinition tags"
	svcs := deployedServices(in)
	if len(svcs) == 0 {
		return []Finding{{Outcome: Warn, Message: "no ECS service in the inventory: deployment automation cannot be shown", Evidence: ev,
			Remediation: "collect the inventory of the accounts and regions that run the workload's services"}}
	}
	var fs []Finding
	for _, r := range svcs {
		var signals []string
		if m := iacMarker(r.Svc.Tags); m != "" {
			signals = append(signals, "service tagged by "+m)
		} else if m := iacMarker(r.Cluster.Tags); m != "" {
			signals = append(signals, "cluster tagged by "+m)
		} else if r.TD != nil && iacMarker(r.TD.Tags) != "" {
			signals = append(signals, "task definition tagged by "+iacMarker(r.TD.Tags))
		}
		by := strings.ToLower(r.Svc.CreatedBy)
		person := strings.Contains(by, ":user/") || strings.HasSuffix(by, ":root")
		if !person && by != "" {
			for _, h := range automationRoleHints {
				if strings.Contains(by, h) {
					signals = append(signals, "created by automation role "+r.Svc.CreatedBy)
					break
				}
			}
		}
		if r.Svc.Deployment.Controller == "CODE_DEPLOY" {
			signals = append(signals, "blue/green deployments through CodeDeploy")
		}
		switch {
		case len(signals) > 0:
			fs = append(fs, Finding{Outcome: Pass, Resource: r.resource(), Message: r.label() + ": " + strings.Join(signals, "; "), Evidence: ev})
		case person:
			fs = append(fs, Finding{Outcome: Warn, Resource: r.resource(),
				Message: r.label() + " was created by " + r.Svc.CreatedBy + " and carries no IaC tag: it may have been made in the console", Evidence: ev,
				Remediation: "bring the service under the IaC pipeline (CloudFormation/CDK/Terraform import) and deploy it from a pipeline role"})
		default:
			fs = append(fs, Finding{Outcome: Info, Resource: r.resource(),
				Message: r.label() + " shows no IaC tag or pipeline role; attach the template or pipeline that deploys it", Evidence: ev})
		}
	}
	return boundFindings(fs)
}

func checkRTORPO(in *Input) []Finding {
	const ev = "case.yaml rto, rpo"
	res := ""
	if in.Case != nil {
		res = in.Case.ID
	}
	if in.Case == nil || (!in.Case.RTO.Set() && !in.Case.RPO.Set()) {
		return []Finding{{Outcome: Fail, Resource: res, Message: "no RTO or RPO is stated for the workload", Evidence: ev,
			Remediation: "advise an RTO/RPO target to the customer and record it as rto: and rpo: in case.yaml (e.g. rto: 4h, rpo: 15m); the customer need not adopt it"}}
	}
	var missing []string
	if !in.Case.RTO.Set() {
		missing = append(missing, "RTO")
	}
	if !in.Case.RPO.Set() {
		missing = append(missing, "RPO")
	}
	if len(missing) > 0 {
		return []Finding{{Outcome: Fail, Resource: res, Message: "the " + strings.Join(missing, " and ") + " is not stated for the workload", Evidence: ev,
			Remediation: "advise the missing target and record it in case.yaml (rto: / rpo:)"}}
	}
	return []Finding{{Outcome: Pass, Resource: res, Message: "RTO " + in.Case.RTO.Text + " and RPO " + in.Case.RPO.Text + " are stated", Evidence: ev}}
}

func checkRecoveryAZ(in *Input) []Finding {
	const ev = "ecs:DescribeServices, ecs:DescribeTasks availabilityZone (see DOC-001)"
	svcs := deployedServices(in)
	if len(svcs) == 0 {
		return []Finding{{Outcome: Warn, Message: "no ECS service in the inventory: resilience to an AZ loss cannot be shown", Evidence: ev,
			Remediation: "collect the inventory of the accounts and regions that run the workload's services"}}
	}
	var weak, unknown []string
	regions := map[string]bool{}
	for _, r := range svcs {
		regions[r.RV.Region.Name] = true
		switch p, _, u := azSpread(r); {
		case len(p) > 0:
			weak = append(weak, r.Svc.Name)
		case u != "":
			unknown = append(unknown, r.Svc.Name)
		}
	}
	where := fmt.Sprintf("the workload runs in %s (%s)", words.Count(len(regions), "region", "regions"), strings.Join(setMembers(regions), ", "))
	if len(weak) > 0 {
		msg := fmt.Sprintf("%d of %d services would stop if one AZ failed: %s; %s", len(weak), len(svcs), summarize(weak), where)
		if len(unknown) > 0 {
			msg += fmt.Sprintf("; the AZ spread of %d more is unknown: %s", len(unknown), summarize(unknown))
		}
		return []Finding{{Outcome: Warn, Message: msg, Evidence: ev,
			Remediation: "spread these services over two or more AZs with two or more tasks, or state in the answer how they recover within the RTO"}}
	}
	if len(unknown) > 0 {
		return []Finding{{Outcome: Warn, Message: fmt.Sprintf("the AZ spread of %d of %d services is unknown (no running task reports its AZ and their subnets' AZs were not collected): %s; %s", len(unknown), len(svcs), summarize(unknown), where), Evidence: ev,
			Remediation: "collect the services' running tasks (ecs:DescribeTasks) and subnets (ec2:DescribeSubnets), or state in the answer how they survive the loss of an AZ"}}
	}
	return []Finding{{Outcome: Pass, Message: fmt.Sprintf("all %d services run two or more tasks across AZs; %s", len(svcs), where), Evidence: ev}}
}

func checkHealthChecks(in *Input) []Finding {
	const ev = "ecs:DescribeTaskDefinition containerDefinitions[].healthCheck; elbv2:DescribeTargetGroups HealthCheckPath"
	var fs []Finding
	for _, r := range deployedServices(in) {
		var how []string
		if r.TD != nil {
			for _, c := range r.TD.Containers {
				if c.Essential && c.HealthCheck != nil && len(c.HealthCheck.Command) > 0 {
					how = append(how, "container health check on "+c.Name)
				}
			}
		}
		for _, slb := range r.Svc.LoadBalancers {
			if tg := r.RV.Index.TargetGroup(slb.TargetGroupARN); tg != nil {
				d := "target group " + tg.Name + " health check"
				if tg.HealthCheckPath != "" {
					d += " " + tg.HealthCheckPath
				}
				how = append(how, d)
			}
		}
		if len(how) > 0 {
			fs = append(fs, Finding{Outcome: Pass, Resource: r.resource(), Message: r.label() + " replaces unhealthy tasks through " + strings.Join(how, ", "), Evidence: ev})
			continue
		}
		fs = append(fs, Finding{Outcome: Warn, Resource: r.resource(),
			Message: r.label() + " has no container health check and no load balancer health check: a hung task is never replaced", Evidence: ev,
			Remediation: "add a healthCheck to the essential container (or put the service behind a target group with a health check path)"})
	}
	return boundFindings(fs)
}
