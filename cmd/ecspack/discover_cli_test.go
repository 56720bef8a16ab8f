package main

// The aws CLI habits of `ecspack discover`, `import` and `collect-script`
// (issue 3, items 1, 6, 7 and 8), proved through the real command line
// in-process against the shared moto server: credentials from the
// environment, a profile or assumed roles; regions by flag, by profile or
// every enabled one; the endpoint by flag or AWS_ENDPOINT_URL; gaps, --strict,
// --quiet and progress; the exit codes 1, 2 and 3; and the offline path.
//
// A recording reverse proxy (tapProxy) sits between the CLI and moto where a
// test must see what was sent (the ExternalId of AssumeRole, the access key a
// request was signed with, its signing region) or inject a denial.

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"golang.org/x/sys/unix"

	"github.com/ecspack/ecspack/internal/testkit/mototest"
	"github.com/ecspack/ecspack/internal/testkit/readback"
	"github.com/ecspack/ecspack/inventory"
)

// Accounts the --role-arn tests assume into; moto 5 takes the assumed
// account from the role ARN (checked by plantClusters, which creates a cluster
// in otherAccount through such a role).
const (
	otherAccount = "111111111111"
	emptyAccount = "222222222222"
	secondRegion = "eu-central-1"
)

// motoCredentials puts moto's test credentials and the estate's region into
// the environment, as a user of the CLI would.
func motoCredentials(t *testing.T) {
	t.Helper()
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIAMOTOTEST")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "moto-secret")
	t.Setenv("AWS_REGION", mototest.Region)
}

// tapRequest is one request the proxy forwarded (or answered itself).
type tapRequest struct {
	// Operation from X-Amz-Target or the query Action; empty for REST APIs.
	Operation string
	Method    string
	Path      string
	// Form is the query or form body (query-protocol APIs such as STS).
	Form url.Values
	// KeyID, Region and Service come from the SigV4 credential scope.
	KeyID, Region, Service string
}

// tapProxy is a recording reverse proxy in front of moto that can answer
// chosen requests with an error instead of forwarding them.
type tapProxy struct {
	URL   string
	mu    sync.Mutex
	reqs  []tapRequest
	deny  func(tapRequest) bool
	inner *httputil.ReverseProxy
}

var sigScope = regexp.MustCompile(`Credential=([^/]+)/[0-9]+/([^/]+)/([^/]+)/aws4_request`)

func newTap(t *testing.T, target string) *tapProxy {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	tp := &tapProxy{inner: httputil.NewSingleHostReverseProxy(u)}
	srv := httptest.NewServer(http.HandlerFunc(tp.serve))
	t.Cleanup(srv.Close)
	tp.URL = srv.URL
	return tp
}

