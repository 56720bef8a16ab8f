// Package discover reads an AWS estate into an inventory snapshot, and never
// changes it.
//
// Run is the one entry point: it loads credentials the way the aws CLI does
// (environment, shared config and profiles, SSO, web identity, instance
// roles), optionally assumes roles in other accounts, and runs one collector
// per AWS service in every account-region with bounded concurrency. Every SDK
// client it creates carries a middleware that refuses any operation that is
// not a read (see Operations), counts calls, and bounds calls in flight.
// Failures of single calls (AccessDenied, throttling past retries, a disabled
// region, an unsupported API) are recorded in the snapshot's collection
// errors and the rest goes on.
//
// The package never prints: progress is reported through Options.Progress.
package discover

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go/logging"

	"github.com/ecspack/ecspack/inventory"
)

// Options says what to discover and how.
type Options struct {
	// Regions to read; empty means the configuration's default region.
	Regions []string
	// AllRegions reads every region enabled in each account (EC2 DescribeRegions).
	AllRegions bool
	// Profile is the shared config profile; empty uses the default chain.
	Profile string
	// EndpointURL overrides every service endpoint (e.g. an emulator).
	EndpointURL string
	// RoleARNs are roles to assume, one per account to read; when empty the
	// account of the caller's own credentials is read.
	RoleARNs []string
	// ExternalID is passed to AssumeRole when set.
	ExternalID string
	// Services limits collection to these collectors by aws CLI service name
	// ("ecs", "ec2", "elbv2", "iam", ...); empty means all. STS is always called.
	Services []string
	// Concurrency bounds API calls in flight per account-region (default 8).
	Concurrency int
	// RequestTimeout bounds each HTTP attempt of each call (default
	// DefaultRequestTimeout); the SDK retries a timed-out attempt, and a call
	// whose every attempt times out is recorded as a gap (code Timeout).
	RequestTimeout time.Duration
	// RegionConcurrency bounds account-regions read at once (default 4).
	RegionConcurrency int
	// Progress receives events as collection advances; may be nil. It is
	// called from several goroutines, never concurrently.
	Progress func(Event)
	// Tool names the program in the snapshot, e.g. "ecspack 0.1.0".
	Tool string
	// Now returns the current time; nil means time.Now. Tests fix it.
	Now func() time.Time
}

// Event is one step of progress in one account-region.
type Event struct {
	Account string
	Region  string
	// Stage is what just happened: "start", a service name when its
	// collector finished ("ecs", "ec2", ...), "iam" for the account's roles,
	// "s3control" for the account's S3 Block Public Access, or "done".
	Stage string
	// Calls and Errors are the totals so far across the whole run.
	Calls  int
	Errors int
}

// ErrNoRegion is returned (wrapped) when no region is given or configured: a
// usage error, not an AWS failure, so the command can say which flag to pass.
var ErrNoRegion = errors.New("no region: pass --region or --all-regions, or set AWS_REGION or a region in the profile")

// ErrUnknownService is returned (wrapped) when Options.Services names a
// collector that does not exist: a usage error.
var ErrUnknownService = errors.New("unknown service")

// Default concurrency bounds.
const (
	DefaultConcurrency       = 8
	DefaultRegionConcurrency = 4
)

// Run loads the AWS configuration as the aws CLI would and discovers the
// estate. It returns the snapshot with every gap recorded in
// Collection.Errors; it fails only when nothing can be read at all (no
// credentials, no region, every account unreachable) or ctx ends. When ctx
// ends (an interrupt) it still returns what was collected, marked
// Collection.Incomplete, with an error wrapping ctx.Err().
func Run(ctx context.Context, opts Options) (*inventory.Snapshot, error) {
	cfg, err := loadConfig(ctx, opts)
	if err != nil {
		return nil, profileError(err)
	}
	if err := checkCredentials(ctx, cfg); err != nil {
		return nil, err
	}
	return RunConfig(ctx, cfg, opts)
}

