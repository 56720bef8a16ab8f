package assess

import (
	"fmt"
	"time"

	"github.com/ecspack/ecspack/assess/catalog"
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
