package pdf

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// ErrFatal marks an error from MarkdownOptions.OpenImage that must abort
// the document (for instance a path that escapes the casefile) instead of
// being shown as "[image not available: …]". Wrap it: fmt.Errorf("%w: …", pdf.ErrFatal).
// Context cancellation aborts too.
var ErrFatal = errors.New("fatal")

// MarkdownOptions tune how Markdown maps onto the document.
type MarkdownOptions struct {
	// HeadingOffset is added to every heading level, so that "#" in an
	// answer becomes a sub-heading of the control's heading (levels are
	// capped at 6).
	HeadingOffset int
	// NoBookmarks keeps Markdown headings out of the PDF outline and the
	// table of contents (they still get anchors).
	NoBookmarks bool
	// AnchorPrefix is put in front of the anchor ids derived from Markdown
	// headings and of "#fragment" links, so that two answers can both have
	// a "## Evidence" heading and link to their own one.
	AnchorPrefix string
	// ResolveLink maps a link destination to an anchor of this document
	// (e.g. "control:ECS-004" or "#ECS-004" to "ECS-004"). When it is nil
	// or returns false, "#x" links to AnchorPrefix+"x", http, https and
	// mailto URLs become external links and anything else (javascript:,
	// file:, data:, relative paths) is printed as plain text; autolinks
	// ("<javascript:…>") follow the same rule.
	ResolveLink func(dest string) (anchor string, ok bool)
	// OpenImage opens the image at dest; the caller decides which files may
	// be read. kind is "png", "jpg" or "" (detect). If the reader is an
	// io.Closer it is closed. An error shows a visible note in place of
	// the image unless it wraps ErrFatal or a context error. When nil, every
	// image is shown as a note.
	OpenImage func(dest string) (r io.Reader, kind string, err error)
}

// Markdown renders CommonMark + GitHub Flavoured Markdown (tables,
// strikethrough, task lists, autolinks) into the document. Raw HTML is
// shown as literal text. It fails only for a fatal image error or a
// document error.
func (d *Document) Markdown(src []byte, mo MarkdownOptions) error {
	d.endLine()
	md := goldmark.New(goldmark.WithExtensions(extension.GFM))
	root := md.Parser().Parse(text.NewReader(src))
	s := &mdState{d: d, src: src, mo: mo, colour: textColour}
	if err := s.blocks(root); err != nil {
		return err
	}
	return d.Err()
}

type mdState struct {
	d         *Document
	src       []byte
	mo        MarkdownOptions
	colour    RGB
	listDepth int
}

func (s *mdState) blocks(parent ast.Node) error {
	for n := parent.FirstChild(); n != nil; n = n.NextSibling() {
		if err := s.block(n); err != nil {
			return err
		}
	}
	return nil
}

func (s *mdState) block(n ast.Node) error {
	d := s.d
	switch n := n.(type) {
	case *ast.Heading:
		txt := s.plain(n)
		level := n.Level + s.mo.HeadingOffset
		id := d.uniqueID(s.mo.AnchorPrefix + Slug(txt))
		d.HeadingWithOptions(level, txt, HeadingOptions{ID: id, NoBookmark: s.mo.NoBookmarks})
	case *ast.Paragraph:
		return s.paragraph(n, blockGap)
	case *ast.TextBlock:
		gap := 0.8
		if n.NextSibling() != nil {
			gap = 1.2
		}
		return s.paragraph(n, gap)
	case *ast.List:
		return s.list(n)
	case *ast.FencedCodeBlock:
		d.CodeWith(s.lines(n), CodeOptions{Lang: LangFromInfo(string(n.Language(s.src)))})
	case *ast.CodeBlock:
		d.Code(s.lines(n))
	case *ast.HTMLBlock:
		txt := s.lines(n)
		if n.HasClosure() {
			txt += string(n.ClosureLine.Value(s.src))
		}
		d.Code(txt)
	case *ast.Blockquote:
		return s.quote(n)
	case *ast.ThematicBreak:
		d.gap(2)
		d.ensure(4)
		y := d.pdf.GetY() + 1
		d.setDrawColour(ruleColour)
		d.pdf.SetLineWidth(0.4)
		d.pdf.Line(d.left(), y, d.left()+d.width(), y)
		d.pdf.SetXY(d.left(), y+1)
		d.gap(blockGap + 1)
	case *east.Table:
		s.table(n)
	default:
		return s.blocks(n)
	}
	return nil
}

// lines joins the raw lines of a code or HTML block.
func (s *mdState) lines(n ast.Node) string {
	var b strings.Builder
	l := n.Lines()
	for i := 0; i < l.Len(); i++ {
		seg := l.At(i)
		b.Write(seg.Value(s.src))
	}
	return b.String()
}