// loadConfig loads the AWS configuration as the aws CLI would, with the
// Options that shape it (profile, endpoint, first region, HTTP client); the
// one path for Run and LoadConfig, so every command that calls AWS finds the
// same credentials.
func loadConfig(ctx context.Context, opts Options) (aws.Config, error) {
	lo := []func(*config.LoadOptions) error{
		// Adaptive retry slows down on throttling instead of failing.
		config.WithRetryer(func() aws.Retryer { return retry.NewAdaptiveMode() }),
		// The SDK's own log lines (an IMDSv1 fallback, say) would interleave
		// with ecspack's messages; what matters reaches the user as errors.
		config.WithLogger(logging.Nop{}),
	}
	if opts.Profile != "" {
		lo = append(lo, config.WithSharedConfigProfile(opts.Profile))
	}
	if opts.EndpointURL != "" {
		lo = append(lo, config.WithBaseEndpoint(opts.EndpointURL))
	}
	if len(opts.Regions) > 0 {
		lo = append(lo, config.WithRegion(opts.Regions[0]))
	}
	lo = append(lo, config.WithHTTPClient(httpClient(max(opts.Concurrency, DefaultConcurrency))))
	cfg, err := config.LoadDefaultConfig(ctx, lo...)
	if err != nil {
		return aws.Config{}, fmt.Errorf("discover: loading AWS configuration: %w", err)
	}
	return cfg, nil
}

// LoadConfig loads the AWS configuration exactly as Run does (the
// credentials chain, Options.Profile, Options.EndpointURL, the first of
// Options.Regions, adaptive retry) and attaches the read-only guard with the
// declared operations as its allow-list, bounding calls in flight to
// Options.Concurrency (0: unbounded). It is for the commands besides discover
// that call AWS (`ecspack prices --refresh`), so they find the same
// credentials and refuse the same operations; a refused call never leaves the
// process.
func LoadConfig(ctx context.Context, opts Options) (aws.Config, error) {
	cfg, err := loadConfig(ctx, opts)
	if err != nil {
		return aws.Config{}, err
	}
	return guarded(cfg, nil, opts.Concurrency, false), nil
}

