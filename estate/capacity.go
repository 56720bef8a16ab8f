package estate

import (
	"slices"
	"strings"

	"github.com/ecspack/ecspack/inventory"
)

// Compute is a kind of capacity a task can run on. The checklist and the
// cost model only care which of the three kinds a workload uses, not which
// capacity provider supplies it.
type Compute string

// The capacity kinds ECS schedules tasks on.
const (
	Fargate  Compute = "FARGATE"
	EC2      Compute = "EC2"
	External Compute = "EXTERNAL"
)

// Capacity providers that AWS manages; every other provider is backed by an
// EC2 Auto Scaling group.
const (
	ProviderFargate     = "FARGATE"
	ProviderFargateSpot = "FARGATE_SPOT"
)

// ProviderCompute is the capacity kind of a capacity provider: only FARGATE
// and FARGATE_SPOT are not backed by EC2 Auto Scaling groups.
func ProviderCompute(provider string) Compute {
	if provider == ProviderFargate || provider == ProviderFargateSpot {
		return Fargate
	}
	return EC2
}

// TaskCompute is the capacity kind a task ran on, from its launch type or
// its capacity provider; "" when the task records neither.
func TaskCompute(t *inventory.Task) Compute {
	switch {
	case t.LaunchType != "":
		return Compute(strings.ToUpper(t.LaunchType))
	case t.CapacityProvider != "":
		return ProviderCompute(t.CapacityProvider)
	}
	return ""
}

// Capacity is how a service gets its capacity once ECS's defaults are
// applied: its launch type, else its own capacity provider strategy, else
// the cluster's default strategy, else EC2 (what ECS does when a service
// names none of them).
type Capacity struct {
	// LaunchType is the service's launch type as recorded; "" when it uses
	// a capacity provider strategy.
	LaunchType string
	// Strategy is the strategy the service launches with: its own, or the
	// cluster's default when it names neither a launch type nor a strategy.
	// Nil with a launch type.
	Strategy []inventory.CapacityProviderItem
	// ClusterDefault is true when Strategy is the cluster's default.
	ClusterDefault bool
	// Kinds are the capacity kinds the service runs on, sorted; never empty.
	Kinds []Compute
}

// ServiceCapacity resolves a service's capacity within its cluster. A
// strategy item with weight 0 and base 0 places no task, so it adds no kind
// unless it is the strategy's only item.
func ServiceCapacity(c *inventory.Cluster, s *inventory.Service) Capacity {
	cp := Capacity{LaunchType: s.LaunchType}
	switch {
	case s.LaunchType != "":
		cp.Kinds = []Compute{Compute(strings.ToUpper(s.LaunchType))}
		return cp
	case len(s.CapacityProviderStrategy) > 0:
		cp.Strategy = s.CapacityProviderStrategy
	case c != nil && len(c.DefaultStrategy) > 0:
		cp.Strategy, cp.ClusterDefault = c.DefaultStrategy, true
	}
	for _, it := range cp.Strategy {
		if it.Weight+it.Base == 0 && len(cp.Strategy) > 1 {
			continue
		}
		cp.Kinds = addKind(cp.Kinds, ProviderCompute(it.CapacityProvider))
	}
	if len(cp.Kinds) == 0 {
		cp.Kinds = []Compute{EC2}
	}
	return cp
}

// addKind adds k to a sorted set of kinds.
func addKind(kinds []Compute, k Compute) []Compute {
	if k == "" {
		return kinds
	}
	i, found := slices.BinarySearch(kinds, k)
	if found {
		return kinds
	}
	return slices.Insert(kinds, i, k)
}

// Has reports whether the capacity includes kind k.
func (c Capacity) Has(k Compute) bool { return slices.Contains(c.Kinds, k) }

// FargateOnly reports whether every task of the service runs on Fargate
// (FARGATE or FARGATE_SPOT): Fargate-only rules, such as "no privileged
// containers are possible", hold for it.
func (c Capacity) FargateOnly() bool { return len(c.Kinds) == 1 && c.Kinds[0] == Fargate }

// UsesFargate reports whether any task of the service may run on Fargate:
// Fargate's constraints, such as its platform version, concern it.
func (c Capacity) UsesFargate() bool { return c.Has(Fargate) }

// FargateSpot reports whether the service's strategy places tasks on
// FARGATE_SPOT (UsesFargateSpot): it accepts Spot interruptions.
func (c Capacity) FargateSpot() bool { return UsesFargateSpot(c.Strategy) }

// UsesFargateSpot reports whether a strategy places tasks on FARGATE_SPOT:
// it has a FARGATE_SPOT item with a weight or a base. An item with neither
// is named but never used.
func UsesFargateSpot(strategy []inventory.CapacityProviderItem) bool {
	return slices.ContainsFunc(strategy, func(it inventory.CapacityProviderItem) bool {
		return it.CapacityProvider == ProviderFargateSpot && it.Weight+it.Base > 0
	})
}

// EC2Providers lists the strategy's capacity providers backed by EC2 Auto
// Scaling groups, in strategy order.
func (c Capacity) EC2Providers() []string {
	var out []string
	for _, it := range c.Strategy {
		if ProviderCompute(it.CapacityProvider) == EC2 && !slices.Contains(out, it.CapacityProvider) {
			out = append(out, it.CapacityProvider)
		}
	}
	return out
}
