package estate

import (
	"slices"

	"github.com/ecspack/ecspack/inventory"
)

// TaskDefUse is a task definition revision in use in one region, with the
// services that run it and the capacity kinds it runs on.
type TaskDefUse struct {
	Region  *Region
	TaskDef *inventory.TaskDefinition
	// Services are the services that run the revision, in inventory order.
	Services []*Service
	// Kinds are the capacity kinds its services and its tasks (standalone
	// ones included) run on, sorted; empty when nothing records one.
	Kinds []Compute
}

// taskDefUses lists the revisions services or tasks of the region use, in
// first-use order (cluster by cluster, its services then its tasks);
// revisions the snapshot does not hold are left out.
func taskDefUses(rg *Region) []*TaskDefUse {
	byARN := map[string]*TaskDefUse{}
	var out []*TaskDefUse
	get := func(arn string) *TaskDefUse {
		if u, ok := byARN[arn]; ok {
			return u
		}
		var u *TaskDefUse
		if td := rg.Index.TaskDefinition(arn); td != nil {
			u = &TaskDefUse{Region: rg, TaskDef: td}
			out = append(out, u)
		}
		byARN[arn] = u
		return u
	}
	for _, c := range rg.Clusters {
		for _, s := range c.Services {
			if u := get(s.Service.TaskDefinition); u != nil {
				u.Services = append(u.Services, s)
				for _, k := range s.Capacity.Kinds {
					u.Kinds = addKind(u.Kinds, k)
				}
			}
		}
		for ti := range c.Cluster.Tasks {
			t := &c.Cluster.Tasks[ti]
			if u := get(t.TaskDefinition); u != nil {
				u.Kinds = addKind(u.Kinds, TaskCompute(t))
			}
		}
	}
	return out
}

// Has reports whether the revision runs on capacity kind k.
func (u *TaskDefUse) Has(k Compute) bool { return slices.Contains(u.Kinds, k) }

// FargateOnly reports whether the revision runs only on Fargate — or, when
// nothing records where it runs, whether it can only run there
// (requiresCompatibilities is exactly FARGATE).
func (u *TaskDefUse) FargateOnly() bool {
	if len(u.Kinds) > 0 {
		return len(u.Kinds) == 1 && u.Kinds[0] == Fargate
	}
	return slices.Equal(u.TaskDef.RequiresCompatibilities, []string{"FARGATE"})
}

// UsesFargate reports whether the revision runs on Fargate anywhere or
// requires Fargate compatibility.
func (u *TaskDefUse) UsesFargate() bool {
	return u.Has(Fargate) || slices.Contains(u.TaskDef.RequiresCompatibilities, "FARGATE")
}

// LogGroups lists the log groups the revision writes to
// (Region.TaskDefLogGroups).
func (u *TaskDefUse) LogGroups() []LogGroupRef { return u.Region.TaskDefLogGroups(u.TaskDef) }
