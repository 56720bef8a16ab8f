package estate

import (
	"cmp"
	"slices"
	"strings"

	"github.com/ecspack/ecspack/inventory"
)

// ResourceKind is the kind of data store or managed service an ARN names.
// The values are the kinds a case.yaml declares (evidence's architecture
// key), so a declared store and one found in a policy compare equal.
type ResourceKind string

// The kinds of data stores and managed services the diagrams draw.
const (
	KindAurora         ResourceKind = "aurora"
	KindRDS            ResourceKind = "rds"
	KindDynamoDB       ResourceKind = "dynamodb"
	KindS3             ResourceKind = "s3"
	KindSQS            ResourceKind = "sqs"
	KindSNS            ResourceKind = "sns"
	KindEventBridge    ResourceKind = "eventbridge"
	KindElastiCache    ResourceKind = "elasticache"
	KindKinesis        ResourceKind = "kinesis"
	KindFirehose       ResourceKind = "firehose"
	KindOpenSearch     ResourceKind = "opensearch"
	KindKMS            ResourceKind = "kms"
	KindSecretsManager ResourceKind = "secretsmanager"
	KindSSMParameter   ResourceKind = "ssm-parameter"
)

// ResourceKinds lists every kind, sorted, for validation messages.
func ResourceKinds() []ResourceKind {
	return []ResourceKind{KindAurora, KindDynamoDB, KindElastiCache, KindEventBridge, KindFirehose, KindKinesis,
		KindKMS, KindOpenSearch, KindRDS, KindS3, KindSecretsManager, KindSNS, KindSQS, KindSSMParameter}
}

// ResourceRef is one data store or managed service an ARN names.
type ResourceRef struct {
	Kind ResourceKind
	// Name is what identifies the resource within its kind: a bucket,
	// queue, topic, table, stream or event bus name, a key id or alias, a
	// DB cluster's name or resource id ("cluster-…"), a secret's name
	// without the random suffix, a parameter's path. It may hold IAM
	// wildcards when the policy grants a pattern ("nwf/prod/*").
	Name string
	// Region and Account are the ARN's ("" for S3 buckets).
	Region, Account string
}

// ClassifyARN says which data store or managed service an ARN names, by
// its service and resource type. ok is false for an ARN of another
// service, a malformed one, or one whose resource is only a wildcard
// ("arn:aws:s3:::*"): that names no particular store.
func ClassifyARN(arn string) (ref ResourceRef, ok bool) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" {
		return ResourceRef{}, false
	}
	service, region, account, res := parts[2], parts[3], parts[4], parts[5]
	ref = ResourceRef{Region: region, Account: account}
	typ, rest := resourceType(res)
	switch service {
	case "s3":
		ref.Kind, ref.Name = KindS3, s3Name(region, typ, rest, res)
	case "sqs":
		ref.Kind, ref.Name = KindSQS, res
	case "sns":
		ref.Kind, ref.Name = KindSNS, res
	case "dynamodb":
		ref.Kind, ref.Name = tableKind(typ, rest)
	case "events":
		if typ != "event-bus" {
			return ResourceRef{}, false
		}
		ref.Kind, ref.Name = KindEventBridge, rest
	case "kinesis":
		ref.Kind, ref.Name = KindKinesis, rest
	case "firehose":
		ref.Kind, ref.Name = KindFirehose, rest
	case "kms":
		ref.Kind, ref.Name = KindKMS, res
	case "secretsmanager":
		ref.Kind, ref.Name = KindSecretsManager, SecretName(rest)
	case "ssm":
		if typ != "parameter" {
			return ResourceRef{}, false
		}
		ref.Kind, ref.Name = KindSSMParameter, "/"+strings.TrimPrefix(rest, "/")
	case "elasticache":
		ref.Kind, ref.Name = KindElastiCache, rest
	case "es", "aoss":
		ref.Kind, ref.Name = KindOpenSearch, rest
	case "rds":
		ref.Kind, ref.Name = rdsKind(typ, rest)
	case "rds-db":
		// dbuser:<resource id>/<user>: the id of a DB cluster
		// ("cluster-…", Aurora) or of a DB instance ("db-…").
		id := strings.SplitN(rest, "/", 2)[0]
		ref.Kind, ref.Name = KindRDS, id
		if strings.HasPrefix(id, "cluster-") {
			ref.Kind = KindAurora
		}
	}
	if ref.Kind == "" || strings.Trim(ref.Name, "*/") == "" {
		return ResourceRef{}, false
	}
	return ref, true
}

