package estate

import "github.com/ecspack/ecspack/inventory"

// ScalableTarget returns the region's Application Auto Scaling target with
// the given resource id ("service/CLUSTER/SERVICE"), or nil. A scaling
// policy names its target only by resource id, and the target it scales may
// belong to a service the snapshot does not hold, so the SOPs look policies'
// bounds up here rather than through a Service.
func (r *Region) ScalableTarget(resourceID string) *inventory.ScalableTarget {
	ts := r.Region.AutoScaling.ScalableTargets
	for i := range ts {
		if ts[i].ResourceID == resourceID {
			return &ts[i]
		}
	}
	return nil
}
