package discover

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestStalledResponseEndsInATimeoutGap: a server that accepts a request and
// never answers must not block discovery. Each attempt is cut at the request
// timeout, retried by the SDK, and the call is recorded as a Timeout gap on
// the cluster it was about; everything else is collected.
func TestStalledResponseEndsInATimeoutGap(t *testing.T) {
	r, inner := newReplay(12, 1)
	inner.Close()
	var stalled atomic.Int32
	quit := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if strings.HasSuffix(req.Header.Get("X-Amz-Target"), ".DescribeServices") {
			stalled.Add(1)
			stall(req, quit) // accept, never answer
			return
		}
		r.ServeHTTP(w, req)
	}))
	defer srv.Close()
	defer close(quit)
	// The guard: if the timeout did not work, the test fails here instead of hanging.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	snap, err := RunConfig(ctx, r.config(srv.URL), Options{Services: []string{"ecs"}, RequestTimeout: 200 * time.Millisecond, Now: fixedClock})
	if err != nil {
		t.Fatal(err)
	}
	if ctx.Err() != nil {
		t.Fatal("discovery only ended with the guard's deadline")
	}
	var codes []string
	for _, e := range snap.Collection.Errors {
		codes = append(codes, e.Service+" "+e.Operation+" "+e.Code)
	}
	// 12 services in batches of 10: two DescribeServices calls, each tried 3 times.
	if want := []string{"ecs DescribeServices Timeout", "ecs DescribeServices Timeout"}; !slices.Equal(codes, want) {
		t.Errorf("collection errors %v, want %v", codes, want)
	}
	if n := stalled.Load(); n != 6 {
		t.Errorf("%d stalled attempts, want 6 (2 calls x 3 attempts: a timeout is retried)", n)
	}
	c := snap.Accounts[0].Regions[0].ECS.Clusters[0]
	if !slices.Equal(c.Gaps, []string{"ecs DescribeServices: Timeout"}) {
		t.Errorf("cluster gaps %v", c.Gaps)
	}
	if len(c.Tasks) != 12 {
		t.Errorf("the rest was not collected: %d tasks", len(c.Tasks))
	}
}

// stall holds a request unanswered until the client gives up or the test
// ends. The body is read first: only then does net/http notice a client
// that hangs up.
func stall(req *http.Request, quit <-chan struct{}) {
	_, _ = io.Copy(io.Discard, req.Body)
	select {
	case <-req.Context().Done():
	case <-quit:
	}
}

// TestInterruptKeepsWhatWasCollected: when the context ends mid-run the
// snapshot collected so far comes back marked incomplete, with the error.
func TestInterruptKeepsWhatWasCollected(t *testing.T) {
	r, inner := newReplay(12, 1)
	inner.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	quit := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if strings.HasSuffix(req.Header.Get("X-Amz-Target"), ".DescribeTasks") {
			cancel() // the user presses Ctrl-C while this call is in flight
			stall(req, quit)
			return
		}
		r.ServeHTTP(w, req)
	}))
	defer srv.Close()
	defer close(quit)
	snap, err := RunConfig(ctx, r.config(srv.URL), Options{Services: []string{"ecs"}, Now: fixedClock})
	if err == nil || ctx.Err() == nil {
		t.Fatalf("want the interrupt's error, got %v", err)
	}
	if snap == nil || !snap.Collection.Incomplete || len(snap.Accounts) != 1 {
		t.Fatalf("want a partial snapshot marked incomplete, got %+v", snap)
	}
	if len(snap.Accounts[0].Regions) != 1 || len(snap.Accounts[0].Regions[0].ECS.Clusters) != 1 {
		t.Errorf("what was collected before the interrupt is missing: %+v", snap.Accounts[0].Regions)
	}
	found := false
	for _, e := range snap.Collection.Errors {
		found = found || e.Code == "Interrupted"
	}
	if !found {
		t.Errorf("no Interrupted collection error: %+v", snap.Collection.Errors)
	}
}

// TestDetailFailuresMarkTheirResource: a detail read that fails past
// retries leaves its resource marked, not silently short.
func TestDetailFailuresMarkTheirResource(t *testing.T) {
	for _, c := range []struct {
		op, gap string
	}{
		{"ecs DescribeServices", "ecs DescribeServices: Throttling"},
		{"ecs ListTasks", "ecs ListTasks: Throttling"},
		{"ecs DescribeTasks", "ecs DescribeTasks: Throttling"},
		{"ecs ListContainerInstances", "ecs ListContainerInstances: Throttling"},
	} {
		t.Run(c.op, func(t *testing.T) {
			r, srv := newReplay(5, 1)
			defer srv.Close()
			r.throttle[c.op] = 1000
			res, err := runReplay(context.Background(), r, srv.URL, 4)
			if err != nil {
				t.Fatal(err)
			}
			cl := res.snap.Accounts[0].Regions[0].ECS.Clusters[0]
			if !slices.Equal(cl.Gaps, []string{c.gap}) {
				t.Errorf("cluster gaps %v, want [%s]", cl.Gaps, c.gap)
			}
		})
	}
	t.Run("ecs DescribeTaskDefinition", func(t *testing.T) {
		r, srv := newReplay(5, 1)
		defer srv.Close()
		r.deny["ecs DescribeTaskDefinition"] = true
		res, err := runReplay(context.Background(), r, srv.URL, 4)
		if err != nil {
			t.Fatal(err)
		}
		for _, td := range res.snap.Accounts[0].Regions[0].ECS.TaskDefinitions {
			if !td.NotCollected {
				t.Errorf("%s not marked", td.ARN)
			}
		}
	})
}

func TestDetailOperationsAreDeclared(t *testing.T) {
	all := Operations()
	for _, op := range DetailOperations() {
		if !slices.Contains(all, op) {
			t.Errorf("detail operation %s %s is not among the collectors' operations", op.Service, op.Name)
		}
	}
}
