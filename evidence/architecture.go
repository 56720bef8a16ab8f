package evidence

import (
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/internal/yamlpos"
	"github.com/ecspack/ecspack/inventory"
)

// Architecture is what the architecture diagrams must show that discovery
// cannot see (case.yaml `architecture:`): data stores and managed services
// outside the read-only APIs ecspack calls, and AWS WAF web ACLs. Stores a
// task role's policy names are found without it; declaring one with its id
// gives it a readable name on the diagram.
type Architecture struct {
	DataStores []DeclaredStore  `yaml:"data_stores"`
	WebACLs    []DeclaredWebACL `yaml:"web_acls"`
}

// DeclaredStore is one data store or managed service the workload uses.
type DeclaredStore struct {
	// Name is what the diagram prints, e.g. "cth-prod-aurora (PostgreSQL)".
	Name string `yaml:"name"`
	// Kind is one of estate.ResourceKinds: aurora, rds, dynamodb, s3, sqs,
	// sns, eventbridge, elasticache, kinesis, firehose, opensearch, kms,
	// secretsmanager, ssm-parameter.
	Kind string `yaml:"kind"`
	// ID is how a task role's policy names the store, when it does: its
	// name, ARN or resource id (an Aurora cluster's "cluster-…").
	ID string `yaml:"id"`
	// UsedBy are the names of the ECS services that use it.
	UsedBy []string `yaml:"used_by"`
}

// DeclaredWebACL is an AWS WAF web ACL and the load balancers it protects.
type DeclaredWebACL struct {
	Name string `yaml:"name"`
	// LoadBalancers are load balancer names in the case study's snapshot.
	LoadBalancers []string `yaml:"load_balancers"`
}

// validateArchitecture checks the architecture key: every store has a name
// and a known kind, and every service and load balancer named is in the
// case study's snapshot (when it was read), so a typo cannot silently
// leave an edge off the diagram.
func validateArchitecture(cs *CaseStudy, root *yaml.Node, ps *problems) {
	arch := yamlpos.Value(root, "architecture")
	item := func(key string, i int) *yaml.Node {
		if seq := yamlpos.Value(arch, key); seq != nil && seq.Kind == yaml.SequenceNode && i < len(seq.Content) {
			return seq.Content[i]
		}
		return nil
	}
	line := func(n *yaml.Node, key string) int {
		if v := yamlpos.Value(n, key); v != nil {
			return v.Line
		}
		if n != nil {
			return n.Line
		}
		return yamlpos.Line(root, "architecture")
	}
	services, lbs := snapshotNames(cs.Inventory)
	kinds := estate.ResourceKinds()
	for i, d := range cs.Architecture.DataStores {
		n := item("data_stores", i)
		if strings.TrimSpace(d.Name) == "" {
			ps.add(cs.File, line(n, "name"), "architecture.data_stores[%d]: expected a name", i)
		}
		if !slices.Contains(kinds, estate.ResourceKind(d.Kind)) {
			ps.add(cs.File, line(n, "kind"), "architecture.data_stores[%d].kind %q: expected one of %s", i, d.Kind, kindList(kinds))
		}
		for j, s := range d.UsedBy {
			if services != nil && !services[s] {
				ps.add(cs.File, yamlpos.ItemLine(n, "used_by", j), "architecture.data_stores[%d].used_by %q: expected the name of an ECS service in the case study's inventory", i, s)
			}
		}
	}
	for i, w := range cs.Architecture.WebACLs {
		n := item("web_acls", i)
		if strings.TrimSpace(w.Name) == "" {
			ps.add(cs.File, line(n, "name"), "architecture.web_acls[%d]: expected a name", i)
		}
		if len(w.LoadBalancers) == 0 {
			ps.add(cs.File, line(n, "load_balancers"), "architecture.web_acls[%d]: expected load_balancers, the names of the load balancers it protects", i)
		}
		for j, lb := range w.LoadBalancers {
			if lbs != nil && !lbs[lb] {
				ps.add(cs.File, yamlpos.ItemLine(n, "load_balancers", j), "architecture.web_acls[%d].load_balancers %q: expected the name of a load balancer in the case study's inventory", i, lb)
			}
		}
	}
}

// snapshotNames are the ECS service and load balancer names of a snapshot;
// both nil when there is none (its own errors are reported elsewhere).
func snapshotNames(snap *inventory.Snapshot) (services, lbs map[string]bool) {
	if snap == nil {
		return nil, nil
	}
	services, lbs = map[string]bool{}, map[string]bool{}
	for _, a := range snap.Accounts {
		for _, r := range a.Regions {
			for _, c := range r.ECS.Clusters {
				for _, s := range c.Services {
					services[s.Name] = true
				}
			}
			for _, lb := range r.ELB.LoadBalancers {
				lbs[lb.Name] = true
			}
		}
	}
	return services, lbs
}

func kindList(kinds []estate.ResourceKind) string {
	s := make([]string, len(kinds))
	for i, k := range kinds {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}
