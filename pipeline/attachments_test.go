package pipeline

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/ecspack/ecspack/internal/testkit/readback"
)

// TestCitedFilesTravelWithThePackage builds the sample with one answer
// citing a YAML template, a PNG and a broken PNG in its front matter and
// linking a binary report, a long log and a named pipe from its Markdown.
// Every readable file is in the package three times over — printed (the
// template's own lines) or described in the PDF's Attachments appendix,
// embedded in the PDF (pdfdetach lists it and extracts the same bytes),
// copied to OUTDIR/attachments/<case-id>/<path> — and the manifest's
// SHA-256 is the source file's; the pipe is named with the reason, never
// silently skipped.
func TestCitedFilesTravelWithThePackage(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the sample")
	}
	dir := filepath.Join(t.TempDir(), "casefile")
	if err := os.CopyFS(dir, os.DirFS(sampleDir)); err != nil {
		t.Fatal(err)
	}
	cs := filepath.Join(dir, "case-studies", "northwind-freight")
	const uniqueLine = "Description: i17 attachment template line 7f3a9c, printed from the file itself"
	files := []struct {
		rel     string
		content []byte
		printed string // text the appendix must print for it
	}{
		{"evidence/ecs-service.yaml", []byte("AWSTemplateFormatVersion: '2010-09-09'\n" + uniqueLine + "\nResources: {}\n"), uniqueLine},
		{"evidence/console.png", pngBytes(t), "The image is shown with the answer to ECS-006."},
		{"evidence/broken.png", []byte("a screenshot that is no PNG"), "image not shown"},
		{"evidence/scan-report.pdf", []byte("%PDF-1.4\n\x00\x01\x02 binary report\n"), "A binary file: not printed here"},
		{"evidence/agent.log", bytes.Repeat([]byte("2025-10-21T10:00:00Z level=info msg=\"steady state\"\n"), 6000), "Not printed: it is 298.8 KiB, over the 256 KiB a listing may be"},
	}
	for _, f := range files {
		p := filepath.Join(cs, filepath.FromSlash(f.rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, p, string(f.content))
	}
	if err := syscall.Mkfifo(filepath.Join(cs, "evidence", "pipe.txt"), 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	answer := filepath.Join(cs, "answers", "ECS-006.md")
	body := strings.Replace(readFile(t, answer), "attachments:\n", "attachments:\n  - evidence/ecs-service.yaml\n  - evidence/console.png\n  - evidence/broken.png\n", 1)
	writeFile(t, answer, body+"\nThe image scan is in [the scan report](evidence/scan-report.pdf); the live feed is [a pipe](evidence/pipe.txt), the agent's [log](evidence/agent.log).\n")

	out := filepath.Join(t.TempDir(), "out")
	res := build(t, dir, out, Options{})
	pdfPath := filepath.Join(out, "submission.pdf")
	text := readback.Squash(readback.Text(t, pdfPath))
	embedded := readback.EmbeddedFiles(t, pdfPath)
	sums := map[string]string{}
	for _, o := range res.Manifest.Outputs {
		sums[o.Path] = o.SHA256
	}
	for _, f := range files {
		name := "northwind-freight/" + f.rel
		if !strings.Contains(text, readback.Squash(f.printed)) {
			t.Errorf("%s: the PDF lacks %q", f.rel, f.printed)
		}
		if !slices.Contains(embedded, name) {
			t.Errorf("%s: pdfdetach -list = %q, lacks %s", f.rel, embedded, name)
		} else if got := readback.EmbeddedFile(t, pdfPath, name); !bytes.Equal(got, f.content) {
			t.Errorf("%s: the embedded file differs from the source", f.rel)
		}
		copied, err := os.ReadFile(filepath.Join(out, "attachments", filepath.FromSlash(name)))
		if err != nil || !bytes.Equal(copied, f.content) {
			t.Errorf("%s: OUTDIR/attachments/%s is not the source file (%v)", f.rel, name, err)
		}
		h := sha256.Sum256(f.content)
		if want := hex.EncodeToString(h[:]); sums["attachments/"+name] != want {
			t.Errorf("%s: manifest sha256 = %q, want the source's %s", f.rel, sums["attachments/"+name], want)
		}
	}
	if want := "evidence/pipe.txt (not included: it is a named pipe (FIFO): expected a regular file)"; !strings.Contains(text, want) {
		t.Errorf("the answer's citation does not name the pipe and why: want %q", want)
	}
	if !strings.Contains(text, "Not included: it is a named pipe (FIFO)") {
		t.Error("the Attachments appendix does not name the pipe")
	}
	if _, err := os.Lstat(filepath.Join(out, "attachments", "northwind-freight", "evidence", "pipe.txt")); err == nil {
		t.Error("the pipe was copied into the package")
	}
	assertCitationsLink(t, pdfPath)
	var m Manifest
	if err := json.Unmarshal([]byte(readFile(t, filepath.Join(out, "manifest.json"))), &m); err != nil || len(m.Outputs) != len(res.Manifest.Outputs) {
		t.Errorf("manifest.json on disk does not list the build's %d outputs: %v", len(res.Manifest.Outputs), err)
	}
}

// assertCitationsLink holds that the answer's citations — the listed
// template on its "Attachments" line and the report its Markdown links to —
// are links to the pages of their entries in the Attachments appendix.
func assertCitationsLink(t *testing.T, pdfPath string) {
	t.Helper()
	pages := readback.Pages(t, pdfPath)
	pageWith := func(parts ...string) int {
		for i, p := range pages {
			text := readback.Squash(p)
			if !slices.ContainsFunc(parts, func(s string) bool { return !strings.Contains(text, s) }) {
				return i + 1
			}
		}
		t.Fatalf("no page shows %q", parts)
		return 0
	}
	links := readback.Links(t, pdfPath)
	for _, c := range []struct {
		name         string
		cited, entry []string
	}{
		{"listed template", []string{"Attachments (in Appendix E):", "evidence/ecs-service.yaml"}, []string{"evidence/ecs-service.yaml Cited by ECS-006 (listed in its attachments)"}},
		{"linked report", []string{"the scan report"}, []string{"evidence/scan-report.pdf Cited by ECS-006 (linked from the answer)"}},
	} {
		want := readback.Link{Page: pageWith(c.cited...), DestPage: pageWith(c.entry...)}
		if !slices.Contains(links, want) {
			t.Errorf("%s: no link from page %d (the citation) to page %d (its appendix entry)", c.name, want.Page, want.DestPage)
		}
	}
}

// pngBytes is a small PNG no other test file has.
func pngBytes(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 40, 24))
	for x := range 40 {
		img.Set(x, x%24, color.RGBA{0x20, 0x60, byte(x * 6), 0xff})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestRedactedBuildRedactsAttachedText: with --redact, a text file a
// partner-level answer attaches is redacted like the answers before it is
// printed, embedded and copied — the planted customer name appears in no
// output (the PDF's embedded streams included) — and the appendix says the
// copy is redacted. A redacted case study's own files are left out.
func TestRedactedBuildRedactsAttachedText(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the sample")
	}
	hasTool(t, "qpdf")
	dir := plantedCasefile(t, false)
	writeFile(t, filepath.Join(dir, "clients.md"), "# Reference clients\n\n- "+plantLegal+" (account "+plantAccount+"), since 2023\n")
	ans := filepath.Join(dir, "answers", "2.1.md")
	writeFile(t, ans, strings.Replace(readFile(t, ans), "---\n", "---\nattachments: [clients.md]\n", 1))

	out := filepath.Join(t.TempDir(), "out")
	build(t, dir, out, Options{Redact: true})
	copied := filepath.Join(out, "attachments", "partner.level", "clients.md")
	if _, err := os.Stat(copied); err != nil {
		t.Fatalf("the partner-level attachment was not copied: %v", err)
	}
	texts := packageTexts(t, out)
	for _, v := range []string{plantLegal, plantWord, plantAccount} {
		if where := found(texts, v); len(where) > 0 {
			t.Errorf("%q leaks into %v", v, where)
		}
	}
	pdfText := readback.Squash(texts["submission.pdf (text)"])
	for _, want := range []string{"clients.md Cited by 2.1", "Redacted like the answers", "Not included: the case study is redacted"} {
		if !strings.Contains(pdfText, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
}
