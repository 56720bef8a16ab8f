package estate

import (
	"slices"
	"strings"

	"github.com/ecspack/ecspack/inventory"
)

// Kinds lists the capacity kinds a cluster runs on, sorted: its services'
// resolved capacity, its standalone tasks' recorded compute, and EC2 or
// EXTERNAL for registered container instances (a daemon or a task placed
// there runs on them even when no service records it). Empty when the
// cluster runs nothing.
func (c *Cluster) Kinds() []Compute {
	var out []Compute
	for _, s := range c.Services {
		for _, k := range s.Capacity.Kinds {
			out = addKind(out, k)
		}
	}
	for _, t := range c.StandaloneTasks() {
		out = addKind(out, TaskCompute(t))
	}
	for _, ci := range c.Cluster.ContainerInstances {
		if ci.External {
			out = addKind(out, External)
		} else {
			out = addKind(out, EC2)
		}
	}
	return out
}

// TaskDefinitions lists the revisions a cluster's services and tasks run
// (any task status), in first-use order; revisions the snapshot does not
// hold are left out.
func (c *Cluster) TaskDefinitions() []*inventory.TaskDefinition {
	var out []*inventory.TaskDefinition
	add := func(arn string) {
		if td := c.Region.Index.TaskDefinition(arn); td != nil && !slices.Contains(out, td) {
			out = append(out, td)
		}
	}
	for _, s := range c.Services {
		add(s.Service.TaskDefinition)
	}
	for i := range c.Cluster.Tasks {
		add(c.Cluster.Tasks[i].TaskDefinition)
	}
	return out
}

// SecurityGroupInterfaces lists the network interfaces of the region that
// wear the security group, in inventory order, whatever owns them (an EC2
// instance, a database, a Lambda function, a task, a load balancer). known
// is false when the interfaces were not read whole, so that an empty list
// proves nothing.
func (r *Region) SecurityGroupInterfaces(id string) (nis []*inventory.NetworkInterface, known bool) {
	n := &r.Region.Network
	for i := range n.NetworkInterfaces {
		if slices.Contains(n.NetworkInterfaces[i].SecurityGroups, id) {
			nis = append(nis, &n.NetworkInterfaces[i])
		}
	}
	return nis, n.NetworkInterfacesCollected
}

// ImageReference is the tag or digest an image reference names, as ECR
// looks it up: "sha256:…" for a digest, the tag otherwise, "latest" when
// the reference names neither.
func ImageReference(image string) string {
	if _, digest, ok := strings.Cut(image, "@"); ok {
		return digest
	}
	last := image
	if i := strings.LastIndexByte(image, '/'); i >= 0 {
		last = image[i+1:]
	}
	if _, tag, ok := strings.Cut(last, ":"); ok && tag != "" {
		return tag
	}
	return "latest"
}

// RepositoryImage finds what ECR said about the tag or digest an image
// reference names in a repository; nil when it was not looked up.
func RepositoryImage(repo *inventory.Repository, image string) *inventory.RepositoryImage {
	ref := ImageReference(image)
	for i := range repo.Images {
		if repo.Images[i].Reference == ref {
			return &repo.Images[i]
		}
	}
	return nil
}
