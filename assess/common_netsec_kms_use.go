package assess

import (
	"cmp"
	"slices"

	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/inventory"
)

// Which KMS keys the workload uses. Discovery describes every key a
// resource of the region names — the keys of every log group, repository,
// file system and database it lists, the workload's or not — so the key
// checks judge only the keys something of the case study's workload names:
// its clusters and service volumes, the log groups, repositories, file
// systems and secrets of the task definitions in use, the databases,
// tables, queues, topics and buckets the services use, the keys the task
// roles name, and the trails (the account's audit log, ACCT-001's
// evidence). Another application's key in the same region is not this
// case study's to answer for.

// keyUse is one thing of the workload that names a KMS key: in which
// account and region, by which reference (ARN, id or alias), and what it
// is ("log group /ecs/web").
type keyUse struct{ account, region, ref, what string }

// workloadKeyUses lists the key references of the workload (see above).
func workloadKeyUses(in *Input) []keyUse {
	var out []keyUse
	add := func(account, region, ref, what string) {
		if ref != "" {
			out = append(out, keyUse{account, region, ref, what})
		}
	}
	for _, rv := range in.Regions {
		r := rv.Region
		for _, c := range r.ECS.Clusters {
			for _, ref := range []string{c.ExecuteCommandKMSKey, c.ManagedStorageKMSKey, c.FargateEphemeralKMSKey} {
				add(rv.Account, r.Name, ref, "cluster "+c.Name)
			}
			for _, s := range c.Services {
				for _, v := range s.Volumes {
					add(rv.Account, r.Name, v.KMSKeyID, "service "+s.Name+" volumes")
				}
			}
		}
		for _, x := range r.Trails {
			add(rv.Account, r.Name, x.KMSKey, "trail "+x.Name)
		}
		for _, d := range rv.View.Databases() {
			if len(d.Uses) == 0 {
				continue
			}
			if d.Cluster != nil {
				add(rv.Account, r.Name, d.Cluster.KMSKeyID, "DB cluster "+d.Cluster.ID)
			} else {
				add(rv.Account, r.Name, d.Instance.KMSKeyID, "DB instance "+d.Instance.ID)
			}
		}
	}
	for _, u := range wlTaskDefs(in) {
		out = append(out, taskDefKeyUses(u)...)
	}
	for _, s := range in.Estate.Services() {
		for _, ref := range s.UsedResources() {
			if ref.Region == "" || ref.Account == "" {
				continue
			}
			switch ref.Kind {
			case estate.KindKMS:
				add(ref.Account, ref.Region, inventory.RegionalARN("kms", ref.Region, ref.Account, ref.Name), "task role of "+s.Name())
			case estate.KindSQS, estate.KindSNS:
				if r := in.Estate.Region(ref.Account, ref.Region); r != nil {
					arn := inventory.RegionalARN(string(ref.Kind), ref.Region, ref.Account, ref.Name)
					add(ref.Account, ref.Region, messagingKey(r.Region, arn), messagingWhat(ref.Kind)+" "+ref.Name)
				}
			}
		}
	}
	for _, u := range usedTables(in) {
		if u.table != nil {
			add(u.account, u.region, u.table.KMSKey, "DynamoDB table "+u.name)
		}
	}
	for _, u := range usedBuckets(in) {
		if u.bucket != nil {
			add(u.account, u.bucket.Region, u.bucket.KMSKey, "S3 bucket "+u.name)
		}
	}
	return out
}

// taskDefKeyUses lists the keys a task definition in use reaches through
// its log groups, images' repositories, EFS volumes and injected secrets.
func taskDefKeyUses(u *wlTaskDef) []keyUse {
	var out []keyUse
	r := u.rv.Region
	add := func(account, region, ref, what string) {
		if ref != "" {
			out = append(out, keyUse{account, region, ref, what})
		}
	}
	for _, lg := range u.rv.View.TaskDefLogGroups(u.td) {
		if lg.LogGroup != nil {
			add(lg.Where.AccountID(), lg.Where.Name(), lg.LogGroup.KMSKey, "log group "+lg.Group)
		}
	}
	for _, c := range u.td.Containers {
		if repo := u.rv.Index.RepositoryForImage(c.Image); repo != nil {
			add(u.rv.Account, r.Name, repo.KMSKey, "ECR repository "+repo.Name)
		}
		for _, ref := range c.Secrets {
			arn, ok := inventory.SecretARN(ref.ValueFrom)
			if !ok {
				continue
			}
			if sec := findSecret(r, arn); sec != nil {
				add(u.rv.Account, r.Name, sec.KMSKey, "secret "+cmp.Or(sec.Name, arn))
			}
		}
	}
	for _, v := range u.td.Volumes {
		if v.EFS == nil {
			continue
		}
		if fs := u.rv.Index.FileSystem(v.EFS.FileSystemID); fs != nil {
			add(u.rv.Account, r.Name, fs.KMSKey, "EFS "+fs.ID)
		}
	}
	return out
}

// workloadKeyUsers lists, in the order found and each once, what of the
// workload names key k of the given account and region; nil when nothing
// does (the key is not the workload's).
func workloadKeyUsers(uses []keyUse, account, region string, k inventory.KMSKey) []string {
	var users []string
	for _, u := range uses {
		if u.account == account && u.region == region && keyNamedBy(k, u.ref) && !slices.Contains(users, u.what) {
			users = append(users, u.what)
		}
	}
	return users
}

// messagingKey is the KMS key of the queue or topic with this ARN in the
// region's reads; "" when it has none or was not read.
func messagingKey(r *inventory.Region, arn string) string {
	for _, q := range r.Queues {
		if q.ARN == arn {
			return q.KMSKey
		}
	}
	for _, t := range r.Topics {
		if t.ARN == arn {
			return t.KMSKey
		}
	}
	return ""
}

// messagingWhat names a queue's or topic's kind in a message.
func messagingWhat(kind estate.ResourceKind) string {
	if kind == estate.KindSQS {
		return "SQS queue"
	}
	return "SNS topic"
}

// eachWorkloadKey calls judge with each described key the workload uses
// and its name for messages: "KMS key alias/orders (…) (used by log group
// /ecs/orders; DynamoDB table orders)". A key only other applications use
// is left out.
func eachWorkloadKey(in *Input, judge func(k inventory.KMSKey, name string)) {
	uses := workloadKeyUses(in)
	for _, rv := range in.Regions {
		for _, k := range rv.Region.KMSKeys {
			if users := workloadKeyUsers(uses, rv.Account, rv.Region.Name, k); len(users) > 0 {
				judge(k, kmsKeyName(k)+" (used by "+summarize(users)+")")
			}
		}
	}
}

// noWorkloadKey is the note when no key of the workload was described.
func noWorkloadKey(in *Input, ev string) Finding {
	return Finding{Outcome: Info, Resource: caseID(in), Evidence: ev,
		Message: "no KMS key the workload uses in the snapshot: none of its resources or task roles names one, or the keys were not read"}
}