func (tp *tapProxy) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	req := tapRequest{Method: r.Method, Path: r.URL.Path, Form: r.URL.Query()}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		if f, err := url.ParseQuery(string(body)); err == nil {
			for k, v := range f {
				req.Form[k] = v
			}
		}
	}
	if target := r.Header.Get("X-Amz-Target"); target != "" {
		req.Operation = target[strings.LastIndexByte(target, '.')+1:]
	} else {
		req.Operation = req.Form.Get("Action")
	}
	if m := sigScope.FindStringSubmatch(r.Header.Get("Authorization")); m != nil {
		req.KeyID, req.Region, req.Service = m[1], m[2], m[3]
	}
	tp.mu.Lock()
	tp.reqs = append(tp.reqs, req)
	deny := tp.deny != nil && tp.deny(req)
	tp.mu.Unlock()
	if deny {
		// The awsJson1_1 error shape of a real denial.
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.Header().Set("X-Amzn-RequestId", "tap-denied")
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"__type":"AccessDeniedException","message":"User: arn:aws:sts::123456789012:assumed-role/ecspack-read/discover is not authorized to perform: ecs:`+req.Operation+`"}`)
		return
	}
	tp.inner.ServeHTTP(w, r)
}

func (tp *tapProxy) requests() []tapRequest {
	tp.mu.Lock()
	defer tp.mu.Unlock()
	return slices.Clone(tp.reqs)
}

func (tp *tapProxy) reset(deny func(tapRequest) bool) {
	tp.mu.Lock()
	defer tp.mu.Unlock()
	tp.reqs, tp.deny = nil, deny
}

// plantClusters creates ECS clusters where the tests look for them: "alpha"
// (with a service) in the estate's account and region, "beta" in
// secondRegion, and "other" in otherAccount through an assumed role.
func plantClusters(t *testing.T, moto *mototest.Server) {
	t.Helper()
	ctx := mototest.Context(t)
	cfg := moto.Config()
	c := ecs.NewFromConfig(cfg)
	if _, err := c.CreateCluster(ctx, &ecs.CreateClusterInput{ClusterName: aws.String("alpha")}); err != nil {
		t.Fatal(err)
	}
	td, err := c.RegisterTaskDefinition(ctx, &ecs.RegisterTaskDefinitionInput{Family: aws.String("web"),
		ContainerDefinitions: []ecstypes.ContainerDefinition{{Name: aws.String("web"), Image: aws.String("nginx"), Memory: aws.Int32(256)}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateService(ctx, &ecs.CreateServiceInput{Cluster: aws.String("alpha"), ServiceName: aws.String("web"),
		TaskDefinition: td.TaskDefinition.TaskDefinitionArn, DesiredCount: aws.Int32(1), LaunchType: ecstypes.LaunchTypeEc2}); err != nil {
		t.Fatal(err)
	}
	if _, err := ecs.NewFromConfig(cfg, func(o *ecs.Options) { o.Region = secondRegion }).
		CreateCluster(ctx, &ecs.CreateClusterInput{ClusterName: aws.String("beta")}); err != nil {
		t.Fatal(err)
	}
	out, err := sts.NewFromConfig(cfg).AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::" + otherAccount + ":role/planter"),
		RoleSessionName: aws.String("plant")})
	if err != nil {
		t.Fatal(err)
	}
	other := cfg.Copy()
	cr := out.Credentials
	other.Credentials = credentials.NewStaticCredentialsProvider(aws.ToString(cr.AccessKeyId), aws.ToString(cr.SecretAccessKey), aws.ToString(cr.SessionToken))
	id, err := sts.NewFromConfig(other).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil || aws.ToString(id.Account) != otherAccount {
		t.Fatalf("moto does not put an assumed role in the role ARN's account (%v, %v): the --role-arn test would prove nothing", aws.ToString(id.Account), err)
	}
	if _, err := ecs.NewFromConfig(other).CreateCluster(ctx, &ecs.CreateClusterInput{ClusterName: aws.String("other")}); err != nil {
		t.Fatal(err)
	}
}

// clustersBy reads a snapshot into "account region" → sorted cluster names,
// with every account-region present (an empty one maps to nil).
func clustersBy(t *testing.T, path string) map[string][]string {
	t.Helper()
	snap, err := inventory.ReadFile(path)
	if err != nil {
		t.Fatalf("the snapshot does not decode: %v", err)
	}
	out := map[string][]string{}
	for _, a := range snap.Accounts {
		for _, r := range a.Regions {
			var names []string
			for _, c := range r.ECS.Clusters {
				names = append(names, c.Name)
			}
			slices.Sort(names)
			out[a.ID+" "+r.Name] = names
		}
	}
	return out
}

func sameClusters(t *testing.T, got, want map[string][]string) {
	t.Helper()
	for k, w := range want {
		if g, ok := got[k]; !ok || !slices.Equal(g, w) {
			t.Errorf("%s: clusters %q (present %v), want %q", k, g, ok, w)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("unexpected account-region %s in the snapshot", k)
		}
	}
}

func operations(reqs []tapRequest) []string {
	var out []string
	for _, r := range reqs {
		out = append(out, r.Operation)
	}
	return out
}

// TestDiscoverCLIAgainstMoto runs `ecspack discover` the ways the aws CLI
// is used and checks which accounts and regions each way read.
func TestDiscoverCLIAgainstMoto(t *testing.T) {
	moto := sharedMoto(t)
	moto.Reset(t)
	plantClusters(t, moto)
	d := &cliDiscovery{moto: moto, tap: newTap(t, moto.URL), home: mototest.IsolateAWS(t),
		snapPath: filepath.Join(t.TempDir(), "snap.json"), here: mototest.Account + " " + mototest.Region}
	t.Run("--endpoint-url and --region, plain progress when stderr is not a terminal", d.endpointAndRegion)
	t.Run("AWS_ENDPOINT_URL", d.endpointFromEnvironment)
	t.Run("--endpoint-url wins over AWS_ENDPOINT_URL", d.endpointFlagWins)
	d.regionFlags(t)
	d.profiles(t)
	t.Run("--role-arn twice with --external-id", d.assumeRoles)
	t.Run("--all-regions reads the enabled regions only", d.allRegions)
	d.gaps(t)
}

// cliDiscovery is what TestDiscoverCLIAgainstMoto's cases share: moto with
// the planted clusters, the proxy that records what reaches it, an isolated
// HOME and the snapshot path.
type cliDiscovery struct {
	moto     *mototest.Server
	tap      *tapProxy
	home     string
	snapPath string
	here     string // "account region" of the caller's own account and region
}

// ok runs discover (ECS only: it keeps each run short, and the region and
// account logic is the same for every collector), expects exit 0 and nothing
// on stdout, and returns stderr and the clusters read per account-region.
func (d *cliDiscovery) ok(t *testing.T, args ...string) (string, map[string][]string) {
	t.Helper()
	os.Remove(d.snapPath)
	code, stdout, stderr := runCLI(t, append([]string{"discover", "-o", d.snapPath, "--services", "ecs"}, args...)...)
	if code != 0 {
		t.Fatalf("exit %d, want 0\n%s", code, stderr)
	}
	if stdout != "" {
		t.Errorf("discover wrote to stdout: %q", stdout)
	}
	return stderr, clustersBy(t, d.snapPath)
}

// endpointAndRegion: --endpoint-url and --region; the progress is plain
// lines when stderr is not a terminal.
func (d *cliDiscovery) endpointAndRegion(t *testing.T) {
	motoCredentials(t)
	d.tap.reset(nil)
	stderr, got := d.ok(t, "--endpoint-url", d.tap.URL, "--region", mototest.Region)
	sameClusters(t, got, map[string][]string{d.here: {"alpha"}})
	if strings.Contains(stderr, "\x1b") || strings.Contains(stderr, "\r") {
		t.Errorf("terminal control sequences on a non-terminal stderr: %q", stderr)
	}
	for _, want := range []string{"ecspack: " + d.here + ": start (", "ecspack: " + d.here + ": ecs (", "ecspack: " + d.here + ": done (", "ecspack: wrote " + d.snapPath} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks the progress line %q:\n%s", want, stderr)
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(stderr), "\n") {
		if !strings.HasPrefix(line, "ecspack: ") {
			t.Errorf("progress line without the program name: %q", line)
		}
	}
	if len(d.tap.requests()) == 0 {
		t.Error("nothing went through --endpoint-url")
	}
}

// endpointFromEnvironment: AWS_ENDPOINT_URL is used.
func (d *cliDiscovery) endpointFromEnvironment(t *testing.T) {
	motoCredentials(t)
	t.Setenv("AWS_ENDPOINT_URL", d.tap.URL)
	d.tap.reset(nil)
	_, got := d.ok(t, "--quiet")
	sameClusters(t, got, map[string][]string{d.here: {"alpha"}})
	if o := operations(d.tap.requests()); !slices.Contains(o, "GetCallerIdentity") || !slices.Contains(o, "DescribeClusters") {
		t.Errorf("AWS_ENDPOINT_URL was not used: the proxy saw %q", o)
	}
}

// endpointFlagWins: --endpoint-url wins over AWS_ENDPOINT_URL.
func (d *cliDiscovery) endpointFlagWins(t *testing.T) {
	motoCredentials(t)
	t.Setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:1")
	_, got := d.ok(t, "--quiet", "--endpoint-url", d.moto.URL)
	sameClusters(t, got, map[string][]string{d.here: {"alpha"}})
}

// regionFlags: --regions and repeated --region read exactly the regions named.
func (d *cliDiscovery) regionFlags(t *testing.T) {
	for _, args := range [][]string{
		{"--regions", mototest.Region + "," + secondRegion},
		{"--region", secondRegion, "--region", mototest.Region},
		{"--regions", mototest.Region, "--region", secondRegion},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			motoCredentials(t)
			d.tap.reset(nil)
			_, got := d.ok(t, append([]string{"--quiet", "--endpoint-url", d.tap.URL}, args...)...)
			sameClusters(t, got, map[string][]string{d.here: {"alpha"}, mototest.Account + " " + secondRegion: {"beta"}})
			signed := map[string]bool{}
			for _, r := range d.tap.requests() {
				if r.Operation == "ListClusters" {
					signed[r.Region] = true
				}
			}
			if !signed[mototest.Region] || !signed[secondRegion] || len(signed) != 2 {
				t.Errorf("ListClusters was signed for regions %v, want exactly %s and %s", signed, mototest.Region, secondRegion)
			}
		})
	}
}

// profiles: a profile in the shared files of a temporary HOME, named by
// --profile or AWS_PROFILE: its keys sign the calls and its region is read,
// with nothing AWS_* in the environment.
func (d *cliDiscovery) profiles(t *testing.T) {
	config := filepath.Join(d.home, ".aws", "config")
	creds := filepath.Join(d.home, ".aws", "credentials")
	writeFile(t, config, "[default]\nregion = us-west-2\n\n[profile customer]\nregion = "+secondRegion+"\n")
	writeFile(t, creds, "[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = default-secret\n\n"+
		"[customer]\naws_access_key_id = AKIACUSTOMER\naws_secret_access_key = customer-secret\n")
	for name, how := range map[string]func(t *testing.T) []string{
		"--profile": func(t *testing.T) []string { return []string{"--profile", "customer"} },
		"AWS_PROFILE": func(t *testing.T) []string {
			t.Setenv("AWS_PROFILE", "customer")
			return nil
		},
	} {
		t.Run(name+" from AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE", func(t *testing.T) {
			t.Setenv("AWS_CONFIG_FILE", config)
			t.Setenv("AWS_SHARED_CREDENTIALS_FILE", creds)
			d.tap.reset(nil)
			_, got := d.ok(t, append([]string{"--quiet", "--endpoint-url", d.tap.URL}, how(t)...)...)
			sameClusters(t, got, map[string][]string{mototest.Account + " " + secondRegion: {"beta"}})
			for _, r := range d.tap.requests() {
				if r.KeyID != "AKIACUSTOMER" {
					t.Errorf("%s was signed with %q, not the profile's key", r.Operation, r.KeyID)
					break
				}
			}
		})
	}
}

// assumeRoles: --role-arn twice with --external-id reads the two roles'
// accounts, not the caller's own.
func (d *cliDiscovery) assumeRoles(t *testing.T) {
	motoCredentials(t)
	d.tap.reset(nil)
	roles := []string{"arn:aws:iam::" + otherAccount + ":role/ecspack-read", "arn:aws:iam::" + emptyAccount + ":role/ecspack-read"}
	_, got := d.ok(t, "--quiet", "--endpoint-url", d.tap.URL, "--role-arn", roles[0], "--role-arn", roles[1], "--external-id", "partner-42")
	// The caller's own account is not read when roles are given.
	sameClusters(t, got, map[string][]string{otherAccount + " " + mototest.Region: {"other"}, emptyAccount + " " + mototest.Region: nil})
	var assumed []string
	for _, r := range d.tap.requests() {
		switch {
		case r.Operation == "AssumeRole":
			assumed = append(assumed, r.Form.Get("RoleArn"))
			if r.Form.Get("ExternalId") != "partner-42" || r.KeyID != "AKIAMOTOTEST" {
				t.Errorf("AssumeRole of %s sent ExternalId %q signed by %q", r.Form.Get("RoleArn"), r.Form.Get("ExternalId"), r.KeyID)
			}
		case r.KeyID == "AKIAMOTOTEST":
			t.Errorf("%s was signed with the caller's own key, not an assumed role's", r.Operation)
		}
	}
	slices.Sort(assumed)
	if !slices.Equal(assumed, roles) {
		t.Errorf("AssumeRole calls for %q, want one for each of %q", assumed, roles)
	}
	snap, err := inventory.ReadFile(d.snapPath)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(snap.Collection.Calls, func(c inventory.CallCount) bool {
		return c.Service == "sts" && c.Operation == "AssumeRole" && c.Count == 2
	}) {
		t.Errorf("the snapshot does not count 2 AssumeRole calls: %+v", snap.Collection.Calls)
	}
}

// allRegions: --all-regions reads the enabled regions only.
func (d *cliDiscovery) allRegions(t *testing.T) {
	motoCredentials(t)
	out, err := ec2.NewFromConfig(d.moto.Config()).DescribeRegions(mototest.Context(t), &ec2.DescribeRegionsInput{AllRegions: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{}
	var optIn []string
	for _, r := range out.Regions {
		if aws.ToString(r.OptInStatus) == "not-opted-in" {
			optIn = append(optIn, aws.ToString(r.RegionName))
			continue
		}
		want[mototest.Account+" "+aws.ToString(r.RegionName)] = nil
	}
	if len(optIn) == 0 || len(want) < 3 {
		t.Fatalf("moto lists %d enabled and %d not-opted-in regions: the test needs both", len(want), len(optIn))
	}
	want[d.here] = []string{"alpha"}
	want[mototest.Account+" "+secondRegion] = []string{"beta"}
	d.tap.reset(nil)
	start := time.Now()
	_, got := d.ok(t, "--quiet", "--endpoint-url", d.tap.URL, "--all-regions")
	t.Logf("--all-regions: %d regions in %v (not opted in, left out: %v)", len(got), time.Since(start).Round(time.Millisecond), optIn)
	sameClusters(t, got, want)
	for _, r := range d.tap.requests() {
		if r.Operation == "DescribeRegions" && r.Form.Get("AllRegions") != "false" {
			t.Errorf("DescribeRegions asked with AllRegions=%q, want false (enabled regions)", r.Form.Get("AllRegions"))
		}
	}
}

// gaps: a denial injected by the proxy is a gap: recorded, summarised, exit 0;
// --strict makes it exit 1; --quiet keeps the warning but no progress.
func (d *cliDiscovery) gaps(t *testing.T) {
	denyAccountSettings := func(r tapRequest) bool { return r.Operation == "ListAccountSettings" }
	for _, c := range []struct {
		name   string
		deny   func(tapRequest) bool
		args   []string
		code   int
		gaps   int
		stderr func(t *testing.T, s string)
	}{
		{"gap without --strict exits 0", denyAccountSettings, nil, 0, 1, func(t *testing.T, s string) {
			for _, want := range []string{"ecspack: warning: 1 call(s) failed", "ecs ListAccountSettings: AccessDeniedException (x1)", "1 gap(s)"} {
				if !strings.Contains(s, want) {
					t.Errorf("stderr lacks %q:\n%s", want, s)
				}
			}
		}},
		{"gap with --strict exits 1", denyAccountSettings, []string{"--strict"}, 1, 1, func(t *testing.T, s string) {
			if !strings.Contains(s, "ecs ListAccountSettings: AccessDeniedException") {
				t.Errorf("stderr does not name the gap:\n%s", s)
			}
		}},
		{"--strict without gaps exits 0", nil, []string{"--strict"}, 0, 0, nil},
		{"--quiet without gaps prints nothing", nil, []string{"--quiet"}, 0, 0, func(t *testing.T, s string) {
			if s != "" {
				t.Errorf("stderr under --quiet: %q", s)
			}
		}},
		{"--quiet with a gap prints the warning only", denyAccountSettings, []string{"--quiet", "--strict"}, 1, 1, func(t *testing.T, s string) {
			if !strings.HasPrefix(s, "ecspack: warning: 1 call(s) failed") || strings.Contains(s, ": start (") || strings.Contains(s, "wrote") {
				t.Errorf("stderr under --quiet should hold the gap warning and no progress:\n%s", s)
			}
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			motoCredentials(t)
			d.tap.reset(c.deny)
			os.Remove(d.snapPath)
			code, _, stderr := runCLI(t, append([]string{"discover", "-o", d.snapPath, "--endpoint-url", d.tap.URL, "--services", "ecs"}, c.args...)...)
			if code != c.code {
				t.Fatalf("exit %d, want %d\n%s", code, c.code, stderr)
			}
			snap, err := inventory.ReadFile(d.snapPath)
			if err != nil {
				t.Fatalf("no snapshot written (%v): gaps must not cost the rest", err)
			}
			if len(snap.Collection.Errors) != c.gaps {
				t.Fatalf("%d gaps recorded, want %d: %+v", len(snap.Collection.Errors), c.gaps, snap.Collection.Errors)
			}
			if c.gaps > 0 {
				e := snap.Collection.Errors[0]
				if e.Account != mototest.Account || e.Region != mototest.Region || e.Service != "ecs" || e.Operation != "ListAccountSettings" ||
					e.Code != "AccessDeniedException" || !strings.Contains(e.Message, "not authorized") {
					t.Errorf("gap recorded as %+v", e)
				}
			}
			if got := clustersBy(t, d.snapPath); !slices.Equal(got[d.here], []string{"alpha"}) {
				t.Errorf("the rest was not collected: %v", got)
			}
			if c.stderr != nil {
				c.stderr(t, stderr)
			}
		})
	}
}

// TestDiscoverCLILiveProgressOnATerminal gives discover a pseudo-terminal as
// stderr: the progress is then one line per account-region redrawn in place.
func TestDiscoverCLILiveProgressOnATerminal(t *testing.T) {
	moto := sharedMoto(t)
	moto.Reset(t)
	mototest.IsolateAWS(t)
	motoCredentials(t)
	master, slave := openPTY(t)
	var screen bytes.Buffer
	done := make(chan struct{})
	go func() { io.Copy(&screen, master); close(done) }()
	snapPath := filepath.Join(t.TempDir(), "snap.json")
	var stdout bytes.Buffer
	code := run([]string{"discover", "-o", snapPath, "--endpoint-url", moto.URL, "--regions", mototest.Region + "," + secondRegion, "--services", "ecs"}, &stdout, slave)
	slave.Close()
	// What was written is in the terminal's buffer: read it, then stop (a
	// master whose slave is closed does not always report the end at once).
	master.SetReadDeadline(time.Now().Add(500 * time.Millisecond))
	<-done
	out := screen.String()
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, out)
	}
	if !strings.Contains(out, "\x1b[") {
		t.Errorf("no cursor movement on a terminal: the display is not live:\n%q", out)
	}
	for _, where := range []string{mototest.Account + " " + mototest.Region, mototest.Account + " " + secondRegion} {
		if !strings.Contains(out, where) {
			t.Errorf("the live display lacks %s:\n%q", where, out)
		}
	}
	if strings.Contains(out, "ecspack: "+mototest.Account+" "+mototest.Region+": start (") {
		t.Errorf("plain progress lines on a terminal:\n%q", out)
	}
}

// openPTY opens a pseudo-terminal pair (Linux), skipping where there is none.
func openPTY(t *testing.T) (master, slave *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	fd := int(m.Fd())
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		m.Close()
		t.Skipf("unlockpt: %v", err)
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		m.Close()
		t.Skipf("ptsname: %v", err)
	}
	s, err := os.OpenFile("/dev/pts/"+strconv.Itoa(n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		m.Close()
		t.Skipf("opening the terminal side: %v", err)
	}
	t.Cleanup(func() { m.Close(); s.Close() })
	return m, s
}

// TestDiscoverCLIExitCodes: usage errors exit 2 and missing credentials or an
// unreachable endpoint exit 3, each with a message naming the cause and no
// snapshot written. None of these reaches a real AWS endpoint.
func TestDiscoverCLIExitCodes(t *testing.T) {
	const dead = "http://127.0.0.1:1"
	for _, c := range []struct {
		name  string
		env   map[string]string
		args  []string
		code  int
		wants []string
	}{
		{"no -o", nil, []string{"--region", "eu-west-1"}, 2, []string{"-o FILE is required"}},
		{"--regions with --all-regions", nil, []string{"--regions", "eu-west-1,eu-central-1", "--all-regions", "-o", "OUT"}, 2, []string{"--all-regions", "exclude each other"}},
		{"--region with --all-regions", nil, []string{"--region", "eu-west-1", "--all-regions", "-o", "OUT"}, 2, []string{"exclude each other"}},
		{"an argument", nil, []string{"-o", "OUT", "eu-west-1"}, 2, []string{"unknown command", "eu-west-1"}},
		{"unknown flag", nil, []string{"-o", "OUT", "--regoin", "eu-west-1"}, 2, []string{"unknown flag: --regoin"}},
		{"unknown --services name", nil, []string{"-o", "OUT", "--services", "ecs,lambda", "--endpoint-url", dead}, 2, []string{`unknown service "lambda"`, "known:"}},
		{"no region anywhere", map[string]string{"AWS_REGION": ""}, []string{"-o", "OUT", "--endpoint-url", dead}, 2, []string{"no region", "--region"}},
		{"no credentials", map[string]string{"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""}, []string{"-o", "OUT", "--endpoint-url", dead}, 3, []string{"no AWS credentials found", "--profile", "collect-script"}},
		{"unreachable --endpoint-url", nil, []string{"-o", "OUT", "--endpoint-url", dead}, 3, []string{"127.0.0.1:1", "connection refused"}},
		{"unreachable AWS_ENDPOINT_URL", map[string]string{"AWS_ENDPOINT_URL": dead}, []string{"-o", "OUT"}, 3, []string{"127.0.0.1:1"}},
		{"unreachable with --role-arn", nil, []string{"-o", "OUT", "--endpoint-url", dead, "--role-arn", "arn:aws:iam::" + otherAccount + ":role/r"}, 3, []string{"AssumeRole", "127.0.0.1:1"}},
		{"unknown --profile", nil, []string{"-o", "OUT", "--endpoint-url", dead, "--profile", "nosuch"}, 3, []string{"nosuch"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			mototest.IsolateAWS(t)
			motoCredentials(t)
			for k, v := range c.env {
				t.Setenv(k, v)
			}
			dir := t.TempDir()
			args := []string{"discover"}
			for _, a := range c.args {
				args = append(args, strings.ReplaceAll(a, "OUT", filepath.Join(dir, "snap.json")))
			}
			// Giving up is not timed (a busy machine stretches wall time);
			// retrying without end would be stopped by go test's -timeout.
			code, stdout, stderr := runCLI(t, args...)
			if code != c.code {
				t.Errorf("exit %d, want %d\n%s", code, c.code, stderr)
			}
			for _, w := range c.wants {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
			if stdout != "" {
				t.Errorf("stdout: %q", stdout)
			}
			if names := dirNames(t, dir); len(names) > 0 {
				t.Errorf("files written after a failure: %v", names)
			}
		})
	}
}

// TestCollectScriptIsReadOnlyBash checks the script statically: bash accepts
// it, and every aws call in it is a describe, list, get or batch-get.
func TestCollectScriptIsReadOnlyBash(t *testing.T) {
	code, script, stderr := runCLI(t, "collect-script", "--regions", "eu-west-1,eu-central-1", "--region", "us-east-2", "--region", "eu-west-1")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if !strings.HasPrefix(script, "#!/usr/bin/env bash\n") {
		t.Errorf("no bash shebang: %q", script[:min(40, len(script))])
	}
	if want := `REGIONS="${ECSPACK_REGIONS:-eu-central-1 eu-west-1 us-east-2}"`; !strings.Contains(script, want) {
		t.Errorf("the script does not default to the regions asked for (%s)", want)
	}
	if code, def, _ := runCLI(t, "collect-script"); code != 0 || !strings.Contains(def, `REGIONS="${ECSPACK_REGIONS:-us-east-1}"`) {
		t.Errorf("without --regions: exit %d, default region line missing", code)
	}
	if code, _, stderr := runCLI(t, "collect-script", "extra"); code != 2 {
		t.Errorf("collect-script with an argument: exit %d, want 2\n%s", code, stderr)
	}

	bash := needTool(t, "bash")
	path := writeFile(t, filepath.Join(t.TempDir(), "collect.sh"), script)
	if out, err := exec.Command(bash, "-n", path).CombinedOutput(); err != nil {
		t.Fatalf("bash -n: %v\n%s", err, out)
	}

	calls := scriptCalls(t, script)
	services := map[string]bool{}
	for _, c := range calls {
		services[c[0]] = true
		if !slices.ContainsFunc([]string{"describe-", "list-", "get-", "batch-get-"}, func(p string) bool { return strings.HasPrefix(c[1], p) }) {
			t.Errorf("the script calls aws %s %s, which is not a read", c[0], c[1])
		}
	}
	// Positive control: the parser really found the calls.
	for _, want := range [][2]string{{"sts", "get-caller-identity"}, {"ec2", "describe-vpcs"}, {"ec2", "get-ebs-encryption-by-default"},
		{"ecs", "describe-services"}, {"ecs", "list-clusters"}, {"iam", "get-role"}, {"guardduty", "get-detector"}} {
		if !slices.Contains(calls, want) {
			t.Errorf("the parser did not find aws %s %s in the script: %d calls found", want[0], want[1], len(calls))
		}
	}
	if len(services) < 12 || len(calls) < 40 {
		t.Errorf("only %d calls of %d services found in the script", len(calls), len(services))
	}
}

var (
	// scriptCall matches `aws SVC OP`, `run "FILE" SVC OP` and `words 'Q' SVC OP`.
	scriptCall = regexp.MustCompile(`(?:\brun\s+"(?:\$\([^)]*\)|[^"])*"|\bwords\s+'[^']*'|\baws)\s+([a-z][a-z0-9-]*|\$\w+)\s+([a-z][a-z0-9-]*|\$\w+)`)
	// scriptCaller finds every place that could call aws.
	scriptCaller = regexp.MustCompile(`\brun\s+"|\bwords\s+'|\baws\s`)
	scriptLoop   = regexp.MustCompile(`\bfor\s+(\w+)\s+in\s+([^;]*);\s*do`)
)

