package discover

import (
	"cmp"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"

	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/inventory"
)

// kmsOperations are the AWS KMS reads: the metadata and rotation status of
// the keys the estate uses — never key material, never a key policy.
var kmsOperations = ops("kms", "DescribeKey", "GetKeyRotationStatus")

// keyRotation is what GetKeyRotationStatus answered about one key, or the
// gap its failure left.
type keyRotation struct {
	enabled bool
	days    int
	gaps    []string
}

// collectKeysInUse describes each KMS key the region's resources and task
// roles name, and asks the rotation status of each symmetric customer
// managed key whose material KMS generated. It runs after the stores, whose
// keys it reads too.
func (r *regionRun) collectKeysInUse(reach storeReach) {
	if !r.run.enabled("kms") {
		return
	}
	c := kms.NewFromConfig(r.cfg)
	var asked onceSet // a key named twice (by alias and ARN) is asked its rotation once
	for _, ref := range r.b.keysInUse(reach) {
		r.spawn(func() {
			out, err := c.DescribeKey(r.ctx, &kms.DescribeKeyInput{KeyId: aws.String(ref)})
			if r.failAbout("kms", err, func(g string) { r.b.addKMSKeyGap(ref, g) }) {
				return
			}
			k := r.b.addKMSKey(ref, out)
			if k.KeyManager != string(kmstypes.KeyManagerTypeCustomer) || !k.CanRotate() || !asked.add(k.ARN) {
				return
			}
			rot, err := c.GetKeyRotationStatus(r.ctx, &kms.GetKeyRotationStatusInput{KeyId: aws.String(k.ARN)})
			if r.failAbout("kms", err, func(g string) { r.b.addKeyRotationGap(k.ARN, g) }) {
				return
			}
			r.b.addKeyRotation(k.ARN, rot)
		})
	}
	r.wg.Wait()
	r.run.progress(r.account, r.region, "kms")
}

// keySources are where the estate names the KMS keys it uses, one small
// function per source; each returns key references as the API gave them
// (key id, key ARN, alias name or alias ARN). Called with b.mu held.
var keySources = []func(b *builder) []string{
	(*builder).repositoryKeys,
	(*builder).secretKeys,
	(*builder).logGroupKeys,
	(*builder).fileSystemKeys,
	(*builder).trailKeys,
	(*builder).clusterKeys,
	(*builder).serviceVolumeKeys,
	(*builder).storeKeys,
}

// keysInUse lists the key references of this region the estate uses — its
// resources' keys (keySources) and the keys its task roles' policies name —
// sorted, each once. A reference that is an ARN of another region is left
// out: a key encrypts data only in its own region.
func (b *builder) keysInUse(reach storeReach) []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for _, src := range keySources {
		out = append(out, src(b)...)
	}
	for _, ref := range reach.of(estate.KindKMS) {
		out = append(out, inventory.RegionalARN("kms", ref.Region, ref.Account, ref.Name))
	}
	out = slices.DeleteFunc(out, func(ref string) bool {
		p := strings.Split(ref, ":")
		return ref == "" || (strings.HasPrefix(ref, "arn:") && (len(p) < 6 || p[3] != b.r.Name))
	})
	slices.Sort(out)
	return slices.Compact(out)
}

func (b *builder) repositoryKeys() []string {
	var out []string
	for _, x := range b.r.ECR.Repositories {
		out = append(out, x.KMSKey)
	}
	return out
}

func (b *builder) secretKeys() []string {
	var out []string
	for _, x := range b.r.Secrets {
		out = append(out, x.KMSKey)
	}
	return out
}

func (b *builder) logGroupKeys() []string {
	var out []string
	for _, x := range b.r.LogGroups {
		out = append(out, x.KMSKey)
	}
	return out
}

func (b *builder) fileSystemKeys() []string {
	var out []string
	for _, x := range b.fileSystems {
		out = append(out, x.KMSKey)
	}
	return out
}

func (b *builder) trailKeys() []string {
	var out []string
	for _, x := range b.r.Trails {
		out = append(out, x.KMSKey)
	}
	return out
}

// clusterKeys are the ECS Exec, managed storage and Fargate ephemeral
// storage keys of the clusters.
func (b *builder) clusterKeys() []string {
	var out []string
	for _, x := range b.clusters {
		out = append(out, x.ExecuteCommandKMSKey, x.ManagedStorageKMSKey, x.FargateEphemeralKMSKey)
	}
	return out
}

