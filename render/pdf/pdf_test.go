package pdf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

const longARN = "arn:aws:ecs:eu-west-1:123456789012:task-definition/checkout-service-blue-green-deployment-family-with-a-long-name:42"

// unbreakable has no separator at all, so it must be cut by width alone.
// Like longARN it is shorter than textsafe.MaxName, so it prints whole
// (longer words are shortened: TestLongNamesShortened).
var unbreakable = "sha256" + strings.Repeat("0123456789abcdef", 7)

func sampleMarkdown(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/sample.md")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestTextExtracts(t *testing.T) {
	out := render(t, func(d *Document) error {
		d.Heading(1, "Überschrift Ελληνικά")
		d.Paragraph("Plain paragraph: café, naïve, Ærøskøbing, São Paulo, Łódź.")
		return d.Markdown(sampleMarkdown(t), MarkdownOptions{HeadingOffset: 1})
	})
	path := writePDF(t, out)
	text := squash(allText(t, path))
	for _, want := range []string{
		"Überschrift Ελληνικά",
		"café, naïve, Ærøskøbing, São Paulo, Łódź.",
		"Ελληνικά αβγ ΔΩ",
		"“quoted” – en dash",
		"— em dash … ≥ 5 ≤ 9 × 3.",
		"bold italic text, old wording and aws ecs list-tasks",
		"A link to the checklist, an internal link to control ECS-004",
		"1. First step",
		"2. Second step with a nested list:",
		"◦ bullet one",
		"1. deep one 2. deep two",
		"3. Third step",
		"[x] Task done",
		"[ ] Task open",
		"A block quote that explains why",
		"indented code block second line",
		`<div class="note">raw html block</div>`,
		"[image not available: missing.png]",
		"Resource ARN Count",
		"Page 1 of",
		"pkg-test-0001",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("extracted text lacks %q", want)
		}
	}
	info := run(t, "pdfinfo", path)
	for _, want := range []string{"Title:           ecspack test document", "Author:          ecspack",
		"CreationDate:    Wed Mar  4 05:06:07 2026 UTC", "ModDate:         Wed Mar  4 05:06:07 2026 UTC"} {
		if !strings.Contains(info, want) {
			t.Errorf("pdfinfo lacks %q:\n%s", want, info)
		}
	}
	if !bytes.Contains(out, []byte("/Lang (en-GB)")) {
		t.Error("document language missing from the catalog")
	}
	qpdfCheck(t, path)
}

// Renders share nothing mutable (fpdf would patch shared font bytes if
// they were not copied): concurrent renders must agree, also under -race.
func TestConcurrentRendersAgree(t *testing.T) {
	body := func(d *Document) error {
		return d.Markdown(sampleMarkdown(t), MarkdownOptions{OpenImage: imageOpener(t)})
	}
	const n = 4
	outs := make([][]byte, n)
	errs := make([]error, n)
	done := make(chan int)
	for i := 0; i < n; i++ {
		go func(i int) {
			outs[i], errs[i] = Render(context.Background(), testOptions(), body)
			done <- i
		}(i)
	}
	for i := 0; i < n; i++ {
		<-done
	}
	for i := 0; i < n; i++ {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if !bytes.Equal(outs[i], outs[0]) {
			t.Errorf("concurrent render %d differs from render 0", i)
		}
	}
}

func TestFontsEmbedded(t *testing.T) {
	out := render(t, func(d *Document) error {
		return d.Markdown(sampleMarkdown(t), MarkdownOptions{})
	})
	lines := strings.Split(strings.TrimSpace(run(t, "pdffonts", writePDF(t, out))), "\n")
	if len(lines) < 3 {
		t.Fatalf("pdffonts lists no fonts:\n%s", strings.Join(lines, "\n"))
	}
	seen := map[string]bool{}
	for _, l := range lines[2:] {
		f := strings.Fields(l)
		// name type... encoding emb sub uni id gen: emb is 5th from the end.
		if len(f) < 6 {
			t.Fatalf("unexpected pdffonts line %q", l)
		}
		if emb := f[len(f)-5]; emb != "yes" {
			t.Errorf("font %s not embedded: %q", f[0], l)
		}
		seen[f[0]] = true
	}
	for _, name := range []string{"utf8go", "utf8goB", "utf8goI", "utf8goBI", "utf8gomono"} {
		if !seen[name] {
			t.Errorf("font %s missing from %v", name, seen)
		}
	}
}

