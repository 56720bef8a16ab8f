package assess

import (
	"cmp"
	"fmt"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/inventory"
)

// securityChecks returns the checks of ECS-010 (image registry and scanning),
// ECS-011 (runtime security of containers) and ECS-013 (compliance scope).
func securityChecks() []Check {
	return []Check{
		{ID: "ECS-010.registry", Run: checkImageRegistry, Judges: "Images come from Amazon ECR"},
		{ID: "ECS-010.scanning", Run: checkRepoScanning, Judges: "ECR repositories scan images (scan on push or enhanced scanning)"},
		{ID: "ECS-010.tag-immutability", Run: checkTagImmutability, Judges: "ECR repositories have immutable tags"},
		{ID: "ECS-010.image-scan-results", Run: checkImageScanResults, Judges: "Images in use were scanned and have no critical or high findings"},
		{ID: "ECS-010.image-in-repository", Run: checkImageInRepository, Judges: "The tag or digest each task definition runs exists in its repository"},
		{ID: "ECS-010.repository-policy", Run: checkRepositoryPolicy, Judges: "Repository policies allow no public or cross-account pull"},
		{ID: "ECS-010.lifecycle-policy", Run: checkLifecyclePolicy, Judges: "ECR repositories in use have a lifecycle policy"},
		{ID: "ECS-011.privileged", Run: checkPrivileged, Judges: "No privileged containers"},
		{ID: "ECS-011.read-only-root", Run: checkReadOnlyRoot, Judges: "Read-only root file systems"},
		{ID: "ECS-011.non-root", Run: checkNonRoot, Judges: "Containers run as a non-root user"},
		{ID: "ECS-011.capabilities", Run: checkCapabilities, Judges: "Linux capabilities dropped, none dangerous added"},
		{ID: "ECS-011.host-namespaces", Run: checkHostNamespaces, Judges: "No host PID, IPC or network namespace"},
		{ID: "ECS-011.inline-credentials", Run: checkInlineCredentials, Judges: "No credentials in commands, health checks or log options"},
		{ID: "ECS-011.host-access", Run: checkHostAccess, Judges: "No sensitive host path (/, /etc, /proc, /sys, the Docker socket...) or host device mounted into containers (hygiene beyond the checklist's words: a warning)"},
		{ID: "ECS-011.syscall-filter", Run: checkSyscallFilter, Judges: "No container runs with seccomp or AppArmor unconfined, so the syscall filtering ECS-011 asks for stays on"},
		{ID: "ECS-011.windows-user", Run: checkWindowsUser, Judges: "Windows containers do not run as ContainerAdministrator (Security Hub ECS.21; a warning, as for Linux root)"},
		{ID: "ECS-011.exec-sessions", Run: checkExecSessions, Judges: "Services with ECS Exec log its sessions and encrypt them with a KMS key (hygiene beyond the checklist's words: a warning)"},
		{ID: "ECS-011.runtime-monitoring", Run: checkRuntimeMonitoring, Judges: "GuardDuty ECS runtime monitoring or a runtime security agent"},
		{ID: "ECS-013.compliance", Run: checkCompliance, Judges: "Compliance scope and the controls that support it"},
	}
}

// ecrHost matches a private Amazon ECR registry host.
var ecrHost = regexp.MustCompile(`^\d{12}\.dkr\.ecr(-fips)?\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$`)

// noTaskDefs is the finding of a per-task-definition check with nothing to check.
func noTaskDefs(in *Input, ev string) []Finding {
	return []Finding{{Outcome: Warn, Resource: caseID(in), Message: "no task definition in use found in the inventory, so this cannot be verified", Evidence: ev,
		Remediation: "collect the inventory where the workload's services run"}}
}

// ---------------------------------------------------------------- ECS-010

