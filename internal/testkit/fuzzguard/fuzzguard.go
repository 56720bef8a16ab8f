// Package fuzzguard is test support for fuzz targets: an input that makes
// the code under test hang stalls the fuzzer without a report, so while
// fuzzing a guard crashes the test binary instead, and the fuzzer saves the
// input under testdata/fuzz.
package fuzzguard

import (
	"flag"
	"time"
)

// Fuzzing reports whether the test binary runs with -test.fuzz: a fuzzing
// run, not the seed corpus `go test` replays.
func Fuzzing() bool {
	f := flag.Lookup("test.fuzz")
	return f != nil && f.Value.String() != ""
}

// Hang guards one run of a fuzz target: when the work takes longer than
// limit while fuzzing, it panics with what() (the input's description),
// which crashes the binary so the fuzzer keeps the input. Defer the stop it
// returns. Outside fuzzing it does nothing: the seed corpus in `go test` is
// bounded by -timeout, not by a wall-clock cap a loaded machine could
// exceed.
func Hang(limit time.Duration, what func() string) (stop func()) {
	if !Fuzzing() {
		return func() {}
	}
	return watch(limit, func() { panic(what()) })
}

// watch calls fire unless stop is called within limit.
func watch(limit time.Duration, fire func()) (stop func()) {
	done := make(chan struct{})
	go func() {
		t := time.NewTimer(limit)
		defer t.Stop()
		select {
		case <-done:
		case <-t.C:
			fire()
		}
	}()
	return func() { close(done) }
}
