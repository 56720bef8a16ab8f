// Command ecspack turns evidence about a partner's Amazon ECS customer
// deployments into the submission package of the AWS Service Delivery Program
// for Amazon ECS: a reviewer PDF, the self-assessment spreadsheet, diagrams and
// a handoff runbook per customer.
//
// Exit codes (also in `ecspack --help` and the README):
//
//	0   success; for check: every control is met, waived or not applicable
//	1   the package is not ready (check), or gaps with --strict
//	2   bad input or usage: the message names the file and line
//	3   AWS could not be reached or credentials are missing (discover)
//	4   the output could not be written (disk full, permissions)
//	130 interrupted (SIGINT/SIGTERM); nothing half-written is left behind
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

func main() {
	// A soft memory limit makes the garbage collector work harder as the
	// heap nears it instead of letting it double between collections: the
	// largest admitted build then stays within its 2 GB budget (README,
	// security notes). It is not a hard limit; GOMEMLIMIT overrides it.
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(softMemoryLimit)
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// softMemoryLimit is the Go heap size the collector aims to stay under.
const softMemoryLimit = 1400 << 20

// run is main without the process: tests call it with their own arguments and
// writers and read the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	root := newRootCmd(stdout, stderr)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	code := exitCode(err)
	if ctx.Err() != nil {
		// A command that kept something (discover's partial snapshot) says
		// so itself with ExitInterrupted; any other says nothing was written.
		if code != ExitInterrupted {
			err = errors.New("interrupted: nothing was written")
		}
		code = ExitInterrupted
	}
	var silent *silentError
	if !errors.As(err, &silent) {
		fmt.Fprintf(stderr, "ecspack: %v\n", err)
	}
	return code
}