// scriptCalls returns every (service, operation) the script can call, with
// loop variables expanded, and fails on a call it cannot read.
func scriptCalls(t *testing.T, script string) [][2]string {
	t.Helper()
	joined := strings.ReplaceAll(script, "\\\n", " ")
	loops := map[string][]string{}
	for _, m := range scriptLoop.FindAllStringSubmatch(joined, -1) {
		if !strings.ContainsAny(m[2], "$`") {
			loops[m[1]] = strings.Fields(m[2])
		}
	}
	var calls [][2]string
	for _, line := range strings.Split(joined, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		ms := scriptCall.FindAllStringSubmatch(line, -1)
		if len(ms) == 0 && scriptCaller.MatchString(line) && !strings.Contains(line, `aws "$@"`) && !strings.Contains(line, "aws $*") {
			t.Errorf("a line that may call aws, in a form the test cannot read: %q", line)
		}
		for _, m := range ms {
			if strings.HasPrefix(m[1], "$") {
				t.Errorf("aws service from a variable: %q", line)
				continue
			}
			opsOf := []string{m[2]}
			if strings.HasPrefix(m[2], "$") {
				if opsOf = loops[m[2][1:]]; len(opsOf) == 0 {
					t.Errorf("aws operation from a variable the test cannot expand: %q", line)
				}
			}
			for _, op := range opsOf {
				if c := [2]string{m[1], op}; !slices.Contains(calls, c) {
					calls = append(calls, c)
				}
			}
		}
	}
	return calls
}

