package discover

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/efs"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/ecspack/ecspack/internal/safefile"
	"github.com/ecspack/ecspack/inventory"
)

// The offline path: `ecspack collect-script` writes the aws CLI's JSON output
// of the same read operations into a folder, laid out as
//
//	DIR/sts/get-caller-identity.json
//	DIR/iam/<operation>[.<key>][.<n>].json
//	DIR/s3control/get-public-access-block.json
//	DIR/<region>/<service>/<operation>[.<key>][.<n>].json
//
// where <operation> is the aws CLI command (describe-services), <key> the
// resource the call was about (percent-escaped, '.' included) when the output
// does not say it, and <n> a batch number. Import reads such a folder with the
// same converters as live discovery: the aws CLI prints the shapes of the SDK
// output structs, so each file is decoded into e.g. ecs.DescribeServicesOutput.

// fileImporter decodes one file into the builder; key is the file's <key>.
type fileImporter struct {
	op Operation
	// expected files must be present in every region (or account) folder; a
	// missing one is a recorded gap.
	expected bool
	// decode adds the file to the builders; visit sees every string of the
	// file (see importRun.mention).
	decode func(b *builder, ib *iamBuilder, data []byte, key string, at regionAt, visit func(string)) error
}

// regionAt is where an imported file belongs.
type regionAt struct{ account, region string }

func imp[T any](service, op string, expected bool, add func(b *builder, ib *iamBuilder, out *T, key string, at regionAt)) fileImporter {
	return fileImporter{op: Operation{Service: service, Name: op}, expected: expected,
		decode: func(b *builder, ib *iamBuilder, data []byte, key string, at regionAt, visit func(string)) error {
			var out T
			if err := decodeCLIJSON(data, &out, visit); err != nil {
				return err
			}
			add(b, ib, &out, key, at)
			return nil
		}}
}

// regional imports a file whose decoded output the region's builder takes
// as it is.
func regional[T any](service, op string, expected bool, add func(*builder, *T)) fileImporter {
	return imp(service, op, expected, func(b *builder, _ *iamBuilder, out *T, _ string, _ regionAt) { add(b, out) })
}

// regionalKeyed imports a file whose output does not name the resource it is
// about: the file's key does (a listener, target group, trail, detector...).
func regionalKeyed[T any](service, op string, expected bool, add func(*builder, string, *T)) fileImporter {
	return imp(service, op, expected, func(b *builder, _ *iamBuilder, out *T, key string, _ regionAt) { add(b, key, out) })
}

// accountWide imports an IAM file the account's IAM builder takes as it is.
func accountWide[T any](service, op string, expected bool, add func(*iamBuilder, *T)) fileImporter {
	return imp(service, op, expected, func(_ *builder, ib *iamBuilder, out *T, _ string, _ regionAt) { add(ib, out) })
}

// accountWideKeyed imports an IAM file whose key names the role or policy.
func accountWideKeyed[T any](service, op string, expected bool, add func(*iamBuilder, string, *T)) fileImporter {
	return imp(service, op, expected, func(_ *builder, ib *iamBuilder, out *T, key string, _ regionAt) { add(ib, key, out) })
}

