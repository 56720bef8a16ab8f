// Package mototest runs the moto AWS emulator for tests and builds a known
// ECS estate in it, so that discovery — and every later stage that reads a
// snapshot — can be tested against real AWS API traffic over HTTP.
//
// Typical use in a package's tests:
//
//	var moto *mototest.Server
//
//	func TestMain(m *testing.M) {
//		srv, err := mototest.Start()
//		moto = srv // nil when moto_server is absent; err says why
//		code := m.Run()
//		srv.Stop()
//		os.Exit(code)
//	}
//
//	func TestSomething(t *testing.T) {
//		moto.Require(t)            // skips (or fails under CI=true) without moto
//		moto.Reset(t)              // empty state
//		est := mototest.MustBuildEstate(t, moto.Config())
//		snap, err := discover.RunConfig(ctx, moto.Config(), discover.Options{Regions: []string{mototest.Region}})
//		...
//	}
//
// Start launches moto_server on a free loopback port through a small Python
// launcher (embedded) that patches one moto quirk; Stop ends that process.
package mototest

import (
	"bufio"
	"bytes"
	"context"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/ecspack/ecspack/internal/testkit/readback"
)

// Account and Region are where the estate lives: moto's default account and
// the region the estate builder uses.
const (
	Account = "123456789012"
	Region  = "eu-west-1"
)

//go:embed testdata/moto_launcher.py
var launcher []byte

// Server is a running moto_server. A nil *Server is valid: it stands for
// "moto is not available" and Require skips or fails the test accordingly.
type Server struct {
	// URL is the endpoint, e.g. http://127.0.0.1:43121.
	URL string
	cmd *exec.Cmd
	dir string
	log *tailBuffer
	// why is set when the server could not be started.
	why string
	// exited receives the process's end.
	exited chan error
}

// ErrUnavailable is returned (wrapped) by Start when moto_server is not installed.
var ErrUnavailable = errors.New("moto_server is not available")

// Start launches moto_server on a free loopback port and waits until it
// answers. When moto is not installed it returns a Server whose Require
// skips (or fails under CI=true) and an error wrapping ErrUnavailable.
func Start() (*Server, error) {
	if _, err := exec.LookPath("moto_server"); err != nil {
		s := &Server{why: "moto_server is not on PATH (install moto[server] 5.x in the Python on PATH)"}
		return s, fmt.Errorf("%w: %s", ErrUnavailable, s.why)
	}
	python, err := exec.LookPath("python3")
	if err != nil {
		s := &Server{why: "python3 (the one moto is installed in) is not on PATH"}
		return s, fmt.Errorf("%w: %s", ErrUnavailable, s.why)
	}
	dir, err := os.MkdirTemp("", "ecspack-moto-")
	if err != nil {
		return &Server{why: err.Error()}, fmt.Errorf("mototest: %w", err)
	}
	script := filepath.Join(dir, "moto_launcher.py")
	if err := os.WriteFile(script, launcher, 0o600); err != nil {
		return &Server{why: err.Error()}, fmt.Errorf("mototest: %w", err)
	}
	port, err := freePort()
	if err != nil {
		return &Server{why: err.Error()}, fmt.Errorf("mototest: %w", err)
	}
	s := &Server{URL: "http://127.0.0.1:" + strconv.Itoa(port), dir: dir, log: &tailBuffer{max: 64 << 10}}
	s.cmd = exec.Command(python, script, "-H", "127.0.0.1", "-p", strconv.Itoa(port))
	s.cmd.Env = append(os.Environ(), "MOTO_RECORDER_FILEPATH="+filepath.Join(dir, "recording.jsonl"), "PYTHONUNBUFFERED=1",
		// AWS managed policies (AmazonECSTaskExecutionRolePolicy) are only attachable when loaded.
		"MOTO_IAM_LOAD_MANAGED_POLICIES=true")
	// Its own process group, killed whole by Stop, and (Linux) killed by the
	// kernel if the test binary dies without running Stop (go test -timeout).
	readback.OwnGroup(s.cmd)
	s.cmd.Stdout = s.log
	stderr, err := s.cmd.StderrPipe()
	if err != nil {
		s.why = "starting moto: " + err.Error()
		return s, fmt.Errorf("mototest: %s", s.why)
	}
	if err := s.cmd.Start(); err != nil {
		s.why = "starting moto: " + err.Error()
		return s, fmt.Errorf("mototest: %s", s.why)
	}
	// Readiness is werkzeug's " * Running on URL" line, printed once the
	// socket listens: no timer, however long a loaded machine takes to import
	// moto (the go test -timeout is the limit). The log is drained for the
	// life of the process.
	ready := make(chan struct{})
	drained := make(chan struct{})
	go func() {
		defer close(drained)
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		once := false
		for sc.Scan() {
			line := sc.Text()
			s.log.Write([]byte(line + "\n"))
			if !once && strings.Contains(line, "Running on "+s.URL) {
				once = true
				close(ready)
			}
		}
		_, _ = io.Copy(s.log, stderr)
	}()
	exited := make(chan error, 1)
	go func() {
		<-drained
		exited <- s.cmd.Wait()
	}()
	s.exited = exited
	select {
	case <-ready:
		if err := s.ping(); err != nil {
			s.Stop()
			s.why = fmt.Sprintf("moto_server said it was running but does not answer: %v: %s", err, s.log.String())
			return s, fmt.Errorf("mototest: %s", s.why)
		}
		return s, nil
	case err := <-exited:
		s.cmd = nil
		s.why = fmt.Sprintf("moto_server exited at start: %v: %s", err, s.log.String())
		return s, fmt.Errorf("mototest: %s", s.why)
	}
}

