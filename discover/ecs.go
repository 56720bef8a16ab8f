package discover

import (
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"github.com/ecspack/ecspack/inventory"
)

// ecsOperations are the Amazon ECS reads.
var ecsOperations = ops("ecs",
	"ListAccountSettings", "ListClusters", "DescribeClusters", "ListServices", "DescribeServices",
	"ListTasks", "DescribeTasks", "DescribeTaskDefinition", "ListContainerInstances",
	"DescribeContainerInstances", "DescribeCapacityProviders",
)

// Batch limits of the ECS describe APIs.
const (
	describeClustersBatch           = 100
	describeServicesBatch           = 10
	describeTasksBatch              = 100
	describeContainerInstancesBatch = 100
	describeCapacityProvidersBatch  = 100
	ecsListPageSize                 = 100
)

func (r *regionRun) collectECS() {
	c := ecs.NewFromConfig(r.cfg)
	ctx := r.ctx
	r.spawn(func() {
		readPages(r, "ecs", ecs.NewListAccountSettingsPaginator(c, &ecs.ListAccountSettingsInput{EffectiveSettings: true}), r.b.addAccountSettings)
	})
	p := ecs.NewListClustersPaginator(c, &ecs.ListClustersInput{MaxResults: aws.Int32(ecsListPageSize)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if r.fail("ecs", err) {
			return
		}
		for _, batch := range chunks(page.ClusterArns, describeClustersBatch) {
			r.spawn(func() { r.describeClusters(c, batch) })
		}
	}
}

func (r *regionRun) describeClusters(c *ecs.Client, arns []string) {
	out, err := c.DescribeClusters(r.ctx, &ecs.DescribeClustersInput{Clusters: arns, Include: []ecstypes.ClusterField{
		ecstypes.ClusterFieldSettings, ecstypes.ClusterFieldConfigurations, ecstypes.ClusterFieldTags,
	}})
	if r.failAbout("ecs", err, func(g string) {
		for _, arn := range arns {
			r.b.markGap(gapCluster, arn, g)
		}
	}) {
		return
	}
	r.b.addClusters(out)
	var cps []string
	for _, cl := range out.Clusters {
		arn := aws.ToString(cl.ClusterArn)
		r.spawn(func() { r.collectServices(c, arn) })
		r.spawn(func() { r.collectTasks(c, arn) })
		r.spawn(func() { r.collectContainerInstances(c, arn) })
		for _, cp := range cl.CapacityProviders {
			if r.b.capacityProvidersSeen.add(cp) {
				cps = append(cps, cp)
			}
		}
	}
	for _, batch := range chunks(cps, describeCapacityProvidersBatch) {
		r.spawn(func() {
			out, err := c.DescribeCapacityProviders(r.ctx, &ecs.DescribeCapacityProvidersInput{CapacityProviders: batch, Include: []ecstypes.CapacityProviderField{ecstypes.CapacityProviderFieldTags}})
			if !r.failAbout("ecs", err, func(g string) {
				for _, name := range batch {
					r.b.markGap(gapCapacityProvider, name, g)
				}
			}) {
				r.b.addCapacityProviders(out)
			}
		})
	}
}

func (r *regionRun) collectServices(c *ecs.Client, cluster string) {
	p := ecs.NewListServicesPaginator(c, &ecs.ListServicesInput{Cluster: aws.String(cluster), MaxResults: aws.Int32(ecsListPageSize)})
	for p.HasMorePages() {
		page, err := p.NextPage(r.ctx)
		if r.failAbout("ecs", err, r.clusterGap(cluster)) {
			return
		}
		for _, batch := range chunks(page.ServiceArns, describeServicesBatch) {
			r.spawn(func() {
				out, err := c.DescribeServices(r.ctx, &ecs.DescribeServicesInput{Cluster: aws.String(cluster), Services: batch,
					Include: []ecstypes.ServiceField{ecstypes.ServiceFieldTags}})
				if r.failAbout("ecs", err, r.clusterGap(cluster)) {
					return
				}
				r.b.addServices(out)
				for _, s := range out.Services {
					r.taskDefinition(c, aws.ToString(s.TaskDefinition))
				}
			})
		}
	}
}

func (r *regionRun) collectTasks(c *ecs.Client, cluster string) {
	p := ecs.NewListTasksPaginator(c, &ecs.ListTasksInput{Cluster: aws.String(cluster), MaxResults: aws.Int32(ecsListPageSize)})
	for p.HasMorePages() {
		page, err := p.NextPage(r.ctx)
		if r.failAbout("ecs", err, r.clusterGap(cluster)) {
			return
		}
		for _, batch := range chunks(page.TaskArns, describeTasksBatch) {
			r.spawn(func() {
				out, err := c.DescribeTasks(r.ctx, &ecs.DescribeTasksInput{Cluster: aws.String(cluster), Tasks: batch,
					Include: []ecstypes.TaskField{ecstypes.TaskFieldTags}})
				if r.failAbout("ecs", err, r.clusterGap(cluster)) {
					return
				}
				r.b.addTasks(out)
				for _, t := range out.Tasks {
					r.taskDefinition(c, aws.ToString(t.TaskDefinitionArn))
				}
			})
		}
	}
}

func (r *regionRun) collectContainerInstances(c *ecs.Client, cluster string) {
	p := ecs.NewListContainerInstancesPaginator(c, &ecs.ListContainerInstancesInput{Cluster: aws.String(cluster), MaxResults: aws.Int32(ecsListPageSize)})
	for p.HasMorePages() {
		page, err := p.NextPage(r.ctx)
		if r.failAbout("ecs", err, r.clusterGap(cluster)) {
			return
		}
		for _, batch := range chunks(page.ContainerInstanceArns, describeContainerInstancesBatch) {
			r.spawn(func() {
				out, err := c.DescribeContainerInstances(r.ctx, &ecs.DescribeContainerInstancesInput{Cluster: aws.String(cluster),
					ContainerInstances: batch, Include: []ecstypes.ContainerInstanceField{ecstypes.ContainerInstanceFieldTags}})
				if r.failAbout("ecs", err, r.clusterGap(cluster)) {
					return
				}
				r.b.addContainerInstances(cluster, out)
				var ids []string
				for _, ci := range out.ContainerInstances {
					if id := aws.ToString(ci.Ec2InstanceId); strings.HasPrefix(id, "i-") {
						ids = append(ids, id)
					}
				}
				r.collectInstances(ids)
			})
		}
	}
}

// clusterGap marks a cluster whose services, tasks or container instances
// could not all be read.
func (r *regionRun) clusterGap(cluster string) func(string) {
	return func(g string) { r.b.markGap(gapCluster, cluster, g) }
}

// taskDefinition fetches a revision once, however many services and tasks use it.
func (r *regionRun) taskDefinition(c *ecs.Client, arn string) {
	if arn == "" || !r.b.taskDefsSeen.add(arn) {
		return
	}
	r.spawn(func() {
		out, err := c.DescribeTaskDefinition(r.ctx, &ecs.DescribeTaskDefinitionInput{TaskDefinition: aws.String(arn),
			Include: []ecstypes.TaskDefinitionField{ecstypes.TaskDefinitionFieldTags}})
		if !r.fail("ecs", err) {
			r.b.addTaskDefinition(out)
		}
	})
}

func ecsTags(tags []ecstypes.Tag) map[string]string {
	return tagMap(tags, func(t ecstypes.Tag) (*string, *string) { return t.Key, t.Value })
}

func strategy(items []ecstypes.CapacityProviderStrategyItem) []inventory.CapacityProviderItem {
	var out []inventory.CapacityProviderItem
	for _, it := range items {
		out = append(out, inventory.CapacityProviderItem{CapacityProvider: aws.ToString(it.CapacityProvider), Weight: int(it.Weight), Base: int(it.Base)})
	}
	return out
}

func (b *builder) addAccountSettings(out *ecs.ListAccountSettingsOutput) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, s := range out.Settings {
		b.r.ECS.AccountSettings = append(b.r.ECS.AccountSettings, inventory.AccountSetting{
			Name: string(s.Name), Value: aws.ToString(s.Value), PrincipalARN: aws.ToString(s.PrincipalArn)})
	}
}

