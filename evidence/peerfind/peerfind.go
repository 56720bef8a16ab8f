// Package peerfind reads other scanners' findings — Security Hub's ASFF (as
// `aws securityhub get-findings` prints it) and prowler's OCSF JSON
// (`prowler aws --output-formats json-ocsf`) — into one normalised form, and
// reads and writes that form as the casefile keeps it
// (case-studies/<id>/findings/<source>.json). The assessment shows each
// finding beside the control it strengthens and reports where a peer and our
// own checks disagree; it never lets a peer's verdict replace ours.
package peerfind

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Sources of findings, as the casefile's file names and the documents use
// them.
const (
	SecurityHub = "securityhub"
	Prowler     = "prowler"
)

// SourceName is how a source reads in a sentence ("Security Hub").
func SourceName(source string) string {
	switch source {
	case SecurityHub:
		return "Security Hub"
	case Prowler:
		return "prowler"
	}
	return source
}

// Statuses a normalised finding carries: the peer's verdict on its resource.
const (
	Passed       = "PASSED"
	Failed       = "FAILED"
	Warning      = "WARNING"
	NotAvailable = "NOT_AVAILABLE"
	Manual       = "MANUAL"
)

// Finding is one peer finding, normalised.
type Finding struct {
	// Source is SecurityHub or Prowler.
	Source string `json:"source"`
	// Control is the peer's id for what it judged: a Security Hub control id
	// ("ECS.4") or a prowler check name.
	Control string `json:"control"`
	// Status is the peer's verdict (Passed, Failed, Warning, NotAvailable, Manual).
	Status string `json:"status"`
	// Resource is the ARN (or id) of the resource judged.
	Resource string `json:"resource"`
	Title    string `json:"title,omitempty"`
	Severity string `json:"severity,omitempty"`
	// Observed is when the peer judged it, as the peer wrote it.
	Observed string `json:"observed,omitempty"`
	// From is the file and line the finding was imported from.
	From string `json:"from"`
}

// Sentence is how the documents print the finding:
// "Security Hub: FAILED ECS.4 on arn:…".
func (f Finding) Sentence() string {
	s := SourceName(f.Source) + ": " + f.Status + " " + f.Control
	if f.Resource != "" {
		s += " on " + f.Resource
	}
	if f.Title != "" {
		s += " (" + f.Title + ")"
	}
	return s
}

// SchemaVersion is the version of the casefile's findings files.
const SchemaVersion = 1

// File is one casefile findings file: the findings of one source.
type File struct {
	SchemaVersion int       `json:"schema_version"`
	Source        string    `json:"source"`
	Findings      []Finding `json:"findings"`
}

// element is one finding object of an input file with the line it starts on.
type element struct {
	raw  json.RawMessage
	line int
}

