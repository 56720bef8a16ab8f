package sopfill

import (
	"cmp"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/ecspack/ecspack/cost"
	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/internal/words"
	"github.com/ecspack/ecspack/inventory"
)

// newCaseView computes every view the templates use from a case study.
func newCaseView(cf *evidence.Casefile, cs *evidence.CaseStudy, model *cost.Model) *CaseView {
	v := &CaseView{
		ID: cs.ID, Title: cs.Title, Customer: cmp.Or(cs.CustomerName(cf), "the customer"),
		Industry: cs.Customer.Industry, Country: cs.Customer.Country,
		Problem: strings.TrimSpace(cs.Summary.Problem), Solution: strings.TrimSpace(cs.Summary.Solution), Outcome: strings.TrimSpace(cs.Summary.Outcome),
		ProductionDate: cs.ProductionDate.String(), Stage: cs.Stage,
		Regions: slices.Clone(cs.Regions), Accounts: slices.Clone(cs.Accounts),
		RTO: cs.RTO.Text, RPO: cs.RPO.Text, ComplianceScope: slices.Clone(cs.ComplianceScope),
		Contacts: slices.Clone(cs.Contacts), External: slices.Clone(cs.External),
		Ops: cs.Operations,
	}
	if cs.WAFR != nil {
		v.WAFR = &WAFRView{Date: cs.WAFR.Date.String(), Report: cs.WAFR.Report, Waives: cs.WAFR.Waives()}
	}
	v.Cost = CostView{BusinessValue: strings.TrimSpace(cs.Cost.BusinessValue), CalculatorURL: cs.Cost.CalculatorURL, Lines: slices.Clone(cs.Cost.Lines), Model: model}
	if cs.Cost.EstimateBeforeUSD > 0 {
		v.Cost.EstimateBefore = cost.Money(cs.Cost.EstimateBeforeUSD)
	}
	if model != nil {
		v.Cost.Total = cost.Money(model.Total)
		v.Cost.ModelMarkdown = string(model.Markdown())
	}
	snap := cs.Inventory
	if snap == nil {
		return v
	}
	v.HasInventory = true
	v.Snapshot = SnapshotView{Source: snap.Collection.Source, Tool: snap.Collection.Tool, Errors: len(snap.Collection.Errors)}
	if !snap.Collection.StartedAt.IsZero() {
		v.Snapshot.Taken = snap.Collection.StartedAt.UTC().Format("2006-01-02 15:04 UTC")
	}
	roles := map[string]*RoleView{}
	for ai := range snap.Accounts {
		a := &snap.Accounts[ai]
		iv := IAMView{Account: a.ID}
		if a.IAM.Summary != nil {
			iv.RootMFA = words.YesNo(a.IAM.Summary["AccountMFAEnabled"] > 0)
			iv.RootAccessKeys = words.YesNo(a.IAM.Summary["AccountAccessKeysPresent"] > 0)
		}
		v.IAM = append(v.IAM, iv)
		for _, r := range a.IAM.Roles {
			rv := &RoleView{Name: r.Name, ARN: r.ARN}
			for _, p := range r.InlinePolicies {
				rv.Policies = append(rv.Policies, p.Name+" (inline)")
			}
			for _, p := range r.AttachedPolicies {
				rv.Policies = append(rv.Policies, p.Name)
			}
			roles[r.ARN] = rv
		}
		for ri := range a.Regions {
			v.addRegion(a.ID, &a.Regions[ri], roles)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(roles)) {
		if rv := roles[k]; len(rv.UsedBy) > 0 {
			v.Roles = append(v.Roles, *rv)
		}
	}
	if len(v.Regions) == 0 {
		for _, c := range v.Clusters {
			if !slices.Contains(v.Regions, c.Region) {
				v.Regions = append(v.Regions, c.Region)
			}
		}
		slices.Sort(v.Regions)
	}
	slices.Sort(v.AZs)
	v.AZs = slices.Compact(v.AZs)
	for _, s := range v.Services {
		if s.CircuitBreaker {
			v.ServicesWithCircuitBreaker++
		}
		if s.Rollback {
			v.ServicesWithRollback++
		}
		if s.AutoScaling {
			v.ServicesWithAutoScaling++
		}
		if len(s.AZs) > 1 {
			v.ServicesInSeveralAZs++
		}
		for _, k := range s.KPIs {
			if k.Proposed {
				v.ProposedKPIs++
			} else {
				v.ImplementedKPIs++
			}
		}
	}
	for _, std := range append(standardKPIs[:len(standardKPIs):len(standardKPIs)], struct {
		kind, name, metric, condition string
		needsLB                       bool
	}{kind: "other", name: "Other alarms"}) {
		g := KPIGroup{Kind: std.kind, Name: std.name}
		for _, s := range v.Services {
			for _, k := range s.KPIs {
				if k.Kind == std.kind {
					g.Entries = append(g.Entries, KPIEntry{Region: s.Region, Cluster: s.Cluster, Service: s.Name, KPIView: k})
				}
			}
		}
		if len(g.Entries) > 0 {
			v.KPIGroups = append(v.KPIGroups, g)
		}
	}
	for _, lb := range v.LoadBalancers {
		if lb.Scheme == "internet-facing" {
			v.InternetFacingLoadBalancers++
		}
	}
	return v
}

func (v *CaseView) addRegion(account string, r *inventory.Region, roles map[string]*RoleView) {
	ix := inventory.NewIndex(r)
	rn := r.Name
	sgUsers := map[string][]string{}

	// Task definitions.
	tdLogs := map[string][]string{}
	tdSecrets := map[string][]SecretView{}
	for _, td := range r.ECS.TaskDefinitions {
		name := td.Family + ":" + strconv.Itoa(td.Revision)
		tv := TaskDefView{Region: rn, Name: name, ARN: td.ARN, CPU: cpuText(td.CPU), Memory: memText(td.Memory),
			Arch: cmp.Or(td.CPUArchitecture, "X86_64"), NetworkMode: td.NetworkMode,
			TaskRole: inventory.ShortName(td.TaskRoleARN), ExecutionRole: inventory.ShortName(td.ExecutionRoleARN)}
		for _, c := range td.Containers {
			tv.Containers = append(tv.Containers, c.Name)
			if lc := c.LogConfiguration; lc != nil {
				if g := lc.Options["awslogs-group"]; g != "" && !slices.Contains(tv.LogGroups, g) {
					tv.LogGroups = append(tv.LogGroups, g)
				}
			}
			for _, s := range c.Secrets {
				tdSecrets[td.ARN] = append(tdSecrets[td.ARN], SecretView{Region: rn, TaskDefinition: name, Container: c.Name, Name: s.Name, ARN: s.ValueFrom, Store: secretStore(s.ValueFrom), ID: secretID(s.ValueFrom)})
			}
		}
		tdLogs[td.ARN] = tv.LogGroups
		for _, arn := range []string{td.TaskRoleARN, td.ExecutionRoleARN} {
			if rv := roles[arn]; rv != nil && !slices.Contains(rv.UsedBy, name) {
				rv.UsedBy = append(rv.UsedBy, name)
			}
		}
		v.TaskDefinitions = append(v.TaskDefinitions, tv)
	}

	// Alarms.
	var alarms []AlarmView
	for _, a := range r.Alarms {
		alarms = append(alarms, alarmView(rn, a))
	}
	v.Alarms = append(v.Alarms, alarms...)

	// Scaling policies by resource id.
	policies := map[string][]ScalingView{}
	for _, p := range r.AutoScaling.ScalingPolicies {
		sv := ScalingView{Region: rn, Service: strings.TrimPrefix(p.ResourceID, "service/"), Name: p.Name, Type: p.Type, Metric: p.Metric}
		if p.TargetValue != 0 {
			sv.Target = words.Number(p.TargetValue)
		}
		if st := scalableTarget(r, p.ResourceID); st != nil {
			sv.Min, sv.Max = st.MinCapacity, st.MaxCapacity
		}
		policies[p.ResourceID] = append(policies[p.ResourceID], sv)
		v.ScalingPolicies = append(v.ScalingPolicies, sv)
	}

	// Clusters and services.
	cpASG := map[string]string{}
	for _, cp := range r.ECS.CapacityProviders {
		if cp.AutoScalingGroupARN != "" {
			if g := ix.AutoScalingGroup(cp.AutoScalingGroupARN); g != nil {
				cpASG[cp.Name] = g.Name
			} else {
				cpASG[cp.Name] = inventory.ShortName(cp.AutoScalingGroupARN)
			}
		}
	}
	for ci := range r.ECS.Clusters {
		c := &r.ECS.Clusters[ci]
		cv := ClusterView{Account: account, Region: rn, Name: c.Name, ARN: c.ARN, CapacityProviders: slices.Clone(c.CapacityProviders),
			DefaultStrategy: strategyText(c.DefaultStrategy), ExecLogging: c.ExecuteCommandLogging,
			Services: len(c.Services), RunningTasks: c.RunningTasksCount, ContainerInstances: len(c.ContainerInstances)}
		for _, s := range c.Settings {
			if s.Name == "containerInsights" {
				cv.ContainerInsights = s.Value
			}
		}
		if cv.RunningTasks == 0 {
			for _, t := range c.Tasks {
				if t.LastStatus == "RUNNING" {
					cv.RunningTasks++
				}
			}
		}
		if cv.RunningTasks == 0 {
			for _, s := range c.Services {
				cv.RunningTasks += s.RunningCount
			}
		}
		v.Clusters = append(v.Clusters, cv)
		for si := range c.Services {
			s := &c.Services[si]
			sv := v.serviceView(account, r, ix, c, s, alarms, policies, tdSecrets, cpASG)
			for _, sg := range sv.SecurityGroups {
				sgUsers[sg] = append(sgUsers[sg], "service "+c.Name+"/"+s.Name)
			}
			v.Services = append(v.Services, sv)
		}
	}
	for arn, secrets := range tdSecrets {
		for _, s := range secrets {
			for _, sv := range v.Services {
				if sv.TaskDefinitionARN == arn && sv.Region == rn {
					s.Services = append(s.Services, ServiceRef{Cluster: sv.Cluster, Name: sv.Name})
				}
			}
			v.Secrets = append(v.Secrets, s)
		}
	}
	slices.SortFunc(v.Secrets, func(a, b SecretView) int {
		return cmp.Or(cmp.Compare(a.Region, b.Region), cmp.Compare(a.TaskDefinition, b.TaskDefinition), cmp.Compare(a.Container, b.Container), cmp.Compare(a.Name, b.Name))
	})

	// Log groups.
	for _, g := range r.LogGroups {
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

	// Network.
	for _, vpc := range r.Network.VPCs {
		v.VPCs = append(v.VPCs, VPCView{Region: rn, ID: vpc.ID, CIDR: vpc.CIDR, Name: vpc.Tags["Name"]})
	}
	for _, s := range r.Network.Subnets {
		kind := "private"
		if s.Public {
			kind = "public"
		}
		v.Subnets = append(v.Subnets, SubnetView{Region: rn, ID: s.ID, VPC: s.VPCID, AZ: s.AvailabilityZone, CIDR: s.CIDR, Name: s.Tags["Name"], Kind: kind, FreeIPs: s.AvailableIPs})
		if s.AvailabilityZone != "" {
			v.AZs = append(v.AZs, s.AvailabilityZone)
		}
	}
	for _, lb := range r.ELB.LoadBalancers {
		for _, sg := range lb.SecurityGroups {
			sgUsers[sg] = append(sgUsers[sg], "load balancer "+lb.Name)
		}
	}
	for _, fs := range r.EFS {
		for _, mt := range fs.MountTargets {
			for _, sg := range mt.SecurityGroups {
				if !slices.Contains(sgUsers[sg], "EFS "+fs.ID) {
					sgUsers[sg] = append(sgUsers[sg], "EFS "+fs.ID)
				}
			}
		}
	}
	sgNames := map[string]string{}
	for _, sg := range r.Network.SecurityGroups {
		sgNames[sg.ID] = sg.Name
	}
	for _, sg := range r.Network.SecurityGroups {
		gv := SGView{Region: rn, ID: sg.ID, Name: sg.Name, VPC: sg.VPCID, Description: sg.Description, UsedBy: sgUsers[sg.ID]}
		for _, rule := range sg.Ingress {
			rv := ruleView(rule, sgNames)
			gv.OpenToInternet = gv.OpenToInternet || rv.Internet
			gv.Ingress = append(gv.Ingress, rv)
		}
		for _, rule := range sg.Egress {
			gv.Egress = append(gv.Egress, ruleView(rule, sgNames))
		}
		v.SecurityGroups = append(v.SecurityGroups, gv)
	}
	for _, acl := range r.Network.NetworkACLs {
		nv := NACLView{Region: rn, ID: acl.ID, VPC: acl.VPCID, Default: acl.IsDefault, Subnets: len(acl.Subnets), AllowsAll: true}
		for _, e := range acl.Entries {
			dir := "inbound"
			if e.Egress {
				dir = "outbound"
			}
			peer := cmp.Or(e.CIDR, e.IPv6CIDR)
			nv.Rules = append(nv.Rules, NACLRuleView{Number: e.RuleNumber, Direction: dir, Protocol: protoText(e.Protocol), Ports: portsText(e.Protocol, e.FromPort, e.ToPort), CIDR: peer, Action: e.Action})
			if e.RuleNumber != 32767 && !(e.Action == "allow" && e.Protocol == "-1" && (peer == "0.0.0.0/0" || peer == "::/0")) {
				nv.AllowsAll = false
			}
		}
		slices.SortStableFunc(nv.Rules, func(a, b NACLRuleView) int {
			return cmp.Or(cmp.Compare(a.Direction, b.Direction), cmp.Compare(a.Number, b.Number))
		})
		v.NACLs = append(v.NACLs, nv)
	}
	for _, ep := range r.Network.VPCEndpoints {
		v.Endpoints = append(v.Endpoints, EndpointView{Region: rn, Service: ep.ServiceName, Type: ep.Type})
	}
	for _, n := range r.Network.NATGateways {
		nv := NATView{Region: rn, ID: n.ID, Subnet: n.SubnetID}
		if s := ix.Subnet(n.SubnetID); s != nil {
			nv.AZ = s.AvailabilityZone
		}
		v.NATGateways = append(v.NATGateways, nv)
	}

	// Load balancers.
	tgNames := map[string]string{}
	for _, tg := range r.ELB.TargetGroups {
		tgNames[tg.ARN] = tg.Name
	}
	for _, lb := range r.ELB.LoadBalancers {
		lv := LBView{Region: rn, Name: lb.Name, Type: lb.Type, Scheme: lb.Scheme, DNS: lb.DNSName, AZs: slices.Clone(lb.AvailabilityZones), SecurityGroups: slices.Clone(lb.SecurityGroups)}
		for _, l := range lb.Listeners {
			li := ListenerView{Protocol: l.Protocol, Port: l.Port, TLSPolicy: l.SSLPolicy, Certificates: len(l.Certificates),
				Encrypted: l.Protocol == "HTTPS" || l.Protocol == "TLS", MutualAuthentication: l.MutualAuthentication}
			var acts []string
			for _, a := range l.DefaultActions {
				switch a.Type {
				case "redirect":
					acts = append(acts, "redirect to "+strings.TrimSpace(a.RedirectProtocol+" "+a.RedirectPort))
				case "forward":
					var names []string
					for _, tg := range a.TargetGroups {
						names = append(names, cmp.Or(tgNames[tg], inventory.ShortName(tg)))
					}
					acts = append(acts, "forward to "+strings.Join(names, ", "))
				default:
					acts = append(acts, a.Type)
				}
			}
			li.Action = strings.Join(acts, "; ")
			lv.Listeners = append(lv.Listeners, li)
		}
		slices.SortFunc(lv.Listeners, func(a, b ListenerView) int { return cmp.Compare(a.Port, b.Port) })
		v.LoadBalancers = append(v.LoadBalancers, lv)
	}

	// Trails, KMS, secrets stores, repositories, GuardDuty, EBS, EFS, ASGs.
	for _, t := range r.Trails {
		tv := TrailView{Region: rn, Name: t.Name, Bucket: t.S3Bucket, KMSKey: inventory.ShortName(t.KMSKey), CloudWatchLogs: inventory.ShortName(t.CloudWatchLogsGroup),
			MultiRegion: t.MultiRegion, Validation: t.LogFileValidation, Organization: t.Organization}
		if t.IsLogging != nil {
			tv.Logging = words.YesNo(*t.IsLogging)
		}
		v.Trails = append(v.Trails, tv)
		if t.KMSKey != "" {
			v.KMS = append(v.KMS, KMSUse{Region: rn, Kind: "CloudTrail logs", Resource: t.Name, Key: inventory.ShortName(t.KMSKey)})
		}
	}
	for _, c := range r.ECS.Clusters {
		for _, k := range []struct{ kind, key string }{{"ECS Exec sessions", c.ExecuteCommandKMSKey}, {"ECS managed storage", c.ManagedStorageKMSKey}, {"Fargate ephemeral storage", c.FargateEphemeralKMSKey}} {
			if k.key != "" {
				v.KMS = append(v.KMS, KMSUse{Region: rn, Kind: k.kind, Resource: "cluster " + c.Name, Key: inventory.ShortName(k.key)})
			}
		}
		for _, s := range c.Services {
			for _, vol := range s.Volumes {
				if vol.KMSKeyID != "" {
					v.KMS = append(v.KMS, KMSUse{Region: rn, Kind: "EBS volume", Resource: c.Name + "/" + s.Name + " " + vol.Name, Key: inventory.ShortName(vol.KMSKeyID)})
				}
			}
		}
	}
	for _, repo := range r.ECR.Repositories {
		v.Repositories = append(v.Repositories, RepoView{Region: rn, Name: repo.Name, Mutability: repo.TagMutability, Encryption: cmp.Or(repo.EncryptionType, "AES256"), ScanOnPush: repo.ScanOnPush})
		if repo.KMSKey != "" {
			v.KMS = append(v.KMS, KMSUse{Region: rn, Kind: "ECR repository", Resource: repo.Name, Key: inventory.ShortName(repo.KMSKey)})
		}
	}
	for _, fs := range r.EFS {
		v.FileSystems = append(v.FileSystems, FileSystemView{Region: rn, ID: fs.ID, Name: fs.Name, KMSKey: inventory.ShortName(fs.KMSKey), Encrypted: fs.Encrypted, MountTargets: len(fs.MountTargets)})
		if fs.KMSKey != "" {
			v.KMS = append(v.KMS, KMSUse{Region: rn, Kind: "EFS file system", Resource: cmp.Or(fs.Name, fs.ID), Key: inventory.ShortName(fs.KMSKey)})
		}
	}
	for _, d := range r.GuardDuty {
		v.GuardDuty = append(v.GuardDuty, DetectorView{Region: rn, ID: d.ID, Status: d.Status, RuntimeMonitoring: d.RuntimeMonitoring})
	}
	if e := r.EC2.EBSEncryptionByDefault; e != nil {
		v.EBSEncryptionByDefault = append(v.EBSEncryptionByDefault, RegionFlag{Region: rn, Value: words.YesNo(*e)})
	}
	asgCP := map[string]string{}
	for cp, g := range cpASG {
		asgCP[g] = cp
	}
	for _, g := range r.AutoScaling.Groups {
		param := "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id"
		if len(g.InstanceTypes) > 0 && gravitonRE.MatchString(g.InstanceTypes[0]) {
			param = "/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id"
		}
		v.AutoScalingGroups = append(v.AutoScalingGroups, ASGView{Region: rn, Name: g.Name, LaunchTemplate: g.LaunchTemplate, CapacityProvider: asgCP[g.Name], AMIParameter: param,
			Min: g.MinSize, Max: g.MaxSize, Desired: g.DesiredCapacity, InstanceTypes: slices.Clone(g.InstanceTypes), AZs: slices.Clone(g.AvailabilityZones)})
	}
}

func (v *CaseView) serviceView(account string, r *inventory.Region, ix *inventory.Index, c *inventory.Cluster, s *inventory.Service,
	alarms []AlarmView, policies map[string][]ScalingView, tdSecrets map[string][]SecretView, cpASG map[string]string) ServiceView {
	sv := ServiceView{Account: account, Region: r.Name, Cluster: c.Name, ClusterARN: c.ARN, Name: s.Name, ARN: s.ARN,
		Desired: s.DesiredCount, Running: s.RunningCount, TaskDefinitionARN: s.TaskDefinition, TaskDefinition: inventory.ShortName(s.TaskDefinition),
		Controller: controllerText(s.Deployment.Controller), CircuitBreaker: s.Deployment.CircuitBreakerEnabled, Rollback: s.Deployment.CircuitBreakerRollback || s.Deployment.AlarmsRollback,
		MinHealthy: s.Deployment.MinimumHealthyPercent, MaxPercent: s.Deployment.MaximumPercent, DeploymentAlarms: slices.Clone(s.Deployment.AlarmNames),
		ExecEnabled: s.EnableExecuteCommand}
	strategy := s.CapacityProviderStrategy
	switch {
	case s.LaunchType != "":
		sv.Capacity = s.LaunchType
		sv.Fargate = s.LaunchType == "FARGATE"
	case len(strategy) > 0:
		sv.Capacity = strategyText(strategy)
	case len(c.DefaultStrategy) > 0:
		strategy = c.DefaultStrategy
		sv.Capacity = strategyText(strategy) + " (cluster default)"
	}
	for _, it := range strategy {
		switch it.CapacityProvider {
		case "FARGATE":
			sv.Fargate = true
		case "FARGATE_SPOT":
			sv.Fargate, sv.Spot = true, true
		default:
			if g := cpASG[it.CapacityProvider]; g != "" && !slices.Contains(sv.AutoScalingGroups, g) {
				sv.AutoScalingGroups = append(sv.AutoScalingGroups, g)
			}
		}
	}
	if family, rev, ok := strings.Cut(sv.TaskDefinition, ":"); ok {
		sv.Family = family
		sv.Revision, _ = strconv.Atoi(rev)
		if sv.Revision > 1 {
			sv.PreviousRevision = family + ":" + strconv.Itoa(sv.Revision-1)
		}
	} else {
		sv.Family = sv.TaskDefinition
	}
	td := ix.TaskDefinition(s.TaskDefinition)
	if td != nil {
		sv.CPU, sv.Memory, sv.Arch = cpuText(td.CPU), memText(td.Memory), cmp.Or(td.CPUArchitecture, "X86_64")
		for _, ct := range td.Containers {
			sv.Containers = append(sv.Containers, ct.Name)
			if lc := ct.LogConfiguration; lc != nil {
				if g := lc.Options["awslogs-group"]; g != "" && !slices.Contains(sv.LogGroups, g) {
					sv.LogGroups = append(sv.LogGroups, g)
				}
			}
		}
		sv.Secrets = tdSecrets[td.ARN]
	}
	if n := s.Network; n != nil {
		sv.Subnets, sv.SecurityGroups, sv.PublicIP = slices.Clone(n.Subnets), slices.Clone(n.SecurityGroups), n.AssignPublicIP
		for _, id := range n.Subnets {
			if sn := ix.Subnet(id); sn != nil && sn.AvailabilityZone != "" {
				sv.AZs = append(sv.AZs, sn.AvailabilityZone)
			}
		}
	}
	for _, t := range ix.ServiceTasks(c.ARN, s.Name) {
		if t.AvailabilityZone != "" {
			sv.AZs = append(sv.AZs, t.AvailabilityZone)
		}
	}
	slices.Sort(sv.AZs)
	sv.AZs = slices.Compact(sv.AZs)
	var tgSuffixes, lbSuffixes []string
	for _, l := range s.LoadBalancers {
		tg := ix.TargetGroup(l.TargetGroupARN)
		name := cmp.Or(l.LoadBalancerName, inventory.ShortName(l.TargetGroupARN))
		if tg != nil {
			name = tg.Name
			tgSuffixes = append(tgSuffixes, "targetgroup/"+tg.Name+"/")
			for _, lbARN := range tg.LoadBalancers {
				if lb := ix.LoadBalancer(lbARN); lb != nil {
					label := fmt.Sprintf("%s (%s, %s)", lb.Name, lb.Type, lb.Scheme)
					if !slices.Contains(sv.LoadBalancers, label) {
						sv.LoadBalancers = append(sv.LoadBalancers, label)
					}
					lbSuffixes = append(lbSuffixes, "/"+lb.Name+"/")
				}
			}
		}
		sv.TargetGroups = append(sv.TargetGroups, fmt.Sprintf("%s → %s:%d", name, l.ContainerName, l.ContainerPort))
	}
	resID := "service/" + c.Name + "/" + s.Name
	if st := ix.ScalableTarget(c.Name, s.Name); st != nil {
		sv.AutoScaling, sv.MinTasks, sv.MaxTasks = !st.Suspended, st.MinCapacity, st.MaxCapacity
	}
	sv.ScalingPolicies = policies[resID]
	// Alarms that watch this service, its target groups or its load balancers.
	for i, a := range r.Alarms {
		if alarmWatches(a, c.Name, s.Name, tgSuffixes, lbSuffixes) {
			sv.Alarms = append(sv.Alarms, alarms[i])
		}
	}
	sv.KPIs = kpis(sv, r.Alarms, c.Name, s.Name, tgSuffixes, lbSuffixes, len(s.LoadBalancers) > 0)
	return sv
}

func alarmWatches(a inventory.Alarm, cluster, service string, tgs, lbs []string) bool {
	hasService, hasCluster, clusterOK := false, false, true
	for _, d := range a.Dimensions {
		k, val, _ := strings.Cut(d, "=")
		switch k {
		case "ServiceName":
			hasService = val == service
			if val != service {
				return false
			}
		case "ClusterName":
			hasCluster = true
			clusterOK = val == cluster
		case "TargetGroup":
			for _, t := range tgs {
				if strings.HasPrefix(val+"/", t) || strings.HasPrefix(val, t) {
					return true
				}
			}
		}
	}
	if hasService {
		return !hasCluster || clusterOK
	}
	for _, d := range a.Dimensions {
		if k, val, _ := strings.Cut(d, "="); k == "LoadBalancer" && len(tgs) > 0 {
			for _, l := range lbs {
				if strings.Contains(val+"/", l) {
					return metricKind(a.MetricName) == "5xx" || metricKind(a.MetricName) == "other"
				}
			}
		}
	}
	return false
}

// metricKind classifies a metric into the standard KPIs.
func metricKind(metric string) string {
	switch metric {
	case "CPUUtilization", "CpuUtilized":
		return "cpu"
	case "MemoryUtilization", "MemoryUtilized":
		return "memory"
	case "HTTPCode_Target_5XX_Count", "HTTPCode_ELB_5XX_Count":
		return "5xx"
	case "UnHealthyHostCount", "HealthyHostCount":
		return "unhealthy"
	case "RunningTaskCount":
		return "running"
	}
	return "other"
}

// standardKPIs are the defaults proposed where no alarm covers a KPI; an
// immutable table.
var standardKPIs = []struct {
	kind, name, metric, condition string
	needsLB                       bool
}{
	{"cpu", "CPU utilisation", "AWS/ECS CPUUtilization", "Average > 80% for 5 minutes (5 × 60 s)", false},
	{"memory", "Memory utilisation", "AWS/ECS MemoryUtilization", "Average > 85% for 5 minutes (5 × 60 s)", false},
	{"5xx", "Server error rate", "AWS/ApplicationELB HTTPCode_Target_5XX_Count ÷ RequestCount", "> 1% of requests for 5 minutes", true},
	{"unhealthy", "Unhealthy targets", "AWS/ApplicationELB UnHealthyHostCount", "Maximum ≥ 1 for 5 minutes", true},
	{"running", "Running tasks below desired", "ECS/ContainerInsights RunningTaskCount vs DesiredTaskCount", "RunningTaskCount < DesiredTaskCount for 5 minutes", false},
}

func kpis(sv ServiceView, alarms []inventory.Alarm, cluster, service string, tgs, lbs []string, hasLB bool) []KPIView {
	var out []KPIView
	covered := map[string]bool{}
	var others []KPIView
	for _, a := range alarms {
		if !alarmWatches(a, cluster, service, tgs, lbs) {
			continue
		}
		k := metricKind(a.MetricName)
		av := alarmView("", a)
		kv := KPIView{Kind: k, Metric: av.Metric, Condition: av.Condition, Alarm: a.Name, Actions: av.Actions}
		for _, s := range standardKPIs {
			if s.kind == k {
				kv.Name = s.name
			}
		}
		if k == "other" {
			kv.Name = a.MetricName
			others = append(others, kv)
			continue
		}
		covered[k] = true
		out = append(out, kv)
	}
	for _, s := range standardKPIs {
		if covered[s.kind] || (s.needsLB && !hasLB) {
			continue
		}
		out = append(out, KPIView{Kind: s.kind, Name: s.name, Metric: s.metric, Condition: s.condition, Proposed: true})
	}
	order := func(k string) int {
		for i, s := range standardKPIs {
			if s.kind == k {
				return i
			}
		}
		return len(standardKPIs)
	}
	slices.SortStableFunc(out, func(a, b KPIView) int { return cmp.Compare(order(a.Kind), order(b.Kind)) })
	return append(out, others...)
}

var operators = map[string]string{
	"GreaterThanThreshold":                     ">",
	"GreaterThanOrEqualToThreshold":            "≥",
	"LessThanThreshold":                        "<",
	"LessThanOrEqualToThreshold":               "≤",
	"LessThanLowerOrGreaterThanUpperThreshold": "outside the band",
	"LessThanLowerThreshold":                   "below the band",
	"GreaterThanUpperThreshold":                "above the band",
}

func alarmView(region string, a inventory.Alarm) AlarmView {
	av := AlarmView{Region: region, Name: a.Name, Metric: strings.TrimSpace(a.Namespace + " " + a.MetricName), Dimensions: strings.Join(a.Dimensions, ", "),
		Threshold: words.Number(a.Threshold), ActionsEnabled: a.ActionsEnabled, State: a.State}
	op := cmp.Or(operators[a.ComparisonOperator], a.ComparisonOperator)
	cond := strings.TrimSpace(fmt.Sprintf("%s %s %s", a.Statistic, op, words.Number(a.Threshold)))
	if a.Period > 0 && a.EvaluationPeriods > 0 {
		cond += fmt.Sprintf(" for %d × %d s", a.EvaluationPeriods, a.Period)
	}
	av.Condition = cond
	for _, act := range a.AlarmActions {
		av.Actions = append(av.Actions, actionText(act))
	}
	return av
}

func actionText(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) == 6 {
		switch parts[2] {
		case "sns":
			return "SNS topic " + parts[5]
		case "autoscaling":
			if i := strings.Index(parts[5], "policyName/"); i >= 0 {
				return "scaling policy " + parts[5][i+len("policyName/"):]
			}
			return "scaling policy " + inventory.ShortName(arn)
		case "lambda":
			return "Lambda function " + strings.TrimPrefix(parts[5], "function:")
		case "ssm":
			return "Systems Manager " + parts[5]
		}
	}
	return inventory.ShortName(arn)
}

func ruleView(r inventory.SecurityRule, names map[string]string) RuleView {
	rv := RuleView{Protocol: protoText(r.Protocol), Ports: portsText(r.Protocol, r.FromPort, r.ToPort), Description: r.Description}
	switch {
	case r.CIDR != "":
		rv.Peer = r.CIDR
	case r.IPv6CIDR != "":
		rv.Peer = r.IPv6CIDR
	case r.SourceGroup != "":
		rv.Peer = r.SourceGroup
		if n := names[r.SourceGroup]; n != "" {
			rv.Peer += " (" + n + ")"
		}
	case r.PrefixList != "":
		rv.Peer = "prefix list " + r.PrefixList
	}
	rv.Internet = r.CIDR == "0.0.0.0/0" || r.IPv6CIDR == "::/0"
	if rv.Internet {
		rv.Peer += " (internet)"
	}
	return rv
}

func protoText(p string) string {
	switch strings.ToLower(p) {
	case "-1", "all":
		return "all"
	case "6":
		return "tcp"
	case "17":
		return "udp"
	case "1":
		return "icmp"
	}
	return strings.ToLower(p)
}

func portsText(proto string, from, to int) string {
	if proto == "-1" || strings.EqualFold(proto, "all") {
		return "all"
	}
	if from == to {
		return strconv.Itoa(from)
	}
	if from == 0 && to == 65535 || from == -1 {
		return "all"
	}
	return fmt.Sprintf("%d-%d", from, to)
}

func strategyText(items []inventory.CapacityProviderItem) string {
	var parts []string
	for _, it := range items {
		var opts []string
		if it.Base > 0 {
			opts = append(opts, fmt.Sprintf("base %d", it.Base))
		}
		opts = append(opts, fmt.Sprintf("weight %d", it.Weight))
		parts = append(parts, fmt.Sprintf("%s (%s)", it.CapacityProvider, strings.Join(opts, ", ")))
	}
	return strings.Join(parts, ", ")
}

func controllerText(c string) string {
	switch c {
	case "", "ECS":
		return "rolling update (ECS)"
	case "CODE_DEPLOY":
		return "blue/green (CodeDeploy)"
	case "EXTERNAL":
		return "external controller"
	}
	return c
}

func secretStore(arn string) string {
	if strings.HasPrefix(arn, "arn:") && strings.Contains(arn, ":secretsmanager:") {
		return "Secrets Manager"
	}
	return "SSM Parameter Store"
}

// gravitonRE matches Graviton (ARM64) instance types such as m6g.large, c7gn.xlarge, t4g.small.
var gravitonRE = regexp.MustCompile(`^[a-z]+[0-9]+[a-z]*g[a-z]*\.`)

// secretID returns what the store's CLI accepts: a Secrets Manager ARN as
// is (without the JSON key suffix), an SSM parameter's name.
func secretID(ref string) string {
	if strings.Contains(ref, ":secretsmanager:") {
		parts := strings.Split(ref, ":")
		if len(parts) > 7 {
			return strings.Join(parts[:7], ":")
		}
		return ref
	}
	if i := strings.Index(ref, ":parameter/"); i >= 0 {
		return ref[i+len(":parameter"):]
	}
	return ref
}

func cpuText(s string) string {
	if f, ok := cost.ParseCPU(s); ok {
		return words.Number(f) + " vCPU"
	}
	return s
}

func memText(s string) string {
	if f, ok := cost.ParseMemory(s); ok {
		return words.Number(f) + " GB"
	}
	return s
}

func scalableTarget(r *inventory.Region, resourceID string) *inventory.ScalableTarget {
	for i := range r.AutoScaling.ScalableTargets {
		if r.AutoScaling.ScalableTargets[i].ResourceID == resourceID {
			return &r.AutoScaling.ScalableTargets[i]
		}
	}
	return nil
}
