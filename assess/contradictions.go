package assess

import (
	"cmp"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/evidence/placeholder"
	"github.com/ecspack/ecspack/inventory"
)

// A claim is a statement partners commonly make in answers that the
// inventory can refute. Contradictions are reported as warnings quoting the
// sentence: a reviewer who reads "all traffic is encrypted" and then finds a
// plain HTTP listener stops trusting the rest of the answer.
type claim struct {
	// name says what is claimed, for the evidence line.
	name string
	// says matches a sentence that makes the claim.
	says *regexp.Regexp
	// unless matches sentences that negate, hedge or defer the claim; nil
	// uses hedged.
	unless *regexp.Regexp
	// refute returns the resource and a description of what contradicts the
	// claim, or "" and "" when the inventory agrees (or cannot tell).
	refute func(in *Input) (resource, fact string)
	// evidence is the API field the refutation rests on.
	evidence string
}

var (
	// hedged marks sentences that deny, plan or recommend rather than state.
	hedged = regexp.MustCompile(`(?i)\b(not|no|never|without|will|plan|plans|planned|planning|future|roadmap|todo|should|could|would|recommend\w*|consider\w*|except\w*|apart from|other than)\b|n't\b`)
	// notAboutServices marks multi-AZ sentences that hedge, state a
	// requirement, or are about another component (a Multi-AZ database is
	// not a claim about the ECS services).
	notAboutServices = regexp.MustCompile(hedged.String() + `|(?i)\b(rds|aurora|database|databases|db|dynamodb|elasticache|redis|efs|file system|nat|asg|auto scaling|instances?|nodes?|must|need|needs|required|requires|requirement)\b`)
	// deferred marks sentences that only plan or recommend (for claims that are themselves negative).
	deferred = regexp.MustCompile(`(?i)\b(will|plan|plans|planned|planning|future|roadmap|todo|should|could|would|recommend\w*|consider\w*|except\w*|apart from|other than)\b`)
)

// claims is the contradiction table; each row pairs a claim with the check
// logic that refutes it.
var claims = []claim{
	{
		name:     "all traffic is encrypted with TLS",
		says:     regexp.MustCompile(`(?i)(\b(all|every|only)\b[^.;]{0,60}\b(traffic|connections?|endpoints?|requests?|listeners?|communication)\b[^.;]{0,60}\b(tls|https|ssl|encrypted|encryption)\b|\b(tls|https|ssl|encrypted|encryption)\b[^.;]{0,40}\b(everywhere|end[- ]to[- ]end|all (traffic|connections|endpoints|requests))\b|\bhttps[- ]only\b|\bencrypted in transit\b)`),
		refute:   refuteTLS,
		evidence: listenerEvidence,
	},
	{
		name:     "containers use a read-only root file system",
		says:     regexp.MustCompile(`(?i)read[- ]?only root( ?file ?system| fs)?|readonlyrootfilesystem`),
		refute:   refuteReadOnlyRoot,
		evidence: "ecs:DescribeTaskDefinition containerDefinitions[].readonlyRootFilesystem",
	},
	{
		name:     "the workload is multi-AZ / highly available",
		says:     regexp.MustCompile(`(?i)\bmulti[- ]?az\b|\bhighly[- ]available\b|\bhigh[- ]availability\b|\b(across|over|in|spans?|spread (across|over))\s+(two|three|2|3|multiple|several|all)\s+(availability zones|azs)\b`),
		unless:   notAboutServices,
		refute:   refuteMultiAZ,
		evidence: "ecs:DescribeServices desiredCount, networkConfiguration.subnets; ecs:DescribeTasks availabilityZone",
	},
	{
		name:     "no container runs privileged",
		says:     regexp.MustCompile(`(?i)\bno\b[^.;]{0,30}\bprivileged\b|\b(never|not|don't|do not|doesn't|does not|disallow\w*|prohibit\w*|forbid\w*|block\w*)\b[^.;]{0,30}\bprivileged\b|\bprivileged\b[^.;]{0,20}\b(disabled|false|prohibited|forbidden|not (allowed|used|permitted|enabled))\b|\bnon[- ]privileged containers?\b`),
		unless:   deferred,
		refute:   refutePrivileged,
		evidence: "ecs:DescribeTaskDefinition containerDefinitions[].privileged",
	},
	{
		name:     "Container Insights is enabled",
		says:     regexp.MustCompile(`(?i)container insights`),
		refute:   refuteInsights,
		evidence: "ecs:DescribeClusters settings[containerInsights]",
	},
	{
		name:     "images are scanned on push",
		says:     regexp.MustCompile(`(?i)scan(ning|ned)?[- ]on[- ]push|\b(images|repositories) are (automatically )?scanned\b|\benhanced scanning\b`),
		refute:   refuteScanOnPush,
		evidence: "ecr:DescribeRepositories imageScanningConfiguration.scanOnPush; ecr:GetRegistryScanningConfiguration",
	},
	{
		name:     "image tags are immutable",
		says:     regexp.MustCompile(`(?i)\b(tag immutability|immutable (image )?tags)\b`),
		refute:   refuteImmutableTags,
		evidence: "ecr:DescribeRepositories imageTagMutability",
	},
	{
		name:     "data is encrypted at rest",
		says:     regexp.MustCompile(`(?i)\bencrypt(ed|ion)?\b[^.;]{0,30}\bat[- ]rest\b|\bat[- ]rest encryption\b`),
		refute:   refuteAtRest,
		evidence: "efs:DescribeFileSystems Encrypted; ecs:DescribeServices managedEBSVolume.encrypted",
	},
	{
		name:     "containers run as non-root",
		says:     regexp.MustCompile(`(?i)\bnon[- ]?root\b|\b(never|not|don't|do not)\b[^.;]{0,20}\brun\w* as root\b`),
		unless:   deferred,
		refute:   refuteNonRoot,
		evidence: "ecs:DescribeTaskDefinition containerDefinitions[].user",
	},
	{
		name:     "deployments use the circuit breaker",
		says:     regexp.MustCompile(`(?i)circuit[- ]breaker`),
		refute:   refuteCircuitBreaker,
		evidence: "ecs:DescribeServices deploymentConfiguration.deploymentCircuitBreaker",
	},
}

