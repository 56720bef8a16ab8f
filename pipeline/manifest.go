package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/internal/safefile"
)

// Manifest describes a built package: what it was built from and what it
// holds, with SHA-256 sums, so a reviewer can verify that the files they
// received are the ones built and a partner can tell which evidence went in.
type Manifest struct {
	Tool        string   `json:"tool"`
	ToolVersion string   `json:"tool_version"`
	Checklist   string   `json:"checklist"`
	PackageID   string   `json:"package_id"`
	PackageDate string   `json:"package_date"`
	Partner     string   `json:"partner"`
	CaseStudies []string `json:"case_studies"`
	// Ready is the assessment's verdict: every control met, waived or not applicable.
	Ready bool `json:"ready"`
	// StatusCounts counts the controls' overall statuses.
	StatusCounts map[string]int `json:"status_counts"`
	// Gaps lists evidence that could not be collected (from the snapshots' errors).
	Gaps    []string  `json:"gaps,omitempty"`
	Inputs  []FileSum `json:"inputs"`
	Outputs []FileSum `json:"outputs"`
}

// FileSum is one file and its checksum; Path is relative to the casefile
// directory for inputs and to the output directory for outputs.
type FileSum struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
	Bytes  int64  `json:"bytes"`
}

func sumBytes(path string, data []byte) FileSum {
	h := sha256.Sum256(data)
	return FileSum{Path: path, SHA256: hex.EncodeToString(h[:]), Bytes: int64(len(data))}
}

// sumInputs checksums the input files, naming them relative to base.
func sumInputs(base string, paths []string) ([]FileSum, error) {
	out := make([]FileSum, 0, len(paths))
	for _, p := range paths {
		sum, err := sumFile(p)
		if err != nil {
			return nil, err
		}
		rel, err := filepath.Rel(base, p)
		if err != nil || strings.HasPrefix(rel, "..") {
			rel = filepath.Base(p)
		}
		sum.Path = filepath.ToSlash(rel)
		out = append(out, sum)
	}
	slices.SortFunc(out, func(a, b FileSum) int { return strings.Compare(a.Path, b.Path) })
	return out, nil
}

// sumFile checksums one input as it streams by, through the guarded reader:
// evidence.Load has vetted every input, and this holds the line should a
// file have changed since (a FIFO now, or grown past any input's bound).
func sumFile(path string) (FileSum, error) {
	f, err := safefile.Open(path, evidence.MaxInputSize)
	if err != nil {
		return FileSum{}, &InputError{Err: fmt.Errorf("reading input: %w", err)}
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return FileSum{}, &InputError{Err: fmt.Errorf("reading input %s: %w", path, err)}
	}
	return FileSum{SHA256: hex.EncodeToString(h.Sum(nil)), Bytes: n}, nil
}

func (m *Manifest) encode() ([]byte, error) {
	slices.SortFunc(m.Outputs, func(a, b FileSum) int { return strings.Compare(a.Path, b.Path) })
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
