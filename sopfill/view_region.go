package sopfill

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/internal/words"
	"github.com/ecspack/ecspack/inventory"
)

// addRegion adds the views of one account-region, in the order the
// templates list them: workloads first, then logs, network, load balancers,
// encryption and capacity. roles collects, across regions, the IAM roles
// task definitions name.
func (v *CaseView) addRegion(e *estate.Estate, rg *estate.Region, roles map[string]*RoleView) {
	secrets := v.addTaskDefinitions(e, rg, roles)
	v.addAlarms(rg)
	v.addScalingPolicies(rg)
	v.addClusters(rg, secrets)
	v.addSecrets(rg, secrets)
	v.addLogGroups(rg)
	v.addNetwork(rg)
	v.addSecurityGroups(rg)
	v.addNACLs(rg)
	v.addEndpointsAndNATs(rg)
	v.addLoadBalancers(rg)
	v.addTrails(rg)
	v.addClusterKeys(rg)
	v.addStores(rg)
	v.addAutoScalingGroups(rg)
}

// addTaskDefinitions lists every task definition revision of the region,
// records which revisions use each role, and returns the secrets each
// revision injects, by revision ARN.
func (v *CaseView) addTaskDefinitions(e *estate.Estate, rg *estate.Region, roles map[string]*RoleView) map[string][]SecretView {
	rn := rg.Name()
	secrets := map[string][]SecretView{}
	for i := range rg.Region.ECS.TaskDefinitions {
		td := &rg.Region.ECS.TaskDefinitions[i]
		name := td.Family + ":" + strconv.Itoa(td.Revision)
		tv := TaskDefView{Region: rn, Name: name, ARN: td.ARN, CPU: cpuText(td.CPU), Memory: memText(td.Memory),
			Arch: cmp.Or(td.CPUArchitecture, "X86_64"), NetworkMode: td.NetworkMode,
			TaskRole: inventory.ShortName(td.TaskRoleARN), ExecutionRole: inventory.ShortName(td.ExecutionRoleARN),
			LogGroups: logGroupNames(rg.TaskDefLogGroups(td))}
		for _, c := range td.Containers {
			tv.Containers = append(tv.Containers, c.Name)
			for _, s := range c.Secrets {
				secrets[td.ARN] = append(secrets[td.ARN], SecretView{Region: rn, TaskDefinition: name, Container: c.Name, Name: s.Name, ARN: s.ValueFrom, Store: secretStore(s.ValueFrom), ID: secretID(s.ValueFrom)})
			}
		}
		for _, arn := range []string{td.TaskRoleARN, td.ExecutionRoleARN} {
			if rv := roleView(e, roles, arn); rv != nil && !slices.Contains(rv.UsedBy, name) {
				rv.UsedBy = append(rv.UsedBy, name)
			}
		}
		v.TaskDefinitions = append(v.TaskDefinitions, tv)
	}
	return secrets
}

// logGroupNames lists the distinct log group names of refs, in order.
func logGroupNames(refs []estate.LogGroupRef) []string {
	var out []string
	for _, g := range refs {
		if !slices.Contains(out, g.Group) {
			out = append(out, g.Group)
		}
	}
	return out
}

// roleView returns the view of the role with the given ARN, creating it in
// roles on first use; nil when the estate does not hold the role.
func roleView(e *estate.Estate, roles map[string]*RoleView, arn string) *RoleView {
	if rv := roles[arn]; rv != nil {
		return rv
	}
	r := e.Role(arn)
	if arn == "" || r == nil {
		return nil
	}
	rv := &RoleView{Name: r.Name, ARN: r.ARN}
	for _, p := range r.InlinePolicies {
		rv.Policies = append(rv.Policies, p.Name+" (inline)")
	}
	for _, p := range r.AttachedPolicies {
		rv.Policies = append(rv.Policies, p.Name)
	}
	roles[arn] = rv
	return rv
}

// addAlarms lists the region's CloudWatch alarms, each with the services
// it is attributed to and the rule (estate.AlarmRule).
func (v *CaseView) addAlarms(rg *estate.Region) {
	for i, a := range rg.Region.Alarms {
		av := alarmView(rg.Name(), a)
		av.Watches = watchText(rg, i)
		v.Alarms = append(v.Alarms, av)
	}
}