// RunConfig discovers with an already loaded configuration (credentials,
// region, endpoint, HTTP client); Options.Profile and EndpointURL are ignored
// except that a set EndpointURL still overrides cfg.BaseEndpoint. Tests and
// embedders use it to supply their own transport.
func RunConfig(ctx context.Context, cfg aws.Config, opts Options) (*inventory.Snapshot, error) {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	if opts.EndpointURL != "" {
		cfg.BaseEndpoint = aws.String(opts.EndpointURL)
	}
	if cfg.Retryer == nil {
		cfg.Retryer = func() aws.Retryer { return retry.NewAdaptiveMode() }
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = httpClient(max(opts.Concurrency, DefaultConcurrency))
	}
	if opts.RequestTimeout <= 0 {
		opts.RequestTimeout = DefaultRequestTimeout
	}
	cfg.HTTPClient = timeoutClient{inner: cfg.HTTPClient, d: opts.RequestTimeout}
	if opts.Concurrency <= 0 {
		opts.Concurrency = DefaultConcurrency
	}
	if opts.RegionConcurrency <= 0 {
		opts.RegionConcurrency = DefaultRegionConcurrency
	}
	for _, s := range opts.Services {
		if !slices.Contains(ServiceNames(), s) {
			return nil, fmt.Errorf("discover: %w %q (known: %s)", ErrUnknownService, s, strings.Join(ServiceNames(), ", "))
		}
	}
	if len(opts.Regions) == 0 && !opts.AllRegions && cfg.Region == "" {
		return nil, fmt.Errorf("discover: %w", ErrNoRegion)
	}
	run := &runner{
		opts:    opts,
		rec:     newRecorder(),
		regions: make(chan struct{}, opts.RegionConcurrency),
	}
	snap := &inventory.Snapshot{
		SchemaVersion: inventory.SchemaVersion,
		Collection:    inventory.Collection{Source: "discover", Tool: opts.Tool, StartedAt: now().UTC()},
	}

	type target struct {
		cfg  aws.Config
		role string
	}
	var targets []target
	if len(opts.RoleARNs) == 0 {
		targets = append(targets, target{cfg: cfg})
	}
	for _, arn := range opts.RoleARNs {
		c := cfg.Copy()
		stsClient := sts.NewFromConfig(guarded(cfg, run.rec, 0, true))
		prov := stscreds.NewAssumeRoleProvider(stsClient, arn, func(o *stscreds.AssumeRoleOptions) {
			o.RoleSessionName = "ecspack-discover"
			if opts.ExternalID != "" {
				o.ExternalID = aws.String(opts.ExternalID)
			}
		})
		c.Credentials = aws.NewCredentialsCache(prov)
		targets = append(targets, target{cfg: c, role: arn})
	}

	accounts := make([]*inventory.Account, len(targets))
	var wg sync.WaitGroup
	for i, t := range targets {
		wg.Go(func() { accounts[i] = run.account(ctx, t.cfg, t.role) })
	}
	wg.Wait()
	seen := map[string]bool{}
	for _, a := range accounts {
		if a == nil || seen[a.ID] {
			continue
		}
		seen[a.ID] = true
		snap.Accounts = append(snap.Accounts, *a)
	}
	run.rec.mu.Lock()
	for op, n := range run.rec.calls {
		snap.Collection.Calls = append(snap.Collection.Calls, inventory.CallCount{Service: op.Service, Operation: op.Name, Count: n})
	}
	for _, e := range run.rec.errors {
		snap.Collection.Errors = append(snap.Collection.Errors, inventory.CollectionError{
			Account: e.account, Region: e.region, Service: e.service, Operation: e.operation, Code: e.code, Message: e.message})
	}
	run.rec.mu.Unlock()
	snap.Collection.FinishedAt = now().UTC()
	if err := ctx.Err(); err != nil {
		// Interrupted: what was collected is still evidence, but anything
		// may be missing, so the snapshot says it is incomplete.
		snap.Collection.Incomplete = true
		snap.Collection.Errors = append(snap.Collection.Errors, inventory.CollectionError{Service: "discover", Operation: "Run",
			Code: "Interrupted", Message: "the collection was interrupted before it finished: anything may be missing"})
		snap.Normalize()
		return snap, fmt.Errorf("discover: %w", err)
	}
	snap.Normalize()
	if len(snap.Accounts) == 0 {
		return snap, fmt.Errorf("discover: no account could be read: %w", firstErr(snap))
	}
	return snap, nil
}

// httpClient keeps enough idle connections per endpoint for the calls in
// flight: the SDK's default keeps 10, and re-dialling TLS for every call
// beyond that costs more than the call (measured in BenchmarkDiscover).
func httpClient(inFlight int) *awshttp.BuildableClient {
	return awshttp.NewBuildableClient().WithTransportOptions(func(t *http.Transport) {
		t.MaxIdleConnsPerHost = max(inFlight, 10)
		t.MaxIdleConns = max(inFlight*4, 100)
	})
}

func firstErr(s *inventory.Snapshot) error {
	if len(s.Collection.Errors) == 0 {
		return errors.New("no error recorded")
	}
	e := s.Collection.Errors[0]
	return fmt.Errorf("%s %s: %s: %s", e.Service, e.Operation, e.Code, e.Message)
}

// runner holds what the whole run shares.
type runner struct {
	opts       Options
	rec        *recorder
	regions    chan struct{}
	progressMu sync.Mutex
}

// enabled reports whether a collector runs (Options.Services).
func (r *runner) enabled(service string) bool {
	return len(r.opts.Services) == 0 || slices.Contains(r.opts.Services, service)
}

func (r *runner) progress(account, region, stage string) {
	if r.opts.Progress == nil {
		return
	}
	ev := Event{Account: account, Region: region, Stage: stage, Calls: r.rec.callCount(), Errors: r.rec.errorCount()}
	r.progressMu.Lock()
	defer r.progressMu.Unlock()
	r.opts.Progress(ev)
}

