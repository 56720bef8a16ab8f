package assess

import (
	"fmt"
	"testing"

	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/inventory"
)

func TestSecurityChecks(t *testing.T) {
	all := []string{"ECS-010", "ECS-011"}
	webRepo := "repository/web"
	ecsRunTable(t, all, []ecsCase{
		{name: "clean estate", clean: all, want: []ecsWant{
			{Pass, "ECS-010.registry", "web:3", "private Amazon ECR"},
			{Pass, "ECS-010.scanning", webRepo, "scan on push"},
			{Pass, "ECS-010.tag-immutability", webRepo, "IMMUTABLE"},
			{Pass, "ECS-010.image-scan-results", webRepo, "3f9c2ab"},
			{Pass, "ECS-010.image-in-repository", webRepo, "3f9c2ab"},
			{Pass, "ECS-010.repository-policy", webRepo, "no repository policy"},
			{Pass, "ECS-011.privileged", "web:3", ""},
			{Pass, "ECS-011.read-only-root", "web:3", ""},
			{Pass, "ECS-011.non-root", "web:3", ""},
			{Pass, "ECS-011.capabilities", "web:3", "drops ALL"},
			{Pass, "ECS-011.host-namespaces", "web:3", "awsvpc"},
			{Pass, "ECS-011.runtime-monitoring", "cluster/prod", "detector det1"},
		}},
		{name: "empty inventory", mutate: func(s *inventory.Snapshot) { s.Accounts = nil }, want: []ecsWant{
			{Warn, "ECS-010.registry", "cs1", ""}, {Warn, "ECS-011.privileged", "cs1", ""}, {Warn, "ECS-011.runtime-monitoring", "cs1", ""}}},
		{name: "repository without scanning fails", mutate: func(s *inventory.Snapshot) {
			ecsReg(s).ECR.Repositories[2].ScanOnPush = false
		}, want: []ecsWant{{Fail, "ECS-010.scanning", webRepo, "scans no image"}}},
		{name: "enhanced registry scanning covers the repository", mutate: func(s *inventory.Snapshot) {
			r := ecsReg(s)
			for i := range r.ECR.Repositories {
				r.ECR.Repositories[i].ScanOnPush = false
			}
			r.ECR.Scanning = &inventory.RegistryScanning{Type: "ENHANCED", Rules: []inventory.RegistryScanRule{{Frequency: "CONTINUOUS_SCAN", Filters: []string{"*"}}}}
		}, clean: []string{"ECS-010"}, want: []ecsWant{{Pass, "ECS-010.scanning", webRepo, "enhanced scanning (CONTINUOUS_SCAN)"}}},
		{name: "registry rule filter not matching", mutate: func(s *inventory.Snapshot) {
			r := ecsReg(s)
			r.ECR.Repositories[2].ScanOnPush = false
			r.ECR.Scanning = &inventory.RegistryScanning{Type: "ENHANCED", Rules: []inventory.RegistryScanRule{{Frequency: "SCAN_ON_PUSH", Filters: []string{"prod-*"}}}}
		}, want: []ecsWant{{Fail, "ECS-010.scanning", webRepo, ""}}},
		{name: "mutable tags warn", mutate: func(s *inventory.Snapshot) {
			ecsReg(s).ECR.Repositories[2].TagMutability = "MUTABLE"
		}, want: []ecsWant{{Warn, "ECS-010.tag-immutability", webRepo, "mutable tags"}}},
		{name: "repository in another account is info", mutate: func(s *inventory.Snapshot) {
			ecsTDOf(s, "web").Containers[0].Image = "999988887777.dkr.ecr.eu-west-1.amazonaws.com/shared/web:3f9c2ab"
		}, clean: []string{"ECS-010"}, want: []ecsWant{{Info, "ECS-010.scanning", "999988887777", "not in the inventory"}}},
		{name: "repository found in another account of the snapshot", mutate: func(s *inventory.Snapshot) {
			ecsTDOf(s, "web").Containers[0].Image = "999988887777.dkr.ecr.eu-west-1.amazonaws.com/shared/web:3f9c2ab"
			s.Accounts = append(s.Accounts, inventory.Account{ID: "999988887777", Regions: []inventory.Region{{Name: ecsRegion, ECR: inventory.ECR{Repositories: []inventory.Repository{
				{ARN: "arn:aws:ecr:eu-west-1:999988887777:repository/shared/web", Name: "shared/web", URI: "999988887777.dkr.ecr.eu-west-1.amazonaws.com/shared/web", TagMutability: "MUTABLE"}}}}}})
		}, want: []ecsWant{{Fail, "ECS-010.scanning", "999988887777:repository/shared/web", "999988887777 eu-west-1"}, {Warn, "ECS-010.tag-immutability", "shared/web", ""}}},
		{name: "public registries", mutate: func(s *inventory.Snapshot) {
			ecsTDOf(s, "web").Containers[0].Image = "nginx:latest"
			ecsTDOf(s, "api").Containers[0].Image = "public.ecr.aws/nginx/nginx:1.27"
		}, want: []ecsWant{{Fail, "ECS-010.registry", "web:3", "Docker Hub, unpinned"}, {Warn, "ECS-010.registry", "api:7", "ECR Public"}}},
		{name: "privileged container fails naming it", mutate: func(s *inventory.Snapshot) {
			ecsTDOf(s, "web").Containers[0].Privileged = true
		}, want: []ecsWant{{Fail, "ECS-011.privileged", ecsTDARN("web", 3), "container web is privileged"}}},
		{name: "writable root and root user warn", mutate: func(s *inventory.Snapshot) {
			c := &ecsTDOf(s, "web").Containers[0]
			c.ReadonlyRootFilesystem, c.User = false, "root"
			ecsTDOf(s, "api").Containers[0].User = ""
			ecsTDOf(s, "api").Containers[1].User = "0:0"
		}, want: []ecsWant{
			{Warn, "ECS-011.read-only-root", "web:3", "web"},
			{Warn, "ECS-011.non-root", "web:3", "web (user root)"},
			{Warn, "ECS-011.non-root", "api:7", "api (no user"},
			{Warn, "ECS-011.non-root", "aws-for-fluent-bit:2.32.0", "vendor sidecar"},
		}},
		{name: "a vendor sidecar is reported once per image, not per task definition", mutate: func(s *inventory.Snapshot) {
			xray := func() inventory.ContainerDefinition {
				c := ecsCtr("xray-daemon", "public.ecr.aws/xray/aws-xray-daemon:3.3.12")
				c.User, c.ReadonlyRootFilesystem, c.Essential = "", false, false
				return c
			}
			ecsTDOf(s, "web").Containers = append(ecsTDOf(s, "web").Containers, xray())
			ecsTDOf(s, "api").Containers = append(ecsTDOf(s, "api").Containers, xray())
		}, want: []ecsWant{
			{Warn, "ECS-011.non-root", "aws-xray-daemon:3.3.12", "vendor sidecar public.ecr.aws/xray/aws-xray-daemon:3.3.12 (in 2 task definition(s): api:7; web:3)"},
			{Warn, "ECS-011.read-only-root", "aws-xray-daemon:3.3.12", "vendor sidecar"},
			{Warn, "ECS-010.registry", "aws-xray-daemon:3.3.12", "vendor sidecar public.ecr.aws/xray/aws-xray-daemon:3.3.12 (in 2 task definition(s)"},
		}},
		{name: "Windows task definitions skip Linux settings", mutate: func(s *inventory.Snapshot) {
			td := ecsTDOf(s, "web")
			td.OSFamily = "WINDOWS_SERVER_2022_CORE"
			td.Containers[0].ReadonlyRootFilesystem, td.Containers[0].User, td.Containers[0].LinuxParameters = false, "ContainerUser", nil
		}, clean: []string{"ECS-011"}},
		{name: "dangerous capability fails, no drop is info", mutate: func(s *inventory.Snapshot) {
			ecsTDOf(s, "web").Containers[0].LinuxParameters = &inventory.LinuxParameters{CapabilitiesAdd: []string{"CAP_SYS_ADMIN", "NET_BIND_SERVICE"}}
			ecsTDOf(s, "api").Containers[0].LinuxParameters = nil
		}, want: []ecsWant{{Fail, "ECS-011.capabilities", "web:3", "web adds SYS_ADMIN"}, {Info, "ECS-011.capabilities", "api:7", "containers api keep"}}},
		{name: "host namespaces", mutate: func(s *inventory.Snapshot) {
			ecsTDOf(s, "web").PIDMode = "host"
			ecsTDOf(s, "api").NetworkMode = "host"
		}, want: []ecsWant{{Fail, "ECS-011.host-namespaces", "web:3", "pidMode host"}, {Warn, "ECS-011.host-namespaces", "api:7", "host network mode"}}},
	})
}

