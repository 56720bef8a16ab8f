package discover

import (
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"github.com/ecspack/ecspack/internal/testkit/mototest"
	"github.com/ecspack/ecspack/inventory"
)

func awslogsContainer(name, group, region string) inventory.ContainerDefinition {
	opts := map[string]string{"awslogs-group": group}
	if region != "" {
		opts["awslogs-region"] = region
	}
	return inventory.ContainerDefinition{Name: name, LogConfiguration: &inventory.LogConfiguration{Driver: "awslogs", Options: opts}}
}

func TestLogRegionGaps(t *testing.T) {
	td := func(arn string, cs ...inventory.ContainerDefinition) inventory.TaskDefinition {
		return inventory.TaskDefinition{ARN: arn, Family: "f", Containers: cs}
	}
	acct := inventory.Account{ID: "111122223333", Regions: []inventory.Region{
		{Name: "eu-west-1", ECS: inventory.ECS{TaskDefinitions: []inventory.TaskDefinition{
			td("arn:td/web:2", awslogsContainer("web", "/ecs/web", "us-east-1"), awslogsContainer("side", "/ecs/side", "eu-west-1")),
			td("arn:td/web:1", awslogsContainer("web", "/ecs/web", "us-east-1")),
			td("arn:td/api:1", awslogsContainer("api", "/ecs/api", ""), awslogsContainer("api2", "/ecs/api", "eu-central-1")),
			td("arn:td/fl:1", inventory.ContainerDefinition{Name: "fl", LogConfiguration: &inventory.LogConfiguration{Driver: "awsfirelens",
				Options: map[string]string{"awslogs-group": "/x", "awslogs-region": "ap-south-1"}}}),
		}}},
		{Name: "eu-central-1"},
	}}
	var got []string
	for _, e := range logRegionGaps(&acct) {
		if e.Account != acct.ID || e.Service != "logs" || e.Operation != "DescribeLogGroups" || e.Code != inventory.CodeRegionNotCollected {
			t.Errorf("error fields: %+v", e)
		}
		got = append(got, e.Region+" "+e.Message)
	}
	want := []string{"us-east-1 log group /ecs/web is named by awslogs-region us-east-1 (container web of arn:td/web:1), a region that was not collected: " +
		"whether it exists, its retention and its encryption are unknown (collect us-east-1 too)"}
	if !slices.Equal(got, want) {
		t.Errorf("gaps:\n%q\nwant\n%q", got, want)
	}
}

// TestDiscoverRecordsLogGroupsOutsideTheRegions: a container logging to a
// region discovery did not read leaves a named gap (issue 16: log groups are
// looked up in the region awslogs-region names; when that region was not
// collected, the check must say unknown, never missing).
func TestDiscoverRecordsLogGroupsOutsideTheRegions(t *testing.T) {
	moto.Require(t)
	moto.Reset(t)
	ctx := mototest.Context(t)
	c := ecs.NewFromConfig(moto.Config())
	if _, err := c.CreateCluster(ctx, &ecs.CreateClusterInput{ClusterName: aws.String("logs")}); err != nil {
		t.Fatal(err)
	}
	td, err := c.RegisterTaskDefinition(ctx, &ecs.RegisterTaskDefinitionInput{Family: aws.String("far"), ContainerDefinitions: []ecstypes.ContainerDefinition{{
		Name: aws.String("app"), Image: aws.String("nginx"), Memory: aws.Int32(128),
		LogConfiguration: &ecstypes.LogConfiguration{LogDriver: ecstypes.LogDriverAwslogs, Options: map[string]string{"awslogs-group": "/ecs/far", "awslogs-region": "ap-southeast-2"}}}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateService(ctx, &ecs.CreateServiceInput{Cluster: aws.String("logs"), ServiceName: aws.String("far"),
		TaskDefinition: td.TaskDefinition.TaskDefinitionArn, DesiredCount: aws.Int32(0)}); err != nil {
		t.Fatal(err)
	}
	snap, err := RunConfig(ctx, moto.Config(), Options{Regions: []string{mototest.Region}, Services: []string{"ecs", "logs"}, Now: fixedClock})
	if err != nil {
		t.Fatal(err)
	}
	var found []inventory.CollectionError
	for _, e := range snap.Collection.Errors {
		if e.Code == inventory.CodeRegionNotCollected {
			found = append(found, e)
		}
	}
	if len(found) != 1 || found[0].Region != "ap-southeast-2" || !strings.Contains(found[0].Message, "/ecs/far") {
		t.Errorf("gaps: %+v", snap.Collection.Errors)
	}
}

// TestImportRecordsLogGroupsOutsideTheRegions: the offline path records the
// same gap.
func TestImportRecordsLogGroupsOutsideTheRegions(t *testing.T) {
	snap := importEditedContainer(t, func(c map[string]any) {
		c["logConfiguration"] = map[string]any{
			"logDriver": "awslogs", "options": map[string]any{"awslogs-group": "/ecs/hello", "awslogs-region": "sa-east-1"}}
	})
	n := 0
	for _, e := range snap.Collection.Errors {
		if e.Code == inventory.CodeRegionNotCollected {
			n++
			if e.Region != "sa-east-1" || !strings.Contains(e.Message, "/ecs/hello") {
				t.Errorf("gap: %+v", e)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d RegionNotCollected gaps, want 1: %+v", n, snap.Collection.Errors)
	}
}
