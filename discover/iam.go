package discover

import (
	"maps"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/ecspack/ecspack/inventory"
)

// iamOperations are the IAM reads: the account summary and, for the roles
// task definitions use (and only those), the role with its policies.
var iamOperations = ops("iam",
	"GetAccountSummary", "GetRole", "ListRolePolicies", "GetRolePolicy", "ListAttachedRolePolicies",
	"GetPolicy", "GetPolicyVersion",
)

// awsManagedPolicyPrefix marks AWS managed policies, whose documents are public
// and not fetched.
const awsManagedPolicyPrefix = "arn:aws:iam::aws:policy/"

// iamBuilder assembles an account's IAM facts; safe for concurrent use.
type iamBuilder struct {
	mu       sync.Mutex
	summary  map[string]int
	roles    map[string]*inventory.Role // by role name
	policies map[string]string          // customer managed policy ARN -> document
	// policyGaps are failed reads of customer managed policies, by ARN: every
	// role that attaches the policy inherits them.
	policyGaps map[string][]string
	// listed are the inline policy names ListRolePolicies gave, by role
	// (import only: each must have its document).
	listed map[string][]string
	// s3Block is the account's S3 Block Public Access (import only: its
	// file is read with the account-wide ones, see s3control.go); nil
	// when no file said anything about it.
	s3Block *inventory.S3AccountBlock
}

func newIAMBuilder() *iamBuilder {
	return &iamBuilder{roles: map[string]*inventory.Role{}, policies: map[string]string{}, policyGaps: map[string][]string{}, listed: map[string][]string{}}
}

// roleName returns the name part of a role ARN (the path is not part of it).
func roleName(arn string) string {
	p := inventory.ARNPart(arn)
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[i+1:]
	}
	return p
}

// collectIAM reads the account summary and the given roles.
func (r *regionRun) collectIAM(roleARNs map[string]bool) inventory.IAM {
	c := iam.NewFromConfig(r.cfg)
	ib := newIAMBuilder()
	var policiesSeen onceSet
	r.spawn(func() {
		out, err := c.GetAccountSummary(r.ctx, &iam.GetAccountSummaryInput{})
		if !r.fail("iam", err) {
			ib.addAccountSummary(out)
		}
	})
	for _, arn := range slices.Sorted(maps.Keys(roleARNs)) {
		name := roleName(arn)
		ib.mu.Lock()
		ib.role(name).ARN = arn // known even if GetRole is denied
		ib.mu.Unlock()
		gap := func(g string) { ib.gap(name, g) }
		r.spawn(func() {
			out, err := c.GetRole(r.ctx, &iam.GetRoleInput{RoleName: aws.String(name)})
			if r.failAbout("iam", err, gap) {
				return
			}
			ib.addRole(out)
		})
		r.spawn(func() {
			p := iam.NewListRolePoliciesPaginator(c, &iam.ListRolePoliciesInput{RoleName: aws.String(name)})
			for p.HasMorePages() {
				out, err := p.NextPage(r.ctx)
				if r.failAbout("iam", err, gap) {
					return
				}
				for _, pn := range out.PolicyNames {
					r.spawn(func() {
						out, err := c.GetRolePolicy(r.ctx, &iam.GetRolePolicyInput{RoleName: aws.String(name), PolicyName: aws.String(pn)})
						if !r.failAbout("iam", err, gap) {
							ib.addRolePolicy(out)
						}
					})
				}
			}
		})
		r.spawn(func() {
			p := iam.NewListAttachedRolePoliciesPaginator(c, &iam.ListAttachedRolePoliciesInput{RoleName: aws.String(name)})
			for p.HasMorePages() {
				out, err := p.NextPage(r.ctx)
				if r.failAbout("iam", err, gap) {
					return
				}
				ib.addAttachedRolePolicies(name, out)
				for _, ap := range out.AttachedPolicies {
					parn := aws.ToString(ap.PolicyArn)
					if strings.HasPrefix(parn, awsManagedPolicyPrefix) || !policiesSeen.add(parn) {
						continue
					}
					r.spawn(func() {
						pgap := func(g string) { ib.policyGap(parn, g) }
						pol, err := c.GetPolicy(r.ctx, &iam.GetPolicyInput{PolicyArn: aws.String(parn)})
						if r.failAbout("iam", err, pgap) {
							return
						}
						if pol.Policy == nil {
							pgap("iam GetPolicy: NoPolicy")
							return
						}
						out, err := c.GetPolicyVersion(r.ctx, &iam.GetPolicyVersionInput{PolicyArn: aws.String(parn), VersionId: pol.Policy.DefaultVersionId})
						if !r.failAbout("iam", err, pgap) {
							ib.addPolicyVersion(parn, out)
						}
					})
				}
			}
		})
	}
	r.wg.Wait()
	return ib.finish()
}

// decodePolicy URL-decodes a policy document as the IAM API returns it
// (RFC 3986 escapes; '+' is literal). Text that already is JSON (as the aws
// CLI prints it) is returned as it is.
func decodePolicy(doc string) string {
	if strings.HasPrefix(strings.TrimSpace(doc), "{") {
		return doc
	}
	if s, err := url.PathUnescape(doc); err == nil {
		return s
	}
	return doc
}

func (ib *iamBuilder) role(name string) *inventory.Role {
	ro := ib.roles[name]
	if ro == nil {
		ro = &inventory.Role{Name: name}
		ib.roles[name] = ro
	}
	return ro
}