func checkImageRegistry(in *Input) []Finding {
	const ev = "ecs:DescribeTaskDefinition containerDefinitions[].image"
	uses := wlTaskDefs(in)
	if len(uses) == 0 {
		return noTaskDefs(in, ev)
	}
	var fs []Finding
	var vendor vendorImages
	ps := &wlPasses{evidence: ev, summary: "task definitions pull every image from Amazon ECR"}
	for _, u := range uses {
		var fails, warns []string
		vendorOnly := false
		for i := range u.td.Containers {
			c := &u.td.Containers[i]
			r := parseImage(c.Image)
			switch {
			case ecrHost.MatchString(r.Registry):
			case vendorSidecar(c):
				vendor.add(c.Image, "pulled from "+r.Registry+", outside your private Amazon ECR", inventory.ShortName(u.td.ARN))
				vendorOnly = true
			case r.Registry == "public.ecr.aws":
				warns = append(warns, fmt.Sprintf("%s from ECR Public (%s)", c.Name, c.Image))
			case r.Registry == "docker.io" || r.Registry == "registry-1.docker.io" || r.Registry == "index.docker.io":
				if pinKind(c.Image) == "latest" && sidecarKind(c) == "" {
					fails = append(fails, fmt.Sprintf("%s runs %s straight from Docker Hub, unpinned", c.Name, c.Image))
				} else {
					warns = append(warns, fmt.Sprintf("%s from Docker Hub (%s)", c.Name, c.Image))
				}
			default:
				warns = append(warns, fmt.Sprintf("%s from the registry %s (%s)", c.Name, r.Registry, c.Image))
			}
		}
		rev := inventory.ShortName(u.td.ARN)
		switch {
		case len(fails) > 0:
			fs = append(fs, Finding{Outcome: Fail, Resource: u.td.ARN,
				Message:     fmt.Sprintf("task definition %s: %s — whatever the tag points to at launch runs without a scan", rev, strings.Join(append(fails, warns...), "; ")),
				Evidence:    ev,
				Remediation: "copy the image into a private ECR repository with scanning (or use an ECR pull-through cache rule) and reference it by an immutable tag or digest"})
		case len(warns) > 0:
			fs = append(fs, Finding{Outcome: Warn, Resource: u.td.ARN,
				Message:     fmt.Sprintf("task definition %s pulls images from outside your private Amazon ECR: %s", rev, strings.Join(warns, "; ")),
				Evidence:    ev,
				Remediation: "serve the images through private ECR (an ECR pull-through cache rule keeps upstream images scanned), or describe the other registry's scanning in the ECS-010 answer"})
		case vendorOnly:
			// its only outside image is a vendor sidecar, reported once per image below
		default:
			ps.add(u.td.ARN, fmt.Sprintf("task definition %s pulls all %d image(s) from private Amazon ECR", rev, len(u.td.Containers)))
		}
	}
	fs = append(fs, vendor.findings(Warn, ev, "its scanning is the vendor's, not yours",
		"serve the image through private ECR (an ECR pull-through cache rule keeps it scanned), or name the vendor's scanning in the ECS-010 answer")...)
	return append(fs, ps.findings()...)
}

// repoUse is an ECR repository referenced by images in use.
type repoUse struct {
	uri    string
	repo   *inventory.Repository
	region *inventory.Region
	loc    string
	tds    []string
	// images are the image references in use (…/repo:tag, …/repo@sha256:…)
	// with the revisions that run each, in first-use order.
	images []string
	imgTDs map[string][]string
}

// resource names a repository in use in findings: its ARN, else its URI.
func (ru *repoUse) resource() string { return cmp.Or(ru.repo.ARN, ru.uri) }

// usedRepositories resolves the private ECR repositories of the images in
// use, across every account and region of the snapshot (images are often
// pulled from a shared tooling account).
func usedRepositories(in *Input) []*repoUse {
	type found struct {
		repo *inventory.Repository
		r    *inventory.Region
		loc  string
	}
	all := map[string]found{}
	for _, rv := range in.Regions {
		for i := range rv.Region.ECR.Repositories {
			repo := &rv.Region.ECR.Repositories[i]
			all[repo.URI] = found{repo, rv.Region, rv.Account + " " + rv.Region.Name}
		}
	}
	m := map[string]*repoUse{}
	for _, u := range wlTaskDefs(in) {
		for _, c := range u.td.Containers {
			r := parseImage(c.Image)
			if !ecrHost.MatchString(r.Registry) {
				continue
			}
			uri := r.Registry + "/" + r.Repository
			ru := m[uri]
			if ru == nil {
				ru = &repoUse{uri: uri}
				if f, ok := all[uri]; ok {
					ru.repo, ru.region, ru.loc = f.repo, f.r, f.loc
				}
				m[uri] = ru
			}
			rev := inventory.ShortName(u.td.ARN)
			if !slices.Contains(ru.tds, rev) {
				ru.tds = append(ru.tds, rev)
			}
			if ru.imgTDs == nil {
				ru.imgTDs = map[string][]string{}
			}
			if _, seen := ru.imgTDs[c.Image]; !seen {
				ru.images = append(ru.images, c.Image)
			}
			if !slices.Contains(ru.imgTDs[c.Image], rev) {
				ru.imgTDs[c.Image] = append(ru.imgTDs[c.Image], rev)
			}
		}
	}
	out := make([]*repoUse, 0, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, m[k])
	}
	return out
}