func TestOutline(t *testing.T) {
	out := render(t, func(d *Document) error {
		d.Heading(1, "Part A")
		d.Heading(2, "Section A.1")
		d.Heading(3, "Sub A.1.a")
		d.HeadingWithOptions(2, "Hidden", HeadingOptions{NoBookmark: true})
		d.Heading(1, "Part B")
		d.Heading(3, "Skipped level") // level jump: must nest under Part B
		return d.Markdown([]byte("# From markdown\n\n## Deeper\n"), MarkdownOptions{HeadingOffset: 1})
	})
	got := outline(t, writePDF(t, out))
	var flat []string
	var walk func(items []outlineItem, depth int)
	walk = func(items []outlineItem, depth int) {
		for _, it := range items {
			flat = append(flat, strings.Repeat(">", depth)+it.Title)
			walk(it.Kids, depth+1)
		}
	}
	walk(got, 0)
	want := []string{"Part A", ">Section A.1", ">>Sub A.1.a", "Part B", ">Skipped level", ">From markdown", ">>Deeper"}
	if strings.Join(flat, "|") != strings.Join(want, "|") {
		t.Errorf("outline\n got %q\nwant %q", flat, want)
	}
}

// tocLine matches a contents line: title, then the page number at the end.
var tocLine = regexp.MustCompile(`^\s*(\S.*?)\s{2,}(\d+)\s*$`)

func TestContentsPageNumbers(t *testing.T) {
	cases := []struct {
		name     string
		sections int // enough sections make the contents span two pages
	}{
		{"short contents", 6},
		{"contents over two pages", 70},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out := render(t, func(d *Document) error {
				d.Heading(1, "Cover")
				d.PageBreak()
				if err := d.TableOfContents(2); err != nil {
					return err
				}
				d.PageBreak()
				for i := 1; i <= tc.sections; i++ {
					d.Heading(1, fmt.Sprintf("Control ECS-%03d", i))
					for j := 0; j < i%4; j++ {
						d.Paragraph(strings.Repeat(fmt.Sprintf("Body text of control %d. ", i), 40))
					}
					d.Heading(2, fmt.Sprintf("Evidence for ECS-%03d", i))
					d.Code(strings.Repeat("aws ecs describe-services --cluster prod\n", i%7))
				}
				return nil
			})
			path := writePDF(t, out)
			qpdfCheck(t, path)
			pages := pageCount(t, path)
			// Read the contents pages: from page 2 until the first body heading.
			type entry struct {
				title string
				page  int
			}
			var entries []entry
			for p := 2; p <= pages && len(entries) < 2*tc.sections; p++ {
				for _, line := range strings.Split(pageText(t, path, p), "\n") {
					m := tocLine.FindStringSubmatch(line)
					if m == nil || strings.HasPrefix(m[1], "pkg-test") {
						continue
					}
					n, _ := strconv.Atoi(m[2])
					entries = append(entries, entry{squash(m[1]), n})
				}
			}
			if len(entries) != 1+2*tc.sections {
				t.Fatalf("contents has %d entries, want %d: %v", len(entries), 1+2*tc.sections, entries)
			}
			for _, e := range entries {
				if e.page < 1 || e.page > pages {
					t.Errorf("%q: page %d out of range", e.title, e.page)
					continue
				}
				// The heading must be on that page (as a line of its own).
				found := false
				for _, line := range strings.Split(pageText(t, path, e.page), "\n") {
					if strings.TrimSpace(line) == e.title {
						found = true
					}
				}
				if !found {
					t.Errorf("contents says %q is on page %d, but it is not there", e.title, e.page)
				}
			}
			// The outline agrees with the contents.
			ol := outline(t, path)
			byTitle := map[string]int{}
			var walk func([]outlineItem)
			walk = func(items []outlineItem) {
				for _, it := range items {
					byTitle[it.Title] = it.Page
					walk(it.Kids)
				}
			}
			walk(ol)
			for _, e := range entries {
				if byTitle[e.title] != e.page {
					t.Errorf("%q: contents page %d, outline page %d", e.title, e.page, byTitle[e.title])
				}
			}
		})
	}
}

func TestTableOfContentsNeedsRender(t *testing.T) {
	d, err := New(testOptions())
	if err != nil {
		t.Fatal(err)
	}
	if err := d.TableOfContents(2); !errors.Is(err, ErrNoContents) {
		t.Errorf("TableOfContents outside Render: got %v, want ErrNoContents", err)
	}
}

