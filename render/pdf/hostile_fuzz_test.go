package pdf

import (
	"bytes"
	"compress/zlib"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"image/color"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/ecspack/ecspack/internal/testkit/fuzzguard"
)

// pngChunk appends one PNG chunk with its CRC.
func pngChunk(b *bytes.Buffer, typ string, data []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(data)))
	b.Write(n[:])
	crc := crc32.NewIEEE()
	crc.Write([]byte(typ))
	crc.Write(data)
	b.WriteString(typ)
	b.Write(data)
	binary.BigEndian.PutUint32(n[:], crc.Sum32())
	b.Write(n[:])
}

// declaredPNG is a small, well-formed PNG file that declares w×h pixels of
// the given bit depth and colour type but carries only a few bytes of
// pixel data: what a hostile attachment looks like before it is decoded.
func declaredPNG(w, h uint32, depth, colourType byte) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = depth, colourType
	pngChunk(&b, "IHDR", ihdr)
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(make([]byte, 4096))
	zw.Close()
	pngChunk(&b, "IDAT", z.Bytes())
	pngChunk(&b, "IEND", nil)
	return b.Bytes()
}

// fuzzImages serves a few images to Markdown under fuzzing, including ones
// that must be refused.
func fuzzImages(t testing.TB) func(string) (io.Reader, string, error) {
	files := map[string][]byte{
		"red.png":   testPNG(t, 20, 10, color.NRGBA{200, 30, 30, 255}),
		"photo.jpg": testJPEG(t, 20, 12),
		"bad.png":   []byte("not an image"),
		"giant.png": declaredPNG(100000, 100000, 8, 6),
	}
	return serveImages(files)
}

// FuzzMarkdown renders arbitrary Markdown into a document and finishes it:
// no panic, bounded time, and either an error or a PDF.
func FuzzMarkdown(f *testing.F) {
	paths, _ := filepath.Glob("testdata/*.md")
	more, _ := filepath.Glob("../../samples/*/case-studies/*/answers/*.md")
	for _, p := range append(paths, more...) {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, uint8(1))
	}
	for _, s := range []string{
		imageMarkdown,
		"![g](giant.png) ![b](bad.png) ![r](red.png) ![x](../../etc/passwd)",
		"{{ .Secret }} {{template \"x\"}}",
		"| a | b |\n|---|---|\n| " + strings.Repeat("x", 500) + " | y |\n",
		strings.Repeat("> ", 200) + "deep quote",
		strings.Repeat("- ", 200) + "deep list",
		strings.Repeat("#", 6) + " h\n" + strings.Repeat("`", 3) + "\n\tcode\x00\xff\n",
		"[link](#frag) [ext](https://example.com) <https://a.b> ~~s~~ - [x] done",
		"<div>\n<script>alert(1)</script>\n</div>\n",
		"\u202e\u200b\ufeff\U0001F600 \x01\x7f",
	} {
		f.Add([]byte(s), uint8(2))
	}
	for _, s := range hostileText {
		f.Add([]byte(s), uint8(3))
		f.Add([]byte("# "+s+"\n\n| "+s+" |\n|--|\n| x |\n\n```\n"+s+"\n```\n"), uint8(0))
	}
	f.Fuzz(func(t *testing.T, src []byte, offset uint8) {
		if len(src) > 64<<10 {
			t.Skip("larger than the fuzzing budget")
		}
		// A hang would stall the fuzzer without a report (see fuzzguard).
		defer fuzzguard.Hang(30*time.Second, func() string { return fmt.Sprintf("rendering %d bytes of Markdown hangs", len(src)) })()
		d, err := New(testOptions())
		if err != nil {
			t.Fatal(err)
		}
		err = d.Markdown(src, MarkdownOptions{HeadingOffset: int(offset % 8), AnchorPrefix: "a-", OpenImage: fuzzImages(t)})
		if err != nil && !errors.Is(err, ErrFatal) {
			t.Fatalf("Markdown: %v", err)
		}
		if err == nil {
			out, err := d.Bytes()
			if err != nil {
				t.Fatalf("Bytes: %v", err)
			}
			if !bytes.HasPrefix(out, []byte("%PDF-")) {
				t.Fatalf("output is not a PDF")
			}
		}
	})
}

