package redact

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/internal/atomicfile"
	"github.com/ecspack/ecspack/internal/safefile"
)

// MapFile is the redaction map written beside (never inside) a redacted
// package: the key the pseudonyms were made with and every replacement, so
// that the partner can de-anonymise the package privately and a rebuild with
// the same map gives the same pseudonyms.
type MapFile struct {
	About string `json:"about"`
	// Key is the hex secret the pseudonyms are derived from.
	Key   string `json:"key"`
	Pairs []Pair `json:"pairs"`
}

// MaxMapFileSize bounds a map file read back; a real one is far smaller.
const MaxMapFileSize = 64 << 20

const mapAbout = "ecspack redaction map: originals and the pseudonyms that replaced them. " +
	"Keep it private: it de-anonymises the package. Rebuilding with it keeps the pseudonyms."

// Map returns the map file of everything replaced so far.
func (r *Redactor) Map() MapFile {
	return MapFile{About: mapAbout, Key: hex.EncodeToString(r.key), Pairs: r.Mapping()}
}

// WriteMapFile writes the map file atomically (a temporary file renamed into
// place), readable by its owner only.
func (r *Redactor) WriteMapFile(path string) error {
	pm, err := r.StageMapFile(path)
	if err != nil {
		return err
	}
	return pm.Install()
}

// PendingMap is a map file written in full to a temporary file beside its
// destination but not yet in place. A build stages the map before it
// replaces its output directory, so that a full disk or an unwritable
// folder is found while the previous package is still untouched; it then
// installs the map with one rename.
type PendingMap struct {
	staged *atomicfile.Pending
	path   string
}

// StageMapFile writes the map to a temporary file beside path, synced to
// disk and readable by its owner only; Install moves it into place, Discard
// removes it.
func (r *Redactor) StageMapFile(path string) (*PendingMap, error) {
	data, err := json.MarshalIndent(r.Map(), "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encoding the redaction map: %w", err)
	}
	data = append(data, '\n')
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("writing the redaction map %s: %w", path, err)
	}
	staged, err := atomicfile.Stage(path, data, 0o600)
	if err != nil {
		return nil, fmt.Errorf("writing the redaction map %s: %w", path, err)
	}
	return &PendingMap{staged: staged, path: path}, nil
}

// Install renames the staged map into place.
func (p *PendingMap) Install() error {
	if err := p.staged.Install(); err != nil {
		return fmt.Errorf("writing the redaction map %s: %w", p.path, err)
	}
	return nil
}

// Discard removes the staged map; safe after Install and on nil.
func (p *PendingMap) Discard() {
	if p != nil {
		p.staged.Discard()
	}
}

// ReadKey returns the key stored in an existing map file, or nil (and no
// error) when the file does not exist.
func ReadKey(path string) ([]byte, error) {
	// The guarded reader: a FIFO or device in the map's place is refused
	// instead of blocking the build, and the size is checked before reading.
	data, err := safefile.ReadFile(path, MaxMapFileSize)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the redaction map: %w", err)
	}
	var m MapFile
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("redaction map %s: expected the JSON ecspack wrote: %w", path, err)
	}
	key, err := hex.DecodeString(m.Key)
	if err != nil || len(key) < 16 {
		return nil, fmt.Errorf("redaction map %s: key: expected at least 32 hex digits", path)
	}
	return key, nil
}

// DeriveKey makes a key from the contents of the input files, for a first
// build without a map file: the same inputs give the same key (and so
// byte-identical packages), and nobody without the inputs can compute it.
// It is not derived from the files' SHA-256 sums, which the manifest publishes.
func DeriveKey(paths []string) ([]byte, error) {
	h := sha256.New()
	h.Write([]byte("ecspack redaction key v1\x00"))
	for _, p := range paths {
		f, err := safefile.Open(p, evidence.MaxInputSize)
		if err != nil {
			return nil, fmt.Errorf("deriving the redaction key: %w", err)
		}
		n, err := io.Copy(h, f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("deriving the redaction key from %s: %w", p, err)
		}
		fmt.Fprintf(h, "\x00%d\x00", n)
	}
	return h.Sum(nil), nil
}

// Key returns the key to redact with: the one in the map file at mapPath
// when it exists, else one derived from the input files.
func Key(mapPath string, inputs []string) ([]byte, error) {
	key, err := ReadKey(mapPath)
	if err != nil || key != nil {
		return key, err
	}
	return DeriveKey(inputs)
}
