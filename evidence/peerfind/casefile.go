package peerfind

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
)

// Dir is the folder of a case study that holds imported findings, one file
// per source: findings/securityhub.json, findings/prowler.json.
const Dir = "findings"

// FileName is the casefile path of a source's findings, relative to the
// case study's folder.
func FileName(source string) string { return filepath.Join(Dir, source+".json") }

// Marshal encodes a source's findings as the casefile keeps them, sorted,
// so equal findings give equal bytes.
func Marshal(source string, fs []Finding) ([]byte, error) {
	fs = append([]Finding(nil), fs...)
	Sort(fs)
	if fs == nil {
		fs = []Finding{}
	}
	data, err := json.MarshalIndent(File{SchemaVersion: SchemaVersion, Source: source, Findings: fs}, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode %s findings: %w", source, err)
	}
	return append(data, '\n'), nil
}

// Unmarshal decodes a casefile findings file strictly: an unknown field, a
// wrong schema version or source, or a finding missing its control, status
// or resource is an error naming name and the line.
func Unmarshal(name string, data []byte) (*File, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f File
	if err := dec.Decode(&f); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return nil, fmt.Errorf("%s:%d: %w", name, lineAt(data, te.Offset), typeError(err))
		}
		return nil, fmt.Errorf("%s:%w", name, syntaxError(data, dec, err))
	}
	if f.SchemaVersion != SchemaVersion {
		return nil, fmt.Errorf("%s:1: schema_version %d, want %d (written by `ecspack import-findings`)", name, f.SchemaVersion, SchemaVersion)
	}
	if f.Source != SecurityHub && f.Source != Prowler {
		return nil, fmt.Errorf("%s:1: source %q, want %q or %q", name, f.Source, SecurityHub, Prowler)
	}
	if want := f.Source + ".json"; filepath.Base(name) != want {
		return nil, fmt.Errorf("%s:1: holds %s findings, so it must be named %s", name, f.Source, want)
	}
	for i, x := range f.Findings {
		if x.Source != f.Source || x.Control == "" || x.Status == "" || x.Resource == "" {
			return nil, fmt.Errorf("%s: finding %d needs source %q, control, status and resource", name, i+1, f.Source)
		}
	}
	return &f, nil
}
