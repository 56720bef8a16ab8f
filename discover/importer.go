package discover

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	aas "github.com/aws/aws-sdk-go-v2/service/applicationautoscaling"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/efs"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/servicediscovery"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/ecspack/ecspack/internal/safefile"
	"github.com/ecspack/ecspack/inventory"
)

// The offline path: `ecspack collect-script` writes the aws CLI's JSON output
// of the same read operations into a folder, laid out as
//
//	DIR/sts/get-caller-identity.json
//	DIR/iam/<operation>[.<key>][.<n>].json
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
	decode   func(b *builder, ib *iamBuilder, data []byte, key string, at regionAt) error
}

// regionAt is where an imported file belongs.
type regionAt struct{ account, region string }

func imp[T any](service, op string, expected bool, add func(b *builder, ib *iamBuilder, out *T, key string, at regionAt)) fileImporter {
	return fileImporter{op: Operation{Service: service, Name: op}, expected: expected,
		decode: func(b *builder, ib *iamBuilder, data []byte, key string, at regionAt) error {
			var out T
			if err := decodeCLIJSON(data, &out); err != nil {
				return err
			}
			add(b, ib, &out, key, at)
			return nil
		}}
}

// importers are the files import understands. List operations whose output
// the describes repeat (ListClusters, ListServices, ...) are not imported.
var importers = []fileImporter{
	imp("ec2", "DescribeAvailabilityZones", true, func(b *builder, _ *iamBuilder, o *ec2.DescribeAvailabilityZonesOutput, _ string, _ regionAt) {
		b.addAvailabilityZones(o)
	}),
	imp("ec2", "DescribeVpcs", true, func(b *builder, _ *iamBuilder, o *ec2.DescribeVpcsOutput, _ string, _ regionAt) { b.addVpcs(o) }),
	imp("ec2", "DescribeSubnets", true, func(b *builder, _ *iamBuilder, o *ec2.DescribeSubnetsOutput, _ string, _ regionAt) { b.addSubnets(o) }),
	imp("ec2", "DescribeRouteTables", true, func(b *builder, _ *iamBuilder, o *ec2.DescribeRouteTablesOutput, _ string, _ regionAt) {
		b.addRouteTables(o)
	}),
	imp("ec2", "DescribeInternetGateways", true, func(b *builder, _ *iamBuilder, o *ec2.DescribeInternetGatewaysOutput, _ string, _ regionAt) {
		b.addInternetGateways(o)
	}),
	imp("ec2", "DescribeNatGateways", true, func(b *builder, _ *iamBuilder, o *ec2.DescribeNatGatewaysOutput, _ string, _ regionAt) {
		b.addNatGateways(o)
	}),
	imp("ec2", "DescribeSecurityGroups", true, func(b *builder, _ *iamBuilder, o *ec2.DescribeSecurityGroupsOutput, _ string, _ regionAt) {
		b.addSecurityGroups(o)
	}),
	imp("ec2", "DescribeNetworkAcls", true, func(b *builder, _ *iamBuilder, o *ec2.DescribeNetworkAclsOutput, _ string, _ regionAt) {
		b.addNetworkAcls(o)
	}),
	imp("ec2", "DescribeVpcEndpoints", true, func(b *builder, _ *iamBuilder, o *ec2.DescribeVpcEndpointsOutput, _ string, _ regionAt) {
		b.addVpcEndpoints(o)
	}),
	imp("ec2", "DescribeSpotFleetRequests", true, func(b *builder, _ *iamBuilder, o *ec2.DescribeSpotFleetRequestsOutput, _ string, _ regionAt) {
		b.addSpotFleetRequests(o)
	}),
	imp("ec2", "GetEbsEncryptionByDefault", true, func(b *builder, _ *iamBuilder, o *ec2.GetEbsEncryptionByDefaultOutput, _ string, _ regionAt) {
		b.addEbsEncryptionByDefault(o)
	}),
	imp("ec2", "DescribeNetworkInterfaces", true, func(b *builder, _ *iamBuilder, o *ec2.DescribeNetworkInterfacesOutput, _ string, _ regionAt) {
		b.addNetworkInterfaces(o)
		b.networkInterfacesRead()
	}),
	imp("ec2", "DescribeInstances", false, func(b *builder, _ *iamBuilder, o *ec2.DescribeInstancesOutput, _ string, _ regionAt) {
		b.addInstances(o)
	}),
	imp("ec2", "DescribeImages", false, func(b *builder, _ *iamBuilder, o *ec2.DescribeImagesOutput, _ string, _ regionAt) { b.addImages(o) }),

	imp("ecs", "ListAccountSettings", true, func(b *builder, _ *iamBuilder, o *ecs.ListAccountSettingsOutput, _ string, _ regionAt) {
		b.addAccountSettings(o)
	}),
	imp("ecs", "DescribeClusters", true, func(b *builder, _ *iamBuilder, o *ecs.DescribeClustersOutput, _ string, _ regionAt) { b.addClusters(o) }),
	imp("ecs", "DescribeServices", false, func(b *builder, _ *iamBuilder, o *ecs.DescribeServicesOutput, _ string, _ regionAt) { b.addServices(o) }),
	imp("ecs", "DescribeTasks", false, func(b *builder, _ *iamBuilder, o *ecs.DescribeTasksOutput, _ string, _ regionAt) { b.addTasks(o) }),
	imp("ecs", "DescribeTaskDefinition", false, func(b *builder, _ *iamBuilder, o *ecs.DescribeTaskDefinitionOutput, _ string, _ regionAt) {
		b.addTaskDefinition(o)
	}),
	imp("ecs", "DescribeContainerInstances", false, func(b *builder, _ *iamBuilder, o *ecs.DescribeContainerInstancesOutput, key string, at regionAt) {
		cluster := key
		if !strings.HasPrefix(cluster, "arn:") {
			cluster = fmt.Sprintf("arn:aws:ecs:%s:%s:cluster/%s", at.region, at.account, key)
		}
		b.addContainerInstances(cluster, o)
	}),
	imp("ecs", "DescribeCapacityProviders", false, func(b *builder, _ *iamBuilder, o *ecs.DescribeCapacityProvidersOutput, _ string, _ regionAt) {
		b.addCapacityProviders(o)
	}),

	imp("elbv2", "DescribeLoadBalancers", true, func(b *builder, _ *iamBuilder, o *elbv2.DescribeLoadBalancersOutput, _ string, _ regionAt) {
		b.addLoadBalancers(o)
	}),
	imp("elbv2", "DescribeListeners", false, func(b *builder, _ *iamBuilder, o *elbv2.DescribeListenersOutput, _ string, _ regionAt) {
		b.addListeners(o)
	}),
	imp("elbv2", "DescribeRules", false, func(b *builder, _ *iamBuilder, o *elbv2.DescribeRulesOutput, key string, _ regionAt) {
		b.addRules(key, o)
	}),
	imp("elbv2", "DescribeTargetGroups", true, func(b *builder, _ *iamBuilder, o *elbv2.DescribeTargetGroupsOutput, _ string, _ regionAt) {
		b.addTargetGroups(o)
	}),
	imp("elbv2", "DescribeTargetHealth", false, func(b *builder, _ *iamBuilder, o *elbv2.DescribeTargetHealthOutput, key string, _ regionAt) {
		b.addTargetHealth(key, o)
	}),
	imp("elbv2", "DescribeTags", false, func(b *builder, _ *iamBuilder, o *elbv2.DescribeTagsOutput, _ string, _ regionAt) { b.addELBTags(o) }),

	imp("autoscaling", "DescribeAutoScalingGroups", true, func(b *builder, _ *iamBuilder, o *autoscaling.DescribeAutoScalingGroupsOutput, _ string, _ regionAt) {
		b.addAutoScalingGroups(o)
	}),
	imp("application-autoscaling", "DescribeScalableTargets", true, func(b *builder, _ *iamBuilder, o *aas.DescribeScalableTargetsOutput, _ string, _ regionAt) {
		b.addScalableTargets(o)
	}),
	imp("application-autoscaling", "DescribeScalingPolicies", true, func(b *builder, _ *iamBuilder, o *aas.DescribeScalingPoliciesOutput, _ string, _ regionAt) {
		b.addScalingPolicies(o)
	}),
	imp("ecr", "DescribeRepositories", true, func(b *builder, _ *iamBuilder, o *ecr.DescribeRepositoriesOutput, _ string, _ regionAt) {
		b.addRepositories(o)
	}),
	imp("ecr", "GetRegistryScanningConfiguration", true, func(b *builder, _ *iamBuilder, o *ecr.GetRegistryScanningConfigurationOutput, _ string, _ regionAt) {
		b.addRegistryScanning(o)
	}),
	imp("ecr", "GetRepositoryPolicy", false, func(b *builder, _ *iamBuilder, o *ecr.GetRepositoryPolicyOutput, key string, _ regionAt) {
		name := aws.ToString(o.RepositoryName)
		if name == "" {
			name = key
		}
		b.addRepositoryPolicy(name, aws.ToString(o.PolicyText))
	}),
	{op: Operation{"ecr", "DescribeImages"}, decode: func(b *builder, _ *iamBuilder, data []byte, key string, _ regionAt) error {
		ref, ok := parseECRRefKey(key)
		if !ok {
			return fmt.Errorf("file name key %q: expected REPOSITORY:TAG or REPOSITORY:sha256:DIGEST", key)
		}
		var out ecr.DescribeImagesOutput
		if err := decodeCLIJSON(data, &out); err != nil {
			return err
		}
		b.addRepositoryImage(ref, &out)
		return nil
	}},
	imp("efs", "DescribeFileSystems", true, func(b *builder, _ *iamBuilder, o *efs.DescribeFileSystemsOutput, _ string, _ regionAt) {
		b.addFileSystems(o)
	}),
	imp("efs", "DescribeMountTargets", false, func(b *builder, _ *iamBuilder, o *efs.DescribeMountTargetsOutput, _ string, _ regionAt) {
		b.addMountTargets(o)
	}),
	imp("efs", "DescribeMountTargetSecurityGroups", false, func(b *builder, _ *iamBuilder, o *efs.DescribeMountTargetSecurityGroupsOutput, key string, _ regionAt) {
		b.addMountTargetSecurityGroups(key, o)
	}),
	imp("efs", "DescribeAccessPoints", true, func(b *builder, _ *iamBuilder, o *efs.DescribeAccessPointsOutput, _ string, _ regionAt) {
		b.addAccessPoints(o)
	}),
	imp("cloudtrail", "DescribeTrails", true, func(b *builder, _ *iamBuilder, o *cloudtrail.DescribeTrailsOutput, _ string, _ regionAt) {
		b.addTrails(o)
	}),
	imp("cloudtrail", "GetTrailStatus", false, func(b *builder, _ *iamBuilder, o *cloudtrail.GetTrailStatusOutput, key string, _ regionAt) {
		b.addTrailStatus(key, o)
	}),
	imp("cloudwatch", "DescribeAlarms", true, func(b *builder, _ *iamBuilder, o *cloudwatch.DescribeAlarmsOutput, _ string, _ regionAt) {
		b.addAlarms(o)
	}),
	imp("logs", "DescribeLogGroups", true, func(b *builder, _ *iamBuilder, o *cloudwatchlogs.DescribeLogGroupsOutput, _ string, _ regionAt) {
		b.addLogGroups(o)
	}),
	imp("servicediscovery", "ListNamespaces", true, func(b *builder, _ *iamBuilder, o *servicediscovery.ListNamespacesOutput, _ string, _ regionAt) {
		b.addNamespaces(o)
	}),
	imp("guardduty", "GetDetector", false, func(b *builder, _ *iamBuilder, o *guardduty.GetDetectorOutput, key string, _ regionAt) {
		b.addDetector(key, o)
	}),
}