func (b *builder) addClusters(out *ecs.DescribeClustersOutput) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, c := range out.Clusters {
		cl := inventory.Cluster{ARN: aws.ToString(c.ClusterArn), Name: aws.ToString(c.ClusterName), Status: aws.ToString(c.Status),
			CapacityProviders: c.CapacityProviders, DefaultStrategy: strategy(c.DefaultCapacityProviderStrategy),
			RegisteredInstancesCount: int(c.RegisteredContainerInstancesCount), RunningTasksCount: int(c.RunningTasksCount),
			PendingTasksCount: int(c.PendingTasksCount), ActiveServicesCount: int(c.ActiveServicesCount), Tags: ecsTags(c.Tags)}
		for _, s := range c.Settings {
			cl.Settings = append(cl.Settings, inventory.KeyValue{Name: string(s.Name), Value: aws.ToString(s.Value)})
		}
		if cf := c.Configuration; cf != nil {
			if e := cf.ExecuteCommandConfiguration; e != nil {
				cl.ExecuteCommandLogging = string(e.Logging)
				cl.ExecuteCommandKMSKey = aws.ToString(e.KmsKeyId)
			}
			if m := cf.ManagedStorageConfiguration; m != nil {
				cl.ManagedStorageKMSKey = aws.ToString(m.KmsKeyId)
				cl.FargateEphemeralKMSKey = aws.ToString(m.FargateEphemeralStorageKmsKeyId)
			}
		}
		if d := c.ServiceConnectDefaults; d != nil {
			cl.ServiceConnectNamespace = aws.ToString(d.Namespace)
		}
		b.clusters = append(b.clusters, cl)
	}
}