func TestLongTokensNeverOverflow(t *testing.T) {
	cases := []struct {
		name string
		body func(d *Document)
	}{
		{"table cell", func(d *Document) {
			d.Table([]string{"Name", "ARN"}, [][]string{{"task definition", longARN}, {"digest", unbreakable}},
				TableOptions{Widths: []float64{1, 2}})
		}},
		{"narrow column", func(d *Document) {
			d.Table([]string{"A", "B", "C"}, [][]string{{longARN, unbreakable, "x"}}, TableOptions{Widths: []float64{1, 1, 3}})
		}},
		{"code block", func(d *Document) { d.Code("aws ecs describe-task-definition " + longARN + " " + unbreakable) }},
		{"paragraph", func(d *Document) { d.Paragraph("The role " + longARN + " " + unbreakable + " is used.") }},
		{"key value", func(d *Document) { d.KeyValue([]KV{{"Task definition", longARN}, {"Digest", unbreakable}}) }},
		{"markdown", func(d *Document) {
			_ = d.Markdown([]byte("- item `"+longARN+"` and "+unbreakable+"\n\n| k | v |\n|---|---|\n| arn | "+longARN+" |\n"), MarkdownOptions{})
		}},
	}
	const (
		pt         = 72 / 25.4
		leftLimit  = (marginLeft - 0.5) * pt
		rightLimit = (pageW - marginRight + 0.5) * pt
	)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out := render(t, func(d *Document) error { tc.body(d); return nil })
			path := writePDF(t, out)
			// -raw keeps content-stream order, so lines of one cell stay
			// together even when a neighbouring cell wraps too; a code
			// block's continuation marks are rejoined as a reader would, and
			// a table's broken word ends its line with breakMark.
			raw := run(t, "pdftotext", "-raw", path, "-")
			joined := spaceRun.ReplaceAllString(strings.ReplaceAll(Rejoin(raw), breakMark, ""), "")
			for _, tok := range []string{longARN, unbreakable} {
				if !strings.Contains(joined, tok) {
					t.Errorf("token %q not recoverable from the extracted text", tok)
				}
			}
			for _, w := range words(t, path) {
				if w.xMin < leftLimit || w.xMax > rightLimit {
					t.Errorf("word %q at x %.1f–%.1f pt runs outside the text column (%.1f–%.1f)", w.text, w.xMin, w.xMax, leftLimit, rightLimit)
				}
			}
		})
	}
}

func TestTableHeaderRepeatsOnEveryPage(t *testing.T) {
	rows := make([][]string, 150)
	for i := range rows {
		rows[i] = []string{fmt.Sprintf("row-%03d", i), "service " + strconv.Itoa(i), "ACTIVE"}
	}
	out := render(t, func(d *Document) error {
		d.Paragraph("Services of the cluster:")
		d.Table([]string{"HeadName", "HeadService", "HeadStatus"}, rows, TableOptions{Zebra: true})
		return nil
	})
	path := writePDF(t, out)
	pages := pageCount(t, path)
	if pages < 3 {
		t.Fatalf("table should span at least 3 pages, got %d", pages)
	}
	seenRows := 0
	for p := 1; p <= pages; p++ {
		txt := pageText(t, path, p)
		n := strings.Count(txt, "row-")
		seenRows += n
		if n > 0 && !regexp.MustCompile(`HeadName\s+HeadService\s+HeadStatus`).MatchString(txt) {
			t.Errorf("page %d has %d rows but no header row", p, n)
		}
		// The header comes before the first row on the page.
		if n > 0 && strings.Index(txt, "HeadName") > strings.Index(txt, "row-") {
			t.Errorf("page %d: header printed after a row", p)
		}
	}
	if seenRows != len(rows) {
		t.Errorf("found %d rows, want %d", seenRows, len(rows))
	}
}

func TestTallRowSplitsAcrossPages(t *testing.T) {
	tall := strings.Repeat("line of a very tall cell\n", 90) + "END-OF-CELL"
	out := render(t, func(d *Document) error {
		d.Table([]string{"K", "V"}, [][]string{{"tall", tall}, {"after", "next row"}}, TableOptions{})
		return nil
	})
	path := writePDF(t, out)
	text := allText(t, path)
	if got := strings.Count(text, "line of a very tall cell"); got != 90 {
		t.Errorf("tall cell: %d lines extracted, want 90", got)
	}
	for _, want := range []string{"END-OF-CELL", "next row"} {
		if !strings.Contains(text, want) {
			t.Errorf("missing %q", want)
		}
	}
}

