package inventory

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/ecspack/ecspack/internal/safefile"
)

// MaxFileSize bounds the size of a snapshot file read by ReadFile. A
// 1,000-service estate is about 10 MB; anything far beyond that is a mistake
// or an attack, and reading it whole would exhaust memory.
const MaxFileSize = 512 << 20

// MaxServices bounds the ECS services of one snapshot. The estates ecspack
// is meant for have up to a few thousand; every check and page scales with
// them.
//
// It is also what a build can hold within its memory budget: a build keeps
// the estate, its findings, diagrams and documents in memory, about 0.6 MB
// per service (1,000 services 0.6 GB, 2,000 1.25 GB, 5,000 2.6 GB resident,
// measured with /usr/bin/time -v on synthetic estates), and must stay under
// 2 GB. evidence applies the same bound to all the snapshots of one build.
const MaxServices = 2_500

// MaxObjects bounds the JSON objects of one snapshot, counted before decoding.
// A real snapshot has about 50 objects per service (48,000 for 1,000
// services, 17 MB), so this admits twice what MaxServices services need,
// while a file of millions of empty objects ("{},{},…", three bytes each,
// hundreds of bytes each once decoded) is refused before it is turned into
// gigabytes of structs.
const MaxObjects = 100 * MaxServices

// MaxString bounds one JSON string of a snapshot (a name, id, ARN, tag
// value, image), in bytes as written. AWS names stop at 255 characters, tag
// values at 256, and the ARNs of real estates stay well under 1,000. A build
// copies each name into every finding, cell and page that mentions it, about
// a hundred times its length in memory, so a megabyte-long name (or
// thousands of 30,000-character ones: 7 GB) is refused here with its line.
const MaxString = 1 << 10

// MaxText bounds the strings of the fields that hold text rather than
// names (longText): IAM and ECR repository policy documents (at most 10,240
// characters, escaped once more as a JSON string), container commands and
// entry points, error messages.
const MaxText = 32 << 10

// longText are the snapshot's keys whose string values may be MaxText long.
var longText = map[string]bool{"document": true, "trust_policy": true, "policy": true, "command": true, "entry_point": true, "message": true}

// DecodeError is a problem in a snapshot file, located by line and column
// where the decoder could tell.
type DecodeError struct {
	File   string
	Line   int // 1-based; 0 when unknown
	Column int
	Msg    string
	Err    error
}

func (e *DecodeError) Error() string {
	loc := e.File
	if loc == "" {
		loc = "<snapshot>"
	}
	if e.Line > 0 {
		loc = fmt.Sprintf("%s:%d:%d", loc, e.Line, e.Column)
	}
	return loc + ": " + e.Msg
}

func (e *DecodeError) Unwrap() error { return e.Err }

// ReadFile reads and decodes a snapshot file strictly; see Decode. The file
// is read through the guarded reader: a regular file (never a FIFO or
// device) of at most MaxFileSize bytes, checked before and while reading.
func ReadFile(path string) (*Snapshot, error) {
	data, err := safefile.ReadFile(path, MaxFileSize)
	return decodeRead(path, data, err)
}

// ReadFileIn is ReadFile for a snapshot of a casefile: path must stay inside
// root (symbolic links may not lead out of it; hard links are refused).
func ReadFileIn(root, path string) (*Snapshot, error) {
	data, err := safefile.ReadFileIn(root, path, MaxFileSize)
	return decodeRead(path, data, err)
}

func decodeRead(path string, data []byte, err error) (*Snapshot, error) {
	if errors.Is(err, safefile.ErrTooLarge) {
		return nil, tooLarge(path)
	}
	if err != nil {
		return nil, fmt.Errorf("inventory: %w", err)
	}
	return Decode(path, data)
}

func tooLarge(path string) error {
	return &DecodeError{File: path, Msg: fmt.Sprintf("file is larger than %d MiB; a snapshot is expected to be far smaller", MaxFileSize>>20)}
}