// registryScans reports whether the registry's scanning rules cover a
// repository, and how.
func registryScans(sc *inventory.RegistryScanning, repo string) (string, bool) {
	if sc == nil {
		return "", false
	}
	for _, rule := range sc.Rules {
		f := strings.ToUpper(rule.Frequency)
		if f != "SCAN_ON_PUSH" && f != "CONTINUOUS_SCAN" {
			continue
		}
		match := len(rule.Filters) == 0
		for _, flt := range rule.Filters {
			if ok, _ := path.Match(flt, repo); ok || flt == "*" {
				match = true
			}
		}
		if match {
			return strings.ToLower(sc.Type) + " scanning (" + f + ")", true
		}
	}
	return "", false
}

func checkRepoScanning(in *Input) []Finding {
	const ev = "ecr:DescribeRepositories imageScanningConfiguration.scanOnPush; ecr:GetRegistryScanningConfiguration"
	var fs []Finding
	ps := &wlPasses{evidence: ev, summary: "ECR repositories in use scan images"}
	for _, ru := range usedRepositories(in) {
		if ru.repo == nil {
			fs = append(fs, Finding{Outcome: Info, Resource: ru.uri,
				Message: fmt.Sprintf("repository %s (used by %s) is not in the inventory — probably another account or region: its scanning could not be checked", ru.uri, listUpTo(ru.tds, 5)), Evidence: ev})
			continue
		}
		res := ru.resource()
		how, ok := registryScans(ru.region.ECR.Scanning, ru.repo.Name)
		if !ok && ru.repo.ScanOnPush {
			how, ok = "scan on push", true
		}
		if ok {
			ps.add(res, fmt.Sprintf("repository %s (%s), used by %s, has %s", ru.repo.Name, ru.loc, listUpTo(ru.tds, 5), how))
			continue
		}
		fs = append(fs, Finding{Outcome: Fail, Resource: res,
			Message:     fmt.Sprintf("repository %s (%s), used by %s, scans no image: scan on push is off and no registry scanning rule covers it", ru.repo.Name, ru.loc, listUpTo(ru.tds, 5)),
			Evidence:    ev,
			Remediation: "turn on enhanced scanning for the registry (Amazon Inspector, continuous) with a rule covering the repository, or at least scanOnPush on the repository, and block deployment of images with critical findings in the pipeline"})
	}
	return append(fs, ps.findings()...)
}

func checkTagImmutability(in *Input) []Finding {
	const ev = "ecr:DescribeRepositories imageTagMutability"
	var fs []Finding
	ps := &wlPasses{evidence: ev, summary: "ECR repositories in use have immutable tags"}
	for _, ru := range usedRepositories(in) {
		if ru.repo == nil {
			continue // reported by ECS-010.scanning
		}
		res := ru.resource()
		if strings.HasPrefix(strings.ToUpper(ru.repo.TagMutability), "IMMUTABLE") {
			ps.add(res, fmt.Sprintf("repository %s (%s) has immutable tags (%s)", ru.repo.Name, ru.loc, ru.repo.TagMutability))
			continue
		}
		fs = append(fs, Finding{Outcome: Warn, Resource: res,
			Message:     fmt.Sprintf("repository %s (%s), used by %s, has mutable tags: a tag can be pushed again with another, unscanned image", ru.repo.Name, ru.loc, listUpTo(ru.tds, 5)),
			Evidence:    ev,
			Remediation: "set imageTagMutability to IMMUTABLE on the repository so that the image a task definition names is the image that was scanned"})
	}
	return append(fs, ps.findings()...)
}