// importers are the files import understands. List operations whose output
// the describes repeat (ListClusters, ListServices, ...) are not imported.
var importers = []fileImporter{
	regional("ec2", "DescribeAvailabilityZones", true, (*builder).addAvailabilityZones),
	regional("ec2", "DescribeVpcs", true, (*builder).addVpcs),
	regional("ec2", "DescribeSubnets", true, (*builder).addSubnets),
	regional("ec2", "DescribeRouteTables", true, (*builder).addRouteTables),
	regional("ec2", "DescribeInternetGateways", true, (*builder).addInternetGateways),
	regional("ec2", "DescribeNatGateways", true, (*builder).addNatGateways),
	regional("ec2", "DescribeSecurityGroups", true, (*builder).addSecurityGroups),
	regional("ec2", "DescribeNetworkAcls", true, (*builder).addNetworkAcls),
	regional("ec2", "DescribeVpcEndpoints", true, (*builder).addVpcEndpoints),
	regional("ec2", "DescribeSpotFleetRequests", true, (*builder).addSpotFleetRequests),
	regional("ec2", "GetEbsEncryptionByDefault", true, (*builder).addEbsEncryptionByDefault),
	imp("ec2", "DescribeNetworkInterfaces", true, func(b *builder, _ *iamBuilder, o *ec2.DescribeNetworkInterfacesOutput, _ string, _ regionAt) {
		b.addNetworkInterfaces(o)
		b.networkInterfacesRead()
	}),
	imp("ec2", "DescribeInstances", false, func(b *builder, _ *iamBuilder, o *ec2.DescribeInstancesOutput, _ string, _ regionAt) {
		b.addInstances(o)
	}),
	regional("ec2", "DescribeImages", false, (*builder).addImages),

	regional("ecs", "ListAccountSettings", true, (*builder).addAccountSettings),
	regional("ecs", "DescribeClusters", true, (*builder).addClusters),
	regional("ecs", "DescribeServices", false, (*builder).addServices),
	regional("ecs", "DescribeTasks", false, (*builder).addTasks),
	regional("ecs", "DescribeTaskDefinition", false, (*builder).addTaskDefinition),
	imp("ecs", "DescribeContainerInstances", false, func(b *builder, _ *iamBuilder, o *ecs.DescribeContainerInstancesOutput, key string, at regionAt) {
		cluster := key
		if !strings.HasPrefix(cluster, "arn:") {
			cluster = fmt.Sprintf("arn:aws:ecs:%s:%s:cluster/%s", at.region, at.account, key)
		}
		b.addContainerInstances(cluster, o)
	}),
	regional("ecs", "DescribeCapacityProviders", false, (*builder).addCapacityProviders),
	regionalKeyed("kms", "DescribeKey", false, func(b *builder, ref string, o *kms.DescribeKeyOutput) { b.addKMSKey(ref, o) }),
	regionalKeyed("kms", "GetKeyRotationStatus", false, (*builder).addKeyRotation),
	imp("secretsmanager", "DescribeSecret", false, func(b *builder, _ *iamBuilder, o *secretsmanager.DescribeSecretOutput, _ string, _ regionAt) {
		b.addSecret(secretOf("", o))
	}),

	regional("elbv2", "DescribeLoadBalancers", true, (*builder).addLoadBalancers),
	regional("elbv2", "DescribeListeners", false, (*builder).addListeners),
	regionalKeyed("elbv2", "DescribeRules", false, (*builder).addRules),
	regional("elbv2", "DescribeTargetGroups", true, (*builder).addTargetGroups),
	regionalKeyed("elbv2", "DescribeTargetHealth", false, (*builder).addTargetHealth),
	regional("elbv2", "DescribeTags", false, (*builder).addELBTags),
	regionalKeyed("elbv2", "DescribeLoadBalancerAttributes", false, (*builder).addLBAttributes),
	regionalKeyed("elbv2", "DescribeListenerCertificates", false, (*builder).addListenerCertificates),
	regionalKeyed("wafv2", "GetWebACLForResource", false, (*builder).addWebACL),
	imp("acm", "DescribeCertificate", false, func(b *builder, _ *iamBuilder, o *acm.DescribeCertificateOutput, key string, _ regionAt) {
		b.addCertificate(certificateOf(key, o))
	}),

	regional("autoscaling", "DescribeAutoScalingGroups", true, (*builder).addAutoScalingGroups),
	regional("application-autoscaling", "DescribeScalableTargets", true, (*builder).addScalableTargets),
	regional("application-autoscaling", "DescribeScalingPolicies", true, (*builder).addScalingPolicies),
	regional("ecr", "DescribeRepositories", true, (*builder).addRepositories),
	regional("ecr", "GetRegistryScanningConfiguration", true, (*builder).addRegistryScanning),
	imp("ecr", "GetRepositoryPolicy", false, func(b *builder, _ *iamBuilder, o *ecr.GetRepositoryPolicyOutput, key string, _ regionAt) {
		b.addRepositoryPolicy(cmp.Or(aws.ToString(o.RepositoryName), key), aws.ToString(o.PolicyText))
	}),
	imp("ecr", "GetLifecyclePolicy", false, func(b *builder, _ *iamBuilder, o *ecr.GetLifecyclePolicyOutput, key string, _ regionAt) {
		b.addLifecyclePolicy(cmp.Or(aws.ToString(o.RepositoryName), key), aws.ToString(o.LifecyclePolicyText))
	}),
	{op: Operation{"ecr", "DescribeImages"}, decode: func(b *builder, _ *iamBuilder, data []byte, key string, _ regionAt, visit func(string)) error {
		ref, ok := parseECRRefKey(key)
		if !ok {
			return fmt.Errorf("file name key %q: expected REPOSITORY:TAG or REPOSITORY:sha256:DIGEST", key)
		}
		var out ecr.DescribeImagesOutput
		if err := decodeCLIJSON(data, &out, visit); err != nil {
			return err
		}
		b.addRepositoryImage(ref, &out)
		return nil
	}},
	regional("efs", "DescribeFileSystems", true, (*builder).addFileSystems),
	regional("efs", "DescribeMountTargets", false, (*builder).addMountTargets),
	regionalKeyed("efs", "DescribeMountTargetSecurityGroups", false, (*builder).addMountTargetSecurityGroups),
	regional("efs", "DescribeAccessPoints", true, (*builder).addAccessPoints),
	regionalKeyed("efs", "DescribeBackupPolicy", false, (*builder).addBackupPolicy),
	regionalKeyed("efs", "DescribeFileSystemPolicy", false, (*builder).addFileSystemPolicy),
	regional("cloudtrail", "DescribeTrails", true, (*builder).addTrails),
	regionalKeyed("cloudtrail", "GetTrailStatus", false, (*builder).addTrailStatus),
	regionalKeyed("s3", "GetBucketLocation", false, (*builder).importBucketLocation),
	regionalKeyed("s3", "GetBucketVersioning", false, (*builder).importBucketVersioning),
	regionalKeyed("s3", "GetObjectLockConfiguration", false, (*builder).importObjectLock),
	regionalKeyed("s3", "GetPublicAccessBlock", false, (*builder).importPublicAccessBlock),
	regionalKeyed("sqs", "GetQueueUrl", false, (*builder).importQueueURL),
	regionalKeyed("sqs", "GetQueueAttributes", false, (*builder).importQueueAttributes),
	regionalKeyed("sns", "GetTopicAttributes", false, (*builder).importTopicAttributes),
	regionalKeyed("s3", "GetBucketEncryption", false, (*builder).importBucketEncryption),
	regionalKeyed("s3", "GetBucketPolicy", false, (*builder).importBucketPolicy),
	regional("cloudwatch", "DescribeAlarms", true, (*builder).addAlarms),
	regional("logs", "DescribeLogGroups", true, (*builder).addLogGroups),
	regional("servicediscovery", "ListNamespaces", true, (*builder).addNamespaces),
	regionalKeyed("guardduty", "GetDetector", false, (*builder).addDetector),
	imp("rds", "DescribeDBInstances", true, func(b *builder, _ *iamBuilder, o *rds.DescribeDBInstancesOutput, _ string, _ regionAt) {
		b.addDBInstances(o)
		b.rdsListRead("DescribeDBInstances", true)
	}),
	imp("rds", "DescribeDBClusters", true, func(b *builder, _ *iamBuilder, o *rds.DescribeDBClustersOutput, _ string, _ regionAt) {
		b.addDBClusters(o)
		b.rdsListRead("DescribeDBClusters", true)
	}),
	imp("dynamodb", "DescribeTable", false, func(b *builder, _ *iamBuilder, o *dynamodb.DescribeTableOutput, key string, at regionAt) {
		b.addTable(key, inventory.DynamoDBTableARN(at.region, at.account, key), o)
	}),
	imp("dynamodb", "DescribeContinuousBackups", false, func(b *builder, _ *iamBuilder, o *dynamodb.DescribeContinuousBackupsOutput, key string, at regionAt) {
		b.addContinuousBackups(key, inventory.DynamoDBTableARN(at.region, at.account, key), o)
	}),
}