// Decode parses a snapshot. Unknown fields, trailing data, a missing or
// unsupported schema_version and structural problems (see Validate) are
// errors naming the file, the line and what was expected.
func Decode(name string, data []byte) (*Snapshot, error) {
	if len(data) > MaxFileSize {
		return nil, tooLarge(name)
	}
	if off := objectLimit(data, MaxObjects); off >= 0 {
		line, col := position(data, int64(off))
		return nil, &DecodeError{File: name, Line: line, Column: col,
			Msg: fmt.Sprintf("more than %d JSON objects: a snapshot of a real estate has far fewer (about 50 per service)", MaxObjects)}
	}
	if off, limit := stringLimit(data); off >= 0 {
		line, col := position(data, int64(off))
		return nil, &DecodeError{File: name, Line: line, Column: col,
			Msg: fmt.Sprintf("a string longer than %d bytes: the names, ARNs and tags of a real estate are far shorter (policy documents, commands and messages may have %d)", limit, MaxText)}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var s Snapshot
	if err := dec.Decode(&s); err != nil {
		return nil, decodeError(name, data, err)
	}
	if dec.More() {
		off := dec.InputOffset()
		line, col := position(data, off)
		return nil, &DecodeError{File: name, Line: line, Column: col, Msg: "unexpected data after the snapshot object"}
	}
	if s.SchemaVersion == "" {
		return nil, &DecodeError{File: name, Msg: fmt.Sprintf("schema_version is missing: expected %q (is this an ecspack snapshot?)", SchemaVersion)}
	}
	if s.SchemaVersion != SchemaVersion {
		return nil, &DecodeError{File: name, Msg: fmt.Sprintf("schema_version %q is not supported: this ecspack reads %q", s.SchemaVersion, SchemaVersion)}
	}
	if n := s.services(); n > MaxServices {
		return nil, &DecodeError{File: name, Msg: fmt.Sprintf("%d ECS services: expected at most %d in one snapshot (split the estate into several snapshots, one per account or region)", n, MaxServices)}
	}
	if err := s.Validate(); err != nil {
		return nil, &DecodeError{File: name, Msg: err.Error(), Err: err}
	}
	return &s, nil
}

// ServiceCount is the number of ECS services in every cluster of the
// snapshot: what MaxServices bounds.
func (s *Snapshot) ServiceCount() int { return s.services() }

// services counts the ECS services of every cluster of the snapshot.
func (s *Snapshot) services() int {
	n := 0
	for _, a := range s.Accounts {
		for _, r := range a.Regions {
			for _, c := range r.ECS.Clusters {
				n += len(c.Services)
			}
		}
	}
	return n
}

// objectLimit scans JSON text for object openings outside strings and returns
// the offset of the one beyond max, or -1. It does not validate the JSON (the
// decoder does); it only bounds what decoding would allocate.
func objectLimit(data []byte, max int) int {
	n := 0
	inString := false
	for i := 0; i < len(data); i++ {
		c := data[i]
		if inString {
			switch c {
			case '\\':
				i++
			case '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case '{':
			n++
			if n > max {
				return i
			}
		}
	}
	return -1
}

// stringLimit returns the offset of the first JSON string in data longer
// than MaxString bytes (MaxText for the values of longText keys), as
// written between its quotes, and the limit it broke; or -1. Like
// objectLimit it does not validate the JSON: a string followed by ':' is
// taken as the key of the values after it.
func stringLimit(data []byte) (int, int) {
	key := ""
	for i := 0; i < len(data); i++ {
		if data[i] != '"' {
			continue
		}
		start, limit := i, MaxString
		if longText[key] {
			limit = MaxText
		}
		for i++; i < len(data) && data[i] != '"'; i++ {
			if data[i] == '\\' {
				i++
			}
			if i-start > limit {
				return start, limit
			}
		}
		j := i + 1
		for j < len(data) && (data[j] == ' ' || data[j] == '\n' || data[j] == '\r' || data[j] == '\t') {
			j++
		}
		if j < len(data) && data[j] == ':' && i-start-1 <= 64 {
			key = string(data[start+1 : i])
		}
	}
	return -1, 0
}

func decodeError(name string, data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		line, col := position(data, syn.Offset)
		return &DecodeError{File: name, Line: line, Column: col, Msg: "invalid JSON: " + syn.Error(), Err: err}
	case errors.As(err, &typ):
		line, col := position(data, typ.Offset)
		field := typ.Field
		if field == "" {
			field = "value"
		}
		return &DecodeError{File: name, Line: line, Column: col,
			Msg: fmt.Sprintf("field %s: expected %s, found JSON %s", field, typ.Type, typ.Value), Err: err}
	case errors.Is(err, io.EOF):
		return &DecodeError{File: name, Msg: "file is empty: expected a JSON snapshot object", Err: err}
	case errors.Is(err, io.ErrUnexpectedEOF):
		line, col := position(data, int64(len(data)))
		return &DecodeError{File: name, Line: line, Column: col, Msg: "unexpected end of file: the snapshot is truncated", Err: err}
	}
	msg := err.Error()
	if f, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		// encoding/json reports an unknown field only after decoding the whole
		// value, without its offset: locate the key's first use as an object key.
		line, col := 0, 0
		if m := regexp.MustCompile(regexp.QuoteMeta(f) + `\s*:`).FindIndex(data); m != nil {
			line, col = position(data, int64(m[0]))
		}
		return &DecodeError{File: name, Line: line, Column: col,
			Msg: fmt.Sprintf("unknown field %s (schema_version %s has no such field; check its spelling)", f, SchemaVersion), Err: err}
	}
	return &DecodeError{File: name, Msg: msg, Err: err}
}

// position turns a byte offset into a 1-based line and column.
func position(data []byte, off int64) (line, col int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	if off < 0 {
		off = 0
	}
	before := data[:off]
	line = bytes.Count(before, []byte{'\n'}) + 1
	col = int(off) - bytes.LastIndexByte(before, '\n')
	return line, col
}

// Encode writes the snapshot as indented JSON with a trailing newline, after
// sorting it (see Normalize) so that equal estates give equal bytes.
func Encode(w io.Writer, s *Snapshot) error {
	s.Normalize()
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return fmt.Errorf("inventory: encoding snapshot: %w", err)
	}
	return nil
}

// Marshal returns the encoded snapshot; see Encode.
func Marshal(s *Snapshot) ([]byte, error) {
	var b bytes.Buffer
	if err := Encode(&b, s); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
