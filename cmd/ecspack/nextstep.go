package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/ecspack/ecspack/evidence"
)

// withInventoryGuide adds to a casefile error whose problems include missing
// inventory snapshots — what a new casefile from `init` has — the three ways
// to make one, so the first `check` is a next step and not a dead end.
func withInventoryGuide(err error, casefile string) error {
	var pe *evidence.Error
	if !errors.As(err, &pe) {
		return err
	}
	var missing []string
	for _, p := range pe.Problems {
		if p.MissingInventory != "" {
			missing = append(missing, p.MissingInventory)
		}
	}
	if len(missing) == 0 {
		return err
	}
	return fmt.Errorf("%w\n\n%s", err, inventoryGuide(missing, casefile))
}

// inventoryGuide explains what an inventory is and the three ways to get
// one, with the paths the casefile expects.
func inventoryGuide(missing []string, casefile string) string {
	var b strings.Builder
	b.WriteString("Each case study needs an inventory: a snapshot of the customer's AWS estate. Missing:\n")
	for _, m := range missing {
		fmt.Fprintf(&b, "  %s\n", m)
	}
	file, which := "FILE", " (FILE is each path above)"
	if len(missing) == 1 {
		file, which = missing[0], ""
	}
	fmt.Fprintf(&b, `Three ways to make one%[1]s:
  1. discover, with read-only credentials for the customer's account ('ecspack iam-policy' prints the policy):
       ecspack discover --profile PROFILE --regions REGION -o %[2]s
  2. collect-script and import, when the customer will not share credentials: they run the read-only script
     and send back its folder:
       ecspack collect-script --regions REGION > collect.sh      (the customer runs: bash collect.sh evidence/)
       ecspack import evidence/ -o %[2]s
  3. synth, to try ecspack before you have a real estate (a synthetic one; not for a submission):
       ecspack synth --services 10 -o %[2]s
Then run 'ecspack check %[3]s' again.`, which, file, casefile)
	return b.String()
}