func (b *builder) addServices(out *ecs.DescribeServicesOutput) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, s := range out.Services {
		b.services = append(b.services, convertService(s))
	}
}

func convertService(s ecstypes.Service) inventory.Service {
	sv := inventory.Service{ARN: aws.ToString(s.ServiceArn), Name: aws.ToString(s.ServiceName), ClusterARN: aws.ToString(s.ClusterArn),
		Status: aws.ToString(s.Status), LaunchType: string(s.LaunchType), CapacityProviderStrategy: strategy(s.CapacityProviderStrategy),
		PlatformVersion: aws.ToString(s.PlatformVersion), SchedulingStrategy: string(s.SchedulingStrategy),
		TaskDefinition: aws.ToString(s.TaskDefinition), DesiredCount: int(s.DesiredCount), RunningCount: int(s.RunningCount),
		PendingCount: int(s.PendingCount), EnableECSManagedTags: s.EnableECSManagedTags, PropagateTags: string(s.PropagateTags),
		EnableExecuteCommand: s.EnableExecuteCommand, HealthCheckGraceSecs: i32(s.HealthCheckGracePeriodSeconds),
		CreatedAt: utc(s.CreatedAt), CreatedBy: aws.ToString(s.CreatedBy), Tags: ecsTags(s.Tags)}
	if n := s.NetworkConfiguration; n != nil && n.AwsvpcConfiguration != nil {
		a := n.AwsvpcConfiguration
		sv.Network = &inventory.AwsVPCConfiguration{Subnets: a.Subnets, SecurityGroups: a.SecurityGroups, AssignPublicIP: a.AssignPublicIp == ecstypes.AssignPublicIpEnabled}
	}
	for _, lb := range s.LoadBalancers {
		sv.LoadBalancers = append(sv.LoadBalancers, inventory.ServiceLoadBalancer{TargetGroupARN: aws.ToString(lb.TargetGroupArn),
			LoadBalancerName: aws.ToString(lb.LoadBalancerName), ContainerName: aws.ToString(lb.ContainerName), ContainerPort: i32(lb.ContainerPort)})
	}
	for _, reg := range s.ServiceRegistries {
		sv.ServiceRegistries = append(sv.ServiceRegistries, aws.ToString(reg.RegistryArn))
	}
	if dc := s.DeploymentController; dc != nil {
		sv.Deployment.Controller = string(dc.Type)
	}
	if d := s.DeploymentConfiguration; d != nil {
		sv.Deployment.Strategy = string(d.Strategy)
		sv.Deployment.MinimumHealthyPercent = i32(d.MinimumHealthyPercent)
		sv.Deployment.MaximumPercent = i32(d.MaximumPercent)
		if cb := d.DeploymentCircuitBreaker; cb != nil {
			sv.Deployment.CircuitBreakerEnabled, sv.Deployment.CircuitBreakerRollback = cb.Enable, cb.Rollback
		}
		if a := d.Alarms; a != nil {
			sv.Deployment.AlarmsEnabled, sv.Deployment.AlarmsRollback, sv.Deployment.AlarmNames = a.Enable, a.Rollback, a.AlarmNames
		}
	}
	for _, pc := range s.PlacementConstraints {
		sv.PlacementConstraints = append(sv.PlacementConstraints, inventory.PlacementConstraint{Type: string(pc.Type), Expression: aws.ToString(pc.Expression)})
	}
	for _, ps := range s.PlacementStrategy {
		sv.PlacementStrategy = append(sv.PlacementStrategy, inventory.PlacementStrategy{Type: string(ps.Type), Field: aws.ToString(ps.Field)})
	}
	// Service Connect and ECS-managed volumes live on the primary deployment.
	for _, d := range s.Deployments {
		if aws.ToString(d.Status) != "PRIMARY" {
			continue
		}
		if sc := d.ServiceConnectConfiguration; sc != nil {
			c := &inventory.ServiceConnect{Enabled: sc.Enabled, Namespace: aws.ToString(sc.Namespace)}
			for _, x := range sc.Services {
				ss := inventory.ServiceConnectService{PortName: aws.ToString(x.PortName), DiscoveryName: aws.ToString(x.DiscoveryName), TLS: x.Tls != nil}
				for _, al := range x.ClientAliases {
					ss.Aliases = append(ss.Aliases, aws.ToString(al.DnsName)+":"+itoa(i32(al.Port)))
				}
				c.Services = append(c.Services, ss)
			}
			if sc.LogConfiguration != nil {
				c.LogDriver = string(sc.LogConfiguration.LogDriver)
			}
			sv.ServiceConnect = c
		}
		for _, v := range d.VolumeConfigurations {
			vol := inventory.ServiceVolume{Name: aws.ToString(v.Name), Type: "ebs"}
			if e := v.ManagedEBSVolume; e != nil {
				vol.SizeGiB, vol.VolumeType, vol.Encrypted = i32(e.SizeInGiB), aws.ToString(e.VolumeType), aws.ToBool(e.Encrypted)
				vol.KMSKeyID, vol.FilesystemType = aws.ToString(e.KmsKeyId), string(e.FilesystemType)
			}
			sv.Volumes = append(sv.Volumes, vol)
		}
	}
	return sv
}

