package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/ecspack/ecspack/pipeline"
)

// Version is the release of ecspack; it is written into snapshots and manifests.
const Version = "0.1.0"

// Exit codes, documented in the package comment and the README.
const (
	ExitOK          = 0
	ExitNotReady    = 1
	ExitBadInput    = 2
	ExitAWS         = 3
	ExitFailed      = 4
	ExitInterrupted = 130
)

// exitError carries an exit code with its message.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// silentError ends the program with a code but prints nothing more: the
// command already told the user (a readiness table, a warning summary).
type silentError struct{ code int }

func (e *silentError) Error() string { return fmt.Sprintf("exit %d", e.code) }

// badInput marks an error as the user's input: exit code 2.
func badInput(err error) error { return &exitError{code: ExitBadInput, err: err} }

func exitCode(err error) int {
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	var se *silentError
	if errors.As(err, &se) {
		return se.code
	}
	var oe *pipeline.OutputError
	if errors.As(err, &oe) {
		return ExitFailed
	}
	// cobra's own errors (unknown flag or command, wrong arguments) and
	// problems found in the input are usage or input errors.
	return ExitBadInput
}

// app holds what every command shares: where to write and how loudly.
type app struct {
	stdout, stderr io.Writer
	quiet          bool
}

// progress prints one line of progress on stderr unless --quiet.
func (a *app) progress(format string, args ...any) {
	if a.quiet {
		return
	}
	fmt.Fprintf(a.stderr, format+"\n", args...)
}

// stderrIsTerminal reports whether live progress displays make sense.
func (a *app) stderrIsTerminal() bool {
	f, ok := a.stderr.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

const exitCodesHelp = `Exit codes:
  0    success; for check, every control is met, waived or not applicable
  1    the package is not ready (check), or gaps with --strict
  2    bad input or usage; the message names the file and line
  3    AWS could not be reached or credentials are missing (discover)
  4    the output could not be written (disk full, permissions)
  130  interrupted; nothing half-written is left behind`

func newRootCmd(stdout, stderr io.Writer) *cobra.Command {
	a := &app{stdout: stdout, stderr: stderr}
	root := &cobra.Command{
		Use:   "ecspack",
		Short: "Build the AWS Service Delivery (Amazon ECS) submission package from evidence",
		Long: `ecspack turns evidence about Amazon ECS customer deployments into the submission
package of the AWS Service Delivery Program for Amazon ECS: a reviewer PDF, the
self-assessment spreadsheet (XLSX), architecture diagrams and a handoff runbook per
customer. It discovers estates read-only, checks every control of the checklist,
and merges that with the partner's answers, SOPs and a cost model.

` + exitCodesHelp,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       versionString(),
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.PersistentFlags().BoolVarP(&a.quiet, "quiet", "q", false, "print no progress on stderr")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return badInput(fmt.Errorf("%w (see '%s --help')", err, c.CommandPath()))
	})
	root.AddCommand(
		newBuildCmd(a),
		newCheckCmd(a),
		newInitCmd(a),
		newVersionCmd(a),
		newSynthCmd(a),
		newChecklistCmd(a),
	)
	addServiceCommands(root, a)
	return root
}

func versionString() string {
	v := Version
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				v += " (" + s.Value[:12] + ")"
			}
		}
	}
	return v
}

func newVersionCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version of ecspack and the checklist versions it knows",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fmt.Fprintf(a.stdout, "ecspack %s\n", versionString())
			fmt.Fprintf(a.stdout, "checklists: %s\n", joinVersions())
			return nil
		},
	}
}