// addScalingPolicies lists the region's scaling policies with the bounds of
// the target each one scales.
func (v *CaseView) addScalingPolicies(rg *estate.Region) {
	for i := range rg.Region.AutoScaling.ScalingPolicies {
		p := &rg.Region.AutoScaling.ScalingPolicies[i]
		v.ScalingPolicies = append(v.ScalingPolicies, scalingView(rg.Name(), p, rg.ScalableTarget(p.ResourceID)))
	}
}

// scalingView words one scaling policy; st is the target it scales, or nil.
func scalingView(region string, p *inventory.ScalingPolicy, st *inventory.ScalableTarget) ScalingView {
	sv := ScalingView{Region: region, Service: strings.TrimPrefix(p.ResourceID, "service/"), Name: p.Name, Type: p.Type, Metric: p.Metric}
	if p.TargetValue != 0 {
		sv.Target = words.Number(p.TargetValue)
	}
	if st != nil {
		sv.Min, sv.Max = st.MinCapacity, st.MaxCapacity
	}
	return sv
}

// addClusters lists the region's clusters and their services.
func (v *CaseView) addClusters(rg *estate.Region, secrets map[string][]SecretView) {
	for _, c := range rg.Clusters {
		cl := c.Cluster
		cv := ClusterView{Account: rg.AccountID(), Region: rg.Name(), Name: cl.Name, ARN: cl.ARN, CapacityProviders: slices.Clone(cl.CapacityProviders),
			DefaultStrategy: strategyText(cl.DefaultStrategy), ExecLogging: cl.ExecuteCommandLogging,
			Services: len(cl.Services), RunningTasks: c.RunningTaskCount(), ContainerInstances: len(cl.ContainerInstances)}
		for _, s := range cl.Settings {
			if s.Name == "containerInsights" {
				cv.ContainerInsights = s.Value
			}
		}
		v.Clusters = append(v.Clusters, cv)
		for _, s := range c.Services {
			v.Services = append(v.Services, serviceView(s, secrets))
		}
	}
}

// addSecrets lists the secrets the region's task definitions inject, each
// with the services whose tasks receive it, sorted.
func (v *CaseView) addSecrets(rg *estate.Region, secrets map[string][]SecretView) {
	users := map[string][]ServiceRef{}
	for _, u := range rg.TaskDefinitions() {
		for _, s := range u.Services {
			users[u.TaskDef.ARN] = append(users[u.TaskDef.ARN], ServiceRef{Cluster: s.ClusterName(), Name: s.Name()})
		}
	}
	for arn, ss := range secrets {
		for _, s := range ss {
			s.Services = slices.Clone(users[arn])
			v.Secrets = append(v.Secrets, s)
		}
	}
	slices.SortFunc(v.Secrets, func(a, b SecretView) int {
		return cmp.Or(cmp.Compare(a.Region, b.Region), cmp.Compare(a.TaskDefinition, b.TaskDefinition), cmp.Compare(a.Container, b.Container), cmp.Compare(a.Name, b.Name))
	})
}

// addLogGroups lists the region's log groups with their retention and
// encryption, and the KMS keys that encrypt them.
func (v *CaseView) addLogGroups(rg *estate.Region) {
	rn := rg.Name()
	for _, g := range rg.Region.LogGroups {
		lv := LogGroupView{Region: rn, Name: g.Name, Retention: "never expires", Encryption: "CloudWatch Logs default encryption"}
		if g.RetentionDays > 0 {
			lv.Retention = fmt.Sprintf("%d days", g.RetentionDays)
		}
		if g.KMSKey != "" {
			lv.Encryption = "KMS key " + inventory.ShortName(g.KMSKey)
			v.KMS = append(v.KMS, KMSUse{Region: rn, Kind: "CloudWatch log group", Resource: g.Name, Key: inventory.ShortName(g.KMSKey)})
		}
		v.LogGroups = append(v.LogGroups, lv)
	}
}