// TestGiantImageRefused: an attachment declaring 100000×100000 pixels is
// refused from its header, quickly, with a message naming its size, for
// every PNG layout (including those that are re-encoded) and a taken width.
func TestGiantImageRefused(t *testing.T) {
	tests := []struct {
		name  string
		depth byte
		kind  byte
	}{
		{"RGB 8-bit", 8, 2},
		{"RGBA 8-bit", 8, 6},
		{"grey 16-bit (re-encoded)", 16, 0},
		{"palette-less grey 8-bit", 8, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := New(testOptions())
			if err != nil {
				t.Fatal(err)
			}
			// Refused from the header: counted in bytes allocated (the
			// pixels would be tens of gigabytes), not in wall time.
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			err = d.Image("giant.png", bytes.NewReader(declaredPNG(100000, 100000, tt.depth, tt.kind)), "png")
			runtime.ReadMemStats(&after)
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<20 {
				t.Errorf("allocated %d MiB: the image was decoded", alloc>>20)
			}
			if !errors.Is(err, ErrImage) || !strings.Contains(err.Error(), "giant.png") || !strings.Contains(err.Error(), "100000×100000") {
				t.Fatalf("error %v, expected ErrImage naming giant.png and its size", err)
			}
			if _, err := d.Bytes(); err != nil {
				t.Fatalf("document unusable after the refused image: %v", err)
			}
		})
	}
	t.Run("in Markdown", func(t *testing.T) {
		d, err := New(testOptions())
		if err != nil {
			t.Fatal(err)
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		if err := d.Markdown([]byte("Before ![g](giant.png) after\n"), MarkdownOptions{OpenImage: fuzzImages(t)}); err != nil {
			t.Fatal(err)
		}
		out, err := d.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<20 {
			t.Errorf("allocated %d MiB: the image was decoded", alloc>>20)
		}
		text := allText(t, writePDF(t, out))
		if !strings.Contains(squash(text), "image not available") {
			t.Errorf("no visible note in place of the giant image:\n%s", text)
		}
	})
}

// TestTemplateSyntaxIsLiteral: an answer's "{{ }}" is text, never executed.
func TestTemplateSyntaxIsLiteral(t *testing.T) {
	src := "Value {{ .Partner.Name }} and {{template \"x\"}} {{ printf \"%s\" \"EXECUTED\" }}\n"
	out := render(t, func(d *Document) error { return d.Markdown([]byte(src), MarkdownOptions{}) })
	text := spaceRun.ReplaceAllString(allText(t, writePDF(t, out)), " ")
	for _, want := range []string{"{{ .Partner.Name }}", `{{template "x"}}`, `{{ printf "%s" "EXECUTED" }}`} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q literally:\n%s", want, text)
		}
	}
}

// TestCharactersBeyondBMP: emoji and other characters above U+FFFF, which
// fpdf's fonts cannot index, and invalid UTF-8 (found by FuzzMarkdown in a
// table cell) print as U+FFFD in every kind of block and in the metadata
// instead of panicking.
func TestCharactersBeyondBMP(t *testing.T) {
	const s = "ok 😀 \U00010000 𝄞\xe2"
	opts := testOptions()
	opts.Title, opts.Author = "Title "+s, "Author "+s
	out, err := Render(context.Background(), opts, func(d *Document) error {
		d.HeadingWithOptions(1, "Heading "+s, HeadingOptions{ID: "h"})
		d.Paragraph("Paragraph " + s)
		d.Code("code " + s)
		d.Badge("badge "+s, Green)
		return d.Markdown([]byte("- item "+s+"\n\n| a "+s+" | b |\n|---|---|\n| "+s+" | x |\n"), MarkdownOptions{})
	})
	if err != nil {
		t.Fatal(err)
	}
	text := allText(t, writePDF(t, out))
	if n := strings.Count(text, "\uFFFD"); n < 4*6 {
		t.Errorf("%d replacement characters in the text, expected 4 per block:\n%s", n, text)
	}
	if strings.Contains(text, "😀") {
		t.Errorf("emoji reached the PDF text")
	}
}