// contradictions checks the answer to one control against the claim table
// and returns one warning per refuted claim, quoting the first sentence that
// makes it.
func contradictions(controlID string, in *Input, ans *evidence.Answer) []Finding {
	if ans == nil || len(ans.Body) == 0 {
		return nil
	}
	// HTML comments are guidance (init writes its hints there), never claims.
	sentences := answerSentences([]byte(placeholder.StripComments(string(ans.Body))))
	var fs []Finding
	for _, c := range claims {
		unless := c.unless
		if unless == nil {
			unless = hedged
		}
		quote := ""
		for _, s := range sentences {
			if c.says.MatchString(s) && !unless.MatchString(s) {
				quote = s
				break
			}
		}
		if quote == "" {
			continue
		}
		res, fact := c.refute(in)
		if fact == "" {
			continue
		}
		fs = append(fs, Finding{Check: controlID + ".contradiction", Outcome: Warn, Resource: res,
			Message:     "the answer says “" + clipText(quote, 200) + "”, but " + fact,
			Evidence:    "answers/" + controlID + ".md (claim: " + c.name + "); " + c.evidence,
			Remediation: "fix the resource, or correct the answer so it says what the customer's account shows"})
	}
	return fs
}

// clipText shortens s to at most n runes, marking the cut with an ellipsis.
func clipText(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

var (
	mdImage    = regexp.MustCompile(`!\[([^\]]*)\]\([^)]*\)`)
	mdLink     = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	mdBlock    = regexp.MustCompile(`^(#{1,6}\s+|>\s*|[-*+]\s+|\d+[.)]\s+)`)
	mdEmphasis = strings.NewReplacer("**", "", "__", "", "`", "", "*", "")
	space      = regexp.MustCompile(`\s+`)
)

// answerSentences turns an answer's Markdown into plain sentences: code
// blocks dropped, headings, list items and table rows kept as their own
// blocks, inline markup stripped, paragraphs split after . ! or ?.
func answerSentences(body []byte) []string {
	var blocks []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			blocks = append(blocks, strings.Join(cur, " "))
			cur = nil
		}
	}
	fence := ""
	for _, line := range strings.Split(strings.ReplaceAll(string(body), "\r\n", "\n"), "\n") {
		t := strings.TrimSpace(line)
		if fence != "" {
			if strings.HasPrefix(t, fence) {
				fence = ""
			}
			continue
		}
		switch {
		case strings.HasPrefix(t, "```"), strings.HasPrefix(t, "~~~"):
			flush()
			fence = t[:3]
			continue
		case t == "" || strings.HasPrefix(t, "<!--"):
			flush()
			continue
		case strings.HasPrefix(t, "|"):
			// A table row is one statement: "Aurora | Multi-AZ" is about Aurora.
			flush()
			var cells []string
			for _, cell := range strings.Split(t, "|") {
				if c := strings.TrimSpace(cell); c != "" && strings.Trim(c, "-: ") != "" {
					cells = append(cells, c)
				}
			}
			if len(cells) > 0 {
				blocks = append(blocks, strings.Join(cells, " — "))
			}
			continue
		}
		if mdBlock.MatchString(t) {
			flush()
			t = mdBlock.ReplaceAllString(t, "")
		}
		cur = append(cur, t)
	}
	flush()
	var out []string
	for _, b := range blocks {
		b = mdImage.ReplaceAllString(b, "$1")
		b = mdLink.ReplaceAllString(b, "$1")
		b = mdEmphasis.Replace(b)
		b = space.ReplaceAllString(b, " ")
		start := 0
		for i := 0; i < len(b); i++ {
			if (b[i] == '.' || b[i] == '!' || b[i] == '?') && (i+1 == len(b) || b[i+1] == ' ') {
				if s := strings.TrimSpace(b[start : i+1]); s != "" {
					out = append(out, s)
				}
				start = i + 1
			}
		}
		if s := strings.TrimSpace(b[start:]); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func refuteTLS(in *Input) (string, string) {
	for _, rv := range in.Regions {
		for li := range rv.Region.ELB.LoadBalancers {
			lb := &rv.Region.ELB.LoadBalancers[li]
			for i := range lb.Listeners {
				if v := judgeListener(rv.Index, lb, &lb.Listeners[i]); v.ForwardsPlain {
					return cmp.Or(lb.Listeners[i].ARN, lb.ARN), "the " + v.Message
				}
			}
		}
	}
	return "", ""
}

// eachContainer returns the first container of the task definitions in use
// for which bad is true, with its task definition.
func eachContainer(in *Input, bad func(c *inventory.ContainerDefinition) bool) (*inventory.TaskDefinition, *inventory.ContainerDefinition) {
	for _, td := range usedTaskDefinitions(in) {
		for i := range td.Containers {
			if bad(&td.Containers[i]) {
				return td, &td.Containers[i]
			}
		}
	}
	return nil, nil
}

func refuteReadOnlyRoot(in *Input) (string, string) {
	td, c := eachContainer(in, func(c *inventory.ContainerDefinition) bool { return !c.ReadonlyRootFilesystem })
	if c == nil {
		return "", ""
	}
	return td.ARN, "container " + c.Name + " of task definition " + td.Family + ":" + strconv.Itoa(td.Revision) + " has a writable root file system"
}

func refutePrivileged(in *Input) (string, string) {
	td, c := eachContainer(in, func(c *inventory.ContainerDefinition) bool { return c.Privileged })
	if c == nil {
		return "", ""
	}
	return td.ARN, "container " + c.Name + " of task definition " + td.Family + ":" + strconv.Itoa(td.Revision) + " runs privileged"
}

func refuteNonRoot(in *Input) (string, string) {
	td, c := eachContainer(in, func(c *inventory.ContainerDefinition) bool {
		u := strings.TrimSpace(c.User)
		return u == "root" || u == "0" || strings.HasPrefix(u, "root:") || strings.HasPrefix(u, "0:")
	})
	if c == nil {
		return "", ""
	}
	return td.ARN, "container " + c.Name + " of task definition " + td.Family + ":" + strconv.Itoa(td.Revision) + " runs as user " + c.User
}

func refuteMultiAZ(in *Input) (string, string) {
	for _, r := range deployedServices(in) {
		if p, _, _ := azSpread(r); len(p) > 0 {
			return r.resource(), r.label() + " is not spread over AZs: " + strings.Join(p, "; ")
		}
	}
	return "", ""
}

func refuteInsights(in *Input) (string, string) {
	for _, rv := range in.Regions {
		for ci := range rv.Region.ECS.Clusters {
			c := &rv.Region.ECS.Clusters[ci]
			if len(c.Services) == 0 && len(c.Tasks) == 0 {
				continue
			}
			if m, _ := insightsMode(rv, c); !insightsOn(m) {
				return c.ARN, "cluster " + c.Name + " has Container Insights " + orNotSet(m)
			}
		}
	}
	return "", ""
}

// refuteScanOnPush and refuteImmutableTags reuse ECS-010's
// usedRepositories and registryScans (ecs_security.go).
func refuteScanOnPush(in *Input) (string, string) {
	for _, u := range usedRepositories(in) {
		if u.repo == nil || u.repo.ScanOnPush {
			continue
		}
		if _, ok := registryScans(u.region.ECR.Scanning, u.repo.Name); !ok {
			return cmp.Or(u.repo.ARN, u.uri), "ECR repository " + u.repo.Name + " does not scan images on push"
		}
	}
	return "", ""
}

func refuteImmutableTags(in *Input) (string, string) {
	for _, u := range usedRepositories(in) {
		if u.repo != nil && strings.HasPrefix(strings.ToUpper(u.repo.TagMutability), "MUTABLE") {
			return cmp.Or(u.repo.ARN, u.uri), "ECR repository " + u.repo.Name + " has mutable tags"
		}
	}
	return "", ""
}

func refuteAtRest(in *Input) (string, string) {
	for _, rv := range in.Regions {
		for _, f := range rv.Region.EFS {
			if !f.Encrypted {
				return cmp.Or(f.ARN, f.ID), "EFS file system " + f.ID + " is not encrypted at rest"
			}
		}
		byDefault := rv.Region.EC2.EBSEncryptionByDefault != nil && *rv.Region.EC2.EBSEncryptionByDefault
		for _, r := range deployedServicesIn(rv) {
			for _, v := range r.Svc.Volumes {
				if !v.Encrypted && !byDefault {
					return r.resource(), r.label() + " creates the unencrypted EBS volume " + v.Name
				}
			}
		}
	}
	return "", ""
}

func refuteCircuitBreaker(in *Input) (string, string) {
	for _, r := range deployedServices(in) {
		c := r.Svc.Deployment.Controller
		if (c == "" || c == "ECS") && !r.Svc.Deployment.CircuitBreakerEnabled {
			return r.resource(), r.label() + " deploys without the deployment circuit breaker"
		}
	}
	return "", ""
}
