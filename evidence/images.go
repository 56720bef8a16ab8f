package evidence

import (
	"bytes"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"

	"github.com/ecspack/ecspack/internal/safefile"
)

// MaxImageSize bounds an image file an answer shows, as the PDF renderer
// bounds it (render/submission.MaxImageSize): checked here so that check
// refuses what build would.
const MaxImageSize = 64 << 20

// checkImages refuses, naming the answer and the line, each image of an
// answer's Markdown that the PDF renderer would refuse to open: a path out
// of base (absolute, ".."), a symbolic link on the way, something that is
// not a regular file (a FIFO would hang a reader), a file past MaxImageSize
// or one with several hard links. Without it check said ready and build
// then stopped while rendering. A missing image and a remote one are left
// to the renderer, which prints a note in their place; a redacted answer
// shows no image at all, so nothing of it is opened.
func checkImages(base, where string, a *Answer, redacted bool, ps *problems) {
	if redacted || !bytes.Contains(a.Body, []byte("![")) {
		return
	}
	src := a.Body
	doc := goldmark.New(goldmark.WithExtensions(extension.GFM)).Parser().Parse(text.NewReader(src))
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		img, ok := n.(*ast.Image)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		dest := string(img.Destination)
		if u, err := url.Parse(dest); err == nil && u.Scheme != "" {
			return ast.WalkContinue, nil
		}
		if msg := imageProblem(base, where, dest); msg != "" {
			ps.add(a.File, a.BodyLine+lineIn(src, n), "image %q %s", dest, msg)
		}
		return ast.WalkContinue, nil
	})
}

// imageProblem says why the renderer would refuse the image at dest below
// base ("" when it would open it or print a note for a missing file),
// following the renderer's reading of dest: URL-unescaped, "./" dropped.
func imageProblem(base, where, dest string) string {
	rel := dest
	if un, err := url.PathUnescape(rel); err == nil {
		rel = un
	}
	rel = strings.TrimPrefix(rel, "./")
	p := filepath.FromSlash(rel)
	if rel == "" || filepath.IsAbs(p) || strings.HasPrefix(rel, "/") || !filepath.IsLocal(p) {
		return "is outside the " + where + " directory: expected a file inside it (no absolute paths or '..')"
	}
	cur := base
	for _, part := range strings.Split(filepath.Clean(p), string(filepath.Separator)) {
		cur = filepath.Join(cur, part)
		st, err := os.Lstat(cur)
		if err != nil {
			return "" // missing: the PDF prints a note in its place
		}
		if st.Mode()&os.ModeSymlink != 0 {
			return "is a symbolic link: expected a regular file inside the " + where + " directory"
		}
	}
	if err := safefile.CheckIn(base, cur, MaxImageSize); err != nil {
		return "cannot be an image file: " + fileReason(err)
	}
	return ""
}

// lineIn is the 0-based line of src where inline node n starts: that of its
// first text segment, else the first line of the block holding it.
func lineIn(src []byte, n ast.Node) int {
	start := -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			start = t.Segment.Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	for b := n; start < 0 && b != nil; b = b.Parent() {
		if b.Type() == ast.TypeBlock && b.Lines().Len() > 0 {
			start = b.Lines().At(0).Start
		}
	}
	if start < 0 || start > len(src) {
		return 0
	}
	return bytes.Count(src[:start], []byte{'\n'})
}