// TestLongInputsBoundedTime renders answers of the largest size the casefile
// loader accepts (2 MiB) made of one pathological construct each. Long
// unbroken words and long headings were quadratic (minutes); they must stay
// well within a few seconds.
func TestLongInputsBoundedTime(t *testing.T) {
	if testing.Short() {
		t.Skip("renders several 2 MiB documents")
	}
	const size = 2 << 20
	tests := []struct{ name, src string }{
		{"one unbroken word", strings.Repeat("x", size)},
		{"one long heading", "# " + strings.Repeat("x", size/8)},
		{"heading of many words", "# " + strings.Repeat("word ", size/5/8)},
		{"table cell", "| " + strings.Repeat("y", size/4) + " |\n|--|\n| z |\n"},
		{"code line", "```\n" + strings.Repeat("c", size) + "\n```\n"},
		{"nested quotes", strings.Repeat("> ", 5000) + "deep\n"},
		{"emoji", strings.Repeat("😀", size/4)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			d, err := New(testOptions())
			if err != nil {
				t.Fatal(err)
			}
			if err := d.Markdown([]byte(tt.src), MarkdownOptions{}); err != nil {
				t.Fatal(err)
			}
			out, err := d.Bytes()
			if err != nil {
				t.Fatal(err)
			}
			took := time.Since(start)
			// Logged, not asserted: a quadratic case runs for minutes and
			// is stopped by go test's -timeout; a busy machine must not
			// fail a linear one.
			t.Logf("%d bytes of Markdown, %d bytes of PDF, %v", len(tt.src), len(out), took)
		})
	}
}

// hostileText are the text cases of issue 14 the engine must print safely:
// control characters, bidirectional overrides, scripts the fonts lack.
var hostileText = []string{
	"bell\x07 escape\x1b[31m red nul\x00 del\x7f c1\u0085\u009b",
	"invoice\u202Efdp.exe \u2066isolate\u2069 \u202Aembed\u202C",
	"東京の注文サービス 名前",
	"שלום עולם and مرحبا بالعالم",
	"zero\u200Bwidth\uFEFF",
	"<javascript:alert(1)> <file:///etc/passwd> [x](javascript:alert(1)) [d](data:text/html,hi) <JAVASCRIPT:alert(2)> [v](vbscript:msgbox)",
	strings.Repeat("n", 5000) + " long name",
}

// TestOnlyWebAndMailLinksClickable: http, https and mailto links become
// link annotations; javascript:, file:, data: and vbscript: links, whether
// autolinks or [text](dest), print as plain text with no annotation.
func TestOnlyWebAndMailLinksClickable(t *testing.T) {
	src := "<javascript:alert(1)> <file:///etc/passwd> [x](javascript:alert(1)) [d](data:text/html,hi) " +
		"<JAVASCRIPT:alert(2)> [v](vbscript:msgbox) [rel](answers/x.md)\n\n" +
		"[ok](https://example.com/ok) <http://example.com/auto> <mailto:ops@example.com> <team@example.com> www.example.org\n"
	out := render(t, func(d *Document) error {
		if err := d.Markdown([]byte(src), MarkdownOptions{}); err != nil {
			return err
		}
		d.Spans([]Span{{Text: "span link", URL: "javascript:alert(3)"}, {Text: " file", URL: "file:///etc/shadow"}})
		return nil
	})
	var uris []string
	for _, m := range regexp.MustCompile(`/URI \(([^)]*)\)`).FindAllSubmatch(out, -1) {
		uris = append(uris, string(m[1]))
	}
	want := []string{"https://example.com/ok", "http://example.com/auto", "mailto:ops@example.com", "mailto:team@example.com", "http://www.example.org"}
	if strings.Join(uris, " ") != strings.Join(want, " ") {
		t.Errorf("link targets %q, want %q", uris, want)
	}
	for _, bad := range []string{"javascript", "JAVASCRIPT", "file:", "data:", "vbscript"} {
		if bytes.Contains(out, []byte("/URI ("+bad)) {
			t.Errorf("a %s link is clickable", bad)
		}
	}
	text := squash(allText(t, writePDF(t, out)))
	for _, w := range []string{"javascript:alert(1)", "file:///etc/passwd", "span link"} {
		if !strings.Contains(text, w) {
			t.Errorf("refused link text %q not printed as text:\n%s", w, text)
		}
	}
}