// ---------------------------------------------------------------- ECS-011

// perContainer runs a test on every container of every task definition in
// use and makes one finding per task definition: the containers the test
// flags, or a pass.
type perContainer struct {
	ev          string
	outcome     Outcome
	skipWindows bool
	// windowsOnly judges only task definitions that run Windows.
	windowsOnly bool
	// flag returns a non-empty note for a container that fails the test.
	flag                    func(td *inventory.TaskDefinition, c *inventory.ContainerDefinition) string
	problem, remedy, passed string
	summary                 string
}

func (p perContainer) run(in *Input) []Finding {
	uses := wlTaskDefs(in)
	if len(uses) == 0 {
		return noTaskDefs(in, p.ev)
	}
	var fs []Finding
	var vendor vendorImages
	ps := &wlPasses{evidence: p.ev, summary: p.summary}
	for _, u := range uses {
		if (p.skipWindows && estate.RunsWindows(u.td)) || (p.windowsOnly && !estate.RunsWindows(u.td)) {
			continue
		}
		rev := inventory.ShortName(u.td.ARN)
		var notes []string
		vendorOnly := false
		for i := range u.td.Containers {
			c := &u.td.Containers[i]
			n := p.flag(u.td, c)
			switch {
			case n == "":
			case vendorSidecar(c):
				vendor.add(c.Image, n, rev)
				vendorOnly = true
			default:
				notes = append(notes, n)
			}
		}
		if len(notes) == 0 && vendorOnly {
			continue // reported once per image below
		}
		if len(notes) == 0 {
			ps.add(u.td.ARN, fmt.Sprintf("task definition %s (%s %s): %s", rev, u.rv.Account, u.rv.Region.Name, p.passed))
			continue
		}
		fs = append(fs, Finding{Outcome: p.outcome, Resource: u.td.ARN,
			Message:  fmt.Sprintf("task definition %s (%s %s): %s — %s", rev, u.rv.Account, u.rv.Region.Name, strings.Join(notes, "; "), p.problem),
			Evidence: p.ev, Remediation: p.remedy})
	}
	fs = append(fs, vendor.findings(p.outcome, p.ev, p.problem, p.remedy)...)
	return append(fs, ps.findings()...)
}

func checkPrivileged(in *Input) []Finding {
	return perContainer{ev: "ecs:DescribeTaskDefinition containerDefinitions[].privileged", outcome: Fail,
		flag: func(_ *inventory.TaskDefinition, c *inventory.ContainerDefinition) string {
			if c.Privileged {
				return "container " + c.Name + " is privileged"
			}
			return ""
		},
		problem: "a privileged container has root access to the host's devices and kernel, so a compromise escapes to the host",
		remedy:  "set privileged: false and grant only the specific Linux capability or device the container needs",
		passed:  "no privileged container", summary: "task definitions run no privileged container"}.run(in)
}

func checkReadOnlyRoot(in *Input) []Finding {
	return perContainer{ev: "ecs:DescribeTaskDefinition containerDefinitions[].readonlyRootFilesystem", outcome: Warn, skipWindows: true,
		flag: func(_ *inventory.TaskDefinition, c *inventory.ContainerDefinition) string {
			if !c.ReadonlyRootFilesystem {
				return c.Name
			}
			return ""
		},
		problem: "containers with a writable root file system let an attacker drop binaries",
		remedy:  "set readonlyRootFilesystem: true and mount a volume (or bind mount) only where the application writes",
		passed:  "every container has a read-only root file system", summary: "task definitions use read-only root file systems"}.run(in)
}

func checkNonRoot(in *Input) []Finding {
	return perContainer{ev: "ecs:DescribeTaskDefinition containerDefinitions[].user", outcome: Warn, skipWindows: true,
		flag: func(_ *inventory.TaskDefinition, c *inventory.ContainerDefinition) string {
			u := strings.TrimSpace(c.User)
			name, _, _ := strings.Cut(u, ":")
			switch {
			case u == "":
				return c.Name + " (no user: the image's default, often root)"
			case name == "root" || name == "0":
				return c.Name + " (user " + u + ")"
			}
			return ""
		},
		problem: "these containers may run as root",
		remedy:  "set user to a non-root UID (e.g. \"1000:1000\") in the container definition and build the image to run as that user",
		passed:  "every container runs as a non-root user", summary: "task definitions run containers as non-root users"}.run(in)
}

