package assess

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/ecspack/ecspack/evidence"
)

// tenancyChecks returns this family's checks (ECS-023): with tenants declared
// in case.yaml, each tenant's services get their own task roles, Cloud Map
// namespaces and resource quotas, and hard-isolated tenants their own clusters.
func tenancyChecks() []Check {
	return []Check{
		{ID: "ECS-023.tenant-services", Run: checkTenantServices, Judges: "Each declared tenant's services are found in the inventory"},
		{ID: "ECS-023.task-roles", Run: checkTenantRoles, Judges: "Tenants do not share task roles"},
		{ID: "ECS-023.namespaces", Run: checkTenantNamespaces, Judges: "Each tenant has its own Cloud Map namespace"},
		{ID: "ECS-023.resource-limits", Run: checkTenantLimits, Judges: "Tenant services declare task-level CPU and memory"},
		{ID: "ECS-023.isolation", Run: checkTenantIsolation, Judges: "Hard-isolated tenants have their own clusters or accounts"},
	}
}

const tenantsEvidence = "case.yaml tenants[].services"

// tenantServices resolves each tenant's declared service names (name, ARN or
// cluster/name) to the inventory's services, and returns the names not found.
func tenantServices(in *Input, t evidence.Tenant) (found []svcRef, missing []string) {
	all := deployedServices(in)
	for _, name := range t.Services {
		hit := false
		for _, r := range all {
			if name == r.Svc.Name || name == r.Svc.ARN || name == r.Cluster.Name+"/"+r.Svc.Name {
				found = append(found, r)
				hit = true
			}
		}
		if !hit {
			missing = append(missing, name)
		}
	}
	return found, missing
}

func tenants(in *Input) []evidence.Tenant {
	if in.Case == nil {
		return nil
	}
	return in.Case.Tenants
}

func checkTenantServices(in *Input) []Finding {
	var fs []Finding
	for _, t := range tenants(in) {
		found, missing := tenantServices(in, t)
		switch {
		case len(t.Services) == 0:
			fs = append(fs, Finding{Outcome: Warn, Resource: "tenant " + t.Name,
				Message: "tenant " + t.Name + " lists no services, so its isolation cannot be checked", Evidence: tenantsEvidence,
				Remediation: "list the tenant's ECS services under tenants[].services in case.yaml"})
		case len(missing) > 0:
			fs = append(fs, Finding{Outcome: Warn, Resource: "tenant " + t.Name,
				Message: "tenant " + t.Name + " names services not found in the inventory: " + strings.Join(missing, ", "), Evidence: tenantsEvidence,
				Remediation: "correct the service names (name, cluster/name or ARN) or collect the inventory of the account that runs them"})
		default:
			var names []string
			for _, r := range found {
				names = append(names, r.Svc.Name)
			}
			fs = append(fs, Finding{Outcome: Info, Resource: "tenant " + t.Name,
				Message: fmt.Sprintf("tenant %s runs %d services: %s", t.Name, len(found), summarize(names)), Evidence: tenantsEvidence})
		}
	}
	return fs
}

func checkTenantRoles(in *Input) []Finding {
	const ev = "case.yaml tenants[].services; ecs:DescribeTaskDefinition taskRoleArn"
	byRole := map[string]map[string][]string{} // role → tenant → services
	var fs []Finding
	for _, t := range tenants(in) {
		found, _ := tenantServices(in, t)
		for _, r := range found {
			if r.TD == nil || r.TD.TaskRoleARN == "" {
				fs = append(fs, Finding{Outcome: Warn, Resource: r.resource(),
					Message: r.label() + " of tenant " + t.Name + " has no task role, so its permissions cannot be scoped to the tenant", Evidence: ev,
					Remediation: "give each tenant's task definitions a tenant-specific task role"})
				continue
			}
			if byRole[r.TD.TaskRoleARN] == nil {
				byRole[r.TD.TaskRoleARN] = map[string][]string{}
			}
			byRole[r.TD.TaskRoleARN][t.Name] = append(byRole[r.TD.TaskRoleARN][t.Name], r.Svc.Name)
		}
	}
	for _, role := range slices.Sorted(maps.Keys(byRole)) {
		ts := byRole[role]
		var parts []string
		for _, tn := range slices.Sorted(maps.Keys(ts)) {
			parts = append(parts, tn+" ("+strings.Join(ts[tn], ", ")+")")
		}
		if len(ts) > 1 {
			fs = append(fs, Finding{Outcome: Fail, Resource: role,
				Message:     "task role " + role + " is shared by tenants " + strings.Join(parts, ", "),
				Evidence:    ev,
				Remediation: "create one task role per tenant, scoped to that tenant's resources (e.g. with tenant tags in conditions), and use it in that tenant's task definitions"})
			continue
		}
		fs = append(fs, Finding{Outcome: Pass, Resource: role,
			Message: "task role " + role + " is used by one tenant only: " + parts[0], Evidence: ev})
	}
	return fs
}