// --- inlines ---------------------------------------------------------------

// inline is a run of text or an image found in a paragraph.
type inline struct {
	span  Span
	image string // destination when this is an image
	alt   string
}

func (s *mdState) paragraph(n ast.Node, gap float64) error {
	var items []inline
	s.inlines(n, Span{}, &items)
	var spans []Span
	flush := func() {
		if len(spans) > 0 {
			s.d.flow(spans, bodySize, s.colour)
			spans = nil
		}
	}
	for _, it := range items {
		if it.image == "" {
			spans = append(spans, it.span)
			continue
		}
		flush()
		if err := s.image(it.image, it.alt); err != nil {
			return err
		}
	}
	flush()
	s.d.gap(gap)
	return nil
}

func (s *mdState) inlines(parent ast.Node, st Span, out *[]inline) {
	for n := parent.FirstChild(); n != nil; n = n.NextSibling() {
		s.inlineNode(n, st, out)
	}
}

func (s *mdState) inlineNode(n ast.Node, st Span, out *[]inline) {
	add := func(txt string, sp Span) {
		sp.Text = txt
		*out = append(*out, inline{span: sp})
	}
	switch n := n.(type) {
	case *ast.Text:
		v := n.Segment.Value(s.src)
		if !n.IsRaw() {
			v = unescape(v)
		}
		add(string(v), st)
		if n.HardLineBreak() {
			add("\n", st)
		} else if n.SoftLineBreak() {
			add(" ", st)
		}
	case *ast.String:
		add(string(n.Value), st)
	case *ast.CodeSpan:
		sp := st
		sp.Mono = true
		add(s.rawText(n), sp)
	case *ast.Emphasis:
		sp := st
		if n.Level >= 2 {
			sp.Bold = true
		} else {
			sp.Italic = true
		}
		s.inlines(n, sp, out)
	case *east.Strikethrough:
		sp := st
		sp.Strike = true
		s.inlines(n, sp, out)
	case *ast.Link:
		sp := st
		sp.Anchor, sp.URL = s.resolve(string(n.Destination))
		s.inlines(n, sp, out)
	case *ast.AutoLink:
		sp := st
		url := string(n.URL(s.src))
		if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(url), "mailto:") {
			url = "mailto:" + url
		}
		if linkable(url) {
			sp.URL = url
		}
		add(string(n.Label(s.src)), sp)
	case *ast.Image:
		*out = append(*out, inline{image: string(n.Destination), alt: s.plain(n)})
	case *ast.RawHTML:
		var b strings.Builder
		for i := 0; i < n.Segments.Len(); i++ {
			seg := n.Segments.At(i)
			b.Write(seg.Value(s.src))
		}
		sp := st
		sp.Mono = true
		add(b.String(), sp)
	case *east.TaskCheckBox:
		box := "[ ]"
		if n.IsChecked {
			box = "[x]"
		}
		sp := st
		sp.Mono = true
		add(box, sp)
		add(" ", st)
	default:
		s.inlines(n, st, out)
	}
}

// unescape applies what an HTML renderer would: entities and backslash escapes.
func unescape(v []byte) []byte {
	return util.UnescapePunctuations(util.ResolveNumericReferences(util.ResolveEntityNames(v)))
}

// rawText is the text of a code span, as written.
func (s *mdState) rawText(n ast.Node) string {
	var b strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if t, ok := c.(*ast.Text); ok {
			b.Write(t.Segment.Value(s.src))
		} else if t, ok := c.(*ast.String); ok {
			b.Write(t.Value)
		}
	}
	return b.String()
}

// plain flattens the inline content of n to text (headings, table cells,
// image alt text).
func (s *mdState) plain(n ast.Node) string {
	var items []inline
	s.inlines(n, Span{}, &items)
	var b strings.Builder
	for _, it := range items {
		if it.image != "" {
			b.WriteString(it.alt)
			continue
		}
		b.WriteString(it.span.Text)
	}
	return strings.TrimSpace(b.String())
}

// resolve turns a link destination into an anchor or an external URL.
func (s *mdState) resolve(dest string) (anchor, url string) {
	if s.mo.ResolveLink != nil {
		if a, ok := s.mo.ResolveLink(dest); ok {
			return a, ""
		}
	}
	if frag, ok := strings.CutPrefix(dest, "#"); ok && frag != "" {
		return s.mo.AnchorPrefix + frag, ""
	}
	if linkable(dest) {
		return "", dest
	}
	return "", ""
}

