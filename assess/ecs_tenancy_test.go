package assess

import (
	"testing"

	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/inventory"
)

// fxTenants is fxWeb with a second service "api" (own task definition and
// role) in the same cluster, tenant a running web and tenant b running api.
func fxTenants() inventory.Region {
	r := fxWeb()
	td := fxTD("eu-west-1", "api", 1)
	r.ECS.TaskDefinitions = append(r.ECS.TaskDefinitions, td)
	s := fxService("api", td.ARN, 2, "subnet-a", "subnet-b")
	s.ClusterARN = r.ECS.Clusters[0].ARN
	s.ARN = "arn:aws:ecs:eu-west-1:" + fxAcct + ":service/prod/api"
	r.ECS.Clusters[0].Services = append(r.ECS.Clusters[0].Services, s)
	r.Namespaces = []inventory.Namespace{{ID: "ns-a", Name: "a.local", Type: "DNS_PRIVATE"}, {ID: "ns-b", Name: "b.local", Type: "DNS_PRIVATE"}}
	return r
}

func withTenants(ts ...evidence.Tenant) func(*evidence.CaseStudy) {
	return func(cs *evidence.CaseStudy) { cs.Tenants = ts }
}

func TestTenancy(t *testing.T) {
	a := evidence.Tenant{Name: "a", Services: []string{"web"}, Namespace: "a.local"}
	b := evidence.Tenant{Name: "b", Services: []string{"prod/api"}, Namespace: "b.local"}
	for _, tc := range []struct {
		name    string
		edit    func(r *inventory.Region)
		tenants []evidence.Tenant
		want    []fxExpect
	}{
		{"clean soft isolation", func(r *inventory.Region) {}, []evidence.Tenant{a, b}, []fxExpect{
			{"ECS-023.task-roles", Pass, "web-task"}, {"ECS-023.task-roles", Pass, "api-task"},
			{"ECS-023.namespaces", Pass, "tenant a"}, {"ECS-023.resource-limits", Pass, "service/prod/api"}}},
		{"shared task role fails", func(r *inventory.Region) {
			r.ECS.TaskDefinitions[1].TaskRoleARN = r.ECS.TaskDefinitions[0].TaskRoleARN
		}, []evidence.Tenant{a, b}, []fxExpect{{"ECS-023.task-roles", Fail, "role/web-task"}}},
		{"shared namespace warns for both", func(r *inventory.Region) {}, []evidence.Tenant{a, {Name: "b", Services: []string{"api"}, Namespace: "a.local"}},
			[]fxExpect{{"ECS-023.namespaces", Warn, "tenant a"}, {"ECS-023.namespaces", Warn, "tenant b"}}},
		{"unknown namespace and unknown service", func(r *inventory.Region) {}, []evidence.Tenant{a, {Name: "b", Services: []string{"api", "ghost"}, Namespace: "zz.local"}},
			[]fxExpect{{"ECS-023.namespaces", Warn, "tenant b"}, {"ECS-023.tenant-services", Warn, "tenant b"}}},
		{"namespace from Service Connect", func(r *inventory.Region) {
			r.ECS.Clusters[0].Services[1].ServiceConnect = &inventory.ServiceConnect{Enabled: true, Namespace: "b.local"}
		}, []evidence.Tenant{a, {Name: "b", Services: []string{"api"}}}, []fxExpect{{"ECS-023.namespaces", Pass, "tenant b"}}},
		{"no namespace at all", func(r *inventory.Region) {}, []evidence.Tenant{a, {Name: "b", Services: []string{"api"}}}, []fxExpect{{"ECS-023.namespaces", Warn, "tenant b"}}},
		{"no task-level limits fails", func(r *inventory.Region) {
			r.ECS.TaskDefinitions[1].CPU, r.ECS.TaskDefinitions[1].Memory = "", ""
		}, []evidence.Tenant{a, b}, []fxExpect{{"ECS-023.resource-limits", Fail, "service/prod/api"}}},
		{"container limits only warn", func(r *inventory.Region) {
			r.ECS.TaskDefinitions[1].CPU, r.ECS.TaskDefinitions[1].Memory = "", ""
			r.ECS.TaskDefinitions[1].Containers[0].Memory = 256
		}, []evidence.Tenant{a, b}, []fxExpect{{"ECS-023.resource-limits", Warn, "service/prod/api"}}},
		{"missing task role warns", func(r *inventory.Region) {
			r.ECS.TaskDefinitions[1].TaskRoleARN = ""
		}, []evidence.Tenant{a, b}, []fxExpect{{"ECS-023.task-roles", Warn, "service/prod/api"}}},
		{"hard tenant sharing a cluster", func(r *inventory.Region) {}, []evidence.Tenant{a, {Name: "b", Services: []string{"api"}, Namespace: "b.local", Isolation: "hard"}},
			[]fxExpect{{"ECS-023.isolation", Warn, "tenant b"}}},
		{"tenant without services", func(r *inventory.Region) {}, []evidence.Tenant{a, {Name: "c", Namespace: "b.local"}},
			[]fxExpect{{"ECS-023.tenant-services", Warn, "tenant c"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := fxTenants()
			tc.edit(&r)
			fxAssert(t, fxRun(fxInput(fxSnap(r), withTenants(tc.tenants...)), "ECS-023"), tc.want...)
		})
	}
}
