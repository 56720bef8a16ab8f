package discover

import (
	"context"
	"errors"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/smithy-go"
)

// regionRun reads one account-region. Its goroutines share the region's
// guarded configuration (and so its bound on calls in flight) and one
// builder.
type regionRun struct {
	ctx     context.Context
	run     *runner
	account string
	region  string
	cfg     aws.Config
	b       *builder
	wg      sync.WaitGroup
}

func newRegionRun(ctx context.Context, run *runner, account, region string, cfg aws.Config) *regionRun {
	return &regionRun{ctx: ctx, run: run, account: account, region: region, cfg: cfg, b: newBuilder(region)}
}

// collect runs every regional collector concurrently and waits for them,
// including the follow-up calls they start. Each collector runs on its own
// view of the region (same builder, configuration and bound on calls in
// flight, its own wait group), so its progress event says that every read
// it started has ended, not only its first call.
func (r *regionRun) collect() {
	for _, c := range []struct {
		service string
		fn      func(*regionRun)
	}{
		{"ec2", (*regionRun).collectEC2},
		{"ecs", (*regionRun).collectECS},
		{"elbv2", (*regionRun).collectELBv2},
		{"autoscaling", (*regionRun).collectAutoScaling},
		{"application-autoscaling", (*regionRun).collectAppAutoScaling},
		{"ecr", (*regionRun).collectECR},
		{"efs", (*regionRun).collectEFS},
		{"cloudtrail", (*regionRun).collectCloudTrail},
		{"cloudwatch", (*regionRun).collectCloudWatch},
		{"logs", (*regionRun).collectLogs},
		{"servicediscovery", (*regionRun).collectServiceDiscovery},
		{"guardduty", (*regionRun).collectGuardDuty},
		{"rds", (*regionRun).collectRDS},
	} {
		if !r.run.enabled(c.service) {
			continue
		}
		r.wg.Go(func() {
			sub := &regionRun{ctx: r.ctx, run: r.run, account: r.account, region: r.region, cfg: r.cfg, b: r.b}
			c.fn(sub)
			sub.wg.Wait()
			r.run.progress(r.account, r.region, c.service)
		})
	}
	r.wg.Wait()
}

// spawn runs a follow-up call concurrently; collect waits for it too.
func (r *regionRun) spawn(fn func()) { r.wg.Go(fn) }

// fail records a failed call and reports whether err was a failure at all,
// so callers can write `if r.fail("ecs", err) { return }`.
func (r *regionRun) fail(service string, err error) bool {
	if err == nil {
		return false
	}
	r.run.record(r.account, r.region, service, err)
	return true
}

// pager is an SDK paginator: every service's has these two methods, NextPage
// taking the service's own option functions.
type pager[Out, Opts any] interface {
	HasMorePages() bool
	NextPage(context.Context, ...func(*Opts)) (*Out, error)
}

// readPages reads every page of p into add; a failed page is recorded as a
// gap of the service and ends the reading.
func readPages[Out, Opts any](r *regionRun, service string, p pager[Out, Opts], add func(*Out)) {
	for p.HasMorePages() {
		out, err := p.NextPage(r.ctx)
		if r.fail(service, err) {
			return
		}
		add(out)
	}
}

// failAbout is fail for a read about one known resource (its details, its
// children): besides recording the error it hands the resource's gap text
// ("iam GetRolePolicy: Throttling") to mark, so the resource is marked as
// not fully collected instead of looking complete.
func (r *regionRun) failAbout(service string, err error, mark func(gap string)) bool {
	if err == nil {
		return false
	}
	e := r.run.record(r.account, r.region, service, err)
	mark(e.gap())
	return true
}

// gap is the text a resource's Gaps holds for this failed read.
func (e errorRecord) gap() string {
	op := e.operation
	if op == "" {
		op = "?"
	}
	return e.service + " " + op + ": " + e.code
}

// record turns an SDK error into a collection error and returns it.
func (r *runner) record(account, region, service string, err error) errorRecord {
	e := errorRecord{account: account, region: region, service: service}
	var oe *smithy.OperationError
	if errors.As(err, &oe) {
		e.operation = oe.OperationName
		if s := serviceBySDKID(oe.ServiceID); s != "" {
			e.service = s
		}
	}
	var ae smithy.APIError
	switch {
	case errors.As(err, &ae):
		e.code = ae.ErrorCode()
		e.message = ae.ErrorMessage()
		if e.message == "" {
			e.message = err.Error()
		}
	case errors.Is(err, ErrRequestTimeout):
		e.code = "Timeout"
		e.message = err.Error()
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		e.code = "Canceled"
		e.message = err.Error()
	case errors.Is(err, ErrNotReadOnly):
		e.code = "NotReadOnly"
		e.message = err.Error()
	case errors.Is(err, ErrUndeclared):
		e.code = "Undeclared"
		e.message = err.Error()
	default:
		e.code = "RequestError"
		e.message = err.Error()
	}
	e.message = strings.TrimSpace(e.message)
	r.rec.fail(e)
	return e
}

// chunks splits s into batches of at most n, the batch limit of an API.
func chunks[T any](s []T, n int) [][]T {
	var out [][]T
	for len(s) > n {
		out = append(out, s[:n:n])
		s = s[n:]
	}
	if len(s) > 0 {
		out = append(out, s)
	}
	return out
}

// onceSet remembers keys already scheduled, so each task definition revision,
// instance or policy is fetched once however many resources refer to it.
type onceSet struct {
	mu   sync.Mutex
	seen map[string]bool
}

// add reports whether k is new.
func (s *onceSet) add(k string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.seen == nil {
		s.seen = map[string]bool{}
	}
	if s.seen[k] {
		return false
	}
	s.seen[k] = true
	return true
}