func (b *builder) addTasks(out *ecs.DescribeTasksOutput) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, t := range out.Tasks {
		tk := inventory.Task{ARN: aws.ToString(t.TaskArn), ClusterARN: aws.ToString(t.ClusterArn), TaskDefinition: aws.ToString(t.TaskDefinitionArn),
			Group: aws.ToString(t.Group), LastStatus: aws.ToString(t.LastStatus), DesiredStatus: aws.ToString(t.DesiredStatus),
			LaunchType: string(t.LaunchType), CapacityProvider: aws.ToString(t.CapacityProviderName), AvailabilityZone: aws.ToString(t.AvailabilityZone),
			ContainerInstance: aws.ToString(t.ContainerInstanceArn), PlatformVersion: aws.ToString(t.PlatformVersion),
			CPU: aws.ToString(t.Cpu), Memory: aws.ToString(t.Memory), HealthStatus: string(t.HealthStatus),
			StartedAt: utc(t.StartedAt), StartedBy: aws.ToString(t.StartedBy), Tags: ecsTags(t.Tags)}
		for _, a := range t.Attachments {
			if aws.ToString(a.Type) != "ElasticNetworkInterface" {
				continue
			}
			for _, d := range a.Details {
				switch aws.ToString(d.Name) {
				case "subnetId":
					tk.SubnetID = aws.ToString(d.Value)
				case "privateIPv4Address":
					tk.PrivateIP = aws.ToString(d.Value)
				}
			}
		}
		for _, c := range t.Containers {
			tk.Containers = append(tk.Containers, inventory.TaskContainer{Name: aws.ToString(c.Name), Image: aws.ToString(c.Image),
				ImageDigest: aws.ToString(c.ImageDigest), LastStatus: aws.ToString(c.LastStatus), HealthStatus: string(c.HealthStatus)})
			if tk.PrivateIP == "" {
				for _, ni := range c.NetworkInterfaces {
					if ip := aws.ToString(ni.PrivateIpv4Address); ip != "" {
						tk.PrivateIP = ip
						break
					}
				}
			}
		}
		b.tasks = append(b.tasks, tk)
	}
}