func TestCodeSplitsAcrossPages(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 200; i++ {
		fmt.Fprintf(&b, "line-%03d\t%s\n", i, "value")
	}
	out := render(t, func(d *Document) error { d.Code(b.String()); return nil })
	path := writePDF(t, out)
	if pageCount(t, path) < 2 {
		t.Fatal("200 code lines should need more than one page")
	}
	text := allText(t, path)
	for i := 0; i < 200; i++ {
		if !regexp.MustCompile(fmt.Sprintf(`line-%03d\s+value`, i)).MatchString(text) {
			t.Errorf("code line %d missing", i)
		}
	}
	// The tab after "line-NNN" (8 columns) expands to column 12: "value"
	// starts 12 monospace advances (0.6 em each) after the line start.
	ws := words(t, path)
	starts := map[float64]float64{} // y of a line -> x of its "line-NNN"
	checked := 0
	for _, w := range ws {
		// -bbox lists a page's first column before its second, so
		// remember where each line starts and pair "value" by y.
		if strings.HasPrefix(w.text, "line-") {
			starts[w.yMin] = w.xMin
			continue
		}
		if w.text != "value" {
			continue
		}
		x, ok := starts[w.yMin]
		if !ok {
			continue
		}
		checked++
		if got, want := w.xMin-x, 12*0.6*codeSize; got < want-0.5 || got > want+0.5 {
			t.Fatalf("tab expansion: value starts %.2f pt after the line, want %.2f", got, want)
		}
	}
	if checked != 200 {
		t.Errorf("checked %d code lines, want 200", checked)
	}
}