func TestRuntimeMonitoring(t *testing.T) {
	ecsRunTable(t, []string{"ECS-011"}, []ecsCase{
		{name: "GuardDuty runtime monitoring off fails", mutate: func(s *inventory.Snapshot) {
			ecsReg(s).GuardDuty[0].RuntimeMonitoring = "DISABLED"
		}, want: []ecsWant{{Fail, "ECS-011.runtime-monitoring", "cluster/prod", "Runtime Monitoring DISABLED"}}},
		{name: "Fargate agent management off fails on Fargate", mutate: func(s *inventory.Snapshot) {
			ecsReg(s).GuardDuty[0].ECSFargateAgent = "DISABLED"
		}, want: []ecsWant{{Fail, "ECS-011.runtime-monitoring", "cluster/prod", "ECS Fargate is DISABLED"}}},
		{name: "no detector and no agent fails", mutate: func(s *inventory.Snapshot) {
			ecsReg(s).GuardDuty = nil
		}, want: []ecsWant{{Fail, "ECS-011.runtime-monitoring", "cluster/prod", "no enabled GuardDuty detector"}}},
		{name: "detector not read is unknown, a warning", mutate: func(s *inventory.Snapshot) {
			ecsReg(s).GuardDuty[0] = inventory.Detector{ID: "det1", Gaps: []string{"GetDetector: AccessDenied"}}
		}, want: []ecsWant{{Warn, "ECS-011.runtime-monitoring", "cluster/prod", "could not be read"}}},
		{name: "GuardDuty not collected is unknown, a warning", mutate: func(s *inventory.Snapshot) {
			ecsReg(s).GuardDuty = nil
			s.Collection.Errors = []inventory.CollectionError{{Account: ecsAcct, Region: ecsRegion, Service: "guardduty", Operation: "ListDetectors", Code: "AccessDenied"}}
		}, want: []ecsWant{{Warn, "ECS-011.runtime-monitoring", "cluster/prod", "not collected"}}},
		{name: "EC2 capacity without the EC2 agent fails", mutate: func(s *inventory.Snapshot) {
			ecsClusterOnEC2(s)
			ecsReg(s).GuardDuty[0].EC2Agent = "DISABLED"
			ecsReg(s).GuardDuty[0].CoverageCollected = true
		}, want: []ecsWant{{Fail, "ECS-011.runtime-monitoring", "cluster/prod", "EC2 is DISABLED"}}},
		{name: "EC2 agent management unrecorded is unknown", mutate: func(s *inventory.Snapshot) {
			ecsClusterOnEC2(s)
		}, want: []ecsWant{{Warn, "ECS-011.runtime-monitoring", "cluster/prod", "EC2"}}},
		{name: "EC2 capacity with the managed EC2 agent passes", mutate: func(s *inventory.Snapshot) {
			ecsClusterOnEC2(s)
			ecsReg(s).GuardDuty[0].EC2Agent = "ENABLED"
		}, clean: []string{"ECS-011"}, want: []ecsWant{{Pass, "ECS-011.runtime-monitoring", "cluster/prod", "EC2 agent"}}},
		{name: "EC2 capacity with a self-installed agent GuardDuty reports passes", mutate: func(s *inventory.Snapshot) {
			ecsClusterOnEC2(s)
			d := &ecsReg(s).GuardDuty[0]
			d.EC2Agent, d.CoverageCollected = "DISABLED", true
			d.Coverage = []inventory.RuntimeCoverage{{ClusterName: "prod", Status: "HEALTHY", CoveredInstances: 2, CompatibleInstances: 2}}
		}, clean: []string{"ECS-011"}, want: []ecsWant{{Pass, "ECS-011.runtime-monitoring", "cluster/prod", "2 of 2"}}},
		{name: "EKS runtime monitoring is no ECS coverage", mutate: func(s *inventory.Snapshot) {
			d := &ecsReg(s).GuardDuty[0]
			d.RuntimeMonitoring, d.ECSFargateAgent, d.EKSRuntimeMonitoring = "", "", "ENABLED"
		}, want: []ecsWant{{Fail, "ECS-011.runtime-monitoring", "cluster/prod", "EKS"}}},
		{name: "no detector but a Falco sidecar in every Fargate task definition passes", mutate: func(s *inventory.Snapshot) {
			ecsReg(s).GuardDuty = nil
			td := ecsTDOf(s, "web")
			falco := ecsCtr("falco", ecsRepoURI("falco")+":0.39.1")
			falco.Essential = false
			td.Containers = append(td.Containers, falco)
			ecsTDOf(s, "api").Containers = append(ecsTDOf(s, "api").Containers, falco)
			ecsReg(s).ECR.Repositories = append(ecsReg(s).ECR.Repositories, inventory.Repository{ARN: "arn:aws:ecr:eu-west-1:111122223333:repository/falco", Name: "falco", URI: ecsRepoURI("falco"), TagMutability: "IMMUTABLE", ScanOnPush: true})
		}, clean: []string{"ECS-011"}, want: []ecsWant{{Pass, "ECS-011.runtime-monitoring", "cluster/prod", "falco"}, {Info, "ECS-011.runtime-monitoring", "cluster/prod", "no enabled GuardDuty detector"}}},
		{name: "a Falco sidecar in one Fargate task definition leaves the other uncovered", mutate: func(s *inventory.Snapshot) {
			ecsReg(s).GuardDuty = nil
			falco := ecsCtr("falco", "falcosecurity/falco:0.39.1")
			ecsTDOf(s, "web").Containers = append(ecsTDOf(s, "web").Containers, falco)
		}, want: []ecsWant{{Fail, "ECS-011.runtime-monitoring", "cluster/prod", "api:7"}}},
		{name: "a Sysdig daemon covers EC2 capacity", mutate: func(s *inventory.Snapshot) {
			ecsClusterOnEC2(s)
			ecsReg(s).GuardDuty = nil
			ecsTDOf(s, "api").Containers = append(ecsTDOf(s, "api").Containers, ecsCtr("agent", "quay.io/sysdig/agent:12"))
		}, clean: []string{"ECS-011.runtime-monitoring"}, want: []ecsWant{{Pass, "ECS-011.runtime-monitoring", "cluster/prod", "sysdig"}}},
	})
}