// iamImporters read DIR/iam.
var iamImporters = []fileImporter{
	accountWide("iam", "GetAccountSummary", true, (*iamBuilder).addAccountSummary),
	accountWide("iam", "GetRole", false, (*iamBuilder).addRole),
	imp("iam", "ListRolePolicies", false, func(_ *builder, ib *iamBuilder, o *iam.ListRolePoliciesOutput, key string, _ regionAt) {
		ib.addListedPolicies(key, o.PolicyNames)
	}),
	accountWide("iam", "GetRolePolicy", false, (*iamBuilder).addRolePolicy),
	accountWideKeyed("iam", "ListAttachedRolePolicies", false, (*iamBuilder).addAttachedRolePolicies),
	accountWideKeyed("iam", "GetPolicyVersion", false, (*iamBuilder).addPolicyVersion),
}

// ImportOptions tunes Import.
type ImportOptions struct {
	// Account is used when DIR/sts/get-caller-identity.json is absent.
	Account string
	// Tool names the program in the snapshot.
	Tool string
	// Now returns the time written as the collection time; nil means time.Now.
	Now func() time.Time
}

// Import builds a snapshot from a folder of aws CLI outputs (see
// CollectScript). Each resource with an ARN is filed under the account and
// region its ARN names, whatever folder its file is in; one listed in two
// files is counted once. Every missing expected file, malformed file,
// resource without its identifier and reference no file resolves is
// recorded in Collection.Errors naming the file; what is present is used.
// What the files show exists but do not describe (a cluster known only from
// its tasks, a service only from its tasks) is kept with a gap saying its
// settings were not collected. It fails only when the account cannot be
// identified or the folder cannot be read.
func Import(dir string, opts ImportOptions) (*inventory.Snapshot, error) {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	snap := &inventory.Snapshot{SchemaVersion: inventory.SchemaVersion,
		Collection: inventory.Collection{Source: "import", Tool: opts.Tool, StartedAt: now().UTC()}}
	gap := func(at regionAt, op Operation, code, msg string) {
		snap.Collection.Errors = append(snap.Collection.Errors, inventory.CollectionError{Account: at.account, Region: at.region,
			Service: op.Service, Operation: op.Name, Code: code, Message: msg})
	}

	account := opts.Account
	idFile := filepath.Join(dir, "sts", "get-caller-identity.json")
	if data, err := readImportFile(idFile); err == nil {
		var out sts.GetCallerIdentityOutput
		if err := decodeCLIJSON(data, &out, nil); err != nil {
			return nil, fmt.Errorf("import: %s: %w", idFile, err)
		}
		if out.Account != nil {
			account = *out.Account
		}
	} else if account == "" {
		return nil, fmt.Errorf("import: %s is missing and no account id was given (--account): the account cannot be identified (%w)", idFile, err)
	}

	run := &importRun{dir: dir, builders: builders{}, folders: map[regionAt]bool{}, mentions: map[string][]string{}, gap: gap}
	for _, e := range entries {
		if !e.IsDir() || e.Name() == "sts" || e.Name() == "iam" || e.Name() == "s3control" {
			continue
		}
		at := regionAt{account: account, region: e.Name()}
		run.folders[at] = true
		run.importFolder(filepath.Join(dir, e.Name()), true, importers, run.builders.get(at), nil, at)
	}
	run.builders.refile()
	accounts := map[string]*inventory.Account{account: {ID: account}}
	var all []inventory.Region
	for _, at := range run.builders.sorted() {
		reg := run.finishRegion(at)
		if accounts[at.account] == nil {
			accounts[at.account] = &inventory.Account{ID: at.account}
		}
		accounts[at.account].Regions = append(accounts[at.account].Regions, reg)
		all = append(all, reg)
	}
	ib := newIAMBuilder()
	if _, err := os.Stat(filepath.Join(dir, "iam")); err == nil {
		run.importFolder(filepath.Join(dir, "iam"), false, iamImporters, nil, ib, regionAt{account: account})
		ib.checkListedPolicies()
		ib.nameRoles(all)
		accounts[account].IAM = ib.finish()
	} else {
		gap(regionAt{account: account}, Operation{"iam", "GetAccountSummary"}, "MissingFile", "folder "+filepath.Join(dir, "iam")+" is missing: no IAM facts")
	}
	// A folder without the file (an older collect script) leaves the
	// account's block unknown, and says so in a gap.
	run.importFolder(filepath.Join(dir, "s3control"), false, s3controlImporters, nil, ib, regionAt{account: account})
	accounts[account].S3PublicAccessBlock = ib.s3Block
	for _, id := range slices.Sorted(maps.Keys(accounts)) {
		snap.Accounts = append(snap.Accounts, *accounts[id])
		snap.Collection.Errors = append(snap.Collection.Errors, logRegionGaps(accounts[id])...)
	}
	snap.Collection.FinishedAt = snap.Collection.StartedAt
	snap.Normalize()
	if err := snap.Validate(); err != nil {
		return snap, fmt.Errorf("import: the files make an invalid snapshot: %w", err)
	}
	return snap, nil
}

