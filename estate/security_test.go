package estate

import (
	"slices"
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

func TestClusterKinds(t *testing.T) {
	tests := []struct {
		name    string
		cluster inventory.Cluster
		want    []Compute
	}{
		{name: "nothing runs", cluster: inventory.Cluster{Name: "c"}},
		{name: "Fargate service only", cluster: inventory.Cluster{Name: "c", Services: []inventory.Service{{Name: "s", LaunchType: "FARGATE"}}}, want: []Compute{Fargate}},
		{name: "container instances are EC2 even when the service is Fargate",
			cluster: inventory.Cluster{Name: "c", Services: []inventory.Service{{Name: "s", LaunchType: "FARGATE"}},
				ContainerInstances: []inventory.ContainerInstance{{ARN: "ci"}}}, want: []Compute{EC2, Fargate}},
		{name: "standalone EXTERNAL task and instance",
			cluster: inventory.Cluster{Name: "c", Tasks: []inventory.Task{{ARN: "t", Group: "family:job", LaunchType: "EXTERNAL"}},
				ContainerInstances: []inventory.ContainerInstance{{ARN: "ci", External: true}}}, want: []Compute{External}},
		{name: "a service task is judged by its service, not twice",
			cluster: inventory.Cluster{Name: "c", Services: []inventory.Service{{Name: "s", LaunchType: "EC2"}},
				Tasks: []inventory.Task{{ARN: "t", Group: "service:s", LaunchType: "EC2"}}}, want: []Compute{EC2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := inventory.Region{Name: "eu-west-1", ECS: inventory.ECS{Clusters: []inventory.Cluster{tt.cluster}}}
			c := New(&inventory.Snapshot{Accounts: []inventory.Account{{ID: "1", Regions: []inventory.Region{r}}}}).Regions[0].Clusters[0]
			if got := c.Kinds(); !slices.Equal(got, tt.want) {
				t.Errorf("Kinds = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestClusterTaskDefinitions(t *testing.T) {
	c := New(fixture()).Regions[0].Clusters[0]
	var got []string
	for _, td := range c.TaskDefinitions() {
		got = append(got, td.ARN)
	}
	// web (service), the api service's unknown revision left out, job (worker and the standalone task) once
	if want := []string{tdWeb, tdJob}; !slices.Equal(got, want) {
		t.Errorf("TaskDefinitions = %v, want %v", got, want)
	}
}

func TestSecurityGroupInterfaces(t *testing.T) {
	nis := []inventory.NetworkInterface{
		{ID: "eni-bastion", Type: "interface", InstanceID: "i-9", SecurityGroups: []string{"sg-open"}},
		{ID: "eni-rds", Type: "interface", RequesterManaged: true, RequesterID: "amazon-rds", SecurityGroups: []string{"sg-db", "sg-open"}},
		{ID: "eni-other", SecurityGroups: []string{"sg-db"}},
	}
	tests := []struct {
		name      string
		collected bool
		sg        string
		want      []string
		known     bool
	}{
		{name: "a bastion and a database wear the group", collected: true, sg: "sg-open", want: []string{"eni-bastion", "eni-rds"}, known: true},
		{name: "nothing wears it, and that is known", collected: true, sg: "sg-none", known: true},
		{name: "interfaces not read whole: unknown", sg: "sg-none"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := inventory.Region{Name: "eu-west-1", Network: inventory.Network{NetworkInterfaces: nis, NetworkInterfacesCollected: tt.collected}}
			rg := New(&inventory.Snapshot{Accounts: []inventory.Account{{ID: "1", Regions: []inventory.Region{r}}}}).Regions[0]
			got, known := rg.SecurityGroupInterfaces(tt.sg)
			var ids []string
			for _, ni := range got {
				ids = append(ids, ni.ID)
			}
			if !slices.Equal(ids, tt.want) || known != tt.known {
				t.Errorf("SecurityGroupInterfaces(%s) = %v, %v; want %v, %v", tt.sg, ids, known, tt.want, tt.known)
			}
		})
	}
}

func TestImageReference(t *testing.T) {
	repo := &inventory.Repository{Images: []inventory.RepositoryImage{{Reference: "1.2"}, {Reference: "sha256:abc"}, {Reference: "latest"}}}
	for _, tt := range []struct{ image, ref string }{
		{"111122223333.dkr.ecr.eu-west-1.amazonaws.com/team/web:1.2", "1.2"},
		{"111122223333.dkr.ecr.eu-west-1.amazonaws.com/team/web@sha256:abc", "sha256:abc"},
		{"111122223333.dkr.ecr.eu-west-1.amazonaws.com/team/web", "latest"},
		{"localhost:5000/web", "latest"},
		{"localhost:5000/web:2", "2"},
	} {
		if got := ImageReference(tt.image); got != tt.ref {
			t.Errorf("ImageReference(%q) = %q, want %q", tt.image, got, tt.ref)
		}
		if got := RepositoryImage(repo, tt.image); (got != nil) != (tt.ref != "2") || (got != nil && got.Reference != tt.ref) {
			t.Errorf("RepositoryImage(%q) = %+v", tt.image, got)
		}
	}
}
