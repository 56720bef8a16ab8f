package estate

// RunningTaskCount is how many tasks run in the cluster, from the best
// source the snapshot has: the cluster's own runningTasksCount; when that
// is zero (not collected, or a snapshot written by hand), the cluster's
// tasks that TaskRunning counts; when none is recorded either, the sum of
// its services' running counts.
func (c *Cluster) RunningTaskCount() int {
	if n := c.Cluster.RunningTasksCount; n > 0 {
		return n
	}
	n := 0
	for i := range c.Cluster.Tasks {
		if TaskRunning(&c.Cluster.Tasks[i]) {
			n++
		}
	}
	if n > 0 {
		return n
	}
	for _, s := range c.Cluster.Services {
		n += s.RunningCount
	}
	return n
}
