package submission

import (
	"encoding/json"
	"path/filepath"
	"strings"

	"github.com/ecspack/ecspack/internal/safefile"
	"github.com/ecspack/ecspack/render/pdf"
)

// The aws CLI's own outputs. When a case study names the folder
// `ecspack collect-script` filled (case.yaml aws_cli_outputs), the CLI
// appendices print the files it holds verbatim, saying so, and reconstruct
// from the snapshot only what it lacks. The folder's layout is the script's:
// REGION/SERVICE/OPERATION[.KEY].json, sts/get-caller-identity.json naming
// the account, and collected-at holding when the script ran.

// maxRawCLIFile bounds one output file read from the folder.
const maxRawCLIFile = 16 << 20

// rawCLI is a case study's collect-script folder.
type rawCLI struct {
	// root is the case study directory every file is opened inside.
	root string
	// rel is the folder as case.yaml names it.
	rel string
	// account is the account the script ran in ("" when unknown: then no
	// file is used, as it could be another account's).
	account string
	// date is when the script ran, from collected-at; "" when not recorded.
	date string
}

// rawCLIFor returns the case study's collect-script folder, or nil when it
// names none or is redacted: a verbatim output would print the account ids
// and names redaction replaces, so a redacted case study is reconstructed.
func (r *renderer) rawCLIFor(cv caseView) *rawCLI {
	cs := cv.cs
	if cs.AWSCLIOutputs == "" || cs.Anonymised(r.cf) {
		return nil
	}
	rc := &rawCLI{root: cs.Dir, rel: filepath.ToSlash(filepath.Clean(cs.AWSCLIOutputs))}
	if data, _, ok := rc.read("sts", "get-caller-identity.json"); ok {
		var id struct{ Account string }
		if json.Unmarshal(data, &id) == nil {
			rc.account = id.Account
		}
	}
	if data, _, ok := rc.read("collected-at"); ok {
		rc.date = strings.TrimSpace(string(data))
		if len(rc.date) > 40 {
			rc.date = ""
		}
	}
	return rc
}

// read returns a file of the folder and its path as printed; ok is false
// when it is absent or refused (outside the case study, too large).
func (rc *rawCLI) read(parts ...string) (data []byte, shown string, ok bool) {
	rel := filepath.Join(append([]string{filepath.FromSlash(rc.rel)}, parts...)...)
	data, err := safefile.ReadFileIn(rc.root, filepath.Join(rc.root, rel), maxRawCLIFile)
	if err != nil {
		return nil, "", false
	}
	return data, filepath.ToSlash(rel), true
}

// output returns the file of one output in an account's region when the
// folder holds it.
func (rc *rawCLI) output(account, region, service, file string) ([]byte, string, bool) {
	if rc == nil || rc.account == "" || rc.account != account {
		return nil, "", false
	}
	return rc.read(region, service, file)
}

// cliFileKey is the collect script's esc: how a cluster ARN is spelled in
// a file name.
func cliFileKey(s string) string {
	return strings.NewReplacer("%", "%25", "/", "%2F", ":", "%3A", ".", "%2E").Replace(s)
}

// printVerbatim prints an output file as the aws CLI wrote it.
func (rc *rawCLI) printVerbatim(d *pdf.Document, cmd, shown string, data []byte) {
	when := "on a date the folder does not record"
	if rc.date != "" {
		when = "on " + rc.date
	}
	d.Spans([]pdf.Span{{Text: "As printed by the aws CLI " + when + ": " + shown + ", from the collect-script folder.", Italic: true}})
	command(d, cmd)
	d.Code(strings.TrimRight(string(data), "\n"))
}

// reconstructedLabel says an output was rebuilt from the snapshot.
func reconstructedLabel(d *pdf.Document, snapDate string) {
	d.Spans([]pdf.Span{{Text: "Reconstructed from the snapshot of " + snapDate + ".", Italic: true, Colour: &pdf.Grey}})
}