// dangerousCaps are capabilities that give a container control of the host.
var dangerousCaps = []string{"ALL", "SYS_ADMIN", "NET_ADMIN", "SYS_MODULE", "SYS_PTRACE", "SYS_RAWIO", "DAC_READ_SEARCH", "BPF", "PERFMON", "SYS_BOOT"}

func checkCapabilities(in *Input) []Finding {
	const ev = "ecs:DescribeTaskDefinition containerDefinitions[].linuxParameters.capabilities"
	uses := wlTaskDefs(in)
	if len(uses) == 0 {
		return noTaskDefs(in, ev)
	}
	var fs []Finding
	ps := &wlPasses{evidence: ev, summary: "task definitions drop all capabilities and add none dangerous"}
	for _, u := range uses {
		if estate.RunsWindows(u.td) {
			continue
		}
		var added, noDrop []string
		for _, c := range u.td.Containers {
			var add, drop []string
			if c.LinuxParameters != nil {
				add, drop = c.LinuxParameters.CapabilitiesAdd, c.LinuxParameters.CapabilitiesDrop
			}
			for _, a := range add {
				cp := strings.TrimPrefix(strings.ToUpper(a), "CAP_")
				if slices.Contains(dangerousCaps, cp) {
					added = append(added, fmt.Sprintf("%s adds %s", c.Name, cp))
				}
			}
			if !slices.ContainsFunc(drop, func(d string) bool { return strings.EqualFold(strings.TrimPrefix(strings.ToUpper(d), "CAP_"), "ALL") }) {
				noDrop = append(noDrop, c.Name)
			}
		}
		rev := inventory.ShortName(u.td.ARN)
		loc := fmt.Sprintf("%s (%s %s)", rev, u.rv.Account, u.rv.Region.Name)
		switch {
		case len(added) > 0:
			fs = append(fs, Finding{Outcome: Fail, Resource: u.td.ARN,
				Message:     fmt.Sprintf("task definition %s: %s — these capabilities let a container control the host or its network", loc, strings.Join(added, "; ")),
				Evidence:    ev,
				Remediation: "remove SYS_ADMIN/NET_ADMIN/ALL and similar from linuxParameters.capabilities.add; drop ALL and add back only what the process needs (e.g. NET_BIND_SERVICE)"})
		case len(noDrop) > 0:
			fs = append(fs, Finding{Outcome: Info, Resource: u.td.ARN,
				Message:  fmt.Sprintf("task definition %s: containers %s keep Docker's default capabilities (no drop ALL); dropping them narrows the syscalls a compromised process can make", loc, strings.Join(noDrop, ", ")),
				Evidence: ev})
		default:
			ps.add(u.td.ARN, fmt.Sprintf("task definition %s: every container drops ALL capabilities and adds none dangerous", loc))
		}
	}
	return append(fs, ps.findings()...)
}

func checkHostNamespaces(in *Input) []Finding {
	const ev = "ecs:DescribeTaskDefinition pidMode, ipcMode, networkMode"
	uses := wlTaskDefs(in)
	if len(uses) == 0 {
		return noTaskDefs(in, ev)
	}
	var fs []Finding
	ps := &wlPasses{evidence: ev, summary: "task definitions share no host namespace"}
	for _, u := range uses {
		td := u.td
		loc := fmt.Sprintf("%s (%s %s)", inventory.ShortName(td.ARN), u.rv.Account, u.rv.Region.Name)
		var shared []string
		if strings.EqualFold(td.PIDMode, "host") {
			shared = append(shared, "pidMode host")
		}
		if strings.EqualFold(td.IPCMode, "host") {
			shared = append(shared, "ipcMode host")
		}
		switch {
		case len(shared) > 0:
			fs = append(fs, Finding{Outcome: Fail, Resource: td.ARN,
				Message:     fmt.Sprintf("task definition %s uses %s: its containers see and can signal or read the host's processes and shared memory", loc, strings.Join(shared, " and ")),
				Evidence:    ev,
				Remediation: "remove pidMode/ipcMode host (use task, or leave unset) unless the task is a host agent — then justify it in the ECS-011 answer"})
		case strings.EqualFold(td.NetworkMode, "host"):
			fs = append(fs, Finding{Outcome: Warn, Resource: td.ARN,
				Message:     fmt.Sprintf("task definition %s uses the host network mode: its containers share the instance's network stack and can reach the instance metadata service", loc),
				Evidence:    ev,
				Remediation: "use the awsvpc network mode, which gives each task its own ENI and security groups"})
		default:
			mode := td.NetworkMode
			if mode == "" {
				mode = "bridge (default)"
			}
			ps.add(td.ARN, fmt.Sprintf("task definition %s shares no host namespace (network mode %s)", loc, mode))
		}
	}
	return append(fs, ps.findings()...)
}