// testPNG makes a w×h PNG filled with c.
func testPNG(t testing.TB, w, h int, c color.Color) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func testJPEG(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 128, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// imageOpener serves images from memory, as a casefile loader would.
func imageOpener(t testing.TB) func(string) (io.Reader, string, error) {
	files := map[string][]byte{
		"red.png":   testPNG(t, 200, 100, color.NRGBA{200, 30, 30, 255}),
		"green.png": testPNG(t, 200, 80, color.NRGBA{30, 200, 30, 255}), // same width as red
		"blue.png":  testPNG(t, 200, 60, color.NRGBA{30, 30, 200, 128}), // same width, alpha
		"photo.jpg": testJPEG(t, 200, 120),                              // same width, JPEG
		"wide.png":  testPNG(t, 3000, 200, color.NRGBA{90, 90, 90, 255}),
		"copy.png":  testPNG(t, 200, 100, color.NRGBA{200, 30, 30, 255}), // same bytes as red
		"bad.png":   []byte("not an image"),
	}
	return serveImages(files)
}

// serveImages opens images from memory by name, refusing a path that
// leaves the casefile as the casefile loader does.
func serveImages(files map[string][]byte) func(string) (io.Reader, string, error) {
	return func(dest string) (io.Reader, string, error) {
		if strings.Contains(dest, "..") {
			return nil, "", fmt.Errorf("%w: %s leaves the casefile", ErrFatal, dest)
		}
		b, ok := files[dest]
		if !ok {
			return nil, "", fmt.Errorf("open %s: %w", dest, os.ErrNotExist)
		}
		return bytes.NewReader(b), "", nil
	}
}

const imageMarkdown = `# Images

Red: ![red](red.png)

![green](green.png) ![blue](blue.png)

![photo](photo.jpg)

![wide](wide.png)

![copy](copy.png)

![missing](nothere.png)

![broken](bad.png)
`

func TestDeterministicOutput(t *testing.T) {
	body := func(d *Document) error {
		d.Heading(1, "Cover")
		if err := d.TableOfContents(3); err != nil {
			return err
		}
		d.PageBreak()
		if err := d.Markdown(sampleMarkdown(t), MarkdownOptions{HeadingOffset: 1}); err != nil {
			return err
		}
		return d.Markdown([]byte(imageMarkdown), MarkdownOptions{OpenImage: imageOpener(t), HeadingOffset: 1})
	}
	first := render(t, body)
	for i := 0; i < 8; i++ {
		if again := render(t, body); !bytes.Equal(first, again) {
			t.Fatalf("render %d differs from the first (%d vs %d bytes)", i+2, len(again), len(first))
		}
	}
	if !bytes.Contains(first, []byte("/CreationDate (D:20260304050607)")) {
		t.Error("creation date is not the one from Options")
	}
	qpdfCheck(t, writePDF(t, first))
}

func TestMarkdownImages(t *testing.T) {
	var pdfBytes []byte
	opens := map[string]int{}
	opener := imageOpener(t)
	counting := func(dest string) (io.Reader, string, error) {
		opens[dest]++
		return opener(dest)
	}
	pdfBytes = render(t, func(d *Document) error {
		if err := d.TableOfContents(1); err != nil { // forces several passes
			return err
		}
		return d.Markdown([]byte(imageMarkdown), MarkdownOptions{OpenImage: counting})
	})
	path := writePDF(t, pdfBytes)
	text := squash(allText(t, path))
	for _, want := range []string{"[image not available: nothere.png]", "[image not available: bad.png]", "Red:"} {
		if !strings.Contains(text, want) {
			t.Errorf("missing %q", want)
		}
	}
	for _, bad := range []string{"[image not available: red.png]", "[image not available: photo.jpg]", "[image not available: wide.png]"} {
		if strings.Contains(text, bad) {
			t.Errorf("unexpected %q", bad)
		}
	}
	for dest, n := range opens {
		if n != 1 {
			t.Errorf("%s opened %d times across passes, want 1", dest, n)
		}
	}
	list := run(t, "pdfimages", "-list", path)
	// Six images drawn; red and copy are the same bytes and share one object.
	// Images of the same pixel width are padded to distinct widths (fpdf
	// orders its image catalog by width only).
	rows := regexp.MustCompile(`(?m)^\s*\d+\s+\d+\s+image\s+(\d+)\s+(\d+)\s.*?\s(\d+)\s+0\s+\d+\s+\d+`).FindAllStringSubmatch(list, -1)
	if len(rows) != 6 {
		t.Fatalf("pdfimages lists %d images, want 6:\n%s", len(rows), list)
	}
	widthOf := map[string]string{} // object id -> width
	for _, r := range rows {
		widthOf[r[3]] = r[1]
	}
	if len(widthOf) != 5 {
		t.Errorf("want 5 distinct image objects, got %d:\n%s", len(widthOf), list)
	}
	seenW := map[string]bool{}
	for _, w := range widthOf {
		if seenW[w] {
			t.Errorf("two image objects share pixel width %s:\n%s", w, list)
		}
		seenW[w] = true
	}
	qpdfCheck(t, path)

	t.Run("fatal error aborts", func(t *testing.T) {
		_, err := Render(context.Background(), testOptions(), func(d *Document) error {
			return d.Markdown([]byte("![x](../../etc/passwd)"), MarkdownOptions{OpenImage: imageOpener(t)})
		})
		if !errors.Is(err, ErrFatal) {
			t.Errorf("got %v, want an ErrFatal error", err)
		}
	})
	t.Run("no opener shows a note", func(t *testing.T) {
		out := render(t, func(d *Document) error {
			return d.Markdown([]byte("![x](red.png)"), MarkdownOptions{})
		})
		if txt := allText(t, writePDF(t, out)); !strings.Contains(txt, "[image not available: red.png]") {
			t.Errorf("no note in %q", txt)
		}
	})
}

func TestLinks(t *testing.T) {
	out := render(t, func(d *Document) error {
		d.Heading(1, "Links")
		err := d.Markdown([]byte("See [ECS-004](control:ECS-004), [local](#evidence), [web](https://example.com/x) and [file](answers/x.md).\n\n## Evidence\n"),
			MarkdownOptions{
				HeadingOffset: 1,
				AnchorPrefix:  "case1/",
				ResolveLink: func(dest string) (string, bool) {
					id, ok := strings.CutPrefix(dest, "control:")
					return id, ok
				},
			})
		d.Spans([]Span{{Text: "dangling", Anchor: "nowhere"}})
		d.PageBreak()
		d.HeadingWithOptions(1, "ECS-004 Task roles", HeadingOptions{ID: "ECS-004"})
		if got := d.UnresolvedAnchors(); strings.Join(got, ",") != "nowhere" {
			t.Errorf("UnresolvedAnchors = %v, want [nowhere]", got)
		}
		return err
	})
	path := writePDF(t, out)
	if !bytes.Contains(out, []byte("/URI (https://example.com/x)")) {
		t.Error("external link annotation missing")
	}
	// fpdf writes annotations uncompressed: count them in the file.
	if n := bytes.Count(out, []byte("/Subtype /Link")); n != 4 {
		t.Errorf("found %d link annotations, want 4 (control, local, web, dangling)", n)
	}
	if txt := squash(allText(t, path)); !strings.Contains(txt, "See ECS-004, local, web and file.") {
		t.Errorf("link text wrong: %q", txt)
	}
	qpdfCheck(t, path)
}

func TestBadgeAndKeyValueLayout(t *testing.T) {
	out := render(t, func(d *Document) error {
		d.Heading(2, "ECS-004")
		for _, b := range []struct {
			label string
			c     RGB
		}{{"met", Green}, {"not met", Red}, {"needs narrative", Amber}, {"not applicable", Grey}, {"waived", Blue}, {"custom", RGB{250, 240, 100}}} {
			d.Badge(b.label, b.c)
		}
		d.KeyValue([]KV{{"Customer", "Acme Ltd"}, {"Region", "eu-west-1"}})
		return nil
	})
	txt := squash(allText(t, writePDF(t, out)))
	for _, want := range []string{"met not met needs narrative not applicable waived custom", "Customer Acme Ltd", "Region eu-west-1"} {
		if !strings.Contains(txt, want) {
			t.Errorf("missing %q in %q", want, txt)
		}
	}
}

func TestReserveAndAvailable(t *testing.T) {
	d, err := New(testOptions())
	if err != nil {
		t.Fatal(err)
	}
	d.Paragraph("before")
	x, y, w, h := d.Available()
	if x != marginLeft || w != pageW-marginLeft-marginRight || y <= marginTop || h <= 0 || y+h != pageH-marginBottom {
		t.Errorf("Available = %v %v %v %v", x, y, w, h)
	}
	bx, by, bw := d.Reserve(h + 10) // does not fit: new page
	if d.Page() != 2 || by != marginTop || bx != marginLeft || bw != w {
		t.Errorf("Reserve moved to page %d at (%v,%v) w %v", d.Page(), bx, by, bw)
	}
	d.Fpdf().Rect(bx, by, bw, 20, "D")
	if _, err := d.Bytes(); err != nil {
		t.Fatal(err)
	}
}

func TestHeaderFooter(t *testing.T) {
	opts := testOptions()
	opts.PlainFirstPage = true
	out, err := Render(context.Background(), opts, func(d *Document) error {
		d.Paragraph("cover")
		d.PageBreak()
		d.Heading(1, "First Section")
		d.PageBreak()
		d.Paragraph("still first section")
		d.Heading(1, "Second Section")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	path := writePDF(t, out)
	p1 := pageText(t, path, 1)
	if strings.Contains(p1, "Page 1") || strings.Contains(p1, "pkg-test") {
		t.Errorf("plain first page has decorations: %q", p1)
	}
	for page, header := range map[int]string{2: "First Section", 3: "Second Section"} {
		txt := pageText(t, path, page)
		first := strings.TrimSpace(strings.SplitN(strings.TrimSpace(txt), "\n", 2)[0])
		if !strings.HasPrefix(first, header) || !strings.HasSuffix(first, "ecspack test document") {
			t.Errorf("page %d header line %q, want %q … title", page, first, header)
		}
		if !regexp.MustCompile(`pkg-test-0001\s+Page ` + strconv.Itoa(page) + ` of 3`).MatchString(txt) {
			t.Errorf("page %d footer wrong:\n%s", page, txt)
		}
	}
}

func BenchmarkRender100Pages(b *testing.B) {
	md := sampleMarkdownNoImages(b)
	pages := 0
	for b.Loop() {
		out, err := Render(context.Background(), testOptions(), func(d *Document) error {
			defer func() { pages = d.Page() }()
			if err := d.TableOfContents(2); err != nil {
				return err
			}
			d.PageBreak()
			for i := 0; i < 110; i++ {
				d.HeadingWithOptions(1, fmt.Sprintf("ECS-%03d Control", i), HeadingOptions{ID: fmt.Sprintf("ECS-%03d", i)})
				if err := d.Markdown(md, MarkdownOptions{HeadingOffset: 1, AnchorPrefix: fmt.Sprintf("ECS-%03d/", i)}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(out)), "bytes/doc")
		b.ReportMetric(float64(pages), "pages")
	}
}

func sampleMarkdownNoImages(b testing.TB) []byte {
	return bytes.ReplaceAll(sampleMarkdown(b), []byte("![diagram](missing.png)"), nil)
}