func (b *builder) addContainerInstances(cluster string, out *ecs.DescribeContainerInstancesOutput) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, c := range out.ContainerInstances {
		ci := inventory.ContainerInstance{ARN: aws.ToString(c.ContainerInstanceArn), EC2InstanceID: aws.ToString(c.Ec2InstanceId),
			Status: aws.ToString(c.Status), AgentConnected: c.AgentConnected, CapacityProvider: aws.ToString(c.CapacityProviderName),
			RunningTasks: int(c.RunningTasksCount), Tags: ecsTags(c.Tags)}
		ci.External = strings.HasPrefix(ci.EC2InstanceID, "mi-")
		if v := c.VersionInfo; v != nil {
			ci.AgentVersion = aws.ToString(v.AgentVersion)
		}
		for _, a := range c.Attributes {
			name, val := aws.ToString(a.Name), aws.ToString(a.Value)
			switch name {
			case "ecs.availability-zone":
				ci.AvailabilityZone = val
			case "ecs.instance-type":
				ci.InstanceType = val
			case "ecs.ami-id":
				ci.AMIID = val
			case "ecs.os-type":
				ci.OSType = val
			case "ecs.os-family":
				ci.OSFamily = val
			}
			// Capability attributes (ecs.capability.*, com.amazonaws.ecs.capability.*)
			// are many and carry no value: keep the ones that do.
			if val != "" {
				if ci.Attributes == nil {
					ci.Attributes = map[string]string{}
				}
				ci.Attributes[name] = val
			}
		}
		b.containerInstances[cluster] = append(b.containerInstances[cluster], ci)
	}
}

func (b *builder) addCapacityProviders(out *ecs.DescribeCapacityProvidersOutput) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, c := range out.CapacityProviders {
		cp := inventory.CapacityProvider{Name: aws.ToString(c.Name), ARN: aws.ToString(c.CapacityProviderArn), Status: string(c.Status), Tags: ecsTags(c.Tags)}
		if a := c.AutoScalingGroupProvider; a != nil {
			cp.AutoScalingGroupARN = aws.ToString(a.AutoScalingGroupArn)
			cp.ManagedTerminationProtection = string(a.ManagedTerminationProtection)
			cp.ManagedDraining = string(a.ManagedDraining)
			if m := a.ManagedScaling; m != nil {
				cp.ManagedScaling = &inventory.ManagedScaling{Status: string(m.Status), TargetCapacity: i32(m.TargetCapacity),
					MinimumScalingStepSize: i32(m.MinimumScalingStepSize), MaximumScalingStepSize: i32(m.MaximumScalingStepSize),
					InstanceWarmupPeriod: i32(m.InstanceWarmupPeriod)}
			}
		}
		b.capacityProviders = append(b.capacityProviders, cp)
	}
}

func (b *builder) addTaskDefinition(out *ecs.DescribeTaskDefinitionOutput) {
	if out.TaskDefinition == nil {
		return
	}
	td := convertTaskDefinition(out.TaskDefinition)
	td.Tags = ecsTags(out.Tags)
	b.mu.Lock()
	defer b.mu.Unlock()
	b.taskDefs[td.ARN] = td
}

