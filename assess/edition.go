package assess

import (
	"fmt"
	"strings"
	"time"

	"github.com/ecspack/ecspack/catalog"
	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/internal/words"
)

// editionGap reports the checklist edition as a gap when the package date is
// after its last usable month: AWS replaces the checklist every six months and
// no longer accepts applications against an edition past usable_until.
func editionGap(cat *catalog.Catalog, date time.Time) (Gap, bool) {
	end, ok := cat.UsableEnd()
	if !ok || date.IsZero() || date.Before(end) {
		return Gap{}, false
	}
	return Gap{Check: "edition.expired",
		Message: fmt.Sprintf("checklist edition %s may be used until %s, but the package is dated %s: AWS no longer accepts it",
			cat.Version, cat.UsableUntil, date.Format(time.DateOnly)),
		Remediation: "answer the current edition: write it as a catalog file (see the README, \"Checklist editions\") and pass it with --checklist FILE or checklist_file: in ecspack.yaml"}, true
}

// editionNotes explains what an edition from a file changes: controls no
// built-in edition has run without automated checks (their answer alone
// decides them), and answers to controls the edition dropped are left out.
func editionNotes(cf *evidence.Casefile, cat *catalog.Catalog) []string {
	var notes []string
	var fresh []string
	known := catalog.KnownIDs()
	for _, c := range cat.Controls {
		if !known[c.ID] {
			fresh = append(fresh, c.ID)
		}
	}
	if len(fresh) > 0 {
		notes = append(notes, fmt.Sprintf("checklist %s has %d %s ecspack has no automated checks for: %s; %s judged on the written answer alone (needs-narrative until answered)",
			cat.Version, len(fresh), words.Plural(len(fresh), "control", "controls"), strings.Join(fresh, ", "), words.Plural(len(fresh), "it is", "they are")))
	}
	for _, d := range cf.Dropped {
		notes = append(notes, relTo(cf, d.File)+": "+d.Msg)
	}
	return notes
}