// gap marks a role as not fully collected.
func (ib *iamBuilder) gap(role, g string) {
	ib.mu.Lock()
	defer ib.mu.Unlock()
	ro := ib.role(role)
	ro.Gaps = append(ro.Gaps, g)
}

// addListedPolicies remembers the inline policies a role is listed with.
func (ib *iamBuilder) addListedPolicies(role string, names []string) {
	ib.mu.Lock()
	defer ib.mu.Unlock()
	ib.listed[role] = append(ib.listed[role], names...)
	ib.role(role)
}

// checkListedPolicies marks a role whose listed inline policy has no
// document (its get-role-policy file is absent): the role is then not a role
// without that policy, but one whose policy is unknown.
func (ib *iamBuilder) checkListedPolicies() {
	ib.mu.Lock()
	defer ib.mu.Unlock()
	for role, names := range ib.listed {
		ro := ib.role(role)
		for _, n := range names {
			if !slices.ContainsFunc(ro.InlinePolicies, func(p inventory.Policy) bool { return p.Name == n }) {
				ro.Gaps = append(ro.Gaps, "iam GetRolePolicy: MissingFile")
			}
		}
	}
}

// nameRoles gives roles known only by name (their get-role failed) the ARN
// the task definitions use for them; a role no task definition names is
// dropped, as discovery reads only roles task definitions use.
func (ib *iamBuilder) nameRoles(regions []inventory.Region) {
	arns := map[string]string{}
	for _, r := range regions {
		for _, td := range r.ECS.TaskDefinitions {
			for _, arn := range []string{td.TaskRoleARN, td.ExecutionRoleARN} {
				if arn != "" {
					arns[roleName(arn)] = arn
				}
			}
		}
	}
	ib.mu.Lock()
	defer ib.mu.Unlock()
	for name, ro := range ib.roles {
		if ro.ARN != "" {
			continue
		}
		if arn := arns[name]; arn != "" {
			ro.ARN = arn
		} else {
			delete(ib.roles, name)
		}
	}
}

// policyGap records a customer managed policy whose document could not be read.
func (ib *iamBuilder) policyGap(arn, g string) {
	ib.mu.Lock()
	defer ib.mu.Unlock()
	ib.policyGaps[arn] = append(ib.policyGaps[arn], g)
}

func (ib *iamBuilder) addAccountSummary(out *iam.GetAccountSummaryOutput) {
	ib.mu.Lock()
	defer ib.mu.Unlock()
	ib.summary = map[string]int{}
	for k, v := range out.SummaryMap {
		ib.summary[k] = int(v)
	}
}

func (ib *iamBuilder) addRole(out *iam.GetRoleOutput) {
	if out.Role == nil {
		return
	}
	ib.mu.Lock()
	defer ib.mu.Unlock()
	ro := ib.role(aws.ToString(out.Role.RoleName))
	ro.ARN = aws.ToString(out.Role.Arn)
	ro.TrustPolicy = decodePolicy(aws.ToString(out.Role.AssumeRolePolicyDocument))
	ro.Tags = tagMap(out.Role.Tags, func(t iamtypes.Tag) (*string, *string) { return t.Key, t.Value })
}

func (ib *iamBuilder) addRolePolicy(out *iam.GetRolePolicyOutput) {
	ib.mu.Lock()
	defer ib.mu.Unlock()
	ro := ib.role(aws.ToString(out.RoleName))
	ro.InlinePolicies = append(ro.InlinePolicies, inventory.Policy{Name: aws.ToString(out.PolicyName), Document: decodePolicy(aws.ToString(out.PolicyDocument))})
}

func (ib *iamBuilder) addAttachedRolePolicies(role string, out *iam.ListAttachedRolePoliciesOutput) {
	ib.mu.Lock()
	defer ib.mu.Unlock()
	ro := ib.role(role)
	for _, p := range out.AttachedPolicies {
		arn := aws.ToString(p.PolicyArn)
		ro.AttachedPolicies = append(ro.AttachedPolicies, inventory.Policy{Name: aws.ToString(p.PolicyName), ARN: arn,
			AWSManaged: strings.HasPrefix(arn, awsManagedPolicyPrefix)})
	}
}

func (ib *iamBuilder) addPolicyVersion(arn string, out *iam.GetPolicyVersionOutput) {
	if out.PolicyVersion == nil {
		return
	}
	ib.mu.Lock()
	defer ib.mu.Unlock()
	ib.policies[arn] = decodePolicy(aws.ToString(out.PolicyVersion.Document))
}

func (ib *iamBuilder) finish() inventory.IAM {
	ib.mu.Lock()
	defer ib.mu.Unlock()
	out := inventory.IAM{Summary: ib.summary}
	for _, ro := range ib.roles {
		r := *ro
		r.AttachedPolicies = slices.Clone(r.AttachedPolicies)
		r.Gaps = slices.Clone(r.Gaps)
		for i := range r.AttachedPolicies {
			if doc, ok := ib.policies[r.AttachedPolicies[i].ARN]; ok {
				r.AttachedPolicies[i].Document = doc
			}
			r.Gaps = append(r.Gaps, ib.policyGaps[r.AttachedPolicies[i].ARN]...)
		}
		slices.Sort(r.Gaps)
		r.Gaps = slices.Compact(r.Gaps)
		out.Roles = append(out.Roles, r)
	}
	slices.SortFunc(out.Roles, func(a, b inventory.Role) int { return strings.Compare(a.ARN, b.ARN) })
	return out
}
