package pdf

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"unicode/utf16"
)

// attachment is a file embedded with Document.Attach.
type attachment struct {
	name, desc string
	content    []byte
}

// errEmbed marks a finished PDF the attachments could not be added to.
var errEmbed = errors.New("pdf: embedding attachments")

var (
	startXrefRE = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`)
	trailerRE   = regexp.MustCompile(`(?s)trailer\s*<<(.*?)>>\s*startxref\s+\d+\s+%%EOF\s*$`)
	rootRE      = regexp.MustCompile(`/Root (\d+) 0 R`)
	infoRE      = regexp.MustCompile(`/Info (\d+) 0 R`)
	sizeRE      = regexp.MustCompile(`/Size (\d+)`)
	emptyTreeRE = regexp.MustCompile(`/EmbeddedFiles << /Names \[\s*\] >>`)
)

// appendAttachments adds files to a finished PDF as an incremental update
// (PDF 1.7 §7.5.6): the embedded-file streams, their file specifications
// and a new version of the catalog naming them, with an xref section that
// points back to the original one.
//
// fpdf's own SetAttachments writes the files before the pages, and then
// its links, bookmarks and open action — which assume page n is object
// 1+2n — all land on the wrong page; an update after the document leaves
// every object of the document where fpdf put it. The bytes depend only on
// the input, so the output stays reproducible.
func appendAttachments(doc []byte, files []attachment) ([]byte, error) {
	m := startXrefRE.FindSubmatch(doc)
	t := trailerRE.FindSubmatch(doc)
	if m == nil || t == nil {
		return nil, fmt.Errorf("%w: no trailer", errEmbed)
	}
	trailer := t[1]
	root, size := rootRE.FindSubmatch(trailer), sizeRE.FindSubmatch(trailer)
	if root == nil || size == nil {
		return nil, fmt.Errorf("%w: trailer lacks /Root or /Size", errEmbed)
	}
	catalog, err := catalogDict(doc, string(root[1]))
	if err != nil {
		return nil, err
	}
	next, _ := strconv.Atoi(string(size[1]))
	first := next
	out := bytes.NewBuffer(bytes.Clone(doc))
	if !bytes.HasSuffix(doc, []byte("\n")) {
		out.WriteByte('\n')
	}
	var offsets []int
	var names bytes.Buffer
	for i, f := range files {
		var z bytes.Buffer
		zw, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
		zw.Write(f.content)
		zw.Close()
		offsets = append(offsets, out.Len())
		fmt.Fprintf(out, "%d 0 obj\n<< /Type /EmbeddedFile /Filter /FlateDecode /Length %d /Params << /Size %d >> >>\nstream\n", next, z.Len(), len(f.content))
		out.Write(z.Bytes())
		out.WriteString("\nendstream\nendobj\n")
		offsets = append(offsets, out.Len())
		fmt.Fprintf(out, "%d 0 obj\n<< /Type /Filespec /F %s /UF %s /Desc %s /EF << /F %d 0 R >> >>\nendobj\n",
			next+1, asciiString(f.name), textString(f.name), textString(f.desc), next)
		// Keys in a name tree must sort: zero-padded numbers keep Attach's order.
		fmt.Fprintf(&names, "(%06d) %d 0 R ", i+1, next+1)
		next += 2
	}
	catalog = emptyTreeRE.ReplaceAll(catalog, []byte("/EmbeddedFiles << /Names [ "+names.String()+"] >>"))
	rootOffset := out.Len()
	fmt.Fprintf(out, "%s 0 obj\n<<%s>>\nendobj\n", root[1], catalog)
	xref := out.Len()
	fmt.Fprintf(out, "xref\n0 1\n0000000000 65535 f \n%d %d\n", first, len(offsets))
	for _, o := range offsets {
		fmt.Fprintf(out, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(out, "%s 1\n%010d 00000 n \n", root[1], rootOffset)
	fmt.Fprintf(out, "trailer\n<< /Size %d /Root %s 0 R", next, root[1])
	if info := infoRE.FindSubmatch(trailer); info != nil {
		fmt.Fprintf(out, " /Info %s 0 R", info[1])
	}
	fmt.Fprintf(out, " /Prev %s >>\nstartxref\n%d\n%%%%EOF\n", m[1], xref)
	return out.Bytes(), nil
}

// catalogDict is the inside of the catalog dictionary (object num), which
// must hold fpdf's empty /EmbeddedFiles name tree.
func catalogDict(doc []byte, num string) ([]byte, error) {
	start := bytes.LastIndex(doc, []byte("\n"+num+" 0 obj"))
	if start < 0 {
		return nil, fmt.Errorf("%w: no catalog object %s", errEmbed, num)
	}
	obj := doc[start:]
	if end := bytes.Index(obj, []byte("endobj")); end >= 0 {
		obj = obj[:end]
	}
	open, close := bytes.Index(obj, []byte("<<")), bytes.LastIndex(obj, []byte(">>"))
	if open < 0 || close < open {
		return nil, fmt.Errorf("%w: catalog object %s is no dictionary", errEmbed, num)
	}
	dict := obj[open+2 : close]
	if !emptyTreeRE.Match(dict) {
		return nil, fmt.Errorf("%w: catalog %s has no empty /EmbeddedFiles tree", errEmbed, num)
	}
	return bytes.Clone(dict), nil
}

// textString is s as a PDF text string: UTF-16BE with a byte order mark,
// written in hex so no character needs escaping.
func textString(s string) string {
	var b bytes.Buffer
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}

// asciiString is s as a PDF byte string for readers that ignore /UF:
// non-ASCII characters become "_", written in hex.
func asciiString(s string) string {
	var b bytes.Buffer
	b.WriteString("<")
	for _, r := range s {
		if r < 0x20 || r > 0x7e {
			r = '_'
		}
		fmt.Fprintf(&b, "%02X", r)
	}
	b.WriteString(">")
	return b.String()
}
