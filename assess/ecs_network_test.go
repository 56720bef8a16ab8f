package assess

import (
	"strconv"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

func TestTLSPolicyClass(t *testing.T) {
	for _, tc := range []struct{ policy, want string }{
		{"ELBSecurityPolicy-TLS13-1-2-2021-06", "modern"},
		{"ELBSecurityPolicy-TLS13-1-3-2021-06", "modern"},
		{"ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04", "modern"},
		{"ELBSecurityPolicy-TLS-1-2-2017-01", "modern"},
		{"ELBSecurityPolicy-TLS-1-2-Ext-2018-06", "modern"},
		{"ELBSecurityPolicy-FS-1-2-Res-2020-10", "modern"},
		{"ELBSecurityPolicy-2016-08", "legacy"},
		{"ELBSecurityPolicy-2015-05", "legacy"},
		{"ELBSecurityPolicy-TLS-1-1-2017-01", "legacy"},
		{"ELBSecurityPolicy-TLS13-1-0-2021-06", "legacy"},
		{"ELBSecurityPolicy-TLS13-1-1-2021-06", "legacy"},
		{"ELBSecurityPolicy-FS-2018-06", "legacy"},
		{"ELBSecurityPolicy-FS-1-1-2019-08", "legacy"},
		{"", "unknown"},
		{"my-custom-policy", "unknown"},
	} {
		if got := tlsPolicyClass(tc.policy); got != tc.want {
			t.Errorf("tlsPolicyClass(%q) = %s, want %s", tc.policy, got, tc.want)
		}
	}
}

func TestListenerTLS(t *testing.T) {
	const reg = "eu-west-1"
	tg := "arn:aws:elasticloadbalancing:eu-west-1:" + fxAcct + ":targetgroup/web-tg/abc"
	for _, tc := range []struct {
		name string
		edit func(r *inventory.Region)
		want []fxExpect
	}{
		{"clean redirect and TLS 1.3", func(r *inventory.Region) {}, nil},
		{"HTTP listener forwards on internet-facing ALB", func(r *inventory.Region) {
			r.ELB.LoadBalancers[0].Listeners[0].DefaultActions = []inventory.Action{{Type: "forward", TargetGroups: []string{tg}}}
		}, []fxExpect{{"ECS-015.listener-tls", Fail, "web-alb/123/l80"}}},
		{"HTTP forwards through a rule only", func(r *inventory.Region) {
			r.ELB.LoadBalancers[0].Listeners[0].Rules = []inventory.Rule{{ARN: "rule-1", Priority: "1", Actions: []inventory.Action{{Type: "forward", TargetGroups: []string{tg}}}}}
		}, []fxExpect{{"ECS-015.listener-tls", Fail, "l80"}}},
		{"internal ALB forwarding HTTP warns", func(r *inventory.Region) {
			r.ELB.LoadBalancers[0].Scheme = "internal"
			r.ELB.LoadBalancers[0].Listeners[0].DefaultActions = []inventory.Action{{Type: "forward", TargetGroups: []string{tg}}}
		}, []fxExpect{{"ECS-015.listener-tls", Warn, "l80"}}},
		{"legacy TLS policy fails", func(r *inventory.Region) {
			r.ELB.LoadBalancers[0].Listeners[1].SSLPolicy = "ELBSecurityPolicy-2016-08"
		}, []fxExpect{{"ECS-015.listener-tls", Fail, "l443"}}},
		{"NLB TLS listener with TLS 1.0 policy fails", func(r *inventory.Region) {
			r.ELB.LoadBalancers = append(r.ELB.LoadBalancers, inventory.LoadBalancer{ARN: "arn:nlb/net/api-nlb/1", Name: "api-nlb", Type: "network", Scheme: "internet-facing",
				Listeners: []inventory.Listener{{ARN: "arn:nlb/net/api-nlb/1/tls", Protocol: "TLS", Port: 443, SSLPolicy: "ELBSecurityPolicy-TLS13-1-0-2021-06"},
					{ARN: "arn:nlb/net/api-nlb/1/tcp", Protocol: "TCP", Port: 5432}}})
		}, []fxExpect{{"ECS-015.listener-tls", Fail, "api-nlb/1/tls"}}},
		{"missing policy warns", func(r *inventory.Region) {
			r.ELB.LoadBalancers[0].Listeners[1].SSLPolicy = ""
		}, []fxExpect{{"ECS-015.listener-tls", Warn, "l443"}}},
		{"redirect to HTTP warns", func(r *inventory.Region) {
			r.ELB.LoadBalancers[0].Listeners[0].DefaultActions[0].RedirectProtocol = "HTTP"
		}, []fxExpect{{"ECS-015.listener-tls", Warn, "l80"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := fxWeb()
			tc.edit(&r)
			fs := fxRunCheck(t, fxInput(fxSnap(r)), "ECS-015.listener-tls")
			fxAssert(t, fs, tc.want...)
			if len(tc.want) == 0 && !fxHas(fs, fxExpect{"ECS-015.listener-tls", Pass, "l443"}) {
				t.Errorf("clean HTTPS listener not passed:\n%s", fxDump(fs))
			}
		})
	}
	_ = reg
}

func TestListenerTLSForwardMessageNamesLBAndTargetGroup(t *testing.T) {
	r := fxWeb()
	r.ELB.LoadBalancers[0].Listeners[0].DefaultActions = []inventory.Action{{Type: "forward", TargetGroups: []string{r.ELB.TargetGroups[0].ARN}}}
	for _, f := range fxRunCheck(t, fxInput(fxSnap(r)), "ECS-015.listener-tls") {
		if f.Outcome == Fail {
			if !strings.Contains(f.Message, "web-alb") || !strings.Contains(f.Message, "web-tg") || !strings.Contains(f.Message, "HTTP:80") {
				t.Errorf("message should name listener, load balancer and target group: %s", f.Message)
			}
			return
		}
	}
	t.Fatal("no fail")
}

func TestNetworkEmptyInventory(t *testing.T) {
	in := fxInput(nil)
	for _, control := range []string{"ECS-015", "ECS-016", "ECS-017"} {
		fs := fxRun(in, control)
		hasWarn := false
		for _, f := range fs {
			if f.Outcome == Warn || f.Outcome == Fail {
				hasWarn = true
			}
			if f.Outcome == Pass {
				t.Errorf("%s: empty inventory passes: %s", control, f.Message)
			}
		}
		if !hasWarn {
			t.Errorf("%s: empty inventory gives no warning:\n%s", control, fxDump(fs))
		}
	}
}

func TestServiceExposure(t *testing.T) {
	r := fxWeb()
	fs := fxRunCheck(t, fxInput(fxSnap(r)), "ECS-015.exposure")
	fxAssert(t, fs, fxExpect{"ECS-015.exposure", Info, "service/prod/web"})
	if !strings.Contains(fs[0].Message, "HTTPS:443 on internet-facing application load balancer web-alb") {
		t.Errorf("exposure should name the listener: %s", fs[0].Message)
	}
}

func TestSubnetIPs(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(r *inventory.Region)
		want []fxExpect
	}{
		{"plenty of IPs", func(r *inventory.Region) {}, []fxExpect{{"ECS-016.subnet-ips", Pass, "web"}}},
		{"not enough for a deployment", func(r *inventory.Region) {
			r.ECS.Clusters[0].Services[0].DesiredCount = 10
			r.Network.Subnets[0].AvailableIPs = 4
			r.Network.Subnets[1].AvailableIPs = 3
		}, []fxExpect{{"ECS-016.subnet-ips", Fail, "service/prod/web"}}},
		{"under twice the peak warns", func(r *inventory.Region) {
			r.ECS.Clusters[0].Services[0].DesiredCount = 10
			r.Network.Subnets[0].AvailableIPs = 15
			r.Network.Subnets[1].AvailableIPs = 10
		}, []fxExpect{{"ECS-016.subnet-ips", Warn, "service/prod/web"}}},
		{"maximumPercent 100 needs no surge", func(r *inventory.Region) {
			s := &r.ECS.Clusters[0].Services[0]
			s.DesiredCount, s.Deployment.MaximumPercent = 10, 100
			r.Network.Subnets[0].AvailableIPs, r.Network.Subnets[1].AvailableIPs = 0, 0
		}, []fxExpect{{"ECS-016.subnet-ips", Warn, "service/prod/web"}}},
		{"unknown subnets", func(r *inventory.Region) {
			r.ECS.Clusters[0].Services[0].Network.Subnets = []string{"subnet-x"}
		}, []fxExpect{{"ECS-016.subnet-ips", Warn, "web"}, {"ECS-016.subnet-spread", Warn, "web"}}},
		{"single subnet", func(r *inventory.Region) {
			r.ECS.Clusters[0].Services[0].Network.Subnets = []string{"subnet-a"}
		}, []fxExpect{{"ECS-016.subnet-spread", Warn, "service/prod/web"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := fxWeb()
			tc.edit(&r)
			fs := fxRun(fxInput(fxSnap(r)), "ECS-016")
			fxAssert(t, fs, tc.want...)
		})
	}
}

func TestSubnetIPsBridgeOnly(t *testing.T) {
	r := fxWeb()
	r.ECS.Clusters[0].Services[0].Network = nil
	r.ECS.TaskDefinitions[0].NetworkMode = "bridge"
	fs := fxRun(fxInput(fxSnap(r)), "ECS-016")
	fxAssert(t, fs, fxExpect{"ECS-016.subnet-ips", Info, "none of the 1 services"})
}

func TestTrunking(t *testing.T) {
	ec2 := func(r *inventory.Region) { r.ECS.Clusters[0].Services[0].LaunchType = "EC2" }
	for _, tc := range []struct {
		name string
		edit func(r *inventory.Region)
		want []fxExpect
	}{
		{"Fargate only", func(r *inventory.Region) {}, []fxExpect{{"ECS-016.trunking", Info, "eu-west-1"}}},
		{"EC2 without setting", ec2, []fxExpect{{"ECS-016.trunking", Warn, "eu-west-1"}}},
		{"EC2 trunking disabled", func(r *inventory.Region) {
			ec2(r)
			r.ECS.AccountSettings = []inventory.AccountSetting{{Name: "awsvpcTrunking", Value: "disabled"}}
		}, []fxExpect{{"ECS-016.trunking", Warn, "eu-west-1"}}},
		{"EC2 trunking enabled", func(r *inventory.Region) {
			ec2(r)
			r.ECS.AccountSettings = []inventory.AccountSetting{{Name: "awsvpcTrunking", Value: "enabled", PrincipalARN: "arn:aws:iam::1:root"}}
		}, []fxExpect{{"ECS-016.trunking", Pass, "eu-west-1"}}},
		{"capacity provider strategy counts as EC2", func(r *inventory.Region) {
			s := &r.ECS.Clusters[0].Services[0]
			s.LaunchType = ""
			s.CapacityProviderStrategy = []inventory.CapacityProviderItem{{CapacityProvider: "asg-cp", Weight: 1}}
		}, []fxExpect{{"ECS-016.trunking", Warn, "eu-west-1"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := fxWeb()
			tc.edit(&r)
			fxAssert(t, fxRunCheck(t, fxInput(fxSnap(r)), "ECS-016.trunking"), tc.want...)
		})
	}
}

func TestServiceDiscovery(t *testing.T) {
	twoServices := func(r *inventory.Region) {
		td := r.ECS.TaskDefinitions[0].ARN
		s := fxService("api", td, 2, "subnet-a", "subnet-b")
		s.ClusterARN = r.ECS.Clusters[0].ARN
		s.ARN = "arn:aws:ecs:eu-west-1:" + fxAcct + ":service/prod/api"
		r.ECS.Clusters[0].Services = append(r.ECS.Clusters[0].Services, s)
	}
	for _, tc := range []struct {
		name string
		edit func(r *inventory.Region)
		want []fxExpect
	}{
		{"single service", func(r *inventory.Region) {}, nil},
		{"two services, only internet-facing LB", twoServices, []fxExpect{{"ECS-017.service-discovery", Warn, "cluster/prod"}}},
		{"two services with Service Connect", func(r *inventory.Region) {
			twoServices(r)
			r.ECS.Clusters[0].Services[1].ServiceConnect = &inventory.ServiceConnect{Enabled: true, Namespace: "prod.local"}
		}, []fxExpect{{"ECS-017.service-discovery", Pass, "cluster/prod"}}},
		{"two services with Cloud Map registries", func(r *inventory.Region) {
			twoServices(r)
			r.ECS.Clusters[0].Services[0].ServiceRegistries = []string{"arn:aws:servicediscovery:eu-west-1:1:service/srv-1"}
			r.Namespaces = []inventory.Namespace{{ID: "ns-1", Name: "prod.local", Type: "DNS_PRIVATE", ServiceCount: 1}}
		}, []fxExpect{{"ECS-017.service-discovery", Pass, "cluster/prod"}, {"ECS-017.service-discovery", Info, "eu-west-1"}}},
		{"two services with an internal LB", func(r *inventory.Region) {
			twoServices(r)
			r.ELB.LoadBalancers = append(r.ELB.LoadBalancers, inventory.LoadBalancer{ARN: "arn:int", Name: "int-alb", Type: "application", Scheme: "internal"})
		}, []fxExpect{{"ECS-017.service-discovery", Info, "cluster/prod"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := fxWeb()
			tc.edit(&r)
			fxAssert(t, fxRunCheck(t, fxInput(fxSnap(r)), "ECS-017.service-discovery"), tc.want...)
		})
	}
}

func TestVPCEndpoints(t *testing.T) {
	r := fxWeb()
	fxAssert(t, fxRunCheck(t, fxInput(fxSnap(r)), "ECS-017.vpc-endpoints"), fxExpect{"ECS-017.vpc-endpoints", Info, "vpc-1"})
	for _, s := range []string{"ecr.api", "ecr.dkr", "s3", "logs"} {
		r.Network.VPCEndpoints = append(r.Network.VPCEndpoints, inventory.VPCEndpoint{ID: "vpce-" + s, VPCID: "vpc-1", ServiceName: "com.amazonaws.eu-west-1." + s, State: "available"})
	}
	fxAssert(t, fxRunCheck(t, fxInput(fxSnap(r)), "ECS-017.vpc-endpoints"), fxExpect{"ECS-017.vpc-endpoints", Pass, "vpc-1"})
}

func TestBoundFindings(t *testing.T) {
	var fs []Finding
	for i := range 120 {
		fs = append(fs, Finding{Check: "X.y", Outcome: Pass, Resource: "arn:aws:ecs:r:1:service/c/s" + strconv.Itoa(i), Message: "ok", Evidence: "e"})
	}
	fs = append(fs, Finding{Check: "X.y", Outcome: Fail, Resource: "bad", Message: "bad", Evidence: "e"})
	out := boundFindings(fs)
	if len(out) != 2 {
		t.Fatalf("want 2 findings, got %d:\n%s", len(out), fxDump(out))
	}
	if out[0].Outcome != Pass || !strings.HasPrefix(out[0].Message, "120 resources pass") || out[1].Outcome != Fail {
		t.Errorf("unexpected folding:\n%s", fxDump(out))
	}
}

func TestServicesInSeveralAccountsAndRegions(t *testing.T) {
	a := fxWeb()
	b := fxWeb()
	b.Name = "us-east-1"
	b.ECS.Clusters[0].Services[0].DesiredCount = 50
	b.Network.Subnets[0].AvailableIPs, b.Network.Subnets[1].AvailableIPs = 10, 10
	snap := fxSnap(a)
	snap.Accounts = append(snap.Accounts, inventory.Account{ID: "222222222222", Regions: []inventory.Region{b}})
	fs := fxRunCheck(t, fxInput(snap), "ECS-016.subnet-ips")
	fails, passes := 0, 0
	for _, f := range fs {
		switch f.Outcome {
		case Fail:
			fails++
		case Pass:
			passes++
		}
	}
	if fails != 1 || passes != 1 {
		t.Errorf("want one fail (second account) and one pass:\n%s", fxDump(fs))
	}
}