func convertTaskDefinition(t *ecstypes.TaskDefinition) inventory.TaskDefinition {
	td := inventory.TaskDefinition{ARN: aws.ToString(t.TaskDefinitionArn), Family: aws.ToString(t.Family), Revision: int(t.Revision),
		Status: string(t.Status), CPU: aws.ToString(t.Cpu), Memory: aws.ToString(t.Memory), NetworkMode: string(t.NetworkMode),
		TaskRoleARN: aws.ToString(t.TaskRoleArn), ExecutionRoleARN: aws.ToString(t.ExecutionRoleArn),
		PIDMode: string(t.PidMode), IPCMode: string(t.IpcMode), Containers: []inventory.ContainerDefinition{}}
	for _, c := range t.RequiresCompatibilities {
		td.RequiresCompatibilities = append(td.RequiresCompatibilities, string(c))
	}
	if rp := t.RuntimePlatform; rp != nil {
		td.CPUArchitecture, td.OSFamily = string(rp.CpuArchitecture), string(rp.OperatingSystemFamily)
	}
	if es := t.EphemeralStorage; es != nil {
		td.EphemeralStorageGiB = int(es.SizeInGiB)
	}
	for _, c := range t.ContainerDefinitions {
		td.Containers = append(td.Containers, convertContainer(c))
	}
	for _, v := range t.Volumes {
		td.Volumes = append(td.Volumes, convertVolume(v))
	}
	for _, pc := range t.PlacementConstraints {
		td.PlacementConstraints = append(td.PlacementConstraints, inventory.PlacementConstraint{Type: string(pc.Type), Expression: aws.ToString(pc.Expression)})
	}
	return td
}

// convertContainer keeps what the controls need and drops every value that
// could be a secret: environment variables by name only (each value is
// judged against the secret patterns first and only the verdict is kept,
// EnvironmentSecrets), secrets by name and
// ARN, log options that look like credentials by name only, and any health
// check word or log option value that carries a credential replaced by
// inventory.CredentialRemoved. Commands and entry points are not stored;
// they are scanned so that a credential in them is reported (CredentialsIn).
func convertContainer(c ecstypes.ContainerDefinition) inventory.ContainerDefinition {
	cd := inventory.ContainerDefinition{Name: aws.ToString(c.Name), Image: aws.ToString(c.Image), CPU: int(c.Cpu),
		Memory: i32(c.Memory), MemoryReservation: i32(c.MemoryReservation), Essential: c.Essential == nil || *c.Essential,
		Privileged: aws.ToBool(c.Privileged), ReadonlyRootFilesystem: aws.ToBool(c.ReadonlyRootFilesystem), User: aws.ToString(c.User),
		DockerSecurityOptions: c.DockerSecurityOptions}
	if lp := c.LinuxParameters; lp != nil {
		l := &inventory.LinuxParameters{InitProcessEnabled: aws.ToBool(lp.InitProcessEnabled)}
		if lp.Capabilities != nil {
			l.CapabilitiesAdd, l.CapabilitiesDrop = lp.Capabilities.Add, lp.Capabilities.Drop
		}
		for _, d := range lp.Devices {
			l.Devices = append(l.Devices, aws.ToString(d.HostPath))
		}
		cd.LinuxParameters = l
	}
	if lc := c.LogConfiguration; lc != nil {
		l := &inventory.LogConfiguration{Driver: string(lc.LogDriver)}
		for k, v := range lc.Options {
			if secretLooking(k) {
				l.SecretOptionNames = append(l.SecretOptionNames, k)
				if v != "" && !strings.HasPrefix(v, "$") {
					cd.CredentialsIn = append(cd.CredentialsIn, "log_configuration.options."+k)
				}
				continue
			}
			if l.Options == nil {
				l.Options = map[string]string{}
			}
			if hasCredential(v) {
				v = inventory.CredentialRemoved
				cd.CredentialsIn = append(cd.CredentialsIn, "log_configuration.options."+k)
			}
			l.Options[k] = v
		}
		for _, s := range lc.SecretOptions {
			l.SecretOptionNames = append(l.SecretOptionNames, aws.ToString(s.Name))
		}
		l.SecretOptionNames = sortedUnique(l.SecretOptionNames)
		cd.LogConfiguration = l
	}
	if hc := c.HealthCheck; hc != nil {
		cmd, found := scrubbed(hc.Command)
		if found {
			cd.CredentialsIn = append(cd.CredentialsIn, "health_check.command")
		}
		cd.HealthCheck = &inventory.HealthCheck{Command: cmd, Interval: i32(hc.Interval), Timeout: i32(hc.Timeout),
			Retries: i32(hc.Retries), StartPeriod: i32(hc.StartPeriod)}
	}
	if _, found := scrubbed(c.Command); found {
		cd.CredentialsIn = append(cd.CredentialsIn, "command")
	}
	if _, found := scrubbed(c.EntryPoint); found {
		cd.CredentialsIn = append(cd.CredentialsIn, "entry_point")
	}
	cd.CredentialsIn = sortedUnique(cd.CredentialsIn)
	for _, pm := range c.PortMappings {
		cd.PortMappings = append(cd.PortMappings, inventory.PortMapping{ContainerPort: i32(pm.ContainerPort), HostPort: i32(pm.HostPort),
			Protocol: string(pm.Protocol), Name: aws.ToString(pm.Name), AppProtocol: string(pm.AppProtocol)})
	}
	for _, e := range c.Environment {
		cd.EnvironmentNames = append(cd.EnvironmentNames, aws.ToString(e.Name)) // never e.Value
		if p := secretPattern(aws.ToString(e.Value)); p != "" {
			cd.EnvironmentSecrets = append(cd.EnvironmentSecrets, inventory.EnvironmentSecret{Name: aws.ToString(e.Name), Pattern: p})
		}
	}
	cd.EnvironmentNames = sortedUnique(cd.EnvironmentNames)
	// The values were judged (secretvalue.go) and are dropped here: only
	// the verdicts go on.
	cd.EnvironmentValuesChecked = true
	slices.SortFunc(cd.EnvironmentSecrets, func(a, b inventory.EnvironmentSecret) int { return strings.Compare(a.Name, b.Name) })
	cd.EnvironmentSecrets = slices.CompactFunc(cd.EnvironmentSecrets, func(a, b inventory.EnvironmentSecret) bool { return a.Name == b.Name })
	for _, f := range c.EnvironmentFiles {
		cd.EnvironmentFiles = append(cd.EnvironmentFiles, aws.ToString(f.Value))
	}
	for _, s := range c.Secrets {
		cd.Secrets = append(cd.Secrets, inventory.SecretRef{Name: aws.ToString(s.Name), ValueFrom: aws.ToString(s.ValueFrom)})
	}
	for _, m := range c.MountPoints {
		cd.MountPoints = append(cd.MountPoints, inventory.MountPoint{SourceVolume: aws.ToString(m.SourceVolume),
			ContainerPath: aws.ToString(m.ContainerPath), ReadOnly: aws.ToBool(m.ReadOnly)})
	}
	for _, d := range c.DependsOn {
		cd.DependsOn = append(cd.DependsOn, aws.ToString(d.ContainerName))
	}
	if f := c.FirelensConfiguration; f != nil {
		cd.FirelensType = string(f.Type)
	}
	return cd
}

