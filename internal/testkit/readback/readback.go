// Package readback is test support: it reads ecspack's outputs back with
// independent tools — poppler (pdftotext, pdfinfo, pdffonts, pdfimages) and
// qpdf — so tests judge a PDF the way a reviewer's reader sees it, not by what
// the code meant to write.
//
// A missing tool skips the calling test with an install hint, except under
// CI=true, where it fails: CI installs every reader, so a missing one there is
// a broken setup, not a reason to pass.
package readback

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// NeedTool returns the path of the first of names on PATH, or skips (fails
// under CI=true) the test when none is installed.
func NeedTool(t testing.TB, names ...string) string {
	t.Helper()
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	msg := strings.Join(names, "/") + " is not installed (make deps, or apt-get install poppler-utils qpdf libreoffice-calc graphviz)"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg + ": required when CI=true")
	}
	t.Skip(msg)
	return ""
}

// Run runs a reader and returns its combined output; a failure fails the test.
func Run(t testing.TB, name string, args ...string) string {
	t.Helper()
	tool := NeedTool(t, name)
	// No wall-clock cap of its own: a loaded machine is slow, not broken; the
	// command is killed when the test ends or nears the go test -timeout.
	out, err := Command(t, tool, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// Text is `pdftotext -layout` of the whole document.
func Text(t testing.TB, path string) string {
	t.Helper()
	return Run(t, "pdftotext", "-layout", path, "-")
}

// PageText is `pdftotext -layout` of one page (1-based).
func PageText(t testing.TB, path string, page int) string {
	t.Helper()
	p := strconv.Itoa(page)
	return Run(t, "pdftotext", "-layout", "-f", p, "-l", p, path, "-")
}

// Pages is the text of every page (pdftotext separates pages with form feeds).
func Pages(t testing.TB, path string) []string {
	t.Helper()
	ps := strings.Split(Text(t, path), "\f")
	if len(ps) > 0 && strings.TrimSpace(ps[len(ps)-1]) == "" {
		ps = ps[:len(ps)-1]
	}
	return ps
}

var pagesRE = regexp.MustCompile(`(?m)^Pages:\s+(\d+)`)

// PageCount is the page count pdfinfo reports.
func PageCount(t testing.TB, path string) int {
	t.Helper()
	m := pagesRE.FindStringSubmatch(Run(t, "pdfinfo", path))
	if m == nil {
		t.Fatal("pdfinfo: no page count")
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// OutlineItem is one bookmark as `qpdf --json` reports it.
type OutlineItem struct {
	Title string        `json:"title"`
	Page  int           `json:"destpageposfrom1"`
	Kids  []OutlineItem `json:"kids"`
}

// Outline reads the document's bookmarks with qpdf.
func Outline(t testing.TB, path string) []OutlineItem {
	t.Helper()
	var doc struct {
		Outlines []OutlineItem `json:"outlines"`
	}
	if err := json.Unmarshal([]byte(Run(t, "qpdf", "--json=2", "--json-key=outlines", path)), &doc); err != nil {
		t.Fatalf("qpdf json: %v", err)
	}
	return doc.Outlines
}

// WritePDF writes a rendered PDF to a file of its own in the test's
// temporary directory, for the tools that read files, and returns its path.
func WritePDF(t testing.TB, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "out.pdf")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// QPDFCheck fails the test unless `qpdf --check` finds the file clean.
func QPDFCheck(t testing.TB, path string) {
	t.Helper()
	out := Run(t, "qpdf", "--check", path)
	if !strings.Contains(out, "No syntax or stream encoding errors") {
		t.Errorf("qpdf --check: %s", out)
	}
}

var spaceRun = regexp.MustCompile(`\s+`)

// Squash collapses white space so phrases can be found in layout output.
func Squash(s string) string { return spaceRun.ReplaceAllString(s, " ") }

// TreeSums returns the SHA-256 of every file under dir, by path relative to
// dir: two builds are byte-identical, or an output directory untouched, when
// their sums are equal (maps.Equal).
func TreeSums(t testing.TB, dir string) map[string]string {
	t.Helper()
	sums := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		h := sha256.Sum256(b)
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		sums[rel] = hex.EncodeToString(h[:])
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return sums
}

var embeddedRE = regexp.MustCompile(`(?m)^\d+: (.*)$`)

// EmbeddedFiles are the names of the files embedded in a PDF as
// attachments, as `pdfdetach -list` (poppler) reports them, in its order.
func EmbeddedFiles(t testing.TB, path string) []string {
	t.Helper()
	var names []string
	for _, m := range embeddedRE.FindAllStringSubmatch(Run(t, "pdfdetach", "-list", path), -1) {
		names = append(names, m[1])
	}
	return names
}

// EmbeddedFile is the content of the embedded file named name (see
// EmbeddedFiles), extracted with `pdfdetach -save N` (by number: poppler
// refuses -savefile for names with a slash).
func EmbeddedFile(t testing.TB, path, name string) []byte {
	t.Helper()
	i := slices.Index(EmbeddedFiles(t, path), name)
	if i < 0 {
		t.Fatalf("%s: no embedded file %q", path, name)
	}
	out := filepath.Join(t.TempDir(), "detached")
	Run(t, "pdfdetach", "-save", strconv.Itoa(i+1), "-o", out, path)
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Link is an internal link annotation as qpdf reads it: on page Page, it
// leads to page DestPage (both 1-based; 0 when the destination is no page).
type Link struct{ Page, DestPage int }

// Links lists the internal (/Dest) link annotations of every page (inline
// /Annots arrays, as fpdf writes them), read
// with `qpdf --json`, so a test can tell where a citation leads.
func Links(t testing.TB, path string) []Link {
	t.Helper()
	var doc struct {
		Pages []struct {
			Object string `json:"object"`
			Page   int    `json:"pageposfrom1"`
		} `json:"pages"`
		QPDF []json.RawMessage `json:"qpdf"`
	}
	if err := json.Unmarshal([]byte(Run(t, "qpdf", "--json=2", "--json-key=pages", "--json-key=qpdf", path)), &doc); err != nil || len(doc.QPDF) < 2 {
		t.Fatalf("qpdf json: %v", err)
	}
	var objects map[string]struct {
		Value struct {
			Annots []struct {
				Dest []any `json:"/Dest"`
			} `json:"/Annots"`
		} `json:"value"`
	}
	if err := json.Unmarshal(doc.QPDF[1], &objects); err != nil {
		t.Fatalf("qpdf json objects: %v", err)
	}
	pageOf := map[string]int{}
	for _, p := range doc.Pages {
		pageOf[p.Object] = p.Page
	}
	var links []Link
	for _, p := range doc.Pages {
		for _, a := range objects["obj:"+p.Object].Value.Annots {
			if len(a.Dest) > 0 {
				ref, _ := a.Dest[0].(string)
				links = append(links, Link{Page: p.Page, DestPage: pageOf[ref]})
			}
		}
	}
	return links
}
