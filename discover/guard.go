package discover

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go/middleware"
)

// ErrNotReadOnly is returned (wrapped) when something asks a guarded client
// for an operation that could change an AWS estate.
var ErrNotReadOnly = errors.New("operation refused: ecspack only reads")

// ErrUndeclared is returned (wrapped) when a guarded client is asked for a read
// operation that no collector declares: the IAM policy would not grant it, so
// the table in the collector's file must be completed first.
var ErrUndeclared = errors.New("operation refused: not declared in the collectors' operation table")

// readPrefixes are the operation name prefixes of read-only AWS APIs.
var readPrefixes = []string{"Describe", "List", "Get", "BatchGet"}

// IsReadOnlyName reports whether an operation name is a read by AWS naming
// convention (Describe*, List*, Get*, BatchGet*).
func IsReadOnlyName(op string) bool {
	for _, p := range readPrefixes {
		if strings.HasPrefix(op, p) {
			return true
		}
	}
	return false
}

// guard is the read-only middleware: added to the Initialize step of every
// client discovery creates, it refuses any operation whose name is not a read
// (AssumeRole on STS excepted when allowAssumeRole is set, for --role-arn),
// and counts calls per operation. Because it sits in front of serialisation,
// a refused request never leaves the process.
type guard struct {
	rec             *recorder
	sem             chan struct{}
	allowAssumeRole bool
	// declared is the allow-list from Operations(); nil allows any read.
	declared map[Operation]bool
}

const guardID = "ecspack.ReadOnlyGuard"

// apply is an aws.Config APIOptions entry. The guard goes last in the
// Initialize step, after the SDK has registered the service metadata (some
// clients do that in the same step) and before anything is serialised or sent.
func (g *guard) apply(stack *middleware.Stack) error {
	stackOp := stack.ID() // the operation name, whatever the client's generation
	return stack.Initialize.Add(middleware.InitializeMiddlewareFunc(guardID,
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			return g.handle(ctx, stackOp, in, next)
		}), middleware.After)
}

func (g *guard) handle(ctx context.Context, stackOp string, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
	sdkID := awsmiddleware.GetServiceID(ctx)
	op := awsmiddleware.GetOperationName(ctx)
	if op == "" {
		op = stackOp
	}
	svc := serviceBySDKID(sdkID)
	if svc == "" {
		svc = sdkID
	}
	assume := g.allowAssumeRole && sdkID == "STS" && (op == "AssumeRole")
	if !IsReadOnlyName(op) && !assume {
		return middleware.InitializeOutput{}, middleware.Metadata{}, fmt.Errorf("%s %s: %w", svc, op, ErrNotReadOnly)
	}
	if !assume && g.declared != nil && !g.declared[Operation{Service: svc, Name: op}] {
		return middleware.InitializeOutput{}, middleware.Metadata{}, fmt.Errorf("%s %s: %w", svc, op, ErrUndeclared)
	}
	if g.sem != nil {
		select {
		case g.sem <- struct{}{}:
		case <-ctx.Done():
			return middleware.InitializeOutput{}, middleware.Metadata{}, ctx.Err()
		}
		defer func() { <-g.sem }()
	}
	if g.rec != nil {
		g.rec.call(svc, op)
	}
	return next.HandleInitialize(ctx, in)
}

// guarded returns a copy of cfg whose clients carry the read-only guard, a
// bound of n calls in flight (0: unbounded) and call counting into rec.
func guarded(cfg aws.Config, rec *recorder, n int, allowAssumeRole bool) aws.Config {
	g := &guard{rec: rec, allowAssumeRole: allowAssumeRole, declared: map[Operation]bool{}}
	for _, op := range Operations() {
		g.declared[op] = true
	}
	if n > 0 {
		g.sem = make(chan struct{}, n)
	}
	out := cfg.Copy()
	out.APIOptions = append(append([]func(*middleware.Stack) error(nil), cfg.APIOptions...), g.apply)
	return out
}

// recorder gathers call counts and collection errors from every goroutine.
type recorder struct {
	mu     sync.Mutex
	calls  map[Operation]int
	errors []errorRecord
}

type errorRecord struct {
	account, region, service, operation, code, message string
}

func newRecorder() *recorder { return &recorder{calls: map[Operation]int{}} }

func (r *recorder) call(service, op string) {
	r.mu.Lock()
	r.calls[Operation{Service: service, Name: op}]++
	r.mu.Unlock()
}

func (r *recorder) fail(e errorRecord) {
	r.mu.Lock()
	r.errors = append(r.errors, e)
	r.mu.Unlock()
}

func (r *recorder) errorCount() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.errors)
}

func (r *recorder) callCount() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, c := range r.calls {
		n += c
	}
	return n
}