// secretLooking reports whether a log driver option name suggests a
// credential (splunk-token, apikey, http_passwd, Header, Authorization,
// ...): its value is not kept. Header options (Fluent Bit's http output)
// carry API keys as often as not, so they count too.
func secretLooking(name string) bool {
	n := strings.ToLower(name)
	for _, w := range []string{"token", "secret", "pass", "credential", "key", "auth", "header", "cookie", "signature"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

func convertVolume(v ecstypes.Volume) inventory.Volume {
	vol := inventory.Volume{Name: aws.ToString(v.Name), ConfiguredAtLaunch: aws.ToBool(v.ConfiguredAtLaunch)}
	switch {
	case v.EfsVolumeConfiguration != nil:
		e := v.EfsVolumeConfiguration
		vol.Type = "efs"
		vol.EFS = &inventory.EFSVolume{FileSystemID: aws.ToString(e.FileSystemId), RootDirectory: aws.ToString(e.RootDirectory),
			TransitEncryption: string(e.TransitEncryption)}
		if a := e.AuthorizationConfig; a != nil {
			vol.EFS.AccessPointID, vol.EFS.IAM = aws.ToString(a.AccessPointId), string(a.Iam)
		}
	case v.DockerVolumeConfiguration != nil:
		d := v.DockerVolumeConfiguration
		vol.Type = "docker"
		vol.Docker = &inventory.DockerVolume{Scope: string(d.Scope), Driver: aws.ToString(d.Driver), Autoprovision: aws.ToBool(d.Autoprovision)}
	case v.FsxWindowsFileServerVolumeConfiguration != nil:
		vol.Type = "fsx-windows"
	case vol.ConfiguredAtLaunch:
		vol.Type = "ebs"
	default:
		vol.Type = "bind"
		if v.Host != nil {
			vol.HostPath = aws.ToString(v.Host.SourcePath)
		}
	}
	return vol
}
