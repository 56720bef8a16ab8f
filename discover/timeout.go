package discover

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// DefaultRequestTimeout bounds one HTTP attempt of one API call. AWS answers
// reads in well under a second; a response that has not arrived after this
// long is a stalled connection, and waiting longer would block discovery
// forever. The SDK's retryer then tries again (a timeout is retryable), and
// when every attempt stalls the call is recorded as a gap with code Timeout.
const DefaultRequestTimeout = 30 * time.Second

// ErrRequestTimeout is wrapped by the error of an attempt that got no
// (complete) answer within Options.RequestTimeout.
var ErrRequestTimeout = errors.New("no answer within the request timeout")

// timeoutClient bounds every HTTP attempt of the SDK, from sending the
// request to reading the last byte of the response, by its own deadline
// below the call's context. It wraps any aws.HTTPClient, so a client
// supplied through RunConfig is bounded too.
type timeoutClient struct {
	inner aws.HTTPClient
	d     time.Duration
}

func (c timeoutClient) Do(req *http.Request) (*http.Response, error) {
	parent := req.Context()
	ctx, cancel := context.WithTimeout(parent, c.d)
	resp, err := c.inner.Do(req.WithContext(ctx))
	if err != nil {
		timedOut := ctx.Err() != nil && parent.Err() == nil
		cancel()
		if timedOut {
			return resp, fmt.Errorf("%w (%s): %w", ErrRequestTimeout, c.d, err)
		}
		return resp, err
	}
	resp.Body = &timeoutBody{ReadCloser: resp.Body, ctx: ctx, parent: parent, cancel: cancel, d: c.d}
	return resp, nil
}

// timeoutBody releases the attempt's deadline when the SDK closes the body,
// and names a read cut short by that deadline as a timeout.
type timeoutBody struct {
	io.ReadCloser
	ctx, parent context.Context
	cancel      context.CancelFunc
	d           time.Duration
}

func (b *timeoutBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && err != io.EOF && b.ctx.Err() != nil && b.parent.Err() == nil {
		err = fmt.Errorf("%w (%s): %w", ErrRequestTimeout, b.d, err)
	}
	return n, err
}

func (b *timeoutBody) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}
