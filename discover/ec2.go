package discover

import (
	"maps"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/ecspack/ecspack/inventory"
)

// ec2Operations are the EC2 reads: the network layer (network interfaces
// included, netif.go), container instances
// and their AMIs, Spot fleets, the EBS encryption default, and the enabled
// regions for --all-regions.
var ec2Operations = ops("ec2",
	"DescribeRegions", "DescribeAvailabilityZones", "DescribeVpcs", "DescribeSubnets", "DescribeRouteTables",
	"DescribeInternetGateways", "DescribeNatGateways", "DescribeSecurityGroups", "DescribeNetworkAcls",
	"DescribeVpcEndpoints", "DescribeInstances", "DescribeImages", "DescribeSpotFleetRequests",
	"GetEbsEncryptionByDefault", "DescribeNetworkInterfaces",
)

// describeInstancesBatch is how many instance ids one DescribeInstances call takes.
const describeInstancesBatch = 1000

func (r *regionRun) collectEC2() {
	c := ec2.NewFromConfig(r.cfg)
	ctx := r.ctx
	r.spawn(func() {
		out, err := c.DescribeAvailabilityZones(ctx, &ec2.DescribeAvailabilityZonesInput{})
		if !r.fail("ec2", err) {
			r.b.addAvailabilityZones(out)
		}
	})
	r.spawn(func() { readPages(r, "ec2", ec2.NewDescribeVpcsPaginator(c, &ec2.DescribeVpcsInput{}), r.b.addVpcs) })
	r.spawn(func() {
		readPages(r, "ec2", ec2.NewDescribeSubnetsPaginator(c, &ec2.DescribeSubnetsInput{}), r.b.addSubnets)
	})
	r.spawn(func() {
		readPages(r, "ec2", ec2.NewDescribeRouteTablesPaginator(c, &ec2.DescribeRouteTablesInput{}), r.b.addRouteTables)
	})
	r.spawn(func() {
		readPages(r, "ec2", ec2.NewDescribeInternetGatewaysPaginator(c, &ec2.DescribeInternetGatewaysInput{}), r.b.addInternetGateways)
	})
	r.spawn(func() {
		readPages(r, "ec2", ec2.NewDescribeNatGatewaysPaginator(c, &ec2.DescribeNatGatewaysInput{}), r.b.addNatGateways)
	})
	r.spawn(func() {
		readPages(r, "ec2", ec2.NewDescribeSecurityGroupsPaginator(c, &ec2.DescribeSecurityGroupsInput{}), r.b.addSecurityGroups)
	})
	r.spawn(func() {
		readPages(r, "ec2", ec2.NewDescribeNetworkAclsPaginator(c, &ec2.DescribeNetworkAclsInput{}), r.b.addNetworkAcls)
	})
	r.spawn(func() {
		readPages(r, "ec2", ec2.NewDescribeVpcEndpointsPaginator(c, &ec2.DescribeVpcEndpointsInput{}), r.b.addVpcEndpoints)
	})
	r.spawn(func() {
		readPages(r, "ec2", ec2.NewDescribeSpotFleetRequestsPaginator(c, &ec2.DescribeSpotFleetRequestsInput{}), r.b.addSpotFleetRequests)
	})
	r.spawn(func() { r.collectNetworkInterfaces(c) })
	r.spawn(func() {
		out, err := c.GetEbsEncryptionByDefault(ctx, &ec2.GetEbsEncryptionByDefaultInput{})
		if !r.fail("ec2", err) {
			r.b.addEbsEncryptionByDefault(out)
		}
	})
}

// collectInstances reads the EC2 instances behind container instances, then
// the AMIs they run. Called by the ECS collector once it knows the ids.
func (r *regionRun) collectInstances(ids []string) {
	var fresh []string
	for _, id := range ids {
		if id != "" && r.b.instancesSeen.add(id) {
			fresh = append(fresh, id)
		}
	}
	c := ec2.NewFromConfig(r.cfg)
	for _, batch := range chunks(fresh, describeInstancesBatch) {
		r.spawn(func() {
			p := ec2.NewDescribeInstancesPaginator(c, &ec2.DescribeInstancesInput{InstanceIds: batch})
			var images []string
			for p.HasMorePages() {
				out, err := p.NextPage(r.ctx)
				if r.failAbout("ec2", err, func(g string) {
					for _, id := range batch {
						r.b.markGap(gapInstance, id, g)
					}
				}) {
					break
				}
				images = append(images, r.b.addInstances(out)...)
			}
			r.collectImages(images)
		})
	}
}

