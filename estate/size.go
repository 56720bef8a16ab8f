package estate

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/ecspack/ecspack/inventory"
)

// ParseCPU reads a task CPU size as ECS accepts it: CPU units ("512") or
// vCPU ("0.5 vCPU", "1 vcpu"), and returns vCPU.
func ParseCPU(s string) (float64, bool) {
	s = strings.TrimSpace(strings.ToLower(s))
	if v, ok := strings.CutSuffix(s, "vcpu"); ok {
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		return f, err == nil && f > 0
	}
	f, err := strconv.ParseFloat(s, 64)
	return f / 1024, err == nil && f > 0
}

// ParseMemory reads a task memory size as ECS accepts it: MiB ("1024") or
// GB ("1 GB", "2gb"), and returns GB (1 GB = 1024 MiB, as Fargate bills).
func ParseMemory(s string) (float64, bool) {
	s = strings.TrimSpace(strings.ToLower(s))
	if v, ok := strings.CutSuffix(s, "gb"); ok {
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		return f, err == nil && f > 0
	}
	f, err := strconv.ParseFloat(strings.TrimSuffix(s, "mib"), 64)
	return f / 1024, err == nil && f > 0
}

// TaskSize returns the vCPU and GB of memory of one of the service's tasks:
// the task definition's task-level sizes, else those its tasks report; ok is
// false when either is unknown.
func (s *Service) TaskSize() (vcpu, gb float64, ok bool) {
	var cpu, mem string
	if s.TaskDef != nil {
		cpu, mem = s.TaskDef.CPU, s.TaskDef.Memory
	}
	for _, t := range s.tasks {
		cpu, mem = cmp.Or(cpu, t.CPU), cmp.Or(mem, t.Memory)
	}
	v, ok1 := ParseCPU(cpu)
	g, ok2 := ParseMemory(mem)
	return v, g, ok1 && ok2
}

// SplitByStrategy distributes n tasks over a capacity provider strategy as
// ECS does: each provider's base is placed first (in strategy order), the
// remaining tasks by weight; whole tasks left over by rounding go to the
// providers with the largest fractional share, earlier entries first on ties.
func SplitByStrategy(n int, strategy []inventory.CapacityProviderItem) map[string]int {
	out := map[string]int{}
	rem := n
	for _, it := range strategy {
		if b := min(it.Base, rem); b > 0 {
			out[it.CapacityProvider] += b
			rem -= b
		}
	}
	total := 0
	for _, it := range strategy {
		total += max(it.Weight, 0)
	}
	if rem == 0 || total == 0 {
		return out
	}
	type frac struct{ i, part int }
	fr := make([]frac, 0, len(strategy))
	given := 0
	for i, it := range strategy {
		w := max(it.Weight, 0)
		share := rem * w / total
		out[it.CapacityProvider] += share
		given += share
		fr = append(fr, frac{i, rem * w % total})
	}
	slices.SortStableFunc(fr, func(a, b frac) int { return cmp.Compare(b.part, a.part) })
	for k := 0; given < rem && k < len(fr); k++ {
		if strategy[fr[k].i].Weight > 0 {
			out[strategy[fr[k].i].CapacityProvider]++
			given++
		}
	}
	return out
}

// FargateSplit returns how n tasks of the service (its desired count, or the
// minimum or maximum of its Auto Scaling range) run on FARGATE and on
// FARGATE_SPOT, keyed by provider name. With a launch type every task runs
// there. With a strategy it counts the snapshot's tasks whose last status is
// RUNNING by capacity provider when the snapshot holds exactly n of them;
// otherwise it splits n with SplitByStrategy. A service with neither launch
// type nor any strategy runs on EC2 (ServiceCapacity), so none of its tasks
// is counted.
func (s *Service) FargateSplit(n int) map[string]int {
	out := map[string]int{}
	if n <= 0 {
		return out
	}
	if s.Capacity.LaunchType != "" {
		if s.Capacity.FargateOnly() {
			out[ProviderFargate] = n
		}
		return out
	}
	if len(s.Capacity.Strategy) == 0 {
		return out
	}
	var running []*inventory.Task
	for _, t := range s.tasks {
		if t.LastStatus == "RUNNING" {
			running = append(running, t)
		}
	}
	if len(running) == n {
		for _, t := range running {
			switch {
			case t.CapacityProvider == ProviderFargate || t.CapacityProvider == ProviderFargateSpot:
				out[t.CapacityProvider]++
			case t.CapacityProvider == "" && t.LaunchType == "FARGATE":
				out[ProviderFargate]++
			}
		}
		return out
	}
	for name, k := range SplitByStrategy(n, s.Capacity.Strategy) {
		if name == ProviderFargate || name == ProviderFargateSpot {
			out[name] += k
		}
	}
	return out
}