// image prints an image block, or a note when it cannot be shown.
func (s *mdState) image(dest, alt string) error {
	d := s.d
	cache := d.sh.images
	if _, ok := cache.byName[dest]; ok {
		return d.Image(dest, nil, "")
	}
	if s.mo.OpenImage == nil || cache.failed[dest] {
		s.imageNote(dest)
		return nil
	}
	r, kind, err := s.mo.OpenImage(dest)
	if err == nil {
		err = d.Image(dest, r, kind)
		if c, ok := r.(io.Closer); ok {
			if cerr := c.Close(); cerr != nil && err == nil {
				err = cerr
			}
		}
	}
	if err != nil {
		if errors.Is(err, ErrFatal) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("pdf: image %q: %w", dest, err)
		}
		cache.failed[dest] = true
		s.imageNote(dest)
	}
	return nil
}

func (s *mdState) imageNote(dest string) {
	muted := mutedColour
	s.d.flow([]Span{{Text: "[image not available: " + dest + "]", Italic: true, Colour: &muted}}, bodySize, s.colour)
	s.d.gap(blockGap)
}

// --- lists and quotes ------------------------------------------------------

const listIndent = 6.5

func (s *mdState) list(n *ast.List) error {
	d := s.d
	s.listDepth++
	defer func() { s.listDepth-- }()
	num := n.Start
	for item := n.FirstChild(); item != nil; item = item.NextSibling() {
		marker := []string{"•", "◦", "▪"}[(s.listDepth-1)%3]
		if n.IsOrdered() {
			marker = fmt.Sprintf("%d%c", num, n.Marker)
			num++
		}
		if isTaskItem(item) {
			marker = ""
		}
		lh := lineHeight(bodySize)
		d.ensure(lh)
		l, t, r, _ := d.pdf.GetMargins()
		y := d.pdf.GetY()
		if marker != "" {
			d.setFont(fontSans, "", bodySize)
			d.setTextColour(s.colour)
			d.pdf.SetXY(l, y)
			d.pdf.CellFormat(listIndent-1.8, lh, fontSafe(marker), "", 0, "R", false, 0, "")
		}
		d.pdf.SetMargins(l+listIndent, t, r)
		d.pdf.SetXY(l+listIndent, y)
		err := s.blocks(item)
		d.pdf.SetMargins(l, t, r)
		d.pdf.SetX(l)
		if err != nil {
			return err
		}
	}
	if s.listDepth == 1 {
		d.gap(blockGap - 0.8)
	}
	return nil
}

func isTaskItem(item ast.Node) bool {
	first := item.FirstChild()
	if first == nil {
		return false
	}
	_, ok := first.FirstChild().(*east.TaskCheckBox)
	return ok
}

func (s *mdState) quote(n *ast.Blockquote) error {
	d := s.d
	l, t, r, _ := d.pdf.GetMargins()
	startPage, startY := d.pdf.PageNo(), d.pdf.GetY()
	d.pdf.SetMargins(l+5, t, r)
	d.pdf.SetX(l + 5)
	prev := s.colour
	s.colour = mutedColour
	err := s.blocks(n)
	s.colour = prev
	d.pdf.SetMargins(l, t, r)
	d.pdf.SetX(l)
	if err != nil {
		return err
	}
	endPage, endY := d.pdf.PageNo(), d.pdf.GetY()-blockGap
	d.setDrawColour(ruleColour)
	d.pdf.SetLineWidth(0.9)
	for p := startPage; p <= endPage; p++ {
		y1, y2 := marginTop, d.trigger()
		if p == startPage {
			y1 = startY
		}
		if p == endPage {
			y2 = endY
		}
		if y2 <= y1 {
			continue
		}
		d.pdf.SetPage(p)
		d.pdf.Line(l+1.2, y1, l+1.2, y2)
	}
	d.pdf.SetPage(endPage)
	return nil
}

// --- tables ----------------------------------------------------------------

func (s *mdState) table(n *east.Table) {
	var headers []string
	var rows [][]string
	for r := n.FirstChild(); r != nil; r = r.NextSibling() {
		var cells []string
		for c := r.FirstChild(); c != nil; c = c.NextSibling() {
			cells = append(cells, s.plain(c))
		}
		if _, ok := r.(*east.TableHeader); ok {
			headers = cells
			continue
		}
		rows = append(rows, cells)
	}
	align := make([]Align, len(n.Alignments))
	for i, a := range n.Alignments {
		switch a {
		case east.AlignCenter:
			align[i] = AlignCenter
		case east.AlignRight:
			align[i] = AlignRight
		}
	}
	s.d.Table(headers, rows, TableOptions{Align: align})
}
