package xlsx

import (
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

// MaxCellChars is Excel's limit on the characters of one cell (counted in
// UTF-16 code units, as Excel counts them). Longer text is cut with a note.
const MaxCellChars = 32767

// truncationNote ends a cell whose text was cut to MaxCellChars, so that a
// reader knows the spreadsheet is not the whole answer.
const truncationNote = "\n… [cut at Excel's 32,767-character cell limit; the full text is in the reviewer PDF]"

// fitCell trims s so that it fits in one cell, appending truncationNote when
// anything was cut. It never splits a surrogate pair or a UTF-8 sequence.
func fitCell(s string) string {
	if utf16Len(s) <= MaxCellChars {
		return s
	}
	budget := MaxCellChars - utf16Len(truncationNote)
	var b strings.Builder
	n := 0
	for _, r := range s {
		w := utf16.RuneLen(r)
		if w < 0 {
			w = 1
		}
		if n+w > budget {
			break
		}
		n += w
		b.WriteRune(r)
	}
	return strings.TrimRight(b.String(), " \n\t") + truncationNote
}

// utf16Len counts s in UTF-16 code units.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if w := utf16.RuneLen(r); w > 0 {
			n += w
		} else {
			n++
		}
	}
	return n
}

// plainText turns the partner's Markdown into readable plain text for a cell:
// paragraphs separated by blank lines, list items with bullets or numbers,
// table rows with " | " between cells, links as "text (url)", code verbatim.
// The result is trimmed to fit a cell.
func plainText(src []byte) string {
	if len(strings.TrimSpace(string(src))) == 0 {
		return ""
	}
	md := goldmark.New(goldmark.WithExtensions(extension.GFM))
	root := md.Parser().Parse(text.NewReader(src))
	p := &plain{src: src}
	p.blocks(root, "")
	return fitCell(strings.TrimSpace(p.b.String()))
}

// showDestination reports whether a link's destination is worth printing
// after its text in a cell: a web or mail address or a file path is; an
// anchor inside the reviewer PDF ("#ECS-016") or an ecspack cross-reference
// ("control:ECS-016") means nothing in the workbook, where "(see ECS-016
// (#ECS-016))" was printed.
func showDestination(dest string) bool {
	if dest == "" || strings.HasPrefix(dest, "#") {
		return false
	}
	scheme, _, ok := strings.Cut(dest, ":")
	if !ok || strings.ContainsAny(scheme, "/.#?") {
		return true // a relative path
	}
	switch strings.ToLower(scheme) {
	case "http", "https", "mailto":
		return true
	}
	return false
}

// markdownMarks are what betrays Markdown in a line of text: code spans,
// strong emphasis, links, headings.
var markdownMarks = []string{"`", "**", "__", "](", "~~"}

// plainCell returns the text of a cell with the Markdown of each line that
// carries some (check messages say "run `ecspack discover`", answers link
// to controls) turned into its plain text, so no cell shows Markdown
// syntax. Lines without any are kept as they are, their indentation too.
func plainCell(s string) string {
	if !hasMarkdown(s) {
		return s
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if !hasMarkdown(l) {
			continue
		}
		body := strings.TrimLeft(l, " ")
		lines[i] = l[:len(l)-len(body)] + plainText([]byte(body))
	}
	return strings.Join(lines, "\n")
}

// hasMarkdown reports whether s holds a mark of Markdown or a line that
// starts like a Markdown heading.
func hasMarkdown(s string) bool {
	for _, m := range markdownMarks {
		if strings.Contains(s, m) {
			return true
		}
	}
	for l := range strings.Lines(s) {
		if t := strings.TrimLeft(l, " "); strings.HasPrefix(t, "# ") || strings.HasPrefix(t, "## ") || strings.HasPrefix(t, "### ") {
			return true
		}
	}
	return false
}

// plain accumulates the plain-text rendering of a Markdown AST.
type plain struct {
	src []byte
	b   strings.Builder
}

