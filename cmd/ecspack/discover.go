package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/ecspack/ecspack/discover"
	"github.com/ecspack/ecspack/inventory"
)

// newDiscoverCmd is `ecspack discover`: a read-only inventory of live AWS
// accounts written as a snapshot.
func newDiscoverCmd(a *app) *cobra.Command {
	var (
		o discover.Options
		// --region and --regions are kept apart: bound to one slice, the
		// first use of the second flag would replace what the first gave.
		region, regions []string
		out             string
		strict          bool
	)
	cmd := &cobra.Command{
		Use:   "discover -o FILE",
		Short: "Read an AWS estate (read-only) into an inventory snapshot",
		Long: `discover reads the Amazon ECS estate of one or more AWS accounts and regions and
writes an inventory snapshot. It only ever calls Describe*, List*, Get* and
BatchGet* operations (plus sts:AssumeRole for --role-arn); 'ecspack iam-policy'
prints the least-privilege policy it needs. Environment variable values and
secret values are never stored.

Credentials come from the standard AWS chain, like the aws CLI: environment
variables, shared config and credentials files (--profile, AWS_PROFILE), SSO,
web identity and instance or container roles. --endpoint-url and the
AWS_ENDPOINT_URL variables point it at another endpoint (e.g. an emulator).

Calls that fail (AccessDenied, throttling past retries, a disabled region, an
unsupported API, no answer within --request-timeout) are recorded in the
snapshot and summarised on stderr; the rest is collected. --strict turns such
gaps into exit code 1. An interrupt (Ctrl-C) writes what was collected so far
to FILE with ".partial" before its extension (inventory.partial.json), marked
incomplete, and leaves FILE as it was; exit code 130.

` + exitCodesHelp,
		Example: `  ecspack discover --profile customer --regions eu-west-1,eu-central-1 -o inventory.json
  ecspack discover --all-regions --role-arn arn:aws:iam::111122223333:role/ecspack-read -o inventory.json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkSnapshotOut(out); err != nil {
				return err
			}
			for _, r := range append(slices.Clone(region), regions...) {
				for _, x := range strings.Split(r, ",") {
					if x = strings.TrimSpace(x); x != "" {
						o.Regions = append(o.Regions, x)
					}
				}
			}
			if o.AllRegions && len(o.Regions) > 0 {
				return badInput(errors.New("--all-regions and --region/--regions exclude each other"))
			}
			o.Tool = "ecspack " + Version
			p := newDiscoverProgress(a)
			o.Progress = p.event
			snap, err := discover.Run(cmd.Context(), o)
			p.finish()
			if err != nil {
				// A missing region or an unknown --services name is the
				// user's to fix (exit 2), not AWS being unreachable (exit 3).
				if errors.Is(err, discover.ErrNoRegion) || errors.Is(err, discover.ErrUnknownService) {
					return badInput(err)
				}
				if cmd.Context().Err() != nil {
					return writePartial(out, snap)
				}
				if snap == nil || len(snap.Accounts) == 0 {
					return &exitError{code: ExitAWS, err: explainAWSLogin(err, o.Profile)}
				}
			}
			data, err := inventory.Marshal(snap)
			if err != nil {
				return err
			}
			if err := writeFileAtomic(out, data); err != nil {
				return err
			}
			summarizeGaps(a, snap)
			a.progress("ecspack: wrote %s (%s)", out, snapshotSummary(snap))
			if strict && len(snap.Collection.Errors) > 0 {
				return &silentError{code: ExitNotReady}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVarP(&out, "output", "o", "", "snapshot `FILE` to write")
	f.StringVar(&o.Profile, "profile", "", "shared config `PROFILE` to use")
	f.StringSliceVar(&region, "region", nil, "`REGION` to read (repeatable)")
	f.StringSliceVar(&regions, "regions", nil, "comma-separated `REGIONS` to read")
	f.BoolVar(&o.AllRegions, "all-regions", false, "read every region enabled in each account")
	f.StringArrayVar(&o.RoleARNs, "role-arn", nil, "`ARN` of a role to assume, one per account to read (repeatable)")
	f.StringVar(&o.ExternalID, "external-id", "", "external `ID` for AssumeRole")
	f.StringVar(&o.EndpointURL, "endpoint-url", "", "override every service endpoint with `URL`")
	f.IntVar(&o.Concurrency, "concurrency", discover.DefaultConcurrency, "API calls in flight per account-region")
	f.DurationVar(&o.RequestTimeout, "request-timeout", discover.DefaultRequestTimeout, "give up one attempt of a call after `DURATION` (retried, then recorded as a gap)")
	f.StringSliceVar(&o.Services, "services", nil, "only these collectors ("+strings.Join(discover.ServiceNames(), ", ")+")")
	f.BoolVar(&strict, "strict", false, "exit 1 when anything could not be collected")
	return cmd
}

// writePartial writes what an interrupted discovery collected beside FILE,
// marked incomplete, and returns the interrupt's error (exit 130) saying
// what was written; FILE itself is left as it was.
func writePartial(out string, snap *inventory.Snapshot) error {
	if snap == nil || len(snap.Accounts) == 0 {
		return &exitError{code: ExitInterrupted, err: errors.New("interrupted before any account was read: nothing was written")}
	}
	ext := filepath.Ext(out)
	partial := strings.TrimSuffix(out, ext) + ".partial" + ext
	data, err := inventory.Marshal(snap)
	if err == nil {
		err = writeFileAtomic(partial, data)
	}
	if err != nil {
		return &exitError{code: ExitInterrupted, err: fmt.Errorf("interrupted, and the partial snapshot could not be written to %s: %w; nothing was written", partial, err)}
	}
	return &exitError{code: ExitInterrupted, err: fmt.Errorf("interrupted: wrote what was collected to %s, marked incomplete (%s); %s was not changed",
		partial, snapshotSummary(snap), out)}
}

// discoverProgress shows discovery as it goes: one live line per
// account-region on a terminal, plain lines otherwise, nothing with --quiet.
type discoverProgress struct {
	a     *app
	live  bool
	mu    sync.Mutex
	state map[string]string
	order []string
	drawn int
}

func newDiscoverProgress(a *app) *discoverProgress {
	return &discoverProgress{a: a, live: a.stderrIsTerminal(), state: map[string]string{}}
}

func (p *discoverProgress) event(e discover.Event) {
	if p.a.quiet {
		return
	}
	where := e.Account
	if e.Region != "" {
		where += " " + e.Region
	}
	if !p.live {
		p.a.progress("ecspack: %s: %s (%d calls, %d gaps)", where, e.Stage, e.Calls, e.Errors)
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.state[where]; !ok {
		p.order = append(p.order, where)
	}
	p.state[where] = fmt.Sprintf("%-30s %-24s %6d calls %4d gaps", where, e.Stage, e.Calls, e.Errors)
	// Redraw the block of lines in place.
	if p.drawn > 0 {
		fmt.Fprintf(p.a.stderr, "\x1b[%dA", p.drawn)
	}
	for _, k := range p.order {
		fmt.Fprintf(p.a.stderr, "\r\x1b[K%s\n", p.state[k])
	}
	p.drawn = len(p.order)
}

func (p *discoverProgress) finish() {}

// summarizeGaps prints what could not be collected, grouped, on stderr.
func summarizeGaps(a *app, s *inventory.Snapshot) {
	errs := s.Collection.Errors
	if len(errs) == 0 {
		return
	}
	counts := map[string]int{}
	for _, e := range errs {
		counts[fmt.Sprintf("%s %s: %s", e.Service, e.Operation, e.Code)]++
	}
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Fprintf(a.stderr, "ecspack: warning: %d call(s) failed; the snapshot lacks what they would have read:\n", len(errs))
	for i, k := range keys {
		if i == 15 {
			fmt.Fprintf(a.stderr, "  ... and %d more kinds (see collection.errors in the snapshot)\n", len(keys)-i)
			break
		}
		fmt.Fprintf(a.stderr, "  %s (x%d)\n", k, counts[k])
	}
}

func snapshotSummary(s *inventory.Snapshot) string {
	regions, clusters, services := 0, 0, 0
	for _, acct := range s.Accounts {
		regions += len(acct.Regions)
		for _, r := range acct.Regions {
			clusters += len(r.ECS.Clusters)
			for _, c := range r.ECS.Clusters {
				services += len(c.Services)
			}
		}
	}
	return fmt.Sprintf("%d account(s), %d region(s), %d cluster(s), %d service(s), %d gap(s)",
		len(s.Accounts), regions, clusters, services, len(s.Collection.Errors))
}