// TestImportCLIErrors: what import does with a folder it cannot use in full.
// The folder is written by hand; TestCollectScriptThenImportCLI uses a real one.
func TestImportCLIErrors(t *testing.T) {
	dir := t.TempDir()
	folder := filepath.Join(dir, "evidence")
	writeFile(t, filepath.Join(folder, "sts", "get-caller-identity.json"), `{"UserId": "AIDAEXAMPLE", "Account": "123456789012", "Arn": "arn:aws:iam::123456789012:user/reader"}`)
	writeFile(t, filepath.Join(folder, "eu-west-1", "ecs", "describe-clusters.1.json"),
		`{"clusters": [{"clusterArn": "arn:aws:ecs:eu-west-1:123456789012:cluster/alpha", "clusterName": "alpha", "status": "ACTIVE"}], "failures": []}`)
	writeFile(t, filepath.Join(folder, "eu-west-1", "ec2", "describe-vpcs.json"), `{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"`)
	out := filepath.Join(dir, "snap.json")

	code, _, stderr := runCLI(t, "import", folder, "-o", out)
	if code != 0 {
		t.Fatalf("exit %d, want 0 (gaps are warnings)\n%s", code, stderr)
	}
	if got := clustersBy(t, out); !slices.Equal(got["123456789012 eu-west-1"], []string{"alpha"}) {
		t.Errorf("what is present was not used: %v", got)
	}
	malformed := filepath.Join(folder, "eu-west-1", "ec2", "describe-vpcs.json")
	for _, want := range []string{"MalformedFile: " + malformed, "MissingFile: " + filepath.Join(folder, "eu-west-1", "ec2", "describe-subnets.json") + " is missing"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr does not name the file (%q):\n%s", want, stderr)
		}
	}
	if code, _, stderr := runCLI(t, "import", folder, "-o", out, "--strict", "--quiet"); code != 1 || strings.Contains(stderr, "wrote") || !strings.Contains(stderr, "MalformedFile") {
		t.Errorf("--strict --quiet: exit %d (want 1), stderr:\n%s", code, stderr)
	}

	noID := filepath.Join(dir, "no-identity")
	writeFile(t, filepath.Join(noID, "eu-west-1", "ecs", "describe-clusters.json"), `{"clusters": []}`)
	badID := filepath.Join(dir, "bad-identity")
	writeFile(t, filepath.Join(badID, "sts", "get-caller-identity.json"), `{"Account": 123456789012`)
	for _, c := range []struct {
		name  string
		args  []string
		code  int
		wants []string
	}{
		{"no -o", []string{folder}, 2, []string{"-o FILE is required"}},
		{"no folder", []string{"-o", "OUT"}, 2, []string{"accepts 1 arg"}},
		{"folder does not exist", []string{filepath.Join(dir, "nowhere"), "-o", "OUT"}, 2, []string{filepath.Join(dir, "nowhere")}},
		{"identity missing", []string{noID, "-o", "OUT"}, 2, []string{filepath.Join(noID, "sts", "get-caller-identity.json"), "--account"}},
		{"identity malformed", []string{badID, "-o", "OUT"}, 2, []string{filepath.Join(badID, "sts", "get-caller-identity.json")}},
		{"identity missing, --account given", []string{noID, "-o", "OUT", "--account", "210987654321", "--quiet"}, 0, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			od := t.TempDir()
			target := filepath.Join(od, "snap.json")
			args := []string{"import"}
			for _, a := range c.args {
				args = append(args, strings.ReplaceAll(a, "OUT", target))
			}
			code, _, stderr := runCLI(t, args...)
			if code != c.code {
				t.Errorf("exit %d, want %d\n%s", code, c.code, stderr)
			}
			for _, w := range c.wants {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
			_, err := os.Stat(target)
			if c.code == 0 && err != nil {
				t.Errorf("no snapshot: %v", err)
			}
			if c.code != 0 && err == nil {
				t.Error("a snapshot was written after a failure")
			}
		})
	}
}