// blocks writes each block child of parent, separated by blank lines;
// indent prefixes continuation lines inside list items.
func (p *plain) blocks(parent ast.Node, indent string) {
	first := true
	for n := parent.FirstChild(); n != nil; n = n.NextSibling() {
		if !first {
			p.b.WriteString("\n")
			if !isTight(parent) {
				p.b.WriteString("\n")
			}
			p.b.WriteString(indent)
		}
		first = false
		p.block(n, indent)
	}
}

// isTight reports whether the blocks of parent are printed without blank
// lines between them (the items of a tight list and their content).
func isTight(n ast.Node) bool {
	switch v := n.(type) {
	case *ast.List:
		return v.IsTight
	case *ast.ListItem:
		if l, ok := v.Parent().(*ast.List); ok {
			return l.IsTight
		}
	}
	return false
}

func (p *plain) block(n ast.Node, indent string) {
	switch v := n.(type) {
	case *ast.Heading, *ast.Paragraph, *ast.TextBlock:
		p.inlines(n)
	case *ast.ThematicBreak:
		p.b.WriteString("———")
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			line := strings.TrimRight(string(seg.Value(p.src)), "\n")
			if i > 0 {
				p.b.WriteString("\n" + indent)
			}
			p.b.WriteString(line)
		}
	case *ast.Blockquote:
		p.b.WriteString("> ")
		p.blocks(n, indent+"> ")
	case *ast.List:
		num := v.Start
		if num == 0 {
			num = 1
		}
		first := true
		for it := n.FirstChild(); it != nil; it = it.NextSibling() {
			if !first {
				p.b.WriteString("\n")
				if !v.IsTight {
					p.b.WriteString("\n")
				}
				p.b.WriteString(indent)
			}
			first = false
			marker := "• "
			if v.IsOrdered() {
				marker = strconv.Itoa(num) + ". "
				num++
			}
			p.b.WriteString(marker)
			p.blocks(it, indent+strings.Repeat(" ", len([]rune(marker))))
		}
	case *ast.HTMLBlock:
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			p.b.Write(seg.Value(p.src))
		}
	case *east.Table:
		first := true
		for r := n.FirstChild(); r != nil; r = r.NextSibling() {
			if !first {
				p.b.WriteString("\n" + indent)
			}
			first = false
			cells := 0
			for c := r.FirstChild(); c != nil; c = c.NextSibling() {
				if cells > 0 {
					p.b.WriteString(" | ")
				}
				cells++
				p.inlines(c)
			}
		}
	default:
		if n.HasChildren() {
			p.blocks(n, indent)
		}
	}
}

// inlines writes the text of the inline children of n.
func (p *plain) inlines(n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch v := c.(type) {
		case *ast.Text:
			p.b.Write(v.Segment.Value(p.src))
			switch {
			case v.HardLineBreak():
				p.b.WriteString("\n")
			case v.SoftLineBreak():
				p.b.WriteString(" ")
			}
		case *ast.String:
			p.b.Write(v.Value)
		case *ast.CodeSpan:
			for t := v.FirstChild(); t != nil; t = t.NextSibling() {
				if tx, ok := t.(*ast.Text); ok {
					p.b.Write(tx.Segment.Value(p.src))
				}
			}
		case *ast.Link:
			before := p.b.Len()
			p.inlines(v)
			dest := string(v.Destination)
			if showDestination(dest) && !strings.HasSuffix(p.b.String()[before:], dest) {
				p.b.WriteString(" (" + dest + ")")
			}
		case *ast.AutoLink:
			p.b.Write(v.URL(p.src))
		case *ast.Image:
			p.b.WriteString("[image: ")
			p.inlines(v)
			p.b.WriteString("]")
		case *ast.RawHTML:
			segs := v.Segments
			for i := 0; i < segs.Len(); i++ {
				s := segs.At(i)
				p.b.Write(s.Value(p.src))
			}
		case *east.TaskCheckBox:
			if v.IsChecked {
				p.b.WriteString("[x] ")
			} else {
				p.b.WriteString("[ ] ")
			}
		default:
			p.inlines(c)
		}
	}
}