// ecsClusterOnEC2 moves the prod cluster's services onto EC2 container instances.
func ecsClusterOnEC2(s *inventory.Snapshot) {
	c := ecsProd(s)
	for i := range c.Services {
		c.Services[i].CapacityProviderStrategy, c.Services[i].LaunchType = nil, "EC2"
	}
	for i := range c.Tasks {
		c.Tasks[i].LaunchType = "EC2"
	}
	c.ContainerInstances = []inventory.ContainerInstance{{ARN: "ci-1", EC2InstanceID: "i-1"}, {ARN: "ci-2", EC2InstanceID: "i-2"}}
}

func TestImageScanResults(t *testing.T) {
	web := func(s *inventory.Snapshot) *inventory.RepositoryImage {
		return &ecsReg(s).ECR.Repositories[2].Images[0]
	}
	const policy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":%s,"Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]}]}`
	ecsRunTable(t, []string{"ECS-010"}, []ecsCase{
		{name: "a critical finding fails", mutate: func(s *inventory.Snapshot) { web(s).FindingCounts = map[string]int{"CRITICAL": 1, "HIGH": 3} },
			want: []ecsWant{{Fail, "ECS-010.image-scan-results", "repository/web", "1 critical, 3 high"}}},
		{name: "a high finding fails", mutate: func(s *inventory.Snapshot) { web(s).FindingCounts = map[string]int{"HIGH": 2, "MEDIUM": 4} },
			want: []ecsWant{{Fail, "ECS-010.image-scan-results", "repository/web", "2 high"}}},
		{name: "an image never scanned fails", mutate: func(s *inventory.Snapshot) { web(s).ScanStatus, web(s).FindingCounts = "", nil },
			want: []ecsWant{{Fail, "ECS-010.image-scan-results", "repository/web", "never scanned"}}},
		{name: "a failed scan warns", mutate: func(s *inventory.Snapshot) { web(s).ScanStatus, web(s).FindingCounts = "UNSUPPORTED_IMAGE", nil },
			want: []ecsWant{{Warn, "ECS-010.image-scan-results", "repository/web", "UNSUPPORTED_IMAGE"}}},
		{name: "an image not looked up is unknown", mutate: func(s *inventory.Snapshot) { ecsReg(s).ECR.Repositories[2].Images = nil },
			want: []ecsWant{{Warn, "ECS-010.image-scan-results", "repository/web", "not collected"}, {Warn, "ECS-010.image-in-repository", "repository/web", "not collected"}}},
		{name: "a tag that is gone from the repository fails", mutate: func(s *inventory.Snapshot) { *web(s) = inventory.RepositoryImage{Reference: "3f9c2ab", Missing: true} },
			want: []ecsWant{{Fail, "ECS-010.image-in-repository", "repository/web", "names 3f9c2ab, which does not exist"}}},
		{name: "a public repository policy fails", mutate: func(s *inventory.Snapshot) {
			ecsReg(s).ECR.Repositories[2].Policy = fmt.Sprintf(policy, `"*"`)
		}, want: []ecsWant{{Fail, "ECS-010.repository-policy", "repository/web", "anyone"}}},
		{name: "a cross-account pull warns", mutate: func(s *inventory.Snapshot) {
			ecsReg(s).ECR.Repositories[2].Policy = fmt.Sprintf(policy, `{"AWS":"arn:aws:iam::999988887777:root"}`)
		}, want: []ecsWant{{Warn, "ECS-010.repository-policy", "repository/web", "999988887777"}}},
		{name: "a policy not read is unknown", mutate: func(s *inventory.Snapshot) {
			ecsReg(s).ECR.Repositories[2].PolicyCollected = false
		}, want: []ecsWant{{Warn, "ECS-010.repository-policy", "repository/web", "not collected"}}},
		{name: "the own account's pull passes", mutate: func(s *inventory.Snapshot) {
			ecsReg(s).ECR.Repositories[2].Policy = fmt.Sprintf(policy, `{"AWS":"arn:aws:iam::111122223333:role/ecs-exec"}`)
		}, clean: []string{"ECS-010"}},
	})
}

func TestLifecyclePolicy(t *testing.T) {
	web := func(s *inventory.Snapshot) *inventory.Repository { return &ecsReg(s).ECR.Repositories[2] }
	ecsRunTable(t, []string{"ECS-010"}, []ecsCase{
		{name: "repositories with a lifecycle policy pass", mutate: func(*inventory.Snapshot) {}, clean: []string{"ECS-010.lifecycle-policy"},
			want: []ecsWant{{Pass, "ECS-010.lifecycle-policy", "repository/web", "has a lifecycle policy"}}},
		{name: "no lifecycle policy warns", mutate: func(s *inventory.Snapshot) { web(s).LifecyclePolicy = "" },
			want: []ecsWant{{Warn, "ECS-010.lifecycle-policy", "repository/web", "no lifecycle policy"}}},
		{name: "a lifecycle policy not read is unknown", mutate: func(s *inventory.Snapshot) { web(s).LifecyclePolicy, web(s).LifecyclePolicyCollected = "", false },
			want: []ecsWant{{Warn, "ECS-010.lifecycle-policy", "repository/web", "unknown: GetLifecyclePolicy was not collected"}}},
		{name: "a failed read is named", mutate: func(s *inventory.Snapshot) {
			web(s).LifecyclePolicy, web(s).LifecyclePolicyCollected = "", false
			web(s).Gaps = []string{"ecr GetLifecyclePolicy: AccessDenied"}
		}, want: []ecsWant{{Warn, "ECS-010.lifecycle-policy", "repository/web", "AccessDenied"}}},
	})
}

func TestEnvSecrets(t *testing.T) {
	const check = "NETSEC-002.env-secrets"
	env := func(names ...string) func(s *inventory.Snapshot) {
		return func(s *inventory.Snapshot) {
			c := &ecsTDOf(s, "web").Containers[0]
			c.EnvironmentNames, c.EnvironmentValuesChecked = names, true
		}
	}
	ecsRunTable(t, []string{"NETSEC-002", "ECS-011"}, []ecsCase{
		{name: "values checked and clean passes", mutate: func(s *inventory.Snapshot) {}, clean: []string{check},
			want: []ecsWant{{Pass, check, "web:3", "name or value"}}},
		{name: "Security Hub ECS.8 keys fail", mutate: env("PORT", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "ECS_ENGINE_AUTH_DATA"),
			want: []ecsWant{{Fail, check, ecsTDARN("web", 3), "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, ECS_ENGINE_AUTH_DATA"}}},
		{name: "a value discovery found secret-looking fails, naming the pattern only", mutate: func(s *inventory.Snapshot) {
			env("PORT", "CONFIG")(s)
			ecsTDOf(s, "web").Containers[0].EnvironmentSecrets = []inventory.EnvironmentSecret{{Name: "CONFIG", Pattern: inventory.PatternJWT}}
		}, want: []ecsWant{{Fail, check, ecsTDARN("web", 3), "CONFIG (its value matches the jwt pattern)"}}},
		{name: "secret-looking names only warn", mutate: env("PORT", "DB_PASSWORD", "STRIPE_API_KEY", "DB_SECRET_ARN", "PWD"),
			want: []ecsWant{{Warn, check, ecsTDARN("web", 3), "DB_PASSWORD, STRIPE_API_KEY"}}},
		{name: "a setting named after a password is no secret", mutate: env("ENABLE_PASSWORD_RESET", "PASSWORD_RESET_ENABLED", "REQUIRE_TOKEN"), clean: []string{check}},
		{name: "values never checked are unknown", mutate: func(s *inventory.Snapshot) {
			ecsTDOf(s, "web").Containers[0].EnvironmentValuesChecked = false
		}, want: []ecsWant{{Warn, check, ecsTDARN("web", 3), "were not checked for secrets"}}},
		{name: "secrets are no longer ECS-011's", mutate: env("AWS_SECRET_ACCESS_KEY"), clean: []string{"ECS-011"}},
	})
}

func TestSecretLooking(t *testing.T) {
	for name, want := range map[string]bool{
		"DB_PASSWORD": true, "PASSWORD": true, "db_pass": true, "JWT_SECRET": true, "SECRET_KEY_BASE": true, "GITHUB_TOKEN": true,
		"STRIPE_API_KEY": true, "apiKey": true, "AWS_SECRET_ACCESS_KEY": true, "AWS_ACCESS_KEY_ID": true, "RSA_PRIVATE_KEY": true,
		"OAUTH_CLIENT_SECRET": true, "DATABASE_CONNECTION_STRING": true, "DB_PWD": true,
		"PWD": false, "PORT": false, "ENABLE_PASSWORD_RESET": false, "PASSWORD_RESET_ENABLED": false, "USE_TOKEN_AUTH": false, "DB_SECRET_ARN": false, "DB_SECRET_ID": false, "TOKEN_URL": false, "PASSWORD_MIN_LENGTH": false,
		"SECRETS_MANAGER_ENDPOINT": false, "TOKENIZER_MODEL": false, "BYPASS_CACHE": false, "KMS_KEY_ID": false, "PUBLIC_KEY": false, "": false,
	} {
		if got := secretLooking(name); got != want {
			t.Errorf("secretLooking(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestComplianceInfoOnly(t *testing.T) {
	s := ecsClean()
	on := true
	ecsReg(s).Trails = []inventory.Trail{{ARN: "arn:aws:cloudtrail:eu-west-1:111122223333:trail/org", Name: "org", MultiRegion: true, LogFileValidation: true, IsLogging: &on}}
	ecsReg(s).EC2.EBSEncryptionByDefault = &on
	in := ecsInput(s)
	if ok, _ := complianceDeclared(in); ok {
		t.Fatal("no compliance scope declared yet")
	}
	in.Case.ComplianceScope = []string{"PCI-DSS", "SOC 2"}
	fs := fxRunCheck(t, in, "ECS-013.compliance")
	for _, f := range fs {
		if f.Outcome != Info {
			t.Errorf("ECS-013 must only inform, got %s: %s", f.Outcome, f.Message)
		}
	}
	for _, w := range []ecsWant{
		{Info, "ECS-013.compliance", "cs1", "PCI-DSS, SOC 2"},
		{Info, "ECS-013.compliance", "cs1", "1 trail(s), 1 multi-region"},
		{Info, "ECS-013.compliance", "cs1", "on in 1 of 1"},
	} {
		if !ecsHas(fs, w) {
			t.Errorf("missing %+v in:\n%s", w, ecsDump(fs))
		}
	}
	// through Evaluate: declared scope + answer → met; no scope → not applicable
	cat := ecsCatalog(t)
	cf := &evidence.Casefile{CaseStudies: []*evidence.CaseStudy{
		{ID: "pci", Inventory: s, ComplianceScope: []string{"PCI-DSS"}, Answers: map[string]*evidence.Answer{"ECS-013": coveringAnswer(t, "ECS-013", "We map controls to PCI-DSS.")}},
		{ID: "none", Inventory: ecsClean(), Answers: map[string]*evidence.Answer{}},
	}}
	rep := Evaluate(cf, cat)
	if r := rep.CaseStudies[0].Control("ECS-013"); r.Status != Met {
		t.Errorf("pci ECS-013: %s (%s)", r.Status, r.Reason)
	}
	if r := rep.CaseStudies[1].Control("ECS-013"); r.Status != NotApplicable {
		t.Errorf("none ECS-013: %s (%s)", r.Status, r.Reason)
	}
}

// TestPlantedDefectsEndToEnd plants the ECS defects in one case study
// and checks each is a fail under the right control naming the resource,
// while a clean case study has no fail in ECS-001..014.
func TestPlantedDefectsEndToEnd(t *testing.T) {
	bad := ecsClean()
	ecsTDOf(bad, "web").Containers[0].Privileged = true      // privileged container
	ecsTDOf(bad, "api").TaskRoleARN = ecsRoleARN("web-task") // shared task role
	ecsReg(bad).ECR.Repositories[0].ScanOnPush = false       // api repository without scanning
	cf := &evidence.Casefile{CaseStudies: []*evidence.CaseStudy{{ID: "bad", Inventory: bad}, {ID: "good", Inventory: ecsClean()}}}
	rep := Evaluate(cf, ecsCatalog(t))
	for _, w := range []struct {
		control string
		want    ecsWant
	}{
		{"ECS-011", ecsWant{Fail, "ECS-011.privileged", ecsTDARN("web", 3), "web"}},
		{"ECS-005", ecsWant{Fail, "ECS-005.shared-role", ecsRoleARN("web-task"), "api; web"}},
		{"ECS-010", ecsWant{Fail, "ECS-010.scanning", "repository/api", ""}},
	} {
		r := rep.CaseStudies[0].Control(w.control)
		if r.Status != NotMet || !ecsHas(r.Findings, w.want) {
			t.Errorf("%s: status %s, want not-met with %+v:\n%s", w.control, r.Status, w.want, ecsDump(r.Findings))
		}
	}
	for _, r := range rep.CaseStudies[1].Controls {
		if r.ID < "ECS-001" || r.ID > "ECS-014" {
			continue
		}
		for _, f := range r.Findings {
			if f.Outcome == Fail || f.Outcome == Warn {
				t.Errorf("clean case study flagged: %s %s %s: %s", f.Outcome, f.Check, f.Resource, f.Message)
			}
		}
	}
}