// TestCollectScriptThenImportCLI runs `ecspack collect-script` with the real
// aws CLI against moto (through the recording proxy), then `ecspack import`
// on the folder, whole and damaged.
func TestCollectScriptThenImportCLI(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping under -short: runs ~50 aws CLI calls")
	}
	moto := sharedMoto(t)
	// One warm aws CLI process serves the script's calls (see mototest.AWSCLI).
	awsDir := mototest.AWSCLI(t)
	bash := needTool(t, "bash")
	moto.Reset(t)
	plantClusters(t, moto)
	tap := newTap(t, moto.URL)
	dir := t.TempDir()

	code, script, stderr := runCLI(t, "collect-script", "--region", mototest.Region)
	if code != 0 {
		t.Fatalf("collect-script: exit %d\n%s", code, stderr)
	}
	scriptPath := writeFile(t, filepath.Join(dir, "collect.sh"), script)
	folder := filepath.Join(dir, "evidence")
	// No wall-clock cap: the script is killed (its process group) when the
	// test ends or nears the go test -timeout.
	cmd := readback.Command(t, bash, scriptPath, folder)
	cmd.Env = mototest.CLIEnv(tap.URL, "moto-secret", awsDir)
	var scriptErr bytes.Buffer
	cmd.Stderr = &scriptErr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		t.Fatalf("the script failed: %v\n%s", err, scriptErr.String())
	}
	t.Logf("collect script: %v", time.Since(start).Round(time.Second))
	served := tap.requests()
	if len(served) < 30 {
		t.Fatalf("the proxy saw %d requests: the script did not run against it", len(served))
	}
	for _, r := range served {
		if (r.Operation != "" && !slices.ContainsFunc([]string{"Describe", "List", "Get", "BatchGet"}, func(p string) bool { return strings.HasPrefix(r.Operation, p) })) ||
			(r.Operation == "" && r.Method != http.MethodGet) {
			t.Errorf("the script made a non-read call: %s %s %s", r.Operation, r.Method, r.Path)
		}
	}

	out := filepath.Join(dir, "snap.json")
	code, _, stderr = runCLI(t, "import", folder, "-o", out, "--strict")
	if code != 0 {
		t.Fatalf("import of a whole folder: exit %d\n%s\nscript stderr:\n%s", code, stderr, scriptErr.String())
	}
	snap, err := inventory.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if snap.Collection.Source != "import" || len(snap.Accounts) != 1 || snap.Accounts[0].ID != mototest.Account {
		t.Fatalf("imported snapshot: source %q, accounts %+v", snap.Collection.Source, snap.Accounts)
	}
	// The script reads one region: beta (eu-central-1) and the other account are not in it.
	sameClusters(t, clustersBy(t, out), map[string][]string{mototest.Account + " " + mototest.Region: {"alpha"}})
	reg := snap.Accounts[0].Regions[0]
	if len(reg.ECS.Clusters[0].Services) != 1 || reg.ECS.Clusters[0].Services[0].Name != "web" || len(reg.ECS.TaskDefinitions) != 1 {
		t.Errorf("the service web and its task definition were not imported: %+v, %d task definitions", reg.ECS.Clusters[0].Services, len(reg.ECS.TaskDefinitions))
	}

	// Damage a copy: one expected file gone, one cut in half.
	damaged := filepath.Join(dir, "damaged")
	if err := os.CopyFS(damaged, os.DirFS(folder)); err != nil {
		t.Fatal(err)
	}
	gone := filepath.Join(damaged, mototest.Region, "ec2", "describe-subnets.json")
	cut := filepath.Join(damaged, mototest.Region, "elbv2", "describe-load-balancers.json")
	if err := os.Remove(gone); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(cut)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cut, data[:len(data)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	out2 := filepath.Join(dir, "damaged.json")
	code, _, stderr = runCLI(t, "import", damaged, "-o", out2)
	if code != 0 {
		t.Fatalf("import of a damaged folder: exit %d, want 0 (documented: gaps are warnings)\n%s", code, stderr)
	}
	for _, want := range []string{"2 gap(s) — files missing or malformed", "MissingFile: " + gone + " is missing", "MalformedFile: " + cut} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	sameClusters(t, clustersBy(t, out2), map[string][]string{mototest.Account + " " + mototest.Region: {"alpha"}})
	if code, _, _ = runCLI(t, "import", damaged, "-o", out2, "--strict", "--quiet"); code != 1 {
		t.Errorf("--strict on a damaged folder: exit %d, want 1", code)
	}
}