// secretWords are name parts that mark a variable as a credential.
var secretWords = []string{"PASSWORD", "PASSWD", "PASS", "PWD", "SECRET", "SECRETS", "TOKEN", "APIKEY", "CREDENTIAL", "CREDENTIALS", "PRIVATEKEY", "PASSPHRASE"}

// secretPairs are adjacent name parts that mark a credential.
var secretPairs = [][2]string{{"API", "KEY"}, {"PRIVATE", "KEY"}, {"ACCESS", "KEY"}, {"SECRET", "KEY"}, {"AUTH", "KEY"}, {"SIGNING", "KEY"}, {"ENCRYPTION", "KEY"}, {"MASTER", "KEY"}, {"CLIENT", "SECRET"}, {"CONNECTION", "STRING"}, {"LICENSE", "KEY"}}

// settingFirst are first name parts that make a secret-looking name a
// switch about the secret rather than the secret (ENABLE_PASSWORD_RESET,
// REQUIRE_TOKEN).
var settingFirst = []string{"ENABLE", "ENABLED", "DISABLE", "DISABLED", "REQUIRE", "REQUIRED", "USE", "ALLOW", "SKIP", "IS", "HAS", "NO", "FORCE", "SHOW", "HIDE"}

// harmlessLast are final name parts that make a secret-looking name a
// reference or a setting rather than the secret itself.
var harmlessLast = []string{"ARN", "NAME", "FILE", "PATH", "URL", "URI", "ENDPOINT", "ENABLED", "TTL", "TIMEOUT", "EXPIRY", "EXPIRATION", "LENGTH", "HEADER", "REGION", "ID", "TYPE", "ALGORITHM", "LOCATION", "PARAM", "PARAMETER", "SECONDS", "MINUTES", "DIR", "PREFIX", "VERSION", "MODE", "POLICY", "SIZE", "COUNT", "KEYS", "RESET", "DISABLED", "REQUIRED", "RULES", "STRENGTH"}

// nameWords splits an environment variable name on separators and camel case.
func nameWords(name string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToUpper(string(cur)))
			cur = cur[:0]
		}
	}
	rs := []rune(name)
	for i, r := range rs {
		switch {
		case r == '_' || r == '-' || r == '.' || r == ' ':
			flush()
		case r >= 'A' && r <= 'Z' && i > 0 && rs[i-1] >= 'a' && rs[i-1] <= 'z':
			flush()
			cur = append(cur, r)
		default:
			cur = append(cur, r)
		}
	}
	flush()
	return words
}

// secretLooking reports whether an environment variable's name says it holds
// a credential (PASSWORD, SECRET, TOKEN, API_KEY, PRIVATE_KEY, ACCESS_KEY...),
// not a reference to one (DB_SECRET_ARN, TOKEN_URL).
func secretLooking(name string) bool {
	w := nameWords(name)
	if len(w) == 0 || name == "PWD" || (len(w) > 1 && slices.Contains(settingFirst, w[0])) {
		return false
	}
	last := w[len(w)-1]
	if slices.Contains(harmlessLast, last) && !(last == "ID" && len(w) >= 3 && w[len(w)-3] == "ACCESS" && w[len(w)-2] == "KEY") {
		return false
	}
	for i, x := range w {
		if slices.Contains(secretWords, x) {
			return true
		}
		if i > 0 && slices.Contains(secretPairs, [2]string{w[i-1], x}) {
			return true
		}
	}
	return false
}