// serviceVolumeKeys are the keys of the EBS volumes ECS manages for services.
func (b *builder) serviceVolumeKeys() []string {
	var out []string
	for _, s := range b.services {
		for _, v := range s.Volumes {
			out = append(out, v.KMSKeyID)
		}
	}
	return out
}

// storeKeys are the keys of the data stores: the region's RDS and Aurora
// databases (every one described, like log groups and repositories) and the
// DynamoDB tables, SQS queues, SNS topics and S3 buckets (those read in this
// region) the task roles reach. The stores phase reads them before the keys.
func (b *builder) storeKeys() []string {
	var out []string
	for _, x := range b.r.RDS.Instances {
		out = append(out, x.KMSKeyID)
	}
	for _, x := range b.r.RDS.Clusters {
		out = append(out, x.KMSKeyID)
	}
	for _, x := range b.r.DynamoDBTables {
		out = append(out, x.KMSKey)
	}
	for _, x := range b.r.Queues {
		out = append(out, x.KMSKey)
	}
	for _, x := range b.r.Topics {
		out = append(out, x.KMSKey)
	}
	for _, d := range b.dataBuckets {
		if d.data {
			out = append(out, d.KMSKey)
		}
	}
	return out
}

// addKMSKey records what DescribeKey said about the key the estate names
// ref (an alias is kept among the key's aliases), and returns the record.
func (b *builder) addKMSKey(ref string, out *kms.DescribeKeyOutput) inventory.KMSKey {
	m := out.KeyMetadata
	if m == nil {
		m = &kmstypes.KeyMetadata{}
	}
	k := inventory.KMSKey{ARN: cmp.Or(aws.ToString(m.Arn), ref), KeyManager: string(m.KeyManager), KeySpec: string(m.KeySpec),
		KeyState: string(m.KeyState), Origin: string(m.Origin), MultiRegion: aws.ToBool(m.MultiRegion), DeletionDate: aws.ToTime(m.DeletionDate).UTC()}
	b.mu.Lock()
	defer b.mu.Unlock()
	if old, ok := b.kmsKeys[k.ARN]; ok {
		k.Aliases = old.Aliases
	}
	if inventory.IsKMSAlias(ref) && !slices.Contains(k.Aliases, ref) {
		k.Aliases = append(slices.Clone(k.Aliases), ref)
	}
	b.kmsKeys[k.ARN] = k
	return k
}

// addKMSKeyGap records that DescribeKey failed for the key the estate
// names ref: only the reference is then known.
func (b *builder) addKMSKeyGap(ref, gap string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	k := b.kmsKeys[ref]
	k.ARN, k.Gaps = ref, append(k.Gaps, gap)
	b.kmsKeys[ref] = k
}

// addKeyRotation records GetKeyRotationStatus's answer for a key (by ARN;
// the answer's KeyId when it holds one).
func (b *builder) addKeyRotation(arn string, out *kms.GetKeyRotationStatusOutput) {
	if id := aws.ToString(out.KeyId); strings.HasPrefix(id, "arn:") {
		arn = id
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	rot := b.kmsRotation[arn]
	rot.enabled, rot.days = out.KeyRotationEnabled, int(aws.ToInt32(out.RotationPeriodInDays))
	b.kmsRotation[arn] = rot
}

// addKeyRotationGap records that GetKeyRotationStatus failed for a key.
func (b *builder) addKeyRotationGap(arn, gap string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	rot := b.kmsRotation[arn]
	rot.gaps = append(rot.gaps, gap)
	b.kmsRotation[arn] = rot
}

// finishKMSKeys joins each described key with its rotation status. Called
// with b.mu held.
func (b *builder) finishKMSKeys() []inventory.KMSKey {
	var out []inventory.KMSKey
	for arn, k := range b.kmsKeys {
		if rot, ok := b.kmsRotation[arn]; ok {
			k.RotationCollected = len(rot.gaps) == 0
			k.RotationEnabled, k.RotationDays = rot.enabled, rot.days
			k.Gaps = append(slices.Clone(k.Gaps), rot.gaps...)
		}
		k.Aliases = slices.Clone(k.Aliases)
		slices.Sort(k.Aliases)
		out = append(out, k)
	}
	return out
}
