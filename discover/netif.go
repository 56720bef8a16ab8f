package discover

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/ecspack/ecspack/inventory"
)

// netifPageSize is DescribeNetworkInterfaces' largest page.
const netifPageSize = 1000

// collectNetworkInterfaces reads every network interface of the region
// (ec2 DescribeNetworkInterfaces, declared in ec2Operations): who wears
// which security group, so that a group worn by anything counts as in use
// (NETSEC-001). Only a run that read every page says the list is complete.
func (r *regionRun) collectNetworkInterfaces(c *ec2.Client) {
	p := ec2.NewDescribeNetworkInterfacesPaginator(c, &ec2.DescribeNetworkInterfacesInput{MaxResults: aws.Int32(netifPageSize)})
	for p.HasMorePages() {
		out, err := p.NextPage(r.ctx)
		if r.fail("ec2", err) {
			r.b.networkInterfacesFailed()
			return
		}
		r.b.addNetworkInterfaces(out)
	}
	r.b.networkInterfacesRead()
}

// addNetworkInterfaces keeps each interface's identity, owner and groups;
// its addresses are not needed and not kept.
func (b *builder) addNetworkInterfaces(out *ec2.DescribeNetworkInterfacesOutput) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, n := range out.NetworkInterfaces {
		ni := inventory.NetworkInterface{ID: aws.ToString(n.NetworkInterfaceId), Type: string(n.InterfaceType),
			Description: aws.ToString(n.Description), RequesterManaged: aws.ToBool(n.RequesterManaged), RequesterID: aws.ToString(n.RequesterId),
			Status: string(n.Status), VPCID: aws.ToString(n.VpcId), SubnetID: aws.ToString(n.SubnetId), AvailabilityZone: aws.ToString(n.AvailabilityZone)}
		if a := n.Attachment; a != nil {
			ni.InstanceID = aws.ToString(a.InstanceId)
		}
		for _, g := range n.Groups {
			ni.SecurityGroups = append(ni.SecurityGroups, aws.ToString(g.GroupId))
		}
		ni.SecurityGroups = sortedUnique(ni.SecurityGroups)
		b.r.Network.NetworkInterfaces = append(b.r.Network.NetworkInterfaces, ni)
	}
}

// networkInterfacesRead records that the whole list was read (every page,
// or an imported file); networkInterfacesFailed that some of it was not,
// which outweighs any read: the list is then unknown.
func (b *builder) networkInterfacesRead() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.interfacesRead = true
}

func (b *builder) networkInterfacesFailed() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.interfacesFailed = true
}