// iamImporters read DIR/iam.
var iamImporters = []fileImporter{
	imp("iam", "GetAccountSummary", true, func(_ *builder, ib *iamBuilder, o *iam.GetAccountSummaryOutput, _ string, _ regionAt) {
		ib.addAccountSummary(o)
	}),
	imp("iam", "GetRole", false, func(_ *builder, ib *iamBuilder, o *iam.GetRoleOutput, _ string, _ regionAt) { ib.addRole(o) }),
	imp("iam", "ListRolePolicies", false, func(_ *builder, ib *iamBuilder, o *iam.ListRolePoliciesOutput, key string, _ regionAt) {
		ib.addListedPolicies(key, o.PolicyNames)
	}),
	imp("iam", "GetRolePolicy", false, func(_ *builder, ib *iamBuilder, o *iam.GetRolePolicyOutput, _ string, _ regionAt) {
		ib.addRolePolicy(o)
	}),
	imp("iam", "ListAttachedRolePolicies", false, func(_ *builder, ib *iamBuilder, o *iam.ListAttachedRolePoliciesOutput, key string, _ regionAt) {
		ib.addAttachedRolePolicies(key, o)
	}),
	imp("iam", "GetPolicyVersion", false, func(_ *builder, ib *iamBuilder, o *iam.GetPolicyVersionOutput, key string, _ regionAt) {
		ib.addPolicyVersion(key, o)
	}),
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
// CollectScript). Every missing expected file and every malformed file is
// recorded in Collection.Errors naming the file; what is present is used.
// It fails only when the account cannot be identified or the folder cannot
// be read.
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
		if err := decodeCLIJSON(data, &out); err != nil {
			return nil, fmt.Errorf("import: %s: %w", idFile, err)
		}
		if out.Account != nil {
			account = *out.Account
		}
	} else if account == "" {
		return nil, fmt.Errorf("import: %s is missing and no account id was given (--account): the account cannot be identified (%w)", idFile, err)
	}

	acct := inventory.Account{ID: account}
	for _, e := range entries {
		if !e.IsDir() || e.Name() == "sts" || e.Name() == "iam" {
			continue
		}
		at := regionAt{account: account, region: e.Name()}
		b := newBuilder(e.Name())
		importFolder(filepath.Join(dir, e.Name()), true, importers, b, nil, at, gap)
		reg := b.finish()
		for _, td := range reg.ECS.TaskDefinitions {
			if td.NotCollected {
				gap(at, Operation{"ecs", "DescribeTaskDefinition"}, "MissingFile",
					fmt.Sprintf("%s is missing", filepath.Join(dir, e.Name(), "ecs", "describe-task-definition."+url.PathEscape(td.ARN)+".json")))
			}
		}
		acct.Regions = append(acct.Regions, reg)
	}
	snap.Collection.Errors = append(snap.Collection.Errors, logRegionGaps(&acct)...)
	ib := newIAMBuilder()
	if _, err := os.Stat(filepath.Join(dir, "iam")); err == nil {
		importFolder(filepath.Join(dir, "iam"), false, iamImporters, nil, ib, regionAt{account: account}, gap)
		ib.checkListedPolicies()
		ib.nameRoles(acct.Regions)
		acct.IAM = ib.finish()
	} else {
		gap(regionAt{account: account}, Operation{"iam", "GetAccountSummary"}, "MissingFile", "folder "+filepath.Join(dir, "iam")+" is missing: no IAM facts")
	}
	snap.Accounts = []inventory.Account{acct}
	snap.Collection.FinishedAt = snap.Collection.StartedAt
	snap.Normalize()
	if err := snap.Validate(); err != nil {
		return snap, fmt.Errorf("import: the files make an invalid snapshot: %w", err)
	}
	return snap, nil
}

