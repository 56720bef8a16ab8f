package readback

import (
	"encoding/json"
	"encoding/xml"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// Word is one word `pdftotext -bbox` finds, with its box in points from the
// page's top-left corner.
type Word struct {
	Text                   string
	XMin, YMin, XMax, YMax float64
}

// Height is the height of the word's box. poppler makes it the font's
// ascent plus descent at the size the word is printed at (a horizontal
// scale does not change it), so it is proportional to the type size, with
// a ratio that depends on the font: a test calibrates it with text of a
// known size in the same font.
func (w Word) Height() float64 { return w.YMax - w.YMin }

// BoxPage is one page as `pdftotext -bbox` reports it: its size in points
// and its words.
type BoxPage struct {
	Width, Height float64
	Words         []Word
}

// Landscape reports whether the page is wider than tall.
func (p BoxPage) Landscape() bool { return p.Width > p.Height }

// Boxes reads every page's size and word boxes with `pdftotext -bbox`;
// element i is page i+1.
func Boxes(t testing.TB, path string) []BoxPage {
	t.Helper()
	out := Run(t, "pdftotext", "-bbox", path, "-")
	var doc struct {
		Pages []struct {
			Width  float64 `xml:"width,attr"`
			Height float64 `xml:"height,attr"`
			Words  []struct {
				XMin float64 `xml:"xMin,attr"`
				YMin float64 `xml:"yMin,attr"`
				XMax float64 `xml:"xMax,attr"`
				YMax float64 `xml:"yMax,attr"`
				Text string  `xml:",chardata"`
			} `xml:"word"`
		} `xml:"body>doc>page"`
	}
	dec := xml.NewDecoder(strings.NewReader(out))
	dec.Strict = false
	dec.Entity = xml.HTMLEntity
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("pdftotext -bbox %s: %v", path, err)
	}
	pages := make([]BoxPage, len(doc.Pages))
	for i, p := range doc.Pages {
		pages[i] = BoxPage{Width: p.Width, Height: p.Height}
		for _, w := range p.Words {
			pages[i].Words = append(pages[i].Words, Word{Text: w.Text, XMin: w.XMin, YMin: w.YMin, XMax: w.XMax, YMax: w.YMax})
		}
	}
	return pages
}

var pageSizeRE = regexp.MustCompile(`(?m)^Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+) pts`)

// PageSizes reads every page's width and height in points with pdfinfo
// (-f 1 -l N); element i is page i+1.
func PageSizes(t testing.TB, path string) [][2]float64 {
	t.Helper()
	n := PageCount(t, path)
	out := Run(t, "pdfinfo", "-f", "1", "-l", strconv.Itoa(n), path)
	sizes := make([][2]float64, n)
	seen := 0
	for _, m := range pageSizeRE.FindAllStringSubmatch(out, -1) {
		p, _ := strconv.Atoi(m[1])
		w, err1 := strconv.ParseFloat(m[2], 64)
		h, err2 := strconv.ParseFloat(m[3], 64)
		if p < 1 || p > n || err1 != nil || err2 != nil {
			t.Fatalf("pdfinfo: unexpected line %q", m[0])
		}
		sizes[p-1] = [2]float64{w, h}
		seen++
	}
	if seen != n {
		t.Fatalf("pdfinfo: %d page sizes for %d pages", seen, n)
	}
	return sizes
}

// LinkTargets reads every page's internal links with qpdf and returns, per
// 1-based page, the 1-based pages its link annotations lead to, in order.
func LinkTargets(t testing.TB, path string) map[int][]int {
	t.Helper()
	var doc struct {
		Pages []struct {
			Object string `json:"object"`
		} `json:"pages"`
		QPDF []json.RawMessage `json:"qpdf"`
	}
	if err := json.Unmarshal([]byte(Run(t, "qpdf", "--json=2", "--json-key=pages", "--json-key=qpdf", path)), &doc); err != nil || len(doc.QPDF) < 2 {
		t.Fatalf("qpdf json %s: %v", path, err)
	}
	var objects map[string]struct {
		Value struct {
			Annots json.RawMessage `json:"/Annots"`
		} `json:"value"`
	}
	if err := json.Unmarshal(doc.QPDF[1], &objects); err != nil {
		t.Fatalf("qpdf json objects %s: %v", path, err)
	}
	pageOf := map[string]int{}
	for i, p := range doc.Pages {
		pageOf[p.Object] = i + 1
	}
	out := map[int][]int{}
	for i, p := range doc.Pages {
		var annots []struct {
			Subtype string            `json:"/Subtype"`
			Dest    []json.RawMessage `json:"/Dest"`
		}
		if raw := objects["obj:"+p.Object].Value.Annots; len(raw) > 0 && json.Unmarshal(raw, &annots) != nil {
			t.Fatalf("qpdf json %s: page %d: annotations are not inline", path, i+1)
		}
		for _, a := range annots {
			var target string
			if a.Subtype != "/Link" || len(a.Dest) == 0 || json.Unmarshal(a.Dest[0], &target) != nil {
				continue
			}
			out[i+1] = append(out[i+1], pageOf[target])
		}
	}
	return out
}
