package discover

import (
	"cmp"
	"slices"
	"sync"

	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/inventory"
)

// The data stores the task roles reach (DynamoDB tables, S3 buckets, SQS
// queues, SNS topics) and then the KMS keys of everything read are read
// after IAM: which stores the workload reaches is written in its task roles'
// policies, and IAM is read once per account after every region's ECS
// resources. RDS and Aurora databases are listed whole with the region's
// other resources (rds.go); estate links them to the services that use them.

// storeReach is what one region's task roles grant actions on, by kind:
// named resources of the region (S3 buckets, whose ARNs name no region, in
// every region's reach), sorted by name, each once. A name holding an IAM
// wildcard ("orders-*") names no store to describe and is left out.
type storeReach map[estate.ResourceKind][]estate.ResourceRef

// of returns the reached resources of one kind.
func (s storeReach) of(k estate.ResourceKind) []estate.ResourceRef { return s[k] }

// reachOf lists what the task roles of the region's task definitions reach,
// reading their policy documents from the account's IAM snapshot. A document
// that does not parse reaches nothing here (assess reports it).
func reachOf(iam inventory.IAM, region, account string, taskRoles []string) storeReach {
	reach := storeReach{}
	for _, role := range iam.Roles {
		if !slices.Contains(taskRoles, role.ARN) {
			continue
		}
		for _, p := range slices.Concat(role.InlinePolicies, role.AttachedPolicies) {
			arns, err := estate.PolicyResources(p.Document)
			if err != nil {
				continue
			}
			for _, a := range arns {
				ref, ok := estate.ClassifyARN(a)
				if !ok || hasWildcard(ref.Name) || (ref.Region != "" && ref.Region != region) ||
					(ref.Account != "" && account != "" && ref.Account != account) || slices.Contains(reach[ref.Kind], ref) {
					continue
				}
				reach[ref.Kind] = append(reach[ref.Kind], ref)
			}
		}
	}
	for _, refs := range reach {
		slices.SortFunc(refs, func(a, b estate.ResourceRef) int { return cmp.Compare(a.Name, b.Name) })
	}
	return reach
}

// hasWildcard reports whether an IAM resource name is a pattern.
func hasWildcard(name string) bool {
	return slices.ContainsFunc([]rune(name), func(r rune) bool { return r == '*' || r == '?' })
}

// taskRoles lists the task role ARNs of the builder's task definitions,
// sorted, each once.
func (b *builder) taskRoles() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for _, td := range b.taskDefs {
		if td.TaskRoleARN != "" {
			out = append(out, td.TaskRoleARN)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// roles lists the task and execution role ARNs of the builder's task
// definitions: the roles IAM is read for.
func (b *builder) roles() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for _, td := range b.taskDefs {
		for _, arn := range []string{td.TaskRoleARN, td.ExecutionRoleARN} {
			if arn != "" {
				out = append(out, arn)
			}
		}
	}
	return out
}

// storeCollector reads one service's reached stores into the builder.
type storeCollector struct {
	service string
	fn      func(*regionRun, storeReach)
}

// storeCollectors are the data-store reads, one per service, run
// concurrently; each marks a store whose read failed with a gap.
var storeCollectors = []storeCollector{
	{"dynamodb", collectDynamoDBTables},
	{"sns", collectTopics}, {"sqs", collectQueues},
	{"s3", (*regionRun).collectDataBuckets},
}

// collectStoresInUse reads the stores the region's task roles reach, each
// service concurrently, then (needing the stores' keys) the KMS keys in use.
func (r *regionRun) collectStoresInUse(reach storeReach) {
	var wg sync.WaitGroup
	for _, c := range storeCollectors {
		if !r.run.enabled(c.service) {
			continue
		}
		wg.Go(func() {
			sub := &regionRun{ctx: r.ctx, run: r.run, account: r.account, region: r.region, cfg: r.cfg, b: r.b}
			c.fn(sub, reach)
			sub.wg.Wait()
			r.run.progress(r.account, r.region, c.service)
		})
	}
	wg.Wait()
	r.collectKeysInUse(reach)
}
