package diagram

import (
	"bytes"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

// TestDataStoresAreDrawn holds that the data stores and managed services
// the services reach (task role policies, injected secrets) and those the
// case study declares are drawn as their own nodes, with an edge from each
// service that uses them, and a declared web ACL on its load balancer.
func TestDataStoresAreDrawn(t *testing.T) {
	key := acct + "/" + region
	api := nodeID("service", key, arn("ecs", "service/prod/api"))
	web := nodeID("service", key, arn("ecs", "service/prod/web"))
	store := func(kind string) string { return nodeID("store", key, kind) }
	tests := []struct {
		name      string
		opts      Options
		mutate    func(*inventory.Region)
		labels    []string // in the DOT
		edges     []string // "from -> to"
		notLabels []string
	}{
		{name: "from the snapshot",
			labels: []string{"Amazon SQS", "shop-orders", "Amazon DynamoDB", "shop-carts", "Amazon S3", "shop-media",
				"AWS KMS keys", "key/k-shop", "AWS Secrets Manager secrets", "shop/db", "Data stores and managed services", "database (cylinder)"},
			edges:     []string{api + " -> " + store("sqs"), api + " -> " + store("dynamodb"), api + " -> " + store("secretsmanager")},
			notLabels: []string{"by-user", "Ab12Cd", "(declared)", "AWS WAF"}},
		{name: "declared: one the policies name by its id, one they do not",
			opts: Options{DataStores: []DataStore{
				{Name: "carts table", Kind: "dynamodb", ID: arn("dynamodb", "table/shop-carts")},
				{Name: "shop-aurora", Kind: "aurora", UsedBy: []string{"web", "api"}},
				{Name: "analytics-bus", Kind: "eventbridge"},
			}},
			labels:    []string{"carts table", "shop-aurora (declared)", "Amazon Aurora", "analytics-bus (declared)", "Amazon EventBridge"},
			edges:     []string{api + " -> " + store("dynamodb"), web + " -> " + store("aurora"), api + " -> " + store("aurora")},
			notLabels: []string{"shop-carts", "carts table (declared)"}},
		{name: "declared web ACL on its load balancer",
			opts:   Options{WebACLs: []WebACL{{Name: "shop-waf", LoadBalancers: []string{"prod-alb"}}, {Name: "elsewhere", LoadBalancers: []string{"other"}}}},
			labels: []string{"AWS WAF web ACL", "shop-waf"},
			edges: []string{nodeID("waf", key, "shop-waf") + " -> " +
				nodeID("lb", key, arn("elasticloadbalancing", "loadbalancer/app/prod-alb/3"))},
			notLabels: []string{"elsewhere"}},
		{name: "a web ACL read on the load balancer", mutate: func(r *inventory.Region) {
			r.ELB.LoadBalancers[0].WebACL = &inventory.WebACL{Name: "edge-acl", ARN: "arn:aws:wafv2:eu-west-1:1:regional/webacl/edge-acl/1"}
		}, labels: []string{"AWS WAF web ACL", "edge-acl", "read from AWS WAF"},
			edges:     []string{nodeID("waf", key, "edge-acl") + " -> " + nodeID("lb", key, arn("elasticloadbalancing", "loadbalancer/app/prod-alb/3"))},
			notLabels: []string{"declared in case.yaml"}},
		{name: "a web ACL both declared and read is drawn once, as declared", mutate: func(r *inventory.Region) {
			r.ELB.LoadBalancers[0].WebACL = &inventory.WebACL{Name: "shop-waf", ARN: "arn:aws:wafv2:eu-west-1:1:regional/webacl/shop-waf/1"}
		}, opts: Options{WebACLs: []WebACL{{Name: "shop-waf"}}},
			labels:    []string{"shop-waf", "declared in case.yaml"},
			edges:     []string{nodeID("waf", key, "shop-waf") + " -> " + nodeID("lb", key, arn("elasticloadbalancing", "loadbalancer/app/prod-alb/3"))},
			notLabels: []string{"read from AWS WAF"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			snap := smallSnapshot()
			if tt.mutate != nil {
				tt.mutate(&snap.Accounts[0].Regions[0])
			}
			ds, err := Plan(snap, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if len(ds) != 1 {
				t.Fatalf("%d pages, want the one architecture page", len(ds))
			}
			dot := ds[0].DOT
			for _, w := range tt.labels {
				if !bytes.Contains(dot, []byte(w)) {
					t.Errorf("%q is not drawn", w)
				}
			}
			for _, w := range tt.notLabels {
				if bytes.Contains(dot, []byte(w)) {
					t.Errorf("%q is drawn", w)
				}
			}
			for _, e := range tt.edges {
				if !bytes.Contains(dot, []byte(e)) {
					t.Errorf("no edge %s", e)
				}
			}
		})
	}
}

// TestDetailPagesDrawTheirServicesStores holds that a page of one ECS
// cluster draws only the stores its services use, and a declared store
// nobody uses only on the pages of the whole estate.
func TestDetailPagesDrawTheirServicesStores(t *testing.T) {
	ds, err := Plan(smallSnapshot(), Options{NodeBudget: 12, DataStores: []DataStore{{Name: "unused-bucket", Kind: "s3"},
		{Name: "web-cache", Kind: "elasticache", UsedBy: []string{"web"}}}})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, d := range ds {
		dot := string(d.DOT)
		summary := strings.HasPrefix(d.ID, "vpc-")
		if !summary && strings.Contains(dot, "unused-bucket") {
			t.Errorf("page %s (a cluster's) draws the unused declared bucket", d.ID)
		}
		hasAPI := strings.Contains(dot, ">api<")
		if strings.Contains(dot, "Amazon SQS") && !hasAPI && !summary {
			t.Errorf("page %s draws the api's queue without the api", d.ID)
		}
		if strings.Contains(dot, "web-cache") && !strings.Contains(dot, ">web<") && !summary {
			t.Errorf("page %s draws the web's cache without the web", d.ID)
		}
		for _, w := range []string{"unused-bucket", "Amazon SQS", "web-cache"} {
			seen[w] = seen[w] || strings.Contains(dot, w)
		}
	}
	for _, w := range []string{"unused-bucket", "Amazon SQS", "web-cache"} {
		if !seen[w] {
			t.Errorf("%q is drawn on no page", w)
		}
	}
}

// TestEmptyVPCNotDrawn holds that a VPC with no part of the workload (the
// default VPC every account and moto start with) is left out, and the
// legend says how many were.
func TestEmptyVPCNotDrawn(t *testing.T) {
	snap := smallSnapshot()
	r := &snap.Accounts[0].Regions[0]
	r.Network.VPCs = append(r.Network.VPCs, inventory.VPC{ID: "vpc-default", CIDR: "172.31.0.0/16", IsDefault: true},
		inventory.VPC{ID: "vpc-spare", CIDR: "10.9.0.0/16"})
	r.Network.Subnets = append(r.Network.Subnets, inventory.Subnet{ID: "subnet-default-a", VPCID: "vpc-default", AvailabilityZone: "eu-west-1a", CIDR: "172.31.0.0/20"})
	for _, budget := range []int{0, 12} {
		ds, err := Plan(snap, Options{NodeBudget: budget})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range ds {
			dot := string(d.DOT)
			for _, w := range []string{"vpc-default", "subnet-default-a", "vpc-spare"} {
				if strings.Contains(dot, w) {
					t.Errorf("budget %d, page %s: the empty VPC's %s is drawn", budget, d.ID, w)
				}
			}
			if !strings.HasPrefix(d.ID, "cluster-") && !strings.Contains(dot, "2 VPCs with no ECS cluster, service, task, load balancer or data store not drawn") {
				t.Errorf("budget %d, page %s: the legend does not say two VPCs were left out", budget, d.ID)
			}
		}
	}
}

// TestSecurityGroupsOnTheTrafficPath holds that the security groups that
// let the traffic in are drawn where it flows: the load balancer's groups
// open to the internet on its card, the service's groups that admit the
// load balancer on its target group's card; a group admitting only other
// sources is not named.
func TestSecurityGroupsOnTheTrafficPath(t *testing.T) {
	snap := smallSnapshot()
	r := &snap.Accounts[0].Regions[0]
	r.Network.SecurityGroups = []inventory.SecurityGroup{
		{ID: "sg-alb", Ingress: []inventory.SecurityRule{{Protocol: "tcp", FromPort: 443, ToPort: 443, CIDR: "0.0.0.0/0"},
			{Protocol: "tcp", FromPort: 80, ToPort: 80, CIDR: "10.0.0.0/8"}}},
		{ID: "sg-web", Ingress: []inventory.SecurityRule{{Protocol: "tcp", FromPort: 8080, ToPort: 8080, SourceGroup: "sg-alb"}}},
		{ID: "sg-api", Ingress: []inventory.SecurityRule{{Protocol: "tcp", FromPort: 9000, ToPort: 9000, SourceGroup: "sg-bastion"}}},
	}
	r.ELB.LoadBalancers[0].SecurityGroups = []string{"sg-alb"}
	svcs := r.ECS.Clusters[0].Services // prod: web and api
	for i := range svcs {
		switch svcs[i].Name {
		case "web":
			svcs[i].Network.SecurityGroups = []string{"sg-web"}
		case "api":
			svcs[i].Network.SecurityGroups = []string{"sg-api"}
		}
	}
	ds, err := Plan(snap, Options{})
	if err != nil {
		t.Fatal(err)
	}
	dot := string(ds[0].DOT)
	for _, w := range []string{"internet allowed by sg-alb :443", "allowed in by sg-web :8080"} {
		if !strings.Contains(dot, w) {
			t.Errorf("%q is not drawn", w)
		}
	}
	for _, w := range []string{"sg-alb :80", "sg-api"} {
		if strings.Contains(dot, w) {
			t.Errorf("%q is drawn, but allows no traffic on the path", w)
		}
	}
}
