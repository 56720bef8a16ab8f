package estate

// ActiveExternalInstances counts the cluster's ECS Anywhere container
// instances that are registered and ACTIVE (or whose status the snapshot
// does not record): the instances ECS Anywhere bills by the hour. Draining
// and inactive registrations are not billed; ExternalInstances counts every
// registration, whatever its status.
func (c *Cluster) ActiveExternalInstances() int {
	n := 0
	for _, ci := range c.Cluster.ContainerInstances {
		if ci.External && (ci.Status == "" || ci.Status == "ACTIVE") {
			n++
		}
	}
	return n
}