// s3Name is what an S3 ARN names: a bucket ("arn:aws:s3:::bucket/key" →
// "bucket"), or an access point, kept as "accesspoint/NAME" so it is never
// taken for a bucket (its ARN has a region; the bucket behind it is not
// named). Other regional S3 resources (batch jobs, Storage Lens) hold no
// data of the workload: "".
func s3Name(region, typ, rest, res string) string {
	if region == "" {
		return strings.SplitN(res, "/", 2)[0]
	}
	if typ == "accesspoint" {
		return "accesspoint/" + strings.SplitN(rest, "/", 2)[0]
	}
	return ""
}

// resourceType splits an ARN's resource into its type and the rest, at the
// first "/" or ":" ("table/orders" → "table", "orders").
func resourceType(res string) (typ, rest string) {
	if i := strings.IndexAny(res, "/:"); i >= 0 {
		return res[:i], res[i+1:]
	}
	return "", res
}

// tableKind names a DynamoDB table from "table/NAME[/index|stream/…]".
func tableKind(typ, rest string) (ResourceKind, string) {
	if typ != "table" {
		return "", ""
	}
	return KindDynamoDB, strings.SplitN(rest, "/", 2)[0]
}

// rdsKind names an RDS resource: a DB cluster is drawn as Aurora (the
// engine is not in the ARN; Multi-AZ DB clusters are rare), a DB instance
// as RDS; snapshots, parameter groups and the like are no store.
func rdsKind(typ, rest string) (ResourceKind, string) {
	switch typ {
	case "cluster":
		return KindAurora, rest
	case "db":
		return KindRDS, rest
	}
	return "", ""
}

// SecretName is a Secrets Manager secret's name from the resource part of
// its ARN after "secret:": the six random characters AWS appends
// ("-AbCdEf") are dropped, so every version of an ARN names one secret.
func SecretName(rest string) string {
	if i := strings.LastIndexByte(rest, '-'); i >= 0 && len(rest)-i == 7 && !strings.ContainsAny(rest[i:], "*?") {
		return rest[:i]
	}
	return rest
}

// PolicyResources lists the ARNs the Allow statements of an IAM policy
// document grant actions on, in document order, each once. Deny statements
// and NotResource grant nothing to draw. The document may be URL-encoded,
// as GetRolePolicy returns it.
func PolicyResources(doc string) ([]string, error) {
	stmts, err := ParsePolicy(doc)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, st := range stmts {
		if st.Effect != "Allow" {
			continue
		}
		for _, r := range st.Resource {
			if !slices.Contains(out, r) {
				out = append(out, r)
			}
		}
	}
	return out, nil
}

// UsedResources are the data stores and managed services the service's
// containers reach: the resources its task role's policies grant actions
// on (inline policies and customer-managed ones the snapshot holds the
// document of) and the secrets and parameters its task definition injects
// (names only). Sorted by kind and name, each once; a policy document that
// cannot be read is skipped (assess reports it). Computed once; the caller
// gets its own copy.
func (s *Service) UsedResources() []ResourceRef {
	s.usedOnce.Do(func() { s.used = s.usedResources() })
	return slices.Clone(s.used)
}

// usedResources computes UsedResources.
func (s *Service) usedResources() []ResourceRef {
	var arns []string
	if r := s.TaskRole().Role; r != nil {
		for _, p := range slices.Concat(r.InlinePolicies, r.AttachedPolicies) {
			if p.Document == "" {
				continue
			}
			if list, err := PolicyResources(p.Document); err == nil {
				arns = append(arns, list...)
			}
		}
	}
	if s.TaskDef != nil {
		for _, c := range s.TaskDef.Containers {
			for _, sec := range c.Secrets {
				arns = append(arns, secretARN(s, sec))
			}
		}
	}
	var out []ResourceRef
	for _, a := range arns {
		if ref, ok := ClassifyARN(a); ok && !slices.Contains(out, ref) {
			out = append(out, ref)
		}
	}
	slices.SortFunc(out, func(a, b ResourceRef) int {
		return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Name, b.Name), cmp.Compare(a.Account, b.Account), cmp.Compare(a.Region, b.Region))
	})
	return out
}

// secretARN is a container secret's ValueFrom as an ARN: a parameter given
// by name (the task's own region and account) is made one.
func secretARN(s *Service, sec inventory.SecretRef) string {
	if strings.HasPrefix(sec.ValueFrom, "arn:") {
		return sec.ValueFrom
	}
	return "arn:aws:ssm:" + s.RegionName() + ":" + s.AccountID() + ":parameter/" + strings.TrimPrefix(sec.ValueFrom, "/")
}