// importFolder reads one region (perService: DIR/<region>/<service>/...) or
// the IAM folder (flat).
func (run *importRun) importFolder(dir string, perService bool, table []fileImporter, b *builder, ib *iamBuilder, at regionAt) {
	gap := run.gap
	for _, fi := range table {
		folder := dir
		if perService {
			folder = filepath.Join(dir, fi.op.Service)
		}
		cli := kebab(fi.op.Name)
		files, _ := filepath.Glob(filepath.Join(folder, cli+".json"))
		more, _ := filepath.Glob(filepath.Join(folder, cli+".*.json"))
		files = append(files, more...)
		slices.Sort(files)
		// A call the collect script ran and the aws CLI refused leaves
		// FILE.json.err with the error: a gap, on the resource when the
		// file names it.
		errs, _ := filepath.Glob(filepath.Join(folder, cli+".json.err"))
		moreErrs, _ := filepath.Glob(filepath.Join(folder, cli+".*.json.err"))
		errs = append(errs, moreErrs...)
		slices.Sort(errs)
		for _, f := range errs {
			msg := "the aws CLI call failed"
			if data, err := readImportFile(f); err == nil && len(strings.TrimSpace(string(data))) > 0 {
				msg, _, _ = strings.Cut(strings.TrimSpace(string(data)), "\n")
			}
			if !markImportFailure(b, ib, fi.op, strings.TrimSuffix(filepath.Base(f), ".err"), cli, msg) {
				gap(at, fi.op, "CallFailed", fmt.Sprintf("%s: %s", f, msg))
			}
		}
		if len(files) == 0 && fi.expected && len(errs) == 0 {
			gap(at, fi.op, "MissingFile", fmt.Sprintf("%s is missing", filepath.Join(folder, cli+".json")))
			continue
		}
		for _, f := range files {
			key, err := fileKey(filepath.Base(f), cli)
			var since staged
			if b != nil {
				since = b.staged()
			}
			if err == nil {
				var data []byte
				if data, err = readImportFile(f); err == nil {
					mention := run.mention(f)
					mention(key) // the resource the file is about, when only its name says it
					err = fi.decode(b, ib, data, key, at, mention)
				}
			}
			if err != nil {
				gap(at, fi.op, "MalformedFile", fmt.Sprintf("%s: %v", f, err))
			}
			if b != nil {
				for _, why := range b.dropUnidentified(since) {
					gap(at, fi.op, "MissingIdentifier", fmt.Sprintf("%s: %s", f, why))
				}
			}
		}
	}
}