// importFolder reads one region (perService: DIR/<region>/<service>/...) or
// the IAM folder (flat).
func importFolder(dir string, perService bool, table []fileImporter, b *builder, ib *iamBuilder, at regionAt, gap func(regionAt, Operation, string, string)) {
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
			if err == nil {
				var data []byte
				if data, err = readImportFile(f); err == nil {
					err = fi.decode(b, ib, data, key, at)
				}
			}
			if err != nil {
				gap(at, fi.op, "MalformedFile", fmt.Sprintf("%s: %v", f, err))
			}
		}
	}
}

// markImportFailure marks the resource a failed call of the collect script
// was about, named by the file ("get-role-policy.<role>.<policy>.json"), as
// discovery marks a resource whose detail read failed. It reports whether
// the failure is no failure but an answer (msg names RepositoryPolicyNotFound
// or ImageNotFound: the repository has no policy, the image does not exist),
// recorded as such and not as a gap.
func markImportFailure(b *builder, ib *iamBuilder, op Operation, name, cli, msg string) bool {
	if op == (Operation{"ec2", "DescribeNetworkInterfaces"}) {
		b.networkInterfacesFailed() // the file names no resource: the whole list is unknown
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
	case Operation{"elbv2", "DescribeRules"}:
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
	case Operation{"ecr", "GetRepositoryPolicy"}:
		if strings.Contains(msg, "RepositoryPolicyNotFoundException") {
			b.addRepositoryPolicy(key, "")
			return true
		}
		b.markRepositoryGap(key, g)
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
func decodeCLIJSON(data []byte, out any) error {
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
	for _, s := range []string{"At", "Time", "Date", "Timestamp"} {
		if strings.HasSuffix(k, s) {
			return true
		}
	}
	return false
}
