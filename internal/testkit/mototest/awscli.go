package mototest

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/internal/testkit/readback"
)

//go:embed testdata/aws_zygote.py
var awsZygote []byte

//go:embed testdata/aws_client.py
var awsClient []byte

// AWSCLIProcessesEnv, set to 1, makes AWSCLI return the real aws CLI's own
// directory, so every call starts a Python process as it does for a user.
const AWSCLIProcessesEnv = "ECSPACK_TEST_AWS_PROCESSES"

// AWSCLI returns a directory to put first on PATH whose `aws` is the real aws
// CLI, kept warm: one Python process imports awscli once and forks a fresh
// child per call (testdata/aws_zygote.py), so a script of a few hundred calls
// does not pay Python's start-up and awscli's imports a few hundred times —
// minutes on a loaded machine. Each call still runs awscli's own main with
// the caller's arguments, environment, directory and stdin/stdout/stderr, and
// returns its exit code. The server ends with the test (and with the test
// binary). Without the aws CLI the test is skipped, or failed under CI=true.
func AWSCLI(t testing.TB) string {
	t.Helper()
	real, err := exec.LookPath("aws")
	if err != nil {
		needed(t, "the aws CLI is not on PATH (make deps installs it)")
	}
	if os.Getenv(AWSCLIProcessesEnv) == "1" {
		return filepath.Dir(real)
	}
	// The interpreter awscli is installed in (python3 on PATH may be a
	// pyenv shim, a shell script too slow to run per call).
	out, err := exec.Command("python3", "-c", "import sys, awscli; print(sys.executable)").Output()
	if err != nil {
		needed(t, fmt.Sprintf("python3 cannot import awscli: %v", err))
	}
	python := strings.TrimSpace(string(out))
	dir := t.TempDir()
	zygote := filepath.Join(dir, "aws_zygote.py")
	sock := filepath.Join(dir, "aws.sock")
	if len(sock) > 100 { // sun_path is 108 bytes
		d, err := os.MkdirTemp("", "awscli-")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.RemoveAll(d) })
		sock = filepath.Join(d, "aws.sock")
	}
	client := "#!" + python + " -SE\n" + strings.ReplaceAll(string(awsClient), "@SOCKET@", sock)
	bin := filepath.Join(dir, "bin")
	if err := os.Mkdir(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(zygote, awsZygote, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bin, "aws"), []byte(client), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(python, zygote, sock)
	readback.OwnGroup(cmd)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	log := &tailBuffer{max: 16 << 10}
	cmd.Stderr = log
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting the warm aws CLI: %v", err)
	}
	exited := make(chan error, 1)
	t.Cleanup(func() {
		_ = readback.KillGroup(cmd)
		<-exited
	})
	// Readiness is its "ready" line, printed once the socket listens.
	sc := bufio.NewScanner(stdout)
	ready := sc.Scan() && sc.Text() == "ready"
	go func() {
		_, _ = io.Copy(log, stdout)
		exited <- cmd.Wait()
	}()
	if !ready {
		_ = readback.KillGroup(cmd)
		t.Fatalf("the warm aws CLI did not start: %s", log.String())
	}
	return bin
}

// IsolateAWS gives the test an AWS environment of its own: a temporary HOME,
// no shared config or credentials files, no credentials, region, profile or
// endpoint from the environment, and IMDS off so the chain never waits on it.
// It returns the temporary HOME.
func IsolateAWS(t testing.TB) string {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(home, "no-config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(home, "no-credentials"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "AWS_ENDPOINT_URL") {
			t.Setenv(k, "")
		}
	}
	for _, k := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE",
		"AWS_REGION", "AWS_DEFAULT_REGION", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
		"AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_ENDPOINT_URL"} {
		t.Setenv(k, "")
	}
	return home
}

// CLIEnv is the environment of an aws CLI run against endpoint: this
// process's environment without any AWS_* or proxy variable, static
// credentials with the given secret key, the estate's region, no shared
// config files, and awsDir (from AWSCLI) first on PATH.
//
// S3 Control is the exception to "every call goes to endpoint": its
// endpoint rules put the account id in front of the host
// (123456789012.127.0.0.1), which nothing answers, and the aws CLI cannot
// be told otherwise (AWS_DISABLE_HOST_PREFIX_INJECTION does not reach the
// rules). So S3 Control gets a host name that resolves nowhere
// (s3ControlHost) and endpoint serves as the HTTP proxy that carries it;
// every other call bypasses the proxy. moto, and a proxy in front of it,
// take the proxied request's absolute URL and route it by its path.
func CLIEnv(endpoint, secretKey, awsDir string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(k, "AWS_") && !strings.HasSuffix(strings.ToUpper(k), "_PROXY") {
			env = append(env, kv)
		}
	}
	direct := endpoint
	if u, err := url.Parse(endpoint); err == nil && u.Hostname() != "" {
		direct = u.Hostname()
	}
	return append(env, "AWS_ENDPOINT_URL="+endpoint, "AWS_ACCESS_KEY_ID=AKIAMOTOTEST", "AWS_SECRET_ACCESS_KEY="+secretKey,
		"AWS_DEFAULT_REGION="+Region, "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null",
		"AWS_ENDPOINT_URL_S3_CONTROL=http://"+s3ControlHost, "HTTP_PROXY="+endpoint, "http_proxy="+endpoint, "NO_PROXY="+direct, "no_proxy="+direct,
		"PATH="+awsDir+string(os.PathListSeparator)+os.Getenv("PATH"))
}

// s3ControlHost is the aws CLI's S3 Control endpoint in CLIEnv: under the
// reserved .invalid domain, so a call that does not go through the proxy
// fails at once instead of reaching anything.
const s3ControlHost = "s3-control.invalid"

// needed skips the test, or fails it under CI=true, where every tool the
// tests use is installed and a missing one is a broken setup.
func needed(t testing.TB, why string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("required under CI=true: %s", why)
	}
	t.Skipf("skipping: %s", why)
}