// markImportFailure marks the resource a failed call of the collect script
// was about, named by the file ("get-role-policy.<role>.<policy>.json"), as
// discovery marks a resource whose detail read failed. It reports whether
// the failure is no failure but an answer (msg names RepositoryPolicyNotFound,
// LifecyclePolicyNotFound, an EFS PolicyNotFound or ImageNotFound: the
// repository or file system has no such policy, the image does not exist),
// recorded as such and not as a gap.
func markImportFailure(b *builder, ib *iamBuilder, op Operation, name, cli, msg string) bool {
	if op == (Operation{"ec2", "DescribeNetworkInterfaces"}) {
		b.networkInterfacesFailed() // the file names no resource: the whole list is unknown
	}
	if op.Service == "rds" {
		b.rdsListRead(op.Name, false) // likewise: the region's databases are unknown
	}
	if op == (Operation{"s3control", "GetPublicAccessBlock"}) {
		return ib.markAccountBlockImportFailure(msg, "s3control GetPublicAccessBlock: CallFailed") // about the account
	}
	rest := strings.TrimPrefix(strings.TrimSuffix(strings.TrimPrefix(name, cli), ".json"), ".")
	parts := strings.Split(rest, ".")
	if len(parts) > 1 && isDigits(parts[len(parts)-1]) {
		parts = parts[:len(parts)-1] // a batch number
	}
	key, err := url.PathUnescape(parts[0])
	if err != nil || key == "" || isDigits(key) {
		return false // a batch of unnamed resources: the collection error says it
	}
	g := op.Service + " " + op.Name + ": CallFailed"
	switch op {
	case Operation{"iam", "GetRole"}, Operation{"iam", "ListRolePolicies"}, Operation{"iam", "GetRolePolicy"}, Operation{"iam", "ListAttachedRolePolicies"}:
		ib.gap(key, g)
	case Operation{"iam", "GetPolicyVersion"}:
		ib.policyGap(key, g)
	case Operation{"ecs", "DescribeServices"}, Operation{"ecs", "DescribeTasks"}, Operation{"ecs", "DescribeContainerInstances"}:
		b.markGap(gapCluster, key, g)
	case Operation{"elbv2", "DescribeListeners"}:
		b.markGap(gapLoadBalancer, key, g)
	case Operation{"wafv2", "GetWebACLForResource"}:
		b.markGap(gapLoadBalancer, key, g)
	case Operation{"acm", "DescribeCertificate"}:
		b.addCertificate(inventory.Certificate{ARN: key, Gaps: []string{g}})
	case Operation{"elbv2", "DescribeRules"}, Operation{"elbv2", "DescribeListenerCertificates"}:
		// listener/app/NAME/LBID/LISTENERID belongs to loadbalancer/app/NAME/LBID
		if i := strings.LastIndexByte(key, '/'); i > 0 {
			b.markGap(gapLoadBalancer, strings.Replace(key[:i], ":listener/", ":loadbalancer/", 1), g)
		}
	case Operation{"elbv2", "DescribeTargetHealth"}:
		b.markGap(gapTargetGroup, key, g)
	case Operation{"efs", "DescribeMountTargets"}:
		b.markGap(gapFileSystem, key, g)
	case Operation{"efs", "DescribeMountTargetSecurityGroups"}:
		b.markGap(gapFileSystem, "", g) // the file names the mount target, not its file system
	case Operation{"cloudtrail", "GetTrailStatus"}:
		b.markGap(gapTrail, key, g)
	case Operation{"guardduty", "GetDetector"}:
		b.markGap(gapDetector, key, g)
	case Operation{"kms", "DescribeKey"}:
		b.addKMSKeyGap(key, g)
	case Operation{"kms", "GetKeyRotationStatus"}:
		b.addKeyRotationGap(key, g)
	case Operation{"secretsmanager", "DescribeSecret"}:
		b.addSecret(inventory.Secret{ARN: key, Gaps: []string{g}})
	case Operation{"dynamodb", "DescribeTable"}, Operation{"dynamodb", "DescribeContinuousBackups"}:
		return markTableImportFailure(b, key, msg, g)
	case Operation{"s3", "GetBucketLocation"}, Operation{"s3", "GetBucketVersioning"}, Operation{"s3", "GetPublicAccessBlock"}:
		markDataBucketImportFailure(b, op, key, msg, g)
		return markS3ImportFailure(b, op, key, msg, g)
	case Operation{"s3", "GetObjectLockConfiguration"}:
		return markS3ImportFailure(b, op, key, msg, g)
	case Operation{"s3", "GetBucketEncryption"}, Operation{"s3", "GetBucketPolicy"}:
		return markDataBucketImportFailure(b, op, key, msg, g)
	case Operation{"sqs", "GetQueueUrl"}, Operation{"sqs", "GetQueueAttributes"}:
		return markSQSImportFailure(b, key, msg, g)
	case Operation{"sns", "GetTopicAttributes"}:
		return markSNSImportFailure(b, key, msg, g)
	case Operation{"ecr", "GetRepositoryPolicy"}:
		if strings.Contains(msg, "RepositoryPolicyNotFoundException") {
			b.addRepositoryPolicy(key, "")
			return true
		}
		b.markRepositoryGap(key, g)
	case Operation{"ecr", "GetLifecyclePolicy"}:
		if strings.Contains(msg, "LifecyclePolicyNotFoundException") {
			b.addLifecyclePolicy(key, "")
			return true
		}
		b.markRepositoryGap(key, g)
	case Operation{"elbv2", "DescribeLoadBalancerAttributes"}:
		b.markGap(gapLoadBalancer, key, g)
	case Operation{"efs", "DescribeBackupPolicy"}, Operation{"efs", "DescribeFileSystemPolicy"}:
		if strings.Contains(msg, "PolicyNotFound") {
			if op.Name == "DescribeBackupPolicy" {
				b.addBackupPolicy(key, &efs.DescribeBackupPolicyOutput{})
			} else {
				b.addFileSystemPolicy(key, &efs.DescribeFileSystemPolicyOutput{})
			}
			return true
		}
		b.markGap(gapFileSystem, key, g)
	case Operation{"ecr", "DescribeImages"}:
		ref, ok := parseECRRefKey(key)
		switch {
		case !ok:
		case strings.Contains(msg, "ImageNotFoundException"):
			b.addRepositoryImage(ref, nil)
			return true
		default:
			b.markImageGap(ref, g)
		}
	}
	return false
}

