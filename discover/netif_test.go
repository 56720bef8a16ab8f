package discover

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/ecspack/ecspack/internal/testkit/mototest"
	"github.com/ecspack/ecspack/inventory"
)

// TestDiscoverNetworkInterfacesInMoto: every network interface of the region
// is collected with the groups it wears, so a world-open group worn by a
// host or a database that ecspack does not otherwise model counts as in use
// (NETSEC-001, issue 16).
func TestDiscoverNetworkInterfacesInMoto(t *testing.T) {
	moto.Require(t)
	moto.Reset(t)
	est := mototest.MustBuildEstate(t, moto.Config())
	ctx := mototest.Context(t)
	// A database's interface wearing the world-open SSH group.
	out, err := ec2.NewFromConfig(moto.Config()).CreateNetworkInterface(ctx, &ec2.CreateNetworkInterfaceInput{
		SubnetId: aws.String(est.PrivateSubnets[0]), Groups: []string{est.SSHGroup, est.AppGroup}, Description: aws.String("RDSNetworkInterface")})
	if err != nil {
		t.Fatal(err)
	}
	dbENI := aws.ToString(out.NetworkInterface.NetworkInterfaceId)
	snap, err := RunConfig(ctx, moto.Config(), Options{Regions: []string{mototest.Region}, Services: []string{"ec2"}, Now: fixedClock})
	if err != nil {
		t.Fatal(err)
	}
	home := homeRegion(t, snap)
	n := home.Network
	if !n.NetworkInterfacesCollected {
		t.Error("NetworkInterfacesCollected is false after a complete DescribeNetworkInterfaces")
	}
	byID := map[string]inventory.NetworkInterface{}
	var instanceENI *inventory.NetworkInterface
	for i, e := range n.NetworkInterfaces {
		byID[e.ID] = e
		if e.InstanceID == est.InstanceID {
			instanceENI = &n.NetworkInterfaces[i]
		}
	}
	db, ok := byID[dbENI]
	if !ok || db.Description != "RDSNetworkInterface" || db.SubnetID != est.PrivateSubnets[0] || db.VPCID != est.VPCID ||
		!slices.Equal(db.SecurityGroups, sortedUnique([]string{est.SSHGroup, est.AppGroup})) || db.InstanceID != "" || db.AvailabilityZone == "" {
		t.Errorf("the database's interface: %+v (found %v)", db, ok)
	}
	if instanceENI == nil || !slices.Equal(instanceENI.SecurityGroups, []string{est.SSHGroup}) || instanceENI.Status != "in-use" {
		t.Errorf("the container instance's interface: %+v", instanceENI)
	}
}

// TestNetworkInterfacesNotCollectedWhenTheCallFails: a denied
// DescribeNetworkInterfaces leaves the list unknown, not empty.
func TestNetworkInterfacesNotCollectedWhenTheCallFails(t *testing.T) {
	for _, deny := range []bool{false, true} {
		r, srv := newReplay(1, 1)
		r.deny["ec2 DescribeNetworkInterfaces"] = deny
		res, err := runReplay(context.Background(), r, srv.URL, 4)
		srv.Close()
		if err != nil {
			t.Fatal(err)
		}
		if got := res.snap.Accounts[0].Regions[0].Network.NetworkInterfacesCollected; got == deny {
			t.Errorf("denied %v: NetworkInterfacesCollected = %v", deny, got)
		}
	}
}

// TestImportNetworkInterfaces reads the aws CLI's own example output of
// describe-network-interfaces; a failed call (FILE.json.err) leaves the
// interfaces unknown.
func TestImportNetworkInterfaces(t *testing.T) {
	snap, err := Import("testdata/awscli", ImportOptions{Now: fixedClock})
	if err != nil {
		t.Fatal(err)
	}
	home := homeRegion(t, snap)
	n := home.Network
	want := []inventory.NetworkInterface{
		{ID: "eni-e5aa89a3", Description: "my network interface", Status: "in-use", InstanceID: "i-1234567890abcdef0",
			VPCID: "vpc-a01106c2", SubnetID: "subnet-b61f49f0", AvailabilityZone: "us-east-1d", SecurityGroups: []string{"sg-8637d3e3"}},
		{ID: "eni-f9ba99bf", Description: "Primary network interface", Status: "in-use", InstanceID: "i-0598c7d356eba48d7",
			VPCID: "vpc-a01106c2", SubnetID: "subnet-b61f49f0", AvailabilityZone: "us-east-1d", SecurityGroups: []string{"sg-8637d3e3"}},
	}
	if !n.NetworkInterfacesCollected || len(n.NetworkInterfaces) != 2 ||
		!slices.EqualFunc(n.NetworkInterfaces, want, func(a, b inventory.NetworkInterface) bool {
			return a.ID == b.ID && a.Description == b.Description && a.Status == b.Status && a.InstanceID == b.InstanceID &&
				a.VPCID == b.VPCID && a.SubnetID == b.SubnetID && a.AvailabilityZone == b.AvailabilityZone && slices.Equal(a.SecurityGroups, b.SecurityGroups)
		}) {
		t.Errorf("interfaces from describe-network-interfaces.rst (collected %v): %+v", n.NetworkInterfacesCollected, n.NetworkInterfaces)
	}

	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/awscli")); err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(dir, "eu-west-1", "ec2", "describe-network-interfaces.json")
	if err := os.Rename(f, f+".err"); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(f+".err", []byte("An error occurred (UnauthorizedOperation) when calling the DescribeNetworkInterfaces operation"), 0o644); err != nil {
		t.Fatal(err)
	}
	failed, err := Import(dir, ImportOptions{Now: fixedClock})
	if err != nil {
		t.Fatal(err)
	}
	fr := regionOf(failed, "123456789012", "eu-west-1")
	if fr == nil {
		t.Fatalf("no region 123456789012/eu-west-1 in %+v", failed.Accounts)
	}
	if fn := fr.Network; fn.NetworkInterfacesCollected || len(fn.NetworkInterfaces) != 0 {
		t.Errorf("a failed call must leave the interfaces unknown: %+v", fn)
	}
}

// homeRegion is the account-region that both the moto estate and the aws CLI
// examples' folder (its sts/get-caller-identity.json) belong to: resources
// without an ARN — GuardDuty detectors, network interfaces — are filed there,
// whatever other places the example files' ARNs name.
func homeRegion(t *testing.T, snap *inventory.Snapshot) *inventory.Region {
	t.Helper()
	home := regionOf(snap, "123456789012", "eu-west-1")
	if home == nil {
		t.Fatalf("no region 123456789012/eu-west-1 in %+v", snap.Accounts)
	}
	return home
}