// TestHostileTextPrintsSafely: every block prints control characters and
// bidirectional overrides as U+FFFD and scripts the fonts lack as a named
// marker; nothing of them reaches the PDF's text.
func TestHostileTextPrintsSafely(t *testing.T) {
	opts := testOptions()
	opts.Title = "Title \x01 東京"
	out, err := Render(context.Background(), opts, func(d *Document) error {
		for i, s := range hostileText[:5] {
			d.HeadingWithOptions(2, "Heading "+s, HeadingOptions{ID: fmt.Sprint("h", i)})
			d.Paragraph("Paragraph " + s)
			d.Code("code " + s)
			d.Badge("badge "+s, Green)
			d.Table([]string{"head " + s}, [][]string{{"cell " + s}}, TableOptions{})
			if err := d.Markdown([]byte("- item "+s+"\n"), MarkdownOptions{}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	text := allText(t, writePDF(t, out))
	for _, r := range text {
		if (r < 0x20 && r != '\n' && r != '\t' && r != '\f' && r != '\r') || (r >= 0x7f && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200b {
			t.Errorf("control character %U reached the PDF text", r)
		}
		if unicode.In(r, unicode.Han, unicode.Hebrew, unicode.Arabic, unicode.Katakana, unicode.Hiragana) {
			t.Errorf("%c (%U) reached the PDF, where it prints as an empty box", r, r)
			break
		}
	}
	sq := squash(text)
	for _, w := range []string{"[unprintable: 11 CJK characters]", "[unprintable: 8 Hebrew characters] and [unprintable: 12 Arabic characters]",
		"invoice\uFFFDfdp.exe", "bell\uFFFD escape\uFFFD[31m", "zerowidth"} {
		if n := strings.Count(sq, w); n < 6 {
			t.Errorf("%q appears %d times, want once per block (6):\n%s", w, n, sq)
		}
	}
}

// TestLongNamesShortened: a token longer than textsafe.MaxName prints as its
// ends around a visible hash mark, once, in every kind of block, instead of
// filling pages.
func TestLongNamesShortened(t *testing.T) {
	name := "svc-" + strings.Repeat("n", 1<<20) + "-end"
	out := render(t, func(d *Document) error {
		d.Paragraph("Service " + name)
		d.Table([]string{"service"}, [][]string{{name}}, TableOptions{})
		d.Code(name)
		return d.Markdown([]byte("# "+name+"\n\n`"+name+"`\n"), MarkdownOptions{})
	})
	path := writePDF(t, out)
	if n := pageCount(t, path); n > 2 {
		t.Errorf("%d pages for five mentions of one long name", n)
	}
	// A reader rejoins the code block's continuation lines (Rejoin).
	text := squash(Rejoin(allText(t, path)))
	if n := strings.Count(text, "]…"); n < 5 {
		t.Errorf("%d shortening marks, want one per mention (5):\n%.2000s", n, text)
	}
}