func (r *regionRun) collectImages(ids []string) {
	var fresh []string
	for _, id := range ids {
		if id != "" && r.b.imagesSeen.add(id) {
			fresh = append(fresh, id)
		}
	}
	if len(fresh) == 0 {
		return
	}
	c := ec2.NewFromConfig(r.cfg)
	for _, batch := range chunks(fresh, describeInstancesBatch) {
		r.spawn(func() {
			out, err := c.DescribeImages(r.ctx, &ec2.DescribeImagesInput{ImageIds: batch})
			if !r.failAbout("ec2", err, func(g string) {
				for _, id := range batch {
					r.b.markGap(gapImage, id, g)
				}
			}) {
				r.b.addImages(out)
			}
		})
	}
}

func ec2Tags(tags []ec2types.Tag) map[string]string {
	return tagMap(tags, func(t ec2types.Tag) (*string, *string) { return t.Key, t.Value })
}

// tagMap turns an AWS service's list of Key/Value tags into a map, nil when
// there are none. Every service has its own Tag type with the same two
// fields; keyValue reads them.
func tagMap[T any](tags []T, keyValue func(T) (*string, *string)) map[string]string {
	if len(tags) == 0 {
		return nil
	}
	m := make(map[string]string, len(tags))
	for _, t := range tags {
		k, v := keyValue(t)
		m[aws.ToString(k)] = aws.ToString(v)
	}
	return m
}

func i32(p *int32) int { return int(aws.ToInt32(p)) }

func (b *builder) addAvailabilityZones(out *ec2.DescribeAvailabilityZonesOutput) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, z := range out.AvailabilityZones {
		b.r.AvailabilityZones = append(b.r.AvailabilityZones, inventory.AvailabilityZone{
			Name: aws.ToString(z.ZoneName), ID: aws.ToString(z.ZoneId), State: string(z.State), Type: aws.ToString(z.ZoneType),
		})
	}
}

func (b *builder) addVpcs(out *ec2.DescribeVpcsOutput) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, v := range out.Vpcs {
		b.r.Network.VPCs = append(b.r.Network.VPCs, inventory.VPC{
			ID: aws.ToString(v.VpcId), CIDR: aws.ToString(v.CidrBlock), IsDefault: aws.ToBool(v.IsDefault), Tags: ec2Tags(v.Tags),
		})
	}
}

func (b *builder) addSubnets(out *ec2.DescribeSubnetsOutput) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, s := range out.Subnets {
		b.r.Network.Subnets = append(b.r.Network.Subnets, inventory.Subnet{
			ID: aws.ToString(s.SubnetId), VPCID: aws.ToString(s.VpcId), AvailabilityZone: aws.ToString(s.AvailabilityZone),
			CIDR: aws.ToString(s.CidrBlock), AvailableIPs: i32(s.AvailableIpAddressCount),
			MapPublicIPOnLaunch: aws.ToBool(s.MapPublicIpOnLaunch), Tags: ec2Tags(s.Tags),
		})
	}
}

// routeTarget names what a route points to, "local" for the VPC itself.
func routeTarget(rt ec2types.Route) string {
	for _, p := range []*string{rt.GatewayId, rt.NatGatewayId, rt.TransitGatewayId, rt.VpcPeeringConnectionId,
		rt.EgressOnlyInternetGatewayId, rt.NetworkInterfaceId, rt.InstanceId, rt.LocalGatewayId, rt.CarrierGatewayId, rt.CoreNetworkArn} {
		if v := aws.ToString(p); v != "" {
			return v
		}
	}
	return ""
}

func (b *builder) addRouteTables(out *ec2.DescribeRouteTablesOutput) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, t := range out.RouteTables {
		rt := inventory.RouteTable{ID: aws.ToString(t.RouteTableId), VPCID: aws.ToString(t.VpcId)}
		for _, a := range t.Associations {
			if aws.ToBool(a.Main) {
				rt.Main = true
			}
			if s := aws.ToString(a.SubnetId); s != "" {
				rt.Subnets = append(rt.Subnets, s)
			}
		}
		for _, ro := range t.Routes {
			dest := aws.ToString(ro.DestinationCidrBlock)
			if dest == "" {
				dest = aws.ToString(ro.DestinationIpv6CidrBlock)
			}
			if dest == "" {
				dest = aws.ToString(ro.DestinationPrefixListId)
			}
			rt.Routes = append(rt.Routes, inventory.Route{Destination: dest, Target: routeTarget(ro), State: string(ro.State)})
		}
		b.r.Network.RouteTables = append(b.r.Network.RouteTables, rt)
	}
}

func (b *builder) addInternetGateways(out *ec2.DescribeInternetGatewaysOutput) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, g := range out.InternetGateways {
		ig := inventory.InternetGateway{ID: aws.ToString(g.InternetGatewayId), Tags: ec2Tags(g.Tags)}
		for _, a := range g.Attachments {
			ig.VPCs = append(ig.VPCs, aws.ToString(a.VpcId))
		}
		b.r.Network.InternetGateways = append(b.r.Network.InternetGateways, ig)
	}
}

