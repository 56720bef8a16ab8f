// Package templates holds the data ecspack ships inside its binary, so that a
// package can be built offline from a casefile without any file beside the
// executable: the control catalog of each supported checklist version (under
// catalog/), the Markdown templates of the SOPs and runbooks (under soptext/) and
// the dated price table of the cost model (under prices/), and the Security Hub
// and prowler references of our checks (under peers/).
package templates

import "embed"

// FS is the embedded, read-only tree of shipped data. Paths are relative to this
// directory, e.g. "catalog/2025-02.yaml". It is a variable only because embed
// requires one; nothing may assign to it.
//
//go:embed catalog soptext prices peers
var FS embed.FS