// Parse reads one exported findings file: ASFF ({"Findings": [...]} or a
// bare array of ASFF findings) or prowler OCSF (an array of Detection
// Findings), and returns its control findings normalised, and how many
// findings it skipped because they judge no control (an ASFF finding without
// Compliance, such as GuardDuty's, or an archived one). name is the file's
// name in errors, which say "name:line: …" for a JSON syntax error (the line
// from its offset), a value of the wrong type, or a finding lacking what it
// needs.
func Parse(name string, data []byte) (fs []Finding, skipped int, err error) {
	els, err := elements(data)
	if err != nil {
		return nil, 0, fmt.Errorf("%s:%w", name, err)
	}
	var errs []error
	for _, el := range els {
		f, ok, err := parseOne(el.raw)
		switch {
		case err != nil:
			errs = append(errs, fmt.Errorf("%s:%d: %w", name, el.line, err))
		case !ok:
			skipped++
		default:
			f.From = fmt.Sprintf("%s:%d", name, el.line)
			fs = append(fs, f)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, 0, err
	}
	return fs, skipped, nil
}

// parseOne tells ASFF from OCSF by their required fields and normalises;
// ok is false for a finding that judges no control.
func parseOne(raw json.RawMessage) (f Finding, ok bool, err error) {
	var probe struct {
		SchemaVersion *string         `json:"SchemaVersion"`
		ClassUID      *int            `json:"class_uid"`
		StatusCode    *string         `json:"status_code"`
		Metadata      json.RawMessage `json:"metadata"`
	}
	if err := json.Unmarshal(raw, &probe); err != nil {
		return Finding{}, false, typeError(err)
	}
	switch {
	case probe.SchemaVersion != nil:
		return parseASFF(raw)
	case probe.StatusCode != nil || probe.ClassUID != nil || probe.Metadata != nil:
		f, err := parseOCSF(raw)
		return f, err == nil, err
	}
	return Finding{}, false, errors.New("neither an ASFF finding (no SchemaVersion) nor an OCSF Detection Finding (no status_code, metadata)")
}

// elements returns the finding objects of data: the items of a top-level
// array, or of the "Findings" array of a top-level object.
func elements(data []byte) ([]element, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return nil, syntaxError(data, dec, err)
	}
	switch tok {
	case json.Delim('['):
		return items(data, dec)
	case json.Delim('{'):
		var out []element
		found := false
		for dec.More() {
			key, err := dec.Token()
			if err != nil {
				return nil, syntaxError(data, dec, err)
			}
			if key != "Findings" {
				var skip json.RawMessage
				if err := dec.Decode(&skip); err != nil {
					return nil, syntaxError(data, dec, err)
				}
				continue
			}
			if t, err := dec.Token(); err != nil || t != json.Delim('[') {
				return nil, fmt.Errorf("%d: \"Findings\" must be an array of ASFF findings", lineAt(data, dec.InputOffset()))
			}
			found = true
			if out, err = items(data, dec); err != nil {
				return nil, err
			}
		}
		if !found {
			return nil, errors.New("1: an object without \"Findings\": want ASFF ({\"Findings\": [...]}) or a JSON array of findings")
		}
		return out, nil
	}
	return nil, fmt.Errorf("%d: want a JSON array of findings or an object with \"Findings\"", lineAt(data, dec.InputOffset()))
}

// items decodes the rest of an array whose '[' dec has read.
func items(data []byte, dec *json.Decoder) ([]element, error) {
	var out []element
	for dec.More() {
		start := dec.InputOffset()
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, syntaxError(data, dec, err)
		}
		// The offset before Decode can sit on the comma or the whitespace
		// before the object: the object starts at its '{'.
		at := start + int64(bytes.IndexByte(data[start:], '{'))
		if raw[0] != '{' {
			return nil, fmt.Errorf("%d: a finding must be a JSON object", lineAt(data, start))
		}
		out = append(out, element{raw: raw, line: lineAt(data, at)})
	}
	if _, err := dec.Token(); err != nil {
		return nil, syntaxError(data, dec, err)
	}
	return out, nil
}

// syntaxError gives a decoding error the line its offset falls on.
func syntaxError(data []byte, dec *json.Decoder, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("%d: JSON syntax error: %v", lineAt(data, se.Offset), se)
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("%d: the JSON ends early", lineAt(data, int64(len(data))))
	}
	return fmt.Errorf("%d: %v", lineAt(data, dec.InputOffset()), err)
}

// typeError words a field of the wrong type.
func typeError(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Errorf("%s is a JSON %s, want %s", te.Field, te.Value, te.Type)
	}
	return err
}

// lineAt is the 1-based line of byte offset off in data.
func lineAt(data []byte, off int64) int {
	off = min(max(off, 0), int64(len(data)))
	return bytes.Count(data[:off], []byte{'\n'}) + 1
}

// Sort orders findings by source, control, resource and status, so files
// and documents are the same for the same findings in any order.
func Sort(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		for _, c := range [][2]string{{a.Source, b.Source}, {a.Control, b.Control}, {a.Resource, b.Resource}, {a.Status, b.Status}, {a.From, b.From}} {
			if n := strings.Compare(c[0], c[1]); n != 0 {
				return n
			}
		}
		return 0
	})
}