func (b *builder) addNatGateways(out *ec2.DescribeNatGatewaysOutput) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, g := range out.NatGateways {
		n := inventory.NATGateway{ID: aws.ToString(g.NatGatewayId), VPCID: aws.ToString(g.VpcId), SubnetID: aws.ToString(g.SubnetId),
			State: string(g.State), ConnectivityType: string(g.ConnectivityType), Tags: ec2Tags(g.Tags)}
		for _, a := range g.NatGatewayAddresses {
			if ip := aws.ToString(a.PublicIp); ip != "" {
				n.PublicIPs = append(n.PublicIPs, ip)
			}
		}
		b.r.Network.NATGateways = append(b.r.Network.NATGateways, n)
	}
}

// securityRules flattens permissions to one source per rule.
func securityRules(perms []ec2types.IpPermission) []inventory.SecurityRule {
	var out []inventory.SecurityRule
	for _, p := range perms {
		base := inventory.SecurityRule{Protocol: aws.ToString(p.IpProtocol), FromPort: i32(p.FromPort), ToPort: i32(p.ToPort)}
		if base.Protocol == "-1" && p.FromPort == nil {
			base.FromPort, base.ToPort = 0, 65535
		}
		for _, x := range p.IpRanges {
			r := base
			r.CIDR, r.Description = aws.ToString(x.CidrIp), aws.ToString(x.Description)
			out = append(out, r)
		}
		for _, x := range p.Ipv6Ranges {
			r := base
			r.IPv6CIDR, r.Description = aws.ToString(x.CidrIpv6), aws.ToString(x.Description)
			out = append(out, r)
		}
		for _, x := range p.UserIdGroupPairs {
			r := base
			r.SourceGroup, r.Description = aws.ToString(x.GroupId), aws.ToString(x.Description)
			out = append(out, r)
		}
		for _, x := range p.PrefixListIds {
			r := base
			r.PrefixList, r.Description = aws.ToString(x.PrefixListId), aws.ToString(x.Description)
			out = append(out, r)
		}
	}
	return out
}

func (b *builder) addSecurityGroups(out *ec2.DescribeSecurityGroupsOutput) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, g := range out.SecurityGroups {
		b.r.Network.SecurityGroups = append(b.r.Network.SecurityGroups, inventory.SecurityGroup{
			ID: aws.ToString(g.GroupId), Name: aws.ToString(g.GroupName), VPCID: aws.ToString(g.VpcId),
			Description: aws.ToString(g.Description), Ingress: securityRules(g.IpPermissions),
			Egress: securityRules(g.IpPermissionsEgress), Tags: ec2Tags(g.Tags),
		})
	}
}

func (b *builder) addNetworkAcls(out *ec2.DescribeNetworkAclsOutput) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, a := range out.NetworkAcls {
		n := inventory.NetworkACL{ID: aws.ToString(a.NetworkAclId), VPCID: aws.ToString(a.VpcId), IsDefault: aws.ToBool(a.IsDefault)}
		for _, as := range a.Associations {
			if s := aws.ToString(as.SubnetId); s != "" {
				n.Subnets = append(n.Subnets, s)
			}
		}
		for _, e := range a.Entries {
			en := inventory.ACLEntry{RuleNumber: i32(e.RuleNumber), Egress: aws.ToBool(e.Egress), Protocol: aws.ToString(e.Protocol),
				Action: string(e.RuleAction), CIDR: aws.ToString(e.CidrBlock), IPv6CIDR: aws.ToString(e.Ipv6CidrBlock)}
			if e.PortRange != nil {
				en.FromPort, en.ToPort = i32(e.PortRange.From), i32(e.PortRange.To)
			}
			n.Entries = append(n.Entries, en)
		}
		b.r.Network.NetworkACLs = append(b.r.Network.NetworkACLs, n)
	}
}

func (b *builder) addVpcEndpoints(out *ec2.DescribeVpcEndpointsOutput) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, e := range out.VpcEndpoints {
		b.r.Network.VPCEndpoints = append(b.r.Network.VPCEndpoints, inventory.VPCEndpoint{
			ID: aws.ToString(e.VpcEndpointId), VPCID: aws.ToString(e.VpcId), ServiceName: aws.ToString(e.ServiceName),
			Type: string(e.VpcEndpointType), State: string(e.State), Subnets: e.SubnetIds, PrivateDNSEnabled: aws.ToBool(e.PrivateDnsEnabled),
			SecurityGroups: endpointGroupIDs(e.Groups),
		})
	}
}