// checkInlineCredentials reports the credentials discovery found (and
// removed) in commands, entry points, health check commands and log driver
// options: the snapshot keeps where they were, never their values.
func checkInlineCredentials(in *Input) []Finding {
	return perContainer{ev: "ecs:DescribeTaskDefinition containerDefinitions[].command, entryPoint, healthCheck.command, logConfiguration.options (values are never collected)", outcome: Fail,
		flag: func(_ *inventory.TaskDefinition, c *inventory.ContainerDefinition) string {
			if len(c.CredentialsIn) == 0 {
				return ""
			}
			return fmt.Sprintf("container %s has a credential written in %s", c.Name, strings.Join(c.CredentialsIn, ", "))
		},
		problem: "it is stored in clear text in the task definition, visible to anyone with ecs:DescribeTaskDefinition",
		remedy:  "move the credential to AWS Secrets Manager or SSM Parameter Store and inject it as a secret (containerDefinitions[].secrets, or logConfiguration.secretOptions for log drivers); rotate the exposed value",
		passed:  "no credential in commands, health checks or log options", summary: "task definitions keep credentials out of commands, health checks and log options"}.run(in)
}

// ---------------------------------------------------------------- ECS-013

func checkCompliance(in *Input) []Finding {
	const ev = "cloudtrail:DescribeTrails, GetTrailStatus; ecr:DescribeRepositories encryptionConfiguration; efs:DescribeFileSystems encrypted; logs:DescribeLogGroups kmsKeyId; ec2:GetEbsEncryptionByDefault; guardduty:GetDetector"
	var scope []string
	if in.Case != nil {
		scope = in.Case.ComplianceScope
	}
	fs := []Finding{{Outcome: Info, Resource: caseID(in),
		Message: "compliance scope declared: " + orNone(scope) + "; the answer must describe the processes, tooling and runbooks handed to the customer for audits", Evidence: "case.yaml compliance_scope"}}
	var trails, logging, repos, kmsRepos, efs, efsEnc, groups, kmsGroups, ebsOn, ebsKnown, gd int
	for _, rv := range in.Regions {
		r := rv.Region
		for _, t := range r.Trails {
			trails++
			if t.MultiRegion && t.IsLogging != nil && *t.IsLogging && t.LogFileValidation {
				logging++
			}
		}
		for _, repo := range r.ECR.Repositories {
			repos++
			if strings.HasPrefix(strings.ToUpper(repo.EncryptionType), "KMS") {
				kmsRepos++
			}
		}
		for _, f := range r.EFS {
			efs++
			if f.Encrypted {
				efsEnc++
			}
		}
		for _, g := range r.LogGroups {
			groups++
			if g.KMSKey != "" {
				kmsGroups++
			}
		}
		if r.EC2.EBSEncryptionByDefault != nil {
			ebsKnown++
			if *r.EC2.EBSEncryptionByDefault {
				ebsOn++
			}
		}
		for _, d := range r.GuardDuty {
			if strings.EqualFold(d.Status, "ENABLED") {
				gd++
				break
			}
		}
	}
	support := []string{
		fmt.Sprintf("CloudTrail: %d trail(s), %d multi-region, logging and with log file validation", trails, logging),
		fmt.Sprintf("ECR: %d of %d repositories encrypted with KMS (the others with AES-256)", kmsRepos, repos),
		fmt.Sprintf("EFS: %d of %d file systems encrypted at rest", efsEnc, efs),
		fmt.Sprintf("CloudWatch Logs: %d of %d log groups encrypted with a KMS key", kmsGroups, groups),
		fmt.Sprintf("EBS encryption by default: on in %d of %d account-region(s) read", ebsOn, ebsKnown),
		fmt.Sprintf("GuardDuty: enabled in %d of %d account-region(s)", gd, len(in.Regions)),
	}
	for _, s := range support {
		fs = append(fs, Finding{Outcome: Info, Resource: caseID(in), Message: "supporting control — " + s, Evidence: ev})
	}
	return fs
}