// ping asks the running server for its state once.
func (s *Server) ping() error {
	resp, err := http.Get(s.URL + "/moto-api/data.json")
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET /moto-api/data.json: %s", resp.Status)
	}
	return nil
}

// tailBuffer keeps the last max bytes written to it, safely for concurrent
// use: moto logs every request, and only the end matters when it fails.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	b   []byte
}

func (w *tailBuffer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.b = append(w.b, p...)
	if over := len(w.b) - w.max; over > 0 {
		w.b = append(w.b[:0], w.b[over:]...)
	}
	return len(p), nil
}

func (w *tailBuffer) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return string(w.b)
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// Available reports whether the server is running.
func (s *Server) Available() bool { return s != nil && s.URL != "" && s.why == "" }

// Require skips the test when moto is not available — or fails it when the
// CI environment variable is "true", so that CI cannot pass by skipping.
func (s *Server) Require(t testing.TB) {
	t.Helper()
	if s.Available() {
		return
	}
	why := "moto server was not started (call mototest.Start in TestMain)"
	if s != nil && s.why != "" {
		why = s.why
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("moto is required under CI=true: %s", why)
	}
	t.Skipf("skipping: %s", why)
}

// Stop kills the moto process (its whole process group) and removes its
// files. Safe on nil.
func (s *Server) Stop() {
	if s == nil {
		return
	}
	if s.cmd != nil && s.cmd.Process != nil {
		_ = readback.KillGroup(s.cmd)
		if s.exited != nil {
			<-s.exited // SIGKILL: the process cannot linger
		}
		s.cmd = nil
	}
	if s.dir != "" {
		_ = os.RemoveAll(s.dir)
	}
}

// Config returns an AWS configuration for the emulator: static credentials,
// Region and the server's endpoint, with no read-only guard (the estate
// builder writes through it).
func (s *Server) Config() aws.Config {
	return aws.Config{
		Region:       Region,
		Credentials:  credentials.NewStaticCredentialsProvider("AKIAMOTOTEST", "moto-secret", ""),
		BaseEndpoint: aws.String(s.URL),
		Retryer:      func() aws.Retryer { return aws.NopRetryer{} },
	}
}

func (s *Server) post(path string) error {
	resp, err := http.Post(s.URL+path, "application/json", nil)
	if err != nil {
		return fmt.Errorf("mototest: POST %s: %w", path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		b, _ := io.ReadAll(resp.Body)
		return fmt.Errorf("mototest: POST %s: %s: %s", path, resp.Status, b)
	}
	return nil
}

// Reset empties all emulated state and the request recording.
func (s *Server) Reset(t testing.TB) {
	t.Helper()
	s.Require(t)
	for _, p := range []string{"/moto-api/reset", "/moto-api/recorder/stop-recording", "/moto-api/recorder/reset-recording"} {
		if err := s.post(p); err != nil {
			t.Fatal(err)
		}
	}
}

// StartRecording makes moto log every request it serves from now on.
func (s *Server) StartRecording() error {
	if err := s.post("/moto-api/recorder/reset-recording"); err != nil {
		return err
	}
	return s.post("/moto-api/recorder/start-recording")
}

// Request is one request moto served, as its recorder logged it.
type Request struct {
	Method string
	URL    string
	// Operation is the API operation (from X-Amz-Target, the query Action, or
	// an rpc-v2 path); empty for REST APIs, where Method tells reads apart.
	Operation string
}

// StopRecording stops the recorder and returns what it logged.
func (s *Server) StopRecording() ([]Request, error) {
	if err := s.post("/moto-api/recorder/stop-recording"); err != nil {
		return nil, err
	}
	resp, err := http.Get(s.URL + "/moto-api/recorder/download-recording")
	if err != nil {
		return nil, fmt.Errorf("mototest: downloading recording: %w", err)
	}
	defer resp.Body.Close()
	var out []Request
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var e struct {
			Headers     map[string]string `json:"headers"`
			Method      string            `json:"method"`
			URL         string            `json:"url"`
			Body        string            `json:"body"`
			BodyEncoded bool              `json:"body_encoded"`
		}
		if err := json.Unmarshal(line, &e); err != nil {
			return nil, fmt.Errorf("mototest: recording line %q: %w", line, err)
		}
		body := e.Body
		if e.BodyEncoded {
			if b, err := base64.StdEncoding.DecodeString(e.Body); err == nil {
				body = string(b)
			}
		}
		out = append(out, Request{Method: e.Method, URL: e.URL, Operation: operationOf(e.Headers, e.URL, body)})
	}
	return out, sc.Err()
}

func operationOf(headers map[string]string, rawURL, body string) string {
	for k, v := range headers {
		if strings.EqualFold(k, "X-Amz-Target") {
			if i := strings.LastIndexByte(v, '.'); i >= 0 {
				return v[i+1:]
			}
			return v
		}
	}
	u, err := url.Parse(rawURL)
	if err == nil {
		if a := u.Query().Get("Action"); a != "" {
			return a
		}
		if i := strings.Index(u.Path, "/operation/"); i >= 0 {
			return u.Path[i+len("/operation/"):]
		}
	}
	if q, err := url.ParseQuery(body); err == nil {
		if a := q.Get("Action"); a != "" {
			return a
		}
	}
	return ""
}

// Context returns a context for test calls that ends with the test.
func Context(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}