// MaxImportFileSize bounds one aws CLI output file of an import folder: the
// largest real describe output is a few tens of MiB; anything far larger is a
// mistake or an attack and would be read whole.
const MaxImportFileSize = 256 << 20

// readImportFile reads one file of an import folder: a regular file (not a
// symbolic link, which could lead outside the folder, nor a FIFO or device,
// nor a hard-linked file) of bounded size, through the guarded reader. The
// error is the reason alone: the caller names the file.
func readImportFile(path string) ([]byte, error) {
	st, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	if st.Mode()&os.ModeSymlink != 0 {
		return nil, fmt.Errorf("is a symbolic link: expected a regular file written by the collect script")
	}
	data, err := safefile.ReadFileIn(filepath.Dir(path), path, MaxImportFileSize)
	var se *safefile.Error
	if errors.As(err, &se) {
		return nil, errors.New(se.Reason)
	}
	return data, err
}

// fileKey returns the unescaped <key> of "<op>[.<key>][.<n>].json".
func fileKey(name, op string) (string, error) {
	rest := strings.TrimSuffix(strings.TrimPrefix(name, op), ".json")
	rest = strings.TrimPrefix(rest, ".")
	if rest == "" {
		return "", nil
	}
	parts := strings.Split(rest, ".")
	if len(parts) > 1 || isDigits(parts[0]) {
		if isDigits(parts[len(parts)-1]) {
			parts = parts[:len(parts)-1]
		}
	}
	if len(parts) == 0 {
		return "", nil
	}
	key, err := url.PathUnescape(strings.Join(parts, "."))
	if err != nil {
		return "", fmt.Errorf("file name key %q: %w", rest, err)
	}
	return key, nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// decodeCLIJSON decodes aws CLI output into an SDK output struct: field names
// match case-insensitively; timestamps the CLI printed as epoch seconds
// (fields named *At, *Time, *Date, *Timestamp) are turned into RFC 3339 first.
func decodeCLIJSON(data []byte, out any, visit func(string)) error {
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return errors.New("empty file: expected the JSON output of the aws CLI")
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return fmt.Errorf("invalid JSON: %w", err)
	}
	if _, ok := v.(map[string]any); !ok {
		return errors.New("expected a JSON object (the output of one aws CLI call)")
	}
	if visit != nil {
		eachString(v, visit)
	}
	fixPolicies(v)
	norm, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(norm, out); err == nil {
		return nil
	}
	// Timestamps: the SDK has most as time.Time (the CLI may print epoch
	// seconds) but some as epoch integers (CloudWatch Logs creationTime), so
	// convert only when the file does not decode as it is.
	fixTimes(v)
	if norm, err = json.Marshal(v); err != nil {
		return err
	}
	if err := json.Unmarshal(norm, out); err != nil {
		return fmt.Errorf("unexpected shape: %w", err)
	}
	return nil
}

