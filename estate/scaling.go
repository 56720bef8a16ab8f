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

// ScalingRange is the service's Application Auto Scaling range: the
// minimum and maximum of its desired count; ok is false for a service
// without a scalable target or whose scaling is suspended (its desired
// count then stays as it is).
func (s *Service) ScalingRange() (low, high int, ok bool) {
	st := s.ScalableTarget()
	if st == nil || st.Suspended {
		return 0, 0, false
	}
	return st.MinCapacity, st.MaxCapacity, true
}

// GroupInstances are the region's EC2 instances of an Auto Scaling group:
// those the group lists, and those tagged with its name
// (aws:autoscaling:groupName), in region order.
func (r *Region) GroupInstances(g *inventory.AutoScalingGroup) []*inventory.Instance {
	listed := map[string]bool{}
	for _, id := range g.Instances {
		listed[id] = true
	}
	var out []*inventory.Instance
	for i := range r.Region.EC2.Instances {
		in := &r.Region.EC2.Instances[i]
		if listed[in.ID] || (g.Name != "" && in.Tags["aws:autoscaling:groupName"] == g.Name) {
			out = append(out, in)
		}
	}
	return out
}