func (b *builder) addSpotFleetRequests(out *ec2.DescribeSpotFleetRequestsOutput) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, s := range out.SpotFleetRequestConfigs {
		f := inventory.SpotFleetRequest{ID: aws.ToString(s.SpotFleetRequestId), State: string(s.SpotFleetRequestState), CreateTime: utc(s.CreateTime)}
		if c := s.SpotFleetRequestConfig; c != nil {
			f.AllocationStrategy = string(c.AllocationStrategy)
			f.TargetCapacity = i32(c.TargetCapacity)
			f.OnDemandTarget = i32(c.OnDemandTargetCapacity)
			f.ReplaceUnhealthy = aws.ToBool(c.ReplaceUnhealthyInstances)
			if m := c.SpotMaintenanceStrategies; m != nil && m.CapacityRebalance != nil && m.CapacityRebalance.ReplacementStrategy != "" {
				f.CapacityRebalance = true
			}
			types, subnets := map[string]bool{}, map[string]bool{}
			addSubnets := func(s string) {
				for _, x := range strings.Split(s, ",") {
					if x = strings.TrimSpace(x); x != "" {
						subnets[x] = true
					}
				}
			}
			for _, l := range c.LaunchSpecifications {
				if l.InstanceType != "" {
					types[string(l.InstanceType)] = true
				}
				addSubnets(aws.ToString(l.SubnetId))
			}
			for _, l := range c.LaunchTemplateConfigs {
				for _, o := range l.Overrides {
					if o.InstanceType != "" {
						types[string(o.InstanceType)] = true
					}
					addSubnets(aws.ToString(o.SubnetId))
				}
			}
			f.InstanceTypes, f.Subnets = slices.Sorted(maps.Keys(types)), slices.Sorted(maps.Keys(subnets))
		}
		b.r.EC2.SpotFleetRequests = append(b.r.EC2.SpotFleetRequests, f)
	}
}

func (b *builder) addEbsEncryptionByDefault(out *ec2.GetEbsEncryptionByDefaultOutput) {
	b.mu.Lock()
	defer b.mu.Unlock()
	v := aws.ToBool(out.EbsEncryptionByDefault)
	b.r.EC2.EBSEncryptionByDefault = &v
}

// addInstances returns the AMI ids the instances run.
func (b *builder) addInstances(out *ec2.DescribeInstancesOutput) []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var images []string
	for _, res := range out.Reservations {
		for _, in := range res.Instances {
			i := inventory.Instance{ID: aws.ToString(in.InstanceId), InstanceType: string(in.InstanceType), ImageID: aws.ToString(in.ImageId),
				SubnetID: aws.ToString(in.SubnetId), Lifecycle: string(in.InstanceLifecycle), Architecture: string(in.Architecture),
				Platform: string(in.Platform), PrivateIP: aws.ToString(in.PrivateIpAddress), PublicIP: aws.ToString(in.PublicIpAddress), Tags: ec2Tags(in.Tags),
				SecurityGroups: instanceGroupIDs(in.SecurityGroups)}
			if in.Placement != nil {
				i.AvailabilityZone = aws.ToString(in.Placement.AvailabilityZone)
			}
			if in.State != nil {
				i.State = string(in.State.Name)
			}
			if m := in.MetadataOptions; m != nil {
				i.HTTPTokens, i.HTTPEndpoint = string(m.HttpTokens), string(m.HttpEndpoint)
				i.HTTPPutResponseHopLimit = int(aws.ToInt32(m.HttpPutResponseHopLimit))
			}
			b.r.EC2.Instances = append(b.r.EC2.Instances, i)
			images = append(images, i.ImageID)
		}
	}
	return images
}

func (b *builder) addImages(out *ec2.DescribeImagesOutput) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, im := range out.Images {
		b.r.EC2.Images = append(b.r.EC2.Images, inventory.Image{ID: aws.ToString(im.ImageId), Name: aws.ToString(im.Name),
			Description: aws.ToString(im.Description), OwnerID: aws.ToString(im.OwnerId), OwnerAlias: aws.ToString(im.ImageOwnerAlias),
			Platform: aws.ToString(im.PlatformDetails), Architecture: string(im.Architecture)})
	}
}

// instanceGroupIDs keeps the ids of an instance's security groups, which
// NETSEC-001 needs to know the groups are in use (names are in the groups).
func instanceGroupIDs(gs []ec2types.GroupIdentifier) []string {
	var ids []string
	for _, g := range gs {
		if id := aws.ToString(g.GroupId); id != "" {
			ids = append(ids, id)
		}
	}
	return ids
}

// endpointGroupIDs keeps the ids of an interface endpoint's security groups.
func endpointGroupIDs(gs []ec2types.SecurityGroupIdentifier) []string {
	var ids []string
	for _, g := range gs {
		if id := aws.ToString(g.GroupId); id != "" {
			ids = append(ids, id)
		}
	}
	return ids
}