// fixPolicies turns the policy documents the aws CLI prints decoded (JSON
// objects) back into the JSON text the SDK structs hold.
func fixPolicies(v any) {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			if _, ok := val.(map[string]any); ok && (k == "AssumeRolePolicyDocument" || k == "PolicyDocument" || k == "Document") {
				if b, err := json.Marshal(val); err == nil {
					x[k] = string(b)
					continue
				}
			}
			fixPolicies(val)
		}
	case []any:
		for _, e := range x {
			fixPolicies(e)
		}
	}
}

// eachString calls visit with every string value of a decoded JSON document.
func eachString(v any, visit func(string)) {
	switch x := v.(type) {
	case string:
		visit(x)
	case map[string]any:
		for _, val := range x {
			eachString(val, visit)
		}
	case []any:
		for _, e := range x {
			eachString(e, visit)
		}
	}
}

func fixTimes(v any) {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			if n, ok := val.(json.Number); ok && timeKey(k) {
				if f, err := n.Float64(); err == nil {
					sec, frac := math.Modf(f)
					x[k] = time.Unix(int64(sec), int64(frac*1e9)).UTC().Format(time.RFC3339Nano)
					continue
				}
			}
			fixTimes(val)
		}
	case []any:
		for _, e := range x {
			fixTimes(e)
		}
	}
}

func timeKey(k string) bool {
	if k == "NotAfter" || k == "NotBefore" { // ACM's certificate validity
		return true
	}
	for _, s := range []string{"At", "Time", "Date", "Timestamp"} {
		if strings.HasSuffix(k, s) {
			return true
		}
	}
	return false
}
