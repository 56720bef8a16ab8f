package fuzzguard

import (
	"runtime"
	"testing"
	"time"
)

// TestWatch holds that the guard fires for work that outlasts its limit and
// never for work that ends in time.
func TestWatch(t *testing.T) {
	t.Run("work that ends in time", func(t *testing.T) {
		fired := make(chan struct{}, 1)
		stop := watch(time.Hour, func() { fired <- struct{}{} })
		stop()
		select {
		case <-fired:
			t.Error("the guard fired for work that ended")
		default:
		}
	})
	t.Run("work that hangs", func(t *testing.T) {
		fired := make(chan struct{})
		stop := watch(time.Millisecond, func() { close(fired) })
		<-fired // the test's -timeout bounds a guard that never fires
		stop()
	})
}

// TestHangOutsideFuzzing holds that the seed corpus run by `go test` is
// never cut short by the wall clock: outside fuzzing no guard is started.
func TestHangOutsideFuzzing(t *testing.T) {
	if Fuzzing() {
		t.Skip("running under -test.fuzz")
	}
	before := runtime.NumGoroutine()
	stop := Hang(time.Nanosecond, func() string { t.Error("the guard fired outside fuzzing"); return "" })
	if after := runtime.NumGoroutine(); after > before {
		t.Errorf("Hang started a goroutine outside fuzzing (%d → %d)", before, after)
	}
	stop()
}