// account reads one account: its identity, its regions, then the IAM roles
// its task definitions use. It returns nil when the account cannot be
// identified (the error is recorded).
func (r *runner) account(ctx context.Context, cfg aws.Config, role string) *inventory.Account {
	homeRegion := cfg.Region
	if homeRegion == "" && len(r.opts.Regions) > 0 {
		homeRegion = r.opts.Regions[0]
	}
	if homeRegion == "" {
		homeRegion = "us-east-1"
	}
	gcfg := guarded(cfg, r.rec, r.opts.Concurrency, false)
	gcfg.Region = homeRegion
	id, err := callerAccount(ctx, gcfg)
	if err != nil {
		r.record("", homeRegion, "sts", err)
		return nil
	}
	acct := &inventory.Account{ID: id}
	regions := slices.Clone(r.opts.Regions)
	if r.opts.AllRegions {
		regs, err := enabledRegions(ctx, ec2.NewFromConfig(gcfg))
		if err != nil {
			r.record(id, homeRegion, "ec2", err)
		}
		regions = append(regions, regs...)
	}
	if len(regions) == 0 {
		regions = []string{homeRegion}
	}
	slices.Sort(regions)
	regions = slices.Compact(regions)

	results := make([]*regionRun, len(regions))
	var wg sync.WaitGroup
	for i, name := range regions {
		wg.Go(func() {
			select {
			case r.regions <- struct{}{}:
			case <-ctx.Done():
				return
			}
			defer func() { <-r.regions }()
			rcfg := guarded(cfg, r.rec, r.opts.Concurrency, false)
			rcfg.Region = name
			rr := newRegionRun(ctx, r, id, name, rcfg)
			r.progress(id, name, "start")
			rr.collect()
			rr.collectImagesInUse()  // needs the task definitions and tasks just read
			rr.collectSecretsInUse() // needs the task definitions just read
			r.progress(id, name, "done")
			results[i] = rr
		})
	}
	wg.Wait()
	roles := map[string]bool{}
	for _, rr := range results {
		if rr == nil {
			continue
		}
		for _, arn := range rr.b.roles() {
			roles[arn] = true
		}
	}
	// IAM is global: read once per account, for the roles found in any region
	// (not after an interrupt: every call would only fail).
	if r.enabled("iam") && ctx.Err() == nil {
		ir := newRegionRun(ctx, r, id, "", gcfg)
		acct.IAM = ir.collectIAM(roles)
		r.progress(id, "", "iam")
	}
	// The account's S3 Block Public Access covers every bucket: read once
	// per account too.
	if r.enabled("s3control") && ctx.Err() == nil {
		acct.S3PublicAccessBlock = newRegionRun(ctx, r, id, "", gcfg).collectAccountPublicAccessBlock()
		r.progress(id, "", "s3control")
	}
	// The stores the task roles reach, known now that IAM is read.
	for _, rr := range results {
		if rr == nil || ctx.Err() != nil {
			continue
		}
		wg.Go(func() {
			select {
			case r.regions <- struct{}{}:
			case <-ctx.Done():
				return
			}
			defer func() { <-r.regions }()
			rr.collectStoresInUse(reachOf(acct.IAM, rr.region, id, rr.b.taskRoles()))
		})
	}
	wg.Wait()
	for _, rr := range results {
		if rr != nil {
			acct.Regions = append(acct.Regions, rr.b.finish())
		}
	}
	if r.enabled("logs") {
		for _, e := range logRegionGaps(acct) {
			r.rec.fail(errorRecord{account: e.Account, region: e.Region, service: e.Service, operation: e.Operation, code: e.Code, message: e.Message})
		}
	}
	return acct
}

func callerAccount(ctx context.Context, cfg aws.Config) (string, error) {
	out, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return "", err
	}
	return aws.ToString(out.Account), nil
}

func enabledRegions(ctx context.Context, c *ec2.Client) ([]string, error) {
	out, err := c.DescribeRegions(ctx, &ec2.DescribeRegionsInput{AllRegions: aws.Bool(false)})
	if err != nil {
		return nil, err
	}
	var names []string
	for _, r := range out.Regions {
		// AllRegions=false already leaves out regions the account has not
		// opted in to; endpoints that ignore it (moto, some proxies) still
		// say so in OptInStatus, and reading such a region only fails.
		if aws.ToString(r.OptInStatus) == "not-opted-in" {
			continue
		}
		names = append(names, aws.ToString(r.RegionName))
	}
	return names, nil
}
