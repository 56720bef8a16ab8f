package evidence_test

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/evidence"
)

// TestArchitectureKey loads the minimal casefile with an architecture key
// (its snapshot holds no service and no load balancer) and expects each
// mistake reported at its line with what was expected.
func TestArchitectureKey(t *testing.T) {
	// Lines 10- of cs-a/case.yaml.
	const head = "architecture:\n  data_stores:\n"
	tests := []struct {
		name, yaml string
		line       int // 0: loads
		msg        string
	}{
		{name: "a store with a kind and an id, no users",
			yaml: head + "    - name: orders-db\n      kind: aurora\n      id: cluster-ABC\n"},
		{name: "an unknown kind",
			yaml: head + "    - name: orders-db\n      kind: postgres\n",
			line: 13, msg: `architecture.data_stores[0].kind "postgres": expected one of aurora, dynamodb`},
		{name: "no name",
			yaml: head + "    - kind: sqs\n",
			line: 12, msg: "architecture.data_stores[0]: expected a name"},
		{name: "a user that is no service of the snapshot",
			yaml: head + "    - name: q\n      kind: sqs\n      used_by: [web, api]\n",
			line: 14, msg: `architecture.data_stores[0].used_by "web": expected the name of an ECS service in the case study's inventory`},
		{name: "a web ACL on a load balancer the snapshot lacks",
			yaml: "architecture:\n  web_acls:\n    - name: waf\n      load_balancers:\n        - public-alb\n",
			line: 14, msg: `architecture.web_acls[0].load_balancers "public-alb": expected the name of a load balancer`},
		{name: "a web ACL protecting nothing",
			yaml: "architecture:\n  web_acls:\n    - name: waf\n",
			line: 12, msg: "architecture.web_acls[0]: expected load_balancers"},
		{name: "an unknown setting",
			yaml: head + "    - name: q\n      kind: sqs\n      notes: x\n",
			line: 14, msg: `unknown setting "notes"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyMinimal(t)
			appendTo(t, dir, "cs-a/case.yaml", tt.yaml)
			cf, _, err := evidence.Load(dir)
			if tt.line == 0 {
				if err != nil {
					t.Fatal(err)
				}
				want := []evidence.DeclaredStore{{Name: "orders-db", Kind: "aurora", ID: "cluster-ABC"}}
				if got := cf.CaseStudies[0].Architecture.DataStores; !reflect.DeepEqual(got, want) {
					t.Errorf("data stores = %+v, want %+v", got, want)
				}
				return
			}
			var ee *evidence.Error
			if !errors.As(err, &ee) {
				t.Fatalf("err = %v, want problems", err)
			}
			if !slices.ContainsFunc(ee.Problems, func(p evidence.Problem) bool {
				return strings.HasSuffix(p.File, "case.yaml") && p.Line == tt.line && strings.Contains(p.Msg, tt.msg)
			}) {
				t.Errorf("no problem at case.yaml:%d containing %q; got:\n%v", tt.line, tt.msg, err)
			}
		})
	}
}