func checkTenantNamespaces(in *Input) []Finding {
	const ev = "case.yaml tenants[].namespace; servicediscovery:ListNamespaces; ecs:DescribeServices serviceConnectConfiguration.namespace"
	var fs []Finding
	byNS := map[string][]string{}
	type tenantNS struct {
		tenant string
		ns     []string
	}
	var order []tenantNS
	for _, t := range tenants(in) {
		var nss []string
		if t.Namespace != "" {
			known := false
			for _, rv := range in.Regions {
				for _, n := range rv.Region.Namespaces {
					if n.Name == t.Namespace || n.ID == t.Namespace || n.ARN == t.Namespace {
						known = true
					}
				}
			}
			if !known {
				fs = append(fs, Finding{Outcome: Warn, Resource: "tenant " + t.Name,
					Message: "tenant " + t.Name + " declares Cloud Map namespace " + t.Namespace + ", which is not in the inventory", Evidence: ev,
					Remediation: "create the namespace (aws servicediscovery create-private-dns-namespace or an HTTP namespace) or correct tenants[].namespace"})
			}
			nss = append(nss, t.Namespace)
		} else {
			found, _ := tenantServices(in, t)
			for _, r := range found {
				if sc := r.Svc.ServiceConnect; sc != nil && sc.Enabled && sc.Namespace != "" {
					nss = append(nss, sc.Namespace)
				}
			}
			slices.Sort(nss)
			nss = slices.Compact(nss)
		}
		if len(nss) == 0 {
			fs = append(fs, Finding{Outcome: Warn, Resource: "tenant " + t.Name,
				Message: "tenant " + t.Name + " has no Cloud Map namespace of its own (none declared, none used through Service Connect)", Evidence: ev,
				Remediation: "give each tenant its own Cloud Map namespace and set it in tenants[].namespace"})
			continue
		}
		for _, n := range nss {
			byNS[n] = append(byNS[n], t.Name)
		}
		order = append(order, tenantNS{t.Name, nss})
	}
	for _, o := range order {
		var shared []string
		for _, n := range o.ns {
			if len(byNS[n]) > 1 {
				shared = append(shared, n+" (with "+strings.Join(slices.DeleteFunc(slices.Clone(byNS[n]), func(s string) bool { return s == o.tenant }), ", ")+")")
			}
		}
		if len(shared) > 0 {
			fs = append(fs, Finding{Outcome: Warn, Resource: "tenant " + o.tenant,
				Message: "tenant " + o.tenant + " shares Cloud Map namespaces with other tenants: " + strings.Join(shared, "; "), Evidence: ev,
				Remediation: "use one namespace per tenant so service discovery does not cross tenant boundaries"})
			continue
		}
		fs = append(fs, Finding{Outcome: Pass, Resource: "tenant " + o.tenant,
			Message: "tenant " + o.tenant + " has its own namespace: " + strings.Join(o.ns, ", "), Evidence: ev})
	}
	return fs
}

func checkTenantLimits(in *Input) []Finding {
	const ev = "ecs:DescribeTaskDefinition cpu, memory, containerDefinitions[].memory"
	var fs []Finding
	for _, t := range tenants(in) {
		found, _ := tenantServices(in, t)
		for _, r := range found {
			f := Finding{Resource: r.resource(), Evidence: ev}
			switch {
			case r.TD == nil:
				f.Outcome, f.Message = Warn, r.label()+" of tenant "+t.Name+" uses task definition "+r.Svc.TaskDefinition+", which is not in the inventory"
				f.Remediation = "collect the task definition so its resource quotas can be shown"
			case r.TD.CPU != "" && r.TD.Memory != "":
				f.Outcome, f.Message = Pass, fmt.Sprintf("%s of tenant %s is limited to %s CPU units and %s MiB per task (%s:%d)", r.label(), t.Name, r.TD.CPU, r.TD.Memory, r.TD.Family, r.TD.Revision)
			default:
				limited := len(r.TD.Containers) > 0
				for _, c := range r.TD.Containers {
					if c.Memory == 0 {
						limited = false
					}
				}
				if limited {
					f.Outcome, f.Message = Warn, fmt.Sprintf("%s of tenant %s has container memory limits but no task-level cpu and memory (%s:%d)", r.label(), t.Name, r.TD.Family, r.TD.Revision)
				} else {
					f.Outcome, f.Message = Fail, fmt.Sprintf("%s of tenant %s sets no task-level cpu/memory and not every container has a hard memory limit (%s:%d): one tenant can starve the others", r.label(), t.Name, r.TD.Family, r.TD.Revision)
				}
				f.Remediation = "set task-level cpu and memory (the resource quota) in the tenant's task definitions"
			}
			fs = append(fs, f)
		}
	}
	return fs
}

func checkTenantIsolation(in *Input) []Finding {
	const ev = "case.yaml tenants[].isolation; ecs:DescribeServices clusterArn"
	clusterTenants := map[string][]string{}
	found := map[string][]svcRef{}
	for _, t := range tenants(in) {
		rs, _ := tenantServices(in, t)
		found[t.Name] = rs
		seen := map[string]bool{}
		for _, r := range rs {
			if !seen[r.Cluster.ARN] {
				seen[r.Cluster.ARN] = true
				clusterTenants[r.Cluster.ARN] = append(clusterTenants[r.Cluster.ARN], t.Name)
			}
		}
	}
	var fs []Finding
	for _, t := range tenants(in) {
		if t.Isolation != "hard" {
			continue
		}
		var shared []string
		for _, r := range found[t.Name] {
			if len(clusterTenants[r.Cluster.ARN]) > 1 {
				shared = append(shared, r.Cluster.Name+" (with "+strings.Join(slices.DeleteFunc(slices.Clone(clusterTenants[r.Cluster.ARN]), func(s string) bool { return s == t.Name }), ", ")+")")
			}
		}
		slices.Sort(shared)
		shared = slices.Compact(shared)
		if len(shared) > 0 {
			fs = append(fs, Finding{Outcome: Warn, Resource: "tenant " + t.Name,
				Message: "tenant " + t.Name + " is declared hard-isolated but shares clusters with other tenants: " + strings.Join(shared, "; "), Evidence: ev,
				Remediation: "give hard-isolated tenants their own cluster (or account), or declare the isolation as soft and explain the controls used"})
		} else if len(found[t.Name]) > 0 {
			fs = append(fs, Finding{Outcome: Pass, Resource: "tenant " + t.Name,
				Message: "hard-isolated tenant " + t.Name + " has clusters of its own", Evidence: ev})
		}
	}
	return fs
}
